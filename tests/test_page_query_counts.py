"""Each page runs the same number of queries however much data it shows.

Every test measures a page twice: with the smallest useful data (one project,
one involvement record) and again after the data has grown (30 projects,
40 records on one project with 3 people each, records across every project).
The two counts must be equal, so no page runs a query per row, and the count
is pinned to the figure measured today so any new query shows up here.
"""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from withus.core.models import LocalArea, Membership, Organisation, Role, User
from withus.cycle import services
from withus.cycle.ladder import STAGES

GROWN_PROJECTS = 30
GROWN_RECORDS = 40

# Queries each page runs today, with the data small or grown. Every signed-in
# page loads the session, the user and the user's roles (once per request).
DASHBOARD_QUERIES = 6  # + the area, its projects with their counts, its contracts
PROJECT_QUERIES_COMMISSIONER = 8  # + the project, records, their people, stage moves, specs
PROJECT_QUERIES_EXPERT = 8  # + whether the expert took part in the project
MY_INVOLVEMENT_QUERIES = 5  # + a count for the pages, and one page of records
HOME_QUERIES = 4  # + the user's roles with areas and organisations
AREAS_QUERIES = 4  # + the areas
STAGE_PAGE_QUERIES = 4  # + the project
INVOLVEMENT_FORM_QUERIES = 5  # + the project, the people who may be chosen


def _count(client, url: str):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(captured), response.content.decode()


def _sql(client, url: str) -> str:
    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    return "\n".join(q["sql"] for q in captured.captured_queries)


def _move_to(project, by, stage: str) -> None:
    """Move a project forward, one stage at a time, until it reaches ``stage``."""
    project.refresh_from_db()
    while project.stage != stage:
        nxt = STAGES[STAGES.index(project.stage) + 1]
        services.project_move_stage(by=by, project=project, to_stage=nxt, version=project.version)
        project.refresh_from_db()


def _extra_experts(area: LocalArea, how_many: int) -> list[User]:
    people = []
    for i in range(how_many):
        user = User.objects.create_user(username=f"expert{i:02d}", display_name=f"Expert {i:02d}")
        Membership.objects.create(user=user, local_area=area, role=Role.EXPERT_BY_EXPERIENCE)
        people.append(user)
    return people


def _record(project, by, stage: str, title: str, participants: list[User], day: int) -> None:
    services.involvement_record(
        by=by,
        project=project,
        stage=stage,
        title=title,
        happened_on=date(2026, 1, 1) + timedelta(days=day),
        level=["consultation", "co_design", "co_production", "informing"][day % 4],
        participants=participants,
        group_name="Recovery community" if day % 2 else "",
        group_count=day % 3,
        what_was_said=f"Said at {title}.",
        what_changed="" if day % 2 else f"Changed after {title}.",
        hours_given=Decimal("1.5") * (day % 5),
    )


def _grow(area, project, commissioner, facilitator, expert) -> list[str]:
    """Grow the data from one project with one record to the large set.

    Returns the names of every project in the area.
    """
    others = _extra_experts(area, 12)
    # The main project moves on through most of the cycle, leaving a stage history.
    _move_to(project, commissioner, "monitoring")
    reached = STAGES[: STAGES.index("monitoring") + 1]
    for i in range(GROWN_RECORDS - 1):
        people = [expert, others[i % len(others)], others[(i + 5) % len(others)]]
        _record(project, facilitator, reached[i % len(reached)], f"Main event {i}", people, i)
    names = [project.name]
    for n in range(1, GROWN_PROJECTS):
        other = services.project_open(
            by=commissioner,
            local_area=area,
            name=f"Project number {n:02d}",
            service_area=f"Service {n}",
            budget=Decimal(1000 * n),
            planned_start=date(2027, 4, 1),
            planned_end=date(2030, 3, 31),
        )
        if n % 3 == 0:
            _move_to(other, commissioner, STAGES[n % len(STAGES)])
        people = [expert, others[n % len(others)], others[(n + 3) % len(others)]]
        _record(other, facilitator, "needs_assessment", f"Event for project {n:02d}", people, n)
        names.append(other.name)
    return names


def _pin(client, url: str, small: int, large: int, expected: int, django_assert_max_num_queries):
    assert small == large, f"{url}: {small} queries with little data, {large} with more"
    assert large == expected, f"{url}: {large} queries, expected {expected}"
    with django_assert_max_num_queries(expected):
        response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def grow(area, project, record, commissioner, facilitator, expert):
    return lambda: _grow(area, project, commissioner, facilitator, expert)


def test_area_dashboard(
    client, area, project, record, commissioner, grow, django_assert_max_num_queries
):
    client.force_login(commissioner)
    url = reverse("area", args=[area.slug])
    small, page = _count(client, url)
    assert project.name in page
    names = grow()
    large, page = _count(client, url)
    page = _pin(client, url, small, large, DASHBOARD_QUERIES, django_assert_max_num_queries)
    assert len(names) == GROWN_PROJECTS
    for name in names:
        assert name in page


def test_project_page_for_a_commissioner(
    client, project, record, commissioner, grow, django_assert_max_num_queries
):
    client.force_login(commissioner)
    url = reverse("project", args=[project.pk])
    small, page = _count(client, url)
    assert record.title in page
    grow()
    large, page = _count(client, url)
    page = _pin(
        client, url, small, large, PROJECT_QUERIES_COMMISSIONER, django_assert_max_num_queries
    )
    for i in range(GROWN_RECORDS - 1):
        assert f"Main event {i}<" in page
    assert "Expert 11" in page  # participants' names are shown
    for label in ("Review of current services", "Procurement", "Monitoring"):
        # The stage history lists each move.
        assert f'<td class="govuk-table__cell">{label}</td>' in page


def test_project_page_for_an_expert_who_took_part(
    client, project, record, expert, grow, django_assert_max_num_queries
):
    client.force_login(expert)
    url = reverse("project", args=[project.pk])
    small, _ = _count(client, url)
    grow()
    large, _ = _count(client, url)
    page = _pin(client, url, small, large, PROJECT_QUERIES_EXPERT, django_assert_max_num_queries)
    assert f"Main event {GROWN_RECORDS - 2}<" in page


def test_my_involvement(client, project, record, expert, grow, django_assert_max_num_queries):
    client.force_login(expert)
    url = reverse("my_involvement")
    small, page = _count(client, url)
    assert record.title in page
    names = grow()
    large, _ = _count(client, url)
    page = _pin(client, url, small, large, MY_INVOLVEMENT_QUERIES, django_assert_max_num_queries)
    for name in names:
        assert name in page
    assert f"Main event {GROWN_RECORDS - 2}<" in page


def _more_roles(user: User, how_many: int) -> None:
    for i in range(how_many):
        area = LocalArea.objects.create(name=f"Area {i:02d}", slug=f"area-{i:02d}")
        org = Organisation.objects.create(
            name=f"Council {i:02d}", kind=Organisation.Kind.COUNCIL, local_area=area
        )
        Membership.objects.create(
            user=user, local_area=area, role=Role.COMMISSIONER, organisation=org
        )


def test_home(client, commissioner, grow, django_assert_max_num_queries):
    client.force_login(commissioner)
    url = reverse("home")
    small, _ = _count(client, url)
    grow()
    _more_roles(commissioner, 10)
    large, _ = _count(client, url)
    page = _pin(client, url, small, large, HOME_QUERIES, django_assert_max_num_queries)
    for i in range(10):
        assert f"Area {i:02d}" in page
        assert f"Council {i:02d}" in page


def test_area_list(client, commissioner, grow, django_assert_max_num_queries):
    client.force_login(commissioner)
    url = reverse("areas")
    small, _ = _count(client, url)
    grow()
    _more_roles(commissioner, 10)
    large, _ = _count(client, url)
    page = _pin(client, url, small, large, AREAS_QUERIES, django_assert_max_num_queries)
    for i in range(10):
        assert f"Area {i:02d}" in page


def test_project_stage_page(
    client, project, record, commissioner, grow, django_assert_max_num_queries
):
    client.force_login(commissioner)
    url = reverse("project_move", args=[project.pk])
    small, page = _count(client, url)
    assert "On to: Review of current services" in page
    grow()
    large, _ = _count(client, url)
    page = _pin(client, url, small, large, STAGE_PAGE_QUERIES, django_assert_max_num_queries)
    assert "On to: Review or decommissioning" in page
    assert "Back to: Needs assessment" in page


def test_involvement_form_page(
    client, project, record, facilitator, grow, django_assert_max_num_queries
):
    client.force_login(facilitator)
    url = reverse("involvement_new", args=[project.pk])
    small, _ = _count(client, url)
    grow()
    large, _ = _count(client, url)
    page = _pin(client, url, small, large, INVOLVEMENT_FORM_QUERIES, django_assert_max_num_queries)
    for i in range(12):
        assert f"Expert {i:02d}" in page  # every person with lived experience can be chosen
