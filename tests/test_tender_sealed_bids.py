"""Sealed bids: nobody but the bidder reads a bid before the deadline, and no
bidder ever reads another's. Evaluators see no price until every question of
every bid has a consensus score.
"""

from decimal import Decimal

import pytest
from django.urls import reverse

from tests.tendering_world import answers_for, bidder, build, close_bids, score_everything
from withus.core.models import AuditEntry
from withus.tendering import services
from withus.tendering.evaluation import prices_unsealed
from withus.tendering.models import Tender

SECRET = "Our secret staffing plan"
PRICE = "87,654.32"


@pytest.fixture
def world(area, project, commissioner, facilitator, expert, provider):
    return build(area, project, commissioner, facilitator, expert, provider)


@pytest.fixture
def open_bid(world, area):
    """A rival's bid on the open tender, with a secret answer and price."""
    tender = world["open"]
    org, user = bidder(area, "rival", "Rival Care")
    services.register(tender, user, org)
    bid = services.bid_save(
        tender,
        user,
        org,
        version=None,
        price=Decimal("87654.32"),
        answers=answers_for(tender, SECRET),
        submit=True,
    )
    return bid, user


def _every_page(world, bid):
    tender = bid.tender
    return [
        reverse("tender", args=[tender.pk]),
        reverse("scoring", args=[tender.pk]),
        reverse("score_bid", args=[bid.pk]),
        reverse("moderation", args=[tender.pk]),
        reverse("award", args=[tender.pk]),
        reverse("evaluation_export", args=[tender.pk]),
        reverse("bid_summary", args=[bid.pk]),
        reverse("consensus", args=[bid.pk, tender.questions.first().pk]),
        reverse("tender_team", args=[tender.pk]),
        reverse("tender_clarifications", args=[tender.pk]),
        reverse("bid_edit", args=[tender.pk]),
    ]


@pytest.mark.parametrize(
    "role",
    [
        "commissioner",
        "area_admin",
        "facilitator",
        "expert",
        "provider",
        "moderator",
        "outsider",
        "budget_holder",
    ],
)
def test_it_shows_nobody_but_the_bidder_a_bid_before_the_deadline(
    client, world, open_bid, role, request
):
    bid, _rival = open_bid
    client.force_login(request.getfixturevalue(role))
    for url in _every_page(world, bid):
        body = client.get(url).content.decode()
        assert SECRET not in body, url
        assert PRICE not in body and "87654.32" not in body, url


def test_it_shows_the_bidder_their_own_bid_until_the_deadline(client, world, open_bid):
    bid, rival = open_bid
    client.force_login(rival)
    body = client.get(reverse("bid_edit", args=[bid.tender_id])).content.decode()
    assert SECRET in body
    assert "87654.32" in body


def test_it_never_shows_a_bidder_another_bidders_bid(client, world, provider):
    rival = world["bids"]["harbour"]
    client.force_login(provider)
    for url in _every_page(world, rival):
        body = client.get(url).content.decode()
        assert "Answer from Harbour Care" not in body, url
        assert "95,500" not in body and "95500" not in body, url


def test_it_refuses_a_bid_after_the_deadline_and_keeps_what_was_there(world, provider):
    tender = world["open"]
    org = world["provider_org"]
    first = services.bid_save(
        tender,
        provider,
        org,
        version=None,
        price=Decimal("1000.00"),
        answers=answers_for(tender, "First"),
        submit=True,
    )
    tender = close_bids(tender)
    with pytest.raises(services.ValidationError, match="deadline for bids has passed"):
        services.bid_save(
            tender,
            provider,
            org,
            version=first.version,
            price=Decimal("1.00"),
            answers=answers_for(tender, "Changed"),
            submit=True,
        )
    first.refresh_from_db()
    assert first.price == Decimal("1000.00")
    assert {a.text for a in first.answers.all()} == {"First"}


def test_it_keeps_prices_from_quality_evaluators_until_every_consensus_is_agreed(
    client, world, facilitator, commissioner
):
    tender = world["evaluating"]
    bids = world["bids"]
    client.force_login(facilitator)
    page = client.get(reverse("score_bid", args=[bids["own"].pk])).content.decode()
    assert "Answer from Brightpath" in page
    assert "90,000" not in page and "90000" not in page
    scores = {"own": (4, 3, 4), "harbour": (3, 3, 3), "cheap": (2, 2, 2)}
    # All but the last consensus: still sealed.
    partial = dict(list(bids.items())[:2])
    score_everything(tender, scores, partial)
    assert not prices_unsealed(tender)
    client.force_login(commissioner)
    award = client.get(reverse("award", args=[tender.pk])).content.decode()
    assert "90,000" not in award and "consensus scores are still to be agreed" in award
    score_everything(tender, scores, {"cheap": bids["cheap"]})
    assert prices_unsealed(Tender.objects.get(pk=tender.pk))
    award = client.get(reverse("award", args=[tender.pk])).content.decode()
    assert "£90,000.00" in award


def test_it_hides_a_bid_from_an_evaluator_who_declared_a_conflict(client, world, facilitator):
    tender = world["evaluating"]
    harbour = world["bids"]["harbour"]
    evaluator = tender.evaluators.get(user=facilitator)
    evaluator.declared_at = None
    evaluator.save()
    services.declare(
        evaluator,
        facilitator,
        conflicted_with=[harbour.organisation],
        details="I used to work there.",
    )
    client.force_login(facilitator)
    listing = client.get(reverse("scoring", args=[tender.pk])).content.decode()
    assert "Harbour Care" not in listing
    response = client.get(reverse("score_bid", args=[harbour.pk]))
    assert response.status_code == 403
    assert AuditEntry.objects.filter(
        action="access.denied", actor=facilitator, data__permission="tendering.score_bid"
    ).exists()


def test_it_makes_an_evaluator_declare_before_seeing_any_bid(client, world, facilitator):
    tender = world["evaluating"]
    evaluator = tender.evaluators.get(user=facilitator)
    evaluator.declared_at = None
    evaluator.save()
    client.force_login(facilitator)
    assert client.get(reverse("score_bid", args=[world["bid"].pk])).status_code == 403
    assert client.get(reverse("scoring", args=[tender.pk])).status_code == 403
    page = client.get(reverse("tender", args=[tender.pk])).content.decode()
    assert "Declare any conflicts of interest" in page


def test_it_shows_a_bidder_what_they_sent_after_the_deadline(client, world, provider):
    client.force_login(provider)
    page = client.get(reverse("tender", args=[world["evaluating"].pk])).content.decode()
    assert "What you sent" in page
    assert "£90,000.00" in page and "Answer from Brightpath." in page
    assert "Answer from Harbour Care." not in page and "£95,500.00" not in page
