"""Telling someone who gave a statement when the thread their words are part of moves.

A follower left an email address with their statement. Once a day (cron runs
``manage.py send_thread_digests``) each follower who is due gets at most one
email listing what happened since the last one: a new status for the priority
their statement's theme became, a contract signed that answers it, a new
monitoring result for a KPI that measures it. No news, no email.

The news is read from the same links as the public thread (statement → theme →
priority → requirement → tender question → contract and KPI → return): remove a
link and its news goes with it. The email address is read here and nowhere
else; it is never shown on a page, put in an export or written to the audit log.
"""

import logging
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from withus.contracts import kpi as kpi_rules
from withus.contracts.models import KPI, Contract, MonitoringReturn
from withus.insight.models import Priority, PriorityStatus, PriorityUpdate, Statement
from withus.tendering.models import Question, Requirement

from .models import ThreadFollower
from .queries import OPEN_TENDERS

log = logging.getLogger(__name__)

DEFAULT_SITE_URL = "http://127.0.0.1:8000"
WEEK = timedelta(days=7)


# Starting and stopping -------------------------------------------------------


def follow_start(
    statement: Statement, email: str, frequency: str, *, now: datetime | None = None
) -> ThreadFollower:
    """Keep the wish to hear what happens to ``statement``; call inside its transaction."""
    now = now or timezone.now()
    follower = ThreadFollower(
        statement=statement,
        email=email.strip(),
        frequency=frequency,
        created_at=now,
        news_since=now,
    )
    follower.full_clean()
    follower.save()
    return follower


def follow_stop(follower: ThreadFollower, *, now: datetime | None = None) -> ThreadFollower:
    """No more emails. Stopping twice keeps the first time."""
    now = now or timezone.now()
    ThreadFollower.objects.filter(pk=follower.pk, stopped_at__isnull=True).update(stopped_at=now)
    follower.refresh_from_db(fields=["stopped_at"])
    return follower


def priority_of(follower: ThreadFollower) -> Priority | None:
    """The priority the follower's statement's theme became, if it became one."""
    return (
        Priority.objects.select_related("theme")
        .filter(theme__statements__pk=follower.statement_id)
        .first()
    )


# The news --------------------------------------------------------------------


@dataclass(frozen=True)
class _Item:
    at: datetime
    order: int  # statuses before contracts before results when at the same moment
    text: str


def _number(value: Decimal) -> str:
    """85.0000 -> "85", 7.50 -> "7.5", 100 -> "100" (never "1E+2")."""
    if value == value.to_integral_value():
        return str(int(value))
    return f"{value.normalize():f}"


def _amount(value: Decimal, unit: str) -> str:
    number = _number(value)
    if not unit:
        return number
    return f"{number}{unit}" if unit == "%" else f"{number} {unit}"


def _period(kpi: KPI, period: date) -> str:
    try:
        return kpi_rules.period_label(period, kpi.frequency)
    except ValueError:  # not the start of a period: say the day instead
        return kpi_rules.day_text(period)


def news_for(
    follower: ThreadFollower, until: datetime, *, priority: Priority | None = None
) -> list[str]:
    """What happened to the follower's thread after ``news_since``, up to ``until``, in order.

    At most seven queries whatever the thread holds (one fewer when ``priority``
    is given): the priority, its status changes, its requirements, their
    tender questions, the KPIs, the contracts and the monitoring returns.
    """
    if priority is None:
        priority = priority_of(follower)
    if priority is None:
        return []
    since = follower.news_since
    title = priority.theme.name
    items: list[_Item] = []

    for update in PriorityUpdate.objects.filter(
        priority=priority, updated_at__gt=since, updated_at__lte=until
    ).order_by("updated_at", "id"):
        text = _("The priority “%(title)s” is now: %(status)s.") % {
            "title": title,
            "status": PriorityStatus(update.status).label,
        }
        if update.note:
            text += " " + _("Why: %(reason)s") % {"reason": update.note}
        items.append(_Item(update.updated_at, 0, text))

    requirement_ids = list(
        Requirement.priorities.through.objects.filter(priority_id=priority.pk).values_list(
            "requirement_id", flat=True
        )
    )
    questions = (
        list(
            Question.objects.filter(
                requirement_id__in=requirement_ids, tender__status__in=OPEN_TENDERS
            ).values_list("pk", "tender_id")
        )
        if requirement_ids
        else []
    )
    question_ids = [pk for pk, _tender in questions]
    kpis = {
        k.pk: k
        for k in KPI.objects.filter(
            Q(priority_id=priority.pk)
            | Q(requirement_id__in=requirement_ids)
            | Q(question_id__in=question_ids)
        )
    }

    tender_ids = {tender for _pk, tender in questions}
    contract_ids = {k.contract_id for k in kpis.values()}
    if tender_ids or contract_ids:
        for contract in (
            Contract.objects.filter(Q(tender_id__in=tender_ids) | Q(pk__in=contract_ids))
            .filter(created_at__gt=since, created_at__lte=until)
            .select_related("provider")
            .order_by("created_at", "id")
        ):
            text = _("A contract was signed: %(reference)s with %(provider)s.") % {
                "reference": contract.reference,
                "provider": contract.provider.name,
            }
            items.append(_Item(contract.created_at, 1, text))

    if kpis:
        for row in MonitoringReturn.objects.filter(
            kpi_id__in=list(kpis), submitted_at__gt=since, submitted_at__lte=until
        ).order_by("submitted_at", "id"):
            kpi = kpis[row.kpi_id]
            text = _(
                "New result for %(code)s %(title)s: %(value)s for %(period)s (target %(target)s)."
            ) % {
                "code": kpi.code,
                "title": kpi.title,
                "value": _amount(row.value, kpi.unit),
                "period": _period(kpi, row.period),
                "target": _amount(kpi.target, kpi.unit),
            }
            items.append(_Item(row.submitted_at, 2, text))

    items.sort(key=lambda i: (i.at, i.order))
    return [i.text for i in items]


# Sending -----------------------------------------------------------------------


def digest_due(follower: ThreadFollower, today: date) -> bool:
    """Whether the follower may have an email today (news or not)."""
    if follower.stopped_at is not None:
        return False
    if follower.last_sent_on is None:
        return True
    if follower.frequency == ThreadFollower.Frequency.DAILY:
        return follower.last_sent_on < today
    return follower.last_sent_on <= today - WEEK


def _due(today: date):
    return ThreadFollower.objects.filter(stopped_at__isnull=True).filter(
        Q(last_sent_on__isnull=True)
        | Q(frequency=ThreadFollower.Frequency.DAILY, last_sent_on__lt=today)
        | Q(frequency=ThreadFollower.Frequency.WEEKLY, last_sent_on__lte=today - WEEK)
    )


def site_url() -> str:
    return getattr(settings, "WITHUS_SITE_URL", DEFAULT_SITE_URL).rstrip("/")


def stop_url(follower: ThreadFollower) -> str:
    return site_url() + reverse("thread_stop", args=[follower.token])


def digest_email(follower: ThreadFollower, priority: Priority, news: list[str]) -> EmailMessage:
    stop = stop_url(follower)
    thread = site_url() + reverse("thread", args=["priority", priority.pk])
    if follower.frequency == ThreadFollower.Frequency.DAILY:
        how_often = _("You get at most one email a day, and only when something happened.")
    else:
        how_often = _("You get at most one email a week, and only when something happened.")
    lines = [
        _("Hello,"),
        "",
        _(
            "You asked us to tell you when what you told us leads to something. "
            "It is part of the priority “%(title)s”. This is what happened:"
        )
        % {"title": priority.theme.name},
        "",
        *[f"- {item}" for item in news],
        "",
        _("See the whole thread, from what people said to what changed:"),
        thread,
        "",
        how_often,
        _("Nobody else sees your email address."),
        "",
        _("To stop these emails, open this link and press the button:"),
        stop,
    ]
    return EmailMessage(
        subject=_("What happened next: %(title)s") % {"title": priority.theme.name},
        body="\n".join(lines) + "\n",
        to=[follower.email],
        headers={
            "List-Unsubscribe": f"<{stop}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )


def send_digests(today: date | None = None, now: datetime | None = None) -> int:
    """One email to each follower who is due and has news; returns how many were sent.

    Safe to run more than once a day, and twice at once: a follower is claimed
    by moving ``last_sent_on`` to today only if nobody moved it first, and the
    claim is undone if the email cannot be sent.
    """
    now = now or timezone.now()
    today = today or timezone.localdate(now)
    sent = 0
    for follower in list(_due(today).order_by("id")):
        if not digest_due(follower, today):
            continue
        priority = priority_of(follower)
        news = news_for(follower, now, priority=priority)
        if not news:
            continue  # never an empty email; news_since stays, so nothing is lost
        try:
            with transaction.atomic():
                claimed = ThreadFollower.objects.filter(
                    pk=follower.pk,
                    stopped_at__isnull=True,
                    last_sent_on=follower.last_sent_on,  # None matches "never sent"
                    news_since=follower.news_since,
                ).update(last_sent_on=today, news_since=now)
                if not claimed:
                    continue  # stopped, or sent by another run meanwhile
                digest_email(follower, priority, news).send()
        except Exception:  # one address failing must not stop the others
            log.exception("Could not send the thread digest to follower %s.", follower.pk)
            continue
        sent += 1
    return sent
