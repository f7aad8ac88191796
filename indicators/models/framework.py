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
        COMPETITION = "competition", "Đồng hạng, bỏ qua hạng kế tiếp (1-2-2-4)"
        DENSE = "dense", "Đồng hạng, không bỏ hạng (1-2-2-3)"
        ORDINAL = "ordinal", "Theo giá trị chưa làm tròn (1-2-3-4)"

    class NationalBasis(models.TextChoices):
        QD_1150 = "1150/QĐ-BNV", "QĐ 1150/QĐ-BNV"
        QD_876 = "876/QĐ-BNV", "QĐ 876/QĐ-BNV (2022–2030)"
        QD_892 = "892/QĐ-BNV", "QĐ 892/QĐ-BNV (2024–2030)"
        OTHER = "other", "Khác"

    province = models.ForeignKey(
        Province, on_delete=models.PROTECT, related_name="frameworks", verbose_name="tỉnh"
    )
    year = models.PositiveSmallIntegerField("năm đánh giá")
    group = models.ForeignKey(
        AgencyGroup, on_delete=models.PROTECT, related_name="frameworks", verbose_name="khối"
    )
    name = models.CharField("tên bộ chỉ số", max_length=255)
    legal_basis_no = models.CharField(
        "số quyết định ban hành", max_length=64, blank=True, help_text="Ví dụ: 3323/QĐ-UBND"
    )
    legal_basis_date = models.DateField("ngày ban hành", null=True, blank=True)
    national_basis = models.CharField(
        "căn cứ Trung ương",
        max_length=16,
        choices=NationalBasis.choices,
        default=NationalBasis.QD_876,
    )
    total_max = models.DecimalField("tổng điểm tối đa", **POINTS, default=Decimal("100"))
    tie_policy = models.CharField(
        "cách xếp đồng hạng",
        max_length=12,
        choices=TiePolicy.choices,
        default=TiePolicy.COMPETITION,
    )
    tie_tolerance = models.DecimalField(
        "ngưỡng bằng điểm (%)",
        max_digits=6,
        decimal_places=4,
        default=Decimal("0.001"),
        help_text="Hai chỉ số chênh nhau không quá ngưỡng này được coi là bằng nhau (như Cổng DVCQG).",
    )
    continues_across_merger = models.BooleanField(
        "nối chuỗi qua sáp nhập",
        default=False,
        help_text="Lấy hạng năm trước của đơn vị tiền thân khi đơn vị mới hình thành do hợp nhất.",
    )
    self_assessment_deadline = models.DateTimeField("hạn tự đánh giá", null=True, blank=True)
    explanation_deadline = models.DateTimeField("hạn giải trình", null=True, blank=True)
    is_open = models.BooleanField(
        "đang mở", default=True, help_text="Năm còn đang chấm; kết quả còn được tính lại."
    )
    inputs_changed_at = models.DateTimeField(
        "dữ liệu thay đổi lúc",
        null=True,
        blank=True,
        help_text="Khi điểm thay đổi sau lần tính xếp hạng gần nhất.",
    )
    is_illustrative = models.BooleanField("dữ liệu minh họa", default=False)

    objects = FrameworkQuerySet.as_manager()

    class Meta:
        verbose_name = "bộ chỉ số"
        verbose_name_plural = "bộ chỉ số"
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
            return f"QĐ {self.legal_basis_no} ngày {self.legal_basis_date:%d/%m/%Y}"
        return f"QĐ {self.legal_basis_no}"

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
        Framework, on_delete=models.CASCADE, related_name="extensions", verbose_name="bộ chỉ số"
    )
    agency = models.ForeignKey("agencies.Agency", on_delete=models.CASCADE, verbose_name="đơn vị")
    self_assessment_deadline = models.DateTimeField("hạn tự đánh giá mới", null=True, blank=True)
    explanation_deadline = models.DateTimeField("hạn giải trình mới", null=True, blank=True)
    reason = models.CharField("lý do", max_length=255, blank=True)

    class Meta:
        verbose_name = "gia hạn"
        verbose_name_plural = "gia hạn"
        constraints = [
            models.UniqueConstraint(fields=["framework", "agency"], name="extension_unique")
        ]

    def __str__(self):
        return f"{self.agency} – {self.framework}"


class Criterion(models.Model):
    """A node of the criteria tree. Points are entered on leaves (usually sub-criteria)."""

    class Level(models.IntegerChoices):
        FIELD = 1, "Lĩnh vực"
        CRITERION = 2, "Tiêu chí"
        SUB_CRITERION = 3, "Tiêu chí thành phần"

    class CountsAs(models.TextChoices):
        CONTENT = "content", "Nội dung chấm điểm"
        BONUS = "bonus", "Điểm thưởng"
        PENALTY = "penalty", "Điểm trừ"

    class Rule(models.TextChoices):
        MANUAL = "manual", "Chấm trực tiếp"
        BINARY = "binary", "Có / không"
        TIMELINESS = "timeliness", "Đúng hạn / muộn / không thực hiện"
        PCT_BANDS = "pct_bands", "Theo ngưỡng tỷ lệ %"
        PROPORTIONAL = "proportional", "Tỷ lệ × điểm tối đa (có mức trần)"

    framework = models.ForeignKey(
        Framework, on_delete=models.CASCADE, related_name="criteria", verbose_name="bộ chỉ số"
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="children",
        verbose_name="mục cha",
    )
    # The top-level field this node belongs to (itself for a field): per-field component
    # indices are one GROUP BY on this column instead of a tree walk.
    field = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="descendants",
        verbose_name="lĩnh vực",
    )
    level = models.PositiveSmallIntegerField("cấp", choices=Level.choices)
    code = models.CharField("mã", max_length=16, help_text="Ví dụ: 1.1.2")
    name = models.CharField("nội dung", max_length=500)
    max_points = models.DecimalField("điểm tối đa", **POINTS)
    # Set on a field (lĩnh vực): a bonus or penalty field's leaves are lines whose points
    # add to or come off the total, up to the field's maximum (its cap); they never enter
    # the applicable maximum (`indicators.scoring`).
    counts_as = models.CharField(
        "cách tính vào tổng",
        max_length=8,
        choices=CountsAs.choices,
        default=CountsAs.CONTENT,
        help_text="Điểm thưởng / điểm trừ: cộng hoặc trừ vào tổng điểm, tối đa bằng điểm tối "
        "đa của lĩnh vực; không tính vào điểm tối đa áp dụng.",
    )
    rule_type = models.CharField(
        "cách chấm", max_length=16, choices=Rule.choices, default=Rule.MANUAL
    )
    rule_params = models.JSONField(
        "tham số cách chấm",
        default=dict,
        blank=True,
        help_text='Ví dụ ngưỡng %: {"bands": [[100, 2], [95, 1]]}; tỷ lệ: {"target": 80}; đúng hạn: {"late": 0.5}',
    )
    evidence_required = models.BooleanField("bắt buộc tài liệu kiểm chứng", default=True)
    allow_not_applicable = models.BooleanField("cho phép 'không áp dụng'", default=False)
    guidance = models.TextField("hướng dẫn chấm", blank=True)
    order = models.PositiveIntegerField("thứ tự", default=0)

    class Meta:
        verbose_name = "tiêu chí"
        verbose_name_plural = "tiêu chí"
        ordering = ["framework", "order"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "code"], name="criterion_code_unique"),
            models.CheckConstraint(
                condition=Q(max_points__gte=0),
                name="criterion_max_non_negative",
                violation_error_message="Điểm tối đa không được âm.",
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
            raise ValidationError({"parent": "Mục cha phải thuộc cùng bộ chỉ số."})
        if self.parent_id and self.parent.level >= self.level:
            raise ValidationError({"level": "Cấp của mục con phải sâu hơn mục cha."})
        if self.counts_as != self.CountsAs.CONTENT and self.level != self.Level.FIELD:
            raise ValidationError(
                {
                    "counts_as": (
                        "Chỉ lĩnh vực mới là điểm thưởng hoặc điểm trừ; mục con theo lĩnh vực."
                    )
                }
            )

    @property
    def is_field(self) -> bool:
        return self.level == self.Level.FIELD


class Band(models.Model):
    """A classification band (Xuất sắc, Tốt, Khá, …). Thresholds differ by province and year."""

    framework = models.ForeignKey(
        Framework, on_delete=models.CASCADE, related_name="bands", verbose_name="bộ chỉ số"
    )
    name = models.CharField("xếp loại", max_length=32)
    lower = models.DecimalField(
        "từ (%)", max_digits=6, decimal_places=2, help_text="Cận dưới, tính cả giá trị bằng."
    )
    field_minimum = models.DecimalField(
        "không lĩnh vực nào dưới (%)",
        max_digits=6,
        decimal_places=2,
        null=True,
        blank=True,
        help_text="Điều kiện thêm của xếp loại: chỉ số thành phần của mọi lĩnh vực phải đạt "
        "ít nhất mức này (ví dụ Nhóm 1: ≥ 90% và không lĩnh vực nào dưới 80%).",
    )
    order = models.PositiveSmallIntegerField("thứ tự", default=0)
    color = models.CharField("màu", max_length=9, blank=True, help_text="Mã màu, ví dụ #1a7f37")

    class Meta:
        verbose_name = "xếp loại"
        verbose_name_plural = "xếp loại"
        ordering = ["framework", "-lower"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "name"], name="band_name_unique"),
            models.UniqueConstraint(fields=["framework", "lower"], name="band_lower_unique"),
            models.CheckConstraint(
                condition=Q(lower__gte=0) & Q(lower__lte=100), name="band_lower_in_range"
            ),
            models.CheckConstraint(
                condition=Q(field_minimum__isnull=True)
                | (Q(field_minimum__gte=0) & Q(field_minimum__lte=100)),
                name="band_field_minimum_in_range",
            ),
        ]

    def __str__(self):
        if self.field_minimum is not None:
            return f"{self.name} (≥ {self.lower}%, mọi lĩnh vực ≥ {self.field_minimum}%)"
        return f"{self.name} (≥ {self.lower}%)"

    @property
    def rule(self) -> tuple:
        """(lower bound, name, field minimum or None): what `scoring.band_of` reads."""
        return (self.lower, self.name, self.field_minimum)


class ApplicableMaximum(models.Model):
    """An agency's own applicable maximum in one framework, below the framework's, as the
    decision sets it (Ban Dân tộc scored of 84 points where the others are of 100): the
    index is its total over this maximum."""

    framework = models.ForeignKey(
        Framework,
        on_delete=models.CASCADE,
        related_name="agency_maxima",
        verbose_name="bộ chỉ số",
    )
    agency = models.ForeignKey(
        "agencies.Agency", on_delete=models.CASCADE, related_name="+", verbose_name="đơn vị"
    )
    max_points = models.DecimalField("điểm tối đa áp dụng", **POINTS)
    reason = models.CharField(
        "căn cứ", max_length=255, blank=True, help_text="Ví dụ: không có thủ tục hành chính"
    )

    class Meta:
        verbose_name = "điểm tối đa áp dụng riêng"
        verbose_name_plural = "điểm tối đa áp dụng riêng"
        constraints = [
            models.UniqueConstraint(
                fields=["framework", "agency"], name="applicable_maximum_unique"
            ),
            models.CheckConstraint(
                condition=Q(max_points__gt=0),
                name="applicable_maximum_positive",
                violation_error_message="Điểm tối đa áp dụng phải lớn hơn 0.",
            ),
        ]

    def __str__(self):
        return f"{self.agency} – {self.framework}: {self.max_points}"

    def clean(self):
        if self.framework_id and self.max_points and self.max_points > self.framework.total_max:
            raise ValidationError(
                {"max_points": "Điểm tối đa áp dụng không được vượt tổng điểm tối đa."}
            )


class SurveyComponent(models.Model):
    """Points that come from sociological surveys (ĐTXHH), added on top of appraisal."""

    class Code(models.TextChoices):
        CCHC_SURVEY = "cchc_survey", "ĐTXHH về CCHC"
        SATISFACTION = "satisfaction", "Mức độ hài lòng (SIPAS/MĐHL)"
        LEADERS = "leaders", "Khảo sát lãnh đạo, quản lý"
        IMPACT = "impact", "Tác động đến phát triển KT-XH"

    framework = models.ForeignKey(
        Framework,
        on_delete=models.CASCADE,
        related_name="survey_components",
        verbose_name="bộ chỉ số",
    )
    code = models.CharField("mã", max_length=16, choices=Code.choices)
    name = models.CharField("tên", max_length=128)
    max_points = models.DecimalField("điểm tối đa", **POINTS)
    order = models.PositiveSmallIntegerField("thứ tự", default=0)

    class Meta:
        verbose_name = "thành phần điều tra XHH"
        verbose_name_plural = "thành phần điều tra XHH"
        ordering = ["framework", "order"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "code"], name="survey_component_unique"),
            models.CheckConstraint(condition=Q(max_points__gt=0), name="survey_max_positive"),
        ]

    def __str__(self):
        return f"{self.name} ({self.max_points})"
