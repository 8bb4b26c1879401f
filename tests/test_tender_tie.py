"""A tie the stated rule cannot break: the lead chooses, says why, and every
bidder's summary shows it."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from tests.tendering_world import build, score_everything
from withus.core.models import AuditEntry
from withus.tendering import services
from withus.tendering.evaluation import Evaluation
from withus.tendering.models import AssessmentSummary, Bid, Tender


@pytest.fixture
def tied(area, project, commissioner, facilitator, expert, provider):
    world = build(area, project, commissioner, facilitator, expert, provider)
    # Same price, same scores: every step of the tie rule finds them equal.
    Bid.objects.filter(pk=world["bids"]["harbour"].pk).update(price=Decimal("90000.00"))
    scores = {"own": (4, 3, 4), "harbour": (4, 3, 4), "cheap": (1, 1, 1)}
    score_everything(world["evaluating"], scores, world["bids"])
    services.abnormally_low_response(world["bids"]["cheap"], commissioner, "Explained.")
    return world


def _tender(world):
    return Tender.objects.get(pk=world["evaluating"].pk)


def test_it_stops_until_the_lead_decides(tied, commissioner):
    evaluation = Evaluation(_tender(tied))
    assert evaluation.result.winner is None
    assert set(evaluation.result.tied_keys) == {tied["bid"].key, tied["bids"]["harbour"].key}
    with pytest.raises(ValidationError) as refused:
        services.summaries_issue(_tender(tied), commissioner)
    assert refused.value.messages == [
        "The tie rule could not separate the top bids. Record your choice."
    ]


def test_it_refuses_a_choice_outside_the_tie(tied, commissioner):
    with pytest.raises(ValidationError):
        services.tie_decide(_tender(tied), commissioner, tied["bids"]["cheap"], "Cheapest.")
    assert _tender(tied).tie_winner is None


def test_it_records_the_choice_and_tells_every_bidder(client, tied, commissioner, provider):
    client.force_login(commissioner)
    response = client.post(
        reverse("award_tie", args=[tied["evaluating"].pk]),
        {"bid": str(tied["bids"]["harbour"].pk), "reason": "Harbour already runs evening clinics."},
    )
    assert response.status_code == 302
    tender = _tender(tied)
    assert tender.tie_winner == tied["bids"]["harbour"]
    entry = AuditEntry.objects.get(action="tender.tie_decision")
    assert entry.data == {
        "bid": tied["bids"]["harbour"].pk,
        "reason": "Harbour already runs evening clinics.",
    }
    services.summaries_issue(tender, commissioner)
    content = AssessmentSummary.objects.get(bid=tied["bid"]).content
    assert content["most_advantageous"]["bidder"] == "Harbour Care"
    assert content["tie_decision"] == "Harbour already runs evening clinics."
    client.force_login(provider)
    page = client.get(reverse("bid_summary", args=[tied["bid"].pk])).content.decode()
    assert "Harbour already runs evening clinics." in page
