"""Read budget lines from a CSV file, all or nothing. No Django here.

Columns (headings in any order and any case): ``year``, ``service``,
``spend``, and if wanted ``people supported`` and ``contract`` (the
contract's reference, such as NV-2024-007). The heading row is line 1, as in
a spreadsheet. Every problem is given with its line and column; if there is
any, no line is given back, so a file is taken whole or not at all.

A service already recorded for that year (in withus or higher up the file) is
a problem: change or remove the line on the page instead. A contract must be
one of the area's own.
"""

from collections.abc import Collection, Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal

from withus.core.csv_files import ImportProblem, Unreadable, records

from . import figures

COLUMNS = ("year", "service", "spend", "people supported", "contract")
REQUIRED = ("year", "service", "spend")
ALIASES = {"people": "people supported", "financial year": "year"}
MAX_ROWS = 2000
MAX_SERVICE = 200  # as BudgetLine.service
HEADINGS_IN_WORDS = "year, service, spend, and if you want them people supported and contract"


@dataclass(frozen=True)
class LineRow:
    line: int
    year: int
    service: str
    spend: Decimal
    people: int | None
    contract_id: int | None


@dataclass(frozen=True)
class LineImport:
    """``rows`` is empty whenever there are ``problems``."""

    rows: tuple[LineRow, ...]
    problems: tuple[ImportProblem, ...]


def _failed(line: int, message: str) -> LineImport:
    return LineImport((), (ImportProblem(line, "", message),))


def parse_lines(
    data: bytes,
    *,
    area_name: str,
    contracts: Mapping[str, int],
    existing: Mapping[int, Collection[str]],
    max_rows: int = MAX_ROWS,
) -> LineImport:
    """``contracts`` maps the area's contract references (casefolded) to ids;
    ``existing`` maps each year already recorded to its services' keys."""
    try:
        return _parse(records(data), area_name, contracts, existing, max_rows)
    except Unreadable as exc:
        return _failed(0, str(exc))


def _column(heading: str) -> str:
    name = " ".join(heading.replace("_", " ").split()).lower()
    return ALIASES.get(name, name)


def _header_problem(header: list[str]) -> str:
    names = [_column(h) for h in header if h]
    wrong = [f'"{h}" is not a column we know.' for h in header if h and _column(h) not in COLUMNS]
    twice = sorted({n for n in names if names.count(n) > 1})
    wrong += [f'There are two "{n}" columns.' for n in twice]
    missing = [f'"{c}"' for c in REQUIRED if c not in names]
    if missing:
        wrong.append(f"Missing: {', '.join(missing)}.")
    if not wrong:
        return ""
    return f"The first line must be the column headings: {HEADINGS_IN_WORDS}. " + " ".join(wrong)


def _parse(
    rows: Iterator[list[str]],
    area_name: str,
    contracts: Mapping[str, int],
    existing: Mapping[int, Collection[str]],
    max_rows: int,
) -> LineImport:
    line = 0
    header: list[str] | None = None
    for record in rows:
        line += 1
        if any(record):
            header = record
            break
    if header is None:
        return _failed(0, f"The file is empty. The first line must be: {HEADINGS_IN_WORDS}.")
    problem = _header_problem(header)
    if problem:
        return _failed(line, problem)
    position = {_column(h): i for i, h in enumerate(header) if h}
    heading = {_column(h): h for h in header if h}

    found: list[LineRow] = []
    problems: list[ImportProblem] = []
    seen: dict[tuple[int, str], int] = {}
    count = 0
    for record in rows:
        line += 1
        if not any(record):
            continue
        count += 1
        if count > max_rows:
            return _failed(
                0, f"The file has more than {max_rows:,} lines. Split it into smaller files."
            )
        here: list[ImportProblem] = []

        def value(column: str, record: list[str] = record) -> str:
            at = position.get(column)
            return record[at] if at is not None and at < len(record) else ""

        def fail(
            column: str, message: str, line: int = line, here: list[ImportProblem] = here
        ) -> None:
            here.append(ImportProblem(line, heading.get(column, ""), message))

        year: int | None = None
        try:
            year = figures.parse_year(value("year"))
        except figures.FigureProblem as p:
            fail("year", str(p))
        service = " ".join(value("service").split())
        if not service:
            fail("service", "The service is empty. Give the service's name, like Home care.")
        elif len(service) > MAX_SERVICE:
            fail("service", f"The service's name is longer than {MAX_SERVICE} characters.")
        spend: Decimal | None = None
        try:
            spend = figures.parse_money(value("spend"))
        except figures.FigureProblem as p:
            fail("spend", str(p))
        people: int | None = None
        try:
            people = figures.parse_people(value("people supported"))
        except figures.FigureProblem as p:
            fail("people supported", str(p))
        contract_id: int | None = None
        reference = value("contract")
        if reference:
            contract_id = contracts.get(reference.casefold())
            if contract_id is None:
                fail(
                    "contract",
                    f'There is no contract "{reference}" among {area_name}\'s contracts. '
                    "Check the reference, or leave it blank.",
                )
        if year is not None and service:
            key = figures.service_key(service)
            first = seen.setdefault((year, key), line)
            if first != line:
                fail(
                    "service",
                    f"{service} in {figures.year_label(year)} is already on line {first}. "
                    "Keep one of the two lines.",
                )
            elif key in existing.get(year, ()):
                fail(
                    "service",
                    f"{service} is already recorded for {figures.year_label(year)}. "
                    "Change or remove it on the page instead.",
                )
        if len(record) > len(header) and any(record[len(header) :]):
            fail("", "This line has more values than there are headings. Put commas in quotes.")
        problems.extend(here)
        if not here and year is not None and spend is not None:
            found.append(LineRow(line, year, service, spend, people, contract_id))
    if count == 0:
        return _failed(0, "The file has headings but no lines under them.")
    if problems:
        return LineImport((), tuple(problems))
    return LineImport(tuple(found), ())
