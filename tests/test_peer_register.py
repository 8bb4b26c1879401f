"""A coordinator keeps the register of mentors through the pages.

The scheme is "Northvale Peer Mentors", run by a user-led organisation in
Northvale; its coordinator is a person with no other role there.
"""

import html
import re
from datetime import date, timedelta

from django.urls import reverse
from django.utils import timezone

from withus.core.edits import STALE_MESSAGE
from withus.core.models import AuditEntry, Membership, Role, User
from withus.peer_support.models import Mentor


def _text(fragment: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def _field_error(page: str, name: str) -> str:
    found = re.search(rf'id="id_{name}-error" class="govuk-error-message">(.*?)</p>', page, re.S)
    assert found, f"no message next to {name}"
    return _text(found[1]).replace("Error:", "").strip()


def _date(name: str, day: date | None) -> dict[str, str]:
    parts = ("", "", "") if day is None else (str(day.day), str(day.month), str(day.year))
    return {f"{name}_{i}": part for i, part in enumerate(parts)}


def _mentor_data(**changes) -> dict:
    """A trained mentor with a clear check that runs out in a year."""
    today = timezone.localdate()
    data = {
        "name": "Asha Patel",
        "user": "",
        "experience": ["mental_health", "alcohol"],
        "languages": "English, Gujarati",
        "availability": ["weekend"],
        "gender": "woman",
        "age_group": "25_44",
        "capacity": "2",
        **_date("trained_on", today - timedelta(days=30)),
        "training": "First aid",
        "check_status": "clear",
        **_date("check_expires", today + timedelta(days=365)),
        "active": "on",
    }
    for key, value in changes.items():
        if key in ("trained_on", "check_expires"):
            data.update(_date(key, value))
        else:
            data[key] = value
    return data


def _add(client, scheme, **changes):
    return client.post(reverse("peer_mentor_new", args=[scheme.pk]), _mentor_data(**changes))


def _version_on(page: str) -> str:
    return re.search(r'name="version" value="(\d+)"', page)[1]


def _change(client, mentor, version, **changes):
    data = {**_mentor_data(**changes), "version": str(version)}
    return client.post(reverse("peer_mentor", args=[mentor.pk]), data)


def _register_row(page: str, name: str) -> str:
    for row in re.findall(r'<tr class="govuk-table__row">(.*?)</tr>', page, re.S):
        if name in row:
            return _text(row)
    raise AssertionError(f"{name} is not on the register")


def test_a_coordinator_adds_a_mentor_and_it_is_kept_as_typed(client, scheme, coordinator):
    client.force_login(coordinator)
    today = timezone.localdate()
    response = _add(client, scheme)
    assert response["Location"] == reverse("peer_mentors", args=[scheme.pk])

    mentor = Mentor.objects.get()
    assert (mentor.scheme, mentor.name, mentor.user) == (scheme, "Asha Patel", None)
    assert sorted(mentor.experience) == ["alcohol", "mental_health"]
    assert mentor.languages == ["English", "Gujarati"]
    assert (mentor.availability, mentor.gender, mentor.age_group) == (["weekend"], "woman", "25_44")
    assert (mentor.capacity, mentor.active, mentor.version) == (2, True, 1)
    assert mentor.trained_on == today - timedelta(days=30)
    assert (mentor.check_status, mentor.check_expires) == ("clear", today + timedelta(days=365))
    entry = AuditEntry.objects.get(action="peer.mentor_add")
    assert (entry.actor, entry.object_id, entry.data) == (
        coordinator,
        str(mentor.pk),
        {"check": "clear"},
    )

    register = client.get(reverse("peer_mentors", args=[scheme.pk])).content.decode()
    assert _register_row(register, "Asha Patel") == (
        f"Asha Patel English, Gujarati 0 of 2 "
        f"Finished {(today - timedelta(days=30)):%-d %B %Y} "
        f"Clear until {(today + timedelta(days=365)):%-d %B %Y}"
    )


def test_a_peer_mentor_account_can_be_linked_to_the_record(client, scheme, coordinator):
    account = User.objects.create_user(username="asha", display_name="Asha P")
    Membership.objects.create(user=account, local_area=scheme.local_area, role=Role.PEER_MENTOR)
    client.force_login(coordinator)
    _add(client, scheme, user=str(account.pk))
    assert Mentor.objects.get().user == account


def test_an_account_without_the_peer_mentor_role_cannot_be_linked(
    client, scheme, coordinator, expert
):
    client.force_login(coordinator)
    response = _add(client, scheme, user=str(expert.pk))
    assert _field_error(response.content.decode(), "user") == (
        "Choose one of the options shown. The page may be out of date: reload it."
    )
    assert not Mentor.objects.exists()


def test_languages_are_stored_once_each_without_stray_spaces(client, scheme, coordinator):
    client.force_login(coordinator)
    _add(client, scheme, languages="English, polish ,Polish;  british   sign language ,, ")
    # The same language typed twice in different cases is kept once, with a capital
    # where one was typed; spaces are tidied; the list is in alphabetical order.
    assert Mentor.objects.get().languages == ["british sign language", "English", "Polish"]


def test_languages_that_are_only_commas_are_refused(client, scheme, coordinator):
    client.force_login(coordinator)
    response = _add(client, scheme, languages=" , ;")
    assert _field_error(response.content.decode(), "languages") == "Enter at least one language."
    assert not Mentor.objects.exists()


def test_a_clear_check_without_the_date_it_runs_out_is_refused_and_nothing_saved(
    client, scheme, coordinator
):
    client.force_login(coordinator)
    response = _add(client, scheme, check_expires=None)
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page
    assert _field_error(page, "check_expires") == (
        "Enter the date the clear background check runs out."
    )
    # What was typed is still there to put right.
    assert 'value="Asha Patel"' in page
    assert not Mentor.objects.exists()
    assert not AuditEntry.objects.filter(action__startswith="peer.").exists()


def test_a_check_not_yet_clear_needs_no_date(client, scheme, coordinator):
    client.force_login(coordinator)
    _add(client, scheme, check_status="waiting", check_expires=None)
    mentor = Mentor.objects.get()
    assert (mentor.check_status, mentor.check_expires) == ("waiting", None)


def test_a_coordinator_changes_a_mentor_from_the_page_they_opened(client, scheme, coordinator):
    client.force_login(coordinator)
    _add(client, scheme)
    mentor = Mentor.objects.get()
    page = client.get(reverse("peer_mentor", args=[mentor.pk])).content.decode()
    assert 'value="English, Gujarati"' in page
    assert _version_on(page) == "1"

    response = _change(client, mentor, _version_on(page), capacity="4", languages="Urdu, English")
    assert response["Location"] == reverse("peer_mentors", args=[scheme.pk])
    mentor.refresh_from_db()
    assert (mentor.capacity, mentor.languages, mentor.version) == (4, ["English", "Urdu"], 2)
    # Nothing about the check changed, so there is no check entry.
    assert not AuditEntry.objects.filter(action="peer.mentor_check").exists()


def test_a_change_from_an_out_of_date_page_is_refused_and_nothing_is_lost(
    client, scheme, coordinator
):
    client.force_login(coordinator)
    _add(client, scheme)
    mentor = Mentor.objects.get()
    opened = _version_on(client.get(reverse("peer_mentor", args=[mentor.pk])).content.decode())

    # Another coordinator saves first, from an up-to-date page.
    assert _change(client, mentor, opened, capacity="5").status_code == 302
    # Then this page, opened before that change, is sent.
    response = _change(client, mentor, opened, capacity="1", training="Suicide awareness")
    page = response.content.decode()
    assert response.status_code == 200
    assert str(STALE_MESSAGE) in html.unescape(page)
    # What this person typed is still on the page ...
    assert "Suicide awareness" in page
    assert re.search(r'name="capacity" type="text" value="1"', page)
    # ... and the change saved first is kept.
    mentor.refresh_from_db()
    assert (mentor.capacity, mentor.training, mentor.version) == (5, "First aid", 2)


def test_a_change_to_the_check_is_audited_with_who_and_until_when(client, scheme, coordinator):
    client.force_login(coordinator)
    _add(client, scheme, check_status="waiting", check_expires=None)
    mentor = Mentor.objects.get()
    until = timezone.localdate() + timedelta(days=3 * 365)

    _change(client, mentor, 1, check_status="clear", check_expires=until)
    _change(client, mentor, 2, name="Asha Patel-Shah", check_status="clear", check_expires=until)
    _change(client, mentor, 3, name="Asha Patel-Shah", check_status="not_clear", check_expires=None)

    entries = AuditEntry.objects.filter(action="peer.mentor_check").order_by("pk")
    assert [(e.actor, e.object_id, e.data) for e in entries] == [
        (coordinator, str(mentor.pk), {"check": "clear", "expires": until.isoformat()}),
        # Changing only the name is not a check decision.
        (coordinator, str(mentor.pk), {"check": "not_clear", "expires": None}),
    ]
    mentor.refresh_from_db()
    assert (mentor.name, mentor.check_status, mentor.check_expires) == (
        "Asha Patel-Shah",
        "not_clear",
        None,
    )


def test_the_register_says_when_a_check_ran_out_and_when_one_runs_out_today(
    client, scheme, coordinator
):
    today = timezone.localdate()
    client.force_login(coordinator)
    _add(client, scheme, name="Ben Old", check_expires=today - timedelta(days=1))
    _add(client, scheme, name="Cara Today", check_expires=today)
    _add(client, scheme, name="Dev Waiting", check_status="waiting", check_expires=None)
    _add(client, scheme, name="Eve Resting", active="", trained_on=None)

    page = client.get(reverse("peer_mentors", args=[scheme.pk])).content.decode()
    assert _register_row(page, "Ben Old").endswith(
        f"Ran out on {(today - timedelta(days=1)):%-d %B %Y}: no new matches"
    )
    # A check running out today still counts today.
    assert _register_row(page, "Cara Today").endswith(f"Clear until {today:%-d %B %Y}")
    assert _register_row(page, "Dev Waiting").endswith("Waiting for the result")
    eve = _register_row(page, "Eve Resting")
    assert eve.startswith("Eve Resting Not mentoring now")
    assert "Not finished" in eve


def test_the_register_counts_each_mentors_open_matches(client, scheme, coordinator):
    from withus.peer_support import services

    client.force_login(coordinator)
    _add(client, scheme)
    mentor = Mentor.objects.get()
    for name in ("Jo", "Kim"):
        wanted = services.request_make(scheme, name=name, contact="01632 960000")
        match = services.match_make(wanted, mentor, coordinator, started_on=timezone.localdate())
    services.match_close(
        match, coordinator, closed_on=timezone.localdate(), outcome="goals_met", note=""
    )
    page = client.get(reverse("peer_mentors", args=[scheme.pk])).content.decode()
    assert "Asha Patel English, Gujarati 1 of 2" in _register_row(page, "Asha Patel")
