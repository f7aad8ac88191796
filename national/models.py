"""A province's PAR INDEX for a year, as Bộ Nội vụ published it."""

from django.db import models

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
        A = "A", "Nhóm A (từ 90% trở lên)"
        B = "B", "Nhóm B (từ 80% đến dưới 90%)"
        C = "C", "Nhóm C (từ 70% đến dưới 80%)"
        D = "D", "Nhóm D (dưới 70%)"

    province = models.ForeignKey(
        Province, on_delete=models.PROTECT, related_name="par_results", verbose_name="tỉnh"
    )
    year = models.PositiveSmallIntegerField("năm")
    appraisal_points = models.DecimalField(
        "điểm thẩm định", max_digits=6, decimal_places=2, null=True, blank=True
    )
    survey_points = models.DecimalField(
        "điểm điều tra xã hội học", max_digits=6, decimal_places=2, null=True, blank=True
    )
    index_pct = models.DecimalField("chỉ số PAR INDEX (%)", max_digits=6, decimal_places=2)
    rank = models.PositiveSmallIntegerField("xếp hạng", null=True, blank=True)
    province_count = models.PositiveSmallIntegerField(
        "số tỉnh xếp hạng", null=True, blank=True, help_text="63 đến năm 2024; 34 từ năm 2025."
    )
    group = models.CharField("nhóm", max_length=1, choices=Group.choices, blank=True)
    decision_no = models.CharField("quyết định công bố", max_length=64, blank=True)
    is_illustrative = models.BooleanField("minh họa", default=False)
    updated_at = models.DateTimeField("cập nhật", auto_now=True)

    objects = ParIndexResultQuerySet.as_manager()

    class Meta:
        verbose_name = "kết quả PAR INDEX"
        verbose_name_plural = "kết quả PAR INDEX"
        ordering = ["-year", models.F("rank").asc(nulls_last=True), "province__name"]
        constraints = [
            models.UniqueConstraint(fields=["province", "year"], name="par_result_once_a_year")
        ]
        indexes = [models.Index(fields=["year", "rank"])]

    def __str__(self):
        return f"{self.province} {self.year}: {self.index_pct}"
