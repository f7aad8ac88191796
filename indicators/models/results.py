"""What the province publishes: index results, ranks and dated editions."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from agencies.models import Agency, AgencyGroup

from .framework import PCT, POINTS, Framework


class PublishedEdition(models.Model):
    """A dated, frozen edition of a framework's results: the publication or a correction.

    Published numbers never change in place; a correction (điều chỉnh) is a new edition with
    its own decision number and reason, pointing at the one it supersedes.
    """

    class Kind(models.TextChoices):
        PUBLICATION = "publication", _("Công bố")
        ADJUSTMENT = "adjustment", _("Điều chỉnh")
        IMPORT = "import", _("Nhập từ quyết định đã công bố")

    framework = models.ForeignKey(
        Framework, on_delete=models.PROTECT, related_name="editions", verbose_name=_("bộ chỉ số")
    )
    kind = models.CharField(
        _("loại"), max_length=12, choices=Kind.choices, default=Kind.PUBLICATION
    )
    decision_no = models.CharField(
        _("số quyết định"), max_length=64, help_text=_("Ví dụ: 3349/QĐ-UBND")
    )
    decision_date = models.DateField(_("ngày quyết định"))
    reason = models.TextField(_("lý do điều chỉnh"), blank=True)
    supersedes = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="superseded_by",
        verbose_name=_("thay thế bản"),
    )
    created_at = models.DateTimeField(_("tạo lúc"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người công bố"),
    )
    content = models.JSONField(_("nội dung đã công bố"), default=dict)
    content_hash = models.CharField(_("mã băm SHA-256"), max_length=64)

    class Meta:
        verbose_name = _("bản công bố")
        verbose_name_plural = _("bản công bố")
        ordering = ["framework", "created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["framework", "decision_no"], name="edition_decision_unique"
            ),
            models.CheckConstraint(
                condition=~Q(kind="adjustment") | Q(supersedes__isnull=False),
                name="adjustment_supersedes_an_edition",
                violation_error_message=_("Bản điều chỉnh phải chỉ rõ bản công bố bị thay thế."),
            ),
        ]

    def __str__(self):
        return gettext("QĐ {decision_no} ngày {decision_date:%d/%m/%Y}").format(
            decision_no=self.decision_no, decision_date=self.decision_date
        )


class IndexResultQuerySet(models.QuerySet):
    def for_group_year(self, *, group, year):
        return self.filter(framework__group=group, framework__year=year)

    def ranked(self):
        return self.filter(rank__isnull=False)

    def with_discrepancy(self):
        return self.filter(has_discrepancy=True)


class IndexResult(models.Model):
    """An agency's index for one framework: recomputed values beside published ones.

    `index_pct`, `rank`, `band` are what the engine computes from scores. Where the province
    published a result (or one was imported from a decision), `published_*` keep those
    values verbatim and are what the dashboard shows; `has_discrepancy` flags a difference
    of more than 0.01 between the two.
    """

    framework = models.ForeignKey(
        Framework, on_delete=models.CASCADE, related_name="results", verbose_name=_("bộ chỉ số")
    )
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="results", verbose_name=_("đơn vị")
    )
    report = models.OneToOneField(
        "indicators.AnnualReport",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="result",
        verbose_name=_("báo cáo"),
    )
    evidence_points = models.DecimalField(
        _("điểm thẩm định qua tài liệu"), **POINTS, null=True, blank=True
    )
    survey_points = models.DecimalField(_("điểm điều tra XHH"), **POINTS, null=True, blank=True)
    # Counted within their caps; empty when the framework has no bonus or penalty lines.
    bonus_points = models.DecimalField(_("điểm thưởng"), **POINTS, null=True, blank=True)
    penalty_points = models.DecimalField(_("điểm trừ"), **POINTS, null=True, blank=True)
    total_points = models.DecimalField(_("tổng điểm"), **POINTS, null=True, blank=True)
    applicable_max = models.DecimalField(_("điểm tối đa áp dụng"), **POINTS, null=True, blank=True)
    index_pct = models.DecimalField(_("chỉ số CCHC (%)"), **PCT, null=True, blank=True)
    # {"1": {"points": "8.50", "max": "9.50", "pct": "89.4737"}, ...} keyed by field code
    components = models.JSONField(_("chỉ số thành phần"), default=dict, blank=True)
    satisfaction_pct = models.DecimalField(_("chỉ số hài lòng (%)"), **PCT, null=True, blank=True)
    band = models.CharField(_("xếp loại"), max_length=32, blank=True)
    rank = models.PositiveIntegerField(_("xếp hạng"), null=True, blank=True)
    group_size = models.PositiveIntegerField(_("số đơn vị trong khối"), null=True, blank=True)
    previous_rank = models.PositiveIntegerField(_("xếp hạng năm trước"), null=True, blank=True)
    previous_index_pct = models.DecimalField(
        _("chỉ số năm trước (%)"), **PCT, null=True, blank=True
    )
    rank_change = models.IntegerField(
        _("thay đổi hạng"), null=True, blank=True, help_text=_("Dương là tăng hạng.")
    )

    is_published = models.BooleanField(_("đã công bố"), default=False)
    edition = models.ForeignKey(
        PublishedEdition,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="results",
        verbose_name=_("bản công bố"),
    )
    published_index_pct = models.DecimalField(
        _("chỉ số đã công bố (%)"), **PCT, null=True, blank=True
    )
    published_rank = models.PositiveIntegerField(_("hạng đã công bố"), null=True, blank=True)
    published_band = models.CharField(_("xếp loại đã công bố"), max_length=32, blank=True)
    published_total_points = models.DecimalField(
        _("tổng điểm đã công bố"), **POINTS, null=True, blank=True
    )
    published_satisfaction_pct = models.DecimalField(
        _("chỉ số hài lòng đã công bố (%)"), **PCT, null=True, blank=True
    )
    published_raw = models.JSONField(_("giá trị gốc đã công bố"), default=dict, blank=True)
    has_discrepancy = models.BooleanField(_("lệch so với công bố"), default=False)
    computed_at = models.DateTimeField(_("tính lúc"), null=True, blank=True)
    is_illustrative = models.BooleanField(_("dữ liệu minh họa"), default=False)

    history = HistoricalRecords(verbose_name=_("lịch sử kết quả"))
    objects = IndexResultQuerySet.as_manager()

    class Meta:
        verbose_name = _("kết quả chỉ số")
        verbose_name_plural = _("kết quả chỉ số")
        ordering = ["framework", "rank", "agency__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["framework", "agency"], name="result_unique_per_framework"
            ),
            models.CheckConstraint(
                condition=Q(index_pct__isnull=True) | (Q(index_pct__gte=0) & Q(index_pct__lte=100)),
                name="result_index_in_range",
                violation_error_message=_("Chỉ số phải nằm trong khoảng 0–100%%."),
            ),
            models.CheckConstraint(
                condition=Q(published_index_pct__isnull=True)
                | (Q(published_index_pct__gte=0) & Q(published_index_pct__lte=100)),
                name="result_published_index_in_range",
                violation_error_message=_("Chỉ số đã công bố phải nằm trong khoảng 0–100%%."),
            ),
            models.CheckConstraint(
                condition=Q(total_points__isnull=True)
                | Q(applicable_max__isnull=True)
                | Q(total_points__lte=F("applicable_max")),
                name="result_total_within_max",
                violation_error_message=_("Tổng điểm không được vượt điểm tối đa áp dụng."),
            ),
            models.CheckConstraint(
                condition=Q(rank__isnull=True)
                | Q(group_size__isnull=True)
                | Q(rank__lte=F("group_size")),
                name="result_rank_within_group",
            ),
        ]
        indexes = [models.Index(fields=["agency", "framework"])]

    def __str__(self):
        return f"{self.agency} – {self.framework.year}: {self.shown_index_pct}"

    @property
    def shown_index_pct(self):
        """What the dashboard shows: the published value where one exists."""
        return self.published_index_pct if self.published_index_pct is not None else self.index_pct

    @property
    def shown_rank(self):
        return self.published_rank if self.published_rank is not None else self.rank

    @property
    def shown_band(self) -> str:
        return self.published_band or self.band

    @property
    def rank_label(self) -> str:
        """ "13/17", the way provincial reports say it."""
        if self.shown_rank is None:
            return "—"
        return f"{self.shown_rank}/{self.group_size}" if self.group_size else str(self.shown_rank)


class PendingTotals(models.Model):
    """A report whose scored inputs changed after its result's totals were last written.

    Written only by database triggers (`indicators.triggers`), so every writer counts: a
    form, a QuerySet.update(), an importer's bulk write, the demo loader's raw SQL, psql.
    The recompute claims (deletes) its framework's rows and sums only those reports again;
    a rolled-back recompute puts them back. One row per report however many changes.
    No database foreign key: deleting a report first deletes its scores, whose trigger
    marks the report once more; a trigger on the report's own deletion removes that mark.
    """

    report = models.OneToOneField(
        "indicators.AnnualReport",
        on_delete=models.DO_NOTHING,
        primary_key=True,
        db_constraint=False,
        related_name="+",
        verbose_name=_("báo cáo"),
    )

    class Meta:
        verbose_name = _("báo cáo chờ tính lại điểm")
        verbose_name_plural = _("báo cáo chờ tính lại điểm")

    def __str__(self):
        return gettext("Báo cáo {report_id} chờ tính lại").format(report_id=self.report_id)


class RateResult(models.Model):
    """A dossier rate of an agency for a year (on-time, online), ranked inside its group."""

    class Metric(models.TextChoices):
        ON_TIME = "on_time", _("Tỷ lệ hồ sơ đúng hạn")
        ONLINE = "online", _("Tỷ lệ hồ sơ trực tuyến")

    agency = models.ForeignKey(
        Agency, on_delete=models.CASCADE, related_name="rate_results", verbose_name=_("đơn vị")
    )
    group = models.ForeignKey(
        AgencyGroup, on_delete=models.CASCADE, related_name="rate_results", verbose_name=_("khối")
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    metric = models.CharField(_("chỉ tiêu"), max_length=12, choices=Metric.choices)
    numerator = models.PositiveIntegerField(_("tử số"))
    denominator = models.PositiveIntegerField(_("mẫu số"))
    rate_pct = models.DecimalField(_("tỷ lệ (%)"), **PCT)
    formula = models.CharField(_("công thức"), max_length=32)
    rank = models.PositiveIntegerField(_("xếp hạng"), null=True, blank=True)
    group_size = models.PositiveIntegerField(_("số đơn vị trong khối"), null=True, blank=True)

    class Meta:
        verbose_name = _("xếp hạng tỷ lệ hồ sơ")
        verbose_name_plural = _("xếp hạng tỷ lệ hồ sơ")
        ordering = ["year", "metric", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "year", "metric"], name="rate_result_unique"),
            models.CheckConstraint(
                condition=Q(numerator__lte=F("denominator")),
                name="rate_numerator_within_denominator",
            ),
        ]

    def __str__(self):
        return f"{self.agency} {self.year} {self.metric}: {self.rate_pct}"
