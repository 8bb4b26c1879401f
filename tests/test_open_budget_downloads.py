"""The open budget as CSV and JSON: published years only (whoever asks), formula-safe
cells, and a stable JSON shape with money as strings, never floats."""

import csv
import io
import json
from decimal import Decimal

import pytest
from django.urls import reverse

from withus.open_budgets import services

D = Decimal


@pytest.fixture
def budget(area, commissioner):
    for year, service, spend, people in [
        (2024, "Home care", "1000.00", 3),
        (2025, "Home care", "1100.00", 3),
        (2025, '=HYPERLINK("http://evil")', "5.00", None),
        (2026, "Secret draft service", "99.99", 1),
    ]:
        line = services.line_add(
            area, commissioner, year=year, service=service, spend=D(spend), people=people
        )
        if year < 2026 and not line.year.is_published:
            services.year_set_status(line.year, commissioner, publish=True)
    services.saving_add(
        area,
        commissioner,
        year=2025,
        what="Shared rooms.",
        amount=D("100.00"),
        people_percent=D("33.33"),
        people_pays_for="Trips",
        commissioners_percent=D("33.33"),
        commissioners_pays_for="",
        community_percent=D("33.34"),
        community_pays_for="A garden",
    )
    services.saving_add(
        area,
        commissioner,
        year=2026,
        what="Draft saving.",
        amount=D("7.00"),
        people_percent=D(100),
        people_pays_for="",
        commissioners_percent=D(0),
        commissioners_pays_for="",
        community_percent=D(0),
        community_pays_for="",
    )


@pytest.mark.parametrize("who", [None, "commissioner", "area_admin"])
def test_the_csv_has_published_years_only_and_no_formulas(request, client, area, budget, who):
    if who:
        client.force_login(request.getfixturevalue(who))
    response = client.get(reverse("open_budget_csv", args=[area.slug]))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="northvale-open-budget.csv"' in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows == [
        [
            "year",
            "service",
            "contract",
            "spend",
            "people supported",
            "cost per person",
            "change from year before (pounds)",
            "change from year before (percent)",
        ],
        # 110000p / 3 = 36666.67p -> £366.67; +100 / 1000 = 10.0%.
        ["2025 to 2026", "Home care", "", "1100.00", "3", "366.67", "100.00", "10.0"],
        # A name starting "=" gets a quote first, so no spreadsheet runs it.
        ["2025 to 2026", '\'=HYPERLINK("http://evil")', "", "5.00", "", "", "", ""],
        ["2025 to 2026", "Total", "", "1105.00", "", "", "105.00", "10.5"],
        # 100000p / 3 = 33333.33p -> £333.33.
        ["2024 to 2025", "Home care", "", "1000.00", "3", "333.33", "", ""],
        ["2024 to 2025", "Total", "", "1000.00", "", "", "", ""],
    ]
    assert "Secret" not in response.content.decode()


@pytest.mark.parametrize("who", [None, "commissioner"])
def test_the_json_has_a_stable_shape_with_money_as_strings(request, client, area, budget, who):
    if who:
        client.force_login(request.getfixturevalue(who))
    response = client.get(reverse("open_budget_json", args=[area.slug]))
    assert response["Content-Type"] == "application/json"
    data = json.loads(response.content)
    assert set(data) == {"area", "currency", "rounding", "years"}
    assert data["area"] == {"name": "Northvale", "slug": "northvale"}
    assert data["currency"] == "GBP"
    assert [y["year"] for y in data["years"]] == ["2025 to 2026", "2024 to 2025"]
    newer = data["years"][0]
    assert set(newer) == {
        "year",
        "starts",
        "ends",
        "total",
        "change_from_year_before",
        "services",
        "savings",
    }
    assert (newer["starts"], newer["ends"]) == ("2025-04-01", "2026-03-31")
    assert newer["total"] == "1105.00"
    assert newer["change_from_year_before"] == {"pounds": "105.00", "percent": "10.5"}
    home = newer["services"][0]
    assert home == {
        "service": "Home care",
        "contract": None,
        "spend": "1100.00",
        "people_supported": 3,
        "cost_per_person": "366.67",
        "change_from_year_before": {"pounds": "100.00", "percent": "10.0"},
    }
    assert newer["services"][1]["cost_per_person"] is None
    assert newer["services"][1]["change_from_year_before"] is None
    (saving,) = newer["savings"]
    # 10000p at 33.33 / 33.33 / 33.34 = 3333, 3333, 3334 exactly.
    assert saving == {
        "what": "Shared rooms.",
        "amount": "100.00",
        "shares": [
            {
                "who": "people",
                "label": "People who use services",
                "percent": "33.33",
                "amount": "33.33",
                "pays_for": "Trips",
            },
            {
                "who": "commissioners",
                "label": "Commissioners (the council and NHS)",
                "percent": "33.33",
                "amount": "33.33",
                "pays_for": "",
            },
            {
                "who": "community",
                "label": "The wider community",
                "percent": "33.34",
                "amount": "33.34",
                "pays_for": "A garden",
            },
        ],
    }
    assert data["years"][1]["change_from_year_before"] is None

    # No float anywhere: every number in the file is an integer (people) or a string.
    def walk(value):
        assert not isinstance(value, float)
        if isinstance(value, dict):
            for v in value.values():
                walk(v)
        if isinstance(value, list):
            for v in value:
                walk(v)

    walk(data)
    assert "Secret" not in response.content.decode()
    assert "Draft saving" not in response.content.decode()
    assert "2026 to 2027" not in response.content.decode()
