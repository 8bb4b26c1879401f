"""Read people's statements from a CSV or Excel (.xlsx) file, all or nothing.

A facilitator running "Working Together for Change" brings hundreds of
statements at once. :func:`parse_statements` reads the whole file and returns
every row it could read *and* every problem it found, each named by the line a
person sees (the heading row is line 1, the first statement line 2, as in a
spreadsheet) and the column heading as written in the file. Nothing is saved
here: the caller saves the rows only when :attr:`ParseResult.ok` is true, so a
file is either taken whole or not at all.

This module has no Django imports; it only reads bytes. It never evaluates
anything: a statement that starts with ``=``, ``+``, ``-`` or ``@`` is kept as
text, and an Excel formula gives its saved value (or nothing) because the
workbook is opened with ``data_only=True``. Limiting the size of an upload is
the caller's job.
"""

from __future__ import annotations

import csv
import datetime as dt
import difflib
import io
import re
from collections.abc import Generator, Iterable
from dataclasses import dataclass

import openpyxl

KINDS: dict[str, str] = {
    "working": "What is working",
    "not_working": "What is not working",
    "matters_now": "What matters to me now",
    "matters_future": "What matters for the future",
}

SOURCES: set[str] = {"review", "event", "survey", "easy_read", "story"}

AGE_BANDS: dict[str, str] = {
    "under_18": "Under 18",
    "18_24": "18 to 24",
    "25_34": "25 to 34",
    "35_44": "35 to 44",
    "45_54": "45 to 54",
    "55_64": "55 to 64",
    "65_74": "65 to 74",
    "75_plus": "75 or over",
    "prefer_not_to_say": "Prefer not to say",
}

# The five high-level ethnic groups the ONS used in the 2021 Census of England
# and Wales, and "prefer not to say".
ETHNIC_GROUPS: dict[str, str] = {
    "asian": "Asian, Asian British or Asian Welsh",
    "black": "Black, Black British, Black Welsh, Caribbean or African",
    "mixed": "Mixed or Multiple ethnic groups",
    "white": "White",
    "other": "Other ethnic group",
    "prefer_not_to_say": "Prefer not to say",
}

DISABLED: dict[str, str] = {
    "yes": "Yes",
    "no": "No",
    "prefer_not_to_say": "Prefer not to say",
}

MAX_TEXT = 1000
MAX_GENDER = 50


@dataclass(frozen=True)
class StatementRow:
    line: int
    kind: str
    text: str
    source: str
    consent: bool
    age_band: str = ""
    gender: str = ""
    ethnic_group: str = ""
    disabled: str = ""


@dataclass(frozen=True)
class RowError:
    line: int
    column: str
    message: str


@dataclass(frozen=True)
class ParseResult:
    """``rows`` holds the rows that passed; save none of them unless ``ok``."""

    rows: list[StatementRow]
    errors: list[RowError]

    @property
    def ok(self) -> bool:
        return not self.errors


# ---------------------------------------------------------------- values


def _words(value: str) -> str:
    """Lower case, one space between words, no dashes, underscores or end stops."""
    value = value.lower().replace("\u2019", "'").replace("&", " and ")
    value = re.sub(r"[_,\-\u2013\u2014/]", " ", value)
    value = value.strip().rstrip(".?!:").strip()
    return " ".join(value.split())


def _aliases(table: dict[str, Iterable[str]]) -> dict[str, str]:
    out: dict[str, str] = {}
    for key, words in table.items():
        for word in (key, *words):
            out[_words(word)] = key
    return out


_KIND_WORDS = _aliases(
    {
        "working": [
            "what is working",
            "what's working",
            "whats working",
            "what works",
            "is working",
            "works",
        ],
        "not_working": [
            "not working",
            "what is not working",
            "what isn't working",
            "what's not working",
            "whats not working",
            "isn't working",
            "what doesn't work",
            "doesn't work",
        ],
        "matters_now": [
            "matters now",
            "what matters now",
            "what matters to me now",
            "important now",
            "what is important now",
            "what is important to me now",
            "what's important to me now",
            "now",
        ],
        "matters_future": [
            "matters future",
            "matters for the future",
            "matters in the future",
            "what matters for the future",
            "what matters in the future",
            "what matters to me for the future",
            "what matters to me in the future",
            "important for the future",
            "what is important for the future",
            "what is important to me for the future",
            "what is important to me in the future",
            "what's important to me for the future",
            "for the future",
            "in the future",
            "future",
        ],
    }
)

_SOURCE_LABELS = {
    "review": "review",
    "event": "event",
    "survey": "survey",
    "easy_read": "easy read",
    "story": "story",
}

_SOURCE_WORDS = _aliases(
    {
        "review": ["reviews", "person centred review", "person-centred review", "annual review"],
        "event": ["events", "workshop", "meeting", "group"],
        "survey": ["surveys", "questionnaire", "online survey"],
        "easy_read": [
            "easy read",
            "easyread",
            "easy read form",
            "easy read forms",
            "easy read survey",
        ],
        "story": ["stories", "personal story", "my story"],
    }
)

_AGE_WORDS = _aliases(
    {
        "under_18": ["under 18", "under 18s", "0 17", "0 to 17", "17 or under", "17 and under"],
        "18_24": ["18 24", "18 to 24"],
        "25_34": ["25 34", "25 to 34"],
        "35_44": ["35 44", "35 to 44"],
        "45_54": ["45 54", "45 to 54"],
        "55_64": ["55 64", "55 to 64"],
        "65_74": ["65 74", "65 to 74"],
        "75_plus": ["75+", "75 plus", "75 or over", "75 and over", "75 or older", "over 75"],
        "prefer_not_to_say": ["prefer not to say", "rather not say"],
    }
)

_ETHNIC_WORDS = _aliases(
    {
        "asian": [ETHNIC_GROUPS["asian"], "asian or asian british", "asian british"],
        "black": [
            ETHNIC_GROUPS["black"],
            "black or black british",
            "black british",
            "black, black british, caribbean or african",
        ],
        "mixed": [ETHNIC_GROUPS["mixed"], "mixed or multiple", "multiple", "mixed ethnic group"],
        "white": [ETHNIC_GROUPS["white"]],
        "other": [ETHNIC_GROUPS["other"], "other", "any other ethnic group"],
        "prefer_not_to_say": ["prefer not to say", "rather not say"],
    }
)

_DISABLED_WORDS = _aliases(
    {
        "yes": ["y", "true", "1"],
        "no": ["n", "false", "0"],
        "prefer_not_to_say": ["prefer not to say", "rather not say"],
    }
)

_CONSENT_WORDS = {"yes": True, "y": True, "true": True, "1": True}
_CONSENT_WORDS |= {"no": False, "n": False, "false": False, "0": False, "": False}


def _one_of(labels: Iterable[str]) -> str:
    return ", ".join(label.lower() for label in labels)


# --------------------------------------------------------------- columns

_COLUMNS = (
    "kind",
    "statement",
    "source",
    "consent",
    "age band",
    "gender",
    "ethnic group",
    "disabled",
)
_REQUIRED = ("kind", "statement", "source")
_EQUALITY = ("age band", "gender", "ethnic group", "disabled")


def _squash(heading: str) -> str:
    return re.sub(r"[^a-z0-9]", "", heading.lower())


_HEADINGS = {_squash(c): c for c in _COLUMNS} | {
    "text": "statement",
    "statementtext": "statement",
    "agegroup": "age band",
    "ethnicity": "ethnic group",
    "disability": "disabled",
}
_NAME_LIKE = ("name",)
_CONTACT_LIKE = ("email", "mail", "phone", "mobile", "address", "postcode", "nhs", "dob", "birth")


def _heading_error(heading: str) -> RowError:
    squashed = _squash(heading)
    if any(word in squashed for word in _NAME_LIKE):
        message = f'withus stores statements without names. Remove the "{heading}" column.'
    elif any(word in squashed for word in _CONTACT_LIKE):
        message = (
            "withus stores statements without names or contact details. "
            f'Remove the "{heading}" column.'
        )
    else:
        message = (
            f'The column "{heading}" is not one we know. '
            f"Use only these columns: {', '.join(_COLUMNS)}."
        )
        near = difflib.get_close_matches(squashed, list(_HEADINGS), n=1, cutoff=0.75)
        if near:
            message += f' Did you mean "{_HEADINGS[near[0]]}"?'
    return RowError(1, heading, message)


# ------------------------------------------------------------ reading


_Records = Generator[list[str], None, None]


class _Unreadable(Exception):
    """The file could not be read at all; the message says why."""


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    text = str(value).replace("\x00", "")  # databases refuse it; it is never meant
    return text.replace("\r\n", "\n").replace("\r", "\n").strip()


def _decode(data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            pass
    else:
        for encoding in ("utf-8-sig", "cp1252"):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                continue
    raise _Unreadable(
        "We could not read the letters in this file. "
        'In Excel, use "Save as" and choose "CSV UTF-8".'
    )


def _csv_rows(data: bytes) -> _Records:
    text = _decode(data)
    first = text.split("\n", 1)[0]
    # Excel in some countries separates with ";", and "Unicode text" with tabs.
    delimiter = max((",", ";", "\t"), key=first.count) if first.count(",") == 0 else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        for record in reader:
            yield [_cell(value) for value in record]
    except csv.Error as exc:
        raise _Unreadable(
            "We could not read this CSV file near line "
            f"{reader.line_num}. Check it opens in a spreadsheet, then save it again as CSV."
        ) from exc


def _xlsx_rows(data: bytes) -> _Records:
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # any damage to the file: zip, XML or openpyxl's own
        raise _Unreadable(
            "We could not open this Excel file. It may be damaged, or saved in another format. "
            'Open it in Excel and use "Save as" to save it as an Excel Workbook (.xlsx).'
        ) from exc
    try:
        if not book.worksheets:
            return
        sheet = book.worksheets[0]
        sheet.reset_dimensions()  # trust the cells, not the size the file claims
        for values in sheet.iter_rows(values_only=True):
            yield [_cell(value) for value in values]
    except Exception as exc:  # damage further into the file
        raise _Unreadable(
            "We could not read this Excel file. It may be damaged. "
            'Open it in Excel and use "Save as" to save it as an Excel Workbook (.xlsx).'
        ) from exc
    finally:
        book.close()


# ------------------------------------------------------------ parsing


def parse_statements(filename: str, data: bytes, *, max_rows: int = 5000) -> ParseResult:
    """Read every statement in ``data`` and every problem with it, ordered by line."""
    name = filename.lower().strip()
    if name.endswith(".csv"):
        records: _Records = _csv_rows(data)
    elif name.endswith(".xlsx"):
        records = _xlsx_rows(data)
    else:
        return _failed("The file must be a CSV or an Excel (.xlsx) file.")
    try:
        return _parse(records, max_rows, is_csv=name.endswith(".csv"))
    except _Unreadable as exc:
        return _failed(str(exc))
    except Exception:  # never let a strange file break the page
        return _failed(
            "We could not read this file. Check it opens in a spreadsheet, then save it again."
        )
    finally:
        records.close()


def _failed(message: str) -> ParseResult:
    return ParseResult(rows=[], errors=[RowError(0, "", message)])


def _parse(records: _Records, max_rows: int, *, is_csv: bool) -> ParseResult:
    line = 0
    header: list[str] | None = None
    for record in records:
        line += 1
        if any(record):
            header = record
            break
    if header is None:
        return _failed(
            f"The file is empty. The first line must be the column headings: {', '.join(_COLUMNS)}."
        )
    header_line = line

    errors: list[RowError] = []
    columns: dict[str, int] = {}  # our column name -> position in the file
    headings: dict[str, str] = {}  # our column name -> heading as written
    for position, heading in enumerate(header):
        if not heading:
            continue
        column = _HEADINGS.get(_squash(heading))
        if column is None:
            errors.append(_heading_error(heading))
        elif column in columns:
            errors.append(
                RowError(
                    header_line,
                    heading,
                    f'There are two "{column}" columns. Keep one and remove the other.',
                )
            )
        else:
            columns[column] = position
            headings[column] = heading
    errors = [RowError(header_line, e.column, e.message) for e in errors]
    for column in _REQUIRED:
        if column not in columns:
            errors.append(
                RowError(
                    header_line,
                    "",
                    f'The "{column}" column is missing. '
                    "Every file needs the columns kind, statement and source.",
                )
            )
    header_ok = not errors
    named = {position for position, heading in enumerate(header) if heading}

    rows: list[StatementRow] = []
    row_errors: list[RowError] = []
    count = 0
    for record in records:
        line += 1
        if not any(record):
            continue
        count += 1
        if count > max_rows:
            errors.append(
                RowError(
                    0,
                    "",
                    f"The file has more than {max_rows:,} statements. "
                    f"The most in one file is {max_rows:,}. Split it into smaller files.",
                )
            )
            errors.sort(key=lambda e: e.line)
            return ParseResult(rows=[], errors=errors)
        row, problems = _read_row(
            line, record, columns, headings, named, width=len(header), is_csv=is_csv
        )
        row_errors.extend(problems)
        if row is not None and header_ok:
            rows.append(row)

    if count == 0 and header_ok:
        errors.append(RowError(0, "", "The file has column headings but no statements under them."))
    errors.extend(row_errors)
    errors.sort(key=lambda e: e.line)  # stable: within a line, the order of the columns
    return ParseResult(rows=rows, errors=errors)


def _read_row(
    line: int,
    record: list[str],
    columns: dict[str, int],
    headings: dict[str, str],
    named: set[int],
    *,
    width: int,
    is_csv: bool,
) -> tuple[StatementRow | None, list[RowError]]:
    errors: list[RowError] = []

    def value(column: str) -> str:
        position = columns.get(column)
        if position is None or position >= len(record):
            return ""
        return record[position]

    def fail(column: str, message: str) -> None:
        errors.append(RowError(line, headings.get(column, ""), message))

    # Checked in the order the columns appear in the file.
    order = sorted(columns, key=columns.__getitem__)
    got: dict[str, object] = {}
    for column in order:
        raw = value(column)
        if column == "kind":
            key = _KIND_WORDS.get(_words(raw))
            if not raw:
                fail(column, f"The kind is empty. Use one of: {_one_of(KINDS.values())}.")
            elif key is None:
                fail(
                    column,
                    f'The kind "{raw}" is not one we know. Use one of: {_one_of(KINDS.values())}.',
                )
            got[column] = key
        elif column == "statement":
            if not raw:
                fail(column, "The statement is empty. Write the statement, or delete the row.")
            elif len(raw) > MAX_TEXT:
                fail(
                    column,
                    f"The statement is {len(raw):,} characters long. "
                    f"The most is {MAX_TEXT:,}. Shorten it, or split it into two statements.",
                )
            got[column] = raw
        elif column == "source":
            key = _SOURCE_WORDS.get(_words(raw))
            if not raw:
                fail(
                    column, f"The source is empty. Use one of: {_one_of(_SOURCE_LABELS.values())}."
                )
            elif key is None:
                fail(
                    column,
                    f'The source "{raw}" is not one we know. '
                    f"Use one of: {_one_of(_SOURCE_LABELS.values())}.",
                )
            got[column] = key
        elif column == "consent":
            consent = _CONSENT_WORDS.get(_words(raw))
            if consent is None:
                fail(
                    column,
                    f'The consent "{raw}" is not one we know. '
                    "Use yes or no, or leave it empty (which means no).",
                )
            got[column] = consent
        elif column == "gender":
            if len(raw) > MAX_GENDER:
                fail(
                    column,
                    f"The gender is {len(raw)} characters long. "
                    f"Keep it to {MAX_GENDER} characters or fewer.",
                )
            got[column] = raw
        else:
            table, labels, what = {
                "age band": (_AGE_WORDS, AGE_BANDS, "age band"),
                "ethnic group": (_ETHNIC_WORDS, ETHNIC_GROUPS, "ethnic group"),
                "disabled": (_DISABLED_WORDS, DISABLED, "disabled answer"),
            }[column]
            key = table.get(_words(raw)) if raw else ""
            if key is None:
                choices = "; ".join(labels.values())
                fail(
                    column,
                    f'The {what} "{raw}" is not one we know. '
                    f"Use one of: {choices}. Or leave it empty.",
                )
            got[column] = key or ""

    # A consent we could not read (None) already has its own error.
    if got.get("consent", False) is False and any(value(column) for column in _EQUALITY):
        errors.append(
            RowError(
                line,
                headings.get("consent", ""),
                "Equality details can only be kept with consent. Put yes in the consent "
                "column, or leave the equality columns empty.",
            )
        )

    stray = [p for p, v in enumerate(record) if v and p not in named]
    if stray:
        if is_csv and any(p >= width for p in stray):
            message = (
                "This row has more values than there are column headings. "
                'If a statement has a comma in it, put the whole statement in "double quotes".'
            )
        else:
            message = (
                "This row has something in a column with no heading. "
                "Give the column a heading, or delete what is in it."
            )
        errors.append(RowError(line, "", message))

    if errors or any(column not in got for column in _REQUIRED):
        return None, errors
    return (
        StatementRow(
            line=line,
            kind=str(got["kind"]),
            text=str(got["statement"]),
            source=str(got["source"]),
            consent=bool(got.get("consent", False)),
            age_band=str(got.get("age band", "")),
            gender=str(got.get("gender", "")),
            ethnic_group=str(got.get("ethnic group", "")),
            disabled=str(got.get("disabled", "")),
        ),
        errors,
    )
