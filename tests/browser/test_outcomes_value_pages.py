"""Open budgets, pathways, social value (and outcomes): every new page with axe, by keyboard.

Every new HTML page is opened as a demo role that uses it, at an address built
with ``reverse()`` from demo records looked up by name, and checked with
axe-core (WCAG 2.2 AA). Its main heading must say what the page is for, so a
wrong page (a sign-in page, a 403) cannot pass. Every new form is sent empty
(or with one plainly wrong value) and its error page checked the same way,
with the GOV.UK error summary shown, focused, and linked to the fields.

Then one journey for each app with the keyboard only (no clicks, no mouse):
``page.goto`` is used once, for the sign-in page (which then goes on to the
first page); everything after is Tab, Shift, Space, arrow keys, Enter and typing.
"""

from decimal import Decimal
from urllib.parse import urlencode, urlsplit

from django.urls import reverse
from django.utils import timezone

from tests.browser.test_accessibility import _empty_the_form, _submit
from tests.browser.test_keyboard import _focused, _is_focused, choose_radio, tab_expect, tab_to
from tests.browser.test_tender_keyboard import _press_and_land
from withus.core.models import LocalArea
from withus.open_budgets.models import BudgetLine, BudgetYear, Saving
from withus.outcomes import demo as outcomes_demo
from withus.outcomes.models import Evaluation, Measure, Participant
from withus.pathways import demo as pathway_demo
from withus.pathways.models import Pathway, PathwayPerson, Stage
from withus.social_value import demo as sroi_demo
from withus.social_value import queries as sroi_queries
from withus.social_value.models import Analysis

AREA = "northvale"
SAVING_YEAR = 2025
DRAFT_YEAR = 2026


def _area() -> LocalArea:
    return LocalArea.objects.get(slug=AREA)


def _live_pathway() -> Pathway:
    return Pathway.objects.get(local_area__slug=AREA, name=pathway_demo.NAME)


def _analysis(title: str) -> Analysis:
    return Analysis.objects.get(local_area__slug=AREA, title=title)


def _heading(page) -> str:
    """The text of the page's one h1, as the accessibility tree names it."""
    h1s = page.get_by_role("heading", level=1)
    return " | ".join(h1s.all_inner_texts()) if h1s.count() else "<no h1>"


def _focus_shown(page) -> bool:
    """The focused element wears GOV.UK's focus colour (yellow, #ffdd00) in its
    outline, background or box shadow: none of them do without focus."""
    return page.evaluate(
        """() => {
            const el = document.activeElement;
            if (!el || el === document.body) return false;
            const s = getComputedStyle(el);
            const yellow = "rgb(255, 221, 0)";
            const outline = s.outlineStyle !== "none" && s.outlineColor === yellow;
            return outline || s.backgroundColor === yellow || s.boxShadow.includes(yellow);
        }"""
    )


def _summary_problems(page, label: str, linked: bool = True) -> list[str]:
    """What is wrong with the error summary (empty when all is well): it is shown,
    has focus, the title says Error, and (when linked) each link moves focus to
    its field, whose group shows the message next to it."""
    where = f"{page.url} ({label})"
    summary = page.locator(".govuk-error-summary")
    if not summary.count() or not summary.first.is_visible():
        return [f"{where}: no error summary shown"]
    found = []
    if not page.evaluate(
        "!!document.activeElement && !!document.activeElement.closest('.govuk-error-summary')"
    ):
        found.append(f"{where}: the error summary does not have focus ({_focused(page)})")
    if not page.title().startswith("Error: "):
        found.append(f"{where}: the page title does not start with 'Error: ': {page.title()!r}")
    if not linked:
        return found
    links = summary.locator("a")
    if links.count() < 1:
        return [*found, f"{where}: the error summary links to no field"]
    for i in range(links.count()):
        href = links.nth(i).get_attribute("href") or ""
        if not href.startswith("#") or page.locator(href).count() != 1:
            found.append(f"{where}: error summary link {href!r} points at nothing")
            continue
        links.nth(i).focus()
        page.keyboard.press("Enter")
        if page.evaluate("document.activeElement.id") != href[1:]:
            found.append(f"{where}: error summary link {href} does not move focus to its field")
        group = page.locator(f".govuk-form-group--error:has({href})")
        if not group.count() or not group.first.locator(".govuk-error-message").is_visible():
            found.append(f"{where}: no error message next to {href}")
    return found


class _Checker:
    """Opens pages and sends forms as one person, collecting every problem found."""

    def __init__(self, page, who: str, check_a11y):
        self.page, self.who, self.check_a11y = page, who, check_a11y
        self.problems: list[str] = []

    def add(self, found: list[str]) -> None:
        self.problems.extend(f"[{self.who}] {p}" for p in found)

    def heading_is(self, heading: str, label: str) -> bool:
        text = _heading(self.page)
        if heading not in text:
            self.add([f"{self.page.url} ({label}): main heading is {text!r}, not {heading!r}"])
            return False
        return True

    def visit(self, url: str, heading: str, label: str) -> bool:
        """Opens the page: it must come back 200 at that address, with that heading."""
        response = self.page.goto(url)
        status = response.status if response else "no response"
        if status != 200 or urlsplit(self.page.url).path != urlsplit(url).path:
            self.add([f"{url} ({label}): HTTP {status}, at {self.page.url}"])
            return False
        if not self.heading_is(heading, label):
            return False
        self.add(self.check_a11y(self.page, label))
        return True

    def send_empty(self, button: str, heading: str, label: str, errors: int | None = None):
        """Sends the main form with nothing in it: the page comes back with its errors."""
        _empty_the_form(self.page)
        self.send(button, heading, label, errors)

    def send(self, button: str, heading: str, label: str, errors: int | None = None):
        _submit(self.page, button)
        if not self.heading_is(heading, label):
            return
        shown = self.page.locator(".govuk-error-summary li").count()
        if errors is not None and shown != errors:
            self.add([f"{self.page.url} ({label}): {shown} errors in the summary, not {errors}"])
        self.add(_summary_problems(self.page, label))
        self.add(self.check_a11y(self.page, label))

    def finish(self) -> list[str]:
        self.add(self.page.withus_errors)
        return self.problems


# 1. Every new page, as each role that uses it.


def test_every_new_page_is_accessible(demo, new_page, sign_in, check_a11y, artifacts):
    area = _area()
    slug = (area.slug,)
    draft_year = BudgetYear.objects.get(local_area=area, start=DRAFT_YEAR)
    assert not draft_year.is_published
    draft_line = BudgetLine.objects.get(year=draft_year, service="Peer support")
    saving = Saving.objects.get(year__local_area=area, year__start=SAVING_YEAR)
    pathway = _live_pathway()
    assert pathway.is_live
    first_stage = Stage.objects.get(pathway=pathway, position=1)
    waiting = next(
        p
        for p in PathwayPerson.objects.filter(pathway=pathway).order_by("reference")
        if pathway.stages.exclude(outcomes_met__person=p).exists()
    )
    published = _analysis(sroi_demo.PUBLISHED)
    draft = _analysis(sroi_demo.DRAFT)
    assert published.is_published and not draft.is_published
    draft_input = draft.inputs.first()
    draft_outcome = draft.outcomes.first()
    spends = f"What {area.name} spends on care and support"
    problems: list[str] = []

    # Anyone, without an account: the public pages.
    who = _Checker(new_page(), "anonymous", check_a11y)
    page = who.page
    if who.visit(reverse("open_budget", args=slug), spends, "open budget"):
        csv = page.locator(f"main a[href='{reverse('open_budget_csv', args=slug)}']")
        json = page.locator(f"main a[href='{reverse('open_budget_json', args=slug)}']")
        assert csv.count() == 1 and "CSV" in csv.inner_text(), "no CSV link"
        assert json.count() == 1 and "JSON" in json.inner_text(), "no JSON link"
        assert "Draft: not public" not in page.locator("main").inner_text()
    who.visit(reverse("pathways", args=slug), "Integrated pathways", "pathways")
    who.visit(reverse("pathway", args=[pathway.pk]), pathway.name, "live pathway")
    who.visit(reverse("sroi_list", args=slug), "Social value", "social value list")
    if who.visit(reverse("sroi_analysis", args=[published.pk]), published.title, "SROI"):
        assert page.get_by_role("table", name="What happens when one guess changes").is_visible()
    problems += who.finish()

    # The commissioner keeps the budget, runs the pathway and writes the analyses.
    page = new_page()
    login = demo["commissioner"]
    sign_in(page, login["username"], login["password"])
    who = _Checker(page, "commissioner", check_a11y)
    if who.visit(reverse("open_budget", args=slug), spends, "open budget with drafts"):
        assert "Draft: not public" in page.locator("main").inner_text()
    who.visit(reverse("open_budget_manage", args=slug), "Keep the open budget", "manage")
    who.visit(reverse("open_budget_line_new", args=slug), "Add spending on a service", "new line")
    who.visit(reverse("open_budget_line_edit", args=[draft_line.pk]), "Change spending", "line")
    who.visit(
        reverse("open_budget_line_remove", args=[draft_line.pk]),
        f"Remove Peer support from {draft_year.label}?",
        "remove a line",
    )
    who.visit(reverse("open_budget_import", args=slug), "Import spending from a CSV file", "import")
    who.visit(
        reverse("open_budget_saving_new", args=slug), "Record a saving to share", "new saving"
    )
    who.visit(reverse("open_budget_saving_edit", args=[saving.pk]), "Change a saving", "saving")
    who.visit(
        reverse("open_budget_saving_remove", args=[saving.pk]),
        f"Remove this saving from {saving.year.label}?",
        "remove a saving",
    )
    who.visit(reverse("pathways", args=slug), "Integrated pathways", "pathways, commissioner")
    who.visit(reverse("pathway", args=[pathway.pk]), pathway.name, "pathway, commissioner")
    who.visit(reverse("pathway_new", args=slug), "Set up a pathway", "new pathway")
    who.visit(reverse("pathway_edit", args=[pathway.pk]), "Change the pathway", "change pathway")
    who.visit(reverse("pathway_stage_new", args=[pathway.pk]), "Add a stage", "new stage")
    who.visit(
        reverse("pathway_stage_edit", args=[first_stage.pk]), "Change stage 1", "change stage"
    )
    who.visit(reverse("pathway_people", args=[pathway.pk]), "People on the pathway", "people")
    who.visit(
        reverse("pathway_person_new", args=[pathway.pk]),
        "Record a person starting the pathway",
        "new person",
    )
    who.visit(reverse("pathway_outcome_new", args=[waiting.pk]), "Record an outcome met", "outcome")
    who.visit(
        reverse("pathway_statement", args=[pathway.pk]),
        "What each provider is owed",
        "statement, commissioner",
    )
    who.visit(reverse("sroi_list", args=slug), "Social value", "social value, commissioner")
    who.visit(
        reverse("sroi_new", args=slug),
        "Start a social return on investment analysis",
        "new analysis",
    )
    who.visit(reverse("sroi_analysis", args=[published.pk]), published.title, "SROI, keeper")
    who.visit(reverse("sroi_analysis", args=[draft.pk]), draft.title, "draft SROI")
    who.visit(reverse("sroi_edit", args=[draft.pk]), "Change the analysis", "change analysis")
    who.visit(reverse("sroi_publish", args=[draft.pk]), "Publish the analysis", "publish SROI")
    who.visit(reverse("sroi_input_new", args=[draft.pk]), "Add what was put in", "new input")
    who.visit(reverse("sroi_input_edit", args=[draft_input.pk]), "Change what was put in", "input")
    who.visit(reverse("sroi_outcome_new", args=[draft.pk]), "Add an outcome", "new outcome")
    who.visit(
        reverse("sroi_outcome_edit", args=[draft_outcome.pk]), "Change the outcome", "outcome"
    )
    problems += who.finish()

    # The area admin keeps them too.
    page = new_page()
    login = demo["area_admin"]
    sign_in(page, login["username"], login["password"])
    who = _Checker(page, "area admin", check_a11y)
    who.visit(reverse("open_budget_manage", args=slug), "Keep the open budget", "manage")
    who.visit(reverse("pathway_people", args=[pathway.pk]), "People on the pathway", "people")
    who.visit(reverse("sroi_analysis", args=[draft.pk]), draft.title, "draft SROI")
    problems += who.finish()

    # The provider (Brightpath) sees only its own lines of what it is owed.
    page = new_page()
    login = demo["provider"]
    sign_in(page, login["username"], login["password"])
    who = _Checker(page, "provider", check_a11y)
    if who.visit(
        reverse("pathway_statement", args=[pathway.pk]),
        "What each provider is owed",
        "statement, provider",
    ):
        assert "You see only your own organisation's lines." in page.locator("main").inner_text()
    problems += who.finish()

    (artifacts / "a11y-outcomes-value.txt").write_text("\n".join(problems) + "\n")
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(problems)


# 2. Every new form, in its error state.


def test_new_forms_in_their_error_state_are_accessible(demo, new_page, sign_in, check_a11y):
    area = _area()
    slug = (area.slug,)
    draft_year = BudgetYear.objects.get(local_area=area, start=DRAFT_YEAR)
    draft_line = BudgetLine.objects.get(year=draft_year, service="Peer support")
    saving = Saving.objects.get(year__local_area=area, year__start=SAVING_YEAR)
    pathway = _live_pathway()
    first_stage = Stage.objects.get(pathway=pathway, position=1)
    person = PathwayPerson.objects.filter(pathway=pathway).order_by("reference").first()
    draft = _analysis(sroi_demo.DRAFT)
    problems: list[str] = []

    page = new_page()
    login = demo["commissioner"]
    sign_in(page, login["username"], login["password"])
    who = _Checker(page, "commissioner", check_a11y)

    # Open budgets.
    heading = "Add spending on a service"
    if who.visit(reverse("open_budget_line_new", args=slug), heading, "new line"):
        who.send_empty("Save", heading, "new line, sent empty", errors=3)
    if who.visit(reverse("open_budget_line_edit", args=[draft_line.pk]), "Change spending", "l"):
        who.send_empty("Save", "Change spending", "change a line, sent empty", errors=3)
    heading = "Import spending from a CSV file"
    if who.visit(reverse("open_budget_import", args=slug), heading, "import"):
        who.send("Import", heading, "import, no file", errors=1)
        page.locator("#id_file").set_input_files(
            files=[
                {
                    "name": "spend.csv",
                    "mimeType": "text/csv",
                    "buffer": b"year,service,spend\nnext year,Home care,lots\n",
                }
            ]
        )
        who.send("Import", heading, "import, file with problems", errors=1)
        if not page.get_by_role("table", name="What to put right").is_visible():
            who.add([f"{page.url}: no table of what to put right in the file"])
    heading = "Record a saving to share"
    if who.visit(reverse("open_budget_saving_new", args=slug), heading, "new saving"):
        who.send_empty("Save", heading, "new saving, sent empty", errors=6)
    if who.visit(reverse("open_budget_saving_edit", args=[saving.pk]), "Change a saving", "s"):
        who.send_empty("Save", "Change a saving", "change a saving, sent empty", errors=6)

    # Pathways: a new pathway, sent empty, then saved as a draft with no stages.
    heading = "Set up a pathway"
    if who.visit(reverse("pathway_new", args=slug), heading, "new pathway"):
        who.send_empty("Save the draft", heading, "new pathway, sent empty", errors=2)
        page.locator("#id_name").fill("Pathway with no stages yet")
        page.locator("#id_tariff").fill("1000")
        _submit(page, "Save the draft")
        made = Pathway.objects.get(local_area=area, name="Pathway with no stages yet")
        assert urlsplit(page.url).path == reverse("pathway", args=[made.pk]), page.url
        assert who.heading_is(made.name, "draft pathway")
        who.add(check_a11y(page, "draft pathway"))
        # Publishing it is refused: the reasons are in an error summary.
        _submit(page, "Publish the pathway")
        if who.heading_is(made.name, "publish refused"):
            who.add(_summary_problems(page, "publish a pathway with no stages", linked=False))
            who.add(check_a11y(page, "publish a pathway with no stages"))
        heading = "Change the pathway"
        if who.visit(reverse("pathway_edit", args=[made.pk]), heading, "change draft pathway"):
            who.send_empty("Save the changes", heading, "change pathway, sent empty", errors=2)
        if who.visit(reverse("pathway_stage_new", args=[made.pk]), "Add a stage", "new stage"):
            who.send_empty("Save the stage", "Add a stage", "new stage, sent empty", errors=4)
    heading = "Change stage 1"
    if who.visit(reverse("pathway_stage_edit", args=[first_stage.pk]), heading, "stage 1"):
        who.send_empty("Save the stage", heading, "change stage, sent empty")
    heading = "Record a person starting the pathway"
    if who.visit(reverse("pathway_person_new", args=[pathway.pk]), heading, "new person"):
        who.send_empty("Save", heading, "new person, sent empty", errors=2)
    heading = "Record an outcome met"
    if who.visit(reverse("pathway_outcome_new", args=[person.pk]), heading, "outcome"):
        who.send_empty("Save", heading, "outcome, sent empty")
    # The period of a statement, with a date that is not a date.
    statement = reverse("pathway_statement", args=[pathway.pk])
    bad = f"{statement}?{urlencode({'from': 'last Tuesday', 'to': '2026-03-31'})}"
    if who.visit(bad, "What each provider is owed", "statement, from is not a date"):
        who.add(_summary_problems(page, "statement, from is not a date"))

    # Social value: a new analysis, sent empty, then started with nothing in it.
    heading = "Start a social return on investment analysis"
    if who.visit(reverse("sroi_new", args=slug), heading, "new analysis"):
        who.send_empty("Start the analysis", heading, "new analysis, sent empty", errors=3)
        page.locator("#id_title").fill("An analysis with nothing in it")
        page.locator("#id_start_year").fill("2026")
        page.locator("#id_discount_rate").fill("3.5")
        _submit(page, "Start the analysis")
        made = Analysis.objects.get(local_area=area, title="An analysis with nothing in it")
        assert urlsplit(page.url).path == reverse("sroi_analysis", args=[made.pk]), page.url
        heading = "Publish the analysis"
        if who.visit(reverse("sroi_publish", args=[made.pk]), heading, "publish empty analysis"):
            _submit(page, "Publish")
            if who.heading_is(heading, "publish refused"):
                who.add(_summary_problems(page, "publish with nothing in it", linked=False))
                who.add(check_a11y(page, "publish with nothing in it"))
    heading = "Change the analysis"
    if who.visit(reverse("sroi_edit", args=[draft.pk]), heading, "change analysis"):
        who.send_empty("Save", heading, "change analysis, sent empty", errors=3)
    heading = "Add what was put in"
    if who.visit(reverse("sroi_input_new", args=[draft.pk]), heading, "new input"):
        who.send_empty("Add it", heading, "new input, sent empty", errors=3)
    heading = "Change what was put in"
    if who.visit(reverse("sroi_input_edit", args=[draft.inputs.first().pk]), heading, "input"):
        who.send_empty("Save", heading, "change input, sent empty", errors=3)
    heading = "Add an outcome"
    if who.visit(reverse("sroi_outcome_new", args=[draft.pk]), heading, "new outcome"):
        who.send_empty("Add the outcome", heading, "new outcome, sent empty", errors=11)
        # One plainly wrong value: a deadweight of 150%.
        page.locator("#id_deadweight").fill("150")
        who.send("Add the outcome", heading, "new outcome, deadweight 150%")
    heading = "Change the outcome"
    if who.visit(reverse("sroi_outcome_edit", args=[draft.outcomes.first().pk]), heading, "o"):
        who.send_empty("Save", heading, "change outcome, sent empty", errors=11)

    problems += who.finish()
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(problems)


# 3. Keyboard journeys, one for each app.


def _sign_in_to(page, base: str, login: dict, url: str) -> None:
    """The one page.goto: the sign-in page, which goes on to url once signed in."""
    page.goto(f"/sign-in/?{urlencode({'next': url})}")
    # The first Tab reaches the skip link, and it is shown.
    page.keyboard.press("Tab")
    assert _is_focused(page, ".govuk-skip-link"), _focused(page)
    assert page.locator(".govuk-skip-link").is_visible()
    tab_to(page, "#id_username")
    assert _focus_shown(page), _focused(page)
    page.keyboard.type(login["username"])
    tab_expect(page, "#id_password")
    page.keyboard.type(login["password"])
    page.keyboard.press("Enter")
    page.wait_for_url(f"{base}{url}")


def _follow(page, href: str, url: str, limit: int = 60, link: str = "main a") -> None:
    """Tabs to the link, which must show it has focus, and follows it with Enter."""
    tab_to(page, f"{link}[href='{href}']", limit=limit)
    assert _focus_shown(page), f"no visible focus on {_focused(page)}"
    page.keyboard.press("Enter")
    page.wait_for_url(url)


def _type_next(page, selector: str, text: str) -> None:
    tab_expect(page, selector)
    assert _focus_shown(page), f"no visible focus on {_focused(page)}"
    page.keyboard.type(text)


def _banner(page) -> str:
    return page.locator(".govuk-notification-banner--success").inner_text()


def _date_parts(day) -> tuple[str, str, str]:
    return str(day.day), str(day.month), str(day.year)


def test_commissioner_adds_a_budget_line_by_keyboard(
    demo, new_page, live_server, check_a11y, artifacts
):
    area = _area()
    base = live_server.url
    draft_year = BudgetYear.objects.get(local_area=area, start=DRAFT_YEAR)
    assert not draft_year.is_published
    manage = reverse("open_budget_manage", args=[area.slug])
    line_new = reverse("open_budget_line_new", args=[area.slug])
    lines_before = BudgetLine.objects.filter(year=draft_year).count()
    problems: list[str] = []

    page = new_page()
    _sign_in_to(page, base, demo["commissioner"], manage)
    assert page.get_by_role("heading", name="Keep the open budget", level=1).is_visible()
    problems += check_a11y(page, "manage")

    _follow(page, line_new, f"{base}{line_new}")
    assert page.get_by_role("heading", name="Add spending on a service", level=1).is_visible()
    problems += check_a11y(page, "new line")
    tab_to(page, "#id_year")
    page.keyboard.type(draft_year.label)
    _type_next(page, "#id_service", "Recovery café")
    tab_expect(page, "#id_contract")  # no contract: left as it is
    _type_next(page, "#id_spend", "45,000")
    _type_next(page, "#id_people", "60")
    tab_expect(page, "main button[type='submit']")
    assert _focus_shown(page), _focused(page)
    # The keeper's page shows a year at a time: it opens at the year just changed.
    _press_and_land(page, f"{base}{manage}?year={DRAFT_YEAR}")

    assert "Spending saved." in _banner(page)
    table = page.get_by_role("table", name=f"Services in {draft_year.label}")
    row = table.locator("tr", has=page.get_by_role("rowheader", name="Recovery café"))
    assert row.count() == 1, table.inner_text()
    cells = row.locator("td").all_inner_texts()
    assert cells[:4] == ["None", "£45,000.00", "60", "£750.00"], cells
    problems += check_a11y(page, "manage, line added")
    page.screenshot(path=artifacts / "open-budget-line-added.png", full_page=True)
    assert not problems + page.withus_errors, "\n".join(problems + page.withus_errors)

    line = BudgetLine.objects.get(year=draft_year, service="Recovery café")
    assert (line.spend, line.people, line.contract) == (Decimal("45000.00"), 60, None)
    assert BudgetLine.objects.filter(year=draft_year).count() == lines_before + 1


def test_commissioner_starts_a_person_and_records_an_outcome_by_keyboard(
    demo, new_page, live_server, check_a11y, artifacts
):
    base = live_server.url
    pathway = _live_pathway()
    people = reverse("pathway_people", args=[pathway.pk])
    person_new = reverse("pathway_person_new", args=[pathway.pk])
    stage = Stage.objects.get(pathway=pathway, position=1)
    reference = "NV-RP-9001"
    today = timezone.localdate()
    shown_today = f"{today.day} {today:%b %Y}"
    problems: list[str] = []

    page = new_page()
    _sign_in_to(page, base, demo["commissioner"], people)
    assert page.get_by_role("heading", name="People on the pathway", level=1).is_visible()
    problems += check_a11y(page, "people")

    _follow(page, person_new, f"{base}{person_new}")
    heading = "Record a person starting the pathway"
    assert page.get_by_role("heading", name=heading, level=1).is_visible()
    problems += check_a11y(page, "new person")
    tab_to(page, "#id_reference")
    page.keyboard.type(reference)
    for i, text in enumerate(_date_parts(today)):  # day, month, year
        _type_next(page, f"#id_started_on_{i}", text)
    page.keyboard.press("Enter")
    page.wait_for_url(f"{base}{people}")
    assert "Saved: the person has started the pathway." in _banner(page)
    person = PathwayPerson.objects.get(pathway=pathway, reference=reference)
    row = page.locator("tr", has=page.get_by_role("rowheader", name=reference, exact=True))
    assert row.count() == 1
    assert row.locator("td").first.inner_text() == shown_today
    assert row.locator("td").nth(1).inner_text() == "Not yet"
    problems += check_a11y(page, "people, person started")

    # Then the first stage's outcome, met today.
    outcome = reverse("pathway_outcome_new", args=[person.pk])
    _follow(page, outcome, f"{base}{outcome}", limit=120)
    assert page.get_by_role("heading", name="Record an outcome met", level=1).is_visible()
    problems += check_a11y(page, "record an outcome")
    tab_to(page, "input[name='stage']")
    page.keyboard.press("Space")
    assert page.locator("input[name='stage']:checked").get_attribute("value") == str(stage.pk)
    for i, text in enumerate(_date_parts(today)):
        _type_next(page, f"#id_met_on_{i}", text)
    tab_expect(page, "main button[type='submit']")
    _press_and_land(page, f"{base}{people}")

    assert "Saved: the outcome is met." in _banner(page)
    row = page.locator("tr", has=page.get_by_role("rowheader", name=reference, exact=True))
    met = row.locator("td").nth(1).inner_text()
    assert met == f"Met {shown_today} (recorded by Priya Shah)", met
    assert row.locator("td").nth(2).inner_text() == "Not yet"
    problems += check_a11y(page, "people, outcome met")
    page.screenshot(path=artifacts / "pathway-outcome-met.png", full_page=True)
    assert not problems + page.withus_errors, "\n".join(problems + page.withus_errors)

    assert person.started_on == today
    assert list(person.outcomes.values_list("stage", "met_on")) == [(stage.pk, today)]


def test_commissioner_adds_an_outcome_to_the_draft_analysis_by_keyboard(
    demo, new_page, live_server, check_a11y, artifacts
):
    base = live_server.url
    draft = _analysis(sroi_demo.DRAFT)
    assert not draft.is_published
    page_url = reverse("sroi_analysis", args=[draft.pk])
    outcome_new = reverse("sroi_outcome_new", args=[draft.pk])
    before = sroi_queries.analysis_page(draft)["result"]
    problems: list[str] = []

    def worth(key: str) -> str:
        row = page.locator("#worth .govuk-summary-list__row", has_text=key)
        return row.locator("dd").inner_text().strip()

    page = new_page()
    _sign_in_to(page, base, demo["commissioner"], page_url)
    assert page.get_by_role("heading", name=draft.title, level=1).is_visible()
    assert worth("Social value for every £1 put in") == f"£{before.ratio}"
    problems += check_a11y(page, "draft analysis")

    _follow(page, outcome_new, f"{base}{outcome_new}")
    assert page.get_by_role("heading", name="Add an outcome", level=1).is_visible()
    problems += check_a11y(page, "new outcome")
    # Ten people, £1,000 each for one year, nothing taken off: worth
    # £10,000 at the end of year 1, so £10,000 / (1 + the discount rate) today.
    tab_to(page, "#id_stakeholder")
    page.keyboard.type("Mentors' children")
    for selector, text in (
        ("#id_description", "Spent more time with a parent"),
        ("#id_indicator", "Asked at 6 months"),
        ("#id_quantity", "10"),
        ("#id_proxy", "1000"),
        ("#id_proxy_source", "Illustrative value for the test"),
        ("#id_deadweight", "0"),
        ("#id_attribution", "0"),
        ("#id_displacement", "0"),
        ("#id_drop_off", "0"),
        ("#id_duration", "1"),
    ):
        _type_next(page, selector, text)
    tab_expect(page, "main button[type='submit']")
    assert page.evaluate("document.activeElement.innerText").strip() == "Add the outcome"
    _press_and_land(page, f"{base}{page_url}")

    assert "Outcome added." in _banner(page)
    outcomes = page.locator("#outcomes")
    assert outcomes.get_by_role("rowheader", name="Spent more time with a parent").count() == 1
    after = sroi_queries.analysis_page(draft)["result"]
    added = (Decimal("10000") / (1 + draft.discount_rate / 100)).quantize(Decimal("0.01"))
    assert abs(after.present_value - before.present_value - added) <= Decimal("0.01")
    assert after.ratio > before.ratio
    pv = f"£{after.present_value.quantize(Decimal('0.01')):,.2f}"
    assert worth("Value of the changes, in today's money") == pv
    assert worth("Social value for every £1 put in") == f"£{after.ratio}"
    assert f"That is £{after.ratio} of social value for every £1 put in." in (
        page.locator("#headline").inner_text()
    )
    problems += check_a11y(page, "draft analysis, outcome added")
    page.screenshot(path=artifacts / "sroi-outcome-added.png", full_page=True)
    assert not problems + page.withus_errors, "\n".join(problems + page.withus_errors)


# 4. Outcomes and evaluation: every page, every form, and a follow-up by keyboard.


def _evaluation() -> Evaluation:
    return Evaluation.objects.get(local_area__slug=AREA, title=outcomes_demo.TITLE)


def _wellbeing(evaluation: Evaluation) -> Measure:
    return Measure.objects.get(evaluation=evaluation, kind=Measure.Kind.SWEMWBS)


def _without_follow_up(evaluation: Evaluation) -> Participant:
    """The first person (by reference) with a baseline and no follow-up yet."""
    return (
        Participant.objects.filter(evaluation=evaluation, measurements__stage="baseline")
        .exclude(measurements__stage="follow_up")
        .order_by("reference")
        .distinct()
        .first()
    )


def test_every_outcomes_page_and_form_is_accessible(demo, new_page, sign_in, check_a11y, artifacts):
    slug = (AREA,)
    evaluation = _evaluation()
    assert evaluation.published_at is not None
    wellbeing = _wellbeing(evaluation)
    control = Measure.objects.get(evaluation=evaluation, name="In control of my recovery")
    person = _without_follow_up(evaluation)
    assert person is not None, "everyone in the demo evaluation has a follow-up"
    own = Participant.objects.get(evaluation=evaluation, user__username="expert")
    title = evaluation.title
    problems: list[str] = []

    # Anyone: the list of evaluations and the published report.
    who = _Checker(new_page(), "anonymous", check_a11y)
    who.visit(reverse("outcomes_area", args=slug), "Outcome evaluations", "evaluations")
    if who.visit(reverse("outcomes_report", args=[evaluation.pk]), title, "report"):
        assert who.page.get_by_role("table", name=f"How scores changed: {wellbeing.name}").count()
    problems += who.finish()

    # The facilitator runs it: every runner page, and its forms sent empty.
    page = new_page()
    login = demo["facilitator"]
    sign_in(page, login["username"], login["password"])
    who = _Checker(page, "facilitator", check_a11y)
    who.visit(reverse("outcomes_area", args=slug), "Outcome evaluations", "evaluations, runner")
    who.visit(reverse("outcomes_evaluation", args=[evaluation.pk]), title, "evaluation")
    who.visit(reverse("outcomes_report", args=[evaluation.pk]), title, "report, runner")
    heading = "Who runs this evaluation"
    if who.visit(reverse("outcomes_runners", args=[evaluation.pk]), heading, "runners"):
        who.send_empty("Save", heading, "runners, nobody ticked", errors=1)
    heading = "Add a measure"
    if who.visit(reverse("outcomes_measure_new", args=[evaluation.pk]), heading, "new measure"):
        who.send_empty("Add the measure", heading, "new measure, sent empty", errors=1)
    heading = "Add a person taking part"
    if who.visit(reverse("outcomes_participant_new", args=[evaluation.pk]), heading, "person"):
        who.send_empty("Add the person", heading, "new person, sent empty")
    who.visit(reverse("outcomes_participant", args=[person.pk]), person.reference, "person")
    for measure, errors in ((wellbeing, 9), (control, 3)):
        heading = f"Record {measure.name}"
        url = reverse("outcomes_measurement_new", args=[person.pk, measure.pk])
        if who.visit(url, heading, f"record {measure.name}"):
            who.send_empty("Save the score", heading, f"{heading}, sent empty", errors=errors)
    heading = "Withdraw consent"
    if who.visit(reverse("outcomes_consent_withdraw", args=[person.pk]), heading, "withdraw"):
        who.send_empty("Withdraw consent", heading, "withdraw, box not ticked", errors=1)
    problems += who.finish()
    assert Participant.objects.get(pk=person.pk).has_consent

    # The commissioner sets evaluations up, and reads the report.
    page = new_page()
    login = demo["commissioner"]
    sign_in(page, login["username"], login["password"])
    who = _Checker(page, "commissioner", check_a11y)
    heading = "Set up an outcome evaluation"
    if who.visit(reverse("outcomes_evaluation_new", args=slug), heading, "new evaluation"):
        who.send_empty("Set up the evaluation", heading, "new evaluation, sent empty", errors=3)
    who.visit(reverse("outcomes_report", args=[evaluation.pk]), title, "report, commissioner")
    problems += who.finish()

    # The expert is RPM-01: their own outcomes, and their own record.
    page = new_page()
    login = demo["expert_by_experience"]
    sign_in(page, login["username"], login["password"])
    who = _Checker(page, "expert", check_a11y)
    if who.visit(reverse("outcomes_mine"), "My outcomes", "my outcomes"):
        assert page.get_by_role("heading", name=title, level=2).is_visible()
    who.visit(reverse("outcomes_participant", args=[own.pk]), own.reference, "own record")
    heading = "Withdraw consent"
    if who.visit(reverse("outcomes_consent_withdraw", args=[own.pk]), heading, "own withdraw"):
        who.send_empty("Withdraw consent", heading, "own withdraw, box not ticked", errors=1)
    problems += who.finish()
    assert Participant.objects.get(pk=own.pk).has_consent

    (artifacts / "a11y-outcomes.txt").write_text("\n".join(problems) + "\n")
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(problems)


def _both_times(page, measure: Measure) -> int:
    """How many people the report counts as answering at the start and the follow-up."""
    table = page.get_by_role("table", name=f"People with missing answers: {measure.name}")
    row = table.locator("tr", has_text="Nothing: answered both times")
    return int(row.locator("td").inner_text())


def test_coordinator_records_a_wellbeing_follow_up_by_keyboard(
    demo, new_page, live_server, check_a11y, artifacts
):
    base = live_server.url
    evaluation = _evaluation()
    wellbeing = _wellbeing(evaluation)
    person = _without_follow_up(evaluation)
    assert person is not None, "everyone in the demo evaluation has a follow-up"
    report = reverse("outcomes_report", args=[evaluation.pk])
    manage = reverse("outcomes_evaluation", args=[evaluation.pk])
    person_url = reverse("outcomes_participant", args=[person.pk])
    record = reverse("outcomes_measurement_new", args=[person.pk, wellbeing.pk])
    today = timezone.localdate()
    problems: list[str] = []

    def sentence() -> str:
        section = page.locator("main h2", has_text=wellbeing.name)
        return section.locator("xpath=following-sibling::p[contains(@class,'govuk-body-l')][1]")

    page = new_page()
    _sign_in_to(page, base, demo["facilitator"], report)
    assert page.get_by_role("heading", name=evaluation.title, level=1).is_visible()
    before = _both_times(page, wellbeing)
    said_before = sentence().inner_text()
    assert said_before.startswith(f"{before} people filled in these questions"), said_before
    problems += check_a11y(page, "report")

    _follow(page, manage, f"{base}{manage}")
    assert page.get_by_role("heading", name=evaluation.title, level=1).is_visible()
    _follow(page, person_url, f"{base}{person_url}", limit=150)
    assert page.get_by_role("heading", name=person.reference, level=1).is_visible()
    problems += check_a11y(page, "person")
    _follow(page, record, f"{base}{record}")
    assert page.get_by_role("heading", name=f"Record {wellbeing.name}", level=1).is_visible()
    problems += check_a11y(page, "record wellbeing")

    # Follow-up, answered today; "Often" (4) for each of the 7 statements.
    tab_to(page, "input[name='stage']")
    choose_radio(page, "stage", "follow_up")
    for i, text in enumerate(_date_parts(today)):
        _type_next(page, f"#id_taken_on_{i}", text)
    for n in range(1, 8):
        tab_expect(page, f"input[name='item_{n}']")
        choose_radio(page, f"item_{n}", "4")
    tab_expect(page, "main button[type='submit']")
    assert page.evaluate("document.activeElement.innerText").strip() == "Save the score"
    _press_and_land(page, f"{base}{person_url}")
    assert "Score saved." in _banner(page)
    problems += check_a11y(page, "person, follow-up saved")

    # Back to the report, by its links: the change now counts this person too.
    _follow(page, manage, f"{base}{manage}", link="a.govuk-back-link")
    _follow(page, report, f"{base}{report}")
    assert _both_times(page, wellbeing) == before + 1
    said_after = sentence().inner_text()
    assert said_after.startswith(f"{before + 1} people filled in these questions"), said_after
    problems += check_a11y(page, "report, one more follow-up")
    page.screenshot(path=artifacts / "outcomes-follow-up.png", full_page=True)
    assert not problems + page.withus_errors, "\n".join(problems + page.withus_errors)

    follow_up = person.measurements.get(measure=wellbeing, stage="follow_up")
    assert follow_up.taken_on == today
