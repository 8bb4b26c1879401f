"""Every change to contracts and monitoring, each in one audited transaction."""

from collections.abc import Mapping, Sequence
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from withus.core.audit import audit_record
from withus.core.edits import StaleEdit
from withus.core.models import LocalArea, User
from withus.tendering.models import Tender

from . import kpi as kpi_rules
from .models import KPI, BreakClause, Contract, MonitoringReturn, RingFence
from .returns_import import ReturnRow


def _audit(by, action, obj, area, **data):
    audit_record(actor=by, action=action, obj=obj, local_area=area, data=data)


def _money(value: Decimal) -> str:
    return str(value)


@transaction.atomic
def contract_create(
    area: LocalArea, by: User, *, tender: Tender | None = None, **fields
) -> Contract:
    if tender is not None:
        if tender.status != Tender.Status.AWARDED or tender.local_area_id != area.pk:
            raise ValidationError(_("Only an awarded tender in this area can become a contract."))
        if tender.contracts.exists():
            raise ValidationError(_("This tender already has a contract."))
        if fields["provider"].pk != tender.winning_bid.organisation_id:
            raise ValidationError({"provider": _("The provider must be the bidder who won.")})
    if Contract.objects.filter(reference=fields.get("reference")).exists():
        raise ValidationError({"reference": _("A contract with this reference already exists.")})
    if fields.get("extended_months", 0) > fields.get("extension_months", 0):
        raise ValidationError(
            {"extended_months": _("The contract cannot be extended by more than its option.")}
        )
    contract = Contract.objects.create(local_area=area, tender=tender, created_by=by, **fields)
    _audit(
        by,
        "contract.create",
        contract,
        area,
        reference=contract.reference,
        value=_money(contract.value),
        provider=contract.provider_id,
        tender=tender.pk if tender else None,
    )
    return contract


@transaction.atomic
def contract_extend(contract: Contract, by: User, version: int, months: int) -> Contract:
    contract = Contract.objects.select_for_update().get(pk=contract.pk)
    if contract.version != version:
        raise StaleEdit
    if months <= 0 or contract.extended_months + months > contract.extension_months:
        raise ValidationError(
            {
                "months": _("The contract can be extended by %(n)s more months at most.")
                % {"n": contract.extension_months - contract.extended_months}
            }
        )
    before = contract.end_date
    contract.extended_months += months
    contract.version += 1
    contract.save()
    _audit(
        by,
        "contract.extend",
        contract,
        contract.local_area,
        months=months,
        end_before=str(before),
        end_after=str(contract.end_date),
    )
    return contract


@transaction.atomic
def break_clause_add(contract: Contract, by: User, on: date, note: str) -> BreakClause:
    if not contract.start_date < on <= contract.end_date:
        raise ValidationError({"on": _("The date must fall within the contract.")})
    clause = BreakClause.objects.create(contract=contract, on=on, note=note)
    _audit(by, "contract.break_clause", clause, contract.local_area, on=str(on))
    return clause


@transaction.atomic
def ring_fence_add(
    contract: Contract, by: User, amount: Decimal, purpose: str, recipient=None
) -> RingFence:
    contract = Contract.objects.select_for_update().get(pk=contract.pk)
    kept = contract.ring_fences.aggregate(total=Sum("amount"))["total"] or Decimal("0")
    if kept + amount > contract.value:
        raise ValidationError(
            {
                "amount": _(
                    "Ring-fenced sums would come to more than the contract's value. "
                    "At most £%(left)s is left."
                )
                % {"left": f"{contract.value - kept:,.2f}"}
            }
        )
    fence = RingFence.objects.create(
        contract=contract, amount=amount, purpose=purpose, recipient=recipient
    )
    _audit(
        by,
        "contract.ring_fence",
        fence,
        contract.local_area,
        amount=_money(amount),
        purpose=purpose,
        recipient=recipient.pk if recipient else None,
    )
    return fence


@transaction.atomic
def kpi_add(contract: Contract, by: User, **fields) -> KPI:
    errors = {}
    question = fields.get("question")
    if question is not None and (
        contract.tender_id is None or question.tender_id != contract.tender_id
    ):
        errors["question"] = _("Choose a question from the tender this contract came from.")
    requirement = fields.get("requirement")
    if (
        requirement is not None
        and requirement.specification.project.local_area_id != contract.local_area_id
    ):
        errors["requirement"] = _("Choose a requirement from this area.")
    priority = fields.get("priority")
    if priority is not None and priority.exercise.local_area_id != contract.local_area_id:
        errors["priority"] = _("Choose a priority from this area.")
    if fields.get("source") == KPI.Source.USERS and fields.get("criterion") is None:
        errors["criterion"] = _("Choose which rating the KPI is worked out from.")
    if contract.kpis.filter(code=fields["code"]).exists():
        errors["code"] = _("This contract already has a KPI with that code.")
    if errors:
        raise ValidationError(errors)
    # A question implies its requirement, and a requirement its first priority.
    if question is not None and requirement is None:
        fields["requirement"] = requirement = question.requirement
    if requirement is not None and priority is None:
        fields["priority"] = requirement.priorities.order_by("rank").first()
    kpi = KPI.objects.create(contract=contract, **fields)
    _audit(
        by,
        "contract.kpi_add",
        kpi,
        contract.local_area,
        code=kpi.code,
        target=str(kpi.target),
        source=kpi.source,
    )
    return kpi


def _check_period(kpi: KPI, period: date) -> None:
    start = kpi_rules.period_start(period, kpi.frequency)
    if start != period:
        raise ValidationError(
            {
                "period": _("%(code)s needs the first day of a period, like %(day)s.")
                % {"code": kpi.code, "day": kpi_rules.day_text(start)}
            }
        )
    first = kpi_rules.period_start(kpi.contract.start_date, kpi.frequency)
    if not first <= period <= kpi.contract.end_date:
        raise ValidationError({"period": _("That period is outside the contract.")})


@transaction.atomic
def returns_record(
    contract: Contract, by: User, *, values: Mapping[int, tuple[date, Decimal]], note: str = ""
) -> int:
    """Figures for some of the contract's KPIs; a figure already there is replaced, audited."""
    kpis = {k.pk: k for k in contract.kpis.select_related("contract")}
    now = timezone.now()
    saved = 0
    for kpi_id, (period, value) in values.items():
        kpi = kpis[kpi_id]
        if kpi.source == KPI.Source.USERS:
            raise ValidationError(_("%(code)s is worked out from stories.") % {"code": kpi.code})
        if value < 0:
            raise ValidationError(_("Figures cannot be negative."))
        _check_period(kpi, period)
        row, created = MonitoringReturn.objects.select_for_update().get_or_create(
            kpi=kpi,
            period=period,
            defaults={"value": value, "note": note, "submitted_by": by, "submitted_at": now},
        )
        before = None
        if not created:
            before = str(row.value)
            row.value, row.note, row.submitted_by, row.submitted_at = value, note, by, now
            row.save()
        _audit(
            by,
            "contract.return",
            row,
            contract.local_area,
            kpi=kpi.code,
            period=str(period),
            value=str(value),
            before=before,
        )
        saved += 1
    return saved


@transaction.atomic
def returns_import(contract: Contract, by: User, rows: Sequence[ReturnRow]) -> int:
    """An uploaded file's rows, all saved or none (the file was checked first)."""
    by_code = {k.code: k for k in contract.kpis.all()}
    values: dict[int, tuple[date, Decimal]] = {}
    count = 0
    for row in rows:
        values = {by_code[row.code].pk: (row.period, row.value)}
        count += returns_record(contract, by, values=values, note=row.note)
    return count
