"""Time the golden thread of a large made-up area: its page, its JSON and its CSV.

    .venv/bin/python benchmarks/bench_thread.py            # SQLite, full size
    .venv/bin/python benchmarks/bench_thread.py --quick    # a tenth of everything, a check

From a fixed seed, in one area:

- 4 closed exercises with 2,000 priorities between them (500 each), each
  priority with its own theme of about 20 statements (40,000 in all, 9 in 10
  public) and 5 rooms' votes on every theme;
- 20 specifications (one per tender) with 3,000 requirements (150 each), each
  linked to a priority, every third to a second one too; one priority is linked
  to 60 more (the busiest thread). The last 200 priorities have no requirement;
- 20 tenders, 15 awarded and 5 published, with 4,000 questions (200 each)
  about the requirements of their specification: 140 of each 150 asked about,
  60 of them twice. Each awarded tender has two bids, with answers and agreed
  scores for every question; the first bid won;
- a contract for each awarded tender, 15 in all, with 3,000 KPIs (200 each):
  180 measuring a question (and its requirement), 10 a requirement only and 10
  a priority that has no requirement; 36 monthly returns for
  each KPI, up to the last period due, except that 300 KPIs (20 questions' worth
  per contract) missed their last two returns and so are silent.

So the threads stop in every way the rules allow (withus/thread/stops.py).
Everything is written with bulk_create. Then each page is fetched through the
Django test client once to count its queries and warm up (for the JSON, with
tracemalloc on for Python's peak memory), and three times more for the best
time (fewer once 30 s of timed runs have gone, so the whole run stays near
five minutes). See benchmarks/README.md.
"""

import argparse
import json
import os
import random
import shutil
import sys
import tempfile
import time
import tracemalloc
from collections import Counter
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SEED = 20254
REPEATS = 3
RUN_BUDGET = 30.0  # seconds of timed runs per page, so a slow page is run fewer times

EXERCISES = 4
PRIORITIES = 2_000
WITHOUT_REQUIREMENT = 200  # the last priorities: their threads stop at "requirement"
STATEMENTS_PER_THEME = 20  # on average: 15 to 25
ROOMS = 5  # room ballots per exercise, each voting on every theme
TENDERS = 20
AWARDED = 15
REQUIREMENTS_PER_SPEC = 150
ASKED = 140  # of each specification's requirements, those asked about
QUESTIONS_PER_TENDER = 200
KPIS_PER_CONTRACT = 200
MEASURED = 120  # requirements (by index) whose questions have a KPI: the rest stop at "kpi"
SILENT_FROM = 100  # requirements 100 to 119: their KPIs missed the last two returns
BUSY_LINKS = 60  # extra requirements linked to the first priority
MONTHS = 36

WORDS = (
    "I can't get help at weekends.", "Nobody answers the phone after five.",
    "The bus does not run on Sundays.", "My key worker changes every month.",
    "The group on Thursdays keeps me going.", "I waited weeks for a first appointment.",
    "Staff listened to me.", "Nobody told me what happens next.",
    "I want to help others who have been there.", "The forms are too hard.",
)  # fmt: skip


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a tenth of everything")
    return parser.parse_args()


class Sizes:
    def __init__(self, quick: bool) -> None:
        tenth = 10 if quick else 1
        self.priorities = PRIORITIES // tenth
        self.without = WITHOUT_REQUIREMENT // tenth
        self.tenders = TENDERS // (2 if quick else 1)
        self.awarded = AWARDED // (2 if quick else 1)
        self.requirements_per_spec = REQUIREMENTS_PER_SPEC // tenth
        self.asked = ASKED // tenth
        self.questions = QUESTIONS_PER_TENDER // tenth
        self.kpis = KPIS_PER_CONTRACT // tenth
        self.measured = MEASURED // tenth
        self.silent_from = SILENT_FROM // tenth
        self.busy = BUSY_LINKS // tenth


class Made:
    area = None
    busy = None  # the priority with the most requirements
    typical = None  # a priority with a requirement or two
    requirements_of: dict[int, int] = {}
    counts: dict[str, int] = {}


# --- the data -----------------------------------------------------------------------------


def _make_insight(area, commissioner, sizes: Sizes, rng: random.Random, now):
    """Exercises, themes, statements, votes and priorities."""
    from withus.insight.models import (
        Ballot,
        Exercise,
        Phase,
        Priority,
        PriorityStatus,
        Source,
        Statement,
        StatementKind,
        Theme,
        Vote,
    )

    exercises = Exercise.objects.bulk_create(
        Exercise(
            local_area=area,
            title=f"What matters {2022 + e}",
            phase=Phase.CLOSED,
            created_by=commissioner,
        )
        for e in range(EXERCISES)
    )
    per = sizes.priorities // EXERCISES
    themes = Theme.objects.bulk_create(
        (
            Theme(
                exercise=exercises[i // per],
                name=f"Theme {i:04d}: {WORDS[i % len(WORDS)][:-1]}",
                i_statement=f"I want {i}.",
            )
            for i in range(sizes.priorities)
        ),
        batch_size=2000,
    )
    kinds, sources = StatementKind.values, Source.values
    statements = [
        Statement(
            exercise_id=theme.exercise_id,
            kind=kinds[(i + s) % len(kinds)],
            text=WORDS[(i * 7 + s) % len(WORDS)],
            source=sources[s % len(sources)],
            theme=theme,
            public=rng.random() < 0.9,
        )
        for i, theme in enumerate(themes)
        for s in range(rng.randint(STATEMENTS_PER_THEME - 5, STATEMENTS_PER_THEME + 5))
    ]
    Statement.objects.bulk_create(statements, batch_size=5000)
    ballots = Ballot.objects.bulk_create(
        Ballot(exercise=e, method=Ballot.Method.ROOM, room=f"Room {r}", entered_by=commissioner)
        for e in exercises
        for r in range(ROOMS)
    )
    Vote.objects.bulk_create(
        (
            Vote(ballot=b, theme=t, dots=rng.randint(1, 9))
            for b in ballots
            for t in themes
            if t.exercise_id == b.exercise_id
        ),
        batch_size=5000,
    )
    statuses = []
    for i in range(sizes.priorities):
        roll = i % 20
        if roll == 0:
            statuses.append((PriorityStatus.NOT_DONE, "The money went to the new hub instead."))
        elif roll < 4:
            statuses.append((PriorityStatus.DONE, "Open on Saturdays since April."))
        else:
            statuses.append((PriorityStatus.UNDER_WAY, ""))
    priorities = Priority.objects.bulk_create(
        (
            Priority(
                exercise_id=theme.exercise_id,
                theme=theme,
                rank=i % per + 1,
                status=statuses[i][0],
                status_reason=statuses[i][1],
                status_updated_at=now - timedelta(days=i % 200),
            )
            for i, theme in enumerate(themes)
        ),
        batch_size=2000,
    )
    return priorities, len(statements)


def _make_tendering(area, commissioner, sizes: Sizes, rng, now, priorities):
    """Specifications, requirements linked to priorities, tenders, questions, bids."""
    from withus.core.models import Organisation
    from withus.cycle.models import CommissioningProject
    from withus.tendering.models import (
        Bid,
        BidAnswer,
        ConsensusScore,
        Question,
        Requirement,
        SetBy,
        Specification,
        Tender,
    )

    project = CommissioningProject.objects.create(
        local_area=area,
        name="Recovery services",
        service_area="Drugs and alcohol",
        budget=Decimal(5_000_000),
        planned_start=now.date() - timedelta(days=4 * 365),
        planned_end=now.date() + timedelta(days=365),
        stage="monitoring",
        furthest_stage="monitoring",
        created_by=commissioner,
    )
    specs = Specification.objects.bulk_create(
        Specification(
            project=project, title=f"Lot {t + 1:02d} specification", created_by=commissioner
        )
        for t in range(sizes.tenders)
    )
    n = sizes.requirements_per_spec
    requirements = Requirement.objects.bulk_create(
        (
            Requirement(
                specification=specs[t],
                number=r + 1,
                text=f"The service will do thing {r + 1} of lot {t + 1}, every day of the week.",
            )
            for t in range(sizes.tenders)
            for r in range(n)
        ),
        batch_size=5000,
    )
    linked = len(priorities) - sizes.without
    pairs = set()
    for i, req in enumerate(requirements):
        # Each lot's requirements answer a run of priorities of their own, so the priorities
        # of the lots still out to tender mostly stop at "award".
        pairs.add((req.pk, priorities[i * linked // len(requirements)].pk))
        if i % 3 == 0:
            pairs.add((req.pk, priorities[(i * 7 + 11) % linked].pk))
    for req in rng.sample(requirements, sizes.busy):
        pairs.add((req.pk, priorities[0].pk))
    through = Requirement.priorities.through
    through.objects.bulk_create(
        (through(requirement_id=r, priority_id=p) for r, p in sorted(pairs)), batch_size=5000
    )

    providers = Organisation.objects.bulk_create(
        Organisation(name=f"Provider {o:02d}", kind=Organisation.Kind.PROVIDER, local_area=area)
        for o in range(2 * sizes.tenders)
    )
    tenders = []
    for t in range(sizes.tenders):
        published = now - timedelta(days=4 * 365 - t)
        awarded = t < sizes.awarded
        tenders.append(
            Tender(
                local_area=area,
                specification=specs[t],
                reference=f"BENCH-{t + 1:03d}",
                title=f"Recovery services, lot {t + 1}",
                description="Treatment and recovery support, seven days a week.",
                publication_date=published,
                clarification_deadline=published + timedelta(days=20),
                submission_deadline=published + timedelta(days=30),
                price_weight=Decimal(30),
                panel_stake=Decimal(25),
                status=Tender.Status.AWARDED if awarded else Tender.Status.PUBLISHED,
                published_at=published,
                awarded_at=published + timedelta(days=60) if awarded else None,
                awarded_by=commissioner if awarded else None,
                created_by=commissioner,
            )
        )
    tenders = Tender.objects.bulk_create(tenders)
    questions = Question.objects.bulk_create(
        (
            Question(
                tender=tender,
                number=j + 1,
                text=f"How will you meet requirement {j % sizes.asked + 1}?",
                weight=Decimal("0.35"),
                set_by=SetBy.PANEL if j % 4 == 0 else SetBy.COMMISSIONER,
                requirement=requirements[t * n + j % sizes.asked],
            )
            for t, tender in enumerate(tenders)
            for j in range(sizes.questions)
        ),
        batch_size=5000,
    )
    bids = Bid.objects.bulk_create(
        Bid(
            tender=tender,
            organisation=providers[2 * t + b],
            status=Bid.Status.SUBMITTED,
            price=Decimal(900_000 + 10_000 * b),
            submitted_at=tender.submission_deadline - timedelta(days=1),
        )
        for t, tender in enumerate(tenders[: sizes.awarded])
        for b in range(2)
    )
    for t, tender in enumerate(tenders[: sizes.awarded]):
        tender.winning_bid = bids[2 * t]
    Tender.objects.bulk_update(tenders[: sizes.awarded], ["winning_bid"])
    awarded_questions = [
        q for q in questions if q.tender_id in {t.pk for t in tenders[: sizes.awarded]}
    ]
    bids_of = {t.pk: bids[2 * i : 2 * i + 2] for i, t in enumerate(tenders[: sizes.awarded])}
    BidAnswer.objects.bulk_create(
        (
            BidAnswer(bid=b, question=q, text=f"We will do this with peer workers ({q.number}).")
            for q in awarded_questions
            for b in bids_of[q.tender_id]
        ),
        batch_size=5000,
    )
    ConsensusScore.objects.bulk_create(
        (
            ConsensusScore(
                bid=b,
                question=q,
                score=rng.randint(2, 5),
                reason="Clear and backed by evidence.",
                agreed_by=commissioner,
                agreed_at=now - timedelta(days=1000),
            )
            for q in awarded_questions
            for b in bids_of[q.tender_id]
        ),
        batch_size=5000,
    )
    per_priority = Counter(p for _r, p in pairs)
    return requirements, tenders, questions, per_priority, len(pairs)


def _make_contracts(area, commissioner, sizes, rng, now, today, priorities, questions, tenders):
    """A contract per awarded tender, with KPIs and three years of monthly returns."""
    from withus.contracts import kpi as kpi_rules
    from withus.contracts.models import KPI, Contract, MonitoringReturn

    first_month = today.replace(day=1)
    for _ in range(MONTHS + 2):
        first_month = (first_month - timedelta(days=1)).replace(day=1)
    contracts = Contract.objects.bulk_create(
        Contract(
            local_area=area,
            tender=tender,
            reference=f"{tender.reference}-C",
            title=tender.title,
            kind=Contract.Kind.BLOCK,
            provider_id=tender.winning_bid.organisation_id,
            value=Decimal(900_000),
            start_date=first_month,
            initial_months=60,
            created_by=commissioner,
        )
        for tender in tenders[: sizes.awarded]
    )
    by_tender: dict[int, list] = {}
    for q in questions:
        by_tender.setdefault(q.tender_id, []).append(q)
    without = priorities[len(priorities) - sizes.without :]
    linked = priorities[: len(priorities) - sizes.without]
    kpis = []
    silent = set()
    for c, contract in enumerate(contracts):
        mine = by_tender[contract.tender_id]
        # Questions about the first MEASURED requirements get a KPI each (the twice-asked
        # ones too); requirements SILENT_FROM..MEASURED are measured but silent.
        measured = [q for q in mine if (q.number - 1) % sizes.asked < sizes.measured]
        for q in measured:
            kpis.append(
                KPI(
                    contract=contract,
                    code=f"Q{q.number}",
                    title=f"People helped as question {q.number} promised",
                    question=q,
                    requirement_id=q.requirement_id,
                )
            )
            if (q.number - 1) % sizes.asked >= sizes.silent_from:
                silent.add((contract.pk, f"Q{q.number}"))
        spare = sizes.kpis - len(measured)
        for r in range(spare // 2):  # measuring a requirement that a question also asks about
            q = mine[sizes.measured // 2 + r]
            kpis.append(
                KPI(
                    contract=contract,
                    code=f"R{r + 1}",
                    title=f"Requirement {q.requirement_id} met",
                    requirement_id=q.requirement_id,
                )
            )
        for p in range(spare - spare // 2):  # measuring a priority straight
            index = c * (spare - spare // 2) + p
            priority = without[index] if index < len(without) else linked[index % len(linked)]
            kpis.append(
                KPI(
                    contract=contract,
                    code=f"P{p + 1}",
                    title=f"Priority {priority.pk} measured",
                    priority=priority,
                )
            )
    for k in kpis:
        k.unit, k.target, k.direction = "%", Decimal(80), KPI.Direction.HIGHER
        k.frequency, k.source = KPI.Frequency.MONTHLY, KPI.Source.PROVIDER
    kpis = KPI.objects.bulk_create(kpis, batch_size=2000)
    end = kpi_rules.contract_end(first_month, 60, 0)
    due = kpi_rules.periods_due(first_month, end, today, KPI.Frequency.MONTHLY)[-MONTHS:]
    returns = 0
    for start in range(0, len(kpis), 500):
        batch = []
        for k in kpis[start : start + 500]:
            periods = due[:-2] if (k.contract_id, k.code) in silent else due
            batch.extend(
                MonitoringReturn(
                    kpi=k,
                    period=p,
                    value=Decimal(rng.randint(60, 100)),
                    submitted_by=commissioner,
                    submitted_at=now,
                )
                for p in periods
            )
        MonitoringReturn.objects.bulk_create(batch, batch_size=5000)
        returns += len(batch)
    return contracts, kpis, returns


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
        start = time.perf_counter()
        priorities, statements = _make_insight(area, commissioner, sizes, rng, now)
        timings["insight"] = time.perf_counter() - start
    with transaction.atomic():
        start = time.perf_counter()
        requirements, tenders, questions, per_priority, links = _make_tendering(
            area, commissioner, sizes, rng, now, priorities
        )
        timings["tendering"] = time.perf_counter() - start
    with transaction.atomic():
        start = time.perf_counter()
        contracts, kpis, returns = _make_contracts(
            area, commissioner, sizes, rng, now, today, priorities, questions, tenders
        )
        timings["contracts"] = time.perf_counter() - start
    made.area = area
    made.busy = priorities[0]
    made.typical = priorities[1]
    made.requirements_of = {p.pk: per_priority[p.pk] for p in (made.busy, made.typical)}
    made.counts = {
        "priorities": len(priorities),
        "statements": statements,
        "requirements": len(requirements),
        "links": links,
        "tenders": len(tenders),
        "questions": len(questions),
        "contracts": len(contracts),
        "kpis": len(kpis),
        "returns": returns,
    }
    return made, timings


# --- timing -------------------------------------------------------------------------------


def _count_queries(action):
    """Run ``action`` once: (queries, the answer)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        response = action()
    return len(captured), response


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
    c = made.counts
    print(
        f"{label}: migrate {migrated - started:.1f} s, data {built - migrated:.1f} s "
        f"(exercises {timings['insight']:.1f} s, tendering {timings['tendering']:.1f} s, "
        f"contracts {timings['contracts']:.1f} s)"
    )
    print(
        f"{c['priorities']:,} priorities, {c['statements']:,} statements, "
        f"{c['requirements']:,} requirements ({c['links']:,} links to priorities), "
        f"{c['tenders']} tenders, {c['questions']:,} questions, {c['contracts']} contracts, "
        f"{c['kpis']:,} KPIs, {c['returns']:,} monthly returns"
    )
    priorities = f"{c['priorities']:,} priorities"
    public = Client()
    slug = made.area.slug
    json_page = _page(public, reverse("area_thread_json", args=[slug]), '"priorities"')
    pages = [
        (
            "area thread page",
            priorities,
            _page(public, reverse("area_thread", args=[slug]), "Where each thread stops"),
        ),
        ("area thread JSON", priorities, json_page),
        (
            "area thread CSV",
            priorities,
            _page(public, reverse("area_thread_csv", args=[slug]), "tender question"),
        ),
        (
            "priority thread (busy)",
            f"{made.requirements_of[made.busy.pk]} requirements",
            _page(public, reverse("thread", args=["priority", made.busy.pk]), "Follow the thread"),
        ),
        (
            "priority thread",
            f"{made.requirements_of[made.typical.pk]} requirements",
            _page(
                public, reverse("thread", args=["priority", made.typical.pk]), "Follow the thread"
            ),
        ),
    ]
    print()
    print(f"{'what':<24} {'of':<18} {'queries':>8} {'best s':>8} {'runs':>5} {'KB':>8}")
    document, peak = None, 0.0
    for what, of, action in pages:
        if action is json_page:
            # Its first run also measures Python's peak memory (tracemalloc slows it down,
            # so it is not one of the timed runs).
            tracemalloc.start()
        queries_run, response = _count_queries(action)  # also warms up
        if action is json_page:
            peak = tracemalloc.get_traced_memory()[1] / 1e6
            tracemalloc.stop()
            document = json.loads(response.content)
        best, runs = _best(action)
        kb = len(response.content) / 1000
        print(
            f"{what:<24} {of:<18} {queries_run:>8} {best:>8.2f} {runs:>5} {kb:>8,.0f}",
            flush=True,
        )
    stopped = Counter(p["stops_at"] or "complete" for p in document["priorities"])
    print("\nthreads stop at: " + ", ".join(f"{k} {v:,}" for k, v in sorted(stopped.items())))
    print(f"area thread JSON: peak Python memory {peak:.0f} MB (tracemalloc, its first run)")
    print(
        f"\nBest of {REPEATS} runs (fewer once {RUN_BUDGET:.0f} s have gone) after one that "
        "counts the queries and the answer's size (KB); "
        f"{connection.vendor}; "
        "load average over the last 1, 5 and 15 minutes: %.1f, %.1f, %.1f." % os.getloadavg()
    )


def main() -> None:
    args = _arguments()
    os.environ["DJANGO_SETTINGS_MODULE"] = "withus.settings"
    # Timings as in production: no query log kept in memory.
    os.environ.setdefault("WITHUS_DEBUG", "0")
    tmp = tempfile.mkdtemp(prefix="withus-bench-thread-")
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
