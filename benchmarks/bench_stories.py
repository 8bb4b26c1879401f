"""Time the ratings-and-stories pages and the CSV report on a million made-up stories.

    .venv/bin/python benchmarks/bench_stories.py                     # SQLite, 1,000,000 stories
    .venv/bin/python benchmarks/bench_stories.py --stories 20000 --services 500   # a quick check
    .venv/bin/python benchmarks/bench_stories.py --postgres          # PostgreSQL

From a fixed seed: one area with 4 rating criteria, 200 provider organisations,
20,000 services (a quarter of them under 50 contracts, each contract with a KPI
worked out from the stories) and 1,000,000 stories over the last two years,
about 95% published, each rating 2 to 4 of the criteria (3 on average). A few
services are far busier than the rest. The big tables are written with
executemany (COPY on PostgreSQL), a batch at a time; the rest with bulk_create.

Then each page is fetched through the Django test client once to count its
queries and warm up, and three times more for the best time. The CSV report of
every published story is streamed to the end, counting bytes and rows, and its
peak memory (tracemalloc) is compared with the same report for one month.
See benchmarks/README.md.
"""

import argparse
import itertools
import os
import random
import shutil
import sys
import tempfile
import time
import tracemalloc
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlencode, urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SEED = 20252
STORIES = 1_000_000
SERVICES = 20_000
PROVIDERS = 200
CONTRACTS = 50  # held by the first 50 providers, each covering half of that provider's services
DAYS = 730  # two years of stories, up to now
BATCH = 20_000  # stories written per transaction
REPEATS = 3
BENCH_DATABASE = "withus_bench_stories"
DEFAULT_POSTGRES_URL = "postgres://postgres@127.0.0.1:5432/test"

CRITERIA = (
    "Staff treated me with respect",
    "I was listened to",
    "It was easy to get help",
    "It made a difference to my life",
)
KINDS = (
    "Recovery café", "Day centre", "Drug and alcohol service", "Supported housing",
    "Peer support group", "Home care", "Mental health crisis line", "Carers' support",
    "Employment support", "Community outreach", "Needle exchange", "Residential rehab",
)  # fmt: skip
PLACES = (
    "Northgate", "Southfield", "Eastbrook", "Westmoor", "Millbank", "Riverside", "Highcross",
    "Oakwood", "Ashby", "Kingsway", "Fairview", "Stonebridge", "Parkside", "Longmead",
    "Marsh End", "Church Hill", "Woodlands", "Bridgeford", "Redhill", "Queensbury",
)  # fmt: skip
SENTENCES = (
    "The staff were kind and took time to listen.",
    "I waited three weeks for a first appointment, which felt like a long time.",
    "My key worker helped me fill in the forms, and then phoned the council for me.",
    'They said "come back next week" but nobody was there when I did.',
    "The group on Thursdays has kept me going.",
    "It is hard to get there by bus, especially in winter.",
    "I felt judged at reception.",
    "They helped me find somewhere to live after I left hospital.",
    "Nobody explained what would happen next.\nI had to ask three times.",
    "The peer mentor understood, because she had been there too.",
    "Opening hours don't suit people who work, so I missed sessions.",
    "I was treated as a person, not a problem.",
    "The building is clean, quiet and feels safe.",
    "My medication review was rushed; it was over in five minutes.",
    "They linked me up with a food bank, a debt adviser and a GP.",
    "Staff change a lot, so I keep telling my story again.",
    "The crisis line answered straight away at 3am.",
    "I'd recommend it to anyone, honestly.",
)  # fmt: skip
# How many people gave each score 1..5, for services that do badly, middling and well.
SCORE_WEIGHTS = ((25, 25, 25, 15, 10), (8, 12, 25, 30, 25), (3, 5, 12, 35, 45))


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stories", type=int, default=STORIES, help=f"default {STORIES:,}")
    parser.add_argument("--services", type=int, default=SERVICES, help=f"default {SERVICES:,}")
    parser.add_argument(
        "--postgres",
        action="store_true",
        help=f"run on PostgreSQL in a database named {BENCH_DATABASE}, made and dropped here "
        "(server from WITHUS_BENCH_POSTGRES_URL, default " + DEFAULT_POSTGRES_URL + ")",
    )
    args = parser.parse_args()
    if args.services < PROVIDERS or args.stories < args.services:
        parser.error(f"use at least {PROVIDERS} services and as many stories as services")
    return args


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


def _insert(model, fields: list[str], rows: list[tuple]) -> None:
    """Write rows straight into the model's table: COPY on PostgreSQL, else executemany."""
    from django.db import connection

    table = connection.ops.quote_name(model._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(model._meta.get_field(f).column) for f in fields)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            marks = ", ".join(["%s"] * len(fields))
            # Names from the model, quoted; the values are parameters.
            sql = f"INSERT INTO {table} ({columns}) VALUES ({marks})"  # noqa: S608
            cursor.executemany(sql, rows)


# --- the data -----------------------------------------------------------------------------


class Made:
    """What was built, and the figures the pages should show."""

    area = None
    commissioner = None
    busiest = None  # the service with the most published stories
    busiest_published = 0
    contract = None  # the contract whose services have the most published stories
    contract_published = 0
    published = 0
    published_last_month = 0
    first = None  # the first and last day of the two years
    last = None


def _make_data(n_stories: int, n_services: int) -> Made:
    from django.db import connection, transaction
    from django.utils import timezone

    from withus.contracts.models import KPI, Contract, MonitoringReturn
    from withus.core.models import LocalArea, Membership, Organisation, Role, User
    from withus.stories.models import Alert, Rating, RatingCriterion, Reply, Service, Story
    from withus.stories.queries import period_bounds

    rng = random.Random(SEED)
    made = Made()
    now = timezone.now().replace(microsecond=0)
    since = now - timedelta(days=DAYS)
    made.first, made.last = timezone.localdate(since), timezone.localdate(now)
    # The CSV is also read for the last 30 days (by the area's clock, as the report counts).
    month_ago = period_bounds(made.last - timedelta(days=29), made.last)[0]

    # People, the area, its criteria and providers.
    area = LocalArea.objects.create(name="Benchmark area", slug="bench")
    commissioner, moderator, provider_person = User.objects.bulk_create(
        User(username=name, display_name=name.title(), password="!")
        for name in ("commissioner", "moderator", "provider")
    )
    providers = Organisation.objects.bulk_create(
        Organisation(name=f"Provider {p:03d}", kind=Organisation.Kind.PROVIDER, local_area=area)
        for p in range(PROVIDERS)
    )
    Membership.objects.bulk_create(
        [
            Membership(user=commissioner, local_area=area, role=Role.COMMISSIONER),
            Membership(user=moderator, local_area=area, role=Role.MODERATOR),
            Membership(
                user=provider_person, local_area=area, role=Role.PROVIDER, organisation=providers[0]
            ),
        ]
    )
    criteria = RatingCriterion.objects.bulk_create(
        RatingCriterion(local_area=area, wording=w, position=i) for i, w in enumerate(CRITERIA)
    )
    criterion_ids = [c.pk for c in criteria]

    # Contracts for the first providers, each with a KPI from the stories and one from returns.
    contracts = Contract.objects.bulk_create(
        Contract(
            local_area=area,
            reference=f"BENCH-{c:03d}",
            title=f"Community support, lot {c}",
            kind=Contract.Kind.BLOCK,
            provider=providers[c],
            value=Decimal(100_000 * (c + 1)),
            start_date=made.first.replace(day=1),
            initial_months=60,
            created_by=commissioner,
        )
        for c in range(CONTRACTS)
    )
    kpis = KPI.objects.bulk_create(
        kpi
        for c in contracts
        for kpi in (
            KPI(
                contract=c,
                code="UR1",
                title="People who say staff treated them with respect",
                unit="%",
                target=Decimal(80),
                direction=KPI.Direction.HIGHER,
                frequency=KPI.Frequency.QUARTERLY,
                source=KPI.Source.USERS,
                criterion=criteria[0],
            ),
            KPI(
                contract=c,
                code="PR1",
                title="People seen within two weeks",
                unit="%",
                target=Decimal(90),
                direction=KPI.Direction.HIGHER,
                frequency=KPI.Frequency.MONTHLY,
                source=KPI.Source.PROVIDER,
            ),
        )
    )
    months = sorted({(made.first + timedelta(days=d)).replace(day=1) for d in range(DAYS - 40)})
    MonitoringReturn.objects.bulk_create(
        MonitoringReturn(
            kpi=k,
            period=m,
            value=Decimal(rng.randint(70, 100)),
            submitted_by=commissioner,
            submitted_at=now,
        )
        for k in kpis
        if k.source == KPI.Source.PROVIDER
        for m in months
    )

    # Services: round the providers; half of each of the first 50 providers' under its contract.
    def contract_of(j: int):
        p = j % PROVIDERS
        return contracts[p] if p < CONTRACTS and (j // PROVIDERS) % 2 == 0 else None

    services = Service.objects.bulk_create(
        (
            Service(
                local_area=area,
                name=f"{KINDS[j % len(KINDS)]} {PLACES[(j // 7) % len(PLACES)]} {j:05d}",
                kind=KINDS[j % len(KINDS)],
                place=PLACES[(j // 7) % len(PLACES)],
                description="Open weekdays 9 to 5; drop in or be referred.",
                provider=providers[j % PROVIDERS],
                contract=contract_of(j),
            )
            for j in range(n_services)
        ),
        batch_size=2000,
    )

    # Stories: a few services are far busier than the rest (Zipf-like), times spread
    # evenly over two years, ids in time order as when people tell them.
    rank = list(range(n_services))
    rng.shuffle(rank)
    weights = itertools.accumulate(1 / (rank[j] + 1) ** 0.8 for j in range(n_services))
    service_of = rng.choices(range(n_services), cum_weights=list(weights), k=n_stories)
    seconds = sorted(rng.random() * DAYS * 86400 for _ in range(n_stories))
    quality = [rng.randrange(len(SCORE_WEIGHTS)) for _ in range(n_services)]
    score_cum = [list(itertools.accumulate(w)) for w in SCORE_WEIGHTS]
    statuses = (
        (0.95, Story.Status.PUBLISHED),
        (0.98, Story.Status.REJECTED),
        (0.995, Story.Status.PENDING),
        (1.0, Story.Status.SAFEGUARDING),
    )
    changes = (Reply.Change.NONE, Reply.Change.PLANNED, Reply.Change.MADE)
    published_by_service = [0] * n_services
    adapt = connection.ops.adapt_datetimefield_value
    story_fields = [
        "id", "service", "text", "contact_email", "created_at", "status", "criticality",
        "flags", "edited", "moderated_by", "moderated_at", "reason", "version",
    ]  # fmt: skip
    reply_fields = [
        "story", "organisation", "written_by", "text", "change", "change_description",
        "status", "check_note", "created_at",
    ]  # fmt: skip
    for start in range(0, n_stories, BATCH):
        stories, ratings, replies, alerts = [], [], [], []
        for i in range(start, min(start + BATCH, n_stories)):
            story_id = i + 1
            j = service_of[i]
            created = since + timedelta(seconds=seconds[i])
            r = rng.random()
            status = next(s for limit, s in statuses if r < limit)
            pending = status == Story.Status.PENDING
            text = " ".join(rng.sample(SENTENCES, rng.randint(1, 4)))
            stories.append(
                (
                    story_id,
                    services[j].pk,
                    text,
                    "someone@example.org" if i % 5 == 0 else "",
                    adapt(created),
                    status,
                    None if pending else (5 if status == Story.Status.SAFEGUARDING else 1 + i % 3),
                    "[]",
                    i % 40 == 0,
                    None if pending else moderator.pk,
                    None if pending else adapt(created + timedelta(hours=20)),
                    "",
                    2 if i % 40 == 0 else 1,
                )
            )
            for c in rng.sample(criterion_ids, rng.choice((2, 3, 3, 4))):
                score = 1 + rng.choices(range(5), cum_weights=score_cum[quality[j]])[0]
                ratings.append((story_id, c, score))
            if status == Story.Status.PUBLISHED:
                published_by_service[j] += 1
                made.published += 1
                made.published_last_month += created >= month_ago
                if rng.random() < 0.02:
                    change = rng.choice(changes)
                    replies.append(
                        (
                            story_id,
                            services[j].provider_id,
                            provider_person.pk,
                            "Thank you for telling us. We have talked about this as a team.",
                            change,
                            "" if change == Reply.Change.NONE else "We have changed our hours.",
                            Reply.Status.PUBLISHED,
                            "",
                            adapt(created + timedelta(days=3)),
                        )
                    )
            elif status == Story.Status.SAFEGUARDING:
                alerts.append(
                    Alert(local_area=area, story_id=story_id, text=text[:60], created_at=created)
                )
        with transaction.atomic():
            _insert(Story, story_fields, stories)
            _insert(Rating, ["story", "criterion", "score"], ratings)
            _insert(Reply, reply_fields, replies)
            Alert.objects.bulk_create(alerts)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            # Ids were given, so move the sequence on; and gather the planner's
            # statistics now, as autovacuum would soon after a load this size.
            cursor.execute(
                "SELECT setval(pg_get_serial_sequence('stories_story', 'id'), %s)", [n_stories]
            )
            cursor.execute("ANALYZE")

    busiest = max(range(n_services), key=published_by_service.__getitem__)
    by_contract = {c.pk: 0 for c in contracts}
    for j, service in enumerate(services):
        if service.contract_id:
            by_contract[service.contract_id] += published_by_service[j]
    top = max(by_contract, key=by_contract.__getitem__)
    made.area, made.commissioner = area, commissioner
    made.busiest, made.busiest_published = services[busiest], published_by_service[busiest]
    made.contract = next(c for c in contracts if c.pk == top)
    made.contract_published = by_contract[top]
    return made


# --- timing -------------------------------------------------------------------------------


def _count_queries(action) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        action()
    return len(captured)


def _best(action) -> float:
    best = float("inf")
    for _ in range(REPEATS):
        start = time.perf_counter()
        action()
        best = min(best, time.perf_counter() - start)
    return best


def _page(client, url: str, must_contain: str):
    def get():
        response = client.get(url)
        if response.status_code != 200 or must_contain.encode() not in response.content:
            raise SystemExit(f"{url} answered {response.status_code} without {must_contain!r}")

    return get


def _period(first: date, last: date, **more) -> str:
    return urlencode(
        {
            "start_0": first.day,
            "start_1": first.month,
            "start_2": first.year,
            "end_0": last.day,
            "end_1": last.month,
            "end_2": last.year,
            **more,
        }
    )


def _stream(client, url: str, rows_expected: int):
    """Fetch the CSV and read it to the end, keeping nothing: (bytes, rows, seconds to row 1)."""

    def get():
        start = time.perf_counter()
        response = client.get(url)
        if response.status_code != 200 or not response.streaming:
            raise SystemExit(f"{url} answered {response.status_code}, not a streamed CSV")
        size = items = 0
        first_row = 0.0
        for piece in response.streaming_content:  # one piece a row, the header first
            size += len(piece)
            items += 1
            if items == 2:
                first_row = time.perf_counter() - start
        response.close()
        if items - 1 != rows_expected:
            raise SystemExit(f"{url} gave {items - 1:,} rows, not {rows_expected:,}")
        return size, items - 1, first_row

    return get


def _peak_mb(action) -> float:
    """The most memory Python held at once while ``action`` ran, in MB."""
    tracemalloc.start()
    try:
        action()
        return tracemalloc.get_traced_memory()[1] / 1e6
    finally:
        tracemalloc.stop()


def _bench(n_stories: int, n_services: int, vendor_label: str) -> None:
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    started = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    migrated = time.perf_counter()
    made = _make_data(n_stories, n_services)
    built = time.perf_counter()
    print(
        f"{vendor_label}: migrate {migrated - started:.1f} s, "
        f"{n_stories:,} stories for {n_services:,} services built in {built - migrated:.1f} s"
    )
    print(
        f"{made.published:,} published; busiest service {made.busiest_published:,}; "
        f"busiest contract {made.contract_published:,} over "
        f"{made.contract.services.count()} services"
    )

    public = Client()
    signed_in = Client()
    signed_in.force_login(made.commissioner)
    area = made.area
    report_url = reverse("story_report", args=[area.slug])
    csv_url = reverse("story_report_csv", args=[area.slug])
    whole = _period(made.first, made.last)
    a_month = made.last - timedelta(days=29)  # as month_ago in _make_data
    pages = [
        (
            "busiest service page",
            made.busiest_published,
            _page(
                public,
                reverse("service", args=[made.busiest.pk]),
                f"{made.busiest_published} stories.",
            ),
        ),
        (
            "area services list",
            n_services,
            _page(public, reverse("services", args=[area.slug]), "Provider"),
        ),
        (
            "report by service",
            made.published,
            _page(
                signed_in,
                f"{report_url}?{_period(made.first, made.last, by='service')}",
                "Page 1 of",  # 100 services a page
            ),
        ),
        (
            "report by provider",
            made.published,
            _page(
                signed_in,
                f"{report_url}?{_period(made.first, made.last, by='provider')}",
                "Page 1 of",  # 100 providers a page
            ),
        ),
        (
            "contract page (KPI)",
            made.contract_published,
            _page(signed_in, reverse("contract", args=[made.contract.pk]), "UR1 figures by period"),
        ),
    ]
    print()
    print(f"{'what':<24} {'stories':>9} {'queries':>8} {'best s':>8}")
    for what, rows, action in pages:
        queries = _count_queries(action)  # also warms up
        print(f"{what:<24} {rows:>9,} {queries:>8} {_best(action):>8.2f}", flush=True)

    print()
    print(
        f"{'CSV report':<24} {'rows':>9} {'queries':>8} {'best s':>8} {'row 1 s':>8} "
        f"{'MB sent':>8} {'peak MB':>8}"
    )
    for what, period, rows in (
        ("two years", whole, made.published),
        ("last 30 days", _period(a_month, made.last), made.published_last_month),
    ):
        stream = _stream(signed_in, f"{csv_url}?{period}", rows)
        queries = _count_queries(stream)
        size = 0
        best = first = float("inf")
        for _ in range(REPEATS):
            start = time.perf_counter()
            size, _rows, first_row = stream()
            best = min(best, time.perf_counter() - start)
            first = min(first, first_row)
        peak = _peak_mb(stream)
        print(
            f"{what:<24} {rows:>9,} {queries:>8} {best:>8.2f} {first:>8.2f} "
            f"{size / 1e6:>8.1f} {peak:>8.1f}",
            flush=True,
        )
    print(
        f"\nBest of {REPEATS} after one run to count queries; "
        f"peak MB is Python's own memory (tracemalloc) in a separate run; {connection.vendor}; "
        "load average over the last 1, 5 and 15 minutes: %.1f, %.1f, %.1f." % os.getloadavg()
    )


def main() -> None:
    args = _arguments()
    os.environ["DJANGO_SETTINGS_MODULE"] = "withus.settings"
    # Timings as in production: no query log kept in memory.
    os.environ.setdefault("WITHUS_DEBUG", "0")
    tmp = tempfile.mkdtemp(prefix="withus-bench-stories-")
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
        _bench(args.stories, args.services, label)
    finally:
        if "django" in sys.modules:
            from django.db import connections

            connections.close_all()
        if args.postgres:
            _postgres_admin(server_url, f"DROP DATABASE IF EXISTS {BENCH_DATABASE} WITH (FORCE)")
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
