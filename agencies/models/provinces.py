"""Provinces over time, their lineage, and the groups (khối) their agencies are ranked in."""

import datetime

from django.db import models
from django.utils.translation import gettext_lazy as _


class ProvinceQuerySet(models.QuerySet):
    def active_on(self, day: datetime.date):
        """Provinces that exist on `day` (the 34 after 1/7/2025, the 63 before)."""
        return self.filter(
            models.Q(valid_from__isnull=True) | models.Q(valid_from__lte=day),
            models.Q(valid_to__isnull=True) | models.Q(valid_to__gte=day),
        )

    def bump_data_version(self) -> int:
        """Say that what the dashboards show of these provinces has changed.

        Pages cache their expensive parts under keys that carry `data_version`, so after
        a bump the next reader builds them afresh and nothing needs invalidating. Every
        job that writes results, ranks, editions, dossier figures or agencies calls this
        inside its own transaction: a reader who sees the new version sees the new rows.
        """
        return self.update(data_version=models.F("data_version") + 1)


class Province(models.Model):
    code = models.CharField(_("mã"), max_length=16, unique=True)
    name = models.CharField(_("tên tỉnh"), max_length=128)
    valid_from = models.DateField(_("hiệu lực từ"), null=True, blank=True)
    valid_to = models.DateField(_("hiệu lực đến"), null=True, blank=True)
    open_data = models.BooleanField(
        _("công khai dữ liệu mở"),
        default=False,
        help_text=_("Cho phép đọc bảng xếp hạng đã công bố qua API mà không cần đăng nhập."),
    )
    data_version = models.PositiveBigIntegerField(
        _("phiên bản dữ liệu"),
        default=0,
        editable=False,
        help_text=_("Tăng mỗi khi kết quả, xếp hạng hoặc số liệu của tỉnh thay đổi."),
    )

    objects = ProvinceQuerySet.as_manager()

    class Meta:
        verbose_name = _("tỉnh")
        verbose_name_plural = _("tỉnh")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def is_active_on(self, day: datetime.date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or self.valid_to >= day
        )

    def predecessors(self) -> list["ProvinceLineage"]:
        """The lineage edges into this province, nearest first, followed back through every
        earlier merger: each predecessor keeps its own name and its own history."""
        found, frontier, seen = [], [self.pk], {self.pk}
        while frontier:
            edges = list(
                ProvinceLineage.objects.filter(successor_id__in=frontier)
                .select_related("predecessor", "successor")
                .order_by("-effective_date", "predecessor__name")
            )
            edges = [edge for edge in edges if edge.predecessor_id not in seen]
            seen.update(edge.predecessor_id for edge in edges)
            found += edges
            frontier = [edge.predecessor_id for edge in edges]
        return found

    def successor_edge(self) -> "ProvinceLineage | None":
        """Where this province went ("nay là tỉnh Hưng Yên"), if it was merged away."""
        return (
            ProvinceLineage.objects.filter(predecessor=self)
            .select_related("successor")
            .order_by("-effective_date")
            .first()
        )


class ProvinceLineage(models.Model):
    """One province becoming part of another (or renamed) on a day, by a legal act.

    NQ 202/2025/QH15 merged 63 provinces into 34 from 1/7/2025: Thái Bình into Hưng Yên,
    Hà Giang into Tuyên Quang, … A merged province keeps its own row, name and results; the
    successor's pages show them apart, marked as the predecessor's, never added to its own.
    """

    class Relation(models.TextChoices):
        MERGE_INTO = "merge_into", _("Hợp nhất vào")
        RENAME = "rename", _("Đổi tên")

    predecessor = models.ForeignKey(
        Province,
        on_delete=models.CASCADE,
        related_name="successor_links",
        verbose_name=_("tỉnh trước sắp xếp"),
    )
    successor = models.ForeignKey(
        Province,
        on_delete=models.CASCADE,
        related_name="predecessor_links",
        verbose_name=_("tỉnh sau sắp xếp"),
    )
    relation = models.CharField(
        _("quan hệ"), max_length=16, choices=Relation.choices, default=Relation.MERGE_INTO
    )
    effective_date = models.DateField(_("ngày hiệu lực"))
    legal_basis = models.CharField(_("căn cứ pháp lý"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("sắp xếp tỉnh")
        verbose_name_plural = _("sắp xếp tỉnh")
        ordering = ["-effective_date", "predecessor__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["predecessor", "successor"], name="province_lineage_unique"
            ),
            models.CheckConstraint(
                condition=~models.Q(predecessor=models.F("successor")),
                name="province_lineage_not_itself",
                violation_error_message=_("Một tỉnh không thể kế thừa chính nó."),
            ),
        ]

    def __str__(self):
        return f"{self.predecessor} → {self.successor} ({self.effective_date:%d/%m/%Y})"


class AgencyGroup(models.Model):
    """A khối: the peer group an agency is ranked in ("Sở Xây dựng is 13/17")."""

    class Kind(models.TextChoices):
        DEPARTMENT = "so", _("Sở, ban, ngành")
        DISTRICT = "huyen", _("UBND cấp huyện")
        COMMUNE = "xa", _("UBND cấp xã")
        CENTRAL = "tw", _("Cơ quan Trung ương đóng trên địa bàn")
        SERVICE_UNIT = "dvsn", _("Đơn vị sự nghiệp")

    province = models.ForeignKey(
        Province, on_delete=models.CASCADE, related_name="groups", verbose_name=_("tỉnh")
    )
    code = models.SlugField(_("mã khối"), max_length=32)
    name = models.CharField(_("tên khối"), max_length=128)
    kind = models.CharField(_("loại"), max_length=8, choices=Kind.choices)
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    valid_from = models.DateField(_("hiệu lực từ"), null=True, blank=True)
    valid_to = models.DateField(
        _("hiệu lực đến"),
        null=True,
        blank=True,
        help_text=_("Khối UBND cấp huyện kết thúc ngày 30/06/2025."),
    )

    class Meta:
        verbose_name = _("khối xếp hạng")
        verbose_name_plural = _("khối xếp hạng")
        ordering = ["province", "order", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["province", "code"], name="group_code_unique_in_province"
            )
        ]

    def __str__(self):
        return self.name

    def is_active_in(self, year: int) -> bool:
        start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
        return (self.valid_from is None or self.valid_from <= end) and (
            self.valid_to is None or self.valid_to >= start
        )
