"""What the province aims at, and what it wants to be told about.

A target (mục tiêu) is set by Sở Nội vụ for a group and a year: "every sở ≥ 90 % in 2026",
"on-time rate ≥ 98 %". A target of one agency overrides its group's. An alert rule says
which change of an agency's figures the province wants to hear of; an alert is one
occurrence of a rule for one agency, raised once (its key is unique) however often the
rules are evaluated.
"""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from agencies.models import Agency, AgencyGroup, Membership, Province

from .framework import PCT


class TargetMetric(models.TextChoices):
    INDEX = "index", _("Chỉ số CCHC")
    FIELD = "field", _("Chỉ số thành phần (lĩnh vực)")
    ON_TIME = "on_time", _("Tỷ lệ hồ sơ đúng hạn")
    ONLINE = "online", _("Tỷ lệ hồ sơ trực tuyến")
    SERVICE_766 = "service_766", _("Chỉ số phục vụ (QĐ 766)")


class TargetQuerySet(models.QuerySet):
    def visible_to(self, user):
        membership = Membership.for_user(user)
        return self.none() if membership is None else membership.in_province(self)

    def for_group_year(self, *, group_id: int, year: int):
        """The group's targets of `year` and those of its agencies (overrides)."""
        return self.filter(group_id=group_id, year=year)


class Target(models.Model):
    """A target value (%) for a group's agencies, or for one agency, in one year.

    `field_code` names the field (lĩnh vực) of a field target; left empty on a field target
    it applies to every field. `version` is the optimistic lock of the edit form.
    """

    province = models.ForeignKey(
        Province, on_delete=models.CASCADE, related_name="targets", verbose_name=_("tỉnh")
    )
    group = models.ForeignKey(
        AgencyGroup, on_delete=models.CASCADE, related_name="targets", verbose_name=_("khối")
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    agency = models.ForeignKey(
        Agency,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="targets",
        verbose_name=_("đơn vị"),
        help_text=_("Để trống: mục tiêu chung của cả khối."),
    )
    metric = models.CharField(_("chỉ tiêu"), max_length=12, choices=TargetMetric.choices)
    field_code = models.CharField(
        _("mã lĩnh vực"),
        max_length=16,
        blank=True,
        help_text=_("Chỉ với chỉ số thành phần; để trống: mọi lĩnh vực."),
    )
    value = models.DecimalField(_("mục tiêu (%)"), **PCT)
    note = models.CharField(_("căn cứ, ghi chú"), max_length=255, blank=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người cập nhật"),
    )
    version = models.PositiveIntegerField(_("phiên bản"), default=1)

    objects = TargetQuerySet.as_manager()

    class Meta:
        verbose_name = _("mục tiêu")
        verbose_name_plural = _("mục tiêu")
        ordering = ["-year", "group__order", "metric", "field_code", "agency__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["group", "year", "metric", "field_code"],
                condition=Q(agency__isnull=True),
                name="target_unique_per_group",
                violation_error_message=_("Khối này đã có mục tiêu cho chỉ tiêu này trong năm."),
            ),
            models.UniqueConstraint(
                fields=["agency", "year", "metric", "field_code"],
                condition=Q(agency__isnull=False),
                name="target_unique_per_agency",
                violation_error_message=_("Đơn vị này đã có mục tiêu cho chỉ tiêu này trong năm."),
            ),
            models.CheckConstraint(
                condition=Q(value__gte=0) & Q(value__lte=100),
                name="target_value_in_range",
                violation_error_message=_("Mục tiêu phải nằm trong khoảng 0–100%%."),
            ),
            models.CheckConstraint(
                condition=Q(metric="field") | Q(field_code=""),
                name="target_field_code_only_for_fields",
                violation_error_message=_("Mã lĩnh vực chỉ dùng cho chỉ số thành phần."),
            ),
        ]

    def __str__(self):
        return f"{self.scope_label} {self.year}: {self.metric_label} ≥ {self.value}%"

    @property
    def scope_label(self) -> str:
        return self.agency.name if self.agency_id else str(self.group)

    @property
    def metric_label(self) -> str:
        if self.metric == TargetMetric.FIELD:
            if self.field_code:
                return _("Chỉ số thành phần: LV %(code)s") % {"code": self.field_code}
            return str(_("Chỉ số thành phần: mọi lĩnh vực"))
        return str(TargetMetric(self.metric).label)


class AlertRuleQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)


class AlertRule(models.Model):
    """A threshold the province watches: an index drop, a band drop, a rate below a floor,
    a recommendation overdue. `threshold` is points, bands, % or days by kind."""

    class Kind(models.TextChoices):
        INDEX_DROP = "index_drop", _("Chỉ số giảm so với năm trước")
        BAND_DROP = "band_drop", _("Tụt bậc xếp loại so với năm trước")
        RATE_BELOW = "rate_below", _("Tỷ lệ hồ sơ dưới ngưỡng")
        RECOMMENDATION_OVERDUE = "rec_overdue", _("Kiến nghị quá hạn")

    province = models.ForeignKey(
        Province, on_delete=models.CASCADE, related_name="alert_rules", verbose_name=_("tỉnh")
    )
    kind = models.CharField(_("loại cảnh báo"), max_length=12, choices=Kind.choices)
    threshold = models.DecimalField(
        _("ngưỡng"),
        max_digits=7,
        decimal_places=2,
        help_text=_(
            "Số điểm giảm, số bậc tụt, tỷ lệ tối thiểu (%) hoặc số ngày quá hạn, tùy loại."
        ),
    )
    metric = models.CharField(
        _("tỷ lệ"),
        max_length=12,
        blank=True,
        choices=[
            (TargetMetric.ON_TIME, TargetMetric.ON_TIME.label),
            (TargetMetric.ONLINE, TargetMetric.ONLINE.label),
        ],
        help_text=_("Chỉ với cảnh báo tỷ lệ hồ sơ."),
    )
    group = models.ForeignKey(
        AgencyGroup,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("khối"),
        help_text=_("Để trống: mọi khối của tỉnh."),
    )
    is_active = models.BooleanField(_("đang áp dụng"), default=True)

    objects = AlertRuleQuerySet.as_manager()

    class Meta:
        verbose_name = _("quy tắc cảnh báo")
        verbose_name_plural = _("quy tắc cảnh báo")
        ordering = ["province", "kind", "threshold"]
        constraints = [
            models.CheckConstraint(
                condition=Q(threshold__gte=0), name="alert_rule_threshold_non_negative"
            ),
            models.CheckConstraint(
                condition=~Q(kind="rate_below") | ~Q(metric=""),
                name="alert_rule_rate_has_metric",
                violation_error_message=_("Cảnh báo tỷ lệ hồ sơ phải chọn tỷ lệ."),
            ),
        ]

    def __str__(self):
        return self.label

    @property
    def label(self) -> str:
        """The rule as Sở Nội vụ says it: "Chỉ số giảm từ 3 điểm so với năm trước"."""
        n = f"{Decimal(str(self.threshold)).normalize():f}".replace(".", ",")
        if self.kind == self.Kind.INDEX_DROP:
            return _("Chỉ số giảm từ %(n)s điểm so với năm trước") % {"n": n}
        if self.kind == self.Kind.BAND_DROP:
            return _("Tụt từ %(n)s bậc xếp loại so với năm trước") % {"n": n}
        if self.kind == self.Kind.RATE_BELOW:
            metric = TargetMetric(self.metric).label if self.metric else ""
            return _("%(metric)s dưới %(n)s%%") % {"metric": metric, "n": n}
        return _("Kiến nghị quá hạn từ %(n)s ngày") % {"n": n}


class AlertQuerySet(models.QuerySet):
    def current(self):
        return self.filter(acknowledged_at__isnull=True)

    def visible_to(self, user):
        """Alerts of the user's province; a reporter reads only their own agency's."""
        membership = Membership.for_user(user)
        if membership is None:
            return self.none()
        alerts = membership.in_province(self, "rule__province")
        if membership.role == Membership.Role.REPORTER:
            return alerts.filter(agency_id=membership.agency_id)
        return alerts


class Alert(models.Model):
    """One occurrence of a rule for one agency (a year's drop, an overdue recommendation).

    `occurrence` names it ("2024", "kiến nghị 12 hạn 2025-03-01"): the unique key (rule,
    agency, occurrence) is what makes an evaluation run twice notify nobody twice.
    """

    rule = models.ForeignKey(
        AlertRule, on_delete=models.CASCADE, related_name="alerts", verbose_name=_("quy tắc")
    )
    agency = models.ForeignKey(
        Agency, on_delete=models.CASCADE, related_name="alerts", verbose_name=_("đơn vị")
    )
    occurrence = models.CharField(_("lần phát sinh"), max_length=64)
    year = models.PositiveSmallIntegerField(_("năm"), null=True, blank=True)
    text = models.CharField(_("nội dung"), max_length=500)
    url = models.CharField(_("liên kết"), max_length=300, blank=True)
    raised_at = models.DateTimeField(_("phát sinh lúc"), default=timezone.now)
    acknowledged_at = models.DateTimeField(_("đã xử lý lúc"), null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người xác nhận"),
    )

    objects = AlertQuerySet.as_manager()

    class Meta:
        verbose_name = _("cảnh báo")
        verbose_name_plural = _("cảnh báo")
        ordering = ["-raised_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["rule", "agency", "occurrence"], name="alert_once_per_occurrence"
            )
        ]
        indexes = [models.Index(fields=["agency", "acknowledged_at"])]

    def __str__(self):
        return self.text[:80]

    def get_absolute_url(self):
        return reverse("indicators:alert_list") + f"?agency={self.agency_id}"
