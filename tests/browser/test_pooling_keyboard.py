"""Pooling personal budgets with the keyboard only: no clicks, no mouse.

Two journeys for the demo budget holder (Alan Price, a member of "Saturday
swimming with a shared PA"): saying no, then yes again, to being suggested for
pooling; and leaving the group with the money handed back. ``page.goto`` is used
once, for the first page of each; everything after is Tab, Enter and typing.
Every page on the way is checked with axe.
"""

from decimal import Decimal

from django.utils import timezone

from tests.browser.test_insight_keyboard import _press_and_wait, _replace_value
from tests.browser.test_keyboard import _focused, _is_focused, follow, tab_expect, tab_to
from withus.pooling.models import BudgetHolder, GroupMember, LedgerEntry, PoolingGroup

SWIMMING = "Saturday swimming with a shared PA"
MY_BUDGET = "/areas/northvale/pooling/me/"


def _sign_in_by_keyboard(page, base: str, login: dict) -> None:
    page.goto("/sign-in/")
    tab_to(page, "#id_username")
    page.keyboard.type(login["username"])
    page.keyboard.press("Tab")
    assert _is_focused(page, "#id_password"), _focused(page)
    page.keyboard.type(login["password"])
    page.keyboard.press("Enter")
    page.wait_for_url(f"{base}/")


def _money(text: str) -> Decimal:
    """£1,234.56 (or −£1.00) as a Decimal."""
    cleaned = text.strip().replace("£", "").replace(",", "").replace("−", "-")
    return Decimal(cleaned)


def _banner(page) -> str:
    return page.locator(".govuk-notification-banner--success").inner_text()


def test_budget_holder_stops_and_restarts_suggestions(
    demo, new_page, live_server, check_a11y, artifacts
):
    login = demo["budget_holder"]
    assert login["username"] == "budgetholder"
    base = live_server.url
    my_budget = f"{base}{MY_BUDGET}"
    holder = BudgetHolder.objects.get(user__username="budgetholder", local_area__slug="northvale")
    assert holder.pooling_consent is True  # the demo's budget holders have said yes
    problems: list[str] = []
    page = new_page()
    _sign_in_by_keyboard(page, base, login)
    problems += check_a11y(page, "home")

    follow(page, f"a[href='{MY_BUDGET}']", my_budget)
    main = page.locator("main")
    assert page.get_by_role("heading", name="Your budget and pooling", level=1).is_visible()
    assert "You have said yes" in main.inner_text()
    problems += check_a11y(page, "my budget, suggested")

    stop = "main form[action$='/pooling/me/consent/'] button[type='submit']"
    tab_to(page, stop)
    assert page.evaluate("document.activeElement.innerText").strip() == "Stop suggesting me"
    _press_and_wait(page, my_budget)
    assert "You will not be suggested for pooling groups." in _banner(page)
    assert "You have not said yes" in main.inner_text()
    yes = main.get_by_role("button", name="Yes, suggest me for pooling groups")
    assert yes.is_visible()
    assert main.get_by_role("button", name="Stop suggesting me").count() == 0
    problems += check_a11y(page, "my budget, not suggested")
    page.screenshot(path=artifacts / "pooling-not-suggested.png", full_page=True)
    holder.refresh_from_db()
    assert holder.pooling_consent is False

    tab_to(page, stop)
    assert "Yes, suggest me" in page.evaluate("document.activeElement.innerText")
    _press_and_wait(page, my_budget)
    assert "You will be suggested for pooling groups." in _banner(page)
    assert "You have said yes" in main.inner_text()
    assert main.get_by_role("button", name="Stop suggesting me").is_visible()
    problems += check_a11y(page, "my budget, suggested again")
    holder.refresh_from_db()
    assert holder.pooling_consent is True

    assert not problems + page.withus_errors, "\n".join(problems + page.withus_errors)


def test_budget_holder_leaves_the_group(demo, new_page, live_server, check_a11y, artifacts):
    login = demo["budget_holder"]
    base = live_server.url
    group = PoolingGroup.objects.get(name=SWIMMING)
    group_url = f"{base}/pooling/groups/{group.pk}/"
    # Leaving on a date before the ledger's last entry is refused, and the demo's
    # ledger runs to the end of November 2026: leave today, or on that last date.
    last_entry = group.ledger.order_by("-on").values_list("on", flat=True).first()
    leave_on = max(timezone.localdate(), last_entry)
    problems: list[str] = []
    page = new_page()
    _sign_in_by_keyboard(page, base, login)

    follow(page, f"a[href='{MY_BUDGET}']", f"{base}{MY_BUDGET}")
    follow(page, f"main a[href='/pooling/groups/{group.pk}/']", group_url)
    assert page.get_by_role("heading", name=SWIMMING, level=1).is_visible()
    problems += check_a11y(page, "group page")
    page.screenshot(path=artifacts / "pooling-group.png", full_page=True)

    # What the page says Alan has in the pool, before he leaves.
    members = page.locator("table", has=page.locator("caption", has_text="Members and what"))
    row = members.locator("tr", has=page.locator("th", has_text="Alan Price"))
    assert row.count() == 1
    balance = _money(row.locator("td").last.inner_text())
    assert balance > 0, balance

    follow(page, f"a[href='/pooling/groups/{group.pk}/leave/']", f"{group_url}leave/")
    assert page.get_by_role("heading", name="Leave the group", level=1).is_visible()
    assert f"The £{balance:,.2f} you have in the pool" in page.locator("main").inner_text()
    problems += check_a11y(page, "leave form")

    tab_to(page, "#id_on_0")
    parts = (str(leave_on.day), str(leave_on.month), str(leave_on.year))
    today = timezone.localdate()
    shown = [page.locator(f"#id_on_{i}").input_value() for i in range(3)]
    assert shown == [str(today.day), str(today.month), str(today.year)], shown
    for i, text in enumerate(parts):
        if i:
            tab_expect(page, f"#id_on_{i}")
        _replace_value(page, text)
    tab_expect(page, "main button[type='submit']")
    assert page.evaluate("document.activeElement.innerText").strip() == "Leave the group"
    page.keyboard.press("Enter")
    page.wait_for_url(f"{group_url}statement/")

    main = page.locator("main")
    assert page.get_by_role("heading", name="Your final statement", level=1).is_visible()
    panel = page.locator(".govuk-panel")
    assert f"£{balance:,.2f} returned to your own budget" in panel.inner_text()
    assert f"You left on {leave_on.day} {leave_on:%B %Y}" in panel.inner_text()
    assert "Back to the group" not in main.inner_text()
    problems += check_a11y(page, "final statement")
    page.screenshot(path=artifacts / "pooling-final-statement.png", full_page=True)

    assert not problems + page.withus_errors, "\n".join(problems + page.withus_errors)

    member = GroupMember.objects.get(group=group, user__username="budgetholder")
    assert member.left_on == leave_on
    entry = LedgerEntry.objects.get(group=group, kind="leave", member=member.user)
    assert entry.amount == balance
    assert entry.on == leave_on


def test_commissioner_sees_totals_only(demo, new_page, live_server, check_a11y, artifacts):
    login = demo["commissioner"]
    base = live_server.url
    page = new_page()
    _sign_in_by_keyboard(page, base, login)
    follow(page, "a[href='/areas/']", f"{base}/areas/")
    follow(page, "a[href='/areas/northvale/']", f"{base}/areas/northvale/")
    summary = "/areas/northvale/pooling/summary/"
    follow(page, f"a[href='{summary}']", f"{base}{summary}")
    assert page.get_by_role("heading", name="Pooling in this area", level=1).is_visible()
    main = page.locator("main")
    row = main.locator(".govuk-summary-list__row", has_text="Pooling groups")
    assert row.locator("dd").inner_text().strip() == "2"
    # Totals only: no group, member or message is named, and nothing links inside.
    text = main.inner_text()
    for private in (SWIMMING, "Allotment gardening club", "Alan Price", "Bella Moore"):
        assert private not in text, private
    assert main.locator("a[href^='/pooling/']").count() == 0
    problems = check_a11y(page, "pooling summary")
    page.screenshot(path=artifacts / "pooling-summary.png", full_page=True)
    assert not problems + page.withus_errors, "\n".join(problems + page.withus_errors)
