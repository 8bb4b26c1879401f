"""Bad input on tendering forms: the mistake named next to the field, nothing
typed lost, nothing half-saved."""

from decimal import Decimal

import pytest
from django.urls import reverse

from tests.tendering_world import build
from withus.tendering.models import Bid, ConsensusScore, Tender


@pytest.fixture
def world(area, project, commissioner, facilitator, expert, provider):
    return build(area, project, commissioner, facilitator, expert, provider)


def _tender_form(**overrides):
    data = {
        "reference": "T-NEW",
        "title": "New tender",
        "description": "Something to buy.",
        "estimated_value": "£250,000",
        "publication_date_0": "1",
        "publication_date_1": "3",
        "publication_date_2": "2027",
        "clarification_deadline_0": "15",
        "clarification_deadline_1": "3",
        "clarification_deadline_2": "2027",
        "submission_deadline_0": "1",
        "submission_deadline_1": "4",
        "submission_deadline_2": "2027",
        "price_weight": "40%",
        "price_formula": "lowest_price",
        "panel_stake": "20",
        "abnormally_low_percent": "20",
    }
    data.update(overrides)
    return data


def test_it_saves_a_tender_with_noon_deadlines_in_uk_time(client, world, commissioner):
    client.force_login(commissioner)
    response = client.post(reverse("tender_new", args=[world["spec"].pk]), _tender_form())
    tender = Tender.objects.get(reference="T-NEW")
    assert response["Location"] == reverse("tender", args=[tender.pk])
    assert tender.estimated_value == Decimal("250000.00")
    assert tender.price_weight == Decimal("40.00")
    # 1 April 2027 is in British Summer Time: noon there is 11:00 UTC.
    assert tender.submission_deadline.isoformat() == "2027-04-01T11:00:00+00:00"
    # 15 March 2027 is not: noon is 12:00 UTC.
    assert tender.clarification_deadline.isoformat() == "2027-03-15T12:00:00+00:00"
    assert tender.scale.count() == 6
    assert tender.evaluators.get().part == "lead"


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"price_weight": "140"}, "The percentage must be 100 or less."),
        ({"price_weight": "forty"}, "Enter a percentage as a number, like 20 or 12.5."),
        ({"estimated_value": "12,00.5.0"}, "Enter an amount in pounds"),
        ({"submission_deadline_1": "13"}, "The date must be a real date"),
        (
            {"submission_deadline_0": "10", "submission_deadline_1": "3"},
            "The deadline for bids must be after the deadline for questions.",
        ),
        ({"reference": ""}, "Enter a reference, like NV-2027-014."),
    ],
)
def test_it_names_the_mistake_and_keeps_what_was_typed(
    client, world, commissioner, overrides, message
):
    client.force_login(commissioner)
    response = client.post(
        reverse("tender_new", args=[world["spec"].pk]), _tender_form(**overrides)
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page
    assert message in page
    assert "Something to buy." in page
    assert not Tender.objects.filter(reference="T-NEW").exists()


def test_it_asks_for_every_answer_and_the_price_before_a_bid_is_submitted(client, world, provider):
    tender = world["open"]
    q1, q2, q3 = tender.questions.all()
    client.force_login(provider)
    response = client.post(
        reverse("bid_edit", args=[tender.pk]),
        {
            "action": "submit",
            f"answer_{q1.pk}": "We open at weekends.",
            f"answer_{q2.pk}": "",
            f"answer_{q3.pk}": "",
            "price": "",
        },
    )
    page = response.content.decode()
    assert "Answer question 2 before you submit." in page
    assert "Answer question 3 before you submit." in page
    assert "Enter your total price." in page
    assert "We open at weekends." in page
    assert not Bid.objects.filter(tender=tender).exists()


def test_it_saves_a_draft_without_every_answer_and_does_not_submit_it(client, world, provider):
    tender = world["open"]
    q1 = tender.questions.first()
    client.force_login(provider)
    client.post(
        reverse("bid_edit", args=[tender.pk]),
        {"action": "draft", f"answer_{q1.pk}": "Half done.", "price": "12,345.67"},
    )
    bid = Bid.objects.get(tender=tender)
    assert bid.status == Bid.Status.DRAFT
    assert bid.price == Decimal("12345.67")
    assert bid.answers.get(question=q1).text == "Half done."


def test_it_asks_for_the_reason_for_a_consensus_score(client, world, commissioner):
    tender = world["evaluating"]
    q1 = tender.questions.first()
    client.force_login(commissioner)
    response = client.post(
        reverse("consensus", args=[world["bid"].pk, q1.pk]), {"score": "4", "reason": " "}
    )
    assert "Enter the reason for the score. The bidder will see it." in response.content.decode()
    assert not ConsensusScore.objects.exists()


def test_it_asks_what_the_conflict_is(client, world, facilitator):
    tender = world["evaluating"]
    evaluator = tender.evaluators.get(user=facilitator)
    evaluator.declared_at = None
    evaluator.save()
    harbour = world["bids"]["harbour"].organisation
    client.force_login(facilitator)
    response = client.post(
        reverse("declaration", args=[tender.pk]),
        {"conflicted_with": [str(harbour.pk)], "details": "", "confirm": "on"},
    )
    assert "Say what the conflict is, so the lead can record it." in response.content.decode()
    evaluator.refresh_from_db()
    assert evaluator.declared_at is None
