"""Every change to an open budget, each in one audited transaction.

Figures are checked by ``figures`` (no Django) here as well as in the forms,
so a change that does not come from a form is held to the same rules.
"""

from collections.abc import Sequence
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from withus.contracts.models import Contract
from withus.core.audit import audit_record
from withus.core.models import LocalArea, User

from . import figures
from .budget_import import LineRow
from .models import BudgetLine, BudgetYear, Saving


def _audit(by, action, obj, area, **data):
    audit_record(actor=by, action=action, obj=obj, local_area=area, data=data)


def _year(area: LocalArea, start: int) -> BudgetYear:
    """The area's year, made as a draft the first time it is used."""
    year, _made = BudgetYear.objects.get_or_create(local_area=area, start=start)
    return year


def _check_line(area: LocalArea, *, service: str, spend, people, contract) -> tuple[str, Decimal]:
    service = " ".join((service or "").split())
    errors: dict[str, str] = {}
    if not service:
        errors["service"] = _("Enter the name of the service.")
    try:
        spend = figures.check_money(Decimal(spend))
    except figures.FigureProblem as problem:
        errors["spend"] = str(problem)
    try:
        figures.check_people(people)
    except figures.FigureProblem as problem:
        errors["people"] = str(problem)
    if contract is not None and contract.local_area_id != area.pk:
        errors["contract"] = _("That contract is not one of %(area)s's contracts.") % {
            "area": area.name
        }
    if errors:
        raise ValidationError(errors)
    return service, spend


def _check_once(year: BudgetYear, service: str, line: BudgetLine | None = None) -> str:
    key = figures.service_key(service)
    others = BudgetLine.objects.filter(year=year, service_key=key)
    if line is not None:
        others = others.exclude(pk=line.pk)
    if others.exists():
        raise ValidationError(
            {
                "service": _(
                    "%(service)s is already in %(year)s. Change that line instead of adding "
                    "it again."
                )
                % {"service": service, "year": year.label}
            }
        )
    return key


def _line_data(line: BudgetLine) -> dict:
    return {
        "year": line.year.label,
        "service": line.service,
        "spend": str(line.spend),
        "people": line.people,
        "contract": line.contract.reference if line.contract else "",
    }


@transaction.atomic
def line_add(
    area: LocalArea,
    by: User,
    *,
    year: int,
    service: str,
    spend: Decimal,
    people: int | None,
    contract: Contract | None = None,
) -> BudgetLine:
    service, spend = _check_line(
        area, service=service, spend=spend, people=people, contract=contract
    )
    budget_year = _year(area, year)
    # Lock the year so two people adding the same service at once queue up.
    BudgetYear.objects.select_for_update().filter(pk=budget_year.pk).first()
    key = _check_once(budget_year, service)
    line = BudgetLine.objects.create(
        year=budget_year,
        service=service,
        service_key=key,
        spend=spend,
        people=people,
        contract=contract,
    )
    _audit(by, "open_budgets.line_add", line, area, **_line_data(line))
    return line


@transaction.atomic
def line_change(
    line: BudgetLine,
    by: User,
    *,
    year: int,
    service: str,
    spend: Decimal,
    people: int | None,
    contract: Contract | None = None,
) -> BudgetLine:
    line = (
        BudgetLine.objects.select_for_update(of=("self",))
        .select_related("year", "contract")
        .get(pk=line.pk)
    )
    area = line.year.local_area
    service, spend = _check_line(
        area, service=service, spend=spend, people=people, contract=contract
    )
    before = _line_data(line)
    budget_year = _year(area, year)
    BudgetYear.objects.select_for_update().filter(pk=budget_year.pk).first()
    key = _check_once(budget_year, service, line)
    line.year, line.service, line.service_key = budget_year, service, key
    line.spend, line.people, line.contract = spend, people, contract
    line.save()
    _audit(by, "open_budgets.line_change", line, area, before=before, after=_line_data(line))
    return line


@transaction.atomic
def line_remove(line: BudgetLine, by: User) -> None:
    line = (
        BudgetLine.objects.select_for_update(of=("self",))
        .select_related("year", "contract")
        .get(pk=line.pk)
    )
    area = line.year.local_area
    before = _line_data(line)
    _audit(by, "open_budgets.line_remove", line, area, **before)
    line.delete()


@transaction.atomic
def lines_import(area: LocalArea, by: User, rows: Sequence[LineRow]) -> int:
    """Add every line read from a file, or none (the parser has checked them)."""
    contracts = {
        c.pk: c
        for c in Contract.objects.filter(local_area=area, pk__in=[r.contract_id for r in rows])
    }
    years: dict[int, BudgetYear] = {}
    for row in rows:
        if row.year not in years:
            years[row.year] = _year(area, row.year)
            BudgetYear.objects.select_for_update().filter(pk=years[row.year].pk).first()
    made = []
    for row in rows:
        contract = contracts.get(row.contract_id) if row.contract_id else None
        if row.contract_id and contract is None:
            raise ValidationError(
                _("Line %(n)s: that contract is not this area's.") % {"n": row.line}
            )
        # Checked again inside the lock: someone may have added it since the file was read.
        try:
            key = _check_once(years[row.year], row.service)
        except ValidationError as error:
            raise ValidationError(
                _("Line %(n)s: %(problem)s") % {"n": row.line, "problem": error.messages[0]}
            ) from None
        made.append(
            BudgetLine.objects.create(
                year=years[row.year],
                service=row.service,
                service_key=key,
                spend=row.spend,
                people=row.people,
                contract=contract,
            )
        )
    _audit(
        by,
        "open_budgets.lines_import",
        None,
        area,
        lines=len(made),
        years=sorted(figures.year_label(y) for y in years),
        total=str(figures.total(line.spend for line in made)),
    )
    return len(made)


@transaction.atomic
def year_set_status(year: BudgetYear, by: User, *, publish: bool) -> BudgetYear:
    year = BudgetYear.objects.select_for_update().get(pk=year.pk)
    if publish and not year.lines.exists():
        raise ValidationError(
            _("%(year)s has no services yet. Add its spending before publishing it.")
            % {"year": year.label}
        )
    if publish:
        year.status = BudgetYear.Status.PUBLISHED
        year.published_at, year.published_by = timezone.now(), by
    else:
        year.status = BudgetYear.Status.DRAFT
        year.published_at, year.published_by = None, None
    year.save()
    _audit(
        by,
        "open_budgets.year_publish" if publish else "open_budgets.year_unpublish",
        year,
        year.local_area,
        year=year.label,
        total=str(figures.total(year.lines.values_list("spend", flat=True))),
    )
    return year


SAVING_FIELDS = (
    "what",
    "amount",
    "people_percent",
    "people_pays_for",
    "commissioners_percent",
    "commissioners_pays_for",
    "community_percent",
    "community_pays_for",
)


def _check_saving(data: dict) -> list[Decimal]:
    errors: dict[str, str] = {}
    if not (data.get("what") or "").strip():
        errors["what"] = _("Say what was saved and how.")
    try:
        figures.check_money(Decimal(data["amount"]), _("The saving"))
    except figures.FigureProblem as problem:
        errors["amount"] = str(problem)
    percents = [Decimal(data[f"{part}_percent"]) for part in figures.SHARE_PARTS]
    problem = figures.percents_problem(percents)
    if problem:
        errors["people_percent"] = problem
    if errors:
        raise ValidationError(errors)
    return figures.share_split(Decimal(data["amount"]), percents)


def _saving_data(saving: Saving) -> dict:
    shares = figures.share_split(saving.amount, saving.percents)
    return {
        "year": saving.year.label,
        "what": saving.what,
        "amount": str(saving.amount),
        "percents": [str(p) for p in saving.percents],
        "shares": [str(s) for s in shares],
    }


@transaction.atomic
def saving_add(area: LocalArea, by: User, *, year: int, **data) -> Saving:
    _check_saving(data)
    saving = Saving.objects.create(
        year=_year(area, year), created_by=by, **{k: data[k] for k in SAVING_FIELDS}
    )
    _audit(by, "open_budgets.saving_add", saving, area, **_saving_data(saving))
    return saving


@transaction.atomic
def saving_change(saving: Saving, by: User, *, year: int, **data) -> Saving:
    saving = Saving.objects.select_for_update().select_related("year__local_area").get(pk=saving.pk)
    area = saving.year.local_area
    _check_saving(data)
    before = _saving_data(saving)
    saving.year = _year(area, year)
    for k in SAVING_FIELDS:
        setattr(saving, k, data[k])
    saving.save()
    _audit(
        by, "open_budgets.saving_change", saving, area, before=before, after=_saving_data(saving)
    )
    return saving


@transaction.atomic
def saving_remove(saving: Saving, by: User) -> None:
    saving = Saving.objects.select_for_update().select_related("year__local_area").get(pk=saving.pk)
    _audit(by, "open_budgets.saving_remove", saving, saving.year.local_area, **_saving_data(saving))
    saving.delete()
