"""Setting up a contract: entered by hand or made from an awarded tender.

The awarded tender is the evaluating tender of tests/tendering_world.py, scored
as in tests/test_tender_evaluation.py: Harbour Care wins with 73.7068 points
against Brightpath's 68.6667, after the commissioner has answered Cheap Ltd's
abnormally low price.
"""

import html
import re
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from tests.tendering_world import build, score_everything
from withus.contracts import services as contracts
from withus.contracts.models import KPI, BreakClause, Contract, RingFence
from withus.core.edits import StaleEdit
from withus.core.models import AuditEntry, Organisation
from withus.insight import services as insight
from withus.stories.models import RatingCriterion
from withus.tendering import services as tendering
from withus.tendering.models import Question, Tender

SCORES = {"own": (4, 3, 4), "harbour": (5, 4, 3), "cheap": (2, 1, 2)}


@pytest.fixture
def world(area, project, commissioner, facilitator, expert, provider):
    return build(area, project, commissioner, facilitator, expert, provider)


@pytest.fixture
def awarded(world, commissioner) -> Tender:
    tender = world["evaluating"]
    score_everything(tender, SCORES, world["bids"])
    tendering.abnormally_low_response(world["bids"]["cheap"], commissioner, "Explained.")
    tendering.summaries_issue(Tender.objects.get(pk=tender.pk), commissioner)
    tender = Tender.objects.get(pk=tender.pk)
    tendering.award_confirm(tender, commissioner, tender.version)
    return Tender.objects.get(pk=tender.pk)


@pytest.fixture
def harbour(world) -> Organisation:
    return world["bids"]["harbour"].organisation


def _terms(provider: Organisation, **overrides) -> dict:
    fields = {
        "reference": "C-1",
        "title": "Recovery support",
        "kind": "block",
        "provider": provider,
        "value": Decimal("300000.00"),
        "start_date": date(2025, 4, 1),
        "initial_months": 36,
        "extension_months": 24,
    }
    fields.update(overrides)
    return fields


@pytest.fixture
def contract(area, commissioner, world) -> Contract:
    """Entered by hand: £300,000 from 1 April 2025, 36 months with up to 24 more."""
    return contracts.contract_create(area, commissioner, **_terms(world["provider_org"]))


def _field_error(page: str, name: str) -> str:
    """The message shown next to one field, as the person reads it."""
    found = re.search(rf'id="id_{name}-error" class="govuk-error-message">(.*?)</p>', page, re.S)
    assert found, f"no message next to {name}"
    return html.unescape(re.sub(r"<[^>]+>", "", found[1])).replace("Error:", "").strip()


def _typed(page: str, name: str) -> str:
    """What the box called ``name`` holds when the page comes back."""
    found = re.search(rf'name="{name}" type="[a-z]+" value="([^"]*)"', page)
    assert found, f"no box called {name}"
    return html.unescape(found[1])


def _refused(call) -> dict:
    with pytest.raises(ValidationError) as refused:
        call()
    return refused.value.message_dict


# --- from an awarded tender ----------------------------------------------------


def test_it_makes_a_contract_from_the_award_only_for_the_winner(
    area, commissioner, world, awarded, harbour
):
    loser = world["provider_org"]  # Brightpath, second with 68.6667
    assert _refused(
        lambda: contracts.contract_create(area, commissioner, tender=awarded, **_terms(loser))
    ) == {"provider": ["The provider must be the bidder who won."]}
    # A tender still open for bids cannot become a contract at all.
    with pytest.raises(ValidationError) as refused:
        contracts.contract_create(area, commissioner, tender=world["open"], **_terms(harbour))
    assert refused.value.messages == ["Only an awarded tender in this area can become a contract."]
    assert not Contract.objects.exists()

    made = contracts.contract_create(area, commissioner, tender=awarded, **_terms(harbour))
    assert (made.tender, made.provider) == (awarded, harbour)
    entry = AuditEntry.objects.get(action="contract.create")
    assert entry.data == {
        "reference": "C-1",
        "value": "300000.00",
        "provider": harbour.pk,
        "tender": awarded.pk,
    }


def test_it_fills_in_the_winner_and_refuses_a_loser_on_the_award_page(
    client, commissioner, world, awarded, harbour
):
    client.force_login(commissioner)
    url = reverse("contract_from_award", args=[awarded.pk])
    page = client.get(url).content.decode()
    # The winner, their price (£95,500) and a reference from the tender's own.
    assert f'<option value="{harbour.pk}" selected>Harbour Care</option>' in page
    assert _typed(page, "value") == "95500.00"
    assert _typed(page, "reference") == "T-EVAL-C"

    response = client.post(
        url,
        {
            "reference": "T-EVAL-C",
            "title": "Recovery support from the award",
            "kind": "block",
            "provider": world["provider_org"].pk,
            "value": "95,500",
            "start_date_0": "1",
            "start_date_1": "4",
            "start_date_2": "2025",
            "initial_months": "36",
            "extension_months": "24",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert _field_error(page, "provider") == "The provider must be the bidder who won."
    assert _typed(page, "title") == "Recovery support from the award"
    assert not Contract.objects.exists()


# --- dates -------------------------------------------------------------------------


def test_it_works_out_the_end_date_and_audits_an_extension(contract, commissioner):
    # 1 April 2025 + 36 months is 1 April 2028, so the last day is 31 March 2028.
    assert contract.end_date == date(2028, 3, 31)
    extended = contracts.contract_extend(contract, commissioner, version=1, months=12)
    # 36 + 12 = 48 months: 1 April 2029, so the last day is 31 March 2029.
    assert extended.end_date == date(2029, 3, 31)
    assert (extended.extended_months, extended.version) == (12, 2)
    entry = AuditEntry.objects.get(action="contract.extend")
    assert entry.data == {"months": 12, "end_before": "2028-03-31", "end_after": "2029-03-31"}

    # A second extension from a page opened before the first is refused, and changes nothing.
    with pytest.raises(StaleEdit):
        contracts.contract_extend(contract, commissioner, version=1, months=6)
    contract.refresh_from_db()
    assert (contract.extended_months, contract.end_date) == (12, date(2029, 3, 31))
    assert AuditEntry.objects.filter(action="contract.extend").count() == 1


def test_it_refuses_an_extension_beyond_the_option(client, contract, commissioner):
    contracts.contract_extend(contract, commissioner, version=1, months=12)
    # 24 months' option, 12 taken: 12 are left, so 13 is one too many.
    assert _refused(
        lambda: contracts.contract_extend(contract, commissioner, version=2, months=13)
    ) == {"months": ["The contract can be extended by 12 more months at most."]}

    client.force_login(commissioner)
    response = client.post(
        reverse("contract_extend", args=[contract.pk]), {"months": "13", "version": "2"}
    )
    page = response.content.decode()
    assert _field_error(page, "months") == (
        "The contract can be extended by 12 more months at most."
    )
    assert _typed(page, "months") == "13"
    contract.refresh_from_db()
    assert (contract.extended_months, contract.version) == (12, 2)


def test_it_refuses_a_break_clause_outside_the_contract(client, contract, commissioner):
    # The contract runs 1 April 2025 to 31 March 2028. A break on its first
    # day or after its last is no break at all.
    for outside in (date(2025, 4, 1), date(2028, 4, 1)):
        assert _refused(
            lambda on=outside: contracts.break_clause_add(contract, commissioner, on, "")
        ) == {"on": ["The date must fall within the contract."]}
    last_day = contracts.break_clause_add(contract, commissioner, date(2028, 3, 31), "")
    assert list(contract.breaks.all()) == [last_day]

    client.force_login(commissioner)
    response = client.post(
        reverse("break_clause_new", args=[contract.pk]),
        {"on_0": "1", "on_1": "4", "on_2": "2030", "note": "Either side, 6 months' notice"},
    )
    page = html.unescape(response.content.decode())
    assert _field_error(page, "on") == "The date must fall within the contract."
    assert _typed(page, "note") == "Either side, 6 months' notice"
    assert BreakClause.objects.count() == 1


def test_it_keeps_ring_fences_within_the_contracts_value(client, contract, commissioner):
    contracts.ring_fence_add(contract, commissioner, Decimal("200000.00"), "Peer support")
    # £300,000 - £200,000 = £100,000 left: one penny more is refused.
    assert _refused(
        lambda: contracts.ring_fence_add(
            contract, commissioner, Decimal("100000.01"), "Housing support"
        )
    ) == {
        "amount": [
            "Ring-fenced sums would come to more than the contract's value. "
            "At most £100,000.00 is left."
        ]
    }

    client.force_login(commissioner)
    response = client.post(
        reverse("ring_fence_new", args=[contract.pk]),
        {"amount": "£150,000", "purpose": "A recovery café run by the LERO", "recipient": ""},
    )
    page = response.content.decode()
    assert _field_error(page, "amount") == (
        "Ring-fenced sums would come to more than the contract's value. "
        "At most £100,000.00 is left."
    )
    assert _typed(page, "purpose") == "A recovery café run by the LERO"
    assert _typed(page, "amount") == "£150,000"
    assert RingFence.objects.count() == 1

    # Exactly what is left is fine: £200,000 + £100,000 = £300,000, the value.
    contracts.ring_fence_add(contract, commissioner, Decimal("100000.00"), "Housing support")
    assert sum(f.amount for f in contract.ring_fences.all()) == contract.value


# --- KPIs and where they came from ----------------------------------------------


def _priorities(area, facilitator, expert):
    """Two priorities in Northvale: Housing (rank 1, 4 dots) and Money (rank 2, 1 dot)."""
    exercise = insight.exercise_open(by=facilitator, local_area=area, title="Recovery")
    themes = {}
    for name in ("Money", "Housing"):
        said = insight.statement_add(
            by=facilitator, exercise=exercise, kind="not_working", text=name, source="event"
        )
        themes[name] = insight.theme_create(
            by=facilitator, exercise=exercise, name=name, statement_ids=[said.pk]
        )
    for step in ("grouping", "voting"):
        exercise = insight.exercise_move_phase(by=facilitator, exercise=exercise, to_phase=step)
    insight.ballot_cast(
        by=expert,
        exercise=exercise,
        dots_by_theme={themes["Money"].pk: 1, themes["Housing"].pk: 4},
    )
    insight.exercise_move_phase(by=facilitator, exercise=exercise, to_phase="priorities")
    housing = insight.priority_make(by=facilitator, theme=themes["Housing"])
    money = insight.priority_make(by=facilitator, theme=themes["Money"])
    return housing, money


def _kpi(**overrides) -> dict:
    fields = {
        "code": "K1",
        "title": "Seen within 7 days",
        "unit": "%",
        "target": Decimal("85"),
        "direction": "higher",
        "frequency": "quarterly",
        "source": "provider",
        "amber_margin": Decimal("10"),
    }
    fields.update(overrides)
    return fields


def test_it_traces_a_kpi_from_its_question_to_the_requirement_and_first_priority(
    client, area, commissioner, facilitator, expert, world, awarded, harbour
):
    housing, money = _priorities(area, facilitator, expert)
    # Given in the "wrong" order on purpose: the first priority is the one ranked 1.
    requirement = tendering.requirement_add(
        world["spec"], commissioner, "Somewhere safe to live.", [money, housing]
    )
    question = awarded.questions.get(number=1)
    # Questions are fixed once a tender is published, so the link is made in place.
    Question.objects.filter(pk=question.pk).update(requirement=requirement)
    question.refresh_from_db()
    contract = contracts.contract_create(area, commissioner, tender=awarded, **_terms(harbour))

    from_question = contracts.kpi_add(contract, commissioner, **_kpi(question=question))
    assert (from_question.requirement, from_question.priority) == (requirement, housing)
    from_requirement = contracts.kpi_add(
        contract, commissioner, **_kpi(code="K2", requirement=requirement)
    )
    assert (from_requirement.question, from_requirement.priority) == (None, housing)

    client.force_login(commissioner)
    page = html.unescape(client.get(reverse("contract", args=[contract.pk])).content.decode())
    assert "Where it came from: priority “Housing” → requirement R2 → tender question Q1" in (
        " ".join(page.split())
    )


def test_it_refuses_a_question_from_another_tender(area, commissioner, world, awarded, harbour):
    contract = contracts.contract_create(area, commissioner, tender=awarded, **_terms(harbour))
    elsewhere = world["open"].questions.get(number=1)
    assert _refused(
        lambda: contracts.kpi_add(contract, commissioner, **_kpi(question=elsewhere))
    ) == {"question": ["Choose a question from the tender this contract came from."]}
    # A contract entered by hand came from no tender, so no question fits it.
    by_hand = contracts.contract_create(area, commissioner, **_terms(harbour, reference="C-2"))
    assert _refused(
        lambda: contracts.kpi_add(by_hand, commissioner, **_kpi(question=elsewhere))
    ) == {"question": ["Choose a question from the tender this contract came from."]}
    assert not KPI.objects.exists()


def test_it_refuses_a_kpi_from_stories_without_a_criterion(client, area, contract, commissioner):
    assert _refused(lambda: contracts.kpi_add(contract, commissioner, **_kpi(source="users"))) == {
        "criterion": ["Choose which rating the KPI is worked out from."]
    }

    RatingCriterion.objects.create(local_area=area, wording="I was treated with respect")
    client.force_login(commissioner)
    response = client.post(
        reverse("kpi_new", args=[contract.pk]),
        {
            "code": "K3",
            "title": "Treated with respect",
            "unit": "%",
            "target": "80",
            "direction": "higher",
            "frequency": "quarterly",
            "source": "users",
            "criterion": "",
            "amber_margin": "10",
        },
    )
    page = response.content.decode()
    assert _field_error(page, "criterion") == "Choose which rating the KPI is worked out from."
    assert _typed(page, "title") == "Treated with respect"
    assert not KPI.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        (
            {"value": "12,00.5.0"},
            "value",
            "Enter an amount in pounds, like 1250000 or 1,250,000.50.",
        ),
        ({"start_date_1": "13"}, "start_date", "The date must be a real date, like 27 3 2027."),
        ({"initial_months": ""}, "initial_months", "Enter the initial term in months, like 36."),
        ({"reference": ""}, "reference", "Enter the contract reference."),
    ],
)
def test_it_names_the_mistake_in_a_contract_and_keeps_what_was_typed(
    client, area, commissioner, world, overrides, field, message
):
    data = {
        "reference": "C-9",
        "title": "Weekend outreach",
        "kind": "spot",
        "provider": world["provider_org"].pk,
        "value": "£120,000",
        "start_date_0": "1",
        "start_date_1": "4",
        "start_date_2": "2025",
        "initial_months": "24",
        "extension_months": "0",
        **overrides,
    }
    client.force_login(commissioner)
    response = client.post(reverse("contract_new", args=[area.slug]), data)
    page = response.content.decode()
    assert "There is a problem" in page
    assert _field_error(page, field) == message
    assert _typed(page, "title") == "Weekend outreach"
    assert _typed(page, "value") == data["value"]
    assert not Contract.objects.exists()


def test_it_refuses_a_reference_already_used(client, area, contract, commissioner, world):
    client.force_login(commissioner)
    response = client.post(
        reverse("contract_new", args=[area.slug]),
        {
            "reference": "C-1",  # the contract fixture has it already
            "title": "Weekend outreach",
            "kind": "spot",
            "provider": world["provider_org"].pk,
            "value": "£120,000",
            "start_date_0": "1",
            "start_date_1": "4",
            "start_date_2": "2025",
            "initial_months": "24",
            "extension_months": "0",
        },
    )
    page = response.content.decode()
    assert "reference" in _field_error(page, "reference").lower()
    assert _typed(page, "title") == "Weekend outreach"
    assert Contract.objects.count() == 1
