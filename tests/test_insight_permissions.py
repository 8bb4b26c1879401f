"""Who may see and change an exercise, its themes and priorities, beyond URL x role."""

import pytest
from django.urls import reverse

from withus.core.models import AuditEntry, Membership, Role, User
from withus.insight import services as insight
from withus.insight.models import Action, Ballot, Exercise, Priority, Statement, Theme


@pytest.fixture
def eastmoor_facilitator(other_area):
    user = User.objects.create_user(username="eastfac", password="pw-eastfac-123")
    Membership.objects.create(user=user, local_area=other_area, role=Role.FACILITATOR)
    return user


@pytest.fixture
def world(area, facilitator, expert):
    """Northvale: a grouping exercise, and a second exercise with a priority."""
    grouping = insight.exercise_open(by=facilitator, local_area=area, title="Home care")
    said = [
        insight.statement_add(
            by=facilitator, exercise=grouping, kind="working", text=t, source="event"
        )
        for t in ("Late visits", "Kind staff", "Rushed")
    ]
    visits = insight.theme_create(
        by=facilitator, exercise=grouping, name="Visits", statement_ids=[said[0].pk]
    )
    staff = insight.theme_create(
        by=facilitator, exercise=grouping, name="Staff", statement_ids=[said[1].pk]
    )
    grouping = insight.exercise_move_phase(by=facilitator, exercise=grouping, to_phase="grouping")

    later = insight.exercise_open(by=facilitator, local_area=area, title="Transport")
    s = insight.statement_add(
        by=facilitator, exercise=later, kind="not_working", text="Buses", source="event"
    )
    buses = insight.theme_create(by=facilitator, exercise=later, name="Buses", statement_ids=[s.pk])
    for step in ("grouping", "voting"):
        later = insight.exercise_move_phase(by=facilitator, exercise=later, to_phase=step)
    insight.ballot_cast(by=expert, exercise=later, dots_by_theme={buses.pk: 3})
    later = insight.exercise_move_phase(by=facilitator, exercise=later, to_phase="priorities")
    priority = insight.priority_make(by=facilitator, theme=buses)
    return {
        "grouping": grouping,
        "said": said,
        "visits": visits,
        "staff": staff,
        "later": later,
        "priority": priority,
    }


def _snapshot():
    return (
        list(Exercise.objects.order_by("pk").values_list("pk", "phase", "title")),
        list(Theme.objects.order_by("pk").values_list("pk", "name", "version")),
        list(Statement.objects.order_by("pk").values_list("pk", "theme_id")),
        list(Priority.objects.order_by("pk").values_list("pk", "status", "version")),
        Action.objects.count(),
        Ballot.objects.count(),
    )


def _pages(w):
    return [
        reverse("exercise", args=[w["grouping"].pk]),
        reverse("grouping", args=[w["grouping"].pk]),
        reverse("theme", args=[w["visits"].pk]),
        reverse("results", args=[w["later"].pk]),
        reverse("priorities", args=[w["later"].pk]),
    ]


def _changes(w):
    """Every change a facilitator can make, as (url, data)."""
    g, said = w["grouping"], w["said"]
    return [
        (reverse("exercise_phase", args=[g.pk]), {"to_phase": "voting"}),
        (
            reverse("statements_move", args=[g.pk]),
            {"move-statements": [said[2].pk], "move-to_theme": w["visits"].pk},
        ),
        (reverse("theme_merge", args=[w["staff"].pk]), {"into": w["visits"].pk}),
        (reverse("theme_new", args=[g.pk]), {"new-name": "Sneaky"}),
        (
            reverse("theme_edit", args=[w["visits"].pk]),
            {"name": "Sneaky", "i_statement": "", "version": 1},
        ),
        (reverse("suggestions", args=[g.pk]), {"name": "Sneaky", "statement": [said[2].pk]}),
        (
            reverse("priority", args=[w["priority"].pk]),
            {
                "form": "priority",
                "status": "not_possible",
                "reason": "Sneaky",
                "root_causes": "",
                "success_looks_like": "",
                "version": 1,
            },
        ),
        (
            reverse("priority", args=[w["priority"].pk]),
            {
                "form": "action",
                "action-description": "Sneaky",
                "action-owner": "x",
                "action-due_on_0": "1",
                "action-due_on_1": "1",
                "action-due_on_2": "2027",
            },
        ),
    ]


def test_it_hides_every_page_from_a_facilitator_of_another_area(
    client, eastmoor_facilitator, world
):
    client.force_login(eastmoor_facilitator)
    extra = [
        reverse("statements", args=[world["grouping"].pk]),
        reverse("priority", args=[world["priority"].pk]),
        reverse("theme_edit", args=[world["visits"].pk]),
    ]
    for url in _pages(world) + extra:
        response = client.get(url)
        assert response.status_code == 403, url
        page = response.content.decode()
        assert "Late visits" not in page and "Visits" not in page, url
    denied = AuditEntry.objects.filter(action="access.denied", actor=eastmoor_facilitator)
    assert denied.count() == len(_pages(world)) + len(extra)


def test_it_refuses_every_change_from_a_facilitator_of_another_area(
    client, eastmoor_facilitator, world
):
    before = _snapshot()
    client.force_login(eastmoor_facilitator)
    for url, data in _changes(world):
        assert client.post(url, data).status_code == 403, url
    assert _snapshot() == before
    assert not Theme.objects.filter(name="Sneaky").exists()


def test_it_lets_an_area_admin_look_but_not_change(client, area_admin, world):
    client.force_login(area_admin)
    for url in _pages(world):
        assert client.get(url).status_code == 200, url
    detail = client.get(reverse("exercise", args=[world["grouping"].pk])).content.decode()
    assert "Home care" in detail
    assert "Move on to" not in detail
    board = client.get(reverse("grouping", args=[world["grouping"].pk])).content.decode()
    assert "Visits" in board and "Make the theme" not in board
    theme = client.get(reverse("theme", args=[world["visits"].pk])).content.decode()
    assert "Late visits" in theme and "Merge this theme" not in theme

    before = _snapshot()
    for url, data in _changes(world):
        assert client.post(url, data).status_code == 403, url
    assert _snapshot() == before
    # Where a statement came from is for the people running the exercise only.
    assert client.get(reverse("statements", args=[world["grouping"].pk])).status_code == 403


@pytest.mark.parametrize("who", ["provider", "moderator", "commissioner", "facilitator"])
def test_it_lets_only_people_who_use_services_vote(client, request, area, facilitator, who):
    exercise = insight.exercise_open(by=facilitator, local_area=area, title="Vote")
    theme = insight.theme_create(by=facilitator, exercise=exercise, name="Money")
    for step in ("grouping", "voting"):
        exercise = insight.exercise_move_phase(by=facilitator, exercise=exercise, to_phase=step)
    person = request.getfixturevalue(who)
    client.force_login(person)
    url = reverse("vote", args=[exercise.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, {f"theme_{theme.pk}": "3"}).status_code == 403
    assert not Ballot.objects.exists()


def test_it_lets_a_commissioner_of_the_area_run_an_exercise(client, commissioner, world):
    client.force_login(commissioner)
    response = client.post(
        reverse("exercise_phase", args=[world["grouping"].pk]), {"to_phase": "voting"}
    )
    assert response.status_code == 302
    assert Exercise.objects.get(pk=world["grouping"].pk).phase == "voting"


def test_it_refuses_people_with_no_role_and_sends_visitors_to_sign_in(client, world):
    priority_url = reverse("priority", args=[world["priority"].pk])
    response = client.get(priority_url)
    assert response.status_code == 302
    assert response["Location"] == f"/sign-in/?next={priority_url}"
    nobody = User.objects.create_user(username="nobody", password="pw-nobody-123")
    client.force_login(nobody)
    assert client.get(priority_url).status_code == 403
    before = _snapshot()
    for url, data in _changes(world):
        assert client.post(url, data).status_code == 403, url
    assert _snapshot() == before
