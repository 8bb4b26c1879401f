"""Social return on investment (SROI): the arithmetic, exactly. No Django.

For each outcome:

- impact in year 1 = quantity × financial proxy × (1 − deadweight)
  × (1 − attribution) × (1 − displacement);
- value in year t = impact × (1 − drop-off)^(t − 1), for t = 1 … duration;
- present value = Σ value_t ÷ (1 + r)^t. Every year is discounted, year 1
  included: the value is counted at the END of each year (the end-of-year
  convention), so £1,000 in year 1 at 3.5% is worth £966.18 today.

For the analysis: total present value (PV) = the sum over outcomes; net
present value (NPV) = PV − investment; SROI ratio = PV ÷ investment.

Rounding: every rate, power and sum is worked as an exact ``Fraction``; only a
figure that is shown is rounded, once, from its exact value: money to the
penny and the ratio to 2 decimal places, halves rounding up (ROUND_HALF_UP,
away from zero). So a total is the exact total rounded, which can be a penny
away from the sum of its rounded rows. The ratio is undefined (``None``) when
nothing was invested.

Percentages are given as numbers from 0 to 100 (``Decimal("3.5")`` is 3.5%).
"""

from collections.abc import Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from fractions import Fraction

PENNY = Decimal("0.01")
RATIO_PLACES = Decimal("0.01")
ZERO = Decimal("0.00")

# The limits every form and service uses.
MAX_DURATION = 10
MIN_DURATION = 1
MAX_DISCOUNT_RATE = Decimal("20")
# HM Treasury Green Book social time preference rate.
DEFAULT_DISCOUNT_RATE = Decimal("3.5")


class SroiError(ValueError):
    """An outcome or analysis outside the limits the arithmetic is defined for."""


@dataclass(frozen=True)
class Outcome:
    quantity: int  # people
    proxy: Decimal  # £ per person per year
    deadweight: Decimal  # % that would have happened anyway
    attribution: Decimal  # % owed to others
    displacement: Decimal  # % that only moved somewhere else
    drop_off: Decimal  # % lost each year after the first
    duration: int  # whole years


@dataclass(frozen=True)
class Analysis:
    outcomes: tuple[Outcome, ...]
    investment: Decimal
    discount_rate: Decimal = DEFAULT_DISCOUNT_RATE


@dataclass(frozen=True)
class OutcomeResult:
    impact: Decimal  # year 1, to the penny
    years: tuple[Decimal, ...]  # value in each year, not discounted, to the penny
    present_value: Decimal


@dataclass(frozen=True)
class Result:
    outcomes: tuple[OutcomeResult, ...]
    years: tuple[Decimal, ...]  # all outcomes' value in each year, not discounted
    discounted_years: tuple[Decimal, ...]  # the same, in today's money
    present_value: Decimal
    investment: Decimal
    net_present_value: Decimal
    ratio: Decimal | None  # £ of value for each £1; None when nothing was invested


def _pct(value: Decimal) -> Fraction:
    return Fraction(value) / 100


def _round(value: Fraction, places: Decimal) -> Decimal:
    """Exact half-up rounding (away from zero) of a fraction to ``places``."""
    scale = int(1 / places)
    scaled = abs(value) * scale
    whole, rest = divmod(scaled, 1)
    units = int(whole) + (1 if rest >= Fraction(1, 2) else 0)
    signed = -units if value < 0 else units
    return (Decimal(signed) / scale).quantize(places)


def check(outcome: Outcome) -> None:
    """Refuse an outcome the sums are not defined for (the forms say it in words)."""
    for name in ("deadweight", "attribution", "displacement", "drop_off"):
        value = getattr(outcome, name)
        if not Decimal(0) <= value <= Decimal(100):
            raise SroiError(f"{name} must be from 0 to 100, not {value}")
    if not MIN_DURATION <= outcome.duration <= MAX_DURATION:
        raise SroiError(f"duration must be from 1 to 10 years, not {outcome.duration}")
    if outcome.quantity < 0 or outcome.proxy < 0:
        raise SroiError("quantity and proxy cannot be negative")


def _exact_impact(o: Outcome) -> Fraction:
    return (
        o.quantity
        * Fraction(o.proxy)
        * (1 - _pct(o.deadweight))
        * (1 - _pct(o.attribution))
        * (1 - _pct(o.displacement))
    )


def _exact_years(o: Outcome) -> list[Fraction]:
    impact = _exact_impact(o)
    keep = 1 - _pct(o.drop_off)
    return [impact * keep ** (t - 1) for t in range(1, o.duration + 1)]


def _discounted(values: Sequence[Fraction], rate: Fraction) -> list[Fraction]:
    # Year t is divided by (1 + r)^t: value counted at the end of each year.
    return [v / (1 + rate) ** t for t, v in enumerate(values, start=1)]


def _exact(analysis: Analysis) -> tuple[list[list[Fraction]], list[list[Fraction]]]:
    if analysis.investment < 0:
        raise SroiError("the investment cannot be negative")
    if not Decimal(0) <= analysis.discount_rate <= MAX_DISCOUNT_RATE:
        raise SroiError(f"the discount rate must be from 0 to 20%, not {analysis.discount_rate}")
    for outcome in analysis.outcomes:
        check(outcome)
    rate = _pct(analysis.discount_rate)
    plain = [_exact_years(o) for o in analysis.outcomes]
    return plain, [_discounted(years, rate) for years in plain]


def exact_present_value(analysis: Analysis) -> Fraction:
    """Total present value, unrounded (for tests and break-even)."""
    _plain, discounted = _exact(analysis)
    return sum((sum(d, Fraction(0)) for d in discounted), Fraction(0))


def ratio_of(present_value: Fraction, investment: Decimal) -> Decimal | None:
    if investment <= 0:
        return None
    return _round(present_value / Fraction(investment), RATIO_PLACES)


def evaluate(analysis: Analysis) -> Result:
    plain, discounted = _exact(analysis)
    span = max((len(y) for y in plain), default=0)

    def by_year(rows: list[list[Fraction]]) -> tuple[Decimal, ...]:
        return tuple(
            _round(sum((r[t] for r in rows if t < len(r)), Fraction(0)), PENNY) for t in range(span)
        )

    total = sum((sum(d, Fraction(0)) for d in discounted), Fraction(0))
    investment = Fraction(analysis.investment)
    return Result(
        outcomes=tuple(
            OutcomeResult(
                impact=_round(_exact_impact(o), PENNY),
                years=tuple(_round(v, PENNY) for v in years),
                present_value=_round(sum(d, Fraction(0)), PENNY),
            )
            for o, years, d in zip(analysis.outcomes, plain, discounted, strict=True)
        ),
        years=by_year(plain),
        discounted_years=by_year(discounted),
        present_value=_round(total, PENNY),
        investment=analysis.investment.quantize(PENNY),
        net_present_value=_round(total - investment, PENNY),
        ratio=ratio_of(total, analysis.investment),
    )


# ----- Sensitivity: one assumption changed at a time ------------------------


@dataclass(frozen=True)
class Change:
    """One change to every outcome's assumptions; the defaults change nothing.

    Percentage points are added and the result kept within 0–100; years are
    added and kept within 1–10 (the limits an outcome may have); proxies are
    multiplied; a discount rate, when given, replaces the analysis's own.
    """

    deadweight: Decimal = ZERO
    attribution: Decimal = ZERO
    displacement: Decimal = ZERO
    drop_off: Decimal = ZERO
    duration: int = 0
    proxy_factor: Fraction = Fraction(1)
    discount_rate: Decimal | None = None


def _clamp(value: Decimal) -> Decimal:
    return min(Decimal(100), max(Decimal(0), value))


def _changed_proxy(proxy: Decimal, factor: Fraction) -> Decimal:
    exact = Fraction(proxy) * factor
    # A quarter more or less of a whole-penny proxy has at most 4 decimal
    # places, so it is held exactly; anything else would be rounded unseen.
    if (exact * 10**6).denominator != 1:
        raise SroiError("a proxy change must give an exact amount")
    return Decimal(exact.numerator) / Decimal(exact.denominator)


def apply(analysis: Analysis, change: Change) -> Analysis:
    outcomes = tuple(
        replace(
            o,
            deadweight=_clamp(o.deadweight + change.deadweight),
            attribution=_clamp(o.attribution + change.attribution),
            displacement=_clamp(o.displacement + change.displacement),
            drop_off=_clamp(o.drop_off + change.drop_off),
            duration=min(MAX_DURATION, max(MIN_DURATION, o.duration + change.duration)),
            proxy=_changed_proxy(o.proxy, change.proxy_factor),
        )
        for o in analysis.outcomes
    )
    rate = analysis.discount_rate if change.discount_rate is None else change.discount_rate
    return Analysis(outcomes=outcomes, investment=analysis.investment, discount_rate=rate)


@dataclass(frozen=True)
class Sensitivity:
    key: str  # what was changed and which way, e.g. "deadweight_up"
    change: Change
    present_value: Decimal
    net_present_value: Decimal
    ratio: Decimal | None


TEN = Decimal("10")

# The changes tested, in the order shown; each key names what changed and how.
CHANGES: tuple[tuple[str, Change], ...] = (
    ("deadweight_down", Change(deadweight=-TEN)),
    ("deadweight_up", Change(deadweight=TEN)),
    ("attribution_down", Change(attribution=-TEN)),
    ("attribution_up", Change(attribution=TEN)),
    ("displacement_down", Change(displacement=-TEN)),
    ("displacement_up", Change(displacement=TEN)),
    ("drop_off_down", Change(drop_off=-TEN)),
    ("drop_off_up", Change(drop_off=TEN)),
    ("duration_down", Change(duration=-1)),
    ("duration_up", Change(duration=1)),
    ("proxy_down", Change(proxy_factor=Fraction(3, 4))),
    ("proxy_up", Change(proxy_factor=Fraction(5, 4))),
    ("discount_zero", Change(discount_rate=Decimal("0"))),
    ("discount_six", Change(discount_rate=Decimal("6"))),
)


def sensitivity(
    analysis: Analysis, changes: Sequence[tuple[str, Change]] = CHANGES
) -> list[Sensitivity]:
    rows = []
    for key, change in changes:
        result = evaluate(apply(analysis, change))
        rows.append(
            Sensitivity(
                key=key,
                change=change,
                present_value=result.present_value,
                net_present_value=result.net_present_value,
                ratio=result.ratio,
            )
        )
    return rows


def break_even_proxy_fall(analysis: Analysis) -> Decimal | None:
    """How far (in %) every proxy could fall, all else the same, before the
    value is less than the investment: 1 − investment ÷ PV, rounded DOWN to a
    whole percent so the claim is never overstated. PV is proportional to the
    proxies, so this is exact. None when nothing was invested or no value."""
    present = exact_present_value(analysis)
    if analysis.investment <= 0 or present <= 0:
        return None
    fall = (1 - Fraction(analysis.investment) / present) * 100
    if fall <= 0:
        return Decimal(0)
    return Decimal(fall.numerator // fall.denominator)
