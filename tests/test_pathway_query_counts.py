"""Every pathway page runs the same few queries for 3 people as for 250.

250 people fill more than two pages of the people list (100 a page).

Each signed-in page loads the session and the user (2 queries); the limits
below add what each page reads itself.
"""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from tests.test_pathway_world import live, provider_for, with_people
from withus.pathways import services

# Nobody signed in: the area and its live pathways with their counts.
LIST_QUERIES = 2
# Nobody signed in: the pathway, its stages (with schemes), their providers.
PAGE_QUERIES = 3
# + roles, pathway, stages, people counted, a page of people, their outcomes.
PEOPLE_QUERIES = 8
# + roles, pathway, stages, providers, starts counted, outcomes counted.
STATEMENT_QUERIES = 8
# A provider: + its organisations in the area, read twice (the permission check and the
# view each ask; the tendering cache does not see through the request's lazy user).
PROVIDER_STATEMENT_QUERIES = 11  # one more: is the provider on this pathway at all
# + roles, pathway, schemes and organisations for the choices.
STAGE_FORM_QUERIES = 6
# + roles, the person, and the stages not yet met.
OUTCOME_FORM_QUERIES = 5


@pytest.fixture(params=[3, 250])
def world(request, area, commissioner, scheme):
    n = request.param
    pathway = live(area, commissioner, scheme)
    # Everyone starts before the stage 2 outcomes below, and all in 2026.
    people = with_people(pathway, commissioner, n, start=date(2026, 1, 1))
    stage2 = pathway.stages.get(position=2)
    for person in people[::3]:
        services.outcome_record(person, commissioner, stage=stage2, met_on=date(2026, 10, 1))
    for i in range(n // 3):
        services.pathway_create(
            area, commissioner, name=f"Draft {i}", description="", tariff=Decimal("100")
        )
    return pathway, people, n


def test_the_area_list(client, area, world, django_assert_max_num_queries):
    with django_assert_max_num_queries(LIST_QUERIES):
        response = client.get(reverse("pathways", args=[area.slug]))
    assert "Recovery pathway" in response.content.decode()


def test_the_area_list_for_a_commissioner(
    client, area, world, commissioner, django_assert_max_num_queries
):
    pathway, people, n = world
    client.force_login(commissioner)
    with django_assert_max_num_queries(LIST_QUERIES + 3):
        response = client.get(reverse("pathways", args=[area.slug]))
    assert response.content.decode().count("Draft, not public") == n // 3


def test_the_pathway_page(client, world, django_assert_max_num_queries):
    pathway, _people, _n = world
    with django_assert_max_num_queries(PAGE_QUERIES):
        response = client.get(reverse("pathway", args=[pathway.pk]))
    assert "£2,750.00" in response.content.decode()


def test_the_people_page(client, world, commissioner, django_assert_max_num_queries):
    pathway, people, n = world
    client.force_login(commissioner)
    with django_assert_max_num_queries(PEOPLE_QUERIES):
        response = client.get(reverse("pathway_people", args=[pathway.pk]))
    page = response.content.decode()
    shown = people[::-1][:100]  # newest start first, one page
    assert page.count(">CASE-") == len(shown)
    met = sum(p.outcomes.count() for p in shown)
    assert page.count("Met ") == met
    assert f"{n} people on this pathway" in page


def test_a_later_page_and_a_search(client, world, commissioner, django_assert_max_num_queries):
    pathway, _people, n = world
    client.force_login(commissioner)
    with django_assert_max_num_queries(PEOPLE_QUERIES):
        response = client.get(
            reverse("pathway_people", args=[pathway.pk]), {"q": "case-00", "page": "2"}
        )
    # References CASE-0000 to CASE-0099 match; one page of them at most.
    assert response.content.decode().count(">CASE-00") == min(n, 100)


@pytest.mark.parametrize("name", ["pathway_statement", "pathway_statement_csv"])
def test_the_statement(client, world, commissioner, name, django_assert_max_num_queries):
    pathway, _people, n = world
    client.force_login(commissioner)
    with django_assert_max_num_queries(STATEMENT_QUERIES):
        response = client.get(
            reverse(name, args=[pathway.pk]), {"from": "2026-01-01", "to": "2026-12-31"}
        )
    assert response.status_code == 200
    if name == "pathway_statement":
        assert f"{n} people started the pathway." in response.content.decode()


def test_a_providers_statement(client, area, world, provider, django_assert_max_num_queries):
    pathway, _people, n = world
    from withus.core.models import Organisation

    provider_for(provider, Organisation.objects.get(name="Brightpath Recovery CIC"))
    client.force_login(provider)
    with django_assert_max_num_queries(PROVIDER_STATEMENT_QUERIES):
        response = client.get(
            reverse("pathway_statement", args=[pathway.pk]),
            {"from": "2026-01-01", "to": "2026-12-31"},
        )
    assert f"{n} people started the pathway." in response.content.decode()


def test_the_forms(client, area, world, commissioner, django_assert_max_num_queries):
    pathway, people, _n = world
    client.force_login(commissioner)
    draft = services.pathway_create(
        area, commissioner, name="D", description="", tariff=Decimal("100")
    )
    with django_assert_max_num_queries(STAGE_FORM_QUERIES):
        assert client.get(reverse("pathway_stage_new", args=[draft.pk])).status_code == 200
    with django_assert_max_num_queries(OUTCOME_FORM_QUERIES):
        response = client.get(reverse("pathway_outcome_new", args=[people[1].pk]))
    assert "Assessment" in response.content.decode()
