"""Building an SROI analysis through the pages: what was put in, outcomes, and the sums shown.

The outcome used is the hand-worked one from test_sroi_arithmetic: 10 people ×
£1,000, deadweight 20%, attribution 25%, displacement 0%, drop-off 50%, 3 years,
discount 3.5%: years £6,000 / £3,000 / £1,500, present value £9,950.55. With
£2,500 put in, the return is 9,950.5476… / 2,500 = 3.9802… → £3.98 for each £1.
"""

import html
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from withus.core.models import AuditEntry
from withus.social_value.models import Analysis, Input, Outcome

D = Decimal

OUTCOME = {
    "stakeholder": "People in recovery",
    "description": "Stayed free of drugs",
    "indicator": "Six-month check",
    "quantity": "10",
    "proxy": "£1,000",
    "proxy_source": "Unit Cost Database",
    "deadweight": "20",
    "attribution": "25%",
    "displacement": "0",
    "drop_off": "50",
    "duration": "3",
}


def _text(page: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


@pytest.fixture
def started(client, area, commissioner, scheme):
    client.force_login(commissioner)
    response = client.post(
        reverse("sroi_new", args=[area.slug]),
        {
            "title": "Peer mentors 2025",
            "about": f"scheme:{scheme.pk}",
            "summary": "The first year.",
            "start_year": "2025",
            "discount_rate": "3.5",
        },
    )
    analysis = Analysis.objects.get()
    assert response["Location"] == reverse("sroi_analysis", args=[analysis.pk])
    return analysis


def test_it_starts_a_draft_about_a_scheme_and_audits_it(started, area, commissioner, scheme):
    assert (started.title, started.scheme, started.start_year, started.discount_rate) == (
        "Peer mentors 2025",
        scheme,
        2025,
        D("3.50"),
    )
    assert started.status == "draft" and started.created_by == commissioner
    (entry,) = AuditEntry.objects.filter(action="social_value.analysis_create")
    assert (entry.actor, entry.local_area, entry.object_id) == (
        commissioner,
        area,
        str(started.pk),
    )
    assert entry.data["about"] == "Northvale Peer Mentors"


def test_the_discount_rate_starts_at_the_green_book_rate(client, area, commissioner):
    client.force_login(commissioner)
    page = client.get(reverse("sroi_new", args=[area.slug])).content.decode()
    assert 'name="discount_rate" type="text" value="3.5"' in page
    assert "HM Treasury Green Book" in page


def test_it_adds_what_was_put_in_and_an_outcome_and_shows_the_sums(client, started, commissioner):
    client.post(
        reverse("sroi_input_new", args=[started.pk]),
        {"contributor": "Northvale Council", "description": "Grant", "amount": "2,000"},
    )
    client.post(
        reverse("sroi_input_new", args=[started.pk]),
        {"contributor": "Volunteers", "description": "Time", "amount": "500.00"},
    )
    response = client.post(reverse("sroi_outcome_new", args=[started.pk]), OUTCOME)
    assert response["Location"] == reverse("sroi_analysis", args=[started.pk])
    outcome = Outcome.objects.get()
    assert (outcome.quantity, outcome.proxy, outcome.attribution, outcome.duration) == (
        10,
        D("1000.00"),
        D("25.00"),
        3,
    )
    assert sorted(Input.objects.values_list("amount", flat=True)) == [D("500.00"), D("2000.00")]
    assert AuditEntry.objects.filter(action="social_value.input_add").count() == 2
    (entry,) = AuditEntry.objects.filter(action="social_value.outcome_add")
    assert entry.data["proxy"] == "1000.00" and entry.data["deadweight"] == "20.00"

    page = client.get(reverse("sroi_analysis", args=[started.pk])).content.decode()
    text = _text(page)
    assert (
        "£2,500.00 was put in. The changes for people are worth £9,950.55 in today's money. "
        "That is £3.98 of social value for every £1 put in."
    ) in text
    assert "Value left after taking away what was put in £7,450.55" in text
    # The year table: each year, then the total, then the total in today's money.
    assert "Stayed free of drugs £6,000.00 £3,000.00 £1,500.00" in text
    assert "Total in today's money £5,797.10 £2,800.53 £1,352.91" in text
    assert "Year 1 (2025)" in text and "Year 3 (2027)" in text
    # The assumptions as people write them, and the discount rate with its convention.
    assert "£1,000.00: Unit Cost Database 20% 25% 0% 50% 3 £6,000.00" in text
    assert "reduced by 3.5% a year (the discount rate)" in text
    assert "year 1 (2025) is reduced once" in text
    # The chart's tallest bar is year 1; the same figures are in the table.
    # Bars: 6,000 is the tallest (100%); 3,000 is 50%; 1,500 is 25%.
    bars = re.findall(r"withus-bar--(\d+)", page)
    assert bars == ["100", "50", "25"]
    # Sensitivity in words: proxies 25% lower → 7,462.91 / 2,500 = 2.985… → £2.99.
    assert (
        "Even if we counted 25% less for each outcome, the return would still be £2.99 for each £1."
    ) in text
    # Break-even: 1 − 2,500 / 9,950.5476… = 0.7487… → 74% (rounded down).
    assert "would have to fall by 74% before it was worth less than was put in" in text


def test_it_changes_and_removes_an_outcome_and_an_input_with_before_and_after(
    client, started, commissioner
):
    client.post(
        reverse("sroi_input_new", args=[started.pk]),
        {"contributor": "Northvale Council", "description": "Grant", "amount": "2500"},
    )
    client.post(reverse("sroi_outcome_new", args=[started.pk]), OUTCOME)
    outcome, item = Outcome.objects.get(), Input.objects.get()

    client.post(reverse("sroi_outcome_edit", args=[outcome.pk]), {**OUTCOME, "deadweight": "30"})
    outcome.refresh_from_db()
    assert outcome.deadweight == D("30.00")
    (entry,) = AuditEntry.objects.filter(action="social_value.outcome_change")
    assert (entry.data["before"]["deadweight"], entry.data["after"]["deadweight"]) == (
        "20.00",
        "30.00",
    )

    client.post(
        reverse("sroi_input_edit", args=[item.pk]),
        {"contributor": "Northvale Council", "description": "Grant", "amount": "3000"},
    )
    item.refresh_from_db()
    assert item.amount == D("3000.00")
    (entry,) = AuditEntry.objects.filter(action="social_value.input_change")
    assert (entry.data["before"]["amount"], entry.data["after"]["amount"]) == (
        "2500.00",
        "3000.00",
    )

    client.post(reverse("sroi_outcome_remove", args=[outcome.pk]))
    client.post(reverse("sroi_input_remove", args=[item.pk]))
    assert not Outcome.objects.exists() and not Input.objects.exists()
    assert (
        AuditEntry.objects.filter(
            action__in=["social_value.outcome_remove", "social_value.input_remove"]
        ).count()
        == 2
    )


def test_it_changes_the_analysis_and_what_it_is_about(client, started, project):
    response = client.post(
        reverse("sroi_edit", args=[started.pk]),
        {
            "title": "Drug treatment 2026",
            "about": f"project:{project.pk}",
            "summary": "",
            "start_year": "2026",
            "discount_rate": "6",
        },
    )
    assert response["Location"] == reverse("sroi_analysis", args=[started.pk])
    started.refresh_from_db()
    assert (started.title, started.scheme, started.project, started.discount_rate) == (
        "Drug treatment 2026",
        None,
        project,
        D("6.00"),
    )
    (entry,) = AuditEntry.objects.filter(action="social_value.analysis_update")
    assert entry.data["before"]["discount_rate"] == "3.50"
    assert entry.data["after"]["about"] == project.name
