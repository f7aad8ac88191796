"""The scales a framework's index is read on: its bands (with their field minima), an
agency's own applicable maximum where the decision sets one, and the survey components
(điều tra xã hội học) that add to the points."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from .framework import POINTS, Framework


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
