"""Contract KPIs: red, amber or green; reporting periods; contract dates; withheld shares.

Hand-worked examples first (the arithmetic is in the comments), then
properties over random figures and dates, then the error messages people
will read.
"""

from datetime import date, timedelta
from decimal import Decimal
from itertools import pairwise

import pytest
from hypothesis import given
from hypothesis import strategies as st

from withus.contracts import kpi
from withus.contracts.kpi import (
    RAG_RULE,
    add_months,
    contract_end,
    day_text,
    missing_periods,
    period_end,
    period_label,
    period_start,
    periods_between,
    periods_due,
    rag,
    rag_rule,
    share_at_or_above,
    warnings,
)

D = Decimal

FREQUENCIES = ("monthly", "quarterly", "annually")
STEP = {"monthly": 1, "quarterly": 3, "annually": 12}
BETTER = {"green": 2, "amber": 1, "red": 0}


def message(error_type, call, *args, **kwargs):
    with pytest.raises(error_type) as raised:
        call(*args, **kwargs)
    return str(raised.value)


# --- red, amber, green by hand -----------------------------------------------


def test_it_rates_a_higher_is_better_figure():
    # Target 80%, amber within 10% of it: 80 x (1 - 10/100) = 72.
    assert rag(D("80"), D("80"), "higher") == "green"
    assert rag(D("93.5"), D("80"), "higher") == "green"
    assert rag(D("79.99"), D("80"), "higher") == "amber"
    assert rag(D("72"), D("80"), "higher") == "amber"  # exactly on the line: the better colour
    assert rag(D("71.9999"), D("80"), "higher") == "red"
    assert rag(D("0"), D("80"), "higher") == "red"


def test_it_rates_a_lower_is_better_figure():
    # Target 14 days, amber within 10%: 14 x (1 + 10/100) = 15.4.
    assert rag(D("14"), D("14"), "lower") == "green"
    assert rag(D("3"), D("14"), "lower") == "green"
    assert rag(D("14.01"), D("14"), "lower") == "amber"
    assert rag(D("15.4"), D("14"), "lower") == "amber"
    assert rag(D("15.41"), D("14"), "lower") == "red"


def test_it_uses_the_amber_margin_given():
    # Target 200 with 2.5%: 200 x 0.975 = 195 (higher), 200 x 1.025 = 205 (lower).
    assert rag(D("195"), D("200"), "higher", D("2.5")) == "amber"
    assert rag(D("194.99"), D("200"), "higher", D("2.5")) == "red"
    assert rag(D("205"), D("200"), "lower", D("2.5")) == "amber"
    assert rag(D("205.01"), D("200"), "lower", D("2.5")) == "red"
    # No margin: anything short of the target is red at once.
    assert rag(D("99.9999"), D("100"), "higher", D("0")) == "red"
    assert rag(D("100.0001"), D("100"), "lower", D("0")) == "red"


def test_it_rates_a_target_of_zero():
    # Zero complaints wanted: 10% of 0 is 0, so any complaint at all is red.
    assert rag(D("0"), D("0"), "lower") == "green"
    assert rag(D("1"), D("0"), "lower") == "red"
    assert rag(D("0"), D("0"), "higher") == "green"


def test_it_states_the_rule_in_plain_english():
    assert RAG_RULE == {
        "higher": (
            "Higher is better: green when the figure reaches the target or beats it, "
            "amber when it is below the target by no more than 10% of the target, "
            "and red when it is further below."
        ),
        "lower": (
            "Lower is better: green when the figure is at the target or under it, "
            "amber when it is over the target by no more than 10% of the target, "
            "and red when it is further over."
        ),
    }
    assert "no more than 7.5% of the target" in rag_rule("higher", D("7.50"))
    assert "no more than 0% of the target" in rag_rule("lower", D("0.00"))


# --- periods by hand ---------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "frequency", "start"),
    [
        (date(2026, 3, 15), "monthly", date(2026, 3, 1)),
        (date(2026, 3, 1), "monthly", date(2026, 3, 1)),
        (date(2026, 3, 31), "monthly", date(2026, 3, 1)),
        # Financial quarters: Apr-Jun, Jul-Sep, Oct-Dec, Jan-Mar.
        (date(2026, 4, 1), "quarterly", date(2026, 4, 1)),
        (date(2026, 5, 15), "quarterly", date(2026, 4, 1)),
        (date(2026, 6, 30), "quarterly", date(2026, 4, 1)),
        (date(2026, 7, 1), "quarterly", date(2026, 7, 1)),
        (date(2026, 12, 31), "quarterly", date(2026, 10, 1)),
        (date(2027, 2, 28), "quarterly", date(2027, 1, 1)),
        (date(2027, 3, 31), "quarterly", date(2027, 1, 1)),
        # Years run 1 April to 31 March.
        (date(2026, 4, 1), "annually", date(2026, 4, 1)),
        (date(2026, 12, 25), "annually", date(2026, 4, 1)),
        (date(2027, 3, 31), "annually", date(2026, 4, 1)),
        (date(2026, 1, 15), "annually", date(2025, 4, 1)),
    ],
)
def test_it_finds_the_start_of_the_period_a_day_is_in(day, frequency, start):
    assert period_start(day, frequency) == start


@pytest.mark.parametrize(
    ("start", "frequency", "label", "end"),
    [
        (date(2026, 3, 1), "monthly", "March 2026", date(2026, 3, 31)),
        (date(2028, 2, 1), "monthly", "February 2028", date(2028, 2, 29)),
        (date(2026, 4, 1), "quarterly", "April to June 2026", date(2026, 6, 30)),
        (date(2026, 10, 1), "quarterly", "October to December 2026", date(2026, 12, 31)),
        (date(2027, 1, 1), "quarterly", "January to March 2027", date(2027, 3, 31)),
        (date(2026, 4, 1), "annually", "April 2026 to March 2027", date(2027, 3, 31)),
    ],
)
def test_it_names_a_period_and_finds_its_last_day(start, frequency, label, end):
    assert period_label(start, frequency) == label
    assert period_end(start, frequency) == end


def test_it_lists_every_period_start_between_two_days():
    # 15 May 2026 is in Apr-Jun 2026; 2 Feb 2027 is in Jan-Mar 2027.
    assert periods_between(date(2026, 5, 15), date(2027, 2, 2), "quarterly") == [
        date(2026, 4, 1),
        date(2026, 7, 1),
        date(2026, 10, 1),
        date(2027, 1, 1),
    ]
    assert periods_between(date(2026, 1, 31), date(2026, 3, 1), "monthly") == [
        date(2026, 1, 1),
        date(2026, 2, 1),
        date(2026, 3, 1),
    ]
    # 1 April 2027 to 31 March 2030 is three financial years.
    assert periods_between(date(2027, 4, 1), date(2030, 3, 31), "annually") == [
        date(2027, 4, 1),
        date(2028, 4, 1),
        date(2029, 4, 1),
    ]
    assert periods_between(date(2026, 5, 1), date(2026, 5, 31), "monthly") == [date(2026, 5, 1)]
    assert periods_between(date(2026, 6, 1), date(2026, 5, 31), "monthly") == []


# --- due and missing returns by hand -----------------------------------------


def test_it_counts_a_month_due_only_after_the_days_allowed():
    start, end = date(2026, 4, 1), date(2029, 3, 31)
    # April ends 30 April; + 30 days = 30 May is the last day to send it.
    assert periods_due(start, end, date(2026, 5, 30), "monthly") == []
    assert periods_due(start, end, date(2026, 5, 31), "monthly") == [date(2026, 4, 1)]
    # May ends 31 May; + 30 = 30 June, so on 1 July two months are due.
    assert periods_due(start, end, date(2026, 7, 1), "monthly") == [
        date(2026, 4, 1),
        date(2026, 5, 1),
    ]
    # With no days allowed, April is due the day after it ends.
    assert periods_due(start, end, date(2026, 5, 1), "monthly", grace_days=0) == [date(2026, 4, 1)]


def test_it_counts_quarters_and_years_due():
    start, end = date(2026, 4, 1), date(2029, 3, 31)
    # Apr-Jun ends 30 June; + 30 = 30 July.
    assert periods_due(start, end, date(2026, 7, 30), "quarterly") == []
    assert periods_due(start, end, date(2026, 7, 31), "quarterly") == [date(2026, 4, 1)]
    # The year to 31 March 2027; + 30 = 30 April 2027.
    assert periods_due(start, end, date(2027, 4, 30), "annually") == []
    assert periods_due(start, end, date(2027, 5, 1), "annually") == [date(2026, 4, 1)]


def test_it_counts_periods_the_contract_only_partly_covers():
    # Starts 15 May 2026, so Apr-Jun 2026 still needs a return.
    # Ends 15 August 2026, so Jul-Sep counts as ended then: + 30 = 14 September.
    start, end = date(2026, 5, 15), date(2026, 8, 15)
    assert periods_due(start, end, date(2026, 9, 14), "quarterly") == [date(2026, 4, 1)]
    assert periods_due(start, end, date(2026, 9, 15), "quarterly") == [
        date(2026, 4, 1),
        date(2026, 7, 1),
    ]
    # Long after the contract: still only the periods it covered.
    assert periods_due(start, end, date(2030, 1, 1), "quarterly") == [
        date(2026, 4, 1),
        date(2026, 7, 1),
    ]
    # Before the contract starts nothing is due.
    assert periods_due(start, end, date(2026, 1, 1), "quarterly") == []


def test_it_lists_the_due_periods_with_no_return():
    due = [date(2026, 4, 1), date(2026, 5, 1), date(2026, 6, 1), date(2026, 7, 1)]
    reported = {date(2026, 5, 1), date(2026, 7, 1), date(2025, 1, 1)}
    assert missing_periods(due, reported) == [date(2026, 4, 1), date(2026, 6, 1)]
    assert missing_periods(due, set(due)) == []
    assert missing_periods([], reported) == []


# --- contract dates by hand --------------------------------------------------


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2026, 1, 31), 1, date(2026, 2, 28)),  # no 31 February: kept in the month
        (date(2024, 1, 31), 1, date(2024, 2, 29)),  # 2024 is a leap year
        (date(2024, 2, 29), 12, date(2025, 2, 28)),  # no 29 February in 2025
        (date(2024, 2, 29), 48, date(2028, 2, 29)),  # 2028 is a leap year again
        (date(2026, 3, 31), -1, date(2026, 2, 28)),
        (date(2026, 11, 15), 3, date(2027, 2, 15)),  # across the new year
        (date(2027, 2, 15), -3, date(2026, 11, 15)),
        (date(2026, 8, 31), 1, date(2026, 9, 30)),
        (date(2026, 5, 15), 0, date(2026, 5, 15)),
        (date(1900, 1, 29), 1, date(1900, 2, 28)),  # 1900 was not a leap year
        (date(2000, 1, 29), 1, date(2000, 2, 29)),  # 2000 was
    ],
)
def test_it_adds_months_keeping_inside_the_month(day, months, expected):
    assert add_months(day, months) == expected


@pytest.mark.parametrize(
    ("start", "initial", "extended", "end"),
    [
        # 1 April 2027 + 36 months = 1 April 2030, less a day.
        (date(2027, 4, 1), 36, 0, date(2030, 3, 31)),
        # Extended by 24 months: 60 months in all.
        (date(2027, 4, 1), 36, 24, date(2032, 3, 31)),
        (date(2026, 1, 1), 12, 0, date(2026, 12, 31)),
        (date(2026, 5, 15), 1, 0, date(2026, 6, 14)),
        # 1 March 2023 + 12 = 1 March 2024, less a day = 29 February 2024 (leap year).
        (date(2023, 3, 1), 12, 0, date(2024, 2, 29)),
        (date(2024, 3, 1), 12, 0, date(2025, 2, 28)),
        # No 31 February: the contract runs to the end of February.
        (date(2024, 1, 31), 1, 0, date(2024, 2, 29)),
        (date(2025, 1, 31), 1, 0, date(2025, 2, 28)),
        (date(2025, 1, 30), 1, 0, date(2025, 2, 28)),
        # 29 January: 29 February 2024 exists, so the day before it.
        (date(2024, 1, 29), 1, 0, date(2024, 2, 28)),
        # From 29 February 2024 for a year: no 29 February 2025, so to 28 February.
        (date(2024, 2, 29), 12, 0, date(2025, 2, 28)),
    ],
)
def test_it_finds_a_contracts_last_day(start, initial, extended, end):
    assert contract_end(start, initial, extended) == end


# --- warnings by hand --------------------------------------------------------


def test_it_warns_of_a_break_clause_and_the_end_soonest_first():
    # From 25 November 2026 to 1 June 2027: 5 days left of November, then
    # 31 + 31 + 28 + 31 + 30 + 31 days of December to May, and 1 more = 188.
    today = date(2026, 11, 25)
    found = warnings(today, date(2027, 3, 31), [date(2027, 6, 1), date(2027, 1, 4)], 7)
    assert found == [
        kpi.Warning(
            "break_clause", date(2027, 1, 4), 40, "Break clause on 4 January 2027, in 40 days."
        ),
        kpi.Warning(
            "contract_end", date(2027, 3, 31), 126, "Contract ends on 31 March 2027, in 126 days."
        ),
    ]
    # The break clause on 1 June 2027 is after the end, so it can no longer be used.
    found = warnings(today, date(2028, 3, 31), [date(2027, 6, 1)], 7)
    assert [w.text for w in found] == ["Break clause on 1 June 2027, in 188 days."]


def test_it_warns_only_up_to_the_horizon_both_ends_included():
    today = date(2026, 11, 25)
    # Six months from 25 November 2026 is 25 May 2027.
    clauses = [date(2026, 11, 24), today, date(2027, 5, 25), date(2027, 5, 26)]
    found = warnings(today, date(2030, 3, 31), clauses)
    assert [(w.on, w.days_left) for w in found] == [(today, 0), (date(2027, 5, 25), 181)]
    assert found[0].text == "Break clause today, 25 November 2026."


def test_it_says_tomorrow_and_shows_a_clause_given_twice_once():
    today = date(2027, 3, 30)
    end = date(2027, 3, 31)
    found = warnings(today, end, [end, end])
    assert [w.text for w in found] == [
        "Break clause tomorrow, 31 March 2027.",  # on the same day, the break clause first
        "Contract ends tomorrow, 31 March 2027.",
    ]
    assert warnings(date(2027, 4, 1), end, [end]) == []  # all in the past


# --- shares of good ratings by hand ------------------------------------------


def test_it_gives_the_share_at_or_above_a_score_to_one_place():
    # 4 of 7 scores are 4 or more: 400 / 7 = 57.142...% -> 57.1.
    assert share_at_or_above([1, 2, 3, 4, 5, 5, 5], 4) == D("57.1")
    # 1 of 16 is 6.25%: the half rounds up to 6.3. 3 of 16 is 18.75% -> 18.8.
    assert share_at_or_above([4] + [1] * 15, 4) == D("6.3")
    assert share_at_or_above([4, 5, 4] + [3] * 13, 4) == D("18.8")
    assert share_at_or_above([5] * 5, 4) == D("100.0")
    assert share_at_or_above([1] * 5, 4) == D("0.0")


def test_it_withholds_the_share_of_fewer_than_the_minimum():
    assert share_at_or_above([5, 5, 5, 5], 4) is None
    assert share_at_or_above([], 4) is None
    assert share_at_or_above([], 4, minimum_count=0) is None
    assert share_at_or_above([5, 1], 4, minimum_count=2) == D("50.0")


# --- properties --------------------------------------------------------------

figures = st.decimals(
    min_value=0, max_value=1_000_000, places=4, allow_nan=False, allow_infinity=False
)
margins = st.decimals(min_value=0, max_value=100, places=2, allow_nan=False, allow_infinity=False)
days = st.dates(min_value=date(1990, 1, 1), max_value=date(2100, 12, 31))
frequencies = st.sampled_from(FREQUENCIES)


@given(figures, figures, figures, margins)
def test_a_larger_figure_is_never_rated_worse_when_higher_is_better(a, b, target, margin):
    low, high = sorted([a, b])
    assert BETTER[rag(low, target, "higher", margin)] <= BETTER[rag(high, target, "higher", margin)]


@given(figures, figures, figures, margins)
def test_a_smaller_figure_is_never_rated_worse_when_lower_is_better(a, b, target, margin):
    low, high = sorted([a, b])
    assert BETTER[rag(low, target, "lower", margin)] >= BETTER[rag(high, target, "lower", margin)]


@given(figures, figures, margins)
def test_it_rates_as_the_rule_says(value, target, margin):
    higher = rag(value, target, "higher", margin)
    assert (higher == "green") == (value >= target)
    assert (higher == "red") == (value * 100 < target * (100 - margin))
    lower = rag(value, target, "lower", margin)
    assert (lower == "green") == (value <= target)
    assert (lower == "red") == (value * 100 > target * (100 + margin))


@given(days, st.integers(-600, 600))
def test_adding_months_keeps_the_day_unless_the_month_is_too_short(day, months):
    moved = add_months(day, months)
    assert (moved.year * 12 + moved.month) - (day.year * 12 + day.month) == months
    if day.day <= 28:
        assert moved.day == day.day
        assert add_months(moved, -months) == day
    else:
        assert moved.day == day.day or period_end(moved, "monthly") == moved


@given(days, st.integers(1, 240), st.integers(0, 120))
def test_a_contract_ends_the_day_before_the_same_date_months_on(start, initial, extended):
    end = contract_end(start, initial, extended)
    months = initial + extended
    if start.day <= 28:
        assert end + timedelta(days=1) == add_months(start, months)
    # Never less than the months bought, and never a whole day more.
    assert add_months(start, months) - timedelta(days=1) <= end <= add_months(start, months)
    assert contract_end(start, months + 1) > end


@given(days, days, frequencies)
def test_periods_between_round_trips_with_period_start(first, last, frequency):
    first, last = sorted([first, last])
    starts = periods_between(first, last, frequency)
    assert starts[0] == period_start(first, frequency)
    assert starts[-1] == period_start(last, frequency)
    assert all(period_start(s, frequency) == s for s in starts)
    assert all(add_months(a, STEP[frequency]) == b for a, b in pairwise(starts))
    assert all(period_end(a, frequency) + timedelta(days=1) == b for a, b in pairwise(starts))


@given(days, st.integers(0, 4000), frequencies)
def test_every_day_between_falls_in_one_of_the_periods(first, span, frequency):
    last = first + timedelta(days=span)
    starts = periods_between(first, last, frequency)
    middle = first + timedelta(days=span // 2)
    for day in (first, middle, last):
        start = period_start(day, frequency)
        assert start in starts
        assert start <= day <= period_end(start, frequency)
        assert period_label(start, frequency)


@given(days, st.integers(0, 2000), days, frequencies, st.integers(0, 90))
def test_only_periods_long_enough_ended_are_due(start, span, today, frequency, grace):
    end = start + timedelta(days=span)
    due = periods_due(start, end, today, frequency, grace)
    every = periods_between(start, end, frequency)
    assert due == every[: len(due)]
    for period in every:
        ended = min(period_end(period, frequency), end)
        assert (period in due) == ((today - ended).days > grace)


@given(days, days, st.lists(days, max_size=8), st.integers(0, 24))
def test_warnings_are_within_the_horizon_and_sorted(today, end, clauses, horizon):
    found = warnings(today, end, clauses, horizon)
    until = add_months(today, horizon)
    assert all(today <= w.on <= until for w in found)
    assert found == sorted(found, key=lambda w: (w.on, w.kind))
    assert all(w.days_left == (w.on - today).days for w in found)
    assert all(day_text(w.on) in w.text for w in found)
    expected = {c for c in clauses if today <= c <= until and c <= end}
    assert {w.on for w in found if w.kind == "break_clause"} == expected
    assert any(w.kind == "contract_end" for w in found) == (today <= end <= until)


@given(st.lists(st.integers(1, 5), max_size=40), st.integers(1, 5), st.integers(1, 10))
def test_a_share_is_withheld_exactly_when_there_are_too_few_scores(scores, threshold, minimum):
    share = share_at_or_above(scores, threshold, minimum)
    assert (share is None) == (len(scores) < minimum)
    if share is not None:
        exact = D(sum(s >= threshold for s in scores) * 100) / len(scores)
        assert abs(share - exact) <= D("0.05")
        assert share.as_tuple().exponent == -1


# --- errors, in the words people will see ------------------------------------


def test_it_refuses_floats_and_nonsense_in_a_rating():
    assert (
        message(TypeError, rag, 0.5, D("1"), "higher") == "The figure must be a Decimal, not float."
    )
    assert (
        message(TypeError, rag, D("1"), 0.5, "higher") == "The target must be a Decimal, not float."
    )
    assert (
        message(ValueError, rag, D("1"), D("1"), "higher", D("-1"))
        == "The amber margin cannot be negative, not -1%."
    )
    assert (
        message(ValueError, rag, D("1"), D("1"), "up")
        == "Unknown direction 'up': use higher or lower."
    )
    assert (
        message(ValueError, rag, D("NaN"), D("1"), "lower")
        == "The figure must be a number, not NaN."
    )


def test_it_refuses_unknown_frequencies_and_labels_that_are_not_a_start():
    assert (
        message(ValueError, period_start, date(2026, 1, 1), "weekly")
        == "Unknown frequency 'weekly': use monthly, quarterly or annually."
    )
    assert (
        message(ValueError, period_label, date(2026, 5, 1), "quarterly")
        == "1 May 2026 is not the start of a quarter."
    )
    assert (
        message(ValueError, period_label, date(2026, 5, 2), "monthly")
        == "2 May 2026 is not the start of a month."
    )


def test_it_refuses_impossible_contracts_and_warnings():
    assert (
        message(ValueError, contract_end, date(2026, 1, 1), 0)
        == "A contract must last at least one month, not 0."
    )
    assert (
        message(ValueError, contract_end, date(2026, 1, 1), 12, -1)
        == "An extension cannot be negative, not -1 months."
    )
    assert (
        message(
            ValueError, periods_due, date(2026, 2, 1), date(2026, 1, 1), date(2026, 3, 1), "monthly"
        )
        == "The contract cannot end (1 January 2026) before it starts (1 February 2026)."
    )
    assert (
        message(ValueError, warnings, date(2026, 1, 1), date(2027, 1, 1), [], -1)
        == "The months to look ahead cannot be negative, not -1."
    )
