"""Notifications are written with the event; their emails leave after it commits, from the
worker, or from the request when the broker is down."""

import pytest
from django.core import mail
from django.db import transaction
from kombu.exceptions import OperationalError

from agencies import tasks
from agencies.models import Notification
from agencies.notifying import notify, reporters_of


def test_emails_leave_only_once_the_event_commits(noivu_staff, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        notify(users=[noivu_staff], text="Đã công bố kết quả")
    assert Notification.objects.filter(user=noivu_staff).count() == 1 and mail.outbox == []
    for callback in callbacks:
        callback()
    assert [m.to for m in mail.outbox] == [[noivu_staff.email]]


def test_a_rolled_back_event_sends_nothing(noivu_staff, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError):
        with transaction.atomic():
            notify(users=[noivu_staff], text="Đã công bố kết quả")
            raise RuntimeError("the event failed")
    assert mail.outbox == [] and not Notification.objects.exists()


def test_broker_down_sends_from_the_request(
    noivu_staff, monkeypatch, django_capture_on_commit_callbacks
):
    def unreachable(*args, **kwargs):
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(tasks.send_emails, "delay", unreachable)
    with django_capture_on_commit_callbacks(execute=True):
        notify(users=[noivu_staff], text="Đã công bố kết quả")
    assert [m.to for m in mail.outbox] == [[noivu_staff.email]]


def test_a_mail_server_outage_is_logged_not_raised(noivu_staff, settings, caplog):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", 9  # nothing listens there
    assert (
        tasks.send_emails([["Tiêu đề", "Nội dung", "cchc@example.org", [noivu_staff.email]]]) == 0
    )
    assert "email delivery failed for 1 recipients" in caplog.text


def test_reporters_of_several_agencies_in_one_query(
    agency_a, agency_b, reporter, other_reporter, django_assert_num_queries
):
    with django_assert_num_queries(1):
        assert set(reporters_of(agency_a.pk, agency_b.pk)) == {reporter, other_reporter}
    assert list(reporters_of(agency_a.pk)) == [reporter]
