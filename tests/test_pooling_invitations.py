"""A facilitator sets up a group from a suggestion; each person invited says yes or no."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from withus.core.models import AuditEntry, Membership, Role, User
from withus.pooling import services
from withus.pooling.models import GroupMember, Interest, Invitation, LedgerEntry, PoolingGroup

pytestmark = pytest.mark.django_db

NEW_URL = "/areas/northvale/pooling/groups/new/"
ME_URL = "/areas/northvale/pooling/me/"


def _holders(area, names, *, consent=True) -> list[User]:
    swimming = Interest.objects.get_or_create(name="swimming")[0]
    people = []
    for name in names:
        user = User.objects.create_user(username=name.lower().replace(" ", ""), display_name=name)
        Membership.objects.create(user=user, local_area=area, role=Role.BUDGET_HOLDER)
        holder = services.budget_record(
            by=user,
            user=user,
            local_area=area,
            kind="direct_payment",
            amount=Decimal("600.00"),
            period="month",
            interests=[swimming],
            locality="NV1",
        )
        services.pooling_consent_set(by=user, holder=holder, consent=consent)
        people.append(user)
    return people


def _url(people) -> str:
    return NEW_URL + "?" + "&".join(f"person={p.pk}" for p in people)


def _form(people, **changes) -> dict:
    data = {
        "name": "Saturday swimming",
        "purpose": "Sharing a personal assistant for swimming.",
        "split_rule": "hours",
        "contribution": "£100.00",
        "contribution_period": "month",
        "savings_kept_until_0": "31",
        "savings_kept_until_1": "12",
        "savings_kept_until_2": "2027",
        "people": [str(p.pk) for p in people],
        "reasons": "All three like swimming and live in NV1.",
    }
    data.update(changes)
    return data


def _error(page: str, field: str) -> str:
    assert f'id="id_{field}-error"' in page, f"no error next to {field}"
    return page.split(f'id="id_{field}-error"', 1)[1].split("</p>", 1)[0]


def _group(area, facilitator, people) -> PoolingGroup:
    return services.group_create(
        by=facilitator,
        local_area=area,
        name="Saturday swimming",
        purpose="Swimming.",
        split_rule="equal",
        contribution=Decimal("100.00"),
        contribution_period="month",
        savings_kept_until=date(2027, 12, 31),
        invite=dict.fromkeys(people, "Suggested for swimming."),
    )


def test_it_offers_the_suggested_people_already_chosen(client, area, facilitator):
    people = _holders(area, ["Ann Able", "Ben Bold", "Cat Cole"])
    client.force_login(facilitator)

    page = client.get(_url(people)).content.decode()

    for person in people:
        assert str(person) in page
        assert f'value="{person.pk}" checked' in page


def test_it_sets_up_the_group_and_invites_the_people_chosen(client, area, facilitator):
    people = _holders(area, ["Ann Able", "Ben Bold", "Cat Cole"])
    client.force_login(facilitator)

    response = client.post(_url(people), _form(people))

    group = PoolingGroup.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/pooling/groups/{group.pk}/"
    assert group.facilitator == facilitator
    assert group.local_area == area
    assert group.contribution == Decimal("100.00")
    assert group.split_rule == "hours"
    assert group.savings_kept_until == date(2027, 12, 31)
    invitations = Invitation.objects.filter(group=group)
    assert {i.user for i in invitations} == set(people)
    assert {i.status for i in invitations} == {Invitation.Status.WAITING}
    assert {i.reasons for i in invitations} == {"All three like swimming and live in NV1."}
    # Nobody is a member until they say yes.
    assert not GroupMember.objects.exists()
    assert not LedgerEntry.objects.exists()
    audit = AuditEntry.objects.get(action="pooling.group_create")
    assert audit.data["invited"] == sorted(p.pk for p in people)


@pytest.mark.parametrize("how_many", [2, 9])
def test_it_keeps_a_group_to_3_to_8_people(client, area, facilitator, how_many):
    people = _holders(area, [f"Person {n}" for n in range(how_many)])
    client.force_login(facilitator)

    response = client.post(_url(people), _form(people))

    assert response.status_code == 200
    assert "A group has 3 to 8 people." in _error(response.content.decode(), "people")
    assert not PoolingGroup.objects.exists()
    assert not Invitation.objects.exists()


def test_it_allows_exactly_8_people(client, area, facilitator):
    people = _holders(area, [f"Person {n}" for n in range(8)])
    client.force_login(facilitator)

    response = client.post(_url(people), _form(people))

    assert response.status_code == 302
    assert Invitation.objects.count() == 8


def test_it_refuses_someone_who_has_not_agreed_naming_them(area, facilitator):
    agreed = _holders(area, ["Ann Able", "Ben Bold"])
    (not_agreed,) = _holders(area, ["Dot Dunn"], consent=False)

    with pytest.raises(ValidationError) as refused:
        _group(area, facilitator, [*agreed, not_agreed])

    assert "Dot Dunn" in " ".join(refused.value.messages)
    assert "Ann Able" not in " ".join(refused.value.messages)
    assert not PoolingGroup.objects.exists()


def test_it_does_not_offer_someone_who_has_not_agreed(client, area, facilitator):
    agreed = _holders(area, ["Ann Able", "Ben Bold", "Cat Cole"])
    (not_agreed,) = _holders(area, ["Dot Dunn"], consent=False)
    client.force_login(facilitator)

    page = client.get(_url([*agreed, not_agreed])).content.decode()

    assert "Dot Dunn" not in page


def test_it_names_someone_who_said_no_after_the_form_was_opened(client, area, facilitator):
    people = _holders(area, ["Ann Able", "Ben Bold", "Cat Cole"])
    client.force_login(facilitator)
    client.get(_url(people))
    holder = people[2].budgets.get()
    services.pooling_consent_set(by=people[2], holder=holder, consent=False)

    response = client.post(_url(people), _form(people))

    assert response.status_code == 200
    page = response.content.decode()
    assert "These people have not agreed to be suggested for pooling: Cat Cole." in page
    assert not PoolingGroup.objects.exists()
    assert not Invitation.objects.exists()


def test_it_makes_someone_who_accepts_a_member_with_a_join_entry(client, area, facilitator):
    people = _holders(area, ["Ann Able", "Ben Bold", "Cat Cole"])
    group = _group(area, facilitator, people)
    invitation = Invitation.objects.get(group=group, user=people[0])
    client.force_login(people[0])
    assert "You are invited to join Saturday swimming." in client.get(ME_URL).content.decode()

    response = client.post(f"/pooling/invitations/{invitation.pk}/", {"answer": "accept"})

    assert response.status_code == 302
    assert response["Location"] == f"/pooling/groups/{group.pk}/"
    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.ACCEPTED
    member = GroupMember.objects.get()
    assert (member.group, member.user, member.left_on) == (group, people[0], None)
    assert member.joined_on == timezone.localdate()
    join = LedgerEntry.objects.get()
    assert (join.kind, join.member, join.amount) == ("join", people[0], Decimal("0.00"))
    assert client.get(response["Location"]).status_code == 200
    # The other two are still waiting.
    assert Invitation.objects.filter(status="waiting").count() == 2


def test_it_does_not_add_someone_who_declines(client, area, facilitator):
    people = _holders(area, ["Ann Able", "Ben Bold", "Cat Cole"])
    group = _group(area, facilitator, people)
    invitation = Invitation.objects.get(group=group, user=people[1])
    client.force_login(people[1])

    response = client.post(
        f"/pooling/invitations/{invitation.pk}/", {"answer": "decline"}, follow=True
    )

    assert "You said no. Nobody in the group is told why." in response.content.decode()
    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.DECLINED
    assert not GroupMember.objects.exists()
    assert not LedgerEntry.objects.exists()
    assert client.get(f"/pooling/groups/{group.pk}/").status_code == 403


@pytest.mark.parametrize("first, second", [("accept", "decline"), ("decline", "accept")])
def test_it_says_so_when_someone_answers_twice(client, area, facilitator, first, second):
    people = _holders(area, ["Ann Able", "Ben Bold", "Cat Cole"])
    group = _group(area, facilitator, people)
    invitation = Invitation.objects.get(group=group, user=people[0])
    client.force_login(people[0])
    url = f"/pooling/invitations/{invitation.pk}/"
    client.post(url, {"answer": first})

    response = client.post(url, {"answer": second}, follow=True)

    assert "You have already answered this invitation." in response.content.decode()
    invitation.refresh_from_db()
    assert invitation.status == ("accepted" if first == "accept" else "declined")
    assert GroupMember.objects.count() == (1 if first == "accept" else 0)
    assert LedgerEntry.objects.count() == (1 if first == "accept" else 0)
    assert AuditEntry.objects.filter(action="pooling.invitation").count() == 1


def test_it_lets_nobody_else_answer_an_invitation(client, area, facilitator):
    people = _holders(area, ["Ann Able", "Ben Bold", "Cat Cole"])
    group = _group(area, facilitator, people)
    invitation = Invitation.objects.get(group=group, user=people[0])
    client.force_login(people[1])

    response = client.post(f"/pooling/invitations/{invitation.pk}/", {"answer": "accept"})

    assert response.status_code == 403
    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.WAITING
    assert not GroupMember.objects.exists()
