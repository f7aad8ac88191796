"""Inspections by Sở Nội vụ and supervisions by HĐND, down to recommendations followed up.

Plan ("Kế hoạch số 1296/KH-SNV") → Visit (one visit may cover several agencies, e.g.
Sở Xây dựng and Sở GTVT on 25/10/2022) → Finding (achievement or shortcoming, optionally
tied to an index criterion or a procedure indicator) → Recommendation (kiến nghị) with
updates posted by the addressee and completion confirmed by the issuing body.
"""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from agencies.models import Agency, Membership, Province
from indicators.models import Criterion
from indicators.models.reports import short_file_name

# Who issues what: Sở Nội vụ staff run inspections, HĐND supervisors their own supervisions.
STAFF_KINDS = ("noivu_cchc", "public_service")
SUPERVISOR_KINDS = ("hdnd",)


class InspectionKind(models.TextChoices):
    NOIVU_CCHC = "noivu_cchc", _("Kiểm tra CCHC (Sở Nội vụ)")
    HDND_SUPERVISION = "hdnd", _("Giám sát chuyên đề của HĐND")
    PUBLIC_SERVICE = "public_service", _("Kiểm tra công vụ")


class PlanQuerySet(models.QuerySet):
    def visible_to(self, user):
        membership = Membership.for_user(user)
        if membership is None:
            return self.none()
        plans = membership.in_province(self)
        if membership.role == Membership.Role.REPORTER:
            # A plan that visited the agency twice would otherwise be listed twice.
            plans = plans.filter(visits__agencies=membership.agency_id).distinct()
        return plans

    def editable_by(self, user):
        """Plans `user` may edit, and whose recommendations they confirm (the issuing side).

        Sở Nội vụ staff: inspections (CCHC, public service); HĐND supervisors: supervisions;
        a province admin: every kind. Reporters edit nothing.
        """
        membership = Membership.for_user(user)
        if membership is None:
            return self.none()
        if membership.role == Membership.Role.ADMIN:
            return (
                self
                if membership.province_id is None
                else self.filter(province_id=membership.province_id)
            )
        kinds = {
            Membership.Role.NOIVU: STAFF_KINDS,
            Membership.Role.SUPERVISOR: SUPERVISOR_KINDS,
        }.get(membership.role)
        if not kinds:
            return self.none()
        return self.filter(province_id=membership.province_id, kind__in=kinds)


class InspectionPlan(models.Model):
    province = models.ForeignKey(
        Province, on_delete=models.PROTECT, related_name="inspection_plans", verbose_name=_("tỉnh")
    )
    kind = models.CharField(_("loại"), max_length=16, choices=InspectionKind.choices)
    number = models.CharField(_("số, ký hiệu"), max_length=64, help_text=_("Ví dụ: 1296/KH-SNV"))
    date = models.DateField(_("ngày ban hành"))
    issuer = models.CharField(_("cơ quan ban hành"), max_length=200)
    issuing_agency = models.ForeignKey(
        Agency,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="issued_plans",
        verbose_name=_("đơn vị ban hành"),
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    subject = models.CharField(
        _("nội dung"), max_length=500, help_text=_("Ví dụ: công tác CCHC giai đoạn 2021–2023")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người tạo"),
    )
    is_illustrative = models.BooleanField(_("dữ liệu minh họa"), default=False)

    objects = PlanQuerySet.as_manager()

    class Meta:
        verbose_name = _("kế hoạch kiểm tra, giám sát")
        verbose_name_plural = _("kế hoạch kiểm tra, giám sát")
        ordering = ["-date"]
        constraints = [
            models.UniqueConstraint(
                fields=["province", "number", "year"], name="plan_number_unique"
            )
        ]

    def __str__(self):
        return gettext("Kế hoạch {number} ngày {date:%d/%m/%Y}").format(
            number=self.number, date=self.date
        )

    def get_absolute_url(self):
        return reverse("inspections:plan_detail", args=[self.pk])


class VisitQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Visits of visible plans; a reporter sees those that visited or addressed their agency."""
        membership = Membership.for_user(user)
        if membership is None:
            return self.none()
        if membership.role == Membership.Role.REPORTER:
            agency_id = membership.agency_id
            # OR across two many-valued relations joins both and repeats visits: filter by
            # a subquery of ids instead, which also keeps the queryset free of DISTINCT.
            ids = Visit.objects.filter(
                Q(agencies=agency_id) | Q(recommendations__addressee=agency_id),
                plan__province_id=membership.province_id,
            ).values("pk")
            return self.filter(pk__in=ids)
        return self.filter(plan__in=InspectionPlan.objects.visible_to(user))

    def editable_by(self, user):
        return self.filter(plan__in=InspectionPlan.objects.editable_by(user))


class Visit(models.Model):
    class Mode(models.TextChoices):
        DIRECT = "direct", _("Trực tiếp")
        ONLINE = "online", _("Trực tuyến")

    plan = models.ForeignKey(
        InspectionPlan, on_delete=models.CASCADE, related_name="visits", verbose_name=_("kế hoạch")
    )
    date = models.DateField(_("ngày làm việc"))
    agencies = models.ManyToManyField(
        Agency, related_name="visits", verbose_name=_("đơn vị được kiểm tra, giám sát")
    )
    lead_name = models.CharField(_("trưởng đoàn"), max_length=128)
    lead_position = models.CharField(_("chức vụ trưởng đoàn"), max_length=255, blank=True)
    mode = models.CharField(_("hình thức"), max_length=8, choices=Mode.choices, default=Mode.DIRECT)
    announced = models.BooleanField(_("có thông báo trước"), default=True)
    conclusion_no = models.CharField(_("số văn bản kết luận"), max_length=64, blank=True)
    conclusion_date = models.DateField(_("ngày kết luận"), null=True, blank=True)
    summary = models.TextField(_("tóm tắt"), blank=True)
    source_url = models.URLField(_("nguồn"), blank=True)
    is_illustrative = models.BooleanField(_("dữ liệu minh họa"), default=False)

    objects = VisitQuerySet.as_manager()

    class Meta:
        verbose_name = _("đợt làm việc")
        verbose_name_plural = _("đợt làm việc")
        ordering = ["-date"]

    def __str__(self):
        return gettext("{kind} ngày {date:%d/%m/%Y}").format(
            kind=self.plan.get_kind_display(), date=self.date
        )

    def get_absolute_url(self):
        return reverse("inspections:visit_detail", args=[self.pk])


class TeamMember(models.Model):
    visit = models.ForeignKey(
        Visit, on_delete=models.CASCADE, related_name="members", verbose_name=_("đợt làm việc")
    )
    name = models.CharField(_("họ tên"), max_length=128)
    position = models.CharField(_("chức vụ, đơn vị"), max_length=255, blank=True)
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    class Meta:
        verbose_name = _("thành viên đoàn")
        verbose_name_plural = _("thành viên đoàn")
        ordering = ["visit", "order"]

    def __str__(self):
        return self.name


class FindingQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Findings of visible visits; a reporter reads only those about their own agency."""
        findings = self.filter(visit__in=Visit.objects.visible_to(user))
        membership = Membership.for_user(user)
        if membership is not None and membership.role == Membership.Role.REPORTER:
            findings = findings.filter(agency_id=membership.agency_id)
        return findings


class Finding(models.Model):
    class Kind(models.TextChoices):
        ACHIEVEMENT = "achievement", _("Kết quả đạt được")
        SHORTCOMING = "shortcoming", _("Tồn tại, hạn chế")

    class ProcedureIndicator(models.TextChoices):
        ON_TIME = "on_time", _("Tỷ lệ hồ sơ đúng hạn")
        ONLINE = "online", _("Tỷ lệ hồ sơ trực tuyến")
        ONLINE_SERVICES = "online_services", _("DVCTT phát sinh hồ sơ")
        DIGITISATION = "digitisation", _("Số hóa hồ sơ")
        SATISFACTION = "satisfaction", _("Mức độ hài lòng")

    visit = models.ForeignKey(
        Visit, on_delete=models.CASCADE, related_name="findings", verbose_name=_("đợt làm việc")
    )
    agency = models.ForeignKey(
        Agency, on_delete=models.CASCADE, related_name="findings", verbose_name=_("đơn vị")
    )
    kind = models.CharField(_("loại"), max_length=12, choices=Kind.choices)
    text = models.TextField(_("nội dung"))
    # A finding is the inspection's record and outlives a rewrite of the criteria tree.
    criterion = models.ForeignKey(
        Criterion,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="findings",
        verbose_name=_("tiêu chí liên quan"),
    )
    procedure_indicator = models.CharField(
        _("chỉ tiêu TTHC liên quan"), max_length=16, choices=ProcedureIndicator.choices, blank=True
    )

    objects = FindingQuerySet.as_manager()

    class Meta:
        verbose_name = _("nhận xét")
        verbose_name_plural = _("nhận xét")
        ordering = ["visit", "kind", "id"]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.text[:60]}"


class RecommendationQuerySet(models.QuerySet):
    def open(self):
        return self.exclude(status=Recommendation.Status.DONE)

    def overdue(self, today: datetime.date | None = None):
        today = today or timezone.localdate()
        return self.open().filter(deadline__lt=today)

    def for_agency(self, agency):
        return self.filter(addressee=agency)

    def visible_to(self, user):
        """Recommendations of visible visits; a reporter reads only those addressed to their
        agency."""
        membership = Membership.for_user(user)
        if membership is None:
            return self.none()
        if membership.role == Membership.Role.REPORTER:
            return self.filter(
                addressee_id=membership.agency_id, visit__plan__province_id=membership.province_id
            )
        return self.filter(visit__plan__in=InspectionPlan.objects.visible_to(user))

    def updatable_by(self, user):
        """Recommendations on which `user` posts progress: reporters of the addressee agency."""
        membership = Membership.for_user(user)
        if membership is None or membership.role != Membership.Role.REPORTER:
            return self.none()
        return self.filter(
            addressee_id=membership.agency_id, visit__plan__province_id=membership.province_id
        )

    def confirmable_by(self, user):
        """Recommendations whose completion `user` confirms: the body that issued them."""
        return self.filter(visit__plan__in=InspectionPlan.objects.editable_by(user))


class Recommendation(models.Model):
    """A kiến nghị addressed to one agency. Overdue is computed from the deadline, not stored."""

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", _("Chưa thực hiện")
        IN_PROGRESS = "in_progress", _("Đang thực hiện")
        DONE = "done", _("Đã hoàn thành")

    visit = models.ForeignKey(
        Visit,
        on_delete=models.CASCADE,
        related_name="recommendations",
        verbose_name=_("đợt làm việc"),
    )
    finding = models.ForeignKey(
        Finding,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="recommendations",
        verbose_name=_("nhận xét"),
    )
    # An agency with recommendations stays in the record: end its validity, not the row.
    addressee = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        related_name="recommendations",
        verbose_name=_("đơn vị thực hiện"),
    )
    text = models.TextField(_("nội dung kiến nghị"))
    deadline = models.DateField(_("thời hạn"), null=True, blank=True)
    status = models.CharField(
        _("trạng thái"), max_length=12, choices=Status.choices, default=Status.NOT_STARTED
    )
    completed_date = models.DateField(_("ngày hoàn thành"), null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người xác nhận"),
    )
    confirmed_at = models.DateTimeField(_("xác nhận lúc"), null=True, blank=True)
    # Set when the overdue notice goes out, so that each deadline is announced once; cleared
    # by `followup.mark_overdue_recommendations` when the deadline moves into the future.
    overdue_notified_at = models.DateTimeField(_("đã báo quá hạn lúc"), null=True, blank=True)

    history = HistoricalRecords(verbose_name=_("lịch sử kiến nghị"))
    objects = RecommendationQuerySet.as_manager()

    class Meta:
        verbose_name = _("kiến nghị")
        verbose_name_plural = _("kiến nghị")
        ordering = ["deadline", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="done") | Q(completed_date__isnull=False),
                name="done_recommendation_has_date",
                violation_error_message=_("Kiến nghị đã hoàn thành phải có ngày hoàn thành."),
            )
        ]

    def __str__(self):
        return self.text[:80]

    def is_overdue(self, today: datetime.date | None = None) -> bool:
        today = today or timezone.localdate()
        return (
            self.status != self.Status.DONE and self.deadline is not None and self.deadline < today
        )

    def latest_update(self) -> "RecommendationUpdate | None":
        """The newest update; lists prefetch `updates`, so this costs no query there."""
        updates = list(self.updates.all())
        return max(updates, key=lambda u: u.posted_at) if updates else None

    @property
    def awaiting_confirmation(self) -> bool:
        """The addressee reported it done; the issuing body has not confirmed yet."""
        latest = self.latest_update()
        return (
            self.status != self.Status.DONE
            and latest is not None
            and latest.status_after == self.Status.DONE
        )


def update_attachment_path(instance, filename):
    return f"recommendations/{instance.recommendation_id}/{short_file_name(filename)}"


class RecommendationUpdate(models.Model):
    """Progress reported by the addressee: a document number and an optional attachment."""

    recommendation = models.ForeignKey(
        Recommendation,
        on_delete=models.CASCADE,
        related_name="updates",
        verbose_name=_("kiến nghị"),
    )
    posted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("người cập nhật"),
    )
    posted_at = models.DateTimeField(_("thời điểm"), default=timezone.now)
    text = models.TextField(_("nội dung"))
    document_no = models.CharField(_("số văn bản"), max_length=64, blank=True)
    document_date = models.DateField(_("ngày văn bản"), null=True, blank=True)
    attachment = models.FileField(
        _("tệp đính kèm"), upload_to=update_attachment_path, blank=True, max_length=300
    )
    status_after = models.CharField(
        _("trạng thái sau cập nhật"), max_length=12, choices=Recommendation.Status.choices
    )

    class Meta:
        verbose_name = _("cập nhật kiến nghị")
        verbose_name_plural = _("cập nhật kiến nghị")
        ordering = ["posted_at"]

    def __str__(self):
        return f"{self.recommendation_id} @ {self.posted_at:%d/%m/%Y}"
