"""The scales a framework's index is read on: its bands (with their field minima), an
agency's own applicable maximum where the decision sets one, and the survey components
(điều tra xã hội học) that add to the points."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .framework import POINTS, Framework


class Band(models.Model):
    """A classification band (Xuất sắc, Tốt, Khá, …). Thresholds differ by province and year."""

    framework = models.ForeignKey(
        Framework, on_delete=models.CASCADE, related_name="bands", verbose_name=_("bộ chỉ số")
    )
    name = models.CharField(_("xếp loại"), max_length=32)
    lower = models.DecimalField(
        _("từ (%)"), max_digits=6, decimal_places=2, help_text=_("Cận dưới, tính cả giá trị bằng.")
    )
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    color = models.CharField(
        _("màu"), max_length=9, blank=True, help_text=_("Mã màu, ví dụ #1a7f37")
    )
    field_minimum = models.DecimalField(
        _("không lĩnh vực nào dưới (%)"),
        max_digits=6,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_(
            "Điều kiện thêm của xếp loại: chỉ số thành phần của mọi lĩnh vực phải đạt "
            "ít nhất mức này (ví dụ Nhóm 1: ≥ 90% và không lĩnh vực nào dưới 80%)."
        ),
    )

    class Meta:
        verbose_name = _("xếp loại")
        verbose_name_plural = _("xếp loại")
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
            return gettext("{name} (≥ {lower}%, mọi lĩnh vực ≥ {field_minimum}%)").format(
                name=self.name, lower=self.lower, field_minimum=self.field_minimum
            )
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
        verbose_name=_("bộ chỉ số"),
    )
    agency = models.ForeignKey(
        "agencies.Agency", on_delete=models.CASCADE, related_name="+", verbose_name=_("đơn vị")
    )
    max_points = models.DecimalField(_("điểm tối đa áp dụng"), **POINTS)
    reason = models.CharField(
        _("căn cứ"), max_length=255, blank=True, help_text=_("Ví dụ: không có thủ tục hành chính")
    )

    class Meta:
        verbose_name = _("điểm tối đa áp dụng riêng")
        verbose_name_plural = _("điểm tối đa áp dụng riêng")
        constraints = [
            models.UniqueConstraint(
                fields=["framework", "agency"], name="applicable_maximum_unique"
            ),
            models.CheckConstraint(
                condition=Q(max_points__gt=0),
                name="applicable_maximum_positive",
                violation_error_message=_("Điểm tối đa áp dụng phải lớn hơn 0."),
            ),
        ]

    def __str__(self):
        return f"{self.agency} – {self.framework}: {self.max_points}"

    def clean(self):
        if self.framework_id and self.max_points and self.max_points > self.framework.total_max:
            raise ValidationError(
                {"max_points": gettext("Điểm tối đa áp dụng không được vượt tổng điểm tối đa.")}
            )


class SurveyComponent(models.Model):
    """Points that come from sociological surveys (ĐTXHH), added on top of appraisal."""

    class Code(models.TextChoices):
        CCHC_SURVEY = "cchc_survey", _("ĐTXHH về CCHC")
        SATISFACTION = "satisfaction", _("Mức độ hài lòng (SIPAS/MĐHL)")
        LEADERS = "leaders", _("Khảo sát lãnh đạo, quản lý")
        IMPACT = "impact", _("Tác động đến phát triển KT-XH")

    framework = models.ForeignKey(
        Framework,
        on_delete=models.CASCADE,
        related_name="survey_components",
        verbose_name=_("bộ chỉ số"),
    )
    code = models.CharField(_("mã"), max_length=16, choices=Code.choices)
    name = models.CharField(_("tên"), max_length=128)
    max_points = models.DecimalField(_("điểm tối đa"), **POINTS)
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    class Meta:
        verbose_name = _("thành phần điều tra XHH")
        verbose_name_plural = _("thành phần điều tra XHH")
        ordering = ["framework", "order"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "code"], name="survey_component_unique"),
            models.CheckConstraint(condition=Q(max_points__gt=0), name="survey_max_positive"),
        ]

    def __str__(self):
        return f"{self.name} ({self.max_points})"
