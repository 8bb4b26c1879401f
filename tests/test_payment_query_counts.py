"""The payment pages run the same few queries for 2 claims (or rates) as for 20.

Each signed-in page loads the session and the user (2 queries); the limits
below add what each page reads itself. Northvale pays £55.00 a half day from
1 April 2025 (put straight into the database).
"""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from withus.cycle import services as cycle
from withus.payments import services as payments
from withus.payments.models import Claim, PaymentRate
from withus.payments.sums import ExpenseLine

D = Decimal

# + the person's roles, claims (with records, projects and areas), payment
# choices, areas, and the records not yet claimed for.
MY_CLAIMS_QUERIES = 7
# + the area, the person's roles, the counts, the oldest claims of each of 3 kinds, batches.
CLAIMS_QUERIES = 9
# Nobody signed in: the area and its rates.
RATES_QUERIES = 2


def _rate(area, by, unit: str, amount: str, start: date) -> PaymentRate:
    return PaymentRate.objects.create(
        local_area=area,
        unit=unit,
        amount=D(amount),
        effective_from=start,
        set_by=by,
        set_at=timezone.now(),
    )


def _claims(area, project, commissioner, facilitator, expert, peer_mentor, n: int) -> None:
    """``n`` claims by the expert, in every state, and one record not claimed for."""
    _rate(area, commissioner, "half_day", "55.00", date(2025, 4, 1))
    for person in (expert, peer_mentor):
        payments.choice_set(person, area, "paid")
    made = []
    for i in range(n):
        record = cycle.involvement_record(
            by=facilitator,
            project=project,
            stage="needs_assessment",
            title=f"Session {i}",
            happened_on=date(2025, 6, 1) + timedelta(days=i),
            level="co_design",
            participants=[expert, peer_mentor],
            group_name="",
            group_count=0,
            what_was_said="Said.",
            what_changed="",
            hours_given=D("3"),
        )
        made.append(
            payments.claim_make(
                record,
                expert if i % 2 else peer_mentor,
                unit="half_day",
                quantity=D("1"),
                note="",
                expenses=[ExpenseLine("fare", D("4.60"), None)],
            )
        )

    def decide(claims, decision):
        for c in claims:
            payments.claim_decide(
                c, commissioner, version=c.version, decision=decision, query="Which bus?"
            )

    # A quarter sent for payment, a quarter approved, a quarter queried, and a
    # quarter waiting (with 2 claims: one sent and one approved).
    decide(made[0::4], "approve")
    payments.batch_make(area, commissioner)
    decide(made[1::4], "approve")
    decide(made[2::4], "query")
    assert Claim.objects.count() == n


@pytest.mark.parametrize("n", [2, 20])
def test_my_claims_runs_fixed_queries(
    client,
    area,
    project,
    commissioner,
    facilitator,
    expert,
    peer_mentor,
    n,
    django_assert_max_num_queries,
):
    _claims(area, project, commissioner, facilitator, expert, peer_mentor, n)
    client.force_login(expert)
    with django_assert_max_num_queries(MY_CLAIMS_QUERIES):
        response = client.get(reverse("my_claims"))
    assert response.status_code == 200
    # The expert made every other claim.
    assert response.content.decode().count('href="/claims/') == n // 2


@pytest.mark.parametrize("n", [2, 20])
def test_the_area_claims_queue_runs_fixed_queries(
    client,
    area,
    project,
    commissioner,
    facilitator,
    expert,
    peer_mentor,
    n,
    django_assert_max_num_queries,
):
    _claims(area, project, commissioner, facilitator, expert, peer_mentor, n)
    client.force_login(commissioner)
    with django_assert_max_num_queries(CLAIMS_QUERIES):
        response = client.get(reverse("claims", args=[area.slug]))
    assert response.status_code == 200
    # Every claim not yet sent: 1 of 2, or 15 of 20.
    assert response.content.decode().count('href="/claims/') == {2: 1, 20: 15}[n]


@pytest.mark.parametrize("n", [2, 20])
def test_the_rates_page_runs_fixed_queries(
    client, area, commissioner, n, django_assert_max_num_queries
):
    today = timezone.localdate()
    units = ("hour", "half_day", "day", "mile")
    for i in range(n):
        # Half started in the past, half still to come.
        start = today + timedelta(days=(i - n // 2) * 30)
        _rate(area, commissioner, units[i % 4], f"{10 + i}.00", start)
    with django_assert_max_num_queries(RATES_QUERIES):
        response = client.get(reverse("payment_rates", args=[area.slug]))
    assert response.status_code == 200


def test_the_queue_lists_the_oldest_of_each_kind_but_counts_them_all(
    client, area, project, commissioner, facilitator, expert, peer_mentor, monkeypatch
):
    # 20 claims: 5 waiting, 5 queried, 5 approved (5 sent). Show 2 of each.
    monkeypatch.setattr("withus.payments.queries.SHOWN", 2)
    _claims(area, project, commissioner, facilitator, expert, peer_mentor, 20)
    client.force_login(commissioner)
    page = client.get(reverse("claims", args=[area.slug])).content.decode()
    assert "5 waiting for a decision, 5 with a question asked, 5 approved" in page
    assert page.count('href="/claims/') == 6
    oldest_waiting = Claim.objects.filter(status="submitted").order_by("made_at", "id")
    first, second, third = list(oldest_waiting[:3])
    assert f'href="/claims/{first.pk}/"' in page
    assert f'href="/claims/{second.pk}/"' in page
    assert f'href="/claims/{third.pk}/"' not in page
    # The button sends every approved claim, not only those listed: 5 at £59.60.
    assert "Send 5 claims for payment (£298.00)" in page
