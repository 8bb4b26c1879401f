"""Recording people starting a live pathway and the outcomes they meet.

Only the area's commissioners and admins record these; each is audited with the
money it makes due. People are known by a case reference, never a name.
"""

import html
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.test_pathway_world import draft, live, with_people
from withus.core.models import AuditEntry
from withus.pathways import services
from withus.pathways.models import OutcomeMet, PathwayPerson


def _date(prefix: str, day) -> dict:
    return {f"{prefix}_0": day.day, f"{prefix}_1": day.month, f"{prefix}_2": day.year}


def _page(response) -> str:
    return html.unescape(response.content.decode())


def test_a_commissioner_records_a_start_and_the_upfront_money_is_audited(
    client, area, commissioner, scheme
):
    pathway = live(area, commissioner, scheme)
    client.force_login(commissioner)
    day = timezone.localdate() - timedelta(days=3)
    response = client.post(
        reverse("pathway_person_new", args=[pathway.pk]),
        {"reference": " NV-1234 ", **_date("started_on", day)},
    )
    assert response.url == reverse("pathway_people", args=[pathway.pk])
    person = PathwayPerson.objects.get()
    assert (person.reference, person.started_on, person.recorded_by) == (
        "NV-1234",
        day,
        commissioner,
    )
    entry = AuditEntry.objects.get(action="pathways.person_start")
    # Upfront for one person: 75% of £2,750.00 = £2,062.50.
    assert entry.data["upfront_due"] == "2062.50"
    page = client.get(reverse("pathway_people", args=[pathway.pk])).content.decode()
    assert "NV-1234" in page and "Not yet" in page


def test_an_outcome_met_is_recorded_once_with_who_and_when(client, area, commissioner, scheme):
    pathway = live(area, commissioner, scheme)
    (person,) = with_people(pathway, commissioner, 1)
    stage = pathway.stages.get(position=2)
    client.force_login(commissioner)
    day = person.started_on + timedelta(days=10)
    response = client.post(
        reverse("pathway_outcome_new", args=[person.pk]),
        {"stage": stage.pk, **_date("met_on", day)},
    )
    assert response.url == reverse("pathway_people", args=[pathway.pk])
    met = OutcomeMet.objects.get(stage=stage)
    assert (met.met_on, met.recorded_by) == (day, commissioner)
    # Stage 2's on-outcome money: 25% of £1,375.00 = £343.75.
    assert (
        AuditEntry.objects.get(action="pathways.outcome_met", object_id=str(met.pk)).data[
            "on_outcome_due"
        ]
        == "343.75"
    )
    # The same outcome again is refused next to the stage, and not saved twice.
    again = client.post(
        reverse("pathway_outcome_new", args=[person.pk]),
        {"stage": stage.pk, **_date("met_on", day)},
    )
    assert "This outcome is already recorded for this person." in _page(again)
    assert OutcomeMet.objects.filter(stage=stage).count() == 1
    # A stage already met is no longer offered.
    form = client.get(reverse("pathway_outcome_new", args=[person.pk])).content.decode()
    assert f'value="{stage.pk}"' not in form


@pytest.mark.parametrize(
    ("offset", "message"),
    [
        (-1, "The date cannot be before the person started the pathway"),
        (None, "The date cannot be in the future."),
    ],
)
def test_an_outcome_date_before_the_start_or_in_the_future_is_refused(
    client, area, commissioner, scheme, offset, message
):
    pathway = live(area, commissioner, scheme)
    (person,) = with_people(pathway, commissioner, 1)
    day = (
        timezone.localdate() + timedelta(days=1)
        if offset is None
        else person.started_on + timedelta(days=offset)
    )
    client.force_login(commissioner)
    response = client.post(
        reverse("pathway_outcome_new", args=[person.pk]),
        {"stage": pathway.stages.get(position=3).pk, **_date("met_on", day)},
    )
    page = _page(response)
    assert message in page
    assert 'href="#id_met_on_0"' in page
    assert f'value="{day.year}"' in page
    assert not OutcomeMet.objects.filter(stage__position=3).exists()


def test_a_start_in_the_future_or_a_reference_used_twice_is_refused(
    client, area, commissioner, scheme
):
    pathway = live(area, commissioner, scheme)
    with_people(pathway, commissioner, 1)
    client.force_login(commissioner)
    url = reverse("pathway_person_new", args=[pathway.pk])
    future = client.post(
        url, {"reference": "NEW-1", **_date("started_on", timezone.localdate() + timedelta(days=2))}
    )
    assert "The date cannot be in the future." in _page(future)
    twice = client.post(
        url, {"reference": "case-0000", **_date("started_on", timezone.localdate())}
    )
    assert "Someone with this case reference is already on this pathway." in _page(twice)
    bad = client.post(
        url,
        {"reference": "NEW-2", "started_on_0": "31", "started_on_1": "2", "started_on_2": "2026"},
    )
    assert "The date must be a real date" in _page(bad)
    assert list(PathwayPerson.objects.values_list("reference", flat=True)) == ["CASE-0000"]


def test_nobody_can_start_on_a_draft(client, area, commissioner, scheme):
    pathway = draft(area, commissioner, scheme)
    client.force_login(commissioner)
    response = client.post(
        reverse("pathway_person_new", args=[pathway.pk]),
        {"reference": "X", **_date("started_on", timezone.localdate())},
    )
    assert response.status_code == 403
    assert not PathwayPerson.objects.exists()


def test_when_every_outcome_is_met_the_form_says_so(client, area, commissioner, scheme):
    pathway = live(area, commissioner, scheme)
    (person,) = with_people(pathway, commissioner, 1)  # stage 1 met a week after the start
    for stage in pathway.stages.filter(position__gt=1):
        services.outcome_record(person, commissioner, stage=stage, met_on=person.started_on)
    client.force_login(commissioner)
    page = _page(client.get(reverse("pathway_outcome_new", args=[person.pk])))
    assert "Every stage's outcome is already recorded for this person." in page
    assert 'name="stage"' not in page
