"""Summaries of story ratings: shares that add up to 100.0, and small numbers withheld.

Hand-worked examples first (the arithmetic is in the comments, in tenths of a
percent), then properties over random ratings, then the error messages.
"""

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from withus.stories import figures
from withus.stories.figures import WITHHELD_TEXT, Distribution, change_share, distribution

D = Decimal


def message(error_type, call, *args, **kwargs):
    with pytest.raises(error_type) as raised:
        call(*args, **kwargs)
    return str(raised.value)


# --- distributions by hand ---------------------------------------------------


def test_it_gives_the_odd_tenth_to_the_largest_remainder():
    # 6 scores. In tenths of a percent: score 1: 1000/6 = 166.67 -> 166 (lost .67)
    #                                   score 2: 2000/6 = 333.33 -> 333 (lost .33)
    #                                   score 5: 3000/6 = 500    -> 500 (lost 0)
    # 166 + 333 + 500 = 999, so 1 tenth is left: it goes to score 1 (lost most).
    # Mean: (1 + 2 + 2 + 5 + 5 + 5) / 6 = 20 / 6 = 3.333... -> 3.33.
    assert distribution([5, 1, 2, 5, 2, 5]) == Distribution(
        count=6,
        withheld=False,
        counts=(1, 2, 0, 0, 3),
        shares=(D("16.7"), D("33.3"), D("0.0"), D("0.0"), D("50.0")),
        mean=D("3.33"),
    )


def test_it_breaks_a_tie_between_remainders_by_the_lower_score():
    # Scores 1, 2 and 3 twice each: 2000/6 = 333.33 -> 333 each, 999 in all.
    # All three lost .33, so the one tenth left goes to score 1.
    # Mean: (2 + 4 + 6) / 6 = 2.
    found = distribution([3, 3, 2, 2, 1, 1])
    assert found.shares == (D("33.4"), D("33.3"), D("33.3"), D("0.0"), D("0.0"))
    assert found.mean == D("2.00")


def test_it_can_show_a_share_below_its_rounded_value_so_the_total_is_exact():
    # 7 scores: 1, 2, 3, 4 once each: 1000/7 = 142.86 -> 142 (lost .86)
    #           5 three times:        3000/7 = 428.57 -> 428 (lost .57)
    # 4 x 142 + 428 = 996: 4 tenths left, to scores 1-4 (lost .86 each).
    # So 42.857% shows as 42.8, not 42.9, and the five add to 100.0 exactly.
    # Mean: 25 / 7 = 3.5714... -> 3.57.
    found = distribution([1, 2, 3, 4, 5, 5, 5])
    assert found.shares == (D("14.3"), D("14.3"), D("14.3"), D("14.3"), D("42.8"))
    assert sum(found.shares) == D("100.0")
    assert found.mean == D("3.57")


def test_it_rounds_a_mean_half_way_up():
    # 1 x 7 + 2 = 9, 9 / 8 = 1.125 -> 1.13 (halves up, not to even).
    # Shares: 7000/8 = 875 and 1000/8 = 125 tenths, exact.
    found = distribution([1, 1, 1, 1, 1, 1, 1, 2])
    assert found.mean == D("1.13")
    assert found.shares == (D("87.5"), D("12.5"), D("0.0"), D("0.0"), D("0.0"))


def test_it_gives_one_score_all_of_the_share():
    assert distribution([4] * 5) == Distribution(
        5, False, (0, 0, 0, 5, 0), (D("0.0"), D("0.0"), D("0.0"), D("100.0"), D("0.0")), D("4.00")
    )


def test_it_counts_other_scales():
    # Scale of 3: 1, 2, 3, 3, 3: 200 + 200 + 600 tenths; mean 12 / 5 = 2.4.
    assert distribution([1, 2, 3, 3, 3], scale=3) == Distribution(
        5, False, (1, 1, 3), (D("20.0"), D("20.0"), D("60.0")), D("2.40")
    )
    assert distribution([10] * 5, scale=10).counts == (0,) * 9 + (5,)


def test_it_withholds_fewer_than_five_ratings_but_says_how_many():
    assert distribution([5, 5, 5, 5]) == Distribution(4, True, None, None, None)
    assert distribution([]) == Distribution(0, True, None, None, None)
    assert distribution([1, 2], minimum=2).withheld is False
    assert distribution([1] * 9, minimum=10).withheld is True
    assert WITHHELD_TEXT == "Fewer than 5 ratings, so the summary is not shown."


# --- change after a concern, by hand -----------------------------------------


def test_it_gives_the_share_of_replies_reporting_a_change():
    # 3 of 5 planned or made: 60.0.
    assert change_share(["made", "planned", "none", "none", "made"]) == D("60.0")
    # 1 of 6: 16.666... -> 16.7. 1 of 16: 6.25 -> 6.3 (halves up).
    assert change_share(["made"] + ["none"] * 5) == D("16.7")
    assert change_share(["planned"] + ["none"] * 15) == D("6.3")
    assert change_share(["none"] * 5) == D("0.0")
    assert change_share(["made"] * 5) == D("100.0")


def test_it_withholds_the_change_share_of_too_few_replies():
    assert change_share(["made", "made", "none"]) is None  # 66.7, but only 3 replies
    assert change_share([]) is None
    assert change_share(["made", "none"], minimum=2) == D("50.0")


# --- properties --------------------------------------------------------------


@st.composite
def ratings(draw):
    scale = draw(st.integers(1, 10))
    scores = draw(st.lists(st.integers(1, scale), max_size=200))
    return scores, scale


@given(ratings(), st.integers(1, 12))
def test_it_withholds_exactly_when_there_are_fewer_than_the_minimum(drawn, minimum):
    scores, scale = drawn
    found = distribution(scores, scale, minimum)
    assert found.count == len(scores)
    assert found.withheld == (len(scores) < minimum)
    parts = (found.counts, found.shares, found.mean)
    assert all(part is None for part in parts) == found.withheld
    assert all(part is not None for part in parts) != found.withheld


@given(ratings())
def test_the_shares_always_add_up_to_exactly_100(drawn):
    scores, scale = drawn
    found = distribution(scores, scale, minimum=1)
    if not scores:
        return
    assert found.shares is not None
    assert sum(found.shares) == D("100.0")
    assert all(share.as_tuple().exponent == -1 for share in found.shares)


@given(ratings())
def test_each_share_is_within_a_tenth_of_its_exact_value(drawn):
    scores, scale = drawn
    found = distribution(scores, scale, minimum=1)
    if not scores:
        return
    assert found.counts is not None and found.shares is not None and found.mean is not None
    assert sum(found.counts) == len(scores)
    for n, share in zip(found.counts, found.shares, strict=True):
        exact = Fraction(100 * n, len(scores))
        assert abs(Fraction(share) - exact) < Fraction(1, 10)
        if n == 0:
            assert share == 0
    assert abs(Fraction(found.mean) - Fraction(sum(scores), len(scores))) <= Fraction(1, 200)


@given(ratings(), st.randoms(use_true_random=False))
def test_the_order_of_the_ratings_makes_no_difference(drawn, random):
    scores, scale = drawn
    shuffled = list(scores)
    random.shuffle(shuffled)
    assert distribution(shuffled, scale, 1) == distribution(scores, scale, 1)


@given(st.lists(st.sampled_from(["none", "planned", "made"]), max_size=60), st.integers(1, 10))
def test_the_change_share_is_withheld_exactly_below_the_minimum(replies, minimum):
    share = change_share(replies, minimum)
    assert (share is None) == (len(replies) < minimum)
    if share is not None:
        exact = Fraction(100 * sum(r != "none" for r in replies), len(replies))
        assert abs(Fraction(share) - exact) <= Fraction(1, 20)


# --- errors ------------------------------------------------------------------


def test_it_refuses_scores_outside_the_scale():
    assert (
        message(ValueError, distribution, [1, 2, 6, 3, 4])
        == "A score must be a whole number from 1 to 5, not 6."
    )
    assert (
        message(ValueError, distribution, [0])
        == "A score must be a whole number from 1 to 5, not 0."
    )
    assert (
        message(ValueError, distribution, ["5"])
        == "A score must be a whole number from 1 to 5, not '5'."
    )
    assert (
        message(ValueError, distribution, [True])
        == "A score must be a whole number from 1 to 5, not True."
    )
    assert (
        message(ValueError, distribution, [], 0) == "The scale must go from 1 to at least 1, not 0."
    )
    assert (
        message(ValueError, distribution, [], 5, 0)
        == "The fewest ratings to show must be at least 1, not 0."
    )


def test_it_refuses_a_reply_that_is_not_a_kind_of_change():
    assert (
        message(ValueError, change_share, ["made", "maybe"])
        == "A reply's change must be none, planned or made, not 'maybe'."
    )
    assert (
        message(ValueError, change_share, [], 0)
        == "The fewest replies to show must be at least 1, not 0."
    )


@given(st.lists(st.integers(min_value=1, max_value=5), max_size=60))
def test_it_gives_the_same_summary_from_counts_as_from_scores(scores):
    counts: dict[int, int] = {}
    for score in scores:
        counts[score] = counts.get(score, 0) + 1
    assert figures.distribution_of_counts(counts) == figures.distribution(scores)


def test_it_refuses_a_count_for_a_score_off_the_scale():
    with pytest.raises(ValueError, match="from 1 to 5"):
        figures.distribution_of_counts({6: 1})
