"""Publishing an SROI analysis: refused (and why) when nothing was put in, audited,
then public and fixed; a copy is a new draft to change.

Figures: the hand-worked outcome (present value £9,950.55) with £2,500 put in:
return £3.98 for each £1, net £7,450.55.
"""

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
    "quantity": 10,
    "proxy": D("1000.00"),
    "proxy_source": "Unit Cost Database",
    "deadweight": D("20"),
    "attribution": D("25"),
    "displacement": D("0"),
    "drop_off": D("50"),
    "duration": 3,
}


def _text(page: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


@pytest.fixture
def draft(area, commissioner):
    analysis = services.analysis_create(
        area, commissioner, title="Peer mentors 2025", start_year=2025
    )
    services.outcome_add(analysis, commissioner, **OUTCOME)
    return analysis


def test_it_refuses_to_publish_when_nothing_was_put_in_and_says_why(client, draft, commissioner):
    services.input_add(
        draft, commissioner, contributor="Volunteers", description="Time", amount=D("0")
    )
    client.force_login(commissioner)
    response = client.post(reverse("sroi_publish", args=[draft.pk]))
    text = _text(response.content.decode())
    assert response.status_code == 200
    assert (
        "There is a problem Add what was put in, in pounds. The return is the value divided "
        "by what was put in, so it cannot be worked out when nothing was put in."
    ) in text
    draft.refresh_from_db()
    assert draft.status == "draft"
    assert not AuditEntry.objects.filter(action="social_value.publish").exists()
    # The analysis page says the same, and shows no return.
    text = _text(client.get(reverse("sroi_analysis", args=[draft.pk])).content.decode())
    assert "Before it can be published" in text
    assert "Nothing has been put in yet, so the return for each £1 cannot be worked out." in text


def test_it_refuses_to_publish_with_no_outcomes(client, area, commissioner):
    empty = services.analysis_create(area, commissioner, title="Empty", start_year=2025)
    services.input_add(
        empty, commissioner, contributor="Council", description="Grant", amount=D("10")
    )
    client.force_login(commissioner)
    text = _text(client.post(reverse("sroi_publish", args=[empty.pk])).content.decode())
    assert "Add at least one outcome: what changed for people." in text
    assert Analysis.objects.get(pk=empty.pk).status == "draft"


def test_it_publishes_audited_and_anyone_can_read_it(client, area, draft, area_admin):
    services.input_add(
        draft, area_admin, contributor="Council", description="Grant", amount=D("2500")
    )
    client.force_login(area_admin)
    response = client.post(reverse("sroi_publish", args=[draft.pk]))
    assert response["Location"] == reverse("sroi_analysis", args=[draft.pk])
    draft.refresh_from_db()
    assert (draft.status, draft.published_by) == ("published", area_admin)
    (entry,) = AuditEntry.objects.filter(action="social_value.publish")
    assert entry.data == {
        "investment": "2500.00",
        "present_value": "9950.55",
        "net_present_value": "7450.55",
        "ratio": "3.98",
        "discount_rate": "3.50",
        "outcomes": 1,
    }

    client.logout()
    text = _text(client.get(reverse("sroi_analysis", args=[draft.pk])).content.decode())
    assert "That is £3.98 of social value for every £1 put in." in text
    assert "Change title, year or discount rate" not in text
    assert "Make a new draft" not in text
    listing = _text(client.get(reverse("sroi_list", args=[area.slug])).content.decode())
    assert "Peer mentors 2025" in listing and "£3.98" in listing


def test_a_published_analysis_cannot_be_changed(client, draft, commissioner):
    services.input_add(
        draft, commissioner, contributor="Council", description="Grant", amount=D("2500")
    )
    services.analysis_publish(draft, commissioner)
    outcome, item = Outcome.objects.get(), Input.objects.get()
    client.force_login(commissioner)
    for name, arg in [
        ("sroi_edit", draft.pk),
        ("sroi_publish", draft.pk),
        ("sroi_input_new", draft.pk),
        ("sroi_outcome_new", draft.pk),
        ("sroi_input_edit", item.pk),
        ("sroi_outcome_edit", outcome.pk),
        ("sroi_input_remove", item.pk),
        ("sroi_outcome_remove", outcome.pk),
    ]:
        assert client.post(reverse(name, args=[arg]), {"amount": "1"}).status_code == 403, name
    assert Outcome.objects.count() == 1 and Input.objects.get().amount == D("2500.00")
    # And the service refuses too, whoever calls it.
    with pytest.raises(Exception, match="published, so it cannot be changed"):
        services.outcome_remove(outcome, commissioner)


def test_a_copy_is_a_new_draft_with_the_same_figures(client, draft, commissioner):
    services.input_add(
        draft, commissioner, contributor="Council", description="Grant", amount=D("2500")
    )
    services.analysis_publish(draft, commissioner)
    client.force_login(commissioner)
    response = client.post(reverse("sroi_copy", args=[draft.pk]))
    copy = Analysis.objects.exclude(pk=draft.pk).get()
    assert response["Location"] == reverse("sroi_analysis", args=[copy.pk])
    assert (copy.status, copy.copied_from, copy.title) == ("draft", draft, draft.title)
    assert list(copy.inputs.values_list("contributor", "amount")) == [("Council", D("2500.00"))]
    assert list(copy.outcomes.values_list("description", "proxy", "duration")) == [
        ("Stayed free of drugs", D("1000.00"), 3)
    ]
    (entry,) = AuditEntry.objects.filter(action="social_value.copy")
    assert entry.data == {"copied_from": draft.pk}
    # The copy can be changed; the published one is as it was.
    client.post(
        reverse("sroi_input_edit", args=[copy.inputs.get().pk]),
        {"contributor": "Council", "description": "Grant", "amount": "5000"},
    )
    assert draft.inputs.get().amount == D("2500.00")
    assert copy.inputs.get().amount == D("5000.00")
