"""Reach on the public pages: worked monthly figures, nobody named, and bounded queries.

Worked example ("last month" is the month before today's, "this month" today's):

Northvale Peer Mentors (scheme 1), Northvale
    last month   Asha with Pat: 60 and 45 minutes; Asha with Quinn: 50;
                 Ben with Ray: 30 and 22                  2 mentors, 3 people,
                                                          5 sessions, 207 min
                                                          = 3.45 h, shown 3.5
    this month   Asha with Pat: 90 minutes                1, 1, 1, 1.5 h
    before the 12 months shown: Asha with Pat, 500 minutes (left out)
    totals       2 mentors, 3 people, 6 sessions, 297 min = 4.95 h, shown 5.0

Brightpath Peers (scheme 2), Northvale
    last month   Cara with Sol: 40 minutes

Eastmoor Peers (another area)
    last month   Dev with Tam: 100 minutes (on no Northvale page)

So the Northvale page shows last month as 3 mentors, 4 people, 6 sessions and
247 min = 4.1 h; this month 1, 1, 1, 1.5; totals 3, 4, 7 and 337 min = 5.6 h.
"""

import html
import re
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from withus.core.models import Organisation
from withus.peer_support import services
from withus.peer_support.models import Match, Mentor, MentorRequest, MentorSession, Scheme
from withus.peer_support.queries import reach_window

# Queries each page runs, whatever the data size. A signed-in page also loads the
# session, the user, and the user's roles (for the menu); a coordinator's page
# loads the schemes they coordinate once.
AREA_QUERIES = 4  # the area, its schemes with counts, the months, the totals
SCHEME_QUERIES = 4  # the scheme, its active mentors, the months, the totals
MENTORS_QUERIES = 6  # 4 + the scheme, its mentors with their open matches
REQUESTS_QUERIES = 8  # 4 + the scheme, the requests, their matches, the matches' mentors
WAITING_REQUEST_QUERIES = 7  # 4 + the request, mentors with open matches, the mentors
CLOSED_REQUEST_QUERIES = 8  # and its matches
MATCH_QUERIES = 6  # 4 + the match, its sessions
MY_MENTORING_QUERIES = 4  # session, user, roles, their matches with session counts


def _month_start(day: date) -> date:
    return day.replace(day=1)


def _last_month(today: date) -> date:
    return _month_start(_month_start(today) - timedelta(days=1))


def _text(fragment: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def _table(page: str) -> dict[str, tuple[str, ...]]:
    """Month -> (mentors, people, sessions, hours) from the reach table."""
    body = re.search(r'<tbody class="govuk-table__body">(.*?)</tbody>', page, re.S)[1]
    rows = {}
    for row in re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.S):
        cells = [_text(c) for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)]
        rows[cells[0]] = tuple(cells[1:])
    return rows


def _totals(page: str) -> dict[str, str]:
    found = re.findall(
        r'<dt class="govuk-summary-list__key">(.*?)</dt>'
        r'<dd class="govuk-summary-list__value">(.*?)</dd>',
        page,
        re.S,
    )
    return {_text(k): _text(v) for k, v in found}


def _scheme(area, name, org_name, coordinator=None) -> Scheme:
    org = Organisation.objects.create(
        name=org_name, kind=Organisation.Kind.USER_LED, local_area=area
    )
    scheme = Scheme.objects.create(local_area=area, organisation=org, name=name)
    if coordinator is not None:
        scheme.coordinators.add(coordinator)
    return scheme


def _mentor(scheme, name, user=None, capacity=3) -> Mentor:
    today = timezone.localdate()
    return Mentor.objects.create(
        scheme=scheme,
        user=user,
        name=name,
        languages=["English"],
        capacity=capacity,
        trained_on=today - timedelta(days=800),
        check_status="clear",
        check_expires=today + timedelta(days=365),
    )


@pytest.fixture
def worked(area, other_area, coordinator):
    today = timezone.localdate()
    last = _last_month(today)
    first, _ = reach_window(today)
    one = _scheme(area, "Northvale Peer Mentors", "Northvale LERO", coordinator)
    two = _scheme(area, "Brightpath Peers", "Brightpath")
    three = _scheme(other_area, "Eastmoor Peers", "Eastmoor LERO", coordinator)

    def pair(scheme, mentor, person, started_on):
        wanted = services.request_make(scheme, name=person, contact=f"{person.lower()}@example.com")
        return services.match_make(wanted, mentor, coordinator, started_on=started_on)

    def log(match, day, minutes):
        services.session_log(
            match,
            coordinator,
            happened_on=day,
            minutes=minutes,
            mode="phone",
            topics="Private talk",
        )

    asha, ben = _mentor(one, "Asha Patel"), _mentor(one, "Ben Carter")
    pat = pair(one, asha, "Pat Doyle", first - timedelta(days=40))
    quinn = pair(one, asha, "Quinn Hale", last)
    ray = pair(one, ben, "Ray Moss", last)
    log(pat, first - timedelta(days=1), 500)  # before the months shown
    log(pat, last + timedelta(days=1), 60)
    log(pat, last + timedelta(days=2), 45)
    log(quinn, last + timedelta(days=3), 50)
    log(ray, last + timedelta(days=4), 30)
    log(ray, last + timedelta(days=5), 22)
    log(pat, today, 90)
    sol = pair(two, _mentor(two, "Cara Jones"), "Sol Reed", last)
    log(sol, last + timedelta(days=6), 40)
    tam = pair(three, _mentor(three, "Dev Singh"), "Tam Ward", last)
    log(tam, last + timedelta(days=6), 100)
    return {"one": one, "two": two, "area": area, "today": today, "last": last, "first": first}


def _expected_months(first: date, today: date, figures: dict[date, tuple]) -> dict:
    months = {}
    month = first
    while month <= today:
        months[f"{month:%B %Y}"] = figures.get(month, ("0", "0", "0", "0.0"))
        month = _month_start(month + timedelta(days=32))
    return months


def test_the_scheme_page_shows_its_own_monthly_figures_worked_by_hand(client, worked):
    page = client.get(reverse("peer_scheme", args=[worked["one"].pk])).content.decode()
    table = _table(page)
    assert len(table) == 12
    assert table == _expected_months(
        worked["first"],
        worked["today"],
        {
            worked["last"]: ("2", "3", "5", "3.5"),
            _month_start(worked["today"]): ("1", "1", "1", "1.5"),
        },
    )
    assert _totals(page) == {
        "Mentors who held sessions": "2",
        "People supported": "3",
        "Sessions": "6",
        "Hours of support": "5.0",
    }


def test_the_area_page_adds_up_every_scheme_in_the_area_and_no_other(client, worked):
    page = client.get(reverse("peer_support", args=["northvale"])).content.decode()
    assert _table(page) == _expected_months(
        worked["first"],
        worked["today"],
        {
            worked["last"]: ("3", "4", "6", "4.1"),
            _month_start(worked["today"]): ("1", "1", "1", "1.5"),
        },
    )
    assert _totals(page) == {
        "Mentors who held sessions": "3",
        "People supported": "4",
        "Sessions": "7",
        "Hours of support": "5.6",
    }
    text = _text(page)
    assert "Northvale Peer Mentors (Northvale LERO): 2 mentors" in text
    assert "Brightpath Peers (Brightpath): 1 mentor" in text
    assert "Eastmoor Peers" not in text


def test_the_chart_shows_people_each_month(client, worked):
    page = client.get(reverse("peer_scheme", args=[worked["one"].pk])).content.decode()
    chart = {
        _text(label): _text(value)
        for label, value in re.findall(
            r'<dt class="withus-chart__label">(.*?)</dt>.*?'
            r'<span class="withus-chart__value">(.*?)</span>',
            page,
            re.S,
        )
    }
    assert len(chart) == 12
    assert chart[f"{worked['last']:%b %Y}"] == "3"
    assert chart[f"{worked['today']:%b %Y}"] == "1"
    assert sum(int(people) for people in chart.values()) == 4


def test_the_reach_pages_name_nobody_and_anyone_can_read_them(
    client, worked, coordinator, facilitator
):
    secrets = ["Private talk", "Asha Patel", "Ben Carter", "Cara Jones"]
    for person in ("Pat Doyle", "Quinn Hale", "Ray Moss", "Sol Reed"):
        secrets += [person, f"{person.lower()}@example.com"]
    urls = [
        reverse("peer_support", args=["northvale"]),
        reverse("peer_scheme", args=[worked["one"].pk]),
        reverse("peer_scheme", args=[worked["two"].pk]),
    ]
    for viewer in (None, facilitator, coordinator):
        client.logout()
        if viewer is not None:
            client.force_login(viewer)
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, (viewer, url)
            page = html.unescape(response.content.decode())
            assert "Reach over the last 12 months" in page
            for secret in secrets:
                assert secret not in page, (viewer, url, secret)


def test_an_area_with_no_peer_support_shows_zeros(client, other_area):
    page = client.get(reverse("peer_support", args=[other_area.slug])).content.decode()
    assert "There are no peer support schemes in this area yet." in page
    assert set(_table(page).values()) == {("0", "0", "0", "0.0")}
    assert _totals(page)["Hours of support"] == "0.0"


# --- queries -----------------------------------------------------------------------


def _grow(scheme, coordinator, size: int, mentor_user=None) -> dict:
    """``size`` x (2 mentors, 3 people, 5 sessions), with matches open and closed.

    Made straight in the database, so a 10x world is quick to build.
    """
    today = timezone.localdate()
    last = _last_month(today)
    start = Mentor.objects.filter(scheme=scheme).count()
    made = {"waiting": [], "closed": [], "matches": []}
    for n in range(size):
        a = _mentor(scheme, f"Mentor {start + 2 * n}", user=mentor_user, capacity=5)
        b = _mentor(scheme, f"Mentor {start + 2 * n + 1}", capacity=5)
        people = [
            MentorRequest.objects.create(
                scheme=scheme,
                name=f"Person {n}-{i}",
                contact=f"p{n}{i}@example.com",
                route="self",
                received_at=timezone.now(),
                referred_by=coordinator if i == 2 else None,
            )
            for i in range(3)
        ]
        open_a = Match.objects.create(
            request=people[0],
            mentor=a,
            started_on=last,
            reasons=["Can take 5 more people"],
            made_by=coordinator,
        )
        open_b = Match.objects.create(
            request=people[1], mentor=b, started_on=last, reasons=[], made_by=coordinator
        )
        closed = Match.objects.create(
            request=people[2],
            mentor=a,
            started_on=last,
            reasons=[],
            made_by=coordinator,
            closed_on=today,
            outcome="moved_on",
        )
        MentorRequest.objects.filter(pk__in=[people[0].pk, people[1].pk]).update(status="matched")
        MentorRequest.objects.filter(pk=people[2].pk).update(status="closed")
        waiting = MentorRequest.objects.create(
            scheme=scheme,
            name=f"Waiting {n}",
            contact="w@example.com",
            route="self",
            received_at=timezone.now(),
        )
        for match, day, minutes in (
            (open_a, 1, 60),
            (open_a, 2, 45),
            (open_b, 3, 50),
            (closed, 4, 30),
            (closed, 5, 22),
        ):
            MentorSession.objects.create(
                match=match,
                happened_on=last + timedelta(days=day),
                minutes=minutes,
                mode="phone",
                logged_by=coordinator,
            )
        made["waiting"].append(waiting)
        made["closed"].append(people[2])
        made["matches"].append(open_a)
    return made


@pytest.fixture
def small_and_big(area, coordinator):
    """A run of (size, world): the world grows from 1x to 10x between the two."""
    one = _scheme(area, "Northvale Peer Mentors", "Northvale LERO", coordinator)
    two = _scheme(area, "Brightpath Peers", "Brightpath")

    def sizes():
        _grow(one, coordinator, 1)
        _grow(two, coordinator, 1)
        yield 1
        _grow(one, coordinator, 9)
        _grow(two, coordinator, 9)
        for n in range(8):
            extra = _scheme(area, f"Scheme {n}", f"Organisation {n}", coordinator)
            _grow(extra, coordinator, 10)
        yield 10

    return one, sizes


def test_the_public_reach_pages_run_the_same_few_queries_whatever_the_data(
    client, small_and_big, django_assert_max_num_queries
):
    scheme, sizes = small_and_big
    for size in sizes():
        with django_assert_max_num_queries(AREA_QUERIES):
            area_page = client.get(reverse("peer_support", args=["northvale"])).content.decode()
        with django_assert_max_num_queries(SCHEME_QUERIES):
            scheme_page = client.get(reverse("peer_scheme", args=[scheme.pk])).content.decode()
        last = f"{_last_month(timezone.localdate()):%B %Y}"
        schemes = 2 if size == 1 else 10
        # 2 mentors, 3 people and 5 sessions of 207 minutes for each 1x of a scheme.
        assert _table(area_page)[last] == (
            str(2 * size * schemes),
            str(3 * size * schemes),
            str(5 * size * schemes),
            f"{207 * size * schemes / 60:.1f}",
        )
        assert _table(scheme_page)[last][:3] == (str(2 * size), str(3 * size), str(5 * size))


def test_the_coordinators_pages_run_the_same_few_queries_whatever_the_data(
    client, area, coordinator, django_assert_max_num_queries
):
    scheme = _scheme(area, "Northvale Peer Mentors", "Northvale LERO", coordinator)
    client.force_login(coordinator)
    made = _grow(scheme, coordinator, 1)
    for size in (1, 10):
        if size == 10:
            made = _grow(scheme, coordinator, 9)
        pages = [
            (reverse("peer_mentors", args=[scheme.pk]), MENTORS_QUERIES, "Mentor 0"),
            (reverse("peer_requests", args=[scheme.pk]), REQUESTS_QUERIES, "Waiting 0"),
            (
                reverse("peer_request", args=[made["waiting"][0].pk]),
                WAITING_REQUEST_QUERIES,
                "Make the match",
            ),
            (
                reverse("peer_request", args=[made["closed"][0].pk]),
                CLOSED_REQUEST_QUERIES,
                "Moved on",
            ),
            (reverse("peer_match", args=[made["matches"][0].pk]), MATCH_QUERIES, "Log the session"),
        ]
        for url, limit, shown in pages:
            with django_assert_max_num_queries(limit):
                page = client.get(url).content.decode()
            assert shown in page, url
        mentors_page = client.get(reverse("peer_mentors", args=[scheme.pk])).content.decode()
        assert mentors_page.count('href="/mentors/') == 2 * size
        request_page = client.get(reverse("peer_request", args=[made["waiting"][0].pk]))
        assert request_page.content.decode().count('aria-labelledby="suggestion-') == 2 * size


def test_my_mentoring_runs_the_same_few_queries_whatever_the_data(
    client, area, coordinator, peer_mentor, django_assert_max_num_queries
):
    scheme = _scheme(area, "Northvale Peer Mentors", "Northvale LERO", coordinator)
    client.force_login(peer_mentor)
    _grow(scheme, coordinator, 1, mentor_user=peer_mentor)
    for size in (1, 10):
        if size == 10:
            _grow(scheme, coordinator, 9, mentor_user=peer_mentor)
        with django_assert_max_num_queries(MY_MENTORING_QUERIES):
            page = _text(client.get(reverse("my_mentoring")).content.decode())
        # Each 1x gives the peer mentor one open match (2 sessions) and one closed (2).
        assert page.count("2 sessions") == 2 * size
