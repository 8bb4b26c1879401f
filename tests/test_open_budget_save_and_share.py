"""Save and share: a saving, shared between people who use services, commissioners and
the community by percentages adding to 100, split to the penny; public once its year is."""

import html
import re
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from withus.core.models import AuditEntry
from withus.open_budgets import services
from withus.open_budgets.models import BudgetYear, Saving

D = Decimal

GOOD = {
    "year": "2025 to 2026",
    "what": "Fewer day-centre places; more peer support.",
    "amount": "180,000",
    "people_percent": "40",
    "people_pays_for": "More peer mentors.",
    "commissioners_percent": "30",
    "commissioners_pays_for": "Other services.",
    "community_percent": "30",
    "community_pays_for": "Community grants.",
}


def _text(fragment: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def _field_error(page: str, name: str) -> str:
    found = re.search(rf'id="id_{name}-error" class="govuk-error-message">(.*?)</p>', page, re.S)
    assert found, f"no message next to {name}"
    return _text(found[1]).replace("Error:", "").strip()


def test_a_saving_is_recorded_audited_and_public_once_its_year_is(client, area, commissioner):
    client.force_login(commissioner)
    response = client.post(reverse("open_budget_saving_new", args=[area.slug]), GOOD)
    assert response.status_code == 302
    saving = Saving.objects.get()
    assert saving.amount == D("180000.00") and saving.percents == [D(40), D(30), D(30)]
    entry = AuditEntry.objects.get(action="open_budgets.saving_add")
    # 18000000p at 40 / 30 / 30 = 7200000, 5400000, 5400000 exactly.
    assert entry.data["shares"] == ["72000.00", "54000.00", "54000.00"]
    assert entry.actor == commissioner

    client.logout()
    public = _text(client.get(reverse("open_budget", args=[area.slug])).content.decode())
    assert "Fewer day-centre places" not in public  # its year is still a draft

    services.line_add(area, commissioner, year=2025, service="Day", spend=D("1"), people=None)
    services.year_set_status(BudgetYear.objects.get(), commissioner, publish=True)
    public = _text(client.get(reverse("open_budget", args=[area.slug])).content.decode())
    assert "Save and share: a saving of £180,000.00" in public
    assert "People who use services 40% £72,000.00 More peer mentors." in public
    assert "Commissioners (the council and NHS) 30% £54,000.00 Other services." in public
    assert "The wider community 30% £54,000.00 Community grants." in public


@pytest.mark.parametrize(
    "change, field, says",
    [
        (
            {"community_percent": "25"},
            "people_percent",
            "The shares add up to 95%, 5% short of 100%. They must add up to 100%.",
        ),
        (
            {"community_percent": "30.5"},
            "people_percent",
            "The shares add up to 100.5%, 0.5% over 100%. They must add up to 100%.",
        ),
        ({"amount": "10.001"}, "amount", "fractions of a penny"),
        ({"amount": "-10"}, "amount", "cannot be less than £0"),
        ({"people_percent": "-5"}, "people_percent", "A share cannot be less than 0%."),
        ({"year": "twenty"}, "year", '"twenty" is not a financial year.'),
        ({"what": ""}, "what", "Say what was saved and how."),
    ],
)
def test_bad_shares_are_named_and_nothing_is_saved(client, area, commissioner, change, field, says):
    client.force_login(commissioner)
    sent = GOOD | change
    page = client.post(reverse("open_budget_saving_new", args=[area.slug]), sent).content.decode()
    assert says in _field_error(page, field)
    assert "There is a problem" in page
    assert "More peer mentors." in page  # what was typed is kept
    assert not Saving.objects.exists() and not BudgetYear.objects.exists()


def test_the_service_refuses_shares_not_adding_to_100_too(area, commissioner):
    data = GOOD | {
        "amount": D("100"),
        "people_percent": D(30),
        "commissioners_percent": D(30),
        "community_percent": D(30),
    }
    data.pop("year")
    with pytest.raises(ValidationError) as refused:
        services.saving_add(area, commissioner, year=2025, **data)
    assert refused.value.message_dict == {
        "people_percent": ["The shares add up to 90%, 10% short of 100%. They must add up to 100%."]
    }
    assert not Saving.objects.exists()


def test_changing_and_removing_a_saving_is_audited(client, area, commissioner):
    data = GOOD | {
        "amount": D("100.00"),
        "people_percent": D(50),
        "commissioners_percent": D(25),
        "community_percent": D(25),
    }
    data.pop("year")
    saving = services.saving_add(area, commissioner, year=2025, **data)
    client.force_login(commissioner)
    form = client.get(reverse("open_budget_saving_edit", args=[saving.pk])).content.decode()
    assert 'value="2025 to 2026"' in form
    client.post(reverse("open_budget_saving_edit", args=[saving.pk]), GOOD | {"amount": "0.10"})
    saving.refresh_from_db()
    assert saving.amount == D("0.10")
    changed = AuditEntry.objects.get(action="open_budgets.saving_change")
    # 10p at 40 / 30 / 30: 4, 3, 3 exactly.
    assert changed.data["before"]["shares"] == ["50.00", "25.00", "25.00"]
    assert changed.data["after"]["shares"] == ["0.04", "0.03", "0.03"]
    client.post(reverse("open_budget_saving_remove", args=[saving.pk]))
    assert not Saving.objects.exists()
    assert AuditEntry.objects.filter(action="open_budgets.saving_remove").count() == 1
