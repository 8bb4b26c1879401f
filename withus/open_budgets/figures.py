"""The arithmetic of open budgets. Plain Python, no Django, so anyone can check it.

Rules (shown on the public page in words):

- Money is ``Decimal`` pounds and pence; a figure with fractions of a penny or
  below zero is refused, never rounded.
- A financial year runs from 1 April to 31 March and is named by both years:
  "2025 to 2026". It is stored as the year it starts in (2025).
- A year's total is the sum of its lines, exactly.
- Change from the year before is this year minus last year, in pounds, and as
  a percentage of last year to 1 decimal place, rounding halves away from zero
  (ROUND_HALF_UP). No percentage when last year was £0 or not recorded.
- Cost per person supported (unit cost) is spend ÷ people supported, to the
  penny, rounding halves up (ROUND_HALF_UP). "Not known" when the number of
  people is blank or 0.
- Save and share: the three shares are percentages that must add up to exactly
  100. The pounds are split by ``withus.core.split`` (whole pence; each share
  rounded down, then the pennies left go to the shares that lost most by
  rounding, the one listed first on a tie), so they always add up to the saving.
"""

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from withus.core.split import split_pounds

PENNY = Decimal("0.01")
TENTH = Decimal("0.1")
ZERO = Decimal("0.00")
HUNDRED = Decimal(100)
MAX_SPEND = Decimal("9999999999.99")  # as the database column: 12 digits, 2 places
FIRST_YEAR = 2000
LAST_YEAR = 2100

# The three parts a saving is shared between, in the order they are split.
SHARE_PARTS = ("people", "commissioners", "community")


class FigureProblem(ValueError):
    """A figure that cannot be used; the message says why in plain words."""


# --- financial years ----------------------------------------------------------


def year_label(start: int) -> str:
    """The financial year starting 1 April ``start``: "2025 to 2026"."""
    return f"{start} to {start + 1}"


_YEAR = re.compile(
    r"(?:fy\s*)?(?P<first>\d{4})(?:\s*(?:to|-|–|/)\s*(?P<second>\d{4}|\d{2}))?", re.IGNORECASE
)
_ASK_YEAR = "Enter the financial year like 2025 to 2026."


def parse_year(written: str) -> int:
    """The start year of a financial year written as 2025 to 2026, 2025-26,
    2025/26, 2025-2026 or 2025 (the year it starts in)."""
    text = written.strip()
    if not text:
        raise FigureProblem(_ASK_YEAR)
    m = _YEAR.fullmatch(text)
    if m is None:
        raise FigureProblem(f'"{written.strip()}" is not a financial year. {_ASK_YEAR}')
    first = int(m["first"])
    second = m["second"]
    if second is not None:
        end = int(second)
        if len(second) == 2:
            # 2025-26 ends in 2026; 2099-00 in 2100.
            end += first - first % 100
            end += 100 if end <= first else 0
        if end != first + 1:
            raise FigureProblem(
                f'"{text}" is not one financial year: it must end the year after it starts. '
                f"{_ASK_YEAR}"
            )
    if not FIRST_YEAR <= first <= LAST_YEAR:
        raise FigureProblem(
            f"The year must start between {FIRST_YEAR} and {LAST_YEAR}. {_ASK_YEAR}"
        )
    return first


# --- checking figures -----------------------------------------------------------


def check_money(amount: Decimal, what: str = "The spend") -> Decimal:
    """A sum in pounds: not negative, whole pence, not too large. Returned to 2 places."""
    if not amount.is_finite():
        raise FigureProblem(f"{what} must be an amount in pounds, like 12500.00.")
    if amount < 0:
        raise FigureProblem(f"{what} cannot be less than £0.")
    if amount > MAX_SPEND:
        raise FigureProblem(f"{what} is too large.")
    if amount != amount.quantize(PENNY, rounding=ROUND_HALF_UP):
        raise FigureProblem(
            f"{what} cannot have fractions of a penny. Use at most 2 decimal places."
        )
    return amount.quantize(PENNY)


def parse_money(written: str, what: str = "The spend") -> Decimal:
    """Pounds as people write them: 12500, £12,500.00."""
    text = written.strip().replace(",", "").removeprefix("£").strip()
    if not text:
        raise FigureProblem(f"{what} is empty. Give an amount in pounds, like 12500.00.")
    try:
        amount = Decimal(text)
    except InvalidOperation:
        raise FigureProblem(
            f'{what} "{written.strip()}" is not an amount in pounds. Write it like 12500.00.'
        ) from None
    return check_money(amount, what)


MAX_PEOPLE = 10_000_000


def check_people(people: int | None) -> int | None:
    if people is not None and people < 0:
        raise FigureProblem("The number of people supported cannot be less than 0.")
    if people is not None and people > MAX_PEOPLE:
        raise FigureProblem("That is too many people supported.")
    return people


def parse_people(written: str) -> int | None:
    """A whole number of people, or None when blank (not known)."""
    text = written.strip().replace(",", "")
    if not text:
        return None
    if text.startswith("-"):
        raise FigureProblem("The number of people supported cannot be less than 0.")
    try:
        value = Decimal(text)
    except InvalidOperation:
        value = Decimal("NaN")
    if not value.is_finite() or value != value.to_integral_value():
        raise FigureProblem(
            f'The number of people supported "{written.strip()}" is not a whole number. '
            "Give a whole number, like 120, or leave it blank if you do not know."
        )
    return check_people(int(value))


def service_key(name: str) -> str:
    """The same service whatever the capitals or spaces, to find it twice."""
    return " ".join(name.split()).casefold()


# --- the sums ---------------------------------------------------------------------


def unit_cost(spend: Decimal, people: int | None) -> Decimal | None:
    """Spend ÷ people, to the penny, halves up; None (not known) for blank or 0 people."""
    if not people:
        return None
    pence = int(check_money(spend) * 100)
    # Whole-number division, so no Decimal precision limit can creep in.
    whole, left = divmod(pence, people)
    if 2 * left >= people:
        whole += 1
    return (Decimal(whole) / 100).quantize(PENNY)


@dataclass(frozen=True)
class Change:
    pounds: Decimal  # this year minus last year
    percent: Decimal | None  # of last year, 1 decimal place; None when last year was £0


def change(before: Decimal | None, now: Decimal) -> Change | None:
    """The change from the year before, or None when there is no year before."""
    if before is None:
        return None
    pounds = now - before
    if before == 0:
        return Change(pounds, None)
    percent = (pounds * HUNDRED / before).quantize(TENTH, rounding=ROUND_HALF_UP)
    return Change(pounds, percent)


def total(spends: Iterable[Decimal]) -> Decimal:
    return sum(spends, ZERO)


@dataclass(frozen=True)
class Line:
    service: str
    spend: Decimal
    people: int | None
    contract: str = ""  # whatever the caller needs to show it; not used here


@dataclass(frozen=True)
class LineFigures:
    line: Line
    unit_cost: Decimal | None
    change: Change | None


@dataclass(frozen=True)
class YearFigures:
    start: int
    label: str
    lines: tuple[LineFigures, ...]
    total: Decimal
    change: Change | None
    has_year_before: bool


def years(recorded: dict[int, Sequence[Line]]) -> list[YearFigures]:
    """Each year's lines with unit cost and change, its total and change, newest first.

    "The year before" is the financial year just before, only if it is among
    ``recorded``; a service is compared with the same service (capitals and
    spaces aside) in that year.
    """
    out = []
    for start in sorted(recorded, reverse=True):
        lines = recorded[start]
        before = recorded.get(start - 1)
        before_spend = (
            {service_key(b.service): b.spend for b in before} if before is not None else {}
        )
        figures = tuple(
            LineFigures(
                line=line,
                unit_cost=unit_cost(line.spend, line.people),
                change=change(before_spend.get(service_key(line.service)), line.spend)
                if before is not None
                else None,
            )
            for line in lines
        )
        year_total = total(line.spend for line in lines)
        out.append(
            YearFigures(
                start=start,
                label=year_label(start),
                lines=figures,
                total=year_total,
                change=change(total(b.spend for b in before), year_total)
                if before is not None
                else None,
                has_year_before=before is not None,
            )
        )
    return out


# --- save and share -----------------------------------------------------------------


def percents_problem(percents: Sequence[Decimal]) -> str:
    """What is wrong with the shares' percentages, or "" when they can be used."""
    for p in percents:
        if p < 0 or p > HUNDRED:
            return "Each share must be from 0% to 100%."
        if p != p.quantize(PENNY, rounding=ROUND_HALF_UP):
            return "Give each share with at most 2 decimal places, like 33.33."
    added = sum(percents, Decimal(0))
    if added == HUNDRED:
        return ""
    gap = abs(HUNDRED - added)
    side = "short of" if added < HUNDRED else "over"
    return (
        f"The shares add up to {_pct(added)}%, {_pct(gap)}% {side} 100%. They must add up to 100%."
    )


def _pct(value: Decimal) -> str:
    text = f"{value.quantize(PENNY):f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def share_split(amount: Decimal, percents: Sequence[Decimal]) -> list[Decimal]:
    """The saving in pounds for each share; always adds up to the saving."""
    check_money(amount, "The saving")
    problem = percents_problem(percents)
    if problem:
        raise FigureProblem(problem)
    return split_pounds(amount, list(percents))
