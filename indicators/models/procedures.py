"""Administrative procedures (TTHC), dossier counts, and the 766 service index.

Raw counts are stored, not only rates, because provinces divide by different
denominators (dossiers due, resolved, or to process); a rate always names its formula.
The 766 index (QĐ 766/QĐ-TTg) is a separate, periodic score and never mixed with the
annual CCHC index.
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from agencies.models import Agency, AgencyGroup, Province

from .framework import PCT


class PeriodType(models.TextChoices):
    MONTH = "month", _("Tháng")
    QUARTER = "quarter", _("Quý")
    YEAR = "year", _("Năm")
    CUSTOM = "custom", _("Kỳ báo cáo khác")


class ProcedureStatQuerySet(models.QuerySet):
    def for_year(self, year: int):
        return self.filter(year=year)

    def yearly(self):
        return self.filter(period_type=PeriodType.YEAR)


def count(label, **kwargs):
    """A non-negative count that may be unreported (None), which is not the same as 0."""
    return models.PositiveIntegerField(label, null=True, blank=True, **kwargs)


class ProcedureStat(models.Model):
    class OnTimeFormula(models.TextChoices):
        RULE_766 = "766", _("QĐ 766: (đúng hạn + đang giải quyết trong hạn) / tổng hồ sơ")
        DUE = "due", _("Đúng hạn / hồ sơ đến hạn")
        RESOLVED = "resolved", _("Đúng hạn / hồ sơ đã giải quyết")

    agency = models.ForeignKey(
        Agency, on_delete=models.CASCADE, related_name="procedure_stats", verbose_name=_("đơn vị")
    )
    period_type = models.CharField(
        _("loại kỳ"), max_length=8, choices=PeriodType.choices, default=PeriodType.YEAR
    )
    period_start = models.DateField(_("từ ngày"))
    period_end = models.DateField(_("đến ngày"))
    year = models.PositiveSmallIntegerField(_("năm"))

    # Procedures (TTHC)
    procedures_total = count(_("tổng số TTHC"))
    online_full = count(_("DVCTT toàn trình"))
    online_partial = count(_("DVCTT một phần"))
    level3 = count(_("DVCTT mức độ 3"), help_text=_("Phân loại cũ, trước 15/8/2022."))
    level4 = count(_("DVCTT mức độ 4"), help_text=_("Phân loại cũ, trước 15/8/2022."))
    lien_thong_same_level = count(_("liên thông cùng cấp"))
    lien_thong_cross_level = count(_("liên thông giữa các cấp"))
    published_new = count(_("TTHC công bố mới"))
    amended = count(_("TTHC sửa đổi, bổ sung"))
    abolished = count(_("TTHC bãi bỏ"))
    simplified = count(_("TTHC được cắt giảm, đơn giản hóa"))
    simplified_reviewed = count(_("TTHC được rà soát"))
    simplified_days_before = count(_("tổng thời gian trước cắt giảm (ngày)"))
    simplified_days_after = count(_("tổng thời gian sau cắt giảm (ngày)"))
    online_services_total = count(_("DVCTT được cung cấp"))
    online_services_with_dossiers = count(_("DVCTT phát sinh hồ sơ"))

    # Dossiers (hồ sơ)
    carried_over = count(_("kỳ trước chuyển sang"))
    received_new = count(_("tiếp nhận mới trong kỳ"))
    received_online = count(_("tiếp nhận trực tuyến"))
    received_in_person = count(_("tiếp nhận trực tiếp"))
    received_post = count(_("tiếp nhận qua bưu chính"))
    resolved_early = count(_("giải quyết trước hạn"))
    resolved_on_time = count(_("giải quyết đúng hạn"))
    resolved_late = count(_("giải quyết quá hạn"))
    in_progress_on_time = count(_("đang giải quyết trong hạn"))
    in_progress_overdue = count(_("đang giải quyết quá hạn"))
    returned_withdrawn = count(_("trả lại / rút hồ sơ"))
    waiting_supplement = count(_("chờ bổ sung"))
    digitised = count(_("hồ sơ được số hóa"))
    paid_online = count(_("hồ sơ thanh toán trực tuyến"))

    on_time_formula = models.CharField(
        _("công thức tỷ lệ đúng hạn"),
        max_length=8,
        choices=OnTimeFormula.choices,
        default=OnTimeFormula.RULE_766,
    )
    source = models.CharField(_("nguồn số liệu"), max_length=255, blank=True)
    note = models.TextField(_("ghi chú"), blank=True)
    warnings = models.JSONField(_("cảnh báo khi nhập"), default=list, blank=True)
    is_illustrative = models.BooleanField(_("dữ liệu minh họa"), default=False)

    history = HistoricalRecords(verbose_name=_("lịch sử số liệu TTHC"))
    objects = ProcedureStatQuerySet.as_manager()

    class Meta:
        verbose_name = _("số liệu TTHC và hồ sơ")
        verbose_name_plural = _("số liệu TTHC và hồ sơ")
        ordering = ["-period_start", "agency__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "period_type", "period_start"],
                name="procedure_stat_unique_period",
            ),
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")),
                name="procedure_period_ordered",
            ),
        ]

    def __str__(self):
        return f"{self.agency} {self.period_start:%d/%m/%Y}–{self.period_end:%d/%m/%Y}"


# The six display groups of the 766 portal and their maxima (100 in all).
SERVICE_GROUP_MAXIMA = {
    "transparency": 18,
    "progress": 20,
    "online_service": 12,
    "online_payment": 10,
    "satisfaction": 18,
    "digitisation": 22,
}


class ServicePeriodType(models.TextChoices):
    """The 766 portal's periods: it ranks weekly, besides months, quarters and years."""

    WEEK = "week", _("Tuần")
    MONTH = "month", _("Tháng")
    QUARTER = "quarter", _("Quý")
    YEAR = "year", _("Năm")
    CUSTOM = "custom", _("Kỳ báo cáo khác")


class ServiceIndexScore(models.Model):
    """The 766 index of an agency (or the whole province, agency empty) for one period.

    `total` is the six groups' sum less the portal's technical deductions (`deduction`).
    An agency's row is ranked in `group`, its khối for the period's year; the province's
    own row carries its rank among the provinces as the portal published it.
    """

    GROUP_MAXIMA = SERVICE_GROUP_MAXIMA

    province = models.ForeignKey(
        Province, on_delete=models.CASCADE, related_name="service_scores", verbose_name=_("tỉnh")
    )
    agency = models.ForeignKey(
        Agency,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="service_scores",
        verbose_name=_("đơn vị"),
    )
    group = models.ForeignKey(
        AgencyGroup,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("khối"),
    )
    period_type = models.CharField(_("loại kỳ"), max_length=8, choices=ServicePeriodType.choices)
    period_start = models.DateField(_("từ ngày"))
    period_end = models.DateField(_("đến ngày"))
    transparency = models.DecimalField(
        _("công khai, minh bạch (18)"), max_digits=5, decimal_places=2
    )
    progress = models.DecimalField(_("tiến độ giải quyết (20)"), max_digits=5, decimal_places=2)
    online_service = models.DecimalField(
        _("dịch vụ công trực tuyến (12)"), max_digits=5, decimal_places=2
    )
    online_payment = models.DecimalField(
        _("thanh toán trực tuyến (10)"), max_digits=5, decimal_places=2
    )
    satisfaction = models.DecimalField(_("mức độ hài lòng (18)"), max_digits=5, decimal_places=2)
    digitisation = models.DecimalField(_("số hóa hồ sơ (22)"), max_digits=5, decimal_places=2)
    deduction = models.DecimalField(
        _("điểm trừ kỹ thuật"),
        max_digits=5,
        decimal_places=2,
        default=0,
        help_text=_("Điểm Cổng DVCQG trừ do lỗi kỹ thuật, đồng bộ dữ liệu; trừ vào tổng điểm."),
    )
    total = models.DecimalField(_("tổng điểm"), max_digits=5, decimal_places=2)
    band = models.CharField(_("xếp loại"), max_length=32, blank=True)
    rank = models.PositiveIntegerField(_("xếp hạng"), null=True, blank=True)
    group_size = models.PositiveIntegerField(_("số đơn vị"), null=True, blank=True)
    source = models.CharField(_("nguồn"), max_length=255, blank=True)
    is_illustrative = models.BooleanField(_("dữ liệu minh họa"), default=False)

    class Meta:
        verbose_name = _("chỉ số phục vụ (QĐ 766)")
        verbose_name_plural = _("chỉ số phục vụ (QĐ 766)")
        ordering = ["-period_start"]
        indexes = [models.Index(fields=["province", "period_type", "period_start", "group"])]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "period_type", "period_start"],
                condition=Q(agency__isnull=False),
                name="service_score_unique_agency_period",
            ),
            # NULL agency = the province as a whole; NULLs are distinct in a plain UNIQUE.
            models.UniqueConstraint(
                fields=["province", "period_type", "period_start"],
                condition=Q(agency__isnull=True),
                name="service_score_unique_province_period",
            ),
            models.CheckConstraint(
                condition=Q(total__gte=0) & Q(total__lte=100), name="service_total_in_range"
            ),
            models.CheckConstraint(
                condition=Q(deduction__gte=0) & Q(deduction__lte=100),
                name="service_deduction_in_range",
            ),
        ] + [
            models.CheckConstraint(
                condition=Q(**{f"{name}__gte": 0}) & Q(**{f"{name}__lte": maximum}),
                name=f"service_{name}_within_max",
                violation_error_message=gettext("Điểm nhóm vượt quá tối đa {maximum}.").format(
                    maximum=maximum
                ),
            )
            for name, maximum in SERVICE_GROUP_MAXIMA.items()
        ]

    def __str__(self):
        who = self.agency or self.province
        return f"{who} {self.period_start:%m/%Y}: {self.total}"


__all__ = [
    "PCT",
    "SERVICE_GROUP_MAXIMA",
    "PeriodType",
    "ProcedureStat",
    "ServiceIndexScore",
    "ServicePeriodType",
]
