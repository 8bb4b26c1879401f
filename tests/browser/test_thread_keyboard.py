"""The golden thread with the keyboard only, and every kind of thread page checked with axe.

Someone with no account starts on "What you told us and what happened",
follows the thread of "Help at weekends and in the evenings" forwards, from
the priority to its requirement, the tender question about it and the contract
KPI that measures it, and then back again to the priority's section. Only the
first page is opened with ``page.goto``; the rest is Tab and Enter. Each page's
headings and lists are checked as a screen reader meets them: through the
accessibility tree (roles, names and levels), not only the HTML.

The demo's other threads are found through ``queries.threads``, not by name,
so more priorities in the demo do not break these tests.
"""

import re

from playwright.sync_api import expect

from tests.browser.test_keyboard import _focused, _is_focused, tab_to
from withus.contracts.models import KPI
from withus.core.models import LocalArea
from withus.insight.models import Priority, Statement
from withus.stories.models import Story
from withus.tendering.models import Question, Requirement
from withus.thread import queries

AREA = "northvale"
WHAT_HAPPENED = f"/areas/{AREA}/what-happened/"
AREA_THREAD = f"/areas/{AREA}/thread/"
WEEKENDS = "Help at weekends and in the evenings"
TENDER = "NV-2026-031"
CONTRACT = "NV-2026-031-C"
# The first three steps of every thread, in order: headings of level 3.
STEPS = ["What people said", "The priority and what happened", "Requirements in a specification"]


def _thread_url(kind: str, pk: int) -> str:
    return f"/thread/{kind}/{pk}/"


def _area_threads() -> list[queries.PriorityThread]:
    area = LocalArea.objects.get(slug=AREA)
    return queries.threads(list(queries.priorities_of_area(area)), quotes=False)


def _complete_chain() -> tuple[Priority, Requirement, Question, KPI]:
    """The weekends priority, its requirement, the question about it in NV-2026-031 and
    the KPI of NV-2026-031-C that measures the question (the one with results, if any)."""
    priority = Priority.objects.select_related("theme").get(
        exercise__local_area__slug=AREA, theme__name=WEEKENDS
    )
    (thread,) = queries.threads([priority], quotes=False)
    assert thread.stop.complete, thread.stop
    chains = [
        (k.latest is None, priority, r.requirement, q.question, k.kpi)
        for r in thread.requirements
        for q in r.questions
        if q.question.tender.reference == TENDER
        for k in q.kpis
        if k.kpi.contract.reference == CONTRACT
    ]
    assert chains, f"no requirement → {TENDER} question → {CONTRACT} KPI"
    _no_results, *chain = min(chains, key=lambda c: (c[0], c[4].pk))
    return tuple(chain)


def _priority_heading(page, priority: Priority):
    return page.locator(f"main h2#priority-{priority.pk}")


def _check_structure(page, priorities: list[str]) -> None:
    """One h1; an h2 for each priority, each over an ordered list of steps whose first
    three are the level-3 headings in STEPS. Checked in the accessibility tree too."""
    assert page.get_by_role("heading", level=1).all_inner_texts() == ["Follow the thread"]
    main = page.locator("main")
    h2s = main.get_by_role("heading", level=2).all_inner_texts()
    assert h2s == [f"Priority: {name}" for name in priorities], h2s
    sections = main.locator("section.withus-thread")
    assert sections.count() == len(priorities)
    for section, name in zip(sections.all(), priorities, strict=True):
        # The steps are an <ol>, straight under the priority's heading, one step an item.
        steps = section.locator(":scope > ol")
        assert steps.count() == 1, name
        items = steps.locator(":scope > li")
        first_headings = [li.locator(":scope > h3").inner_text().strip() for li in items.all()]
        assert first_headings[:3] == STEPS, (name, first_headings)
        # As a screen reader meets it: a region named by the priority, holding a list
        # whose items start with the step headings at level 3.
        region = page.get_by_role("region", name=f"Priority: {name}", exact=True)
        assert region.count() == 1, name
        tree = region.aria_snapshot()
        assert f'heading "Priority: {name}" [level=2]' in tree, tree
        where = [tree.find(f'- heading "{step}" [level=3]') for step in STEPS]
        assert -1 not in where and where == sorted(where), tree
        list_at = tree.find("- list:")
        assert -1 < list_at < where[0], tree
        # The steps list counts its items: a screen reader says "list, N items".
        assert steps.evaluate("ol => getComputedStyle(ol).listStyleType") != "none"
        for step in STEPS:
            heading = region.get_by_role("heading", name=step, level=3, exact=True)
            assert heading.count() == 1, (name, step)
            # Each step heading is inside an item of the steps list.
            assert heading.evaluate(
                "h => h.closest('li') !== null && h.closest('li').parentElement.tagName === 'OL'"
            ), (name, step)


def _enter_and_land(page, url: str) -> None:
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(re.escape(url) + "$"))


def test_follow_the_thread_forwards_and_back_by_keyboard(
    demo, new_page, live_server, check_a11y, artifacts
):
    base = live_server.url
    priority, requirement, question, kpi = _complete_chain()
    problems: list[str] = []
    page = new_page()

    def check(label: str) -> None:
        nonlocal problems
        problems += check_a11y(page, label)

    page.goto(WHAT_HAPPENED)
    assert page.get_by_role("heading", level=1).all_inner_texts() == [
        "What you told us and what happened"
    ]
    section = _priority_heading(page, priority)
    assert section.inner_text().strip() == WEEKENDS
    check("what happened")

    # The link's name tells a screen reader whose thread it is, not only "Follow the thread".
    priority_thread = _thread_url("priority", priority.pk)
    link = page.get_by_role("link", name=f"Follow the thread of {WEEKENDS}", exact=True)
    assert link.count() == 1
    assert link.get_attribute("href") == priority_thread
    tab_to(page, f"main a[href='{priority_thread}']")
    assert page.evaluate("document.activeElement.textContent").split() == (
        f"Follow the thread of {WEEKENDS}".split()
    )
    _enter_and_land(page, f"{base}{priority_thread}")
    assert _priority_heading(page, priority).inner_text().strip() == f"Priority: {WEEKENDS}"
    assert f"Priority: {WEEKENDS}" in page.locator("main .govuk-caption-l").inner_text()
    assert page.locator("main .govuk-tag--green").first.inner_text().strip() == "Complete"
    _check_structure(page, [WEEKENDS])
    check("thread from the priority")
    page.screenshot(path=artifacts / "thread-priority.png", full_page=True)

    # Forwards: the requirement, the tender question about it, the KPI measuring that.
    walk = [
        ("requirement", requirement.pk, f"Requirement {requirement.number} of"),
        ("question", question.pk, f"Question {question.number} of tender {TENDER}"),
        ("kpi", kpi.pk, f"KPI {kpi.code} of contract {CONTRACT}"),
    ]
    for kind, pk, caption in walk:
        here = page.url
        target = _thread_url(kind, pk)
        # Found within the priority's own section, so another priority's links are not used.
        tab_to(page, f"section[aria-labelledby='priority-{priority.pk}'] a[href='{target}']")
        _enter_and_land(page, f"{base}{target}")
        assert page.url != here
        assert caption in page.locator("main .govuk-caption-l").inner_text(), kind
        # Still the same priority's thread, wherever it was picked up.
        heading = _priority_heading(page, priority)
        assert heading.inner_text().strip() == f"Priority: {WEEKENDS}", kind
        names = [
            h.removeprefix("Priority: ")
            for h in page.locator("main section.withus-thread > h2").all_inner_texts()
        ]
        assert WEEKENDS in names, (kind, names)
        _check_structure(page, names)
        check(f"thread from the {kind}")
    page.screenshot(path=artifacts / "thread-kpi.png", full_page=True)

    # The KPI's latest result is shown in words, not only by the tag's colour.
    kpi_item = page.locator(
        f"section[aria-labelledby='priority-{priority.pk}'] li",
        has=page.locator(f"a[href='{_thread_url('kpi', kpi.pk)}']"),
    ).last
    if kpi.returns.exists():
        assert "Latest result:" in kpi_item.inner_text()
        tag = kpi_item.locator(".govuk-tag").first.inner_text()
        assert re.search(r"(green|amber|red): ", tag), tag
    else:
        assert "No results yet." in kpi_item.inner_text()

    # Backwards: from the KPI's thread to the priority's section of the public page.
    back = f"{WHAT_HAPPENED}#priority-{priority.pk}"
    tab_to(page, f"section[aria-labelledby='priority-{priority.pk}'] a[href='{back}']")
    assert page.evaluate("document.activeElement.textContent").strip() == (
        "What you told us and what happened"
    )
    _enter_and_land(page, f"{base}{back}")
    target = page.locator(":target")
    assert target.count() == 1
    assert target.evaluate("el => el.id") == f"priority-{priority.pk}"
    assert target.inner_text().strip() == WEEKENDS
    expect(target).to_be_in_viewport()
    # Keyboard focus starts from the priority's section: the next Tab is its thread link.
    page.keyboard.press("Tab")
    assert _is_focused(page, f"main a[href='{priority_thread}']"), _focused(page)
    check("what happened, back at the priority")

    assert not problems + page.withus_errors, "\n".join(problems + page.withus_errors)


def _stories_with_kpis() -> tuple[Story, Story | None]:
    """Published stories about services whose contracts have KPIs: one whose KPIs lead to
    a priority when the demo has one (else any), and one whose KPIs lead nowhere, if any."""
    stories = (
        Story.objects.filter(
            status=Story.Status.PUBLISHED,
            service__contract__isnull=False,
            service__contract__kpis__isnull=False,
        )
        .select_related("service")
        .distinct()
        .order_by("id")
    )
    linked = stories.filter(
        service__contract__kpis__question__requirement__priorities__isnull=False
    ).first()
    story = linked or stories.first()
    assert story is not None, "no published story about a service with a contract with KPIs"
    unlinked = (
        stories.exclude(service__contract__kpis__priority__isnull=False)
        .exclude(service__contract__kpis__requirement__isnull=False)
        .exclude(service__contract__kpis__question__isnull=False)
        .first()
    )
    return story, unlinked


def test_thread_pages_pass_axe(demo, new_page, live_server, check_a11y, artifacts):
    priority, _requirement, _question, kpi = _complete_chain()
    found = _area_threads()
    short = [t for t in found if not t.stop.complete]
    assert short, "the demo has no thread that stops short"
    # One that stops short with a Gap tag in it, if the demo has one; else the first.
    gapped = next((t for t in short if not t.requirements), short[0])
    statement = (
        Statement.objects.filter(
            exercise__local_area__slug=AREA, public=True, theme__priority__isnull=False
        )
        .order_by("id")
        .first()
    )
    assert statement is not None
    story, unlinked_story = _stories_with_kpis()
    problems: list[str] = []
    page = new_page()

    def visit(url: str, label: str) -> None:
        nonlocal problems
        response = page.goto(url)
        assert response is not None and response.status == 200, (url, response)
        assert page.get_by_role("heading", level=1).count() == 1, url
        problems += check_a11y(page, label)

    visit(AREA_THREAD, "every thread in the area")
    assert page.get_by_role("heading", name="Where each thread stops", level=1).is_visible()
    assert page.locator(f"main a[href='{_thread_url('priority', priority.pk)}']").count() == 1
    page.screenshot(path=artifacts / "thread-area.png", full_page=True)

    visit(_thread_url("priority", priority.pk), "a complete thread")
    assert page.locator("main .govuk-tag--green", has_text="Complete").count() == 1

    visit(_thread_url("priority", gapped.priority.pk), f"stops short at {gapped.stop.at}")
    warning = page.locator("main .govuk-warning-text")
    assert warning.count() == 1
    # The warning's icon is hidden from screen readers; the word "Warning" is read instead.
    assert warning.locator(".govuk-warning-text__icon").get_attribute("aria-hidden") == "true"
    assert "Warning" in warning.locator(".govuk-visually-hidden").inner_text()
    assert gapped.stop.words in warning.inner_text()
    if not gapped.requirements:
        assert page.locator("main .govuk-tag--red", has_text="Gap").count() >= 1
    _check_structure(page, [gapped.priority.theme.name])
    page.screenshot(path=artifacts / "thread-short.png", full_page=True)

    visit(_thread_url("statement", statement.pk), "from a statement")
    assert "A statement" in page.locator("main .govuk-caption-l").inner_text()
    assert page.locator("main section.withus-thread").count() == 1

    visit(_thread_url("kpi", kpi.pk), "from a KPI")
    assert page.locator(f"main h2#priority-{priority.pk}").count() == 1

    visit(_thread_url("story", story.pk), "from a story")
    assert (
        f"A story about {story.service.name}" in page.locator("main .govuk-caption-l").inner_text()
    )
    shown = page.locator("main section.withus-thread").count()
    if shown == 0:
        # No KPI of the contract leads to a priority: the page says so with a Gap tag.
        assert page.locator("main .govuk-inset-text .govuk-tag--red", has_text="Gap").count() == 1
    page.screenshot(path=artifacts / "thread-story.png", full_page=True)

    if unlinked_story is not None:
        # A start that leads to no priority at all: the page says why, with a Gap tag.
        visit(_thread_url("story", unlinked_story.pk), "from a story that leads nowhere")
        assert page.locator("main section.withus-thread").count() == 0
        gap = page.locator("main .govuk-inset-text")
        assert gap.locator(".govuk-tag--red", has_text="Gap").count() == 1
        assert queries.NO_PRIORITY["story"] in gap.inner_text()

    visit(WHAT_HAPPENED, "what happened")
    assert page.get_by_role("link", name=f"Follow the thread of {WEEKENDS}", exact=True).count()

    assert not problems + page.withus_errors, "\n".join(problems + page.withus_errors)
