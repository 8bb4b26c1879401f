"""The public easy-read form: no account, no name, and guarded against robots."""

import re
import time
from unittest import mock

import pytest
from django.core import signing
from django.core.cache import cache
from django.urls import reverse

from withus.core.models import AuditEntry
from withus.insight import services as insight
from withus.insight.models import Statement

CHECK = "Please check what you wrote, then press the button again."
TOO_MANY = "We have had a lot from your connection. Please try again in an hour."


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def exercise(area, facilitator):
    return insight.exercise_open(
        by=facilitator,
        local_area=area,
        title="Day services",
        public_intro="Tell us about the day centre.",
    )


def _started(seconds_ago: float = 10) -> str:
    return signing.dumps(time.time() - seconds_ago, salt="tell-us")


def _send(client, exercise, *, address="203.0.113.7", **fields):
    data = {"kind": "not_working", "text": "The bus to the centre is always late", **fields}
    data.setdefault("started", _started())
    return client.post(reverse("tell_us", args=[exercise.pk]), data, REMOTE_ADDR=address)


def test_it_shows_the_form_to_anyone(client, exercise):
    page = client.get(reverse("tell_us", args=[exercise.pk])).content.decode()
    assert "Tell us what you think" in page
    assert "Tell us about the day centre." in page
    assert "Northvale" in page
    assert 'name="started"' in page


def test_it_keeps_a_good_statement_without_anyone_linked_to_it(client, exercise):
    response = _send(client, exercise, text="  The bus is late  ")
    assert response.status_code == 302
    assert response["Location"] == reverse("tell_us_thanks", args=[exercise.pk])
    statement = Statement.objects.get()
    assert (statement.exercise, statement.kind, statement.text, statement.source) == (
        exercise,
        "not_working",
        "The bus is late",
        "easy_read",
    )
    assert statement.equality_consent is False
    assert (statement.age_band, statement.gender, statement.ethnic_group) == ("", "", "")
    entry = AuditEntry.objects.get(action="statement.add")
    assert entry.actor is None
    assert entry.actor_label == ""
    assert entry.data == {"kind": "not_working", "source": "easy_read"}
    thanks = client.get(response["Location"]).content.decode()
    assert "We have what you told us" in thanks


def test_it_keeps_no_actor_even_when_someone_is_signed_in(client, expert, exercise):
    client.force_login(expert)
    _send(client, exercise)
    assert Statement.objects.count() == 1
    assert AuditEntry.objects.get(action="statement.add").actor is None


def test_it_keeps_equality_details_given_with_consent(client, exercise):
    _send(
        client,
        exercise,
        consent="yes",
        age_band="25_34",
        gender="Non-binary",
        ethnic_group="mixed",
        disabled="yes",
    )
    s = Statement.objects.get()
    assert (s.equality_consent, s.age_band, s.gender, s.ethnic_group, s.disabled) == (
        True,
        "25_34",
        "Non-binary",
        "mixed",
        "yes",
    )


@pytest.mark.parametrize("consent", ["no", ""])
def test_it_refuses_equality_details_without_consent(client, exercise, consent):
    response = _send(client, exercise, consent=consent, ethnic_group="asian", gender="woman")
    page = response.content.decode()
    message = "Choose yes if we can keep the details about you, or leave those details empty."
    assert message in page
    assert 'href="#id_consent_0"' in page
    assert 'id="id_consent-error"' in page
    assert not Statement.objects.exists()


def test_it_thanks_a_robot_that_fills_the_trap_and_keeps_nothing(client, exercise):
    response = _send(client, exercise, website="http://spam.example")
    assert response["Location"] == reverse("tell_us_thanks", args=[exercise.pk])
    assert not Statement.objects.exists()
    assert not AuditEntry.objects.filter(action="statement.add").exists()


def test_it_asks_someone_who_was_too_quick_to_check_and_keeps_their_words(client, exercise):
    response = _send(client, exercise, started=_started(0), text="Buses are late at night")
    page = response.content.decode()
    assert response.status_code == 200
    assert CHECK in page
    assert "Buses are late at night</textarea>" in page
    assert not Statement.objects.exists()
    # Pressing the button again with what the page gave back works.
    token = re.search(r'name="started" value="([^"]+)"', page).group(1)
    again = _send(client, exercise, started=token, text="Buses are late at night")
    assert again["Location"] == reverse("tell_us_thanks", args=[exercise.pk])
    assert Statement.objects.get().text == "Buses are late at night"


@pytest.mark.parametrize(
    "token",
    [
        "",
        "not-a-token",
        signing.dumps(1.0, salt="another-form"),
        signing.dumps("soon", salt="tell-us"),
    ],
    ids=["missing", "garbage", "wrong-salt", "not-a-number"],
)
def test_it_treats_a_bad_or_missing_token_as_too_quick(client, exercise, token):
    page = _send(client, exercise, started=token, text="Buses are late").content.decode()
    assert CHECK in page
    assert "Buses are late</textarea>" in page
    assert not Statement.objects.exists()


def test_it_treats_a_token_signed_over_a_day_ago_as_bad(client, exercise):
    a_day_ago = time.time() - 25 * 3600
    with mock.patch("django.core.signing.time.time", return_value=a_day_ago):
        old = signing.dumps(a_day_ago, salt="tell-us")
    page = _send(client, exercise, started=old).content.decode()
    assert CHECK in page
    assert not Statement.objects.exists()


def test_it_takes_10_an_hour_from_one_connection_then_refuses(client, area, facilitator, exercise):
    for n in range(10):
        response = _send(client, exercise, text=f"Statement {n}")
        assert response.status_code == 302, n
    eleventh = _send(client, exercise, text="Statement 11")
    page = eleventh.content.decode()
    assert TOO_MANY in page
    assert "Statement 11</textarea>" in page
    assert Statement.objects.count() == 10
    # Another connection, or the same one on another exercise, is not held up.
    assert _send(client, exercise, address="198.51.100.1").status_code == 302
    other = insight.exercise_open(by=facilitator, local_area=area, title="Other")
    assert _send(client, other).status_code == 302
    assert Statement.objects.filter(exercise=exercise).count() == 11
    assert Statement.objects.filter(exercise=other).count() == 1


def test_it_counts_only_what_was_kept_towards_the_limit(client, exercise):
    for _ in range(12):
        _send(client, exercise, started=_started(0))  # all too quick, none kept
    assert _send(client, exercise).status_code == 302
    assert Statement.objects.count() == 1


def test_it_asks_for_the_kind_and_the_words(client, exercise):
    page = client.post(
        reverse("tell_us", args=[exercise.pk]), {"started": _started()}
    ).content.decode()
    assert "Choose what you want to tell us about." in page
    assert "Write what you want to tell us." in page
    assert not Statement.objects.exists()


@pytest.mark.parametrize("phase", ["grouping", "voting"])
def test_it_says_the_form_is_closed_once_collecting_ends(client, facilitator, exercise, phase):
    for step in ("grouping", "voting"):
        exercise = insight.exercise_move_phase(by=facilitator, exercise=exercise, to_phase=step)
        if step == phase:
            break
    for response in (
        client.get(reverse("tell_us", args=[exercise.pk])),
        _send(client, exercise),
    ):
        assert response.status_code == 410
        page = response.content.decode()
        assert "This form is closed" in page
        assert reverse("what_happened", args=["northvale"]) in page
    assert not Statement.objects.exists()
