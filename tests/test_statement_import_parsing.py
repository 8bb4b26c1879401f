"""Reading statements from CSV and Excel files: all or nothing, every problem named."""

import csv
import dataclasses
import io
import zipfile
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from withus.insight.importing import (
    AGE_BANDS,
    DISABLED,
    ETHNIC_GROUPS,
    KINDS,
    SOURCES,
    RowError,
    StatementRow,
    parse_statements,
)

FIXTURES = Path(__file__).resolve().parent / "fixtures"
HEADER = [
    "Kind",
    "Statement",
    "Source",
    "Consent",
    "Age band",
    "Gender",
    "Ethnic group",
    "Disabled",
]

KIND_CHOICES = (
    "what is working, what is not working, what matters to me now, what matters for the future"
)
SOURCE_CHOICES = "review, event, survey, easy read, story"
AGE_CHOICES = (
    "Under 18; 18 to 24; 25 to 34; 35 to 44; 45 to 54; 55 to 64; 65 to 74; 75 or over; "
    "Prefer not to say"
)
ETHNIC_CHOICES = (
    "Asian, Asian British or Asian Welsh; "
    "Black, Black British, Black Welsh, Caribbean or African; "
    "Mixed or Multiple ethnic groups; White; Other ethnic group; Prefer not to say"
)
NO_CONSENT = (
    "Equality details can only be kept with consent. Put yes in the consent column, "
    "or leave the equality columns empty."
)
ALL_COLUMNS = "kind, statement, source, consent, age band, gender, ethnic group, disabled"
NOT_CSV_OR_XLSX = "The file must be a CSV or an Excel (.xlsx) file."
BAD_XLSX = (
    "We could not open this Excel file. It may be damaged, or saved in another format. "
    'Open it in Excel and use "Save as" to save it as an Excel Workbook (.xlsx).'
)


def csv_bytes(rows, header=HEADER, encoding="utf-8", delimiter=","):
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=delimiter)
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode(encoding)


def xlsx_bytes(rows, header=HEADER):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def row(**given):
    """A good row, with the columns in ``given`` changed (spaces for underscores)."""
    values = {
        "kind": "working",
        "statement": "My PA knows me",
        "source": "review",
        "consent": "",
        "age_band": "",
        "gender": "",
        "ethnic_group": "",
        "disabled": "",
    }
    values.update(given)
    return list(values.values())


def errors_of(result):
    return [(e.line, e.column, e.message) for e in result.errors]


# ---------------------------------------------------------------- good files


def test_it_reads_a_good_csv_to_exact_rows():
    data = (FIXTURES / "statements_good.csv").read_bytes()

    result = parse_statements("statements.csv", data)

    assert result.errors == []
    assert result.ok
    assert result.rows == [
        StatementRow(
            line=2,
            kind="working",
            text="My PA knows me and what I like",
            source="review",
            consent=True,
            age_band="25_34",
            gender="Woman",
            ethnic_group="white",
            disabled="yes",
        ),
        StatementRow(
            line=3,
            kind="not_working",
            text="I can't get help at weekends, nobody answers",
            source="easy_read",
            consent=False,
        ),
        StatementRow(
            line=4,
            kind="matters_now",
            text="Being called by my name and not my diagnosis",
            source="event",
            consent=False,
        ),
        StatementRow(
            line=5,
            kind="matters_future",
            text="A job, and my own front door",
            source="survey",
            consent=True,
            age_band="65_74",
            ethnic_group="asian",
            disabled="prefer_not_to_say",
        ),
        # Line 6 is blank. A leading "=" is kept as words, never worked out.
        StatementRow(
            line=7,
            kind="not_working",
            text="=the bus was cancelled again",
            source="story",
            consent=False,
        ),
    ]


def test_it_reads_a_good_xlsx_to_exact_rows():
    data = xlsx_bytes(
        [
            ["What is working", "  The day centre is friendly  ", "event", True, "18-24"],
            ["future", "Somewhere to live near my family", "Easy Read", 1, None, "non-binary"],
            ["not_working", "+44 numbers cost me money", "survey", "no"],
            ["Matters now", "Seeing the same nurse", "story", "Yes", None, None, "Black", 0],
        ]
    )

    result = parse_statements("Statements.XLSX", data)

    assert result.errors == []
    assert result.rows == [
        StatementRow(2, "working", "The day centre is friendly", "event", True, "18_24"),
        StatementRow(
            3,
            "matters_future",
            "Somewhere to live near my family",
            "easy_read",
            True,
            gender="non-binary",
        ),
        StatementRow(4, "not_working", "+44 numbers cost me money", "survey", False),
        StatementRow(
            5, "matters_now", "Seeing the same nurse", "story", True, "", "", "black", "no"
        ),
    ]


def test_it_reads_only_the_first_sheet_of_a_workbook():
    book = openpyxl.Workbook()
    book.active.append(["kind", "statement", "source"])
    book.active.append(["working", "First sheet", "review"])
    second = book.create_sheet("Other")
    second.append(["nonsense"])
    out = io.BytesIO()
    book.save(out)

    result = parse_statements("s.xlsx", out.getvalue())

    assert result.errors == []
    assert [r.text for r in result.rows] == ["First sheet"]


def test_it_keeps_xlsx_text_that_looks_like_a_formula_and_never_works_one_out():
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["kind", "statement", "source"])
    sheet.append(["working", "=1+1", "review"])  # a real formula, never calculated
    sheet.append(["working", "placeholder", "review"])
    sheet["B3"] = '=HYPERLINK("http://example.com")'
    sheet["B3"].data_type = "s"  # typed in as words
    sheet.append(["working", "@SUM(A1)", "review"])
    out = io.BytesIO()
    book.save(out)

    result = parse_statements("s.xlsx", out.getvalue())

    # A formula gives its saved answer; openpyxl saves none, so it reads as empty.
    assert errors_of(result) == [
        (2, "statement", "The statement is empty. Write the statement, or delete the row."),
    ]
    assert [r.text for r in result.rows] == ['=HYPERLINK("http://example.com")', "@SUM(A1)"]


def test_it_counts_xlsx_lines_as_the_spreadsheet_shows_them():
    book = openpyxl.Workbook()
    sheet = book.active
    sheet["A3"], sheet["B3"], sheet["C3"] = "kind", "statement", "source"
    sheet["A4"], sheet["B4"], sheet["C4"] = "working", "Fine", "review"
    sheet["A9"], sheet["B9"], sheet["C9"] = "bad", "Not fine", "review"
    out = io.BytesIO()
    book.save(out)

    result = parse_statements("s.xlsx", out.getvalue())

    assert [r.line for r in result.rows] == [4]
    assert [(e.line, e.column) for e in result.errors] == [(9, "kind")]


# ---------------------------------------------------------------- encodings


def test_it_reads_a_csv_with_a_byte_order_mark():
    data = "\ufeff".encode() + csv_bytes([row(statement="Café on Tuesdays")])

    result = parse_statements("s.csv", data)

    assert result.errors == []
    assert result.rows[0].text == "Café on Tuesdays"


def test_it_reads_a_csv_saved_by_excel_on_windows_as_cp1252():
    data = csv_bytes([row(statement="I can\u2019t afford the café – it’s £5")], encoding="cp1252")
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")

    result = parse_statements("s.csv", data)

    assert result.errors == []
    assert result.rows[0].text == "I can\u2019t afford the café – it’s £5"


def test_it_reads_a_utf16_csv_with_tabs_as_excel_unicode_text():
    data = csv_bytes([row(statement="Tabs, not commas")], delimiter="\t", encoding="utf-16")

    result = parse_statements("s.csv", data)

    assert result.errors == []
    assert result.rows[0].text == "Tabs, not commas"


def test_it_reads_a_csv_separated_by_semicolons():
    data = csv_bytes([row(statement="Semi; colons")], delimiter=";")

    result = parse_statements("s.csv", data)

    assert result.errors == []
    assert result.rows[0].text == "Semi; colons"


def test_it_says_when_the_letters_cannot_be_read():
    # 0x81 means nothing in UTF-8 or in cp1252.
    data = b"kind,statement,source\nworking,caf\x81,review\n"

    result = parse_statements("s.csv", data)

    assert errors_of(result) == [
        (
            0,
            "",
            'We could not read the letters in this file. In Excel, use "Save as" and choose '
            '"CSV UTF-8".',
        )
    ]


# -------------------------------------------------------------- blank rows


def test_it_skips_blank_rows_and_keeps_line_numbers_right():
    data = (
        b"kind,statement,source\r\n"
        b"\r\n"  # line 2
        b"working,First,review\r\n"  # line 3
        b",,\r\n"  # line 4
        b"  ,  , \r\n"  # line 5
        b"good,Second,review\r\n"  # line 6
        b"\r\n"
    )

    result = parse_statements("s.csv", data)

    assert [r.line for r in result.rows] == [3]
    assert [(e.line, e.column) for e in result.errors] == [(6, "kind")]


def test_it_counts_a_statement_over_two_lines_as_one_spreadsheet_row():
    data = b'kind,statement,source\nworking,"One\nstatement",review\nbad,Two,review\n'

    result = parse_statements("s.csv", data)

    assert result.rows[0].text == "One\nstatement"
    assert result.rows[0].line == 2
    assert [e.line for e in result.errors] == [3]


# ---------------------------------------------------------------- each row

ROW_CASES = [
    pytest.param({}, [], id="good row"),
    pytest.param(
        {"kind": "good"},
        [("Kind", f'The kind "good" is not one we know. Use one of: {KIND_CHOICES}.')],
        id="unknown kind",
    ),
    pytest.param(
        {"kind": ""}, [("Kind", f"The kind is empty. Use one of: {KIND_CHOICES}.")], id="no kind"
    ),
    pytest.param(
        {"statement": "   "},
        [("Statement", "The statement is empty. Write the statement, or delete the row.")],
        id="no statement",
    ),
    pytest.param({"statement": "x" * 1000}, [], id="1000 characters is fine"),
    pytest.param(
        {"statement": "x" * 1001},
        [
            (
                "Statement",
                "The statement is 1,001 characters long. The most is 1,000. "
                "Shorten it, or split it into two statements.",
            )
        ],
        id="statement too long",
    ),
    pytest.param(
        {"source": "facebook"},
        [("Source", f'The source "facebook" is not one we know. Use one of: {SOURCE_CHOICES}.')],
        id="unknown source",
    ),
    pytest.param(
        {"source": ""},
        [("Source", f"The source is empty. Use one of: {SOURCE_CHOICES}.")],
        id="no source",
    ),
    pytest.param(
        {"consent": "maybe"},
        [
            (
                "Consent",
                'The consent "maybe" is not one we know. '
                "Use yes or no, or leave it empty (which means no).",
            )
        ],
        id="unknown consent",
    ),
    pytest.param({"gender": "Woman"}, [("Consent", NO_CONSENT)], id="equality without consent"),
    pytest.param(
        {"consent": "no", "disabled": "no"},
        [("Consent", NO_CONSENT)],
        id="equality with consent no",
    ),
    pytest.param(
        {"consent": "maybe", "gender": "Man"},
        [
            (
                "Consent",
                'The consent "maybe" is not one we know. '
                "Use yes or no, or leave it empty (which means no).",
            )
        ],
        id="a bad consent is one error, not two",
    ),
    pytest.param(
        {"consent": "yes", "age_band": "teenager"},
        [
            (
                "Age band",
                f'The age band "teenager" is not one we know. Use one of: {AGE_CHOICES}. '
                "Or leave it empty.",
            )
        ],
        id="unknown age band",
    ),
    pytest.param(
        {"consent": "yes", "gender": "g" * 51},
        [("Gender", "The gender is 51 characters long. Keep it to 50 characters or fewer.")],
        id="gender too long",
    ),
    pytest.param({"consent": "yes", "gender": "g" * 50}, [], id="gender of 50 is fine"),
    pytest.param(
        {"consent": "yes", "ethnic_group": "Martian"},
        [
            (
                "Ethnic group",
                f'The ethnic group "Martian" is not one we know. Use one of: {ETHNIC_CHOICES}. '
                "Or leave it empty.",
            )
        ],
        id="unknown ethnic group",
    ),
    pytest.param(
        {"consent": "yes", "disabled": "sometimes"},
        [
            (
                "Disabled",
                'The disabled answer "sometimes" is not one we know. '
                "Use one of: Yes; No; Prefer not to say. Or leave it empty.",
            )
        ],
        id="unknown disabled answer",
    ),
    pytest.param(
        {"kind": "good", "statement": "", "source": "x", "age_band": "old"},
        [
            ("Kind", f'The kind "good" is not one we know. Use one of: {KIND_CHOICES}.'),
            ("Statement", "The statement is empty. Write the statement, or delete the row."),
            ("Source", f'The source "x" is not one we know. Use one of: {SOURCE_CHOICES}.'),
            (
                "Age band",
                f'The age band "old" is not one we know. Use one of: {AGE_CHOICES}. '
                "Or leave it empty.",
            ),
            ("Consent", NO_CONSENT),
        ],
        id="every problem in a row, in column order",
    ),
]


@pytest.mark.parametrize(("changes", "expected"), ROW_CASES)
def test_it_names_each_problem_in_a_row(changes, expected):
    result = parse_statements("s.csv", csv_bytes([row(**changes)]))

    assert errors_of(result) == [(2, column, message) for column, message in expected]
    assert len(result.rows) == (0 if expected else 1)


@pytest.mark.parametrize(("changes", "expected"), ROW_CASES)
def test_it_names_each_problem_in_an_xlsx_row_the_same_way(changes, expected):
    result = parse_statements("s.xlsx", xlsx_bytes([row(**changes)]))

    assert errors_of(result) == [(2, column, message) for column, message in expected]


@pytest.mark.parametrize(
    ("written", "kind"),
    [
        ("working", "working"),
        ("What is working", "working"),
        ("WHAT'S WORKING?", "working"),
        ("not_working", "not_working"),
        ("  Not working ", "not_working"),
        ("What is not working", "not_working"),
        ("What isn’t working", "not_working"),
        ("matters_now", "matters_now"),
        ("Matters now", "matters_now"),
        ("What matters to me now", "matters_now"),
        ("What is important to me now", "matters_now"),
        ("matters_future", "matters_future"),
        ("Future", "matters_future"),
        ("What matters for the future", "matters_future"),
        ("What is important to me for the future", "matters_future"),
    ],
)
def test_it_understands_the_words_people_use_for_kind(written, kind):
    result = parse_statements("s.csv", csv_bytes([row(kind=written)]))

    assert result.errors == []
    assert result.rows[0].kind == kind


@pytest.mark.parametrize(
    ("written", "source"),
    [
        ("review", "review"),
        ("Person-centred review", "review"),
        ("EVENT", "event"),
        ("survey", "survey"),
        ("easy_read", "easy_read"),
        ("Easy read", "easy_read"),
        ("easy-read form", "easy_read"),
        ("Easy Read forms", "easy_read"),
        ("story", "story"),
        ("Stories", "story"),
    ],
)
def test_it_understands_the_words_people_use_for_source(written, source):
    result = parse_statements("s.csv", csv_bytes([row(source=written)]))

    assert result.errors == []
    assert result.rows[0].source == source


@pytest.mark.parametrize(
    ("written", "consent"),
    [
        ("yes", True),
        ("Y", True),
        ("TRUE", True),
        ("1", True),
        ("no", False),
        ("n", False),
        ("False", False),
        ("0", False),
        ("", False),
    ],
)
def test_it_understands_consent(written, consent):
    result = parse_statements("s.csv", csv_bytes([row(consent=written)]))

    assert result.errors == []
    assert result.rows[0].consent is consent


@pytest.mark.parametrize(
    ("column", "written", "stored"),
    [
        ("age_band", "Under 18", "under_18"),
        ("age_band", "18-24", "18_24"),
        ("age_band", "35 to 44", "35_44"),
        ("age_band", "55–64", "55_64"),
        ("age_band", "75+", "75_plus"),
        ("age_band", "prefer not to say", "prefer_not_to_say"),
        ("ethnic_group", "White", "white"),
        ("ethnic_group", "Mixed or Multiple ethnic groups", "mixed"),
        ("ethnic_group", "Black, Black British, Black Welsh, Caribbean or African", "black"),
        ("ethnic_group", "Other ethnic group", "other"),
        ("ethnic_group", "prefer_not_to_say", "prefer_not_to_say"),
        ("disabled", "Yes", "yes"),
        ("disabled", "no", "no"),
        ("disabled", "Prefer not to say", "prefer_not_to_say"),
    ],
)
def test_it_understands_equality_answers(column, written, stored):
    result = parse_statements("s.csv", csv_bytes([row(consent="yes", **{column: written})]))

    assert result.errors == []
    assert getattr(result.rows[0], column) == stored


def test_it_keeps_csv_text_that_looks_like_a_formula_as_text():
    texts = ["=1+1", "+44 7700 900000", "-not great-", "@everyone", '=HYPERLINK("x")']
    result = parse_statements("s.csv", csv_bytes([row(statement=t) for t in texts]))

    assert result.errors == []
    assert [r.text for r in result.rows] == texts


def test_it_explains_a_comma_left_out_of_quotes():
    data = b"kind,statement,source\nworking,I like it, mostly,review\n"

    result = parse_statements("s.csv", data)

    assert errors_of(result) == [
        (
            2,
            "source",
            f'The source "mostly" is not one we know. Use one of: {SOURCE_CHOICES}.',
        ),
        (
            2,
            "",
            "This row has more values than there are column headings. "
            'If a statement has a comma in it, put the whole statement in "double quotes".',
        ),
    ]


def test_it_names_something_put_in_a_column_with_no_heading():
    data = xlsx_bytes(
        [["working", "Fine", "review", None, "stray"]], header=["kind", "statement", "source"]
    )

    result = parse_statements("s.xlsx", data)

    assert errors_of(result) == [
        (
            2,
            "",
            "This row has something in a column with no heading. "
            "Give the column a heading, or delete what is in it.",
        )
    ]


# ---------------------------------------------------------------- headings


def test_it_matches_headings_ignoring_case_spaces_and_underscores():
    header = [
        " KIND ",
        "text",
        "Source",
        "CONSENT",
        "age_band",
        "gender",
        "EthnicGroup",
        "disabled",
    ]
    data = csv_bytes([row(consent="yes", age_band="25-34")], header=header)

    result = parse_statements("s.csv", data)

    assert result.errors == []
    assert result.rows[0].age_band == "25_34"


def test_it_reads_columns_in_any_order_and_leaves_optional_ones_out():
    data = b"Source,Statement,Kind\nreview,Fine,working\n"

    result = parse_statements("s.csv", data)

    assert result.rows == [StatementRow(2, "working", "Fine", "review", False)]


def test_it_names_each_missing_required_column():
    data = b"Statement,Consent\nFine,yes\n"

    result = parse_statements("s.csv", data)

    needs = "Every file needs the columns kind, statement and source."
    assert errors_of(result) == [
        (1, "", f'The "kind" column is missing. {needs}'),
        (1, "", f'The "source" column is missing. {needs}'),
    ]
    assert result.rows == []


def test_it_names_unknown_columns_so_typos_do_not_drop_data():
    data = b"kind,statement,source,Ethnic grop,Notes\nworking,Fine,review,,\n"

    result = parse_statements("s.csv", data)

    assert errors_of(result) == [
        (
            1,
            "Ethnic grop",
            f'The column "Ethnic grop" is not one we know. Use only these columns: {ALL_COLUMNS}. '
            'Did you mean "ethnic group"?',
        ),
        (
            1,
            "Notes",
            f'The column "Notes" is not one we know. Use only these columns: {ALL_COLUMNS}.',
        ),
    ]
    assert result.rows == []


def test_it_refuses_name_and_contact_columns():
    data = b"Name,kind,statement,source,Email address\nAnn,working,Fine,review,a@example.com\n"

    result = parse_statements("s.csv", data)

    assert errors_of(result) == [
        (1, "Name", 'withus stores statements without names. Remove the "Name" column.'),
        (
            1,
            "Email address",
            "withus stores statements without names or contact details. "
            'Remove the "Email address" column.',
        ),
    ]
    assert result.rows == []


def test_it_names_a_column_given_twice():
    data = b"kind,statement,source,text\nworking,Fine,review,Also fine\n"

    result = parse_statements("s.csv", data)

    assert errors_of(result) == [
        (1, "text", 'There are two "statement" columns. Keep one and remove the other.')
    ]


# ------------------------------------------------------------- whole files


def test_it_reports_every_error_in_the_file_together_in_line_order():
    data = csv_bytes(
        [
            row(),
            row(kind="good"),
            row(),
            row(statement=""),
            row(source="radio", gender="Man"),
            row(),
        ],
        header=[*HEADER[:-1], "Disabled", "Postcode"],
    )

    result = parse_statements("s.csv", data)

    assert [(e.line, e.column) for e in result.errors] == [
        (1, "Postcode"),
        (3, "Kind"),
        (5, "Statement"),
        (6, "Source"),
        (6, "Consent"),
    ]
    assert not result.ok


def test_it_keeps_no_rows_when_the_headings_are_wrong():
    data = b"kind,statement,source,surname\nworking,Fine,review,\n"

    result = parse_statements("s.csv", data)

    assert not result.ok
    assert result.rows == []


@pytest.mark.parametrize("filename", ["s.txt", "s.xls", "s.ods", "s", "s.csv.exe"])
def test_it_refuses_files_that_are_not_csv_or_xlsx(filename):
    result = parse_statements(filename, csv_bytes([row()]))

    assert errors_of(result) == [(0, "", NOT_CSV_OR_XLSX)]
    assert result.rows == []


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"not a zip file at all",
        b"PK\x03\x04broken",
        pytest.param(None, id="a zip that is not a workbook"),
    ],
)
def test_it_gives_one_clear_error_for_a_broken_xlsx(data):
    if data is None:
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w") as archive:
            archive.writestr("hello.txt", "hello")
        data = out.getvalue()

    result = parse_statements("s.xlsx", data)

    assert errors_of(result) == [(0, "", BAD_XLSX)]


def test_it_gives_one_clear_error_for_a_truncated_xlsx():
    data = xlsx_bytes([row()])[:-200]

    result = parse_statements("s.xlsx", data)

    assert len(result.errors) == 1
    assert result.errors[0].line == 0
    assert result.rows == []


def test_it_says_when_a_csv_is_empty():
    result = parse_statements("s.csv", b"\r\n\r\n")

    assert errors_of(result) == [
        (0, "", f"The file is empty. The first line must be the column headings: {ALL_COLUMNS}.")
    ]


def test_it_says_when_there_are_headings_but_no_statements():
    result = parse_statements("s.csv", b"kind,statement,source\n,,\n")

    assert errors_of(result) == [
        (0, "", "The file has column headings but no statements under them.")
    ]


def test_it_takes_up_to_the_most_rows():
    result = parse_statements("s.csv", csv_bytes([row()] * 3), max_rows=3)

    assert result.ok
    assert len(result.rows) == 3


def test_it_refuses_more_than_the_most_rows_with_one_error():
    result = parse_statements("s.csv", csv_bytes([row(kind="bad")] * 4), max_rows=3)

    assert errors_of(result) == [
        (
            0,
            "",
            "The file has more than 3 statements. The most in one file is 3. "
            "Split it into smaller files.",
        )
    ]
    assert result.rows == []


def test_it_does_not_count_blank_rows_towards_the_most():
    result = parse_statements("s.csv", csv_bytes([row(), [], row(), ["", ""], row()]), max_rows=3)

    assert result.ok
    assert [r.line for r in result.rows] == [2, 4, 6]


def test_it_uses_the_default_most_of_5000():
    result = parse_statements("s.csv", csv_bytes([row()] * 5001))

    assert [e.message for e in result.errors] == [
        "The file has more than 5,000 statements. The most in one file is 5,000. "
        "Split it into smaller files."
    ]


def test_it_says_when_a_csv_cannot_be_read():
    huge = b"x" * 200_000  # more than any cell should hold
    data = b"kind,statement,source\nworking,Fine,review\nworking," + huge + b",review\n"

    result = parse_statements("s.csv", data)

    assert errors_of(result) == [
        (
            0,
            "",
            "We could not read this CSV file near line 3. Check it opens in a spreadsheet, "
            "then save it again as CSV.",
        )
    ]
    assert result.rows == []


def test_it_drops_nul_characters_which_a_database_would_refuse():
    result = parse_statements("s.csv", b"kind,statement,source\nworking,a\x00b,review\n")

    assert result.errors == []
    assert result.rows[0].text == "ab"


def test_it_reads_a_utf16_csv_saved_without_a_byte_order_mark():
    data = "kind,statement,source\nworking,Fine,review\n".encode("utf-16-le")

    result = parse_statements("s.csv", data)

    assert result.rows == [StatementRow(2, "working", "Fine", "review", False)]


def test_it_has_the_documented_choices():
    assert set(KINDS) == {"working", "not_working", "matters_now", "matters_future"}
    assert sorted(SOURCES) == ["easy_read", "event", "review", "story", "survey"]
    assert set(DISABLED) == {"yes", "no", "prefer_not_to_say"}
    assert set(ETHNIC_GROUPS) == {"asian", "black", "mixed", "white", "other", "prefer_not_to_say"}
    assert "prefer_not_to_say" in AGE_BANDS
    assert RowError(1, "", "x") == RowError(1, "", "x")


# ------------------------------------------------------------ round trip

_WRITTEN_KIND = {
    "working": ["working", "What is working"],
    "not_working": ["not_working", "What is not working", "not working"],
    "matters_now": ["matters_now", "What matters to me now", "matters now"],
    "matters_future": ["matters_future", "What matters for the future", "future"],
}
_WRITTEN_SOURCE = {
    "review": ["review", "Review"],
    "event": ["event"],
    "survey": ["Survey"],
    "easy_read": ["easy_read", "Easy read", "easy-read form"],
    "story": ["story", "Stories"],
}
_TEXT_CHARS = st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00\r")


def _clean_text(max_size):
    return st.text(_TEXT_CHARS, min_size=1, max_size=max_size).map(str.strip).filter(bool)


def _pick(table):
    return st.sampled_from(sorted(table)).flatmap(
        lambda key: st.tuples(st.just(key), st.sampled_from(table[key]))
    )


@st.composite
def _statement(draw):
    kind, kind_written = draw(_pick(_WRITTEN_KIND))
    source, source_written = draw(_pick(_WRITTEN_SOURCE))
    text = draw(_clean_text(1000))
    consent = draw(st.booleans())
    age = ethnic = disabled = gender = ""
    if consent:
        age = draw(st.sampled_from(["", *AGE_BANDS]))
        ethnic = draw(st.sampled_from(["", *ETHNIC_GROUPS]))
        disabled = draw(st.sampled_from(["", *DISABLED]))
        gender = draw(st.just("") | _clean_text(50))
    consent_written = draw(st.sampled_from(["yes", "Y", "TRUE", "1"] if consent else ["no", ""]))
    written = [kind_written, text, source_written, consent_written, age, gender, ethnic, disabled]
    expected = StatementRow(0, kind, text, source, consent, age, gender, ethnic, disabled)
    return written, expected


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(statements=st.lists(_statement(), min_size=1, max_size=20), order=st.permutations(range(8)))
def test_it_reads_back_exactly_the_rows_written_to_a_csv(statements, order):
    header = [HEADER[i] for i in order]
    rows = [[written[i] for i in order] for written, _ in statements]

    result = parse_statements("round-trip.csv", csv_bytes(rows, header=header))

    assert result.errors == []
    assert result.rows == [
        dataclasses.replace(expected, line=line)
        for line, (_, expected) in enumerate(statements, start=2)
    ]
