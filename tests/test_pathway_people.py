"""Recording people starting a live pathway and the outcomes they meet.

Only the area's commissioners and admins record these; each is audited with the
money it makes due. People are known by a case reference, never a name.
"""

import html
import re
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


def _people_list(client, pathway, **params) -> str:
    return _page(client.get(reverse("pathway_people", args=[pathway.pk]), params))


def _references(page: str) -> list[str]:
    return re.findall(r'<th scope="row" class="govuk-table__header">([^<]+)</th>', page)


def test_the_list_shows_100_people_a_page_newest_start_first(client, area, commissioner, scheme):
    pathway = live(area, commissioner, scheme)
    # CASE-0000 started first and CASE-0249 last, a day apart.
    with_people(pathway, commissioner, 250)
    client.force_login(commissioner)

    first = _people_list(client, pathway)
    assert "250 people on this pathway" in first
    assert _references(first) == [f"CASE-{i:04d}" for i in range(249, 149, -1)]
    assert "People 1 to 100 of 250" in first
    assert 'class="govuk-pagination"' in first
    assert 'rel="prev"' not in first
    assert 'href="?page=2" rel="next"' in first
    assert 'href="?page=1" aria-label="Page 1" aria-current="page"' in first
    assert 'aria-label="Page 3"' in first

    middle = _people_list(client, pathway, page="2")
    assert _references(middle) == [f"CASE-{i:04d}" for i in range(149, 49, -1)]
    assert 'href="?page=1" rel="prev"' in middle
    assert 'href="?page=3" rel="next"' in middle
    assert 'aria-label="Page 2" aria-current="page"' in middle
    assert "People on the pathway (page 2 of 3)" in middle

    last = _people_list(client, pathway, page="3")
    assert _references(last) == [f"CASE-{i:04d}" for i in range(49, -1, -1)]
    assert 'rel="next"' not in last
    # Every other person met stage 1, and the page says when and who recorded it.
    assert last.count("Met ") == 25
    assert f"(recorded by {commissioner})" in last


@pytest.mark.parametrize(("asked", "shown"), [("99", "3"), ("0", "3"), ("two", "1"), ("", "1")])
def test_a_page_that_does_not_exist_shows_the_nearest_one(
    client, area, commissioner, scheme, asked, shown
):
    pathway = live(area, commissioner, scheme)
    with_people(pathway, commissioner, 201)
    client.force_login(commissioner)
    page = _people_list(client, pathway, page=asked)
    assert f'aria-label="Page {shown}" aria-current="page"' in page
    assert len(_references(page)) == (1 if shown == "3" else 100)


def test_a_search_finds_people_by_part_of_their_reference(client, area, commissioner, scheme):
    pathway = live(area, commissioner, scheme)
    with_people(pathway, commissioner, 130)
    client.force_login(commissioner)

    page = _people_list(client, pathway, q=" ase-012 ")
    assert "10 people match ase-012" in page
    assert _references(page) == [f"CASE-{i:04d}" for i in range(129, 119, -1)]
    assert 'value="ase-012"' in page
    assert 'class="govuk-pagination"' not in page
    assert '<label class="govuk-label govuk-label--s" for="people-q">' in page

    one = _people_list(client, pathway, q="CASE-0007")
    assert "1 person matches CASE-0007" in one
    assert _references(one) == ["CASE-0007"]

    # CASE-0100 to CASE-0129 match "case-01"; CASE-0010 does not.
    many = _people_list(client, pathway, q="case-01")
    assert "30 people match case-01" in many
    assert _references(many)[-1] == "CASE-0100"

    none = _people_list(client, pathway, q="XYZ")
    assert "0 people match XYZ" in none
    assert "Check the case reference and try again." in none
    assert _references(none) == []


def test_paging_links_keep_the_search(client, area, commissioner, scheme):
    pathway = live(area, commissioner, scheme)
    with_people(pathway, commissioner, 230)
    client.force_login(commissioner)
    # All 230 references contain "se-0": pages of 100, 100 and 30.
    page = _people_list(client, pathway, q="se-0", page="3")
    assert "230 people match se-0" in page
    assert _references(page) == [f"CASE-{i:04d}" for i in range(29, -1, -1)]
    assert 'href="?q=se-0&page=2" rel="prev"' in page
    assert 'href="?q=se-0&page=1" aria-label="Page 1"' in page
    assert 'rel="next"' not in page
