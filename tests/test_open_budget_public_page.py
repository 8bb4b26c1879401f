"""The public open budget page: spend per service and year, totals, change from the year
before, cost per person, a chart with a table of the same figures; drafts only for keepers.

Northvale, worked by hand:
    2024 to 2025: Day services £900,000.00 (150 people), Peer support £60,000.00 (40).
        Total £960,000.00.
    2025 to 2026: Day services £760,000.00 (120), Peer support £95,000.00 (75),
        Advocacy £48,000.00 (people not known). Total £903,000.00.
    2026 to 2027 (draft): Secret service £1,234,567.89.
"""

import html
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from withus.open_budgets import services

D = Decimal


@pytest.fixture
def budget(area, commissioner):
    for year, service, spend, people in [
        (2024, "Day services", "900000.00", 150),
        (2024, "Peer support", "60000.00", 40),
        (2025, "Day services", "760000.00", 120),
        (2025, "Peer support", "95000.00", 75),
        (2025, "Advocacy", "48000.00", None),
        (2026, "Secret service", "1234567.89", 3),
    ]:
        line = services.line_add(
            area, commissioner, year=year, service=service, spend=D(spend), people=people
        )
        if year < 2026 and not line.year.is_published:
            services.year_set_status(line.year, commissioner, publish=True)


def _text(page: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


def _rows(page: str, caption: str) -> list[list[str]]:
    (table,) = [t for t in re.findall(r"<table.*?</table>", page, re.S) if caption in t]
    return [
        [_text(c) for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)]
        for row in re.findall(r"<tr.*?</tr>", table, re.S)
    ]


def test_the_page_shows_each_published_year_with_its_figures(client, area, budget):
    page = client.get(reverse("open_budget", args=[area.slug])).content.decode()
    text = _text(page)
    assert "What Northvale spends on care and support" in text
    assert "Total spend £903,000.00" in text
    # 903000 - 960000 = -57000; -57000 / 960000 = -5.9375% -> 5.9% less.
    assert "Change from the year before Down £57,000.00 (5.9% less)" in text
    rows = _rows(page, "Spend, people supported and cost per person, 2025 to 2026")
    assert rows == [
        [
            "Service",
            "Contract",
            "Spend",
            "People supported",
            "Cost per person supported",
            "Change from the year before",
        ],
        # 76000000p / 120 = 633333.33p -> £6,333.33; -140000 / 900000 = -15.56% -> 15.6%.
        [
            "Day services",
            "Not one contract",
            "£760,000.00",
            "120",
            "£6,333.33",
            "Down £140,000.00 (15.6% less)",
        ],
        # 9500000p / 75 = 126666.67p -> £1,266.67; 35000 / 60000 = 58.33% -> 58.3%.
        [
            "Peer support",
            "Not one contract",
            "£95,000.00",
            "75",
            "£1,266.67",
            "Up £35,000.00 (58.3% more)",
        ],
        ["Advocacy", "Not one contract", "£48,000.00", "Not known", "Not known", "New this year"],
        ["Total", "", "£903,000.00", "", "", "Down £57,000.00 (5.9% less)"],
    ]
    older = _rows(page, "Spend, people supported and cost per person, 2024 to 2025")
    assert older[1][-1] == "No figures for the year before"
    assert "half a penny rounds up" in text
    assert "each share is rounded down to the penny, then any pennies left over go" in text


def test_the_chart_has_the_same_figures_as_the_table(client, area, budget):
    page = client.get(reverse("open_budget", args=[area.slug])).content.decode()
    chart = re.search(r'<dl class="withus-chart" aria-hidden="true">(.*?)</dl>', page, re.S)[1]
    bars = re.findall(
        r'withus-chart__label">(.*?)</dt>.*?withus-bar--(\d+)".*?withus-chart__value">(.*?)</span>',
        chart,
        re.S,
    )
    # Bars against the largest, to the nearest 5%: 760000 -> 100; 95000/760000 = 12.5% -> 15
    # (halves up); 48000/760000 = 6.3% -> 5.
    assert [(s, int(b), html.unescape(v)) for s, b, v in bars] == [
        ("Day services", 100, "£760,000.00"),
        ("Peer support", 15, "£95,000.00"),
        ("Advocacy", 5, "£48,000.00"),
    ]


@pytest.mark.parametrize(
    "role", ["anonymous", "expert", "facilitator", "provider", "moderator", "outsider"]
)
def test_drafts_are_never_shown_to_anyone_but_keepers(request, client, area, budget, role):
    if role != "anonymous":
        client.force_login(request.getfixturevalue(role))
    text = _text(client.get(reverse("open_budget", args=[area.slug])).content.decode())
    assert "2026 to 2027" not in text and "Secret service" not in text
    assert "Draft" not in text


@pytest.mark.parametrize("role", ["commissioner", "area_admin"])
def test_keepers_see_drafts_marked_as_drafts(request, client, area, budget, role):
    client.force_login(request.getfixturevalue(role))
    text = _text(client.get(reverse("open_budget", args=[area.slug])).content.decode())
    assert "2026 to 2027 Draft: not public" in text
    assert "Secret service" in text
    assert "You can see draft years because you keep this budget." in text


def test_an_area_with_nothing_published_says_so(client, area):
    text = _text(client.get(reverse("open_budget", args=[area.slug])).content.decode())
    assert "Northvale has not published its budget yet." in text
