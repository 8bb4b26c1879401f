"""The thread pages and downloads run a fixed number of queries, however long the chain
and however many priorities the area has."""

import pytest

from tests import golden_thread_world as world
from withus.stories import services as stories
from withus.stories.models import Service, Story

# Start (1) + the priorities (1) + the thread (9: theme figures 2, quotes, links,
# questions, winning answers, agreed scores, KPIs, returns).
THREAD_PAGE = 11
# The area (1) + its priorities (1) + the thread without quotes (8).
AREA = 10


def _shape(size: str) -> dict:
    return {
        "small": {"requirements": 1, "questions": 1, "kpis": 1},
        "large": {"requirements": 8, "questions": 3, "kpis": 2},
    }[size]


@pytest.mark.parametrize("size", ["small", "large"])
def test_the_thread_page_for_a_priority_takes_the_same_queries_however_long_the_chain(
    client, django_assert_max_num_queries, area, project, commissioner, facilitator, size
):
    (priority,) = world.measured(
        area, project, commissioner, facilitator, priorities=1, **_shape(size)
    )
    expected = {"small": (1, 1, 1), "large": (8, 24, 48)}[size]
    with django_assert_max_num_queries(THREAD_PAGE) as captured:
        response = client.get(f"/thread/priority/{priority.pk}/")
    assert response.status_code == 200
    assert len(captured) == THREAD_PAGE  # the bound is tight
    page = response.content.decode()
    # Everything really is on the page: each requirement, question and KPI result.
    requirements, questions, kpis = expected
    assert page.count("</a></h4>") == requirements
    assert page.count(" of Spec T-MANY</a>") == requirements
    assert page.count(">Tender T-MANY, question ") == questions
    assert page.count("Latest result: 88 %") == kpis


@pytest.mark.parametrize("kind", ["requirement", "kpi", "story"])
def test_starting_elsewhere_costs_a_fixed_few_more(
    client, django_assert_max_num_queries, area, project, commissioner, facilitator, kind
):
    (priority,) = world.measured(
        area, project, commissioner, facilitator, priorities=1, **_shape("large")
    )
    requirement = priority.requirements.first()
    pk = {
        "requirement": requirement.pk,
        "kpi": requirement.questions.first().kpis.first().pk,
    }.get(kind)
    if kind == "story":
        contract = requirement.questions.first().tender.contracts.get()
        service = Service.objects.create(
            local_area=area,
            name="Hub",
            kind="Recovery",
            provider=contract.provider,
            contract=contract,
        )
        pk = stories.story_tell(service, text="Good.", ratings={}).pk
        Story.objects.filter(pk=pk).update(status=Story.Status.PUBLISHED)
    with django_assert_max_num_queries(THREAD_PAGE + 2):
        response = client.get(f"/thread/{kind}/{pk}/")
    assert f'id="priority-{priority.pk}"' in response.content.decode()


@pytest.mark.parametrize("count", [2, 20])
@pytest.mark.parametrize(
    "path",
    ["/areas/northvale/thread/", "/areas/northvale/thread.json", "/areas/northvale/thread.csv"],
)
def test_the_area_page_and_downloads_take_the_same_queries_for_2_and_20_priorities(
    client, django_assert_max_num_queries, area, project, commissioner, facilitator, count, path
):
    made = world.measured(
        area,
        project,
        commissioner,
        facilitator,
        priorities=count,
        requirements=1,
        questions=1,
        kpis=2,
    )
    with django_assert_max_num_queries(AREA) as captured:
        response = client.get(path)
    assert response.status_code == 200
    assert len(captured) == AREA
    body = response.content.decode()
    assert all(p.theme.name in body for p in made)
