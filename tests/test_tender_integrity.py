"""What a careful reviewer tried: bidders on the evaluation team, late changes
to agreed scores, drafts over submitted bids, bids before publication."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from tests.tendering_world import answers_for, build, make_tender, score_everything
from withus.core.models import Membership, Role
from withus.tendering import services
from withus.tendering.models import Bid, ConsensusScore, Score, Tender


@pytest.fixture
def world(area, project, commissioner, facilitator, expert, provider):
    return build(area, project, commissioner, facilitator, expert, provider)


def test_it_keeps_people_who_work_for_a_bidder_off_the_team(world, commissioner, provider):
    Membership.objects.create(
        user=provider, local_area=world["draft"].local_area, role="facilitator"
    )
    with pytest.raises(ValidationError) as refused:
        services.evaluator_add(world["draft"], commissioner, provider, "quality")
    assert refused.value.message_dict == {
        "person": ["This person works for a provider, so they cannot evaluate bids."]
    }


def test_it_hides_every_bid_from_an_evaluator_who_belongs_to_a_bidder(client, world, facilitator):
    # Made a member of a bidding organisation after joining the team.
    tender = world["evaluating"]
    Membership.objects.create(
        user=facilitator,
        local_area=tender.local_area,
        role=Role.EXPERT_BY_EXPERIENCE,
        organisation=world["bids"]["harbour"].organisation,
    )
    client.force_login(facilitator)
    for bid in world["bids"].values():
        assert client.get(reverse("score_bid", args=[bid.pk])).status_code == 403


def test_it_fixes_a_declaration_once_made(world, facilitator):
    evaluator = world["evaluating"].evaluators.get(user=facilitator)
    with pytest.raises(ValidationError, match="cannot be changed"):
        services.declare(evaluator, facilitator, conflicted_with=[], details="")


def test_it_lets_only_the_panel_agree_the_panels_questions(client, world, commissioner, expert):
    tender = world["evaluating"]
    q3 = tender.questions.get(number=3)
    bid = world["bid"]
    services.scores_save(
        tender.evaluators.get(user=expert), bid, expert, {q3.pk: (4, "A clear offer.")}
    )
    client.force_login(commissioner)
    assert client.get(reverse("consensus", args=[bid.pk, q3.pk])).status_code == 403
    client.force_login(expert)
    response = client.post(
        reverse("consensus", args=[bid.pk, q3.pk]), {"score": "4", "reason": "We agreed."}
    )
    assert response.status_code == 302
    assert ConsensusScore.objects.get(bid=bid, question=q3).agreed_by == expert


def test_it_fixes_every_score_once_prices_are_open(world, commissioner):
    tender = world["evaluating"]
    scores = {"own": (4, 3, 4), "harbour": (5, 4, 3), "cheap": (2, 1, 2)}
    score_everything(tender, scores, world["bids"])
    q1 = tender.questions.get(number=1)
    row = ConsensusScore.objects.get(bid=world["bid"], question=q1)
    with pytest.raises(ValidationError, match="prices are open, so the scores are fixed"):
        services.consensus_save(
            world["bid"], q1, commissioner, score=5, reason="Now I know.", version=row.version
        )
    assert ConsensusScore.objects.get(pk=row.pk).score == 4


def test_it_keeps_a_submitted_bid_complete_when_saved_again(world, provider):
    tender = world["open"]
    org = world["provider_org"]
    bid = services.bid_save(
        tender,
        provider,
        org,
        version=None,
        price=Decimal("1000.00"),
        answers=answers_for(tender, "Full answer"),
        submit=True,
    )
    with pytest.raises(ValidationError) as refused:
        services.bid_save(
            tender,
            provider,
            org,
            version=bid.version,
            price=None,
            answers=answers_for(tender, ""),
            submit=False,
        )
    assert "Enter your total price." in refused.value.messages
    bid.refresh_from_db()
    assert (bid.status, bid.price) == (Bid.Status.SUBMITTED, Decimal("1000.00"))
    assert {a.text for a in bid.answers.all()} == {"Full answer"}


def test_it_takes_no_bids_or_questions_before_the_publication_date(
    world, commissioner, facilitator, provider
):
    now = timezone.now()
    tender = make_tender(
        world["spec"],
        commissioner,
        "T-LATER",
        panel=None,
        quality=facilitator,
        panel_stake=Decimal("0"),
        price_weight=Decimal("30"),
        publication_date=now + timedelta(days=3),
        clarification_deadline=now + timedelta(days=5),
        submission_deadline=now + timedelta(days=10),
    )
    tender.questions.filter(number=3).update(set_by="commissioner")
    tender = services.tender_publish(tender, commissioner)
    assert not tender.is_open_for_bids()
    assert not tender.is_public()
    with pytest.raises(ValidationError, match="not open for bids"):
        services.register(tender, provider, world["provider_org"])


def test_it_leaves_agreed_questions_out_of_an_evaluators_form(client, world, facilitator):
    tender = world["evaluating"]
    q1, q2, _q3 = tender.questions.all()
    bid = world["bid"]
    evaluator = tender.evaluators.get(user=facilitator)
    services.scores_save(evaluator, bid, facilitator, {q1.pk: (3, "First."), q2.pk: (3, "Two.")})
    services.consensus_save(
        bid, q1, tender.evaluators.get(part="lead").user, score=3, reason="Agreed.", version=None
    )
    client.force_login(facilitator)
    response = client.post(
        reverse("score_bid", args=[bid.pk]), {f"score_{q2.pk}": "4", f"reason_{q2.pk}": "Better."}
    )
    assert response.status_code == 302
    assert Score.objects.get(evaluator=evaluator, question=q2).score == 4
    assert Score.objects.get(evaluator=evaluator, question=q1).score == 3
    assert Tender.objects.get(pk=tender.pk).status == Tender.Status.PUBLISHED
