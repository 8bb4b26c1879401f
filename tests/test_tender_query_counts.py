"""Each tendering page runs a fixed number of queries, however many bids,
questions or evaluators there are: the same limit holds for 3 bids and 12."""

from decimal import Decimal

import pytest
from django.urls import reverse

from tests.tendering_world import answers_for, bidder, build, close_bids, score_everything
from withus.tendering import services
from withus.tendering.models import Tender

LIMITS = {
    "tender": 16,
    "tenders": 6,
    "specification": 8,
    "scoring": 8,
    "score_bid": 13,
    "moderation": 15,
    "consensus": 16,
    "award": 9,
    "bid_summary": 6,
}


def _world(area, project, commissioner, facilitator, expert, provider, extra_bids: int):
    world = build(area, project, commissioner, facilitator, expert, provider)
    tender = world["evaluating"]
    # Reopen to take more bids, then close again.
    Tender.objects.filter(pk=tender.pk).update(
        submission_deadline=tender.submission_deadline.replace(year=2100),
    )
    tender.refresh_from_db()
    for i in range(extra_bids):
        org, user = bidder(area, f"extra{i}", f"Extra {i}")
        services.register(tender, user, org)
        world["bids"][f"extra{i}"] = services.bid_save(
            tender,
            user,
            org,
            version=None,
            price=Decimal(70000 + i * 1000),
            answers=answers_for(tender),
            submit=True,
        )
    close_bids(tender)
    scores = dict.fromkeys(world["bids"], (4, 3, 4))
    score_everything(tender, scores, world["bids"])
    for bid in world["bids"].values():
        services.abnormally_low_response(bid, commissioner, "Explained.")
    services.summaries_issue(Tender.objects.get(pk=tender.pk), commissioner)
    return world


def _url(name, world):
    tender = world["evaluating"]
    bid = world["bid"]
    return {
        "tender": reverse("tender", args=[tender.pk]),
        "tenders": reverse("tenders", args=[tender.local_area.slug]),
        "specification": reverse("specification", args=[world["spec"].pk]),
        "scoring": reverse("scoring", args=[tender.pk]),
        "score_bid": reverse("score_bid", args=[bid.pk]),
        "moderation": reverse("moderation", args=[tender.pk]),
        "consensus": reverse("consensus", args=[bid.pk, tender.questions.first().pk]),
        "award": reverse("award", args=[tender.pk]),
        "bid_summary": reverse("bid_summary", args=[bid.pk]),
    }[name]


# What each page must show, so the bounded count is of the right page.
SHOWS = {
    "tender": "How bids are scored",
    "tenders": "T-EVAL",
    "specification": "Requirements",
    "scoring": "Score the bids",
    "score_bid": "Answer from Brightpath.",
    "moderation": "Agreed score",
    "consensus": "Agree a score for question 1",
    "award": "Most advantageous",
    "bid_summary": "Assessment summary for Brightpath",
}

WHO = {
    "scoring": "facilitator",
    "score_bid": "facilitator",
    "bid_summary": "provider",
}


@pytest.mark.parametrize("extra_bids", [0, 9])
@pytest.mark.parametrize("name", sorted(LIMITS))
def test_it_runs_a_bounded_number_of_queries(
    client,
    django_assert_max_num_queries,
    request,
    area,
    project,
    commissioner,
    facilitator,
    expert,
    provider,
    name,
    extra_bids,
):
    world = _world(area, project, commissioner, facilitator, expert, provider, extra_bids)
    client.force_login(request.getfixturevalue(WHO.get(name, "commissioner")))
    url = _url(name, world)
    with django_assert_max_num_queries(LIMITS[name]):
        response = client.get(url)
    assert response.status_code == 200
    assert SHOWS[name] in response.content.decode()
