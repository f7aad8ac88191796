"""Recompute runs: when a group's ranking for a year was last computed, and how it went."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from agencies.models import AgencyGroup, Province


class RankingRunQuerySet(models.QuerySet):
    def of(self, *, group_id: int, year: int):
        """The runs of one group's year, newest first."""
        return self.filter(group_id=group_id, year=year).order_by("-queued_at", "-pk")

    def done(self):
        return self.filter(status=RankingRun.Status.DONE)


class RankingRun(models.Model):
    """One recompute of a group's results for a year: what the UI shows as 'last updated'."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Đang chờ")
        RUNNING = "running", _("Đang tính")
        DONE = "done", _("Hoàn tất")
        FAILED = "failed", _("Lỗi")

    province = models.ForeignKey(
        Province, on_delete=models.CASCADE, related_name="+", verbose_name=_("tỉnh")
    )
    group = models.ForeignKey(
        AgencyGroup, on_delete=models.CASCADE, related_name="ranking_runs", verbose_name=_("khối")
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    status = models.CharField(
        _("trạng thái"), max_length=8, choices=Status.choices, default=Status.QUEUED
    )
    task_id = models.CharField(_("mã tác vụ"), max_length=64, blank=True)
    queued_at = models.DateTimeField(_("xếp hàng lúc"), default=timezone.now)
    started_at = models.DateTimeField(_("bắt đầu"), null=True, blank=True)
    finished_at = models.DateTimeField(_("kết thúc"), null=True, blank=True)
    duration_ms = models.PositiveIntegerField(_("thời gian (ms)"), null=True, blank=True)
    rows = models.PositiveIntegerField(_("số dòng"), null=True, blank=True)
    error = models.TextField(_("lỗi"), blank=True)

    objects = RankingRunQuerySet.as_manager()

    class Meta:
        verbose_name = _("lượt tính xếp hạng")
        verbose_name_plural = _("lượt tính xếp hạng")
        ordering = ["-queued_at"]
        indexes = [models.Index(fields=["group", "year", "-queued_at"])]

    def __str__(self):
        return f"{self.group} {self.year} – {self.get_status_display()}"
