"""Celery tasks of the inspections app: thin triggers around `inspections.followup`."""

from celery import shared_task

from . import alerting, followup, remediation


@shared_task(name="inspections.tasks.mark_overdue_recommendations")
def mark_overdue_recommendations() -> int:
    """Daily (CELERY_BEAT_SCHEDULE): announce recommendations that passed their deadline."""
    return followup.mark_overdue_recommendations()


@shared_task(name="inspections.tasks.evaluate_overdue_alerts")
def evaluate_overdue_alerts() -> int:
    """Daily (CELERY_BEAT_SCHEDULE): the recommendation-overdue alert rules."""
    return alerting.evaluate_overdue_rules()


@shared_task(name="inspections.tasks.mark_overdue_actions")
def mark_overdue_actions() -> int:
    """Daily (CELERY_BEAT_SCHEDULE): remind the agencies and Sở Nội vụ of remediation
    actions that passed their due date."""
    return remediation.mark_overdue_actions()
