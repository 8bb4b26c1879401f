"""Every page each demo role can reach passes axe-core's WCAG 2.2 AA rules.

The crawl signs in through the real form, then follows same-origin links
breadth-first from the home page (GET only), checking each page with axe-core
in Chromium. Forms are also checked in their error state.
"""

import re
from collections import Counter, deque
from urllib.parse import urldefrag, urlsplit

from tests.browser.test_insight_keyboard import SPAM_WAIT, open_voting_exercise
from withus.cycle.models import CommissioningProject
from withus.insight import demo as insight_demo
from withus.insight.models import Exercise
from withus.pooling.models import PoolingGroup

MAX_PAGES = 200
# The same page for another record looks the same to axe: check a few of each
# shape (say /statements/<id>/check/), so 300 statements cannot eat the budget.
MAX_PER_SHAPE = 4
SKIP_PREFIXES = ("/admin/", "/static/", "/sign-out/")
PROJECT_PAGE = re.compile(r"^/projects/\d+/$")
INSIGHT_PAGE = re.compile(r"^/insight/\d+/")
STATEMENTS_PAGE = re.compile(r"^/insight/\d+/statements/")
WHAT_HAPPENED = "/areas/northvale/what-happened/"
POOLING_GROUP = re.compile(r"^/pooling/groups/\d+/")
SWIMMING = "Saturday swimming with a shared PA"


def _same_origin_links(page, origin: str) -> list[str]:
    # Downloads (a[download]) are files, not pages to check.
    hrefs = page.eval_on_selector_all("a[href]:not([download])", "links => links.map(a => a.href)")
    found = []
    for href in hrefs:
        url, _fragment = urldefrag(href)
        parts = urlsplit(url)
        if f"{parts.scheme}://{parts.netloc}" != origin:
            continue
        if parts.path.startswith(SKIP_PREFIXES):
            continue
        found.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return found


def _crawl(page, origin: str, check_a11y, start=("/",)) -> tuple[list[str], list[str]]:
    """Visits up to MAX_PAGES pages from start; returns (paths visited, problems)."""
    queue, seen, visited, problems = deque(start), set(start), [], []
    shapes: Counter[str] = Counter()
    while queue and len(visited) < MAX_PAGES:
        path = queue.popleft()
        response = page.goto(path)
        final = urlsplit(page.url).path
        if response is None or response.status >= 400:
            status = response.status if response else "no response"
            problems.append(f"{origin}{path}: HTTP {status}")
            continue
        visited.append(final if final == path else f"{path} -> {final}")
        problems += check_a11y(page)
        for link in _same_origin_links(page, origin):
            shape = re.sub(r"\d+", "#", link)
            if link not in seen and shapes[shape] < MAX_PER_SHAPE:
                seen.add(link)
                shapes[shape] += 1
                queue.append(link)
    return visited, problems


def test_every_page_is_accessible(demo, new_page, sign_in, check_a11y, live_server, artifacts):
    origin = live_server.url
    logins = {"anonymous": None, **demo}
    live = Exercise.objects.get(title=insight_demo.LIVE)
    # Nothing links to the public pages from "/" for people without an account.
    public = ("/", WHAT_HAPPENED, f"/insight/{live.pk}/tell-us/")
    visited_by_role, problems = {}, []
    for role, login in logins.items():
        page = new_page()
        if login:
            sign_in(page, login["username"], login["password"])
        visited, found = _crawl(page, origin, check_a11y, public if not login else ("/",))
        visited_by_role[role] = visited
        problems += [f"[{role}] {p}" for p in found + page.withus_errors]
        page.context.close()

    report = "\n".join(
        f"{role}: {len(paths)} pages\n  " + "\n  ".join(paths)
        for role, paths in visited_by_role.items()
    )
    (artifacts / "a11y-crawl.txt").write_text(report + "\n\nProblems:\n" + "\n".join(problems))

    assert not problems, f"{len(problems)} problems:\n" + "\n".join(problems)

    # The crawl must have reached real pages, not passed on nothing.
    counts = {role: len(paths) for role, paths in visited_by_role.items()}
    assert counts["anonymous"] >= 3, counts
    assert all(n >= 3 for n in counts.values()), counts
    commissioner = visited_by_role["commissioner"]
    assert sum(bool(PROJECT_PAGE.match(p)) for p in commissioner) >= 3, commissioner
    for needed in ("/areas/northvale/", "/areas/northvale/projects/new/", "/my/involvement/"):
        assert needed in commissioner, (needed, commissioner)
    assert any(p.endswith("/stage/") for p in commissioner), commissioner
    assert any(p.endswith("/involvement/new/") for p in commissioner), commissioner
    assert any("/what-changed/" in p for p in commissioner), commissioner
    for role in ("facilitator", "expert_by_experience", "area_admin"):
        assert any(PROJECT_PAGE.match(p) for p in visited_by_role[role]), (role, counts)
    # A commissioner from another area never reaches Northvale's projects.
    northvale = set(
        CommissioningProject.objects.filter(local_area__slug="northvale").values_list(
            "pk", flat=True
        )
    )
    assert not [
        p for p in visited_by_role["other_area_commissioner"] if _project_id(p) in northvale
    ]

    # Working Together for Change: the public pages, and who reaches what.
    finished = Exercise.objects.get(title=insight_demo.FINISHED)
    anonymous = visited_by_role["anonymous"]
    for needed in (WHAT_HAPPENED, f"/insight/{live.pk}/tell-us/"):
        assert needed in anonymous, (needed, anonymous)
    assert not [p for p in anonymous if INSIGHT_PAGE.match(p) and "/tell-us/" not in p]
    for role in ("commissioner", "facilitator"):
        visited = visited_by_role[role]
        for needed in (
            "/areas/northvale/insight/",
            f"/insight/{finished.pk}/",
            f"/insight/{finished.pk}/statements/",
            f"/insight/{finished.pk}/themes/",
            f"/insight/{finished.pk}/results/",
            f"/insight/{finished.pk}/priorities/",
            f"/insight/{live.pk}/",
            f"/insight/{live.pk}/themes/",
            f"/insight/{live.pk}/suggestions/",
            f"/insight/{live.pk}/statements/new/",
            WHAT_HAPPENED,
        ):
            assert needed in visited, (role, needed, visited)
        assert any(re.match(r"^/themes/\d+/$", p) for p in visited), (role, visited)
        assert any(re.match(r"^/priorities/\d+/$", p) for p in visited), (role, visited)
    # The area admin oversees exercises but does not run them.
    admin = visited_by_role["area_admin"]
    assert f"/insight/{finished.pk}/" in admin, admin
    assert not [p for p in admin if "/statements/" in p or p.startswith("/priorities/")], admin
    # People who use services never see who said what, nor any exercise's workings.
    for role in ("expert_by_experience", "provider", "budget_holder", "peer_mentor", "moderator"):
        assert not [p for p in visited_by_role[role] if STATEMENTS_PAGE.match(p)], role
        assert not [p for p in visited_by_role[role] if p.startswith("/areas/northvale/insight/")]
    assert not [
        p
        for p in visited_by_role["other_area_commissioner"]
        if INSIGHT_PAGE.match(p) or "/northvale/" in p
    ]

    # Pooling: a group belongs to its members and the facilitator they chose.
    swimming = PoolingGroup.objects.get(name=SWIMMING)
    garden = PoolingGroup.objects.exclude(pk=swimming.pk).get(local_area__slug="northvale")
    holder = visited_by_role["budget_holder"]
    for needed in (
        "/areas/northvale/pooling/me/",
        "/areas/northvale/pooling/me/budget/",
        *(
            f"/pooling/groups/{swimming.pk}/{end}"
            for end in ("", "pay-in/", "cost/", "outcomes/", "statement/", "leave/")
        ),
    ):
        assert needed in holder, (needed, holder)
    assert not [p for p in holder if p.startswith(f"/pooling/groups/{garden.pk}/")], holder
    assert not [p for p in holder if p.startswith("/areas/northvale/pooling/summary/")], holder
    facilitator = visited_by_role["facilitator"]
    for needed in (
        "/areas/northvale/pooling/",
        f"/pooling/groups/{swimming.pk}/",
        f"/pooling/groups/{garden.pk}/",
        f"/pooling/groups/{swimming.pk}/cost/",
    ):
        assert needed in facilitator, (needed, facilitator)
    # Not a member: no paying in, leaving or statements of their own.
    assert not [
        p
        for p in facilitator
        if p.startswith("/pooling/")
        and p.endswith(("/pay-in/", "/leave/", "/statement/", "/outcomes/"))
    ], facilitator
    for role in ("commissioner", "area_admin"):
        assert "/areas/northvale/pooling/summary/" in visited_by_role[role], role
    # Totals only: nobody but members and their facilitator sees inside a group.
    for role, visited in visited_by_role.items():
        if role not in ("budget_holder", "facilitator"):
            assert not [p for p in visited if POOLING_GROUP.match(p)], (role, visited)
        if role != "budget_holder":
            assert not [p for p in visited if "/pooling/me/" in p], (role, visited)


def _project_id(path: str) -> int | None:
    match = re.match(r"^/projects/(\d+)/", path)
    return int(match.group(1)) if match else None


def _submit(page, button: str) -> None:
    """Presses the form's button and waits for the page the server sends back."""
    with page.expect_navigation():
        page.locator("main").get_by_role("button", name=button).click()


def _check_error_summary(page) -> None:
    """The error summary is shown, has focus, and each link moves focus to its field."""
    summary = page.locator(".govuk-error-summary")
    assert summary.is_visible()
    assert page.evaluate("document.activeElement.classList.contains('govuk-error-summary')")
    assert page.title().startswith("Error: ")
    links = summary.locator("a")
    assert links.count() >= 1
    for i in range(links.count()):
        href = links.nth(i).get_attribute("href")
        assert href.startswith("#"), href
        target = page.locator(href)
        assert target.count() == 1, f"error summary link {href} points at nothing"
        links.nth(i).focus()
        page.keyboard.press("Enter")
        assert page.evaluate("document.activeElement.id") == href[1:], href
        # The field says what is wrong, next to it.
        group = page.locator(f".govuk-form-group--error:has({href})")
        assert group.locator(".govuk-error-message").is_visible(), href


def test_forms_in_their_error_state_are_accessible(demo, new_page, sign_in, check_a11y):
    problems = []

    page = new_page()
    page.goto("/sign-in/")
    _submit(page, "Sign in")
    _check_error_summary(page)
    problems += check_a11y(page, "empty sign-in form")

    login = demo["commissioner"]
    sign_in(page, login["username"], login["password"])
    page.goto("/areas/northvale/projects/new/")
    _submit(page, "Open the project")
    assert page.get_by_role("heading", name="Open a commissioning project").is_visible()
    assert page.locator(".govuk-error-summary li").count() == 5
    _check_error_summary(page)
    problems += check_a11y(page, "empty new project form")

    project = CommissioningProject.objects.filter(local_area__slug="northvale").first()
    page.goto(f"/projects/{project.pk}/involvement/new/")
    _submit(page, "Save the record")
    assert page.get_by_role("heading", name="Record involvement").is_visible()
    _check_error_summary(page)
    problems += check_a11y(page, "empty involvement form")

    assert not problems + page.withus_errors, "\n".join(problems + page.withus_errors)


def test_insight_forms_in_their_error_state_are_accessible(demo, new_page, sign_in, check_a11y):
    problems = []
    live = Exercise.objects.get(title=insight_demo.LIVE)

    # The public easy-read form, sent empty. Wait as a person would: the form
    # refuses anything sent within 3 seconds of being shown.
    page = new_page()
    page.goto(f"/insight/{live.pk}/tell-us/")
    page.wait_for_timeout(SPAM_WAIT * 1000)
    _submit(page, "Send")
    assert page.get_by_role("heading", name="Tell us what you think", level=1).is_visible()
    assert page.locator(".govuk-error-summary li").count() == 2
    _check_error_summary(page)
    problems += check_a11y(page, "empty public form")
    problems += page.withus_errors

    # Making a theme without a name.
    page = new_page()
    login = demo["facilitator"]
    sign_in(page, login["username"], login["password"])
    page.goto(f"/insight/{live.pk}/themes/")
    _submit(page, "Make the theme")
    assert page.get_by_role("heading", name="Make a theme", level=1).is_visible()
    _check_error_summary(page)
    problems += check_a11y(page, "empty make a theme form")
    problems += page.withus_errors

    # Voting with more votes than a person has: the whole ballot is wrong, so the
    # summary says so, with no field to link to.
    exercise, themes = open_voting_exercise()
    page = new_page()
    login = demo["expert_by_experience"]
    sign_in(page, login["username"], login["password"])
    page.goto(f"/insight/{exercise.pk}/vote/")
    for theme, number in zip(themes, ("4", "2", "1"), strict=True):
        page.locator(f"#id_theme_{theme.pk}").fill(number)
    _submit(page, "Send my votes")
    summary = page.locator(".govuk-error-summary")
    assert summary.is_visible()
    assert "You have 5 votes. You used 7." in summary.inner_text()
    assert page.evaluate("document.activeElement.classList.contains('govuk-error-summary')")
    assert page.title().startswith("Error: ")
    problems += check_a11y(page, "vote form, too many votes")
    # A box that is not a number is named, and its link moves focus to it.
    page.locator(f"#id_theme_{themes[0].pk}").fill("two")
    _submit(page, "Send my votes")
    _check_error_summary(page)
    problems += check_a11y(page, "vote form, not a number")

    assert not problems + page.withus_errors, "\n".join(problems + page.withus_errors)


def _empty_the_form(page) -> None:
    """Clears every box and unticks every choice in the main form, as if never filled in."""
    page.eval_on_selector(
        "main form[method='post']",
        """form => form.querySelectorAll("input:not([type='hidden']), textarea").forEach(el => {
            if (el.type === "radio" || el.type === "checkbox") el.checked = false;
            else el.value = "";
        })""",
    )


def test_pooling_forms_in_their_error_state_are_accessible(demo, new_page, sign_in, check_a11y):
    problems = []
    swimming = PoolingGroup.objects.get(name=SWIMMING)
    assert swimming.split_rule == "hours"

    page = new_page()
    login = demo["budget_holder"]
    sign_in(page, login["username"], login["password"])
    forms = (
        (f"/pooling/groups/{swimming.pk}/pay-in/", "Pay into the pool", "Record the payment", 2),
        (f"/pooling/groups/{swimming.pk}/cost/", "Record a shared cost", "Record the cost", 3),
        ("/areas/northvale/pooling/me/budget/", "Your budget", "Save", 4),
    )
    for path, heading, button, errors in forms:
        page.goto(path)
        _empty_the_form(page)
        _submit(page, button)
        assert page.get_by_role("heading", name=heading, level=1).is_visible()
        assert page.locator(".govuk-error-summary li").count() == errors, heading
        _check_error_summary(page)
        problems += check_a11y(page, f"empty {heading} form")
    problems += page.withus_errors

    # The facilitator sets up a suggested group, and sends the form without its details.
    page = new_page()
    login = demo["facilitator"]
    sign_in(page, login["username"], login["password"])
    page.goto("/areas/northvale/pooling/")
    suggestion = page.locator(".govuk-summary-card").first
    with page.expect_navigation():
        suggestion.get_by_role("button", name=re.compile("^Set up group 1")).click()
    assert urlsplit(page.url).path == "/areas/northvale/pooling/groups/new/"
    assert page.locator("input[name='people']:checked").count() >= 3
    problems += check_a11y(page, "new group from a suggestion")
    _submit(page, "Set up the group and send invitations")
    assert page.get_by_role("heading", name="Set up a pooling group", level=1).is_visible()
    _check_error_summary(page)
    problems += check_a11y(page, "empty new group form")

    assert not problems + page.withus_errors, "\n".join(problems + page.withus_errors)


def test_wrong_password_shows_the_error_and_keeps_the_username(demo, new_page, check_a11y):
    page = new_page()
    page.goto("/sign-in/")
    page.get_by_label("Username").fill("commissioner")
    page.get_by_label("Password").fill("not-the-password")
    _submit(page, "Sign in")

    summary = page.locator(".govuk-error-summary")
    assert summary.is_visible()
    assert "The username or password is not right" in summary.inner_text()
    assert page.evaluate("document.activeElement.classList.contains('govuk-error-summary')")
    assert page.get_by_label("Username").input_value() == "commissioner"
    assert page.get_by_label("Password").input_value() == ""
    assert urlsplit(page.url).path == "/sign-in/"
    problems = check_a11y(page, "wrong password") + page.withus_errors
    assert not problems, "\n".join(problems)


def test_error_pages_are_accessible(demo, new_page, sign_in, check_a11y):
    """Pages no link leads to: not found, not allowed, and too many sign-in tries."""
    problems = []
    page = new_page()
    response = page.goto("/no-such-page/")
    assert response.status == 404
    assert page.get_by_role("heading", level=1).is_visible()
    problems += check_a11y(page, "404")

    northvale = CommissioningProject.objects.filter(local_area__slug="northvale").first()
    login = demo["other_area_commissioner"]
    sign_in(page, login["username"], login["password"])
    response = page.goto(f"/projects/{northvale.pk}/")
    assert response.status == 403
    assert page.get_by_role("heading", name="You cannot see this page").is_visible()
    problems += check_a11y(page, "403")

    problems += page.withus_errors
    page = new_page()
    for _ in range(6):
        page.goto("/sign-in/")
        page.get_by_label("Username").fill("moderator")
        page.get_by_label("Password").fill("wrong-password")
        _submit(page, "Sign in")
        if page.get_by_role("heading", name="Too many tries").count():
            break
    assert page.get_by_role("heading", name="Too many tries").is_visible()
    problems += check_a11y(page, "locked out")

    problems += page.withus_errors
    assert not problems, "\n".join(problems)
