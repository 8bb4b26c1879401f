"""Reading an uploaded CSV file row by row, whatever spreadsheet saved it. No Django here.

Shared by every all-or-nothing import, so each reads files the same way and
reports problems the same way: by line (the heading row is line 1; 0 for the
whole file) and by column (the heading as written).
"""

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass


@dataclass(frozen=True)
class ImportProblem:
    line: int  # the line in the file, heading row 1; 0 for a problem with the whole file
    column: str  # the heading as written in the file, or "" for the whole row or file
    message: str


class Unreadable(Exception):
    """The file could not be read at all; the message says why."""


def records(data: bytes) -> Iterator[list[str]]:
    """Each row's cells, trimmed; raises Unreadable with a plain reason."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise Unreadable(
            "We could not read the letters in this file. "
            'In Excel, use "Save as" and choose "CSV UTF-8".'
        ) from None
    first = text.split("\n", 1)[0]
    # Excel in some countries separates with ";", and "Unicode text" with tabs.
    delimiter = max((";", "\t"), key=first.count) if first.count(",") == 0 else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        for record in reader:
            yield [value.replace("\x00", "").strip() for value in record]
    except csv.Error as exc:
        raise Unreadable(
            f"We could not read this CSV file near line {reader.line_num}. "
            "Check it opens in a spreadsheet, then save it again as CSV."
        ) from exc
