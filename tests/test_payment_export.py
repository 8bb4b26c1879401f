"""Sending approved claims for payment: one batch, its CSV, statements by email and by tax year.

Northvale's rates from 1 April 2025 (put straight into the database): £15.00 an
hour, £55.00 a half day, £110.00 a day and £0.45 a mile. The claims approved:

    Expert, Listening event 12 May 2026: 3 half days x £55.00 = £165.00,
        £4.60 bus fare: £169.60
    Expert, Residential course 2 June 2026: 10 days x £110.00 = £1,100.00
    "=cmd" (no email), Listening event: 2.5 hours x £15.00 = £37.50, 12.3 miles
        x £0.45 = £5.535 -> £5.54: £43.04
    Peer mentor (not paid), Listening event: 3 half days, fee £0.00, no costs: £0.00

In all £169.60 + £1,100.00 + £43.04 + £0.00 = £1,312.64, in 4 claims. The peer
mentor's claim for the residential course waits for a decision, so stays out.
"""

import csv
import html
import io
import re
from datetime import date
from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from withus.core.models import AuditEntry, Membership, Role, User
from withus.cycle import services as cycle
from withus.payments import services as payments
from withus.payments.models import Claim, PaymentBatch, PaymentRate
from withus.payments.sums import ExpenseLine

D = Decimal
FARE = ExpenseLine("fare", D("4.60"), None)
HEADINGS = [
    "claim",
    "person",
    "email",
    "how paid",
    "involvement",
    "date",
    "time",
    "rate",
    "fee",
    "expenses",
    "total",
    "approved by",
]


@pytest.fixture
def rates(area, commissioner):
    for unit, amount in (("hour", "15.00"), ("half_day", "55.00"), ("day", "110.00")):
        PaymentRate.objects.create(
            local_area=area,
            unit=unit,
            amount=D(amount),
            effective_from=date(2025, 4, 1),
            set_by=commissioner,
            set_at=timezone.now(),
        )
    PaymentRate.objects.create(
        local_area=area,
        unit="mile",
        amount=D("0.45"),
        effective_from=date(2025, 4, 1),
        set_by=commissioner,
        set_at=timezone.now(),
    )


def _record(project, facilitator, people, on: date, title: str):
    return cycle.involvement_record(
        by=facilitator,
        project=project,
        stage="needs_assessment",
        title=title,
        happened_on=on,
        level="co_design",
        participants=people,
        group_name="",
        group_count=0,
        what_was_said="Said.",
        what_changed="",
        hours_given=D("3"),
    )


def _make(record, who, unit: str, quantity: str, *expenses):
    return payments.claim_make(
        record, who, unit=unit, quantity=D(quantity), note="", expenses=list(expenses)
    )


def _approve(claim, by):
    payments.claim_decide(claim, by, version=claim.version, decision="approve", query="")
    claim.refresh_from_db()
    return claim


@pytest.fixture
def world(area, project, commissioner, area_admin, facilitator, expert, peer_mentor, record, rates):
    """The claims in the module's docstring, all approved but the last."""
    cmd = User.objects.create_user(username="mallory", display_name="=cmd")
    Membership.objects.create(user=cmd, local_area=area, role=Role.EXPERT_BY_EXPERIENCE)
    expert.email = "expert@northvale.example"
    expert.save()
    peer_mentor.email = "peer@northvale.example"
    peer_mentor.save()
    record.participants.add(cmd, peer_mentor)
    course = _record(
        project, facilitator, [expert, peer_mentor], date(2026, 6, 2), "Residential course"
    )
    for person, choice in ((expert, "paid"), (cmd, "paid"), (peer_mentor, "not_paid")):
        payments.choice_set(person, area, choice)
    # The admin who approves one claim has a name that looks like a formula.
    area_admin.display_name = '=HYPERLINK("http://evil.example")'
    area_admin.save()
    return {
        "listening": _approve(_make(record, expert, "half_day", "3", FARE), commissioner),
        "course": _approve(_make(course, expert, "day", "10"), commissioner),
        "cmd": _approve(
            _make(record, cmd, "hour", "2.5", ExpenseLine("mileage", None, D("12.3"))),
            area_admin,
        ),
        "nothing": _approve(_make(record, peer_mentor, "half_day", "3"), commissioner),
        "waiting": _make(course, peer_mentor, "day", "1"),
        "cmd_user": cmd,
    }


def _text(fragment: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def _send(client, who, area, django_capture_on_commit_callbacks):
    client.force_login(who)
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(reverse("payment_batch_new", args=[area.slug]), follow=True)


def test_sending_puts_every_approved_claim_in_one_batch(
    client, area, commissioner, world, rates, django_capture_on_commit_callbacks
):
    response = _send(client, commissioner, area, django_capture_on_commit_callbacks)
    assert response.redirect_chain == [(reverse("claims", args=[area.slug]), 302)]
    assert "4 claims sent for payment." in response.content.decode()

    batch = PaymentBatch.objects.get()
    assert (batch.local_area, batch.made_by, batch.claim_count, batch.total) == (
        area,
        commissioner,
        4,
        D("1312.64"),
    )
    sent = [world[k] for k in ("listening", "course", "cmd", "nothing")]
    assert sorted(Claim.objects.filter(batch=batch).values_list("pk", "status")) == sorted(
        (c.pk, "sent") for c in sent
    )
    world["waiting"].refresh_from_db()
    assert (world["waiting"].status, world["waiting"].batch) == ("submitted", None)
    (entry,) = AuditEntry.objects.filter(action="payments.batch")
    assert (entry.actor, entry.object_id) == (commissioner, str(batch.pk))
    assert sorted(entry.data["claims"]) == sorted(c.pk for c in sent)
    assert entry.data["total"] == "1312.64"
    page = _text(response.content.decode())
    assert "4 claims, £1,312.64 (CSV)" in page


def test_sending_needs_a_post(client, area, commissioner, world, rates):
    client.force_login(commissioner)
    assert client.get(reverse("payment_batch_new", args=[area.slug])).status_code == 405
    assert not PaymentBatch.objects.exists()
    assert Claim.objects.filter(status="sent").count() == 0


def test_with_nothing_approved_it_says_so_and_makes_no_batch(
    client, area, commissioner, rates, django_capture_on_commit_callbacks
):
    response = _send(client, commissioner, area, django_capture_on_commit_callbacks)
    assert "There are no approved claims to send." in response.content.decode()
    assert not PaymentBatch.objects.exists()
    assert not AuditEntry.objects.filter(action="payments.batch").exists()
    assert mail.outbox == []


def test_the_payment_file_has_a_row_per_claim_to_pay_with_exact_amounts(
    client, area, commissioner, world, rates
):
    batch = payments.batch_make(area, commissioner)
    client.force_login(commissioner)
    response = client.get(reverse("payment_batch_csv", args=[batch.pk]))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="payments-{batch.pk}.csv"'
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    listening, course, cmd = world["listening"], world["course"], world["cmd"]
    # By username: expert, then mallory ("=cmd"). The peer mentor's £0.00 is left
    # out: there is nothing to pay.
    assert rows == [
        HEADINGS,
        [
            str(listening.pk),
            "Expert",
            "expert@northvale.example",
            "Bank payment",
            "Listening event",
            "2026-05-12",
            "3 per half day (up to 4 hours)",
            "55.00",
            "165.00",
            "4.60",
            "169.60",
            "Commissioner",
        ],
        [
            str(course.pk),
            "Expert",
            "expert@northvale.example",
            "Bank payment",
            "Residential course",
            "2026-06-02",
            "10 per day",
            "110.00",
            "1100.00",
            "0.00",
            "1100.00",
            "Commissioner",
        ],
        [
            str(cmd.pk),
            "'=cmd",
            "",
            "Bank payment",
            "Listening event",
            "2026-05-12",
            "2.5 per hour",
            "15.00",
            "37.50",
            "5.54",
            "43.04",
            '\'=HYPERLINK("http://evil.example")',
        ],
    ]


def test_the_claim_page_writes_ten_days_as_ten(client, expert, world, rates):
    client.force_login(expert)
    page = _text(client.get(reverse("claim", args=[world["course"].pk])).content.decode())
    assert "Time 10 days at £110.00 a day" in page


def test_each_person_with_an_email_gets_one_statement(
    client, area, commissioner, world, rates, django_capture_on_commit_callbacks
):
    _send(client, commissioner, area, django_capture_on_commit_callbacks)
    # Mallory ("=cmd") has no email address; the expert has two claims, one email.
    assert sorted(m.to[0] for m in mail.outbox) == [
        "expert@northvale.example",
        "peer@northvale.example",
    ]
    (to_expert,) = [m for m in mail.outbox if m.to == ["expert@northvale.example"]]
    assert to_expert.subject == "Your involvement payment statement"
    # £169.60 + £1,100.00 = £1,269.60.
    assert to_expert.body == (
        "Hello Expert,\n"
        "\n"
        "These claims have been sent for payment by Northvale:\n"
        "Listening event on 12/05/2026: £169.60\n"
        "Residential course on 02/06/2026: £1100.00\n"
        "\n"
        "Total: £1269.60\n"
        "Your full statement is on withus under My claims."
    )


def test_no_email_leaves_if_the_batch_is_not_saved(
    area, commissioner, world, rates, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        payments.batch_make(area, commissioner)
    assert mail.outbox == []  # only once the batch is committed
    assert len(callbacks) == 1


def test_my_claims_gives_a_statement_by_uk_tax_year(
    client, area, project, commissioner, facilitator, expert, rates
):
    payments.choice_set(expert, area, "paid")
    on = {
        d: _record(project, facilitator, [expert], date(2025, 4, d), f"April {d}")
        for d in (5, 6, 7, 8)
    }
    # 5 April 2025, in 2024 to 2025: 2 hours x £15.00 = £30.00, fare £4.60: £34.60.
    _approve(_make(on[5], expert, "hour", "2", FARE), commissioner)
    # 6 April 2025, in 2025 to 2026: 1 day x £110.00 = £110.00, 12.3 miles x £0.45
    # = £5.535 -> £5.54: £115.54.
    _approve(
        _make(on[6], expert, "day", "1", ExpenseLine("mileage", None, D("12.3"))), commissioner
    )
    # 7 April 2025, sent for payment: 3 half days x £55.00 = £165.00.
    _approve(_make(on[7], expert, "half_day", "3"), commissioner)
    payments.batch_make(area, commissioner)
    # 8 April 2025, not approved yet, so not on the statement: 1 hour, £15.00.
    _make(on[8], expert, "hour", "1")

    client.force_login(expert)
    page = client.get(reverse("my_claims")).content.decode()
    statement = re.search(r"Your statement by tax year.*?<tbody[^>]*>(.*?)</tbody>", page, re.S)[1]
    rows = [
        tuple(_text(cell) for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S))
        for row in re.findall(r"<tr[^>]*>(.*?)</tr>", statement, re.S)
    ]
    # 2025 to 2026: fees £110.00 + £165.00 = £275.00, costs £5.54, total £280.54.
    assert rows == [
        ("2025 to 2026", "2", "£275.00", "£5.54", "£280.54"),
        ("2024 to 2025", "1", "£30.00", "£4.60", "£34.60"),
    ]
    claims = re.search(r"Your claims</caption>.*?<tbody[^>]*>(.*?)</tbody>", page, re.S)[1]
    assert _text(claims).count("April") == 4  # every claim is listed, approved or not


@pytest.mark.parametrize("who", ["expert", "facilitator", "outsider"])
def test_only_a_payer_in_the_area_can_send_claims_for_payment(client, request, who, area, world):
    # Nobody but the area's commissioners and admins may send money: a refused
    # POST makes no batch and leaves every approved claim approved.
    person = request.getfixturevalue(who)
    client.force_login(person)
    response = client.post(reverse("payment_batch_new", args=[area.slug]))
    assert response.status_code == 403
    assert not PaymentBatch.objects.exists()
    assert Claim.objects.filter(status="approved").count() == 4
