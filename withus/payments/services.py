"""Every change to rates, payment choices and claims, each in one audited transaction.

The money is worked out by ``sums`` (no Django) and stored with the claim, so a
rate set later never changes a claim already made.
"""

from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from withus.core.audit import audit_record
from withus.core.edits import StaleEdit
from withus.core.models import LocalArea, User
from withus.cycle.models import InvolvementRecord

from . import sums
from .models import Claim, Expense, PaymentBatch, PaymentChoice, PaymentRate

EXPENSE_LINES = 3
UNSENT = (Claim.Status.SUBMITTED, Claim.Status.QUERIED, Claim.Status.APPROVED)


def _audit(by, action, obj, area, **data):
    audit_record(actor=by, action=action, obj=obj, local_area=area, data=data)


def rates_of(area_id: int) -> list[sums.Rate]:
    return [
        sums.Rate(unit=u, amount=a, effective_from=d)
        for u, a, d in PaymentRate.objects.filter(local_area_id=area_id).values_list(
            "unit", "amount", "effective_from"
        )
    ]


@transaction.atomic
def rate_set(
    area: LocalArea, by: User, *, unit: str, amount: Decimal, effective_from
) -> PaymentRate:
    if effective_from < timezone.localdate():
        raise ValidationError(
            {
                "effective_from": _(
                    "A new rate can start today or later. Claims already made keep the "
                    "rate they were made with."
                )
            }
        )
    if PaymentRate.objects.filter(
        local_area=area, unit=unit, effective_from=effective_from
    ).exists():
        raise ValidationError(
            {"effective_from": _("There is already a rate for this from that date.")}
        )
    rate = PaymentRate.objects.create(
        local_area=area,
        unit=unit,
        amount=amount,
        effective_from=effective_from,
        set_by=by,
        set_at=timezone.now(),
    )
    _audit(by, "payments.rate_set", rate, area, unit=unit, amount=str(amount), start=effective_from)
    return rate


def choice_of(user: User, area_id: int) -> str:
    return (
        PaymentChoice.objects.filter(user=user, local_area_id=area_id)
        .values_list("choice", flat=True)
        .first()
        or ""
    )


@transaction.atomic
def choice_set(user: User, area: LocalArea, choice: str) -> PaymentChoice:
    """Record how a person wants to be paid, and apply it to claims not yet paid."""
    made, _created = PaymentChoice.objects.update_or_create(
        user=user, local_area=area, defaults={"choice": choice, "changed_at": timezone.now()}
    )
    changed = []
    for claim in Claim.objects.select_for_update().filter(
        claimant=user, local_area=area, status__in=UNSENT
    ):
        if claim.choice == choice:
            continue
        fee = Decimal("0.00") if choice == "not_paid" else _fee(claim.quantity, claim.rate)
        # More money than was approved needs approving again; a claim with a
        # question asked keeps waiting for its answer.
        status = claim.status
        if fee > claim.fee and claim.status == Claim.Status.APPROVED:
            status = Claim.Status.SUBMITTED
        Claim.objects.filter(pk=claim.pk).update(
            choice=choice,
            fee=fee,
            total=fee + claim.expenses,
            status=status,
            version=claim.version + 1,
        )
        changed.append(claim.pk)
    _audit(user, "payments.choice", made, area, choice=choice, claims_changed=changed)
    return made


def _fee(quantity: Decimal, rate: Decimal) -> Decimal:
    # A stored rate times the quantity, rounded as sums.claim_sum rounds: to the
    # penny, halves up (the product of two 2-place numbers is exact).
    return (quantity * rate).quantize(sums.PENNY, rounding=ROUND_HALF_UP)


def _worked_out(record: InvolvementRecord, choice: str, unit, quantity, expenses):
    try:
        return sums.claim_sum(
            unit=unit,
            quantity=quantity,
            on=record.happened_on,
            choice=choice,
            expenses=expenses,
            rates=rates_of(record.project.local_area_id),
        )
    except sums.ClaimProblem as problem:
        errors: dict[str, list[str]] = {}
        for key, messages in problem.problems.items():
            if key.startswith("expense_"):
                field = f"expense_amount_{key.removeprefix('expense_')}"
            elif key in ("unit", "quantity"):
                field = key
            else:
                field = "__all__"
            errors.setdefault(field, []).extend(messages)
        raise ValidationError(errors) from None


@transaction.atomic
def claim_make(
    record: InvolvementRecord,
    by: User,
    *,
    unit: str,
    quantity: Decimal,
    note: str,
    expenses: Sequence[sums.ExpenseLine],
    descriptions: Sequence[str] = (),
) -> Claim:
    area = record.project.local_area
    if not record.participants.filter(pk=by.pk).exists():
        raise ValidationError(_("You can only claim for involvement you took part in."))
    # One claim per person per record: locking the record makes two claims sent
    # at once queue up, so the second sees the first and is refused.
    InvolvementRecord.objects.select_for_update().filter(pk=record.pk).first()
    if Claim.objects.filter(record=record, claimant=by).exists():
        raise ValidationError(_("You have already claimed for this involvement."))
    choice = choice_of(by, area.pk)
    if not choice:
        raise ValidationError(_("Choose how you want to be paid before you make a claim."))
    if record.happened_on > timezone.localdate():
        raise ValidationError(_("You can claim once the involvement has happened."))
    worked = _worked_out(record, choice, unit, quantity, expenses)
    claim = Claim.objects.create(
        local_area=area,
        claimant=by,
        record=record,
        unit=unit,
        quantity=quantity,
        rate=worked.rate,
        choice=choice,
        fee=worked.fee,
        expenses=worked.expenses,
        total=worked.total,
        note=note,
        made_at=timezone.now(),
    )
    _lines(claim, expenses, descriptions, worked)
    _audit(by, "payments.claim", claim, area, total=str(claim.total), record=record.pk)
    return claim


def _lines(claim, expenses, descriptions, worked) -> None:
    claim.expense_lines.all().delete()
    Expense.objects.bulk_create(
        Expense(
            claim=claim,
            kind=line.kind,
            description=descriptions[i] if i < len(descriptions) else "",
            miles=line.miles,
            amount=worked.expense_amounts[i],
        )
        for i, line in enumerate(expenses)
    )


@transaction.atomic
def claim_correct(
    claim: Claim,
    by: User,
    *,
    version: int,
    unit: str,
    quantity: Decimal,
    note: str,
    expenses: Sequence[sums.ExpenseLine],
    descriptions: Sequence[str] = (),
) -> Claim:
    claim = Claim.objects.select_for_update().select_related("record__project").get(pk=claim.pk)
    if claim.version != version:
        raise StaleEdit
    if claim.claimant_id != by.pk or claim.status != Claim.Status.QUERIED:
        raise ValidationError(_("Only a claim with a question asked can be changed."))
    worked = _worked_out(claim.record, claim.choice, unit, quantity, expenses)
    Claim.objects.filter(pk=claim.pk).update(
        unit=unit,
        quantity=quantity,
        rate=worked.rate,
        fee=worked.fee,
        expenses=worked.expenses,
        total=worked.total,
        note=note,
        status=Claim.Status.SUBMITTED,
        version=version + 1,
    )
    _lines(claim, expenses, descriptions, worked)
    _audit(by, "payments.claim_correct", claim, claim.local_area, total=str(worked.total))
    return Claim.objects.get(pk=claim.pk)


@transaction.atomic
def claim_decide(claim: Claim, by: User, *, version: int, decision: str, query: str) -> Claim:
    claim = Claim.objects.select_for_update().get(pk=claim.pk)
    if claim.version != version:
        raise StaleEdit
    if claim.claimant_id == by.pk:
        raise ValidationError(_("Someone else must decide on your own claim."))
    if claim.status != Claim.Status.SUBMITTED:
        raise ValidationError(_("This claim has already been decided."))
    if decision == "query" and not query.strip():
        raise ValidationError({"query": _("Write the question for the person who claimed.")})
    status = Claim.Status.APPROVED if decision == "approve" else Claim.Status.QUERIED
    Claim.objects.filter(pk=claim.pk).update(
        status=status,
        query=query.strip() if decision == "query" else "",
        decided_by=by,
        decided_at=timezone.now(),
        version=version + 1,
    )
    _audit(
        by,
        "payments.decide",
        claim,
        claim.local_area,
        decision=decision,
        total=str(claim.total),
        query=query.strip(),
    )
    return Claim.objects.get(pk=claim.pk)


@transaction.atomic
def batch_make(area: LocalArea, by: User) -> PaymentBatch:
    """Every approved claim, sent for payment together; each person gets a statement."""
    claims = list(
        Claim.objects.select_for_update()
        .filter(local_area=area, status=Claim.Status.APPROVED)
        .select_related("claimant", "record")
        .order_by("claimant_id", "id")
    )
    if not claims:
        raise ValidationError(_("There are no approved claims to send."))
    total = sum((c.total for c in claims), Decimal("0.00"))
    batch = PaymentBatch.objects.create(
        local_area=area, made_by=by, made_at=timezone.now(), claim_count=len(claims), total=total
    )
    Claim.objects.filter(pk__in=[c.pk for c in claims]).update(
        status=Claim.Status.SENT, batch=batch
    )
    _audit(by, "payments.batch", batch, area, claims=[c.pk for c in claims], total=str(total))
    transaction.on_commit(lambda: _send_statements(area, claims))
    return batch


def _send_statements(area: LocalArea, claims: Sequence[Claim]) -> None:
    by_person: dict[int, list[Claim]] = {}
    for claim in claims:
        by_person.setdefault(claim.claimant_id, []).append(claim)
    for person_claims in by_person.values():
        person = person_claims[0].claimant
        if not person.email:
            continue
        lines = [
            _("%(what)s on %(date)s: %(total)s")
            % {
                "what": c.record.title,
                "date": c.record.happened_on.strftime("%d/%m/%Y"),
                "total": f"£{c.total}",
            }
            for c in person_claims
        ]
        send_mail(
            _("Your involvement payment statement"),
            "\n".join(
                [
                    _("Hello %(name)s,") % {"name": person},
                    "",
                    _("These claims have been sent for payment by %(area)s:") % {"area": area},
                    *lines,
                    "",
                    _("Total: £%(total)s")
                    % {"total": sum((c.total for c in person_claims), Decimal("0.00"))},
                    _("Your full statement is on withus under My claims."),
                ]
            ),
            None,
            [person.email],
        )


def claims_total(queryset) -> Decimal:
    return queryset.aggregate(t=Sum("total"))["t"] or Decimal("0.00")
