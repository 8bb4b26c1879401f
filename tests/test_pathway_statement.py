"""What each provider is owed for a period, on the page and as a CSV file.

The world (tests/test_pathway_world.py), per person: Brightpath £412.50 + £137.50
for stage 1 and the same for stage 2; the Trust £618.75 + £206.25 for stage 2;
the LERO £618.75 + £206.25 for stage 3. Upfront of every stage is due when a
person starts; a stage's on-outcome part when its outcome is met.

Four people start on 1 to 4 March 2026; the 1st and 3rd meet stage 1 a week
later (8 and 10 March); the 2nd meets stage 2 on 2 April.
"""

import csv
import html
import io
import re
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from tests.test_pathway_world import live, provider_for, with_people
from withus.core.models import Organisation
from withus.pathways import services


@pytest.fixture
def pathway(area, commissioner, scheme):
    pathway = live(area, commissioner, scheme)
    people = with_people(pathway, commissioner, 4, start=date(2026, 3, 1))
    services.outcome_record(
        people[1], commissioner, stage=pathway.stages.get(position=2), met_on=date(2026, 4, 2)
    )
    return pathway


def _text(response) -> str:
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode())))


MARCH = {"from": "2026-03-01", "to": "2026-03-31"}


def test_march_adds_upfront_for_four_starts_and_two_stage_1_outcomes(client, pathway, commissioner):
    client.force_login(commissioner)
    text = _text(client.get(reverse("pathway_statement", args=[pathway.pk]), MARCH))
    assert "4 people started the pathway." in text
    assert "Stage 1 (Assessment): 2 outcomes met." in text
    # Brightpath: 4 x (412.50 + 412.50) = 3,300.00 upfront; 2 x 137.50 = 275.00.
    assert "Brightpath Recovery CIC £3,300.00 £275.00 £3,575.00" in text
    # Trust: 4 x 618.75 = 2,475.00; no stage 2 outcomes in March.
    assert "Northvale NHS Trust £2,475.00 £0.00 £2,475.00" in text
    assert "Northvale LERO £2,475.00 £0.00 £2,475.00" in text
    # 4 x 2,062.50 upfront + 275.00 on outcomes.
    assert "Total £8,250.00 £275.00 £8,525.00" in text
    assert (
        "Stage 1 (Assessment): Brightpath Recovery CIC 4 × £412.50 = £1,650.00 "
        "2 × £137.50 = £275.00 £1,925.00" in text
    )


def test_april_has_only_the_stage_2_outcome(client, pathway, commissioner):
    client.force_login(commissioner)
    text = _text(
        client.get(
            reverse("pathway_statement", args=[pathway.pk]),
            {"from": "2026-04-01", "to": "2026-04-30"},
        )
    )
    assert "0 people started the pathway." in text
    # 25% of the Trust's £825.00 and of Brightpath's £550.00.
    assert "Northvale NHS Trust £0.00 £206.25 £206.25" in text
    assert "Brightpath Recovery CIC £0.00 £137.50 £137.50" in text
    assert "Total £0.00 £343.75 £343.75" in text


def test_a_provider_sees_only_its_own_lines(client, pathway, provider):
    provider_for(provider, Organisation.objects.get(name="Brightpath Recovery CIC"))
    client.force_login(provider)
    text = _text(client.get(reverse("pathway_statement", args=[pathway.pk]), MARCH))
    assert "You see only your own organisation's lines." in text
    assert "Brightpath Recovery CIC £3,300.00 £275.00 £3,575.00" in text
    assert "Northvale NHS Trust" not in text and "Northvale LERO" not in text
    assert "Total £3,300.00 £275.00 £3,575.00" in text
    rows = list(
        csv.reader(
            io.StringIO(
                client.get(
                    reverse("pathway_statement_csv", args=[pathway.pk]), MARCH
                ).content.decode()
            )
        )
    )
    assert {r[4] for r in rows[1:]} == {"Brightpath Recovery CIC", "All providers"}


def test_a_provider_with_no_part_in_the_pathway_is_refused(client, area, pathway, provider):
    # A provider of the same area, but not of any stage: nothing to see, not even counts.
    other = Organisation.objects.create(name="Harbour Care", kind="provider", local_area=area)
    provider_for(provider, other)
    client.force_login(provider)
    for name in ("pathway_statement", "pathway_statement_csv"):
        response = client.get(reverse(name, args=[pathway.pk]), MARCH)
        assert response.status_code == 403
        assert "Brightpath" not in response.content.decode()


def test_the_csv_adds_up_and_keeps_formulas_from_running(client, pathway, commissioner):
    Organisation.objects.filter(name="Northvale NHS Trust").update(name="=HYPERLINK(1)")
    client.force_login(commissioner)
    response = client.get(reverse("pathway_statement_csv", args=[pathway.pk]), MARCH)
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:5] == ["pathway", "from", "to", "stage", "provider"]
    lines = [r for r in rows[1:] if r[3] != "All stages"]
    assert len(lines) == 4  # stage 1: 1 provider, stage 2: 2, stage 3: 1
    assert "'=HYPERLINK(1)" in {r[4] for r in lines}
    assert sum(Decimal(r[11]) for r in lines) == Decimal("8525.00")
    assert rows[-1][4:] == ["All providers", "", "", "8250.00", "", "", "275.00", "8525.00"]
    trust_total = next(r for r in rows if r[3] == "All stages" and r[4] == "'=HYPERLINK(1)")
    assert trust_total[-1] == "2475.00"


@pytest.mark.parametrize(
    ("period", "message"),
    [
        ({"from": "2026-13-01", "to": "2026-03-31"}, "Enter the date as year-month-day"),
        ({"from": "2026-04-01", "to": "2026-03-31"}, "The end date must be the same as or after"),
    ],
)
def test_a_bad_period_is_named_next_to_its_box(client, pathway, commissioner, period, message):
    client.force_login(commissioner)
    page = html.unescape(
        client.get(reverse("pathway_statement", args=[pathway.pk]), period).content.decode()
    )
    assert message in page
    assert 'href="#period-' in page and "govuk-error-message" in page
    assert f'value="{period["from"]}"' in page
    assert "Total owed to each provider" not in page
