"""The arithmetic of a tender award: question scores, price marks, the ranking and the winner.

A commissioner buying a public service sets out, before any bid arrives, how
bids will be judged: a weight for price and a weight for each question, in
percentage points that add up to 100. Some questions are set and scored by the
lived-experience panel (people who use or have used the service); together
they carry the panel's stake. This module turns the agreed consensus scores and
the prices into an award that anyone can check by hand. No Django here.

Every number that is shown is worked to 4 places, rounding halves up
(``PLACES``). The sums are done with exact fractions first and rounded once, so
there are no binary floats and no hidden rounding; a total is then the sum of
its already-rounded parts, so the working on the page adds up exactly and a
person with a calculator gets the same answer.

Question scores
    A question's weighted score is its weight times the score divided by the
    top of the scale: 4 out of 5 on a 15% question is 15 x 4 / 5 = 12.0000.
    A question can have a minimum acceptable score. A bid that scores below a
    minimum on any question has failed: it is shown, but not priced or ranked.

Price
    Only the bids that passed every minimum take part, so a failed bid cannot
    move anyone else's price marks.

    - lowest price: the lowest price gets the full price weight; every other
      bid gets lowest price / its price x the price weight.
    - mean deviation: a price equal to the average gets the full price weight;
      one further from the average, above or below, loses marks in proportion:
      price weight x (1 - distance from the average / the average), never
      below 0. So a very low price gains nothing over one at the average.

    With a price weight of 0 every bid gets 0 price marks.

Ranking and ties
    The total is quality (the commissioner's questions) + panel (the panel's
    questions) + price. The highest total wins. If totals are equal the higher
    quality and panel together wins, then the higher panel score, then the
    lower price. If bids are equal on all of those they share the place
    (ranks 1, 1, 3) and there is no winner: the commissioner must decide and
    record why. Nothing here is ever decided by the order the bids came in.

Abnormally low prices
    Public buyers must ask a bidder to explain a price that looks too low to
    deliver the service. A bid is flagged when its price is more than the
    model's percentage (20% unless set) below the average price of the other
    bids that were not excluded, or below the commissioner's estimated cost.
    The flag is shown, never acted on here.

Robustness
    ``robustness`` says how far each weight would have to move before a
    different bid would win, so people can see whether the award hangs on a
    judgement about weights. See its docstring.
"""

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from fractions import Fraction
from typing import Literal

__all__ = [
    "LOWEST_PRICE_RULE",
    "MEAN_DEVIATION_RULE",
    "PLACES",
    "PRICE_FORMULAS",
    "SET_BY",
    "TIE_RULE",
    "Award",
    "AwardRefused",
    "BidEntry",
    "BidResult",
    "Criterion",
    "CriterionResult",
    "Model",
    "PriceFormula",
    "Sensitivity",
    "SetBy",
    "Spread",
    "Status",
    "bid_problems",
    "compute_award",
    "model_problems",
    "money",
    "plain_number",
    "price_rule",
    "robustness",
    "spread",
]

PriceFormula = Literal["lowest_price", "mean_deviation"]
SetBy = Literal["commissioner", "panel"]
Status = Literal["ranked", "failed_threshold", "excluded"]

PRICE_FORMULAS: tuple[PriceFormula, ...] = ("lowest_price", "mean_deviation")
SET_BY: tuple[SetBy, ...] = ("commissioner", "panel")

PLACES = Decimal("0.0001")  # every score is worked to 4 places, ROUND_HALF_UP
_SCORE_PLACES = 4
_MONEY_PLACES = 2
_WEIGHT_PLACES = 2  # robustness answers, in percentage points
_TOP_SCALE = 10
ZERO = Decimal("0.0000")

LOWEST_PRICE_RULE = (
    "The lowest price among the bids that passed every minimum score gets the full price "
    "marks; every other bid gets lowest price ÷ its price × the price weight."
)
MEAN_DEVIATION_RULE = (
    "A price equal to the average price of the bids that passed every minimum score gets "
    "the full price marks. A price further from the average, above or below, loses marks "
    "in proportion: it gets the price weight × (1 − its distance from the average ÷ the "
    "average), and never less than 0. So a very low price gains nothing over a price at "
    "the average."
)
TIE_RULE = (
    "The bid with the highest total wins. If totals are equal, the bid with the higher "
    "quality and panel scores added together wins; if those are equal too, the higher "
    "panel score; then the lower price. Bids that are still equal after all of that share "
    "the place, and the commissioner must decide between them and record why."
)


class AwardRefused(ValueError):
    """The model or the bids have problems, so no award can be worked out.

    ``problems`` holds every problem found, each a sentence people can act on.
    """

    def __init__(self, problems: Sequence[str]):
        self.problems = list(problems)
        super().__init__(" ".join(self.problems))


# --- what goes in -------------------------------------------------------------


@dataclass(frozen=True)
class Criterion:
    """One question bids are scored on."""

    key: str  # e.g. "Q1"
    title: str
    weight: Decimal  # percentage points of the whole decision, e.g. Decimal("15")
    set_by: SetBy  # "panel" = set and scored by the lived-experience panel
    minimum: int = 0  # minimum acceptable consensus score; below it the bid fails


@dataclass(frozen=True)
class Model:
    """How bids are judged, fixed before any bid is opened."""

    price_weight: Decimal
    price_formula: PriceFormula
    panel_stake: Decimal  # the lived-experience panel's share of the whole, e.g. 20
    criteria: tuple[Criterion, ...]
    max_score: int = 5  # scores go from 0 to max_score
    abnormally_low_percent: Decimal = Decimal("20")
    estimated_cost: Decimal | None = None


@dataclass(frozen=True)
class BidEntry:
    """One bid, with the consensus score agreed for each question."""

    key: str  # stable id, e.g. "bid-12"
    bidder: str  # organisation name
    price: Decimal
    scores: Mapping[str, int]  # consensus score per criterion key
    excluded_reason: str = ""  # non-empty: excluded by the commissioner (not scored or ranked)

    @property
    def excluded(self) -> bool:
        return bool(self.excluded_reason)


# --- what comes out -----------------------------------------------------------


@dataclass(frozen=True)
class CriterionResult:
    key: str
    title: str
    set_by: SetBy
    weight: Decimal
    score: int
    max_score: int
    weighted: Decimal  # weight x score / max_score, to 4 places
    minimum: int
    passed: bool  # score >= minimum
    working: str  # e.g. "4 out of 5 × 15% = 12.0000"


@dataclass(frozen=True)
class BidResult:
    key: str
    bidder: str
    price: Decimal
    status: Status
    excluded_reason: str
    failed: tuple[str, ...]  # keys of the questions scored below their minimum
    criteria: tuple[CriterionResult, ...]  # empty for an excluded bid
    quality_score: Decimal  # sum of the commissioner's questions' weighted scores
    panel_score: Decimal  # sum of the panel's questions' weighted scores
    price_score: Decimal | None  # None unless ranked
    price_working: str
    total: Decimal | None  # None unless ranked
    total_working: str
    rank: int | None
    abnormally_low: bool
    abnormally_low_reason: str

    @property
    def quality_and_panel(self) -> Decimal:
        return self.quality_score + self.panel_score


@dataclass(frozen=True)
class Award:
    results: tuple[BidResult, ...]  # ranked bids by rank, then failed, then excluded
    winner: str | None  # key of the single top bid; None if none qualifies or first is tied
    tied_keys: tuple[str, ...]  # bids sharing first place when the tie rule cannot split them
    tie_rule: str
    price_rule: str
    mean_price: Decimal | None  # average qualifying price, to the penny (mean deviation only)
    lowest_price: Decimal | None  # lowest qualifying price

    @property
    def ranked(self) -> tuple[BidResult, ...]:
        return tuple(r for r in self.results if r.status == "ranked")

    def result(self, key: str) -> BidResult:
        """The result for the bid with this key."""
        for result in self.results:
            if result.key == key:
                return result
        raise KeyError(key)


@dataclass(frozen=True)
class Sensitivity:
    """How far one weight could move, each way, before a different bid would win.

    ``down_to``/``up_to`` are the weight, in percent to 2 places, at which the
    winner would change; None if it never changes that way. ``*_winner`` is
    the key of the bid that would take over there.
    """

    key: str  # "price", a question's key, or "panel"
    label: str
    current: Decimal
    down_to: Decimal | None
    down_winner: str | None
    up_to: Decimal | None
    up_winner: str | None


@dataclass(frozen=True)
class Spread:
    """How far apart the evaluators' individual scores are, to guide moderation."""

    lowest: int | None
    highest: int | None
    range: int | None  # highest - lowest
    mean: Decimal | None  # to 2 places, halves up
    count: int
    median: Decimal | None = None  # to 1 place: the middle score, or halfway between two


# --- numbers in words -----------------------------------------------------------


def _round(value: Fraction, places: int) -> Decimal:
    """``value`` to ``places`` decimal places, halves away from zero, exactly."""
    scaled = value * 10**places
    whole = (2 * abs(scaled.numerator) + scaled.denominator) // (2 * scaled.denominator)
    sign = 1 if scaled < 0 and whole else 0
    return Decimal((sign, tuple(int(digit) for digit in str(whole)), -places))


def _score(value: Fraction) -> Decimal:
    return _round(value, _SCORE_PLACES)


def plain_number(value: Decimal) -> str:
    """A number without trailing zeros: 95, 12.5."""
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text


def money(amount: Decimal | Fraction) -> str:
    """Pounds to the penny with thousands separated: £1,234.56."""
    pounds = _round(Fraction(amount), _MONEY_PLACES)
    return f"-£{-pounds:,.2f}" if pounds < 0 else f"£{pounds:,.2f}"


def _percent(value: Decimal) -> str:
    return f"{plain_number(value)}%"


def _is_number(value: object) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, int):
        return True
    return isinstance(value, Decimal) and value.is_finite()


def _is_whole(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _natural(key: str) -> tuple[tuple[object, ...], str]:
    """Sort "bid-2" before "bid-10"; the key itself settles "bid-01" against "bid-1"."""
    parts = re.split(r"(\d+)", key)
    return tuple(int(p) if i % 2 else p for i, p in enumerate(parts)), key


def _who(bid: BidEntry) -> str:
    return bid.bidder.strip() or bid.key


# --- checking the model and the bids -----------------------------------------


def model_problems(model: Model) -> list[str]:
    """Everything wrong with the model, each a sentence saying what to change.

    The weights (price plus every question) must add up to exactly 100%; the
    panel's questions must carry exactly the panel's stake (so a stake above 0
    needs at least one panel question); every question carries more than 0%;
    the price weight may be 0 but not below; the scale tops out at 1 to 10;
    each minimum is on the scale; question keys are unique and there is at
    least one question; the abnormally low percentage is 0 to 100; and an
    estimated cost, if given, is more than £0.00.
    """
    problems: list[str] = []
    criteria = model.criteria
    weights_known = _is_number(model.price_weight) and all(_is_number(c.weight) for c in criteria)
    if not criteria:
        problems.append("There are no questions. Add at least one question to score bids on.")
    if weights_known:
        total = model.price_weight + sum((c.weight for c in criteria), Decimal(0))
        if total != 100:
            problems.append(f"The weights add up to {_percent(total)}. They must add up to 100%.")
    if weights_known and _is_number(model.panel_stake):
        panel = sum((c.weight for c in criteria if c.set_by == "panel"), Decimal(0))
        if panel != model.panel_stake:
            problems.append(
                f"The panel's questions carry {_percent(panel)} but the panel's stake is "
                f"{_percent(model.panel_stake)}. Make them the same."
            )

    if not _is_number(model.price_weight):
        problems.append("The price weight must be a number.")
    elif model.price_weight < 0:
        problems.append(
            f"The price weight is {_percent(model.price_weight)}. It cannot be below 0%."
        )
    if model.price_formula not in PRICE_FORMULAS:
        problems.append(
            f"The price formula {model.price_formula!r} is not one this service knows. "
            "Use lowest_price or mean_deviation."
        )
    if not _is_number(model.panel_stake):
        problems.append("The panel's stake must be a number.")
    elif model.panel_stake < 0:
        problems.append(
            f"The panel's stake is {_percent(model.panel_stake)}. It cannot be below 0%."
        )
    top_known = _is_whole(model.max_score) and 1 <= model.max_score <= _TOP_SCALE
    if not top_known:
        problems.append(
            f"The top of the scoring scale is {model.max_score}. "
            f"It must be a whole number from 1 to {_TOP_SCALE}."
        )

    seen: set[str] = set()
    for criterion in criteria:
        key = criterion.key
        named = key.strip() != ""
        name = key if named else f"the question {criterion.title!r}"
        subject = key if named else f"The question {criterion.title!r}"
        if not named:
            problems.append(
                f"The question {criterion.title!r} has no key. Give every question a short "
                "key, like Q1."
            )
        elif key in seen:
            problems.append(f"Two questions have the key {key}. Give each question its own key.")
        seen.add(key)
        if criterion.set_by not in SET_BY:
            problems.append(
                f"{subject} is set by {criterion.set_by!r}. A question is set by the "
                "commissioner or the panel."
            )
        if not _is_number(criterion.weight):
            problems.append(f"The weight for {name} must be a number.")
        elif criterion.weight <= 0:
            problems.append(
                f"{subject} carries {_percent(criterion.weight)}. Every question must carry "
                "more than 0%."
            )
        if not _is_whole(criterion.minimum):
            problems.append(f"The minimum score for {name} must be a whole number.")
        elif criterion.minimum < 0 or (top_known and criterion.minimum > model.max_score):
            problems.append(
                f"The minimum score for {name} is {criterion.minimum}, but scores go from 0 "
                f"to {model.max_score}."
            )

    low = model.abnormally_low_percent
    if not _is_number(low) or not 0 <= low <= 100:
        shown = _percent(low) if _is_number(low) else repr(low)
        problems.append(f"The abnormally low threshold is {shown}. It must be from 0% to 100%.")
    cost = model.estimated_cost
    if cost is not None and (not _is_number(cost) or cost <= 0):
        shown = money(cost) if _is_number(cost) else repr(cost)
        problems.append(
            f"The estimated cost is {shown}. Leave it blank or give an amount above £0.00."
        )
    return problems


def bid_problems(model: Model, bids: Sequence[BidEntry]) -> list[str]:
    """Everything wrong with the bids, naming the bidder and the question.

    Each bid needs its own key and a bidder's name. A bid that is not excluded
    needs a price above £0.00 and a whole-number score on the scale for every
    question, and no scores for anything else. An excluded bid's scores are not
    looked at and its price is never used, so it may be £0.00 (a bid can be
    excluded for giving no price) but not below.
    """
    problems: list[str] = []
    keys = [c.key for c in model.criteria]
    top = model.max_score
    first_with_key: dict[str, BidEntry] = {}
    for bid in bids:
        who = _who(bid)
        if not bid.key.strip():
            problems.append(f"The bid from {who} has no key. Every bid needs its own key.")
        elif bid.key in first_with_key:
            problems.append(
                f"Two bids have the key {bid.key} ({_who(first_with_key[bid.key])} and {who}). "
                "Every bid needs its own key."
            )
        else:
            first_with_key[bid.key] = bid
        if not bid.bidder.strip():
            problems.append(f"Bid {bid.key} has no bidder's name.")
        if not _is_number(bid.price):
            problems.append(f"{who} gave a price of {bid.price!r}, which is not a number.")
        elif bid.excluded:
            # Its price is never used, and "no price given" is itself a reason to exclude.
            if bid.price < 0:
                problems.append(
                    f"{who} gave a price of {money(bid.price)}. A price cannot be below £0.00."
                )
        elif bid.price <= 0:
            problems.append(
                f"{who} gave a price of {money(bid.price)}. A price must be more than £0.00."
            )
        if bid.excluded:
            continue
        for key in keys:
            if key not in bid.scores:
                problems.append(f"{who} has no score for {key}.")
                continue
            score = bid.scores[key]
            if not _is_whole(score):
                problems.append(f"{who} scored {score} on {key}. Scores must be whole numbers.")
            elif not 0 <= score <= top:
                problems.append(f"{who} scored {score} on {key}. Scores go from 0 to {top}.")
        for key in bid.scores:
            if key not in keys:
                problems.append(f"{who} has a score for {key}, which is not one of the questions.")
    return problems


# --- the award ------------------------------------------------------------------


def price_rule(model: Model) -> str:
    """The tender's price formula in plain English."""
    rule = LOWEST_PRICE_RULE if model.price_formula == "lowest_price" else MEAN_DEVIATION_RULE
    if model.price_weight == 0:
        rule += " In this tender price carries no weight, so every bid gets 0 price marks."
    return rule


def _criterion_results(model: Model, bid: BidEntry) -> tuple[CriterionResult, ...]:
    results = []
    for c in model.criteria:
        score = bid.scores[c.key]
        weighted = _score(Fraction(c.weight) * score / model.max_score)
        passed = score >= c.minimum
        working = f"{score} out of {model.max_score} × {_percent(c.weight)} = {weighted}"
        if not passed:
            working += f" (below the minimum of {c.minimum})"
        results.append(
            CriterionResult(
                key=c.key,
                title=c.title,
                set_by=c.set_by,
                weight=c.weight,
                score=score,
                max_score=model.max_score,
                weighted=weighted,
                minimum=c.minimum,
                passed=passed,
                working=working,
            )
        )
    return tuple(results)


def _price_fractions(model: Model, qualifying: Sequence[BidEntry]) -> dict[str, Fraction]:
    """Each qualifying bid's share of the price weight, unrounded (0 to 1)."""
    prices = {b.key: Fraction(b.price) for b in qualifying}
    if not prices:
        return {}
    if model.price_formula == "lowest_price":
        lowest = min(prices.values())
        return {key: lowest / price for key, price in prices.items()}
    mean = sum(prices.values(), Fraction(0)) / len(prices)
    return {key: max(Fraction(0), 1 - abs(price - mean) / mean) for key, price in prices.items()}


def _price_working(
    model: Model, price: Fraction, fraction: Fraction, lowest: Fraction, mean: Fraction
) -> str:
    """The price marks worked out in words, e.g. "£90,000.00 (lowest) ÷ ..."."""
    weight = model.price_weight
    score = _score(Fraction(weight) * fraction)
    if weight == 0:
        return f"Price carries no weight in this tender: 0% = {score}"
    if model.price_formula == "lowest_price":
        return f"{money(lowest)} (lowest) ÷ {money(price)} × {_percent(weight)} = {score}"
    distance = abs(price - mean)
    bracket = f"(1 − {money(distance)} ÷ {money(mean)})"
    if distance == 0:
        opening = f"{money(price)} is the average price: "
    else:
        where = "above" if price > mean else "below"
        opening = f"{money(price)} is {money(distance)} {where} the average of {money(mean)}: "
    if distance > mean:
        return f"{opening}{bracket} is below 0, so 0 × {_percent(weight)} = {score}"
    return f"{opening}{bracket} × {_percent(weight)} = {score}"


def _shown_percent_below(below: Fraction, threshold: Decimal) -> str:
    """To 1 place, or more when 1 place would not show it is over the threshold."""
    places = 1
    shown = _round(below, places)
    while shown <= threshold and places < 6:
        places += 1
        shown = _round(below, places)
    return str(shown)


def _abnormally_low(
    model: Model, bid: BidEntry, all_prices: Fraction, count: int
) -> tuple[bool, str]:
    """Whether the price looks too low to deliver, and why, with the numbers.

    ``all_prices`` is the sum of the prices of the ``count`` bids not excluded,
    this one among them.
    """
    price = Fraction(bid.price)
    others = count - 1
    sentences = []
    if others:
        mean = (all_prices - price) / others
        threshold = model.abnormally_low_percent
        if price < mean * (1 - Fraction(threshold) / 100):
            below = _shown_percent_below((mean - price) / mean * 100, threshold)
            compared = (
                f"the other bid ({money(mean)})"
                if others == 1
                else f"the average of the other bids ({money(mean)})"
            )
            sentences.append(
                f"{money(price)} is {below}% below {compared}. "
                f"The rule flags a bid more than {_percent(threshold)} below."
            )
    cost = model.estimated_cost
    if cost is not None and price < cost:
        subject = "It is" if sentences else f"{money(price)} is"
        sentences.append(f"{subject} below the estimated cost of {money(cost)}.")
    return bool(sentences), " ".join(sentences)


def _tie_order(result: BidResult) -> tuple[Decimal, Decimal, Decimal, Decimal]:
    """Sorts best first by the tie rule: total, quality + panel, panel, then lower price."""
    assert result.total is not None  # only ranked results are ordered
    return (-result.total, -result.quality_and_panel, -result.panel_score, result.price)


def compute_award(model: Model, bids: Sequence[BidEntry]) -> Award:
    """Score, price and rank the bids, following the rules in the module docstring.

    Raises ``AwardRefused`` with every problem if the model or the bids have
    any (see ``model_problems`` and ``bid_problems``). The result does not
    depend on the order of ``bids``.
    """
    problems = model_problems(model) + bid_problems(model, bids)
    if problems:
        raise AwardRefused(problems)

    ordered = sorted(bids, key=lambda b: _natural(b.key))
    active = [b for b in ordered if not b.excluded]
    all_prices = sum((Fraction(b.price) for b in active), Fraction(0))
    scored = {b.key: _criterion_results(model, b) for b in active}
    qualifying = [b for b in active if all(r.passed for r in scored[b.key])]
    fractions = _price_fractions(model, qualifying)
    prices = [Fraction(b.price) for b in qualifying]
    lowest = min(prices, default=Fraction(0))
    mean = sum(prices, Fraction(0)) / len(prices) if prices else Fraction(0)

    priced: list[BidResult] = []
    failed: list[BidResult] = []
    excluded: list[BidResult] = []
    for bid in ordered:
        if bid.excluded:
            excluded.append(_excluded_result(bid))
            continue
        criteria = scored[bid.key]
        quality = sum((r.weighted for r in criteria if r.set_by == "commissioner"), ZERO)
        panel = sum((r.weighted for r in criteria if r.set_by == "panel"), ZERO)
        low, low_reason = _abnormally_low(model, bid, all_prices, len(active))
        below = tuple(r.key for r in criteria if not r.passed)
        if below:
            reasons = "; ".join(
                f"{r.key} scored {r.score}, below the minimum of {r.minimum}"
                for r in criteria
                if not r.passed
            )
            failed.append(
                BidResult(
                    key=bid.key,
                    bidder=bid.bidder,
                    price=bid.price,
                    status="failed_threshold",
                    excluded_reason="",
                    failed=below,
                    criteria=criteria,
                    quality_score=quality,
                    panel_score=panel,
                    price_score=None,
                    price_working="Not priced, because it did not pass every minimum score.",
                    total=None,
                    total_working=f"Not ranked: {reasons}.",
                    rank=None,
                    abnormally_low=low,
                    abnormally_low_reason=low_reason,
                )
            )
            continue
        price_score = _score(Fraction(model.price_weight) * fractions[bid.key])
        total = quality + panel + price_score
        priced.append(
            BidResult(
                key=bid.key,
                bidder=bid.bidder,
                price=bid.price,
                status="ranked",
                excluded_reason="",
                failed=(),
                criteria=criteria,
                quality_score=quality,
                panel_score=panel,
                price_score=price_score,
                price_working=_price_working(
                    model, Fraction(bid.price), fractions[bid.key], lowest, mean
                ),
                total=total,
                total_working=(
                    f"quality {quality} + panel {panel} + price {price_score} = {total}"
                ),
                rank=None,
                abnormally_low=low,
                abnormally_low_reason=low_reason,
            )
        )

    # sorted() is stable and ``priced`` is already in key order, so bids that
    # the tie rule cannot split stay in key order, sharing one rank.
    priced.sort(key=_tie_order)
    ranked: list[BidResult] = []
    for place, result in enumerate(priced):
        previous = ranked[-1] if ranked else None
        same = previous is not None and _tie_order(previous) == _tie_order(result)
        rank = previous.rank if same and previous is not None else place + 1
        ranked.append(replace(result, rank=rank))

    first = [r.key for r in ranked if r.rank == 1]
    shown_mean = None
    if model.price_formula == "mean_deviation" and prices:
        shown_mean = _round(mean, _MONEY_PLACES)
    return Award(
        results=(*ranked, *failed, *excluded),
        winner=first[0] if len(first) == 1 else None,
        tied_keys=tuple(first) if len(first) > 1 else (),
        tie_rule=TIE_RULE,
        price_rule=price_rule(model),
        mean_price=shown_mean,
        lowest_price=min((b.price for b in qualifying), default=None),
    )


def _excluded_result(bid: BidEntry) -> BidResult:
    reason = bid.excluded_reason
    return BidResult(
        key=bid.key,
        bidder=bid.bidder,
        price=bid.price,
        status="excluded",
        excluded_reason=reason,
        failed=(),
        criteria=(),
        quality_score=ZERO,
        panel_score=ZERO,
        price_score=None,
        price_working="Not priced, because the commissioner excluded it.",
        total=None,
        total_working=f"Not ranked: the commissioner excluded it. Reason: {reason}",
        rank=None,
        abnormally_low=False,
        abnormally_low_reason="",
    )


# --- robustness -----------------------------------------------------------------


def _crossing(gap: Fraction, closing: Fraction, limit: Fraction) -> Fraction | None:
    """How far the weight moves before a bid ``gap`` behind closing at ``closing`` per
    point catches up (gap >= 0 means level or ahead already), or None within ``limit``."""
    if gap > 0 or (gap == 0 and closing >= 0):
        return Fraction(0)
    if closing > 0 and -gap / closing <= limit:
        return -gap / closing
    return None


def robustness(model: Model, bids: Sequence[BidEntry]) -> list[Sensitivity]:
    """How far each weight could move, up and down, before a different bid would win.

    The weights looked at are price (if it carries any weight), each question,
    and the panel's questions together (if the panel has a stake). Moving a
    weight w to w + d gives it the new value (for the panel, each of its
    questions in proportion to its weight now) and shrinks or grows every
    other weight by the same factor, (100 - w - d) / (100 - w), so they still
    add up to 100. A weight of 100 cannot move: both answers are None.

    This works with unrounded fractions: each qualifying bid's share of each
    question (score / top score) and of price (its unrounded price marks /
    price weight). Which bids qualify and their price shares do not depend on
    the weights, so each bid's total is a straight line in d and the crossings
    are exact. The winner changes at the first d, going up towards 100 - w or
    down towards -w, where another qualifying bid's total reaches the winner's:
    a tie counts as a change, because then the tie rule, not the weights,
    decides. If several bids get there at the same point, the one ranked
    higher now takes over.

    Returns [] when there is no single winner or fewer than two qualifying bids.
    Raises ``AwardRefused`` like ``compute_award``.
    """
    award = compute_award(model, bids)
    ranked = award.ranked
    if award.winner is None or len(ranked) < 2:
        return []
    by_key = {b.key: b for b in bids}
    entries = [by_key[r.key] for r in ranked]
    price_share = _price_fractions(model, entries)

    # The parts of a total, by position: each question in turn, then price last
    # (by position, so a question with the key "price" cannot be mistaken for it).
    weights = [Fraction(c.weight) for c in model.criteria] + [Fraction(model.price_weight)]
    price_part = len(model.criteria)
    # Each bid's points from each part at today's weights, unrounded, and in all.
    points = {
        b.key: [
            *(
                weights[i] * Fraction(b.scores[c.key], model.max_score)
                for i, c in enumerate(model.criteria)
            ),
            weights[price_part] * price_share[b.key],
        ]
        for b in entries
    }
    totals = {key: sum(parts, Fraction(0)) for key, parts in points.items()}

    items: list[tuple[str, str, Decimal, tuple[int, ...]]] = []
    if model.price_weight > 0:
        items.append(("price", "Price", model.price_weight, (price_part,)))
    items.extend(
        (c.key, f"{c.key} {c.title}", c.weight, (i,)) for i, c in enumerate(model.criteria)
    )
    if model.panel_stake > 0:
        panel = tuple(i for i, c in enumerate(model.criteria) if c.set_by == "panel")
        items.append(("panel", "Lived-experience panel's stake", model.panel_stake, panel))

    winner = award.winner
    answers = []
    for key, label, current, parts in items:
        w = sum((weights[p] for p in parts), Fraction(0))
        if w == 100:
            answers.append(Sensitivity(key, label, current, None, None, None, None))
            continue
        # A bid's total at w + d is its total now + d x slope, where the moving
        # parts gain 1/w of their points per point of weight and the rest lose
        # 1/(100 - w) of theirs.
        line = {}
        for bid_key, bid_points in points.items():
            moving = sum((bid_points[p] for p in parts), Fraction(0))
            rest = totals[bid_key] - moving
            line[bid_key] = (totals[bid_key], moving / w - rest / (100 - w))
        top_now, top_slope = line[winner]
        up: tuple[Fraction, str] | None = None
        down: tuple[Fraction, str] | None = None
        for result in ranked:  # best first, so on equal distances the higher ranked stays
            if result.key == winner:
                continue
            now, slope = line[result.key]
            gap, closing = now - top_now, slope - top_slope
            rise = _crossing(gap, closing, 100 - w)
            if rise is not None and (up is None or rise < up[0]):
                up = (rise, result.key)
            fall = _crossing(gap, -closing, w)
            if fall is not None and (down is None or fall < down[0]):
                down = (fall, result.key)
        answers.append(
            Sensitivity(
                key=key,
                label=label,
                current=current,
                down_to=None if down is None else _round(w - down[0], _WEIGHT_PLACES),
                down_winner=None if down is None else down[1],
                up_to=None if up is None else _round(w + up[0], _WEIGHT_PLACES),
                up_winner=None if up is None else up[1],
            )
        )
    return answers


# --- moderation -------------------------------------------------------------------


def spread(scores: Sequence[int]) -> Spread:
    """The lowest, highest, range, mean and median of evaluators' scores for one question.

    A wide range tells the moderator where the evaluators need to talk before
    agreeing a consensus score. No scores gives a count of 0 and None for the rest.
    """
    values = list(scores)
    for value in values:
        if not _is_whole(value):
            raise TypeError(f"A score must be a whole number, not {value!r}.")
    if not values:
        return Spread(lowest=None, highest=None, range=None, mean=None, count=0, median=None)
    ordered = sorted(values)
    middle = Fraction(ordered[(len(values) - 1) // 2] + ordered[len(values) // 2], 2)
    return Spread(
        lowest=ordered[0],
        highest=ordered[-1],
        range=ordered[-1] - ordered[0],
        mean=_round(Fraction(sum(values), len(values)), 2),
        count=len(values),
        median=_round(middle, 1),
    )
