"""Which khối an agency is ranked in, year by year.

Blocs change with the map: a commune ranked with every xã until 2024 is in "phường" or in
"xã và đặc khu" from 2025 (Hải Phòng published 2025 in three blocs: 14 sở, 45 phường, 68
xã with đặc khu), and a huyện is in no bloc after 2025. An agency without any dated
membership is in `Agency.group` every year, as before blocs were dated; one with dated
memberships is in the bloc whose years cover the year, or in none.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .agencies import Agency
from .provinces import AgencyGroup


class AgencyGroupMembership(models.Model):
    """An agency in one khối for the years `year_from`…`year_to` (an empty end: open)."""

    agency = models.ForeignKey(
        Agency,
        on_delete=models.CASCADE,
        related_name="group_memberships",
        verbose_name=_("đơn vị"),
    )
    group = models.ForeignKey(
        AgencyGroup,
        on_delete=models.CASCADE,
        related_name="agency_memberships",
        verbose_name=_("khối"),
    )
    year_from = models.PositiveSmallIntegerField(_("từ năm"), null=True, blank=True)
    year_to = models.PositiveSmallIntegerField(_("đến năm"), null=True, blank=True)
    legal_basis = models.CharField(
        _("căn cứ"), max_length=128, blank=True, help_text=_("Ví dụ: QĐ công bố chỉ số năm 2025")
    )

    class Meta:
        verbose_name = _("khối theo năm")
        verbose_name_plural = _("khối theo năm")
        ordering = ["agency", "year_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "year_from"], name="group_membership_unique_start"
            ),
            models.CheckConstraint(
                condition=Q(year_to__isnull=True)
                | Q(year_from__isnull=True)
                | Q(year_to__gte=models.F("year_from")),
                name="group_membership_years_ordered",
                violation_error_message=_("Năm kết thúc phải sau năm bắt đầu."),
            ),
        ]

    def __str__(self):
        years = f"{self.year_from or '…'}–{self.year_to or '…'}"
        return f"{self.agency} – {self.group} ({years})"

    def covers(self, year: int) -> bool:
        return (self.year_from is None or self.year_from <= year) and (
            self.year_to is None or self.year_to >= year
        )

    def clean(self):
        if self.agency_id and self.group_id and self.group.province_id != self.agency.province_id:
            raise ValidationError({"group": gettext("Khối phải thuộc tỉnh của đơn vị.")})
        if self.agency_id is None:
            return
        low, high = self.year_from or 0, self.year_to or 9999
        overlapping = (
            AgencyGroupMembership.objects.filter(agency_id=self.agency_id)
            .exclude(pk=self.pk)
            .filter(Q(year_from__isnull=True) | Q(year_from__lte=high))
            .filter(Q(year_to__isnull=True) | Q(year_to__gte=low))
        )
        if overlapping.exists():
            raise ValidationError(gettext("Đơn vị đã thuộc một khối khác trong những năm này."))


def groups_in_years(agencies, years) -> dict[tuple[int, int], int | None]:
    """{(agency id, year): id of its khối that year} for `agencies` (Agency rows) and
    `years`, in one query whatever their number (`Agency.group_id_in`'s rule)."""
    dated: dict[int, list[AgencyGroupMembership]] = {}
    ids = {agency.pk for agency in agencies}
    for membership in AgencyGroupMembership.objects.filter(agency_id__in=ids):
        dated.setdefault(membership.agency_id, []).append(membership)
    found = {}
    for agency in agencies:
        for year in years:
            rows = dated.get(agency.pk)
            found[agency.pk, year] = (
                agency.group_id
                if rows is None
                else next((m.group_id for m in rows if m.covers(year)), None)
            )
    return found


def move_to_group(
    *, agency: Agency, group: AgencyGroup, year_from: int, previous_group_id: int | None
) -> AgencyGroupMembership:
    """Put `agency` in `group` from `year_from` on, the years before staying in the khối
    they were: an agency without dated rows keeps `previous_group_id` (its group until
    now) until the year before, and a row open over `year_from` ends the year before.
    Idempotent; the caller's transaction makes it atomic."""
    rows = list(AgencyGroupMembership.objects.filter(agency=agency))
    if not rows and previous_group_id and previous_group_id != group.pk:
        AgencyGroupMembership.objects.create(
            agency=agency, group_id=previous_group_id, year_to=year_from - 1
        )
    for row in rows:
        if row.covers(year_from) and (row.year_from or 0) < year_from:
            row.year_to = year_from - 1
            row.save(update_fields=["year_to"])
    membership, _ = AgencyGroupMembership.objects.update_or_create(
        agency=agency, year_from=year_from, defaults={"group": group}
    )
    return membership
