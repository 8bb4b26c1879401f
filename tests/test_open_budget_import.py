"""Importing spend from a CSV file: all or nothing, every bad line named by its number."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from withus.contracts.models import Contract
from withus.core.models import AuditEntry, Organisation
from withus.open_budgets import services
from withus.open_budgets.budget_import import parse_lines
from withus.open_budgets.models import BudgetLine

D = Decimal


def _parse(text, existing=None):
    return parse_lines(
        text.encode(),
        area_name="Northvale",
        contracts={"nv-1": 7},
        existing=existing or {},
    )


def _problems(result):
    return [(p.line, p.column, p.message) for p in result.problems]


def test_a_good_file_is_read_whole():
    result = _parse(
        "Year,Service,Spend,People supported,Contract\n"
        '2025 to 2026,Home care,"£1,250,000.00",310,NV-1\n'
        "\n"
        "2025-26,Advocacy,48000,,\n"
        "2024,Advocacy,45000.5,0,\n"
    )
    assert result.problems == ()
    assert [(r.line, r.year, r.service, r.spend, r.people, r.contract_id) for r in result.rows] == [
        (2, 2025, "Home care", D("1250000.00"), 310, 7),
        (4, 2025, "Advocacy", D("48000.00"), None, None),  # line 3 was blank
        (5, 2024, "Advocacy", D("45000.50"), 0, None),
    ]


def test_wrong_headings_are_one_problem_on_line_1():
    result = _parse("when,service,money\n2025,Home care,10\n")
    assert result.rows == ()
    ((line, column, message),) = _problems(result)
    assert line == 1 and column == ""
    assert message.startswith("The first line must be the column headings: year, service, spend")
    assert '"when" is not a column we know.' in message
    assert 'Missing: "year", "spend".' in message


def test_a_file_that_is_not_utf8_is_refused_in_words():
    result = parse_lines(
        "year,service,spend\n2025,Café,10\n".encode("cp1252"),
        area_name="Northvale",
        contracts={},
        existing={},
    )
    ((line, _column, message),) = _problems(result)
    assert line == 0 and 'choose "CSV UTF-8"' in message


def test_every_bad_line_is_named_and_nothing_is_taken():
    result = _parse(
        "year,service,spend,people supported,contract\n"
        "2025,Home care,100,3,\n"  # line 2: fine
        "2025,Day services,12.345,-1,NV-9\n"  # line 3: three problems
        "someday,Advocacy,-5,2.5,\n"  # line 4: three problems
        "2025,home  CARE,1,,\n"  # line 5: the same service again
        "2025,Peer support,1,,\n",  # line 6: already recorded
        existing={2025: {"peer support"}},
    )
    assert result.rows == ()
    assert _problems(result) == [
        (3, "spend", "The spend cannot have fractions of a penny. Use at most 2 decimal places."),
        (3, "people supported", "The number of people supported cannot be less than 0."),
        (
            3,
            "contract",
            'There is no contract "NV-9" among Northvale\'s contracts. '
            "Check the reference, or leave it blank.",
        ),
        (
            4,
            "year",
            '"someday" is not a financial year. Enter the financial year like 2025 to 2026.',
        ),
        (4, "spend", "The spend cannot be less than £0."),
        (
            4,
            "people supported",
            'The number of people supported "2.5" is not a whole number. '
            "Give a whole number, like 120, or leave it blank if you do not know.",
        ),
        (
            5,
            "service",
            "home CARE in 2025 to 2026 is already on line 2. Keep one of the two lines.",
        ),
        (
            6,
            "service",
            "Peer support is already recorded for 2025 to 2026. "
            "Change or remove it on the page instead.",
        ),
    ]


def _upload(client, area, text: bytes):
    return client.post(
        reverse("open_budget_import", args=[area.slug]),
        {"file": SimpleUploadedFile("budget.csv", text, content_type="text/csv")},
    )


def test_the_page_imports_a_good_file_and_audits_it(client, area, commissioner):
    provider = Organisation.objects.create(name="Harbour", kind=Organisation.Kind.PROVIDER)
    contract = Contract.objects.create(
        local_area=area,
        reference="NV-1",
        title="Home care",
        kind="block",
        provider=provider,
        value=D("100.00"),
        start_date=date(2025, 4, 1),
        initial_months=12,
        created_by=commissioner,
    )
    client.force_login(commissioner)
    response = _upload(
        client,
        area,
        b"year,service,spend,people supported,contract\n"
        b"2025 to 2026,Home care,1000,4,nv-1\n2024 to 2025,Home care,900,,\n",
    )
    assert response.status_code == 302
    assert sorted(BudgetLine.objects.values_list("year__start", "spend", "contract")) == [
        (2024, D("900.00"), None),
        (2025, D("1000.00"), contract.pk),
    ]
    entry = AuditEntry.objects.get(action="open_budgets.lines_import")
    assert entry.data == {
        "lines": 2,
        "years": ["2024 to 2025", "2025 to 2026"],
        "total": "1900.00",
    }


@pytest.mark.parametrize(
    "content",
    [
        b"year,service,spend\n2025,Home care,10\n2025,Advocacy,ten pounds\n2025,Carers,5\n",
        "year,service,spend\n2025,Café,10\n".encode("cp1252"),
        b"service,spend\nHome care,10\n",
    ],
)
def test_the_page_lists_the_problems_and_adds_nothing(client, area, commissioner, content):
    services.line_add(area, commissioner, year=2023, service="Kept", spend=D("1"), people=None)
    client.force_login(commissioner)
    response = _upload(client, area, content)
    page = response.content.decode()
    assert response.status_code == 200
    assert "The file has problems, so nothing was added. See the list." in page
    assert "What to put right" in page
    assert list(BudgetLine.objects.values_list("service", flat=True)) == ["Kept"]
    assert not AuditEntry.objects.filter(action="open_budgets.lines_import").exists()


def test_bad_line_3_is_shown_with_its_number(client, area, commissioner):
    client.force_login(commissioner)
    page = _upload(
        client, area, b"year,service,spend\n2025,Home care,10\n2025,Advocacy,ten pounds\n"
    ).content.decode()
    row = page[page.index("What to put right") :]
    assert '<td class="govuk-table__cell">3</td>' in row
    assert "The spend &quot;ten pounds&quot; is not an amount in pounds." in row
