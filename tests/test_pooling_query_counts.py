"""Each pooling page runs the same number of queries however much it shows.

Every test measures a page with little data, grows the data (40 consenting
budget holders, a group of 8 with a year of ledger entries, notes and
outcomes, several groups), and measures again. The two counts must be equal,
so no page runs a query per row, and the count is pinned to today's figure so
a new query shows up here. Every signed-in page loads the session, the user
and the user's roles (3 queries).
"""

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from withus.core.models import Membership, Role, User
from withus.pooling import queries, services
from withus.pooling.models import Interest, Invitation, PoolingGroup

pytestmark = pytest.mark.django_db

MY_BUDGET_QUERIES = 8  # + the area, the budget, its interests, the groups, the invitations
FACILITATE_QUERIES = 10  # + the area, who is busy (2), holders, interests, groups, members
GROUP_QUERIES = 9  # + the group, whether a member, members, ledger, outcomes, notes
SUMMARY_QUERIES = 8  # + the area, groups, ledger, people in groups, outcomes

MONTHS = [date(2025, 12, 1)] + [date(2026, m, 1) for m in range(1, 12)]
INTERESTS = ["art", "cinema", "cooking", "gardening", "music", "swimming", "walking"]


def _holder(area, name: str, interests=("swimming",), locality="NV1") -> User:
    user = User.objects.create_user(username=name.lower().replace(" ", ""), display_name=name)
    Membership.objects.create(user=user, local_area=area, role=Role.BUDGET_HOLDER)
    return _budget(area, user, interests, locality)


def _budget(area, user, interests=("swimming",), locality="NV1") -> User:
    holder = services.budget_record(
        by=user,
        user=user,
        local_area=area,
        kind="direct_payment",
        amount=Decimal("800.00"),
        period="month",
        interests=[Interest.objects.get_or_create(name=n)[0] for n in interests],
        locality=locality,
    )
    services.pooling_consent_set(by=user, holder=holder, consent=True)
    return user


def _group(area, facilitator, people, name, *, split="equal", join=True) -> PoolingGroup:
    group = services.group_create(
        by=facilitator,
        local_area=area,
        name=name,
        purpose="Doing things together.",
        split_rule=split,
        contribution=Decimal("100.00"),
        contribution_period="month",
        savings_kept_until=date(2027, 12, 31),
        invite=dict.fromkeys(people, ""),
    )
    if join:
        for invitation in Invitation.objects.filter(group=group):
            services.invitation_answer(
                by=invitation.user, invitation=invitation, accept=True, on=MONTHS[0]
            )
    return group


def _year(group, facilitator, people, months=MONTHS, *, hours=False) -> None:
    for n, month in enumerate(months):
        for person in people:
            services.contribution_record(by=person, group=group, amount=Decimal("100.00"), on=month)
        services.cost_record(
            by=facilitator,
            group=group,
            description=f"Session {n:02d}",
            amount=Decimal("61.00"),
            on=month.replace(day=20),
            hours={p.pk: Decimal(1 + i % 3) for i, p in enumerate(people)} if hours else None,
        )


def _outcomes(group, people) -> None:
    for i, person in enumerate(people):
        for stage, score in (("baseline", 18 + i % 5), ("follow_up", 21 + i % 4)):
            services.outcome_record(
                by=person,
                group=group,
                stage=stage,
                wellbeing=score,
                gp_visits=i % 4,
                ae_visits=i % 2,
                on=MONTHS[0],
            )


def _count(client, url: str) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(captured), response.content.decode()


def _pin(client, url, small, large, expected, django_assert_max_num_queries) -> None:
    assert small == large, f"{url}: {small} queries with little data, {large} with more"
    assert large == expected, f"{url}: {large} queries, expected {expected}"
    with django_assert_max_num_queries(expected):
        client.get(url)


def test_it_shows_my_budget_page_in_fixed_queries(
    client, area, budget_holder, facilitator, django_assert_max_num_queries
):
    url = "/areas/northvale/pooling/me/"
    _budget(area, budget_holder)
    client.force_login(budget_holder)
    small, _page = _count(client, url)

    _budget(area, budget_holder, INTERESTS)
    others = [_holder(area, f"Other {n}") for n in range(6)]
    for n in range(3):
        group = _group(area, facilitator, [budget_holder, *others[n : n + 2]], f"Joined {n}")
        services.contribution_record(
            by=budget_holder, group=group, amount=Decimal("5.00"), on=MONTHS[1]
        )
    services.member_leave(by=budget_holder, group=group, on=MONTHS[2])
    for n in range(4):
        _group(area, facilitator, [budget_holder, *others[n : n + 2]], f"Invited {n}", join=False)
    large, page = _count(client, url)

    _pin(client, url, small, large, MY_BUDGET_QUERIES, django_assert_max_num_queries)
    assert ", ".join(INTERESTS) in page
    assert page.count("You are invited to join Invited") == 4
    assert "Joined 0" in page and "Joined 1" in page
    assert "Your final statement for Joined 2" in page


def test_it_shows_the_facilitate_page_in_fixed_queries(
    client, area, facilitator, django_assert_max_num_queries
):
    url = "/areas/northvale/pooling/"
    first = [_holder(area, f"Swimmer {n:02d}") for n in range(3)]
    _group(area, facilitator, [_holder(area, f"Member {n}", ("art",)) for n in range(3)], "Art")
    client.force_login(facilitator)
    small, page = _count(client, url)
    assert "3 people" in page

    # 40 consenting holders in all: 7 interests, 4 places.
    holders = list(first)
    for n in range(3, 40):
        likes = (INTERESTS[n % 7], INTERESTS[(n + 3) % 7])
        holders.append(_holder(area, f"Swimmer {n:02d}", likes, f"NV{n % 4 + 1}"))
    for n in range(3):
        members = [_holder(area, f"Walker {n}{m}", ("walking",)) for m in range(3 + n)]
        _group(area, facilitator, members, f"Walking {n}")
    large, page = _count(client, url)

    _pin(client, url, small, large, FACILITATE_QUERIES, django_assert_max_num_queries)
    suggestions = queries.suggestions(area)
    assert len(suggestions) >= 5
    assert page.count("Set up group") == len(suggestions)
    assert page.count("Swimmer ") == sum(len(s.people) for s in suggestions) > 20
    assert "Walking 2</a> (5 members)" in page
    assert "Art</a> (3 members)" in page


def test_it_shows_the_group_page_in_fixed_queries(
    client, area, facilitator, django_assert_max_num_queries
):
    people = [_holder(area, f"Member {n}") for n in range(8)]
    group = _group(area, facilitator, people[:3], "Swimming", split="hours")
    _year(group, facilitator, people[:3], MONTHS[:1], hours=True)
    url = f"/pooling/groups/{group.pk}/"
    client.force_login(people[0])
    small, _page = _count(client, url)

    for person in people[3:]:
        invitation = Invitation.objects.create(group=group, user=person)
        services.invitation_answer(by=person, invitation=invitation, accept=True, on=MONTHS[1])
    _year(group, facilitator, people, MONTHS[1:], hours=True)
    services.member_leave(by=people[7], group=group, on=MONTHS[-1].replace(day=25))
    for n in range(12):
        services.note_add(by=people[n % 8], group=group, text=f"Message number {n}")
    _outcomes(group, people)
    large, page = _count(client, url)

    _pin(client, url, small, large, GROUP_QUERIES, django_assert_max_num_queries)
    assert page.count("Session ") == 12
    assert page.count("Message number") == 12
    assert "People who have left" in page
    assert "Member 7" in page.split("People who have left")[1]
    client.force_login(facilitator)
    assert _count(client, url)[0] == GROUP_QUERIES


def test_it_shows_the_summary_page_in_fixed_queries(
    client, area, facilitator, commissioner, django_assert_max_num_queries
):
    url = "/areas/northvale/pooling/summary/"
    people = [_holder(area, f"Member {n}") for n in range(5)]
    group = _group(area, facilitator, people, "First")
    _year(group, facilitator, people, MONTHS[:1])
    client.force_login(commissioner)
    small, page = _count(client, url)
    assert "£439.00" in page  # 5 × £100.00 paid in, £61.00 spent

    _year(group, facilitator, people, MONTHS[1:])
    _outcomes(group, people)
    for n in range(4):
        members = [_holder(area, f"Extra {n}{m}") for m in range(4)]
        more = _group(area, facilitator, members, f"Extra {n}")
        _year(more, facilitator, members)
        _outcomes(more, members)
    large, page = _count(client, url)

    _pin(client, url, small, large, SUMMARY_QUERIES, django_assert_max_num_queries)
    # 5 groups, 21 people; each paid £1,200.00 over 12 months, and each group spent £732.00.
    assert ">5</dd>" in page
    assert ">21</dd>" in page
    assert "£21,540.00" in page
