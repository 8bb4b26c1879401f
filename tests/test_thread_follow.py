"""Leaving an email on the easy-read form to hear what happened, and nobody else seeing it."""

import time
from datetime import timedelta
from unittest import mock

import pytest
from django.core import signing
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from tests.test_thread_digest import build_chain
from withus.core.models import AuditEntry
from withus.insight import services as insight
from withus.insight.models import Statement
from withus.thread import follow
from withus.thread.models import ThreadFollower

EMAIL = "private.person@example.com"
HINT = (
    "We only use it to tell you what happened. Nobody else sees it. Every email has a link to stop."
)


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def exercise(area, facilitator):
    return insight.exercise_open(by=facilitator, local_area=area, title="Day services")


def _send(client, exercise, **fields):
    data = {
        "kind": "not_working",
        "text": "The bus to the centre is always late",
        "started": signing.dumps(time.time() - 10, salt="tell-us"),
        **fields,
    }
    return client.post(reverse("tell_us", args=[exercise.pk]), data, REMOTE_ADDR="203.0.113.7")


def test_the_form_offers_to_email_at_the_end_with_weekly_chosen(client, exercise):
    page = client.get(reverse("tell_us", args=[exercise.pk])).content.decode()
    assert "Email me when this leads to something (optional)" in page
    assert HINT in page
    assert "How often, at most" in page
    assert 'type="email"' in page
    assert 'autocomplete="email"' in page
    assert "Once a day at most" in page
    assert 'value="weekly" checked' in page
    assert 'value="daily" checked' not in page
    # At the end: after the words and the details about you, just before the button.
    assert page.index('name="text"') < page.index('name="disabled"') < page.index('name="email"')
    assert page.index('name="email"') < page.index('name="frequency"') < page.index("Send</button>")


def test_without_an_email_nobody_is_followed(client, exercise):
    response = _send(client, exercise, frequency="weekly")
    assert response.status_code == 302
    assert response["Location"] == reverse("tell_us_thanks", args=[exercise.pk])
    assert Statement.objects.count() == 1
    assert ThreadFollower.objects.count() == 0
    thanks = client.get(response["Location"]).content.decode()
    assert "We will email you" not in thanks


def test_with_an_email_the_follower_is_kept_with_the_statement(client, exercise):
    before = timezone.now()
    response = _send(client, exercise, email=f"  {EMAIL} ", frequency="daily")
    assert response.status_code == 302
    statement = Statement.objects.get()
    follower = ThreadFollower.objects.get()
    assert follower.statement == statement
    assert (follower.email, follower.frequency) == (EMAIL, "daily")
    assert before <= follower.created_at == follower.news_since <= timezone.now()
    assert (follower.last_sent_on, follower.stopped_at) == (None, None)
    assert len(follower.token) >= 30
    thanks = client.get(response["Location"]).content.decode()
    assert "We will email you when what you told us leads to something" in thanks
    assert "once a day at most" in thanks
    assert EMAIL not in response["Location"] + thanks


def test_weekly_is_said_on_the_thanks_page(client, exercise):
    response = _send(client, exercise, email=EMAIL, frequency="weekly")
    assert ThreadFollower.objects.get().frequency == "weekly"
    assert "once a week at most" in client.get(response["Location"]).content.decode()


def test_an_email_needs_how_often(client, exercise):
    response = _send(client, exercise, email=EMAIL, frequency="")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Choose how often we may email you, or leave the email box empty." in page
    assert 'href="#id_frequency_0"' in page
    assert Statement.objects.count() == 0
    assert ThreadFollower.objects.count() == 0


def test_a_wrong_email_is_explained(client, exercise):
    response = _send(client, exercise, email="not an email", frequency="weekly")
    assert response.status_code == 200
    assert "Enter an email address in the correct format, like name@example.com." in (
        response.content.decode()
    )
    assert Statement.objects.count() == 0


def test_how_often_must_be_one_of_the_two(client, exercise):
    response = _send(client, exercise, email=EMAIL, frequency="hourly")
    assert response.status_code == 200
    assert Statement.objects.count() == 0


def test_the_statement_and_the_follower_are_kept_together_or_not_at_all(client, exercise):
    refused = ValidationError({"email": "Refused."})
    with mock.patch.object(follow, "follow_start", side_effect=refused):
        response = _send(client, exercise, email=EMAIL, frequency="weekly")
    assert response.status_code == 200
    assert "Refused." in response.content.decode()
    assert Statement.objects.count() == 0
    assert not AuditEntry.objects.filter(action="statement.add").exists()


def test_a_robot_leaves_no_follower(client, exercise):
    _send(client, exercise, email=EMAIL, frequency="weekly", website="http://spam.example")
    assert ThreadFollower.objects.count() == 0


def test_the_audit_log_never_holds_the_email(client, exercise):
    _send(client, exercise, email=EMAIL, frequency="weekly")
    entries = list(AuditEntry.objects.values_list("data", "actor_label", "object_type"))
    assert entries
    assert EMAIL not in repr(entries)


def test_one_statement_is_followed_once(exercise):
    statement = insight.statement_add(
        by=None, exercise=exercise, kind="working", text="Good", source="easy_read"
    )
    follow.follow_start(statement, EMAIL, "weekly")
    with pytest.raises(ValidationError):
        follow.follow_start(statement, "other@example.com", "daily")


def test_the_email_is_on_no_page(client, area, project, facilitator, commissioner):
    """Render every page the statement or its thread appears on, as the public and as staff."""
    chain = build_chain(area, project, facilitator, commissioner)
    statement, priority = chain["statement"], chain["priority"]
    public = [
        reverse("what_happened", args=[area.slug]),
        reverse("thread", args=["priority", priority.pk]),
        reverse("thread", args=["statement", statement.pk]),
        reverse("thread", args=["theme", priority.theme_id]),
        reverse("thread", args=["kpi", chain["kpi"].pk]),
        reverse("area_thread", args=[area.slug]),
        reverse("area_thread_json", args=[area.slug]),
        reverse("area_thread_csv", args=[area.slug]),
    ]
    staff = [
        reverse("statements", args=[chain["exercise"].pk]),
        reverse("statement_check", args=[statement.pk]),
        reverse("theme", args=[priority.theme_id]),
        reverse("priority", args=[priority.pk]),
        reverse("contract", args=[chain["contract"].pk]),
    ]
    seen = []
    for url in public:
        response = client.get(url)
        assert response.status_code == 200, url
        seen.append(response.content.decode())
    client.force_login(facilitator)
    for url in staff[:-1]:
        response = client.get(url)
        assert response.status_code == 200, url
        seen.append(response.content.decode())
    client.force_login(commissioner)
    response = client.get(staff[-1])
    assert response.status_code == 200
    seen.append(response.content.decode())
    # The statement is really on these pages; its follower's address is not.
    assert any("Nobody answers at the weekend" in page for page in seen)
    for url, page in zip(public + staff, seen, strict=True):
        assert EMAIL not in page, url
        assert "private.person" not in page, url


def test_news_since_is_when_they_asked(exercise):
    statement = insight.statement_add(
        by=None, exercise=exercise, kind="working", text="Good", source="easy_read"
    )
    then = timezone.now() - timedelta(days=2)
    follower = follow.follow_start(statement, EMAIL, "daily", now=then)
    assert follower.created_at == follower.news_since == then
