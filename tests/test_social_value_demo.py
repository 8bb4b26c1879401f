"""The SROI demo: a published analysis of the recovery peer mentors and a draft,
made through the services (so audited), and nothing made twice."""

from decimal import Decimal

import pytest
from django.urls import reverse

from withus.core.audit import audit_verify
from withus.core.models import AuditEntry, Organisation
from withus.peer_support.models import Scheme
from withus.social_value import demo, queries
from withus.social_value.models import Analysis

D = Decimal


@pytest.fixture
def recovery(area):
    lero = Organisation.objects.create(
        name="Northvale Recovery Community", kind=Organisation.Kind.USER_LED, local_area=area
    )
    return Scheme.objects.create(
        local_area=area, organisation=lero, name="Northvale Recovery Peer Mentors"
    )


def test_it_publishes_one_analysis_of_the_scheme_and_keeps_one_draft(
    client, area, recovery, commissioner, area_admin
):
    people = {"commissioner": commissioner, "areaadmin": area_admin}
    demo.load(area, people)
    demo.load(area, people)

    published = Analysis.objects.get(status="published")
    draft = Analysis.objects.get(status="draft")
    assert Analysis.objects.count() == 2
    assert published.scheme == recovery and published.published_by == area_admin
    assert published.inputs.count() == 3 and published.outcomes.count() == 5
    page = queries.analysis_page(published)
    # Council £70,000 + ICB £35,000 + 1,200 volunteer hours at £12.21 (£14,652).
    assert page["result"].investment == D("119652.00")
    assert D("3") <= page["result"].ratio <= D("5")
    assert draft.scheme == recovery and draft.outcomes.count() == 1
    assert AuditEntry.objects.filter(action="social_value.publish").count() == 1
    assert audit_verify() is None

    text = client.get(reverse("sroi_analysis", args=[published.pk])).content.decode()
    assert "Even if we counted 25% less for each outcome" in text
    assert client.get(reverse("sroi_analysis", args=[draft.pk])).status_code == 302


def test_it_still_loads_without_the_scheme(area, commissioner):
    demo.load(area, {"commissioner": commissioner})
    assert Analysis.objects.filter(scheme__isnull=True).count() == 2
