"""Faults of the queued path against the real services: Redis stopped during a
write, and a worker killed in the middle of a recompute.

Run by `.ci/worker-tests.sh` (Redis db 15, a Celery worker on the default queue, the
PostgreSQL test database `test_cchc_worker`). The kill test starts workers of its own on
a queue of its own, so that killing one leaves the CI worker alone.
"""

import os
import signal
import subprocess
import sys
import time
from decimal import Decimal
from pathlib import Path

import pytest
from django.db import connection, connections

from indicators.models import CriterionScore, IndexResult, RankingRun
from indicators.overview import ranking_status
from tests.factories import AnnualReportFactory, CriterionScoreFactory, FrameworkFactory, make_tree
from tests.worker import wait_for

pytestmark = [
    pytest.mark.worker,
    pytest.mark.skipif(
        os.environ.get("CCHC_WORKER_TESTS") != "1",
        reason="needs .ci/worker-tests.sh (Redis + worker)",
    ),
]

ROOT = Path(__file__).resolve().parents[2]
# The command CI starts Redis with (see .ci/fault-tests.sh): it keeps nothing on disk.
REDIS_START = [
    "redis-server",
    "--daemonize",
    "yes",
    "--bind",
    "127.0.0.1",
    "-::1",
    "--port",
    "6379",
    "--save",
    "",
    "--appendonly",
    "no",
    "--dir",
    "/var/lib/redis",
    "--logfile",
    "/var/log/redis/ci.log",
]


def _redis_answers() -> bool:
    return (
        subprocess.run(
            ["redis-cli", "-h", "127.0.0.1", "ping"], capture_output=True, text=True
        ).stdout.strip()
        == "PONG"
    )


@pytest.fixture
def redis_stopper():
    """stop() shuts Redis down; it is started again at the end, whatever happened."""

    def stop():
        subprocess.run(["redis-cli", "-h", "127.0.0.1", "shutdown", "nosave"], capture_output=True)
        assert wait_for(lambda: not _redis_answers(), timeout=10), "Redis did not stop"

    def start():
        if not _redis_answers():
            subprocess.run(REDIS_START, check=True, capture_output=True)
        assert wait_for(_redis_answers, timeout=10), "Redis did not come back"

    yield stop, start
    start()


def _framework_with_results(points=("6", "9", "7.5")):
    framework = FrameworkFactory()
    (leaf,) = make_tree(framework, {"1": ("Chỉ đạo", [("1.1", 10)])})
    for value in points:
        CriterionScoreFactory(
            report=AnnualReportFactory(framework=framework),
            criterion=leaf,
            final_score=Decimal(value),
        )
    return framework


def _ranks(framework) -> list[tuple]:
    return list(
        IndexResult.objects.filter(framework=framework)
        .order_by("agency_id")
        .values_list("agency_id", "index_pct", "rank")
    )


def _done_runs(framework) -> int:
    return RankingRun.objects.filter(
        group=framework.group, year=framework.year, status=RankingRun.Status.DONE
    ).count()


@pytest.mark.django_db(transaction=True)
def test_with_redis_stopped_writes_commit_the_ui_says_stale_and_the_sweep_recomputes_later(
    real_broker, redis_stopper
):
    from indicators.recomputing import queue_recompute
    from indicators.tasks.ranking import recompute_stale

    stop_redis, start_redis = redis_stopper
    framework = _framework_with_results()
    queue_recompute(framework)
    assert wait_for(lambda: _done_runs(framework) == 1), (
        "the worker did not recompute (see /tmp/cchc-worker.log)"
    )
    lowest = IndexResult.objects.get(framework=framework, rank=3)

    stop_redis()
    score = CriterionScore.objects.get(report_id=lowest.report_id)
    score.final_score = Decimal("10")
    score.save()
    queue_recompute(framework)  # publishing fails; the request must not
    score.refresh_from_db()
    assert score.final_score == Decimal("10")  # the write committed
    framework.refresh_from_db()
    assert ranking_status(framework=framework)["state"] == "stale"
    assert IndexResult.objects.get(pk=lowest.pk).rank == 3  # the previous ranks stay visible

    start_redis()
    # What beat does every five minutes; the worker has reconnected to the broker by itself.
    assert wait_for(lambda: _send(recompute_stale)), "could not publish after Redis came back"
    assert wait_for(lambda: IndexResult.objects.get(pk=lowest.pk).rank == 1), (
        "the sweep did not recompute"
    )
    framework.refresh_from_db()
    assert ranking_status(framework=framework)["state"] == "fresh"


def _send(task) -> bool:
    try:
        task.delay()
        return True
    except Exception:  # the publisher's own connection may need a moment after the restart
        return False


class _Worker:
    """A Celery worker of this test's own, on queue `faults`, against the test database."""

    def __init__(self, name: str):
        db = connection.settings_dict
        host, port = db["HOST"] or "127.0.0.1", db["PORT"] or 5432
        env = {
            **os.environ,
            "DATABASE_URL": f"postgres://{db['USER']}@{host}:{port}/{db['NAME']}",
            # Redeliver soon after the kill (an hour in production).
            "CELERY_VISIBILITY_TIMEOUT": "2",
        }
        self.name = f"{name}@faults"
        self.log = open(f"/tmp/cchc-{name}.log", "w")  # noqa: SIM115 (closed in stop)
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "cchc",
                "worker",
                "--pool=solo",
                "-Q",
                "faults",
                "-n",
                self.name,
                "-l",
                "info",
            ],
            cwd=ROOT,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        from cchc.celery import app

        assert wait_for(
            lambda: self.process.poll() is None and app.control.ping([self.name], timeout=0.5)
        ), f"worker {self.name} did not start (see {self.log.name})"

    def stop(self, sig=signal.SIGTERM):
        if self.process.poll() is None:
            self.process.send_signal(sig)
            self.process.wait(timeout=30)
        self.log.close()


def _backend_waiting_on_a_lock(database: str) -> bool:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = %s AND wait_event_type = 'Lock' "
            "AND query LIKE 'UPDATE %%indicators_indexresult%%'",
            [database],
        )
        return cursor.fetchone()[0] > 0


@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_mid_recompute_leaves_the_previous_ranks_and_the_task_runs_again(
    real_broker,
):
    from indicators.ranking import recompute
    from indicators.tasks.ranking import recompute_rankings

    framework = _framework_with_results()
    recompute(framework=framework)
    before = _ranks(framework)
    CriterionScore.objects.filter(report__framework=framework).update(
        final_score=Decimal("5")
    )  # every total changes

    # Another session holds one result row: the worker's UPDATE of the results blocks on
    # it, inside the recompute's transaction, after its other statements have run.
    holder = connections.create_connection("default")
    holder.set_autocommit(False)
    with holder.cursor() as cursor:
        cursor.execute(
            "SELECT id FROM indicators_indexresult WHERE framework_id = %s ORDER BY id "
            "DESC LIMIT 1 FOR UPDATE",
            [framework.pk],
        )
    first = _Worker("killed")
    try:
        recompute_rankings.apply_async(args=[framework.pk], queue="faults")
        assert wait_for(lambda: _backend_waiting_on_a_lock(connection.settings_dict["NAME"])), (
            "the recompute never blocked"
        )
        first.stop(signal.SIGKILL)  # the whole worker, mid-transaction
        assert _ranks(framework) == before
    finally:
        holder.rollback()
        holder.close()
        first.stop()
    # The dead session's transaction is rolled back, never committed.
    assert wait_for(lambda: not _backend_waiting_on_a_lock(connection.settings_dict["NAME"]))
    assert _ranks(framework) == before and _done_runs(framework) == 1

    time.sleep(2.5)  # past the visibility timeout of the unacknowledged message
    second = _Worker("restarted")
    try:
        assert wait_for(lambda: _done_runs(framework) == 2), (
            "the task was not delivered again (see /tmp/cchc-restarted.log)"
        )
    finally:
        second.stop()
    after = _ranks(framework)
    assert [pct for _, pct, _ in after] == [Decimal("50")] * 3 and [rank for *_, rank in after] == [
        1,
        1,
        1,
    ]
