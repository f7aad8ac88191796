"""A notification is stored and emailed in the province's language: a reporter using the
English interface still tells Sở Nội vụ in Vietnamese."""

from django.core import mail
from django.utils import translation

from agencies.models import Notification
from tests.indicators.workflow_setup import *  # noqa: F403 (fixtures: clock, framework, report_a)
from tests.indicators.workflow_setup import submitted


def test_a_report_submitted_from_the_english_interface_is_announced_in_vietnamese(
    report_a, reporter, noivu_staff, django_capture_on_commit_callbacks
):
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        submitted(report_a, reporter)
    note = Notification.objects.get(user=noivu_staff)
    assert "Sở Xây dựng đã gửi báo cáo tự đánh giá năm 2023" in note.text
    assert "đã gửi báo cáo" in mail.outbox[0].body


def test_a_history_reason_is_stored_in_the_province_language():
    from django.utils.translation import gettext_lazy

    from indicators.publishing import stored_text

    with translation.override("en"):
        reason = stored_text(gettext_lazy("Công bố theo QĐ {decision_no}"), decision_no="12/QĐ")
    assert reason == "Công bố theo QĐ 12/QĐ"
