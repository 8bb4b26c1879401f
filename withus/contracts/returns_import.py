"""Read a provider's monitoring returns from a CSV file, all or nothing.

A provider can send many months of figures at once as a CSV file with the
columns ``kpi``, ``period`` and ``value``, and ``note`` if they want one.
:func:`parse_returns` reads the whole file and returns every row it could read
*and* every problem it found, each named by the line a person sees (the
heading row is line 1, the first figure line 2, as in a spreadsheet) and the
column heading as written in the file. A problem with the whole file has line
0 and no column. Nothing is saved here: the caller saves the rows only when
:attr:`ReturnsImport.ok` is true, so a file is either taken whole or not at
all. This follows :mod:`withus.insight.importing`.

What is accepted
    - Headings: kpi, period and value, and note if wanted, in any order, in
      any case, with spaces around them ignored. A UTF-8 byte order mark is
      fine. Columns may be separated by commas, or by semicolons or tabs as
      some versions of Excel save them.
    - kpi: one of the contract's KPI codes (capitals or not).
    - period: a month as 2026-04, 2026-04-01, Apr 2026, April 2026 or
      01/04/2026 (day, month, year, as Excel saves dates in the UK). It must be
      the first month (and day) of a period for that KPI, and fall between
      its first and last periods.
    - value: a number that is not negative, with at most 4 decimal places.
      Commas between thousands (1,250) and a % at the end (85%) are fine.
    - note: any text up to 1,000 characters.
    Blank rows are skipped, but line numbers stay those of the file. The same
    KPI and period twice is a problem on the second line, naming the first.

No Django here; it only reads bytes and never evaluates anything.
"""

import difflib
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from withus.core.csv_files import ImportProblem as ImportProblem
from withus.core.csv_files import Unreadable, records

from .kpi import MONTHS, Frequency, day_text, period_label, period_start

COLUMNS = ("kpi", "period", "value", "note")
REQUIRED = ("kpi", "period", "value")
MAX_NOTE = 1000
MAX_PLACES = 4
# The most a monitoring return can hold: 14 digits, 4 of them after the point.
MAX_VALUE = Decimal("9999999999.9999")


@dataclass(frozen=True)
class KpiSpec:
    """What the importer needs to know about one KPI.

    ``first_period`` and ``last_period`` are the starts of the first and last
    periods a return can be for (any day in those periods also works).
    """

    code: str
    title: str
    frequency: Frequency
    first_period: date
    last_period: date


@dataclass(frozen=True)
class ReturnRow:
    line: int
    code: str  # the code as the contract spells it, whatever case the file used
    period: date  # the start of the period
    value: Decimal
    note: str


@dataclass(frozen=True)
class ReturnsImport:
    """``rows`` holds the rows that passed; save none of them unless ``ok``."""

    rows: tuple[ReturnRow, ...]
    problems: tuple[ImportProblem, ...]

    @property
    def ok(self) -> bool:
        return not self.problems


# --- reading the file ----------------------------------------------------------


def _failed(message: str) -> ReturnsImport:
    return ReturnsImport(rows=(), problems=(ImportProblem(0, "", message),))


def parse_returns(data: bytes, kpis: Mapping[str, KpiSpec], max_rows: int = 5000) -> ReturnsImport:
    """Read every return in ``data`` and every problem with it, ordered by line."""
    if not kpis:
        return _failed("This contract has no KPIs to report on yet, so there is nothing to read.")
    try:
        return _parse(records(data), kpis, max_rows)
    except Unreadable as exc:
        return _failed(str(exc))


def _heading_problem(line: int, heading: str) -> ImportProblem:
    message = (
        f'The column "{heading}" is not one we know. '
        "Use only these columns: kpi, period, value and note."
    )
    near = difflib.get_close_matches(heading.lower(), COLUMNS, n=1, cutoff=0.6)
    if near:
        message += f' Did you mean "{near[0]}"?'
    return ImportProblem(line, heading, message)


def _parse(
    records: Iterator[list[str]], kpis: Mapping[str, KpiSpec], max_rows: int
) -> ReturnsImport:
    line = 0
    header: list[str] | None = None
    for record in records:
        line += 1
        if any(record):
            header = record
            break
    if header is None:
        return _failed(
            "The file is empty. The first line must be the column headings: "
            "kpi, period, value, and note if you want one."
        )
    header_line = line

    problems: list[ImportProblem] = []
    columns: dict[str, int] = {}  # our column name -> position in the file
    headings: dict[str, str] = {}  # our column name -> heading as written
    for position, heading in enumerate(header):
        if not heading:
            continue
        column = heading.lower()
        if column not in COLUMNS:
            problems.append(_heading_problem(header_line, heading))
        elif column in columns:
            problems.append(
                ImportProblem(
                    header_line,
                    heading,
                    f'There are two "{column}" columns. Keep one and remove the other.',
                )
            )
        else:
            columns[column] = position
            headings[column] = heading
    for column in REQUIRED:
        if column not in columns:
            problems.append(
                ImportProblem(
                    header_line,
                    "",
                    f'The "{column}" column is missing. '
                    "Every file needs the columns kpi, period and value.",
                )
            )
    header_ok = not problems
    named = {position for position, heading in enumerate(header) if heading}

    reader = _RowReader(kpis, columns, headings, named, width=len(header))
    rows: list[ReturnRow] = []
    row_problems: list[ImportProblem] = []
    count = 0
    for record in records:
        line += 1
        if not any(record):
            continue
        count += 1
        if count > max_rows:
            problems.append(
                ImportProblem(
                    0,
                    "",
                    f"The file has more than {max_rows:,} figures. "
                    f"The most in one file is {max_rows:,}. Split it into smaller files.",
                )
            )
            problems.sort(key=lambda p: p.line)
            return ReturnsImport(rows=(), problems=tuple(problems))
        if not header_ok:
            continue  # the headings are wrong, so the rows cannot be read yet
        row, found = reader.read(line, record)
        row_problems.extend(found)
        if row is not None:
            rows.append(row)

    if count == 0 and header_ok:
        problems.append(
            ImportProblem(0, "", "The file has column headings but no figures under them.")
        )
    problems.extend(row_problems)
    problems.sort(key=lambda p: p.line)  # stable: within a line, the order of the columns
    return ReturnsImport(rows=tuple(rows) if header_ok else (), problems=tuple(problems))


# --- reading one value -------------------------------------------------------

_MONTH_WORDS = {name.lower(): i for i, name in enumerate(MONTHS, start=1)} | {
    name[:3].lower(): i for i, name in enumerate(MONTHS, start=1)
}
_MONTH_WORDS["sept"] = 9

_YEAR_MONTH = re.compile(r"(\d{4})-(\d{1,2})")
_YEAR_MONTH_DAY = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_DAY_MONTH_YEAR = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
_MONTH_YEAR = re.compile(r"([A-Za-z]+)\.?[ -]+(\d{4})")
_NUMBER = re.compile(r"(?P<whole>\d{1,3}(?:,\d{3})+|\d+)?(?:\.(?P<places>\d+))?")

_PERIOD_FORMS = "like 2026-04, 2026-04-01 or Apr 2026"


def _read_day(written: str) -> date | None:
    """The date a period is written as, or None if it cannot be read."""
    year, month, day = 0, 0, 1
    if m := _YEAR_MONTH.fullmatch(written):
        year, month = int(m[1]), int(m[2])
    elif m := _YEAR_MONTH_DAY.fullmatch(written):
        year, month, day = int(m[1]), int(m[2]), int(m[3])
    elif m := _DAY_MONTH_YEAR.fullmatch(written):
        day, month, year = int(m[1]), int(m[2]), int(m[3])
    elif m := _MONTH_YEAR.fullmatch(written):
        month, year = _MONTH_WORDS.get(m[1].lower(), 0), int(m[2])
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _not_a_start(written: date, frequency: Frequency) -> str:
    when = f"{MONTHS[written.month - 1]} {written.year}" if written.day == 1 else day_text(written)
    if frequency == "monthly":
        return (
            f"{when} is not the start of a month. "
            f"Use the month, like {written.year}-{written.month:02d}."
        )
    if frequency == "quarterly":
        return f"{when} is not the start of a quarter. Use April, July, October or January."
    return f"{when} is not the start of a year. Years run from April to March, so use April."


def _read_value(written: str) -> tuple[Decimal | None, str]:
    """The number, or None and what is wrong with it."""
    number = written.removesuffix("%").rstrip()
    negative = number.startswith("-")
    m = _NUMBER.fullmatch(number.removeprefix("-").strip())
    if m is None or not (m["whole"] or m["places"]):
        return None, (
            f'The value "{written}" is not a number we can read. '
            "Write it like 1250, 1,250 or 12.5, using a full stop for decimals."
        )
    whole = (m["whole"] or "0").replace(",", "")
    value = Decimal(whole + (f".{m['places']}" if m["places"] else ""))
    if negative and value != 0:
        return None, f"The value cannot be negative, but it is {written}."
    if m["places"] and len(m["places"]) > MAX_PLACES:
        return None, (
            f"The value {written} has more than {MAX_PLACES} decimal places. "
            f"Round it to {MAX_PLACES} or fewer."
        )
    if value > MAX_VALUE:
        return None, f"The value {written} is too big. The biggest is {MAX_VALUE:,.0f}."
    return value, ""


_Fail = Callable[[str], None]  # records a problem with one value


class _RowReader:
    """Reads rows one by one, remembering each KPI and period already seen."""

    def __init__(
        self,
        kpis: Mapping[str, KpiSpec],
        columns: Mapping[str, int],
        headings: Mapping[str, str],
        named: set[int],
        *,
        width: int,
    ) -> None:
        self.kpis = kpis
        self.by_lower = {code.strip().lower(): spec for code, spec in kpis.items()}
        self.codes = ", ".join(sorted(kpis))
        self.columns, self.headings, self.named, self.width = columns, headings, named, width
        self.seen: dict[tuple[str, date], int] = {}  # (code, period) -> first line

    def read(self, line: int, record: list[str]) -> tuple[ReturnRow | None, list[ImportProblem]]:
        problems: list[ImportProblem] = []

        def value(column: str) -> str:
            position = self.columns.get(column)
            if position is None or position >= len(record):
                return ""
            return record[position]

        def fail(column: str, message: str) -> None:
            problems.append(ImportProblem(line, self.headings.get(column, ""), message))

        spec = self._kpi(value("kpi"), lambda message: fail("kpi", message))
        period = self._period(value("period"), spec, lambda message: fail("period", message))
        number: Decimal | None = None
        written = value("value")
        if not written:
            fail("value", "The value is empty. Write the figure, like 42 or 1,250.")
        else:
            number, message = _read_value(written)
            if number is None:
                fail("value", message)
        note = value("note")
        if len(note) > MAX_NOTE:
            fail(
                "note",
                f"The note is {len(note):,} characters long. The most is {MAX_NOTE:,}. Shorten it.",
            )

        if spec is not None and period is not None:
            first = self.seen.setdefault((spec.code, period), line)
            if first != line:
                fail(
                    "",
                    f"{spec.code} for {period_label(period, spec.frequency)} is already on "
                    f"line {first}. Keep one of the two lines and delete the other.",
                )

        stray = [p for p, v in enumerate(record) if v and p not in self.named]
        if stray:
            if any(p >= self.width for p in stray):
                message = (
                    "This row has more values than there are column headings. If a value "
                    'or note has a comma in it, like 1,250, put it in "double quotes".'
                )
            else:
                message = (
                    "This row has something in a column with no heading. "
                    "Give the column a heading, or delete what is in it."
                )
            problems.append(ImportProblem(line, "", message))

        if problems or spec is None or period is None or number is None:
            return None, problems
        return ReturnRow(line=line, code=spec.code, period=period, value=number, note=note), []

    def _kpi(self, written: str, fail: _Fail) -> KpiSpec | None:
        if not written:
            fail(f"The KPI code is empty. Use one of the codes: {self.codes}.")
            return None
        spec = self.kpis.get(written) or self.by_lower.get(written.lower())
        if spec is None:
            fail(f'There is no KPI with the code "{written}". The codes are: {self.codes}.')
        return spec

    def _period(self, written: str, spec: KpiSpec | None, fail: _Fail) -> date | None:
        if not written:
            fail(f"The period is empty. Write the month the figure is for, {_PERIOD_FORMS}.")
            return None
        day = _read_day(written)
        if day is None:
            fail(f'The period "{written}" is not a month we can read. Write it {_PERIOD_FORMS}.')
            return None
        if spec is None:
            return None  # which periods are right depends on the KPI
        start = period_start(day, spec.frequency)
        if start != day:
            fail(_not_a_start(day, spec.frequency))
            return None
        first = period_start(spec.first_period, spec.frequency)
        last = period_start(spec.last_period, spec.frequency)
        label = period_label(start, spec.frequency)
        if start < first:
            fail(
                f"The first period for {spec.code} is {period_label(first, spec.frequency)}, "
                f"so {label} is too early. Check the year."
            )
            return None
        if start > last:
            fail(
                f"The last period for {spec.code} is {period_label(last, spec.frequency)}, "
                f"so {label} is too late. Check the year."
            )
            return None
        return start
