"""Browser tests: real Chromium (Debian's) driven by Playwright, checked with axe-core.

Every test in this folder is marked ``browser``; run them with ``make test-browser``.
"""

import io
import json
import os
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path

import pytest
from django.core.management import call_command


@pytest.fixture(scope="session", autouse=True)
def _allow_orm_beside_playwright():
    """Playwright's sync API runs an event loop in the test thread for the whole
    session, so Django would otherwise refuse the ORM calls the tests (and the
    database teardown) make. Set only once a browser test runs, so a run of the
    other tests keeps Django's guard."""
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"


HERE = Path(__file__).resolve().parent
ARTIFACTS = HERE.parent.parent / "test-artifacts"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
# WCAG 2.2 AA, as axe-core tags it.
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    """Mark every test in this folder, before ``-m`` selects by marker."""
    for item in items:
        if HERE in Path(str(item.path)).resolve().parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        message = f"Chromium not installed at {CHROMIUM}: apt-get install -y chromium"
        if os.environ.get("CI", "").strip().lower() == "true":
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def _console_error(page, msg, errors: list[str]) -> None:
    # A failed load is reported with its address by _failed_resource instead.
    if msg.type == "error" and not msg.text.startswith("Failed to load resource"):
        errors.append(f"{page.url}: console error: {msg.text}")


def _failed_resource(page, response, errors: list[str]) -> None:
    # Pages themselves are checked by each test; this catches CSS, JS and images.
    if response.status >= 400 and response.request.resource_type != "document":
        errors.append(f"{page.url}: HTTP {response.status} for {response.url}")


@pytest.fixture(scope="session")
def static_files_served(live_server) -> None:
    """Fails at once, and plainly, when the live server cannot serve withus's CSS."""
    url = f"{live_server.url}/static/withus/withus.css"
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            response.read()
    except urllib.error.HTTPError as error:
        pytest.fail(
            f"Static files are not served: {url} gave HTTP {error.code}, so every page "
            "would be tested without its CSS and JavaScript. Django's static files "
            "finders do not look in withus/static/ (it is not an app's static folder "
            "and STATICFILES_DIRS does not list it)."
        )


@pytest.fixture
def new_page(browser, live_server, static_files_served) -> Callable:
    """Opens a page in a fresh browser context (its own cookies) on the live server.

    Each page records JavaScript errors and console errors (such as a Content
    Security Policy refusal) in ``page.withus_errors``.
    """
    contexts = []

    def make():
        context = browser.new_context(
            base_url=live_server.url, viewport={"width": 1280, "height": 900}
        )
        context.set_default_timeout(10_000)
        contexts.append(context)
        page = context.new_page()
        errors = page.withus_errors = []
        page.on("pageerror", lambda exc: errors.append(f"{page.url}: JavaScript error: {exc}"))
        page.on("console", lambda msg: _console_error(page, msg, errors))
        page.on("response", lambda r: _failed_resource(page, r, errors))
        return page

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def demo(transactional_db) -> dict[str, dict[str, str]]:
    """Loads the Northvale demo area; returns {role: {username, password}}."""
    out = io.StringIO()
    call_command("demo", "--json", stdout=out)
    return json.loads(out.getvalue())


@pytest.fixture(scope="session")
def axe():
    from axe_playwright_python.sync_playwright import Axe

    return Axe()


@pytest.fixture
def check_a11y(axe) -> Callable:
    """Runs axe-core (WCAG 2.2 AA rules) on the page as it is now; returns violations.

    Each violation is one readable line: url, rule id, impact, target and help.
    """

    def run(page, label: str = "") -> list[str]:
        options = {
            "runOnly": {"type": "tag", "values": WCAG_TAGS},
            "resultTypes": ["violations"],
        }
        results = axe.run(page, options=options).response
        where = page.url + (f" ({label})" if label else "")
        return [
            f"{where}: {v['id']} [{v['impact']}] {' '.join(map(str, node['target']))} — {v['help']}"
            for v in results["violations"]
            for node in v["nodes"]
        ]

    return run


@pytest.fixture
def sign_in() -> Callable:
    """Signs in through the real sign-in form."""

    def run(page, username: str, password: str) -> None:
        page.goto("/sign-in/")
        page.get_by_label("Username").fill(username)
        page.get_by_label("Password").fill(password)
        page.locator("main").get_by_role("button", name="Sign in").click()
        page.wait_for_url(lambda url: "/sign-in/" not in url)

    return run


@pytest.fixture
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS
