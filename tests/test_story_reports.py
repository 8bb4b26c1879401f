"""What the ratings add up to: the service page, the report for a period, and the CSV.

tests/contracts_world.py already published two stories about Brightpath
Recovery Hub, today: one rating respect 2, one rating help 1; and keeps one
waiting (respect 2, help 1). Everything else here is made in each test.
Times are UK times: 29 March 2026 is when British Summer Time starts, so
31 March 2026 23:30 in the UK is 22:30 UTC, and 1 April 00:30 is 31 March 23:30 UTC.
"""

import csv
import html
import io
import re
from datetime import UTC, datetime

import pytest
from django.http import StreamingHttpResponse
from django.urls import reverse

from tests.contracts_world import AUTHOR_EMAIL, build
from withus.stories import services as stories
from withus.stories.models import Service, Story

# The first of January to the end of March 2026, as the report's form sends it.
PERIOD = {
    "start_0": "1",
    "start_1": "1",
    "start_2": "2026",
    "end_0": "31",
    "end_1": "3",
    "end_2": "2026",
}


@pytest.fixture
def world(area, commissioner, provider, moderator):
    return build(area, commissioner, provider, moderator)


def _story(world, moderator, service, ratings, *, when=None, decision="publish", **told):
    """A story told through the form's service, decided, then dated ``when`` (UTC)."""
    story = stories.story_tell(
        service, text=told.pop("text", "What happened."), ratings=ratings, **told
    )
    if decision != "pending":
        story = stories.story_moderate(
            story,
            moderator,
            version=story.version,
            decision=decision,
            text=story.text,
            criticality=1,
            reason="Off topic." if decision == "reject" else "",
        )
    if when is not None:
        Story.objects.filter(pk=story.pk).update(created_at=when)
    return story


def _text(fragment: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def _criterion_parts(page: str) -> dict[str, str]:
    """Each criterion's part of the service page, from its heading to the next."""
    parts = re.split(r'<h3 class="govuk-heading-s">', page.split("What people say", 1)[1])
    found = {}
    for part in parts[1:]:
        wording, rest = part.split("</h3>", 1)
        found[_text(wording)] = rest.split('<h2 class="govuk-heading-l">', 1)[0]
    return found


def _rows(fragment: str) -> list[tuple[str, ...]]:
    body = re.search(r'<tbody class="govuk-table__body">(.*?)</tbody>', fragment, re.S)[1]
    return [
        tuple(_text(cell) for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S))
        for row in re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.S)
    ]


# --- the service page ---------------------------------------------------------------


def test_it_counts_each_rating_on_the_service_page(client, world, moderator):
    respect, help_ = world["respect"].pk, world["help"].pk
    service = world["service"]
    # With the world's published respect 2, respect is rated 5, 5, 4, 3, 2, 1.
    for score in (5, 5, 4, 3, 1):
        _story(world, moderator, service, {respect: score})
    _story(world, moderator, service, {respect: 5, help_: 5}, decision="reject")
    # Help: the world's 1 and three more, so 4 ratings: too few.
    for _ in range(3):
        _story(world, moderator, service, {help_: 4})

    page = client.get(reverse("service", args=[service.pk])).content.decode()
    assert "10 stories." in _text(page)  # 2 from the world, 5 + 3 here; not the rejected one
    parts = _criterion_parts(page)
    # 6 ratings. Tenths of a percent: 1000 / 6 = 166.67 for scores 1 to 4, 2000 / 6 =
    # 333.33 for 5. Rounded down: 4 x 166 + 333 = 997; the 3 tenths left go to the
    # largest remainders (.67), lowest score first: 1, 2 and 3.
    # Mean: (5 + 5 + 4 + 3 + 2 + 1) / 6 = 20 / 6 = 3.33.
    assert _rows(parts["I was treated with respect"]) == [
        ("5 – very good", "2", "33.3%"),
        ("4 – good", "1", "16.6%"),
        ("3 – OK", "1", "16.7%"),
        ("2 – poor", "1", "16.7%"),
        ("1 – very poor", "1", "16.7%"),
        ("Average", "3.33 out of 5"),
    ]
    assert _text(parts["I could get help when I needed it"]) == (
        "4 ratings so far. Fewer than 5 ratings, so the summary is not shown."
    )


def test_it_shows_a_criterion_once_it_has_five_ratings(client, world, moderator):
    help_ = world["help"].pk
    for score in (4, 4, 4, 2):
        _story(world, moderator, world["service"], {help_: score})
    # With the world's 1: 1, 2, 4, 4, 4. Shares 20.0 each for 1 and 2, 60.0 for 4.
    # Mean (1 + 2 + 12) / 5 = 3.00.
    page = client.get(reverse("service", args=[world["service"].pk])).content.decode()
    assert _rows(_criterion_parts(page)["I could get help when I needed it"]) == [
        ("5 – very good", "0", "0.0%"),
        ("4 – good", "3", "60.0%"),
        ("3 – OK", "0", "0.0%"),
        ("2 – poor", "1", "20.0%"),
        ("1 – very poor", "1", "20.0%"),
        ("Average", "3.00 out of 5"),
    ]
    # The world's one respect rating is still too few, and the waiting story's is not counted.
    assert _text(_criterion_parts(page)["I was treated with respect"]).startswith(
        "1 rating so far."
    )


# --- the report for a period ------------------------------------------------------------


@pytest.fixture
def quarter(world, moderator):
    """Stories from January to March 2026, and some just outside it."""
    respect = world["respect"].pk
    hub, cafe = world["service"], world["other_service"]
    outreach = Service.objects.create(
        local_area=hub.local_area,
        name="Brightpath Outreach",
        kind="Outreach",
        provider=world["brightpath"],
    )
    inside = datetime(2026, 2, 10, 12, 0, tzinfo=UTC)
    for score in (5, 4, 4, 3):
        _story(world, moderator, hub, {respect: score}, when=inside)
    _story(  # the last evening of the period, 23:30 UK time, with an email left
        world,
        moderator,
        hub,
        {respect: 2},
        when=datetime(2026, 3, 31, 22, 30, tzinfo=UTC),
        text="Late on the last day.",
        contact_email="teller@example.com",
    )
    _story(world, moderator, outreach, {respect: 5}, when=inside)
    for _ in range(2):
        _story(world, moderator, cafe, {respect: 1}, when=inside)
    # Outside: 00:30 UK time on 1 April (31 March in UTC), and New Year's Eve.
    _story(
        world,
        moderator,
        hub,
        {respect: 1},
        when=datetime(2026, 3, 31, 23, 30, tzinfo=UTC),
        text="Just after the period.",
    )
    _story(
        world,
        moderator,
        hub,
        {respect: 1},
        when=datetime(2025, 12, 31, 23, 59, tzinfo=UTC),
        text="Just before the period.",
    )
    # Inside, but not published.
    _story(world, moderator, hub, {respect: 1}, when=inside, decision="pending", text="Waiting.")
    _story(world, moderator, hub, {respect: 1}, when=inside, decision="reject", text="Rejected.")
    return outreach


def _report(client, user, by) -> list[tuple[str, ...]]:
    client.force_login(user)
    page = client.get(reverse("story_report", args=["northvale"]), {**PERIOD, "by": by})
    return _rows(page.content.decode())


def test_it_reports_each_service_for_the_period_only(client, world, commissioner, quarter):
    # Brightpath Recovery Hub: 5, 4, 4, 3, 2 -> (5 + 4 + 4 + 3 + 2) / 5 = 18 / 5 = 3.60.
    # The two just outside, the waiting and the rejected story are not counted.
    assert _report(client, commissioner, "service") == [
        ("Brightpath Outreach", "1", "Fewer than 5", "Fewer than 5"),
        ("Brightpath Recovery Hub", "5", "3.60", "Fewer than 5"),
        ("Harbour Crisis Café", "2", "Fewer than 5", "Fewer than 5"),
    ]


def test_it_reports_each_provider_for_the_period_only(client, world, moderator, quarter):
    # Brightpath runs both of its services: 5, 4, 4, 3, 2 and 5 -> 23 / 6 = 3.83.
    assert _report(client, moderator, "provider") == [
        ("Brightpath", "6", "3.83", "Fewer than 5"),
        ("Harbour Care", "2", "Fewer than 5", "Fewer than 5"),
    ]


def test_it_keeps_the_report_from_providers(client, world, provider, quarter):
    client.force_login(provider)
    assert client.get(reverse("story_report", args=["northvale"])).status_code == 403
    assert client.get(reverse("story_report_csv", args=["northvale"])).status_code == 403


# --- the CSV --------------------------------------------------------------------------


def test_it_streams_every_published_story_in_the_period_and_no_email(
    client, world, commissioner, quarter
):
    client.force_login(commissioner)
    response = client.get(reverse("story_report_csv", args=["northvale"]), PERIOD)
    assert isinstance(response, StreamingHttpResponse)
    assert response["Content-Disposition"] == (
        'attachment; filename="northvale-stories-2026-01-01-to-2026-03-31.csv"'
    )
    content = b"".join(response.streaming_content).decode()
    header, *rows = list(csv.reader(io.StringIO(content)))
    assert header == [
        "story",
        "date",
        "service",
        "provider",
        "story text",
        "I was treated with respect",
        "I could get help when I needed it",
    ]
    published = Story.objects.filter(
        status="published", created_at__year=2026, created_at__month__lte=3
    ).exclude(text="Just after the period.")
    assert [int(r[0]) for r in rows] == sorted(published.values_list("pk", flat=True))
    assert len(rows) == 8  # 5 at the hub, 1 from outreach, 2 at the café
    late = next(r for r in rows if r[4] == "Late on the last day.")
    assert late[1:] == [
        "2026-03-31",
        "Brightpath Recovery Hub",
        "Brightpath",
        "Late on the last day.",
        "2",
        "",
    ]
    for hidden in ("teller@example.com", AUTHOR_EMAIL, "Waiting.", "Rejected.", "Just after"):
        assert hidden not in content


def test_it_keeps_a_story_from_running_as_a_formula_in_a_spreadsheet(
    client, world, moderator, commissioner
):
    sneaky = '=HYPERLINK("https://evil.example","Click for the full story")'
    _story(world, moderator, world["service"], {world["respect"].pk: 1}, text=sneaky)
    client.force_login(commissioner)
    response = client.get(reverse("story_report_csv", args=["northvale"]))
    _header, *rows = csv.reader(io.StringIO(b"".join(response.streaming_content).decode()))
    (cell,) = [r[4] for r in rows if "evil.example" in r[4]]
    assert "Click for the full story" in cell  # the words are kept...
    assert not cell.startswith(("=", "+", "-", "@"))  # ...but cannot run


# --- the same queries for 5 stories or 50 -----------------------------------------------


def _many(world, provider, moderator, n):
    respect, help_ = world["respect"].pk, world["help"].pk
    for i in range(n):
        story = _story(world, moderator, world["service"], {respect: 1 + i % 5, help_: 2})
        if i % 3 == 0:
            stories.reply_write(
                story,
                provider,
                world["brightpath"],
                text="Thanks.",
                change="none",
                change_description="",
            )


@pytest.mark.parametrize("n", [5, 50])
def test_it_reads_the_service_page_in_the_same_queries_however_many_stories(
    client, world, provider, moderator, django_assert_max_num_queries, n
):
    _many(world, provider, moderator, n)
    # The service; the count of stories; the criteria; the ratings counted by the
    # database; the page's count, its stories and their ratings. Measured: 7.
    with django_assert_max_num_queries(7):
        page = client.get(reverse("service", args=[world["service"].pk])).content.decode()
    assert f"{n + 2} stories." in _text(page)


@pytest.mark.parametrize("n", [5, 50])
def test_it_reads_the_report_in_the_same_queries_however_many_stories(
    client, world, provider, moderator, commissioner, django_assert_max_num_queries, n
):
    _many(world, provider, moderator, n)
    client.force_login(commissioner)
    # Measured: 10, the same for 5 stories and 50.
    with django_assert_max_num_queries(10):
        page = client.get(reverse("story_report", args=["northvale"])).content.decode()
    assert ("Brightpath Recovery Hub", str(n + 2)) == _rows(page)[0][:2]
