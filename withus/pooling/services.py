"""Every change in pooling, each in one audited transaction.

Ledger writes lock the group's row first, so two members acting at once are
applied one after the other and neither is lost.
"""

from collections.abc import Mapping, Sequence
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from withus.core.audit import audit_record
from withus.core.models import LocalArea, User

from . import ledger
from .models import (
    BudgetHolder,
    GroupMember,
    GroupNote,
    Interest,
    Invitation,
    LedgerEntry,
    Outcome,
    PoolingGroup,
)


def _audit(by, action, obj, area, **data):
    audit_record(actor=by, action=action, obj=obj, local_area=area, data=data)


def as_ledger_entries(rows: Sequence[LedgerEntry]) -> list[ledger.Entry]:
    entries: list[ledger.Entry] = []
    for row in rows:
        if row.kind == LedgerEntry.Kind.JOIN:
            entries.append(ledger.Join(row.member_id, row.on))
        elif row.kind == LedgerEntry.Kind.CONTRIBUTION:
            entries.append(ledger.Contribution(row.member_id, row.amount, row.on))
        elif row.kind == LedgerEntry.Kind.COST:
            hours = {int(k): Decimal(str(v)) for k, v in (row.hours or {}).items()}
            entries.append(
                ledger.SharedCost(row.description, row.amount, row.on, row.split, hours or None)
            )
        else:
            entries.append(ledger.Leave(row.member_id, row.on))
    return entries


def _locked(group: PoolingGroup) -> tuple[PoolingGroup, list[LedgerEntry]]:
    group = PoolingGroup.objects.select_for_update().get(pk=group.pk)
    return group, list(group.ledger.order_by("on", "id"))


def _append(group, rows, entry: LedgerEntry, new: ledger.Entry) -> ledger.LedgerState:
    """Check the new entry against the whole ledger, then save it."""
    if entry.on > timezone.localdate():
        raise ValidationError({"on": _("The date cannot be in the future.")})
    if rows and entry.on < rows[-1].on:
        raise ValidationError(
            {
                "on": _("The date must be on or after %(d)s, the last entry in the ledger.")
                % {"d": rows[-1].on.strftime("%-d %B %Y")}
            }
        )
    entry.full_clean(exclude=["group", "member", "recorded_by"])
    try:
        state = ledger.run([*as_ledger_entries(rows), new])
    except ledger.InsufficientFunds as short:
        who = User.objects.filter(pk=short.member).first()
        raise ValidationError(
            {
                "amount": _(
                    "%(who)s does not have enough left in the pool: their share is "
                    "£%(need)s but they have £%(have)s."
                )
                % {"who": who or short.member, "need": short.needed, "have": short.available}
            }
        ) from None
    except (ValueError, TypeError):
        # The ledger's own words name internal ids; say it plainly instead.
        raise ValidationError(
            _("That could not be added to the ledger. Check the people and the amount.")
        ) from None
    entry.save()
    return state


# Budgets and consent ---------------------------------------------------------


@transaction.atomic
def budget_record(
    *,
    by: User,
    user: User,
    local_area: LocalArea,
    kind: str,
    amount: Decimal,
    period: str,
    interests: Sequence[Interest],
    locality: str,
) -> BudgetHolder:
    holder, _created = BudgetHolder.objects.get_or_create(
        user=user,
        local_area=local_area,
        defaults={"kind": kind, "amount": amount, "period": period, "locality": locality},
    )
    holder.kind, holder.amount, holder.period = (
        kind,
        Decimal(amount).quantize(Decimal("0.01")),
        period,
    )
    holder.locality = locality.strip().upper()
    holder.full_clean()
    holder.save()
    holder.interests.set(interests)
    _audit(by, "budget.record", holder, local_area, amount=holder.amount, period=period, kind=kind)
    return holder


@transaction.atomic
def budget_record_on_behalf(*, by: User, user: User, suggest: bool, **details) -> BudgetHolder:
    """A facilitator records a first budget for someone who asked them to, in one go.

    Only for people with no budget recorded yet: after that, the person keeps
    their own details and consent, so nobody can switch consent back on for them.
    """
    if BudgetHolder.objects.filter(user=user, local_area=details["local_area"]).exists():
        raise ValidationError(
            {
                "person": _("%(name)s already has a budget recorded. Only they can change it.")
                % {"name": user}
            }
        )
    holder = budget_record(by=by, user=user, **details)
    return pooling_consent_set(by=by, holder=holder, consent=suggest)


@transaction.atomic
def pooling_consent_set(*, by: User, holder: BudgetHolder, consent: bool) -> BudgetHolder:
    holder = BudgetHolder.objects.select_for_update().get(pk=holder.pk)
    holder.pooling_consent = consent
    holder.consent_changed_at = timezone.now()
    holder.save(update_fields=["pooling_consent", "consent_changed_at", "updated_at"])
    withdrawn = 0
    if not consent:
        # Takes effect at once: invitations still waiting are withdrawn too.
        withdrawn = Invitation.objects.filter(
            user=holder.user, status=Invitation.Status.WAITING, group__local_area=holder.local_area
        ).update(status=Invitation.Status.DECLINED, answered_at=timezone.now())
    _audit(by, "pooling.consent", holder, holder.local_area, consent=consent, withdrawn=withdrawn)
    return holder


# Groups -----------------------------------------------------------------------


@transaction.atomic
def group_create(
    *,
    by: User,
    local_area: LocalArea,
    name: str,
    purpose: str,
    split_rule: str,
    contribution: Decimal,
    contribution_period: str,
    savings_kept_until: date,
    invite: Mapping[User, str],
) -> PoolingGroup:
    consenting = set(
        BudgetHolder.objects.filter(
            local_area=local_area, pooling_consent=True, user__in=list(invite)
        ).values_list("user_id", flat=True)
    )
    missing = [str(u) for u in invite if u.pk not in consenting]
    if missing:
        raise ValidationError(
            _("These people have not agreed to be suggested for pooling: %(names)s.")
            % {"names": ", ".join(missing)}
        )
    group = PoolingGroup(
        local_area=local_area,
        name=name,
        purpose=purpose,
        facilitator=by,
        split_rule=split_rule,
        contribution=contribution,
        contribution_period=contribution_period,
        savings_kept_until=savings_kept_until,
    )
    group.full_clean()
    group.save()
    Invitation.objects.bulk_create(
        Invitation(group=group, user=user, reasons=reasons) for user, reasons in invite.items()
    )
    _audit(by, "pooling.group_create", group, local_area, invited=sorted(u.pk for u in invite))
    return group


@transaction.atomic
def invitation_answer(*, by: User, invitation: Invitation, accept: bool, on: date) -> Invitation:
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.status != Invitation.Status.WAITING:
        raise ValidationError(_("You have already answered this invitation."))
    invitation.status = Invitation.Status.ACCEPTED if accept else Invitation.Status.DECLINED
    invitation.answered_at = timezone.now()
    invitation.save(update_fields=["status", "answered_at"])
    if accept:
        group, rows = _locked(invitation.group)
        entry = LedgerEntry(
            group=group, kind=LedgerEntry.Kind.JOIN, member=by, on=on, recorded_by=by
        )
        _append(group, rows, entry, ledger.Join(by.pk, on))
        GroupMember.objects.create(group=group, user=by, joined_on=on)
    _audit(by, "pooling.invitation", invitation, invitation.group.local_area, accept=accept)
    return invitation


@transaction.atomic
def contribution_record(*, by: User, group: PoolingGroup, amount: Decimal, on: date) -> LedgerEntry:
    group, rows = _locked(group)
    amount = Decimal(amount).quantize(Decimal("0.01"))
    entry = LedgerEntry(
        group=group,
        kind=LedgerEntry.Kind.CONTRIBUTION,
        member=by,
        amount=amount,
        on=on,
        description=_("Paid in from your budget"),
        recorded_by=by,
    )
    _append(group, rows, entry, ledger.Contribution(by.pk, amount, on))
    _audit(by, "pooling.contribution", entry, group.local_area, group=group.pk, amount=amount)
    return entry


@transaction.atomic
def cost_record(
    *,
    by: User,
    group: PoolingGroup,
    description: str,
    amount: Decimal,
    on: date,
    hours: Mapping[int, Decimal] | None = None,
) -> LedgerEntry:
    group, rows = _locked(group)
    amount = Decimal(amount).quantize(Decimal("0.01"))
    split = group.split_rule
    hours = {int(k): Decimal(v) for k, v in (hours or {}).items() if Decimal(v) > 0}
    if split == ledger.SPLIT_HOURS and not hours:
        raise ValidationError({"hours": _("Enter the hours at least one member used.")})
    entry = LedgerEntry(
        group=group,
        kind=LedgerEntry.Kind.COST,
        amount=amount,
        on=on,
        description=description,
        split=split,
        hours={str(k): str(v) for k, v in hours.items()} if split == ledger.SPLIT_HOURS else {},
        recorded_by=by,
    )
    new = ledger.SharedCost(
        description, amount, on, split, hours if split == ledger.SPLIT_HOURS else None
    )
    _append(group, rows, entry, new)
    _audit(by, "pooling.cost", entry, group.local_area, group=group.pk, amount=amount, split=split)
    return entry


@transaction.atomic
def member_leave(*, by: User, group: PoolingGroup, on: date) -> Decimal:
    """The member leaves; returns the amount handed back to their own budget."""
    group, rows = _locked(group)
    member = GroupMember.objects.filter(group=group, user=by, left_on__isnull=True).first()
    if member is None:
        raise ValidationError(_("You are not in this group."))
    entry = LedgerEntry(
        group=group,
        kind=LedgerEntry.Kind.LEAVE,
        member=by,
        on=on,
        description=ledger.RETURNED,
        recorded_by=by,
    )
    before = ledger.run(as_ledger_entries(rows)).balances.get(by.pk, Decimal("0.00"))
    entry.amount = before
    _append(group, rows, entry, ledger.Leave(by.pk, on))
    member.left_on = on
    member.save(update_fields=["left_on"])
    _audit(by, "pooling.leave", entry, group.local_area, group=group.pk, returned=before)
    return before


@transaction.atomic
def note_add(*, by: User, group: PoolingGroup, text: str) -> GroupNote:
    note = GroupNote(group=group, author=by, text=text.strip())
    note.full_clean()
    note.save()
    return note


@transaction.atomic
def outcome_record(
    *,
    by: User,
    group: PoolingGroup,
    stage: str,
    wellbeing: int,
    gp_visits: int,
    ae_visits: int,
    on: date,
) -> Outcome:
    outcome, _created = Outcome.objects.update_or_create(
        group=group,
        member=by,
        stage=stage,
        defaults={
            "wellbeing": wellbeing,
            "gp_visits": gp_visits,
            "ae_visits": ae_visits,
            "recorded_on": on,
        },
    )
    outcome.full_clean()
    return outcome
