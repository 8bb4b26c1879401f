"""The demo command builds pooling in Northvale: consenting budget holders, two
running groups with a year of ledger entries, one member who has left, and
nothing made twice when it runs again."""

from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command

from withus.core.audit import audit_verify
from withus.core.models import AuditEntry, User
from withus.pooling import demo, ledger, services
from withus.pooling.models import (
    BudgetHolder,
    GroupMember,
    GroupNote,
    Interest,
    Invitation,
    LedgerEntry,
    Outcome,
    PoolingGroup,
)

pytestmark = pytest.mark.django_db


def _run() -> None:
    call_command("demo", stdout=StringIO())


def _counts() -> dict[str, int]:
    models = (
        BudgetHolder,
        GroupMember,
        GroupNote,
        Interest,
        Invitation,
        LedgerEntry,
        Outcome,
        PoolingGroup,
    )
    counts = {m.__name__: m.objects.count() for m in models}
    counts["pooling audit entries"] = AuditEntry.objects.filter(
        action__startswith="pooling."
    ).count()
    return counts


def test_it_builds_consenting_holders_and_two_groups_with_a_year_each():
    _run()

    holders = BudgetHolder.objects.filter(local_area__slug="northvale")
    assert holders.count() == len(demo.HOLDERS) == 13
    assert all(h.pooling_consent for h in holders)
    groups = {g.split_rule: g for g in PoolingGroup.objects.filter(local_area__slug="northvale")}
    assert PoolingGroup.objects.count() == 2
    assert set(groups) == {"hours", "equal"}
    for group in groups.values():
        rows = list(LedgerEntry.objects.filter(group=group).order_by("on", "id"))
        months = {(r.on.year, r.on.month) for r in rows if r.kind == "contribution"}
        assert len(months) == 12
        assert sum(1 for r in rows if r.kind == "cost") == 12
        # Nothing lost: in the pool, handed back and spent add up to what was paid in.
        state = ledger.run(services.as_ledger_entries(rows))
        contributed = sum(r.amount for r in rows if r.kind == "contribution")
        spent = sum(r.amount for r in rows if r.kind == "cost")
        assert state.pool + sum(state.returned.values()) + spent == contributed
    assert all(
        LedgerEntry.objects.filter(group=groups["hours"], kind="cost")
        .exclude(hours={})
        .values_list("hours", flat=True)
    )
    assert audit_verify() is None


def test_it_has_one_member_who_left_with_money_returned():
    _run()

    (left,) = GroupMember.objects.filter(left_on__isnull=False)
    assert left.group.split_rule == "hours"
    (leave,) = LedgerEntry.objects.filter(kind="leave")
    assert leave.member == left.user
    assert leave.on == left.left_on
    assert leave.amount > Decimal("0.00")
    rows = list(LedgerEntry.objects.filter(group=left.group).order_by("on", "id"))
    state = ledger.run(services.as_ledger_entries(rows))
    assert state.returned == {left.user_id: leave.amount}
    assert left.user_id not in state.balances
    # Nothing is recorded for them after they left.
    assert not LedgerEntry.objects.filter(member=left.user, on__gt=left.left_on).exists()


def test_it_shows_the_demo_to_its_people(client):
    _run()
    facilitator = User.objects.get(username="facilitator")
    client.force_login(facilitator)

    page = client.get("/areas/northvale/pooling/").content.decode()

    # The four who like cooking in NV3 are not in a group yet, so they are suggested.
    for name in ("Joan Baptiste", "Kit Murray", "Lena Novak", "Max Doyle"):
        assert name in page
    client.force_login(User.objects.get(username="commissioner"))
    summary = client.get("/areas/northvale/pooling/summary/").content.decode()
    assert "Not shown (fewer than 5 people)" not in summary
    # Wellbeing of the 8 measured twice: 156 / 8 = 19.5, 186 / 8 = 23.25 -> 23.3,
    # and the change 30 / 8 = 3.75 -> +3.8.
    assert ">19.5</td>" in summary and ">23.3</td>" in summary and ">+3.8</td>" in summary
    assert "Saturday swimming" not in summary


def test_it_makes_nothing_twice_when_run_again():
    _run()
    first = _counts()
    balances = {
        g.pk: ledger.run(services.as_ledger_entries(list(g.ledger.order_by("on", "id")))).balances
        for g in PoolingGroup.objects.all()
    }

    _run()

    assert _counts() == first
    for group in PoolingGroup.objects.all():
        rows = list(group.ledger.order_by("on", "id"))
        assert ledger.run(services.as_ledger_entries(rows)).balances == balances[group.pk]
    assert audit_verify() is None
