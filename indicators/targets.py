"""Targets and the gap to them: the one place that says what an agency aims at and how far
it is from it.

A group's target of a year applies to each of its agencies unless the agency has its own.
A field target without a field code applies to every field; one with a code overrides it.
The gap is the value minus the target, in percentage points: negative is short of it.
Pages colour it (the overview's table and heatmap, the profile), the council brief lists
it; all of them read it through `TargetBook` and `agency_gaps`.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from agencies.models import Province
from indicators import dossiers
from indicators.models import (
    Criterion,
    IndexResult,
    PeriodType,
    ProcedureStat,
    ServiceIndexScore,
    Target,
    TargetMetric,
)
from indicators.overview import component_value


@dataclass(frozen=True)
class Gap:
    """One figure of one agency against its target."""

    metric: str
    label: str
    target: Decimal
    value: Decimal | None
    field_code: str = ""

    @property
    def gap(self) -> Decimal | None:
        return None if self.value is None else self.value - self.target

    @property
    def shortfall(self) -> Decimal | None:
        """How many points are missing to reach the target (positive), or None if met."""
        return -self.gap if self.gap is not None and self.gap < 0 else None

    @property
    def met(self) -> bool | None:
        return None if self.value is None else self.value >= self.target

    @property
    def state(self) -> str:
        """ "met", "below" or "missing" (no figure yet): the CSS class pages colour by."""
        if self.value is None:
            return "missing"
        return "met" if self.met else "below"


def gap_of(value: Decimal | None, target: Decimal | None) -> Decimal | None:
    """Value minus target in percentage points; None when either is missing."""
    if value is None or target is None:
        return None
    return value - target


class TargetBook:
    """The targets of one group and year, read once, answering per agency and metric."""

    def __init__(self, targets=()):
        self.entries: dict[tuple, Decimal] = {
            (t.agency_id, t.metric, t.field_code): t.value for t in targets
        }

    def __bool__(self) -> bool:
        return bool(self.entries)

    def target_for(self, metric: str, *, agency_id=None, field_code: str = "") -> Decimal | None:
        """The agency's own target, else its group's; for a field, the field's own code
        before the every-field one."""
        codes = (field_code, "") if field_code else ("",)
        for owner in (agency_id, None) if agency_id is not None else (None,):
            for code in codes:
                value = self.entries.get((owner, metric, code))
                if value is not None:
                    return value
        return None

    def gap(
        self, metric: str, value, *, agency_id=None, field_code: str = "", label: str = ""
    ) -> Gap | None:
        """`value` against the agency's target, or None where it has none."""
        target = self.target_for(metric, agency_id=agency_id, field_code=field_code)
        if target is None:
            return None
        if not label:
            label = str(TargetMetric(metric).label)
            if field_code:
                label = _("Lĩnh vực %(code)s") % {"code": field_code}
        return Gap(metric, label, target, value, field_code)


def book_for(*, group_id, year) -> TargetBook:
    """The group's targets of `year` with its agencies' overrides, in one query."""
    if group_id is None or year is None:
        return TargetBook()
    return TargetBook(Target.objects.for_group_year(group_id=group_id, year=year))


def rate_values(*, agency_id: int, year: int) -> dict[str, Decimal | None]:
    """The agency's on-time and online rates of `year`, computed as the dossier rankings do
    (`indicators.dossiers`: its yearly stat, else its periods combined)."""
    stats = ProcedureStat.objects.for_year(year).filter(agency_id=agency_id).order_by()
    figures = dict(dossiers.year_stats(list(stats)))
    figure = figures.get(agency_id)
    if figure is None:
        return {TargetMetric.ON_TIME: None, TargetMetric.ONLINE: None}
    on_time, online = dossiers.on_time_rate(figure), dossiers.online_submission_rate(figure)
    return {
        TargetMetric.ON_TIME: on_time.pct if on_time else None,
        TargetMetric.ONLINE: online.pct if online else None,
    }


def service_value(*, agency_id: int, year: int) -> Decimal | None:
    """The agency's 766 total of the year (its yearly period)."""
    score = (
        ServiceIndexScore.objects.filter(
            agency_id=agency_id,
            period_type=PeriodType.YEAR,
            period_start=datetime.date(year, 1, 1),
        )
        .values_list("total", flat=True)
        .first()
    )
    return score


def agency_gaps(*, agency, year: int | None, result: IndexResult | None = None) -> list[Gap]:
    """Every figure of `agency` in `year` that has a target, with its gap: the index, each
    field, the dossier rates and the 766 index. Empty without a target."""
    if year is None or agency.group_id is None:
        return []
    book = book_for(group_id=agency.group_id, year=year)
    if not book:
        return []
    if result is None:
        result = (
            IndexResult.objects.filter(agency=agency, framework__year=year)
            .select_related("framework")
            .first()
        )
    gaps = []
    index = result.shown_index_pct if result else None
    gaps.append(book.gap(TargetMetric.INDEX, index, agency_id=agency.pk))
    if result is not None:
        fields = Criterion.objects.filter(
            framework_id=result.framework_id, level=Criterion.Level.FIELD
        ).order_by("order", "code")
        for field in fields:
            value = component_value(result.components, field.code)
            label = f"LV {field.code}. {field.name}"
            gaps.append(
                book.gap(
                    TargetMetric.FIELD,
                    value,
                    agency_id=agency.pk,
                    field_code=field.code,
                    label=label,
                )
            )
    rates = rate_values(agency_id=agency.pk, year=year)
    for metric in (TargetMetric.ON_TIME, TargetMetric.ONLINE):
        if book.target_for(metric, agency_id=agency.pk) is not None:
            gaps.append(book.gap(metric, rates[metric], agency_id=agency.pk))
    if book.target_for(TargetMetric.SERVICE_766, agency_id=agency.pk) is not None:
        value = service_value(agency_id=agency.pk, year=year)
        gaps.append(book.gap(TargetMetric.SERVICE_766, value, agency_id=agency.pk))
    return [g for g in gaps if g is not None]


def save_target(*, target: Target, user, expected_version: int | None = None) -> Target:
    """Write a target entered on the page and say the province's figures changed (the
    overview's cached body shows the gaps). `expected_version` is the version the form was
    opened on: another save since then refuses this one (`StaleTarget`)."""
    with transaction.atomic():
        if target.pk is not None:
            current = Target.objects.select_for_update().get(pk=target.pk)
            if expected_version is not None and current.version != expected_version:
                raise StaleTarget
            target.version = current.version + 1
        target.updated_by = user
        target.updated_at = timezone.now()
        target.save()
        Province.objects.filter(pk=target.province_id).bump_data_version()
    return target


def delete_target(*, target: Target) -> None:
    with transaction.atomic():
        target.delete()
        Province.objects.filter(pk=target.province_id).bump_data_version()


class StaleTarget(Exception):
    """The target was changed by someone else after the form was opened."""
