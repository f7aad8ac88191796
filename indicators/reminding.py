"""Deadline reminders for agencies: 3 days and 1 day before each deadline, once each.

Run daily by the beat task `indicators.tasks.send_deadline_reminders`. A reminder is keyed
by its recipient, text and link; the text names the deadline and the stage ("còn 3 ngày"),
so re-running the task the same day sends nothing new, while an extended deadline is a new
deadline and is reminded again.
"""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from agencies.models import Notification
from agencies.notifying import in_province_language, notify, reporters_of

from .models import AnnualReport, Framework
from .workflow import explanation_deadline, moment_text, self_deadline

STAGES = (1, 3)  # days before the deadline, nearest first


def _stage(deadline: datetime.datetime | None, now: datetime.datetime) -> int | None:
    if deadline is None or deadline <= now:
        return None
    left = deadline - now
    for days in STAGES:
        if left <= datetime.timedelta(days=days):
            return days
    return None


@in_province_language
def _remind(report: AnnualReport, *, what: str, deadline: datetime.datetime, days: int) -> int:
    when = moment_text(deadline)
    text = _(
        "Nhắc hạn: {what} năm {year} của {agency} hết hạn lúc {when} (còn {days} ngày)."
    ).format(what=what, year=report.framework.year, agency=report.agency, when=when, days=days)
    url = report.get_absolute_url()
    already = set(Notification.objects.filter(text=text, url=url).values_list("user_id", flat=True))
    users = [u for u in reporters_of(report.agency_id) if u.pk not in already]
    return (
        notify(
            users=users, text=text, url=url, subject=_("[CCHC] Nhắc hạn {what}").format(what=what)
        )
        if users
        else 0
    )


def send_deadline_reminders(*, now: datetime.datetime | None = None) -> int:
    """Remind reporters of drafts and pending explanations. Returns notifications sent."""
    now = now or timezone.now()
    sent = 0
    reports = (
        AnnualReport.objects.filter(
            framework__in=Framework.objects.open_for_recompute(),
            status__in=[AnnualReport.Status.DRAFT, AnnualReport.Status.EXPLANATION_REQUESTED],
        )
        .select_related("agency", "framework")
        .order_by("pk")
    )
    for report in reports:
        if report.status == AnnualReport.Status.DRAFT:
            what, deadline = gettext_lazy("báo cáo tự đánh giá"), self_deadline(report)
        else:
            what, deadline = (
                gettext_lazy("giải trình kết quả thẩm định"),
                explanation_deadline(report),
            )
        days = _stage(deadline, now)
        if days is not None:
            with transaction.atomic():
                sent += _remind(report, what=what, deadline=deadline, days=days)
    return sent
