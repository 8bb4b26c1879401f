"""Splitting a sum of money in stated proportions, to the penny.

The rounding rule (used for pathway tariffs and for shared savings): work in
whole pence; every part first gets its exact share rounded down to the penny;
the pennies left over go one at a time to the parts that lost the most by
rounding down (largest remainder), and when two lost the same, to the part
listed first. So the parts always add up to the whole, no part is ever more
than a penny away from its exact share, and the same input always gives the
same answer. Plain Python, no Django.
"""

from collections.abc import Sequence
from decimal import Decimal
from fractions import Fraction

PENNY = Decimal("0.01")


class SplitError(ValueError):
    """The proportions cannot split anything: none given, a negative, or all zero."""


def to_pence(amount: Decimal) -> int:
    """Pounds to whole pence; refuses fractions of a penny rather than guess."""
    pence = amount * 100
    if pence != pence.to_integral_value():
        raise SplitError(f"£{amount} is not a whole number of pence")
    return int(pence)


def to_pounds(pence: int) -> Decimal:
    return (Decimal(pence) / 100).quantize(PENNY)


def split_pence(total: int, weights: Sequence[Decimal | int | Fraction]) -> list[int]:
    """Split `total` pence in proportion to `weights` (any scale: percents, shares)."""
    if total < 0:
        raise SplitError("The sum to split cannot be negative")
    if not weights:
        raise SplitError("There is nothing to split between")
    exact = [Fraction(w) for w in weights]
    if any(w < 0 for w in exact):
        raise SplitError("A proportion cannot be negative")
    whole = sum(exact, Fraction(0))
    if whole == 0:
        raise SplitError("The proportions are all zero")
    shares = [total * w / whole for w in exact]
    parts = [int(s) for s in shares]  # shares are never negative, so int() rounds down
    left = total - sum(parts)
    # Largest remainder first; on a tie, the part listed first.
    order = sorted(range(len(shares)), key=lambda i: (-(shares[i] - parts[i]), i))
    for i in order[:left]:
        parts[i] += 1
    return parts


def split_pounds(total: Decimal, weights: Sequence[Decimal | int | Fraction]) -> list[Decimal]:
    """The same split, in pounds and pence."""
    return [to_pounds(p) for p in split_pence(to_pence(total), weights)]
