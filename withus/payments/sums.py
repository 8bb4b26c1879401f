"""The sums for a paid involvement claim: the fee, the expenses and the total.

No Django here. An area publishes rates per hour, half day, day and mile, each
from its ``effective_from`` date until the next rate for the same unit starts.
A claim is for time given on one date, and uses the rates in force on that date.

Someone who chooses not to be paid for their time (some people on benefits must
be able to) gets a fee of £0.00, but their expenses are still repaid: paying
back what something cost them is not income. Vouchers are worth what the fee
would have been.

Rounding rules
    Every amount is in pounds to exactly two places. The fee is quantity x rate,
    and a mileage line is miles x the mile rate, each worked out exactly and then
    rounded once to the penny, with halves rounded up (15.425 -> 15.43, 5.535 ->
    5.54). The expenses are the sum of the lines as rounded, and the total is the
    fee plus the expenses, so those two sums are always exact. Yearly totals add
    up the stored amounts exactly and round only if those had more than two
    places (they should not).
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from fractions import Fraction

from withus.core.dates import day_text as long_date

TIME_UNITS = ("hour", "half_day", "day")
UNITS = (*TIME_UNITS, "mile")
CHOICES = ("paid", "vouchers", "not_paid")
EXPENSE_KINDS = ("fare", "mileage", "care", "meal", "other")

MOST_HOURS = Decimal(24)
MOST_DAYS = Decimal(10)  # for half days and for days
MOST_MILES = Decimal(1000)
MOST_EXPENSE = Decimal("1000.00")

PENNY = Decimal("0.01")
QUARTER = Decimal("0.25")
TENTH = Decimal("0.1")
ZERO = Decimal("0.00")

_UNIT_WORDS = {"hour": "hour", "half_day": "half day", "day": "day", "mile": "mileage"}


@dataclass(frozen=True)
class Rate:
    """An area's published rate for one unit, in pounds, from ``effective_from``."""

    unit: str  # "hour" | "half_day" | "day" | "mile"
    amount: Decimal
    effective_from: date


@dataclass(frozen=True)
class ExpenseLine:
    """One thing to be repaid: an ``amount`` in pounds, or ``miles`` for mileage.

    A mileage line's amount is always worked out from the miles (any amount given
    is ignored), and the miles on any other line are ignored.
    """

    kind: str  # "fare" | "mileage" | "care" | "meal" | "other"
    amount: Decimal | None
    miles: Decimal | None


@dataclass(frozen=True)
class ClaimSum:
    """What a claim comes to. ``rate`` is kept even when the fee is £0.00."""

    rate: Decimal
    fee: Decimal
    expense_amounts: tuple[Decimal, ...]  # one per expense line, in order
    mileage_rate: Decimal | None  # only when a line is mileage
    expenses: Decimal
    total: Decimal


@dataclass(frozen=True)
class YearTotal:
    """One UK tax year's claims, for a statement (people on benefits need these)."""

    tax_year: str
    fees: Decimal
    expenses: Decimal
    total: Decimal
    claims: int


class ClaimProblem(Exception):
    """What is wrong with a claim, as {field name: [plain English message, ...]}.

    The fields are "unit", "quantity", "choice", "expenses" (for the expenses as
    a whole) and "expense_0", "expense_1", ... for each line, counted from 0.
    """

    def __init__(self, problems: dict[str, list[str]]) -> None:
        super().__init__(problems)
        self.problems = problems

    def __str__(self) -> str:
        return " ".join(message for messages in self.problems.values() for message in messages)


def _pennies(exact: Fraction) -> Decimal:
    """``exact`` pounds to the penny, halves away from zero (ROUND_HALF_UP)."""
    # Exact fractions and integer rounding, so the answer cannot depend on the
    # decimal context's precision or rounding, which other code may change.
    pence = abs(exact) * 100
    rounded = (2 * pence.numerator + pence.denominator) // (2 * pence.denominator)
    return Decimal(-rounded if exact < 0 else rounded).scaleb(-2)


def _is_multiple(value: Decimal, step: Decimal) -> bool:
    """Whether ``value`` is an exact multiple of ``step``; only for values of a
    sensible size (checked first), or the remainder cannot be worked out."""
    # A remainder may be rounded to the context's precision, but a remainder
    # that is not zero never rounds to zero, so this test stays exact.
    return value % step == 0


def rate_on(rates: Iterable[Rate], unit: str, on: date) -> Rate | None:
    """The rate for ``unit`` in force on ``on``: the one that started latest but
    not after ``on``. None if no rate for the unit had started by then.

    Two different rates for one unit starting on the same day cannot both be in
    force (the database forbids it), so that is a ValueError.
    """
    found: Rate | None = None
    for rate in rates:
        if rate.unit != unit or rate.effective_from > on:
            continue
        if found is None or rate.effective_from > found.effective_from:
            found = rate
        elif rate.effective_from == found.effective_from and rate.amount != found.amount:
            raise ValueError(
                f"There are two {_UNIT_WORDS.get(unit, unit)} rates from "
                f"{long_date(rate.effective_from)}: {found.amount} and {rate.amount}."
            )
    return found


def _rate_amount(rate: Rate) -> Decimal:
    # A rate comes from the area's own published list, not from the claimant,
    # so a bad one is a fault in the data rather than a problem with the claim.
    amount = rate.amount
    if (
        not isinstance(amount, Decimal)
        or not amount.is_finite()
        or not 0 < amount <= Decimal(1_000_000)
        or not _is_multiple(amount, PENNY)
    ):
        raise ValueError(
            f"A {_UNIT_WORDS.get(rate.unit, rate.unit)} rate must be more than £0 in pounds "
            f"and pence, not {amount!r}."
        )
    return amount.quantize(PENNY)


def _quantity_problems(unit: str, quantity: Decimal) -> list[str]:
    if unit == "hour":
        if not quantity.is_finite() or quantity <= 0:
            return ["Give the number of hours, more than 0."]
        if quantity > MOST_HOURS:
            return ["One claim can be for at most 24 hours."]
        if not _is_multiple(quantity, QUARTER):
            return ["Give hours in quarter hours, like 1.25 or 2.5."]
        return []
    words = _UNIT_WORDS[unit] + "s"
    if not quantity.is_finite() or quantity != quantity.to_integral_value():
        return [f"Give a whole number of {words}."]
    if not 1 <= quantity <= MOST_DAYS:
        return [f"Give between 1 and 10 {words}."]
    return []


def _line_problems(line: ExpenseLine) -> list[str]:
    if line.kind not in EXPENSE_KINDS:
        return ["Choose what the expense was for."]
    if line.kind == "mileage":
        miles = line.miles
        if miles is None:
            return ["Give how many miles you drove."]
        _check_decimal(miles, "miles")
        if not miles.is_finite() or miles <= 0:
            return ["Give the number of miles, more than 0."]
        if miles > MOST_MILES:
            return ["One line can be for at most 1,000 miles."]
        if not _is_multiple(miles, TENTH):
            return ["Give miles to one decimal place, like 12.5."]
        return []
    amount = line.amount
    if amount is None:
        return ["Give the amount in pounds, like 4.50."]
    _check_decimal(amount, "amount")
    if not amount.is_finite() or amount <= 0:
        return ["Give an amount more than £0.00."]
    if amount > MOST_EXPENSE:
        return ["One expense can be at most £1,000.00."]
    if not _is_multiple(amount, PENNY):
        return ["Give the amount in pounds and pence, like 4.50."]
    return []


def _check_decimal(value: object, name: str) -> None:
    # A float cannot hold most amounts in pence exactly, so one getting this far
    # is a mistake in the calling code, not something the claimant can fix.
    if not isinstance(value, Decimal):
        raise TypeError(f"The {name} must be a Decimal, not {type(value).__name__}.")


def claim_sum(
    *,
    unit: str,
    quantity: Decimal,
    on: date,
    choice: str,
    expenses: Sequence[ExpenseLine],
    rates: Sequence[Rate],
) -> ClaimSum:
    """Work out a claim for ``quantity`` ``unit``s of time given on ``on``.

    2.75 hours at £15.00 is a fee of £41.25; with a £3.20 fare and 12.3 miles at
    £0.45 (5.535 -> £5.54) the expenses are £8.74 and the total £49.99. When
    ``choice`` is "not_paid" the fee is £0.00 and the total £8.74.

    Raises ClaimProblem with every problem found, not just the first.
    """
    _check_decimal(quantity, "quantity")
    problems: dict[str, list[str]] = {}

    time_rate: Rate | None = None
    if unit not in TIME_UNITS:
        problems["unit"] = ["Choose hours, half days or days."]
    else:
        time_rate = rate_on(rates, unit, on)
        if time_rate is None:
            problems["unit"] = [f"There is no {_UNIT_WORDS[unit]} rate for {long_date(on)}."]
        if found := _quantity_problems(unit, quantity):
            problems["quantity"] = found

    if choice not in CHOICES:
        problems["choice"] = ["Choose to be paid, to get vouchers, or not to be paid."]

    mile_rate: Rate | None = None
    if any(line.kind == "mileage" for line in expenses):
        mile_rate = rate_on(rates, "mile", on)
        if mile_rate is None:
            # Not the fault of any one line, so it goes on the expenses as a whole.
            problems["expenses"] = [f"There is no mileage rate for {long_date(on)}."]
    for i, line in enumerate(expenses):
        if found := _line_problems(line):
            problems[f"expense_{i}"] = found

    if problems:
        raise ClaimProblem(problems)
    assert time_rate is not None  # no problems, so there is a rate

    rate = _rate_amount(time_rate)
    mileage_rate = None if mile_rate is None else _rate_amount(mile_rate)
    fee = ZERO if choice == "not_paid" else _pennies(Fraction(quantity) * Fraction(rate))
    amounts: list[Decimal] = []
    for line in expenses:
        if line.kind == "mileage":
            assert line.miles is not None and mileage_rate is not None  # checked above
            amounts.append(_pennies(Fraction(line.miles) * Fraction(mileage_rate)))
        else:
            assert line.amount is not None  # checked above
            amounts.append(line.amount.quantize(PENNY))
    expense_total = sum(amounts, ZERO)
    return ClaimSum(
        rate=rate,
        fee=fee,
        expense_amounts=tuple(amounts),
        mileage_rate=mileage_rate,
        expenses=expense_total,
        total=fee + expense_total,
    )


def _tax_year_start(on: date) -> int:
    # A UK tax year runs from 6 April to the next 5 April.
    return on.year if (on.month, on.day) >= (4, 6) else on.year - 1


def tax_year(on: date) -> str:
    """The UK tax year ``on`` falls in: 5 April 2026 is in "2025 to 2026" and
    6 April 2026 in "2026 to 2027"."""
    start = _tax_year_start(on)
    return f"{start} to {start + 1}"


def totals_by_tax_year(rows: Iterable[tuple[date, Decimal, Decimal]]) -> list[YearTotal]:
    """Add up (involvement date, fee, expenses) rows by tax year, newest year first.

    Only years with at least one claim are given.
    """
    sums: dict[int, tuple[Fraction, Fraction, int]] = {}
    for on, fee, expenses in rows:
        start = _tax_year_start(on)
        fees_so_far, expenses_so_far, count = sums.get(start, (Fraction(0), Fraction(0), 0))
        sums[start] = (
            fees_so_far + Fraction(fee),
            expenses_so_far + Fraction(expenses),
            count + 1,
        )
    totals = []
    for start in sorted(sums, reverse=True):
        fee_sum, expense_sum, count = sums[start]
        fee_total, expense_total = _pennies(fee_sum), _pennies(expense_sum)
        totals.append(
            YearTotal(
                tax_year=f"{start} to {start + 1}",
                fees=fee_total,
                expenses=expense_total,
                total=fee_total + expense_total,
                claims=count,
            )
        )
    return totals
