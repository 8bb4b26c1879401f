"""Reading population shares from CSV: all or nothing, every problem named by its line.

A good file read to exact rows first, then each kind of problem in the words
people will read, then the file-level problems, then properties over random
valid files and random bytes.
"""

import csv
import io
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from withus.representation.population_import import (
    ImportProblem,
    ShareImport,
    ShareRow,
    parse_shares,
)

D = Decimal

GROUPS = {
    "age_band": ["under_18", "18_24", "25_34", "35_44", "prefer_not_to_say"],
    "gender": ["woman", "man", "non_binary", "other", "prefer_not_to_say"],
    "disabled": ["yes", "no", "prefer_not_to_say"],
    "experience": ["drugs", "alcohol", "mental_health", "carer"],
}
CATEGORIES = "age_band, gender, disabled, experience"
GIVE = "Give a number from 0 to 100, like 51.2."


def csv_bytes(rows, header=("category", "group", "percent", "source"), delimiter=","):
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=delimiter)
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def problems_of(result):
    return [(p.line, p.column, p.message) for p in result.problems]


def one_row(*row):
    """Parse a file with one row under the usual headings."""
    return parse_shares(csv_bytes([row]), GROUPS)


# --- a good file -------------------------------------------------------------


def test_it_reads_a_good_file_to_exact_rows():
    data = (
        b"category,group,percent,source\r\n"
        b"gender,woman,51.2,Census 2021\r\n"  # line 2
        b"gender,man,48.8%,Census 2021\r\n"  # line 3
        b"disabled,yes,17,\r\n"  # line 4
        b'experience,drugs,3.25,"Survey, 2024"\r\n'  # line 5
        b"experience,carer,0,\r\n"  # line 6
    )

    result = parse_shares(data, GROUPS)

    assert result == ShareImport(
        rows=(
            ShareRow("gender", "woman", D("51.20"), "Census 2021"),
            ShareRow("gender", "man", D("48.80"), "Census 2021"),
            ShareRow("disabled", "yes", D("17.00"), ""),
            ShareRow("experience", "drugs", D("3.25"), "Survey, 2024"),
            ShareRow("experience", "carer", D("0.00"), ""),
        ),
        problems=(),
    )
    assert result.ok
    # Kept to 2 places, as the population table keeps them.
    assert [str(row.percent) for row in result.rows] == ["51.20", "48.80", "17.00", "3.25", "0.00"]


def test_it_matches_headings_and_codes_ignoring_case_spaces_a_bom_and_order():
    data = "\ufeff Percent ,GROUP,  Category\n7,Woman,GENDER\n".encode()

    result = parse_shares(data, GROUPS)

    # The codes are kept as the categories are spelled, not as the file did.
    assert result.rows == (ShareRow("gender", "woman", D("7.00"), ""),)


def test_it_reads_a_file_separated_by_semicolons_or_tabs():
    rows = [["gender", "woman", "51"], ["gender", "man", "49"]]
    for delimiter in ";\t":
        result = parse_shares(csv_bytes(rows, REQUIRED_HEADER, delimiter), GROUPS)
        assert [row.percent for row in result.rows] == [D("51.00"), D("49.00")]


REQUIRED_HEADER = ("category", "group", "percent")


@pytest.mark.parametrize(
    ("written", "percent"),
    [
        ("51", D("51.00")),
        ("51.2", D("51.20")),
        ("51.23", D("51.23")),
        ("51.2%", D("51.20")),
        ("51.2 %", D("51.20")),
        (".5", D("0.50")),
        ("0", D("0.00")),
        ("-0", D("0.00")),
        ("100", D("100.00")),
        ("100.00", D("100.00")),
        ("007", D("7.00")),
    ],
)
def test_it_reads_the_ways_people_write_a_percent(written, percent):
    assert one_row("experience", "drugs", written).rows[0].percent == percent


def test_a_lived_experience_category_can_add_up_to_more_than_100():
    # One person can have several kinds of lived experience.
    rows = [["experience", group, "60"] for group in ("drugs", "alcohol", "carer")]

    result = parse_shares(csv_bytes(rows), GROUPS)

    assert result.ok
    assert sum(row.percent for row in result.rows) == D("180.00")


def test_a_category_can_add_up_to_exactly_100():
    rows = [["gender", "woman", "50.5"], ["gender", "man", "49.25"], ["gender", "other", "0.25"]]

    assert parse_shares(csv_bytes(rows), GROUPS).ok


# --- problems in a row, in the words people read ------------------------------


@pytest.mark.parametrize(
    ("row", "column", "message"),
    [
        (("", "woman", "1"), "category", f"The category is empty. Use one of: {CATEGORIES}."),
        (
            ("sex", "woman", "1"),
            "category",
            f'There is no category "sex". The categories are: {CATEGORIES}.',
        ),
        (
            ("gender", "", "1"),
            "group",
            "The group is empty. For gender, use one of: woman, man, non_binary, other.",
        ),
        (
            ("gender", "female", "1"),
            "group",
            'There is no group "female" in gender. The groups are: woman, man, non_binary, other.',
        ),
        (
            ("gender", "Prefer_Not_To_Say", "1"),
            "group",
            "Residents are not counted as prefer not to say, so it has no share. Delete this line.",
        ),
        (
            ("experience", "prefer_not_to_say", "1"),
            "group",
            "Residents are not counted as prefer not to say, so it has no share. Delete this line.",
        ),
        (("gender", "woman", ""), "percent", f"The percent is empty. {GIVE}"),
        (("gender", "woman", "-1"), "percent", f"The percent -1 is not from 0 to 100. {GIVE}"),
        (
            ("gender", "woman", "100.01"),
            "percent",
            f"The percent 100.01 is not from 0 to 100. {GIVE}",
        ),
        (("gender", "woman", "150%"), "percent", f"The percent 150% is not from 0 to 100. {GIVE}"),
        (
            ("gender", "woman", "51.234"),
            "percent",
            "The percent 51.234 has more than 2 decimal places. "
            "Round it to 2 or fewer, like 51.23.",
        ),
        *[
            (
                ("gender", "woman", written),
                "percent",
                f'The percent "{written}" is not a number we can read. '
                "Give a number from 0 to 100, like 51.2, using a full stop for decimals.",
            )
            for written in ["51,2", "half", "1e2", "NaN", "+5", "5 1", "%", "."]
        ],
        (
            ("gender", "woman", "51", "x" * 201),
            "source",
            "The source is 201 characters long. The most is 200. Shorten it.",
        ),
    ],
)
def test_it_names_each_problem_in_a_row(row, column, message):
    result = one_row(*row)

    assert problems_of(result) == [(2, column, message)]
    assert result.rows == ()
    assert not result.ok


def test_it_takes_a_source_of_200_characters():
    assert one_row("gender", "woman", "51", "x" * 200).rows[0].source == "x" * 200


def test_it_names_every_problem_in_a_row_in_column_order():
    result = one_row("gender", "female", "-1", "x" * 201)

    assert [(p.line, p.column) for p in result.problems] == [
        (2, "group"),
        (2, "percent"),
        (2, "source"),
    ]


def test_it_does_not_check_the_group_of_an_unknown_category():
    # Which groups are right depends on the category, so only that is a problem.
    assert [p.column for p in one_row("sex", "female", "1").problems] == ["category"]


def test_it_gives_the_columns_as_the_file_wrote_them():
    result = parse_shares(b"Category,Group,PERCENT\ngender,woman,x\n", GROUPS)

    assert [(p.line, p.column) for p in result.problems] == [(2, "PERCENT")]


def test_it_names_the_first_line_when_a_group_comes_twice():
    data = csv_bytes(
        [
            ["gender", "woman", "51"],  # line 2
            ["disabled", "yes", "17"],  # line 3
            ["Gender", "WOMAN", "50"],  # line 4: the same as line 2, written differently
            ["gender", "man", "49"],  # line 5
            ["disabled", "yes", "18"],  # line 6: the same as line 3
        ]
    )

    result = parse_shares(data, GROUPS)

    assert problems_of(result) == [
        (
            4,
            "",
            'The share for gender "woman" is already on line 2. '
            "Keep one of the two lines and delete the other.",
        ),
        (
            6,
            "",
            'The share for disabled "yes" is already on line 3. '
            "Keep one of the two lines and delete the other.",
        ),
    ]
    assert result.rows == ()  # all or nothing


def test_it_names_a_category_adding_up_to_more_than_100_on_its_last_line():
    data = csv_bytes(
        [
            ["gender", "woman", "51.2"],  # line 2
            ["disabled", "yes", "17"],  # line 3
            ["gender", "man", "48.8"],  # line 4: 100.00 so far, fine
            ["disabled", "no", "83.01"],  # line 5: 17 + 83.01 = 100.01
            ["gender", "other", "0.5"],  # line 6: 51.2 + 48.8 + 0.5 = 100.5
            ["experience", "drugs", "7"],  # line 7
        ]
    )

    result = parse_shares(data, GROUPS)

    assert problems_of(result) == [
        (
            5,
            "percent",
            "The percents for disabled add up to 100.01, more than 100. "
            "Each resident is in only one group, so check the figures.",
        ),
        (
            6,
            "percent",
            "The percents for gender add up to 100.50, more than 100. "
            "Each resident is in only one group, so check the figures.",
        ),
    ]
    assert result.rows == ()


def test_it_adds_up_a_category_even_when_other_lines_have_problems():
    # Line 3's percent cannot be read, and line 4 repeats line 2: neither is counted.
    data = csv_bytes(
        [
            ["gender", "woman", "60"],  # line 2
            ["gender", "man", "lots"],  # line 3
            ["gender", "woman", "60"],  # line 4
            ["gender", "other", "41"],  # line 5: 60 + 41 = 101
        ]
    )

    assert [(p.line, p.column) for p in parse_shares(data, GROUPS).problems] == [
        (3, "percent"),
        (4, ""),
        (5, "percent"),
    ]


def test_it_skips_blank_rows_and_keeps_line_numbers_right():
    data = (
        b"category,group,percent\r\n"
        b"\r\n"  # line 2
        b"gender,woman,51\r\n"  # line 3
        b",,\r\n"  # line 4
        b"  ,  , \r\n"  # line 5
        b"gender,man,x\r\n"  # line 6
        b"\r\n"
    )

    result = parse_shares(data, GROUPS)

    assert [(p.line, p.column) for p in result.problems] == [(6, "percent")]
    assert result.rows == ()


def test_it_explains_a_comma_left_out_of_quotes():
    result = parse_shares(b"category,group,percent,source\ngender,woman,51,Census, 2021\n", GROUPS)

    assert problems_of(result) == [
        (
            2,
            "",
            "This row has more values than there are column headings. If a source "
            'has a comma in it, put it in "double quotes".',
        )
    ]


def test_it_names_something_put_in_a_column_with_no_heading():
    result = parse_shares(b"category,,group,percent\ngender,oops,woman,51\n", GROUPS)

    assert problems_of(result) == [
        (
            2,
            "",
            "This row has something in a column with no heading. "
            "Give the column a heading, or delete what is in it.",
        )
    ]


# --- problems with the headings: one problem, saying everything wrong ----------

HEADINGS = (
    "The first line must be the column headings: "
    "category, group, percent, and source if you want one."
)


@pytest.mark.parametrize(
    ("first_line", "wrong"),
    [
        (b"category,group", 'The "percent" column is missing.'),
        (
            b"group,notes",
            '"notes" is not a column we know. The "category" and "percent" columns are missing.',
        ),
        (b"percent", 'The "category" and "group" columns are missing.'),
        (
            b"category,group,percnt",
            '"percnt" is not a column we know (did you mean "percent"?). '
            'The "percent" column is missing.',
        ),
        (b"category,group,percent,Percent", 'There are two "percent" columns.'),
        (b"category,group,percent,area", '"area" is not a column we know.'),
        (
            b"woman,51.2,Census",
            "This file's first line has none of them, so add a line of headings at the top.",
        ),
    ],
)
def test_it_says_what_is_wrong_with_the_headings_in_one_problem(first_line, wrong):
    result = parse_shares(first_line + b"\ngender,woman,51\n", GROUPS)

    assert problems_of(result) == [(1, "", f"{HEADINGS} {wrong}")]
    assert result.rows == ()


def test_it_names_the_heading_line_after_blank_lines():
    assert [p.line for p in parse_shares(b"\n\ncategory,group\n", GROUPS).problems] == [3]


# --- problems with the whole file --------------------------------------------


def test_it_says_when_the_file_is_not_utf8():
    # 0xA3 is "£" in Windows' own encoding, but means nothing on its own in UTF-8.
    result = parse_shares(b"category,group,percent,source\ngender,woman,51,\xa3\n", GROUPS)

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
    assert problems_of(parse_shares(data, GROUPS)) == [
        (
            0,
            "",
            "The file is empty. The first line must be the column headings: "
            "category, group, percent, and source if you want one.",
        )
    ]


def test_it_says_when_there_are_headings_but_no_shares():
    assert problems_of(parse_shares(b"category,group,percent\n,,\n", GROUPS)) == [
        (0, "", "The file has column headings but no shares under them.")
    ]


def test_it_says_when_a_csv_cannot_be_read():
    huge = b"x" * 200_000  # more than any cell should hold
    data = b"category,group,percent,source\ngender,woman,51,Fine\ngender,man,49," + huge + b"\n"

    assert problems_of(parse_shares(data, GROUPS)) == [
        (
            0,
            "",
            "We could not read this CSV file near line 3. "
            "Check it opens in a spreadsheet, then save it again as CSV.",
        )
    ]


def test_it_says_when_there_are_no_groups_to_give_shares_for():
    data = csv_bytes([["gender", "woman", "51"]])
    for groups in ({}, {"gender": ["prefer_not_to_say"]}):
        assert problems_of(parse_shares(data, groups)) == [
            (0, "", "There are no groups to give shares for, so there is nothing to read.")
        ]


def test_it_says_when_a_category_has_no_groups_to_give_shares_for():
    data = csv_bytes([["gender", "woman", "51"], ["disabled", "yes", "20"]])
    groups = {"gender": ["prefer_not_to_say"], "disabled": ["yes", "no"]}

    assert problems_of(parse_shares(data, groups)) == [
        (2, "group", "There are no groups in gender to give shares for. Delete this line.")
    ]


def many(n):
    # Bad rows on purpose: too many rows is the only problem given.
    return [["gender", "woman", "51"]] * n


def test_it_takes_up_to_2000_rows_and_refuses_more_with_one_problem():
    at_most = parse_shares(csv_bytes(many(2000)), GROUPS)
    assert all(p.line > 0 for p in at_most.problems)  # only the repeats, line by line

    result = parse_shares(csv_bytes(many(2001)), GROUPS)
    assert problems_of(result) == [
        (
            0,
            "",
            "The file has more than 2,000 shares. The most in one file is 2,000. "
            "Split it into smaller files.",
        )
    ]
    assert result.rows == ()


def test_it_does_not_count_blank_rows_towards_the_most():
    rows = [["gender", "woman", "51"], [], ["gender", "man", "49"], ["", ""]]

    assert parse_shares(csv_bytes(rows), GROUPS, max_rows=2).ok


# --- properties --------------------------------------------------------------

SINGLE = [category for category in GROUPS if category != "experience"]


@st.composite
def good_files(draw):
    """Rows for distinct groups, each category (but experience) adding to at most 100."""
    pairs = [
        (category, group)
        for category, listed in GROUPS.items()
        for group in listed
        if group != "prefer_not_to_say"
    ]
    chosen = draw(st.lists(st.sampled_from(pairs), min_size=1, max_size=12, unique=True))
    left = dict.fromkeys(SINGLE, 10000)  # hundredths of a percent
    written, expected = [], []
    for category, group in chosen:
        most = left.get(category, 10000)
        hundredths = draw(st.integers(0, most))
        if category in left:
            left[category] -= hundredths
        percent = Decimal(hundredths).scaleb(-2)
        text = draw(
            st.sampled_from(
                [f"{percent}", f"{percent}%", f"{percent.normalize():f}", f" {percent} % "]
            )
        )
        source = draw(
            st.text(st.characters(codec="utf-8", exclude_characters="\x00\r"), max_size=30).map(
                str.strip
            )
        )
        written.append([draw(st.sampled_from([category, category.upper()])), group, text, source])
        expected.append(ShareRow(category, group, percent, source))
    return written, tuple(expected)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(good_files())
def test_it_reads_back_exactly_the_shares_written(drawn):
    written, expected = drawn

    result = parse_shares(csv_bytes(written), GROUPS)

    assert result == ShareImport(rows=expected, problems=())
    assert all(row.percent.as_tuple().exponent == -2 for row in result.rows)


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=400))
def test_it_never_fails_on_any_bytes(data):
    result = parse_shares(data, GROUPS)
    assert result.rows == () or result.problems == ()
    assert all(
        isinstance(p, ImportProblem) and p.message.endswith((".", "?")) for p in result.problems
    )


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(st.text(max_size=12), max_size=5), max_size=8))
def test_every_problem_is_a_full_sentence_on_a_real_line_and_nothing_is_half_taken(records):
    result = parse_shares(csv_bytes(records), GROUPS)
    lines = len(records) + 1
    assert (result.rows == ()) or (result.problems == ())
    for problem in result.problems:
        assert 0 <= problem.line <= lines
        assert problem.message[0].isupper() or problem.message[0] in "\"'0123456789"
        assert problem.message.endswith((".", "?"))
    assert [p.line for p in result.problems] == sorted(p.line for p in result.problems)
