"""Tell people that something happened: an in-app notification, and an email.

The notifications are written with the event, in its transaction; the emails leave once it
commits, from the worker (`agencies.tasks.send_emails`): a publication mails every reporter
of a group, thousands at national scale, which is no work for a request.
"""

import logging
from functools import partial

from django.conf import settings
from django.db import transaction
from django.utils import translation

from .models import Membership, Notification
from .tasks import send_emails

log = logging.getLogger(__name__)


def in_province_language(function):
    """`function`, run in the province's language (`LANGUAGE_CODE`). A notification is
    stored and emailed: its text is written once, in that language, whatever interface
    language the user whose action sends it has chosen."""
    return translation.override(settings.LANGUAGE_CODE)(function)


def notify(*, users, text: str, url: str = "", subject: str = "", email: bool = True) -> int:
    """Create one notification per user and send the same text by email. Returns the count."""
    users = [u for u in users if u is not None]
    Notification.objects.bulk_create([Notification(user=u, text=text, url=url) for u in users])
    if email:
        messages = [
            (
                subject or f"[CCHC] {text[:60]}",
                f"{text}\n\n{url}".strip(),
                settings.DEFAULT_FROM_EMAIL,
                [u.email],
            )
            for u in users
            if u.email
        ]
        if messages:
            transaction.on_commit(partial(_deliver, messages))
    return len(users)


def _deliver(messages: list) -> None:
    """Queue the emails; where the broker cannot be reached, send them from here."""
    try:
        send_emails.delay(messages)
    except Exception:  # kombu's OperationalError, whatever the transport
        log.warning("broker unreachable: sending %d emails in the request", len(messages))
        send_emails(messages)


def staff_of(province_id):
    """Users who act for Sở Nội vụ in a province."""
    from django.contrib.auth import get_user_model

    return get_user_model().objects.filter(
        membership__province_id=province_id, membership__role=Membership.Role.NOIVU, is_active=True
    )


def reporters_of(*agency_ids):
    """Users who report for any of these agencies (one query, however many)."""
    from django.contrib.auth import get_user_model

    return get_user_model().objects.filter(
        membership__agency_id__in=agency_ids,
        membership__role=Membership.Role.REPORTER,
        is_active=True,
    )
