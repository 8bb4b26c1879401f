"""Tendering with the keyboard only: no clicks, no mouse.

Four journeys: an evaluator declares no conflicts and scores a bid; a provider
registers for the open demo tender and submits a bid; a bidder leaves an answer
empty and puts it right from the error summary; and the commissioner opens and
closes every "how it was worked out" section on the award page. ``page.goto``
is used once, for the sign-in page of each; everything after is Tab, Shift,
Space, arrow keys, Enter and typing. Every page on the way is checked with axe.
"""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from tests.browser.test_insight_keyboard import _press_and_wait
from tests.browser.test_keyboard import (
    _focused,
    _is_focused,
    choose_radio,
    follow,
    tab_expect,
    tab_to,
)
from tests.browser.test_pooling_keyboard import _banner, _sign_in_by_keyboard
from withus.core.models import Organisation, User
from withus.tendering import demo as tendering_demo
from withus.tendering import services
from withus.tendering.models import Bid, Evaluator, Score, SetBy, Specification, Tender

TENDERS = "/tenders/"
AREA_TENDERS = "/areas/northvale/tenders/"
SCORED = "NV-2027-019"
# Prices nobody else in the demo uses, so finding one on a page means it leaked.
SEALED_PRICES = {
    "brightpath": Decimal("2718281.83"),
    "harbour": Decimal("3141592.65"),
}


def _press_and_land(page, url: str) -> None:
    """Presses Enter on a form's button; the answer must be the page at url.

    When the form is sent back instead, the failure says what its error summary says.
    """
    with page.expect_navigation():
        page.keyboard.press("Enter")
    if page.url != url:
        summary = page.locator(".govuk-error-summary")
        said = summary.inner_text() if summary.count() else page.locator("main").inner_text()
        raise AssertionError(f"expected {url}, still on {page.url}:\n{said}")


def _price_texts(price: Decimal) -> list[str]:
    """Ways a page could show a price: 2718281.83, 2,718,281.83, 2718281, 2,718,281."""
    whole = int(price)
    return [f"{price}", f"{price:,}", f"{whole}", f"{whole:,}"]


def _timetable(now, publish_days: int, questions_days: int, bids_days: int) -> dict:
    return {
        "publication_date": now + timedelta(days=publish_days),
        "clarification_deadline": now + timedelta(days=questions_days),
        "submission_deadline": now + timedelta(days=bids_days),
    }


def tender_waiting_for_scores() -> tuple[Tender, list, dict[str, Bid]]:
    """A Northvale tender whose deadline has passed, with 2 sealed bids nobody has scored.

    The demo facilitator (Sam Okafor) is its quality evaluator, so scores
    questions 1 and 2; the demo expert scores the panel's question 3. Returns
    the tender, its questions (in order) and the bids by bidder key.
    """
    commissioner = User.objects.get(username="commissioner")
    spec = Specification.objects.get(tenders__reference=tendering_demo.OPEN)
    now = timezone.now()
    tender = services.tender_create(
        spec,
        commissioner,
        reference=SCORED,
        title="Peer support after treatment",
        description="Peer workers who help people stay well after treatment ends.",
        price_weight=Decimal("40"),
        price_formula="lowest_price",
        panel_stake=Decimal("20"),
        abnormally_low_percent=Decimal("20"),
        **_timetable(now, -1, 1, 2),
    )
    questions = [
        services.question_save(
            tender,
            commissioner,
            None,
            text=text,
            guidance="",
            weight=Decimal(weight),
            minimum_score=0,
            set_by=set_by,
            requirement=None,
        )
        for text, weight, set_by in (
            ("How will peer workers be trained and supported?", "25", SetBy.COMMISSIONER),
            ("How will you reach people who have just left treatment?", "15", SetBy.COMMISSIONER),
            ("What will a good week of support feel like?", "20", SetBy.PANEL),
        )
    ]
    facilitator, expert = (User.objects.get(username=u) for u in ("facilitator", "expert"))
    services.evaluator_add(tender, commissioner, facilitator, "quality")
    services.evaluator_add(tender, commissioner, expert, "panel")
    services.tender_publish(tender, commissioner)
    bidders = {
        "brightpath": (User.objects.get(username="provider"), "Brightpath Recovery CIC"),
        "harbour": (User.objects.get(username="bidder-harbour"), "Harbour Care Ltd"),
    }
    bids = {}
    for key, (user, name) in bidders.items():
        org = Organisation.objects.get(name=name)
        services.register(tender, user, org)
        bids[key] = services.bid_save(
            tender,
            user,
            org,
            version=None,
            price=SEALED_PRICES[key],
            answers={q.pk: f"{name} answers question {q.number} in detail." for q in questions},
            submit=True,
        )
    # The deadline passes: move the timetable into the past, as the demo does.
    Tender.objects.filter(pk=tender.pk).update(
        **_timetable(now, -120, -95, -70), published_at=now - timedelta(days=120)
    )
    tender.refresh_from_db()
    return tender, questions, bids


def test_evaluator_scores_a_bid_by_keyboard(demo, new_page, live_server, check_a11y, artifacts):
    tender, questions, bids = tender_waiting_for_scores()
    bid = bids["brightpath"]
    mine = [q for q in questions if q.set_by == SetBy.COMMISSIONER]
    login = demo["facilitator"]
    assert login == {"username": "facilitator", "password": "withus-demo-facilitator"}
    base = live_server.url
    tender_url = f"{base}/tenders/{tender.pk}/"
    scoring_url = f"{tender_url}scoring/"
    seen: list[tuple[str, str]] = []  # (label, HTML) of every page the evaluator saw
    problems: list[str] = []
    page = new_page()

    def check(label: str) -> None:
        nonlocal problems
        seen.append((label, page.content()))
        problems += check_a11y(page, label)

    _sign_in_by_keyboard(page, base, login)
    check("home")
    follow(page, f"a[href='{TENDERS}']", f"{base}{AREA_TENDERS}")
    check("tenders")
    follow(page, f"main a[href='/tenders/{tender.pk}/']", tender_url)
    main = page.locator("main")
    assert page.get_by_role("heading", name="Peer support after treatment", level=1).is_visible()
    assert "2 bids were submitted." in main.inner_text()
    check("tender, not declared")

    # Declare no conflicts: leave every bidder unticked, tick the confirmation.
    follow(page, f"main a[href='/tenders/{tender.pk}/declaration/']", f"{tender_url}declaration/")
    assert page.get_by_role("heading", name="Declare any conflicts of interest").is_visible()
    check("declaration")
    tab_to(page, "#id_confirm")
    page.keyboard.press("Space")
    assert page.locator("#id_confirm").is_checked()
    assert page.locator("input[name='conflicted_with']:checked").count() == 0
    tab_expect(page, "main button[type='submit']")
    assert page.evaluate("document.activeElement.innerText").strip() == "Confirm declaration"
    _press_and_land(page, scoring_url)
    assert "Declaration recorded." in _banner(page)
    check("scoring, after declaring")
    evaluator = Evaluator.objects.get(tender=tender, user__username="facilitator")
    assert evaluator.declared_at is not None
    assert not evaluator.conflicted_with.exists()

    # Back to the tender, which now offers "Score the bids".
    follow(page, f"a.govuk-back-link[href='/tenders/{tender.pk}/']", tender_url)
    check("tender, declared")
    follow(page, f"main a[href='/tenders/{tender.pk}/scoring/']", scoring_url)
    assert page.get_by_role("heading", name="Score the bids", level=1).is_visible()
    check("scoring")

    score_url = f"{base}/bids/{bid.pk}/score/"
    follow(page, f"main a[href='/bids/{bid.pk}/score/']", score_url)
    assert page.get_by_role(
        "heading", name="Score the bid from Brightpath Recovery CIC", level=1
    ).is_visible()
    text = main.inner_text()
    assert "Brightpath Recovery CIC answers question 1 in detail." in text
    # A quality evaluator scores the commissioners' questions, not the panel's.
    assert questions[2].text not in text
    check("score a bid")

    chosen = {mine[0].pk: "4", mine[1].pk: "2"}
    reasons = {
        mine[0].pk: "Section 2 sets out paid training and weekly supervision.",
        mine[1].pk: "Only a leaflet at discharge; no named contact is offered.",
    }
    tab_to(page, f"input[name='score_{mine[0].pk}']")
    for n, q in enumerate(mine):
        if n:
            tab_expect(page, f"input[name='score_{q.pk}']")
        # The scale runs from 5 down to 0: Space picks 5, arrows move down it.
        choose_radio(page, f"score_{q.pk}", chosen[q.pk])
        tab_expect(page, f"#id_reason_{q.pk}")
        page.keyboard.type(reasons[q.pk])
    tab_expect(page, "main button[type='submit']")
    assert page.evaluate("document.activeElement.innerText").strip() == "Save my scores"
    page.screenshot(path=artifacts / "tender-score-bid.png", full_page=True)

    # Shift+Tab goes back the way it came, to the last reason.
    page.keyboard.press("Shift+Tab")
    assert _is_focused(page, f"#id_reason_{mine[1].pk}"), _focused(page)
    tab_expect(page, "main button[type='submit']")
    _press_and_land(page, scoring_url)
    assert "Your scores are saved." in _banner(page)
    done = main.locator("tr", has=page.locator("a", has_text="Brightpath Recovery CIC"))
    assert done.locator(".govuk-tag", has_text="Done").is_visible()
    waiting = main.locator("tr", has=page.locator("a", has_text="Harbour Care Ltd"))
    assert "0 of 2 scored" in waiting.inner_text()
    check("scoring, after scoring")
    page.screenshot(path=artifacts / "tender-scoring.png", full_page=True)

    assert not problems + page.withus_errors, "\n".join(problems + page.withus_errors)

    saved = {
        s.question_id: (s.score, s.reason)
        for s in Score.objects.filter(evaluator=evaluator, bid__tender=tender)
    }
    assert saved == {q.pk: (int(chosen[q.pk]), reasons[q.pk]) for q in mine}
    assert not Score.objects.filter(bid=bids["harbour"]).exists()

    # Bids are sealed: no price on any page the evaluator saw, in any form.
    for label, html in seen:
        for price in SEALED_PRICES.values():
            for shown in _price_texts(price):
                assert shown not in html, f"price {shown} shown on {label}"


def _open_tender_as_provider(page, base: str, login: dict, tender: Tender, check) -> str:
    """Signs in and opens the tender from the Tenders menu; returns its address."""
    tender_url = f"{base}/tenders/{tender.pk}/"
    _sign_in_by_keyboard(page, base, login)
    follow(page, f"a[href='{TENDERS}']", f"{base}{AREA_TENDERS}")
    check("tenders")
    follow(page, f"main a[href='/tenders/{tender.pk}/']", tender_url)
    assert page.get_by_role("heading", name=tender.title, level=1).is_visible()
    return tender_url


def test_provider_submits_a_bid_by_keyboard(demo, new_page, live_server, check_a11y, artifacts):
    login = demo["provider"]
    assert login == {"username": "provider", "password": "withus-demo-provider"}
    tender = Tender.objects.get(reference=tendering_demo.OPEN)
    questions = list(tender.questions.order_by("number"))
    assert len(questions) == 4
    brightpath = Organisation.objects.get(name="Brightpath Recovery CIC")
    assert not tender.registrations.filter(organisation=brightpath).exists()
    base = live_server.url
    problems: list[str] = []
    page = new_page()

    def check(label: str) -> None:
        nonlocal problems
        problems += check_a11y(page, label)

    tender_url = _open_tender_as_provider(page, base, login, tender, check)
    check("open tender, not registered")

    tab_to(page, f"main form[action='/tenders/{tender.pk}/register/'] button[type='submit']")
    assert page.evaluate("document.activeElement.innerText").strip() == "Register to bid"
    _press_and_wait(page, tender_url)
    assert "Registered. You can now ask questions and bid." in _banner(page)
    assert "You are registered. You have not started a bid." in page.locator("main").inner_text()
    check("open tender, registered")

    bid_url = f"{tender_url}bid/"
    follow(page, f"main a[href='/tenders/{tender.pk}/bid/']", bid_url)
    assert page.get_by_role("heading", name="Your bid", level=1).is_visible()
    check("bid form")

    price = "875,432.10"
    answers = {
        q.pk: f"Brightpath's answer to question {q.number}: we will do this with peer workers."
        for q in questions
    }
    tab_to(page, "#id_price")
    page.keyboard.type(price)
    for q in questions:
        tab_expect(page, f"#id_answer_{q.pk}")
        page.keyboard.type(answers[q.pk])
    tab_expect(page, "main button[value='submit']")
    assert page.evaluate("document.activeElement.innerText").strip() == "Submit bid"
    page.screenshot(path=artifacts / "tender-bid.png", full_page=True)
    _press_and_land(page, tender_url)
    assert "Your bid is submitted. You can change it until the deadline." in _banner(page)
    assert "(version 1)" in page.locator("main").inner_text()
    check("open tender, bid submitted")

    assert not problems + page.withus_errors, "\n".join(problems + page.withus_errors)

    bid = Bid.objects.get(tender=tender, organisation=brightpath)
    assert bid.status == Bid.Status.SUBMITTED
    assert bid.price == Decimal("875432.10")
    assert bid.revision == 1
    assert {a.question_id: a.text for a in bid.answers.all()} == answers


def test_bidder_mistake_is_shown_and_kept(demo, new_page, live_server, check_a11y, artifacts):
    login = demo["provider"]
    tender = Tender.objects.get(reference=tendering_demo.OPEN)
    questions = list(tender.questions.order_by("number"))
    brightpath = Organisation.objects.get(name="Brightpath Recovery CIC")
    services.register(tender, User.objects.get(username="provider"), brightpath)
    base = live_server.url
    problems: list[str] = []
    page = new_page()

    def check(label: str) -> None:
        nonlocal problems
        problems += check_a11y(page, label)

    tender_url = _open_tender_as_provider(page, base, login, tender, check)
    bid_url = f"{tender_url}bid/"
    follow(page, f"main a[href='/tenders/{tender.pk}/bid/']", bid_url)

    # Every answer but question 3's.
    left_empty = questions[2]
    answers = {
        q.pk: f"Question {q.number}: a home near the people and places that keep you well."
        for q in questions
        if q != left_empty
    }
    tab_to(page, "#id_price")
    page.keyboard.type("640000")
    for q in questions:
        tab_expect(page, f"#id_answer_{q.pk}")
        if q.pk in answers:
            page.keyboard.type(answers[q.pk])
    tab_expect(page, "main button[value='submit']")
    _press_and_wait(page, bid_url)

    summary = page.locator(".govuk-error-summary")
    assert summary.is_visible()
    assert "There is a problem" in summary.inner_text()
    assert "Answer question 3 before you submit." in summary.inner_text()
    # GOV.UK Frontend moves focus to the summary, so a screen reader reads it first.
    assert page.evaluate(
        "!!document.activeElement && !!document.activeElement.closest('.govuk-error-summary')"
    ), _focused(page)
    assert page.title().startswith("Error: ")
    # Nothing typed is lost.
    assert page.locator("#id_price").input_value() == "640000"
    for q in questions:
        expected = answers.get(q.pk, "")
        assert page.locator(f"#id_answer_{q.pk}").input_value() == expected, q.number
    assert not Bid.objects.filter(tender=tender, organisation=brightpath).exists()
    problems += check_a11y(page, "bid form, answer missing")
    page.screenshot(path=artifacts / "tender-bid-error.png", full_page=True)

    # The summary's link takes focus to the empty answer.
    tab_expect(page, f".govuk-error-summary a[href='#id_answer_{left_empty.pk}']")
    page.keyboard.press("Enter")
    assert _is_focused(page, f"#id_answer_{left_empty.pk}"), _focused(page)
    missing = "Question 3: we ring the landlord the same day and go to court with them."
    page.keyboard.type(missing)
    tab_to(page, "main button[value='submit']", limit=3)
    _press_and_land(page, tender_url)
    assert "Your bid is submitted." in _banner(page)
    check("open tender, bid submitted")

    assert not problems + page.withus_errors, "\n".join(problems + page.withus_errors)

    bid = Bid.objects.get(tender=tender, organisation=brightpath)
    assert bid.status == Bid.Status.SUBMITTED
    assert bid.price == Decimal("640000")
    assert {a.question_id: a.text for a in bid.answers.all()} == {
        **answers,
        left_empty.pk: missing,
    }


def _summary_index(page) -> int:
    """Which of main's details summaries has focus (-1 for none)."""
    return page.evaluate(
        """() => [...document.querySelectorAll("main summary.govuk-details__summary")]
            .indexOf(document.activeElement)"""
    )


def test_award_page_details_by_keyboard(demo, new_page, live_server, check_a11y, artifacts):
    login = demo["commissioner"]
    tender = Tender.objects.get(reference=tendering_demo.EVALUATED)
    assert tender.status == Tender.Status.AWARDED
    base = live_server.url
    tender_url = f"{base}/tenders/{tender.pk}/"
    award_url = f"{tender_url}award/"
    problems: list[str] = []
    page = new_page()
    _sign_in_by_keyboard(page, base, login)
    follow(page, f"a[href='{TENDERS}']", f"{base}{AREA_TENDERS}")
    problems += check_a11y(page, "tenders")
    follow(page, f"main a[href='/tenders/{tender.pk}/']", tender_url)
    problems += check_a11y(page, "awarded tender")
    follow(page, f"main a[href='/tenders/{tender.pk}/award/']", award_url)
    assert page.get_by_role("heading", name="Award", level=1).is_visible()
    assert "Award confirmed" in page.locator(".govuk-panel").inner_text()

    details = page.locator("main details.govuk-details")
    count = details.count()
    # The ranking's workings (quality, panel, price score and total, where a bid
    # has them), then one section per bid: 18 in the demo.
    assert count >= 8, count
    assert details.evaluate_all("ds => ds.every(d => !d.open)")
    problems += check_a11y(page, "award, all closed")

    for i in range(count):
        tab_to(page, "main summary.govuk-details__summary", limit=20)
        assert _summary_index(page) == i, (i, _focused(page))
        one = details.nth(i)
        body = one.locator(".govuk-details__text")
        page.keyboard.press("Enter")
        assert one.evaluate("d => d.open"), i
        assert body.is_visible(), i
        page.keyboard.press("Enter")
        assert not one.evaluate("d => d.open"), i
        assert not body.is_visible(), i
        page.keyboard.press("Enter")  # leave it open, for axe to see inside
        assert one.evaluate("d => d.open"), i
        assert _summary_index(page) == i, (i, _focused(page))
    assert details.evaluate_all("ds => ds.every(d => d.open)")
    problems += check_a11y(page, "award, all open")
    page.screenshot(path=artifacts / "tender-award-open.png", full_page=True)

    # No trap: Tab goes on past the last section to the footer, and Shift+Tab back.
    tab_to(page, "footer a[href='/accessibility/']", limit=20)
    for _ in range(20):
        page.keyboard.press("Shift+Tab")
        if _summary_index(page) == count - 1:
            break
    else:
        raise AssertionError(f"Shift+Tab never came back to the last section: {_focused(page)}")

    assert not problems + page.withus_errors, "\n".join(problems + page.withus_errors)
