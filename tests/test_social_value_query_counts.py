"""The SROI pages run the same few queries for 1 analysis of 2 outcomes as for
10 analyses of 20 outcomes each.

Signed in, a page loads the session and the user (2 queries) and the
person's roles (1).
"""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from withus.social_value import services
from withus.social_value.models import Outcome

D = Decimal

# Nobody signed in: the area, the published analyses with their stored figures.
LIST_PUBLIC = 2
# + session, user, roles; the drafts' inputs and outcomes, all drafts together.
LIST_EDITOR = 7
# Nobody signed in: the analysis (with what it is about), inputs, outcomes.
ANALYSIS_PUBLIC = 3
# + session, user, roles; the draft's publishing checks (total put in, any outcome).
ANALYSIS_EDITOR = 8
# + session, user, roles, the outcome with its analysis and area.
OUTCOME_FORM = 4
# + session, user, roles, the analysis, and its publishing checks.
PUBLISH_FORM = 6
# + session, user, roles, area, and the area's schemes, projects and contracts.
NEW_FORM = 7


def _outcome(i: int) -> dict:
    return {
        "stakeholder": f"Group {i}",
        "description": f"Change {i}",
        "indicator": "Asked",
        "quantity": 10 + i,
        "proxy": D("1000") + i,
        "proxy_source": "Unit Cost Database",
        "deadweight": D("20"),
        "attribution": D("25"),
        "displacement": D("5"),
        "drop_off": D("50"),
        "duration": 1 + i % 10,
    }


def _build(area, by, analyses: int, parts: int, *, publish_every: int = 2):
    made = []
    for n in range(analyses):
        analysis = services.analysis_create(area, by, title=f"Analysis {n}", start_year=2025)
        for i in range(parts):
            services.input_add(
                analysis, by, contributor=f"Funder {i}", description="Grant", amount=D("500")
            )
            services.outcome_add(analysis, by, **_outcome(i))
        if publish_every and n % publish_every == 0:
            services.analysis_publish(analysis, by)
        made.append(analysis)
    return made


@pytest.mark.parametrize(("analyses", "parts"), [(1, 2), (10, 20)])
def test_the_pages_run_a_fixed_number_of_queries(
    client, area, commissioner, scheme, project, django_assert_max_num_queries, analyses, parts
):
    made = _build(area, commissioner, analyses, parts)
    published, draft = made[0], (made[1] if len(made) > 1 else None)
    if draft is None:
        draft = _build(area, commissioner, 1, parts, publish_every=0)[0]
    outcome = draft.outcomes.first()

    with django_assert_max_num_queries(LIST_PUBLIC):
        page = client.get(reverse("sroi_list", args=[area.slug])).content.decode()
    assert "Analysis 0" in page
    with django_assert_max_num_queries(ANALYSIS_PUBLIC):
        page = client.get(reverse("sroi_analysis", args=[published.pk])).content.decode()
    assert f"Change {parts - 1}" in page

    client.force_login(commissioner)
    with django_assert_max_num_queries(LIST_EDITOR):
        page = client.get(reverse("sroi_list", args=[area.slug])).content.decode()
    assert draft.title in page
    with django_assert_max_num_queries(ANALYSIS_EDITOR):
        page = client.get(reverse("sroi_analysis", args=[draft.pk])).content.decode()
    assert "Publish" in page
    with django_assert_max_num_queries(OUTCOME_FORM):
        page = client.get(reverse("sroi_outcome_edit", args=[outcome.pk])).content.decode()
    assert 'value="Group 0"' in page
    with django_assert_max_num_queries(PUBLISH_FORM):
        page = client.get(reverse("sroi_publish", args=[draft.pk])).content.decode()
    assert "Once it is published, anyone can read it" in page
    with django_assert_max_num_queries(NEW_FORM):
        page = client.get(reverse("sroi_new", args=[area.slug])).content.decode()
    assert "Peer support: Northvale Peer Mentors" in page


def _published_with_many_outcomes(area, by, analyses: int, outcomes: int) -> None:
    """Analyses published through the service (so their figures are stored), each
    with many outcomes written straight in, as building them one by one is slow."""
    for n in range(analyses):
        analysis = services.analysis_create(area, by, title=f"Big {n}", start_year=2025)
        services.input_add(
            analysis, by, contributor="Council", description="Grant", amount=D("5000")
        )
        Outcome.objects.bulk_create(
            Outcome(analysis=analysis, **_outcome(i)) for i in range(outcomes)
        )
        services.analysis_publish(analysis, by)


def _list_queries(client, area) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as run:
        page = client.get(reverse("sroi_list", args=[area.slug])).content.decode()
    return len(run.captured_queries), page


def test_the_list_runs_as_many_queries_for_30_published_analyses_as_for_3(
    client, area, commissioner
):
    counts = {}
    for analyses in (3, 30):
        # Start again each time, so the sizes do not add up.
        area.sroi_analyses.all().delete()
        _published_with_many_outcomes(area, commissioner, analyses, 40)
        counts[analyses], page = _list_queries(client, area)
        assert page.count(">Big ") == analyses
    assert counts[3] == counts[30] == LIST_PUBLIC

    # With drafts too (for an editor), still the same.
    _build(area, commissioner, 3, 5, publish_every=0)
    client.force_login(commissioner)
    small, page = _list_queries(client, area)
    _build(area, commissioner, 27, 5, publish_every=0)
    large, page = _list_queries(client, area)
    assert small == large == LIST_EDITOR
    assert "Big 29" in page and "Analysis 26" in page
