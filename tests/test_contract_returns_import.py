"""Reading monitoring returns from CSV: all or nothing, every problem named by its line.

A good file read to exact rows first, then each kind of problem in the words
people will read, then the file-level problems, then properties over random
valid files and random bytes.
"""

import csv
import dataclasses
import io
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from withus.contracts.kpi import period_label, periods_between
from withus.contracts.returns_import import (
    MAX_VALUE,
    ImportProblem,
    KpiSpec,
    ReturnRow,
    parse_returns,
)

D = Decimal

# A contract from 1 April 2026 to 31 March 2029.
KPIS = {
    "WAIT": KpiSpec(
        "WAIT", "Weeks from referral to first visit", "monthly", date(2026, 4, 1), date(2029, 3, 1)
    ),
    "SAT-1": KpiSpec("SAT-1", "People satisfied", "quarterly", date(2026, 4, 1), date(2029, 1, 1)),
    "YEAR": KpiSpec("YEAR", "People supported", "annually", date(2026, 4, 1), date(2028, 4, 1)),
}
CODES = "SAT-1, WAIT, YEAR"


def csv_bytes(rows, header=("kpi", "period", "value", "note"), delimiter=","):
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=delimiter)
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def problems_of(result):
    return [(p.line, p.column, p.message) for p in result.problems]


def one_row(*row, kpis=KPIS):
    """Parse a file with one row under the usual headings."""
    return parse_returns(csv_bytes([row]), kpis)


# --- a good file -------------------------------------------------------------


def test_it_reads_a_good_file_to_exact_rows():
    data = (
        b"kpi,period,value,note\r\n"
        b"WAIT,2026-04,12,\r\n"  # line 2
        b'SAT-1,Apr 2026,"1,250",Up on last year\r\n'  # line 3
        b"YEAR,2026-04-01,85%,\r\n"  # line 4
        b'WAIT,May 2026,0.0125,"Two staff off, so slower"\r\n'  # line 5
        b"SAT-1,01/07/2026,0,\r\n"  # line 6
    )

    result = parse_returns(data, KPIS)

    assert result.ok
    assert result.problems == ()
    assert result.rows == (
        ReturnRow(2, "WAIT", date(2026, 4, 1), D("12"), ""),
        ReturnRow(3, "SAT-1", date(2026, 4, 1), D("1250"), "Up on last year"),
        ReturnRow(4, "YEAR", date(2026, 4, 1), D("85"), ""),
        ReturnRow(5, "WAIT", date(2026, 5, 1), D("0.0125"), "Two staff off, so slower"),
        ReturnRow(6, "SAT-1", date(2026, 7, 1), D("0"), ""),
    )


def test_it_matches_headings_ignoring_case_spaces_a_bom_and_order():
    data = "\ufeff Value ,KPI,  Period\n7,wait,2026-06\n".encode()

    result = parse_returns(data, KPIS)

    assert result.ok
    # The code is stored as the contract spells it, not as the file did.
    assert result.rows == (ReturnRow(2, "WAIT", date(2026, 6, 1), D("7"), ""),)


def test_it_reads_a_file_separated_by_semicolons():
    result = parse_returns(csv_bytes([["WAIT", "2026-04", "1,5"]], delimiter=";"), KPIS)

    # A decimal comma is not a thousands comma: it is refused, not read as 15.
    assert problems_of(result) == [
        (
            2,
            "value",
            'The value "1,5" is not a number we can read. '
            "Write it like 1250, 1,250 or 12.5, using a full stop for decimals.",
        )
    ]


@pytest.mark.parametrize(
    ("written", "period"),
    [
        ("2026-04", date(2026, 4, 1)),
        ("2026-4", date(2026, 4, 1)),
        ("2026-04-01", date(2026, 4, 1)),
        ("Apr 2026", date(2026, 4, 1)),
        ("apr 2026", date(2026, 4, 1)),
        ("April 2026", date(2026, 4, 1)),
        ("Apr-2026", date(2026, 4, 1)),
        ("Sept 2026", date(2026, 9, 1)),
        ("01/12/2026", date(2026, 12, 1)),
    ],
)
def test_it_reads_the_ways_people_write_a_month(written, period):
    assert one_row("WAIT", written, "1").rows[0].period == period


@pytest.mark.parametrize(
    ("written", "value"),
    [
        ("12", D("12")),
        ("12.50", D("12.50")),
        ("1,250", D("1250")),
        ("1,250,000.5", D("1250000.5")),
        ("85%", D("85")),
        ("85.5 %", D("85.5")),
        ("0", D("0")),
        (".5", D("0.5")),
        ("0.0001", D("0.0001")),
        (f"{MAX_VALUE}", MAX_VALUE),
    ],
)
def test_it_reads_the_ways_people_write_a_number(written, value):
    assert one_row("WAIT", "2026-04", written).rows[0].value == value


# --- problems in a row, in the words people read ------------------------------

NOT_A_NUMBER = "Write it like 1250, 1,250 or 12.5, using a full stop for decimals."
NOT_A_MONTH = "Write it like 2026-04, 2026-04-01 or Apr 2026."


@pytest.mark.parametrize(
    ("row", "column", "message"),
    [
        (
            ("SAT-1", "2026-05", "1"),
            "period",
            "May 2026 is not the start of a quarter. Use April, July, October or January.",
        ),
        (
            ("SAT-1", "2026-04-15", "1"),
            "period",
            "15 April 2026 is not the start of a quarter. Use April, July, October or January.",
        ),
        (
            ("WAIT", "2026-04-15", "1"),
            "period",
            "15 April 2026 is not the start of a month. Use the month, like 2026-04.",
        ),
        (
            ("YEAR", "Jan 2027", "1"),
            "period",
            "January 2027 is not the start of a year. Years run from April to March, so use April.",
        ),
        (
            ("WAIT", "2026-03", "1"),
            "period",
            "The first period for WAIT is April 2026, so March 2026 is too early. Check the year.",
        ),
        (
            ("SAT-1", "2029-04", "1"),
            "period",
            "The last period for SAT-1 is January to March 2029, so April to June 2029 "
            "is too late. Check the year.",
        ),
        (
            ("WAIT", "2026-13", "1"),
            "period",
            f'The period "2026-13" is not a month we can read. {NOT_A_MONTH}',
        ),
        (
            ("WAIT", "31/02/2026", "1"),
            "period",
            f'The period "31/02/2026" is not a month we can read. {NOT_A_MONTH}',
        ),
        (
            ("WAIT", "Spring 2026", "1"),
            "period",
            f'The period "Spring 2026" is not a month we can read. {NOT_A_MONTH}',
        ),
        (
            ("WAIT", "", "1"),
            "period",
            f"The period is empty. Write the month the figure is for, {NOT_A_MONTH[9:]}",
        ),
        (
            ("BEDS", "2026-04", "1"),
            "kpi",
            f'There is no KPI with the code "BEDS". The codes are: {CODES}.',
        ),
        (("", "2026-04", "1"), "kpi", f"The KPI code is empty. Use one of the codes: {CODES}."),
        (
            ("WAIT", "2026-04", ""),
            "value",
            "The value is empty. Write the figure, like 42 or 1,250.",
        ),
        (("WAIT", "2026-04", "-3"), "value", "The value cannot be negative, but it is -3."),
        (("WAIT", "2026-04", "-0.5%"), "value", "The value cannot be negative, but it is -0.5%."),
        (
            ("WAIT", "2026-04", "1.23456"),
            "value",
            "The value 1.23456 has more than 4 decimal places. Round it to 4 or fewer.",
        ),
        (
            ("WAIT", "2026-04", "1,25"),
            "value",
            f'The value "1,25" is not a number we can read. {NOT_A_NUMBER}',
        ),
        (
            ("WAIT", "2026-04", "twelve"),
            "value",
            f'The value "twelve" is not a number we can read. {NOT_A_NUMBER}',
        ),
        (
            ("WAIT", "2026-04", "£12"),
            "value",
            f'The value "£12" is not a number we can read. {NOT_A_NUMBER}',
        ),
        (
            ("WAIT", "2026-04", "1e5"),
            "value",
            f'The value "1e5" is not a number we can read. {NOT_A_NUMBER}',
        ),
        (
            ("WAIT", "2026-04", "NaN"),
            "value",
            f'The value "NaN" is not a number we can read. {NOT_A_NUMBER}',
        ),
        (
            ("WAIT", "2026-04", "10000000000"),
            "value",
            "The value 10000000000 is too big. The biggest is 10,000,000,000.",
        ),
        (
            ("WAIT", "2026-04", "1", "x" * 1001),
            "note",
            "The note is 1,001 characters long. The most is 1,000. Shorten it.",
        ),
    ],
)
def test_it_names_each_problem_in_a_row(row, column, message):
    result = one_row(*row)

    assert problems_of(result) == [(2, column, message)]
    assert not result.ok
    assert result.rows == ()


def test_it_names_every_problem_in_a_row_in_column_order():
    result = one_row("BEDS", "2026-13", "-1")

    assert [(p.line, p.column) for p in result.problems] == [
        (2, "kpi"),
        (2, "period"),
        (2, "value"),
    ]


def test_it_does_not_check_the_period_of_an_unknown_kpi_against_a_frequency():
    # Whether May is right depends on the KPI, so only the code is a problem.
    assert [p.column for p in one_row("BEDS", "2026-05", "1").problems] == ["kpi"]


def test_it_names_the_first_line_when_a_kpi_and_period_come_twice():
    data = csv_bytes(
        [
            ["WAIT", "2026-04", "1"],  # line 2
            ["SAT-1", "2026-04", "1"],  # line 3
            ["wait", "Apr 2026", "2"],  # line 4: the same as line 2, written differently
            ["WAIT", "2026-05", "3"],  # line 5
            ["SAT-1", "2026-04-01", "4"],  # line 6: the same as line 3
        ]
    )

    result = parse_returns(data, KPIS)

    assert problems_of(result) == [
        (
            4,
            "",
            "WAIT for April 2026 is already on line 2. "
            "Keep one of the two lines and delete the other.",
        ),
        (
            6,
            "",
            "SAT-1 for April to June 2026 is already on line 3. "
            "Keep one of the two lines and delete the other.",
        ),
    ]
    # The rows that passed are given, but none may be saved: the file has problems.
    assert [r.line for r in result.rows] == [2, 3, 5]
    assert not result.ok


def test_it_skips_blank_rows_and_keeps_line_numbers_right():
    data = (
        b"kpi,period,value\r\n"
        b"\r\n"  # line 2
        b"WAIT,2026-04,1\r\n"  # line 3
        b",,\r\n"  # line 4
        b"  ,  , \r\n"  # line 5
        b"WAIT,2026-05,x\r\n"  # line 6
        b"\r\n"
    )

    result = parse_returns(data, KPIS)

    assert [r.line for r in result.rows] == [3]
    assert [(p.line, p.column) for p in result.problems] == [(6, "value")]


def test_it_counts_a_note_over_two_lines_as_one_spreadsheet_row():
    data = b'kpi,period,value,note\nWAIT,2026-04,1,"One\nnote"\nWAIT,2026-05,x,\n'

    result = parse_returns(data, KPIS)

    assert result.rows[0].note == "One\nnote"
    assert [(p.line, p.column) for p in result.problems] == [(3, "value")]


def test_it_explains_a_comma_left_out_of_quotes():
    data = b"kpi,period,value\nWAIT,2026-04,1,250\n"

    result = parse_returns(data, KPIS)

    assert problems_of(result) == [
        (
            2,
            "",
            "This row has more values than there are column headings. If a value or note "
            'has a comma in it, like 1,250, put it in "double quotes".',
        )
    ]


def test_it_names_something_put_in_a_column_with_no_heading():
    data = b"kpi,,period,value\nWAIT,oops,2026-04,1\n"

    result = parse_returns(data, KPIS)

    assert problems_of(result) == [
        (
            2,
            "",
            "This row has something in a column with no heading. "
            "Give the column a heading, or delete what is in it.",
        )
    ]


# --- problems with the headings ----------------------------------------------


def test_it_names_each_missing_column():
    result = parse_returns(b"KPI,note\nWAIT,x\n", KPIS)

    assert problems_of(result) == [
        (
            1,
            "",
            'The "period" column is missing. Every file needs the columns kpi, period and value.',
        ),
        (
            1,
            "",
            'The "value" column is missing. Every file needs the columns kpi, period and value.',
        ),
    ]
    assert result.rows == ()


def test_it_names_unknown_and_repeated_columns():
    result = parse_returns(b"kpi,period,valeu,Value,value,comments\nWAIT,2026-04,1,1,1,x\n", KPIS)

    assert problems_of(result) == [
        (
            1,
            "valeu",
            'The column "valeu" is not one we know. '
            'Use only these columns: kpi, period, value and note. Did you mean "value"?',
        ),
        (1, "value", 'There are two "value" columns. Keep one and remove the other.'),
        (
            1,
            "comments",
            'The column "comments" is not one we know. '
            "Use only these columns: kpi, period, value and note.",
        ),
    ]
    assert result.rows == ()


# --- problems with the whole file --------------------------------------------


def test_it_says_when_the_file_is_not_utf8():
    # 0xA3 is "£" in Windows' own encoding, but means nothing on its own in UTF-8.
    result = parse_returns(b"kpi,period,value,note\nWAIT,2026-04,1,\xa312\n", KPIS)

    assert problems_of(result) == [
        (
            0,
            "",
            'We could not read the letters in this file. In Excel, use "Save as" and choose '
            '"CSV UTF-8".',
        )
    ]
    assert result.rows == ()


@pytest.mark.parametrize("data", [b"", b"\r\n\r\n", b"\xef\xbb\xbf", b" , ,\n"])
def test_it_says_when_the_file_is_empty(data):
    assert problems_of(parse_returns(data, KPIS)) == [
        (
            0,
            "",
            "The file is empty. The first line must be the column headings: "
            "kpi, period, value, and note if you want one.",
        )
    ]


def test_it_says_when_there_are_headings_but_no_figures():
    assert problems_of(parse_returns(b"kpi,period,value\n,,\n", KPIS)) == [
        (0, "", "The file has column headings but no figures under them.")
    ]


def test_it_says_when_there_are_no_kpis_to_report_on():
    assert problems_of(parse_returns(csv_bytes([["WAIT", "2026-04", "1"]]), {})) == [
        (0, "", "This contract has no KPIs to report on yet, so there is nothing to read.")
    ]


def test_it_says_when_a_csv_cannot_be_read():
    huge = b"x" * 200_000  # more than any cell should hold
    data = b"kpi,period,value,note\nWAIT,2026-04,1,Fine\nWAIT,2026-05,1," + huge + b"\n"

    assert problems_of(parse_returns(data, KPIS)) == [
        (
            0,
            "",
            "We could not read this CSV file near line 3. "
            "Check it opens in a spreadsheet, then save it again as CSV.",
        )
    ]


def months(n):
    return [
        ["WAIT", p.isoformat()[:7], "1"]
        for p in periods_between(date(2026, 4, 1), date(2029, 3, 1), "monthly")[:n]
    ]


def test_it_takes_up_to_the_most_rows():
    result = parse_returns(csv_bytes(months(3)), KPIS, max_rows=3)

    assert result.ok
    assert len(result.rows) == 3


def test_it_refuses_more_than_the_most_rows_with_one_problem():
    result = parse_returns(csv_bytes(months(4)), KPIS, max_rows=3)

    assert problems_of(result) == [
        (
            0,
            "",
            "The file has more than 3 figures. The most in one file is 3. "
            "Split it into smaller files.",
        )
    ]
    assert result.rows == ()


def test_it_does_not_count_blank_rows_towards_the_most():
    rows = months(3)
    result = parse_returns(csv_bytes([rows[0], [], rows[1], ["", ""], rows[2]]), KPIS, max_rows=3)

    assert result.ok
    assert [r.line for r in result.rows] == [2, 4, 6]


def test_it_uses_the_default_most_of_5000():
    result = parse_returns(csv_bytes([["WAIT", "2026-04", "1"]] * 5001), KPIS)

    assert [p.message for p in result.problems] == [
        "The file has more than 5,000 figures. The most in one file is 5,000. "
        "Split it into smaller files."
    ]


# --- properties --------------------------------------------------------------

FORMS = {
    "iso month": lambda d: f"{d.year}-{d.month:02d}",
    "iso date": lambda d: d.isoformat(),
    "short month": lambda d: d.strftime("%b %Y"),
    "uk date": lambda d: d.strftime("%d/%m/%Y"),
}


@st.composite
def good_rows(draw):
    code = draw(st.sampled_from(sorted(KPIS)))
    spec = KPIS[code]
    period = draw(
        st.sampled_from(periods_between(spec.first_period, spec.last_period, spec.frequency))
    )
    written_period = FORMS[draw(st.sampled_from(sorted(FORMS)))](period)
    value = draw(
        st.decimals(min_value=0, max_value=10**9, places=draw(st.integers(0, 4)), allow_nan=False)
    )
    written_value = draw(st.sampled_from([f"{value}", f"{value:,}", f"{value}%"]))
    note = draw(
        st.text(st.characters(codec="utf-8", exclude_characters="\x00\r"), max_size=40).map(
            str.strip
        )
    )
    written_code = draw(st.sampled_from([code, code.lower()]))
    return (
        (code, period),
        [written_code, written_period, written_value, note],
        ReturnRow(0, code, period, value, note),
    )


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(good_rows(), min_size=1, max_size=20, unique_by=lambda r: r[0]))
def test_it_reads_back_exactly_the_rows_written(rows):
    result = parse_returns(csv_bytes([written for _, written, _ in rows]), KPIS)

    assert result.problems == ()
    assert result.rows == tuple(
        dataclasses.replace(expected, line=line)
        for line, (_, _, expected) in enumerate(rows, start=2)
    )


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=400))
def test_it_never_fails_on_any_bytes(data):
    result = parse_returns(data, KPIS)
    assert result.rows == () or result.problems == () or all(p.line > 0 for p in result.problems)
    assert all(
        isinstance(p, ImportProblem) and p.message.endswith((".", "?")) for p in result.problems
    )


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(st.text(max_size=12), max_size=5), max_size=8))
def test_every_problem_is_a_full_sentence_on_a_real_line(records):
    data = csv_bytes(records)
    result = parse_returns(data, KPIS)
    lines = len(records) + 1
    for problem in result.problems:
        assert 0 <= problem.line <= lines
        assert problem.message[0].isupper() or problem.message[0] in "\"'0123456789"
        assert problem.message.endswith((".", "?"))
    assert [p.line for p in result.problems] == sorted(p.line for p in result.problems)


def test_it_labels_periods_in_messages_the_way_the_pages_do():
    # The importer and the pages share one way of naming a period.
    message = one_row("SAT-1", "2029-04", "1").problems[0].message
    assert period_label(date(2029, 1, 1), "quarterly") in message
