"""Reads that pooling pages share; each runs a fixed number of queries."""

from collections import defaultdict
from dataclasses import dataclass, replace
from decimal import Decimal

from django.db.models import Prefetch
from django.utils.translation import gettext as _

from withus.core.models import LocalArea, User

from . import figures, ledger, matching
from .models import BudgetHolder, GroupMember, Invitation, LedgerEntry, Outcome, PoolingGroup
from .services import as_ledger_entries


def holder_of(user: User, area: LocalArea) -> BudgetHolder | None:
    return (
        BudgetHolder.objects.filter(user=user, local_area=area)
        .prefetch_related("interests")
        .first()
    )


def groups_of(user: User, area: LocalArea) -> list[GroupMember]:
    return list(
        GroupMember.objects.filter(user=user, group__local_area=area)
        .select_related("group")
        .order_by("left_on", "group__name")
    )


def invitations_of(user: User, area: LocalArea) -> list[Invitation]:
    return list(
        Invitation.objects.filter(user=user, group__local_area=area, status="waiting")
        .select_related("group", "group__facilitator")
        .order_by("-invited_at")
    )


@dataclass(frozen=True)
class Suggestion:
    group: matching.SuggestedGroup
    people: list[User]


def suggestions(area: LocalArea) -> list[Suggestion]:
    """Groups of consenting budget holders not already in a group or invited."""
    busy = set(
        GroupMember.objects.filter(group__local_area=area, left_on__isnull=True).values_list(
            "user_id", flat=True
        )
    ) | set(
        Invitation.objects.filter(group__local_area=area, status="waiting").values_list(
            "user_id", flat=True
        )
    )
    holders = list(
        BudgetHolder.objects.filter(local_area=area, pooling_consent=True)
        .select_related("user")
        .prefetch_related("interests")
    )
    users = {h.user_id: h.user for h in holders}
    found = matching.suggest_groups(
        [
            matching.Holder(
                id=h.user_id,
                interests=frozenset(i.name for i in h.interests.all()),
                locality=h.locality,
            )
            for h in holders
        ],
        exclude_ids=busy,
    )
    return [Suggestion(g, [users[i] for i in g.member_ids]) for g in found]


def facilitated(user: User, area: LocalArea) -> list[PoolingGroup]:
    return list(
        PoolingGroup.objects.filter(local_area=area, facilitator=user)
        .prefetch_related(
            Prefetch("members", queryset=GroupMember.objects.filter(left_on__isnull=True))
        )
        .order_by("name")
    )


@dataclass(frozen=True)
class GroupPage:
    group: PoolingGroup
    members: list[GroupMember]
    rows: list[LedgerEntry]
    state: ledger.LedgerState
    changes: list[figures.Change]


def _changes(outcomes: list[Outcome], smallest: int) -> list[figures.Change]:
    by: dict[tuple[str, str], dict[int, int]] = defaultdict(dict)
    for o in outcomes:
        for measure in ("wellbeing", "gp_visits", "ae_visits"):
            # Keyed by person, so someone in two groups counts once towards the limit.
            by[(measure, o.stage)][o.member_id] = getattr(o, measure)
    return [
        figures.outcome_change(by[(m, "baseline")], by[(m, "follow_up")], m, smallest=smallest)
        for m in ("wellbeing", "gp_visits", "ae_visits")
    ]


def group_page(group: PoolingGroup) -> GroupPage:
    members = list(
        group.members.select_related("user").order_by("user__display_name", "user__username", "id")
    )
    rows = list(group.ledger.select_related("member").order_by("on", "id"))
    state = ledger.run(as_ledger_entries(rows))
    outcomes = list(group.outcomes.all())
    return GroupPage(group, members, rows, state, _changes(outcomes, smallest=1))


@dataclass(frozen=True)
class AreaSummary:
    groups: figures.Figure
    members: figures.Figure
    pooled: figures.Figure
    changes: list[figures.Change]


def area_summary(area: LocalArea) -> AreaSummary:
    """What a commissioner may see: totals only, nothing from fewer than five people."""
    groups = list(PoolingGroup.objects.filter(local_area=area))
    rows = list(LedgerEntry.objects.filter(group__local_area=area).order_by("group_id", "on", "id"))
    members = GroupMember.objects.filter(group__local_area=area, left_on__isnull=True)
    # People, not places: someone in two groups is still one person.
    current = members.values("user_id").distinct().count()
    by_group: dict[int, list[LedgerEntry]] = defaultdict(list)
    for row in rows:
        by_group[row.group_id].append(row)
    pooled = figures.total(ledger.run(as_ledger_entries(by_group[g.pk])).pool for g in groups)
    outcomes = list(Outcome.objects.filter(group__local_area=area))
    return AreaSummary(
        groups=figures.shown(len(groups), current),
        members=figures.shown(current, current),
        pooled=figures.shown(pooled, current),
        changes=_changes(outcomes, smallest=figures.SMALLEST_SHOWN),
    )


def statement_for(group: PoolingGroup, user: User) -> tuple[list[ledger.StatementLine], Decimal]:
    rows = list(group.ledger.order_by("on", "id"))
    state = ledger.run(as_ledger_entries(rows))
    lines = [
        # A cost line shows the member's own share, so say so.
        replace(line, description=_("Your share of: %(what)s") % {"what": line.description})
        if line.amount < 0 and line.description != ledger.RETURNED
        else line
        for line in state.statements.get(user.pk, [])
    ]
    return lines, state.returned.get(user.pk, Decimal("0.00"))
