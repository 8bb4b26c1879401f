"""Two members writing to the same group's ledger at the same moment, on PostgreSQL.

Each ledger write locks the group's row first, so the second writer waits and
then checks its entry against the ledger as the first left it: both payments
are kept, and two costs that together are more than someone has cannot both
go through.

SQLite lets only one writer in at a time, so these races cannot happen there;
the tests run with `make test-postgres`.
"""

import threading
import time
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction

from withus.core.audit import audit_verify
from withus.core.models import Membership, Role, User
from withus.pooling import ledger, services
from withus.pooling.models import Invitation, LedgerEntry, PoolingGroup

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs PostgreSQL: SQLite serialises writers, so there is no race to test",
    ),
]


@pytest.fixture
def people(area) -> list[User]:
    people = []
    for name in ("Ann", "Bea", "Cal"):
        user = User.objects.create_user(username=name.lower(), display_name=name)
        Membership.objects.create(user=user, local_area=area, role=Role.BUDGET_HOLDER)
        holder = services.budget_record(
            by=user,
            user=user,
            local_area=area,
            kind="direct_payment",
            amount=Decimal("500.00"),
            period="month",
            interests=[],
            locality="NV1",
        )
        services.pooling_consent_set(by=user, holder=holder, consent=True)
        people.append(user)
    return people


@pytest.fixture
def group(area, facilitator, people) -> PoolingGroup:
    group = services.group_create(
        by=facilitator,
        local_area=area,
        name="Saturday swimming",
        purpose="Swimming together.",
        split_rule="equal",
        contribution=Decimal("10.00"),
        contribution_period="month",
        savings_kept_until=date(2027, 12, 31),
        invite=dict.fromkeys(people, ""),
    )
    for invitation in Invitation.objects.filter(group=group):
        services.invitation_answer(
            by=invitation.user, invitation=invitation, accept=True, on=date(2026, 1, 1)
        )
    for person in people:
        services.contribution_record(
            by=person, group=group, amount=Decimal("10.00"), on=date(2026, 1, 2)
        )
    return group


def _waiting_on_locks() -> int:
    with connection.cursor() as cursor:
        # Activity is read once per transaction unless the snapshot is cleared.
        cursor.execute("SELECT pg_stat_clear_snapshot()")
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity "
            "WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
        return cursor.fetchone()[0]


def _together(group, targets) -> list[BaseException]:
    """Run each callable in its own thread, queued together on the group's row.

    The group's row is held here until every thread is waiting for it, so the
    writers really do arrive at the same time; returns the threads' errors.
    """
    errors: list[BaseException] = []

    def run(target):
        try:
            target()
        except BaseException as error:  # reported by the test
            errors.append(error)
        finally:
            connection.close()  # each thread has its own connection

    threads = [threading.Thread(target=run, args=(t,)) for t in targets]
    with transaction.atomic():
        PoolingGroup.objects.select_for_update().get(pk=group.pk)
        for thread in threads:
            thread.start()
        deadline = time.monotonic() + 10
        while _waiting_on_locks() < len(threads):
            assert time.monotonic() < deadline, "the writers never all waited on the group"
            time.sleep(0.02)
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads), "a writer never finished"
    return errors


def _balances(group) -> dict[int, Decimal]:
    rows = list(LedgerEntry.objects.filter(group=group).order_by("on", "id"))
    return ledger.run(services.as_ledger_entries(rows)).balances


def test_it_keeps_both_payments_made_at_the_same_time(group, people):
    ann, bea, cal = people

    def pay(person, amount):
        def target():
            copy = PoolingGroup.objects.get(pk=group.pk)
            services.contribution_record(by=person, group=copy, amount=amount, on=date(2026, 2, 1))

        return target

    errors = _together(group, [pay(ann, Decimal("25.00")), pay(bea, Decimal("7.50"))])

    assert errors == []
    paid = LedgerEntry.objects.filter(kind="contribution", on=date(2026, 2, 1))
    assert sorted((e.member_id, e.amount) for e in paid) == sorted(
        [(ann.pk, Decimal("25.00")), (bea.pk, Decimal("7.50"))]
    )
    assert _balances(group) == {
        ann.pk: Decimal("35.00"),
        bea.pk: Decimal("17.50"),
        cal.pk: Decimal("10.00"),
    }
    assert audit_verify() is None


def test_it_lets_only_one_of_two_costs_through_when_both_are_too_much(group, people, facilitator):
    outcomes: list[str] = []

    def spend(by, description):
        def target():
            copy = PoolingGroup.objects.get(pk=group.pk)
            try:
                # £18.00 shared by 3 is £6.00 each; everyone has £10.00.
                services.cost_record(
                    by=by,
                    group=copy,
                    description=description,
                    amount=Decimal("18.00"),
                    on=date(2026, 2, 1),
                )
            except ValidationError as refused:
                outcomes.append(" ".join(refused.messages))
            else:
                outcomes.append("saved")

        return target

    errors = _together(group, [spend(people[0], "Taxi"), spend(facilitator, "Tickets")])

    assert errors == []
    assert outcomes.count("saved") == 1
    (refused,) = [o for o in outcomes if o != "saved"]
    assert (
        "Ann does not have enough left in the pool: their share is £6.00 but they have £4.00."
        in refused
    )
    assert LedgerEntry.objects.filter(kind="cost").count() == 1
    assert set(_balances(group).values()) == {Decimal("4.00")}
    assert audit_verify() is None
