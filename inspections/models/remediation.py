"""Remediation plans (kế hoạch khắc phục): what an agency will do about a weak criterion of
a published year, or about a recommendation, action by action.

After publication Sở Nội vụ asks the agencies with weak criteria for a plan; the agency
(or Sở Nội vụ for it) opens one, lists its actions with the unit responsible, start and
due dates, and posts dated updates with evidence; the next supervision reviews it. An
action past its due date and not done is overdue: computed, never stored.
"""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.models import HistoricalRecords

from agencies.models import Agency, Membership
from indicators.models import Criterion, Framework
from indicators.models.reports import short_file_name


class RemediationPlanQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Staff and HĐND supervisors: every plan of their province; a reporter: their own
        agency's (a plan is the agency's own record, like its recommendations)."""
        membership = Membership.for_user(user)
        if membership is None:
            return self.none()
        plans = membership.in_province(self, "agency__province")
        if membership.role == Membership.Role.REPORTER:
            plans = plans.filter(agency_id=membership.agency_id)
        return plans

    def editable_by(self, user):
        """Plans `user` may change: Sở Nội vụ staff (and admins) of the province, the
        agency's own reporters. HĐND supervisors read only."""
        return self.filter(agency__in=Agency.objects.editable_by(user))


class RemediationPlan(models.Model):
    agency = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        related_name="remediation_plans",
        verbose_name=gettext_lazy("đơn vị"),
    )
    # The published year whose result the plan answers.
    framework = models.ForeignKey(
        Framework,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=gettext_lazy("bộ chỉ số (năm)"),
    )
    criterion = models.ForeignKey(
        Criterion,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="remediation_plans",
        verbose_name=gettext_lazy("tiêu chí cần khắc phục"),
    )
    recommendation = models.ForeignKey(
        "inspections.Recommendation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="remediation_plans",
        verbose_name=gettext_lazy("kiến nghị cần khắc phục"),
    )
    title = models.CharField(gettext_lazy("tên kế hoạch"), max_length=255)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=gettext_lazy("người lập"),
    )
    created_at = models.DateTimeField(gettext_lazy("lập lúc"), default=timezone.now)
    is_illustrative = models.BooleanField(gettext_lazy("dữ liệu minh họa"), default=False)

    history = HistoricalRecords(verbose_name=gettext_lazy("lịch sử kế hoạch khắc phục"))
    objects = RemediationPlanQuerySet.as_manager()

    class Meta:
        verbose_name = gettext_lazy("kế hoạch khắc phục")
        verbose_name_plural = gettext_lazy("kế hoạch khắc phục")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("inspections:remediation_detail", args=[self.pk])

    @property
    def subject(self) -> str:
        """What the plan answers: "TC 6.3. …" or "Kiến nghị: …"."""
        if self.criterion_id:
            return f"TC {self.criterion.code}. {self.criterion.name}"
        if self.recommendation_id:
            return _("Kiến nghị: %(text)s") % {"text": self.recommendation.text[:120]}
        return ""


class RemediationActionQuerySet(models.QuerySet):
    def open(self):
        return self.exclude(status=RemediationAction.Status.DONE)

    def overdue(self, today: datetime.date | None = None):
        """Actions not done whose due date has passed (`RemediationAction.is_overdue`)."""
        return self.open().filter(due_date__lt=today or timezone.localdate())


class RemediationAction(models.Model):
    class Status(models.TextChoices):
        NOT_STARTED = "not_started", gettext_lazy("Chưa thực hiện")
        IN_PROGRESS = "in_progress", gettext_lazy("Đang thực hiện")
        DONE = "done", gettext_lazy("Đã hoàn thành")

    plan = models.ForeignKey(
        RemediationPlan,
        on_delete=models.CASCADE,
        related_name="actions",
        verbose_name=gettext_lazy("kế hoạch"),
    )
    text = models.TextField(gettext_lazy("nội dung thực hiện"))
    responsible_unit = models.CharField(gettext_lazy("đơn vị chủ trì"), max_length=255)
    start_date = models.DateField(gettext_lazy("ngày bắt đầu"))
    due_date = models.DateField(gettext_lazy("thời hạn"))
    status = models.CharField(
        gettext_lazy("trạng thái"),
        max_length=12,
        choices=Status.choices,
        default=Status.NOT_STARTED,
    )
    completed_date = models.DateField(gettext_lazy("ngày hoàn thành"), null=True, blank=True)
    # Optimistic locking: the agency's staff and Sở Nội vụ update the same action.
    version = models.PositiveIntegerField(gettext_lazy("phiên bản"), default=1)
    # Set when the overdue reminder goes out: once per action per overdue occurrence; a due
    # date moved into the future clears it (`remediation.mark_overdue_actions`).
    overdue_notified_at = models.DateTimeField(
        gettext_lazy("đã nhắc quá hạn lúc"), null=True, blank=True
    )
    updated_at = models.DateTimeField(gettext_lazy("cập nhật lúc"), auto_now=True)

    history = HistoricalRecords(verbose_name=gettext_lazy("lịch sử hành động khắc phục"))
    objects = RemediationActionQuerySet.as_manager()

    class Meta:
        verbose_name = gettext_lazy("hành động khắc phục")
        verbose_name_plural = gettext_lazy("hành động khắc phục")
        ordering = ["due_date", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(due_date__gte=F("start_date")),
                name="action_due_after_start",
                violation_error_message=gettext_lazy("Thời hạn không được trước ngày bắt đầu."),
            ),
            models.CheckConstraint(
                condition=~Q(status="done") | Q(completed_date__isnull=False),
                name="done_action_has_date",
                violation_error_message=gettext_lazy(
                    "Hành động đã hoàn thành phải có ngày hoàn thành."
                ),
            ),
        ]

    def __str__(self):
        return self.text[:80]

    def is_overdue(self, today: datetime.date | None = None) -> bool:
        return self.status != self.Status.DONE and self.due_date < (today or timezone.localdate())

    @property
    def overdue(self) -> bool:
        """`is_overdue` today, for templates."""
        return self.is_overdue()

    def latest_update(self) -> "ActionUpdate | None":
        """The newest update; lists prefetch `updates`, so this costs no query there."""
        updates = list(self.updates.all())
        return max(updates, key=lambda u: (u.date, u.posted_at)) if updates else None


def action_evidence_path(instance, filename):
    action = instance.action
    return f"remediation/{action.plan.agency_id}/{action.pk}/{short_file_name(filename)}"


class ActionUpdate(models.Model):
    """A dated note on an action's progress, with an optional evidence file (private:
    served only by a checked view)."""

    action = models.ForeignKey(
        RemediationAction,
        on_delete=models.CASCADE,
        related_name="updates",
        verbose_name=gettext_lazy("hành động"),
    )
    date = models.DateField(gettext_lazy("ngày"), default=timezone.localdate)
    text = models.TextField(gettext_lazy("nội dung cập nhật"))
    status_after = models.CharField(
        gettext_lazy("trạng thái sau cập nhật"),
        max_length=12,
        choices=RemediationAction.Status.choices,
    )
    evidence = models.FileField(
        gettext_lazy("tài liệu kiểm chứng"),
        upload_to=action_evidence_path,
        blank=True,
        max_length=300,
    )
    original_name = models.CharField(gettext_lazy("tên tệp"), max_length=255, blank=True)
    posted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=gettext_lazy("người cập nhật"),
    )
    posted_at = models.DateTimeField(gettext_lazy("cập nhật lúc"), default=timezone.now)

    class Meta:
        verbose_name = gettext_lazy("cập nhật hành động khắc phục")
        verbose_name_plural = gettext_lazy("cập nhật hành động khắc phục")
        ordering = ["date", "posted_at"]

    def __str__(self):
        return f"{self.action_id} @ {self.date:%d/%m/%Y}"
