"""Importing statements through /insight/<pk>/statements/import/: all rows or none."""

import io
import re

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from withus.core.models import AuditEntry
from withus.insight import services as insight
from withus.insight.models import Statement

HEADER = "Kind,Statement,Source,Consent,Age band,Gender,Ethnic group,Disabled"
GOOD_ROWS = [
    "what is working,My carer comes on time,event,,,,,",
    "what is not working,Nobody answers at weekends,survey,no,,,,",
    "what matters to me now,Seeing my friends,story,yes,25 to 34,Man,White,No",
    'what matters for the future,"A job, with support",review,,,,,',
    "what is not working,The bus is late,easy read,,,,,",
]


@pytest.fixture
def exercise(area, facilitator):
    return insight.exercise_open(by=facilitator, local_area=area, title="Day services")


def _csv(*rows: str) -> bytes:
    return ("\n".join([HEADER, *rows]) + "\n").encode()


def _upload(client, exercise, name: str, data: bytes, content_type="text/csv"):
    return client.post(
        reverse("statements_import", args=[exercise.pk]),
        {"file": SimpleUploadedFile(name, data, content_type=content_type)},
    )


def _problem_rows(page: str) -> list[tuple[str, str, str]]:
    table = page[page.index('<table class="govuk-table" id="problems">') :]
    table = table[: table.index("</table>")]
    cells = re.findall(
        r'<tr class="govuk-table__row">\s*<td[^>]*>(.*?)</td>\s*<td[^>]*>(.*?)</td>\s*'
        r"<td[^>]*>(.*?)</td>",
        table,
        re.S,
    )
    return [tuple(c.strip() for c in row) for row in cells]


def test_it_adds_every_row_of_a_good_csv(client, facilitator, exercise):
    client.force_login(facilitator)
    response = _upload(client, exercise, "statements.csv", _csv(*GOOD_ROWS))
    assert response["Location"] == reverse("exercise", args=[exercise.pk])
    rows = list(Statement.objects.filter(exercise=exercise).values_list("kind", "text", "source"))
    assert rows == [
        ("working", "My carer comes on time", "event"),
        ("not_working", "Nobody answers at weekends", "survey"),
        ("matters_now", "Seeing my friends", "story"),
        ("matters_future", "A job, with support", "review"),
        ("not_working", "The bus is late", "easy_read"),
    ]
    with_details = Statement.objects.get(text="Seeing my friends")
    assert (
        with_details.equality_consent,
        with_details.age_band,
        with_details.gender,
        with_details.ethnic_group,
        with_details.disabled,
    ) == (True, "25_34", "Man", "white", "no")
    entry = AuditEntry.objects.get(action="statement.import")
    assert entry.data == {"filename": "statements.csv", "rows": 5}
    page = client.get(response["Location"]).content.decode()
    assert "5 statements added." in page


def test_it_adds_nothing_when_some_rows_are_wrong_and_lists_each_problem(
    client, facilitator, exercise
):
    client.force_login(facilitator)
    data = _csv(
        GOOD_ROWS[0],  # line 2
        "what is working,,event,,,,,",  # line 3: no statement
        GOOD_ROWS[1],  # line 4
        "sometimes,It is fine,event,,,,,",  # line 5: unknown kind
        GOOD_ROWS[2],  # line 6
        "what is working,Good,event,no,,,Asian,",  # line 7: details without consent
    )
    response = _upload(client, exercise, "statements.csv", data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page
    assert "The file has 3 problems. Nothing was added." in page
    assert 'href="#id_file"' in page
    problems = _problem_rows(page)
    assert [(line, column) for line, column, _ in problems] == [
        ("3", "Statement"),
        ("5", "Kind"),
        ("7", "Consent"),
    ]
    assert problems[0][2] == "The statement is empty. Write the statement, or delete the row."
    assert problems[1][2].startswith("The kind &quot;sometimes&quot; is not one we know.")
    assert problems[2][2].startswith("Equality details can only be kept with consent.")
    assert Statement.objects.count() == 0
    assert not AuditEntry.objects.filter(action="statement.import").exists()


def test_it_adds_every_row_of_a_good_excel_file(client, facilitator, exercise):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(HEADER.split(","))
    sheet.append(["What is working", "The nurse listens", "Event", "", "", "", "", ""])
    sheet.append(["What matters to me now", "Getting out", "Survey", "Yes", "", "", "", "Yes"])
    out = io.BytesIO()
    book.save(out)
    client.force_login(facilitator)
    response = _upload(
        client,
        exercise,
        "statements.xlsx",
        out.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    assert response.status_code == 302
    rows = list(Statement.objects.values_list("kind", "text", "source", "disabled"))
    assert rows == [
        ("working", "The nurse listens", "event", ""),
        ("matters_now", "Getting out", "survey", "yes"),
    ]


def test_it_refuses_a_file_over_5_mb(client, facilitator, exercise):
    big = _csv(*GOOD_ROWS) + b"#" * (5 * 1024 * 1024)
    client.force_login(facilitator)
    page = _upload(client, exercise, "big.csv", big).content.decode()
    assert "The file must be smaller than 5 MB." in page
    assert 'href="#id_file"' in page
    assert Statement.objects.count() == 0


@pytest.mark.parametrize("name", ["statements.txt", "statements.xls", "statements"])
def test_it_refuses_a_file_that_is_not_csv_or_excel(client, facilitator, exercise, name):
    client.force_login(facilitator)
    page = _upload(client, exercise, name, _csv(*GOOD_ROWS)).content.decode()
    message = "The file must be a CSV or an Excel (.xlsx) file."
    # Said in the summary and next to the upload box, not as a "line 0" in a table.
    assert f'<a href="#id_file">{message}</a>' in page
    assert 'id="id_file-error"' in page
    assert 'id="problems"' not in page
    assert Statement.objects.count() == 0


def test_it_refuses_a_damaged_excel_file(client, facilitator, exercise):
    client.force_login(facilitator)
    page = _upload(client, exercise, "statements.xlsx", b"PK\x03\x04 not really").content.decode()
    assert "Excel" in page and "Save as" in page
    assert Statement.objects.count() == 0


def test_it_says_problem_not_problems_when_there_is_one(client, facilitator, exercise):
    client.force_login(facilitator)
    page = _upload(client, exercise, "a.csv", _csv(GOOD_ROWS[0], "what is working,,event,,,,,"))
    text = page.content.decode()
    assert "The file has 1 problem. Nothing was added. Fix it and upload the file again." in text
    assert _problem_rows(text)[0][:2] == ("3", "Statement")
    assert Statement.objects.count() == 0


def test_it_asks_for_a_file(client, facilitator, exercise):
    client.force_login(facilitator)
    page = client.post(
        reverse("statements_import", args=[exercise.pk]), {"csrfmiddlewaretoken": "x"}
    ).content.decode()
    assert "Choose a CSV or Excel file to upload." in page
    assert Statement.objects.count() == 0


def test_it_adds_to_what_is_already_there_only_when_the_whole_file_is_right(
    client, facilitator, exercise
):
    insight.statement_add(
        by=facilitator, exercise=exercise, kind="working", text="Typed in", source="event"
    )
    client.force_login(facilitator)
    _upload(client, exercise, "a.csv", _csv(GOOD_ROWS[0], "nonsense,x,event,,,,,"))
    assert Statement.objects.count() == 1
    _upload(client, exercise, "b.csv", _csv(*GOOD_ROWS))
    assert Statement.objects.count() == 6


def test_it_is_closed_to_imports_after_collecting(client, facilitator, exercise):
    exercise = insight.exercise_move_phase(by=facilitator, exercise=exercise, to_phase="grouping")
    client.force_login(facilitator)
    response = _upload(client, exercise, "statements.csv", _csv(*GOOD_ROWS))
    assert response.status_code == 409
    assert Statement.objects.count() == 0
