"""Threshold alerts in the background, queued after a recompute or a dossier import commits."""

import logging
from functools import partial

from celery import shared_task
from django.db import transaction

from indicators import alerting

logger = logging.getLogger(__name__)


@shared_task(
    name="indicators.tasks.evaluate_alerts",
    acks_late=True,
    soft_time_limit=300,
    time_limit=360,
)
def evaluate_alerts(province_id: int, year: int | None = None) -> int:
    """Evaluate the province's rules; idempotent (each occurrence is raised once)."""
    return alerting.evaluate_rules(province_id=province_id, year=year)


def queue_alert_check(*, province_id: int, year: int | None = None) -> None:
    """Evaluate the province's rules once the current transaction commits, so the worker
    reads the new figures. A broker that is down loses this evaluation, not the caller's
    work: the next recompute (nightly at the latest) evaluates again."""
    transaction.on_commit(partial(_enqueue, province_id, year))


def _enqueue(province_id: int, year: int | None) -> None:
    try:
        evaluate_alerts.delay(province_id, year)
    except Exception:
        logger.exception("Could not evaluate the alerts of province %s", province_id)
