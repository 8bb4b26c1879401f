"""Deciding on claims: approve, or ask a question the claimant answers by correcting.

Northvale pays £15.00 an hour and £55.00 a half day from 1 April 2026 (put
straight into the database). The expert's claim for the Listening event on
12 May 2026 is 3 half days, 3 x £55.00 = £165.00, with a £4.60 bus fare:
£169.60 in all.
"""

import html
import re
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from withus.core.models import AuditEntry
from withus.payments import services as payments
from withus.payments.models import Expense, PaymentRate
from withus.payments.sums import ExpenseLine

D = Decimal
STALE = "Someone else changed this while you were working on it."


@pytest.fixture
def claim(area, commissioner, expert, record):
    for unit, amount in (("hour", "15.00"), ("half_day", "55.00")):
        PaymentRate.objects.create(
            local_area=area,
            unit=unit,
            amount=D(amount),
            effective_from=date(2026, 4, 1),
            set_by=commissioner,
            set_at=timezone.now(),
        )
    payments.choice_set(expert, area, "paid")
    return payments.claim_make(
        record,
        expert,
        unit="half_day",
        quantity=D("3"),
        note="",
        expenses=[ExpenseLine("fare", D("4.60"), None)],
        descriptions=["Bus"],
    )


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


def _version_on_page(page: str) -> str:
    return re.search(r'name="version" value="(\d+)"', page)[1]


def _decide(client, who, claim, version=None, **fields):
    client.force_login(who)
    if version is None:
        version = _version_on_page(client.get(reverse("claim", args=[claim.pk])).content.decode())
    data = {"decision": "approve", "query": "", "version": str(version), **fields}
    return client.post(reverse("claim", args=[claim.pk]), data)


def _state(claim) -> tuple:
    claim.refresh_from_db()
    return (claim.status, claim.query, claim.decided_by, claim.version)


def test_a_commissioner_approves_a_claim_and_the_total_is_audited(
    client, area, commissioner, claim
):
    response = _decide(client, commissioner, claim)
    assert response["Location"] == reverse("claims", args=[area.slug])
    assert _state(claim) == ("approved", "", commissioner, 2)
    assert claim.decided_at is not None
    (entry,) = AuditEntry.objects.filter(action="payments.decide")
    assert (entry.actor, entry.object_id, entry.local_area) == (commissioner, str(claim.pk), area)
    assert entry.data == {"decision": "approve", "total": "169.60", "query": ""}


def test_a_question_needs_words_and_goes_next_to_the_question_box(client, commissioner, claim):
    page = _decide(client, commissioner, claim, decision="query", query="  ").content.decode()
    assert _field_error(page, "query") == "Write the question for the person who claimed."
    assert _state(claim) == ("submitted", "", None, 1)
    assert not AuditEntry.objects.filter(action="payments.decide").exists()


def test_a_question_is_shown_to_the_claimant(client, area_admin, expert, claim):
    _decide(client, area_admin, claim, decision="query", query=" Was it one bus or two? ")
    assert _state(claim) == ("queried", "Was it one bus or two?", area_admin, 2)
    (entry,) = AuditEntry.objects.filter(action="payments.decide")
    assert entry.data == {
        "decision": "query",
        "total": "169.60",
        "query": "Was it one bus or two?",
    }
    client.force_login(expert)
    page = _text(client.get(reverse("claim", args=[claim.pk])).content.decode())
    assert "Question asked Question asked: Was it one bus or two?" in page
    assert "Change your claim" in page


def test_nobody_decides_their_own_claim(client, area, commissioner, area_admin, record, claim):
    # The commissioner took part too, and claims 2 hours: 2 x £15.00 = £30.00.
    record.participants.add(commissioner)
    payments.choice_set(commissioner, area, "paid")
    own = payments.claim_make(
        record, commissioner, unit="hour", quantity=D("2"), note="", expenses=[]
    )
    assert own.total == D("30.00")

    client.force_login(commissioner)
    page = client.get(reverse("claim", args=[own.pk])).content.decode()
    assert "Save the decision" not in page
    page = _decide(client, commissioner, own, version=1).content.decode()
    assert _summary(page) == ["Someone else must decide on your own claim."]
    assert _state(own) == ("submitted", "", None, 1)
    # The service refuses it too, whatever page it comes from.
    with pytest.raises(Exception, match="Someone else must decide on your own claim."):
        payments.claim_decide(own, commissioner, version=1, decision="approve", query="")

    # Another payer can, and the commissioner still decides other people's claims.
    _decide(client, area_admin, own)
    assert _state(own) == ("approved", "", area_admin, 2)
    _decide(client, commissioner, claim)
    assert _state(claim)[0] == "approved"


def test_a_claim_already_decided_is_not_decided_again(client, commissioner, area_admin, claim):
    _decide(client, commissioner, claim)
    page = _decide(client, area_admin, claim, version=2, decision="query", query="Why?")
    assert _summary(page.content.decode()) == ["This claim has already been decided."]
    assert _state(claim) == ("approved", "", commissioner, 2)


def test_the_claimant_corrects_a_queried_claim_and_it_waits_for_approval_again(
    client, area, commissioner, expert, claim
):
    client.force_login(expert)
    # Not while it waits for a decision.
    assert client.get(reverse("claim_correct", args=[claim.pk])).status_code == 403
    _decide(client, commissioner, claim, decision="query", query="Was it one bus or two?")

    client.force_login(expert)
    form = client.get(reverse("claim_correct", args=[claim.pk])).content.decode()
    assert "Was it one bus or two?" in form
    # The claim as it was, ready to change.
    assert 'name="unit" type="radio" value="half_day" checked' in form
    assert 'name="quantity" type="text" value="3.00"' in form
    assert 'name="expense_amount_0" type="text" value="4.60"' in form
    response = client.post(
        reverse("claim_correct", args=[claim.pk]),
        {
            "version": _version_on_page(form),
            "unit": "half_day",
            "quantity": "2",
            "note": "Two buses.",
            "expense_kind_0": "fare",
            "expense_detail_0": "Bus there",
            "expense_amount_0": "2.30",
            "expense_kind_1": "fare",
            "expense_detail_1": "Bus back",
            "expense_amount_1": "2.45",
        },
    )
    assert response["Location"] == reverse("claim", args=[claim.pk])
    claim.refresh_from_db()
    # 2 half days x £55.00 = £110.00; £2.30 + £2.45 = £4.75; total £114.75.
    assert (claim.status, claim.fee, claim.expenses, claim.total, claim.version) == (
        "submitted",
        D("110.00"),
        D("4.75"),
        D("114.75"),
        3,
    )
    assert claim.note == "Two buses."
    assert list(Expense.objects.values_list("description", "amount")) == [
        ("Bus there", D("2.30")),
        ("Bus back", D("2.45")),
    ]
    (entry,) = AuditEntry.objects.filter(action="payments.claim_correct")
    assert (entry.actor, entry.data) == (expert, {"total": "114.75"})
    # Corrected once; the next change needs another question.
    assert client.get(reverse("claim_correct", args=[claim.pk])).status_code == 403
    _decide(client, commissioner, claim)
    assert _state(claim)[0] == "approved"


def test_a_decision_on_sums_changed_since_the_page_was_opened_is_refused(
    client, area, commissioner, expert, claim
):
    client.force_login(commissioner)
    opened = _version_on_page(client.get(reverse("claim", args=[claim.pk])).content.decode())
    # Meanwhile the expert chooses not to be paid: the fee becomes £0.00 and the
    # total £4.60, which the commissioner has not seen.
    payments.choice_set(expert, area, "not_paid")

    page = _decide(client, commissioner, claim, version=opened).content.decode()
    assert STALE in html.unescape(page)
    claim.refresh_from_db()
    assert (claim.status, claim.total, claim.version) == ("submitted", D("4.60"), 2)
    assert not AuditEntry.objects.filter(action="payments.decide").exists()


def test_a_correction_from_an_out_of_date_page_is_refused(
    client, area, commissioner, expert, claim
):
    _decide(client, commissioner, claim, decision="query", query="Which bus?")
    client.force_login(expert)
    opened = _version_on_page(
        client.get(reverse("claim_correct", args=[claim.pk])).content.decode()
    )
    # Meanwhile, in another tab, the expert chooses vouchers: version 3.
    payments.choice_set(expert, area, "vouchers")
    page = client.post(
        reverse("claim_correct", args=[claim.pk]),
        {"version": opened, "unit": "half_day", "quantity": "1", "note": ""},
    ).content.decode()
    assert STALE in html.unescape(page)
    claim.refresh_from_db()
    assert (claim.status, claim.quantity, claim.total) == ("queried", D("3"), D("169.60"))
