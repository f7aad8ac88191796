"""An agency's annual self-report and its appraisal, criterion by criterion.

Workflow: draft → submitted → under appraisal → (explanation requested → under appraisal)
→ appraised → published. The explanation round is the giải trình: after round-1
appraisal the agency answers per criterion, then Sở Nội vụ appraises again (round 2).
"""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import BigIntegerField, F, Q, Sum, Value
from django.db.models.functions import Cast, Coalesce, Round
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from agencies.models import Agency, Membership

from .framework import POINTS, Criterion, Framework
from .scales import SurveyComponent


class AnnualReportQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Reports whose scores `user` may read.

        Staff and supervisors: every report of their province. A reporter: their own
        agency's reports, and other agencies' only once published.
        """
        membership = Membership.for_user(user)
        if membership is None:
            return self.none()
        mine = membership.in_province(self, "agency__province")
        if membership.role == Membership.Role.REPORTER:
            return mine.filter(
                Q(agency_id=membership.agency_id) | Q(status=AnnualReport.Status.PUBLISHED)
            )
        return mine

    def editable_by(self, user):
        """Reports `user` may write to: staff in their province, a reporter their own agency's."""
        return self.filter(agency__in=Agency.objects.editable_by(user))


class AnnualReport(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Đang tự đánh giá")
        SUBMITTED = "submitted", _("Đã gửi")
        UNDER_APPRAISAL = "under_appraisal", _("Đang thẩm định")
        EXPLANATION_REQUESTED = "explanation", _("Yêu cầu giải trình")
        APPRAISED = "appraised", _("Đã thẩm định")
        PUBLISHED = "published", _("Đã công bố")

    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="reports", verbose_name=_("đơn vị")
    )
    framework = models.ForeignKey(
        Framework, on_delete=models.PROTECT, related_name="reports", verbose_name=_("bộ chỉ số")
    )
    status = models.CharField(
        _("trạng thái"), max_length=16, choices=Status.choices, default=Status.DRAFT
    )
    appraisal_round = models.PositiveSmallIntegerField(_("vòng thẩm định"), default=1)
    note = models.TextField(_("ghi chú của đơn vị"), blank=True)
    submitted_at = models.DateTimeField(_("gửi lúc"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người gửi"),
    )
    appraised_at = models.DateTimeField(_("thẩm định xong lúc"), null=True, blank=True)
    published_at = models.DateTimeField(_("công bố lúc"), null=True, blank=True)
    # Optimistic locking: every save through the workflow bumps `version`; a form posted
    # with an older version is refused instead of silently overwriting the newer save.
    version = models.PositiveIntegerField(_("phiên bản"), default=1)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người cập nhật"),
    )
    is_illustrative = models.BooleanField(_("dữ liệu minh họa"), default=False)

    history = HistoricalRecords(verbose_name=_("lịch sử báo cáo"))
    objects = AnnualReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("báo cáo tự đánh giá")
        verbose_name_plural = _("báo cáo tự đánh giá")
        ordering = ["-framework__year", "agency__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "framework"], name="report_unique_per_framework"
            )
        ]

    def __str__(self):
        return f"{self.agency} – {self.framework.year}"

    def get_absolute_url(self):
        return reverse("indicators:report_detail", args=[self.pk])

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED


# Which score of a leaf counts, latest stage first: the final score (set when the appraisal
# closes, or by a published correction), else the latest appraisal round (round 2, after the
# agency's explanation, over round 1), else the agency's own score. `CriterionScore.points`
# reads it from a row, `CriterionScoreQuerySet.with_points()` has the database compute it:
# both from these tuples, so the rule cannot differ between Python and SQL.
APPRAISAL_ROUNDS = ("appraised_score_r2", "appraised_score")
SCORE_STAGES = ("final_score", *APPRAISAL_ROUNDS, "self_score")


def _first_entered(score, stages) -> Decimal | None:
    return next((value for value in (getattr(score, s) for s in stages) if value is not None), None)


def in_cents(total) -> Cast:
    """An aggregate of 2-decimal points as integer cents, exact on both databases:
    PostgreSQL sums numerics exactly, SQLite sums floats, whose error on such a sum stays
    far below half a cent, so ROUND(Σ × 100) is the exact sum either way."""
    return Cast(Round(total * Value(100)), BigIntegerField())


class CriterionScoreQuerySet(models.QuerySet):
    def with_points(self):
        """The rows with `points` (the score that counts) and `effective_appraised` (the
        latest appraisal round) computed by the database, from the stages the properties of
        the same names read."""
        return self.annotate(
            points=Coalesce(*SCORE_STAGES), effective_appraised=Coalesce(*APPRAISAL_ROUNDS)
        )

    def sums_by_report_and_field(self):
        """(report id, field id, points, maximum not applicable) per report and field of
        the criteria, in integer cents: the input of the index arithmetic
        (`indicators.scoring`). A row without any score counts 0; a not-applicable row
        scores nothing, and its criterion's maximum leaves the denominator (which holds
        the criteria's maxima)."""
        return (
            self.with_points()
            .values_list("report_id", "criterion__field_id")
            .annotate(
                points_cents=in_cents(Sum("points", filter=Q(not_applicable=False))),
                not_applicable_cents=in_cents(
                    Sum("criterion__max_points", filter=Q(not_applicable=True))
                ),
            )
            .order_by()
        )


class CriterionScore(models.Model):
    """Points for one leaf criterion of one report: self, round 1, explanation, round 2, final."""

    report = models.ForeignKey(
        AnnualReport, on_delete=models.CASCADE, related_name="scores", verbose_name=_("báo cáo")
    )
    criterion = models.ForeignKey(
        Criterion, on_delete=models.PROTECT, related_name="scores", verbose_name=_("tiêu chí")
    )
    # Copied from the criterion when the row is created, so the database itself can refuse
    # a score above the maximum (a CHECK cannot look into another table).
    max_points = models.DecimalField(_("điểm tối đa"), **POINTS)
    not_applicable = models.BooleanField(_("không áp dụng"), default=False)
    rule_input = models.JSONField(
        _("số liệu đầu vào"),
        null=True,
        blank=True,
        help_text=_('Ví dụ {"rate": 97.5} hoặc {"status": "late"}'),
    )
    self_score = models.DecimalField(_("điểm tự chấm"), **POINTS, null=True, blank=True)
    self_note = models.TextField(_("thuyết minh của đơn vị"), blank=True)
    # Why the self-score differs from the points computed from the criterion's source
    # (`indicators.rule_sources`); the history keeps every version of it. A database
    # default too: the demo and benchmark loaders insert score rows without naming it.
    override_reason = models.TextField(
        _("lý do khác điểm tính từ số liệu"), blank=True, default="", db_default=""
    )
    missing_evidence_reason = models.TextField(_("lý do chưa có tài liệu kiểm chứng"), blank=True)
    appraised_score = models.DecimalField(
        _("điểm thẩm định vòng 1"), **POINTS, null=True, blank=True
    )
    appraiser_comment = models.TextField(_("ý kiến thẩm định"), blank=True)
    explanation = models.TextField(_("giải trình của đơn vị"), blank=True)
    appraised_score_r2 = models.DecimalField(
        _("điểm thẩm định vòng 2"), **POINTS, null=True, blank=True
    )
    appraiser_comment_r2 = models.TextField(_("ý kiến thẩm định vòng 2"), blank=True)
    final_score = models.DecimalField(_("điểm đạt"), **POINTS, null=True, blank=True)

    history = HistoricalRecords(verbose_name=_("lịch sử điểm"))
    objects = CriterionScoreQuerySet.as_manager()

    class Meta:
        verbose_name = _("điểm tiêu chí")
        verbose_name_plural = _("điểm tiêu chí")
        ordering = ["report", "criterion__order"]
        constraints = [
            models.UniqueConstraint(
                fields=["report", "criterion"], name="score_unique_per_criterion"
            ),
            models.CheckConstraint(
                condition=Q(max_points__gte=0),
                name="score_max_non_negative",
                violation_error_message=_("Điểm tối đa không được âm."),
            ),
        ] + [
            models.CheckConstraint(
                condition=Q(**{f"{field}__isnull": True})
                | (Q(**{f"{field}__gte": 0}) & Q(**{f"{field}__lte": F("max_points")})),
                name=f"{field}_within_max",
                violation_error_message=(
                    _("Điểm phải nằm trong khoảng từ 0 đến điểm tối đa của tiêu chí.")
                ),
            )
            for field in ("self_score", "appraised_score", "appraised_score_r2", "final_score")
        ]

    def __str__(self):
        return f"{self.report} – {self.criterion.code}"

    def save(self, *args, **kwargs):
        if self.max_points is None and self.criterion_id:
            self.max_points = self.criterion.max_points
        super().save(*args, **kwargs)

    @property
    def points(self) -> Decimal | None:
        """The score that counts (`SCORE_STAGES`); None while no stage has one."""
        return _first_entered(self, SCORE_STAGES)

    @property
    def effective_appraised(self) -> Decimal | None:
        """The latest appraised score: round 2 when there was one (`APPRAISAL_ROUNDS`)."""
        return _first_entered(self, APPRAISAL_ROUNDS)

    # Rows of `with_points()` arrive with the database's value of the same rule over the
    # same columns. Nothing is kept: the properties follow a stage changed afterwards.
    @points.setter
    def points(self, value):
        pass

    @effective_appraised.setter
    def effective_appraised(self, value):
        pass

    @property
    def appraisal_differs(self) -> bool:
        return (
            self.effective_appraised is not None
            and self.self_score is not None
            and self.effective_appraised != self.self_score
        )


def short_file_name(filename: str, limit: int = 200) -> str:
    """`filename` cut to `limit` UTF-8 bytes, its extension kept. File systems refuse a
    name over 255 bytes (Errno 36), a Vietnamese letter takes two or three, and the
    storage may add "_abc1234" to a name already taken: 200 leaves room for that."""
    stem, dot, extension = filename.rpartition(".")
    if not dot:
        stem, extension = filename, ""
    extension = extension[:16]
    room = limit - len(extension.encode()) - len(dot)
    stem = stem.encode()[:room].decode("utf-8", errors="ignore") or "tep"
    return f"{stem}{dot}{extension}"


def evidence_path(instance, filename):
    report = instance.score.report
    return f"evidence/{report.framework.year}/{report.agency_id}/{short_file_name(filename)}"


class Evidence(models.Model):
    """A tài liệu kiểm chứng for one criterion score. Private: served only by a checked view."""

    score = models.ForeignKey(
        CriterionScore,
        on_delete=models.CASCADE,
        related_name="evidence",
        verbose_name=_("điểm tiêu chí"),
    )
    file = models.FileField(_("tệp"), upload_to=evidence_path, max_length=300)
    original_name = models.CharField(_("tên tệp"), max_length=255)
    size = models.PositiveIntegerField(_("dung lượng (byte)"), default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("người tải lên"),
    )
    uploaded_at = models.DateTimeField(_("tải lên lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("tài liệu kiểm chứng")
        verbose_name_plural = _("tài liệu kiểm chứng")
        ordering = ["uploaded_at"]

    def __str__(self):
        return self.original_name


class SurveyScore(models.Model):
    """Survey points of one report for one survey component, entered by Sở Nội vụ."""

    report = models.ForeignKey(
        AnnualReport,
        on_delete=models.CASCADE,
        related_name="survey_scores",
        verbose_name=_("báo cáo"),
    )
    component = models.ForeignKey(
        SurveyComponent,
        on_delete=models.PROTECT,
        related_name="scores",
        verbose_name=_("thành phần"),
    )
    max_points = models.DecimalField(_("điểm tối đa"), **POINTS)
    points = models.DecimalField(_("điểm"), **POINTS)

    history = HistoricalRecords(verbose_name=_("lịch sử điểm điều tra"))

    class Meta:
        verbose_name = _("điểm điều tra XHH")
        verbose_name_plural = _("điểm điều tra XHH")
        constraints = [
            models.UniqueConstraint(fields=["report", "component"], name="survey_score_unique"),
            models.CheckConstraint(
                condition=Q(points__gte=0) & Q(points__lte=F("max_points")),
                name="survey_points_within_max",
                violation_error_message=_(
                    "Điểm điều tra phải nằm trong khoảng từ 0 đến điểm tối đa."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.report} – {self.component.code}"

    def save(self, *args, **kwargs):
        if self.max_points is None and self.component_id:
            self.max_points = self.component.max_points
        super().save(*args, **kwargs)
