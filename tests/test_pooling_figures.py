"""The figures commissioners see: averages to 1 decimal place, halves rounded up,
and nothing from fewer than 5 people. Worked by hand, then checked at random."""

from decimal import Decimal
from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st

from withus.pooling import figures
from withus.pooling.figures import Change, Figure


def _both(before: list[int], after: list[int]) -> tuple[dict[int, int], dict[int, int]]:
    return dict(enumerate(before)), dict(enumerate(after))


def test_it_rounds_a_change_of_1_2_and_2_to_1_7():
    baseline, follow_up = _both([10, 10, 10], [11, 12, 12])

    change = figures.outcome_change(baseline, follow_up, "wellbeing", smallest=1)

    # 30 / 3 = 10.0; 35 / 3 = 11.666… = 11.7; (1 + 2 + 2) / 3 = 1.666… = 1.7.
    assert change == Change("wellbeing", 3, Decimal("10.0"), Decimal("11.7"), Decimal("1.7"))


def test_it_rounds_halves_up_not_to_even():
    baseline, follow_up = _both([20, 20, 20, 21], [20, 21, 21, 20])

    change = figures.outcome_change(baseline, follow_up, "wellbeing", smallest=1)

    # 81 / 4 = 20.25, up to 20.3 (rounding to even would give 20.2).
    assert change.baseline == Decimal("20.3")
    assert change.follow_up == Decimal("20.5")  # 82 / 4
    # The change is worked from the exact averages, 0.25, so it is 0.3, not
    # 20.5 - 20.3 = 0.2.
    assert change.change == Decimal("0.3")


def test_it_rounds_a_half_away_from_zero_for_a_fall():
    baseline, follow_up = _both([3, 2, 2, 2], [2, 2, 2, 2])

    change = figures.outcome_change(baseline, follow_up, "gp_visits", smallest=1)

    # 9 / 4 = 2.25 -> 2.3; the change is -1 / 4 = -0.25 -> -0.3, so a fall
    # rounds the same way as a rise of the same size.
    assert (change.baseline, change.follow_up, change.change) == (
        Decimal("2.3"),
        Decimal("2.0"),
        Decimal("-0.3"),
    )


def test_it_rounds_below_a_half_down():
    baseline, follow_up = _both([7, 7, 7], [7, 7, 8])

    change = figures.outcome_change(baseline, follow_up, "wellbeing", smallest=1)

    # 22 / 3 = 7.333… -> 7.3, and the change 1 / 3 = 0.333… -> 0.3.
    assert (change.follow_up, change.change) == (Decimal("7.3"), Decimal("0.3"))


def test_it_counts_only_people_measured_at_both_points():
    baseline = {1: 20, 2: 18, 3: 22, 4: 15, 5: 25, 6: 30}
    follow_up = {2: 20, 3: 22, 4: 21, 5: 27, 7: 35}

    change = figures.outcome_change(baseline, follow_up, "wellbeing", smallest=1)

    # People 2, 3, 4 and 5: 80 / 4 = 20.0 at the start, 90 / 4 = 22.5 after.
    assert change == Change("wellbeing", 4, Decimal("20.0"), Decimal("22.5"), Decimal("2.5"))


def test_it_withholds_a_change_from_fewer_than_5_people_measured_twice():
    baseline = {1: 20, 2: 18, 3: 22, 4: 15, 5: 25}
    follow_up = {1: 25, 2: 20, 3: 22, 4: 21}

    assert figures.outcome_change(baseline, follow_up, "wellbeing") == Change(
        "wellbeing", 4, None, None, None
    )

    follow_up[5] = 27
    # 100 / 5 = 20.0, 115 / 5 = 23.0.
    assert figures.outcome_change(baseline, follow_up, "wellbeing") == Change(
        "wellbeing", 5, Decimal("20.0"), Decimal("23.0"), Decimal("3.0")
    )


def test_it_shows_nothing_when_nobody_was_measured_twice():
    assert figures.outcome_change({1: 20}, {2: 25}, "wellbeing", smallest=1) == Change(
        "wellbeing", 0, None, None, None
    )
    assert figures.outcome_change({}, {}, "wellbeing", smallest=0).change is None


def test_it_shows_a_figure_only_from_5_people():
    assert figures.shown(3, 4) == Figure(None, 4)
    assert figures.shown(3, 4).withheld
    assert figures.shown(Decimal("1234.56"), 0).withheld
    assert figures.shown(3, 5) == Figure(3, 5)
    assert not figures.shown(3, 5).withheld
    # Nothing is a figure too, not a withheld one.
    assert figures.shown(0, 5) == Figure(0, 5)
    assert not figures.shown(Decimal("0.00"), 12).withheld


def test_it_totals_money_to_the_penny():
    assert figures.total([Decimal("0.10")] * 3) == Decimal("0.30")
    assert figures.total([]) == Decimal("0.00")
    assert str(figures.total([Decimal("5"), Decimal("2.5")])) == "7.50"


scores = st.integers(min_value=7, max_value=35)


@given(st.lists(st.tuples(scores, scores), min_size=1, max_size=40))
def test_it_makes_the_change_the_difference_of_the_averages(pairs):
    baseline, follow_up = _both([b for b, _a in pairs], [a for _b, a in pairs])

    change = figures.outcome_change(baseline, follow_up, "wellbeing", smallest=1)

    assert change.people == len(pairs)
    for value in (change.baseline, change.follow_up, change.change):
        assert value.as_tuple().exponent == -1  # one decimal place
    assert abs(change.change - (change.follow_up - change.baseline)) <= Decimal("0.1")
    exact = Fraction(sum(a - b for b, a in pairs), len(pairs))
    assert abs(Fraction(change.change) - exact) <= Fraction(1, 20)


@given(st.lists(st.tuples(scores, scores), min_size=0, max_size=12))
def test_it_withholds_exactly_below_5_people(pairs):
    baseline, follow_up = _both([b for b, _a in pairs], [a for _b, a in pairs])

    change = figures.outcome_change(baseline, follow_up, "wellbeing")

    assert change.people == len(pairs)
    assert (change.change is None) == (len(pairs) < 5)
    assert (change.baseline is None) == (change.follow_up is None) == (len(pairs) < 5)
