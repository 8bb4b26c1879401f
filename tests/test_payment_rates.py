"""Publishing payment rates: from today or later, one per unit and day, public to read.

Northvale paid £14.00 an hour from 1 April 2025 and £15.00 from 1 April 2026
(put straight into the database: the form only takes today or later). A new
rate applies to claims made after it, never to claims already made.
"""

import html
import re
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from withus.core.models import AuditEntry
from withus.cycle import services as cycle
from withus.payments import services as payments
from withus.payments.models import Claim, PaymentRate

D = Decimal


def _rate(area, by, unit: str, amount: str, start: date) -> PaymentRate:
    return PaymentRate.objects.create(
        local_area=area,
        unit=unit,
        amount=D(amount),
        effective_from=start,
        set_by=by,
        set_at=timezone.now(),
    )


@pytest.fixture
def rates(area, commissioner):
    return [
        _rate(area, commissioner, "hour", "14.00", date(2025, 4, 1)),
        _rate(area, commissioner, "hour", "15.00", date(2026, 4, 1)),
    ]


def _text(fragment: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def _field_error(page: str, name: str) -> str:
    found = re.search(rf'id="id_{name}-error" class="govuk-error-message">(.*?)</p>', page, re.S)
    assert found, f"no message next to {name}"
    return _text(found[1]).replace("Error:", "").strip()


def _publish(client, who, area, unit: str, amount: str, start: date):
    client.force_login(who)
    return client.post(
        reverse("payment_rate_new", args=[area.slug]),
        {
            "unit": unit,
            "amount": amount,
            "effective_from_0": str(start.day),
            "effective_from_1": str(start.month),
            "effective_from_2": str(start.year),
        },
    )


def test_a_commissioner_publishes_a_rate_from_a_later_date_and_it_is_audited(
    client, area, commissioner
):
    start = timezone.localdate() + timedelta(days=30)
    response = _publish(client, commissioner, area, "hour", "£16.50", start)
    assert response["Location"] == reverse("payment_rates", args=[area.slug])

    rate = PaymentRate.objects.get()
    assert (rate.unit, rate.amount, rate.effective_from, rate.set_by) == (
        "hour",
        D("16.50"),
        start,
        commissioner,
    )
    (entry,) = AuditEntry.objects.filter(action="payments.rate_set")
    assert (entry.actor, entry.local_area, entry.object_id) == (commissioner, area, str(rate.pk))
    assert entry.data == {"unit": "hour", "amount": "16.50", "start": start.isoformat()}


def test_a_rate_can_start_today(client, area, commissioner):
    today = timezone.localdate()
    _publish(client, commissioner, area, "day", "110.00", today)
    assert list(PaymentRate.objects.values_list("unit", "amount", "effective_from")) == [
        ("day", D("110.00"), today)
    ]


def test_a_start_date_in_the_past_is_refused_next_to_the_date(client, area, commissioner):
    yesterday = timezone.localdate() - timedelta(days=1)
    response = _publish(client, commissioner, area, "hour", "16.50", yesterday)
    page = response.content.decode()
    assert response.status_code == 200
    assert _field_error(page, "effective_from") == (
        "A new rate can start today or later. Claims already made keep the rate they "
        "were made with."
    )
    assert 'value="16.50"' in page  # what was typed is still there
    assert not PaymentRate.objects.exists()
    assert not AuditEntry.objects.filter(action="payments.rate_set").exists()


def test_the_same_unit_from_the_same_day_twice_is_refused(client, area, commissioner):
    start = timezone.localdate() + timedelta(days=7)
    _publish(client, commissioner, area, "hour", "16.50", start)
    page = _publish(client, commissioner, area, "hour", "17.00", start).content.decode()
    assert _field_error(page, "effective_from") == (
        "There is already a rate for this from that date."
    )
    # Another unit from the same day is fine.
    _publish(client, commissioner, area, "mile", "0.45", start)
    assert sorted(PaymentRate.objects.values_list("unit", "amount")) == [
        ("hour", D("16.50")),
        ("mile", D("0.45")),
    ]
    assert AuditEntry.objects.filter(action="payments.rate_set").count() == 2


def test_anyone_can_read_the_rates_in_force_today_and_those_coming(
    client, area, commissioner, rates
):
    coming = timezone.localdate() + timedelta(days=40)
    _rate(area, commissioner, "hour", "16.50", coming)
    _rate(area, commissioner, "mile", "0.45", date(2026, 4, 1))
    client.logout()

    response = client.get(reverse("payment_rates", args=[area.slug]))
    assert response.status_code == 200
    page = response.content.decode()
    today_table = re.search(r"Rates on .*?<tbody[^>]*>(.*?)</tbody>", page, re.S)[1]
    rows = [
        tuple(_text(cell) for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S))
        for row in re.findall(r"<tr[^>]*>(.*?)</tr>", today_table, re.S)
    ]
    # £15.00 has applied since 1 April 2026; the £14.00 before it and the £16.50
    # to come are not in force today.
    assert rows == [
        ("Per hour", "£15.00", "1 April 2026"),
        ("Per half day (up to 4 hours)", "Not set", ""),
        ("Per day", "Not set", ""),
        ("Mileage, per mile", "£0.45", "1 April 2026"),
    ]
    coming_soon = _text(re.search(r"Coming soon</h2>(.*?)</ul>", page, re.S)[1])
    assert coming_soon == f"Per hour: £16.50 from {coming.day} {coming:%B} {coming.year}"
    assert "Publish a new rate" not in page  # only for those who set rates


def test_a_new_rate_never_changes_a_claim_already_made(
    client, area, commissioner, facilitator, expert, peer_mentor, project, rates
):
    # Both took part today, when the hour rate was £15.00.
    today = timezone.localdate()
    record = cycle.involvement_record(
        by=facilitator,
        project=project,
        stage="needs_assessment",
        title="Drop-in",
        happened_on=today,
        level="co_design",
        participants=[expert, peer_mentor],
        group_name="",
        group_count=0,
        what_was_said="More evening sessions.",
        what_changed="",
        hours_given=D("4"),
    )
    for person in (expert, peer_mentor):
        payments.choice_set(person, area, "paid")
    client.force_login(expert)
    data = {"unit": "hour", "quantity": "2", "note": ""}
    data |= {f"expense_{part}_{i}": "" for part in ("kind", "detail", "amount") for i in range(3)}
    client.post(reverse("claim_new", args=[record.pk]), data)
    # 2 hours x £15.00 = £30.00.
    made = Claim.objects.get(claimant=expert)
    assert (made.rate, made.fee, made.total) == (D("15.00"), D("30.00"), D("30.00"))

    # The rate goes up to £18.00 from today, the day of the record.
    _publish(client, commissioner, area, "hour", "18.00", today)

    made.refresh_from_db()
    assert (made.rate, made.fee, made.expenses, made.total, made.version) == (
        D("15.00"),
        D("30.00"),
        D("0.00"),
        D("30.00"),
        1,
    )
    client.force_login(expert)
    page = _text(client.get(reverse("claim", args=[made.pk])).content.decode())
    assert "2 hours at £15.00 an hour" in page
    assert "Total £30.00" in page
    # A claim made now uses the new rate: 2 hours x £18.00 = £36.00.
    client.force_login(peer_mentor)
    client.post(reverse("claim_new", args=[record.pk]), data)
    later = Claim.objects.get(claimant=peer_mentor)
    assert (later.rate, later.fee, later.total) == (D("18.00"), D("36.00"), D("36.00"))
