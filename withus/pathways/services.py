"""Every change to pathways, stages, people and outcomes: one audited transaction each.

A pathway can be changed only while it is a draft. Once live its tariff and
splits are fixed, because people are started and providers are owed against
them; a different tariff or split is a new pathway. Only the area's
commissioners and admins record people starting and outcomes met.
"""

from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from withus.core.audit import audit_record
from withus.core.models import LocalArea, Organisation, User
from withus.core.split import to_pounds
from withus.peer_support.models import Scheme

from . import queries, tariff
from .models import OutcomeMet, Pathway, PathwayPerson, Stage, StageProvider

PROVIDER_LINES = 4


def _audit(by, action, obj, area, **data):
    audit_record(actor=by, action=action, obj=obj, local_area=area, data=data)


def _locked(pathway: Pathway) -> Pathway:
    """The pathway's row, locked so two changes to it queue up."""
    return Pathway.objects.select_for_update().get(pk=pathway.pk)


def _draft(pathway: Pathway) -> Pathway:
    locked = _locked(pathway)
    if locked.is_live:
        raise ValidationError(
            _(
                "This pathway is live, so its tariff and splits are fixed. To change them, "
                "set up a new pathway."
            )
        )
    return locked


def _tariff(amount: Decimal) -> None:
    try:
        tariff.tariff_pence(amount)
    except tariff.TariffProblem as problem:
        raise ValidationError({"tariff": problem.problems}) from None


@transaction.atomic
def pathway_create(
    area: LocalArea, by: User, *, name: str, description: str, tariff: Decimal
) -> Pathway:
    _tariff(tariff)
    pathway = Pathway.objects.create(
        local_area=area,
        name=name,
        description=description,
        tariff=tariff,
        made_by=by,
        made_at=timezone.now(),
    )
    _audit(by, "pathways.create", pathway, area, name=name, tariff=str(tariff))
    return pathway


@transaction.atomic
def pathway_update(
    pathway: Pathway, by: User, *, name: str, description: str, tariff: Decimal
) -> Pathway:
    locked = _draft(pathway)
    _tariff(tariff)
    before = str(locked.tariff)
    locked.name, locked.description, locked.tariff = name, description, tariff
    locked.save(update_fields=["name", "description", "tariff"])
    _audit(
        by, "pathways.update", locked, locked.local_area, name=name, tariff=str(tariff), was=before
    )
    return locked


def _check_providers(
    area: LocalArea, providers: Sequence[tuple[int, Organisation, Decimal]]
) -> None:
    """``providers`` are (line number, organisation, share)."""
    errors: dict[str, list[str]] = {}
    seen: set[int] = set()
    for line, org, share in providers:
        if org.local_area_id is not None and org.local_area_id != area.pk:
            errors.setdefault(f"provider_{line}", []).append(
                _("%(org)s works in another area. Choose a provider from this area.")
                % {"org": org.name}
            )
        if org.pk in seen:
            errors.setdefault(f"provider_{line}", []).append(
                _("%(org)s is already a provider of this stage.") % {"org": org.name}
            )
        seen.add(org.pk)
        if share <= 0:
            errors.setdefault(f"provider_share_{line}", []).append(
                _("A provider's share must be more than 0%.")
            )
    if not providers:
        errors["provider_1"] = [_("Choose at least one provider for this stage.")]
    else:
        given = sum((share for _line, _org, share in providers), Decimal(0))
        if given != 100 and not errors:
            gap = Decimal(100) - given
            how = (
                _("%(n)s%% short") % {"n": tariff.percent_text(gap)}
                if gap > 0
                else _("%(n)s%% too much") % {"n": tariff.percent_text(-gap)}
            )
            errors[f"provider_share_{providers[0][0]}"] = [
                _(
                    "The providers' shares add up to %(total)s%%. They must add up to "
                    "exactly 100%%: they are %(how)s."
                )
                % {"total": tariff.percent_text(given), "how": how}
            ]
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def stage_save(
    pathway: Pathway,
    by: User,
    *,
    stage: Stage | None = None,
    name: str,
    outcome: str,
    outcome_check: str,
    share: Decimal,
    on_outcome: Decimal,
    scheme: Scheme | None,
    providers: Sequence[tuple[int, Organisation, Decimal]],
) -> Stage:
    locked = _draft(pathway)
    area = locked.local_area
    if scheme is not None and scheme.local_area_id != area.pk:
        raise ValidationError({"scheme": _("Choose a peer support scheme in this area.")})
    _check_providers(area, providers)
    fields = {
        "name": name,
        "outcome": outcome,
        "outcome_check": outcome_check,
        "share": share,
        "on_outcome": on_outcome,
        "scheme": scheme,
    }
    if stage is None:
        last = locked.stages.aggregate(m=Max("position"))["m"] or 0
        stage = Stage.objects.create(pathway=locked, position=last + 1, **fields)
        action = "pathways.stage_add"
    else:
        if stage.pathway_id != locked.pk:
            raise ValidationError(_("That stage belongs to another pathway."))
        for key, value in fields.items():
            setattr(stage, key, value)
        stage.save()
        stage.providers.all().delete()
        action = "pathways.stage_change"
    StageProvider.objects.bulk_create(
        StageProvider(stage=stage, position=i, organisation=org, share=s)
        for i, (_line, org, s) in enumerate(providers, start=1)
    )
    _audit(
        by,
        action,
        stage,
        area,
        pathway=locked.pk,
        name=name,
        share=str(share),
        on_outcome=str(on_outcome),
        scheme=scheme.pk if scheme else None,
        providers=[[org.pk, str(s)] for _line, org, s in providers],
    )
    return stage


@transaction.atomic
def stage_remove(stage: Stage, by: User) -> Pathway:
    locked = _draft(stage.pathway)
    position = stage.position
    _audit(
        by, "pathways.stage_remove", stage, locked.local_area, pathway=locked.pk, name=stage.name
    )
    stage.delete()
    # Close the gap, one at a time from the lowest, so positions stay unique.
    for later in locked.stages.filter(position__gt=position).order_by("position"):
        later.position -= 1
        later.save(update_fields=["position"])
    return locked


@transaction.atomic
def pathway_publish(pathway: Pathway, by: User) -> Pathway:
    locked = _draft(pathway)
    found = tariff.problems(locked.tariff, queries.plans(queries.stages_of(locked)))
    if found:
        raise ValidationError(found)
    locked.status = Pathway.Status.LIVE
    locked.published_by = by
    locked.published_at = timezone.now()
    locked.save(update_fields=["status", "published_by", "published_at"])
    _audit(by, "pathways.publish", locked, locked.local_area, tariff=str(locked.tariff))
    return locked


def _not_future(day: date, field: str) -> None:
    if day > timezone.localdate():
        raise ValidationError({field: _("The date cannot be in the future.")})


@transaction.atomic
def person_start(pathway: Pathway, by: User, *, reference: str, started_on: date) -> PathwayPerson:
    locked = _locked(pathway)
    if not locked.is_live:
        raise ValidationError(_("People can start a pathway once it is live."))
    reference = reference.strip()
    _not_future(started_on, "started_on")
    if locked.people.filter(reference__iexact=reference).exists():
        raise ValidationError(
            {"reference": _("Someone with this case reference is already on this pathway.")}
        )
    person = PathwayPerson.objects.create(
        pathway=locked,
        reference=reference,
        started_on=started_on,
        recorded_by=by,
        recorded_at=timezone.now(),
    )
    upfront = sum(
        (
            s.upfront
            for s in tariff.split_tariff(locked.tariff, queries.plans(queries.stages_of(locked)))
        ),
        0,
    )
    _audit(
        by,
        "pathways.person_start",
        person,
        locked.local_area,
        pathway=locked.pk,
        started_on=started_on,
        upfront_due=str(to_pounds(upfront)),
    )
    return person


@transaction.atomic
def outcome_record(person: PathwayPerson, by: User, *, stage: Stage, met_on: date) -> OutcomeMet:
    locked = _locked(person.pathway)
    if stage.pathway_id != locked.pk:
        raise ValidationError({"stage": _("Choose a stage of this pathway.")})
    _not_future(met_on, "met_on")
    if met_on < person.started_on:
        raise ValidationError(
            {
                "met_on": _("The date cannot be before the person started the pathway (%(d)s).")
                % {"d": person.started_on.strftime("%-d %B %Y")}
            }
        )
    if OutcomeMet.objects.filter(person=person, stage=stage).exists():
        raise ValidationError({"stage": _("This outcome is already recorded for this person.")})
    met = OutcomeMet.objects.create(
        person=person, stage=stage, met_on=met_on, recorded_by=by, recorded_at=timezone.now()
    )
    stages = queries.stages_of(locked)
    split = tariff.split_tariff(locked.tariff, queries.plans(stages))
    index = [s.pk for s in stages].index(stage.pk)
    _audit(
        by,
        "pathways.outcome_met",
        met,
        locked.local_area,
        pathway=locked.pk,
        person=person.pk,
        stage=stage.pk,
        met_on=met_on,
        on_outcome_due=str(to_pounds(split[index].on_outcome)),
    )
    return met
