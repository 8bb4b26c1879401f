"""Paid involvement claims: fees, expenses, rates that change, and tax years.

Hand-worked examples first (the arithmetic is in the comments), then the
problems a claim can have, then properties over random claims.
"""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from withus.payments.sums import (
    TIME_UNITS,
    ClaimProblem,
    ClaimSum,
    ExpenseLine,
    Rate,
    YearTotal,
    claim_sum,
    rate_on,
    tax_year,
    totals_by_tax_year,
)

D = Decimal
START = date(2026, 4, 1)

# An area's rates: the hour rate goes up on 1 October 2026.
RATES = (
    Rate("hour", D("15.00"), START),
    Rate("hour", D("16.50"), date(2026, 10, 1)),
    Rate("half_day", D("37.50"), START),
    Rate("day", D("75.00"), START),
    Rate("mile", D("0.45"), START),
)


def fare(amount: str) -> ExpenseLine:
    return ExpenseLine("fare", D(amount), None)


def mileage(miles: str) -> ExpenseLine:
    return ExpenseLine("mileage", None, D(miles))


def claim(**changes):
    given_ = {
        "unit": "hour",
        "quantity": D("1"),
        "on": date(2026, 6, 10),
        "choice": "paid",
        "expenses": (),
        "rates": RATES,
    }
    given_.update(changes)
    return claim_sum(**given_)


def problems(**changes):
    with pytest.raises(ClaimProblem) as raised:
        claim(**changes)
    return raised.value.problems


# --- fees by hand ------------------------------------------------------------


def test_it_pays_half_days_at_the_half_day_rate():
    # 3 half days x £37.50 = £112.50; no expenses.
    assert claim(unit="half_day", quantity=D("3")) == ClaimSum(
        rate=D("37.50"),
        fee=D("112.50"),
        expense_amounts=(),
        mileage_rate=None,
        expenses=D("0.00"),
        total=D("112.50"),
    )


def test_it_pays_hours_in_quarter_hours():
    # 2.75 hours x £15.00 = £41.25.
    assert claim(quantity=D("2.75")).fee == D("41.25")
    # 2 days x £75.00 = £150.00.
    assert claim(unit="day", quantity=D("2")).fee == D("150.00")


def test_it_rounds_a_half_penny_up():
    # 1.25 hours x £12.34 = 15.425 -> £15.43 (halves up, not to even: that
    # would give 15.42).
    rates = (Rate("hour", D("12.34"), START),)
    assert claim(quantity=D("1.25"), rates=rates).fee == D("15.43")
    # 0.75 x £12.34 = 9.255 -> £9.26; 0.25 x £12.34 = 3.085 -> £3.09.
    assert claim(quantity=D("0.75"), rates=rates).fee == D("9.26")
    assert claim(quantity=D("0.25"), rates=rates).fee == D("3.09")


def test_it_uses_the_rate_in_force_on_the_day_of_the_involvement():
    # The hour rate is £15.00 until 30 September 2026 and £16.50 from 1 October.
    # 2 hours on 30 September: 2 x 15.00 = 30.00; on 1 October: 2 x 16.50 = 33.00.
    on_30_sept = claim(quantity=D("2"), on=date(2026, 9, 30))
    on_1_oct = claim(quantity=D("2"), on=date(2026, 10, 1))
    assert (on_30_sept.rate, on_30_sept.fee) == (D("15.00"), D("30.00"))
    assert (on_1_oct.rate, on_1_oct.fee) == (D("16.50"), D("33.00"))
    # The order the rates come in makes no difference.
    assert claim(quantity=D("2"), on=date(2026, 10, 1), rates=RATES[::-1]) == on_1_oct


# --- expenses by hand ---------------------------------------------------------


def test_it_works_out_mileage_at_the_mile_rate():
    # 12.3 miles x £0.45 = 5.535 -> £5.54 (half up).
    found = claim(expenses=[mileage("12.3")])
    assert found.expense_amounts == (D("5.54"),)
    assert found.mileage_rate == D("0.45")
    # Fee 1 x 15.00; total 15.00 + 5.54 = 20.54.
    assert (found.fee, found.expenses, found.total) == (D("15.00"), D("5.54"), D("20.54"))


def test_it_adds_up_the_expense_lines_in_order():
    # 2.75 hours x £15.00 = 41.25.
    # Fare 3.20; 12.3 miles -> 5.54; care 20; meal 6.5; other 0.99.
    # 3.20 + 5.54 + 20.00 + 6.50 + 0.99 = 36.23; total 41.25 + 36.23 = 77.48.
    found = claim(
        quantity=D("2.75"),
        expenses=[
            fare("3.20"),
            mileage("12.3"),
            ExpenseLine("care", D("20"), None),
            ExpenseLine("meal", D("6.5"), None),
            ExpenseLine("other", D("0.99"), None),
        ],
    )
    assert found == ClaimSum(
        rate=D("15.00"),
        fee=D("41.25"),
        expense_amounts=(D("3.20"), D("5.54"), D("20.00"), D("6.50"), D("0.99")),
        mileage_rate=D("0.45"),
        expenses=D("36.23"),
        total=D("77.48"),
    )
    assert all(amount.as_tuple().exponent == -2 for amount in found.expense_amounts)


def test_a_mileage_line_amount_is_always_worked_out_from_the_miles():
    # 10 miles x 0.45 = 4.50, whatever amount the line came with.
    found = claim(expenses=[ExpenseLine("mileage", D("99.00"), D("10"))])
    assert found.expense_amounts == (D("4.50"),)


def test_not_paid_has_no_fee_but_still_repays_expenses():
    # 3 half days would be £112.50, but the fee is £0.00; the rate is still
    # recorded. Expenses: 3.20 + 5.54 = 8.74, and that is the total.
    found = claim(
        unit="half_day",
        quantity=D("3"),
        choice="not_paid",
        expenses=[fare("3.20"), mileage("12.3")],
    )
    assert found == ClaimSum(
        rate=D("37.50"),
        fee=D("0.00"),
        expense_amounts=(D("3.20"), D("5.54")),
        mileage_rate=D("0.45"),
        expenses=D("8.74"),
        total=D("8.74"),
    )
    assert str(found.fee) == "0.00"


def test_vouchers_are_worth_the_same_as_being_paid():
    lines = [fare("3.20")]
    assert claim(choice="vouchers", expenses=lines) == claim(choice="paid", expenses=lines)


# --- problems ----------------------------------------------------------------


def test_it_says_when_there_is_no_rate_for_the_day():
    # The rates start on 1 April 2026, so there is none on 3 March 2026.
    assert problems(unit="half_day", quantity=D("1"), on=date(2026, 3, 3)) == {
        "unit": ["There is no half day rate for 3 March 2026."]
    }
    assert problems(on=date(2026, 3, 31)) == {"unit": ["There is no hour rate for 31 March 2026."]}
    assert problems(unit="day", quantity=D("1"), rates=RATES[:2]) == {
        "unit": ["There is no day rate for 10 June 2026."]
    }


def test_it_collects_every_problem_together():
    found = problems(
        unit="half_day",
        quantity=D("2.5"),
        on=date(2026, 3, 3),
        choice="cash",
        expenses=[
            fare("4.00"),
            mileage("0"),
            ExpenseLine("meal", D("1000.01"), None),
            ExpenseLine("taxi", D("5"), None),
            fare("4.505"),
        ],
    )
    assert found == {
        "unit": ["There is no half day rate for 3 March 2026."],
        "quantity": ["Give a whole number of half days."],
        "choice": ["Choose to be paid, to get vouchers, or not to be paid."],
        "expenses": ["There is no mileage rate for 3 March 2026."],
        "expense_1": ["Give the number of miles, more than 0."],
        "expense_2": ["One expense can be at most £1,000.00."],
        "expense_3": ["Choose what the expense was for."],
        "expense_4": ["Give the amount in pounds and pence, like 4.50."],
    }


def test_it_puts_the_problems_in_the_message_too():
    with pytest.raises(ClaimProblem) as raised:
        claim(unit="week")
    assert str(raised.value) == "Choose hours, half days or days."
    assert raised.value.problems == {"unit": ["Choose hours, half days or days."]}


@pytest.mark.parametrize(
    ("quantity", "message"),
    [
        ("1.1", "Give hours in quarter hours, like 1.25 or 2.5."),
        ("0.3", "Give hours in quarter hours, like 1.25 or 2.5."),
        ("0", "Give the number of hours, more than 0."),
        ("-1", "Give the number of hours, more than 0."),
        ("NaN", "Give the number of hours, more than 0."),
        ("24.25", "One claim can be for at most 24 hours."),
        ("1E+40", "One claim can be for at most 24 hours."),
    ],
)
def test_it_refuses_hours_that_are_not_quarter_hours_from_a_quarter_to_24(quantity, message):
    assert problems(quantity=D(quantity)) == {"quantity": [message]}


def test_it_takes_hours_at_the_edges():
    # 0.25 x 15.00 = 3.75; 24 x 15.00 = 360.00.
    assert claim(quantity=D("0.25")).fee == D("3.75")
    assert claim(quantity=D("24.00")).fee == D("360.00")


@pytest.mark.parametrize(
    ("unit", "quantity", "message"),
    [
        ("half_day", "1.5", "Give a whole number of half days."),
        ("day", "0.5", "Give a whole number of days."),
        ("day", "Infinity", "Give a whole number of days."),
        ("half_day", "0", "Give between 1 and 10 half days."),
        ("day", "11", "Give between 1 and 10 days."),
        ("day", "-2", "Give between 1 and 10 days."),
    ],
)
def test_it_refuses_days_that_are_not_whole_from_1_to_10(unit, quantity, message):
    assert problems(unit=unit, quantity=D(quantity)) == {"quantity": [message]}


def test_it_takes_days_at_the_edges():
    # 10 days x 75.00 = 750.00; "2.0" half days is a whole 2: 2 x 37.50 = 75.00.
    assert claim(unit="day", quantity=D("10")).fee == D("750.00")
    assert claim(unit="half_day", quantity=D("2.0")).fee == D("75.00")


@pytest.mark.parametrize(
    ("line", "message"),
    [
        (ExpenseLine("mileage", None, None), "Give how many miles you drove."),
        (mileage("-3"), "Give the number of miles, more than 0."),
        (mileage("1000.1"), "One line can be for at most 1,000 miles."),
        (mileage("12.35"), "Give miles to one decimal place, like 12.5."),
        (ExpenseLine("fare", None, D("3")), "Give the amount in pounds, like 4.50."),
        (fare("0"), "Give an amount more than £0.00."),
        (fare("sNaN"), "Give an amount more than £0.00."),
        (ExpenseLine("care", D("1000.01"), None), "One expense can be at most £1,000.00."),
        (fare("0.001"), "Give the amount in pounds and pence, like 4.50."),
        (ExpenseLine("", D("1"), None), "Choose what the expense was for."),
    ],
)
def test_it_refuses_an_expense_line_it_cannot_repay(line, message):
    assert problems(expenses=[fare("1.00"), line]) == {"expense_1": [message]}


def test_it_takes_expenses_at_the_edges():
    # 1000 miles x 0.45 = 450.00; 0.1 miles x 0.45 = 0.045 -> 0.05 (half up).
    # 1000.00 + 0.01 + 450.00 + 0.05 = 1450.06.
    found = claim(expenses=[fare("1000.00"), fare("0.01"), mileage("1000"), mileage("0.1")])
    assert found.expense_amounts == (D("1000.00"), D("0.01"), D("450.00"), D("0.05"))
    assert found.expenses == D("1450.06")


def test_a_missing_mile_rate_only_matters_for_mileage():
    no_mile_rate = RATES[:4]
    assert claim(expenses=[fare("2.00")], rates=no_mile_rate).mileage_rate is None
    assert problems(expenses=[fare("2.00"), mileage("5")], rates=no_mile_rate) == {
        "expenses": ["There is no mileage rate for 10 June 2026."]
    }


def test_money_given_as_a_float_is_a_mistake_in_the_calling_code():
    with pytest.raises(TypeError, match="quantity must be a Decimal, not float"):
        claim(quantity=1.5)
    with pytest.raises(TypeError, match="amount must be a Decimal, not float"):
        claim(expenses=[ExpenseLine("fare", 3.2, None)])


def test_a_bad_published_rate_is_a_fault_in_the_data():
    with pytest.raises(ValueError, match="hour rate must be more than £0"):
        claim(rates=(Rate("hour", D("12.345"), START),))
    with pytest.raises(ValueError, match="two hour rates from 1 April 2026"):
        claim(rates=(Rate("hour", D("12.00"), START), Rate("hour", D("13.00"), START)))


# --- rates by hand -----------------------------------------------------------


def test_rate_on_finds_the_rate_in_force():
    assert rate_on(RATES, "hour", date(2026, 3, 31)) is None
    assert rate_on(RATES, "hour", START) == RATES[0]
    assert rate_on(RATES, "hour", date(2026, 9, 30)) == RATES[0]
    assert rate_on(RATES, "hour", date(2026, 10, 1)) == RATES[1]
    assert rate_on(RATES, "hour", date(2031, 1, 1)) == RATES[1]
    assert rate_on(RATES, "mile", START) == RATES[4]
    assert rate_on(RATES, "week", START) is None
    assert rate_on([], "hour", START) is None
    assert rate_on(iter(RATES), "day", START) == RATES[3]


# --- tax years ----------------------------------------------------------------


def test_a_tax_year_runs_from_6_april_to_5_april():
    assert tax_year(date(2026, 4, 5)) == "2025 to 2026"
    assert tax_year(date(2026, 4, 6)) == "2026 to 2027"
    assert tax_year(date(2026, 1, 1)) == "2025 to 2026"
    assert tax_year(date(2025, 12, 31)) == "2025 to 2026"
    assert tax_year(date(2027, 4, 5)) == "2026 to 2027"


def test_it_totals_claims_by_tax_year_newest_first():
    rows = [
        (date(2025, 4, 6), D("30.00"), D("5.54")),  # 2025 to 2026
        (date(2026, 4, 6), D("37.50"), D("0.00")),  # 2026 to 2027
        (date(2026, 4, 5), D("0.00"), D("12.20")),  # 2025 to 2026 (not paid)
        (date(2024, 5, 1), D("15.00"), D("3.00")),  # 2024 to 2025
        (date(2027, 1, 31), D("112.50"), D("8.74")),  # 2026 to 2027
    ]
    # 2026 to 2027: fees 37.50 + 112.50 = 150.00, expenses 0.00 + 8.74, 2 claims.
    # 2025 to 2026: fees 30.00 + 0.00, expenses 5.54 + 12.20 = 17.74, 2 claims.
    # 2024 to 2025: one claim, 15.00 + 3.00 = 18.00.
    assert totals_by_tax_year(rows) == [
        YearTotal("2026 to 2027", D("150.00"), D("8.74"), D("158.74"), 2),
        YearTotal("2025 to 2026", D("30.00"), D("17.74"), D("47.74"), 2),
        YearTotal("2024 to 2025", D("15.00"), D("3.00"), D("18.00"), 1),
    ]
    assert totals_by_tax_year([]) == []


def test_yearly_totals_keep_two_places():
    found = totals_by_tax_year([(date(2026, 6, 1), D("0"), D("4.5"))])
    assert [str(found[0].fees), str(found[0].expenses), str(found[0].total)] == [
        "0.00",
        "4.50",
        "4.50",
    ]


# --- properties --------------------------------------------------------------

DAYS = st.dates(min_value=date(2020, 1, 1), max_value=date(2035, 12, 31))
PENCE = st.integers(1, 20_000).map(lambda p: D(p).scaleb(-2))  # £0.01 to £200.00


@st.composite
def rate_lists(draw, units=("hour", "half_day", "day", "mile"), always_in_force=True):
    """Rates for each unit, each starting on a different day. With ``always_in_force``
    one starts on the first day drawn, so every claim has a rate."""
    rates = []
    for unit in units:
        starts = draw(st.lists(DAYS, min_size=1, max_size=5, unique=True))
        if always_in_force and date(2020, 1, 1) not in starts:
            starts[0] = date(2020, 1, 1)
        rates += [Rate(unit, draw(PENCE), start) for start in starts]
    return draw(st.permutations(rates))


@st.composite
def quantities(draw, unit):
    if unit == "hour":
        return D(draw(st.integers(1, 96))) / 4
    return D(draw(st.integers(1, 10)))


@st.composite
def expense_lines(draw):
    kind = draw(st.sampled_from(["fare", "mileage", "care", "meal", "other"]))
    if kind == "mileage":
        return ExpenseLine(kind, None, D(draw(st.integers(1, 10_000))).scaleb(-1))
    return ExpenseLine(kind, D(draw(st.integers(1, 100_000))).scaleb(-2), None)


@st.composite
def claims(draw):
    unit = draw(st.sampled_from(TIME_UNITS))
    return {
        "unit": unit,
        "quantity": draw(quantities(unit)),
        "on": draw(DAYS),
        "choice": draw(st.sampled_from(["paid", "vouchers", "not_paid"])),
        "expenses": draw(st.lists(expense_lines(), max_size=6)),
        "rates": draw(rate_lists()),
    }


@given(claims())
def test_the_total_is_always_the_fee_plus_the_expenses(drawn):
    found = claim_sum(**drawn)
    assert found.total == found.fee + found.expenses
    assert found.expenses == sum(found.expense_amounts, D(0))
    assert len(found.expense_amounts) == len(drawn["expenses"])
    assert (found.mileage_rate is not None) == any(
        line.kind == "mileage" for line in drawn["expenses"]
    )
    for amount in (found.rate, found.fee, found.expenses, found.total, *found.expense_amounts):
        assert amount.as_tuple().exponent == -2
        assert amount >= 0


@given(claims())
def test_not_paid_never_has_a_fee_but_repays_the_same_expenses(drawn):
    not_paid = claim_sum(**{**drawn, "choice": "not_paid"})
    paid = claim_sum(**{**drawn, "choice": "paid"})
    assert not_paid.fee == D("0.00")
    assert not_paid.rate == paid.rate
    assert not_paid.expense_amounts == paid.expense_amounts
    assert not_paid.total == paid.expenses
    assert claim_sum(**{**drawn, "choice": "vouchers"}) == paid


@given(st.integers(1, 96), st.integers(1, 96), PENCE)
def test_more_hours_never_earn_less(quarters_a, quarters_b, amount):
    rates = (Rate("hour", amount, START),)

    def fee(quarters):
        return claim(quantity=D(quarters) / 4, on=START, rates=rates).fee

    low, high = sorted((quarters_a, quarters_b))
    assert fee(low) <= fee(high)
    # And it is never more than half a penny from the exact amount.
    assert abs(fee(low) - D(low) / 4 * amount) <= D("0.005")


@given(st.integers(1, 10), PENCE, st.sampled_from(["half_day", "day"]))
def test_n_days_earn_exactly_n_times_one_day(n, amount, unit):
    rates = (Rate(unit, amount, START),)
    one = claim(unit=unit, quantity=D(1), on=START, rates=rates).fee
    assert claim(unit=unit, quantity=D(n), on=START, rates=rates).fee == n * one


@given(rate_lists(("hour", "mile"), always_in_force=False), st.sampled_from(["hour", "mile"]), DAYS)
def test_rate_on_gives_the_latest_rate_not_after_the_day(rates, unit, on):
    found = rate_on(rates, unit, on)
    started = [rate for rate in rates if rate.unit == unit and rate.effective_from <= on]
    if not started:
        assert found is None
        return
    assert found in started
    assert all(rate.effective_from <= found.effective_from for rate in started)
    # The rate the day before the next change is still this one.
    later = [
        rate.effective_from for rate in rates if rate.unit == unit and rate.effective_from > on
    ]
    if later:
        assert rate_on(rates, unit, min(later) - timedelta(days=1)) == found


@given(st.lists(st.tuples(DAYS, PENCE, PENCE), max_size=30))
def test_yearly_totals_count_every_claim_once(rows):
    found = totals_by_tax_year(rows)
    assert sum(year.claims for year in found) == len(rows)
    assert sum(year.fees for year in found) == sum(fee for _, fee, _ in rows)
    assert sum(year.expenses for year in found) == sum(spent for _, _, spent in rows)
    assert all(year.total == year.fees + year.expenses for year in found)
    labels = [year.tax_year for year in found]
    assert labels == sorted(set(labels), reverse=True)
    for year in found:
        in_year = [row for row in rows if tax_year(row[0]) == year.tax_year]
        assert year.claims == len(in_year) > 0
