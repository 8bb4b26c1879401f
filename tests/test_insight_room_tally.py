"""Dots counted on the wall at an event, entered by a facilitator."""

import pytest
from django.urls import reverse

from withus.core.models import AuditEntry
from withus.insight import services as insight
from withus.insight.models import Ballot, Vote


@pytest.fixture
def voting(area, facilitator):
    exercise = insight.exercise_open(by=facilitator, local_area=area, title="Day services")
    themes = {}
    for name in ("Money", "Housing", "Staff"):
        s = insight.statement_add(
            by=facilitator, exercise=exercise, kind="working", text=name, source="event"
        )
        themes[name] = insight.theme_create(
            by=facilitator, exercise=exercise, name=name, statement_ids=[s.pk]
        )
    for step in ("grouping", "voting"):
        exercise = insight.exercise_move_phase(by=facilitator, exercise=exercise, to_phase=step)
    return exercise, themes


def _post(client, exercise, themes, room, **dots):
    data = {"room": room, **{f"theme_{themes[n].pk}": str(d) for n, d in dots.items()}}
    return client.post(reverse("room_votes", args=[exercise.pk]), data)


def test_it_needs_the_room_name_and_saves_nothing_without_it(client, facilitator, voting):
    exercise, themes = voting
    client.force_login(facilitator)
    response = _post(client, exercise, themes, "  ", Money=12)
    page = response.content.decode()
    assert "Say which room or event the votes came from." in page
    assert 'href="#id_room"' in page
    assert not Ballot.objects.exists()


def test_it_needs_at_least_one_vote(client, facilitator, voting):
    exercise, themes = voting
    client.force_login(facilitator)
    page = _post(client, exercise, themes, "Library", Money=0).content.decode()
    assert "Enter at least 1 vote for a theme." in page
    assert not Ballot.objects.exists()


def test_it_refuses_a_negative_count(client, facilitator, voting):
    exercise, themes = voting
    client.force_login(facilitator)
    page = _post(client, exercise, themes, "Library", Money=-3, Staff=4).content.decode()
    assert "Votes cannot be fewer than 0." in page
    assert not Ballot.objects.exists()


def test_it_takes_room_counts_bigger_than_one_persons_allowance(client, facilitator, voting):
    # A room of 20 people with 5 dots each can put 40 dots on one theme.
    exercise, themes = voting
    client.force_login(facilitator)
    response = _post(client, exercise, themes, " Tuesday at the library ", Money=40, Staff=7)
    assert response.status_code == 302
    assert response["Location"] == reverse("results", args=[exercise.pk])
    ballot = Ballot.objects.get()
    assert (ballot.method, ballot.room, ballot.voter, ballot.entered_by) == (
        "room",
        "Tuesday at the library",
        None,
        facilitator,
    )
    assert dict(Vote.objects.values_list("theme__name", "dots")) == {"Money": 40, "Staff": 7}
    entry = AuditEntry.objects.get(action="ballot.room")
    assert entry.actor == facilitator
    assert entry.data == {"room": "Tuesday at the library", "dots": 47}


def test_it_adds_room_counts_to_online_votes_in_the_results(
    client, facilitator, expert, peer_mentor, voting
):
    exercise, themes = voting
    insight.ballot_cast(
        by=expert, exercise=exercise, dots_by_theme={themes["Housing"].pk: 4, themes["Staff"].pk: 1}
    )
    insight.ballot_cast(by=peer_mentor, exercise=exercise, dots_by_theme={themes["Staff"].pk: 5})
    client.force_login(facilitator)
    _post(client, exercise, themes, "Library", Money=3, Housing=2)
    _post(client, exercise, themes, "Church hall", Money=2)
    # Money:   room 3 + room 2        = 5 from 2 rooms
    # Housing: online 4 + room 2      = 6 from 1 person and 1 room
    # Staff:   online 1 + online 5    = 6 from 2 people
    # Housing and Staff share 1st with 6 each. Both have 2 supporters and 1
    # statement, so Housing (made first) is listed first. Money is 3rd.
    page = client.get(reverse("results", args=[exercise.pk])).content.decode()
    assert "2 people voted online. 2 rooms sent their counts." in page
    assert page.index("1. Housing") < page.index("1. Staff") < page.index("3. Money")
    assert "6 votes" in page and "5 votes" in page
    assert Ballot.objects.filter(method="room").count() == 2


def test_it_is_closed_to_room_counts_outside_voting(client, area, facilitator):
    exercise = insight.exercise_open(by=facilitator, local_area=area, title="Early")
    client.force_login(facilitator)
    response = client.post(reverse("room_votes", args=[exercise.pk]), {"room": "Library"})
    assert response.status_code == 409
    assert "Not open now" in response.content.decode()
    assert not Ballot.objects.exists()


def test_it_does_not_let_a_voter_enter_room_counts(client, expert, voting):
    exercise, themes = voting
    client.force_login(expert)
    response = _post(client, exercise, themes, "Library", Money=50)
    assert response.status_code == 403
    assert not Ballot.objects.exists()
