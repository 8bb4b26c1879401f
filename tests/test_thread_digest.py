"""The news a follower hears, and the digest emails: at most one a day, never empty."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from withus.contracts.models import KPI, Contract, MonitoringReturn
from withus.core.models import Organisation
from withus.insight import services as insight
from withus.insight.models import PriorityUpdate, Statement
from withus.tendering.models import Question, Requirement, Specification, Tender
from withus.thread import follow
from withus.thread.models import ThreadFollower

EMAIL = "private.person@example.com"
DAY = date(2026, 6, 1)


def _since(minutes: int = 60):
    return timezone.now() - timedelta(minutes=minutes)


def build_chain(area, project, facilitator, commissioner, *, email=EMAIL, frequency="daily"):
    """What someone said → theme → priority → requirement → awarded tender question →
    contract → KPI (linked through the question only) → a monitoring return.

    The follower starts following an hour before any of it happened, so all of it is news.
    """
    exercise = insight.exercise_open(by=facilitator, local_area=area, title="Recovery")
    statement = insight.statement_add(
        by=None,
        exercise=exercise,
        kind="not_working",
        text="Nobody answers at the weekend",
        source="easy_read",
    )
    follower = follow.follow_start(statement, email, frequency, now=_since())
    other = insight.statement_add(
        by=None, exercise=exercise, kind="working", text="The café is good", source="easy_read"
    )
    exercise = insight.exercise_move_phase(by=facilitator, exercise=exercise, to_phase="grouping")
    theme = insight.theme_create(
        by=facilitator, exercise=exercise, name="Weekend help", statement_ids=[statement.pk]
    )
    other_theme = insight.theme_create(
        by=facilitator, exercise=exercise, name="The café", statement_ids=[other.pk]
    )
    for phase in ("voting", "priorities"):
        exercise = insight.exercise_move_phase(by=facilitator, exercise=exercise, to_phase=phase)
    priority = insight.priority_make(by=facilitator, theme=theme)
    other_priority = insight.priority_make(by=facilitator, theme=other_theme)

    spec = Specification.objects.create(
        project=project, title="Recovery support", created_by=commissioner
    )
    requirement = Requirement.objects.create(specification=spec, number=1, text="Help at weekends.")
    requirement.priorities.add(priority)
    now = timezone.now()
    tender = Tender.objects.create(
        local_area=area,
        specification=spec,
        reference="T-WEEKEND",
        title="Weekend support",
        description="Support at weekends.",
        publication_date=now - timedelta(days=30),
        clarification_deadline=now - timedelta(days=20),
        submission_deadline=now - timedelta(days=10),
        price_weight=Decimal("30"),
        panel_stake=Decimal("20"),
        status=Tender.Status.AWARDED,
        awarded_at=now,
        created_by=commissioner,
    )
    question = Question.objects.create(
        tender=tender,
        number=1,
        text="How will people get help at the weekend?",
        weight=Decimal("70"),
        requirement=requirement,
    )
    brightpath = Organisation.objects.create(name="Brightpath", kind=Organisation.Kind.PROVIDER)
    contract = Contract.objects.create(
        local_area=area,
        tender=tender,
        reference="C-WEEKEND",
        title="Weekend support",
        kind=Contract.Kind.BLOCK,
        provider=brightpath,
        value=Decimal("300000.00"),
        start_date=date(2025, 4, 1),
        initial_months=36,
        created_by=commissioner,
    )
    kpi = KPI.objects.create(
        contract=contract,
        code="K1",
        title="Calls answered at weekends",
        unit="%",
        target=Decimal("85"),
        direction=KPI.Direction.HIGHER,
        frequency=KPI.Frequency.QUARTERLY,
        source=KPI.Source.PROVIDER,
        question=question,
    )
    result = MonitoringReturn.objects.create(
        kpi=kpi,
        period=date(2025, 4, 1),
        value=Decimal("82.5000"),
        submitted_by=commissioner,
        submitted_at=timezone.now(),
    )
    return {
        "exercise": exercise,
        "statement": statement,
        "follower": follower,
        "priority": priority,
        "other_priority": other_priority,
        "requirement": requirement,
        "tender": tender,
        "question": question,
        "contract": contract,
        "kpi": kpi,
        "result": result,
    }


STATUS = "The priority “Weekend help” is now: Under way."
CONTRACT = "A contract was signed: C-WEEKEND with Brightpath."
RESULT = "New result for K1 Calls answered at weekends: 82.5% for April to June 2025 (target 85%)."


@pytest.fixture
def chain(area, project, facilitator, commissioner):
    return build_chain(area, project, facilitator, commissioner)


def _follower(chain) -> ThreadFollower:
    return ThreadFollower.objects.get(pk=chain["follower"].pk)


def _status_change(chain, by, status="done", reason="The helpline now opens at weekends."):
    priority = chain["priority"]
    priority.refresh_from_db()
    return insight.priority_update(
        by=by,
        priority=priority,
        version=priority.version,
        status_value=status,
        reason=reason,
        root_causes="",
        success_looks_like="",
    )


# The news ----------------------------------------------------------------------


def test_it_tells_of_each_kind_of_news_in_the_order_it_happened(chain):
    assert follow.news_for(_follower(chain), timezone.now()) == [STATUS, CONTRACT, RESULT]


def test_it_gives_a_new_status_with_its_reason(chain, facilitator):
    follower = _follower(chain)
    follower.news_since = timezone.now()
    _status_change(chain, facilitator, "not_possible", "There is no money for it this year.")
    assert follow.news_for(follower, timezone.now()) == [
        "The priority “Weekend help” is now: Not possible. Why: There is no money for it this year."
    ]


def test_it_only_tells_what_happened_after_news_since_and_up_to_until(chain):
    follower = _follower(chain)
    later = timezone.now() + timedelta(hours=1)
    MonitoringReturn.objects.filter(pk=chain["result"].pk).update(submitted_at=later)
    follower.news_since = later - timedelta(minutes=30)
    assert follow.news_for(follower, later + timedelta(hours=1)) == [RESULT]
    assert follow.news_for(follower, later) == [RESULT]
    assert follow.news_for(follower, later - timedelta(microseconds=1)) == []
    follower.news_since = later
    assert follow.news_for(follower, later + timedelta(hours=1)) == []


def test_it_has_no_news_for_a_statement_that_became_no_priority(area, facilitator):
    exercise = insight.exercise_open(by=facilitator, local_area=area, title="Day services")
    statement = insight.statement_add(
        by=None, exercise=exercise, kind="working", text="Good", source="easy_read"
    )
    follower = follow.follow_start(statement, EMAIL, "weekly", now=_since())
    assert follow.news_for(follower, timezone.now()) == []


def test_it_tells_nothing_of_another_priority(chain, facilitator):
    follower = _follower(chain)
    follower.news_since = timezone.now()
    other = chain["other_priority"]
    insight.priority_update(
        by=facilitator,
        priority=other,
        version=other.version,
        status_value="done",
        reason="",
        root_causes="",
        success_looks_like="",
    )
    assert follow.news_for(follower, timezone.now()) == []


def test_the_news_comes_from_real_links_only(chain):
    """Take the requirement off the priority: its contract and KPI are no longer news."""
    chain["requirement"].priorities.remove(chain["priority"])
    assert follow.news_for(_follower(chain), timezone.now()) == [STATUS]


def test_a_kpi_measuring_the_priority_directly_is_news(chain, commissioner):
    chain["requirement"].priorities.remove(chain["priority"])
    KPI.objects.filter(pk=chain["kpi"].pk).update(question=None, priority=chain["priority"])
    assert follow.news_for(_follower(chain), timezone.now()) == [STATUS, CONTRACT, RESULT]


def test_it_reads_the_news_in_a_fixed_number_of_queries(
    chain, commissioner, django_assert_num_queries
):
    follower = _follower(chain)
    with django_assert_num_queries(7):
        follow.news_for(follower, timezone.now())
    for n in range(2, 6):
        kpi = KPI.objects.create(
            contract=chain["contract"],
            code=f"K{n}",
            title=f"Measure {n}",
            unit="people",
            target=Decimal("100"),
            direction=KPI.Direction.HIGHER,
            frequency=KPI.Frequency.QUARTERLY,
            source=KPI.Source.PROVIDER,
            question=chain["question"],
        )
        MonitoringReturn.objects.create(
            kpi=kpi,
            period=date(2025, 4, 1),
            value=Decimal("120"),
            submitted_by=commissioner,
            submitted_at=timezone.now(),
        )
    with django_assert_num_queries(7):
        news = follow.news_for(follower, timezone.now())
    assert len(news) == 7
    assert (
        "New result for K5 Measure 5: 120 people for April to June 2025 (target 100 people)."
        in news
    )


# When a digest is due ------------------------------------------------------------


@pytest.mark.parametrize(
    "frequency, last_sent_on, due",
    [
        ("daily", None, True),
        ("daily", DAY, False),
        ("daily", DAY - timedelta(days=1), True),
        ("weekly", None, True),
        ("weekly", DAY - timedelta(days=6), False),
        ("weekly", DAY - timedelta(days=7), True),
    ],
)
def test_it_knows_when_a_digest_is_due(frequency, last_sent_on, due):
    follower = ThreadFollower(frequency=frequency, last_sent_on=last_sent_on)
    assert follow.digest_due(follower, DAY) is due
    follower.stopped_at = timezone.now()
    assert follow.digest_due(follower, DAY) is False


# Sending -------------------------------------------------------------------------


def test_it_sends_one_email_with_the_news_and_a_way_to_stop(chain, settings):
    settings.WITHUS_SITE_URL = "https://withus.example/"
    now = timezone.now()
    assert follow.send_digests(today=DAY, now=now) == 1
    [email] = mail.outbox
    follower = _follower(chain)
    stop = "https://withus.example" + reverse("thread_stop", args=[follower.token])
    thread = "https://withus.example" + reverse("thread", args=["priority", chain["priority"].pk])
    assert email.to == [EMAIL]
    assert email.subject == "What happened next: Weekend help"
    for line in (STATUS, CONTRACT, RESULT):
        assert f"- {line}\n" in email.body
    assert thread in email.body
    assert stop in email.body
    assert "at most one email a day" in email.body
    assert email.extra_headers["List-Unsubscribe"] == f"<{stop}>"
    assert email.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    message = email.message()
    assert message["List-Unsubscribe"] == f"<{stop}>"
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    # Nothing about anyone else, and not the words of the statement.
    assert "Nobody answers at the weekend" not in email.body
    assert (follower.last_sent_on, follower.news_since) == (DAY, now)


def test_it_uses_the_local_address_when_no_site_url_is_set(chain, settings):
    if hasattr(settings, "WITHUS_SITE_URL"):
        del settings.WITHUS_SITE_URL
    follow.send_digests(today=DAY)
    assert "http://127.0.0.1:8000/thread/stop/" in mail.outbox[0].body


def test_a_daily_follower_gets_at_most_one_email_a_day(chain, facilitator):
    assert follow.send_digests(today=DAY) == 1
    _status_change(chain, facilitator)
    assert follow.send_digests(today=DAY) == 0
    assert len(mail.outbox) == 1
    # The news waits for tomorrow, and is told then, once.
    assert follow.send_digests(today=DAY + timedelta(days=1)) == 1
    assert mail.outbox[1].body.count("- ") == 1
    assert "is now: Done. Why: The helpline now opens at weekends." in mail.outbox[1].body
    assert follow.send_digests(today=DAY + timedelta(days=1)) == 0
    assert len(mail.outbox) == 2


def test_a_weekly_follower_waits_seven_days(chain, facilitator):
    ThreadFollower.objects.filter(pk=chain["follower"].pk).update(frequency="weekly")
    assert follow.send_digests(today=DAY) == 1
    assert "at most one email a week" in mail.outbox[0].body
    _status_change(chain, facilitator)
    for days in range(1, 7):
        assert follow.send_digests(today=DAY + timedelta(days=days)) == 0
    assert follow.send_digests(today=DAY + timedelta(days=7)) == 1
    assert len(mail.outbox) == 2


def test_no_news_means_no_email(chain):
    ThreadFollower.objects.filter(pk=chain["follower"].pk).update(news_since=timezone.now())
    before = _follower(chain)
    assert follow.send_digests(today=DAY) == 0
    assert mail.outbox == []
    after = _follower(chain)
    assert after.last_sent_on is None
    assert after.news_since == before.news_since


def test_a_follower_whose_words_became_no_priority_gets_nothing(area, facilitator):
    exercise = insight.exercise_open(by=facilitator, local_area=area, title="Day services")
    statement = insight.statement_add(
        by=None, exercise=exercise, kind="working", text="Good", source="easy_read"
    )
    follow.follow_start(statement, EMAIL, "daily", now=_since())
    assert follow.send_digests(today=DAY) == 0
    assert mail.outbox == []


def test_a_stopped_follower_gets_nothing(chain):
    follow.follow_stop(chain["follower"])
    assert follow.send_digests(today=DAY) == 0
    assert mail.outbox == []
    assert _follower(chain).last_sent_on is None


def test_each_follower_gets_their_own_email(chain):
    exercise = chain["exercise"]
    # A second person whose words are in the same theme, following weekly.
    second = Statement.objects.create(
        exercise=exercise,
        kind="matters_now",
        text="Weekends",
        source="easy_read",
        theme=chain["priority"].theme,
    )
    follow.follow_start(second, "someone.else@example.com", "weekly", now=_since())
    assert follow.send_digests(today=DAY) == 2
    assert sorted(m.to[0] for m in mail.outbox) == [EMAIL, "someone.else@example.com"]
    assert all(len(m.to) == 1 and not m.cc and not m.bcc for m in mail.outbox)


def test_two_runs_at_once_send_one_email(chain, monkeypatch):
    """Another run sends to the follower while this one reads the news: this one sends nothing."""
    read = follow.news_for

    def and_meanwhile(follower, until, **kwargs):
        news = read(follower, until, **kwargs)
        ThreadFollower.objects.filter(pk=follower.pk).update(last_sent_on=DAY, news_since=until)
        return news

    monkeypatch.setattr(follow, "news_for", and_meanwhile)
    assert follow.send_digests(today=DAY) == 0
    assert mail.outbox == []


def test_stopping_while_the_news_is_read_sends_nothing(chain, monkeypatch):
    read = follow.news_for

    def and_meanwhile(follower, until, **kwargs):
        news = read(follower, until, **kwargs)
        follow.follow_stop(follower)
        return news

    monkeypatch.setattr(follow, "news_for", and_meanwhile)
    assert follow.send_digests(today=DAY) == 0
    assert mail.outbox == []


def test_a_failed_send_is_tried_again_next_time(chain, monkeypatch):
    def broken(self, fail_silently=False):
        raise OSError("mail server down")

    monkeypatch.setattr("django.core.mail.EmailMessage.send", broken)
    assert follow.send_digests(today=DAY) == 0
    assert _follower(chain).last_sent_on is None
    monkeypatch.undo()
    assert follow.send_digests(today=DAY) == 1


def test_the_command_sends_the_digests_and_says_how_many(chain, capsys):
    call_command("send_thread_digests")
    assert "Thread digests sent: 1." in capsys.readouterr().out
    assert len(mail.outbox) == 1
    call_command("send_thread_digests")
    assert "Thread digests sent: 0." in capsys.readouterr().out


# Stopping ------------------------------------------------------------------------


def test_the_stop_page_asks_first_and_changes_nothing(client, chain):
    url = reverse("thread_stop", args=[chain["follower"].token])
    page = client.get(url)
    assert page.status_code == 200
    text = page.content.decode()
    assert "Stop these emails" in text
    assert "“Weekend help”" in text
    assert EMAIL not in text
    assert _follower(chain).stopped_at is None


def test_the_button_stops_the_emails(client, chain):
    url = reverse("thread_stop", args=[chain["follower"].token])
    page = client.post(url)
    assert page.status_code == 200
    assert "You will not get any more emails about this" in page.content.decode()
    stopped = _follower(chain).stopped_at
    assert stopped is not None
    # Again, and by GET afterwards: it stays stopped, from the first time.
    client.post(url)
    assert _follower(chain).stopped_at == stopped
    assert "You will not get any more emails about this" in client.get(url).content.decode()
    assert follow.send_digests(today=DAY) == 0


def test_a_mail_clients_one_click_post_stops_without_a_csrf_token(chain):
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        reverse("thread_stop", args=[chain["follower"].token]),
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    assert _follower(chain).stopped_at is not None


def test_other_public_forms_still_need_a_csrf_token(chain):
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("tell_us", args=[chain["exercise"].pk]), {})
    assert response.status_code == 403


def test_an_unknown_token_is_not_found(client, chain):
    assert client.get(reverse("thread_stop", args=["not-a-real-token"])).status_code == 404
    assert client.post(reverse("thread_stop", args=["not-a-real-token"])).status_code == 404
    assert _follower(chain).stopped_at is None


def test_the_stop_page_takes_no_other_method(client, chain):
    url = reverse("thread_stop", args=[chain["follower"].token])
    assert client.put(url).status_code == 405
    assert _follower(chain).stopped_at is None


def test_the_priority_history_is_untouched_by_following(chain):
    """Following reads the thread; it writes nothing to it."""
    before = PriorityUpdate.objects.count()
    follow.send_digests(today=DAY)
    assert PriorityUpdate.objects.count() == before
