"""A mentor logs their sessions on the match page, and the match is closed with an outcome.

Marcus (the peer_mentor account) mentors Jo Malik in "Northvale Peer Mentors";
the match started 20 days ago.
"""

import html
import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from withus.core.models import AuditEntry, Membership, Role, User
from withus.peer_support import services
from withus.peer_support.models import Mentor, MentorSession

CLOSED = "This match has closed, so no more sessions can be added."


def _mentor(scheme, name, user=None) -> Mentor:
    today = timezone.localdate()
    return Mentor.objects.create(
        scheme=scheme,
        user=user,
        name=name,
        languages=["English"],
        capacity=3,
        trained_on=today - timedelta(days=100),
        check_status="clear",
        check_expires=today + timedelta(days=365),
    )


@pytest.fixture
def world(scheme, coordinator, peer_mentor):
    today = timezone.localdate()
    marcus = _mentor(scheme, "Marcus Bell", user=peer_mentor)
    jo = services.request_make(scheme, name="Jo Malik", contact="07700 900777")
    match = services.match_make(jo, marcus, coordinator, started_on=today - timedelta(days=20))
    return {"marcus": marcus, "jo": jo, "match": match, "today": today}


@pytest.fixture
def other_mentor(area) -> User:
    user = User.objects.create_user(username="othermentor", display_name="Other Mentor")
    Membership.objects.create(user=user, local_area=area, role=Role.PEER_MENTOR)
    return user


def _text(fragment: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def _field_error(page: str, name: str) -> str:
    found = re.search(rf'id="id_{name}-error" class="govuk-error-message">(.*?)</p>', page, re.S)
    assert found, f"no message next to {name}"
    return _text(found[1]).replace("Error:", "").strip()


def _date(name, day) -> dict[str, str]:
    return {f"{name}_0": str(day.day), f"{name}_1": str(day.month), f"{name}_2": str(day.year)}


def _log(client, match, day, minutes="45", mode="phone", topics="Weekends and sleep."):
    data = {**_date("happened_on", day), "minutes": minutes, "mode": mode, "topics": topics}
    return client.post(reverse("peer_match", args=[match.pk]), data)


def _close(client, match, day, outcome="goals_met", note=""):
    data = {**_date("closed_on", day), "outcome": outcome, "note": note}
    return client.post(reverse("peer_match_close", args=[match.pk]), data)


def _session_rows(page: str) -> list[str]:
    body = re.search(r'<tbody class="govuk-table__body">(.*?)</tbody>', page, re.S)
    return [_text(row) for row in re.findall(r"<tr[^>]*>(.*?)</tr>", body[1], re.S)] if body else []


def test_the_mentor_logs_a_session_and_sees_it_on_the_match(client, world, peer_mentor):
    client.force_login(peer_mentor)
    match, day = world["match"], world["today"] - timedelta(days=3)
    response = _log(client, match, day)
    assert response["Location"] == reverse("peer_match", args=[match.pk])

    session = MentorSession.objects.get()
    assert (session.match, session.happened_on, session.minutes, session.mode) == (
        match,
        day,
        45,
        "phone",
    )
    assert (session.topics, session.logged_by) == ("Weekends and sleep.", peer_mentor)
    page = client.get(response["Location"]).content.decode()
    assert _session_rows(page) == [f"{day:%-d %B %Y} 45 Phone Weekends and sleep."]
    # The mentor sees how to reach the person they mentor.
    assert "07700 900777" in page


@pytest.mark.parametrize(
    ("days_after_start", "minutes", "field", "message"),
    [
        (-1, "45", "happened_on", "The session cannot be before the match started."),
        (21, "45", "happened_on", "The session date cannot be in the future."),
        (5, "3", "minutes", "A session must be 5 minutes or longer."),
        (5, "601", "minutes", "A session can be 600 minutes (10 hours) at most."),
        (5, "an hour", "minutes", "Enter the minutes as a number, like 45."),
        (5, "", "minutes", "Enter how long the session was, in minutes."),
    ],
)
def test_a_session_that_cannot_be_right_is_refused_with_a_message(
    client, world, peer_mentor, days_after_start, minutes, field, message
):
    client.force_login(peer_mentor)
    match = world["match"]
    day = match.started_on + timedelta(days=days_after_start)
    response = _log(client, match, day, minutes=minutes)
    page = response.content.decode()
    assert response.status_code == 200
    assert _field_error(page, field) == message
    assert "Weekends and sleep." in page  # what they wrote is kept
    assert not MentorSession.objects.exists()


def test_a_session_on_the_day_the_match_started_and_today_are_both_fine(client, world, peer_mentor):
    client.force_login(peer_mentor)
    match = world["match"]
    _log(client, match, match.started_on, minutes="5")
    _log(client, match, world["today"], minutes="600")
    assert sorted(MentorSession.objects.values_list("minutes", flat=True)) == [5, 600]


def test_a_session_needs_to_say_how_they_met(client, world, peer_mentor):
    client.force_login(peer_mentor)
    page = _log(client, world["match"], world["today"], mode="").content.decode()
    assert _field_error(page, "mode") == "Choose how you met."
    assert not MentorSession.objects.exists()


def test_closing_a_match_needs_an_outcome(client, world, peer_mentor):
    client.force_login(peer_mentor)
    match = world["match"]
    page = _close(client, match, world["today"], outcome="").content.decode()
    assert _field_error(page, "outcome") == "Choose how it ended."
    match.refresh_from_db()
    assert (match.is_open, match.outcome) == (True, "")
    world["jo"].refresh_from_db()
    assert world["jo"].status == "matched"


def test_a_match_cannot_close_before_its_last_session(client, world, peer_mentor):
    client.force_login(peer_mentor)
    match, today = world["match"], world["today"]
    _log(client, match, today - timedelta(days=4))
    page = _close(client, match, today - timedelta(days=5)).content.decode()
    assert _field_error(page, "closed_on") == "The match cannot close before its last session."
    match.refresh_from_db()
    assert match.is_open

    # On the day of the last session is fine.
    assert _close(client, match, today - timedelta(days=4)).status_code == 302
    match.refresh_from_db()
    assert (match.closed_on, match.outcome) == (today - timedelta(days=4), "goals_met")


def test_a_match_cannot_close_before_it_started_or_in_the_future(client, world, peer_mentor):
    client.force_login(peer_mentor)
    match, today = world["match"], world["today"]
    before = _close(client, match, match.started_on - timedelta(days=1)).content.decode()
    assert _field_error(before, "closed_on") == "The match cannot close before it started."
    future = _close(client, match, today + timedelta(days=1)).content.decode()
    assert _field_error(future, "closed_on") == "The date cannot be in the future."
    match.refresh_from_db()
    assert match.is_open


def test_closing_with_goals_met_closes_the_request_and_is_audited(
    client, world, peer_mentor, coordinator
):
    client.force_login(peer_mentor)
    match, jo, today = world["match"], world["jo"], world["today"]
    response = _close(client, match, today, note="Back at work.")
    assert response["Location"] == reverse("peer_match", args=[match.pk])
    match.refresh_from_db()
    jo.refresh_from_db()
    assert (match.closed_on, match.outcome, match.outcome_note) == (
        today,
        "goals_met",
        "Back at work.",
    )
    assert jo.status == "closed"
    entry = AuditEntry.objects.get(action="peer.match_close")
    assert (entry.actor, entry.object_id, entry.data) == (
        peer_mentor,
        str(match.pk),
        {"outcome": "goals_met"},
    )
    page = _text(client.get(response["Location"]).content.decode())
    assert f"Ended {today:%-d %B %Y}: Goals met. Back at work." in page

    client.force_login(coordinator)
    requests = _text(client.get(reverse("peer_requests", args=[jo.scheme_id])).content.decode())
    assert "Closed Jo Malik : Goals met" in requests
    assert "Nobody is waiting." in requests


def test_when_the_mentor_cannot_carry_on_the_person_waits_for_a_new_mentor(
    client, world, peer_mentor, coordinator
):
    client.force_login(peer_mentor)
    match, jo, today = world["match"], world["jo"], world["today"]
    _close(client, match, today, outcome="mentor_left")
    jo.refresh_from_db()
    assert jo.status == "waiting"

    # The coordinator sees Jo waiting again and can match them with someone else.
    client.force_login(coordinator)
    requests = _text(client.get(reverse("peer_requests", args=[jo.scheme_id])).content.decode())
    assert "Waiting for a mentor Jo Malik : asked on" in requests
    nadia = _mentor(jo.scheme, "Nadia Khan")
    data = {"mentor": str(nadia.pk), **_date("started_on", today)}
    assert client.post(reverse("peer_request", args=[jo.pk]), data).status_code == 302
    jo.refresh_from_db()
    assert jo.status == "matched"
    assert [(m.mentor.name, m.outcome) for m in jo.matches.order_by("pk")] == [
        ("Marcus Bell", "mentor_left"),
        ("Nadia Khan", ""),
    ]


def test_a_closed_match_takes_no_more_sessions(client, world, peer_mentor, coordinator):
    match, today = world["match"], world["today"]
    client.force_login(peer_mentor)
    _close(client, match, today)

    for person in (peer_mentor, coordinator):
        client.force_login(person)
        response = _log(client, match, today)
        assert CLOSED in html.unescape(response.content.decode())
        page = client.get(reverse("peer_match", args=[match.pk])).content.decode()
        assert "Log the session" not in page
        assert reverse("peer_match_close", args=[match.pk]) not in page
        assert _close(client, match, today, outcome="other").status_code == 403
    assert not MentorSession.objects.exists()
    match.refresh_from_db()
    assert match.outcome == "goals_met"


def test_the_coordinator_can_log_a_session_for_the_mentor(client, world, coordinator):
    client.force_login(coordinator)
    _log(client, world["match"], world["today"], minutes="30", mode="in_person")
    session = MentorSession.objects.get()
    assert (session.logged_by, session.minutes, session.mode) == (coordinator, 30, "in_person")


def test_my_mentoring_lists_the_mentors_own_matches_with_their_sessions(
    client, world, peer_mentor, other_mentor, coordinator
):
    marcus, jo, match, today = world["marcus"], world["jo"], world["match"], world["today"]
    scheme = jo.scheme
    # An earlier match of Marcus's, closed after one session.
    kim = services.request_make(scheme, name="Kim Lee", contact="kim@example.com")
    earlier = services.match_make(kim, marcus, coordinator, started_on=today - timedelta(days=60))
    services.session_log(
        earlier,
        peer_mentor,
        happened_on=today - timedelta(days=59),
        minutes=50,
        mode="video",
        topics="",
    )
    services.match_close(
        earlier, coordinator, closed_on=today - timedelta(days=30), outcome="moved_on", note=""
    )
    for days_ago in (10, 3):
        services.session_log(
            match,
            peer_mentor,
            happened_on=today - timedelta(days=days_ago),
            minutes=45,
            mode="phone",
            topics="",
        )
    # Someone else's match is not Marcus's business.
    lena = _mentor(scheme, "Lena Fox", user=other_mentor)
    sam = services.request_make(scheme, name="Sam Okafor", contact="sam@example.com")
    services.match_make(sam, lena, coordinator, started_on=today)

    client.force_login(peer_mentor)
    page = client.get(reverse("my_mentoring")).content.decode()
    items = [
        _text(li) for li in re.findall(r"<li>(.*?)</li>", page.split("My mentoring</h1>")[1], re.S)
    ]
    ended = today - timedelta(days=30)
    assert items == [
        f"Jo Malik (Northvale Peer Mentors): since {match.started_on:%-d %B %Y}, 2 sessions",
        f"Kim Lee (Northvale Peer Mentors): ended {ended:%-d %B %Y}, 1 session",
    ]
    assert reverse("peer_match", args=[match.pk]) in page
    assert "Sam Okafor" not in page

    client.force_login(other_mentor)
    page = _text(client.get(reverse("my_mentoring")).content.decode())
    assert "Sam Okafor (Northvale Peer Mentors)" in page and "0 sessions" in page
    assert "Jo Malik" not in page


def test_another_peer_mentor_cannot_open_or_change_the_match(client, world, other_mentor):
    client.force_login(other_mentor)
    match = world["match"]
    response = client.get(reverse("peer_match", args=[match.pk]))
    assert response.status_code == 403
    assert "07700 900777" not in response.content.decode()
    assert _log(client, match, world["today"]).status_code == 403
    assert _close(client, match, world["today"]).status_code == 403
    assert not MentorSession.objects.exists()
    match.refresh_from_db()
    assert match.is_open
    assert AuditEntry.objects.filter(action="access.denied", actor=other_mentor).count() == 3
