"""Moderating stories: publish (perhaps edited), reject, or send to safeguarding.

The story waiting is ``pending`` from tests/contracts_world.py: "Nobody called
me back. Ring me on 07700 900123.", rating respect 2 and help 1, with the
author's email. Northvale's safeguarding route is "Northvale Safeguarding Hub"
at hub@northvale.example.
"""

import html
import json
import re

import pytest
from django.test import TestCase
from django.urls import reverse

from tests.contracts_world import AUTHOR_EMAIL, build
from withus.core.models import AuditEntry, Membership, Role, User
from withus.stories.models import Alert, Story

STALE = "Someone else changed this while you were working on it."
EDITED = "Nobody called me back. Ring me on [number taken out]."


@pytest.fixture
def world(area, commissioner, provider, moderator):
    return build(area, commissioner, provider, moderator)


@pytest.fixture
def emails(area, commissioner, moderator, outsider):
    """Everyone has an email; only Northvale's two commissioners should be told."""
    second = User.objects.create_user(username="commissioner2", password="pw-c2-123")
    Membership.objects.create(user=second, local_area=area, role=Role.COMMISSIONER)
    for user, email in (
        (commissioner, "commissioner@northvale.example"),
        (second, "second.commissioner@northvale.example"),
        (moderator, "moderator@northvale.example"),
        (outsider, "commissioner@eastmoor.example"),  # a commissioner, but not here
    ):
        user.email = email
        user.save()
    return ["commissioner@northvale.example", "second.commissioner@northvale.example"]


def _decide(client, who, story, **fields):
    client.force_login(who)
    data = {
        "decision": "publish",
        "text": story.text,
        "criticality": "2",
        "reason": "",
        "version": str(story.version),
        **fields,
    }
    # Emails leave only once the decision is committed: run those callbacks here.
    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.post(reverse("moderate_story", args=[story.pk]), data)


def _field_error(page: str, name: str) -> str:
    found = re.search(rf'id="id_{name}-error" class="govuk-error-message">(.*?)</p>', page, re.S)
    assert found, f"no message next to {name}"
    return html.unescape(re.sub(r"<[^>]+>", "", found[1])).replace("Error:", "").strip()


def _entries(story, action="story.moderate"):
    return list(AuditEntry.objects.filter(action=action, object_id=str(story.pk)).order_by("pk"))


def _service_page(client, world) -> str:
    client.logout()
    return html.unescape(
        client.get(reverse("service", args=[world["service"].pk])).content.decode()
    )


def test_it_publishes_an_edited_story_and_audits_the_reason_not_the_words(client, world, moderator):
    story = world["pending"]
    response = _decide(client, moderator, story, text=EDITED, reason="Took out a phone number.")
    assert response["Location"] == reverse("story_moderation", args=["northvale"])
    story.refresh_from_db()
    assert (story.status, story.text, story.edited, story.criticality) == (
        "published",
        EDITED,
        True,
        2,
    )
    assert story.flags == []  # looked at again: nothing left to check
    (entry,) = _entries(story)
    assert entry.data == {
        "decision": "publish",
        "criticality": 2,
        "edited": True,
        "reason": "Took out a phone number.",
    }
    # The words taken out are nowhere in the audit log.
    everything = json.dumps([e.data for e in AuditEntry.objects.all()])
    assert "07700 900123" not in everything
    page = _service_page(client, world)
    assert EDITED in page
    assert "A moderator took out personal details." in page
    assert "Took out a phone number." not in page  # the reason is kept, not shown


def test_it_needs_a_reason_to_reject_a_story_or_change_its_words(client, world, moderator):
    story = world["pending"]
    page = _decide(client, moderator, story, decision="reject").content.decode()
    assert _field_error(page, "reason") == (
        "Say why it is not published. The reason is kept, not shown."
    )
    page = _decide(client, moderator, story, text=EDITED).content.decode()
    assert _field_error(page, "reason") == "Say why you changed the words."
    assert EDITED in html.unescape(page)  # what the moderator typed is still there
    story.refresh_from_db()
    assert (story.status, story.version, story.text) == (
        "pending",
        1,
        "Nobody called me back. Ring me on 07700 900123.",
    )
    assert _entries(story) == []

    _decide(client, moderator, story, decision="reject", reason="About another service.")
    story.refresh_from_db()
    assert (story.status, story.reason) == ("rejected", "About another service.")
    assert "Nobody called me back" not in _service_page(client, world)


def test_it_sends_a_safeguarding_concern_to_the_route_instead_of_publishing(
    client, world, moderator, mailoutbox
):
    story = world["pending"]
    _decide(
        client,
        moderator,
        story,
        decision="safeguarding",
        criticality="5",
        reason="Says they are not safe.",
    )
    story.refresh_from_db()
    assert story.status == "safeguarding"
    assert "Nobody called me back" not in _service_page(client, world)
    assert list(Alert.objects.values_list("story", "text")) == [
        (
            story.pk,
            f"Story {story.pk} about Brightpath Recovery Hub was sent to "
            "Northvale Safeguarding Hub as a safeguarding concern.",
        )
    ]
    hub = [m for m in mailoutbox if m.to == ["hub@northvale.example"]]
    assert len(hub) == 1
    assert hub[0].subject == "Safeguarding concern from withus"
    # The hub needs the words and the way to reach the person.
    assert "Nobody called me back. Ring me on 07700 900123." in hub[0].body
    assert f"Contact the person left: {AUTHOR_EMAIL}" in hub[0].body
    (referral,) = _entries(story, "story.safeguarding_referral")
    assert (referral.actor, referral.data) == (moderator, {"route": "Northvale Safeguarding Hub"})


def test_it_tells_commissioners_about_a_very_serious_safeguarding_concern_too(
    client, world, moderator, emails, mailoutbox
):
    _decide(
        client,
        moderator,
        world["pending"],
        decision="safeguarding",
        criticality="5",
        reason="Says they are not safe.",
    )
    assert sorted(m.to for m in mailoutbox) == sorted([["hub@northvale.example"], emails])


@pytest.mark.parametrize("level", [4, 5])
def test_it_tells_the_areas_commissioners_at_once_about_a_very_serious_story(
    client, world, moderator, emails, mailoutbox, level
):
    story = world["pending"]
    _decide(client, moderator, story, criticality=str(level), text=EDITED, reason="Phone number.")
    (message,) = mailoutbox
    assert message.to == emails  # not the moderator, not Eastmoor's commissioner
    assert message.subject == "A very serious story about Brightpath Recovery Hub"
    assert message.body == (
        f"A moderator rated story {story.pk} about Brightpath Recovery Hub at level {level} "
        "of 5. Sign in to withus to read it."
    )
    assert list(Alert.objects.values_list("story", "text")) == [
        (story.pk, f"A very serious story (level {level} of 5) about Brightpath Recovery Hub.")
    ]


def test_it_tells_nobody_about_a_level_three_story(client, world, moderator, emails, mailoutbox):
    _decide(client, moderator, world["pending"], criticality="3", text=EDITED, reason="Phone.")
    assert Story.objects.get(pk=world["pending"].pk).status == "published"
    assert mailoutbox == []
    assert not Alert.objects.exists()


def test_it_refuses_the_second_of_two_moderators_working_at_once(client, area, world, moderator):
    second = User.objects.create_user(username="moderator2", password="pw-m2-123")
    Membership.objects.create(user=second, local_area=area, role=Role.MODERATOR)
    story = world["pending"]  # both opened it at version 1
    _decide(client, moderator, story, text=EDITED, reason="Took out a phone number.")

    response = _decide(client, second, story, decision="reject", reason="Names a member of staff.")
    page = html.unescape(response.content.decode())
    assert STALE in page
    assert "Names a member of staff." in page  # nothing the second moderator typed is lost
    story.refresh_from_db()
    # Nothing the first moderator decided is lost either.
    assert (story.status, story.text, story.moderated_by, story.reason, story.version) == (
        "published",
        EDITED,
        moderator,
        "Took out a phone number.",
        2,
    )
    assert [e.actor for e in _entries(story)] == [moderator]


def test_it_never_shows_how_serious_a_story_is_on_a_public_page(client, world, moderator, emails):
    _decide(client, moderator, world["pending"], criticality="5", text=EDITED, reason="Phone.")
    client.logout()
    pages = [
        reverse("service", args=[world["service"].pk]),
        reverse("services", args=["northvale"]),
        reverse("provider_page", args=[world["brightpath"].pk]),
        reverse("tell_story", args=[world["service"].pk]),
        reverse("story_thanks", args=[world["service"].pk]),
    ]
    for url in pages:
        page = html.unescape(client.get(url).content.decode()).lower()
        assert "serious" not in page, url
        assert "level 5" not in page, url
        assert "criticality" not in page, url
    assert EDITED in html.unescape(client.get(pages[0]).content.decode())


def test_it_refuses_a_moderator_from_another_area(client, other_area, world):
    elsewhere = User.objects.create_user(username="eastmoor-mod", password="pw-em-123")
    Membership.objects.create(user=elsewhere, local_area=other_area, role=Role.MODERATOR)
    story = world["pending"]
    client.force_login(elsewhere)
    assert client.get(reverse("moderate_story", args=[story.pk])).status_code == 403
    assert client.get(reverse("story_moderation", args=["northvale"])).status_code == 403
    assert client.get(reverse("reply_check", args=[world["reply"].pk])).status_code == 403
    response = _decide(client, elsewhere, story, text=EDITED, reason="Phone.")
    assert response.status_code == 403
    story.refresh_from_db()
    assert (story.status, story.version) == ("pending", 1)
    assert AuditEntry.objects.filter(action="access.denied", actor=elsewhere).count() == 4


def test_it_shows_the_moderator_what_to_check_and_how_to_reach_the_author(client, world, moderator):
    client.force_login(moderator)
    page = html.unescape(
        client.get(reverse("moderate_story", args=[world["pending"].pk])).content.decode()
    )
    assert "“07700 900123” — looks like a phone number" in page
    assert "I was treated with respect: 2/5 · I could get help when I needed it: 1/5" in page
    assert AUTHOR_EMAIL in page
    # Once published, the email appears on no public page.
    _decide(client, moderator, world["pending"], text=EDITED, reason="Phone.")
    assert AUTHOR_EMAIL not in _service_page(client, world)
