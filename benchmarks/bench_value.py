"""Time the open budget, pathway and social value pages on a large made-up area.

    .venv/bin/python benchmarks/bench_value.py            # SQLite, full size
    .venv/bin/python benchmarks/bench_value.py --quick    # a tenth of the big tables, a check

From a fixed seed, in one area, at the size a large council would reach in a
few years:

- open budget: 10 financial years of 400 services each (4,000 budget lines,
  the newest year still a draft, one line in ten under one of 40 contracts,
  one in forty a pilot new that year) and 50 shared savings;
- a live integrated pathway of 6 stages with 3 providers each, 20,000 people
  started over the last 3 years and 60,000 outcomes met (each person meets
  the stages in order, 0 to 6 of them);
- social return on investment: 200 published analyses, each with 60 outcomes
  lasting 10 years and 30 inputs;
- outcomes, when that app has its pages: a published evaluation of a project
  with 5,000 participants, each with a SWEMWBS baseline and follow-up.

Everything is written with bulk_create, straight into the tables. Then each
page is fetched through the Django test client once to count its queries and
warm up, and three times more for the best time (fewer once 20 s of timed runs
have gone, so a slow page does not hold up the rest). See benchmarks/README.md.
"""

import argparse
import os
import random
import shutil
import sys
import tempfile
import time
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SEED = 20255
REPEATS = 3
RUN_BUDGET = 20.0  # seconds of timed runs per page, so a slow page is run fewer times

YEARS = 10  # financial years of open budget, the newest a draft
SERVICES = 400  # budget lines a year
CONTRACTS = 40  # one budget line in ten is under one of these
SAVINGS = 50

STAGES = 6
PROVIDERS_PER_STAGE = 3
PATHWAY_PEOPLE = 20_000
OUTCOMES_MET = 60_000
PATHWAY_DAYS = 3 * 365  # people started over the last three years

ANALYSES = 200
SROI_OUTCOMES = 60
SROI_INPUTS = 30
SROI_DURATION = 10

PARTICIPANTS = 5_000

SERVICE_WORDS = (
    "Home care", "Day services", "Supported living", "Advocacy", "Carers' breaks",
    "Recovery support", "Peer mentoring", "Crisis café", "Housing support", "Employment support",
)  # fmt: skip
STAKEHOLDERS = ("People in recovery", "Families", "Carers", "Volunteers", "The NHS", "Employers")


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--quick",
        action="store_true",
        help="a tenth of the services, savings, pathway people and outcomes, and analyses",
    )
    return parser.parse_args()


class Sizes:
    def __init__(self, quick: bool) -> None:
        tenth = 10 if quick else 1
        self.services = SERVICES // tenth
        self.savings = SAVINGS // tenth
        self.people = PATHWAY_PEOPLE // tenth
        self.outcomes_met = OUTCOMES_MET // tenth
        self.analyses = ANALYSES // tenth
        self.participants = PARTICIPANTS // tenth


class Made:
    """What was built, and the figures the pages should show."""

    area = None
    commissioner = None
    provider = None  # signed in for one organisation on the pathway
    published_lines = 0
    all_lines = 0
    savings = 0
    pathway = None
    people = 0
    outcomes_met = 0
    statement_from = None
    statement_to = None
    analysis = None  # the published analysis whose page is fetched
    analyses = 0
    evaluation = None  # None when the outcomes app has no pages yet
    runner = None
    participants = 0


# --- the data -----------------------------------------------------------------------------


def _make_open_budget(area, commissioner, sizes: Sizes, made: Made, rng: random.Random, now):
    """10 years × 400 services, the newest year a draft; 40 contracts; 50 savings."""
    from withus.contracts.models import Contract
    from withus.core.models import Organisation
    from withus.open_budgets.figures import service_key
    from withus.open_budgets.models import BudgetLine, BudgetYear, Saving

    # The newest year, a draft, is the financial year we are in (from 1 April).
    current = now.year if now.month >= 4 else now.year - 1
    first = current - YEARS + 1
    providers = Organisation.objects.bulk_create(
        Organisation(
            name=f"Care provider {o:02d}", kind=Organisation.Kind.PROVIDER, local_area=area
        )
        for o in range(CONTRACTS // 4)
    )
    contracts = Contract.objects.bulk_create(
        Contract(
            local_area=area,
            reference=f"OB-{c + 1:03d}",
            title=f"{SERVICE_WORDS[c % len(SERVICE_WORDS)]}, lot {c + 1}",
            kind=Contract.Kind.BLOCK,
            provider=providers[c % len(providers)],
            value=Decimal(250_000 + 10_000 * c),
            start_date=now.date() - timedelta(days=3 * 365),
            initial_months=60,
            created_by=commissioner,
        )
        for c in range(CONTRACTS)
    )
    years = BudgetYear.objects.bulk_create(
        BudgetYear(
            local_area=area,
            start=first + y,
            status=BudgetYear.Status.DRAFT if y == YEARS - 1 else BudgetYear.Status.PUBLISHED,
            published_at=None if y == YEARS - 1 else now - timedelta(days=365 * (YEARS - 1 - y)),
            published_by=None if y == YEARS - 1 else commissioner,
        )
        for y in range(YEARS)
    )
    lines = []
    for year in years:
        for s in range(sizes.services):
            name = f"{SERVICE_WORDS[s % len(SERVICE_WORDS)]} {s:03d}"
            if s % 40 == 39:  # a pilot that runs one year only: "new this year" each year
                name = f"Pilot {s:03d} of {year.start}"
            lines.append(
                BudgetLine(
                    year=year,
                    service=name,
                    service_key=service_key(name),
                    contract=contracts[s % CONTRACTS] if s % 10 == 0 else None,
                    spend=Decimal(rng.randint(5_000_00, 2_500_000_00)) / 100,
                    people=None if s % 17 == 0 else rng.randint(0, 900),
                )
            )
    BudgetLine.objects.bulk_create(lines, batch_size=2000)
    Saving.objects.bulk_create(
        Saving(
            year=years[i % YEARS],
            what=f"Saving {i + 1}: fewer out-of-area placements after the new crisis café.",
            amount=Decimal(rng.randint(10_000_00, 900_000_00)) / 100,
            people_percent=Decimal(40),
            people_pays_for="More peer support workers.",
            commissioners_percent=Decimal("33.33"),
            commissioners_pays_for="Paying off the overspend.",
            community_percent=Decimal("26.67"),
            community_pays_for="Grants to community groups.",
            created_by=commissioner,
        )
        for i in range(sizes.savings)
    )
    draft = years[-1].pk
    made.all_lines = len(lines)
    made.published_lines = sum(1 for x in lines if x.year_id != draft)
    made.savings = sizes.savings


def _make_pathway(area, commissioner, sizes: Sizes, made: Made, rng: random.Random, now, today):
    """A live pathway, 6 stages × 3 providers, 20,000 people, 60,000 outcomes met."""
    from withus.core.models import Membership, Organisation, Role, User
    from withus.pathways.models import OutcomeMet, Pathway, PathwayPerson, Stage, StageProvider

    organisations = Organisation.objects.bulk_create(
        Organisation(
            name=f"Pathway provider {o}",
            kind=Organisation.Kind.NHS_BODY if o == 0 else Organisation.Kind.PROVIDER,
            local_area=area,
        )
        for o in range(2 * PROVIDERS_PER_STAGE)
    )
    pathway = Pathway.objects.create(
        local_area=area,
        name="Recovery pathway: drugs and alcohol",
        description="For adults starting treatment.",
        tariff=Decimal("4200.00"),
        status=Pathway.Status.LIVE,
        made_by=commissioner,
        made_at=now - timedelta(days=PATHWAY_DAYS + 30),
        published_by=commissioner,
        published_at=now - timedelta(days=PATHWAY_DAYS + 1),
    )
    shares = ("10", "15", "25", "20", "15", "15")
    stages = Stage.objects.bulk_create(
        Stage(
            pathway=pathway,
            position=s + 1,
            name=f"Stage {s + 1}",
            outcome=f"Outcome of stage {s + 1} met",
            outcome_check="Checked at a review with the person.",
            share=Decimal(shares[s]),
            on_outcome=Decimal(25),
        )
        for s in range(STAGES)
    )
    StageProvider.objects.bulk_create(
        StageProvider(
            stage=stage,
            position=p + 1,
            organisation=organisations[(s + p) % len(organisations)],
            share=Decimal(("50", "30", "20")[p]),
        )
        for s, stage in enumerate(stages)
        for p in range(PROVIDERS_PER_STAGE)
    )
    provider = User.objects.create(username="provider", display_name="Provider", password="!")
    Membership.objects.create(
        user=provider, local_area=area, role=Role.PROVIDER, organisation=organisations[0]
    )

    # People start over the last 3 years; each meets stages 1..k in order, k from 0 to 6,
    # adjusted so the outcomes add up to exactly OUTCOMES_MET.
    starts = sorted(
        today - timedelta(days=rng.randrange(PATHWAY_DAYS)) for _ in range(sizes.people)
    )
    met = [rng.randint(0, STAGES) for _ in range(sizes.people)]
    gap = sizes.outcomes_met - sum(met)
    while gap:
        i = rng.randrange(sizes.people)
        if gap > 0 and met[i] < STAGES:
            met[i], gap = met[i] + 1, gap - 1
        elif gap < 0 and met[i] > 0:
            met[i], gap = met[i] - 1, gap + 1
    people = PathwayPerson.objects.bulk_create(
        (
            PathwayPerson(
                pathway=pathway,
                reference=f"RP-{i:05d}",
                started_on=started,
                recorded_by=commissioner,
                recorded_at=now - timedelta(days=(today - started).days),
            )
            for i, started in enumerate(starts)
        ),
        batch_size=5000,
    )
    outcomes = []
    for person, k in zip(people, met, strict=True):
        days = (today - person.started_on).days
        steps = [rng.randint(7, 60) for _ in range(k)]
        total = sum(steps)
        scale = min(1.0, days / total) if total else 1.0
        reached = 0
        for s in range(k):
            reached += steps[s]
            outcomes.append(
                OutcomeMet(
                    person=person,
                    stage=stages[s],
                    met_on=person.started_on + timedelta(days=int(reached * scale)),
                    recorded_by=commissioner,
                    recorded_at=now,
                )
            )
    OutcomeMet.objects.bulk_create(outcomes, batch_size=5000)
    # A full year: the last 12 whole months.
    end = today.replace(day=1) - timedelta(days=1)
    made.statement_from = end.replace(year=end.year - 1) + timedelta(days=1)
    made.statement_to = end
    made.pathway, made.provider = pathway, provider
    made.people, made.outcomes_met = len(people), len(outcomes)


def _make_sroi(area, commissioner, sizes: Sizes, made: Made, rng: random.Random, now):
    """200 published analyses, each with 60 outcomes of 10 years and 30 inputs."""
    from withus.social_value.models import Analysis, Input, Outcome

    analyses = Analysis.objects.bulk_create(
        Analysis(
            local_area=area,
            title=f"Social value of service {a:03d}",
            summary="What changed for people, and what it is worth.",
            start_year=2020 + a % 6,
            discount_rate=Decimal("3.5"),
            status=Analysis.Status.PUBLISHED,
            created_by=commissioner,
            created_at=now - timedelta(days=a + 10),
            published_by=commissioner,
            published_at=now - timedelta(days=a),
        )
        for a in range(sizes.analyses)
    )
    Input.objects.bulk_create(
        (
            Input(
                analysis=analysis,
                contributor=f"Funder {i % 7}",
                description="Grant for staff and room hire." if i % 2 else "Volunteer time.",
                amount=Decimal(rng.randint(1_000_00, 80_000_00)) / 100,
            )
            for analysis in analyses
            for i in range(SROI_INPUTS)
        ),
        batch_size=5000,
    )
    Outcome.objects.bulk_create(
        (
            Outcome(
                analysis=analysis,
                stakeholder=STAKEHOLDERS[o % len(STAKEHOLDERS)],
                description=f"Change {o + 1}: feeling less alone",
                indicator="Answers at the start and after six months.",
                quantity=rng.randint(5, 400),
                proxy=Decimal(rng.randint(50_00, 5_000_00)) / 100,
                proxy_source="HACT social value bank",
                deadweight=Decimal(rng.randint(0, 40)),
                attribution=Decimal(rng.randint(0, 40)),
                displacement=Decimal(rng.randint(0, 20)),
                drop_off=Decimal(rng.choice(("10", "12.5", "20", "33.33"))),
                duration=SROI_DURATION,
            )
            for analysis in analyses
            for o in range(SROI_OUTCOMES)
        ),
        batch_size=5000,
    )
    # Published analyses keep the figures worked out when they were published
    # (withus/social_value/services.analysis_publish); work them out the same way.
    from withus.social_value import sroi

    for analysis in Analysis.objects.prefetch_related("inputs", "outcomes"):
        result = sroi.evaluate(
            sroi.Analysis(
                outcomes=tuple(o.facts() for o in analysis.outcomes.all()),
                investment=sum((i.amount for i in analysis.inputs.all()), Decimal("0.00")),
                discount_rate=analysis.discount_rate,
            )
        )
        analysis.investment = result.investment
        analysis.present_value = result.present_value
        analysis.net_present_value = result.net_present_value
        analysis.ratio = result.ratio
        analysis.save(update_fields=["investment", "present_value", "net_present_value", "ratio"])
    made.analysis = analyses[0]
    made.analyses = len(analyses)


def _outcomes_ready() -> bool:
    """The outcomes app has pages (it was being finished when this was written)."""
    from withus.outcomes import urls

    return bool(getattr(urls, "urlpatterns", None))


def _make_outcomes(area, commissioner, sizes: Sizes, made: Made, rng: random.Random, now, today):
    """A published evaluation with 5,000 people, each with a SWEMWBS baseline and follow-up."""
    from withus.core.models import Membership, Role, User
    from withus.cycle.models import CommissioningProject
    from withus.outcomes import services, swemwbs
    from withus.outcomes.models import Measurement, Participant

    runner = User.objects.create(username="runner", display_name="Runner", password="!")
    Membership.objects.create(user=runner, local_area=area, role=Role.FACILITATOR)
    project = CommissioningProject.objects.create(
        local_area=area,
        name="Peer mentoring",
        service_area="Recovery",
        budget=Decimal(400_000),
        planned_start=today - timedelta(days=2 * 365),
        planned_end=today + timedelta(days=365),
        stage="monitoring",
        furthest_stage="monitoring",
        created_by=commissioner,
    )
    evaluation = services.evaluation_create(
        area,
        commissioner,
        title="Does peer mentoring help recovery?",
        subject=project,
        follow_up_months=6,
        runners=[runner],
    )
    measure = services.measure_add(evaluation, runner, kind="swemwbs")
    consent = [today - timedelta(days=rng.randint(200, 700)) for _ in range(sizes.participants)]
    people = Participant.objects.bulk_create(
        (
            Participant(
                evaluation=evaluation,
                reference=f"RPM-{i:05d}",
                consent_on=on,
                consent_recorded_by=runner,
                consent_recorded_at=now - timedelta(days=(today - on).days),
            )
            for i, on in enumerate(consent)
        ),
        batch_size=5000,
    )
    scores = []
    for person in people:
        before = [rng.randint(1, 4) for _ in range(7)]
        after = [min(5, max(1, a + rng.choice((-1, 0, 0, 1, 1)))) for a in before]
        for stage, items, days in (("baseline", before, 1), ("follow_up", after, 183)):
            raw, metric = swemwbs.score(items)
            scores.append(
                Measurement(
                    participant=person,
                    measure=measure,
                    stage=stage,
                    taken_on=person.consent_on + timedelta(days=days),
                    consent_on=person.consent_on,
                    items=items,
                    raw=raw,
                    score=metric,
                    recorded_by=runner,
                    recorded_at=now,
                )
            )
    Measurement.objects.bulk_create(scores, batch_size=5000)
    made.evaluation = services.publish(evaluation, runner)
    made.runner, made.participants = runner, len(people)


def _make_data(sizes: Sizes) -> tuple[Made, dict]:
    from django.db import transaction
    from django.utils import timezone

    from withus.core.models import LocalArea, Membership, Role, User

    rng = random.Random(SEED)
    made = Made()
    now = timezone.now().replace(microsecond=0)
    today = timezone.localdate(now)
    timings = {}
    with transaction.atomic():
        area = LocalArea.objects.create(name="Benchmark area", slug="bench")
        commissioner = User.objects.create(
            username="commissioner", display_name="Commissioner", password="!"
        )
        Membership.objects.create(user=commissioner, local_area=area, role=Role.COMMISSIONER)
    for name, make in (
        ("open budget", lambda: _make_open_budget(area, commissioner, sizes, made, rng, now)),
        ("pathway", lambda: _make_pathway(area, commissioner, sizes, made, rng, now, today)),
        ("sroi", lambda: _make_sroi(area, commissioner, sizes, made, rng, now)),
        (
            "outcomes",
            lambda: (
                _outcomes_ready()
                and _make_outcomes(area, commissioner, sizes, made, rng, now, today)
            ),
        ),
    ):
        start = time.perf_counter()
        with transaction.atomic():
            make()
        timings[name] = time.perf_counter() - start
    made.area, made.commissioner = area, commissioner
    return made, timings


# --- timing -------------------------------------------------------------------------------


def _count_queries(action) -> tuple[int, int]:
    """Run ``action`` once: (queries, bytes in the answer)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        response = action()
    return len(captured), len(response.content)


def _best(action) -> tuple[float, int]:
    """The best of REPEATS runs, or of fewer once RUN_BUDGET seconds have gone: (s, runs)."""
    best, spent, runs = float("inf"), 0.0, 0
    while runs < REPEATS and spent < RUN_BUDGET:
        start = time.perf_counter()
        action()
        took = time.perf_counter() - start
        best, spent, runs = min(best, took), spent + took, runs + 1
    return best, runs


def _page(client, url: str, must_contain: str):
    def get():
        response = client.get(url)
        if response.status_code != 200 or must_contain.encode() not in response.content:
            raise SystemExit(f"{url} answered {response.status_code} without {must_contain!r}")
        return response

    return get


def _bench(sizes: Sizes, label: str) -> None:
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    started = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    migrated = time.perf_counter()
    made, timings = _make_data(sizes)
    built = time.perf_counter()
    print(
        f"{label}: migrate {migrated - started:.1f} s, data {built - migrated:.1f} s "
        f"(open budget {timings['open budget']:.1f} s, pathway {timings['pathway']:.1f} s, "
        f"SROI {timings['sroi']:.1f} s, outcomes {timings['outcomes']:.1f} s)"
    )
    print(
        f"{made.all_lines:,} budget lines ({made.published_lines:,} published), "
        f"{made.savings} savings; {made.people:,} people on the pathway, "
        f"{made.outcomes_met:,} outcomes met; {made.analyses} analyses of "
        f"{SROI_OUTCOMES} outcomes and {SROI_INPUTS} inputs; "
        + (
            f"{made.participants:,} people in the evaluation"
            if made.evaluation
            else "no outcomes pages yet, so no evaluation"
        )
    )

    public = Client()
    commissioner = Client()
    commissioner.force_login(made.commissioner)
    provider = Client()
    provider.force_login(made.provider)
    slug, pk = made.area.slug, made.pathway.pk
    period = f"?from={made.statement_from.isoformat()}&to={made.statement_to.isoformat()}"
    published = f"{made.published_lines:,} lines"
    pages = [
        (
            "open budget",
            published,
            _page(public, reverse("open_budget", args=[slug]), "Total spend"),
        ),
        (
            "open budget CSV",
            published,
            _page(public, reverse("open_budget_csv", args=[slug]), "cost per person"),
        ),
        (
            "open budget JSON",
            published,
            _page(public, reverse("open_budget_json", args=[slug]), '"services"'),
        ),
        (
            "open budget, keep",
            f"{made.all_lines:,} lines",
            _page(commissioner, reverse("open_budget_manage", args=[slug]), "Draft: not public"),
        ),
        (
            "pathway",
            f"{STAGES * PROVIDERS_PER_STAGE} providers",
            _page(public, reverse("pathway", args=[pk]), made.pathway.name),
        ),
        (
            "pathway people",
            f"{made.people:,} people",
            _page(commissioner, reverse("pathway_people", args=[pk]), "people started"),
        ),
        (
            "statement, a year",
            f"{made.outcomes_met:,} met",
            _page(
                commissioner,
                reverse("pathway_statement", args=[pk]) + period,
                "What each provider is owed",
            ),
        ),
        (
            "statement, provider",
            f"{made.outcomes_met:,} met",
            _page(
                provider,
                reverse("pathway_statement", args=[pk]) + period,
                "only your own organisation",
            ),
        ),
        (
            "statement CSV, a year",
            f"{made.outcomes_met:,} met",
            _page(
                commissioner,
                reverse("pathway_statement_csv", args=[pk]) + period,
                "All providers",
            ),
        ),
        (
            "SROI analysis",
            f"{SROI_OUTCOMES} outcomes",
            _page(public, reverse("sroi_analysis", args=[made.analysis.pk]), made.analysis.title),
        ),
        (
            "SROI list",
            f"{made.analyses} analyses",
            _page(public, reverse("sroi_list", args=[slug]), "Published analyses"),
        ),
    ]
    if made.evaluation is not None:
        runner = Client()
        runner.force_login(made.runner)
        people = f"{made.participants:,} people"
        pages += [
            (
                "evaluation report",
                people,
                _page(
                    public,
                    reverse("outcomes_report", args=[made.evaluation.pk]),
                    made.evaluation.title,
                ),
            ),
            (
                "evaluation people",
                people,
                _page(
                    runner,
                    reverse("outcomes_evaluation", args=[made.evaluation.pk]),
                    "RPM-00000",
                ),
            ),
        ]
    print()
    print(f"{'what':<24} {'of':<16} {'queries':>8} {'best s':>8} {'runs':>5} {'KB':>8}")
    for what, of, action in pages:
        queries, size = _count_queries(action)  # also warms up
        best, runs = _best(action)
        print(
            f"{what:<24} {of:<16} {queries:>8} {best:>8.2f} {runs:>5} {size / 1000:>8,.0f}",
            flush=True,
        )
    print(
        f"\nStatement period {made.statement_from} to {made.statement_to}. "
        f"Best of {REPEATS} runs (fewer once {RUN_BUDGET:.0f} s have gone) after one that "
        "counts the queries and the answer's size (KB); "
        f"{connection.vendor}; "
        "load average over the last 1, 5 and 15 minutes: %.1f, %.1f, %.1f." % os.getloadavg()
    )


def main() -> None:
    args = _arguments()
    os.environ["DJANGO_SETTINGS_MODULE"] = "withus.settings"
    # Timings as in production: no query log kept in memory.
    os.environ.setdefault("WITHUS_DEBUG", "0")
    tmp = tempfile.mkdtemp(prefix="withus-bench-value-")
    os.environ["WITHUS_DATABASE_URL"] = f"sqlite:///{tmp}/bench.sqlite3"
    try:
        import django

        django.setup()
        _bench(Sizes(args.quick), f"SQLite, {tmp}/bench.sqlite3")
    finally:
        if "django" in sys.modules:
            from django.db import connections

            connections.close_all()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
