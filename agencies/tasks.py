"""Email delivery in the background: a publication mails every reporter of a group."""

import logging

from celery import shared_task
from django.core.mail import send_mass_mail

__all__ = ["send_emails"]

log = logging.getLogger(__name__)


@shared_task(name="agencies.tasks.send_emails", acks_late=True, soft_time_limit=540, time_limit=600)
def send_emails(messages: list) -> int:
    """Send `(subject, body, from, [to])` messages over one connection; returns how many.

    A mail server outage is logged, not retried: the in-app notifications were written
    with the event, and a retry would send the messages already delivered a second time."""
    try:
        return send_mass_mail([tuple(message) for message in messages], fail_silently=False)
    except OSError:
        log.warning("email delivery failed for %d recipients", len(messages))
        return 0
