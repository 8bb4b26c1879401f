"""SROI sums worked by hand, with the working in the comments.

Every figure is exact until it is shown; shown money is rounded to the penny
and the ratio to 2 places, halves up. 1.035 = 207/200, so dividing by 1.035
is multiplying by 200/207.
"""

from decimal import Decimal
from fractions import Fraction

import pytest

from withus.social_value import sroi

D = Decimal
F = Fraction


def _one_outcome() -> sroi.Analysis:
    # 10 people × £1,000, deadweight 20%, attribution 25%, displacement 0%,
    # drop-off 50%, 3 years, discount 3.5%, investment £10,000.
    return sroi.Analysis(
        outcomes=(sroi.Outcome(10, D("1000"), D("20"), D("25"), D("0"), D("50"), 3),),
        investment=D("10000"),
        discount_rate=D("3.5"),
    )


def test_it_works_one_outcome_to_the_penny():
    result = sroi.evaluate(_one_outcome())
    (outcome,) = result.outcomes
    # Impact = 10 × 1000 × 0.8 × 0.75 × 1 = 6,000.
    assert outcome.impact == D("6000.00")
    # Years: 6,000; 6,000 × 0.5 = 3,000; 3,000 × 0.5 = 1,500.
    assert outcome.years == (D("6000.00"), D("3000.00"), D("1500.00"))
    # Year 1: 6000 × 200/207       = 1,200,000/207          = 5,797.1014… → 5,797.10
    # Year 2: 3000 × 40,000/42,849 = 120,000,000/42,849     = 2,800.5321… → 2,800.53
    # Year 3: 1500 × 8,000,000/8,869,743 = 12,000,000,000/8,869,743 = 1,352.9140… → 1,352.91
    # (The brief's 2,800.54 and 1,352.90 were each a penny out.)
    assert result.discounted_years == (D("5797.10"), D("2800.53"), D("1352.91"))
    exact = F(1_200_000, 207) + F(120_000_000, 42_849) + F(12_000_000_000, 8_869_743)
    # Over 8,869,743: 1,200,000 × 42,849 + 120,000,000 × 207 + 12,000,000,000
    #   = 51,418,800,000 + 24,840,000,000 + 12,000,000,000 = 88,258,800,000,
    # which reduces (÷ 3) to 29,419,600,000 / 2,956,581 = 9,950.5476… → 9,950.55.
    assert exact == F(29_419_600_000, 2_956_581)
    assert sroi.exact_present_value(_one_outcome()) == exact
    assert outcome.present_value == result.present_value == D("9950.55")
    # NPV = 9,950.5476… − 10,000 = −49.4523… → −49.45.
    assert result.net_present_value == D("-49.45")
    # Ratio = 9,950.5476… / 10,000 = 0.99505… → 1.00 (half up), although the
    # NPV is below nothing: the ratio is rounded, the NPV tells the sign.
    assert result.ratio == D("1.00")
    assert result.investment == D("10000.00")


def test_it_works_two_outcomes_and_the_totals():
    # A: 5 people × £2,000, deadweight 10%, nothing else, no drop-off, 2 years.
    #    Impact 5 × 2000 × 0.9 = 9,000; years 9,000 and 9,000.
    # B: 4 people × £500, attribution 50%, displacement 50%, drop-off 20%, 1 year.
    #    Impact 4 × 500 × 0.5 × 0.5 = 500; year 500.
    # Discount 5%: 1.05 = 21/20.
    analysis = sroi.Analysis(
        outcomes=(
            sroi.Outcome(5, D("2000"), D("10"), D("0"), D("0"), D("0"), 2),
            sroi.Outcome(4, D("500"), D("0"), D("50"), D("50"), D("20"), 1),
        ),
        investment=D("5000.00"),
        discount_rate=D("5"),
    )
    result = sroi.evaluate(analysis)
    a, b = result.outcomes
    assert (a.impact, a.years) == (D("9000.00"), (D("9000.00"), D("9000.00")))
    assert (b.impact, b.years) == (D("500.00"), (D("500.00"),))
    # PV A = 9000 × 20/21 + 9000 × 400/441 = (3,780,000 + 3,600,000)/441
    #      = 7,380,000/441 = 16,734.6938… → 16,734.69
    assert a.present_value == D("16734.69")
    # PV B = 500 × 20/21 = 10,000/21 = 476.1904… → 476.19
    assert b.present_value == D("476.19")
    # Total = (7,380,000 + 210,000)/441 = 7,590,000/441 = 17,210.8843… → 17,210.88
    assert sroi.exact_present_value(analysis) == F(7_590_000, 441)
    assert result.present_value == D("17210.88")
    assert result.net_present_value == D("12210.88")
    # Ratio = 17,210.8843… / 5,000 = 3.44217… → 3.44
    assert result.ratio == D("3.44")
    # Each year across both outcomes: 9,500 then 9,000; in today's money
    # 9500 × 20/21 = 9,047.6190… → 9,047.62 and 9000 × 400/441 = 8,163.2653… → 8,163.27.
    assert result.years == (D("9500.00"), D("9000.00"))
    assert result.discounted_years == (D("9047.62"), D("8163.27"))


def test_halves_round_up_to_the_penny_and_the_ratio_to_two_places():
    # 1 person × £0.05 with 50% deadweight = £0.025 exactly → £0.03 (half up).
    # No discount so the year is not divided. Ratio 0.025 / 0.01 = 2.5 → 2.50.
    analysis = sroi.Analysis(
        outcomes=(sroi.Outcome(1, D("0.05"), D("50"), D("0"), D("0"), D("0"), 1),),
        investment=D("0.01"),
        discount_rate=D("0"),
    )
    result = sroi.evaluate(analysis)
    assert result.present_value == D("0.03")
    assert result.ratio == D("2.50")
    # £0.015 value on £0.01 → ratio 1.5 exactly; on £0.04 it is 0.375 → 0.38.
    analysis = sroi.Analysis(
        outcomes=(sroi.Outcome(3, D("0.01"), D("50"), D("0"), D("0"), D("0"), 1),),
        investment=D("0.04"),
        discount_rate=D("0"),
    )
    assert sroi.evaluate(analysis).ratio == D("0.38")


def test_the_ratio_is_undefined_when_nothing_was_invested():
    analysis = sroi.Analysis(outcomes=_one_outcome().outcomes, investment=D("0"))
    result = sroi.evaluate(analysis)
    assert result.ratio is None
    assert result.net_present_value == result.present_value
    assert sroi.break_even_proxy_fall(analysis) is None


def test_no_outcomes_is_no_value():
    result = sroi.evaluate(sroi.Analysis(outcomes=(), investment=D("100")))
    assert (result.present_value, result.ratio, result.years) == (D("0.00"), D("0.00"), ())


@pytest.mark.parametrize(
    "outcome",
    [
        sroi.Outcome(1, D("1"), D("100.01"), D("0"), D("0"), D("0"), 1),
        sroi.Outcome(1, D("1"), D("0"), D("-1"), D("0"), D("0"), 1),
        sroi.Outcome(1, D("1"), D("0"), D("0"), D("0"), D("0"), 0),
        sroi.Outcome(1, D("1"), D("0"), D("0"), D("0"), D("0"), 11),
        sroi.Outcome(-1, D("1"), D("0"), D("0"), D("0"), D("0"), 1),
        sroi.Outcome(1, D("-1"), D("0"), D("0"), D("0"), D("0"), 1),
    ],
)
def test_it_refuses_an_outcome_outside_the_limits(outcome):
    with pytest.raises(sroi.SroiError):
        sroi.evaluate(sroi.Analysis(outcomes=(outcome,), investment=D("1")))


@pytest.mark.parametrize("rate", [D("-0.01"), D("20.01")])
def test_it_refuses_a_discount_rate_outside_0_to_20(rate):
    with pytest.raises(sroi.SroiError):
        sroi.evaluate(sroi.Analysis(outcomes=(), investment=D("1"), discount_rate=rate))


def test_the_sensitivity_rows_change_one_thing_each():
    rows = {row.key: row for row in sroi.sensitivity(_one_outcome())}
    assert list(rows) == [key for key, _change in sroi.CHANGES]
    # Deadweight 10% instead of 20%: impact 10 × 1000 × 0.9 × 0.75 = 6,750,
    # which is 6,000 × 9/8, so PV = 29,419,600,000/2,956,581 × 9/8 = 11,194.3660… → 11,194.37.
    assert rows["deadweight_down"].present_value == D("11194.37")
    assert rows["deadweight_down"].ratio == D("1.12")
    # Proxies 25% lower: PV × 3/4 = 7,462.9107… → 7,462.91; ratio 0.746… → 0.75.
    assert rows["proxy_down"].present_value == D("7462.91")
    assert rows["proxy_down"].net_present_value == D("-2537.09")
    assert rows["proxy_down"].ratio == D("0.75")
    # No discount: the plain sum 6,000 + 3,000 + 1,500 = 10,500.
    assert rows["discount_zero"].present_value == D("10500.00")
    # Displacement is already 0%: 10 points less is still 0% (kept within 0–100).
    assert rows["displacement_down"].present_value == D("9950.55")
    # One year less: 5,797.1014… + 2,800.5321… = 8,597.6335… → 8,597.63.
    assert rows["duration_down"].present_value == D("8597.63")


def test_the_duration_is_kept_within_1_to_10_years():
    base = sroi.Analysis(
        outcomes=(
            sroi.Outcome(1, D("100"), D("0"), D("0"), D("0"), D("0"), 1),
            sroi.Outcome(1, D("100"), D("0"), D("0"), D("0"), D("0"), 10),
        ),
        investment=D("100"),
        discount_rate=D("0"),
    )
    shorter = sroi.apply(base, sroi.Change(duration=-1))
    longer = sroi.apply(base, sroi.Change(duration=1))
    assert [o.duration for o in shorter.outcomes] == [1, 9]
    assert [o.duration for o in longer.outcomes] == [2, 10]


def test_break_even_is_how_far_every_proxy_could_fall():
    # Two-outcome case: 1 − 5,000 / 17,210.88… = 0.70948… → 70% (rounded down).
    analysis = sroi.Analysis(
        outcomes=(
            sroi.Outcome(5, D("2000"), D("10"), D("0"), D("0"), D("0"), 2),
            sroi.Outcome(4, D("500"), D("0"), D("50"), D("50"), D("20"), 1),
        ),
        investment=D("5000.00"),
        discount_rate=D("5"),
    )
    assert sroi.break_even_proxy_fall(analysis) == D("70")
    # Below break-even already: nothing to fall.
    assert sroi.break_even_proxy_fall(_one_outcome()) == D("0")
