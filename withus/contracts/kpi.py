"""Contract KPIs: red, amber or green; reporting periods; and dates to watch.

A contract promises figures (KPIs) that the provider reports every month,
quarter or year. This module holds the rules for reading those figures and
their dates, so the pages, the importer and the reports all agree. No Django
here; every figure is a ``Decimal``, never a float.

Periods
    A month runs from the 1st to its last day. Quarters are the UK financial
    quarters: April to June, July to September, October to December and
    January to March. A year runs from 1 April to 31 March. A period is named
    by its first day (its "start"), which is what is stored.

Due and missing returns
    A period's return is due once the period has ended and ``grace_days`` more
    have passed: for April 2026 with 30 days' grace, the last day to send it is
    30 May 2026, and from 31 May it is listed as missing. A period the contract
    only partly covers still needs a return: at the start, the first period is
    the one the contract starts in; at the end, the last period counts as ended
    on the contract's last day.

Contract dates
    A contract of 36 months starting 1 April 2027 ends on 31 March 2030: the day
    before the same date 36 months on. When that date does not exist (a contract
    starting 31 January for one month), the contract runs to the end of the
    shorter month: 28 February, or 29 February in a leap year.
"""

import calendar
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction
from typing import Literal, get_args

from withus.core.dates import MONTHS as MONTHS
from withus.core.dates import day_text as day_text

Direction = Literal["higher", "lower"]  # which way is better
Frequency = Literal["monthly", "quarterly", "annually"]
Status = Literal["green", "amber", "red"]

DEFAULT_AMBER_MARGIN = Decimal("10")


_MONTHS_IN: dict[str, int] = {"monthly": 1, "quarterly": 3, "annually": 12}


def _months_in(frequency: Frequency) -> int:
    try:
        return _MONTHS_IN[frequency]
    except (KeyError, TypeError):
        raise ValueError(
            f"Unknown frequency {frequency!r}: use monthly, quarterly or annually."
        ) from None


# --- red, amber, green -------------------------------------------------------


def _plain(number: Decimal) -> str:
    """10 -> "10", 7.50 -> "7.5": a percentage as people write it."""
    if number == number.to_integral_value():
        return str(int(number))
    return f"{number.normalize():f}"


def rag_rule(direction: Direction, amber_margin: Decimal = DEFAULT_AMBER_MARGIN) -> str:
    """The rule :func:`rag` follows, in one plain sentence, for showing beside a KPI."""
    margin = _plain(amber_margin)
    if direction == "higher":
        return (
            "Higher is better: green when the figure reaches the target or beats it, "
            f"amber when it is below the target by no more than {margin}% of the target, "
            "and red when it is further below."
        )
    if direction == "lower":
        return (
            "Lower is better: green when the figure is at the target or under it, "
            f"amber when it is over the target by no more than {margin}% of the target, "
            "and red when it is further over."
        )
    raise ValueError(f"Unknown direction {direction!r}: use higher or lower.")


RAG_RULE: dict[Direction, str] = {d: rag_rule(d) for d in get_args(Direction)}


def _exact(number: Decimal, what: str) -> Fraction:
    if isinstance(number, bool) or not isinstance(number, Decimal | int):
        raise TypeError(f"The {what} must be a Decimal, not {type(number).__name__}.")
    if isinstance(number, Decimal) and not number.is_finite():
        raise ValueError(f"The {what} must be a number, not {number}.")
    return Fraction(number)


def rag(
    value: Decimal,
    target: Decimal,
    direction: Direction,
    amber_margin: Decimal = DEFAULT_AMBER_MARGIN,
) -> Status:
    """Green, amber or red for one figure against its target (see :data:`RAG_RULE`).

    The comparison is exact (no rounding), so a figure exactly on a boundary
    gets the better colour: 90 against a target of 100 with a 10% margin is amber.
    """
    v, t = _exact(value, "figure"), _exact(target, "target")
    margin = _exact(amber_margin, "amber margin")
    if margin < 0:
        raise ValueError(f"The amber margin cannot be negative, not {amber_margin}%.")
    if direction == "higher":
        if v >= t:
            return "green"
        return "amber" if v >= t * (1 - margin / 100) else "red"
    if direction == "lower":
        if v <= t:
            return "green"
        return "amber" if v <= t * (1 + margin / 100) else "red"
    raise ValueError(f"Unknown direction {direction!r}: use higher or lower.")


# --- months and periods ------------------------------------------------------


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later (or earlier), kept inside the month.

    31 January + 1 month is 28 February (29 February in a leap year), because
    there is no 31 February.
    """
    index = day.year * 12 + (day.month - 1) + months
    year, month0 = divmod(index, 12)
    last = calendar.monthrange(year, month0 + 1)[1]
    return date(year, month0 + 1, min(day.day, last))


def contract_end(start: date, initial_months: int, extended_months: int = 0) -> date:
    """The contract's last day: the day before the same date that many months on.

    1 April 2027 + 36 months is 1 April 2030, so the last day is 31 March 2030.
    When the same date does not exist, the contract runs to the end of that
    shorter month (31 January + 1 month ends on the last day of February);
    :func:`add_months` alone would give 27 February and lose a day.
    """
    if initial_months < 1:
        raise ValueError(f"A contract must last at least one month, not {initial_months}.")
    if extended_months < 0:
        raise ValueError(f"An extension cannot be negative, not {extended_months} months.")
    months = initial_months + extended_months
    same_date = add_months(start, months)
    if same_date.day != start.day:  # there was no such date, so it was kept in the month
        return same_date
    return same_date - timedelta(days=1)


def period_start(day: date, frequency: Frequency) -> date:
    """The first day of the month, quarter or year (from 1 April) that ``day`` falls in."""
    months = _months_in(frequency)
    if months == 12:
        return date(day.year if day.month >= 4 else day.year - 1, 4, 1)
    # Quarters of the financial year start in April, July, October and January:
    # the same months as calendar quarters, so this works for months (1) and quarters (3).
    return date(day.year, (day.month - 1) // months * months + 1, 1)


def _checked_start(start: date, frequency: Frequency) -> date:
    if period_start(start, frequency) != start:
        what = {"monthly": "month", "quarterly": "quarter", "annually": "year"}[frequency]
        raise ValueError(f"{day_text(start)} is not the start of a {what}.")
    return start


def period_end(start: date, frequency: Frequency) -> date:
    """The last day of the period that ``start`` begins (any day in the period will do)."""
    first = period_start(start, frequency)
    return add_months(first, _months_in(frequency)) - timedelta(days=1)


def period_label(start: date, frequency: Frequency) -> str:
    """The period's name: "March 2026", "April to June 2026", "April 2026 to March 2027"."""
    _checked_start(start, frequency)
    end = period_end(start, frequency)
    if frequency == "monthly":
        return f"{MONTHS[start.month - 1]} {start.year}"
    if frequency == "quarterly":
        return f"{MONTHS[start.month - 1]} to {MONTHS[end.month - 1]} {end.year}"
    return f"{MONTHS[start.month - 1]} {start.year} to {MONTHS[end.month - 1]} {end.year}"


def periods_between(first: date, last: date, frequency: Frequency) -> list[date]:
    """The start of every period from the one holding ``first`` to the one holding ``last``.

    Empty when ``last`` is in an earlier period than ``first``.
    """
    step = _months_in(frequency)
    start, stop = period_start(first, frequency), period_start(last, frequency)
    starts = []
    while start <= stop:
        starts.append(start)
        start = add_months(start, step)
    return starts


def periods_due(
    contract_start: date,
    contract_end: date,
    today: date,
    frequency: Frequency,
    grace_days: int = 30,
) -> list[date]:
    """Starts of the periods whose return should have arrived by ``today``.

    A period is due when it ended more than ``grace_days`` days before today
    (see "Due and missing returns" above). Only periods the contract covers
    count, including one it covers in part.
    """
    if contract_end < contract_start:
        raise ValueError(
            f"The contract cannot end ({day_text(contract_end)}) "
            f"before it starts ({day_text(contract_start)})."
        )
    if grace_days < 0:
        raise ValueError(f"The days allowed for a return cannot be negative, not {grace_days}.")
    due = []
    for start in periods_between(contract_start, contract_end, frequency):
        ended = min(period_end(start, frequency), contract_end)
        if (today - ended).days <= grace_days:
            break  # every later period ends later still
        due.append(start)
    return due


def missing_periods(due: Sequence[date], reported: Collection[date]) -> list[date]:
    """The due periods with no return, in the order given."""
    return [start for start in due if start not in reported]


# --- dates to watch ----------------------------------------------------------


@dataclass(frozen=True)
class Warning:  # shadows Python's own Warning here, which this module never uses
    kind: Literal["break_clause", "contract_end"]
    on: date
    days_left: int
    text: str


def _warning_text(kind: str, on: date, days_left: int) -> str:
    what = "Break clause" if kind == "break_clause" else "Contract ends"
    if days_left == 0:
        return f"{what} today, {day_text(on)}."
    if days_left == 1:
        return f"{what} tomorrow, {day_text(on)}."
    return f"{what} on {day_text(on)}, in {days_left} days."


def warnings(
    today: date, end: date, break_clauses: Sequence[date], horizon_months: int = 6
) -> list[Warning]:
    """Break clauses and the contract's end from today to ``horizon_months`` ahead.

    Both ends are included: something today, and something on exactly the day
    ``horizon_months`` from now. Soonest first; on the same day, a break clause
    comes before the end. A break clause given twice is shown once, and one
    after the contract's end is left out because it can no longer be used.
    """
    if horizon_months < 0:
        raise ValueError(f"The months to look ahead cannot be negative, not {horizon_months}.")
    until = add_months(today, horizon_months)
    found: list[tuple[Literal["break_clause", "contract_end"], date]] = [
        ("break_clause", on) for on in sorted(set(break_clauses)) if on <= end
    ]
    found.append(("contract_end", end))
    shown = [
        Warning(kind, on, (on - today).days, _warning_text(kind, on, (on - today).days))
        for kind, on in found
        if today <= on <= until
    ]
    return sorted(shown, key=lambda w: (w.on, w.kind))


# --- figures from people's ratings -------------------------------------------


def share_at_or_above(
    scores: Sequence[int], threshold: int, minimum_count: int = 5
) -> Decimal | None:
    """The percentage of scores at ``threshold`` or above, to one place, halves up.

    None (withheld) when there are fewer than ``minimum_count`` scores, so that
    nobody can be picked out of a small group, and always when there are none.
    3 of 7 is 42.857...%, shown as 42.9.
    """
    count = len(scores)
    if count == 0 or count < minimum_count:
        return None
    at_or_above = sum(1 for score in scores if score >= threshold)
    # Tenths of a percent, halves rounded up, in whole numbers so nothing is lost.
    tenths = (2 * 1000 * at_or_above + count) // (2 * count)
    return Decimal(tenths).scaleb(-1)
