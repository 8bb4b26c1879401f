"""Properties the SROI sums keep for any outcomes within the limits."""

from decimal import Decimal
from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from withus.social_value import sroi

D = Decimal


def _percent():
    return st.integers(0, 10_000).map(lambda n: D(n) / 100)


def _money(low: int = 0):
    return st.integers(low, 10_000_000_00).map(lambda p: (D(p) / 100).quantize(D("0.01")))


outcomes = st.builds(
    sroi.Outcome,
    quantity=st.integers(0, 5_000),
    proxy=_money(),
    deadweight=_percent(),
    attribution=_percent(),
    displacement=_percent(),
    drop_off=_percent(),
    duration=st.integers(1, 10),
)
analyses = st.builds(
    sroi.Analysis,
    outcomes=st.lists(outcomes, max_size=5).map(tuple),
    investment=_money(low=1),
    discount_rate=st.integers(0, 2_000).map(lambda n: D(n) / 100),
)


@settings(max_examples=150, deadline=None)
@given(analyses, st.integers(0, 10_000).map(lambda n: D(n) / 100))
def test_more_deadweight_never_raises_the_present_value(analysis, more):
    heavier = sroi.apply(analysis, sroi.Change(deadweight=more))
    assert sroi.exact_present_value(heavier) <= sroi.exact_present_value(analysis)


@settings(max_examples=150, deadline=None)
@given(analyses)
def test_with_no_discount_the_present_value_is_the_plain_sum(analysis):
    undiscounted = sroi.Analysis(analysis.outcomes, analysis.investment, D("0"))
    plain = Fraction(0)
    for o in analysis.outcomes:
        impact = (
            o.quantity
            * Fraction(o.proxy)
            * (1 - Fraction(o.deadweight) / 100)
            * (1 - Fraction(o.attribution) / 100)
            * (1 - Fraction(o.displacement) / 100)
        )
        keep = 1 - Fraction(o.drop_off) / 100
        plain += sum((impact * keep**t for t in range(o.duration)), Fraction(0))
    assert sroi.exact_present_value(undiscounted) == plain
    result = sroi.evaluate(undiscounted)
    assert result.discounted_years == result.years


@settings(max_examples=150, deadline=None)
@given(analyses)
def test_ratio_times_investment_is_the_present_value_within_rounding(analysis):
    result = sroi.evaluate(analysis)
    # The ratio is within half a hundredth of PV/investment, and PV within
    # half a penny of exact: so the gap is at most 0.005 × investment + £0.005.
    gap = abs(result.ratio * result.investment - result.present_value)
    assert gap <= D("0.005") * result.investment + D("0.005")
    assert result.net_present_value == result.present_value - result.investment


@settings(max_examples=100, deadline=None)
@given(analyses)
def test_a_change_of_nothing_gives_the_base_case(analysis):
    base = sroi.evaluate(analysis)
    (row,) = sroi.sensitivity(analysis, [("none", sroi.Change())])
    assert (row.present_value, row.net_present_value, row.ratio) == (
        base.present_value,
        base.net_present_value,
        base.ratio,
    )
    # The analysis's own discount rate, given as the change, is the base too.
    same_rate = sroi.Change(discount_rate=analysis.discount_rate)
    assert sroi.evaluate(sroi.apply(analysis, same_rate)) == base


@settings(max_examples=100, deadline=None)
@given(analyses)
def test_lower_proxies_lower_the_ratio_and_higher_raise_it(analysis):
    rows = {row.key: row for row in sroi.sensitivity(analysis)}
    base = sroi.evaluate(analysis)
    assert rows["proxy_down"].present_value <= base.present_value <= rows["proxy_up"].present_value
    assert rows["discount_six"].present_value <= rows["discount_zero"].present_value


@settings(max_examples=100, deadline=None)
@given(analyses)
def test_the_year_totals_are_each_within_half_a_penny_per_outcome_of_the_rows(analysis):
    result = sroi.evaluate(analysis)
    for t, total in enumerate(result.years):
        rows = [o.years[t] for o in result.outcomes if t < len(o.years)]
        assert abs(sum(rows, D("0")) - total) <= D("0.005") * (len(rows) + 1)
