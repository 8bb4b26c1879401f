"""Every change to a commissioning project, each in one audited transaction."""

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from withus.core.audit import audit_record
from withus.core.edits import StaleEdit
from withus.core.models import LocalArea, User

from . import ladder
from .models import CommissioningProject, InvolvementRecord, StageMove


@transaction.atomic
def project_open(
    *,
    by: User,
    local_area: LocalArea,
    name: str,
    service_area: str,
    budget: Decimal,
    planned_start: date,
    planned_end: date,
) -> CommissioningProject:
    budget = Decimal(budget).quantize(Decimal("0.01"))
    project = CommissioningProject(
        local_area=local_area,
        name=name,
        service_area=service_area,
        budget=budget,
        planned_start=planned_start,
        planned_end=planned_end,
        created_by=by,
    )
    project.full_clean()
    project.save()
    StageMove.objects.create(
        project=project, from_stage="", to_stage=project.stage, moved_by=by, moved_at=timezone.now()
    )
    audit_record(
        actor=by,
        action="project.open",
        obj=project,
        local_area=local_area,
        data={"name": name, "budget": budget, "stage": project.stage},
    )
    return project


_EDITABLE = ("name", "service_area", "budget", "planned_start", "planned_end")


@transaction.atomic
def project_update(
    *, by: User, project: CommissioningProject, version: int, **changes
) -> CommissioningProject:
    unknown = set(changes) - set(_EDITABLE)
    if unknown:
        raise ValueError(f"Cannot change {sorted(unknown)} here.")
    before = {f: getattr(project, f) for f in changes}
    for field, value in changes.items():
        setattr(project, field, value)
    project.full_clean()
    # Compare-and-set on the version so a concurrent edit is refused, not lost.
    updated = CommissioningProject.objects.filter(pk=project.pk, version=version).update(
        version=F("version") + 1, updated_at=timezone.now(), **changes
    )
    if not updated:
        raise StaleEdit()
    project.version = version + 1
    audit_record(
        actor=by,
        action="project.update",
        obj=project,
        local_area=project.local_area,
        data={
            "changed": {
                f: {"from": before[f], "to": changes[f]} for f in changes if before[f] != changes[f]
            }
        },
    )
    return project


@transaction.atomic
def project_move_stage(
    *, by: User, project: CommissioningProject, to_stage: str, version: int, reason: str = ""
) -> StageMove:
    project = CommissioningProject.objects.select_for_update().get(pk=project.pk)
    if project.version != version:
        raise StaleEdit()
    if to_stage not in ladder.allowed_moves(project.stage):
        raise ValidationError({"to_stage": _("The project cannot move to that stage from here.")})
    from_stage = project.stage
    new_cycle = from_stage == ladder.STAGES[-1] and to_stage == ladder.STAGES[0]
    if ladder.is_backwards(from_stage, to_stage) and not new_cycle and not reason.strip():
        raise ValidationError({"reason": _("Say why the project is going back a stage.")})
    project.stage = to_stage
    if new_cycle or ladder.stage_number(to_stage) > ladder.stage_number(project.furthest_stage):
        project.furthest_stage = to_stage
    project.version += 1
    project.save(update_fields=["stage", "furthest_stage", "version", "updated_at"])
    move = StageMove.objects.create(
        project=project,
        from_stage=from_stage,
        to_stage=to_stage,
        reason=reason.strip(),
        moved_by=by,
        moved_at=timezone.now(),
    )
    audit_record(
        actor=by,
        action="project.move_stage",
        obj=project,
        local_area=project.local_area,
        data={"from": from_stage, "to": to_stage, "reason": move.reason, "new_cycle": new_cycle},
    )
    return move


@transaction.atomic
def involvement_record(
    *,
    by: User,
    project: CommissioningProject,
    stage: str,
    title: str,
    happened_on: date,
    level: str,
    participants: list[User],
    group_name: str,
    group_count: int,
    what_was_said: str,
    what_changed: str,
    hours_given: Decimal,
) -> InvolvementRecord:
    if ladder.stage_number(stage) > project.furthest_stage_number:
        raise ValidationError({"stage": _("The project has not reached that stage yet.")})
    if not participants and group_count == 0:
        raise ValidationError(
            {
                "group_count": _(
                    "Say who took part: choose people on withus, or give a number of people."
                )
            }
        )
    hours_given = Decimal(hours_given).quantize(Decimal("0.01"))
    record = InvolvementRecord(
        project=project,
        stage=stage,
        title=title,
        happened_on=happened_on,
        level=level,
        group_name=group_name,
        group_count=group_count,
        what_was_said=what_was_said,
        what_changed=what_changed.strip(),
        hours_given=hours_given,
        participant_count=len(participants),
        recorded_by=by,
    )
    record.full_clean()
    record.save()
    record.participants.set(participants)
    audit_record(
        actor=by,
        action="involvement.record",
        obj=record,
        local_area=project.local_area,
        data={
            "project": project.pk,
            "stage": stage,
            "level": level,
            "people": record.people,
            "hours_given": hours_given,
        },
    )
    return record


@transaction.atomic
def involvement_update_change(
    *, by: User, record: InvolvementRecord, what_changed: str, version: int
) -> InvolvementRecord:
    updated = InvolvementRecord.objects.filter(pk=record.pk, version=version).update(
        what_changed=what_changed.strip(), version=F("version") + 1, changed_at=timezone.now()
    )
    if not updated:
        raise StaleEdit()
    before = record.what_changed
    record.refresh_from_db()
    audit_record(
        actor=by,
        action="involvement.update_change",
        obj=record,
        local_area=record.project.local_area,
        data={"from": before, "to": record.what_changed},
    )
    return record
