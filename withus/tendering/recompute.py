"""Work a tender award out again from its evaluation file and say whether it matches.

    python -m withus.tendering.recompute evaluation.json

Needs only Python and this package: no database, no Django, no settings. It
prints the model, the ranking with each bid's quality, panel, price and total,
and the winner, then compares them with the award recorded in the file.

Exit status
    0  the recorded award matches this calculation
    1  it does not; each difference is printed
    2  the file cannot be read, is not valid JSON, has problems, or describes
       a tender that cannot be scored; each problem is printed (on stderr)
"""

import argparse
import sys
import textwrap
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TextIO

from withus.tendering.award import (
    Award,
    AwardRefused,
    BidResult,
    Model,
    compute_award,
    money,
    plain_number,
)
from withus.tendering.evaluation_file import EvaluationFileError, Loaded, compare, loads

__all__ = ["main", "report"]

MATCHES = "The recorded award matches this calculation."
DIFFERS = "The recorded award does not match this calculation:"
_WIDTH = 88


def _tender_line(tender: Mapping[str, object]) -> str:
    reference, title = tender.get("reference"), tender.get("title")
    named = " ".join(str(part) for part in (reference, title) if part) or "(no reference)"
    version = tender.get("model_version")
    return f"Tender: {named}" + (f" (model version {version})" if version is not None else "")


def _model_lines(model: Model) -> list[str]:
    formula = "lowest price" if model.price_formula == "lowest_price" else "mean deviation"
    lines = [
        f"Price: {plain_number(model.price_weight)}% ({formula}). "
        f"Lived-experience panel's stake: {plain_number(model.panel_stake)}%. "
        f"Scores from 0 to {model.max_score}.",
    ]
    low = (
        f"Abnormally low: more than {plain_number(model.abnormally_low_percent)}% below "
        "the average of the other bids"
    )
    if model.estimated_cost is not None:
        low += f", or below the estimated cost of {money(model.estimated_cost)}"
    lines.append(low + ".")
    lines.append("Questions:")
    key_width = max(len(c.key) for c in model.criteria)
    title_width = max(len(c.title) for c in model.criteria)
    for c in model.criteria:
        lines.append(
            f"  {c.key:<{key_width}}  {c.title:<{title_width}}  {plain_number(c.weight):>5}%  "
            f"{c.set_by:<12}  minimum {c.minimum}"
        )
    return lines


def _ranking_lines(award: Award) -> list[str]:
    ranked = award.ranked
    if not ranked:
        return ["No bid passed every minimum score, so none is ranked."]
    width = max(len("Bidder"), *(len(r.bidder) for r in ranked))
    lines = [f"{'Rank':>4}  {'Bidder':<{width}}  {'Quality':>8}  {'Panel':>8}  {'Price':>8}  Total"]
    for r in ranked:
        lines.append(
            f"{r.rank:>4}  {r.bidder:<{width}}  {r.quality_score:>8}  {r.panel_score:>8}  "
            f"{r.price_score:>8}  {r.total}"
        )
    return lines


def _not_ranked_line(result: BidResult) -> str:
    if result.status == "excluded":
        return f"  {result.bidder} ({result.key}): excluded. {result.excluded_reason}"
    below = "; ".join(
        f"{c.key} scored {c.score}, below the minimum of {c.minimum}"
        for c in result.criteria
        if not c.passed
    )
    return f"  {result.bidder} ({result.key}): {below}."


def _winner_line(award: Award) -> str:
    if award.winner is not None:
        return f"Winner: {award.result(award.winner).bidder} ({award.winner})."
    if award.tied_keys:
        names = " and ".join(f"{award.result(k).bidder} ({k})" for k in award.tied_keys)
        return (
            f"No single winner: {names} share first place under the tie rule. "
            "The commissioner must decide between them and record why."
        )
    return "No winner: no bid passed every minimum score."


def report(loaded: Loaded, award: Award) -> list[str]:
    """The lines printed for a file that could be scored, before the comparison."""
    lines = [_tender_line(loaded.tender), *_model_lines(loaded.model), ""]
    for name, rule in (("Price rule", award.price_rule), ("Tie rule", award.tie_rule)):
        lines += textwrap.wrap(f"{name}: {rule}", width=_WIDTH, subsequent_indent="  ")
    lines.append("")
    lines += _ranking_lines(award)
    not_ranked = [r for r in award.results if r.status != "ranked"]
    if not_ranked:
        lines += ["", "Not ranked:", *(_not_ranked_line(r) for r in not_ranked)]
    flagged = [r for r in award.results if r.abnormally_low]
    if flagged:
        lines += ["", "Abnormally low prices, to be explained by the bidder:"]
        for r in flagged:
            lines += textwrap.wrap(
                f"{r.bidder} ({r.key}): {r.abnormally_low_reason}",
                width=_WIDTH,
                initial_indent="  ",
                subsequent_indent="    ",
            )
    return [*lines, "", _winner_line(award)]


def _fail(heading: str, problems: Sequence[str], err: TextIO) -> int:
    print(heading, file=err)
    for problem in problems:
        print(f"  - {problem}", file=err)
    return 2


def main(argv: Sequence[str] | None = None) -> int:
    """Recompute the award in the file named in ``argv``; returns the exit status."""
    parser = argparse.ArgumentParser(
        prog="python -m withus.tendering.recompute",
        description="Work a tender award out again from its evaluation file and compare it.",
    )
    parser.add_argument("file", help="the evaluation file (JSON)")
    try:
        arguments = parser.parse_args(argv)
    except SystemExit as stop:  # --help, or a missing file name
        return stop.code if isinstance(stop.code, int) else 2
    path = Path(arguments.file)
    out, err = sys.stdout, sys.stderr

    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        return _fail(f"Cannot read {path}: {error.strerror or error}.", [], err)
    except UnicodeDecodeError:
        return _fail(f"Cannot read {path}: it is not UTF-8 text.", [], err)
    try:
        loaded = loads(text)
    except EvaluationFileError as error:
        return _fail(f"{path} cannot be used as an evaluation file:", error.problems, err)
    try:
        award = compute_award(loaded.model, loaded.bids)
    except AwardRefused as refused:
        return _fail(f"The evaluation in {path} cannot be scored:", refused.problems, err)

    print("\n".join(report(loaded, award)), file=out)
    differences = compare(loaded.recorded_award, award)
    if differences:
        print(DIFFERS, file=out)
        for difference in differences:
            print(f"  - {difference}", file=out)
        return 1
    print(MATCHES, file=out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
