"""Choosing how to be paid: paid, vouchers, or not paid for time (for people on benefits).

Northvale pays £55.00 a half day from 1 April 2026 (put straight into the
database). Each claim here is 3 half days, a fee of 3 x £55.00 = £165.00 when
paid, with a £4.60 bus fare that is repaid whatever the choice.
"""

import csv
import html
import io
import re
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from withus.core.models import AuditEntry
from withus.cycle import services as cycle
from withus.payments import services as payments
from withus.payments.models import Claim, PaymentChoice, PaymentRate
from withus.payments.sums import ExpenseLine

D = Decimal
FARE = [ExpenseLine("fare", D("4.60"), None)]


@pytest.fixture
def rates(area, commissioner):
    PaymentRate.objects.create(
        local_area=area,
        unit="half_day",
        amount=D("55.00"),
        effective_from=date(2026, 4, 1),
        set_by=commissioner,
        set_at=timezone.now(),
    )


def _text(fragment: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def _choose(client, who, area, choice: str):
    client.force_login(who)
    return client.post(reverse("payment_choice", args=[area.slug]), {"choice": choice})


def _record(project, facilitator, expert, day: int):
    return cycle.involvement_record(
        by=facilitator,
        project=project,
        stage="needs_assessment",
        title=f"Session {day}",
        happened_on=date(2026, 6, day),
        level="co_design",
        participants=[expert],
        group_name="",
        group_count=0,
        what_was_said="Said.",
        what_changed="",
        hours_given=D("3"),
    )


def _claim(record, who):
    return payments.claim_make(
        record, who, unit="half_day", quantity=D("3"), note="", expenses=FARE
    )


def _approve(claim, by):
    return payments.claim_decide(claim, by, version=claim.version, decision="approve", query="")


def _sums(claim) -> tuple:
    claim.refresh_from_db()
    return (claim.choice, claim.fee, claim.expenses, claim.total, claim.status)


def test_not_paid_gives_no_fee_but_still_repays_costs(client, area, expert, record, rates):
    response = _choose(client, expert, area, "not_paid")
    assert response["Location"] == reverse("my_claims")
    client.post(
        reverse("claim_new", args=[record.pk]),
        {
            "unit": "half_day",
            "quantity": "3",
            "note": "",
            "expense_kind_0": "fare",
            "expense_detail_0": "Bus",
            "expense_amount_0": "4.60",
        },
    )
    claim = Claim.objects.get()
    # No fee (not £165.00), the £4.60 fare repaid: total £0.00 + £4.60 = £4.60.
    # The half day rate is still kept, in case the choice changes.
    assert (claim.choice, claim.rate, claim.fee, claim.expenses, claim.total) == (
        "not_paid",
        D("55.00"),
        D("0.00"),
        D("4.60"),
        D("4.60"),
    )
    page = _text(client.get(reverse("claim", args=[claim.pk])).content.decode())
    assert "For your time £0.00 (you chose not to be paid for your time)" in page
    assert "How paid Do not pay me for my time" in page
    assert "Total £4.60" in page


def test_choosing_not_to_be_paid_takes_the_fee_off_every_claim_not_yet_sent(
    client, area, project, commissioner, facilitator, expert, rates
):
    payments.choice_set(expert, area, "paid")
    sent = _claim(_record(project, facilitator, expert, 1), expert)
    _approve(sent, commissioner)
    payments.batch_make(area, commissioner)
    approved = _claim(_record(project, facilitator, expert, 2), expert)
    _approve(approved, commissioner)
    waiting = _claim(_record(project, facilitator, expert, 3), expert)

    _choose(client, expert, area, "not_paid")

    # Not yet sent: fee £0.00, total = £0.00 + £4.60. An approved claim keeps its
    # approval, as it now pays less.
    assert _sums(waiting) == ("not_paid", D("0.00"), D("4.60"), D("4.60"), "submitted")
    assert _sums(approved) == ("not_paid", D("0.00"), D("4.60"), D("4.60"), "approved")
    # Already sent for payment: £165.00 + £4.60 = £169.60, unchanged.
    assert _sums(sent) == ("paid", D("165.00"), D("4.60"), D("169.60"), "sent")
    assert PaymentChoice.objects.get(user=expert).choice == "not_paid"
    entry = AuditEntry.objects.filter(action="payments.choice").latest("pk")
    assert entry.actor == expert
    assert entry.data["choice"] == "not_paid"
    assert sorted(entry.data["claims_changed"]) == [approved.pk, waiting.pk]


def test_choosing_to_be_paid_again_sends_an_approved_claim_back_for_approval(
    client, area, project, commissioner, facilitator, expert, rates
):
    payments.choice_set(expert, area, "not_paid")
    approved = _claim(_record(project, facilitator, expert, 1), expert)
    queried = _claim(_record(project, facilitator, expert, 2), expert)
    _approve(approved, commissioner)
    payments.claim_decide(
        queried, commissioner, version=1, decision="query", query="Was it one bus or two?"
    )
    assert _sums(approved) == ("not_paid", D("0.00"), D("4.60"), D("4.60"), "approved")

    _choose(client, expert, area, "paid")

    # £165.00 more than was approved: it needs approving again. Total £169.60.
    assert _sums(approved) == ("paid", D("165.00"), D("4.60"), D("169.60"), "submitted")
    # A question asked still waits for its answer.
    assert _sums(queried) == ("paid", D("165.00"), D("4.60"), D("169.60"), "queried")
    assert queried.query == "Was it one bus or two?"
    client.force_login(expert)
    assert client.get(reverse("claim_correct", args=[queried.pk])).status_code == 200


def test_vouchers_instead_of_pay_keeps_the_approval(
    client, area, project, commissioner, facilitator, expert, rates
):
    payments.choice_set(expert, area, "paid")
    claim = _claim(_record(project, facilitator, expert, 1), expert)
    _approve(claim, commissioner)
    _choose(client, expert, area, "vouchers")
    # Vouchers are worth what the fee would have been: £165.00 + £4.60 = £169.60.
    assert _sums(claim) == ("vouchers", D("165.00"), D("4.60"), D("169.60"), "approved")


def test_the_choice_shows_on_the_form_the_claim_and_the_payment_file(
    client, area, project, commissioner, facilitator, expert, peer_mentor, rates
):
    record = _record(project, facilitator, expert, 1)
    record.participants.add(peer_mentor)
    _choose(client, expert, area, "vouchers")
    assert "You chose: <strong>Give me vouchers instead</strong>" in (
        client.get(reverse("claim_new", args=[record.pk])).content.decode()
    )
    vouchers = _claim(record, expert)
    page = _text(client.get(reverse("claim", args=[vouchers.pk])).content.decode())
    assert "How paid Give me vouchers instead" in page

    payments.choice_set(peer_mentor, area, "paid")
    bank = _claim(record, peer_mentor)
    for claim in (vouchers, bank):
        _approve(claim, commissioner)
    batch = payments.batch_make(area, commissioner)
    client.force_login(commissioner)
    response = client.get(reverse("payment_batch_csv", args=[batch.pk]))
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert [(row[0], row[1], row[3]) for row in rows[1:]] == [
        (str(vouchers.pk), "Expert", "Vouchers"),
        (str(bank.pk), "Peermentor", "Bank payment"),
    ]
