"""A commissioner's whole journey with the keyboard only: no clicks, no mouse.

``page.goto`` is used once, for the first page; everything after is Tab, Shift,
Space, arrow keys, Enter and typing.
"""

import re

from withus.core.models import User
from withus.cycle.models import CommissioningProject

PROJECT_URL = re.compile(r"/projects/(\d+)/$")


def _focused(page) -> str:
    return page.evaluate(
        """() => {
            const el = document.activeElement;
            if (!el || el === document.body) return "<body>";
            const text = (el.innerText || el.value || "").trim().slice(0, 40);
            return `<${el.tagName.toLowerCase()}${el.id ? " id=" + el.id : ""}> ${text}`;
        }"""
    )


def _is_focused(page, selector: str) -> bool:
    return page.evaluate(
        "s => !!document.activeElement && document.activeElement.matches(s)", selector
    )


def tab_to(page, selector: str, limit: int = 60) -> None:
    """Presses Tab until the focused element matches selector."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if _is_focused(page, selector):
            return
    raise AssertionError(f"{limit} Tabs never reached {selector}; focus is on {_focused(page)}")


def tab_expect(page, selector: str) -> None:
    """Presses Tab once; the next element in the tab order must match selector."""
    page.keyboard.press("Tab")
    assert _is_focused(page, selector), f"Tab went to {_focused(page)}, not {selector}"


def type_into_next(page, selector: str, text: str) -> None:
    tab_expect(page, selector)
    page.keyboard.type(text)


def follow(page, selector: str, url) -> None:
    """Tabs to a link and follows it with Enter."""
    tab_to(page, selector)
    page.keyboard.press("Enter")
    page.wait_for_url(url)


def choose_radio(page, name: str, value: str) -> None:
    """With focus on the first radio of a group: Space, then arrow keys to the value."""
    page.keyboard.press("Space")
    for _ in range(12):
        checked = page.evaluate(
            "n => document.querySelector(`input[name='${n}']:checked`)?.value", name
        )
        if checked == value:
            assert _is_focused(page, f"input[name='{name}'][value='{value}']")
            return
        page.keyboard.press("ArrowDown")
    raise AssertionError(f"arrow keys never chose {value} in {name}; chosen: {checked}")


def test_keyboard_journey(demo, new_page, live_server, artifacts):
    login = demo["commissioner"]
    base = live_server.url
    page = new_page()
    page.goto("/")

    # The first Tab reaches the skip link, and it is shown.
    page.keyboard.press("Tab")
    skip = page.locator(".govuk-skip-link")
    assert _is_focused(page, ".govuk-skip-link"), _focused(page)
    assert skip.inner_text() == "Skip to main content"
    assert skip.is_visible()
    page.keyboard.press("Enter")
    assert _is_focused(page, "main#main-content"), _focused(page)

    # Sign in, from the start button inside the main content.
    follow(page, "a[href='/sign-in/']", f"{base}/sign-in/")
    tab_to(page, "#id_username")
    page.keyboard.type(login["username"])
    type_into_next(page, "#id_password", login["password"])
    page.keyboard.press("Enter")
    page.wait_for_url(f"{base}/")
    assert page.get_by_role("heading", name="Hello, Priya Shah").is_visible()

    # Area dashboard, then open a project.
    follow(page, "a[href='/areas/']", f"{base}/areas/")
    follow(page, "a[href='/areas/northvale/']", f"{base}/areas/northvale/")
    assert page.get_by_role("heading", name="Northvale (demo county)", level=1).is_visible()
    follow(
        page, "a[href='/areas/northvale/projects/new/']", f"{base}/areas/northvale/projects/new/"
    )
    name = "Peer support after prison release"
    tab_to(page, "#id_name")
    page.keyboard.type(name)
    type_into_next(page, "#id_service_area", "Criminal justice and recovery")
    type_into_next(page, "#id_budget", "250,000")
    dates = {"planned_start": ("1", "4", "2027"), "planned_end": ("31", "3", "2030")}
    for field, parts in dates.items():
        for i, text in enumerate(parts):  # day, month, year
            type_into_next(page, f"#id_{field}_{i}", text)
    page.keyboard.press("Enter")
    page.wait_for_url(PROJECT_URL)
    project_url = page.url
    assert "Project opened at needs assessment." in page.locator("main").inner_text()

    # Move it on a stage, choosing the radio with the keyboard.
    follow(page, "a[href$='/stage/']", f"{project_url}stage/")
    tab_to(page, "input[name='to_stage']")
    choose_radio(page, "to_stage", "review_current_services")
    type_into_next(page, "#id_reason", "The needs assessment is finished.")
    tab_expect(page, "main button[type='submit']")
    page.keyboard.press("Enter")
    page.wait_for_url(project_url)
    stage_row = page.locator(".govuk-summary-list__row", has_text="Stage").first
    assert "2 of 8" in stage_row.inner_text()

    # Record involvement.
    follow(page, "a[href$='/involvement/new/']", f"{project_url}involvement/new/")
    tab_to(page, "#id_stage")
    assert page.evaluate("document.activeElement.value") == "review_current_services"
    title = "Peer researchers visit the release hostel"
    type_into_next(page, "#id_title", title)
    for part, text in (("0", "12"), ("1", "5"), ("2", "2026")):
        type_into_next(page, f"#id_happened_on_{part}", text)
    tab_expect(page, "input[name='level']")
    choose_radio(page, "level", "co_design")
    # Tab leaves the radio group for the first person; tab on to Jo Reilly.
    jo = page.locator("label", has_text="Jo Reilly").get_attribute("for")
    # The demo has about 50 people with lived experience to choose from.
    tab_to(page, f"#{jo}", limit=60)
    page.keyboard.press("Space")
    assert page.locator(f"#{jo}").is_checked()
    assert page.locator("input[name='participants']:checked").count() == 1
    tab_to(page, "#id_group_name", limit=60)
    page.keyboard.type("Northvale Recovery Community")
    type_into_next(page, "#id_group_count", "3")
    type_into_next(page, "#id_what_was_said", "People want a mentor who meets them at the gate.")
    tab_expect(page, "#id_what_changed")  # left empty: nothing has changed yet
    type_into_next(page, "#id_hours_given", "4.5")
    page.keyboard.press("Enter")
    page.wait_for_url(project_url)

    main = page.locator("main")
    assert "Involvement recorded." in main.inner_text()
    assert "2 of 8" in page.locator(".govuk-summary-list__row", has_text="Stage").first.inner_text()
    card = page.locator(".govuk-summary-card", has=page.get_by_role("heading", name=title))
    assert card.count() == 1
    assert card.locator(".govuk-tag", has_text="Nothing yet").is_visible()
    assert "Jo Reilly; 3 people from Northvale Recovery Community" in card.inner_text()
    page.screenshot(path=artifacts / "project-page.png", full_page=True)
    assert not page.withus_errors, page.withus_errors

    # And in the database.
    project = CommissioningProject.objects.get(name=name)
    assert str(project.pk) == PROJECT_URL.search(project_url).group(1)
    assert project.local_area.slug == "northvale"
    assert project.stage == "review_current_services"
    assert project.service_area == "Criminal justice and recovery"
    assert str(project.budget) == "250000.00"
    assert (str(project.planned_start), str(project.planned_end)) == ("2027-04-01", "2030-03-31")
    move = project.stage_moves.order_by("-pk").first()
    assert move.to_stage == "review_current_services"
    assert move.reason == "The needs assessment is finished."
    record = project.involvement_records.get()
    assert record.title == title
    assert record.stage == "review_current_services"
    assert str(record.happened_on) == "2026-05-12"
    assert record.level == "co_design"
    assert list(record.participants.all()) == [User.objects.get(username="expert")]
    assert (record.group_name, record.group_count) == ("Northvale Recovery Community", 3)
    assert record.what_changed == ""
    assert record.hours_given == 4.5
