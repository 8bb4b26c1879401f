"""A tender award worked by hand: question scores, price marks, the tie rule and the flags.

Each example has its arithmetic in the comments, so a reader can check the
numbers with a pencil. Then the abnormally low flags, and the problems people
are shown when a model or a bid cannot be scored.
"""

from decimal import Decimal

import pytest

from withus.tendering.award import (
    LOWEST_PRICE_RULE,
    MEAN_DEVIATION_RULE,
    TIE_RULE,
    AwardRefused,
    BidEntry,
    Criterion,
    Model,
    bid_problems,
    compute_award,
    model_problems,
    spread,
)

D = Decimal

QUESTIONS = (
    Criterion("Q1", "Support in a crisis", D("25"), "commissioner", minimum=2),
    Criterion("Q2", "Working with families", D("15"), "commissioner", minimum=2),
    Criterion("P1", "Being treated as a person", D("20"), "panel"),
)
LOWEST = Model(D("40"), "lowest_price", D("20"), QUESTIONS)


def bid(key, bidder, price, excluded_reason="", **scores):
    return BidEntry(key, bidder, D(price), scores, excluded_reason)


# --- four bids, lowest price ------------------------------------------------------

FOUR = [
    bid("bid-1", "Acme Care", "100000.00", Q1=4, Q2=3, P1=4),
    bid("bid-2", "Beacon Trust", "90000.00", Q1=3, Q2=3, P1=3),
    bid("bid-3", "Cedar Support", "80000.00", Q1=5, Q2=1, P1=5),  # Q2 below its minimum of 2
    bid("bid-4", "Dove Services", "120000.00", "Submitted after the deadline."),
]


def test_it_works_out_four_bids_with_lowest_price_one_failed_and_one_excluded():
    award = compute_award(LOWEST, FOUR)
    acme, beacon, cedar, dove = award.results
    # Cedar fails Q2 (1 < 2) and Dove is excluded, so only Acme and Beacon are priced.
    # Lowest qualifying price is Beacon's £90,000, not Cedar's £80,000.
    assert award.lowest_price == D("90000.00")
    assert award.mean_price is None

    # Acme: Q1 25 x 4/5 = 20, Q2 15 x 3/5 = 9 -> quality 29; P1 20 x 4/5 = 16;
    #       price 40 x 90,000 / 100,000 = 36; total 29 + 16 + 36 = 81.
    assert (acme.key, acme.status, acme.rank) == ("bid-1", "ranked", 1)
    assert [c.working for c in acme.criteria] == [
        "4 out of 5 × 25% = 20.0000",
        "3 out of 5 × 15% = 9.0000",
        "4 out of 5 × 20% = 16.0000",
    ]
    assert (acme.quality_score, acme.panel_score, acme.price_score, acme.total) == (
        D("29.0000"),
        D("16.0000"),
        D("36.0000"),
        D("81.0000"),
    )
    assert acme.price_working == "£90,000.00 (lowest) ÷ £100,000.00 × 40% = 36.0000"
    assert acme.total_working == "quality 29.0000 + panel 16.0000 + price 36.0000 = 81.0000"

    # Beacon: Q1 25 x 3/5 = 15, Q2 9 -> quality 24; P1 20 x 3/5 = 12; lowest price, so 40.
    #         total 24 + 12 + 40 = 76.
    assert (beacon.key, beacon.rank, beacon.total) == ("bid-2", 2, D("76.0000"))
    assert beacon.price_working == "£90,000.00 (lowest) ÷ £90,000.00 × 40% = 40.0000"

    # Cedar is scored (25 + 3 = 28 quality, 20 panel) but not priced or ranked.
    assert (cedar.status, cedar.failed, cedar.rank) == ("failed_threshold", ("Q2",), None)
    assert (cedar.quality_score, cedar.panel_score) == (D("28.0000"), D("20.0000"))
    assert (cedar.price_score, cedar.total) == (None, None)
    assert [c.passed for c in cedar.criteria] == [True, False, True]
    assert cedar.criteria[1].working == "1 out of 5 × 15% = 3.0000 (below the minimum of 2)"
    assert cedar.total_working == "Not ranked: Q2 scored 1, below the minimum of 2."

    assert (dove.status, dove.criteria, dove.price_score, dove.total, dove.rank) == (
        "excluded",
        (),
        None,
        None,
        None,
    )
    assert dove.excluded_reason == "Submitted after the deadline."

    assert award.winner == "bid-1"
    assert award.tied_keys == ()
    assert award.price_rule == LOWEST_PRICE_RULE
    assert award.tie_rule == TIE_RULE


def test_a_failed_bid_cannot_move_anyone_elses_price_marks():
    # Without Cedar the award is identical: its low price was never the lowest that counts.
    with_cedar = compute_award(LOWEST, FOUR)
    without = compute_award(LOWEST, [b for b in FOUR if b.key != "bid-3"])
    assert [r.price_score for r in with_cedar.ranked] == [r.price_score for r in without.ranked]


# --- mean deviation: a very low price loses marks ------------------------------------

EVEN = (
    Criterion("Q1", "Support in a crisis", D("30"), "commissioner"),
    Criterion("Q2", "Working with families", D("10"), "commissioner"),
    Criterion("P1", "Being treated as a person", D("20"), "panel"),
)
MEAN = Model(D("40"), "mean_deviation", D("20"), EVEN)
SAME_SCORES = {"Q1": 4, "Q2": 4, "P1": 4}  # 30 x 4/5 + 10 x 4/5 = 32 quality, 20 x 4/5 = 16 panel


def test_mean_deviation_gives_a_very_low_price_fewer_marks_than_one_near_the_average():
    bids = [
        BidEntry("bid-1", "Acme Care", D("100000.00"), SAME_SCORES),
        BidEntry("bid-2", "Beacon Trust", D("95000.00"), SAME_SCORES),
        BidEntry("bid-3", "Cedar Support", D("60000.00"), SAME_SCORES),
        BidEntry("bid-4", "Dove Services", D("125000.00"), SAME_SCORES),
    ]
    award = compute_award(MEAN, bids)
    # Average = (100 + 95 + 60 + 125) / 4 = 380 / 4 = £95,000.
    # Acme:  |100 - 95| = 5,  40 x (1 - 5/95)  = 40 x 90/95 = 37.894736... -> 37.8947
    # Beacon: at the average,  40 x 1                        = 40.0000
    # Cedar: |60 - 95| = 35,  40 x (1 - 35/95) = 40 x 60/95 = 25.263157... -> 25.2632
    # Dove:  |125 - 95| = 30, 40 x (1 - 30/95) = 40 x 65/95 = 27.368421... -> 27.3684
    # Quality and panel are 32 + 16 = 48 for everyone, so price decides.
    assert award.mean_price == D("95000.00")
    assert award.price_rule == MEAN_DEVIATION_RULE
    scores = {r.key: (r.price_score, r.total, r.rank) for r in award.results}
    assert scores == {
        "bid-2": (D("40.0000"), D("88.0000"), 1),
        "bid-1": (D("37.8947"), D("85.8947"), 2),
        "bid-4": (D("27.3684"), D("75.3684"), 3),
        "bid-3": (D("25.2632"), D("73.2632"), 4),
    }
    # The cheapest bid comes last: cheaper than the most expensive, yet fewer marks.
    assert [r.key for r in award.results] == ["bid-2", "bid-1", "bid-4", "bid-3"]
    cedar, beacon = award.result("bid-3"), award.result("bid-2")
    assert cedar.price_working == (
        "£60,000.00 is £35,000.00 below the average of £95,000.00: "
        "(1 − £35,000.00 ÷ £95,000.00) × 40% = 25.2632"
    )
    assert beacon.price_working == (
        "£95,000.00 is the average price: (1 − £0.00 ÷ £95,000.00) × 40% = 40.0000"
    )


def test_mean_deviation_never_gives_fewer_than_0_price_marks():
    # Average (10 + 10 + 250) / 3 = £90,000. The £250,000 bid is £160,000 away:
    # 1 - 160/90 is below 0, so it gets 0. The others are £80,000 away: 40 x 10/90 = 4.4444.
    bids = [
        BidEntry("bid-1", "Acme Care", D("10000"), SAME_SCORES),
        BidEntry("bid-2", "Beacon Trust", D("10000"), SAME_SCORES),
        BidEntry("bid-3", "Cedar Support", D("250000"), SAME_SCORES),
    ]
    award = compute_award(MEAN, bids)
    assert award.result("bid-3").price_score == D("0.0000")
    assert award.result("bid-3").price_working == (
        "£250,000.00 is £160,000.00 above the average of £90,000.00: "
        "(1 − £160,000.00 ÷ £90,000.00) is below 0, so 0 × 40% = 0.0000"
    )
    assert award.result("bid-1").price_score == D("4.4444")


def test_it_rounds_every_score_to_4_places_with_halves_going_up():
    # 12.3445 x 1/2 = 6.17225 exactly: halves up gives 6.1723 (halves to even would give 6.1722).
    # Price: the only bid is the lowest, so it gets the full 87.6555.
    model = Model(
        D("87.6555"),
        "lowest_price",
        D("0"),
        (Criterion("Q1", "Support in a crisis", D("12.3445"), "commissioner"),),
        max_score=2,
    )
    result = compute_award(model, [BidEntry("bid-1", "Acme Care", D("1"), {"Q1": 1})]).results[0]
    assert result.criteria[0].weighted == D("6.1723")
    assert result.criteria[0].working == "1 out of 2 × 12.3445% = 6.1723"
    assert result.total == D("93.8278")


def test_a_price_weight_of_0_gives_everyone_0_price_marks():
    model = Model(
        D("0"), "lowest_price", D("0"), (Criterion("Q1", "All", D("100"), "commissioner"),)
    )
    award = compute_award(
        model,
        [
            BidEntry("bid-1", "Acme Care", D("500"), {"Q1": 3}),
            BidEntry("bid-2", "Beacon Trust", D("100"), {"Q1": 2}),
        ],
    )
    # Q1: 100 x 3/5 = 60 and 100 x 2/5 = 40; price counts for nothing.
    assert [(r.key, r.price_score, r.total) for r in award.results] == [
        ("bid-1", D("0.0000"), D("60.0000")),
        ("bid-2", D("0.0000"), D("40.0000")),
    ]
    assert award.results[0].price_working == "Price carries no weight in this tender: 0% = 0.0000"
    assert award.price_rule.endswith("every bid gets 0 price marks.")


# --- the tie rule, one step at a time ---------------------------------------------------
# EVEN weights: Q1 30 (6 marks a point), Q2 10 (2 a point), P1 20 (panel, 4 a point); price 40.

TIES = Model(D("40"), "lowest_price", D("20"), EVEN)


def test_equal_totals_go_to_the_higher_quality_and_panel():
    bids = [
        # Acme:   quality 30 + 10, panel 20 = 60; price 40 x 80/100 = 32; total 92.
        BidEntry("bid-1", "Acme Care", D("100000"), {"Q1": 5, "Q2": 5, "P1": 5}),
        # Beacon: quality 30 + 2, panel 20 = 52; lowest price, 40;         total 92.
        BidEntry("bid-2", "Beacon Trust", D("80000"), {"Q1": 5, "Q2": 1, "P1": 5}),
    ]
    award = compute_award(TIES, bids)
    assert [(r.key, r.total, r.quality_and_panel, r.rank) for r in award.results] == [
        ("bid-1", D("92.0000"), D("60.0000"), 1),
        ("bid-2", D("92.0000"), D("52.0000"), 2),
    ]
    assert award.winner == "bid-1"


def test_equal_totals_and_quality_go_to_the_higher_panel_score():
    bids = [
        # Same price, so 40 price marks each.
        # Beacon: 30 + 10 quality, 12 panel = 52; total 92.
        BidEntry("bid-1", "Beacon Trust", D("90000"), {"Q1": 5, "Q2": 5, "P1": 3}),
        # Acme:   30 +  2 quality, 20 panel = 52; total 92. Higher panel score, so Acme wins.
        BidEntry("bid-2", "Acme Care", D("90000"), {"Q1": 5, "Q2": 1, "P1": 5}),
    ]
    award = compute_award(TIES, bids)
    assert [
        (r.key, r.total, r.quality_and_panel, r.panel_score, r.rank) for r in award.results
    ] == [
        ("bid-2", D("92.0000"), D("52.0000"), D("20.0000"), 1),
        ("bid-1", D("92.0000"), D("52.0000"), D("12.0000"), 2),
    ]
    assert award.winner == "bid-2"


def test_then_the_lower_price_wins():
    # Mean deviation: average of £110,000 and £90,000 is £100,000; both are £10,000 away,
    # so both get 40 x 0.9 = 36. Same scores: 48 + 36 = 84 each. The lower price wins.
    bids = [
        BidEntry("bid-1", "Acme Care", D("110000"), SAME_SCORES),
        BidEntry("bid-2", "Beacon Trust", D("90000"), SAME_SCORES),
    ]
    award = compute_award(Model(D("40"), "mean_deviation", D("20"), EVEN), bids)
    assert [(r.key, r.price_score, r.total, r.rank) for r in award.results] == [
        ("bid-2", D("36.0000"), D("84.0000"), 1),
        ("bid-1", D("36.0000"), D("84.0000"), 2),
    ]
    assert award.winner == "bid-2"


def test_an_unbroken_tie_shares_first_place_and_leaves_the_choice_to_the_commissioner():
    # bid-9 and bid-10 are identical: 48 + 40 = 88 each. bid-3 has Q1 3: 18 + 8 + 16 + 40 = 82.
    bids = [
        BidEntry("bid-10", "Acme Care", D("100000"), SAME_SCORES),
        BidEntry("bid-3", "Cedar Support", D("100000"), {"Q1": 3, "Q2": 4, "P1": 4}),
        BidEntry("bid-9", "Beacon Trust", D("100000"), SAME_SCORES),
    ]
    award = compute_award(TIES, bids)
    # Ranks 1, 1, 3; the shared place lists bid-9 before bid-10 (numbers, not letters).
    assert [(r.key, r.total, r.rank) for r in award.results] == [
        ("bid-9", D("88.0000"), 1),
        ("bid-10", D("88.0000"), 1),
        ("bid-3", D("82.0000"), 3),
    ]
    assert award.winner is None
    assert award.tied_keys == ("bid-9", "bid-10")
    assert "the commissioner must decide between them and record why" in award.tie_rule


def test_a_tie_below_first_place_shares_its_rank_but_leaves_a_winner():
    bids = [
        BidEntry("bid-1", "Acme Care", D("100000"), {"Q1": 5, "Q2": 4, "P1": 4}),
        BidEntry("bid-2", "Beacon Trust", D("100000"), SAME_SCORES),
        BidEntry("bid-3", "Cedar Support", D("100000"), SAME_SCORES),
    ]
    award = compute_award(TIES, bids)
    assert [r.rank for r in award.results] == [1, 2, 2]
    assert (award.winner, award.tied_keys) == ("bid-1", ())


def test_no_qualifying_bid_means_no_winner():
    award = compute_award(LOWEST, [bid("bid-1", "Acme Care", "1000", Q1=1, Q2=5, P1=5)])
    assert (award.winner, award.tied_keys, award.lowest_price) == (None, (), None)
    assert award.results[0].status == "failed_threshold"


# --- abnormally low prices --------------------------------------------------------------

FLAT = (Criterion("Q1", "Support in a crisis", D("60"), "commissioner"),)


def flags(bids, estimated_cost=None):
    model = Model(D("40"), "lowest_price", D("0"), FLAT, estimated_cost=estimated_cost)
    award = compute_award(model, bids)
    return {r.key: r.abnormally_low_reason for r in award.results if r.abnormally_low}


def priced(key, price, excluded_reason="", score=3):
    return BidEntry(key, key.title(), D(price), {"Q1": score}, excluded_reason)


def test_it_flags_a_price_far_below_the_other_bids():
    # Cedar (£60,000) against the mean-deviation example's others: (100 + 95 + 125) / 3
    # = £106,666.67; 60 is 140/320 = 43.75% below it, shown as 43.8.
    bids = [
        priced("a", "100000"),
        priced("b", "95000"),
        priced("c", "60000"),
        priced("d", "125000"),
    ]
    assert flags(bids) == {
        "c": "£60,000.00 is 43.8% below the average of the other bids (£106,666.67). "
        "The rule flags a bid more than 20% below."
    }


def test_it_flags_a_price_below_the_estimated_cost_and_gives_both_reasons():
    # a: £60,000 against (78 + 95) / 2 = £86,500: 26,500 / 86,500 = 30.63...% below, and
    #    below the estimated cost of £80,000: both reasons.
    # b: £78,000 against (60 + 95) / 2 = £77,500 is above the others' average, but it is
    #    below the estimated cost.
    bids = [priced("a", "60000"), priced("b", "78000"), priced("c", "95000")]
    found = flags(bids, estimated_cost=D("80000"))
    assert found == {
        "a": "£60,000.00 is 30.6% below the average of the other bids (£86,500.00). "
        "The rule flags a bid more than 20% below. It is below the estimated cost of £80,000.00.",
        "b": "£78,000.00 is below the estimated cost of £80,000.00.",
    }
    # Without an estimated cost: £60,000 against (90 + 95) / 2 = £92,500 is 35.135...% below.
    assert flags([priced("a", "60000"), priced("b", "90000"), priced("c", "95000")])["a"] == (
        "£60,000.00 is 35.1% below the average of the other bids (£92,500.00). "
        "The rule flags a bid more than 20% below."
    )


def test_it_compares_with_the_other_bid_when_there_is_only_one():
    assert flags([priced("a", "60000"), priced("b", "100000")]) == {
        "a": "£60,000.00 is 40.0% below the other bid (£100,000.00). "
        "The rule flags a bid more than 20% below."
    }


def test_exactly_the_threshold_is_not_flagged_and_a_penny_under_shows_enough_places():
    # 20% below £100,000 is £80,000: not more than 20% below, so not flagged.
    assert flags([priced("a", "80000.00"), priced("b", "100000")]) == {}
    # £79,999.99 is 20.00001% below; 1 place would show "20.0", which is not more than 20.
    assert flags([priced("a", "79999.99"), priced("b", "100000")]) == {
        "a": "£79,999.99 is 20.00001% below the other bid (£100,000.00). "
        "The rule flags a bid more than 20% below."
    }


def test_failed_bids_are_flagged_but_excluded_bids_are_neither_flagged_nor_counted():
    bids = [
        priced("a", "50000", score=3),
        priced("b", "100000"),
        priced("c", "10", excluded_reason="Not a real bid."),
    ]
    model = Model(
        D("40"),
        "lowest_price",
        D("0"),
        (Criterion("Q1", "Support in a crisis", D("60"), "commissioner", minimum=4),),
    )
    award = compute_award(model, bids)
    # Both a and b fail Q1 (3 < 4); a is still 50% below b. c's £10 is left out entirely.
    assert award.result("a").status == "failed_threshold"
    assert award.result("a").abnormally_low_reason == (
        "£50,000.00 is 50.0% below the other bid (£100,000.00). "
        "The rule flags a bid more than 20% below."
    )
    assert not award.result("b").abnormally_low
    assert not award.result("c").abnormally_low


def test_a_lone_bid_is_only_checked_against_the_estimated_cost():
    assert flags([priced("a", "10")]) == {}
    assert flags([priced("a", "10")], estimated_cost=D("1000")) == {
        "a": "£10.00 is below the estimated cost of £1,000.00."
    }


# --- spread, for moderation -------------------------------------------------------------


def test_spread_gives_the_lowest_highest_range_mean_and_count():
    # 12 evaluators: sum 2+3+3+3+3+4+4+4+4+4+5+1 = 40; 40 / 12 = 3.333... -> 3.33.
    found = spread([2, 3, 3, 3, 3, 4, 4, 4, 4, 4, 5, 1])
    assert (found.lowest, found.highest, found.range, found.mean, found.count) == (
        1,
        5,
        4,
        D("3.33"),
        12,
    )
    assert found.median == D("3.5")  # sorted, the 6th and 7th are 3 and 4
    assert spread([1, 2]).mean == D("1.50")
    assert spread([0, 0, 1]).mean == D("0.33")
    assert spread([2, 2, 3]).mean == D("2.33")
    assert spread([1, 2, 2, 2, 2, 2, 2, 2]).mean == D("1.88")  # 15/8 = 1.875, half up
    empty = spread([])
    assert (empty.lowest, empty.highest, empty.range, empty.mean, empty.count) == (
        None,
        None,
        None,
        None,
        0,
    )


# --- problems, in the words people will see ---------------------------------------------


def refused(model, bids):
    with pytest.raises(AwardRefused) as raised:
        compute_award(model, bids)
    return raised.value.problems


def test_it_says_what_the_weights_add_up_to_and_what_the_panel_carries():
    short = Model(D("35"), "lowest_price", D("20"), QUESTIONS)
    assert model_problems(short) == ["The weights add up to 95%. They must add up to 100%."]
    halves = Model(
        D("40"),
        "lowest_price",
        D("20"),
        (
            Criterion("Q1", "Support in a crisis", D("47.5"), "commissioner"),
            Criterion("P1", "Being treated as a person", D("12.5"), "panel"),
        ),
    )
    # 40 + 47.5 + 12.5 = 100, so only the panel's share is wrong.
    assert model_problems(halves) == [
        "The panel's questions carry 12.5% but the panel's stake is 20%. Make them the same."
    ]
    # A stake with no panel questions at all.
    no_panel = Model(
        D("40"), "lowest_price", D("20"), (Criterion("Q1", "All", D("60"), "commissioner"),)
    )
    assert model_problems(no_panel) == [
        "The panel's questions carry 0% but the panel's stake is 20%. Make them the same."
    ]
    assert refused(short, []) == ["The weights add up to 95%. They must add up to 100%."]


def test_it_explains_each_other_problem_with_a_model():
    model = Model(
        D("-10"),
        "cheapest",  # type: ignore[arg-type]
        D("0"),
        (
            Criterion("Q1", "Support in a crisis", D("0"), "commissioner", minimum=12),
            Criterion("Q1", "Working with families", D("110"), "everyone"),  # type: ignore[arg-type]
            Criterion(" ", "Untitled", D("1"), "commissioner", minimum=-1),
        ),
        max_score=11,
        abnormally_low_percent=D("120"),
        estimated_cost=D("0"),
    )
    assert model_problems(model) == [
        "The weights add up to 101%. They must add up to 100%.",
        "The price weight is -10%. It cannot be below 0%.",
        "The price formula 'cheapest' is not one this service knows. "
        "Use lowest_price or mean_deviation.",
        "The top of the scoring scale is 11. It must be a whole number from 1 to 10.",
        "Q1 carries 0%. Every question must carry more than 0%.",
        "Two questions have the key Q1. Give each question its own key.",
        "Q1 is set by 'everyone'. A question is set by the commissioner or the panel.",
        "The question 'Untitled' has no key. Give every question a short key, like Q1.",
        "The minimum score for the question 'Untitled' is -1, but scores go from 0 to 11.",
        "The abnormally low threshold is 120%. It must be from 0% to 100%.",
        "The estimated cost is £0.00. Leave it blank or give an amount above £0.00.",
    ]


def test_it_needs_at_least_one_question_and_minimums_on_the_scale():
    assert model_problems(Model(D("100"), "lowest_price", D("0"), ())) == [
        "There are no questions. Add at least one question to score bids on."
    ]
    too_high = Model(
        D("40"), "lowest_price", D("0"), (Criterion("Q1", "All", D("60"), "commissioner", 6),)
    )
    assert model_problems(too_high) == ["The minimum score for Q1 is 6, but scores go from 0 to 5."]


def test_it_accepts_a_sound_model_with_no_problems():
    assert model_problems(LOWEST) == []
    assert model_problems(MEAN) == []
    assert bid_problems(LOWEST, FOUR) == []


def test_it_names_the_bidder_and_the_question_for_each_problem_with_a_bid():
    bids = [
        bid("bid-1", "Acme Care", "0", Q1=4, Q2=3, P1=4),
        bid("bid-1", "Beacon Trust", "90000", Q1=6, Q2=3),
        BidEntry("bid-3", "Cedar Support", D("80000"), {"Q1": 3, "Q2": 2.5, "P1": 3, "Q9": 1}),
        bid("bid-4", "Dove Services", "-1", "Late."),
        bid("bid-5", "Elm Housing", "0", "No price given."),
    ]
    assert bid_problems(LOWEST, bids) == [
        "Acme Care gave a price of £0.00. A price must be more than £0.00.",
        "Two bids have the key bid-1 (Acme Care and Beacon Trust). Every bid needs its own key.",
        "Beacon Trust scored 6 on Q1. Scores go from 0 to 5.",
        "Beacon Trust has no score for P1.",
        "Cedar Support scored 2.5 on Q2. Scores must be whole numbers.",
        "Cedar Support has a score for Q9, which is not one of the questions.",
        "Dove Services gave a price of -£1.00. A price cannot be below £0.00.",
    ]
    # Elm Housing gave no price, but it is excluded, so its price is never used.
    with pytest.raises(AwardRefused) as raised:
        compute_award(LOWEST, bids)
    assert raised.value.problems == bid_problems(LOWEST, bids)
    assert str(raised.value).startswith("Acme Care gave a price of £0.00.")
