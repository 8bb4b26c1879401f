"""A budget holder records their budget and says yes, or no, to being suggested.

Saying no takes effect at once: the person leaves the facilitator's
suggestions on the very next request, and invitations still waiting for them
are declined.
"""

from datetime import date
from decimal import Decimal

import pytest

from withus.core.models import AuditEntry, Membership, Role, User
from withus.pooling import services
from withus.pooling.models import BudgetHolder, Interest, Invitation

pytestmark = pytest.mark.django_db

BUDGET_URL = "/areas/northvale/pooling/me/budget/"
CONSENT_URL = "/areas/northvale/pooling/me/consent/"
ME_URL = "/areas/northvale/pooling/me/"
FACILITATE_URL = "/areas/northvale/pooling/"


def _holder(area, user, *, interests=("swimming",), locality="NV1", consent=True):
    found = [Interest.objects.get_or_create(name=n)[0] for n in interests]
    holder = services.budget_record(
        by=user,
        user=user,
        local_area=area,
        kind="direct_payment",
        amount=Decimal("500.00"),
        period="month",
        interests=found,
        locality=locality,
    )
    if consent:
        holder = services.pooling_consent_set(by=user, holder=holder, consent=True)
    return holder


def _person(area, name: str) -> User:
    user = User.objects.create_user(username=name.lower().replace(" ", ""), display_name=name)
    Membership.objects.create(user=user, local_area=area, role=Role.BUDGET_HOLDER)
    return user


def test_it_saves_an_amount_typed_with_a_pound_sign_and_commas(client, area, budget_holder):
    swimming = Interest.objects.create(name="swimming")
    client.force_login(budget_holder)

    response = client.post(
        BUDGET_URL,
        {
            "kind": "direct_payment",
            "amount": "£1,450.00",
            "period": "month",
            "interests": [str(swimming.pk)],
            "locality": " nv1 ",
        },
    )

    assert response.status_code == 302
    assert response["Location"] == ME_URL
    holder = BudgetHolder.objects.get(user=budget_holder, local_area=area)
    assert holder.amount == Decimal("1450.00")
    assert holder.locality == "NV1"
    assert holder.period == "month"
    assert list(holder.interests.all()) == [swimming]
    assert holder.pooling_consent is False  # recording a budget is not saying yes
    page = client.get(ME_URL).content.decode()
    assert "£1,450.00" in page
    assert "NV1" in page


def test_it_puts_a_bad_amount_next_to_the_field_and_saves_nothing(client, area, budget_holder):
    client.force_login(budget_holder)

    response = client.post(
        BUDGET_URL,
        {"kind": "direct_payment", "amount": "lots", "period": "month", "locality": "NV1"},
    )

    assert response.status_code == 200
    page = response.content.decode()
    error = page.split('id="id_amount-error"', 1)[1].split("</p>", 1)[0]
    assert "Enter an amount in pounds" in error
    assert 'value="lots"' in page  # what they typed is kept for them to correct
    assert not BudgetHolder.objects.exists()
    assert not AuditEntry.objects.filter(action="budget.record").exists()


def test_it_changes_an_existing_budget_rather_than_adding_a_second(client, area, budget_holder):
    _holder(area, budget_holder, consent=False)
    client.force_login(budget_holder)

    client.post(
        BUDGET_URL,
        {"kind": "isf", "amount": "2,000.5", "period": "year", "locality": "nv2"},
    )

    holder = BudgetHolder.objects.get()
    assert (holder.kind, holder.amount, holder.period, holder.locality) == (
        "isf",
        Decimal("2000.50"),
        "year",
        "NV2",
    )
    assert list(holder.interests.all()) == []


def test_it_asks_for_the_budget_before_consent(client, area, budget_holder):
    client.force_login(budget_holder)

    response = client.post(CONSENT_URL, {"consent": "yes"})

    assert response.status_code == 302
    assert response["Location"] == BUDGET_URL
    assert not BudgetHolder.objects.exists()
    assert not AuditEntry.objects.filter(action="pooling.consent").exists()


def test_it_shows_and_audits_consent_given(client, area, budget_holder):
    _holder(area, budget_holder, consent=False)
    client.force_login(budget_holder)
    assert "You have not said yes" in client.get(ME_URL).content.decode()

    response = client.post(CONSENT_URL, {"consent": "yes"}, follow=True)

    page = response.content.decode()
    assert "You will be suggested for pooling groups." in page
    assert "You have said yes" in page
    assert "Stop suggesting me" in page
    holder = BudgetHolder.objects.get()
    assert holder.pooling_consent is True
    assert holder.consent_changed_at is not None
    entry = AuditEntry.objects.filter(action="pooling.consent").latest("id")
    assert entry.actor == budget_holder
    assert entry.object_id == str(holder.pk)
    assert entry.data["consent"] is True


def test_it_takes_a_withdrawal_off_the_suggestions_on_the_next_request(
    client, area, budget_holder, facilitator
):
    _holder(area, budget_holder)
    others = [_person(area, f"Swimmer {n}") for n in "ABC"]
    for other in others:
        _holder(area, other)
    client.force_login(facilitator)
    before = client.get(FACILITATE_URL).content.decode()
    assert "Budgetholder" in before
    assert all(str(o) in before for o in others)
    assert "4 people" in before

    client.force_login(budget_holder)
    response = client.post(CONSENT_URL, {"consent": "no"}, follow=True)
    assert "This has already taken effect." in response.content.decode()

    client.force_login(facilitator)
    after = client.get(FACILITATE_URL).content.decode()
    assert "Budgetholder" not in after
    # The other three are still suggested together, without them.
    assert all(str(o) in after for o in others)
    assert "3 people" in after
    entry = AuditEntry.objects.filter(action="pooling.consent").latest("id")
    assert entry.data["consent"] is False


def test_it_declines_waiting_invitations_when_consent_is_withdrawn(
    client, area, budget_holder, facilitator
):
    _holder(area, budget_holder)
    others = [_person(area, f"Swimmer {n}") for n in "ABC"]
    for other in others:
        _holder(area, other)
    details = {
        "by": facilitator,
        "local_area": area,
        "purpose": "Swimming together.",
        "split_rule": "equal",
        "contribution": Decimal("50.00"),
        "contribution_period": "month",
        "savings_kept_until": date(2027, 12, 31),
    }
    joined = services.group_create(
        name="Joined", invite=dict.fromkeys([budget_holder, *others[:2]], ""), **details
    )
    accepted = Invitation.objects.get(group=joined, user=budget_holder)
    services.invitation_answer(
        by=budget_holder, invitation=accepted, accept=True, on=date(2026, 1, 1)
    )
    waiting_group = services.group_create(
        name="Waiting", invite=dict.fromkeys([budget_holder, *others[1:]], ""), **details
    )
    waiting = Invitation.objects.get(group=waiting_group, user=budget_holder)
    someone_elses = Invitation.objects.get(group=waiting_group, user=others[1])
    client.force_login(budget_holder)
    assert "You are invited to join Waiting." in client.get(ME_URL).content.decode()

    client.post(CONSENT_URL, {"consent": "no"})

    waiting.refresh_from_db()
    accepted.refresh_from_db()
    someone_elses.refresh_from_db()
    assert waiting.status == Invitation.Status.DECLINED
    assert waiting.answered_at is not None
    assert accepted.status == Invitation.Status.ACCEPTED  # already answered: left alone
    assert someone_elses.status == Invitation.Status.WAITING
    assert joined.members.filter(user=budget_holder, left_on__isnull=True).exists()
    assert "You are invited" not in client.get(ME_URL).content.decode()
    entry = AuditEntry.objects.filter(action="pooling.consent").latest("id")
    assert entry.data == {"consent": False, "withdrawn": 1}
