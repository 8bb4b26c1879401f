"""Ratings, stories and contract monitoring with the keyboard only: no clicks, no mouse.

Four journeys: someone with no account finds a service and tells their story
about it; someone types an email address wrongly and puts it right from the
error summary; the demo moderator takes the personal details out of a waiting
story and publishes it; and the demo commissioner reads a contract's KPIs.
``page.goto`` is used once, for the first page of each (and once more to look
at the public page as the public); everything after is Tab, Shift, Space,
arrow keys, Enter and typing. Every page on the way is checked with axe.
"""

import time

from tests.browser.test_insight_keyboard import _press_and_wait, _replace_value
from tests.browser.test_keyboard import _focused, _is_focused, choose_radio, follow, tab_to
from tests.browser.test_pooling_keyboard import _banner, _sign_in_by_keyboard
from tests.browser.test_tender_keyboard import _press_and_land
from withus.contracts import demo as contracts_demo
from withus.contracts import queries as contract_queries
from withus.contracts.models import Contract
from withus.core.models import User
from withus.stories.models import Alert, RatingCriterion, Service, Story

AREA = "northvale"
SERVICES = f"/areas/{AREA}/services/"
MODERATION = f"/areas/{AREA}/stories/moderation/"
# The public form refuses anything sent sooner than 3 seconds after it was shown.
SPAM_WAIT = 3.5
# In the demo's only waiting story with a phone number in it.
PHONE = "07700 900123"


def _wait_since(loaded: float) -> None:
    time.sleep(max(0.0, SPAM_WAIT - (time.monotonic() - loaded)))


def _criteria() -> list[RatingCriterion]:
    """Northvale's rating questions, in the order the form asks them."""
    criteria = list(RatingCriterion.objects.filter(local_area__slug=AREA, active=True))
    assert len(criteria) == 4
    return criteria


def _search_and_open(page, base: str, words: str, service: Service, check) -> str:
    """On the services page: types words in the search box, presses Enter and
    opens the one service found. Returns the service page's address."""
    tab_to(page, "#q")
    page.keyboard.type(words)
    page.keyboard.press("Enter")
    page.wait_for_url(f"{base}{SERVICES}?q={words}")
    assert page.locator("#q").input_value() == words
    found = page.locator("main table tbody th a")
    assert found.all_inner_texts() == [service.name]
    check(f"services, searched for {words!r}")
    service_url = f"{base}/services/{service.pk}/"
    follow(page, f"main a[href='/services/{service.pk}/']", service_url)
    assert page.get_by_role("heading", name=service.name, level=1).is_visible()
    return service_url


def _stories_line(page) -> str:
    """The "N stories." line under "What people say"."""
    return page.locator("main h2:has-text('What people say') + p").inner_text().strip()


def _open_tell_form(page, service_url: str, service: Service, check) -> tuple[str, float]:
    """Follows "Tell your story about this service"; returns its address and when it showed."""
    tell_url = f"{service_url}tell/"
    tab_to(page, f"main a[href='/services/{service.pk}/tell/']")
    assert "Tell your story about this service" in page.evaluate("document.activeElement.innerText")
    page.keyboard.press("Enter")
    page.wait_for_url(tell_url)
    loaded = time.monotonic()
    assert page.get_by_role("heading", name="Tell your story", level=1).is_visible()
    check("tell your story")
    return tell_url, loaded


def test_anyone_tells_a_story_by_keyboard(demo, new_page, live_server, check_a11y, artifacts):
    base = live_server.url
    service = Service.objects.get(local_area__slug=AREA, name="Harbour Crisis Café")
    criteria = _criteria()
    told_before = Story.objects.count()
    problems: list[str] = []
    page = new_page()

    def check(label: str) -> None:
        nonlocal problems
        problems += check_a11y(page, label)

    page.goto(SERVICES)
    assert page.get_by_role("heading", name="Find a service and rate it", level=1).is_visible()
    assert page.locator("main table tbody th a").count() == 8
    check("services")

    service_url = _search_and_open(page, base, "crisis", service, check)
    shown = service.stories.filter(status=Story.Status.PUBLISHED).count()
    assert _stories_line(page) == f"{shown} stories."
    check("service")

    tell_url, loaded = _open_tell_form(page, service_url, service, check)
    text = (
        "I came in at night when I could not face going home. The peer worker sat with me "
        "and made tea until I felt safe, and nobody rushed me out."
    )
    email = "told.by.keyboard@example.com"
    chosen = {criteria[0].pk: "4", criteria[2].pk: "2"}
    tab_to(page, "#id_text")
    page.keyboard.type(text)
    # One tab stop per radio group: a group left alone is passed with one Tab.
    for criterion in criteria:
        page.keyboard.press("Tab")
        name = f"rating_{criterion.pk}"
        assert _is_focused(page, f"input[name='{name}']"), (name, _focused(page))
        if criterion.pk in chosen:
            # The scale runs from 5 down to 1: Space picks 5, arrows move down it.
            choose_radio(page, name, chosen[criterion.pk])
    page.keyboard.press("Tab")
    assert _is_focused(page, "#id_contact_email"), _focused(page)
    page.keyboard.type(email)
    # The robot trap is skipped: the next stop is the button.
    page.keyboard.press("Tab")
    assert _is_focused(page, "main button[type='submit']"), _focused(page)
    assert page.evaluate("document.activeElement.innerText").strip() == "Send your story"
    # Shift+Tab goes back the way it came.
    page.keyboard.press("Shift+Tab")
    assert _is_focused(page, "#id_contact_email"), _focused(page)
    page.keyboard.press("Tab")
    assert _is_focused(page, "main button[type='submit']"), _focused(page)
    check("tell your story, filled in")
    page.screenshot(path=artifacts / "story-tell.png", full_page=True)

    _wait_since(loaded)
    _press_and_land(page, f"{tell_url}thanks/")
    panel = page.locator(".govuk-panel--confirmation")
    assert panel.get_by_role("heading", name="Thank you for your story", level=1).is_visible()
    check("thanks")
    page.screenshot(path=artifacts / "story-thanks.png", full_page=True)

    # Back to the service: the story waits for a moderator, so it is not shown yet.
    tab_to(page, f"main a[href='/services/{service.pk}/']")
    assert page.evaluate("document.activeElement.innerText").strip() == f"Back to {service.name}"
    page.keyboard.press("Enter")
    page.wait_for_url(service_url)
    main_text = page.locator("main").inner_text()
    assert text not in main_text
    assert "The peer worker sat with me" not in page.content()
    assert _stories_line(page) == f"{shown} stories."
    check("service, after telling")

    assert not problems + page.withus_errors, "\n".join(problems + page.withus_errors)

    assert Story.objects.count() == told_before + 1
    story = Story.objects.get(text=text)
    assert story.service == service
    assert story.status == Story.Status.PENDING
    assert story.contact_email == email
    assert {r.criterion_id: r.score for r in story.ratings.all()} == {
        pk: int(score) for pk, score in chosen.items()
    }
    assert (story.edited, story.moderated_by, story.criticality) == (False, None, None)


def test_a_mistyped_email_is_shown_and_kept(demo, new_page, live_server, check_a11y, artifacts):
    base = live_server.url
    service = Service.objects.get(local_area__slug=AREA, name="Brightpath Day Centre")
    criteria = _criteria()
    told_before = Story.objects.count()
    problems: list[str] = []
    page = new_page()

    def check(label: str) -> None:
        nonlocal problems
        problems += check_a11y(page, label)

    page.goto(SERVICES)
    check("services")
    # Found by where it is, not by its name.
    service_url = _search_and_open(page, base, "Millbrook", service, check)
    tell_url, loaded = _open_tell_form(page, service_url, service, check)

    text = "The day centre helped me find a volunteering place at the library."
    wrong = "jo.example.com"
    tab_to(page, "#id_text")
    page.keyboard.type(text)
    first = f"rating_{criteria[0].pk}"
    page.keyboard.press("Tab")
    assert _is_focused(page, f"input[name='{first}']"), _focused(page)
    choose_radio(page, first, "5")
    tab_to(page, "#id_contact_email", limit=5)
    page.keyboard.type(wrong)
    tab_to(page, "main button[type='submit']", limit=2)
    _press_and_wait(page, tell_url)

    summary = page.locator(".govuk-error-summary")
    assert summary.is_visible()
    said = summary.inner_text()
    assert "There is a problem" in said
    assert "Enter an email address like name@example.com, or leave it empty." in said
    # GOV.UK Frontend moves focus to the summary, so a screen reader reads it first.
    assert page.evaluate(
        "!!document.activeElement && !!document.activeElement.closest('.govuk-error-summary')"
    ), _focused(page)
    assert page.title().startswith("Error: ")
    # The message is by the box too, and the box says so to a screen reader.
    email_box = page.locator("#id_contact_email")
    assert "id_contact_email-error" in email_box.get_attribute("aria-describedby")
    # Nothing typed is lost.
    assert page.locator("#id_text").input_value() == text
    assert page.locator(f"input[name='{first}']:checked").get_attribute("value") == "5"
    assert email_box.input_value() == wrong
    assert Story.objects.count() == told_before
    check("tell your story, email wrong")
    page.screenshot(path=artifacts / "story-tell-error.png", full_page=True)

    # The summary's link takes focus to the email box; put it right and send.
    page.keyboard.press("Tab")
    assert _is_focused(page, ".govuk-error-summary a[href='#id_contact_email']"), _focused(page)
    page.keyboard.press("Enter")
    assert _is_focused(page, "#id_contact_email"), _focused(page)
    _replace_value(page, "jo@example.com")
    tab_to(page, "main button[type='submit']", limit=2)
    _wait_since(loaded)
    _press_and_land(page, f"{tell_url}thanks/")
    assert page.get_by_role("heading", name="Thank you for your story", level=1).is_visible()
    check("thanks")

    assert not problems + page.withus_errors, "\n".join(problems + page.withus_errors)

    story = Story.objects.get(text=text)
    assert (story.service, story.status) == (service, Story.Status.PENDING)
    assert story.contact_email == "jo@example.com"
    assert {r.criterion_id: r.score for r in story.ratings.all()} == {criteria[0].pk: 5}
    assert Story.objects.count() == told_before + 1


def test_moderator_takes_out_personal_details_by_keyboard(
    demo, new_page, live_server, check_a11y, artifacts
):
    login = demo["moderator"]
    assert login == {"username": "moderator", "password": "withus-demo-moderator"}
    base = live_server.url
    waiting = list(
        Story.objects.filter(service__local_area__slug=AREA, status=Story.Status.PENDING)
        .select_related("service")
        .order_by("created_at", "id")
    )
    assert len(waiting) == 10
    # The oldest waiting story with a phone number spotted in it (in the demo the
    # oldest with anything spotted is one with an email address; this is the only
    # one with a phone number, and a name too).
    story = next(s for s in waiting if any(f["kind"] == "phone" for f in s.flags))
    assert PHONE in story.text
    assert {f["kind"] for f in story.flags} == {"phone", "name"}
    service = story.service
    alerts_before = Alert.objects.count()
    queue_url = f"{base}{MODERATION}"
    moderate_url = f"{base}/stories/{story.pk}/moderate/"
    problems: list[str] = []
    page = new_page()

    def check(label: str) -> None:
        nonlocal problems
        problems += check_a11y(page, label)

    _sign_in_by_keyboard(page, base, login)
    check("home")
    follow(page, f"main a[href='{MODERATION}']", queue_url)
    assert page.get_by_role("heading", name="Stories to moderate", level=1).is_visible()
    queue = page.locator("main table").first
    assert "10 stories waiting, oldest first" in queue.locator("caption").inner_text()
    row = queue.locator("tr", has=page.locator(f"a[href='/stories/{story.pk}/moderate/']"))
    assert service.name in row.inner_text()
    assert row.locator(".govuk-tag--orange").inner_text().strip() == "2 to check"
    check("moderation queue")
    page.screenshot(path=artifacts / "story-moderation-queue.png", full_page=True)

    follow(page, f"main a[href='/stories/{story.pk}/moderate/']", moderate_url)
    main = page.locator("main")
    assert page.get_by_role("heading", name="Moderate a story", level=1).is_visible()
    # The personal details spotted, each with why.
    assert "These may be personal details. Check each one:" in main.inner_text()
    listed = main.locator(".govuk-warning-text + ul.govuk-list li").all_inner_texts()
    assert listed == [f"\u201c{f['text']}\u201d \u2014 {f['why']}" for f in story.flags]
    assert any(PHONE in item for item in listed), listed
    # The email address the person left is for the moderator only.
    assert story.contact_email in main.inner_text()
    check("moderate a story")

    new_text = "My support worker was brilliant, please tell her thank you."
    reason = "Took out a phone number and a first name."
    tab_to(page, "#id_text")
    assert page.locator("#id_text").input_value() == story.text
    # Select all of the textarea's words with the keyboard, and type over them.
    _replace_value(page, new_text)
    assert page.locator("#id_text").input_value() == new_text
    page.keyboard.press("Tab")
    assert _is_focused(page, "input[name='decision']"), _focused(page)
    choose_radio(page, "decision", "publish")
    page.keyboard.press("Tab")
    assert _is_focused(page, "input[name='criticality']"), _focused(page)
    # 1 to 5 from the top: Space picks 1, arrows move down to 3.
    choose_radio(page, "criticality", "3")
    page.keyboard.press("Tab")
    assert _is_focused(page, "#id_reason"), _focused(page)
    page.keyboard.type(reason)
    page.keyboard.press("Tab")
    assert _is_focused(page, "main button[type='submit']"), _focused(page)
    assert page.evaluate("document.activeElement.innerText").strip() == "Save decision"
    check("moderate a story, decided")
    page.screenshot(path=artifacts / "story-moderate.png", full_page=True)

    _press_and_land(page, queue_url)
    assert "Decision saved." in _banner(page)
    queue = page.locator("main table").first
    assert "9 stories waiting, oldest first" in queue.locator("caption").inner_text()
    assert page.locator(f"main a[href='/stories/{story.pk}/moderate/']").count() == 0
    check("moderation queue, after")

    story.refresh_from_db()
    assert story.status == Story.Status.PUBLISHED
    assert story.text == new_text
    assert story.edited is True
    assert story.criticality == 3
    assert story.reason == reason
    assert story.moderated_by == User.objects.get(username="moderator")
    assert story.flags == []
    # Level 3 is below the level that tells commissioners at once.
    assert Alert.objects.count() == alerts_before

    # The public page, as anyone sees it: the story is shown, without the number.
    public = new_page()
    public.goto(SERVICES)
    service_url = f"{base}/services/{service.pk}/"
    follow(public, f"main a[href='/services/{service.pk}/']", service_url)
    shown = public.locator("main .govuk-inset-text", has_text=new_text)
    assert shown.count() == 1
    assert "A moderator took out personal details." in shown.inner_text()
    html = public.content()
    for detail in (PHONE, PHONE.replace(" ", ""), "Karen"):
        assert detail not in html, detail
    problems += check_a11y(public, "service, story published")
    public.screenshot(path=artifacts / "story-published.png", full_page=True)

    errors = page.withus_errors + public.withus_errors
    assert not problems + errors, "\n".join(problems + errors)


def _chart_and_table(section) -> tuple[list[list[str]], list[list[str]]]:
    """A KPI section's chart as [label, shown value] rows, and its table as
    [period, figure, target, status] rows."""
    chart = section.locator("dl.withus-chart .withus-chart__row").evaluate_all(
        """rows => rows.map(r => [
            r.querySelector('.withus-chart__label').textContent.trim(),
            r.querySelector('.withus-chart__value').textContent.trim(),
        ])"""
    )
    table = section.locator("table.govuk-table tbody tr").evaluate_all(
        "rows => rows.map(r => [...r.children].map(c => c.textContent.trim()))"
    )
    return chart, table


def test_contract_kpis_have_tables_like_their_charts(
    demo, new_page, live_server, check_a11y, artifacts
):
    login = demo["commissioner"]
    assert login == {"username": "commissioner", "password": "withus-demo-commissioner"}
    base = live_server.url
    contract = Contract.objects.get(reference=contracts_demo.RUNNING)
    views = contract_queries.kpi_views(contract)
    assert [v.kpi.code for v in views] == ["K1", "K2", "K3", "K4", "K5"]
    contracts_url = f"{base}/areas/{AREA}/contracts/"
    contract_url = f"{base}/contracts/{contract.pk}/"
    problems: list[str] = []
    page = new_page()

    def check(label: str) -> None:
        nonlocal problems
        problems += check_a11y(page, label)

    _sign_in_by_keyboard(page, base, login)
    check("home")
    follow(page, "a[href='/areas/']", f"{base}/areas/")
    check("areas")
    follow(page, f"main a[href='/areas/{AREA}/']", f"{base}/areas/{AREA}/")
    check("area")
    follow(page, f"main a[href='/areas/{AREA}/contracts/']", contracts_url)
    assert page.get_by_role("heading", name="Contracts", level=1).is_visible()
    check("contracts")
    follow(page, f"main a[href='/contracts/{contract.pk}/']", contract_url)
    assert page.get_by_role("heading", name=contract.title, level=1).is_visible()
    assert contracts_demo.RUNNING in page.locator("main .govuk-caption-l").inner_text()
    check("contract")
    page.screenshot(path=artifacts / "contract-kpis.png", full_page=True)

    sections = page.locator("main section[aria-labelledby^='kpi-']")
    assert sections.count() == len(views)
    for section, view in zip(sections.all(), views, strict=True):
        kpi = view.kpi
        heading = section.locator("h3").inner_text().strip()
        assert heading == f"{kpi.code}: {kpi.title}"
        assert view.points, f"{kpi.code} has no figures in the demo"
        # The chart is hidden from screen readers; its table says the same.
        assert section.locator("dl.withus-chart").get_attribute("aria-hidden") == "true"
        tables = section.locator("table.govuk-table")
        assert tables.count() == 1, kpi.code
        caption = tables.locator("caption").inner_text().strip()
        assert caption == f"{kpi.code} figures by period"
        headers = tables.locator("thead th").all_inner_texts()
        assert [h.strip() for h in headers] == ["Period", "Figure", "Target", "Status"]
        chart, table = _chart_and_table(section)
        assert len(chart) == len(table) == len(view.points), kpi.code
        unit = f" {kpi.unit}"
        for point, (label, shown), row in zip(view.points, chart, table, strict=True):
            period, figure, target, status = row
            assert label == period == point.label, (kpi.code, label, period)
            assert target == f"{kpi.target.normalize():f}", (kpi.code, target)
            if point.value is None:
                assert (shown, figure) == ("Withheld", "Fewer than 5 ratings"), kpi.code
                assert status == "Withheld", (kpi.code, label)
                continue
            # The chart writes the status word after the figure, so colour is not alone.
            shown, _dot, word = shown.partition(" · ")
            assert word == point.status, (kpi.code, label, word)
            assert shown.endswith(unit), (kpi.code, shown)
            assert shown.removesuffix(unit) == figure, (kpi.code, label, shown, figure)
            expected = f"{point.value.normalize():f}"
            assert figure.replace(",", "") == expected, (kpi.code, label, figure, point.value)
            assert status.lower().startswith(point.status), (kpi.code, label, status)

    # Tab reaches past the last KPI to the footer: nothing on the page traps focus.
    tab_to(page, "footer a[href='/accessibility/']", limit=40)

    assert not problems + page.withus_errors, "\n".join(problems + page.withus_errors)
