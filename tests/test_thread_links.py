"""The thread is built from real links, never by matching text: take a link away and
what hung from it leaves the thread; put it back and it returns."""

import html
import re

import pytest

from tests import golden_thread_world as world
from withus.contracts.models import KPI
from withus.thread import queries

NO_REQUIREMENT = "This priority has no requirement in any specification."


@pytest.fixture
def chain(area, project, commissioner, facilitator, expert, moderator):
    return world.chain(area, project, commissioner, facilitator, expert, moderator)


def _words(client, kind, pk) -> str:
    response = client.get(f"/thread/{kind}/{pk}/")
    assert response.status_code == 200
    page = response.content.decode()
    main = page[page.index("<main") : page.index("</main>")]
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", main)))


def _thread(priority) -> queries.PriorityThread:
    (found,) = queries.threads([priority])
    return found


def _kpis_in(thread) -> set[int]:
    return {
        n.kpi.pk
        for n in thread.kpis
        + [
            k
            for r in thread.requirements
            for k in r.kpis + [k for q in r.questions for k in q.kpis]
        ]
    }


def test_removing_the_requirements_link_takes_everything_after_it_out_of_the_thread(client, chain):
    priority, requirement, k1 = chain["priority"], chain["requirement"], chain["kpi"]
    # The KPI was made from the panel's question, and carries the priority it came from.
    assert k1.priority == priority
    before = _words(client, "priority", priority.pk)
    assert world.REQUIREMENT in before and world.Q_PANEL in before and "KPI K1" in before

    requirement.priorities.remove(priority)

    thread = _thread(priority)
    assert thread.requirements == [] and _kpis_in(thread) == set()
    assert thread.stop.at == "requirement"
    words = _words(client, "priority", priority.pk)
    assert f"Gap {NO_REQUIREMENT}" in words
    assert f"Where this thread stops: {NO_REQUIREMENT}" in words
    for gone in (world.REQUIREMENT, world.Q_PANEL, world.Q_WEEKENDS, world.WINNING, "KPI K1"):
        assert gone not in words, gone
    # Following the later steps no longer leads to the priority either.
    for kind, pk in (
        ("requirement", requirement.pk),
        ("question", chain["questions"][3].pk),
        ("kpi", k1.pk),
        ("story", chain["story"].pk),
    ):
        assert "Priority: Help at weekends" not in _words(client, kind, pk), kind
    # What people said still leads to it: that link is still there.
    assert "Priority: Help at weekends" in _words(client, "theme", priority.theme_id)


def test_putting_the_link_back_restores_the_thread(client, chain):
    priority, requirement = chain["priority"], chain["requirement"]
    requirement.priorities.remove(priority)
    requirement.priorities.add(priority)

    thread = _thread(priority)
    assert [r.requirement for r in thread.requirements] == [requirement]
    assert _kpis_in(thread) == {chain["kpi"].pk}
    assert thread.stop.complete
    words = _words(client, "priority", priority.pk)
    assert NO_REQUIREMENT not in words
    for back in (world.REQUIREMENT, world.Q_PANEL, world.WINNING, "KPI K1 of contract C-1"):
        assert back in words, back
    assert "Priority: Help at weekends" in _words(client, "kpi", chain["kpi"].pk)


def test_identical_wording_without_a_link_is_not_connected(
    client, chain, area, project, commissioner, facilitator
):
    """Another exercise with the very same theme name and statement is another thread."""
    twin = world.said(
        facilitator,
        area,
        {world.WEEKENDS: [world.PUBLIC_STATEMENT]},
        title="The same question, asked again",
    )[world.WEEKENDS]
    assert twin.theme.name == chain["priority"].theme.name

    found = {t.priority.pk: t for t in queries.threads([chain["priority"], twin])}
    assert found[twin.pk].requirements == [] and found[twin.pk].kpis == []
    assert found[twin.pk].stop.at == "requirement"
    assert found[chain["priority"].pk].stop.complete

    words = _words(client, "priority", twin.pk)
    assert NO_REQUIREMENT in words and world.REQUIREMENT not in words
    statement = twin.theme.statements.get()
    page = client.get(f"/thread/statement/{statement.pk}/").content.decode()
    assert f'id="priority-{twin.pk}"' in page
    assert f'id="priority-{chain["priority"].pk}"' not in page
    # And the requirement leads only to the priority it is linked to.
    page = client.get(f"/thread/requirement/{chain['requirement'].pk}/").content.decode()
    assert f'id="priority-{twin.pk}"' not in page


def test_clearing_a_kpis_question_takes_it_away_from_the_question(client, chain):
    k1, q3 = chain["kpi"], chain["questions"][3]
    (node,) = _thread(chain["priority"]).requirements
    assert [n.kpi.pk for n in next(q for q in node.questions if q.question == q3).kpis] == [k1.pk]

    KPI.objects.filter(pk=k1.pk).update(question=None)

    (node,) = _thread(chain["priority"]).requirements
    assert all(q.kpis == [] for q in node.questions)
    # It still measures the requirement it was made for, so it stays on that branch.
    assert [n.kpi.pk for n in node.kpis] == [k1.pk]
    doc = client.get("/areas/northvale/thread.json").json()
    (priority,) = [p for p in doc["priorities"] if p["id"] == chain["priority"].pk]
    (requirement,) = priority["requirements"]
    assert all(q["kpis"] == [] for q in requirement["questions"])
    assert [k["code"] for k in requirement["kpis"]] == ["K1"]

    # With neither a question nor a requirement, only its own priority link is left.
    KPI.objects.filter(pk=k1.pk).update(requirement=None)
    thread = _thread(chain["priority"])
    assert [n.kpi.pk for n in thread.kpis] == [k1.pk]
    assert all(r.kpis == [] for r in thread.requirements)
    KPI.objects.filter(pk=k1.pk).update(priority=None)
    assert _kpis_in(_thread(chain["priority"])) == set()
    words = _words(client, "kpi", k1.pk)
    assert "This KPI is not linked to a priority, a requirement or a tender question." in words
