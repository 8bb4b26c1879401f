"""Scoring alone, moderation, abnormally low prices, summaries and the award.

The evaluating tender (tests/tendering_world.py) weighs price 30%, Q1 30%
(minimum 2), Q2 20%, and the panel's Q3 20% (minimum 2), on a 0-5 scale.
"""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from tests.tendering_world import build, score_everything
from withus.core.edits import StaleEdit
from withus.core.models import AuditEntry
from withus.tendering import services
from withus.tendering.evaluation import Evaluation
from withus.tendering.models import AssessmentSummary, ConsensusScore, Score, Tender

# own £90,000, harbour £95,500, cheap £50,000.
SCORES = {"own": (4, 3, 4), "harbour": (5, 4, 3), "cheap": (2, 1, 2)}


@pytest.fixture
def world(area, project, commissioner, facilitator, expert, provider):
    return build(area, project, commissioner, facilitator, expert, provider)


@pytest.fixture
def scored(world):
    score_everything(world["evaluating"], SCORES, world["bids"])
    return world


def _tender(world) -> Tender:
    return Tender.objects.get(pk=world["evaluating"].pk)


def test_it_works_out_the_award_by_hand(scored):
    evaluation = Evaluation(_tender(scored))
    result = evaluation.result
    totals = {r.bidder: r.total for r in result.results}
    # cheap: abnormally low? others average (90,000 + 95,500) / 2 = 92,750;
    # 80% of that is 74,200, and 50,000 is below it: flagged.
    # Lowest qualifying price is 50,000 (cheap passes every minimum: 2 >= 2, 2 >= 2).
    # own:     Q1 4/5*30 = 24, Q2 3/5*20 = 12, Q3 4/5*20 = 16; price 30*50000/90000 = 16.6667
    #          total 24 + 12 + 16 + 16.6667 = 68.6667
    # harbour: Q1 30, Q2 16, Q3 12; price 30*50000/95500 = 15.7068 -> 73.7068
    # cheap:   Q1 12, Q2 4, Q3 8; price 30 -> 54.0000
    assert totals == {
        "Brightpath": Decimal("68.6667"),
        "Harbour Care": Decimal("73.7068"),
        "Cheap Ltd": Decimal("54.0000"),
    }
    assert result.winner == scored["bids"]["harbour"].key
    assert [b.organisation.name for b in evaluation.flagged()] == ["Cheap Ltd"]


def test_it_keeps_each_evaluators_scores_to_themselves(client, world, facilitator, expert):
    tender = world["evaluating"]
    bid = world["bid"]
    q1, q2, q3 = tender.questions.all()
    client.force_login(facilitator)
    response = client.post(
        reverse("score_bid", args=[bid.pk]),
        {
            f"score_{q1.pk}": "4",
            f"reason_{q1.pk}": "Evening clinics, section 2.",
            f"score_{q2.pk}": "2",
            f"reason_{q2.pk}": "Thin on supervision.",
        },
    )
    assert response.status_code == 302
    assert set(Score.objects.values_list("question__number", "score", "reason")) == {
        (1, 4, "Evening clinics, section 2."),
        (2, 2, "Thin on supervision."),
    }
    # The panel member scores only the panel's question, and sees no-one else's score.
    client.force_login(expert)
    page = client.get(reverse("score_bid", args=[bid.pk])).content.decode()
    assert f'name="score_{q3.pk}"' in page
    assert f'name="score_{q1.pk}"' not in page
    assert "Evening clinics, section 2." not in page


def test_it_asks_for_a_reason_with_every_score_and_keeps_what_was_typed(client, world, facilitator):
    tender = world["evaluating"]
    q1, q2, _q3 = tender.questions.all()
    client.force_login(facilitator)
    response = client.post(
        reverse("score_bid", args=[world["bid"].pk]),
        {
            f"score_{q1.pk}": "4",
            f"reason_{q1.pk}": "Good evidence.",
            f"score_{q2.pk}": "3",
            f"reason_{q2.pk}": "",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Give a reason for your score for question 2." in page
    assert "Good evidence." in page
    assert not Score.objects.exists()


def test_it_shows_the_spread_only_once_everyone_has_scored(
    client, world, facilitator, commissioner
):
    tender = world["evaluating"]
    bid = world["bid"]
    q1 = tender.questions.get(number=1)
    client.force_login(commissioner)
    page = client.get(reverse("consensus", args=[bid.pk, q1.pk])).content.decode()
    assert "1 evaluator has not scored yet" in page
    evaluator = tender.evaluators.get(user=facilitator)
    services.scores_save(evaluator, bid, facilitator, {q1.pk: (3, "Some gaps in cover.")})
    page = client.get(reverse("consensus", args=[bid.pk, q1.pk])).content.decode()
    assert "Some gaps in cover." in page
    assert "From 3 to 3, average 3.00." in page


def test_it_waits_for_every_evaluator_before_a_score_is_agreed(world, commissioner, facilitator):
    bid = world["bid"]
    q1 = world["evaluating"].questions.get(number=1)
    with pytest.raises(ValidationError) as refused:
        services.consensus_save(bid, q1, commissioner, score=3, reason="Too soon.", version=None)
    assert refused.value.messages == [
        "Wait until every evaluator has scored this question alone (1 still to score)."
    ]
    assert not ConsensusScore.objects.exists()
    # Someone who declared a conflict with this bidder is not waited for; with
    # nobody left to score alone, the lead cannot agree a score by themselves.
    evaluator = world["evaluating"].evaluators.get(user=facilitator)
    evaluator.conflicted_with.add(bid.organisation)
    with pytest.raises(ValidationError) as refused:
        services.consensus_save(bid, q1, commissioner, score=3, reason="Alone.", version=None)
    assert refused.value.messages == [
        "No evaluator without a conflict of interest can score this answer."
    ]
    assert not ConsensusScore.objects.exists()


def test_it_refuses_a_consensus_score_changed_by_someone_else_meanwhile(
    world, commissioner, facilitator
):
    bid = world["bid"]
    q1 = world["evaluating"].questions.get(number=1)
    evaluator = world["evaluating"].evaluators.get(user=facilitator)
    services.scores_save(evaluator, bid, facilitator, {q1.pk: (3, "Gaps in evening cover.")})
    first = services.consensus_save(
        bid, q1, commissioner, score=3, reason="First view.", version=None
    )
    services.consensus_save(bid, q1, commissioner, score=4, reason="Second view.", version=1)
    with pytest.raises(StaleEdit):
        services.consensus_save(
            bid, q1, commissioner, score=2, reason="Stale view.", version=first.version
        )
    row = ConsensusScore.objects.get(bid=bid, question=q1)
    assert (row.score, row.reason, row.version) == (4, "Second view.", 2)
    entries = AuditEntry.objects.filter(action="tender.consensus").order_by("pk")
    assert [e.data["score"] for e in entries] == [3, 4]
    assert entries.last().data["before"] == {"score": 3, "reason": "First view."}


def test_it_will_not_issue_summaries_until_every_score_is_agreed(world, commissioner):
    tender = world["evaluating"]
    with pytest.raises(ValidationError) as refused:
        services.summaries_issue(tender, commissioner)
    assert "9 consensus scores are still to be agreed." in refused.value.messages
    assert not AssessmentSummary.objects.exists()


def test_it_will_not_issue_summaries_or_award_without_a_response_to_a_low_price(
    scored, commissioner
):
    tender = _tender(scored)
    for step in (
        lambda: services.summaries_issue(_tender(scored), commissioner),
        lambda: services.award_confirm(_tender(scored), commissioner, tender.version),
    ):
        with pytest.raises(ValidationError) as refused:
            step()
        assert "Record your response to the abnormally low price from Cheap Ltd." in (
            refused.value.messages
        )
    assert not AssessmentSummary.objects.exists()
    assert _tender(scored).status == Tender.Status.PUBLISHED
    services.abnormally_low_response(
        scored["bids"]["cheap"], commissioner, "Asked them to explain; the explanation holds."
    )
    services.summaries_issue(_tender(scored), commissioner)
    tender = _tender(scored)
    services.award_confirm(tender, commissioner, tender.version)
    tender = _tender(scored)
    assert tender.status == Tender.Status.AWARDED
    assert tender.winning_bid == scored["bids"]["harbour"]
    assert tender.award_record["award"]["winner"] == scored["bids"]["harbour"].key
    audit = AuditEntry.objects.get(action="tender.award")
    assert audit.data["winner"] == scored["bids"]["harbour"].pk


def test_it_will_not_confirm_the_award_before_every_bidder_has_a_summary(scored, commissioner):
    services.abnormally_low_response(scored["bids"]["cheap"], commissioner, "Explained.")
    tender = _tender(scored)
    with pytest.raises(ValidationError) as refused:
        services.award_confirm(tender, commissioner, tender.version)
    assert refused.value.messages == ["Issue an assessment summary to every bidder first."]


def test_it_gives_each_bidder_a_summary_with_their_scores_and_the_winners(
    client, scored, commissioner, provider
):
    services.abnormally_low_response(scored["bids"]["cheap"], commissioner, "Explained.")
    services.summaries_issue(_tender(scored), commissioner)
    own = AssessmentSummary.objects.get(bid=scored["bid"]).content
    assert own["yours"]["total"] == "68.6667"
    assert [c["weighted"] for c in own["yours"]["criteria"]] == ["24.0000", "12.0000", "16.0000"]
    assert all(c["reason"] == "Agreed from the bid." for c in own["yours"]["criteria"])
    assert own["most_advantageous"]["bidder"] == "Harbour Care"
    assert own["most_advantageous"]["total"] == "73.7068"
    assert own["you_won"] is False
    assert own["price_weight"] == "30.00"
    assert own["yours"]["price_working"] == "£50,000.00 (lowest) ÷ £90,000.00 × 30% = 16.6667"
    client.force_login(provider)
    page = client.get(reverse("bid_summary", args=[scored["bid"].pk])).content.decode()
    assert "Assessment summary for Brightpath" in page
    assert "68.6667" in page and "73.7068" in page
    assert "Price: £90,000.00" in page and "Price sub-total" in page
    # Another bidder's summary stays closed to the provider.
    other = client.get(reverse("bid_summary", args=[scored["bids"]["harbour"].pk]))
    assert other.status_code == 403


def test_it_tells_an_excluded_bidder_why(scored, commissioner):
    cheap = scored["bids"]["cheap"]
    services.bid_exclude(cheap, commissioner, "The price cannot be explained (section 46).")
    services.summaries_issue(_tender(scored), commissioner)
    content = AssessmentSummary.objects.get(bid=cheap).content
    assert content["yours"]["status"] == "excluded"
    assert content["yours"]["excluded_reason"] == "The price cannot be explained (section 46)."
    # Without the cheap bid, the lowest qualifying price is 90,000:
    # own 24 + 12 + 16 + 30 = 82; harbour 30 + 16 + 12 + 30*90000/95500 = 28.2723 -> 86.2723.
    assert content["most_advantageous"]["total"] == "86.2723"


def test_it_fixes_scores_once_summaries_are_issued(scored, commissioner):
    services.abnormally_low_response(scored["bids"]["cheap"], commissioner, "Explained.")
    services.summaries_issue(_tender(scored), commissioner)
    q1 = scored["evaluating"].questions.get(number=1)
    with pytest.raises(ValidationError, match="fixed once assessment summaries are issued"):
        services.consensus_save(
            scored["bid"], q1, commissioner, score=5, reason="Later.", version=1
        )


def test_it_exports_the_evaluation_as_one_file(client, scored, commissioner):
    client.force_login(commissioner)
    response = client.get(reverse("evaluation_export", args=[scored["evaluating"].pk]))
    assert response.status_code == 200
    document = response.json()
    assert document["format"] == "withus-evaluation"
    assert {b["bidder"]: b["price"] for b in document["bids"]} == {
        "Brightpath": "90000.00",
        "Harbour Care": "95500.00",
        "Cheap Ltd": "50000.00",
    }
    assert document["award"]["winner"] == scored["bids"]["harbour"].key
