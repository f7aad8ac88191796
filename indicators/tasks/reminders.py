"""Daily deadline reminders (beat: `remind-deadlines` in settings.CELERY_BEAT_SCHEDULE)."""

from celery import shared_task

__all__ = ["send_deadline_reminders"]


@shared_task(
    name="indicators.tasks.send_deadline_reminders",
    acks_late=True,
    soft_time_limit=300,
    time_limit=360,
)
def send_deadline_reminders() -> int:
    from indicators.reminding import send_deadline_reminders as run

    return run()
