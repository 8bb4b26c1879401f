"""The public thread page: from any step, the whole chain from what people said to a
KPI's latest result, without anything that is not public."""

import html
import re

import pytest

from tests import golden_thread_world as world
from withus.contracts.models import MonitoringReturn
from withus.tendering.models import Question, Tender


@pytest.fixture
def chain(area, project, commissioner, facilitator, expert, moderator):
    return world.chain(area, project, commissioner, facilitator, expert, moderator)


def _page(client, kind, pk) -> str:
    response = client.get(f"/thread/{kind}/{pk}/")
    assert response.status_code == 200, (kind, pk, response.status_code)
    return response.content.decode()


def _words(page: str) -> str:
    """The page as a person reads it: no tags, entities decoded, spaces collapsed."""
    main = page[page.index("<main") : page.index("</main>")]
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", main)))


def _priorities_on(page: str) -> set[int]:
    return {
        int(pk) for pk in re.findall(r'<section class="withus-thread" [^>]*"priority-(\d+)"', page)
    }


def test_each_step_of_a_whole_chain_is_on_the_priority_page(client, chain):
    words = _words(_page(client, "priority", chain["priority"].pk))
    # What people said: public statements, counted with the hidden one, and the votes.
    assert f"“{world.PUBLIC_STATEMENT}”" in words
    assert f"“{world.SAID[world.WEEKENDS][1]}”" in words
    assert "3 statements were grouped into this theme, and it got 3 votes." in words
    # The priority's status.
    assert "The priority and what happened Under way" in words
    # The requirement, and the questions about it in the awarded tender.
    assert f"Requirement 1 of Recovery support {world.REQUIREMENT}" in words
    assert (
        f"Tender T-1, question 3 : {world.Q_PANEL} "
        "Set and scored by the lived-experience panel. Worth 20% of the marks." in words
    )
    assert (
        f"Tender T-1, question 1 : {world.Q_WEEKENDS} Set and scored by the commissioners." in words
    )
    # The winning answer and its agreed score.
    assert (
        "The winning bid, from Northvale Recovery Community, answered: "
        f"{world.WINNING} (Q3) Agreed score: 4 out of 5." in words
    )
    assert f"{world.WINNING} (Q1) Agreed score: 5 out of 5." in words
    # The KPI measuring the panel's question, and its latest result.
    assert (
        f"Measured in the contract by KPI K1 of contract C-1 : {world.KPI_TITLE}. Target 90 %."
        in words
    )
    latest = chain["latest"].period.strftime("%B %Y")
    assert f"Latest result: 92.5 % for {latest} green: on target" in words
    assert "Complete The thread is complete" in words
    # A question that asks about no requirement is not part of this thread.
    assert world.Q_STAFF not in words


@pytest.mark.parametrize(
    "kind", ["statement", "theme", "requirement", "question", "answer", "kpi", "result", "story"]
)
def test_every_kind_of_start_reaches_the_same_priority(client, chain, kind):
    c = chain
    pk = {
        "statement": c["priority"].theme.statements.get(text=world.PUBLIC_STATEMENT).pk,
        "theme": c["priority"].theme_id,
        "requirement": c["requirement"].pk,
        "question": c["questions"][1].pk,
        "answer": c["winning_answer"].pk,
        "kpi": c["kpi"].pk,
        "result": c["latest"].pk,
        "story": c["story"].pk,
    }[kind]
    page = _page(client, kind, pk)
    assert _priorities_on(page) == {c["priority"].pk}
    assert "Priority: Help at weekends" in _words(page)
    assert "Gap" not in _words(page).split("Priority:")[0]


def test_a_statement_kept_off_the_public_pages_is_never_quoted_nor_followed(client, chain):
    hidden = chain["priority"].theme.statements.get(text=world.HIDDEN)
    assert hidden.public is False
    for kind, pk in (("priority", chain["priority"].pk), ("theme", chain["priority"].theme_id)):
        assert world.HIDDEN not in html.unescape(_page(client, kind, pk))
    assert client.get(f"/thread/statement/{hidden.pk}/").status_code == 404


def test_a_losing_bids_answer_is_404_and_never_shown(client, chain):
    assert client.get(f"/thread/answer/{chain['losing_answer'].pk}/").status_code == 404
    pages = [
        _page(client, "priority", chain["priority"].pk),
        _page(client, "question", chain["questions"][3].pk),
        _page(client, "answer", chain["winning_answer"].pk),
        client.get("/areas/northvale/thread.json").content.decode(),
        client.get("/areas/northvale/thread.csv").content.decode(),
    ]
    for page in pages:
        assert world.LOSING not in html.unescape(page)
        assert "Harbour Care" not in page


def test_a_draft_tenders_question_is_not_shown(client, chain):
    draft = chain["draft_question"]
    assert draft.requirement == chain["requirement"]
    page = html.unescape(_page(client, "priority", chain["priority"].pk))
    assert world.Q_DRAFT not in page and "T-DRAFT" not in page
    assert world.Q_DRAFT not in client.get("/areas/northvale/thread.json").content.decode()
    assert client.get(f"/thread/question/{draft.pk}/").status_code == 404


def test_the_winning_answer_is_not_shown_before_the_award(client, chain):
    """Until the award, the question is in the thread but nobody's answer is."""
    Tender.objects.filter(pk=chain["tender"].pk).update(status=Tender.Status.PUBLISHED)
    page = html.unescape(_page(client, "priority", chain["priority"].pk))
    assert world.Q_PANEL in page
    assert world.WINNING not in page
    assert "The tender has not been awarded yet." in page
    assert client.get(f"/thread/answer/{chain['winning_answer'].pk}/").status_code == 404


@pytest.mark.parametrize(
    "path", ["/thread/bogus/1/", "/thread/Priority/1/", "/thread/priority/999999/"]
)
def test_an_unknown_kind_or_record_is_404(client, chain, path):
    assert client.get(path).status_code == 404


def test_a_story_leads_to_the_priorities_of_its_services_contract(client, chain, commissioner):
    """The story's service runs under C-1; its KPI measures a question about the priority."""
    page = _page(client, "story", chain["story"].pk)
    assert "A story about Recovery Hub" in _words(page)
    assert _priorities_on(page) == {chain["priority"].pk}
    # The story's own words are not part of the thread page.
    assert world.STORY not in html.unescape(page)
    # A service under no contract leads nowhere, and says so.
    chain["service"].contract = None
    chain["service"].save()
    page = _page(client, "story", chain["story"].pk)
    assert _priorities_on(page) == set()
    assert "The service in this story has no contract with a KPI linked to a priority." in _words(
        page
    )


def test_a_result_leads_to_its_kpi_and_an_unknown_result_is_404(client, chain):
    page = _page(client, "result", chain["latest"].pk)
    assert "KPI K1 of contract C-1" in _words(page)
    missing = (MonitoringReturn.objects.order_by("-pk").values_list("pk", flat=True).first()) + 1
    assert client.get(f"/thread/result/{missing}/").status_code == 404


def test_a_question_about_no_requirement_says_where_the_thread_breaks(client, chain):
    staff = Question.objects.get(tender=chain["tender"], number=2)
    words = _words(_page(client, "question", staff.pk))
    assert "This question's requirement is not linked to any priority." in words
    assert "Priority:" not in words
