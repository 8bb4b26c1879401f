"""Time withus's busiest pages and the audit check on a large, made-up data set.

    make bench                                  # SQLite, in a throwaway file
    .venv/bin/python benchmarks/run.py --postgres   # PostgreSQL, in its own database

The data is written straight into the tables with bulk_create (the services
would take far too long at this size), then each page is fetched through the
Django test client, signed in, several times. See benchmarks/README.md.
"""

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PROJECTS = 500
RECORDS = 20_000
EXPERTS = 200
BIG_PROJECT_RECORDS = 200
EXPERT_RECORDS = 2_000
AUDIT_ENTRIES = 20_000
BENCH_DATABASE = "withus_bench"
DEFAULT_POSTGRES_URL = "postgres://postgres@127.0.0.1:5432/test"


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--postgres",
        action="store_true",
        help=f"run on PostgreSQL in a database named {BENCH_DATABASE}, made and dropped here "
        "(server from WITHUS_BENCH_POSTGRES_URL, default " + DEFAULT_POSTGRES_URL + ")",
    )
    parser.add_argument("--repeats", type=int, default=5, help="timed fetches of each page")
    return parser.parse_args()


# --- the database -------------------------------------------------------------------------


def _postgres_admin(server_url: str, sql: str) -> None:
    import psycopg

    parts = urlsplit(server_url)
    dsn = urlunsplit(("postgresql", parts.netloc, parts.path, parts.query, ""))
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute(sql)


def _bench_url(server_url: str) -> str:
    parts = urlsplit(server_url)
    return urlunsplit((parts.scheme, parts.netloc, f"/{BENCH_DATABASE}", parts.query, ""))


# --- the data -----------------------------------------------------------------------------


def _make_data():
    from django.utils import timezone

    from withus.core.models import LocalArea, Membership, Role, User
    from withus.cycle.ladder import LEVELS, STAGES
    from withus.cycle.models import CommissioningProject, InvolvementRecord, StageMove

    area = LocalArea.objects.create(name="Benchmark area", slug="bench")
    commissioner = User.objects.create(
        username="commissioner", display_name="Commissioner", password="!"
    )
    experts = User.objects.bulk_create(
        User(username=f"expert{i:03d}", display_name=f"Expert {i:03d}", password="!")
        for i in range(EXPERTS)
    )
    Membership.objects.bulk_create(
        [Membership(user=commissioner, local_area=area, role=Role.COMMISSIONER)]
        + [Membership(user=e, local_area=area, role=Role.EXPERT_BY_EXPERIENCE) for e in experts]
    )

    def furthest(n: int) -> str:
        # The big project is at monitoring; the rest are spread over the cycle.
        return "monitoring" if n == 0 else STAGES[n % len(STAGES)]

    projects = CommissioningProject.objects.bulk_create(
        CommissioningProject(
            local_area=area,
            name="Big project" if n == 0 else f"Project {n:03d}",
            service_area=f"Service {n % 17}",
            budget=Decimal(10_000 * (n + 1)),
            planned_start=date(2027, 4, 1),
            planned_end=date(2032, 3, 31),
            stage=furthest(n),
            furthest_stage=furthest(n),
            version=STAGES.index(furthest(n)) + 1,
            created_by=commissioner,
        )
        for n in range(PROJECTS)
    )
    now = timezone.now()
    StageMove.objects.bulk_create(
        StageMove(
            project=p,
            from_stage="" if s == 0 else STAGES[s - 1],
            to_stage=STAGES[s],
            moved_by=commissioner,
            moved_at=now - timedelta(days=100 - s),
        )
        for n, p in enumerate(projects)
        for s in range(STAGES.index(furthest(n)) + 1)
    )

    def project_of(i: int) -> int:
        # The first records all go to the big project; the rest round the others.
        if i < BIG_PROJECT_RECORDS:
            return 0
        return 1 + (i - BIG_PROJECT_RECORDS) % (PROJECTS - 1)

    records = []
    for i in range(RECORDS):
        n = project_of(i)
        reached = STAGES[: STAGES.index(furthest(n)) + 1]
        records.append(
            InvolvementRecord(
                project=projects[n],
                stage=reached[i % len(reached)],
                title=f"Event {i:05d}",
                happened_on=date(2024, 1, 1) + timedelta(days=i % 900),
                level=LEVELS[i % len(LEVELS)],
                group_name="Recovery community" if i % 2 else "",
                group_count=i % 7,
                what_was_said=f"What people said at event {i}.",
                what_changed="" if i % 3 else f"What changed after event {i}.",
                hours_given=Decimal(i % 13),
                participant_count=3,
                recorded_by=commissioner,
            )
        )
    records = InvolvementRecord.objects.bulk_create(records, batch_size=2000)
    # Three people each; the first expert is in the first EXPERT_RECORDS records,
    # which run across every project.
    through = InvolvementRecord.participants.through
    links = []
    for i, record in enumerate(records):
        first = 0 if i < EXPERT_RECORDS else 1 + i % (EXPERTS - 1)
        for e in (first, 1 + (i + 67) % (EXPERTS - 1), 1 + (i + 133) % (EXPERTS - 1)):
            links.append(through(involvementrecord_id=record.pk, user_id=experts[e].pk))
    through.objects.bulk_create(links, batch_size=5000)
    return area, commissioner, experts[0], projects[0]


def _make_audit(area, commissioner, project) -> None:
    from django.db import transaction

    from withus.core.audit import audit_record

    with transaction.atomic():
        for i in range(AUDIT_ENTRIES):
            audit_record(
                actor=commissioner,
                action="bench.entry",
                obj=project,
                local_area=area,
                data={"n": i, "note": "benchmark entry"},
            )


# --- timing -------------------------------------------------------------------------------


def _measure(what: str, rows: int, action, repeats: int) -> tuple:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        action()  # also warms up
    # Read now: the captured list is a window on a log the next request clears.
    queries = len(captured)
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        action()
        times.append((time.perf_counter() - start) * 1000)
    return what, rows, queries, statistics.median(times), max(times)


def _page(client, url: str, must_contain: str):
    def get():
        response = client.get(url)
        if response.status_code != 200 or must_contain.encode() not in response.content:
            raise SystemExit(f"{url} answered {response.status_code} without {must_contain!r}")

    return get


def _bench(repeats: int, vendor_label: str) -> None:
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    from withus.core.audit import audit_verify

    started = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    migrated = time.perf_counter()
    area, commissioner, expert, big = _make_data()
    made = time.perf_counter()
    _make_audit(area, commissioner, big)
    audited = time.perf_counter()
    print(
        f"{vendor_label}: migrate {migrated - started:.1f} s, data {made - migrated:.1f} s, "
        f"{AUDIT_ENTRIES:,} audit entries {audited - made:.1f} s"
    )

    as_commissioner = Client()
    as_commissioner.force_login(commissioner)
    as_expert = Client()
    as_expert.force_login(expert)

    def verify():
        broken = audit_verify()
        if broken is not None:
            raise SystemExit(f"the audit chain is broken: {broken}")

    results = [
        _measure(
            "area dashboard",
            PROJECTS,
            _page(as_commissioner, reverse("area", args=[area.slug]), "Project 499"),
            repeats,
        ),
        _measure(
            "project page",
            BIG_PROJECT_RECORDS,
            _page(as_commissioner, reverse("project", args=[big.pk]), "Event 00199"),
            repeats,
        ),
        _measure(
            "my involvement",
            EXPERT_RECORDS,
            _page(as_expert, reverse("my_involvement"), "Event 01999"),
            repeats,
        ),
        _measure("audit_verify()", AUDIT_ENTRIES, verify, repeats),
    ]
    print()
    print(f"{'what':<18} {'rows':>7} {'queries':>8} {'median ms':>10} {'max ms':>9}")
    for what, rows, queries, median, most in results:
        print(f"{what:<18} {rows:>7,} {queries:>8} {median:>10.1f} {most:>9.1f}")
    print(f"\n{repeats} timed runs each, after one warm-up run; {connection.vendor}.")


def main() -> None:
    args = _arguments()
    os.environ["DJANGO_SETTINGS_MODULE"] = "withus.settings"
    # Timings as in production: no query log kept in memory.
    os.environ.setdefault("WITHUS_DEBUG", "0")
    tmp = tempfile.mkdtemp(prefix="withus-bench-")
    server_url = os.environ.get("WITHUS_BENCH_POSTGRES_URL", DEFAULT_POSTGRES_URL)
    if args.postgres:
        _postgres_admin(server_url, f"DROP DATABASE IF EXISTS {BENCH_DATABASE} WITH (FORCE)")
        _postgres_admin(server_url, f"CREATE DATABASE {BENCH_DATABASE}")
        os.environ["WITHUS_DATABASE_URL"] = _bench_url(server_url)
        label = f"PostgreSQL, database {BENCH_DATABASE}"
    else:
        os.environ["WITHUS_DATABASE_URL"] = f"sqlite:///{tmp}/bench.sqlite3"
        label = f"SQLite, {tmp}/bench.sqlite3"
    try:
        import django

        django.setup()
        _bench(args.repeats, label)
    finally:
        if "django" in sys.modules:
            from django.db import connections

            connections.close_all()
        if args.postgres:
            _postgres_admin(server_url, f"DROP DATABASE IF EXISTS {BENCH_DATABASE} WITH (FORCE)")
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
