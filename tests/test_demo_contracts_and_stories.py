"""The demo area's contracts and stories: KPIs in every status, two years of
returns, a few hundred stories with some waiting for moderation."""

import pytest
from django.core.management import call_command

from withus.contracts import queries
from withus.contracts.demo import ENDING, FROM_AWARD, RUNNING
from withus.contracts.models import Contract, MonitoringReturn
from withus.stories.models import Alert, Reply, Story


@pytest.fixture
def demo(db):
    call_command("demo", "--json", stdout=open("/dev/null", "w"))  # noqa: SIM115


def test_it_has_kpis_in_every_status(demo):
    statuses = set()
    missing = []
    for contract in Contract.objects.all():
        for view in queries.kpi_views(contract):
            statuses |= {p.status for p in view.points}
            missing += view.missing
    assert {"green", "amber", "red"} <= statuses
    assert missing, "one KPI has a missing return"


def test_it_has_two_years_of_returns(demo):
    running = Contract.objects.get(reference=RUNNING)
    periods = MonitoringReturn.objects.filter(kpi__contract=running).values_list(
        "period", flat=True
    )
    assert (max(periods) - min(periods)).days >= 700


def test_it_makes_a_contract_from_the_award_with_a_traced_kpi(demo):
    contract = Contract.objects.get(reference=FROM_AWARD)
    assert contract.tender.reference == "NV-2026-031"
    assert contract.provider == contract.tender.winning_bid.organisation
    kpi = contract.kpis.get()
    assert kpi.question.number == 1
    assert kpi.requirement == kpi.question.requirement
    assert kpi.priority is not None


def test_it_warns_of_what_is_coming(demo):
    warnings = queries.warnings_for(list(Contract.objects.prefetch_related("breaks")))
    kinds = {(w.kind, c.reference) for w, c in warnings}
    assert ("break_clause", RUNNING) in kinds
    assert ("contract_end", ENDING) in kinds


def test_it_has_a_few_hundred_stories_some_waiting(demo):
    assert Story.objects.count() >= 300
    waiting = Story.objects.filter(status=Story.Status.PENDING)
    assert waiting.count() >= 5
    assert any(s.flags for s in waiting)
    assert Story.objects.filter(status=Story.Status.SAFEGUARDING).count() == 1
    assert Alert.objects.count() == 2
    assert Reply.objects.filter(status=Reply.Status.PENDING).exists()


def test_it_loads_only_once(demo):
    before = (Contract.objects.count(), Story.objects.count())
    call_command("demo", "--json", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert (Contract.objects.count(), Story.objects.count()) == before
