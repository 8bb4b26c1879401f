"""The keeper's page shows one financial year at a time: the newest unless
another is chosen with ``?year=``. A year the area has not recorded is said
plainly, and the newest is shown instead. After a change the page opens at the
year that changed."""

import html
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from tests.outcomes_value_world import saving_add
from withus.open_budgets import services
from withus.open_budgets.models import BudgetLine, BudgetYear, Saving

D = Decimal


def _text(page: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


@pytest.fixture
def budget(area, commissioner):
    """Three years, two services each (named after their year), a saving in 2024,
    and 2024 and 2025 published; 2026 is still a draft."""
    for year in (2024, 2025, 2026):
        for service in ("Home care", "Advocacy"):
            services.line_add(
                area,
                commissioner,
                year=year,
                service=f"{service} {year}",
                spend=D(1000 + year),
                people=4,
            )
    saving_add(area, commissioner, year=2024, what="Fewer agency staff.", amount=D("300.00"))
    for year in BudgetYear.objects.filter(start__lt=2026):
        services.year_set_status(year, commissioner, publish=True)


def _manage(client, area, asked=""):
    response = client.get(reverse("open_budget_manage", args=[area.slug]) + asked)
    assert response.status_code == 200
    return response.content.decode()


def _selected(page: str) -> str:
    found = re.findall(r'<option value="(\d+)" selected>', page)
    assert len(found) == 1, found
    return found[0]


def test_the_newest_year_is_shown_by_default(client, area, commissioner, budget):
    client.force_login(commissioner)
    page = _manage(client, area)
    text = _text(page)
    assert "2026 to 2027 Draft: not public" in text
    assert "Services in 2026 to 2027" in text
    assert "Home care 2026" in text and "Advocacy 2026" in text
    # Only that year: no other year's services, saving or publish button.
    for other in ("2024", "2025"):
        assert f"Home care {other}" not in text and f"Services in {other}" not in text
        assert f"Make {other} to" not in text
    assert text.count("Services in ") == 1
    assert "Fewer agency staff." not in text
    assert "Publish 2026 to 2027" in text
    # The chooser is labelled, lists every year (drafts marked) and has the shown one chosen.
    assert '<label class="govuk-label govuk-label--s" for="year">Financial year to show' in page
    assert re.findall(r'<option value="(\d+)"', page) == ["2026", "2025", "2024"]
    assert "2026 to 2027 (draft)" in text and "2025 to 2026 (draft)" not in text
    assert _selected(page) == "2026"
    assert "Show this year" in text


@pytest.mark.parametrize("asked", ["?year=2024", "?year=2024+to+2025", "?year=2024-25"])
def test_a_chosen_year_is_shown_with_its_links(client, area, commissioner, budget, asked):
    client.force_login(commissioner)
    page = _manage(client, area, asked)
    text = _text(page)
    assert "2024 to 2025 Published" in text
    assert "Home care 2024" in text and "Home care 2026" not in text
    assert "Make 2024 to 2025 a draft again" in text
    assert _selected(page) == "2024"
    # Every link the page had for that year is still there.
    year = BudgetYear.objects.get(start=2024)
    saving = Saving.objects.get(year=year)
    for line in BudgetLine.objects.filter(year=year):
        assert reverse("open_budget_line_edit", args=[line.pk]) in page
        assert reverse("open_budget_line_remove", args=[line.pk]) in page
    assert reverse("open_budget_saving_edit", args=[saving.pk]) in page
    assert reverse("open_budget_saving_remove", args=[saving.pk]) in page
    assert reverse("open_budget_year_status", args=[year.pk]) in page
    for name in ("open_budget_line_new", "open_budget_import", "open_budget_saving_new"):
        assert reverse(name, args=[area.slug]) in page
    assert "Fewer agency staff." in text and "Warning" not in text


@pytest.mark.parametrize(
    "asked, said",
    [("2030", "2030"), ("1999", "1999"), ("soon", "soon"), ("<b>x</b>", "<b>x</b>")],
)
def test_an_unknown_year_says_so_and_shows_the_newest(
    client, area, commissioner, budget, asked, said
):
    client.force_login(commissioner)
    page = _manage(client, area, f"?year={asked}")
    text = _text(page)
    assert f'There is no spending recorded for "{said}". Showing 2026 to 2027 instead.' in text
    assert "Home care 2026" in text
    assert _selected(page) == "2026"
    assert "<b>x</b>" not in page  # what was typed is escaped


def test_an_area_with_nothing_recorded(client, area, commissioner):
    client.force_login(commissioner)
    text = _text(_manage(client, area))
    assert "Nothing recorded yet." in text and "Financial year to show" not in text
    text = _text(_manage(client, area, "?year=2025"))
    assert 'There is no spending recorded for "2025".' in text and "Nothing recorded yet." in text


def test_after_a_change_the_page_opens_at_that_year(client, area, commissioner, budget):
    client.force_login(commissioner)
    manage = reverse("open_budget_manage", args=[area.slug])
    response = client.post(
        reverse("open_budget_line_new", args=[area.slug]),
        {"year": "2024 to 2025", "service": "Day services", "contract": "", "spend": "10"},
    )
    assert response.url == f"{manage}?year=2024"
    page = _text(client.get(response.url).content.decode())
    assert "Spending saved." in page and "Day services" in page
    line = BudgetLine.objects.get(service="Day services")
    response = client.post(reverse("open_budget_line_remove", args=[line.pk]))
    assert response.url == f"{manage}?year=2024"
    saving = Saving.objects.get()
    remove = client.get(reverse("open_budget_saving_remove", args=[saving.pk])).content.decode()
    assert f'href="{manage}?year=2024"' in remove  # back, and "No, go back"
    response = client.post(reverse("open_budget_saving_remove", args=[saving.pk]))
    assert response.url == f"{manage}?year=2024"
    assert not Saving.objects.exists()
