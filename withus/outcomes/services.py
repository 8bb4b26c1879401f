"""Every change to evaluations, measures, participants and scores, each in one transaction.

Decisions (setting up, consent given or withdrawn, publishing) are audited.
The audit never holds a score: scores are personal data, and withdrawing
consent deletes them.
"""

from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from withus.core.audit import audit_record
from withus.core.dates import day_text
from withus.core.models import LocalArea, User

from . import swemwbs
from .models import Evaluation, Measure, Measurement, Participant

SWEMWBS_MEANINGFUL = Decimal(3)


def _audit(by, action, obj, area, **data):
    audit_record(actor=by, action=action, obj=obj, local_area=area, data=data)


@transaction.atomic
def evaluation_create(
    area: LocalArea,
    by: User,
    *,
    title: str,
    subject,
    follow_up_months: int,
    runners: Sequence[User] = (),
) -> Evaluation:
    """Runners: a peer support scheme's coordinators; otherwise the person setting
    it up. Either way, plus anyone chosen."""
    from withus.contracts.models import Contract
    from withus.cycle.models import CommissioningProject
    from withus.peer_support.models import Scheme
    from withus.pooling.models import PoolingGroup

    field = {
        CommissioningProject: "project",
        PoolingGroup: "pooling_group",
        Scheme: "scheme",
        Contract: "contract",
    }.get(type(subject))
    if field is None or subject.local_area_id != area.pk:
        raise ValidationError({"subject": _("Choose what is being evaluated, in this area.")})
    evaluation = Evaluation.objects.create(
        local_area=area,
        title=title.strip(),
        follow_up_months=follow_up_months,
        created_by=by,
        created_at=timezone.now(),
        **{field: subject},
    )
    chosen = {u.pk for u in runners}
    if field == "scheme":
        chosen |= set(subject.coordinators.values_list("pk", flat=True))
    else:
        chosen.add(by.pk)
    evaluation.runners.set(chosen)
    _audit(
        by,
        "outcomes.evaluation_create",
        evaluation,
        area,
        subject=f"{field}:{subject.pk}",
        runners=sorted(chosen),
    )
    return evaluation


@transaction.atomic
def measure_add(
    evaluation: Evaluation,
    by: User,
    *,
    kind: str,
    name: str = "",
    wording: str = "",
    scale_min: int | None = None,
    scale_max: int | None = None,
    direction: str = "",
    meaningful_change: Decimal | None = None,
    co_produced_with: str = "",
) -> Measure:
    Evaluation.objects.select_for_update().filter(pk=evaluation.pk).first()
    if kind == Measure.Kind.SWEMWBS:
        if evaluation.measures.filter(kind=Measure.Kind.SWEMWBS).exists():
            raise ValidationError({"kind": _("This evaluation already uses SWEMWBS.")})
        fields = {
            "name": _("Wellbeing (SWEMWBS)"),
            "wording": _("Seven questions about how you have felt over the last 2 weeks."),
            "scale_min": 7,
            "scale_max": 35,
            "direction": Measure.Direction.HIGHER,
            "meaningful_change": SWEMWBS_MEANINGFUL,
            "co_produced_with": "",
        }
    else:
        errors = {}
        if not name.strip():
            errors["name"] = _("Enter a short name for the measure.")
        if not wording.strip():
            errors["wording"] = _("Enter the question people answer.")
        if scale_min is None:
            errors["scale_min"] = _("Enter the lowest score.")
        if scale_max is None:
            errors["scale_max"] = _("Enter the highest score.")
        elif scale_min is not None and scale_max <= scale_min:
            errors["scale_max"] = _("The highest score must be more than the lowest score.")
        if not direction:
            errors["direction"] = _("Choose whether a higher or a lower score is better.")
        if meaningful_change is None or meaningful_change <= 0:
            errors["meaningful_change"] = _(
                "Enter the smallest change that matters, more than 0, like 1."
            )
        if not co_produced_with.strip():
            errors["co_produced_with"] = _("Say which group made this measure with you.")
        if errors:
            raise ValidationError(errors)
        fields = {
            "name": name.strip(),
            "wording": wording.strip(),
            "scale_min": scale_min,
            "scale_max": scale_max,
            "direction": direction,
            "meaningful_change": meaningful_change,
            "co_produced_with": co_produced_with.strip(),
        }
    measure = Measure.objects.create(
        evaluation=evaluation, kind=kind, created_at=timezone.now(), **fields
    )
    _audit(by, "outcomes.measure_add", measure, evaluation.local_area, kind=kind, name=measure.name)
    return measure


@transaction.atomic
def participant_add(
    evaluation: Evaluation,
    by: User,
    *,
    reference: str,
    consent: bool,
    consent_on: date,
    user: User | None = None,
) -> Participant:
    reference = reference.strip()
    errors = {}
    if not consent:
        errors["consent"] = _(
            "Only add someone who has agreed to take part. Tick the box once they have."
        )
    if consent_on is not None and consent_on > timezone.localdate():
        errors["consent_on"] = _("The date they agreed must be today or earlier.")
    if evaluation.participants.filter(reference=reference).exists():
        errors["reference"] = _("Someone in this evaluation already has this name or reference.")
    if user is not None and evaluation.participants.filter(user=user).exists():
        errors["user"] = _("This person is already taking part.")
    if errors:
        raise ValidationError(errors)
    participant = Participant.objects.create(
        evaluation=evaluation,
        reference=reference,
        user=user,
        consent_on=consent_on,
        consent_recorded_by=by,
        consent_recorded_at=timezone.now(),
    )
    _audit(
        by,
        "outcomes.consent_given",
        participant,
        evaluation.local_area,
        consent_on=consent_on,
        user=user.pk if user else None,
    )
    return participant


@transaction.atomic
def consent_withdraw(participant: Participant, by: User) -> int:
    """Withdraw consent and delete every score of the person. Returns how many went."""
    participant = Participant.objects.select_for_update().get(pk=participant.pk)
    if not participant.has_consent:
        raise ValidationError(_("Consent has already been withdrawn."))
    deleted, _detail = Measurement.objects.filter(participant=participant).delete()
    Participant.objects.filter(pk=participant.pk).update(
        withdrawn_on=max(timezone.localdate(), participant.consent_on), withdrawn_by=by
    )
    _audit(
        by,
        "outcomes.consent_withdrawn",
        participant,
        participant.evaluation.local_area,
        scores_deleted=deleted,
    )
    return deleted


def _scored(measure: Measure, items, score) -> tuple[list[int] | None, int, Decimal]:
    if measure.is_swemwbs:
        answers = list(items or [])
        try:
            raw, metric = swemwbs.score(answers)
        except swemwbs.BadAnswers as bad:
            raise ValidationError(
                {
                    (f"item_{k}" if k else "__all__"): _(
                        "Choose an answer from “None of the time” (1) to “All of the time” (5)."
                    )
                    for k in bad.problems
                }
            ) from None
        return answers, raw, metric
    if score is None or not measure.scale_min <= score <= measure.scale_max:
        raise ValidationError(
            {
                "score": _("Enter a score from %(low)s to %(high)s.")
                % {"low": measure.scale_min, "high": measure.scale_max}
            }
        )
    return None, int(score), Decimal(int(score))


@transaction.atomic
def measurement_record(
    participant: Participant,
    measure: Measure,
    by: User,
    *,
    stage: str,
    taken_on: date,
    items: Sequence[int] | None = None,
    score: int | None = None,
) -> Measurement:
    # Locking the person queues two entries sent at once, so the checks below
    # see each other.
    participant = (
        Participant.objects.select_for_update().select_related("evaluation").get(pk=participant.pk)
    )
    if measure.evaluation_id != participant.evaluation_id:
        raise ValidationError(_("This measure is not part of this person's evaluation."))
    if not participant.has_consent:
        raise ValidationError(
            _("This person has withdrawn their consent. No scores can be recorded for them.")
        )
    errors: dict[str, str] = {}
    if taken_on > timezone.localdate():
        errors["taken_on"] = _("The date answered must be today or earlier.")
    elif taken_on < participant.consent_on:
        errors["taken_on"] = _(
            "The date answered is before they agreed to take part (%(day)s). "
            "Scores can only be recorded with consent."
        ) % {"day": day_text(participant.consent_on)}
    others = {
        m.stage: m for m in Measurement.objects.filter(participant=participant, measure=measure)
    }
    if stage in others:
        errors["stage"] = (
            _("They already have a baseline score for this measure.")
            if stage == Measurement.Stage.BASELINE
            else _("They already have a follow-up score for this measure.")
        )
    elif "taken_on" not in errors:
        baseline = others.get(Measurement.Stage.BASELINE)
        follow_up = others.get(Measurement.Stage.FOLLOW_UP)
        if stage == Measurement.Stage.FOLLOW_UP and baseline and taken_on <= baseline.taken_on:
            errors["taken_on"] = _(
                "The follow-up must be after the baseline, which was on %(day)s."
            ) % {"day": day_text(baseline.taken_on)}
        if stage == Measurement.Stage.BASELINE and follow_up and taken_on >= follow_up.taken_on:
            errors["taken_on"] = _(
                "The baseline must be before the follow-up, which was on %(day)s."
            ) % {"day": day_text(follow_up.taken_on)}
    try:
        answers, raw, value = _scored(measure, items, score)
    except ValidationError as bad:
        if errors:
            raise ValidationError(
                {**bad.message_dict, **{k: [v] for k, v in errors.items()}}
            ) from None
        raise
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            return Measurement.objects.create(
                participant=participant,
                measure=measure,
                stage=stage,
                taken_on=taken_on,
                consent_on=participant.consent_on,
                items=answers,
                raw=raw,
                score=value,
                recorded_by=by,
                recorded_at=timezone.now(),
            )
    except IntegrityError:
        raise ValidationError(
            {"stage": _("They already have a score at this stage for this measure.")}
        ) from None


@transaction.atomic
def runners_set(evaluation: Evaluation, by: User, runners: Sequence[User]) -> Evaluation:
    """Who runs the evaluation: they see each person's scores, so it is audited."""
    Evaluation.objects.select_for_update().filter(pk=evaluation.pk).first()
    chosen = {u.pk for u in runners}
    if not chosen:
        raise ValidationError({"runners": _("Choose at least one person to run the evaluation.")})
    before = set(evaluation.runners.values_list("pk", flat=True))
    evaluation.runners.set(chosen)
    _audit(
        by,
        "outcomes.runners",
        evaluation,
        evaluation.local_area,
        added=sorted(chosen - before),
        removed=sorted(before - chosen),
    )
    return evaluation


@transaction.atomic
def publish(evaluation: Evaluation, by: User, *, publish: bool = True) -> Evaluation:
    evaluation = Evaluation.objects.select_for_update().get(pk=evaluation.pk)
    if publish == evaluation.is_published:
        raise ValidationError(
            _("The report is already public.") if publish else _("The report is not public.")
        )
    Evaluation.objects.filter(pk=evaluation.pk).update(
        published_at=timezone.now() if publish else None, published_by=by if publish else None
    )
    _audit(
        by,
        "outcomes.publish" if publish else "outcomes.unpublish",
        evaluation,
        evaluation.local_area,
    )
    return Evaluation.objects.get(pk=evaluation.pk)
