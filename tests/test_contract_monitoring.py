"""Monitoring a contract: figures sent by form or CSV, red/amber/green, gaps, and K3.

The contract is C-1 of tests/contracts_world.py: 1 April 2025 to 31 March
2028, quarterly KPIs. K1 (the provider's) has target 85, higher is better,
amber within 10%: 85 x (1 - 10/100) = 76.5, so 90 is green, 80 amber, 70 red.
K2 is the commissioner's; K3 is the share of published stories rating "I was
treated with respect" 4 or 5, target 80 with 10%: amber from 72.
"""

import html
import re
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.contracts_world import build
from withus.contracts import queries
from withus.contracts import services as contracts
from withus.contracts.models import MonitoringReturn
from withus.core.models import AuditEntry
from withus.stories import services as stories
from withus.stories.models import Story


@pytest.fixture
def world(area, commissioner, provider, moderator):
    return build(area, commissioner, provider, moderator)


def _text(fragment: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def _section(page: str, kpi) -> str:
    found = re.search(rf'aria-labelledby="kpi-{kpi.pk}">(.*?)</section>', page, re.S)
    assert found, f"no section for {kpi.code}"
    return found[1]


def _table(section: str) -> list[tuple[str, ...]]:
    """(period, figure, target, status) for each row of the KPI's table."""
    body = re.search(r'<tbody class="govuk-table__body">(.*?)</tbody>', section, re.S)[1]
    return [
        tuple(_text(cell) for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S))
        for row in re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.S)
    ]


def _chart(section: str) -> list[tuple[str, str]]:
    """(period, figure as written) for each bar of the KPI's chart."""
    return [
        (_text(label), _text(value))
        for label, value in re.findall(
            r'<dt class="withus-chart__label">(.*?)</dt>.*?'
            r'<span class="withus-chart__value">(.*?)</span>',
            section,
            re.S,
        )
    ]


def _contract_page(client, user, contract) -> str:
    client.force_login(user)
    return client.get(reverse("contract", args=[contract.pk])).content.decode()


def _send(client, contract, period: date, **figures):
    data = {
        "period_0": str(period.day),
        "period_1": str(period.month),
        "period_2": str(period.year),
        "note": "",
        **figures,
    }
    return client.post(reverse("return_new", args=[contract.pk]), data)


# --- the form ---------------------------------------------------------------------


def test_it_offers_each_person_only_the_kpis_they_report(client, world, provider, commissioner):
    contract, k1, k2, k3 = world["contract"], world["k1"], world["k2"], world["k3"]
    url = reverse("return_new", args=[contract.pk])
    client.force_login(provider)
    page = client.get(url).content.decode()
    assert f'name="kpi_{k1.pk}"' in page
    assert f'name="kpi_{k2.pk}"' not in page
    assert f'name="kpi_{k3.pk}"' not in page  # worked out from stories, never typed
    # A figure for the commissioner's KPI slipped into the form is not taken.
    _send(client, contract, date(2025, 4, 1), **{f"kpi_{k1.pk}": "88", f"kpi_{k2.pk}": "12"})
    assert list(MonitoringReturn.objects.values_list("kpi__code", "value")) == [
        ("K1", Decimal("88"))
    ]

    client.force_login(commissioner)
    page = client.get(url).content.decode()
    assert f'name="kpi_{k2.pk}"' in page
    assert f'name="kpi_{k1.pk}"' not in page
    assert f'name="kpi_{k3.pk}"' not in page


def test_it_saves_a_figure_and_audits_one_replaced_with_what_it_was(client, world, provider):
    contract, k1 = world["contract"], world["k1"]
    client.force_login(provider)
    response = _send(client, contract, date(2025, 4, 1), **{f"kpi_{k1.pk}": "80"})
    assert response["Location"] == reverse("contract", args=[contract.pk])
    _send(client, contract, date(2025, 4, 1), **{f"kpi_{k1.pk}": "90"})

    saved = MonitoringReturn.objects.get()
    assert (saved.period, saved.value, saved.submitted_by) == (date(2025, 4, 1), 90, provider)
    first, second = AuditEntry.objects.filter(action="contract.return").order_by("pk")
    assert first.data == {"kpi": "K1", "period": "2025-04-01", "value": "80", "before": None}
    assert (second.data["value"], second.data["period"]) == ("90", "2025-04-01")
    # The old figure as it was stored (4 places): "80.0000".
    assert Decimal(second.data["before"]) == Decimal("80")


@pytest.mark.parametrize(
    ("period", "message"),
    [
        # 15 April is inside the quarter April to June, not its first day.
        (date(2025, 4, 15), "needs the first day of a period"),
        # 1 May starts a month, but K1 is quarterly.
        (date(2025, 5, 1), "needs the first day of a period"),
        # A real quarter, but a year before the contract starts on 1 April 2025.
        (date(2024, 4, 1), "That period is outside the contract."),
    ],
)
def test_it_refuses_a_period_that_is_not_one_of_the_contracts(
    client, world, provider, period, message
):
    client.force_login(provider)
    response = _send(client, world["contract"], period, **{f"kpi_{world['k1'].pk}": "91.5"})
    page = response.content.decode()
    assert "There is a problem" in page
    assert message in page
    assert 'value="91.5"' in page
    assert not MonitoringReturn.objects.exists()


# --- the CSV upload -----------------------------------------------------------------


def _upload(client, contract, content: str):
    upload = SimpleUploadedFile("returns.csv", content.encode(), content_type="text/csv")
    return client.post(reverse("returns_upload", args=[contract.pk]), {"file": upload}, follow=True)


def test_it_saves_every_row_of_a_good_file(client, world, provider):
    client.force_login(provider)
    response = _upload(
        client,
        world["contract"],
        "kpi,period,value,note\n"
        "K1,2025-04,90,\n"
        "k1,Jul 2025,80%,Two staff off sick\n"
        "K1,01/10/2025,70,\n",
    )
    assert response.redirect_chain == [(reverse("contract", args=[world["contract"].pk]), 302)]
    assert "3 figures saved." in response.content.decode()
    assert list(
        MonitoringReturn.objects.order_by("period").values_list("period", "value", "note")
    ) == [
        (date(2025, 4, 1), Decimal("90"), ""),
        (date(2025, 7, 1), Decimal("80"), "Two staff off sick"),
        (date(2025, 10, 1), Decimal("70"), ""),
    ]
    assert AuditEntry.objects.filter(action="contract.return").count() == 3


def test_it_saves_nothing_from_a_file_with_two_bad_rows_and_lists_them(client, world, provider):
    client.force_login(provider)
    response = _upload(
        client,
        world["contract"],
        "kpi,period,value,note\n"
        "K1,2025-04,90,\n"  # line 2: fine
        "K2,2025-07,80,\n"  # line 3: K2 is the commissioner's, not the provider's
        "K1,2025-10,70,\n"  # line 4: fine
        "K1,2025-05,75,\n",  # line 5: May does not start a quarter
    )
    page = response.content.decode()
    assert response.redirect_chain == []
    assert "The file has 2 problems. Nothing was saved. Put them right and upload it again." in (
        html.unescape(page)
    )
    table = re.search(r"What to put right.*?<tbody[^>]*>(.*?)</tbody>", page, re.S)[1]
    rows = [
        tuple(_text(cell) for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S))
        for row in re.findall(r"<tr[^>]*>(.*?)</tr>", table, re.S)
    ]
    assert rows == [
        ("3", "kpi", 'There is no KPI with the code "K2". The codes are: K1.'),
        (
            "5",
            "period",
            "May 2025 is not the start of a quarter. Use April, July, October or January.",
        ),
    ]
    assert not MonitoringReturn.objects.exists()


# --- what the contract page shows ------------------------------------------------------


def test_it_shows_red_amber_and_green_in_the_chart_and_the_table(
    client, world, commissioner, provider
):
    contract, k1 = world["contract"], world["k1"]
    contracts.returns_record(
        contract,
        provider,
        values={k1.pk: (date(2025, 4, 1), Decimal("90"))},
    )
    contracts.returns_record(contract, provider, values={k1.pk: (date(2025, 7, 1), Decimal("80"))})
    contracts.returns_record(contract, provider, values={k1.pk: (date(2025, 10, 1), Decimal("70"))})
    section = _section(_contract_page(client, commissioner, contract), k1)
    # 90 >= 85: green. 80 < 85 but >= 76.5: amber. 70 < 76.5: red.
    assert _table(section) == [
        ("April to June 2025", "90", "85", "Green: target met"),
        ("July to September 2025", "80", "85", "Amber: close to target"),
        ("October to December 2025", "70", "85", "Red: target missed"),
    ]
    assert _chart(section) == [
        ("April to June 2025", "90 % · green"),
        ("July to September 2025", "80 % · amber"),
        ("October to December 2025", "70 % · red"),
    ]
    assert "Latest: Red: target missed" in _text(section)


def test_it_marks_each_bar_of_the_chart_red_amber_or_green(client, world, commissioner, provider):
    contract, k1 = world["contract"], world["k1"]
    for period, value in (
        (date(2025, 4, 1), "90"),
        (date(2025, 7, 1), "80"),
        (date(2025, 10, 1), "70"),
    ):
        contracts.returns_record(contract, provider, values={k1.pk: (period, Decimal(value))})
    section = _section(_contract_page(client, commissioner, contract), k1)
    bars = re.findall(r'<div class="withus-chart__row">(.*?)</div>', section, re.S)
    assert len(bars) == 3
    for bar, status in zip(bars, ("green", "amber", "red"), strict=True):
        assert status in bar.lower()


def test_it_lists_the_periods_with_no_figures(client, world, commissioner, provider):
    # An old contract, long over, so every period is due whatever today is:
    # 1 April 2020 for 24 months, to 31 March 2022, eight quarters.
    old = contracts.contract_create(
        world["contract"].local_area,
        commissioner,
        reference="C-OLD",
        title="Outreach",
        kind="block",
        provider=world["brightpath"],
        value=Decimal("50000.00"),
        start_date=date(2020, 4, 1),
        initial_months=24,
    )
    kpi = contracts.kpi_add(
        old,
        commissioner,
        code="K1",
        title="People reached",
        unit="people",
        target=Decimal("40"),
        direction="higher",
        frequency="quarterly",
        source="provider",
    )
    for period in (date(2020, 4, 1), date(2020, 10, 1)):
        contracts.returns_record(old, provider, values={kpi.pk: (period, Decimal("41"))})
    section = _text(_section(_contract_page(client, commissioner, old), kpi))
    assert (
        "Missing No figures for: July to September 2020, January to March 2021, "
        "April to June 2021, July to September 2021, October to December 2021, "
        "January to March 2022"
    ) in section


# --- K3, from people's stories --------------------------------------------------------


def _stories(world, moderator, scores, when, decision="publish"):
    """Stories about the contract's service rating respect ``scores``, told on ``when``."""
    made = []
    for i, score in enumerate(scores):
        story = stories.story_tell(
            world["service"],
            text=f"Story {i} on {when:%d %B}.",
            ratings={world["respect"].pk: score},
        )
        if decision != "pending":
            story = stories.story_moderate(
                story,
                moderator,
                version=story.version,
                decision=decision,
                text=story.text,
                criticality=1,
                reason="Not about the service." if decision == "reject" else "",
            )
        made.append(story.pk)
    Story.objects.filter(pk__in=made).update(created_at=when)


def test_it_works_out_k3_from_published_stories_only(client, world, commissioner, moderator):
    summer = datetime(2025, 8, 15, 12, 0, tzinfo=UTC)
    # Six published: 5, 4, 4, 5 rate 4 or more; 2 and 3 do not. 4 / 6 = 66.67 -> 66.7.
    _stories(world, moderator, [5, 4, 4, 5, 2, 3], summer)
    # Waiting and rejected stories rating 5 would make it 6 / 8 = 75.0 (amber).
    _stories(world, moderator, [5], summer, decision="pending")
    _stories(world, moderator, [5], summer, decision="reject")

    views = {v.kpi.code: v for v in queries.kpi_views(world["contract"])}
    summer_point = next(p for p in views["K3"].points if p.period == date(2025, 7, 1))
    assert (summer_point.value, summer_point.status) == (Decimal("66.7"), "red")  # below 72

    section = _section(_contract_page(client, commissioner, world["contract"]), world["k3"])
    assert ("July to September 2025", "66.7", "80", "Red: target missed") in _table(section)
    assert "Missing" not in _text(section)  # nobody sends K3: it cannot go missing


def test_it_withholds_k3_below_five_ratings(client, world, commissioner, moderator):
    spring = datetime(2025, 5, 10, 12, 0, tzinfo=UTC)
    _stories(world, moderator, [5, 5, 4, 4], spring)
    section = _section(_contract_page(client, commissioner, world["contract"]), world["k3"])
    # Four ratings: withheld, even though all four are good.
    assert ("April to June 2025", "Fewer than 5 ratings", "80", "Withheld") in _table(section)
    assert ("April to June 2025", "Withheld") in _chart(section)

    _stories(world, moderator, [1], spring)
    section = _section(_contract_page(client, commissioner, world["contract"]), world["k3"])
    # Five ratings, 4 of them good: 4 / 5 = 80.0, on the target: green.
    assert ("April to June 2025", "80", "80", "Green: target met") in _table(section)
