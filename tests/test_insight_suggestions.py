"""The suggested-groupings page: it only suggests, until a person accepts one."""

import pytest
from django.urls import reverse
from django.utils.html import escape

from withus.core.models import AuditEntry
from withus.insight import services as insight
from withus.insight.models import Statement, Theme
from withus.insight.sample_statements import SAMPLE_STATEMENTS
from withus.insight.suggest import suggest_themes


@pytest.fixture
def exercise(area, facilitator):
    exercise = insight.exercise_open(by=facilitator, local_area=area, title="Day services")
    for _topic, text in SAMPLE_STATEMENTS[:40]:
        insight.statement_add(
            by=facilitator, exercise=exercise, kind="not_working", text=text, source="event"
        )
    return exercise


def _loose(exercise):
    return list(
        Statement.objects.filter(exercise=exercise, theme__isnull=True).values_list("pk", "text")
    )


def _accept(client, exercise, name, ids):
    return client.post(
        reverse("suggestions", args=[exercise.pk]),
        {"name": name, "statement": [str(i) for i in ids]},
    )


def test_it_shows_shared_words_and_examples_and_changes_nothing(client, facilitator, exercise):
    expected = suggest_themes(_loose(exercise))
    assert expected, "the sample should give suggestions"
    texts = dict(_loose(exercise))
    audited = AuditEntry.objects.count()
    client.force_login(facilitator)
    page = client.get(reverse("suggestions", args=[exercise.pk])).content.decode()
    assert "looked at the 40 statements not yet in a theme" in page
    for number, s in enumerate(expected, start=1):
        assert f"Suggestion {number}: {len(s.statement_ids)} statements" in page
        assert escape(", ".join(s.words)) in page
        for example in s.examples:
            assert escape(texts[example]) in page
        assert f'name="name" value="{escape(s.name)}"' in page
    assert not Theme.objects.exists()
    assert len(_loose(exercise)) == 40
    assert AuditEntry.objects.count() == audited


def test_it_says_when_there_is_nothing_to_suggest(client, area, facilitator):
    exercise = insight.exercise_open(by=facilitator, local_area=area, title="Small")
    insight.statement_add(
        by=facilitator, exercise=exercise, kind="working", text="Buses are late", source="event"
    )
    client.force_login(facilitator)
    page = client.get(reverse("suggestions", args=[exercise.pk])).content.decode()
    assert "There are no suggestions" in page
    assert "Accept suggestion" not in page


def test_it_makes_a_theme_of_only_the_statements_still_unthemed(client, facilitator, exercise):
    ids = [pk for pk, _ in _loose(exercise)][:6]
    taken = insight.theme_create(
        by=facilitator, exercise=exercise, name="Taken", statement_ids=ids[:2]
    )
    client.force_login(facilitator)
    response = _accept(client, exercise, "bus, taxi, transport", ids)
    theme = Theme.objects.get(name="bus, taxi, transport")
    assert response["Location"] == reverse("theme", args=[theme.pk])
    assert set(theme.statements.values_list("pk", flat=True)) == set(ids[2:])
    # The two already in a theme stayed where they were.
    assert set(taken.statements.values_list("pk", flat=True)) == set(ids[:2])
    entry = AuditEntry.objects.get(action="suggestion.accept")
    assert (entry.actor, entry.object_id, entry.data) == (
        facilitator,
        str(theme.pk),
        {"statements": 4},
    )
    page = client.get(response["Location"]).content.decode()
    assert "Rename it and give it an I statement." in page
    assert "4 statements" in page


def test_it_changes_nothing_when_every_statement_is_already_in_a_theme(
    client, facilitator, exercise
):
    ids = [pk for pk, _ in _loose(exercise)][:3]
    insight.theme_create(by=facilitator, exercise=exercise, name="Taken", statement_ids=ids)
    audited = AuditEntry.objects.count()
    client.force_login(facilitator)
    response = _accept(client, exercise, "again", ids)
    assert response["Location"] == reverse("suggestions", args=[exercise.pk])
    page = client.get(response["Location"]).content.decode()
    assert "All of these statements are already in themes." in page
    assert list(Theme.objects.values_list("name", flat=True)) == ["Taken"]
    assert AuditEntry.objects.count() == audited


def test_it_numbers_a_name_that_is_already_used(client, facilitator, exercise):
    ids = [pk for pk, _ in _loose(exercise)]
    insight.theme_create(by=facilitator, exercise=exercise, name="Bus, Taxi, Fares")
    client.force_login(facilitator)
    _accept(client, exercise, "bus, taxi, fares", ids[:2])
    _accept(client, exercise, "bus, taxi, fares", ids[2:4])
    assert sorted(Theme.objects.values_list("name", flat=True)) == [
        "Bus, Taxi, Fares",
        "bus, taxi, fares (2)",
        "bus, taxi, fares (3)",
    ]


def test_it_ignores_statements_from_another_exercise(client, area, facilitator, exercise):
    other = insight.exercise_open(by=facilitator, local_area=area, title="Other")
    theirs = insight.statement_add(
        by=facilitator, exercise=other, kind="working", text="Theirs", source="event"
    )
    (mine, _), *_rest = _loose(exercise)
    client.force_login(facilitator)
    _accept(client, exercise, "mixed", [mine, theirs.pk])
    theme = Theme.objects.get(name="mixed")
    assert list(theme.statements.values_list("pk", flat=True)) == [mine]
    assert Statement.objects.get(pk=theirs.pk).theme is None
