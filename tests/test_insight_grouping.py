"""Grouping statements into themes: make, rename, move, split, take out, merge."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from withus.core.models import AuditEntry
from withus.insight import services as insight
from withus.insight.models import Statement, Theme

STALE = "Someone else changed this while you were working on it."


@pytest.fixture
def exercise(area, facilitator):
    return insight.exercise_open(by=facilitator, local_area=area, title="Home care")


def _statements(exercise, by, *texts):
    return [
        insight.statement_add(by=by, exercise=exercise, kind="not_working", text=t, source="event")
        for t in texts
    ]


def _theme_of(*statements):
    return [Statement.objects.get(pk=s.pk).theme_id for s in statements]


def _to_voting(exercise, by):
    for step in ("grouping", "voting"):
        exercise = insight.exercise_move_phase(by=by, exercise=exercise, to_phase=step)
    return exercise


def _move(client, exercise, statements, *, to="", new_name="", back=""):
    return client.post(
        reverse("statements_move", args=[exercise.pk]),
        {
            "move-statements": [str(s.pk) for s in statements],
            "move-to_theme": to,
            "move-new_theme_name": new_name,
            "back": back,
        },
    )


# ---------------------------------------------------------------- create


def test_it_makes_a_theme_from_the_grouping_board(client, facilitator, exercise):
    client.force_login(facilitator)
    response = client.post(
        reverse("theme_new", args=[exercise.pk]),
        {"new-name": "  Weekend help ", "new-i_statement": "I want help at weekends."},
    )
    assert response["Location"] == reverse("grouping", args=[exercise.pk])
    theme = Theme.objects.get(exercise=exercise)
    assert (theme.name, theme.i_statement) == ("Weekend help", "I want help at weekends.")
    entry = AuditEntry.objects.get(action="theme.create")
    assert (entry.actor, entry.object_id, entry.data) == (
        facilitator,
        str(theme.pk),
        {"name": "Weekend help", "statements": 0},
    )
    board = client.get(reverse("grouping", args=[exercise.pk])).content.decode()
    assert "Weekend help" in board and "I want help at weekends." in board


def test_it_refuses_a_theme_name_already_used_whatever_the_case(client, facilitator, exercise):
    insight.theme_create(by=facilitator, exercise=exercise, name="Weekend help")
    client.force_login(facilitator)
    response = client.post(reverse("theme_new", args=[exercise.pk]), {"new-name": "WEEKEND HELP"})
    page = response.content.decode()
    assert "There is already a theme with that name." in page
    assert 'href="#id_new-name"' in page
    assert 'value="WEEKEND HELP"' in page
    assert list(Theme.objects.values_list("name", flat=True)) == ["Weekend help"]
    assert AuditEntry.objects.filter(action="theme.create").count() == 1


def test_it_allows_the_same_theme_name_in_another_exercise(area, facilitator, exercise):
    other = insight.exercise_open(by=facilitator, local_area=area, title="Other")
    insight.theme_create(by=facilitator, exercise=exercise, name="Money")
    insight.theme_create(by=facilitator, exercise=other, name="money")
    assert Theme.objects.filter(name__iexact="money").count() == 2


# ---------------------------------------------------------------- rename


def test_it_renames_a_theme_and_records_before_and_after(client, facilitator, exercise):
    theme = insight.theme_create(by=facilitator, exercise=exercise, name="Staf")
    client.force_login(facilitator)
    response = client.post(
        reverse("theme_edit", args=[theme.pk]),
        {"name": "Staff", "i_statement": "I see the same carer.", "version": theme.version},
    )
    assert response["Location"] == reverse("theme", args=[theme.pk])
    theme.refresh_from_db()
    assert (theme.name, theme.i_statement, theme.version) == ("Staff", "I see the same carer.", 2)
    entry = AuditEntry.objects.get(action="theme.rename")
    assert entry.data == {"from": ["Staf", ""], "to": ["Staff", "I see the same carer."]}


def test_it_refuses_a_rename_from_a_form_opened_before_someone_else_saved(
    client, facilitator, commissioner, exercise
):
    theme = insight.theme_create(by=facilitator, exercise=exercise, name="Staff")
    opened_at = theme.version
    # Someone else saves first.
    insight.theme_rename(
        by=commissioner, theme=theme, name="Carers", i_statement="", version=opened_at
    )
    client.force_login(facilitator)
    response = client.post(
        reverse("theme_edit", args=[theme.pk]),
        {"name": "Staff who care", "i_statement": "I want time to talk.", "version": opened_at},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert STALE in page
    assert "There is a problem" in page
    # What the person typed is kept so they need not type it again.
    assert 'value="Staff who care"' in page
    assert 'value="I want time to talk."' in page
    theme.refresh_from_db()
    assert theme.name == "Carers"
    assert AuditEntry.objects.filter(action="theme.rename").count() == 1


def test_it_refuses_a_rename_to_another_themes_name(facilitator, exercise):
    insight.theme_create(by=facilitator, exercise=exercise, name="Money")
    staff = insight.theme_create(by=facilitator, exercise=exercise, name="Staff")
    with pytest.raises(ValidationError, match="already a theme with that name"):
        insight.theme_rename(
            by=facilitator, theme=staff, name=" money ", i_statement="", version=staff.version
        )
    # Changing only the case of its own name is fine.
    insight.theme_rename(
        by=facilitator, theme=staff, name="STAFF", i_statement="", version=staff.version
    )
    assert Theme.objects.get(pk=staff.pk).name == "STAFF"


# ------------------------------------------------------------------ move


def test_it_moves_loose_statements_into_a_theme(client, facilitator, exercise):
    a, b, c = _statements(exercise, facilitator, "Late visits", "Rushed visits", "No rota")
    theme = insight.theme_create(by=facilitator, exercise=exercise, name="Visits")
    client.force_login(facilitator)
    response = _move(client, exercise, [a, b], to=str(theme.pk))
    assert response["Location"] == reverse("grouping", args=[exercise.pk])
    assert _theme_of(a, b, c) == [theme.pk, theme.pk, None]
    entry = AuditEntry.objects.get(action="statement.move")
    assert entry.data == {"statements": sorted([a.pk, b.pk]), "to_theme": theme.pk, "moved": 2}
    board = client.get(reverse("grouping", args=[exercise.pk])).content.decode()
    assert "1 statement not in a theme" in board


def test_it_moves_statements_from_one_theme_to_another(client, facilitator, exercise):
    a, b = _statements(exercise, facilitator, "Late visits", "Wrong money")
    visits = insight.theme_create(
        by=facilitator, exercise=exercise, name="Visits", statement_ids=[a.pk, b.pk]
    )
    money = insight.theme_create(by=facilitator, exercise=exercise, name="Money")
    client.force_login(facilitator)
    back = reverse("theme", args=[visits.pk])
    response = _move(client, exercise, [b], to=str(money.pk), back=back)
    assert response["Location"] == back
    assert _theme_of(a, b) == [visits.pk, money.pk]


def test_it_splits_statements_off_into_a_new_theme(client, facilitator, exercise):
    a, b, c = _statements(exercise, facilitator, "Late", "Rushed", "Wrong money")
    visits = insight.theme_create(
        by=facilitator, exercise=exercise, name="Visits", statement_ids=[a.pk, b.pk, c.pk]
    )
    client.force_login(facilitator)
    _move(client, exercise, [c], new_name="Money")
    money = Theme.objects.get(exercise=exercise, name="Money")
    assert _theme_of(a, b, c) == [visits.pk, visits.pk, money.pk]
    entry = AuditEntry.objects.filter(action="theme.create").last()
    assert entry.data == {"name": "Money", "statements": 1}


def test_it_takes_statements_out_of_any_theme(client, facilitator, exercise):
    a, b = _statements(exercise, facilitator, "Late", "Rushed")
    visits = insight.theme_create(
        by=facilitator, exercise=exercise, name="Visits", statement_ids=[a.pk, b.pk]
    )
    client.force_login(facilitator)
    _move(client, exercise, [a], to="none")
    assert _theme_of(a, b) == [None, visits.pk]
    assert AuditEntry.objects.get(action="statement.move").data["to_theme"] is None


def test_it_asks_where_to_move_statements_to(client, facilitator, exercise):
    (a,) = _statements(exercise, facilitator, "Late")
    client.force_login(facilitator)
    page = _move(client, exercise, [a]).content.decode()
    assert "Choose a theme, or give a name for a new theme." in page
    assert _theme_of(a) == [None]
    assert not AuditEntry.objects.filter(action="statement.move").exists()


def test_it_refuses_statements_from_another_exercise(client, area, facilitator, exercise):
    other = insight.exercise_open(by=facilitator, local_area=area, title="Other")
    (mine,) = _statements(exercise, facilitator, "Mine")
    (theirs,) = _statements(other, facilitator, "Theirs")
    theme = insight.theme_create(by=facilitator, exercise=exercise, name="Visits")
    client.force_login(facilitator)
    page = _move(client, exercise, [mine, theirs], to=str(theme.pk)).content.decode()
    assert "There is a problem" in page
    assert _theme_of(mine, theirs) == [None, None]
    # The service refuses them too, whoever calls it.
    with pytest.raises(ValidationError, match="not in this exercise"):
        insight.statements_move(
            by=facilitator, exercise=exercise, statement_ids=[mine.pk, theirs.pk], to_theme=theme
        )
    with pytest.raises(ValidationError, match="not in this exercise"):
        insight.theme_create(
            by=facilitator, exercise=exercise, name="Sneaky", statement_ids=[theirs.pk]
        )
    assert _theme_of(mine, theirs) == [None, None]
    assert not Theme.objects.filter(name="Sneaky").exists()


def test_it_refuses_a_theme_from_another_exercise(area, facilitator, exercise):
    other = insight.exercise_open(by=facilitator, local_area=area, title="Other")
    (mine,) = _statements(exercise, facilitator, "Mine")
    elsewhere = insight.theme_create(by=facilitator, exercise=other, name="Elsewhere")
    with pytest.raises(ValidationError, match="Choose a theme in this exercise."):
        insight.statements_move(
            by=facilitator, exercise=exercise, statement_ids=[mine.pk], to_theme=elsewhere
        )
    assert _theme_of(mine) == [None]


def test_it_ignores_a_back_address_on_another_site(client, facilitator, exercise):
    (a,) = _statements(exercise, facilitator, "Late")
    client.force_login(facilitator)
    response = _move(client, exercise, [a], to="none", back="https://evil.example/")
    assert response["Location"] == reverse("grouping", args=[exercise.pk])


# ----------------------------------------------------------------- merge


def test_it_merges_a_theme_into_another(client, facilitator, exercise):
    a, b, c = _statements(exercise, facilitator, "Late", "Rushed", "Short")
    visits = insight.theme_create(
        by=facilitator, exercise=exercise, name="Visits", statement_ids=[a.pk]
    )
    time = insight.theme_create(
        by=facilitator, exercise=exercise, name="Time", statement_ids=[b.pk, c.pk]
    )
    client.force_login(facilitator)
    response = client.post(reverse("theme_merge", args=[time.pk]), {"into": str(visits.pk)})
    assert response["Location"] == reverse("theme", args=[visits.pk])
    assert not Theme.objects.filter(pk=time.pk).exists()
    assert _theme_of(a, b, c) == [visits.pk] * 3
    entry = AuditEntry.objects.get(action="theme.merge")
    assert (entry.object_id, entry.data) == (
        str(visits.pk),
        {"merged": time.pk, "merged_name": "Time", "statements": 2},
    )
    page = client.get(reverse("theme", args=[visits.pk])).content.decode()
    assert "3 statements" in page


def test_it_will_not_merge_a_theme_into_itself(facilitator, exercise):
    theme = insight.theme_create(by=facilitator, exercise=exercise, name="Visits")
    with pytest.raises(ValidationError, match="Choose another theme"):
        insight.theme_merge(by=facilitator, theme=theme, into=theme)
    assert Theme.objects.filter(pk=theme.pk).exists()


# ---------------------------------------------------- closed after grouping


def test_it_refuses_every_grouping_change_once_voting_starts(client, facilitator, exercise):
    a, b = _statements(exercise, facilitator, "Late", "Rushed")
    visits = insight.theme_create(
        by=facilitator, exercise=exercise, name="Visits", statement_ids=[a.pk]
    )
    time = insight.theme_create(
        by=facilitator, exercise=exercise, name="Time", statement_ids=[b.pk]
    )
    exercise = _to_voting(exercise, facilitator)
    audited = AuditEntry.objects.count()
    client.force_login(facilitator)
    responses = [
        client.post(reverse("theme_new", args=[exercise.pk]), {"new-name": "New"}),
        _move(client, exercise, [a], to=str(time.pk)),
        client.post(reverse("theme_merge", args=[time.pk]), {"into": str(visits.pk)}),
        client.post(
            reverse("theme_edit", args=[visits.pk]),
            {"name": "Renamed", "i_statement": "", "version": visits.version},
        ),
        client.post(reverse("suggestions", args=[exercise.pk]), {"statement": [str(a.pk)]}),
    ]
    for response in responses:
        assert response.status_code == 409
        assert "Not open now" in response.content.decode()
    assert sorted(Theme.objects.values_list("name", flat=True)) == ["Time", "Visits"]
    assert _theme_of(a, b) == [visits.pk, time.pk]
    assert AuditEntry.objects.count() == audited
    # The board still shows the themes, without the forms to change them.
    board = client.get(reverse("grouping", args=[exercise.pk])).content.decode()
    assert "Visits" in board and "Make the theme" not in board


def test_it_refuses_grouping_in_the_service_once_voting_starts(facilitator, exercise):
    (a,) = _statements(exercise, facilitator, "Late")
    theme = insight.theme_create(by=facilitator, exercise=exercise, name="Visits")
    exercise = _to_voting(exercise, facilitator)
    with pytest.raises(insight.PhaseClosed):
        insight.theme_create(by=facilitator, exercise=exercise, name="New")
    with pytest.raises(insight.PhaseClosed):
        insight.statements_move(
            by=facilitator, exercise=exercise, statement_ids=[a.pk], to_theme=theme
        )
    assert _theme_of(a) == [None]
