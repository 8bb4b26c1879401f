"""Open budgets, pathways and social value for the access table's world.

``build(area, people)`` makes, through each app's services, what their URLs point
at. Its keys never clash with the rest of the world (the table asserts it).

- Open budget: 2025 to 2026 published (Home care, and a saving), 2026 to 2027 a
  draft (Day services): the draft is the keepers' only.
- Pathways: a live pathway of two stages, paid partly to the provider's own
  organisation (Brightpath), with a person who started it last month; and a
  draft pathway, the same, ready to publish.
- Social value: a published and a draft analysis, each with an input and an
  outcome.
- Outcomes: an evaluation of the world's project, set up and run by the
  facilitator only (so not by the commissioner), its report not published; the
  expert takes part (with their account, a baseline score) and so does someone
  who has withdrawn. A second evaluation, also the facilitator's, is published.
"""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from withus.core.models import Membership, Organisation, Role
from withus.cycle.models import CommissioningProject
from withus.open_budgets import services as open_budgets
from withus.outcomes import services as outcomes
from withus.pathways import services as pathways
from withus.social_value import services as social_value

D = Decimal

SROI_OUTCOME = {
    "stakeholder": "People in recovery",
    "description": "Stayed free of drugs",
    "indicator": "Six-month check",
    "quantity": 10,
    "proxy": D("1000"),
    "proxy_source": "Unit Cost Database",
    "deadweight": D("20"),
    "attribution": D("25"),
    "displacement": D("0"),
    "drop_off": D("50"),
    "duration": 3,
}


def saving_add(area, by, *, year, what, amount):
    """A saving split 40/30/30 (people, commissioners, community) with nothing said
    about what each share pays for: the plain saving most tests need."""
    return open_budgets.saving_add(
        area,
        by,
        year=year,
        what=what,
        amount=amount,
        people_percent=D(40),
        people_pays_for="",
        commissioners_percent=D(30),
        commissioners_pays_for="",
        community_percent=D(30),
        community_pays_for="",
    )


def _open_budget(area, commissioner) -> dict:
    published_line = open_budgets.line_add(
        area, commissioner, year=2025, service="Home care", spend=D("1250000.00"), people=310
    )
    saving = saving_add(
        area, commissioner, year=2025, what="Fewer agency staff.", amount=D("180000.00")
    )
    published = open_budgets.year_set_status(published_line.year, commissioner, publish=True)
    draft_line = open_budgets.line_add(
        area, commissioner, year=2026, service="Day services", spend=D("760000.00"), people=120
    )
    return {
        "budget_year": published,
        "budget_draft_year": draft_line.year,
        "budget_line": published_line,
        "budget_draft_line": draft_line,
        "budget_saving": saving,
    }


def _pathway(area, commissioner, name: str, orgs: dict) -> object:
    pathway = pathways.pathway_create(
        area, commissioner, name=name, description="", tariff=D("4200.00")
    )
    for stage, share, providers in (
        ("Assessment", "40", [(orgs["own"], "100")]),
        ("Treatment", "60", [(orgs["trust"], "70"), (orgs["own"], "30")]),
    ):
        pathways.stage_save(
            pathway,
            commissioner,
            name=stage,
            outcome=f"{stage} done",
            outcome_check="",
            share=D(share),
            on_outcome=D("25"),
            scheme=None,
            providers=[(i, org, D(s)) for i, (org, s) in enumerate(providers, start=1)],
        )
    return pathway


def _pathways(area, commissioner, provider) -> dict:
    # The provider's own organisation (Brightpath) is on both pathways, so the
    # provider sees its own lines of the live pathway's statement.
    own = Membership.objects.get(user=provider, local_area=area, role=Role.PROVIDER).organisation
    assert own is not None
    trust = Organisation.objects.create(
        name="Northvale Pathway Trust", kind=Organisation.Kind.NHS_BODY, local_area=area
    )
    orgs = {"own": own, "trust": trust}
    live = _pathway(area, commissioner, "Recovery pathway", orgs)
    live = pathways.pathway_publish(live, commissioner)
    draft = _pathway(area, commissioner, "Housing pathway (draft)", orgs)
    # Started on the first day of last month: in the statement's default period.
    started = (timezone.localdate().replace(day=1) - timedelta(days=1)).replace(day=1)
    person = pathways.person_start(live, commissioner, reference="CASE-0001", started_on=started)
    return {
        "live_pathway": live,
        "draft_pathway": draft,
        "draft_stage": draft.stages.order_by("position").first(),
        "pathway_person": person,
        "pathway_trust": trust,
    }


def _analysis(area, commissioner, title: str) -> tuple:
    analysis = social_value.analysis_create(area, commissioner, title=title, start_year=2025)
    item = social_value.input_add(
        analysis, commissioner, contributor="Council", description="Grant", amount=D("2500")
    )
    outcome = social_value.outcome_add(analysis, commissioner, **SROI_OUTCOME)
    return analysis, item, outcome


def _social_value(area, commissioner) -> dict:
    published, published_input, published_outcome = _analysis(
        area, commissioner, "Peer mentors: first year"
    )
    published = social_value.analysis_publish(published, commissioner)
    draft, draft_input, draft_outcome = _analysis(area, commissioner, "Peer mentors: second year")
    return {
        "sroi_published": published,
        "sroi_published_input": published_input,
        "sroi_published_outcome": published_outcome,
        "sroi_draft": draft,
        "sroi_input": draft_input,
        "sroi_outcome": draft_outcome,
    }


def _measure(evaluation, runner):
    return outcomes.measure_add(
        evaluation,
        runner,
        kind="co_produced",
        name="In control",
        wording="I feel in control of my recovery",
        scale_min=1,
        scale_max=10,
        direction="higher",
        meaningful_change=D("1"),
        co_produced_with="Northvale recovery lived-experience group",
    )


def _outcomes(area, facilitator, expert) -> dict:
    # Set up by the facilitator, who so runs it alone: the commissioner and area
    # admin see its report, never a person's scores.
    project = CommissioningProject.objects.filter(local_area=area).order_by("pk").first()
    running = outcomes.evaluation_create(
        area, facilitator, title="Does involvement help?", subject=project, follow_up_months=6
    )
    measure = _measure(running, facilitator)
    agreed = timezone.localdate() - timedelta(days=60)
    taking_part = outcomes.participant_add(
        running, facilitator, reference="P-EXPERT", consent=True, consent_on=agreed, user=expert
    )
    outcomes.measurement_record(
        taking_part, measure, facilitator, stage="baseline", taken_on=agreed, score=4
    )
    withdrawn = outcomes.participant_add(
        running, facilitator, reference="P-GONE", consent=True, consent_on=agreed, user=None
    )
    outcomes.consent_withdraw(withdrawn, facilitator)
    published = outcomes.evaluation_create(
        area, facilitator, title="Did the drop-in help?", subject=project, follow_up_months=3
    )
    published_measure = _measure(published, facilitator)
    published = outcomes.publish(published, facilitator)
    return {
        "outcomes_running": running,
        "outcomes_measure": measure,
        "outcomes_participant": taking_part,
        "outcomes_withdrawn": withdrawn,
        "outcomes_published": published,
        "outcomes_published_measure": published_measure,
    }


def build(area, people) -> dict:
    commissioner = people["commissioner"]
    return {
        **_open_budget(area, commissioner),
        **_pathways(area, commissioner, people["provider"]),
        **_social_value(area, commissioner),
        **_outcomes(area, people["facilitator"], people["expert"]),
    }
