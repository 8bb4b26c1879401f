"""The arithmetic of an outcome evaluation: paired change, its 95% confidence
interval, how the changes spread, and what data is missing. No Django here.

Paired, complete-case
    Only people with both a baseline and a follow-up score count towards the
    change (complete-case analysis). Each person's change is follow-up minus
    baseline. People with only one score, or none, are counted as missing and
    left out of the change; nothing is guessed for them.

The figures
    mean change  = sum of changes / n (exact, a Fraction)
    SD           = sqrt(sum of (change - mean)^2 / (n - 1)), the sample SD
    SE           = SD / sqrt(n)
    95% CI       = mean ± t × SE, with t from the table below for n - 1
                   degrees of freedom
    Square roots are worked to 40 significant digits (Decimal). The CI ends
    are then exact Fractions of the mean and t × SE, so adding a constant to
    every follow-up moves the mean and both ends by exactly that constant.
    With fewer than 2 people there is no SD, SE or CI.

Student's t
    Two-sided 95% critical values from the standard published table (as in
    any statistics textbook, e.g. Altman, Practical Statistics for Medical
    Research, Appendix B): rows for 1 to 30 degrees of freedom, then 40, 60
    and 120. For degrees of freedom between rows, the row at or below is used
    (its value is larger, so the interval is a little wider: conservative).
    120 or more uses the 120 row (1.980); the infinite row, 1.960, is never
    reached by a finite sample, so it is listed only to show the table.

Rounding rules
    Shown figures are rounded to one decimal place, halves away from zero
    (2.45 -> 2.5, -2.45 -> -2.5), from the exact values, never from other
    rounded figures.

Bands of change
    A change is "better" when it moves the good way by at least the measure's
    meaningful change (3 metric points for SWEMWBS), "worse" when it moves the
    bad way by at least that much, and "about the same" otherwise. Which way
    is good depends on the measure (higher is better, or lower is better).

Small numbers
    Fewer than five people with both scores: the change, its interval and its
    spread are withheld. Band and missing-data counts under five are withheld
    with the same rules (and the same code) as the representation tables
    (``withus.representation.compare``), including withholding a second
    group when only one is small, so a withheld count cannot be worked out
    by subtraction.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, localcontext
from fractions import Fraction

from withus.representation.compare import SMALLEST_SHOWN, CategoryTable, compare

# Two-sided 95% critical values of Student's t, by degrees of freedom.
T_TABLE: dict[int, Decimal] = {
    df: Decimal(t)
    for df, t in (
        (1, "12.706"),
        (2, "4.303"),
        (3, "3.182"),
        (4, "2.776"),
        (5, "2.571"),
        (6, "2.447"),
        (7, "2.365"),
        (8, "2.306"),
        (9, "2.262"),
        (10, "2.228"),
        (11, "2.201"),
        (12, "2.179"),
        (13, "2.160"),
        (14, "2.145"),
        (15, "2.131"),
        (16, "2.120"),
        (17, "2.110"),
        (18, "2.101"),
        (19, "2.093"),
        (20, "2.086"),
        (21, "2.080"),
        (22, "2.074"),
        (23, "2.069"),
        (24, "2.064"),
        (25, "2.060"),
        (26, "2.056"),
        (27, "2.052"),
        (28, "2.048"),
        (29, "2.045"),
        (30, "2.042"),
        (40, "2.021"),
        (60, "2.000"),
        (120, "1.980"),
    )
}
T_INFINITE = Decimal("1.960")

_DIGITS = 40
_TENTH = Decimal("0.1")

BETTER = "better"
SAME = "same"
WORSE = "worse"
BANDS = (WORSE, SAME, BETTER)

BOTH = "both"
BASELINE_ONLY = "baseline_only"
FOLLOW_UP_ONLY = "follow_up_only"
NEITHER = "neither"
MISSING = (BASELINE_ONLY, FOLLOW_UP_ONLY, NEITHER)


def t_critical(df: int) -> Decimal:
    """The 95% two-sided t value for ``df`` degrees of freedom (table row at or below)."""
    if df < 1:
        raise ValueError(f"Degrees of freedom must be 1 or more, not {df}.")
    return T_TABLE[max(row for row in T_TABLE if row <= df)]


def _sqrt(value: Fraction) -> Decimal:
    with localcontext() as ctx:
        ctx.prec = _DIGITS
        return (Decimal(value.numerator) / Decimal(value.denominator)).sqrt()


def one_place(value: Fraction | Decimal) -> Decimal:
    """To one decimal place, halves away from zero, from the exact value."""
    exact = Fraction(value)
    tenths = abs(exact) * 10
    rounded = int(tenths + Fraction(1, 2))  # floor(x + 1/2): halves go up
    signed = -rounded if exact < 0 else rounded
    return Decimal(signed).scaleb(-1).quantize(_TENTH, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class PairedChange:
    """The change for ``n`` people with both scores. Without 2 people, no SD/SE/CI."""

    n: int
    mean: Fraction
    sd: Decimal | None
    se: Decimal | None
    t: Decimal | None
    low: Fraction | None
    high: Fraction | None


def changes(pairs: Iterable[tuple[Decimal, Decimal]]) -> list[Fraction]:
    """Follow-up minus baseline, exactly, for each (baseline, follow-up) pair."""
    return [Fraction(after) - Fraction(before) for before, after in pairs]


def paired_change(pairs: Sequence[tuple[Decimal, Decimal]]) -> PairedChange:
    """Mean change, SD, SE and 95% CI for (baseline, follow-up) pairs; at least one pair."""
    diffs = changes(pairs)
    n = len(diffs)
    if n == 0:
        raise ValueError("There must be at least one person with both scores.")
    mean = sum(diffs, Fraction(0)) / n
    if n < 2:
        return PairedChange(n, mean, None, None, None, None, None)
    variance = sum(((d - mean) ** 2 for d in diffs), Fraction(0)) / (n - 1)
    sd = _sqrt(variance)
    se = _sqrt(variance / n)
    t = t_critical(n - 1)
    with localcontext() as ctx:
        ctx.prec = _DIGITS
        margin = Fraction(t * se)
    return PairedChange(n, mean, sd, se, t, mean - margin, mean + margin)


def band(change: Fraction, meaningful: Decimal, higher_is_better: bool) -> str:
    """better / same / worse, by at least ``meaningful`` the good (or bad) way."""
    if meaningful <= 0:
        raise ValueError(f"The meaningful change must be more than 0, not {meaningful}.")
    good_way = change if higher_is_better else -change
    if good_way >= Fraction(meaningful):
        return BETTER
    if good_way <= -Fraction(meaningful):
        return WORSE
    return SAME


def band_counts(
    diffs: Iterable[Fraction], meaningful: Decimal, higher_is_better: bool
) -> dict[str, int]:
    counts = dict.fromkeys(BANDS, 0)
    for d in diffs:
        counts[band(d, meaningful, higher_is_better)] += 1
    return counts


def missing_counts(people: Iterable[tuple[bool, bool]]) -> dict[str, int]:
    """How many people have (baseline, follow-up): both, only one, or neither."""
    counts = dict.fromkeys((BOTH, *MISSING), 0)
    for has_baseline, has_follow_up in people:
        if has_baseline and has_follow_up:
            counts[BOTH] += 1
        elif has_baseline:
            counts[BASELINE_ONLY] += 1
        elif has_follow_up:
            counts[FOLLOW_UP_ONLY] += 1
        else:
            counts[NEITHER] += 1
    return counts


def small_number_table(
    name: str, counts: dict[str, int], labels: Sequence[tuple[str, str]]
) -> CategoryTable:
    """Counts in the order of ``labels``, with groups under five withheld (as compare does)."""
    total = sum(counts.get(key, 0) for key, _label in labels)
    return compare(
        {(name, key): counts.get(key, 0) for key, _label in labels},
        {name: total},
        {},
        {name: list(labels)},
        {name: name},
    )[0]


@dataclass(frozen=True)
class MeasureReport:
    """Everything a report shows for one measure. ``change`` and ``bands`` are
    None when fewer than five people have both scores."""

    n_both: int
    withheld: bool
    change: PairedChange | None
    bands: CategoryTable | None
    missing: CategoryTable
    missing_total: int


def measure_report(
    people: Sequence[tuple[Decimal | None, Decimal | None]],
    meaningful: Decimal,
    higher_is_better: bool,
    band_labels: Sequence[tuple[str, str]],
    missing_labels: Sequence[tuple[str, str]],
) -> MeasureReport:
    """One measure's report from each person's (baseline, follow-up), None where missing."""
    pairs = [(b, f) for b, f in people if b is not None and f is not None]
    missing = missing_counts((b is not None, f is not None) for b, f in people)
    n = len(pairs)
    withheld = n < SMALLEST_SHOWN
    change = None if withheld else paired_change(pairs)
    bands = (
        None
        if withheld
        else small_number_table(
            "change", band_counts(changes(pairs), meaningful, higher_is_better), band_labels
        )
    )
    return MeasureReport(
        n_both=n,
        withheld=withheld,
        change=change,
        bands=bands,
        missing=small_number_table("missing", missing, missing_labels),
        missing_total=sum(missing[k] for k in MISSING),
    )
