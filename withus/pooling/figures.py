"""The aggregate figures a commissioner may see, with small numbers withheld.

No Django here. Any figure based on fewer than five people is withheld, so
nobody can be picked out of a small group.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

SMALLEST_SHOWN = 5


@dataclass(frozen=True)
class Figure:
    value: Decimal | int | None  # None when withheld
    people: int

    @property
    def withheld(self) -> bool:
        return self.value is None


def shown(value: Decimal | int, people: int) -> Figure:
    return Figure(value if people >= SMALLEST_SHOWN else None, people)


@dataclass(frozen=True)
class Change:
    """Average follow-up minus average baseline, for people with both."""

    measure: str
    people: int
    baseline: Decimal | None
    follow_up: Decimal | None
    change: Decimal | None


def _mean(values: list[int]) -> Decimal:
    exact = Fraction(sum(values), len(values))
    # One decimal place, halves rounded up: averages of counts read best that way.
    return (Decimal(exact.numerator) / Decimal(exact.denominator)).quantize(
        Decimal("0.1"), rounding="ROUND_HALF_UP"
    )


def outcome_change(
    baseline: Mapping[int, int],
    follow_up: Mapping[int, int],
    measure: str,
    *,
    smallest: int = SMALLEST_SHOWN,
) -> Change:
    """Change for the people measured at both points; withheld below ``smallest`` people.

    A group sees its own change (smallest=1); commissioners see it only from five.
    """
    both = sorted(set(baseline) & set(follow_up))
    if not both or len(both) < smallest:
        return Change(measure, len(both), None, None, None)
    before = _mean([baseline[p] for p in both])
    after = _mean([follow_up[p] for p in both])
    exact = Fraction(sum(follow_up[p] - baseline[p] for p in both), len(both))
    change = (Decimal(exact.numerator) / Decimal(exact.denominator)).quantize(
        Decimal("0.1"), rounding="ROUND_HALF_UP"
    )
    return Change(measure, len(both), before, after, change)


def total(amounts: Iterable[Decimal]) -> Decimal:
    return sum(amounts, Decimal("0.00")).quantize(Decimal("0.01"))
