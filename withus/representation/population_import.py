"""Read an area's population shares from a CSV file, all or nothing.

A council can give the share of its residents in each group (from the census
or a local survey) as a CSV file with the columns ``category``, ``group`` and
``percent``, and ``source`` if they want one. :func:`parse_shares` reads the
whole file and returns the rows *and* every problem it found, each named by
the line a person sees (the heading row is line 1, the first share line 2, as
in a spreadsheet) and the column heading as written in the file. A problem
with the whole file (empty, not UTF-8, too long, unreadable) has line 0 and no
column, and is the only problem given. If there is any problem, no rows are
given, so a file is either taken whole or not at all. This follows
:mod:`withus.contracts.returns_import`.

What is accepted
    - Headings: category, group and percent, and source if wanted, in any
      order, in any case, with spaces around them ignored. A UTF-8 byte order
      mark is fine. Columns may be separated by commas, or by semicolons or
      tabs as some versions of Excel save them. Anything else wrong with the
      headings is one problem on their line, saying what is wrong.
    - category: one of the categories given (capitals or not).
    - group: one of that category's groups (capitals or not), but never
      prefer not to say, which residents are not counted in.
    - percent: a number from 0 to 100 with at most 2 decimal places, and a %
      at the end if wanted. It is kept to 2 places (51.2 becomes 51.20).
    - source: any text up to 200 characters.
    Blank rows are skipped, but line numbers stay those of the file. The same
    category and group twice is a problem on the second line, naming the
    first. In a category where each resident is in one group only (all but
    lived experience), the percents must not add up to more than 100; if they
    do, the problem is on the category's last line and gives the total.

No Django here; it only reads bytes and never evaluates anything.
"""

import difflib
import re
from collections.abc import Callable, Collection, Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal

from withus.core.csv_files import ImportProblem as ImportProblem
from withus.core.csv_files import Unreadable, records

from .compare import MULTI_VALUED, PREFER_NOT

COLUMNS = ("category", "group", "percent", "source")
REQUIRED = ("category", "group", "percent")
MAX_ROWS = 2000
MAX_SOURCE = 200  # as PopulationShare.source
MAX_PLACES = 2
_HUNDRED = Decimal(100)
_CENT = Decimal("0.01")

_HEADINGS = "category, group, percent, and source if you want one"
_GIVE_A_PERCENT = "Give a number from 0 to 100, like 51.2."
_NUMBER = re.compile(r"(?P<whole>\d+)?(?:\.(?P<places>\d+))?")


@dataclass(frozen=True)
class ShareRow:
    category: str  # as ``groups`` spells it, whatever case the file used
    group: str
    percent: Decimal  # to 2 places
    source: str


@dataclass(frozen=True)
class ShareImport:
    """``rows`` is empty whenever there are ``problems``."""

    rows: tuple[ShareRow, ...]
    problems: tuple[ImportProblem, ...]

    @property
    def ok(self) -> bool:
        return not self.problems


# --- reading the file ----------------------------------------------------------


def _failed(line: int, message: str) -> ShareImport:
    return ShareImport(rows=(), problems=(ImportProblem(line, "", message),))


def parse_shares(
    data: bytes, groups: Mapping[str, Collection[str]], max_rows: int = MAX_ROWS
) -> ShareImport:
    """Read every share in ``data``, or every problem with it, ordered by line.

    ``groups`` maps each category to its groups; prefer not to say may be among
    them, and is refused.
    """
    if not any(group != PREFER_NOT for listed in groups.values() for group in listed):
        return _failed(0, "There are no groups to give shares for, so there is nothing to read.")
    try:
        return _parse(records(data), groups, max_rows)
    except Unreadable as exc:
        return _failed(0, str(exc))


def _header_message(header: list[str]) -> str:
    """What is wrong with the headings, or "" if nothing is."""
    wrong: list[str] = []
    seen: set[str] = set()
    for heading in header:
        if not heading:
            continue
        column = heading.lower()
        if column in seen:
            wrong.append(f'There are two "{column}" columns.')
        elif column in COLUMNS:
            seen.add(column)
        else:
            near = difflib.get_close_matches(column, COLUMNS, n=1, cutoff=0.6)
            hint = f' (did you mean "{near[0]}"?)' if near else ""
            wrong.append(f'"{heading}" is not a column we know{hint}.')
    missing = [f'"{column}"' for column in REQUIRED if column not in seen]
    if not seen:
        # Probably a file of shares with no headings: naming each value helps nobody.
        wrong = ["This file's first line has none of them, so add a line of headings at the top."]
    elif len(missing) == 1:
        wrong.append(f"The {missing[0]} column is missing.")
    elif missing:
        wrong.append(f"The {', '.join(missing[:-1])} and {missing[-1]} columns are missing.")
    if not wrong:
        return ""
    return f"The first line must be the column headings: {_HEADINGS}. " + " ".join(wrong)


def _parse(
    records: Iterator[list[str]], groups: Mapping[str, Collection[str]], max_rows: int
) -> ShareImport:
    line = 0
    header: list[str] | None = None
    for record in records:
        line += 1
        if any(record):
            header = record
            break
    if header is None:
        return _failed(
            0, f"The file is empty. The first line must be the column headings: {_HEADINGS}."
        )
    wrong = _header_message(header)
    if wrong:
        return _failed(line, wrong)

    columns = {heading.lower(): position for position, heading in enumerate(header) if heading}
    headings = {heading.lower(): heading for heading in header if heading}
    reader = _RowReader(groups, columns, headings, width=len(header))
    count = 0
    for record in records:
        line += 1
        if not any(record):
            continue
        count += 1
        if count > max_rows:
            return _failed(
                0,
                f"The file has more than {max_rows:,} shares. "
                f"The most in one file is {max_rows:,}. Split it into smaller files.",
            )
        reader.read(line, record)
    if count == 0:
        return _failed(0, "The file has column headings but no shares under them.")

    problems = reader.problems + reader.totals_over_100()
    problems.sort(key=lambda p: p.line)  # stable: within a line, the order of the columns
    if problems:
        return ShareImport(rows=(), problems=tuple(problems))
    return ShareImport(rows=tuple(reader.rows), problems=())


# --- reading one row ---------------------------------------------------------


def _read_percent(written: str) -> tuple[Decimal | None, str]:
    """The percent, or None and what is wrong with it."""
    if not written:
        return None, f"The percent is empty. {_GIVE_A_PERCENT}"
    number = written.removesuffix("%").rstrip()
    negative = number.startswith("-")
    m = _NUMBER.fullmatch(number.removeprefix("-").strip())
    if m is None or not (m["whole"] or m["places"]):
        return None, (
            f'The percent "{written}" is not a number we can read. '
            f"{_GIVE_A_PERCENT[:-1]}, using a full stop for decimals."
        )
    value = Decimal((m["whole"] or "0") + (f".{m['places']}" if m["places"] else ""))
    if (negative and value != 0) or value > _HUNDRED:
        return None, f"The percent {written} is not from 0 to 100. {_GIVE_A_PERCENT}"
    if m["places"] and len(m["places"]) > MAX_PLACES:
        return None, (
            f"The percent {written} has more than {MAX_PLACES} decimal places. "
            f"Round it to {MAX_PLACES} or fewer, like 51.23."
        )
    return value.quantize(_CENT), ""


_Fail = Callable[[str], None]  # records a problem with one value


class _RowReader:
    """Reads rows one by one, remembering each category and group already seen."""

    def __init__(
        self,
        groups: Mapping[str, Collection[str]],
        columns: Mapping[str, int],
        headings: Mapping[str, str],
        *,
        width: int,
    ) -> None:
        self.categories = {category.lower(): category for category in groups}
        self.groups = {
            category: {group.lower(): group for group in listed if group != PREFER_NOT}
            for category, listed in groups.items()
        }
        self.columns, self.headings, self.width = columns, headings, width
        self.named = set(columns.values())
        self.rows: list[ShareRow] = []
        self.problems: list[ImportProblem] = []
        self.seen: dict[tuple[str, str], int] = {}  # (category, group) -> first line
        # For each category: the percents read so far and the line of the last one.
        self.totals: dict[str, tuple[Decimal, int]] = {}

    def read(self, line: int, record: list[str]) -> None:
        found: list[ImportProblem] = []

        def value(column: str) -> str:
            position = self.columns.get(column)
            if position is None or position >= len(record):
                return ""
            return record[position]

        def fail(column: str, message: str) -> None:
            found.append(ImportProblem(line, self.headings.get(column, ""), message))

        category = self._category(value("category"), lambda m: fail("category", m))
        group = self._group(category, value("group"), lambda m: fail("group", m))
        percent, message = _read_percent(value("percent"))
        if percent is None:
            fail("percent", message)
        source = value("source")
        if len(source) > MAX_SOURCE:
            fail(
                "source",
                f"The source is {len(source):,} characters long. "
                f"The most is {MAX_SOURCE}. Shorten it.",
            )

        repeated = False
        if category is not None and group is not None:
            first = self.seen.setdefault((category, group), line)
            repeated = first != line
            if repeated:
                fail(
                    "",
                    f'The share for {category} "{group}" is already on line {first}. '
                    "Keep one of the two lines and delete the other.",
                )

        stray = [p for p, v in enumerate(record) if v and p not in self.named]
        if stray:
            if any(p >= self.width for p in stray):
                message = (
                    "This row has more values than there are column headings. If a source "
                    'has a comma in it, put it in "double quotes".'
                )
            else:
                message = (
                    "This row has something in a column with no heading. "
                    "Give the column a heading, or delete what is in it."
                )
            fail("", message)

        # Add up every percent that can be put in a category, so an over-100
        # total is found even while other lines have problems.
        if category is not None and group is not None and percent is not None and not repeated:
            total, _ = self.totals.get(category, (Decimal(0), 0))
            self.totals[category] = (total + percent, line)
        self.problems.extend(found)
        if not found and category is not None and group is not None and percent is not None:
            self.rows.append(ShareRow(category, group, percent, source))

    def totals_over_100(self) -> list[ImportProblem]:
        return [
            ImportProblem(
                line,
                self.headings["percent"],
                f"The percents for {category} add up to {total}, more than 100. "
                "Each resident is in only one group, so check the figures.",
            )
            for category, (total, line) in self.totals.items()
            if category not in MULTI_VALUED and total > _HUNDRED
        ]

    def _category(self, written: str, fail: _Fail) -> str | None:
        known = ", ".join(self.categories.values())
        if not written:
            fail(f"The category is empty. Use one of: {known}.")
            return None
        category = self.categories.get(written.lower())
        if category is None:
            fail(f'There is no category "{written}". The categories are: {known}.')
        return category

    def _group(self, category: str | None, written: str, fail: _Fail) -> str | None:
        if category is None:
            return None  # which groups are right depends on the category
        listed = self.groups[category]
        known = ", ".join(listed.values())
        if not written:
            fail(f"The group is empty. For {category}, use one of: {known}.")
            return None
        if written.lower() == PREFER_NOT:
            fail(
                "Residents are not counted as prefer not to say, so it has no share. "
                "Delete this line."
            )
            return None
        group = listed.get(written.lower())
        if group is None and not listed:
            fail(f"There are no groups in {category} to give shares for. Delete this line.")
        elif group is None:
            fail(f'There is no group "{written}" in {category}. The groups are: {known}.')
        return group
