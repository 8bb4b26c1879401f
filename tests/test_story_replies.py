"""Providers' public replies to stories about their own services.

From tests/contracts_world.py: ``published`` is a published story about
Brightpath Recovery Hub with no reply yet; ``concern`` is another, whose reply
(``reply``: "Sorry.", a change planned, "A second evening worker from
January.") waits for the moderator. Harbour Care runs ``other_service``.
A concern is a story rating anything 2 or less.
"""

import html
import re

import pytest
from django.urls import reverse

from tests.contracts_world import build
from withus.core.models import AuditEntry
from withus.stories import services as stories
from withus.stories.models import Reply

TOO_FEW = "Too few replies to concerns yet to show how many report a change."


@pytest.fixture
def world(area, commissioner, provider, moderator):
    return build(area, commissioner, provider, moderator)


def _published(world, moderator, ratings: dict, service=None, text="It was hard to get help."):
    story = stories.story_tell(service or world["service"], text=text, ratings=ratings)
    return stories.story_moderate(
        story,
        moderator,
        version=story.version,
        decision="publish",
        text=story.text,
        criticality=2,
        reason="",
    )


def _reply(client, provider, story, **fields):
    client.force_login(provider)
    data = {"text": "Thank you for telling us.", "change": "none", "change_description": ""}
    data.update(fields)
    return client.post(reverse("story_reply", args=[story.pk]), data)


def _check(client, moderator, reply, outcome, note=""):
    client.force_login(moderator)
    return client.post(reverse("reply_check", args=[reply.pk]), {"outcome": outcome, "note": note})


def _text(page: bytes) -> str:
    """The page as a person reads it: no tags, one space between words."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page.decode())).split())


def _public(client, url) -> str:
    client.logout()
    return _text(client.get(url).content)


def _field_error(page: str, name: str) -> str:
    found = re.search(rf'id="id_{name}-error" class="govuk-error-message">(.*?)</p>', page, re.S)
    assert found, f"no message next to {name}"
    return html.unescape(re.sub(r"<[^>]+>", "", found[1])).replace("Error:", "").strip()


def test_it_publishes_a_reply_with_no_change_at_once(client, world, provider):
    story = world["published"]
    response = _reply(client, provider, story, text="We are sorry. Please ask for the manager.")
    assert response["Location"] == reverse("service", args=[world["service"].pk])
    reply = Reply.objects.get(story=story)
    assert (reply.status, reply.change, reply.organisation, reply.written_by) == (
        "published",
        "none",
        world["brightpath"],
        provider,
    )
    page = _public(client, reverse("service", args=[world["service"].pk]))
    assert "Reply from Brightpath We are sorry. Please ask for the manager." in page
    entry = AuditEntry.objects.filter(action="story.reply").last()
    assert entry.data == {"change": "none", "status": "published"}


def test_it_asks_what_is_changing_when_a_reply_says_a_change_is_planned(client, world, provider):
    response = _reply(client, provider, world["published"], text="We are on it.", change="planned")
    page = response.content.decode()
    assert _field_error(page, "change_description") == (
        "Describe the change, so people can see what it is."
    )
    assert "We are on it." in page
    assert not Reply.objects.filter(story=world["published"]).exists()


def test_it_holds_a_reported_change_until_a_moderator_approves_it(
    client, world, provider, moderator
):
    story, service_url = world["published"], reverse("service", args=[world["service"].pk])
    _reply(
        client,
        provider,
        story,
        text="We are sorry.",
        change="made",
        change_description="Staff had respect training in October.",
    )
    reply = Reply.objects.get(story=story)
    assert reply.status == "pending"
    assert "Staff had respect training in October." not in _public(client, service_url)
    client.force_login(provider)
    assert "Your reply is waiting for a moderator to check the change it describes." in (
        client.get(service_url).content.decode()
    )
    client.force_login(moderator)
    queue = _public_as(client, moderator, reverse("story_moderation", args=["northvale"]))
    assert "Brightpath: Brightpath Recovery Hub — a change has been made" in queue

    assert _check(client, moderator, reply, "approve")["Location"] == reverse(
        "story_moderation", args=["northvale"]
    )
    reply.refresh_from_db()
    assert (reply.status, reply.checked_by) == ("published", moderator)
    assert "A change has been made Staff had respect training in October." in _public(
        client, service_url
    )


def _public_as(client, user, url) -> str:
    client.force_login(user)
    return _text(client.get(url).content)


def test_it_sends_a_reply_back_with_a_note_and_the_provider_replies_again(
    client, world, provider, moderator
):
    reply, service_url = world["reply"], reverse("service", args=[world["service"].pk])
    page = _check(client, moderator, reply, "return").content.decode()
    assert _field_error(page, "note") == "Tell the provider what to add or change."
    reply.refresh_from_db()
    assert reply.status == "pending"

    _check(client, moderator, reply, "return", note="Say which month in January.")
    reply.refresh_from_db()
    assert (reply.status, reply.check_note) == ("returned", "Say which month in January.")
    assert "A second evening worker" not in _public(client, service_url)

    # The provider sees the moderator's note, with their reply as they left it.
    page = _public_as(client, provider, reverse("story_reply", args=[world["concern"].pk]))
    assert "The moderator asked: Say which month in January." in page
    assert "A second evening worker from January." in page
    _reply(
        client,
        provider,
        world["concern"],
        text="Sorry.",
        change="planned",
        change_description="A second evening worker from 5 January 2027.",
    )
    reply.refresh_from_db()
    assert reply.status == "pending"
    _check(client, moderator, reply, "approve")
    assert "A change is planned A second evening worker from 5 January 2027." in _public(
        client, service_url
    )


def test_it_refuses_a_reply_about_another_providers_service(client, world, provider, moderator):
    theirs = _published(world, moderator, {world["respect"].pk: 1}, service=world["other_service"])
    client.force_login(provider)
    assert client.get(reverse("story_reply", args=[theirs.pk])).status_code == 403
    assert _reply(client, provider, theirs).status_code == 403
    # Nor to a story of its own that is not published, nor twice to the same story.
    assert _reply(client, provider, world["pending"]).status_code == 403
    _reply(client, provider, world["published"], text="First.")
    assert _reply(client, provider, world["published"], text="Second.").status_code == 403
    assert list(Reply.objects.exclude(pk=world["reply"].pk).values_list("story", "text")) == [
        (world["published"].pk, "First.")
    ]


def _replied(world, provider, moderator, ratings, change, approve=True):
    story = _published(world, moderator, ratings)
    described = "" if change == "none" else "Evening opening from March."
    reply = stories.reply_write(
        story,
        provider,
        world["brightpath"],
        text="Thank you.",
        change=change,
        change_description=described,
    )
    if change != "none" and approve:
        stories.reply_check(reply, moderator, approve=True, note="")
    return reply


def _shares(client, world) -> tuple[str, str]:
    area = _public(client, reverse("services", args=["northvale"]))
    own = _public(client, reverse("provider_page", args=[world["brightpath"].pk]))
    return area, own


def test_it_shows_the_share_of_replies_to_concerns_that_report_a_change(
    client, world, provider, moderator
):
    respect, help_ = world["respect"].pk, world["help"].pk
    stories.reply_check(world["reply"], moderator, approve=True, note="")  # 1: planned
    _replied(world, provider, moderator, {respect: 2}, "none")  # 2: none
    _replied(world, provider, moderator, {respect: 1, help_: 2}, "none")  # 3: none (two low)
    _replied(world, provider, moderator, {help_: 1}, "made")  # 4: made
    _replied(world, provider, moderator, {respect: 2, help_: 4}, "planned")  # 5: planned
    # Not counted: a reply to a story with no concern (4 and 5), and one still waiting.
    _replied(world, provider, moderator, {respect: 4, help_: 5}, "made")
    _replied(world, provider, moderator, {respect: 1}, "made", approve=False)
    # Planned or made: 1, 4 and 5, so 3 of 5 = 60.0%. Story 3 rates two things low,
    # so it is joined to two ratings; its reply still counts once.
    area, own = _shares(client, world)
    assert (
        "When people raised a concern, 60.0% of providers' replies said a change was "
        "planned or made (5 replies)."
    ) in area
    assert (
        "When people raised a concern, 60.0% of this provider's replies said a change was "
        "planned or made (5 replies)."
    ) in own


def test_it_says_too_few_below_five_replies_to_concerns(client, world, provider, moderator):
    respect, help_ = world["respect"].pk, world["help"].pk
    stories.reply_check(world["reply"], moderator, approve=True, note="")
    _replied(world, provider, moderator, {respect: 2}, "none")
    _replied(world, provider, moderator, {help_: 1}, "made")
    _replied(world, provider, moderator, {respect: 1}, "planned")
    # Four replies to concerns, and one to a story with no concern: still too few.
    _replied(world, provider, moderator, {respect: 5}, "none")
    area, own = _shares(client, world)
    assert TOO_FEW in area
    assert TOO_FEW in own
    assert "% of" not in area and "% of" not in own
