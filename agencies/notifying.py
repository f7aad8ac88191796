"""Tell people that something happened: an in-app notification, and an email."""

import logging

from django.conf import settings
from django.core.mail import send_mass_mail

from .models import Membership, Notification

log = logging.getLogger(__name__)


def notify(*, users, text: str, url: str = "", subject: str = "", email: bool = True) -> int:
    """Create one notification per user and send the same text by email. Returns the count."""
    users = [u for u in users if u is not None]
    Notification.objects.bulk_create([Notification(user=u, text=text, url=url) for u in users])
    if email:
        messages = [
            (subject or f"[CCHC] {text[:60]}", f"{text}\n\n{url}".strip(), settings.DEFAULT_FROM_EMAIL, [u.email])
            for u in users
            if u.email
        ]
        try:
            send_mass_mail(messages, fail_silently=False)
        except OSError:  # a mail server outage must not undo the workflow step
            log.warning("email delivery failed for %d recipients", len(messages))
    return len(users)


def staff_of(province_id):
    """Users who act for Sở Nội vụ in a province."""
    from django.contrib.auth import get_user_model

    return get_user_model().objects.filter(
        membership__province_id=province_id, membership__role=Membership.Role.NOIVU, is_active=True
    )


def reporters_of(agency_id):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.filter(
        membership__agency_id=agency_id, membership__role=Membership.Role.REPORTER, is_active=True
    )
