"""Each insight page runs the same number of queries however much it shows.

Every test measures a page with a little data, then again after the data has
grown (30 themes of 10 statements each; 20 priorities, each with 5 actions and
10 statements), and the two counts must be equal: no page runs a query per
theme, statement, priority or action. The count is pinned to today's figure,
so a new query shows up here.
"""

import re
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from withus.core.models import Membership, Role, User
from withus.insight import services as insight
from withus.insight.models import Statement

THEMES = 30
PER_THEME = 10
PRIORITIES = 20
ACTIONS = 5

# Every signed-in page loads the session, the user and the user's roles (3).
EXERCISE_QUERIES = 6  # + the exercise, statements by kind, ballots by method
GROUPING_QUERIES = 7  # + the exercise, themes with sizes, their statements, loose statements
THEME_QUERIES = 6  # + the theme with its exercise and area, its statements, the other themes
RESULTS_QUERIES = 7  # + the exercise, themes with sizes, votes, ballots by method
PRIORITIES_QUERIES = 8  # + the exercise, priorities with themes, their actions, themes, votes
PRIORITY_QUERIES = 5  # + the priority with its theme and exercise, its actions
# Public, so no session or user: the area, priorities with themes and exercises,
# their statements, actions and updates, the votes, and exercises collecting now.
WHAT_HAPPENED_QUERIES = 7
EXERCISE_LIST_QUERIES = 5  # + the area, the exercises with their counts


def _count(client, url: str) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(captured), response.content.decode()


def _pin(client, url, small, large, expected, django_assert_max_num_queries) -> str:
    assert small == large, f"{url}: {small} queries with little data, {large} with more"
    assert large == expected, f"{url}: {large} queries, expected {expected}"
    with django_assert_max_num_queries(expected):
        response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def _import(exercise, by, texts: list[str]) -> list[int]:
    """Adds statements in one import, returning their ids in order."""
    before = set(Statement.objects.filter(exercise=exercise).values_list("pk", flat=True))
    rows = ["kind,statement,source"] + [f"what is not working,{t},survey" for t in texts]
    insight.statements_import(
        by=by, exercise=exercise, filename="s.csv", data="\n".join(rows).encode()
    )
    return list(
        Statement.objects.filter(exercise=exercise)
        .exclude(pk__in=before)
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def _themes(exercise, by, first: int, count: int, per_theme: int):
    themes = []
    for n in range(first, first + count):
        ids = _import(exercise, by, [f"Said {n:02d}-{i:02d}" for i in range(per_theme)])
        themes.append(
            insight.theme_create(
                by=by,
                exercise=exercise,
                name=f"Theme {n:02d}",
                i_statement=f"I want thing {n:02d}.",
                statement_ids=ids,
            )
        )
    return themes


def _voters(area, how_many: int) -> list[User]:
    people = []
    for i in range(how_many):
        user = User.objects.create_user(username=f"voter{i:02d}", display_name=f"Voter {i:02d}")
        Membership.objects.create(user=user, local_area=area, role=Role.EXPERT_BY_EXPERIENCE)
        people.append(user)
    return people


def _move(exercise, by, *steps):
    for step in steps:
        exercise = insight.exercise_move_phase(by=by, exercise=exercise, to_phase=step)
    return exercise


# ----------------------------------------------------- collecting and grouping


@pytest.fixture
def grouping(area, facilitator):
    """One theme of one statement and one loose statement, and a way to grow it."""
    exercise = insight.exercise_open(by=facilitator, local_area=area, title="Home care")
    (first,) = _themes(exercise, facilitator, 0, 1, 1)
    _import(exercise, facilitator, ["Loose 00"])

    def grow():
        _import(exercise, facilitator, [f"Said 00-{i:02d}" for i in range(1, PER_THEME)])
        ids = list(
            Statement.objects.filter(exercise=exercise, text__startswith="Said 00-").values_list(
                "pk", flat=True
            )
        )
        insight.statements_move(
            by=facilitator, exercise=exercise, statement_ids=ids, to_theme=first
        )
        _themes(exercise, facilitator, 1, THEMES - 1, PER_THEME)
        _import(exercise, facilitator, [f"Loose {i:02d}" for i in range(1, 20)])

    return exercise, first, grow


def test_it_shows_the_exercise_page_in_fixed_queries(
    client, facilitator, grouping, django_assert_max_num_queries
):
    exercise, _first, grow = grouping
    client.force_login(facilitator)
    url = reverse("exercise", args=[exercise.pk])
    small, page = _count(client, url)
    assert "2 statements, by kind" in page
    grow()
    large, _ = _count(client, url)
    page = _pin(client, url, small, large, EXERCISE_QUERIES, django_assert_max_num_queries)
    assert f"{THEMES * PER_THEME + 20} statements, by kind" in page


def test_it_shows_the_grouping_board_in_fixed_queries(
    client, facilitator, grouping, django_assert_max_num_queries
):
    exercise, _first, grow = grouping
    client.force_login(facilitator)
    url = reverse("grouping", args=[exercise.pk])
    small, page = _count(client, url)
    assert "Theme 00" in page and "Loose 00" in page
    grow()
    large, _ = _count(client, url)
    page = _pin(client, url, small, large, GROUPING_QUERIES, django_assert_max_num_queries)
    for n in range(THEMES):
        assert f"Theme {n:02d}</a>" in page
        assert f"I want thing {n:02d}." in page
    assert page.count(f'numeric">{PER_THEME}</td>') == THEMES
    assert "20 statements not in a theme" in page
    assert "Loose 19" in page


def test_it_shows_a_theme_in_fixed_queries(
    client, facilitator, grouping, django_assert_max_num_queries
):
    exercise, first, grow = grouping
    client.force_login(facilitator)
    url = reverse("theme", args=[first.pk])
    small, page = _count(client, url)
    assert "1 statement<" in page
    grow()
    large, _ = _count(client, url)
    page = _pin(client, url, small, large, THEME_QUERIES, django_assert_max_num_queries)
    assert f"{PER_THEME} statements<" in page
    for i in range(PER_THEME):
        assert f"Said 00-{i:02d}" in page
    for n in range(1, THEMES):  # every other theme is offered to move or merge into
        assert f">Theme {n:02d}</option>" in page


# --------------------------------------------------------------- voting


def _voted(area, facilitator, themes: int, voters: list[User], rooms: int, title: str):
    exercise = insight.exercise_open(by=facilitator, local_area=area, title=title)
    made = _themes(exercise, facilitator, 0, themes, PER_THEME if themes > 1 else 1)
    exercise = _move(exercise, facilitator, "grouping", "voting")
    for i, voter in enumerate(voters):
        insight.ballot_cast(
            by=voter,
            exercise=exercise,
            dots_by_theme={made[i % len(made)].pk: 3, made[(i + 1) % len(made)].pk: 2},
        )
    for r in range(rooms):
        insight.room_tally_enter(
            by=facilitator,
            exercise=exercise,
            room=f"Room {r}",
            dots_by_theme={t.pk: 1 + (r + j) % 4 for j, t in enumerate(made)},
        )
    return exercise, made


def test_it_shows_the_results_in_fixed_queries(
    client, area, facilitator, expert, django_assert_max_num_queries
):
    client.force_login(facilitator)
    small_exercise, _ = _voted(area, facilitator, 1, [expert], 0, "Small")
    small, page = _count(client, reverse("results", args=[small_exercise.pk]))
    assert "1. Theme 00" in page
    large_exercise, _ = _voted(area, facilitator, THEMES, _voters(area, 12), 5, "Large")
    url = reverse("results", args=[large_exercise.pk])
    large, _ = _count(client, url)
    page = _pin(client, url, small, large, RESULTS_QUERIES, django_assert_max_num_queries)
    assert "12 people voted online. 5 rooms sent their counts." in page
    for n in range(THEMES):
        assert f">Theme {n:02d}</a>" in page


# ------------------------------------------------------------ priorities


@pytest.fixture
def setting(area, facilitator, expert):
    """An exercise with 20 voted themes and one priority with one action, and a way to grow it."""
    exercise = insight.exercise_open(by=facilitator, local_area=area, title="Home care")
    themes = _themes(exercise, facilitator, 0, PRIORITIES, PER_THEME)
    exercise = _move(exercise, facilitator, "grouping", "voting")
    insight.ballot_cast(by=expert, exercise=exercise, dots_by_theme={themes[0].pk: 5})
    insight.room_tally_enter(
        by=facilitator,
        exercise=exercise,
        room="Library",
        dots_by_theme={t.pk: 1 + n for n, t in enumerate(themes)},
    )
    exercise = _move(exercise, facilitator, "priorities")
    first = insight.priority_make(by=facilitator, theme=themes[0])
    insight.action_add(
        by=facilitator,
        priority=first,
        description="Action 00-0",
        owner="Team",
        due_on=date(2027, 1, 1),
    )

    def grow():
        priorities = [first] + [insight.priority_make(by=facilitator, theme=t) for t in themes[1:]]
        for n, p in enumerate(priorities):
            for a in range(ACTIONS):
                if (n, a) == (0, 0):
                    continue
                insight.action_add(
                    by=facilitator,
                    priority=p,
                    description=f"Action {n:02d}-{a}",
                    owner=f"Team {a}",
                    due_on=date(2027, 1, 1) + timedelta(days=a),
                )
            p.refresh_from_db()
            insight.priority_update(
                by=facilitator,
                priority=p,
                version=p.version,
                status_value=["under_way", "done", "not_done", "not_possible"][n % 4],
                reason=f"Reason {n:02d}",
                root_causes=f"Cause {n:02d}",
                success_looks_like="",
            )
        return priorities

    return exercise, first, grow


def test_it_shows_the_priorities_in_fixed_queries(
    client, facilitator, setting, django_assert_max_num_queries
):
    exercise, _first, grow = setting
    client.force_login(facilitator)
    url = reverse("priorities", args=[exercise.pk])
    small, page = _count(client, url)
    assert "Theme 00</a>" in page
    grow()
    large, _ = _count(client, url)
    page = _pin(client, url, small, large, PRIORITIES_QUERIES, django_assert_max_num_queries)
    for n in range(PRIORITIES):
        assert f"Theme {n:02d}</a>" in page
    # The last column of each row counts the priority's actions.
    assert re.findall(r'numeric">(\d+)</td>\s*</tr>', page) == [str(ACTIONS)] * PRIORITIES


def test_it_shows_one_priority_in_fixed_queries(
    client, facilitator, setting, django_assert_max_num_queries
):
    _exercise, first, grow = setting
    client.force_login(facilitator)
    url = reverse("priority", args=[first.pk])
    small, page = _count(client, url)
    assert "Action 00-0" in page
    grow()
    large, _ = _count(client, url)
    page = _pin(client, url, small, large, PRIORITY_QUERIES, django_assert_max_num_queries)
    for a in range(ACTIONS):
        assert f"Action 00-{a}" in page


def test_it_shows_the_public_page_in_fixed_queries(
    client, area, setting, django_assert_max_num_queries
):
    _exercise, _first, grow = setting
    url = reverse("what_happened", args=[area.slug])
    small, page = _count(client, url)
    assert "Action 00-0" in page
    grow()
    large, _ = _count(client, url)
    page = _pin(client, url, small, large, WHAT_HAPPENED_QUERIES, django_assert_max_num_queries)
    for n in range(PRIORITIES):
        assert f">Theme {n:02d}</h2>" in page
        assert f"Reason {n:02d}" in page
        assert f"Cause {n:02d}" in page
        for a in range(ACTIONS):
            assert f"Action {n:02d}-{a}<" in page
        for i in range(PER_THEME):
            assert f"Said {n:02d}-{i:02d}<" in page
    assert page.count(f"What people told us ({PER_THEME} statements)") == PRIORITIES
    # Votes: theme 0 has 5 online + 1 in the room = 6; theme n has n + 1 from the room.
    assert '<dd class="govuk-summary-list__value">6</dd>' in page
    assert '<dd class="govuk-summary-list__value">20</dd>' in page


def test_it_lists_the_areas_exercises_in_fixed_queries(
    client, area, facilitator, grouping, django_assert_max_num_queries
):
    _exercise, _first, grow = grouping
    client.force_login(facilitator)
    url = reverse("exercises", args=[area.slug])
    small, page = _count(client, url)
    assert "Home care" in page
    grow()
    for n in range(10):
        insight.exercise_open(by=facilitator, local_area=area, title=f"Exercise {n:02d}")
    large, _ = _count(client, url)
    page = _pin(client, url, small, large, EXERCISE_LIST_QUERIES, django_assert_max_num_queries)
    assert f'numeric">{THEMES * PER_THEME + 20}</td>' in page
    assert f'numeric">{THEMES}</td>' in page
    for n in range(10):
        assert f"Exercise {n:02d}" in page
