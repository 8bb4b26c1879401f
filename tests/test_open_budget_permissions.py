"""Who may see and change an open budget: the public pages for everyone, the rest
only for the area's commissioners and area admins; everyone else gets 403 (audited)."""

from decimal import Decimal

import pytest
from django.urls import reverse

from tests.outcomes_value_world import saving_add
from withus.core.models import AuditEntry, User
from withus.open_budgets import services
from withus.open_budgets.models import BudgetLine, BudgetYear

D = Decimal

KEEPERS = {"commissioner", "area_admin"}
ROLES = [
    "anonymous",
    "nobody",
    "expert",
    "facilitator",
    "provider",
    "budget_holder",
    "peer_mentor",
    "moderator",
    "commissioner",
    "area_admin",
    "outsider",  # a commissioner of another area
]


@pytest.fixture
def budget(area, commissioner):
    line = services.line_add(
        area, commissioner, year=2025, service="Home care", spend=D("1000.00"), people=4
    )
    saving = saving_add(
        area, commissioner, year=2025, what="Fewer agency staff.", amount=D("300.00")
    )
    return {"line": line, "saving": saving, "year": line.year}


def _who(request, role):
    if role == "anonymous":
        return None
    if role == "nobody":
        return User.objects.create_user(username="nobody", password="pw-nobody-123")
    return request.getfixturevalue(role)


def _pages(area, budget):
    slug = area.slug
    return {
        "open_budget_manage": reverse("open_budget_manage", args=[slug]),
        "open_budget_line_new": reverse("open_budget_line_new", args=[slug]),
        "open_budget_import": reverse("open_budget_import", args=[slug]),
        "open_budget_saving_new": reverse("open_budget_saving_new", args=[slug]),
        "open_budget_line_edit": reverse("open_budget_line_edit", args=[budget["line"].pk]),
        "open_budget_line_remove": reverse("open_budget_line_remove", args=[budget["line"].pk]),
        "open_budget_saving_edit": reverse("open_budget_saving_edit", args=[budget["saving"].pk]),
        "open_budget_saving_remove": reverse(
            "open_budget_saving_remove", args=[budget["saving"].pk]
        ),
    }


@pytest.mark.parametrize("role", ROLES)
def test_the_public_pages_are_for_everyone(request, client, area, budget, role):
    who = _who(request, role)
    if who:
        client.force_login(who)
    services.year_set_status(budget["year"], request.getfixturevalue("commissioner"), publish=True)
    page = client.get(reverse("open_budget", args=[area.slug]))
    assert "What Northvale spends on care and support" in page.content.decode()
    assert "£1,000.00" in page.content.decode()
    csv = client.get(reverse("open_budget_csv", args=[area.slug]))
    assert "2025 to 2026,Home care,,1000.00,4,250.00" in csv.content.decode()
    data = client.get(reverse("open_budget_json", args=[area.slug])).json()
    assert data["years"][0]["total"] == "1000.00"


@pytest.mark.parametrize("role", ROLES)
def test_keeping_the_budget_is_only_for_the_areas_commissioners_and_admins(
    request, client, area, budget, role
):
    who = _who(request, role)
    if who:
        client.force_login(who)
    for name, url in _pages(area, budget).items():
        response = client.get(url)
        if who is None:
            assert response.status_code == 302, name
            assert response.url.startswith(reverse("login")), name
        elif role in KEEPERS:
            assert response.status_code == 200, name
            assert "Northvale" in response.content.decode(), name
        else:
            assert response.status_code == 403, name
    if who is not None and role not in KEEPERS:
        refused = AuditEntry.objects.filter(action="access.denied", actor=who)
        assert refused.count() == len(_pages(area, budget))


@pytest.mark.parametrize("role", ROLES)
def test_only_keepers_can_publish_a_year(request, client, area, budget, role):
    who = _who(request, role)
    if who:
        client.force_login(who)
    url = reverse("open_budget_year_status", args=[budget["year"].pk])
    assert client.get(url).status_code == 405  # POST only
    response = client.post(url, {"status": "published"})
    year = BudgetYear.objects.get(pk=budget["year"].pk)
    if who is None:
        assert response.status_code == 302 and response.url.startswith(reverse("login"))
        assert not year.is_published
    elif role in KEEPERS:
        assert response.status_code == 302
        # Back to the keeper's page, at the year just published.
        manage = reverse("open_budget_manage", args=[area.slug])
        assert response.url == f"{manage}?year={year.start}"
        assert year.is_published and year.published_by == who
    else:
        assert response.status_code == 403
        assert not year.is_published


def test_a_keeper_cannot_post_changes_to_another_areas_budget(client, area, budget, outsider):
    client.force_login(outsider)
    line = budget["line"]
    response = client.post(
        reverse("open_budget_line_edit", args=[line.pk]),
        {"year": "2025 to 2026", "service": "Taken over", "spend": "1", "people": ""},
    )
    assert response.status_code == 403
    response = client.post(reverse("open_budget_line_remove", args=[line.pk]))
    assert response.status_code == 403
    assert BudgetLine.objects.get(pk=line.pk).service == "Home care"


def test_things_that_do_not_exist_are_404_for_keepers(client, area, budget, commissioner):
    client.force_login(commissioner)
    assert client.get(reverse("open_budget_line_edit", args=[99999])).status_code == 404
    assert client.get(reverse("open_budget_saving_edit", args=[99999])).status_code == 404
    assert client.get(reverse("open_budget", args=["nowhere"])).status_code == 404
    assert client.get(reverse("open_budget_manage", args=["nowhere"])).status_code == 404
