"""How far each weight could move before a different bid would win, worked by hand.

Moving one weight w to w + d gives it the new value and scales every other
weight by (100 - w - d) / (100 - w). A bid's total is then
    points on the moving part x (w + d) / w  +  other points x (100 - w - d) / (100 - w),
a straight line in d, so each crossing is found with a pencil. Then a property
that checks robustness against totals recomputed from scratch at the weights
it reports.
"""

from decimal import Decimal
from fractions import Fraction

from hypothesis import assume, given
from hypothesis import strategies as st

from withus.tendering.award import (
    BidEntry,
    Criterion,
    Model,
    Sensitivity,
    compute_award,
    robustness,
)

D = Decimal


def by_key(model, bids):
    return {s.key: s for s in robustness(model, bids)}


# --- two bids -------------------------------------------------------------------------

TWO = Model(
    D("40"),
    "lowest_price",
    D("20"),
    (
        Criterion("Q1", "Support in a crisis", D("40"), "commissioner"),
        Criterion("P1", "Being treated as a person", D("20"), "panel"),
    ),
)
A = BidEntry("bid-1", "Acme Care", D("100000"), {"Q1": 5, "P1": 5})
B = BidEntry("bid-2", "Beacon Trust", D("80000"), {"Q1": 3, "P1": 4})
# Shares: Acme Q1 1, P1 1, price 80/100 = 0.8.    Total 40 + 20 + 32 = 92: the winner.
#         Beacon Q1 0.6, P1 0.8, price 1.          Total 24 + 16 + 40 = 80.


def test_two_bids_price_would_have_to_rise_to_62_5_percent():
    # Price w = 40; the other 60 points scale by (60 - d) / 60.
    # Acme:   0.8 (40 + d) + (40 + 20)(60 - d) / 60 = 32 + 0.8d + 60 - d    = 92 - d/5
    # Beacon: 1.0 (40 + d) + (24 + 16)(60 - d) / 60 = 40 + d + 40 - 2d/3   = 80 + d/3
    # Equal when 12 = d (1/5 + 1/3) = 8d/15, so d = 22.5: price at 62.5%.
    # Going down, Beacon only falls further behind.
    price = by_key(TWO, [A, B])["price"]
    assert price == Sensitivity("price", "Price", D("40"), None, None, D("62.50"), "bid-2")


def test_two_bids_q1_would_have_to_fall_to_14_29_percent():
    # Q1 w = 40; the other 60 (price 40, P1 20) scale by (60 - d) / 60.
    # Acme:   1.0 (40 + d) + (32 + 20)(60 - d) / 60 = 92 + 2d/15
    # Beacon: 0.6 (40 + d) + (40 + 16)(60 - d) / 60 = 80 - d/3
    # Beacon - Acme = -12 - 7d/15 >= 0 when d <= -180/7 = -25.714...: Q1 at 100/7 = 14.2857.
    # Check at Q1 = 100/7: the rest scale by 10/7, so price 400/7 and P1 200/7;
    # Acme (100 + 320 + 200) / 7 = 620/7, Beacon (60 + 400 + 160) / 7 = 620/7. Level.
    q1 = by_key(TWO, [A, B])["Q1"]
    assert (q1.label, q1.current) == ("Q1 Support in a crisis", D("40"))
    assert (q1.down_to, q1.down_winner, q1.up_to, q1.up_winner) == (D("14.29"), "bid-2", None, None)


def test_a_weight_that_can_never_change_the_winner_says_none_both_ways():
    # P1 w = 20; the other 80 (Q1 40, price 40) scale by (80 - d) / 80.
    # Acme:   1.0 (20 + d) + 72 (80 - d) / 80 = 92 + d/10
    # Beacon: 0.8 (20 + d) + 64 (80 - d) / 80 = 80
    # Beacon - Acme = -12 - d/10 >= 0 only when d <= -120, but P1 cannot go below 0 (d = -20).
    found = by_key(TWO, [A, B])
    assert found["P1"] == Sensitivity(
        "P1", "P1 Being treated as a person", D("20"), None, None, None, None
    )
    # The panel's only question is P1, so the panel's stake moves the same way.
    assert found["panel"] == Sensitivity(
        "panel", "Lived-experience panel's stake", D("20"), None, None, None, None
    )
    assert list(found) == ["price", "Q1", "P1", "panel"]


def test_bids_level_at_the_same_point_go_to_the_one_ranked_higher():
    # bid-2 and bid-10 are the same as Beacon, so both reach Acme at price 62.5%;
    # they share second place, listed bid-2 first, so bid-2 takes over.
    twin = BidEntry("bid-10", "Twin Trust", B.price, B.scores)
    assert by_key(TWO, [twin, A, B])["price"].up_winner == "bid-2"


# --- three bids, and the panel's stake as one ---------------------------------------

THREE = Model(
    D("30"),
    "lowest_price",
    D("30"),
    (
        Criterion("Q1", "Support in a crisis", D("40"), "commissioner"),
        Criterion("P1", "Being treated as a person", D("20"), "panel"),
        Criterion("P2", "Easy to reach", D("10"), "panel"),
    ),
)
BIDS = [
    # Acme:   Q1 40, P1 8, P2 4, price 30 x 0.8 = 24: 76.
    BidEntry("bid-1", "Acme Care", D("100000"), {"Q1": 5, "P1": 2, "P2": 2}),
    # Beacon: Q1 24, P1 20, P2 10, price 24:          78, the winner.
    BidEntry("bid-2", "Beacon Trust", D("100000"), {"Q1": 3, "P1": 5, "P2": 5}),
    # Cedar:  Q1 24, P1 12, P2 6, price 30:           72.
    BidEntry("bid-3", "Cedar Support", D("80000"), {"Q1": 3, "P1": 3, "P2": 3}),
]


def test_three_bids_the_first_to_catch_up_takes_over():
    assert compute_award(THREE, BIDS).winner == "bid-2"
    found = by_key(THREE, BIDS)
    # Price w = 30, the rest 70. Totals 76, 78, 72 plus d times (price points / 30 - rest / 70):
    #   Acme   24/30 - 52/70 = 2/35;  Beacon 24/30 - 54/70 = 1/35;  Cedar 30/30 - 42/70 = 14/35.
    # Cedar - Beacon = -6 + 13d/35: level at d = 210/13 = 16.15..., price 46.15.
    # Acme - Beacon  = -2 + d/35:   level only at d = 70, price 100, later than Cedar.
    assert found["price"] == Sensitivity("price", "Price", D("30"), None, None, D("46.15"), "bid-3")
    # Q1 w = 40, the rest 60: slopes Acme 40/40 - 36/60 = 0.4, Beacon 24/40 - 54/60 = -0.3,
    # Cedar 24/40 - 48/60 = -0.2. Acme - Beacon = -2 + 0.7d: d = 20/7, Q1 at 42.857... -> 42.86.
    assert (found["Q1"].up_to, found["Q1"].up_winner, found["Q1"].down_to) == (
        D("42.86"),
        "bid-1",
        None,
    )
    # P1 w = 20, the rest 80: Acme 8/20 - 68/80 = -0.45, Beacon 20/20 - 58/80 = 0.275.
    # Acme - Beacon = -2 - 0.725d: d = -80/29, P1 at 500/29 = 17.241... -> 17.24.
    assert (found["P1"].down_to, found["P1"].down_winner, found["P1"].up_to) == (
        D("17.24"),
        "bid-1",
        None,
    )
    # P2 w = 10, the rest 90: Acme 4/10 - 72/90 = -0.4, Beacon 10/10 - 68/90 = 11/45.
    # Acme - Beacon = -2 - 29d/45: d = -90/29, P2 at 200/29 = 6.896... -> 6.90.
    assert (found["P2"].down_to, found["P2"].down_winner) == (D("6.90"), "bid-1")


def test_the_panels_stake_moves_its_questions_together_in_proportion():
    # Panel w = 30 (P1 20 + P2 10, each scaled by (30 + d) / 30); the rest 70.
    # Panel points: Acme 12, Beacon 30, Cedar 18. The rest: Acme 64, Beacon 48, Cedar 54.
    # Slopes: Acme 12/30 - 64/70 = -18/35, Beacon 30/30 - 48/70 = 11/35, Cedar 18/30 - 54/70
    # = -6/35. Going up Beacon pulls away. Going down:
    #   Acme - Beacon  = -2 - 29d/35 >= 0 when d <= -70/29 = -2.41...: stake 800/29 = 27.586...
    #   Cedar - Beacon = -6 - 17d/35 >= 0 when d <= -210/17 = -12.35...: later.
    panel = by_key(THREE, BIDS)["panel"]
    assert panel == Sensitivity(
        "panel", "Lived-experience panel's stake", D("30"), D("27.59"), "bid-1", None, None
    )


# --- when there is nothing to say ----------------------------------------------------------


def test_there_is_nothing_to_say_without_a_single_winner_or_a_rival():
    assert robustness(TWO, [A]) == []  # only one bid
    failed = BidEntry("bid-3", "Cedar Support", D("1"), {"Q1": 5, "P1": 4})
    strict = Model(
        TWO.price_weight,
        TWO.price_formula,
        TWO.panel_stake,
        (TWO.criteria[0], Criterion("P1", "Being treated as a person", D("20"), "panel", 5)),
    )
    assert robustness(strict, [A, B, failed]) == []  # only Acme reaches P1's minimum of 5
    assert robustness(TWO, [A, BidEntry("bid-3", "Twin", A.price, A.scores)]) == []  # tied


def test_a_weight_of_100_cannot_move():
    model = Model(
        D("0"), "lowest_price", D("0"), (Criterion("Q1", "All", D("100"), "commissioner"),)
    )
    bids = [
        BidEntry("bid-1", "Acme Care", D("5"), {"Q1": 4}),
        BidEntry("bid-2", "Beacon", D("1"), {"Q1": 3}),
    ]
    # Price carries no weight and the panel has no stake, so only Q1 is listed.
    assert robustness(model, bids) == [
        Sensitivity("Q1", "Q1 All", D("100"), None, None, None, None)
    ]


# --- checked against totals worked from scratch --------------------------------------------


def shares(model, bids):
    """Each qualifying bid's unrounded share of each part, worked out independently."""
    qualifying = [
        b
        for b in bids
        if not b.excluded_reason and all(b.scores[c.key] >= c.minimum for c in model.criteria)
    ]
    prices = [Fraction(b.price) for b in qualifying]
    mean = sum(prices) / len(prices)
    found = {}
    for b in qualifying:
        price = Fraction(b.price)
        if model.price_formula == "lowest_price":
            price_share = min(prices) / price
        else:
            price_share = max(Fraction(0), 1 - abs(price - mean) / mean)
        found[b.key] = {"price": price_share} | {
            c.key: Fraction(b.scores[c.key], model.max_score) for c in model.criteria
        }
    return found


def totals_at(model, bids, key, weight):
    """Every qualifying bid's unrounded total with ``key``'s weight moved to ``weight``."""
    weights = {"price": Fraction(model.price_weight)} | {
        c.key: Fraction(c.weight) for c in model.criteria
    }
    moving = [c.key for c in model.criteria if c.set_by == "panel"] if key == "panel" else [key]
    now = sum(weights[k] for k in moving)
    new = {
        k: w * weight / now if k in moving else w * (100 - weight) / (100 - now)
        for k, w in weights.items()
    }
    return {
        bid: sum(new[k] * share for k, share in parts.items())
        for bid, parts in shares(model, bids).items()
    }


def winner_holds(model, bids, key, weight, winner):
    totals = totals_at(model, bids, key, weight)
    return all(total < totals[winner] for bid, total in totals.items() if bid != winner)


@st.composite
def contests(draw):
    price = draw(st.integers(0, 60))
    q1 = draw(st.integers(1, 99 - price))
    p1 = 100 - price - q1
    model = Model(
        D(price),
        draw(st.sampled_from(["lowest_price", "mean_deviation"])),
        D(p1),
        (
            Criterion("Q1", "Support in a crisis", D(q1), "commissioner"),
            Criterion("P1", "Being treated as a person", D(p1), "panel"),
        ),
    )
    count = draw(st.integers(2, 5))
    bids = [
        BidEntry(
            f"bid-{i}",
            f"Bidder {i}",
            D(draw(st.integers(50, 150)) * 1000),
            {"Q1": draw(st.integers(0, 5)), "P1": draw(st.integers(0, 5))},
        )
        for i in range(count)
    ]
    return model, bids


@given(contests())
def test_the_winner_holds_just_inside_each_answer_and_falls_just_beyond_it(contest):
    model, bids = contest
    answers = robustness(model, bids)
    assume(answers)
    winner = compute_award(model, bids).winner
    step = Fraction(1, 100)  # answers are to 0.01, so 0.01 past one is past the exact point
    for s in answers:
        now = Fraction(s.current)
        if s.up_to is None:
            assert winner_holds(model, bids, s.key, Fraction(100), winner)
        else:
            beyond = Fraction(s.up_to) + step
            if beyond <= 100:
                assert not winner_holds(model, bids, s.key, beyond, winner)
            inside = Fraction(s.up_to) - step
            if inside > now:
                assert winner_holds(model, bids, s.key, inside, winner)
        if s.down_to is None:
            assert winner_holds(model, bids, s.key, Fraction(0), winner)
        else:
            beyond = Fraction(s.down_to) - step
            if beyond >= 0:
                assert not winner_holds(model, bids, s.key, beyond, winner)
            inside = Fraction(s.down_to) + step
            if inside < now:
                assert winner_holds(model, bids, s.key, inside, winner)
