"""What an agency is scored against in one year: the framework and its criteria tree.

A province issues its criteria by decision every year, per agency group (khối), e.g.
"QĐ 3323/QĐ-UBND ngày 16/10/2023". The tree is lĩnh vực (field) → tiêu chí (criterion)
→ tiêu chí thành phần (sub-criterion); points are entered on leaves only.
"""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from agencies.models import AgencyGroup, Province

from .runs import RankingRun

POINTS = {"max_digits": 7, "decimal_places": 2}
PCT = {"max_digits": 7, "decimal_places": 4}


class FrameworkQuerySet(models.QuerySet):
    def for_year(self, year: int):
        return self.filter(year=year)

    def open_for_recompute(self):
        """Frameworks whose results may still change (not every report published)."""
        return self.filter(is_open=True)

    def stale(self):
        """Frameworks whose inputs changed after their last finished recompute started
        (`Framework.ranking_status`'s rule, in SQL): a queued recompute that never reached
        a worker, because the broker was down or the worker died, leaves one stale."""
        last_done = (
            RankingRun.objects.filter(
                group_id=models.OuterRef("group_id"),
                year=models.OuterRef("year"),
                status=RankingRun.Status.DONE,
            )
            .order_by("-started_at")
            .values("started_at")[:1]
        )
        return (
            self.filter(inputs_changed_at__isnull=False)
            .annotate(last_done=models.Subquery(last_done))
            .filter(Q(last_done__isnull=True) | Q(inputs_changed_at__gt=models.F("last_done")))
        )


class Framework(models.Model):
    class TiePolicy(models.TextChoices):
        COMPETITION = "competition", _("Đồng hạng, bỏ qua hạng kế tiếp (1-2-2-4)")
        DENSE = "dense", _("Đồng hạng, không bỏ hạng (1-2-2-3)")
        ORDINAL = "ordinal", _("Theo giá trị chưa làm tròn (1-2-3-4)")

    class NationalBasis(models.TextChoices):
        QD_1150 = "1150/QĐ-BNV", _("QĐ 1150/QĐ-BNV")
        QD_876 = "876/QĐ-BNV", _("QĐ 876/QĐ-BNV (2022–2030)")
        QD_892 = "892/QĐ-BNV", _("QĐ 892/QĐ-BNV (2024–2030)")
        OTHER = "other", _("Khác")

    province = models.ForeignKey(
        Province, on_delete=models.PROTECT, related_name="frameworks", verbose_name=_("tỉnh")
    )
    year = models.PositiveSmallIntegerField(_("năm đánh giá"))
    group = models.ForeignKey(
        AgencyGroup, on_delete=models.PROTECT, related_name="frameworks", verbose_name=_("khối")
    )
    name = models.CharField(_("tên bộ chỉ số"), max_length=255)
    legal_basis_no = models.CharField(
        _("số quyết định ban hành"), max_length=64, blank=True, help_text=_("Ví dụ: 3323/QĐ-UBND")
    )
    legal_basis_date = models.DateField(_("ngày ban hành"), null=True, blank=True)
    national_basis = models.CharField(
        _("căn cứ Trung ương"),
        max_length=16,
        choices=NationalBasis.choices,
        default=NationalBasis.QD_876,
    )
    total_max = models.DecimalField(_("tổng điểm tối đa"), **POINTS, default=Decimal("100"))
    tie_policy = models.CharField(
        _("cách xếp đồng hạng"),
        max_length=12,
        choices=TiePolicy.choices,
        default=TiePolicy.COMPETITION,
    )
    tie_tolerance = models.DecimalField(
        _("ngưỡng bằng điểm (%)"),
        max_digits=6,
        decimal_places=4,
        default=Decimal("0.001"),
        help_text=(
            _("Hai chỉ số chênh nhau không quá ngưỡng này được coi là bằng nhau (như Cổng DVCQG).")
        ),
    )
    continues_across_merger = models.BooleanField(
        _("nối chuỗi qua sáp nhập"),
        default=False,
        help_text=_(
            "Lấy hạng năm trước của đơn vị tiền thân khi đơn vị mới hình thành do hợp nhất."
        ),
    )
    self_assessment_deadline = models.DateTimeField(_("hạn tự đánh giá"), null=True, blank=True)
    explanation_deadline = models.DateTimeField(_("hạn giải trình"), null=True, blank=True)
    is_open = models.BooleanField(
        _("đang mở"), default=True, help_text=_("Năm còn đang chấm; kết quả còn được tính lại.")
    )
    inputs_changed_at = models.DateTimeField(
        _("dữ liệu thay đổi lúc"),
        null=True,
        blank=True,
        help_text=_("Khi điểm thay đổi sau lần tính xếp hạng gần nhất."),
    )
    is_illustrative = models.BooleanField(_("dữ liệu minh họa"), default=False)

    objects = FrameworkQuerySet.as_manager()

    class Meta:
        verbose_name = _("bộ chỉ số")
        verbose_name_plural = _("bộ chỉ số")
        ordering = ["-year", "group__order"]
        constraints = [
            models.UniqueConstraint(
                fields=["province", "year", "group"], name="framework_unique_per_group_year"
            ),
            models.CheckConstraint(
                condition=Q(total_max__gt=0), name="framework_total_max_positive"
            ),
            models.CheckConstraint(
                condition=Q(tie_tolerance__gte=0), name="framework_tolerance_non_negative"
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.year})"

    @property
    def legal_basis(self) -> str:
        if not self.legal_basis_no:
            return ""
        if self.legal_basis_date:
            return gettext("QĐ {legal_basis_no} ngày {legal_basis_date:%d/%m/%Y}").format(
                legal_basis_no=self.legal_basis_no, legal_basis_date=self.legal_basis_date
            )
        return gettext("QĐ {legal_basis_no}").format(legal_basis_no=self.legal_basis_no)

    def ranking_status(self) -> dict:
        """For the UI: {"last_run": last finished RankingRun or None, "latest": newest run of
        any status, "is_stale": inputs changed after the last finished run started}."""
        runs = RankingRun.objects.of(group_id=self.group_id, year=self.year)
        latest = runs.first()
        last = latest if latest is None or latest.status == RankingRun.Status.DONE else None
        if latest is not None and last is None:
            last = runs.done().first()
        stale = self.inputs_changed_at is not None and (
            last is None or self.inputs_changed_at > last.started_at
        )
        return {"last_run": last, "latest": latest, "is_stale": stale}

    def self_deadline_for(self, agency_id: int) -> datetime.datetime | None:
        extension = self.extensions.filter(agency_id=agency_id).first()
        if extension and extension.self_assessment_deadline:
            return extension.self_assessment_deadline
        return self.self_assessment_deadline


class DeadlineExtension(models.Model):
    """A per-agency extension of the self-assessment or explanation deadline."""

    framework = models.ForeignKey(
        Framework, on_delete=models.CASCADE, related_name="extensions", verbose_name=_("bộ chỉ số")
    )
    agency = models.ForeignKey(
        "agencies.Agency", on_delete=models.CASCADE, verbose_name=_("đơn vị")
    )
    self_assessment_deadline = models.DateTimeField(_("hạn tự đánh giá mới"), null=True, blank=True)
    explanation_deadline = models.DateTimeField(_("hạn giải trình mới"), null=True, blank=True)
    reason = models.CharField(_("lý do"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("gia hạn")
        verbose_name_plural = _("gia hạn")
        constraints = [
            models.UniqueConstraint(fields=["framework", "agency"], name="extension_unique")
        ]

    def __str__(self):
        return f"{self.agency} – {self.framework}"


class Criterion(models.Model):
    """A node of the criteria tree. Points are entered on leaves (usually sub-criteria)."""

    class Level(models.IntegerChoices):
        FIELD = 1, _("Lĩnh vực")
        CRITERION = 2, _("Tiêu chí")
        SUB_CRITERION = 3, _("Tiêu chí thành phần")

    class CountsAs(models.TextChoices):
        CONTENT = "content", _("Nội dung chấm điểm")
        BONUS = "bonus", _("Điểm thưởng")
        PENALTY = "penalty", _("Điểm trừ")

    class Rule(models.TextChoices):
        MANUAL = "manual", _("Chấm trực tiếp")
        BINARY = "binary", _("Có / không")
        TIMELINESS = "timeliness", _("Đúng hạn / muộn / không thực hiện")
        PCT_BANDS = "pct_bands", _("Theo ngưỡng tỷ lệ %")
        PROPORTIONAL = "proportional", _("Tỷ lệ × điểm tối đa (có mức trần)")

    class Source(models.TextChoices):
        """Figures the product already holds that a rule can score from
        (`indicators.rule_sources`); the inspections app provides the recommendations."""

        NONE = "", _("Đơn vị tự nhập")
        DOSSIERS_ON_TIME = "dossiers_on_time", _("Tỷ lệ hồ sơ giải quyết đúng hạn (số liệu TTHC)")
        DOSSIERS_ONLINE = "dossiers_online", _("Tỷ lệ hồ sơ tiếp nhận trực tuyến (số liệu TTHC)")
        SERVICE_INDEX = "service_index", _("Chỉ số phục vụ người dân, doanh nghiệp (QĐ 766)")
        RECOMMENDATIONS_ON_TIME = (
            "recommendations_on_time",
            _("Tỷ lệ kiến nghị kiểm tra, giám sát hoàn thành đúng hạn"),
        )
        REPORT_SUBMISSION = "report_submission", _("Ngày gửi báo cáo tự đánh giá so với hạn")

    framework = models.ForeignKey(
        Framework, on_delete=models.CASCADE, related_name="criteria", verbose_name=_("bộ chỉ số")
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("mục cha"),
    )
    # The top-level field this node belongs to (itself for a field): per-field component
    # indices are one GROUP BY on this column instead of a tree walk.
    field = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="descendants",
        verbose_name=_("lĩnh vực"),
    )
    level = models.PositiveSmallIntegerField(_("cấp"), choices=Level.choices)
    code = models.CharField(_("mã"), max_length=16, help_text=_("Ví dụ: 1.1.2"))
    name = models.CharField(_("nội dung"), max_length=500)
    max_points = models.DecimalField(_("điểm tối đa"), **POINTS)
    # Set on a field (lĩnh vực): a bonus or penalty field's leaves are lines whose points
    # add to or come off the total, up to the field's maximum (its cap); they never enter
    # the applicable maximum (`indicators.scoring`).
    counts_as = models.CharField(
        _("cách tính vào tổng"),
        max_length=8,
        choices=CountsAs.choices,
        default=CountsAs.CONTENT,
        help_text=_(
            "Điểm thưởng / điểm trừ: cộng hoặc trừ vào tổng điểm, tối đa bằng điểm tối "
            "đa của lĩnh vực; không tính vào điểm tối đa áp dụng."
        ),
    )
    rule_type = models.CharField(
        _("cách chấm"), max_length=16, choices=Rule.choices, default=Rule.MANUAL
    )
    rule_params = models.JSONField(
        _("tham số cách chấm"),
        default=dict,
        blank=True,
        help_text=(
            _(
                'Ví dụ ngưỡng %: {"bands": [[100, 2], [95, 1]]}; tỷ lệ: {"target": 80}; '
                'đúng hạn: {"late": 0.5}'
            )
        ),
    )
    source = models.CharField(
        _("nguồn số liệu"), max_length=32, choices=Source.choices, blank=True, default=""
    )
    source_params = models.JSONField(
        _("tham số nguồn số liệu"),
        default=dict,
        blank=True,
        help_text=_('Ví dụ chỉ số 766 theo nhóm: {"part": "satisfaction"}'),
    )
    evidence_required = models.BooleanField(_("bắt buộc tài liệu kiểm chứng"), default=True)
    allow_not_applicable = models.BooleanField(_("cho phép 'không áp dụng'"), default=False)
    guidance = models.TextField(_("hướng dẫn chấm"), blank=True)
    order = models.PositiveIntegerField(_("thứ tự"), default=0)

    class Meta:
        verbose_name = _("tiêu chí")
        verbose_name_plural = _("tiêu chí")
        ordering = ["framework", "order"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "code"], name="criterion_code_unique"),
            models.CheckConstraint(
                condition=Q(max_points__gte=0),
                name="criterion_max_non_negative",
                violation_error_message=_("Điểm tối đa không được âm."),
            ),
        ]
        indexes = [models.Index(fields=["framework", "field"])]

    def __str__(self):
        return f"{self.code}. {self.name}"

    def save(self, *args, **kwargs):
        if self.level == self.Level.FIELD:
            self.field_id = self.pk  # filled after the first save below
        elif self.parent_id:
            self.field_id = self.parent.field_id or self.parent_id
        super().save(*args, **kwargs)
        if self.level == self.Level.FIELD and self.field_id != self.pk:
            type(self).objects.filter(pk=self.pk).update(field_id=self.pk)
            self.field_id = self.pk

    def clean(self):
        if self.parent_id and self.parent.framework_id != self.framework_id:
            raise ValidationError({"parent": gettext("Mục cha phải thuộc cùng bộ chỉ số.")})
        if self.parent_id and self.parent.level >= self.level:
            raise ValidationError({"level": gettext("Cấp của mục con phải sâu hơn mục cha.")})
        if self.source and self.rule_type not in self.rules_for_source(self.source):
            raise ValidationError(
                {
                    "source": _("Nguồn “%(source)s” cần cách chấm %(rules)s.")
                    % {
                        "source": self.get_source_display(),
                        "rules": ", ".join(
                            str(self.Rule(r).label) for r in self.rules_for_source(self.source)
                        ),
                    }
                }
            )

    @classmethod
    def rules_for_source(cls, source: str) -> tuple[str, ...]:
        """The rule types that read what `source` gives: a date against its deadline
        (on time / late / missing), or a percentage."""
        if source == cls.Source.REPORT_SUBMISSION:
            return (cls.Rule.TIMELINESS,)
        return (cls.Rule.PCT_BANDS, cls.Rule.PROPORTIONAL)

    @property
    def is_field(self) -> bool:
        return self.level == self.Level.FIELD
