"""Bad input on SROI forms: the form again, the mistake named next to the field,
everything typed still there, and nothing saved."""

import html
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from withus.core.models import AuditEntry
from withus.social_value import services
from withus.social_value.models import Analysis, Input, Outcome

D = Decimal

OUTCOME = {
    "stakeholder": "People in recovery",
    "description": "Stayed free of drugs",
    "indicator": "Six-month check",
    "quantity": "10",
    "proxy": "1000",
    "proxy_source": "Unit Cost Database",
    "deadweight": "20",
    "attribution": "25",
    "displacement": "0",
    "drop_off": "50",
    "duration": "3",
}


def _text(fragment: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def _field_error(page: str, name: str) -> str:
    found = re.search(rf'id="id_{name}-error" class="govuk-error-message">(.*?)</p>', page, re.S)
    assert found, f"no message next to {name}"
    return _text(found[1]).replace("Error:", "").strip()


@pytest.fixture
def draft(area, commissioner):
    return services.analysis_create(area, commissioner, title="Peer mentors", start_year=2025)


@pytest.mark.parametrize(
    ("field", "typed", "message"),
    [
        ("deadweight", "101", "Enter the deadweight as a number from 0 to 100, like 20."),
        ("deadweight", "-1", "Enter the deadweight as a number from 0 to 100, like 20."),
        ("attribution", "a lot", "Enter the attribution as a number from 0 to 100, like 20."),
        ("displacement", "100.5", "Enter the displacement as a number from 0 to 100, like 20."),
        ("drop_off", "half", "Enter the drop-off as a number from 0 to 100, like 20."),
        ("duration", "0", "Enter how many years it lasts as a whole number from 1 to 10."),
        ("duration", "11", "Enter how many years it lasts as a whole number from 1 to 10."),
        ("duration", "2.5", "Enter how many years it lasts as a whole number from 1 to 10."),
        ("proxy", "-5", "The value cannot be below £0."),
        ("proxy", "lots", "Enter an amount in pounds, like 1250000 or 1,250,000.50."),
        ("quantity", "-3", "Enter how many people as a whole number, 0 or more, like 12."),
        ("quantity", "", "Enter how many people, like 12."),
        ("proxy_source", "", "Enter where the value comes from."),
    ],
)
def test_a_bad_outcome_is_named_next_to_its_field_and_nothing_is_lost(
    client, draft, commissioner, field, typed, message
):
    client.force_login(commissioner)
    response = client.post(reverse("sroi_outcome_new", args=[draft.pk]), {**OUTCOME, field: typed})
    page = response.content.decode()
    assert response.status_code == 200
    assert _field_error(page, field) == message
    assert 'value="Unit Cost Database"' in page or field == "proxy_source"
    if typed:
        assert f'value="{typed}"' in page
    assert not Outcome.objects.exists()
    assert not AuditEntry.objects.filter(action="social_value.outcome_add").exists()


def test_a_changed_outcome_with_a_bad_value_keeps_the_old_one(client, draft, commissioner):
    outcome = services.outcome_add(draft, commissioner, **{**OUTCOME, "proxy": D("1000")})
    client.force_login(commissioner)
    page = client.post(
        reverse("sroi_outcome_edit", args=[outcome.pk]), {**OUTCOME, "duration": "11"}
    ).content.decode()
    assert _field_error(page, "duration") == (
        "Enter how many years it lasts as a whole number from 1 to 10."
    )
    outcome.refresh_from_db()
    assert outcome.duration == 3


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("20.01", "Enter the discount rate as a number from 0 to 20, like 3.5."),
        ("-1", "Enter the discount rate as a number from 0 to 20, like 3.5."),
        ("three", "Enter the discount rate as a number from 0 to 20, like 3.5."),
    ],
)
def test_a_discount_rate_outside_0_to_20_is_refused(client, area, commissioner, typed, message):
    client.force_login(commissioner)
    page = client.post(
        reverse("sroi_new", args=[area.slug]),
        {"title": "Peer mentors", "about": "", "start_year": "2025", "discount_rate": typed},
    ).content.decode()
    assert _field_error(page, "discount_rate") == message
    assert 'value="Peer mentors"' in page
    assert not Analysis.objects.exists()


def test_a_negative_input_is_refused(client, draft, commissioner):
    client.force_login(commissioner)
    page = client.post(
        reverse("sroi_input_new", args=[draft.pk]),
        {"contributor": "Council", "description": "Grant", "amount": "-100"},
    ).content.decode()
    assert _field_error(page, "amount") == "The amount must be 0 or more."
    assert 'value="Council"' in page
    assert not Input.objects.exists()


def test_a_scheme_from_another_area_cannot_be_chosen(client, area, other_area, commissioner):
    from withus.core.models import Organisation
    from withus.peer_support.models import Scheme

    elsewhere = Scheme.objects.create(
        local_area=other_area,
        organisation=Organisation.objects.create(name="Eastmoor LERO", kind="user_led"),
        name="Eastmoor mentors",
    )
    client.force_login(commissioner)
    page = client.post(
        reverse("sroi_new", args=[area.slug]),
        {
            "title": "Peer mentors",
            "about": f"scheme:{elsewhere.pk}",
            "start_year": "2025",
            "discount_rate": "3.5",
        },
    ).content.decode()
    assert _field_error(page, "about") == (
        "Choose one of the options shown. The page may be out of date: reload it."
    )
    assert "Eastmoor mentors" not in page
    assert not Analysis.objects.exists()


@pytest.mark.parametrize(
    ("field", "value"),
    [("duration", 11), ("duration", 0), ("deadweight", D("100.01")), ("proxy", D("-1"))],
)
def test_the_service_refuses_bad_values_whoever_calls_it(draft, commissioner, field, value):
    from django.core.exceptions import ValidationError

    values = {**OUTCOME, "quantity": 10, "proxy": D("1000"), "duration": 3}
    values.update(
        {k: D(values[k]) for k in ("deadweight", "attribution", "displacement", "drop_off")}
    )
    values[field] = value
    with pytest.raises(ValidationError) as refused:
        services.outcome_add(draft, commissioner, **values)
    assert field in refused.value.message_dict
    assert not Outcome.objects.exists()
