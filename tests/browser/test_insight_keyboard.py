"""Working Together for Change with the keyboard only: no clicks, no mouse.

Two journeys: someone without an account tells us something on the public
easy-read form, and an expert by experience votes on the themes. ``page.goto``
is used once, for the first page of each; everything after is Tab, Shift,
Space, arrow keys, Enter and typing. Every page on the way is checked with axe.
"""

import time

from tests.browser.test_keyboard import _focused, _is_focused, choose_radio, follow, tab_to
from withus.core.models import LocalArea, User
from withus.insight import demo as insight_demo
from withus.insight import services
from withus.insight.models import Ballot, Exercise, Statement

VOTING = "Housing support: what matters most?"
THEMES = ("Help at weekends", "Somewhere safe to live", "Someone who has been there")
# The public form refuses anything sent sooner than 3 seconds after it was shown.
SPAM_WAIT = 3.5


def open_voting_exercise() -> tuple[Exercise, list]:
    """A fresh Northvale exercise in its voting phase, with 3 themes (sorted by name).

    The demo's finished exercise is closed, so nobody can vote in it.
    """
    area = LocalArea.objects.get(slug="northvale")
    facilitator = User.objects.get(username="facilitator")
    exercise = services.exercise_open(by=facilitator, local_area=area, title=VOTING)
    services.statement_add(
        by=facilitator,
        exercise=exercise,
        kind="not_working",
        text="Nobody answers the phone at weekends.",
        source="event",
        consent=False,
    )
    themes = [
        services.theme_create(
            by=facilitator, exercise=exercise, name=name, i_statement=f"I want {name.lower()}."
        )
        for name in THEMES
    ]
    for phase in ("grouping", "voting"):
        exercise = services.exercise_move_phase(by=facilitator, exercise=exercise, to_phase=phase)
    return exercise, sorted(themes, key=lambda t: t.name)


def _replace_value(page, text: str) -> None:
    """In a text box with focus: select what is there and type over it."""
    page.keyboard.press("ControlOrMeta+a")
    page.keyboard.type(text)


def _press_and_wait(page, url: str) -> None:
    """Presses Enter on a form's button and waits for the page sent back (same address)."""
    with page.expect_navigation(url=url):
        page.keyboard.press("Enter")


def _choose_option(page, value: str) -> None:
    """With focus on a closed select: arrow keys until the value is chosen."""
    for _ in range(15):
        if page.evaluate("document.activeElement.value") == value:
            return
        page.keyboard.press("ArrowDown")
    raise AssertionError(f"arrow keys never chose {value}; focus is on {_focused(page)}")


def test_public_easy_read_form_by_keyboard(demo, new_page, live_server, check_a11y, artifacts):
    base = live_server.url
    live = Exercise.objects.get(title=insight_demo.LIVE)
    form_url = f"{base}/insight/{live.pk}/tell-us/"
    problems: list[str] = []
    page = new_page()
    page.goto("/areas/northvale/what-happened/")
    problems += check_a11y(page, "what happened")
    page.screenshot(path=artifacts / "insight-what-happened.png", full_page=True)

    # The public page invites people to the live exercise's form.
    follow(page, f"a[href='/insight/{live.pk}/tell-us/']", form_url)
    loaded = time.monotonic()
    assert page.get_by_role("heading", name="Tell us what you think", level=1).is_visible()
    problems += check_a11y(page, "public form")

    tab_to(page, "input[name='kind']")
    choose_radio(page, "kind", "not_working")
    text = "The bus to the day centre stops running at 3, so I have to leave early."
    page.keyboard.press("Tab")
    assert _is_focused(page, "#id_text"), _focused(page)
    page.keyboard.type(text)

    # The robot trap is skipped: the next stop is the "Tell us about you" details.
    page.keyboard.press("Tab")
    assert _is_focused(page, "summary.govuk-details__summary"), _focused(page)
    assert "Tell us about you" in page.evaluate("document.activeElement.innerText")
    page.keyboard.press("Enter")
    assert page.locator("details.govuk-details").evaluate("d => d.open")
    problems += check_a11y(page, "public form, details open")

    page.keyboard.press("Tab")
    assert _is_focused(page, "input[name='consent']"), _focused(page)
    choose_radio(page, "consent", "yes")
    page.keyboard.press("Tab")
    assert _is_focused(page, "#id_age_band"), _focused(page)
    _choose_option(page, "35_44")
    tab_to(page, "main button[type='submit']", limit=8)
    page.screenshot(path=artifacts / "insight-tell-us.png", full_page=True)

    # Shift+Tab goes back the way it came: the last field is how often to email.
    page.keyboard.press("Shift+Tab")
    assert _is_focused(page, "input[name='frequency']"), _focused(page)
    page.keyboard.press("Tab")
    assert _is_focused(page, "main button[type='submit']"), _focused(page)

    time.sleep(max(0.0, SPAM_WAIT - (time.monotonic() - loaded)))
    page.keyboard.press("Enter")
    page.wait_for_url(f"{form_url}thanks/")
    assert page.get_by_role("heading", name="Thank you", level=1).is_visible()
    problems += check_a11y(page, "thank you")
    page.screenshot(path=artifacts / "insight-tell-us-thanks.png", full_page=True)

    assert not problems + page.withus_errors, "\n".join(problems + page.withus_errors)

    statement = Statement.objects.get(exercise=live, text=text)
    assert statement.source == "easy_read"
    assert statement.kind == "not_working"
    assert statement.theme is None
    assert statement.equality_consent is True
    assert statement.age_band == "35_44"
    assert (statement.gender, statement.ethnic_group, statement.disabled) == ("", "", "")


def test_expert_votes_by_keyboard(demo, new_page, live_server, check_a11y, artifacts):
    exercise, themes = open_voting_exercise()
    login = demo["expert_by_experience"]
    assert login["username"] == "expert"
    base = live_server.url
    vote_url = f"{base}/insight/{exercise.pk}/vote/"
    problems: list[str] = []
    page = new_page()
    page.goto("/sign-in/")

    tab_to(page, "#id_username")
    page.keyboard.type(login["username"])
    page.keyboard.press("Tab")
    assert _is_focused(page, "#id_password"), _focused(page)
    page.keyboard.type(login["password"])
    page.keyboard.press("Enter")
    page.wait_for_url(f"{base}/")

    # The home page says voting is open, with a link to the ballot.
    banner = page.get_by_role("region", name="Voting is open")
    assert banner.is_visible()
    assert f"Vote on the themes for {VOTING}" in banner.inner_text()
    problems += check_a11y(page, "home, voting open")
    follow(page, f"a[href='/insight/{exercise.pk}/vote/']", vote_url)
    assert page.get_by_role("heading", name="Vote for the themes that matter most").is_visible()
    assert "You have 5 votes." in page.locator("main").inner_text()
    problems += check_a11y(page, "vote form")

    boxes = [f"#id_theme_{t.pk}" for t in themes]
    # First, one vote too many: 3 + 3 + 0 = 6.
    for box, number in zip(boxes, ("3", "3", "0"), strict=True):
        tab_to(page, box, limit=10)
        _replace_value(page, number)
    tab_to(page, "main button[type='submit']", limit=5)
    _press_and_wait(page, vote_url)
    summary = page.locator(".govuk-error-summary")
    assert "You have 5 votes. You used 6." in summary.inner_text()
    assert page.evaluate("document.activeElement.classList.contains('govuk-error-summary')")
    assert page.title().startswith("Error: ")
    # What was typed is kept.
    assert [page.locator(b).input_value() for b in boxes] == ["3", "3", "0"]
    assert not Ballot.objects.filter(exercise=exercise).exists()
    problems += check_a11y(page, "vote form, too many votes")
    page.screenshot(path=artifacts / "insight-vote-too-many.png", full_page=True)

    # Then put it right, from the error summary: Tab on to the second box.
    tab_to(page, boxes[1], limit=15)
    _replace_value(page, "2")
    tab_to(page, "main button[type='submit']", limit=5)
    _press_and_wait(page, vote_url)
    assert page.get_by_role("heading", name="Your votes are in", level=1).is_visible()
    problems += check_a11y(page, "votes are in")

    assert not problems + page.withus_errors, "\n".join(problems + page.withus_errors)

    ballot = Ballot.objects.get(exercise=exercise)
    assert ballot.method == "online"
    assert ballot.voter.username == "expert"
    assert ballot.entered_by == ballot.voter
    dots = {v.theme_id: v.dots for v in ballot.votes.all()}
    # A theme with 0 votes has no row.
    assert dots == {themes[0].pk: 3, themes[1].pk: 2}
