"""The demo's open budget: two published years of Northvale spend, a shared saving, and a
draft year only the commissioner and area admin see. Safe to load twice."""

from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from withus.core.audit import audit_verify
from withus.core.models import User
from withus.open_budgets.models import BudgetLine, BudgetYear, Saving

pytestmark = pytest.mark.django_db


def _demo():
    call_command("demo", stdout=StringIO())


def test_the_demo_has_two_published_years_a_saving_and_a_draft(client):
    _demo()
    years = {y.start: y for y in BudgetYear.objects.filter(local_area__slug="northvale")}
    assert sorted(years) == [2024, 2025, 2026]
    assert years[2024].is_published and years[2025].is_published
    assert not years[2026].is_published
    for start in years:
        assert BudgetLine.objects.filter(year=years[start]).count() == 9
    day = BudgetLine.objects.get(year=years[2025], service="Day services (day centres)")
    peer = BudgetLine.objects.get(year=years[2025], service="Peer support")
    assert day.contract is not None and day.contract.reference == "NV-2025-012"
    assert day.spend < BudgetLine.objects.get(year=years[2024], service=day.service).spend
    assert peer.spend > BudgetLine.objects.get(year=years[2024], service=peer.service).spend
    saving = Saving.objects.get()
    assert saving.amount == Decimal("180000.00")
    assert saving.percents == [Decimal(40), Decimal(30), Decimal(30)]
    assert audit_verify() is None

    public = client.get(reverse("open_budget", args=["northvale"])).content.decode()
    assert "2025 to 2026" in public and "2024 to 2025" in public
    assert "2026 to 2027" not in public
    assert "£72,000.00" in public  # 40% of the saving

    for username, sees_draft in (
        ("commissioner", True),
        ("areaadmin", True),
        ("expert", False),
        ("facilitator", False),
    ):
        client.force_login(User.objects.get(username=username))
        page = client.get(reverse("open_budget", args=["northvale"])).content.decode()
        assert ("2026 to 2027" in page) is sees_draft, username


def test_the_demo_loads_twice_without_making_anything_twice():
    _demo()
    counts = (BudgetYear.objects.count(), BudgetLine.objects.count(), Saving.objects.count())
    _demo()
    assert (BudgetYear.objects.count(), BudgetLine.objects.count(), Saving.objects.count()) == (
        counts
    )
    assert counts == (3, 27, 1)
