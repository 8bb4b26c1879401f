"""Writers at the same moment, on PostgreSQL: the audit chain never forks and
two stage moves from the same version cannot both win.

SQLite lets only one writer in at a time, so these races cannot happen there;
the tests run with `make test-postgres`.
"""

import threading
import time

import pytest
from django.db import connection, transaction

from withus.core.audit import audit_record, audit_verify
from withus.core.models import AuditEntry
from withus.cycle import services
from withus.cycle.models import CommissioningProject, StageMove

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs PostgreSQL: SQLite serialises writers, so there is no race to test",
    ),
]

THREADS = 4
APPENDS_EACH = 25


def _run_together(targets) -> list[BaseException]:
    """Run each callable in its own thread, started together; return their errors."""
    errors: list[BaseException] = []
    start = threading.Barrier(len(targets))

    def run(target):
        try:
            start.wait(timeout=10)
            target()
        except BaseException as error:  # reported by the test
            errors.append(error)
        finally:
            connection.close()  # each thread has its own connection

    threads = [threading.Thread(target=run, args=(t,)) for t in targets]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads), "a writer never finished"
    return errors


def test_concurrent_appends_keep_one_unbroken_chain(commissioner, area):
    def appender(n: int):
        def append():
            for i in range(APPENDS_EACH):
                with transaction.atomic():
                    audit_record(
                        actor=commissioner,
                        action="test.concurrent",
                        local_area=area,
                        data={"writer": n, "append": i},
                    )

        return append

    errors = _run_together([appender(n) for n in range(THREADS)])

    assert errors == []
    total = THREADS * APPENDS_EACH
    assert AuditEntry.objects.filter(action="test.concurrent").count() == total
    assert AuditEntry.objects.count() == total
    # Every entry follows a different one: two entries with the same
    # prev_hash would be a fork.
    assert AuditEntry.objects.values("prev_hash").distinct().count() == total
    assert audit_verify() is None
    writers = {e.data["writer"] for e in AuditEntry.objects.all()}
    assert writers == set(range(THREADS))


def _waiting_on_locks() -> int:
    with connection.cursor() as cursor:
        # Activity is read once per transaction unless the snapshot is cleared.
        cursor.execute("SELECT pg_stat_clear_snapshot()")
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity "
            "WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
        return cursor.fetchone()[0]


def test_two_stage_moves_from_the_same_version_one_wins(project, commissioner):
    version = project.version
    moves_before = StageMove.objects.filter(project=project).count()
    outcomes: list[str] = []

    def mover():
        copy = CommissioningProject.objects.get(pk=project.pk)
        try:
            services.project_move_stage(
                by=commissioner,
                project=copy,
                to_stage="review_current_services",
                version=version,
            )
        except services.StaleEdit:
            outcomes.append("stale")
        else:
            outcomes.append("moved")

    # Hold the project's row so both movers are sure to queue on it together,
    # then let them go.
    with transaction.atomic():
        CommissioningProject.objects.select_for_update().get(pk=project.pk)
        result: list[list[BaseException]] = []
        runner = threading.Thread(target=lambda: result.append(_run_together([mover, mover])))
        runner.start()
        deadline = time.monotonic() + 10
        while _waiting_on_locks() < 2:
            assert time.monotonic() < deadline, "the two movers never both waited on the row"
            time.sleep(0.02)
    runner.join(timeout=60)

    assert result == [[]]
    assert sorted(outcomes) == ["moved", "stale"]
    project.refresh_from_db()
    assert project.stage == "review_current_services"
    assert project.version == version + 1
    assert StageMove.objects.filter(project=project).count() == moves_before + 1
    assert AuditEntry.objects.filter(action="project.move_stage").count() == 1
    assert audit_verify() is None
