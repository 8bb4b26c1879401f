"""Properties every tender award keeps, over random models and random bids.

The hand-worked examples are in test_tender_award_arithmetic.py; here
hypothesis makes up models (weights in hundredths of a percent that add up to
100, scales of 1 to 10, some minimums) and up to eight bids, and checks what
must always hold: a better score never hurts, the working adds up, nothing
depends on the order the bids come in, and a model whose weights do not add up
to 100 is refused in words.
"""

import re
from decimal import Decimal

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from withus.tendering.award import (
    AwardRefused,
    BidEntry,
    Criterion,
    Model,
    compute_award,
    plain_number,
    robustness,
)

D = Decimal


def percent(hundredths: int) -> Decimal:
    return Decimal(hundredths).scaleb(-2)


@st.composite
def models(draw, adds_up=True):
    """A model whose weights add up to 100 (or, with adds_up=False, do not)."""
    count = draw(st.integers(1, 6))
    price = draw(st.integers(0, 9000))
    rest = 10_000 - price
    cuts = sorted(
        draw(
            st.lists(st.integers(1, rest - 1), min_size=count - 1, max_size=count - 1, unique=True)
        )
    )
    weights = [b - a for a, b in zip([0, *cuts], [*cuts, rest], strict=True)]
    max_score = draw(st.integers(1, 10))
    criteria = []
    for i, weight in enumerate(weights):
        criteria.append(
            Criterion(
                key=f"Q{i + 1}",
                title=f"Question {i + 1}",
                weight=percent(weight),
                set_by=draw(st.sampled_from(["commissioner", "panel"])),
                minimum=draw(st.sampled_from([0, 0, 0, 1, max_score // 2])),
            )
        )
    if not adds_up:
        price += draw(st.integers(-price, 500).filter(lambda change: change != 0))
    panel = sum((c.weight for c in criteria if c.set_by == "panel"), D(0))
    return Model(
        price_weight=percent(price),
        price_formula=draw(st.sampled_from(["lowest_price", "mean_deviation"])),
        panel_stake=panel,
        criteria=tuple(criteria),
        max_score=max_score,
        abnormally_low_percent=percent(draw(st.integers(0, 10_000))),
        estimated_cost=draw(st.none() | st.integers(1, 50_000_000).map(percent)),
    )


@st.composite
def tenders(draw, min_bids=1):
    model = draw(models())
    count = draw(st.integers(min_bids, 8))
    bids = []
    for i in range(count):
        scores = {c.key: draw(st.integers(0, model.max_score)) for c in model.criteria}
        # A few prices repeat, so ties on price happen.
        pence = draw(st.sampled_from([5_000_000, 9_000_000]) | st.integers(1, 50_000_000))
        excluded = draw(st.sampled_from(["", "", "", "", "", "Late."]))
        bids.append(BidEntry(f"bid-{i + 1}", f"Bidder {i + 1}", percent(pence), scores, excluded))
    return model, bids


def ranked(award):
    return [r for r in award.results if r.status == "ranked"]


@given(tenders(), st.data())
def test_a_higher_score_never_lowers_a_bids_rank_or_total(tender, data):
    model, bids = tender
    i = data.draw(st.integers(0, len(bids) - 1))
    question = data.draw(st.sampled_from(model.criteria)).key
    before_bid = bids[i]
    assume(not before_bid.excluded and before_bid.scores[question] < model.max_score)
    raised = dict(before_bid.scores, **{question: before_bid.scores[question] + 1})
    better = [
        *bids[:i],
        BidEntry(before_bid.key, before_bid.bidder, before_bid.price, raised),
        *bids[i + 1 :],
    ]

    before = compute_award(model, bids).result(before_bid.key)
    after = compute_award(model, better).result(before_bid.key)
    if before.status == "ranked":
        assert after.status == "ranked"
        assert after.total >= before.total
        assert after.rank <= before.rank
        assert after.quality_and_panel >= before.quality_and_panel
    else:  # it may now pass a minimum it failed, but it cannot start failing one
        assert after.status in ("ranked", "failed_threshold")
        assert set(after.failed) <= set(before.failed)


@given(models(adds_up=False))
def test_weights_that_do_not_add_up_to_100_are_refused_in_words(model):
    total = model.price_weight + sum(c.weight for c in model.criteria)
    expected = f"The weights add up to {plain_number(total)}%. They must add up to 100%."
    with pytest.raises(AwardRefused) as refused:
        compute_award(model, [])
    assert expected in refused.value.problems
    assert not re.search(r"\.\d*0$", plain_number(total))  # 95, 99.5: no trailing zeros


@given(tenders())
def test_every_total_is_between_0_and_100_and_price_marks_never_exceed_the_price_weight(tender):
    model, bids = tender
    award = compute_award(model, bids)
    for result in ranked(award):
        assert D(0) <= result.total <= D(100)
        assert D(0) <= result.price_score <= model.price_weight
        for criterion in result.criteria:
            assert D(0) <= criterion.weighted <= criterion.weight
    for result in award.results:
        if result.status != "ranked":
            assert (result.price_score, result.total, result.rank) == (None, None, None)


@given(tenders())
def test_the_lowest_qualifying_price_gets_full_price_marks_under_lowest_price(tender):
    model, bids = tender
    model = Model(
        model.price_weight, "lowest_price", model.panel_stake, model.criteria, model.max_score
    )
    award = compute_award(model, bids)
    qualifying = ranked(award)
    assume(qualifying)
    lowest = min(r.price for r in qualifying)
    assert award.lowest_price == lowest
    for result in qualifying:
        if result.price == lowest:
            assert result.price_score == model.price_weight
        else:
            assert result.price_score <= model.price_weight


@given(tenders(), st.randoms(use_true_random=False))
@settings(max_examples=60)
def test_the_order_the_bids_come_in_changes_nothing(tender, random):
    model, bids = tender
    shuffled = list(bids)
    random.shuffle(shuffled)
    assert compute_award(model, shuffled) == compute_award(model, bids)
    assert robustness(model, shuffled) == robustness(model, bids)


WORKING = re.compile(r"quality (\S+) \+ panel (\S+) \+ price (\S+) = (\S+)")


@given(tenders())
def test_the_working_adds_up_exactly(tender):
    model, bids = tender
    award = compute_award(model, bids)
    for result in award.results:
        commissioner = [c.weighted for c in result.criteria if c.set_by == "commissioner"]
        panel = [c.weighted for c in result.criteria if c.set_by == "panel"]
        assert result.quality_score == sum(commissioner, D(0))
        assert result.panel_score == sum(panel, D(0))
        for criterion in result.criteria:
            assert criterion.weighted.as_tuple().exponent == -4
            assert criterion.working.startswith(
                f"{criterion.score} out of {model.max_score} × {plain_number(criterion.weight)}% = "
                f"{criterion.weighted}"
            )
        if result.status != "ranked":
            continue
        quality, panel_score, price, total = (
            D(x) for x in WORKING.fullmatch(result.total_working).groups()
        )
        assert (quality, panel_score, price, total) == (
            result.quality_score,
            result.panel_score,
            result.price_score,
            result.total,
        )
        assert quality + panel_score + price == total
        assert result.price_working.endswith(f"= {result.price_score}")


@given(tenders())
def test_ranks_follow_the_tie_rule_and_a_winner_is_a_single_top_bid(tender):
    model, bids = tender
    award = compute_award(model, bids)
    places = ranked(award)
    for place, (higher, lower) in enumerate(zip(places, places[1:], strict=False), start=2):
        key_higher = (higher.total, higher.quality_and_panel, higher.panel_score, -higher.price)
        key_lower = (lower.total, lower.quality_and_panel, lower.panel_score, -lower.price)
        assert key_higher >= key_lower
        assert lower.rank == (higher.rank if key_higher == key_lower else place)
    first = [r.key for r in places if r.rank == 1]
    if len(first) == 1:
        assert (award.winner, award.tied_keys) == (first[0], ())
    else:
        assert award.winner is None
        assert award.tied_keys == tuple(first)
    statuses = [r.status for r in award.results]
    assert statuses == sorted(statuses, key=["ranked", "failed_threshold", "excluded"].index)
