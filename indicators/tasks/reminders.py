"""Daily deadline reminders (beat: `remind-deadlines` in settings.CELERY_BEAT_SCHEDULE)."""

from celery import shared_task

from indicators import reminding


@shared_task(
    name="indicators.tasks.send_deadline_reminders",
    acks_late=True,
    soft_time_limit=300,
    time_limit=360,
)
def send_deadline_reminders() -> int:
    return reminding.send_deadline_reminders()
