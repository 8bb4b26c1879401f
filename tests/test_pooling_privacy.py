"""A group's page, notes and statements are its members' own; the council sees totals.

Nobody outside the group (not a commissioner, not an area admin, not another
facilitator, not someone from another area) sees inside it, and each refusal
is in the audit log. The commissioners' summary shows totals only, and
nothing at all that rests on fewer than 5 people.
"""

import re
from datetime import date
from decimal import Decimal

import pytest

from withus.core.models import AuditEntry, Membership, Role, User
from withus.pooling import services
from withus.pooling.models import GroupNote, Interest, Invitation, PoolingGroup

pytestmark = pytest.mark.django_db

SUMMARY_URL = "/areas/northvale/pooling/summary/"
NOT_SHOWN = "Not shown (fewer than 5 people)"
GROUP_NAME = "Thursday cinema club"
NOTE = "Dee finds the bus there hard on Thursdays"
NAMES = ["Ann Ash", "Bob Birch", "Cy Cedar", "Dee Dogwood", "Eve Elm", "Fay Fir"]


def _member(area, name: str) -> User:
    user = User.objects.create_user(username=name.lower().replace(" ", ""), display_name=name)
    Membership.objects.create(user=user, local_area=area, role=Role.BUDGET_HOLDER)
    holder = services.budget_record(
        by=user,
        user=user,
        local_area=area,
        kind="direct_payment",
        amount=Decimal("700.00"),
        period="month",
        interests=[Interest.objects.get_or_create(name="cinema")[0]],
        locality="NV2",
    )
    services.pooling_consent_set(by=user, holder=holder, consent=True)
    return user


def _group(area, facilitator, people, name=GROUP_NAME) -> PoolingGroup:
    group = services.group_create(
        by=facilitator,
        local_area=area,
        name=name,
        purpose="Going to the cinema together with a shared support worker.",
        split_rule="equal",
        contribution=Decimal("50.00"),
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
            by=person, group=group, amount=Decimal("50.00"), on=date(2026, 1, 2)
        )
    return group


@pytest.fixture
def members(area) -> list[User]:
    return [_member(area, n) for n in NAMES[:5]]


@pytest.fixture
def group(area, facilitator, members) -> PoolingGroup:
    group = _group(area, facilitator, members)
    services.cost_record(
        by=facilitator,
        group=group,
        description="Support worker",
        amount=Decimal("10.00"),
        on=date(2026, 1, 20),
    )
    services.note_add(by=members[3], group=group, text=NOTE)
    return group


@pytest.fixture
def other_facilitator(area) -> User:
    user = User.objects.create_user(username="otherfac", display_name="Other Facilitator")
    Membership.objects.create(user=user, local_area=area, role=Role.FACILITATOR)
    return user


OUTSIDERS = ["commissioner", "area_admin", "other_facilitator", "outsider"]


def _leaks(page: str) -> list[str]:
    private = [GROUP_NAME, NOTE, "Support worker", *NAMES[:5]]
    return [text for text in private if text in page]


@pytest.mark.parametrize("who", OUTSIDERS)
@pytest.mark.parametrize("page", ["", "statement/", "pay-in/", "cost/", "leave/", "outcomes/"])
def test_it_refuses_group_pages_to_anyone_outside_and_audits_it(client, request, group, who, page):
    person = request.getfixturevalue(who)
    client.force_login(person)
    url = f"/pooling/groups/{group.pk}/{page}"

    response = client.get(url)

    assert response.status_code == 403
    assert _leaks(response.content.decode()) == []
    refused = AuditEntry.objects.filter(action="access.denied", actor=person).latest("id")
    assert refused.data["path"] == url
    assert refused.object_type == "pooling.poolinggroup"
    assert refused.object_id == str(group.pk)


@pytest.mark.parametrize("who", OUTSIDERS)
def test_it_refuses_notes_to_anyone_outside_and_saves_nothing(client, request, group, who):
    person = request.getfixturevalue(who)
    client.force_login(person)

    response = client.post(f"/pooling/groups/{group.pk}/notes/", {"text": "Let me in"})

    assert response.status_code == 403
    assert _leaks(response.content.decode()) == []
    assert list(GroupNote.objects.values_list("text", flat=True)) == [NOTE]
    assert AuditEntry.objects.filter(action="access.denied", actor=person).exists()


def test_it_shows_the_group_its_own_notes(client, group, members, facilitator):
    for person in (members[0], facilitator):
        client.force_login(person)
        page = client.get(f"/pooling/groups/{group.pk}/").content.decode()
        assert NOTE in page
        assert "Eve Elm" in page
    assert not AuditEntry.objects.filter(action="access.denied").exists()


def _summary(client, commissioner) -> str:
    client.force_login(commissioner)
    response = client.get(SUMMARY_URL)
    assert response.status_code == 200
    return response.content.decode()


def _figures(page: str) -> dict[str, str]:
    return dict(
        re.findall(
            r'<dt class="govuk-summary-list__key">(.*?)</dt>'
            r'<dd class="govuk-summary-list__value">(.*?)</dd>',
            page,
        )
    )


def _change_row(page: str, measure: str) -> list[str]:
    row = next(r for r in page.split('<tr class="govuk-table__row">') if measure in r)
    # A fall may be shown with a typographic minus sign; the number is what counts here.
    return [c.replace("\u2212", "-") for c in re.findall(r"<td[^>]*>(.*?)</td>", row)]


def _outcomes(group, people, before_after):
    for person, ((wb0, gp0, ae0), (wb1, gp1, ae1)) in zip(people, before_after, strict=True):
        for stage, wb, gp, ae in (("baseline", wb0, gp0, ae0), ("follow_up", wb1, gp1, ae1)):
            services.outcome_record(
                by=person,
                group=group,
                stage=stage,
                wellbeing=wb,
                gp_visits=gp,
                ae_visits=ae,
                on=date(2026, 1, 2),
            )


def test_it_withholds_every_figure_with_4_people_in_groups(client, area, facilitator, commissioner):
    people = [_member(area, n) for n in NAMES[:4]]
    group = _group(area, facilitator, people)
    services.note_add(by=people[0], group=group, text=NOTE)

    page = _summary(client, commissioner)

    assert _figures(page) == {
        "Pooling groups": NOT_SHOWN,
        "People in groups now": NOT_SHOWN,
        "Money in the pools now": NOT_SHOWN,
    }
    assert "£200.00" not in page
    assert _leaks(page) == []


def test_it_shows_totals_with_5_people_and_nothing_about_them(client, group, commissioner):
    page = _summary(client, commissioner)

    # 5 people paid in £50.00 each and shared a £10.00 cost: £240.00 left.
    assert _figures(page) == {
        "Pooling groups": "1",
        "People in groups now": "5",
        "Money in the pools now": "£240.00",
    }
    assert NOT_SHOWN not in page
    assert _leaks(page) == []
    assert "Going to the cinema together" not in page


def test_it_counts_a_person_in_two_groups_once(client, area, facilitator, commissioner):
    people = [_member(area, n) for n in NAMES[:4]]
    _group(area, facilitator, people)
    _group(area, facilitator, people, name="Second group")

    page = _summary(client, commissioner)

    # 8 places in groups, but only 4 people: still too few to show.
    assert _figures(page)["People in groups now"] == NOT_SHOWN
    assert _figures(page)["Money in the pools now"] == NOT_SHOWN


def test_it_stops_counting_someone_who_left(client, group, members, commissioner):
    services.member_leave(by=members[4], group=group, on=date(2026, 2, 1))

    assert _figures(_summary(client, commissioner))["People in groups now"] == NOT_SHOWN


def test_it_withholds_outcome_change_below_5_people_measured_twice(
    client, group, members, commissioner
):
    _outcomes(
        group,
        members[:4],
        [((20, 3, 1), (25, 2, 0)), ((18, 2, 0), (20, 2, 0)), ((22, 4, 1), (22, 1, 1))]
        + [((15, 1, 0), (21, 1, 0))],
    )
    # The fifth person has only been measured once.
    services.outcome_record(
        by=members[4],
        group=group,
        stage="baseline",
        wellbeing=25,
        gp_visits=5,
        ae_visits=2,
        on=date(2026, 1, 2),
    )

    page = _summary(client, commissioner)

    assert _figures(page)["People in groups now"] == "5"
    cells = _change_row(page, "Wellbeing score")
    assert cells[0] == "4"
    assert len(cells) == 2  # the people measured twice, then no figures at all
    assert "Not shown: fewer than 5 people" in cells[1]


def test_it_shows_outcome_change_worked_by_hand_for_5_people(client, group, members, commissioner):
    _outcomes(
        group,
        members,
        [
            ((20, 3, 1), (25, 2, 0)),
            ((18, 2, 0), (20, 2, 0)),
            ((22, 4, 1), (22, 1, 1)),
            ((15, 1, 0), (21, 1, 0)),
            ((25, 5, 2), (27, 3, 1)),
        ],
    )

    page = _summary(client, commissioner)

    # Wellbeing: 100 / 5 = 20.0 at the start, 115 / 5 = 23.0 at follow-up.
    assert _change_row(page, "Wellbeing score") == ["5", "20.0", "23.0", "+3.0"]
    # GP visits: 15 / 5 = 3.0, then 9 / 5 = 1.8.
    assert _change_row(page, "GP visits") == ["5", "3.0", "1.8", "-1.2"]
    # A&E visits: 4 / 5 = 0.8, then 2 / 5 = 0.4.
    assert _change_row(page, "A&E visits") == ["5", "0.8", "0.4", "-0.4"]
    assert _leaks(page) == []
