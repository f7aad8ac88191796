"""A province's PAR INDEX for a year, as Bộ Nội vụ published it."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from agencies.models import Province


class ParIndexResultQuerySet(models.QuerySet):
    def years(self) -> list[int]:
        """Years with results, latest first."""
        return list(self.order_by("-year").values_list("year", flat=True).distinct())


class ParIndexResult(models.Model):
    """One row of the national PAR INDEX table (Bộ Nội vụ's decision for a year).

    Appraisal points + survey points = the index, out of 100; values are kept as
    published, even when the published total does not reproduce from its parts (a
    warning at import, never a correction). Provinces are ranked among those existing
    that year (63 until 2024, 34 from 2025) and placed in groups A/B/C/D.
    """

    class Group(models.TextChoices):
        A = "A", _("Nhóm A (từ 90% trở lên)")
        B = "B", _("Nhóm B (từ 80% đến dưới 90%)")
        C = "C", _("Nhóm C (từ 70% đến dưới 80%)")
        D = "D", _("Nhóm D (dưới 70%)")

    province = models.ForeignKey(
        Province, on_delete=models.PROTECT, related_name="par_results", verbose_name=_("tỉnh")
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    appraisal_points = models.DecimalField(
        _("điểm thẩm định"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    survey_points = models.DecimalField(
        _("điểm điều tra xã hội học"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    index_pct = models.DecimalField(_("chỉ số PAR INDEX (%)"), max_digits=6, decimal_places=2)
    rank = models.PositiveSmallIntegerField(_("xếp hạng"), null=True, blank=True)
    province_count = models.PositiveSmallIntegerField(
        _("số tỉnh xếp hạng"),
        null=True,
        blank=True,
        help_text=_("63 đến năm 2024; 34 từ năm 2025."),
    )
    group = models.CharField(_("nhóm"), max_length=1, choices=Group.choices, blank=True)
    decision_no = models.CharField(_("quyết định công bố"), max_length=64, blank=True)
    is_illustrative = models.BooleanField(_("minh họa"), default=False)
    updated_at = models.DateTimeField(_("cập nhật"), auto_now=True)

    objects = ParIndexResultQuerySet.as_manager()

    class Meta:
        verbose_name = _("kết quả PAR INDEX")
        verbose_name_plural = _("kết quả PAR INDEX")
        ordering = ["-year", models.F("rank").asc(nulls_last=True), "province__name"]
        constraints = [
            models.UniqueConstraint(fields=["province", "year"], name="par_result_once_a_year")
        ]
        indexes = [models.Index(fields=["year", "rank"])]

    def __str__(self):
        return f"{self.province} {self.year}: {self.index_pct}"
