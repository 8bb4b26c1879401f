"""One JSON file holding a whole tender evaluation, so anyone can recompute the award.

An auditor, a bidder's lawyer or a member of the panel should be able to check
an award without our database or our word for it. The file holds the model
(weights, formula, minimums), every bid's price and consensus scores, and the
award as it was recorded. ``python -m withus.tendering.recompute FILE.json``
works the award out again and compares it. No Django here.

The shape (version 1)::

    {"format": "withus-evaluation", "version": 1,
     "tender": {"reference": "...", "title": "...", "model_version": 2},
     "model": {"price_weight": "40", "price_formula": "lowest_price", "panel_stake": "20",
               "max_score": 5, "abnormally_low_percent": "20", "estimated_cost": null,
               "criteria": [{"key": "Q1", "title": "...", "weight": "25",
                             "set_by": "commissioner", "minimum": 2}]},
     "bids": [{"key": "bid-1", "bidder": "...", "price": "95000.00",
               "excluded_reason": "", "scores": {"Q1": 4}}],
     "award": {"winner": "bid-1",
               "ranking": [{"key": "bid-1", "rank": 1, "total": "82.0000"}]}}

Money, weights and totals are written as strings ("95000.00"), never as bare
numbers, because a bare number with a decimal point is read as a binary float
by most JSON readers and can change by a fraction of a penny. Scores, ranks and
the top of the scale are whole numbers. ``minimum``, ``max_score``,
``abnormally_low_percent``, ``estimated_cost``, ``excluded_reason`` and an
excluded bid's ``scores`` may be left out and take their usual values; any
other field left out, or one the format does not have, is a problem. Every
problem names its place, like ``bids[2].price``, so it can be found and fixed.
"""

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import cast

from withus.tendering.award import (
    PRICE_FORMULAS,
    SET_BY,
    Award,
    BidEntry,
    BidResult,
    Criterion,
    Model,
    PriceFormula,
    SetBy,
)

__all__ = [
    "FORMAT",
    "VERSION",
    "EvaluationFileError",
    "Loaded",
    "RecordedAward",
    "RecordedPlace",
    "compare",
    "dump",
    "dumps",
    "load",
    "loads",
    "recorded",
]

FORMAT = "withus-evaluation"
VERSION = 1


class EvaluationFileError(ValueError):
    """The file cannot be read as an evaluation; ``problems`` says where and why."""

    def __init__(self, problems: Sequence[str]):
        self.problems = list(problems)
        super().__init__(" ".join(self.problems))


@dataclass(frozen=True)
class RecordedPlace:
    key: str
    rank: int
    total: Decimal


@dataclass(frozen=True)
class RecordedAward:
    """The award as the file records it: the winner and the ranked bids."""

    winner: str | None
    ranking: tuple[RecordedPlace, ...]


@dataclass(frozen=True)
class Loaded:
    model: Model
    bids: tuple[BidEntry, ...]
    recorded_award: RecordedAward
    tender: dict[str, object]


# --- writing ----------------------------------------------------------------------


def _text(value: Decimal) -> str:
    return format(value, "f")


def recorded(award: Award) -> RecordedAward:
    """What a file records of ``award``."""
    return RecordedAward(
        winner=award.winner,
        ranking=tuple(
            RecordedPlace(r.key, r.rank, r.total)
            for r in award.ranked
            if r.rank is not None and r.total is not None
        ),
    )


def dump(
    model: Model, bids: Sequence[BidEntry], award: Award, tender: Mapping[str, object]
) -> dict[str, object]:
    """The whole evaluation as a JSON-ready dict, decimals as strings."""
    cost = model.estimated_cost
    return {
        "format": FORMAT,
        "version": VERSION,
        "tender": dict(tender),
        "model": {
            "price_weight": _text(model.price_weight),
            "price_formula": model.price_formula,
            "panel_stake": _text(model.panel_stake),
            "max_score": model.max_score,
            "abnormally_low_percent": _text(model.abnormally_low_percent),
            "estimated_cost": None if cost is None else _text(cost),
            "criteria": [
                {
                    "key": c.key,
                    "title": c.title,
                    "weight": _text(c.weight),
                    "set_by": c.set_by,
                    "minimum": c.minimum,
                }
                for c in model.criteria
            ],
        },
        "bids": [
            {
                "key": b.key,
                "bidder": b.bidder,
                "price": _text(b.price),
                "excluded_reason": b.excluded_reason,
                "scores": dict(b.scores),
            }
            for b in bids
        ],
        "award": {
            "winner": award.winner,
            "ranking": [
                {"key": p.key, "rank": p.rank, "total": _text(p.total)}
                for p in recorded(award).ranking
            ],
        },
    }


def dumps(
    model: Model, bids: Sequence[BidEntry], award: Award, tender: Mapping[str, object]
) -> str:
    """The file's text: ``dump`` as indented UTF-8 JSON."""
    return json.dumps(dump(model, bids, award, tender), indent=2, ensure_ascii=False) + "\n"


# --- reading ----------------------------------------------------------------------

_MISSING = object()


def _kind(value: object) -> str:
    """What a JSON value is, in words."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, int | float | Decimal):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, Mapping):
        return "an object"
    if isinstance(value, list | tuple):
        return "a list"
    return type(value).__name__


class _Reader:
    """Reads fields, collecting every problem with its place instead of stopping."""

    def __init__(self) -> None:
        self.problems: list[str] = []

    def problem(self, place: str, message: str) -> None:
        self.problems.append(f"{place}: {message}")

    def mapping(self, value: object, place: str) -> Mapping[str, object] | None:
        if isinstance(value, Mapping):
            return cast(Mapping[str, object], value)
        self.problem(place, f"expected an object, not {_kind(value)}.")
        return None

    def fields(
        self,
        value: Mapping[str, object],
        place: str,
        required: Sequence[str],
        optional: Sequence[str] = (),
    ) -> None:
        prefix = f"{place}." if place else ""
        for name in required:
            if name not in value:
                self.problem(f"{prefix}{name}", "this field is missing.")
        for name in value:
            if name not in required and name not in optional:
                self.problem(f"{prefix}{name}", "this file format has no such field.")

    def text(self, value: Mapping[str, object], name: str, place: str, default: str = "") -> str:
        got = value.get(name, default)
        if isinstance(got, str):
            return got
        self.problem(f"{place}.{name}", f"expected text, not {_kind(got)}.")
        return default

    def choice(
        self, value: Mapping[str, object], name: str, place: str, allowed: Sequence[str]
    ) -> str:
        got = value.get(name, _MISSING)
        if got is _MISSING:
            return allowed[0]  # already reported as missing
        if got not in allowed:
            shown = repr(got) if isinstance(got, str) else _kind(got)
            self.problem(f"{place}.{name}", f"{shown} is not one of {', '.join(allowed)}.")
            return allowed[0]
        return cast(str, got)

    def decimal_value(self, got: object, place: str) -> Decimal | None:
        if isinstance(got, bool):
            self.problem(place, f"expected a number in quotes, not {_kind(got)}.")
        elif isinstance(got, int):
            return Decimal(got)  # whole numbers are exact, so they are allowed bare
        elif isinstance(got, float | Decimal):
            shown = str(got)
            self.problem(
                place,
                f'{shown} must be written in quotes, as "{shown}", so it is read exactly.',
            )
        elif isinstance(got, str):
            try:
                number = Decimal(got.strip())
            except InvalidOperation:
                number = None
            if number is not None and number.is_finite():
                return number
            self.problem(place, f"{got!r} is not a number.")
        else:
            self.problem(place, f"expected a number in quotes, not {_kind(got)}.")
        return None

    def decimal(self, value: Mapping[str, object], name: str, place: str) -> Decimal | None:
        got = value.get(name, _MISSING)
        if got is _MISSING:
            return None  # already reported as missing
        return self.decimal_value(got, f"{place}.{name}" if place else name)

    def whole_value(self, got: object, place: str) -> int | None:
        if isinstance(got, int) and not isinstance(got, bool):
            return got
        shown = str(got) if isinstance(got, int | float | Decimal) else _kind(got)
        self.problem(place, f"{shown} is not a whole number.")
        return None

    def whole(self, value: Mapping[str, object], name: str, place: str, default: int) -> int:
        got = value.get(name, _MISSING)
        if got is _MISSING:
            return default
        number = self.whole_value(got, f"{place}.{name}")
        return default if number is None else number

    def items(self, value: Mapping[str, object], name: str, place: str) -> list[object]:
        got = value.get(name, _MISSING)
        if got is _MISSING:
            return []  # already reported as missing
        if isinstance(got, list):
            return got
        self.problem(f"{place}.{name}" if place else name, f"expected a list, not {_kind(got)}.")
        return []


def _model(reader: _Reader, value: object) -> Model | None:
    model = reader.mapping(value, "model")
    if model is None:
        return None
    reader.fields(
        model,
        "model",
        required=("price_weight", "price_formula", "panel_stake", "criteria"),
        optional=("max_score", "abnormally_low_percent", "estimated_cost"),
    )
    criteria = []
    for i, item in enumerate(reader.items(model, "criteria", "model")):
        place = f"model.criteria[{i}]"
        criterion = reader.mapping(item, place)
        if criterion is None:
            continue
        reader.fields(
            criterion, place, required=("key", "title", "weight", "set_by"), optional=("minimum",)
        )
        criteria.append(
            Criterion(
                key=reader.text(criterion, "key", place),
                title=reader.text(criterion, "title", place),
                weight=reader.decimal(criterion, "weight", place) or Decimal(0),
                set_by=cast(SetBy, reader.choice(criterion, "set_by", place, SET_BY)),
                minimum=reader.whole(criterion, "minimum", place, 0),
            )
        )
    low = (
        reader.decimal(model, "abnormally_low_percent", "model")
        if "abnormally_low_percent" in model
        else Decimal("20")
    )
    cost = model.get("estimated_cost")
    return Model(
        price_weight=reader.decimal(model, "price_weight", "model") or Decimal(0),
        price_formula=cast(
            PriceFormula, reader.choice(model, "price_formula", "model", PRICE_FORMULAS)
        ),
        panel_stake=reader.decimal(model, "panel_stake", "model") or Decimal(0),
        criteria=tuple(criteria),
        max_score=reader.whole(model, "max_score", "model", 5),
        abnormally_low_percent=Decimal("20") if low is None else low,
        estimated_cost=None if cost is None else reader.decimal(model, "estimated_cost", "model"),
    )


def _bid(reader: _Reader, value: object, place: str) -> BidEntry | None:
    bid = reader.mapping(value, place)
    if bid is None:
        return None
    excluded_reason = reader.text(bid, "excluded_reason", place)
    # An excluded bid is not scored, so it need not have scores.
    scores_needed = () if excluded_reason else ("scores",)
    reader.fields(
        bid,
        place,
        required=("key", "bidder", "price", *scores_needed),
        optional=("excluded_reason", "scores"),
    )
    scores: dict[str, int] = {}
    given = reader.mapping(bid.get("scores", {}), f"{place}.scores")
    for key, score in (given or {}).items():
        number = reader.whole_value(score, f"{place}.scores.{key}")
        if number is not None:
            scores[key] = number
    return BidEntry(
        key=reader.text(bid, "key", place),
        bidder=reader.text(bid, "bidder", place),
        price=reader.decimal(bid, "price", place) or Decimal(0),
        scores=scores,
        excluded_reason=excluded_reason,
    )


def _award(reader: _Reader, value: object) -> RecordedAward:
    award = reader.mapping(value, "award")
    if award is None:
        return RecordedAward(None, ())
    reader.fields(award, "award", required=("winner", "ranking"))
    winner = award.get("winner")
    if winner is not None and not isinstance(winner, str):
        reader.problem("award.winner", f"expected a bid's key or null, not {_kind(winner)}.")
        winner = None
    places: list[RecordedPlace] = []
    seen: set[str] = set()
    for i, item in enumerate(reader.items(award, "ranking", "award")):
        place = f"award.ranking[{i}]"
        entry = reader.mapping(item, place)
        if entry is None:
            continue
        reader.fields(entry, place, required=("key", "rank", "total"))
        key = reader.text(entry, "key", place)
        if key in seen:
            reader.problem(f"{place}.key", f"{key} is already in the ranking.")
        seen.add(key)
        rank = reader.whole(entry, "rank", place, 0)
        if isinstance(entry.get("rank"), int) and rank < 1:
            reader.problem(f"{place}.rank", f"{rank} is not a rank; ranks start at 1.")
        total = reader.decimal(entry, "total", place)
        places.append(RecordedPlace(key, rank, total if total is not None else Decimal(0)))
    return RecordedAward(winner, tuple(places))


def load(document: Mapping[str, object]) -> Loaded:
    """Read an evaluation from a parsed JSON document.

    Raises ``EvaluationFileError`` listing every problem found, each starting
    with its place, e.g. "bids[2].price: '12,00' is not a number.". Whether
    the model and bids make sense as a tender (weights adding up to 100 and so
    on) is checked by ``compute_award``, not here.
    """
    reader = _Reader()
    if not isinstance(document, Mapping):
        raise EvaluationFileError([f"The file must hold one JSON object, not {_kind(document)}."])
    if document.get("format") != FORMAT:
        shown = repr(document.get("format")) if "format" in document else "missing"
        raise EvaluationFileError(
            [f"format: this is not a withus evaluation file (format is {shown}, not {FORMAT!r})."]
        )
    version = document.get("version", _MISSING)
    if version is _MISSING:
        raise EvaluationFileError(["version: this field is missing."])
    if version != VERSION or isinstance(version, bool):
        raise EvaluationFileError([f"version: this reads version {VERSION} files, not {version}."])
    reader.fields(document, "", required=("format", "version", "tender", "model", "bids", "award"))
    tender = reader.mapping(document.get("tender", {}), "tender")
    model = _model(reader, document.get("model", {}))
    bids = [
        _bid(reader, item, f"bids[{i}]")
        for i, item in enumerate(reader.items(document, "bids", ""))
    ]
    award = _award(reader, document.get("award", {}))
    if reader.problems or model is None:
        raise EvaluationFileError(reader.problems)
    return Loaded(
        model=model,
        bids=tuple(b for b in bids if b is not None),
        recorded_award=award,
        tender=dict(tender or {}),
    )


def _no_constants(name: str) -> object:
    raise ValueError(f"{name} is not a number JSON allows")


def loads(text: str) -> Loaded:
    """Read an evaluation from the file's text.

    Bare numbers with a decimal point are read as exact ``Decimal`` so that
    ``load`` can point to them; NaN and Infinity are not JSON and are refused.
    """
    try:
        document = json.loads(text, parse_float=Decimal, parse_constant=_no_constants)
    except (json.JSONDecodeError, ValueError) as error:
        raise EvaluationFileError([f"The file is not valid JSON: {error}."]) from error
    return load(document)


# --- comparing ----------------------------------------------------------------------


def _named(key: str | None, results: Mapping[str, BidResult]) -> str:
    if key is None:
        return "no single winner"
    return f"{key} ({results[key].bidder})" if key in results else key


def _why_not_ranked(result: BidResult) -> str:
    if result.status == "excluded":
        return "the commissioner excluded it"
    return f"it scored below the minimum on {', '.join(result.failed)}"


def compare(recorded: RecordedAward, award: Award) -> list[str]:
    """How the recorded award differs from ``award``, one sentence each; [] if it matches.

    The winner, and each ranked bid's rank and total, must be the same. Totals
    are compared as numbers, so "82.0000" matches "82.0".
    """
    results = {r.key: r for r in award.results}
    differences = []
    if recorded.winner != award.winner:
        differences.append(
            f"Winner: the file records {_named(recorded.winner, results)}, but this "
            f"calculation gives {_named(award.winner, results)}."
        )
    places = {p.key: p for p in recorded.ranking}
    for result in award.results:
        place = places.get(result.key)
        name = _named(result.key, results)
        if result.status == "ranked":
            if place is None:
                differences.append(
                    f"{name}: this calculation ranks it {result.rank} with {result.total}, "
                    "but the file does not rank it."
                )
            elif (place.rank, place.total) != (result.rank, result.total):
                differences.append(
                    f"{name}: the file records rank {place.rank} with a total of "
                    f"{place.total}, but this calculation gives rank {result.rank} with "
                    f"{result.total}."
                )
        elif place is not None:
            differences.append(
                f"{name}: the file ranks it {place.rank} with a total of {place.total}, but "
                f"this calculation does not rank it: {_why_not_ranked(result)}."
            )
    for place in recorded.ranking:
        if place.key not in results:
            differences.append(
                f"{place.key}: the file ranks it {place.rank}, but there is no bid with that key."
            )
    return differences
