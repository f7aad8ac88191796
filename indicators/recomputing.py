"""After scores change: mark the framework's results stale now, recompute them after commit.

Views, importers, the appraisal workflow, surveys and publishing call `queue_recompute`
inside their own transaction. The framework is marked stale at once, so every page says
the ranking is being brought up to date; the Celery task is queued only once the
transaction commits, because the worker must read the new scores. A broker that is down
never breaks the request: the framework stays stale and the sweep
`indicators.tasks.recompute_stale` (beat, every five minutes) queues it again later.
"""

import logging
from functools import partial

from django.db import transaction
from django.utils import timezone

from agencies.models import Province

from .models import Framework
from .tasks.ranking import recompute_rankings

logger = logging.getLogger(__name__)


def mark_changed(framework: Framework) -> None:
    """Say that what the dashboards show of `framework`'s province changed (a report's
    state, how much of it is scored), without a recompute: its cached pages are rebuilt.
    Call it inside the transaction that made the change."""
    Province.objects.filter(pk=framework.province_id).bump_data_version()


def queue_recompute(framework: Framework) -> None:
    """Mark `framework` stale now; recompute it once the current transaction commits.

    The province's dashboards are rebuilt at once (they show the stale badge and the
    reports' completeness), and again when the recompute has written its results.
    """
    now = timezone.now()
    Framework.objects.filter(pk=framework.pk).update(inputs_changed_at=now)
    framework.inputs_changed_at = now
    # The dashboards' "changed, not yet recomputed" badge reads inputs_changed_at.
    mark_changed(framework)
    transaction.on_commit(partial(_enqueue, framework.pk))


def _enqueue(framework_id: int) -> None:
    try:
        recompute_rankings.delay(framework_id)
    except Exception:
        # Broker down (kombu OperationalError) or, eagerly, a failed recompute: the
        # framework stays stale and the sweep retries. Never fail the request.
        logger.exception(
            "Could not queue the recompute of framework %s; it stays stale", framework_id
        )
