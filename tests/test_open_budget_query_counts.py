"""Every open budget page runs the same few queries for 3 services as for 30.

A signed-in page loads the session and the user (2 queries) and the person's
roles (1) before its own reads.
"""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from tests.outcomes_value_world import saving_add
from withus.contracts.models import Contract
from withus.core.models import Organisation
from withus.open_budgets import services
from withus.open_budgets.models import BudgetYear

D = Decimal

# Nobody signed in: the area, its years, their lines (with contracts), their savings.
PUBLIC = 4
# + session, user, roles.
PUBLIC_KEEPER = 7
# + session, user, roles: the area, every year (for the chooser), one year's
# lines (with contracts) and its savings.
MANAGE = 7
# + session, user, roles, the line (or area), the area's contracts for the list.
LINE_FORM = 5
SAVING_FORM = 4
IMPORT_FORM = 4


def _budget(area, commissioner, n):
    provider = Organisation.objects.create(name="Harbour", kind=Organisation.Kind.PROVIDER)
    contracts = [
        Contract.objects.create(
            local_area=area,
            reference=f"NV-{i}",
            title=f"Contract {i}",
            kind="block",
            provider=provider,
            value=D("1000.00"),
            start_date=date(2024, 4, 1),
            initial_months=36,
            created_by=commissioner,
        )
        for i in range(n)
    ]
    lines = []
    for year in (2024, 2025, 2026):
        for i in range(n):
            lines.append(
                services.line_add(
                    area,
                    commissioner,
                    year=year,
                    service=f"Service {i}",
                    spend=D(1000 + i * 10 + year),
                    people=i or None,
                    contract=contracts[i] if i % 2 else None,
                )
            )
        for _i in range(max(1, n // 3)):
            saving_add(area, commissioner, year=year, what="Saved.", amount=D("10.00"))
    for year in BudgetYear.objects.filter(start__lt=2026):
        services.year_set_status(year, commissioner, publish=True)
    return lines


@pytest.mark.parametrize("n", [3, 30])
@pytest.mark.parametrize("name", ["open_budget", "open_budget_csv", "open_budget_json"])
def test_public_pages_run_fixed_queries(
    client, area, commissioner, n, name, django_assert_max_num_queries
):
    _budget(area, commissioner, n)
    with django_assert_max_num_queries(PUBLIC):
        response = client.get(reverse(name, args=[area.slug]))
    # Every published line is there: two years of n services.
    assert response.content.decode().count("Service ") >= 2 * n
    assert "2026 to 2027" not in response.content.decode()


@pytest.mark.parametrize("n", [3, 30])
def test_the_page_for_keepers_runs_fixed_queries(
    client, area, commissioner, n, django_assert_max_num_queries
):
    _budget(area, commissioner, n)
    client.force_login(commissioner)
    with django_assert_max_num_queries(PUBLIC_KEEPER):
        page = client.get(reverse("open_budget", args=[area.slug])).content.decode()
    assert "2026 to 2027" in page
    assert page.count("Saved.") == 3 * max(1, n // 3)
    # The keeper's page shows one year at a time: the newest (the draft), or
    # the one chosen.
    manage = reverse("open_budget_manage", args=[area.slug])
    for asked, shown in (("", 2026), ("?year=2024", 2024)):
        with django_assert_max_num_queries(MANAGE):
            page = client.get(f"{manage}{asked}").content.decode()
        assert f"Services in {shown} to {shown + 1}" in page
        assert page.count("Services in ") == 1
        assert page.count("Saved.") == max(1, n // 3)
        # Change and remove for each line, and the one "add" link.
        assert page.count("/open-budget/lines/") == 2 * n + 1


@pytest.mark.parametrize("n", [3, 30])
def test_the_forms_run_fixed_queries(client, area, commissioner, n, django_assert_max_num_queries):
    lines = _budget(area, commissioner, n)
    saving = lines[0].year.savings.first()
    client.force_login(commissioner)
    pages = [
        (reverse("open_budget_line_new", args=[area.slug]), LINE_FORM),
        (reverse("open_budget_line_edit", args=[lines[-1].pk]), LINE_FORM),
        (reverse("open_budget_line_remove", args=[lines[-1].pk]), LINE_FORM),
        (reverse("open_budget_saving_new", args=[area.slug]), SAVING_FORM),
        (reverse("open_budget_saving_edit", args=[saving.pk]), SAVING_FORM),
        (reverse("open_budget_saving_remove", args=[saving.pk]), SAVING_FORM),
        (reverse("open_budget_import", args=[area.slug]), IMPORT_FORM),
    ]
    for url, limit in pages:
        with django_assert_max_num_queries(limit):
            response = client.get(url)
        assert "Northvale" in response.content.decode(), url
    # The contract list offers every contract of the area.
    page = client.get(reverse("open_budget_line_new", args=[area.slug])).content.decode()
    assert page.count('<option value="') == n + 1
