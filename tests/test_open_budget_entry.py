"""Recording spend one service at a time: add, change, remove, each audited; bad
input comes back with the mistake next to the field, what was typed kept, nothing saved."""

import html
import re
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from withus.contracts.models import Contract
from withus.core.models import AuditEntry, Organisation
from withus.open_budgets import services
from withus.open_budgets.models import BudgetLine, BudgetYear

D = Decimal


def _contract(area, by, reference):
    provider, _ = Organisation.objects.get_or_create(
        name="Harbour Care", kind=Organisation.Kind.PROVIDER
    )
    return Contract.objects.create(
        local_area=area,
        reference=reference,
        title="Home care",
        kind="block",
        provider=provider,
        value=D("900000.00"),
        start_date=date(2025, 4, 1),
        initial_months=36,
        created_by=by,
    )


def _text(fragment: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def _field_error(page: str, name: str) -> str:
    found = re.search(rf'id="id_{name}-error" class="govuk-error-message">(.*?)</p>', page, re.S)
    assert found, f"no message next to {name}"
    return _text(found[1]).replace("Error:", "").strip()


GOOD = {"year": "2025 to 2026", "service": "Home care", "contract": "", "spend": "1,250,000.50"}


def test_a_commissioner_adds_a_line_and_it_is_audited(client, area, commissioner):
    contract = _contract(area, commissioner, "NV-1")
    client.force_login(commissioner)
    response = client.post(
        reverse("open_budget_line_new", args=[area.slug]),
        GOOD | {"contract": str(contract.pk), "people": "310"},
    )
    assert response.status_code == 302
    line = BudgetLine.objects.get()
    assert (line.year.start, line.service, line.spend, line.people, line.contract) == (
        2025,
        "Home care",
        D("1250000.50"),
        310,
        contract,
    )
    # A new year starts as a draft.
    assert line.year.status == BudgetYear.Status.DRAFT
    entry = AuditEntry.objects.get(action="open_budgets.line_add")
    assert entry.actor == commissioner and entry.local_area == area
    assert entry.data == {
        "year": "2025 to 2026",
        "service": "Home care",
        "spend": "1250000.50",
        "people": 310,
        "contract": "NV-1",
    }
    page = client.get(reverse("open_budget_manage", args=[area.slug])).content.decode()
    # 125000050p / 310 = 403225.97p -> £4,032.26.
    assert "£1,250,000.50" in page and "£4,032.26" in page


@pytest.mark.parametrize(
    "change, field, says",
    [
        ({"spend": "100.005"}, "spend", "fractions of a penny"),
        ({"spend": "-5"}, "spend", "cannot be less than £0"),
        ({"spend": "lots"}, "spend", "Enter an amount in pounds"),
        ({"people": "-3"}, "people", "cannot be less than 0"),
        ({"people": "2.5"}, "people", "Enter a whole number of people, like 120."),
        ({"year": "next year"}, "year", '"next year" is not a financial year.'),
        ({"year": "2025 to 2027"}, "year", "must end the year after it starts"),
        ({"service": ""}, "service", "Enter the name of the service."),
    ],
)
def test_bad_input_is_named_next_to_its_field_and_nothing_is_saved(
    client, area, commissioner, change, field, says
):
    client.force_login(commissioner)
    sent = GOOD | {"people": "12"} | change
    response = client.post(reverse("open_budget_line_new", args=[area.slug]), sent)
    page = response.content.decode()
    assert response.status_code == 200
    assert says in _field_error(page, field)
    assert "There is a problem" in page
    # What was typed is still there.
    assert f'value="{html.escape(sent["service"])}"' in page or not sent["service"]
    assert not BudgetLine.objects.exists() and not BudgetYear.objects.exists()
    assert not AuditEntry.objects.filter(action__startswith="open_budgets").exists()


def test_the_same_service_twice_in_a_year_is_refused(client, area, commissioner):
    services.line_add(
        area, commissioner, year=2025, service="Home care", spend=D("10.00"), people=None
    )
    client.force_login(commissioner)
    response = client.post(
        reverse("open_budget_line_new", args=[area.slug]),
        GOOD | {"service": "  home   CARE ", "people": ""},
    )
    assert "is already in 2025 to 2026. Change that line instead" in _field_error(
        response.content.decode(), "service"
    )
    assert BudgetLine.objects.count() == 1
    # Another year is another line.
    services.line_add(area, commissioner, year=2024, service="Home care", spend=D("9"), people=1)
    assert BudgetLine.objects.count() == 2


def test_a_contract_of_another_area_is_refused_by_name(
    client, area, other_area, commissioner, outsider
):
    theirs = _contract(other_area, outsider, "EM-1")
    client.force_login(commissioner)
    response = client.post(
        reverse("open_budget_line_new", args=[area.slug]),
        GOOD | {"contract": str(theirs.pk), "people": ""},
    )
    assert _field_error(response.content.decode(), "contract") == (
        "That contract is not one of Northvale's contracts."
    )
    assert not BudgetLine.objects.exists()
    # The service refuses it too, whatever calls it.
    with pytest.raises(Exception, match="not one of Northvale"):
        services.line_add(
            area, commissioner, year=2025, service="X", spend=D("1"), people=None, contract=theirs
        )
    # Its contracts are not even offered.
    page = client.get(reverse("open_budget_line_new", args=[area.slug])).content.decode()
    assert "EM-1" not in page


def test_changing_and_removing_a_line_is_audited_with_before_and_after(client, area, commissioner):
    line = services.line_add(
        area, commissioner, year=2025, service="Home care", spend=D("10.00"), people=None
    )
    client.force_login(commissioner)
    form = client.get(reverse("open_budget_line_edit", args=[line.pk])).content.decode()
    assert 'value="2025 to 2026"' in form and 'value="Home care"' in form
    client.post(
        reverse("open_budget_line_edit", args=[line.pk]),
        {"year": "2025/26", "service": "Home care", "spend": "12.50", "people": "5"},
    )
    line.refresh_from_db()
    assert (line.spend, line.people) == (D("12.50"), 5)
    changed = AuditEntry.objects.get(action="open_budgets.line_change")
    assert changed.data["before"]["spend"] == "10.00"
    assert changed.data["after"]["spend"] == "12.50"

    confirm = client.get(reverse("open_budget_line_remove", args=[line.pk])).content.decode()
    assert "Remove Home care from 2025 to 2026?" in html.unescape(confirm)
    client.post(reverse("open_budget_line_remove", args=[line.pk]))
    assert not BudgetLine.objects.exists()
    removed = AuditEntry.objects.get(action="open_budgets.line_remove")
    assert removed.data["spend"] == "12.50" and removed.actor == commissioner


def test_publishing_needs_a_line_and_is_audited(client, area, commissioner, area_admin):
    empty = BudgetYear.objects.create(local_area=area, start=2023)
    client.force_login(area_admin)
    page = client.post(
        reverse("open_budget_year_status", args=[empty.pk]), {"status": "published"}, follow=True
    ).content.decode()
    assert "2023 to 2024 has no services yet. Add its spending before publishing it." in page
    empty.refresh_from_db()
    assert not empty.is_published
    line = services.line_add(
        area, commissioner, year=2025, service="Home care", spend=D("10.00"), people=None
    )
    url = reverse("open_budget_year_status", args=[line.year.pk])
    page = client.post(url, {"status": "published"}, follow=True).content.decode()
    assert "2025 to 2026 is published. Anyone can see it." in page
    client.post(url, {"status": "draft"})
    assert [
        e.action for e in AuditEntry.objects.filter(action__startswith="open_budgets.year")
    ] == [
        "open_budgets.year_publish",
        "open_budgets.year_unpublish",
    ]
    line.year.refresh_from_db()
    assert not line.year.is_published
