"""Where a thread stops short: the rules in withus/thread/stops.py worked by hand and
as a property, then seen through the area's list of threads."""

import html
import re
from datetime import date
from decimal import Decimal

import pytest
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from tests import golden_thread_world as world
from withus.contracts import kpi as kpi_rules
from withus.contracts import services as contracts
from withus.contracts.models import MonitoringReturn
from withus.thread import queries, stops
from withus.thread.stops import ORDER, WORDS, Branch, branch_stop, thread_stop


def _at(branches) -> str:
    return thread_stop(branches).at


# Hand-worked: one branch each -------------------------------------------------


@pytest.mark.parametrize(
    ("branch", "at"),
    [
        (Branch(questions=0, awarded=0, kpis=0, silent_kpis=0), "question"),
        # A KPI measuring a requirement no tender asked about does not skip tendering.
        (Branch(questions=0, awarded=0, kpis=1, silent_kpis=0), "question"),
        (Branch(questions=3, awarded=0, kpis=0, silent_kpis=0), "award"),
        (Branch(questions=3, awarded=0, kpis=2, silent_kpis=0), "award"),
        (Branch(questions=2, awarded=1, kpis=0, silent_kpis=0), "kpi"),
        (Branch(questions=1, awarded=1, kpis=2, silent_kpis=2), "silent"),
        (Branch(questions=1, awarded=1, kpis=1, silent_kpis=1), "silent"),
        # One KPI still reporting is enough.
        (Branch(questions=1, awarded=1, kpis=2, silent_kpis=1), ""),
        (Branch(questions=1, awarded=1, kpis=1, silent_kpis=0), ""),
    ],
)
def test_a_branch_stops_where_it_first_falls_short(branch, at):
    stop = branch_stop(branch)
    assert stop.at == at
    assert stop.words == WORDS[at]
    assert stop.complete == (at == "")


def test_each_stop_has_its_own_plain_words():
    assert WORDS["requirement"] == "This priority has no requirement in any specification."
    assert WORDS["question"] == "This requirement was not asked about in a tender."
    assert WORDS["award"] == "The tender that asks about this has not been awarded yet."
    assert WORDS["kpi"] == "No contract KPI measures this yet."
    assert WORDS["silent"] == "This KPI has had no monitoring return for two periods."
    assert WORDS[""].startswith("The thread is complete")
    assert len(set(WORDS.values())) == len(ORDER)


# Hand-worked: the furthest branch -------------------------------------------------

NOT_ASKED = Branch(0, 0, 0, 0)
WAITING = Branch(2, 0, 0, 0)
UNMEASURED = Branch(1, 1, 0, 0)
SILENT = Branch(1, 1, 1, 1)
DONE = Branch(1, 1, 1, 0)


@pytest.mark.parametrize(
    ("branches", "at"),
    [
        ([], "requirement"),
        ([NOT_ASKED], "question"),
        ([NOT_ASKED, NOT_ASKED], "question"),
        ([NOT_ASKED, WAITING], "award"),
        ([WAITING, NOT_ASKED], "award"),
        ([NOT_ASKED, UNMEASURED, WAITING], "kpi"),
        ([SILENT, UNMEASURED], "silent"),
        ([NOT_ASKED, DONE, SILENT], ""),
        ([DONE, NOT_ASKED], ""),
    ],
)
def test_the_thread_has_got_as_far_as_its_furthest_branch(branches, at):
    assert _at(branches) == at


@pytest.mark.parametrize(
    ("due", "reported", "silent"),
    [
        ([], set(), False),
        ([date(2026, 4, 1)], set(), False),  # only one period due: not yet a gap
        ([date(2026, 1, 1), date(2026, 4, 1)], set(), True),
        ([date(2026, 1, 1), date(2026, 4, 1)], {date(2026, 1, 1)}, False),
        ([date(2026, 1, 1), date(2026, 4, 1)], {date(2026, 4, 1)}, False),
        # Gaps long ago do not count once returns come in again.
        ([date(2025, 7, 1), date(2025, 10, 1), date(2026, 1, 1)], {date(2026, 1, 1)}, False),
        ([date(2025, 7, 1), date(2025, 10, 1), date(2026, 1, 1)], {date(2025, 7, 1)}, True),
    ],
)
def test_a_kpi_is_silent_only_when_its_last_two_due_periods_have_no_return(due, reported, silent):
    assert stops.silent(due, reported) is silent


# Properties ----------------------------------------------------------------------

branches = st.builds(
    lambda q, a, k, s: Branch(questions=q, awarded=min(a, q), kpis=k, silent_kpis=min(s, k)),
    st.integers(0, 3),
    st.integers(0, 3),
    st.integers(0, 3),
    st.integers(0, 3),
)


@given(st.lists(branches, max_size=6), branches)
def test_adding_a_branch_never_moves_the_stop_backwards(existing, new):
    before = ORDER.index(_at(existing))
    after = ORDER.index(_at([*existing, new]))
    assert after >= before
    assert after >= ORDER.index(branch_stop(new).at)


@given(st.lists(branches, min_size=1, max_size=6))
def test_the_thread_stops_where_one_of_its_branches_stops(found):
    assert thread_stop(found) in {branch_stop(b) for b in found}
    assert _at(found) != "requirement"


@given(
    st.lists(st.dates(date(2020, 1, 1), date(2030, 1, 1)), unique=True).map(sorted),
    st.sets(st.dates(date(2020, 1, 1), date(2030, 1, 1))),
    st.dates(date(2020, 1, 1), date(2030, 1, 1)),
)
def test_a_new_return_never_makes_a_kpi_silent(due, reported, new):
    if not stops.silent(due, reported):
        assert not stops.silent(due, reported | {new})


# Through the pages ------------------------------------------------------------------


@pytest.fixture
def every(area, project, commissioner, facilitator, expert):
    return world.every_stop(area, project, commissioner, facilitator, expert)


def _text(fragment: str) -> str:
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", "", fragment))).strip()


def _area_lists(client) -> tuple[list[str], list[str]]:
    page = client.get("/areas/northvale/thread/").content.decode()
    short = re.search(r'<ol class="govuk-list govuk-list--number">(.*?)</ol>', page, re.S)
    after = page[page.index("Complete threads") : page.index('<h2 class="govuk-heading-m">')]
    complete = re.search(r'<ul class="govuk-list">(.*?)</ul>', after, re.S)
    return _items(short), _items(complete)


def _items(found) -> list[str]:
    return [_text(li) for li in re.findall(r"<li>(.*?)</li>", found[1], re.S)] if found else []


def test_the_area_lists_each_stop_in_its_words_oldest_exercise_first(client, every):
    short, complete = _area_lists(client)
    older = [f"{name} (Older exercise): {WORDS[at]}" for name, at in world.OLDER.items()]
    newer = [f"{name} (Newer exercise): {WORDS[at]}" for name, at in world.NEWER.items() if at]
    # The older exercise was made second, but it is dated earlier, so it comes first;
    # within an exercise, by rank.
    assert short == older + newer
    assert complete == ["All the way"]
    page = client.get("/areas/northvale/thread/").content.decode()
    assert "5 threads stop short" in page


def test_the_stops_match_the_links_made(every):
    area = every["contract"].local_area
    found = queries.threads(list(queries.priorities_of_area(area)))
    assert {t.priority.theme.name: t.stop.at for t in found} == {**world.OLDER, **world.NEWER}


def _stop_of(priority) -> str:
    (thread,) = queries.threads([priority])
    return thread.stop.at


def test_one_missing_period_is_not_a_gap_but_two_are(client, every):
    done, periods = every["k_done"], every["periods"]
    priority = every["priorities"]["All the way"]
    assert periods == world.due(done) and len(periods) > 20  # started in April 2020
    assert every["k_silent"].returns.filter(period__in=periods[-2:]).count() == 0
    assert _stop_of(every["priorities"]["Nobody reporting"]) == "silent"

    # Returns missing long ago, but the last two in: not silent.
    MonitoringReturn.objects.filter(kpi=done, period__in=periods[:2]).delete()
    assert _stop_of(priority) == ""
    # The last due quarter missing: not yet a gap.
    MonitoringReturn.objects.filter(kpi=done, period=periods[-1]).delete()
    assert _stop_of(priority) == ""
    page = html.unescape(client.get(f"/thread/priority/{priority.pk}/").content.decode())
    assert WORDS["silent"] not in page
    assert "Complete" in page
    short, complete = _area_lists(client)
    assert complete == ["All the way"]

    # The one before it missing too: two periods, a gap.
    MonitoringReturn.objects.filter(kpi=done, period=periods[-2]).delete()
    assert _stop_of(priority) == "silent"
    page = html.unescape(client.get(f"/thread/priority/{priority.pk}/").content.decode())
    assert f"Where this thread stops: {WORDS['silent']}" in _text(page)
    short, complete = _area_lists(client)
    assert short[-1] == f"All the way (Newer exercise): {WORDS['silent']}"
    assert complete == []
    doc = client.get("/areas/northvale/thread.json").json()
    (item,) = [p for p in doc["priorities"] if p["id"] == priority.pk]
    assert item["stops_at"] == "silent"
    assert item["requirements"][0]["questions"][0]["kpis"][0]["silent_for_two_periods"] is True


def test_a_kpi_with_nothing_due_yet_is_pending_not_silent(area, commissioner, every):
    """A contract that started this month owes no return: not silent, not yet complete."""
    contract = contracts.contract_create(
        area,
        commissioner,
        reference="C-NEW",
        title="New",
        kind="spot",
        provider=every["contract"].provider,
        value=Decimal("1000.00"),
        start_date=kpi_rules.period_start(timezone.localdate(), "monthly"),
        initial_months=12,
    )
    priority = every["priorities"]["Nothing written yet"]
    world.kpi(contract, commissioner, "K-NEW", priority=priority)
    assert _stop_of(priority) == "pending"
