"""Every change to an SROI analysis, each in one audited transaction.

A change to a draft locks the analysis row first, so a change and a
publication sent at the same moment queue up, and a published analysis is
never changed. The sums are in ``sroi`` (no Django).
"""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Sum
from django.forms.models import model_to_dict
from django.utils import timezone
from django.utils.translation import gettext as _

from withus.contracts.models import Contract
from withus.core.audit import audit_record
from withus.core.models import LocalArea, User
from withus.cycle.models import CommissioningProject
from withus.peer_support.models import Scheme

from . import sroi
from .models import Analysis, Input, Outcome

INPUT_FIELDS = ("contributor", "description", "amount")
OUTCOME_FIELDS = (
    "stakeholder",
    "description",
    "indicator",
    "quantity",
    "proxy",
    "proxy_source",
    "deadweight",
    "attribution",
    "displacement",
    "drop_off",
    "duration",
)
ANALYSIS_FIELDS = ("title", "summary", "start_year", "discount_rate")
# The largest figure the stored totals hold (15 digits, 2 after the point).
STORED_LIMIT = Decimal("9999999999999.99")


def _audit(by, action, obj, area, **data):
    audit_record(actor=by, action=action, obj=obj, local_area=area, data=data)


def _plain(obj, fields) -> dict[str, str]:
    """The fields as text for the audit log (Decimals kept exact)."""
    values = model_to_dict(obj, fields=fields)
    return {name: str(values[name]) for name in fields}


def _check_about(area: LocalArea, scheme, project, contract) -> None:
    chosen = [x for x in (scheme, project, contract) if x is not None]
    if len(chosen) > 1:
        raise ValidationError({"about": _("Choose one scheme, project or contract, or none.")})
    if chosen and chosen[0].local_area_id != area.pk:
        raise ValidationError({"about": _("Choose something from this area.")})


def _lock_draft(analysis: Analysis) -> Analysis:
    locked = Analysis.objects.select_for_update().get(pk=analysis.pk)
    if locked.is_published:
        raise ValidationError(
            _(
                "This analysis has been published, so it cannot be changed. "
                "Make a copy to change it."
            )
        )
    return locked


@transaction.atomic
def analysis_create(
    area: LocalArea,
    by: User,
    *,
    title: str,
    summary: str = "",
    start_year: int,
    discount_rate: Decimal = sroi.DEFAULT_DISCOUNT_RATE,
    scheme: Scheme | None = None,
    project: CommissioningProject | None = None,
    contract: Contract | None = None,
) -> Analysis:
    _check_about(area, scheme, project, contract)
    analysis = Analysis(
        local_area=area,
        title=title.strip(),
        summary=summary.strip(),
        start_year=start_year,
        discount_rate=_stored(Analysis, "discount_rate", discount_rate),
        scheme=scheme,
        project=project,
        contract=contract,
        created_by=by,
        created_at=timezone.now(),
    )
    analysis.full_clean()
    analysis.save()
    _audit(
        by,
        "social_value.analysis_create",
        analysis,
        area,
        about=str(analysis.about or ""),
        **_plain(analysis, ANALYSIS_FIELDS),
    )
    return analysis


@transaction.atomic
def analysis_update(
    analysis: Analysis,
    by: User,
    *,
    title: str,
    summary: str = "",
    start_year: int,
    discount_rate: Decimal,
    scheme: Scheme | None = None,
    project: CommissioningProject | None = None,
    contract: Contract | None = None,
) -> Analysis:
    analysis = _lock_draft(analysis)
    _check_about(analysis.local_area, scheme, project, contract)
    before = {**_plain(analysis, ANALYSIS_FIELDS), "about": str(analysis.about or "")}
    analysis.title, analysis.summary = title.strip(), summary.strip()
    analysis.start_year = start_year
    analysis.discount_rate = _stored(analysis, "discount_rate", discount_rate)
    analysis.scheme, analysis.project, analysis.contract = scheme, project, contract
    analysis.full_clean()
    analysis.save(
        update_fields=[
            "title",
            "summary",
            "start_year",
            "discount_rate",
            "scheme",
            "project",
            "contract",
        ]
    )
    after = {**_plain(analysis, ANALYSIS_FIELDS), "about": str(analysis.about or "")}
    _audit(
        by,
        "social_value.analysis_update",
        analysis,
        analysis.local_area,
        before=before,
        after=after,
    )
    return analysis


def _stored(obj, name: str, value):
    """The value as the database will hold it, so the audit says the same."""
    if isinstance(value, str):
        return value.strip()
    field = obj._meta.get_field(name)
    if isinstance(value, Decimal) and isinstance(field, models.DecimalField):
        return value.quantize(Decimal(1).scaleb(-field.decimal_places))
    return value


def _save_part(obj, fields, values) -> None:
    for name in fields:
        setattr(obj, name, _stored(obj, name, values[name]))
    obj.full_clean()
    obj.save()


# Inputs and outcomes are both "parts" of a draft analysis: they are added,
# changed and removed the same way, so one set of helpers does all three and
# the public functions below only say which model, fields and audit name.
def _part_add(analysis: Analysis, by: User, model, fields, action: str, values):
    analysis = _lock_draft(analysis)
    made = model(analysis=analysis)
    _save_part(made, fields, values)
    _audit(
        by,
        action,
        made,
        analysis.local_area,
        analysis=analysis.pk,
        **_plain(made, fields),
    )
    return made


def _part_change(item, by: User, fields, action: str, values):
    analysis = _lock_draft(item.analysis)
    item = type(item).objects.get(pk=item.pk)
    before = _plain(item, fields)
    _save_part(item, fields, values)
    _audit(
        by,
        action,
        item,
        analysis.local_area,
        analysis=analysis.pk,
        before=before,
        after=_plain(item, fields),
    )
    return item


def _part_remove(item, by: User, fields, action: str) -> None:
    analysis = _lock_draft(item.analysis)
    _audit(
        by,
        action,
        item,
        analysis.local_area,
        analysis=analysis.pk,
        before=_plain(item, fields),
    )
    type(item).objects.filter(pk=item.pk).delete()


@transaction.atomic
def input_add(analysis: Analysis, by: User, **values) -> Input:
    return _part_add(analysis, by, Input, INPUT_FIELDS, "social_value.input_add", values)


@transaction.atomic
def input_change(item: Input, by: User, **values) -> Input:
    return _part_change(item, by, INPUT_FIELDS, "social_value.input_change", values)


@transaction.atomic
def input_remove(item: Input, by: User) -> None:
    _part_remove(item, by, INPUT_FIELDS, "social_value.input_remove")


@transaction.atomic
def outcome_add(analysis: Analysis, by: User, **values) -> Outcome:
    return _part_add(analysis, by, Outcome, OUTCOME_FIELDS, "social_value.outcome_add", values)


@transaction.atomic
def outcome_change(item: Outcome, by: User, **values) -> Outcome:
    return _part_change(item, by, OUTCOME_FIELDS, "social_value.outcome_change", values)


@transaction.atomic
def outcome_remove(item: Outcome, by: User) -> None:
    _part_remove(item, by, OUTCOME_FIELDS, "social_value.outcome_remove")


def publish_problems(analysis: Analysis) -> list[str]:
    """What stops an analysis being published, in plain words (empty when nothing)."""
    problems = []
    investment = Input.objects.filter(analysis=analysis).aggregate(t=Sum("amount"))["t"]
    if not investment:
        problems.append(
            _(
                "Add what was put in, in pounds. The return is the value divided by what "
                "was put in, so it cannot be worked out when nothing was put in."
            )
        )
    if not Outcome.objects.filter(analysis=analysis).exists():
        problems.append(_("Add at least one outcome: what changed for people."))
    return problems


@transaction.atomic
def analysis_publish(analysis: Analysis, by: User) -> Analysis:
    analysis = _lock_draft(analysis)
    problems = publish_problems(analysis)
    if problems:
        raise ValidationError(problems)
    facts = sroi.Analysis(
        outcomes=tuple(o.facts() for o in analysis.outcomes.all()),
        investment=sum((i.amount for i in analysis.inputs.all()), Decimal("0.00")),
        discount_rate=analysis.discount_rate,
    )
    result = sroi.evaluate(facts)
    figures = {
        "investment": result.investment,
        "present_value": result.present_value,
        "net_present_value": result.net_present_value,
        "ratio": result.ratio,
    }
    if any(v is not None and abs(v) > STORED_LIMIT for v in figures.values()):
        raise ValidationError(
            _(
                "The figures are too large to be right. Check how many people each "
                "outcome is for and the value per person."
            )
        )
    analysis.status = Analysis.Status.PUBLISHED
    analysis.published_by = by
    analysis.published_at = timezone.now()
    # Kept so the list need not work them out again: a published analysis is fixed.
    for name, value in figures.items():
        setattr(analysis, name, value)
    analysis.save(update_fields=["status", "published_by", "published_at", *figures])
    _audit(
        by,
        "social_value.publish",
        analysis,
        analysis.local_area,
        investment=str(result.investment),
        present_value=str(result.present_value),
        net_present_value=str(result.net_present_value),
        ratio=str(result.ratio),
        discount_rate=str(analysis.discount_rate),
        outcomes=len(facts.outcomes),
    )
    return analysis


@transaction.atomic
def analysis_copy(analysis: Analysis, by: User) -> Analysis:
    """A new draft with the same inputs and outcomes, to change and publish again."""
    source = Analysis.objects.select_for_update().get(pk=analysis.pk)
    copy = Analysis.objects.create(
        local_area=source.local_area,
        title=source.title,
        summary=source.summary,
        scheme=source.scheme,
        project=source.project,
        contract=source.contract,
        start_year=source.start_year,
        discount_rate=source.discount_rate,
        copied_from=source,
        created_by=by,
        created_at=timezone.now(),
    )
    Input.objects.bulk_create(
        Input(analysis=copy, **{f: getattr(i, f) for f in INPUT_FIELDS})
        for i in source.inputs.all()
    )
    Outcome.objects.bulk_create(
        Outcome(analysis=copy, **{f: getattr(o, f) for f in OUTCOME_FIELDS})
        for o in source.outcomes.all()
    )
    _audit(by, "social_value.copy", copy, source.local_area, copied_from=source.pk)
    return copy
