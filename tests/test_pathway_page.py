"""The public pathway page: stages, outcomes and the split per person to the penny.

The world (tests/test_pathway_world.py): £2,750.00; stages 20 / 50 / 30; 25% on
the outcome. Per person: stage 1 £550.00 (Brightpath £412.50 + £137.50), stage 2
£1,375.00 (Trust £825.00 = £618.75 + £206.25; Brightpath £550.00 = £412.50 +
£137.50), stage 3 £825.00 (the LERO £618.75 + £206.25).
"""

import html
import re
from decimal import Decimal

from django.urls import reverse

from tests.test_pathway_world import draft, live, with_people
from withus.pathways import services


def _text(response) -> str:
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode())))


def test_anyone_sees_a_live_pathways_split_per_person_to_the_penny(
    client, area, commissioner, scheme
):
    pathway = live(area, commissioner, scheme)
    text = _text(client.get(reverse("pathway", args=[pathway.pk])))
    assert "Tariff per person £2,750.00" in text
    assert "Stage 2: Treatment 50% of the tariff £1,031.25 £343.75 £1,375.00" in text
    assert "Northvale NHS Trust 60% of the stage £618.75 £206.25 £825.00" in text
    assert "Brightpath Recovery CIC 40% of the stage £412.50 £137.50 £550.00" in text
    # Brightpath over stages 1 and 2: 412.50 + 412.50 at the start, 137.50 x 2 on outcomes.
    assert "Brightpath Recovery CIC £825.00 £275.00 £1,100.00" in text
    assert "This stage is peer support: Northvale Peer Mentors, run by Northvale LERO." in text
    assert "If two lost the same, the one listed first gets the penny." in text


def test_pennies_left_over_are_shown_where_the_rule_puts_them(client, area, commissioner, scheme):
    # £1,000.01: stage 2 gets the odd penny (£500.01); Trust 60% of 50001p = 30000.6
    # -> £300.01, Brightpath £200.00; Trust's 25% on outcome of 30001p = 7500.25 ->
    # £75.00 and upfront £225.01.
    pathway = draft(area, commissioner, scheme)
    services.pathway_update(
        pathway, commissioner, name=pathway.name, description="", tariff=Decimal("1000.01")
    )
    client.force_login(commissioner)
    text = _text(client.get(reverse("pathway", args=[pathway.pk])))
    assert "Stage 2: Treatment 50% of the tariff £375.01 £125.00 £500.01" in text
    assert "Northvale NHS Trust 60% of the stage £225.01 £75.00 £300.01" in text


def test_the_public_page_names_nobody_on_the_pathway(client, area, commissioner, scheme):
    pathway = live(area, commissioner, scheme)
    with_people(pathway, commissioner, 3)
    page = client.get(reverse("pathway", args=[pathway.pk])).content.decode()
    assert "CASE-0000" not in page
    assert reverse("pathway_people", args=[pathway.pk]) not in page


def test_a_draft_is_not_public(client, area, commissioner, scheme, outsider):
    pathway = draft(area, commissioner, scheme)
    assert client.get(reverse("pathway", args=[pathway.pk])).status_code == 404
    client.force_login(outsider)
    assert client.get(reverse("pathway", args=[pathway.pk])).status_code == 404
    listing = client.get(reverse("pathways", args=[area.slug])).content.decode()
    assert "Recovery pathway" not in listing
    client.force_login(commissioner)
    listing = client.get(reverse("pathways", args=[area.slug])).content.decode()
    assert "Recovery pathway" in listing and "Draft, not public" in listing


def test_the_area_list_shows_live_pathways_to_everyone(client, area, commissioner, scheme):
    live(area, commissioner, scheme)
    text = _text(client.get(reverse("pathways", args=[area.slug])))
    assert "Recovery pathway Live £2,750.00" in text
