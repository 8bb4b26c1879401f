"""The runners' list of people taking part: 100 a page by reference, a search
by name or reference, the head counts from the database, and only that page's
answers read. A page number that is not one still gives a page."""

import html
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.outcomes_world import (
    LATER,
    RAW_21,
    RAW_24,
    START,
    add_people,
    add_wellbeing,
    make_evaluation,
    score,
)
from withus.outcomes import services

# Session, user; the evaluation, runs, roles (for the menu); measures, head
# counts, the page of people, their answers, the runners.
EVALUATION = 10


def _text(page: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


def _people_shown(page: str) -> list[str]:
    return re.findall(r'href="/outcomes/people/\d+/">([^<]+)</a>', page)


@pytest.fixture
def evaluation(area, commissioner, scheme, coordinator):
    """205 people, P000 to P204; P001 withdrew; everyone has a baseline, every
    other person a follow-up too."""
    made = make_evaluation(area, commissioner, scheme)
    wellbeing = add_wellbeing(made, coordinator)
    people = add_people(made, coordinator, 205)
    for i, person in enumerate(people):
        score(person, wellbeing, coordinator, "baseline", START, items=RAW_21)
        if i % 2 == 0:
            score(person, wellbeing, coordinator, "follow_up", LATER, items=RAW_24)
    services.consent_withdraw(people[1], coordinator)
    return made


def _get(client, evaluation, asked=""):
    response = client.get(reverse("outcomes_evaluation", args=[evaluation.pk]) + asked)
    assert response.status_code == 200
    return response.content.decode()


def test_a_hundred_a_page_in_order_of_reference(client, evaluation, coordinator):
    client.force_login(coordinator)
    page = _get(client, evaluation)
    assert _people_shown(page) == [f"P{i:03d}" for i in range(100)]
    text = _text(page)
    assert "205 people in all, with or without consent." in text
    assert "204 people are taking part with consent." in text
    assert "Showing 1 to 100, in order of name or reference." in text
    assert '<nav class="govuk-pagination" aria-label="Pages of people">' in page
    assert 'href="?page=1" aria-label="Page 1" aria-current="page">1</a>' in page
    assert 'href="?page=3" aria-label="Page 3">3</a>' in page
    assert 'href="?page=2" rel="next"' in page and 'rel="prev"' not in page
    # What each person answered: P000 both times, P001 withdrew, P003 the start only.
    rows = dict(re.findall(r">(P00[0-3])</a>.*?</th>\s*<td[^>]*>([^<]+)</td>", page, re.S))
    assert rows == {"P000": "Both", "P001": "—", "P002": "Both", "P003": "Start only"}

    page = _get(client, evaluation, "?page=3")
    assert _people_shown(page) == [f"P{i:03d}" for i in range(200, 205)]
    assert 'href="?page=3" aria-label="Page 3" aria-current="page">3</a>' in page
    assert 'href="?page=2" rel="prev"' in page and 'rel="next"' not in page


@pytest.mark.parametrize(
    "asked, first",
    [("?page=abc", "P000"), ("?page=", "P000"), ("?page=99", "P200"), ("?page=-1", "P200")],
)
def test_a_bad_page_number_still_gives_a_page(client, evaluation, coordinator, asked, first):
    client.force_login(coordinator)
    assert _people_shown(_get(client, evaluation, asked))[0] == first


def test_search_by_reference(client, evaluation, coordinator):
    client.force_login(coordinator)
    page = _get(client, evaluation, "?q=+p1 ")
    # P1 anywhere, capitals aside: P100 to P199, and P010 to P019 do not match.
    wanted = [f"P{i:03d}" for i in range(205) if "P1" in f"P{i:03d}"]
    assert _people_shown(page) == wanted[:100]
    text = _text(page)
    assert f'{len(wanted)} people\'s names or references contain "p1".' in text
    assert 'value="p1"' in page and "Show everyone" in text
    assert "govuk-pagination" not in page  # exactly 100: one page

    # More than a page found: the next page keeps the search.
    wanted = [f"P{i:03d}" for i in range(205) if "0" in f"{i:03d}"]
    page = _get(client, evaluation, "?q=0")
    assert _people_shown(page) == wanted[:100]
    assert 'href="?q=0&amp;page=2" rel="next"' in page
    page = _get(client, evaluation, "?q=0&page=2")
    assert _people_shown(page) == wanted[100:]

    page = _get(client, evaluation, "?q=P123")
    assert _people_shown(page) == ["P123"]
    assert '1 person\'s name or reference contains "P123".' in _text(page)
    assert "govuk-pagination" not in page

    page = _get(client, evaluation, "?q=nobody")
    assert _people_shown(page) == []
    assert 'Nobody\'s name or reference contains "nobody".' in _text(page)


def test_only_the_pages_answers_are_read(client, evaluation, coordinator):
    client.force_login(coordinator)
    with CaptureQueriesContext(connection) as queries:
        _get(client, evaluation, "?page=3")
    answers = [q["sql"] for q in queries.captured_queries if "outcomes_measurement" in q["sql"]]
    assert len(answers) == 1
    # The five people on page 3, by id: not a join over the whole evaluation.
    ids = re.search(r"IN \(([^)]*)\)", answers[0])
    assert ids and len(ids[1].split(",")) == 5


@pytest.mark.parametrize("n", [120, 1200])
def test_the_list_runs_the_same_queries_at_ten_times_the_people(
    client, area, commissioner, scheme, coordinator, n, django_assert_max_num_queries
):
    made = make_evaluation(area, commissioner, scheme)
    wellbeing = add_wellbeing(made, coordinator)
    people = add_people(made, coordinator, n)
    for person in people[::7]:
        score(person, wellbeing, coordinator, "baseline", START, items=RAW_21)
    client.force_login(coordinator)
    for asked, shown in (("", 100), ("?page=2", min(100, n - 100)), ("?q=P1&page=2", None)):
        with django_assert_max_num_queries(EVALUATION):
            page = _get(client, made, asked)
        found = _people_shown(page)
        assert len(found) == shown if shown else 0 < len(found) <= 100
    assert f"{n} people in all" in _text(_get(client, made))
