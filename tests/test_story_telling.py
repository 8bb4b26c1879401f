"""Telling a story with no account: kept for the moderator, guarded against robots.

The service is "Brightpath Recovery Hub" from tests/contracts_world.py, in
Northvale, which rates "I was treated with respect" and "I could get help
when I needed it".
"""

import html
import re

import pytest
from django.core.cache import cache
from django.urls import reverse

from tests.contracts_world import build
from withus.core.models import AuditEntry
from withus.core.public_forms import MIN_SECONDS, start_token
from withus.stories import services as stories
from withus.stories.models import Story

TOO_FAST = "Please check what you wrote, then press the button again."
TOO_MANY = "We have had a lot from your connection. Please try again in an hour."
TEXT = "The evening group helped. Call me on 07700 900456 if you want to know more."


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def world(area, commissioner, provider, moderator):
    return build(area, commissioner, provider, moderator)


def _tell(client, world, *, address="203.0.113.7", **fields):
    respect, help_ = world["respect"], world["help"]
    data = {
        "text": TEXT,
        f"rating_{respect.pk}": "5",
        f"rating_{help_.pk}": "2",
        "contact_email": "",
        "website": "",
        "started": start_token("story", seconds_ago=10),
        **fields,
    }
    return client.post(reverse("tell_story", args=[world["service"].pk]), data, REMOTE_ADDR=address)


def _told():
    return Story.objects.filter(text=TEXT)


def _field_error(page: str, name: str) -> str:
    found = re.search(rf'id="id_{name}-error" class="govuk-error-message">(.*?)</p>', page, re.S)
    assert found, f"no message next to {name}"
    return html.unescape(re.sub(r"<[^>]+>", "", found[1])).replace("Error:", "").strip()


def _kept_text(page: str) -> str:
    return html.unescape(
        re.search(r'<textarea[^>]*name="text"[^>]*>(.*?)</textarea>', page, re.S)[1]
    )


def test_it_keeps_a_good_story_waiting_with_its_ratings_and_what_to_check(client, world):
    response = _tell(client, world, contact_email="me@example.com")
    assert response["Location"] == reverse("story_thanks", args=[world["service"].pk])
    story = _told().get()
    assert (story.status, story.contact_email, story.edited) == ("pending", "me@example.com", False)
    assert {r.criterion.wording: r.score for r in story.ratings.all()} == {
        "I was treated with respect": 5,
        "I could get help when I needed it": 2,
    }
    # The phone number is flagged for the moderator, not taken out.
    assert [(f["kind"], f["text"]) for f in story.flags] == [("phone", "07700 900456")]
    assert "07700 900456" in story.text
    entry = AuditEntry.objects.filter(action="story.tell").last()
    assert (entry.actor, entry.object_id, entry.data) == (None, str(story.pk), {"ratings": 2})


def test_it_shows_nothing_on_the_service_page_until_it_is_published(client, world, moderator):
    _tell(client, world)
    service_page = reverse("service", args=[world["service"].pk])
    assert "The evening group helped." not in client.get(service_page).content.decode()

    story = _told().get()
    stories.story_moderate(
        story,
        moderator,
        version=story.version,
        decision="publish",
        text="The evening group helped.",
        criticality=1,
        reason="Took out a phone number.",
    )
    page = client.get(service_page).content.decode()
    assert "The evening group helped." in page
    assert "07700 900456" not in page


def test_it_keeps_nothing_from_a_robot(client, world):
    told_before = AuditEntry.objects.filter(action="story.tell").count()
    response = _tell(client, world, website="https://cheap-pills.example")
    # The robot is thanked as a person would be, so it learns nothing.
    assert response["Location"] == reverse("story_thanks", args=[world["service"].pk])
    assert not _told().exists()
    assert AuditEntry.objects.filter(action="story.tell").count() == told_before


def test_it_refuses_a_story_sent_too_fast_and_lets_the_person_send_it_again(client, world):
    response = _tell(client, world, started=start_token("story", seconds_ago=0))
    page = response.content.decode()
    assert TOO_FAST in page
    assert _kept_text(page) == TEXT
    assert not _told().exists()
    # The page comes back with a start time old enough, so pressing again works.
    started = re.search(r'name="started" value="([^"]+)"', page)[1]
    again = _tell(client, world, started=started)
    assert again.status_code == 302
    assert _told().count() == 1


def test_it_refuses_a_start_time_not_signed_for_this_form(client, world):
    # A token made for another form's salt proves nothing about this one.
    response = _tell(client, world, started=start_token("tell-us", seconds_ago=MIN_SECONDS + 60))
    assert TOO_FAST in response.content.decode()
    assert not _told().exists()


def test_it_refuses_the_eleventh_story_in_an_hour_from_one_address(client, world):
    for _ in range(10):
        assert _tell(client, world, address="198.51.100.4").status_code == 302
    eleventh = _tell(client, world, address="198.51.100.4")
    page = eleventh.content.decode()
    assert TOO_MANY in page
    assert _kept_text(page) == TEXT
    assert _told().count() == 10
    # Someone else, on another connection, is not held up.
    assert _tell(client, world, address="198.51.100.5").status_code == 302
    assert _told().count() == 11


def test_it_refuses_a_bad_email_and_keeps_the_story(client, world):
    response = _tell(client, world, contact_email="me at example dot com")
    page = response.content.decode()
    assert "There is a problem" in page
    assert _field_error(page, "contact_email") == (
        "Enter an email address like name@example.com, or leave it empty."
    )
    assert _kept_text(page) == TEXT
    assert 'value="me at example dot com"' in page
    assert not _told().exists()


def test_it_refuses_a_rating_that_is_not_offered(client, world):
    response = _tell(client, world, **{f"rating_{world['respect'].pk}": "7"})
    page = response.content.decode()
    assert "There is a problem" in page
    assert _field_error(page, f"rating_{world['respect'].pk}")
    assert _kept_text(page) == TEXT
    assert not _told().exists()


def test_it_says_plainly_that_a_rating_is_not_offered(client, world):
    response = _tell(client, world, **{f"rating_{world['respect'].pk}": "7"})
    assert _field_error(response.content.decode(), f"rating_{world['respect'].pk}") == (
        "Choose one of the options shown. The page may be out of date: reload it."
    )


def test_it_asks_for_the_story_itself(client, world):
    response = _tell(client, world, text="   ")
    assert _field_error(response.content.decode(), "text") == "Write your story."
    assert Story.objects.count() == 3  # the three stories tests/contracts_world.py made
