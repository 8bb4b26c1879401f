"""Paying in, sharing a cost by hours and leaving, through the group's pages.

Every share below is worked out by hand from the ledger's rounding rule:
everyone gets their exact share rounded down to the penny, and the pennies
left over go one each to the biggest remainders, lower user id first on a tie.
"""

import re
from datetime import date
from decimal import Decimal

import pytest

from withus.core.models import AuditEntry, Membership, Role, User
from withus.pooling import ledger, services
from withus.pooling.models import GroupMember, Interest, Invitation, LedgerEntry, PoolingGroup

pytestmark = pytest.mark.django_db

JOINED = date(2026, 1, 1)


def _member(area, name: str) -> User:
    user = User.objects.create_user(username=name.lower(), display_name=name)
    Membership.objects.create(user=user, local_area=area, role=Role.BUDGET_HOLDER)
    holder = services.budget_record(
        by=user,
        user=user,
        local_area=area,
        kind="direct_payment",
        amount=Decimal("900.00"),
        period="month",
        interests=[Interest.objects.get_or_create(name="swimming")[0]],
        locality="NV1",
    )
    services.pooling_consent_set(by=user, holder=holder, consent=True)
    return user


@pytest.fixture
def people(area) -> list[User]:
    # Made in this order, so Ann has the lowest id and Cal the highest.
    return [_member(area, name) for name in ("Ann", "Bea", "Cal")]


@pytest.fixture
def group(area, facilitator, people) -> PoolingGroup:
    group = services.group_create(
        by=facilitator,
        local_area=area,
        name="Saturday swimming",
        purpose="A shared personal assistant for swimming.",
        split_rule="hours",
        contribution=Decimal("50.00"),
        contribution_period="month",
        savings_kept_until=date(2027, 12, 31),
        invite=dict.fromkeys(people, ""),
    )
    for invitation in Invitation.objects.filter(group=group):
        services.invitation_answer(
            by=invitation.user, invitation=invitation, accept=True, on=JOINED
        )
    for person in people:
        services.contribution_record(
            by=person, group=group, amount=Decimal("50.00"), on=date(2026, 1, 5)
        )
    return group


def _on(day: date) -> dict:
    return {"on_0": str(day.day), "on_1": str(day.month), "on_2": str(day.year)}


def _cost(client, group, people, amount: str, hours, day: date):
    data = {"description": "Personal assistant", "amount": amount, **_on(day)}
    for person, used in zip(people, hours, strict=True):
        data[f"hours_{person.pk}"] = used
    return client.post(f"/pooling/groups/{group.pk}/cost/", data)


def _balances(client, group) -> dict[str, str]:
    """Each current member's balance as the group page shows it."""
    page = client.get(f"/pooling/groups/{group.pk}/").content.decode()
    table = page.split("Members and what each has in the pool", 1)[1].split("</table>", 1)[0]
    rows = re.findall(
        r'<th scope="row" class="govuk-table__header">(.*?)</th>'
        r'<td class="govuk-table__cell">.*?</td>'
        r'<td class="govuk-table__cell govuk-table__cell--numeric">(.*?)</td>',
        table,
    )
    return dict(rows)


def _error(page: str, field: str) -> str:
    assert f'id="id_{field}-error"' in page, f"no error next to {field}"
    return page.split(f'id="id_{field}-error"', 1)[1].split("</p>", 1)[0]


def test_it_records_a_payment_made_on_the_page(client, group, people):
    client.force_login(people[1])

    response = client.post(
        f"/pooling/groups/{group.pk}/pay-in/", {"amount": "£12.34", **_on(date(2026, 1, 9))}
    )

    assert response.status_code == 302
    assert response["Location"] == f"/pooling/groups/{group.pk}/"
    entry = LedgerEntry.objects.filter(kind="contribution").latest("id")
    assert (entry.member, entry.amount, entry.on) == (people[1], Decimal("12.34"), date(2026, 1, 9))
    assert entry.recorded_by == people[1]
    assert _balances(client, group) == {"Ann": "£50.00", "Bea": "£62.34", "Cal": "£50.00"}


def test_it_splits_a_cost_by_hours_as_worked_by_hand(client, group, people):
    client.force_login(people[0])

    # £46.50 for 1, 1 and 1 hours: £15.50 each, no pennies left over.
    response = _cost(client, group, people, "£46.50", ["1", "1", "1"], date(2026, 1, 31))
    assert response.status_code == 302
    assert _balances(client, group) == {"Ann": "£34.50", "Bea": "£34.50", "Cal": "£34.50"}

    # £10.00 for 1, 1 and 1 hours: 333p each, 1p left over, to the lowest id (Ann).
    _cost(client, group, people, "£10.00", ["1", "1", "1"], date(2026, 2, 28))
    assert _balances(client, group) == {"Ann": "£31.16", "Bea": "£31.17", "Cal": "£31.17"}

    # £1.00 for 1, 2 and 0 hours: exactly 33.3p and 66.7p, so 33p and 66p, and
    # the penny left over goes to Bea, whose share lost most in rounding down.
    _cost(client, group, people, "1.00", ["1", "2", ""], date(2026, 3, 31))
    assert _balances(client, group) == {"Ann": "£30.83", "Bea": "£30.50", "Cal": "£31.17"}

    # £35.00 for 2.5, 1 and 0 hours: £25.00 and £10.00.
    _cost(client, group, people, "35", ["2.5", "1", "0"], date(2026, 3, 31))
    assert _balances(client, group) == {"Ann": "£5.83", "Bea": "£20.50", "Cal": "£31.17"}

    costs = LedgerEntry.objects.filter(kind="cost").order_by("id")
    assert [c.amount for c in costs] == [Decimal(v) for v in ("46.50", "10.00", "1.00", "35.00")]
    assert costs[2].hours == {str(people[0].pk): "1", str(people[1].pk): "2"}
    assert AuditEntry.objects.filter(action="pooling.cost").count() == 4


def test_it_lets_the_facilitator_record_a_cost(client, group, people, facilitator):
    client.force_login(facilitator)

    response = _cost(client, group, people, "£30.00", ["2", "1", "0"], date(2026, 2, 1))

    assert response.status_code == 302
    assert _balances(client, group) == {"Ann": "£30.00", "Bea": "£40.00", "Cal": "£50.00"}
    assert LedgerEntry.objects.get(kind="cost").recorded_by == facilitator


def test_it_refuses_a_cost_someone_cannot_pay_and_saves_nothing(client, group, people):
    client.force_login(people[2])
    _cost(client, group, people, "£10.00", ["1", "1", "1"], date(2026, 2, 1))
    entries = LedgerEntry.objects.count()

    # Left: Ann £46.66, Bea and Cal £46.67. £150.00 for 1, 1 and 1 hours is
    # £50.00 each, more than anyone has; the first short by id is named.
    response = _cost(client, group, people, "£150.00", ["1", "1", "1"], date(2026, 2, 2))

    assert response.status_code == 200
    error = _error(response.content.decode(), "amount")
    assert (
        "Ann does not have enough left in the pool: their share is £50.00 but they have £46.66."
        in error
    )
    assert LedgerEntry.objects.count() == entries
    assert AuditEntry.objects.filter(action="pooling.cost").count() == 1
    assert _balances(client, group) == {"Ann": "£46.66", "Bea": "£46.67", "Cal": "£46.67"}


def test_it_names_the_one_member_who_is_short(client, group, people):
    client.force_login(people[0])

    # £60 for 0, 0 and 1 hours: all of it is Cal's share, and Cal has £50.
    response = _cost(client, group, people, "60.00", ["", "", "1"], date(2026, 2, 1))

    error = _error(response.content.decode(), "amount")
    assert "Cal does not have enough left in the pool" in error
    assert "£60.00 but they have £50.00" in error
    assert not LedgerEntry.objects.filter(kind="cost").exists()


def test_it_refuses_a_date_before_the_last_entry(client, group, people):
    client.force_login(people[0])

    response = client.post(
        f"/pooling/groups/{group.pk}/pay-in/", {"amount": "10.00", **_on(date(2026, 1, 4))}
    )

    assert response.status_code == 200
    error = _error(response.content.decode(), "on")
    assert "The date must be on or after 5 January 2026, the last entry in the ledger." in error
    assert LedgerEntry.objects.filter(kind="contribution").count() == 3


def test_it_takes_the_same_date_as_the_last_entry(client, group, people):
    client.force_login(people[0])

    response = _cost(client, group, people, "3.00", ["1", "1", "1"], date(2026, 1, 5))

    assert response.status_code == 302
    assert _balances(client, group) == {"Ann": "£49.00", "Bea": "£49.00", "Cal": "£49.00"}


def test_it_returns_a_leavers_balance_and_the_group_carries_on(client, group, people):
    ann, bea, cal = people
    client.force_login(ann)
    _cost(client, group, people, "£10.00", ["1", "1", "1"], date(2026, 2, 1))  # Bea £46.67
    client.force_login(bea)
    assert "The £46.67 you have in the pool goes back" in (
        client.get(f"/pooling/groups/{group.pk}/leave/").content.decode()
    )

    response = client.post(f"/pooling/groups/{group.pk}/leave/", _on(date(2026, 2, 15)))

    assert response.status_code == 302
    assert response["Location"] == f"/pooling/groups/{group.pk}/statement/"
    statement = client.get(response["Location"])
    assert statement.status_code == 200
    assert "£46.67 returned to your own budget" in statement.content.decode()
    assert "You left on 15 February 2026" in statement.content.decode()
    left = LedgerEntry.objects.get(kind="leave")
    assert (left.member, left.amount) == (bea, Decimal("46.67"))
    assert GroupMember.objects.get(user=bea).left_on == date(2026, 2, 15)
    # Bea may read her statement, but the group is no longer hers to see.
    assert client.get(f"/pooling/groups/{group.pk}/").status_code == 403
    assert client.get(f"/pooling/groups/{group.pk}/pay-in/").status_code == 403

    client.force_login(cal)
    assert _balances(client, group) == {"Ann": "£46.66", "Cal": "£46.67"}
    page = client.get(f"/pooling/groups/{group.pk}/").content.decode()
    assert "People who have left" in page and "£46.67" in page.split("People who have left")[1]
    paid = client.post(
        f"/pooling/groups/{group.pk}/pay-in/", {"amount": "25.00", **_on(date(2026, 3, 1))}
    )
    assert paid.status_code == 302
    # A cost is now shared by the two who are left: £9.00 for 1 and 2 hours.
    client.force_login(ann)
    _cost(client, group, [ann, cal], "9.00", ["1", "2"], date(2026, 3, 2))
    assert _balances(client, group) == {"Ann": "£43.66", "Cal": "£65.67"}

    # Nothing lost: what is in the pool, handed back and spent is what was paid in.
    rows = list(LedgerEntry.objects.filter(group=group).order_by("on", "id"))
    contributed = sum(r.amount for r in rows if r.kind == "contribution")
    spent = sum(r.amount for r in rows if r.kind == "cost")
    returned = sum(r.amount for r in rows if r.kind == "leave")
    in_pool = sum(ledger.run(services.as_ledger_entries(rows)).balances.values())
    assert contributed == Decimal("175.00")
    assert (in_pool, returned, spent) == (Decimal("109.33"), Decimal("46.67"), Decimal("19.00"))
    assert in_pool + returned + spent == contributed


def test_it_refuses_a_leaving_date_before_the_last_entry(client, group, people):
    client.force_login(people[0])

    response = client.post(f"/pooling/groups/{group.pk}/leave/", _on(date(2026, 1, 2)))

    assert response.status_code == 200
    assert "on or after 5 January 2026" in _error(response.content.decode(), "on")
    assert GroupMember.objects.get(user=people[0]).left_on is None
    assert not LedgerEntry.objects.filter(kind="leave").exists()
