"""The queued path end to end: Redis broker, a real Celery worker, a shared PostgreSQL.

Run by `.ci/worker-tests.sh`, which starts the worker against the same test database
(`test_cchc_worker`) and sets CCHC_WORKER_TESTS=1. The rows must be committed for the
worker to see them, hence `transaction=True` (tables are flushed afterwards).
"""

import os
from decimal import Decimal

import pytest

from indicators.models import IndexResult, RankingRun
from tests.factories import AnnualReportFactory, CriterionScoreFactory, FrameworkFactory, make_tree
from tests.worker import wait_for

pytestmark = [
    pytest.mark.worker,
    pytest.mark.skipif(
        os.environ.get("CCHC_WORKER_TESTS") != "1",
        reason="needs .ci/worker-tests.sh (Redis + worker)",
    ),
]


@pytest.mark.django_db(transaction=True)
def test_queued_recompute_is_written_by_the_worker(real_broker):
    from indicators.recomputing import queue_recompute

    framework = FrameworkFactory()
    (leaf,) = make_tree(framework, {"1": ("Chỉ đạo", [("1.1", 10)])})
    for points in ("6", "9", "7.5"):
        CriterionScoreFactory(
            report=AnnualReportFactory(framework=framework),
            criterion=leaf,
            final_score=Decimal(points),
        )

    queue_recompute(framework)  # autocommit: on_commit fires at once and publishes to Redis

    framework.refresh_from_db()
    assert framework.ranking_status()["is_stale"] is True
    done = wait_for(
        lambda: RankingRun.objects.filter(
            group=framework.group, year=framework.year, status="done"
        ).exists()
    )
    assert done, "the worker did not finish the recompute in time (see /tmp/cchc-worker.log)"
    ranks = list(
        IndexResult.objects.filter(framework=framework)
        .order_by("rank")
        .values_list("index_pct", "rank")
    )
    assert ranks == [(Decimal("90"), 1), (Decimal("75"), 2), (Decimal("60"), 3)]
    framework.refresh_from_db()
    assert framework.ranking_status()["is_stale"] is False


@pytest.mark.django_db(transaction=True)
def test_worker_skips_a_deleted_framework_and_records_an_empty_one(real_broker):
    from indicators.tasks.ranking import recompute_rankings

    recompute_rankings.delay(10**9)  # no such framework: the task returns without a run
    assert not RankingRun.objects.exists()
    framework = FrameworkFactory()
    recompute_rankings.delay(framework.pk)
    assert wait_for(
        lambda: RankingRun.objects.filter(group=framework.group, status="done").exists()
    )
    assert RankingRun.objects.get(group=framework.group).rows == 0
