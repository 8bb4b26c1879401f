"""Summaries of the ratings in people's stories, with small numbers withheld.

No Django here. A summary of fewer than five ratings is withheld (only the
count is given), so nobody can be picked out of a small group of stories.

Rounding rules
    Shares are percentages to one decimal place that always add up to exactly
    100.0: each share is first rounded down to a tenth of a percent, then the
    tenths still missing are handed out one each, first to the score whose
    share lost the most in rounding down, then the next. When two lost the same,
    the lower score goes first. A score nobody gave always shows 0.0.
    The mean is to two places, and the single percentages (like the share of
    replies reporting a change) to one place, with halves rounded up.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Literal, get_args

SMALLEST_SHOWN = 5
WITHHELD_TEXT = "Fewer than 5 ratings, so the summary is not shown."

Change = Literal["none", "planned", "made"]


@dataclass(frozen=True)
class Distribution:
    """How many gave each score, as counts and shares, and the mean.

    ``counts[i]`` and ``shares[i]`` are for the score ``i + 1``. Everything but
    ``count`` is None when ``withheld``.
    """

    count: int
    withheld: bool
    counts: tuple[int, ...] | None
    shares: tuple[Decimal, ...] | None
    mean: Decimal | None


def _half_up(part: int, whole: int, places: int) -> Decimal:
    """part / whole to ``places`` decimal places, halves up; both non-negative, whole > 0."""
    scale = 10**places
    return Decimal((2 * part * scale + whole) // (2 * whole)).scaleb(-places)


def _shares(counts: Sequence[int], total: int) -> tuple[Decimal, ...]:
    """Largest-remainder shares in tenths of a percent, adding to exactly 100.0."""
    exact = [Fraction(1000 * n, total) for n in counts]
    tenths = [e.numerator // e.denominator for e in exact]
    left_over = 1000 - sum(tenths)
    by_remainder = sorted(range(len(counts)), key=lambda i: (-(exact[i] - tenths[i]), i))
    for i in by_remainder[:left_over]:
        tenths[i] += 1
    return tuple(Decimal(t).scaleb(-1) for t in tenths)


def distribution(
    scores: Sequence[int], scale: int = 5, minimum: int = SMALLEST_SHOWN
) -> Distribution:
    """Count the scores 1 to ``scale``; withheld when there are fewer than ``minimum``.

    For 1, 2, 2, 5, 5, 5: counts (1, 2, 0, 0, 3), shares (16.7, 33.3, 0.0,
    0.0, 50.0), mean 20 / 6 = 3.33.
    """
    if isinstance(scale, bool) or scale < 1:
        raise ValueError(f"The scale must go from 1 to at least 1, not {scale}.")
    if minimum < 1:
        raise ValueError(f"The fewest ratings to show must be at least 1, not {minimum}.")
    for score in scores:
        if isinstance(score, bool) or not isinstance(score, int) or not 1 <= score <= scale:
            raise ValueError(f"A score must be a whole number from 1 to {scale}, not {score!r}.")
    count = len(scores)
    if count < minimum:
        return Distribution(count, True, None, None, None)
    counts = tuple(sum(1 for s in scores if s == value) for value in range(1, scale + 1))
    return Distribution(
        count=count,
        withheld=False,
        counts=counts,
        shares=_shares(counts, count),
        mean=_half_up(sum(scores), count, 2),
    )


def distribution_of_counts(
    counts: Mapping[int, int], scale: int = 5, minimum: int = SMALLEST_SHOWN
) -> Distribution:
    """The same as ``distribution``, from how many gave each score (as a database counts).

    {1: 1, 2: 2, 5: 3} is the same as the scores 1, 2, 2, 5, 5, 5.
    """
    if isinstance(scale, bool) or scale < 1:
        raise ValueError(f"The scale must go from 1 to at least 1, not {scale}.")
    if minimum < 1:
        raise ValueError(f"The fewest ratings to show must be at least 1, not {minimum}.")
    for score, n in counts.items():
        if not 1 <= score <= scale or n < 0:
            raise ValueError(f"A score must be from 1 to {scale}, not {score!r}.")
    count = sum(counts.values())
    if count < minimum:
        return Distribution(count, True, None, None, None)
    per_score = tuple(counts.get(value, 0) for value in range(1, scale + 1))
    return Distribution(
        count=count,
        withheld=False,
        counts=per_score,
        shares=_shares(per_score, count),
        mean=_half_up(sum(score * n for score, n in counts.items()), count, 2),
    )


def change_share(replies: Sequence[Change], minimum: int = SMALLEST_SHOWN) -> Decimal | None:
    """The percentage of replies that report a change planned or made, to one place.

    None when there are fewer than ``minimum`` replies. 2 of 3 would be 66.7,
    but three replies are too few, so that gives None.
    """
    if minimum < 1:
        raise ValueError(f"The fewest replies to show must be at least 1, not {minimum}.")
    known = get_args(Change)
    for reply in replies:
        if reply not in known:
            raise ValueError(f"A reply's change must be none, planned or made, not {reply!r}.")
    if len(replies) < minimum:
        return None
    changed = sum(1 for reply in replies if reply != "none")
    return _half_up(100 * changed, len(replies), 1)
