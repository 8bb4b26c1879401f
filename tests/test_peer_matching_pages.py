"""A coordinator finds a mentor for a person on the request page and makes the match.

Jo Malik asked for a mentor who knows about mental health, speaks Polish, is a
woman, and is free at weekends. The scheme has four mentors:

    Asha Patel   mental health, Polish, woman, weekends   3 + 3 + 2 + 1 = 9 points
    Ben Carter   alcohol, English, man, weekends           0 + 0 + 0 + 1 = 1 point
    Cara Jones   check ran out yesterday                   cannot be matched
    Dev Singh    supporting 1 person, their most           cannot be matched
"""

import html
import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from withus.core.models import AuditEntry, Organisation
from withus.peer_support import services
from withus.peer_support.matching import long_date
from withus.peer_support.models import Match, Mentor, MentorRequest, Scheme

ALREADY = "This person already has a mentor, or their request is closed."


def _mentor(scheme, name, **fields) -> Mentor:
    today = timezone.localdate()
    values = {
        "experience": [],
        "languages": ["English"],
        "availability": [],
        "capacity": 3,
        "trained_on": today - timedelta(days=100),
        "check_status": "clear",
        "check_expires": today + timedelta(days=365),
        **fields,
    }
    return Mentor.objects.create(scheme=scheme, name=name, **values)


@pytest.fixture
def world(scheme, coordinator):
    today = timezone.localdate()
    asha = _mentor(
        scheme,
        "Asha Patel",
        experience=["mental_health", "alcohol"],
        languages=["English", "Polish"],
        availability=["weekend"],
        gender="woman",
        age_group="25_44",
    )
    ben = _mentor(
        scheme,
        "Ben Carter",
        experience=["alcohol"],
        availability=["weekend", "weekday_evening"],
        gender="man",
        capacity=2,
    )
    cara = _mentor(
        scheme,
        "Cara Jones",
        experience=["mental_health"],
        languages=["Polish"],
        check_expires=today - timedelta(days=1),
    )
    dev = _mentor(
        scheme, "Dev Singh", experience=["mental_health"], languages=["Polish"], capacity=1
    )
    kim = services.request_make(scheme, name="Kim Lee", contact="kim@example.com")
    services.match_make(kim, dev, coordinator, started_on=today - timedelta(days=10))
    jo = services.request_make(
        scheme,
        name="Jo Malik",
        contact="07700 900777",
        experience=["mental_health"],
        language="polish",
        gender="woman",
        availability=["weekend"],
    )
    return {"asha": asha, "ben": ben, "cara": cara, "dev": dev, "jo": jo, "today": today}


def _text(fragment: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def _field_error(page: str, name: str) -> str:
    found = re.search(rf'id="id_{name}-error" class="govuk-error-message">(.*?)</p>', page, re.S)
    assert found, f"no message next to {name}"
    return _text(found[1]).replace("Error:", "").strip()


def _suggestions(page: str) -> list[tuple[str, list[str]]]:
    """(heading, [reasons and any block]) for each suggested mentor, in page order."""
    found = []
    for body in re.findall(
        r'<section[^>]*aria-labelledby="suggestion-\d+">(.*?)</section>', page, re.S
    ):
        heading = _text(re.search(r"<h3[^>]*>(.*?)</h3>", body, re.S)[1])
        lines = [_text(p) for p in re.findall(r"<p[^>]*>(.*?)</p>", body, re.S)]
        lines += [_text(li) for li in re.findall(r"<li>(.*?)</li>", body, re.S)]
        found.append((heading, lines))
    return found


def _offered(page: str) -> set[str]:
    return set(re.findall(r'name="mentor" type="radio" value="(\d+)"', page))


def _match(client, wanted, mentor, started_on=None):
    day = started_on or timezone.localdate()
    data = {
        "mentor": str(mentor.pk),
        "started_on_0": str(day.day),
        "started_on_1": str(day.month),
        "started_on_2": str(day.year),
    }
    return client.post(reverse("peer_request", args=[wanted.pk]), data)


def _nothing_saved_for(wanted):
    wanted.refresh_from_db()
    assert wanted.status == "waiting"
    assert not Match.objects.filter(request=wanted).exists()
    assert not AuditEntry.objects.filter(action="peer.match", data__request=wanted.pk).exists()


def test_the_coordinator_sees_every_mentor_ranked_with_reasons(client, world, coordinator):
    client.force_login(coordinator)
    page = client.get(reverse("peer_request", args=[world["jo"].pk])).content.decode()
    yesterday = long_date(world["today"] - timedelta(days=1))
    assert _suggestions(page) == [
        (
            "1. Asha Patel (9 points)",
            [
                "Shares lived experience: Mental health",
                "Speaks Polish",
                "Woman, as asked",
                "Free at weekends",
                "Can take 3 more people",
            ],
        ),
        (
            "2. Ben Carter (1 point)",
            [
                "Does not share the lived experience asked for",
                "Does not speak polish",
                "Not the gender asked for",
                "Free at weekends",
                "Can take 2 more people",
            ],
        ),
        (
            "3. Cara Jones Cannot be matched",
            [
                f"Background check ran out on {yesterday}. Renew it before new matches.",
                "Shares lived experience: Mental health",
                "Speaks Polish",
                "Has not said their gender",
                "Not free at the times asked for",
                "Can take 3 more people",
            ],
        ),
        (
            "4. Dev Singh Cannot be matched",
            [
                "Already supporting 1 person, their most.",
                "Shares lived experience: Mental health",
                "Speaks Polish",
                "Has not said their gender",
                "Not free at the times asked for",
                "Has no room for anyone more",
            ],
        ),
    ]
    # Only the two who can be matched are offered.
    assert _offered(page) == {str(world["asha"].pk), str(world["ben"].pk)}
    assert "07700 900777" in page


def test_making_a_match_keeps_the_reasons_and_moves_the_request_on(client, world, coordinator):
    client.force_login(coordinator)
    jo, asha = world["jo"], world["asha"]
    start = world["today"] - timedelta(days=2)
    response = _match(client, jo, asha, started_on=start)

    match = Match.objects.get(request=jo)
    assert response["Location"] == reverse("peer_match", args=[match.pk])
    assert (match.mentor, match.started_on, match.made_by, match.is_open) == (
        asha,
        start,
        coordinator,
        True,
    )
    assert match.reasons == [
        "Shares lived experience: Mental health",
        "Speaks Polish",
        "Woman, as asked",
        "Free at weekends",
        "Can take 3 more people",
    ]
    jo.refresh_from_db()
    assert jo.status == "matched"
    entry = AuditEntry.objects.get(action="peer.match", data__request=jo.pk)
    assert (entry.actor, entry.object_id, entry.local_area, entry.data) == (
        coordinator,
        str(match.pk),
        jo.scheme.local_area,
        {"mentor": asha.pk, "request": jo.pk},
    )

    page = _text(client.get(response["Location"]).content.decode())
    assert "Asha Patel mentoring Jo Malik" in page
    assert "Why this mentor Shares lived experience: Mental health Speaks Polish" in page


def test_a_mentor_whose_check_ran_out_cannot_be_matched_even_by_a_forged_send(
    client, world, coordinator
):
    client.force_login(coordinator)
    jo, cara = world["jo"], world["cara"]
    response = _match(client, jo, cara)
    page = response.content.decode()
    assert response.status_code == 200
    yesterday = long_date(world["today"] - timedelta(days=1))
    assert _field_error(page, "mentor") == (
        f"Cara Jones: Background check ran out on {yesterday}. Renew it before new matches."
    )
    _nothing_saved_for(jo)
    # The page still offers only the mentors who can be matched.
    assert _offered(page) == {str(world["asha"].pk), str(world["ben"].pk)}


def test_a_mentor_with_no_room_cannot_be_matched_even_by_a_forged_send(client, world, coordinator):
    client.force_login(coordinator)
    jo, dev = world["jo"], world["dev"]
    page = _match(client, jo, dev).content.decode()
    assert _field_error(page, "mentor") == "Dev Singh: Already supporting 1 person, their most."
    _nothing_saved_for(jo)
    assert Match.objects.filter(mentor=dev).count() == 1


def test_a_mentor_from_another_scheme_cannot_be_matched(client, world, coordinator, area):
    provider_org = Organisation.objects.create(
        name="Brightpath", kind=Organisation.Kind.PROVIDER, local_area=area
    )
    other = Scheme.objects.create(
        local_area=area, organisation=provider_org, name="Brightpath Peers"
    )
    stranger = _mentor(other, "Eli Stone", languages=["Polish"], experience=["mental_health"])
    client.force_login(coordinator)
    page = _match(client, world["jo"], stranger).content.decode()
    assert _field_error(page, "mentor") == (
        "Choose one of the options shown. The page may be out of date: reload it."
    )
    _nothing_saved_for(world["jo"])


def test_a_request_already_matched_cannot_be_matched_again(client, world, coordinator):
    client.force_login(coordinator)
    jo = world["jo"]
    assert _match(client, jo, world["asha"]).status_code == 302

    response = _match(client, jo, world["ben"])
    page = response.content.decode()
    assert response.status_code == 200
    assert ALREADY in html.unescape(page)
    assert list(Match.objects.filter(request=jo).values_list("mentor__name", flat=True)) == [
        "Asha Patel"
    ]
    assert AuditEntry.objects.filter(action="peer.match", data__request=jo.pk).count() == 1
    # The page lists the match instead of offering a new one.
    assert "Make the match" not in page
    assert "Asha Patel" in _text(page.split("Matches", 1)[1])


def test_a_start_date_in_the_future_is_refused(client, world, coordinator):
    client.force_login(coordinator)
    jo = world["jo"]
    page = _match(
        client, jo, world["asha"], started_on=world["today"] + timedelta(days=1)
    ).content.decode()
    assert _field_error(page, "started_on") == "The start date cannot be in the future."
    _nothing_saved_for(jo)


def test_choosing_nobody_is_explained(client, world, coordinator):
    client.force_login(coordinator)
    jo = world["jo"]
    today = world["today"]
    response = client.post(
        reverse("peer_request", args=[jo.pk]),
        {"started_on_0": today.day, "started_on_1": today.month, "started_on_2": today.year},
    )
    assert _field_error(response.content.decode(), "mentor") == "Choose a mentor."
    _nothing_saved_for(jo)


def test_when_nobody_can_be_matched_the_page_says_so(client, world, coordinator):
    Mentor.objects.filter(pk__in=[world["asha"].pk, world["ben"].pk]).update(active=False)
    client.force_login(coordinator)
    page = client.get(reverse("peer_request", args=[world["jo"].pk])).content.decode()
    assert "No mentor can take a new match now." in page
    assert _offered(page) == set()
    headings = [heading for heading, _ in _suggestions(page)]
    assert headings[:2] == ["1. Asha Patel Cannot be matched", "2. Ben Carter Cannot be matched"]


def test_the_same_last_place_cannot_be_given_twice(client, world, coordinator):
    # Ben can support 2. Two people are matched with him; the third is refused.
    client.force_login(coordinator)
    ben = world["ben"]
    first = services.request_make(world["jo"].scheme, name="Lee", contact="lee@example.com")
    second = services.request_make(world["jo"].scheme, name="Mo", contact="mo@example.com")
    assert _match(client, first, ben).status_code == 302
    assert _match(client, second, ben).status_code == 302
    page = _match(client, world["jo"], ben).content.decode()
    assert _field_error(page, "mentor") == "Ben Carter: Already supporting 2 people, their most."
    _nothing_saved_for(world["jo"])
    assert MentorRequest.objects.filter(status="matched").count() == 3  # Kim, Lee and Mo
