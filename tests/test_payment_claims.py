"""Claiming for time given: the sums, the rate of the day, and what is refused.

The expert took part in the Listening event on 12 May 2026 (tests/conftest.py).
Northvale's rates from 1 April 2026: £15.00 an hour, £55.00 a half day and
£0.45 a mile; the hour rate rises to £16.50 on 1 October 2026. They are put
straight into the database: the form only takes rates from today or later.
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
from withus.payments.models import Claim, Expense, PaymentRate

D = Decimal
APRIL = date(2026, 4, 1)


def _rate(area, by, unit: str, amount: str, start: date = APRIL) -> PaymentRate:
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
    _rate(area, commissioner, "hour", "15.00")
    _rate(area, commissioner, "hour", "16.50", date(2026, 10, 1))
    _rate(area, commissioner, "half_day", "55.00")


@pytest.fixture
def mile_rate(area, commissioner, rates):
    _rate(area, commissioner, "mile", "0.45")


@pytest.fixture
def paid(area, expert):
    payments.choice_set(expert, area, "paid")


def _text(fragment: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def _field_error(page: str, name: str) -> str:
    found = re.search(rf'id="id_{name}-error" class="govuk-error-message">(.*?)</p>', page, re.S)
    assert found, f"no message next to {name}"
    return _text(found[1]).replace("Error:", "").strip()


def _summary(page: str) -> list[str]:
    found = re.search(r'<ul class="govuk-list govuk-error-summary__list">(.*?)</ul>', page, re.S)
    assert found, "no error summary"
    return [_text(item) for item in re.findall(r"<li>(.*?)</li>", found[1], re.S)]


def _claim(client, who, record, **fields):
    client.force_login(who)
    data = {"unit": "half_day", "quantity": "3", "note": ""}
    data |= {f"expense_{part}_{i}": "" for part in ("kind", "detail", "amount") for i in range(3)}
    data |= fields
    return client.post(reverse("claim_new", args=[record.pk]), data)


def _record(project, facilitator, participants, on: date, title: str = "Workshop"):
    return cycle.involvement_record(
        by=facilitator,
        project=project,
        stage="needs_assessment",
        title=title,
        happened_on=on,
        level="co_design",
        participants=participants,
        group_name="",
        group_count=0,
        what_was_said="Said.",
        what_changed="",
        hours_given=D("3"),
    )


def test_a_half_day_claim_with_a_fare_and_mileage_adds_up_to_the_penny(
    client, area, expert, record, mile_rate, paid
):
    response = _claim(
        client,
        expert,
        record,
        note="Came with my support worker.",
        expense_kind_0="fare",
        expense_detail_0="Bus to the town hall and back",
        expense_amount_0="4.60",
        expense_kind_1="mileage",
        expense_detail_1="Drove to the second session",
        expense_amount_1="12.3",
    )
    claim = Claim.objects.get()
    assert response["Location"] == reverse("claim", args=[claim.pk])
    # Fee: 3 half days x £55.00 = £165.00.
    # Expenses: £4.60 fare + 12.3 miles x £0.45 = £5.535, rounded half up to £5.54,
    # so £4.60 + £5.54 = £10.14. Total: £165.00 + £10.14 = £175.14.
    assert (
        claim.claimant,
        claim.record,
        claim.local_area,
        claim.unit,
        claim.quantity,
        claim.rate,
        claim.choice,
        claim.fee,
        claim.expenses,
        claim.total,
        claim.status,
        claim.note,
    ) == (
        expert,
        record,
        area,
        "half_day",
        D("3"),
        D("55.00"),
        "paid",
        D("165.00"),
        D("10.14"),
        D("175.14"),
        "submitted",
        "Came with my support worker.",
    )
    assert list(Expense.objects.values_list("kind", "description", "miles", "amount")) == [
        ("fare", "Bus to the town hall and back", None, D("4.60")),
        ("mileage", "Drove to the second session", D("12.3"), D("5.54")),
    ]
    (entry,) = AuditEntry.objects.filter(action="payments.claim")
    assert entry.actor == expert
    assert entry.data == {"total": "175.14", "record": record.pk}

    page = _text(client.get(response["Location"]).content.decode())
    assert "Claim sent. We will tell you when it is approved." in page
    assert "Time 3 half days at £55.00 each" in page
    assert "Driving (miles) £5.54 (12.3 miles): Drove to the second session" in page
    assert "Total £175.14" in page


def test_it_uses_the_rate_in_force_on_the_day_of_the_involvement(
    client, area, project, facilitator, expert, rates, paid
):
    before = _record(project, facilitator, [expert], date(2026, 9, 30), "Before the rise")
    after = _record(project, facilitator, [expert], date(2026, 10, 1), "After the rise")
    _claim(client, expert, before, unit="hour", quantity="2.5")
    _claim(client, expert, after, unit="hour", quantity="2.5")
    # 30 September: 2.5 hours x £15.00 = £37.50. 1 October: 2.5 x £16.50 = £41.25.
    assert list(
        Claim.objects.order_by("record__happened_on").values_list("record", "rate", "total")
    ) == [
        (before.pk, D("15.00"), D("37.50")),
        (after.pk, D("16.50"), D("41.25")),
    ]


def test_the_claim_form_shows_the_rates_of_the_day_and_the_persons_choice(
    client, expert, record, rates, paid
):
    client.force_login(expert)
    page = _text(client.get(reverse("claim_new", args=[record.pk])).content.decode())
    assert "Rates on 12 May 2026, the day you took part" in page
    assert "Per hour £15.00" in page
    assert "Per half day (up to 4 hours) £55.00" in page
    assert "£16.50" not in page  # not in force until October
    assert "You chose: Pay me" in page


def test_someone_who_did_not_take_part_cannot_claim(
    client, area, record, rates, facilitator, peer_mentor
):
    # The facilitator wrote the record and the peer mentor is in the area, but
    # neither took part.
    for person in (facilitator, peer_mentor):
        payments.choice_set(person, area, "paid")
        assert _claim(client, person, record).status_code == 403
        client.force_login(person)
        assert client.get(reverse("claim_new", args=[record.pk])).status_code == 403
    assert not Claim.objects.exists()


def test_a_claim_needs_a_payment_choice_first(client, area, expert, record, rates):
    client.force_login(expert)
    form = _text(client.get(reverse("claim_new", args=[record.pk])).content.decode())
    assert "Choose how you want to be paid before you make a claim." in form

    page = _claim(client, expert, record).content.decode()
    assert _summary(page) == ["Choose how you want to be paid before you make a claim."]
    assert not Claim.objects.exists()
    assert not AuditEntry.objects.filter(action="payments.claim").exists()


def test_hours_must_be_in_quarter_hours(client, expert, record, rates, paid):
    response = _claim(client, expert, record, unit="hour", quantity="1.3")
    page = response.content.decode()
    assert response.status_code == 200
    assert _field_error(page, "quantity") == "Give hours in quarter hours, like 1.25 or 2.5."
    assert 'value="1.3"' in page
    assert not Claim.objects.exists()


def test_half_days_must_be_whole(client, expert, record, rates, paid):
    page = _claim(client, expert, record, quantity="1.5").content.decode()
    assert _field_error(page, "quantity") == "Give a whole number of half days."
    assert not Claim.objects.exists()


def test_an_expense_needs_both_what_it_was_for_and_how_much(client, expert, record, rates, paid):
    page = _claim(
        client,
        expert,
        record,
        expense_kind_0="fare",  # no amount
        expense_amount_1="4.60",  # no kind
    ).content.decode()
    assert _field_error(page, "expense_amount_0") == "Enter the amount, or the miles."
    assert _field_error(page, "expense_kind_1") == "Choose what the expense was for."
    assert not Claim.objects.exists()


def test_a_problem_with_a_later_expense_goes_next_to_that_expense(
    client, expert, record, rates, paid
):
    # The first line is left empty; the second has a fare of £0.00.
    page = _claim(
        client, expert, record, expense_kind_1="fare", expense_amount_1="0"
    ).content.decode()
    assert _field_error(page, "expense_amount_1") == "Give an amount more than £0.00."
    assert 'id="id_expense_amount_0-error"' not in page
    assert not Claim.objects.exists()


def test_mileage_with_no_mile_rate_is_refused(client, expert, record, rates, paid):
    page = _claim(
        client, expert, record, expense_kind_0="mileage", expense_amount_0="12.3"
    ).content.decode()
    assert _summary(page) == ["There is no mileage rate for 12 May 2026."]
    assert not Claim.objects.exists()


def test_a_claim_for_a_day_with_no_rate_is_refused(client, expert, record, rates, paid):
    # Northvale has no day rate at all.
    page = _claim(client, expert, record, unit="day", quantity="1").content.decode()
    assert _field_error(page, "unit") == "There is no day rate for 12 May 2026."
    assert not Claim.objects.exists()


def test_nobody_claims_twice_for_the_same_involvement(client, expert, record, rates, paid):
    _claim(client, expert, record)
    page = _claim(client, expert, record, quantity="2").content.decode()
    assert _summary(page) == ["You have already claimed for this involvement."]
    assert list(Claim.objects.values_list("quantity", flat=True)) == [D("3")]


def test_a_claim_waits_until_the_involvement_has_happened(
    client, project, facilitator, expert, rates, paid
):
    tomorrow = _record(project, facilitator, [expert], timezone.localdate() + timedelta(days=1))
    page = _claim(client, expert, tomorrow).content.decode()
    assert _summary(page) == ["You can claim once the involvement has happened."]
    assert not Claim.objects.exists()


def test_my_claims_offers_involvement_that_has_happened_and_is_not_claimed_yet(
    client, area, project, facilitator, expert, peer_mentor, record, rates, paid
):
    claimed = _record(project, facilitator, [expert], date(2026, 6, 1), "Claimed already")
    _claim(client, expert, claimed)
    _record(project, facilitator, [expert], timezone.localdate() + timedelta(days=1), "Tomorrow")
    _record(project, facilitator, [peer_mentor], date(2026, 6, 2), "Not there")
    client.force_login(expert)
    page = _text(client.get(reverse("my_claims")).content.decode())
    offered = re.search(r"Involvement you can claim for (.*?) Your claims", page)[1]
    assert offered == "Claim for Listening event, 12 May 2026"
