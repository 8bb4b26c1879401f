"""Peer support, paid involvement and representation: by keyboard, and checked with axe.

Two journeys with the keyboard only (no clicks, no mouse): someone with no
account asks for a peer mentor, and the demo expert by experience claims for
their time. ``page.goto`` is used once, for the first page of each; everything
after is Tab, Shift, Space, arrow keys, Enter and typing. Then every new page is
checked with axe-core (WCAG 2.2 AA) as the role that uses it, forms also in
their error state.
"""

import time
from decimal import Decimal
from urllib.parse import urlsplit

from django.utils import timezone

from tests.browser.test_accessibility import _check_error_summary, _empty_the_form, _submit
from tests.browser.test_insight_keyboard import SPAM_WAIT, _choose_option, _replace_value
from tests.browser.test_keyboard import _focused, _is_focused, choose_radio, follow, tab_to
from tests.browser.test_pooling_keyboard import _sign_in_by_keyboard
from tests.browser.test_tender_keyboard import _press_and_land
from withus.core.models import LocalArea, User
from withus.payments import demo as payments_demo
from withus.payments import queries as payment_queries
from withus.payments import services as payment_services
from withus.payments.models import Claim
from withus.peer_support import services as peer_services
from withus.peer_support.models import Match, MentorRequest, Scheme

AREA = "northvale"
SCHEME = "Northvale Recovery Peer Mentors"
PEER_SUPPORT = f"/areas/{AREA}/peer-support/"


def _scheme() -> Scheme:
    return Scheme.objects.get(local_area__slug=AREA, name=SCHEME)


def _wait_since(loaded: float) -> None:
    """The public form refuses anything sent sooner than 3 seconds after it was shown."""
    time.sleep(max(0.0, SPAM_WAIT - (time.monotonic() - loaded)))


def _focus_in_summary(page) -> bool:
    return page.evaluate(
        "!!document.activeElement && !!document.activeElement.closest('.govuk-error-summary')"
    )


def _message_by(page, field_id: str) -> str:
    """The error message in the form group that holds the field, next to it."""
    group = page.locator(f".govuk-form-group--error:has(#{field_id})")
    assert group.count() == 1, f"no form group in error holds #{field_id}"
    return group.locator(".govuk-error-message").inner_text()


# 1. Asking for a peer mentor, without an account.


def test_anyone_asks_for_a_peer_mentor_by_keyboard(
    demo, new_page, live_server, check_a11y, artifacts
):
    base = live_server.url
    scheme = _scheme()
    assert scheme.taking_requests
    scheme_url = f"{base}/peer-support/{scheme.pk}/"
    ask_url = f"{scheme_url}ask/"
    asked_before = MentorRequest.objects.filter(scheme=scheme).count()
    problems: list[str] = []

    def check(label: str) -> None:
        problems.extend(check_a11y(page, label))

    page = new_page()
    page.goto(PEER_SUPPORT)
    assert page.get_by_role("heading", name="Peer support", level=1).is_visible()
    check("area peer support")

    # The area page lists the scheme; its page has the button to ask.
    follow(page, f"main a[href='/peer-support/{scheme.pk}/']", scheme_url)
    assert page.get_by_role("heading", name=SCHEME, level=1).is_visible()
    check("scheme")
    tab_to(page, f"main a[href='/peer-support/{scheme.pk}/ask/']")
    assert page.evaluate("document.activeElement.innerText").strip() == "Ask for a peer mentor"
    page.keyboard.press("Enter")
    page.wait_for_url(ask_url)
    loaded = time.monotonic()
    assert page.get_by_role("heading", name="Ask for a peer mentor", level=1).is_visible()
    check("ask form")

    # Sent empty: the name and how to reach them are missing.
    tab_to(page, "main button[type='submit']")
    assert page.evaluate("document.activeElement.innerText").strip() == "Send my request"
    with page.expect_navigation(url=ask_url):
        page.keyboard.press("Enter")
    summary = page.locator(".govuk-error-summary")
    assert summary.is_visible()
    said = summary.inner_text()
    assert "Enter your name, or the name you would like us to use." in said
    assert "Enter a phone number or email address so we can get in touch." in said
    assert summary.locator("li").count() == 2
    assert _focus_in_summary(page), _focused(page)
    assert page.title().startswith("Error: ")
    assert "Enter your name" in _message_by(page, "id_name")
    assert "Enter a phone number or email address" in _message_by(page, "id_contact")
    assert "id_name-error" in page.locator("#id_name").get_attribute("aria-describedby")
    assert MentorRequest.objects.filter(scheme=scheme).count() == asked_before
    check("ask form, sent empty")
    page.screenshot(path=artifacts / "peer-ask-empty.png", full_page=True)

    # Each link in the summary moves focus to its box: Tab to the first, then
    # Shift+Tab from the name box comes back to the second.
    page.keyboard.press("Tab")
    assert _is_focused(page, ".govuk-error-summary a[href='#id_name']"), _focused(page)
    page.keyboard.press("Enter")
    assert _is_focused(page, "#id_name"), _focused(page)
    page.keyboard.press("Shift+Tab")
    assert _is_focused(page, ".govuk-error-summary a[href='#id_contact']"), _focused(page)
    page.keyboard.press("Enter")
    assert _is_focused(page, "#id_contact"), _focused(page)
    contact = "07700 900456"
    page.keyboard.type(contact)
    page.keyboard.press("Shift+Tab")
    assert _is_focused(page, "#id_name"), _focused(page)
    name = "Chris Dale"
    page.keyboard.type(name)
    page.keyboard.press("Tab")
    assert _is_focused(page, "#id_contact"), _focused(page)
    page.keyboard.press("Tab")
    assert _is_focused(page, "#id_about"), _focused(page)
    about = "I have just left rehab and want someone to talk to at weekends."
    page.keyboard.type(about)

    # Tick "Alcohol use and recovery" with Space.
    page.keyboard.press("Tab")
    assert _is_focused(page, "input[name='experience']"), _focused(page)
    alcohol = page.locator("label", has_text="Alcohol use and recovery").get_attribute("for")
    tab_to(page, f"#{alcohol}", limit=10)
    page.keyboard.press("Space")
    assert page.locator(f"#{alcohol}").is_checked()
    assert page.locator("input[name='experience']:checked").count() == 1

    # A woman mentor, please: into the radios, then arrow keys.
    tab_to(page, "input[name='gender']", limit=12)
    choose_radio(page, "gender", "woman")
    page.screenshot(path=artifacts / "peer-ask-filled.png", full_page=True)

    # The robot trap is never a tab stop: the last stop in the form is the button.
    tab_to(page, "main button[type='submit']", limit=15)
    page.keyboard.press("Shift+Tab")
    assert _is_focused(page, "input[name='availability']"), _focused(page)
    page.keyboard.press("Tab")
    assert _is_focused(page, "main button[type='submit']"), _focused(page)

    _wait_since(loaded)
    _press_and_land(page, f"{ask_url}thanks/")
    assert page.get_by_role("heading", name="We have your request", level=1).is_visible()
    check("we have your request")
    page.screenshot(path=artifacts / "peer-ask-thanks.png", full_page=True)

    assert not problems + page.withus_errors, "\n".join(problems + page.withus_errors)

    wanted = MentorRequest.objects.get(scheme=scheme, name=name)
    assert MentorRequest.objects.filter(scheme=scheme).count() == asked_before + 1
    assert (wanted.contact, wanted.about) == (contact, about)
    assert wanted.experience == ["alcohol"]
    assert wanted.gender == "woman"
    assert (wanted.age_group, wanted.language, wanted.availability) == ("", "", [])
    assert wanted.route == MentorRequest.Route.SELF
    assert wanted.referred_by is None
    assert wanted.status == MentorRequest.Status.WAITING


# 2. The expert claims for their time.


def _unclaimed_record(expert: User):
    """The record the expert's "My claims" page lists first as one to claim for."""
    unclaimed = payment_queries.my_claims(expert)["unclaimed"]
    assert unclaimed, "the demo expert has no involvement left to claim for"
    return unclaimed[0]


def _half_day_rate(record) -> Decimal:
    """The demo's half-day rate on the day the expert took part: the first rate,
    or the rise once it has started (withus/payments/demo.py)."""
    today = timezone.localdate()
    first = payments_demo._first_april_before(payments_demo._month_start(today, -18))
    rise = payments_demo._month_start(today, -2)
    assert record.happened_on >= first, f"no demo rate yet on {record.happened_on}"
    rates = payments_demo.RISE if record.happened_on >= rise else payments_demo.BEFORE
    return Decimal(rates["half_day"])


def test_expert_claims_for_their_time_by_keyboard(
    demo, new_page, live_server, check_a11y, artifacts
):
    login = demo["expert_by_experience"]
    assert login["username"] == "expert"
    expert = User.objects.get(username="expert")
    area = LocalArea.objects.get(slug=AREA)
    assert payment_services.choice_of(expert, area.pk) == "paid"
    record = _unclaimed_record(expert)
    claims_before = Claim.objects.filter(claimant=expert).count()
    base = live_server.url
    form_url = f"{base}/involvement/{record.pk}/claim/"
    problems: list[str] = []

    def check(label: str) -> None:
        problems.extend(check_a11y(page, label))

    page = new_page()
    _sign_in_by_keyboard(page, base, login)
    follow(page, "main a[href='/my/claims/']", f"{base}/my/claims/")
    assert page.get_by_role("heading", name="My claims", level=1).is_visible()
    check("my claims")
    tab_to(page, f"main a[href='/involvement/{record.pk}/claim/']")
    assert page.evaluate("document.activeElement.innerText").startswith(f"Claim for {record.title}")
    page.keyboard.press("Enter")
    page.wait_for_url(form_url)
    assert page.get_by_role("heading", name="Claim for your time", level=1).is_visible()
    check("claim form")

    # First by the hour, with a time that is not in quarter hours, and a bus fare.
    tab_to(page, "input[name='unit']")
    choose_radio(page, "unit", "hour")
    page.keyboard.press("Tab")
    assert _is_focused(page, "#id_quantity"), _focused(page)
    page.keyboard.type("1.3")
    tab_to(page, "#id_expense_kind_0", limit=5)
    _choose_option(page, "fare")
    page.keyboard.press("Tab")
    assert _is_focused(page, "#id_expense_detail_0"), _focused(page)
    page.keyboard.type("Bus to County Hall and back")
    page.keyboard.press("Tab")
    assert _is_focused(page, "#id_expense_amount_0"), _focused(page)
    page.keyboard.type("4.60")
    tab_to(page, "main button[type='submit']", limit=10)
    assert page.evaluate("document.activeElement.innerText").strip() == "Send the claim"
    with page.expect_navigation(url=form_url):
        page.keyboard.press("Enter")

    # The message is by the box, and in the summary, which has focus.
    message = "Give hours in quarter hours, like 1.25 or 2.5."
    summary = page.locator(".govuk-error-summary")
    assert summary.is_visible()
    assert summary.inner_text().count(message) == 1
    assert summary.locator("li").count() == 1
    assert _focus_in_summary(page), _focused(page)
    assert page.title().startswith("Error: ")
    assert message in _message_by(page, "id_quantity")
    assert "id_quantity-error" in page.locator("#id_quantity").get_attribute("aria-describedby")
    # Everything typed is kept.
    assert page.locator("input[name='unit']:checked").get_attribute("value") == "hour"
    assert page.locator("#id_quantity").input_value() == "1.3"
    assert page.locator("#id_expense_kind_0").input_value() == "fare"
    assert page.locator("#id_expense_amount_0").input_value() == "4.60"
    assert Claim.objects.filter(claimant=expert).count() == claims_before
    check("claim form, hours not in quarters")
    page.screenshot(path=artifacts / "claim-quantity-wrong.png", full_page=True)

    # From the summary to the box; back to the radios to choose half days.
    page.keyboard.press("Tab")
    assert _is_focused(page, ".govuk-error-summary a[href='#id_quantity']"), _focused(page)
    page.keyboard.press("Enter")
    assert _is_focused(page, "#id_quantity"), _focused(page)
    page.keyboard.press("Shift+Tab")
    assert _is_focused(page, "input[name='unit'][value='hour']"), _focused(page)
    for _ in range(3):
        if _is_focused(page, "input[name='unit'][value='half_day']"):
            break
        page.keyboard.press("ArrowDown")
    assert page.locator("input[name='unit']:checked").get_attribute("value") == "half_day"
    label = page.locator("label[for='id_unit_1']").inner_text()
    assert label.startswith("Per half day"), label
    page.keyboard.press("Tab")
    assert _is_focused(page, "#id_quantity"), _focused(page)
    _replace_value(page, "2")
    # Past the three expense lines (kind, details, amount) and the note.
    tab_to(page, "main button[type='submit']", limit=12)
    with page.expect_navigation():
        page.keyboard.press("Enter")

    claim = Claim.objects.get(claimant=expert, record=record)
    assert page.url == f"{base}/claims/{claim.pk}/", page.url
    rate = _half_day_rate(record)
    fee = Decimal(2) * rate
    total = fee + Decimal("4.60")
    assert page.get_by_role("heading", name=f"Claim {claim.pk}", level=1).is_visible()
    assert "Claim sent." in page.locator(".govuk-notification-banner--success").inner_text()
    total_row = page.locator(".govuk-summary-list__row", has_text="Total")
    assert total_row.locator("dd").inner_text().strip() == f"£{total:,.2f}"
    fare_row = page.locator(".govuk-summary-list__row", has_text="Bus, train or taxi fare")
    assert fare_row.locator("dd").inner_text().startswith("£4.60")
    check("claim sent")
    page.screenshot(path=artifacts / "claim-sent.png", full_page=True)

    assert not problems + page.withus_errors, "\n".join(problems + page.withus_errors)

    assert claim.status == Claim.Status.SUBMITTED
    assert (claim.unit, claim.quantity, claim.rate) == ("half_day", Decimal("2"), rate)
    # The rate the demo published for that day, as the database has it.
    in_force = payment_queries.rate_table(record.project.local_area, record.happened_on)
    [half_day] = [r["rate"] for r in in_force["in_force"] if r["unit"] == "half_day"]
    assert half_day.amount == rate
    assert (claim.fee, claim.expenses, claim.total) == (fee, Decimal("4.60"), total)
    [line] = claim.expense_lines.all()
    assert (line.kind, line.amount, line.description) == (
        "fare",
        Decimal("4.60"),
        "Bus to County Hall and back",
    )


# 3. Every new page, as the role that uses it, with axe.


def _open(page, path: str, problems: list[str], label: str, check_a11y) -> None:
    """Opens a page; it must come back 200 at that address. Adds axe's findings."""
    response = page.goto(path)
    status = response.status if response else "no response"
    if status != 200 or urlsplit(page.url).path != urlsplit(path).path:
        problems.append(f"{path} ({label}): HTTP {status}, at {page.url}")
        return
    problems.extend(check_a11y(page, label))


def _send_empty(page, button: str, problems: list[str], label: str, check_a11y) -> None:
    """Sends the main form with nothing in it; the errors must be shown, and axe clean."""
    _empty_the_form(page)
    _submit(page, button)
    _check_error_summary(page)
    problems.extend(check_a11y(page, label))


def test_every_new_page_is_accessible(demo, new_page, sign_in, check_a11y, artifacts):
    scheme = _scheme()
    peermentor = User.objects.get(username="peermentor")
    expert = User.objects.get(username="expert")
    matches = Match.objects.filter(mentor__scheme=scheme, mentor__user=peermentor)
    match = matches.filter(closed_on__isnull=True).first()
    assert match is not None, "the demo peer mentor has no open match"
    waiting = MentorRequest.objects.filter(scheme=scheme, status="waiting").first()
    if waiting is None:
        waiting = peer_services.request_make(
            scheme, name="Lee Grant", contact="lee@example.com", experience=["drugs"]
        )
    submitted = Claim.objects.filter(
        claimant=expert, local_area__slug=AREA, status=Claim.Status.SUBMITTED
    ).first()
    assert submitted is not None, "the demo expert has no claim waiting for a decision"
    problems: list[str] = []

    def visit(path, label):
        _open(page, path, problems, label, check_a11y)

    def empty(button, label):
        _send_empty(page, button, problems, label, check_a11y)

    # Anyone, without an account.
    page = new_page()
    visit(PEER_SUPPORT, "area peer support, anonymous")
    visit(f"/peer-support/{scheme.pk}/", "scheme, anonymous")
    visit(f"/peer-support/{scheme.pk}/ask/", "ask form")
    page.wait_for_timeout(SPAM_WAIT * 1000)
    empty("Send my request", "ask form, sent empty")
    visit(f"/areas/{AREA}/payment-rates/", "payment rates, anonymous")
    visit(f"/areas/{AREA}/representation/", "representation, anonymous")
    problems.extend(f"[anonymous] {e}" for e in page.withus_errors)

    # The facilitator: coordinates the scheme and refers people.
    page = new_page()
    login = demo["facilitator"]
    sign_in(page, login["username"], login["password"])
    visit(f"/peer-support/{scheme.pk}/", "scheme, coordinator")
    visit(f"/peer-support/{scheme.pk}/refer/", "refer form")
    empty("Send the referral", "refer form, sent empty")
    visit(f"/peer-support/{scheme.pk}/mentors/", "mentors register")
    visit(f"/peer-support/{scheme.pk}/mentors/new/", "add a mentor")
    empty("Save mentor", "add a mentor, sent empty")
    visit(f"/mentors/{match.mentor_id}/", "change a mentor")
    visit(f"/peer-support/{scheme.pk}/requests/", "requests and matches")
    visit(f"/mentor-requests/{waiting.pk}/", "request with suggestions")
    assert page.locator("main section h3").count() >= 1, "no suggested mentors shown"
    if page.locator("input[name='mentor']").count():
        _submit(page, "Make the match")
        _check_error_summary(page)
        problems.extend(check_a11y(page, "make a match, no mentor chosen"))
    visit(f"/matches/{match.pk}/", "match, coordinator")
    visit(f"/matches/{match.pk}/close/", "close the match")
    empty("Close the match", "close the match, sent empty")
    problems.extend(f"[facilitator] {e}" for e in page.withus_errors)

    # The peer mentor: their own matches.
    page = new_page()
    login = demo["peer_mentor"]
    sign_in(page, login["username"], login["password"])
    visit("/my/mentoring/", "my mentoring")
    assert page.locator(f"main a[href='/matches/{match.pk}/']").count() == 1
    visit(f"/matches/{match.pk}/", "match, mentor")
    empty("Log the session", "log a session, sent empty")
    visit(f"/matches/{match.pk}/close/", "close the match, mentor")
    problems.extend(f"[peer mentor] {e}" for e in page.withus_errors)

    # The expert: payments and their own equality details.
    page = new_page()
    login = demo["expert_by_experience"]
    sign_in(page, login["username"], login["password"])
    visit(f"/areas/{AREA}/payment-choice/", "payment choice")
    visit("/my/claims/", "my claims")
    visit(f"/claims/{submitted.pk}/", "own claim")
    unclaimed = payment_queries.my_claims(expert)["unclaimed"]
    if unclaimed:
        visit(f"/involvement/{unclaimed[0].pk}/claim/", "claim form")
        empty("Send the claim", "claim form, sent empty")
    visit("/my/equality/", "my equality")
    # A detail given without the consent box ticked.
    page.locator("main form[method='post'] input[name='consent']").uncheck()
    page.get_by_label("Mental health").check()
    _submit(page, "Save")
    _check_error_summary(page)
    assert "Tick the box" in _message_by(page, "id_consent")
    problems.extend(check_a11y(page, "my equality, no consent"))
    problems.extend(f"[expert] {e}" for e in page.withus_errors)

    # The commissioner: rates, claims and population figures.
    page = new_page()
    login = demo["commissioner"]
    sign_in(page, login["username"], login["password"])
    visit(f"/areas/{AREA}/payment-rates/", "payment rates, commissioner")
    visit(f"/areas/{AREA}/payment-rates/new/", "publish a rate")
    empty("Publish the rate", "publish a rate, sent empty")
    visit(f"/areas/{AREA}/claims/", "claims queue")
    visit(f"/claims/{submitted.pk}/", "claim with the decide form")
    assert page.locator("input[name='decision']").count() == 2, "no decide form"
    _submit(page, "Save the decision")
    _check_error_summary(page)
    problems.extend(check_a11y(page, "decide, nothing chosen"))
    visit(f"/areas/{AREA}/representation/", "representation, commissioner")
    visit(f"/areas/{AREA}/population/", "population")
    empty("Save the share", "population, sent empty")
    visit(f"/areas/{AREA}/population/import/", "population import")
    _submit(page, "Import")
    _check_error_summary(page)
    problems.extend(check_a11y(page, "population import, no file"))
    page.locator("#id_file").set_input_files(
        files=[
            {
                "name": "shares.csv",
                "mimeType": "text/csv",
                "buffer": b"category,group,percent\ngender,woman,151\nplanet,mars,2\n",
            }
        ]
    )
    _submit(page, "Import")
    _check_error_summary(page)
    assert page.get_by_role("table", name="What to put right").is_visible()
    problems.extend(check_a11y(page, "population import, file with problems"))
    problems.extend(f"[commissioner] {e}" for e in page.withus_errors)

    (artifacts / "a11y-peer-payments.txt").write_text("\n".join(problems) + "\n")
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(problems)
