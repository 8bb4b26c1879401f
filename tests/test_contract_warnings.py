"""The contracts list warns of dates coming up in the next six months.

Warnings depend on today, so every contract here is dated from today: a
contract starting on the 1st of a month for N months ends on the last day of
the month N - 1 months on (1 January for 12 months ends 31 December).
"""

import calendar
import html
import re
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from withus.contracts import services as contracts
from withus.core.models import Membership, Organisation, Role

MONTHS = list(calendar.month_name)[1:]


@pytest.fixture
def today() -> date:
    return timezone.localdate()


@pytest.fixture
def brightpath(area, provider) -> Organisation:
    org = Organisation.objects.create(name="Brightpath", kind=Organisation.Kind.PROVIDER)
    Membership.objects.filter(user=provider, local_area=area, role=Role.PROVIDER).update(
        organisation=org
    )
    return org


@pytest.fixture
def harbour(db) -> Organisation:
    return Organisation.objects.create(name="Harbour Care", kind=Organisation.Kind.PROVIDER)


def _month_start(today: date, months: int) -> date:
    """The 1st of the month ``months`` after this one (before it, if negative)."""
    year, month0 = divmod(today.year * 12 + today.month - 1 + months, 12)
    return date(year, month0 + 1, 1)


def _contract(area, by, provider, reference, today, months_left, **fields):
    """Started a year ago on the 1st; ends on the last day of the month ``months_left`` on.

    Its term is 12 + months_left + 1 months: started on the 1st 12 months back,
    it ends the day before the 1st of the month months_left + 1 from now.
    """
    return contracts.contract_create(
        area,
        by,
        reference=reference,
        title=f"Contract {reference}",
        kind="block",
        provider=provider,
        value=Decimal("100000.00"),
        start_date=_month_start(today, -12),
        initial_months=12 + months_left + 1,
        **fields,
    )


def _said(day: date) -> str:
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def _warnings(page: str) -> list[tuple[str, str]]:
    """(contract reference, warning) for each line under "Coming up in the next six months"."""
    found = re.search(r"Coming up in the next six months:.*?<ul[^>]*>(.*?)</ul>", page, re.S)
    if not found:
        return []
    return [
        (reference, " ".join(html.unescape(text).split()))
        for reference, text in re.findall(r"<li><a[^>]*>(.*?)</a>:(.*?)</li>", found[1], re.S)
    ]


def _listed(page: str) -> list[str]:
    return re.findall(r'<th scope="row" class="govuk-table__header"><a[^>]*>(\S+) ', page)


def _list_page(client, user, area) -> str:
    client.force_login(user)
    return client.get(reverse("contracts", args=[area.slug])).content.decode()


def test_it_warns_of_a_contract_ending_within_six_months_and_not_seven(
    client, area, commissioner, brightpath, today
):
    soon = _contract(area, commissioner, brightpath, "C-SOON", today, months_left=4)
    _contract(area, commissioner, brightpath, "C-LATER", today, months_left=7)
    # C-SOON ends on the last day of the month 4 months on: at most about 4 months
    # away, well inside 6. C-LATER ends on the last day of the month 7 months on,
    # after every day of the month 6 months on, so after the six months' horizon.
    end = _month_start(today, 5) - timedelta(days=1)
    assert soon.end_date == end
    page = _list_page(client, commissioner, area)
    assert _warnings(page) == [
        ("C-SOON", f"Contract ends on {_said(end)}, in {(end - today).days} days.")
    ]
    assert _listed(page) == ["C-SOON", "C-LATER"]  # both are listed; only one is warned of


def test_it_warns_of_a_break_clause_within_six_months_and_not_seven(
    client, area, commissioner, brightpath, today
):
    long = _contract(area, commissioner, brightpath, "C-LONG", today, months_left=36)
    in_90_days = today + timedelta(days=90)
    in_7_months = today + timedelta(days=215)  # six months is at most 184 days
    last_week = today - timedelta(days=7)  # already passed: too late to use
    for on in (in_7_months, in_90_days, last_week):
        contracts.break_clause_add(long, commissioner, on, "")
    page = _list_page(client, commissioner, area)
    assert _warnings(page) == [("C-LONG", f"Break clause on {_said(in_90_days)}, in 90 days.")]
    # The contract's own page says the same.
    client.force_login(commissioner)
    own = html.unescape(client.get(reverse("contract", args=[long.pk])).content.decode())
    assert f"Break clause on {_said(in_90_days)}, in 90 days." in own
    assert _said(in_7_months) + ", in" not in own


def test_it_lists_warnings_soonest_first(client, area, commissioner, brightpath, today):
    ending = _contract(area, commissioner, brightpath, "C-END", today, months_left=2)
    breaking = _contract(area, commissioner, brightpath, "C-BRK", today, months_left=36)
    tomorrow = today + timedelta(days=1)
    contracts.break_clause_add(breaking, commissioner, tomorrow, "")
    end = ending.end_date
    assert _warnings(_list_page(client, commissioner, area)) == [
        ("C-BRK", f"Break clause tomorrow, {_said(tomorrow)}."),
        ("C-END", f"Contract ends on {_said(end)}, in {(end - today).days} days."),
    ]


def test_it_says_nothing_when_nothing_is_coming_up(client, area, commissioner, brightpath, today):
    _contract(area, commissioner, brightpath, "C-LATER", today, months_left=7)
    page = _list_page(client, commissioner, area)
    assert "Coming up in the next six months" not in page
    assert _listed(page) == ["C-LATER"]


def test_it_shows_a_provider_only_its_own_contracts_and_their_warnings(
    client, area, commissioner, provider, brightpath, harbour, today
):
    _contract(area, commissioner, brightpath, "C-OWN", today, months_left=3)
    theirs = _contract(area, commissioner, harbour, "C-THEIRS", today, months_left=3)
    own_page = _list_page(client, provider, area)
    assert _listed(own_page) == ["C-OWN"]
    assert [reference for reference, _ in _warnings(own_page)] == ["C-OWN"]
    assert "Harbour Care" not in own_page
    # The commissioner sees both.
    assert sorted(_listed(_list_page(client, commissioner, area))) == ["C-OWN", "C-THEIRS"]
    # And the provider cannot open the other contract, or send figures for it.
    client.force_login(provider)
    assert client.get(reverse("contract", args=[theirs.pk])).status_code == 403
    assert client.get(reverse("return_new", args=[theirs.pk])).status_code == 403


def test_it_refuses_the_list_to_someone_from_another_area(
    client, area, commissioner, outsider, brightpath, today
):
    _contract(area, commissioner, brightpath, "C-OWN", today, months_left=3)
    client.force_login(outsider)
    response = client.get(reverse("contracts", args=[area.slug]))
    assert response.status_code == 403
    assert "C-OWN" not in response.content.decode()
