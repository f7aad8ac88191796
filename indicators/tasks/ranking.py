"""Ranking recomputes in the background; `indicators.recomputing` queues them after commit.

A worker killed mid-recompute loses nothing: the recompute's transaction rolls back, the
unacknowledged message is delivered again after the broker's visibility timeout
(acks_late), and the framework stays stale for the sweep meanwhile.
"""

import logging

from celery import shared_task
from django.db import InterfaceError, OperationalError

from agencies.models import Province
from indicators.models import Framework
from indicators.ranking import rank_rates, recompute

logger = logging.getLogger(__name__)


@shared_task(
    name="indicators.tasks.recompute_rankings",
    acks_late=True,
    autoretry_for=(OperationalError, InterfaceError),
    retry_backoff=5,
    retry_backoff_max=300,
    retry_jitter=True,
    max_retries=5,
    soft_time_limit=540,
    time_limit=600,
)
def recompute_rankings(framework_id: int) -> int | None:
    """Recompute one framework's (province, year, group) results; idempotent."""
    framework = Framework.objects.filter(pk=framework_id).first()
    if framework is None:  # deleted since it was queued
        return None
    rows = recompute(framework=framework).rows
    rank_rates(group=framework.group, year=framework.year)
    # After both commits: a reader then sees the new rows under the new version.
    Province.objects.filter(pk=framework.province_id).bump_data_version()
    return rows


# Under the broker's visibility timeout (CELERY_VISIBILITY_TIMEOUT, an hour by default), or a
# running nightly job would be delivered a second time.
@shared_task(
    name="indicators.tasks.recompute_open_years",
    acks_late=True,
    soft_time_limit=1500,
    time_limit=1700,
)
def recompute_open_years() -> int:
    """Nightly: recompute every open framework in full (every report summed, not only
    those the triggers marked); one failure does not stop the others."""
    done = 0
    for framework in (
        Framework.objects.open_for_recompute().select_related("group").order_by("year", "pk")
    ):
        try:
            recompute(framework=framework, full=True)
            rank_rates(group=framework.group, year=framework.year)
            Province.objects.filter(pk=framework.province_id).bump_data_version()
            done += 1
        except Exception:  # recorded as a FAILED RankingRun by recompute()
            logger.exception("Nightly recompute of framework %s failed", framework.pk)
    return done


@shared_task(
    name="indicators.tasks.recompute_stale", acks_late=True, soft_time_limit=50, time_limit=60
)
def recompute_stale() -> int:
    """Queue a recompute of every stale framework; returns how many were queued."""
    stale = list(Framework.objects.stale().values_list("pk", flat=True))
    for framework_id in stale:
        recompute_rankings.delay(framework_id)
    return len(stale)
