"""Priorities: made from the top themes, with an honest status, history and actions."""

from datetime import UTC, date, datetime, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from withus.core.models import AuditEntry
from withus.insight import services as insight
from withus.insight.models import Action, Priority, PriorityUpdate
from withus.insight.status import is_overdue

STALE = "Someone else changed this while you were working on it."
SAY_WHY = "Say why. People have a right to know."


def _voted(area, facilitator, expert):
    """Themes Money, Housing and Staff, voted 1, 4 and 0 dots, now setting priorities."""
    exercise = insight.exercise_open(by=facilitator, local_area=area, title="Home care")
    themes = {}
    for name in ("Money", "Housing", "Staff"):
        s = insight.statement_add(
            by=facilitator, exercise=exercise, kind="not_working", text=name, source="event"
        )
        themes[name] = insight.theme_create(
            by=facilitator, exercise=exercise, name=name, statement_ids=[s.pk]
        )
    for step in ("grouping", "voting"):
        exercise = insight.exercise_move_phase(by=facilitator, exercise=exercise, to_phase=step)
    insight.ballot_cast(
        by=expert,
        exercise=exercise,
        dots_by_theme={themes["Money"].pk: 1, themes["Housing"].pk: 4},
    )
    exercise = insight.exercise_move_phase(by=facilitator, exercise=exercise, to_phase="priorities")
    return exercise, themes


@pytest.fixture
def voted(area, facilitator, expert):
    return _voted(area, facilitator, expert)


@pytest.fixture
def priority(facilitator, voted):
    _exercise, themes = voted
    return insight.priority_make(by=facilitator, theme=themes["Housing"])


def _save(client, priority, *, status, reason="", version=None, causes="", success=""):
    return client.post(
        reverse("priority", args=[priority.pk]),
        {
            "form": "priority",
            "status": status,
            "reason": reason,
            "root_causes": causes,
            "success_looks_like": success,
            "version": priority.version if version is None else version,
        },
    )


# ---------------------------------------------------------------- making


def test_it_lists_themes_to_choose_with_the_most_votes_first(client, facilitator, voted):
    exercise, _ = voted
    client.force_login(facilitator)
    page = client.get(reverse("priorities", args=[exercise.pk])).content.decode()
    assert (
        page.index("Housing: 4 votes") < page.index("Money: 1 vote<") < page.index("Staff: 0 votes")
    )


def test_it_makes_priorities_in_vote_order_whatever_order_they_were_sent(
    client, facilitator, voted
):
    exercise, themes = voted
    client.force_login(facilitator)
    # Sent least-voted first; ranks still follow the votes: Housing 4, Money 1.
    response = client.post(
        reverse("priorities", args=[exercise.pk]),
        {"themes": [str(themes["Money"].pk), str(themes["Housing"].pk)]},
    )
    assert response["Location"] == reverse("priorities", args=[exercise.pk])
    made = list(Priority.objects.order_by("rank").values_list("theme__name", "rank", "status"))
    assert made == [("Housing", 1, "under_way"), ("Money", 2, "under_way")]
    assert PriorityUpdate.objects.count() == 2
    assert AuditEntry.objects.filter(action="priority.make").count() == 2
    page = client.get(reverse("priorities", args=[exercise.pk])).content.decode()
    # Only Staff is left to choose.
    assert "Staff: 0 votes" in page and "Housing: 4 votes" not in page


def test_it_numbers_later_priorities_after_the_first_ones(facilitator, voted):
    _exercise, themes = voted
    insight.priority_make(by=facilitator, theme=themes["Housing"])
    insight.priority_make(by=facilitator, theme=themes["Staff"])
    assert Priority.objects.get(theme=themes["Staff"]).rank == 2
    with pytest.raises(ValidationError, match="already a priority"):
        insight.priority_make(by=facilitator, theme=themes["Housing"])
    assert Priority.objects.count() == 2


def test_it_asks_for_at_least_one_theme(client, facilitator, voted):
    exercise, _ = voted
    client.force_login(facilitator)
    # A browser always sends the CSRF token, so the form is bound with no theme.
    data = {"csrfmiddlewaretoken": "x"}
    page = client.post(reverse("priorities", args=[exercise.pk]), data).content.decode()
    assert "Choose at least one theme to make a priority." in page
    assert not Priority.objects.exists()


def test_it_will_not_make_priorities_before_voting_ends(client, area, facilitator):
    exercise = insight.exercise_open(by=facilitator, local_area=area, title="Early")
    theme = insight.theme_create(by=facilitator, exercise=exercise, name="Money")
    client.force_login(facilitator)
    response = client.post(reverse("priorities", args=[exercise.pk]), {"themes": [theme.pk]})
    assert response.status_code == 409
    assert not Priority.objects.exists()


# ---------------------------------------------------------------- status


@pytest.mark.parametrize("status", ["not_done", "not_possible"])
def test_it_needs_a_reason_when_a_priority_is_not_done(client, facilitator, priority, status):
    client.force_login(facilitator)
    before = AuditEntry.objects.count()
    response = _save(client, priority, status=status, reason="   ", causes="Short of staff")
    page = response.content.decode()
    assert response.status_code == 200
    assert SAY_WHY in page
    assert 'href="#id_reason"' in page  # the summary links to the reason box
    error = page[page.index('<p id="id_reason-error"') :]
    assert SAY_WHY in error[: error.index("</p>")]  # next to the reason box
    assert "Short of staff" in page  # what was typed is kept
    saved = Priority.objects.get(pk=priority.pk)
    assert (saved.status, saved.root_causes, saved.version) == ("under_way", "", 1)
    assert PriorityUpdate.objects.filter(priority=priority).count() == 1
    assert AuditEntry.objects.count() == before


def test_it_saves_a_reason_with_history_and_audit(client, facilitator, priority):
    client.force_login(facilitator)
    made_at = priority.status_updated_at
    response = _save(
        client,
        priority,
        status="not_possible",
        reason=" The building closed. ",
        causes="Too few carers",
        success="Visits on time",
    )
    assert response["Location"] == reverse("priority", args=[priority.pk])
    saved = Priority.objects.get(pk=priority.pk)
    assert (saved.status, saved.status_reason, saved.root_causes, saved.success_looks_like) == (
        "not_possible",
        "The building closed.",
        "Too few carers",
        "Visits on time",
    )
    assert saved.version == 2
    assert saved.status_updated_at > made_at
    history = list(PriorityUpdate.objects.filter(priority=priority).values_list("status", "note"))
    assert history == [("not_possible", "The building closed."), ("under_way", "")]
    entry = AuditEntry.objects.get(action="priority.update")
    assert (entry.actor, entry.object_id, entry.data) == (
        facilitator,
        str(priority.pk),
        {"status": "not_possible", "reason": "The building closed."},
    )


def test_it_does_not_add_history_when_only_the_causes_change(facilitator, priority):
    made_at = priority.status_updated_at
    saved = insight.priority_update(
        by=facilitator,
        priority=priority,
        version=1,
        status_value="under_way",
        reason="",
        root_causes="Rotas",
        success_looks_like="",
    )
    assert saved.root_causes == "Rotas"
    assert saved.status_updated_at == made_at
    assert PriorityUpdate.objects.filter(priority=priority).count() == 1


def test_it_refuses_a_save_from_a_form_opened_before_someone_else_saved(
    client, facilitator, commissioner, priority
):
    insight.priority_update(
        by=commissioner,
        priority=priority,
        version=1,
        status_value="done",
        reason="Finished",
        root_causes="",
        success_looks_like="",
    )
    client.force_login(facilitator)
    page = _save(client, priority, status="not_done", reason="Money ran out", version=1)
    text = page.content.decode()
    assert STALE in text
    assert "Money ran out" in text
    saved = Priority.objects.get(pk=priority.pk)
    assert (saved.status, saved.status_reason, saved.version) == ("done", "Finished", 2)
    assert PriorityUpdate.objects.filter(priority=priority).count() == 2


# --------------------------------------------------------------- actions


def _add_action(client, priority, description, owner, day, month, year):
    return client.post(
        reverse("priority", args=[priority.pk]),
        {
            "form": "action",
            "action-description": description,
            "action-owner": owner,
            "action-due_on_0": day,
            "action-due_on_1": month,
            "action-due_on_2": year,
        },
    )


def test_it_adds_an_action(client, facilitator, priority):
    Priority.objects.filter(pk=priority.pk).update(
        status_updated_at=datetime(2020, 1, 1, tzinfo=UTC)
    )
    client.force_login(facilitator)
    response = _add_action(client, priority, "Hire two carers", "Care team", "30", "6", "2027")
    assert response["Location"] == reverse("priority", args=[priority.pk])
    action = Action.objects.get(priority=priority)
    assert (action.description, action.owner, action.due_on, action.status) == (
        "Hire two carers",
        "Care team",
        date(2027, 6, 30),
        "not_started",
    )
    # Adding an action counts as an update.
    assert Priority.objects.get(pk=priority.pk).status_updated_at.year > 2020
    assert AuditEntry.objects.get(action="action.add").data == {
        "priority": priority.pk,
        "due_on": "2027-06-30",
    }
    page = client.get(reverse("priority", args=[priority.pk])).content.decode()
    assert "Hire two carers" in page and "30 June 2027" in page


@pytest.mark.parametrize(
    ("day", "month", "year", "message"),
    [
        ("31", "2", "2027", "The date must be a real date, like 27 3 2027."),
        ("1", "", "2027", "The date must include a month."),
        ("1", "2", "27", "The year must have 4 numbers, like 2027."),
        ("", "", "", "Enter the due date."),
    ],
)
def test_it_refuses_a_bad_due_date(client, facilitator, priority, day, month, year, message):
    client.force_login(facilitator)
    page = _add_action(client, priority, "Hire carers", "Care team", day, month, year)
    text = page.content.decode()
    assert message in text
    assert 'href="#id_action-due_on_0"' in text
    assert 'value="Hire carers"' in text
    assert not Action.objects.exists()


def test_it_changes_an_action_status_and_counts_it_as_an_update(client, facilitator, priority):
    action = insight.action_add(
        by=facilitator, priority=priority, description="Hire", owner="Team", due_on=date(2027, 1, 1)
    )
    old = datetime(2020, 1, 1, tzinfo=UTC)
    Priority.objects.filter(pk=priority.pk).update(status_updated_at=old)
    client.force_login(facilitator)
    response = client.post(
        reverse("priority", args=[priority.pk]),
        {"form": "action_status", "action": action.pk, "status": "under_way"},
    )
    assert response["Location"] == reverse("priority", args=[priority.pk])
    assert Action.objects.get(pk=action.pk).status == "under_way"
    assert Priority.objects.get(pk=priority.pk).status_updated_at > old
    assert AuditEntry.objects.get(action="action.status").data == {
        "from": "not_started",
        "to": "under_way",
    }


def test_it_refuses_an_unknown_action_status(client, facilitator, priority):
    action = insight.action_add(
        by=facilitator, priority=priority, description="Hire", owner="Team", due_on=date(2027, 1, 1)
    )
    client.force_login(facilitator)
    response = client.post(
        reverse("priority", args=[priority.pk]),
        {"form": "action_status", "action": action.pk, "status": "finished"},
        follow=True,
    )
    assert "Choose a status." in response.content.decode()
    assert Action.objects.get(pk=action.pk).status == "not_started"


def test_it_will_not_change_an_action_of_another_priority(client, facilitator, voted, priority):
    _exercise, themes = voted
    other = insight.priority_make(by=facilitator, theme=themes["Money"])
    action = insight.action_add(
        by=facilitator, priority=other, description="Hire", owner="Team", due_on=date(2027, 1, 1)
    )
    client.force_login(facilitator)
    response = client.post(
        reverse("priority", args=[priority.pk]),
        {"form": "action_status", "action": action.pk, "status": "done"},
    )
    assert response.status_code == 404
    assert Action.objects.get(pk=action.pk).status == "not_started"


def test_it_still_takes_updates_after_the_exercise_closes(facilitator, voted, priority):
    exercise, _ = voted
    insight.exercise_move_phase(by=facilitator, exercise=exercise, to_phase="closed")
    saved = insight.priority_update(
        by=facilitator,
        priority=priority,
        version=1,
        status_value="done",
        reason="",
        root_causes="",
        success_looks_like="",
    )
    assert saved.status == "done"


# ----------------------------------------------------------------- overdue

NOW = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("status", "days", "overdue"),
    [
        ("under_way", 89, False),  # 89 days < 90: not yet
        ("under_way", 90, False),  # exactly 90 days: "more than 90" is not met
        ("under_way", 91, True),  # 91 days > 90: overdue
        ("not_done", 91, True),  # not done still owes people an update
        ("done", 91, False),  # done needs no more updates
        ("done", 400, False),
        ("not_possible", 91, False),  # nor does not possible
        ("not_possible", 400, False),
    ],
)
def test_it_works_out_overdue_by_hand(status, days, overdue):
    assert is_overdue(status, NOW - timedelta(days=days), NOW) is overdue


def test_it_counts_a_second_past_90_days_as_overdue():
    assert is_overdue("under_way", NOW - timedelta(days=90, seconds=1), NOW) is True
