"""Asking for a peer mentor: by yourself with no account, or through a facilitator.

The scheme is "Northvale Peer Mentors". A request holds a person's name and how
to reach them, so only the scheme's coordinators ever see it.
"""

import html
import re

import pytest
from django.core.cache import cache
from django.urls import reverse

from withus.core.public_forms import start_token
from withus.peer_support.models import MentorRequest, Scheme

TOO_FAST = "Please check what you wrote, then press the button again."
TOO_MANY = "We have had a lot from your connection. Please try again in an hour."
NAME = "Jordan Reyes"
CONTACT = "07700 900123"
ABOUT = "I have been sober for two months and the weekends are hard."


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


def _text(fragment: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def _field_error(page: str, name: str) -> str:
    found = re.search(rf'id="id_{name}-error" class="govuk-error-message">(.*?)</p>', page, re.S)
    assert found, f"no message next to {name}"
    return _text(found[1]).replace("Error:", "").strip()


def _wish(**fields) -> dict:
    return {
        "name": NAME,
        "contact": CONTACT,
        "about": ABOUT,
        "experience": ["alcohol"],
        "language": "  Polish ",
        "gender": "man",
        "age_group": "",
        "availability": ["weekend", "weekday_evening"],
        **fields,
    }


def _ask(client, scheme, *, address="203.0.113.7", **fields):
    data = {"website": "", "started": start_token("peer-ask", seconds_ago=10), **_wish(**fields)}
    return client.post(reverse("peer_ask", args=[scheme.pk]), data, REMOTE_ADDR=address)


def _asked():
    return MentorRequest.objects.filter(name=NAME)


def test_someone_with_no_account_asks_and_the_request_waits_for_a_coordinator(client, scheme):
    response = _ask(client, scheme)
    assert response["Location"] == reverse("peer_ask_thanks", args=[scheme.pk])
    wanted = _asked().get()
    assert (wanted.scheme, wanted.route, wanted.referred_by, wanted.status) == (
        scheme,
        "self",
        None,
        "waiting",
    )
    assert (wanted.contact, wanted.about, wanted.language) == (CONTACT, ABOUT, "Polish")
    assert (wanted.experience, wanted.gender, wanted.age_group) == (["alcohol"], "man", "")
    assert sorted(wanted.availability) == ["weekday_evening", "weekend"]
    assert wanted.received_at is not None

    thanks = _text(client.get(response["Location"]).content.decode())
    assert "A coordinator from Northvale Peer Mentors will get in touch" in thanks
    assert NAME not in thanks and CONTACT not in thanks


def test_only_a_name_and_a_way_to_get_in_touch_are_needed(client, scheme):
    _ask(
        client,
        scheme,
        about="",
        experience=[],
        language="",
        gender="",
        availability=[],
    )
    wanted = _asked().get()
    assert (wanted.about, wanted.experience, wanted.language, wanted.availability) == (
        "",
        [],
        "",
        [],
    )


def test_the_page_carries_a_fresh_signed_start_time_and_the_robot_trap(client, scheme):
    page = client.get(reverse("peer_ask", args=[scheme.pk])).content.decode()
    assert 'name="website"' in page
    started = re.search(r'name="started" value="([^"]+)"', page)[1]
    # Sent at once with the page's own start time: too fast for a person.
    response = _ask(client, scheme, started=started)
    assert TOO_FAST in html.unescape(response.content.decode())
    assert not _asked().exists()


def test_a_request_sent_too_fast_is_refused_and_can_be_sent_again(client, scheme):
    response = _ask(client, scheme, started=start_token("peer-ask", seconds_ago=1))
    page = response.content.decode()
    assert TOO_FAST in html.unescape(page)
    assert f'value="{NAME}"' in page
    assert not _asked().exists()
    # The page comes back with a start time old enough, so pressing again works.
    started = re.search(r'name="started" value="([^"]+)"', page)[1]
    assert _ask(client, scheme, started=started).status_code == 302
    assert _asked().count() == 1


def test_a_start_time_signed_for_another_form_proves_nothing(client, scheme):
    response = _ask(client, scheme, started=start_token("story", seconds_ago=60))
    assert TOO_FAST in html.unescape(response.content.decode())
    assert not _asked().exists()


def test_a_robot_is_thanked_but_nothing_is_kept(client, scheme):
    response = _ask(client, scheme, website="https://cheap-pills.example")
    # Thanked as a person would be, so it learns nothing.
    assert response["Location"] == reverse("peer_ask_thanks", args=[scheme.pk])
    assert not MentorRequest.objects.exists()


def test_the_eleventh_request_in_an_hour_from_one_connection_is_refused(client, scheme):
    for _ in range(10):
        assert _ask(client, scheme, address="198.51.100.4").status_code == 302
    page = _ask(client, scheme, address="198.51.100.4").content.decode()
    assert TOO_MANY in html.unescape(page)
    assert f'value="{NAME}"' in page
    assert _asked().count() == 10
    # Someone on another connection is not held up.
    assert _ask(client, scheme, address="198.51.100.5").status_code == 302
    assert _asked().count() == 11


def test_a_missing_name_and_contact_are_explained_next_to_each_box(client, scheme):
    response = _ask(client, scheme, name="  ", contact="")
    page = response.content.decode()
    assert "There is a problem" in page
    assert _field_error(page, "name") == "Enter your name, or the name you would like us to use."
    assert _field_error(page, "contact") == (
        "Enter a phone number or email address so we can get in touch."
    )
    # What they wrote is kept for them.
    assert ABOUT in html.unescape(page)
    assert not MentorRequest.objects.exists()


def test_a_scheme_not_taking_requests_says_so_plainly_and_keeps_nothing(client, scheme):
    Scheme.objects.filter(pk=scheme.pk).update(taking_requests=False)
    url = reverse("peer_ask", args=[scheme.pk])

    response = client.get(url)
    assert response.status_code == 410
    page = _text(response.content.decode())
    assert "Northvale Peer Mentors is not taking requests for a mentor at the moment." in page
    assert reverse("peer_support", args=["northvale"]) in response.content.decode()
    assert "Send my request" not in page

    sent = _ask(client, scheme)
    assert sent.status_code == 410
    assert not MentorRequest.objects.exists()
    # The scheme page does not offer the form either.
    scheme_page = client.get(reverse("peer_scheme", args=[scheme.pk])).content.decode()
    assert url not in scheme_page
    assert "This scheme is not taking requests at the moment." in scheme_page


def test_a_facilitator_refers_someone_and_the_referral_says_who_sent_it(
    client, scheme, facilitator
):
    client.force_login(facilitator)
    scheme_page = client.get(reverse("peer_scheme", args=[scheme.pk])).content.decode()
    assert reverse("peer_refer", args=[scheme.pk]) in scheme_page

    response = client.post(reverse("peer_refer", args=[scheme.pk]), _wish())
    assert response["Location"] == reverse("peer_scheme", args=[scheme.pk])
    wanted = _asked().get()
    assert (wanted.route, wanted.referred_by, wanted.status) == (
        "facilitator",
        facilitator,
        "waiting",
    )
    assert (wanted.contact, wanted.language) == (CONTACT, "Polish")


def test_a_referral_missing_the_persons_details_names_them(client, scheme, facilitator):
    client.force_login(facilitator)
    response = client.post(reverse("peer_refer", args=[scheme.pk]), _wish(name="", contact=""))
    page = response.content.decode()
    assert _field_error(page, "name") == "Enter the person's name."
    assert _field_error(page, "contact") == "Enter the person's phone number or email address."
    assert not MentorRequest.objects.exists()


def test_the_coordinator_sees_both_kinds_of_request_with_how_they_came(
    client, scheme, facilitator, coordinator
):
    _ask(client, scheme)
    client.force_login(facilitator)
    client.post(reverse("peer_refer", args=[scheme.pk]), _wish(name="Sam Okafor"))

    client.force_login(coordinator)
    page = _text(client.get(reverse("peer_requests", args=[scheme.pk])).content.decode())
    waiting = page.split("Waiting for a mentor", 1)[1].split("Matched", 1)[0]
    assert f"{NAME} : asked on" in waiting and "(asked for themselves)" in waiting
    assert "Sam Okafor : asked on" in waiting and "(referred by a facilitator)" in waiting

    referred = MentorRequest.objects.get(name="Sam Okafor")
    detail = _text(client.get(reverse("peer_request", args=[referred.pk])).content.decode())
    assert CONTACT in detail
    assert "referred by a facilitator (Facilitator)" in detail


def test_what_a_person_wrote_is_on_no_public_page(client, scheme, facilitator):
    _ask(client, scheme)
    client.force_login(facilitator)
    client.post(reverse("peer_refer", args=[scheme.pk]), _wish(name="Sam Okafor"))
    client.logout()

    public_pages = [
        reverse("peer_scheme", args=[scheme.pk]),
        reverse("peer_support", args=[scheme.local_area.slug]),
        reverse("peer_ask", args=[scheme.pk]),
        reverse("peer_ask_thanks", args=[scheme.pk]),
    ]
    for viewer in (None, facilitator):
        if viewer is not None:
            client.force_login(viewer)
        for url in public_pages:
            page = html.unescape(client.get(url).content.decode())
            for secret in (NAME, "Sam Okafor", CONTACT, ABOUT):
                assert secret not in page, (viewer, url, secret)
