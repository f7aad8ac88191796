"""The 766 service index (QĐ 766/QĐ-TTg): totals, bands and ranks per period.

A periodic, portal-computed score out of 100 in six display groups. It is a different
family from the annual CCHC index and never mixed with it (domain brief §0, §4).
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _

from indicators.models import ServiceIndexScore
from indicators.models.procedures import SERVICE_GROUP_MAXIMA
from indicators.ranking import rank_values

TITLE = _("Chỉ số phục vụ người dân, doanh nghiệp (QĐ 766/QĐ-TTg)")

# Display order and labels of the portal's six groups (maxima from the model). The labels
# are also the import's Vietnamese headers, so they stay Vietnamese here (gettext_noop)
# and are translated where they are shown.
GROUP_LABELS = {
    "transparency": gettext_noop("Công khai, minh bạch"),
    "progress": gettext_noop("Tiến độ giải quyết"),
    "online_service": gettext_noop("Dịch vụ công trực tuyến"),
    "online_payment": gettext_noop("Thanh toán trực tuyến"),
    "satisfaction": gettext_noop("Mức độ hài lòng"),
    "digitisation": gettext_noop("Số hóa hồ sơ"),
}
GROUPS = [
    (name, GROUP_LABELS[name], Decimal(SERVICE_GROUP_MAXIMA[name])) for name in SERVICE_GROUP_MAXIMA
]

# The 766 portal treats scores within 0.001 as equal and uses competition ranking.
TIE_TOLERANCE = Decimal("0.001")
# Published totals are sums of groups rounded to one decimal; allow that much.
TOTAL_TOLERANCE = Decimal("0.1")


@dataclass(frozen=True)
class ServiceBand:
    name: str
    lower: Decimal
    css: str
    verified: bool


# Xuất sắc ≥ 90 and Tốt 80–< 90 are observed on the portal (90.44 and 90.96 "xuất sắc";
# 80.1 … 83.8 "tốt"). The lower three are commonly cited but not verified (domain brief §2.1).
BANDS = [
    ServiceBand("Xuất sắc", Decimal("90"), "band-xuat-sac", True),
    ServiceBand("Tốt", Decimal("80"), "band-tot", True),
    ServiceBand("Khá", Decimal("70"), "band-kha", False),
    ServiceBand("Trung bình", Decimal("50"), "band-trung-binh", False),
    ServiceBand("Yếu", Decimal("0"), "band-yeu", False),
]
BAND_CSS = {band.name: band.css for band in BANDS}


def _get(source, name):
    return source.get(name) if isinstance(source, Mapping) else getattr(source, name, None)


def total_of(scores) -> Decimal | None:
    """Sum of the six group scores less the technical deductions (none when empty); None
    when any group is missing."""
    values = [_get(scores, name) for name, _, _ in GROUPS]
    if any(v is None for v in values):
        return None
    deduction = Decimal(str(_get(scores, "deduction") or 0))
    return sum((Decimal(str(v)) for v in values), Decimal(0)) - deduction


def band_for(total) -> ServiceBand | None:
    if total is None:
        return None
    total = Decimal(str(total))
    return next((band for band in BANDS if total >= band.lower), None)


def check_scores(scores) -> tuple[dict[str, str], list[str]]:
    """Group scores within [0, max] are errors otherwise; a total off the sum is a warning."""
    errors: dict[str, str] = {}
    warnings: list[str] = []
    deduction = _get(scores, "deduction")
    if deduction is not None and not (0 <= Decimal(str(deduction)) <= 100):
        errors["deduction"] = gettext(
            "Điểm trừ kỹ thuật phải trong khoảng 0–100, đã nhập {deduction}."
        ).format(deduction=deduction)
    for name, label, maximum in GROUPS:
        value = _get(scores, name)
        if value is not None and not (0 <= Decimal(str(value)) <= maximum):
            errors[name] = gettext(
                "Điểm nhóm «{label}» phải trong khoảng 0–{maximum}, đã nhập {value}."
            ).format(label=gettext(label), maximum=maximum, value=value)
    computed, total = total_of(scores), _get(scores, "total")
    if (
        computed is not None
        and total is not None
        and abs(Decimal(str(total)) - computed) > TOTAL_TOLERANCE
    ):
        warnings.append(
            gettext(
                "Tổng điểm {total} khác tổng sáu nhóm trừ điểm trừ kỹ thuật {computed}."
            ).format(total=total, computed=computed)
        )
    return errors, warnings


def rank_period(*, group_id: int, period_type: str, period_start: datetime.date) -> int:
    """Rank a group's agencies for one period by total (competition, ties within 0.001):
    each group and each period apart, a week never with a month, a sở never with a xã.

    The group is the row's: the khối its agency was in for the period's year. Writes
    `rank`, `group_size` and, where empty, `band` in one transaction; returns how many
    rows were ranked. Agencies flagged as not ranked keep an empty rank.
    """
    scores = list(
        ServiceIndexScore.objects.filter(
            group_id=group_id,
            agency__isnull=False,
            period_type=period_type,
            period_start=period_start,
        ).select_related("agency")
    )
    ranked = [(s.pk, s.total) for s in scores if s.agency.is_ranked]
    ranks = rank_values(ranked, tolerance=TIE_TOLERANCE)
    for score in scores:
        score.rank = ranks.get(score.pk)
        score.group_size = len(ranked) if score.rank else None
        if not score.band:
            band = band_for(score.total)
            score.band = band.name if band else ""
    with transaction.atomic():
        ServiceIndexScore.objects.bulk_update(scores, ["rank", "group_size", "band"])
    return len(ranked)


def rank_missing(*, province_id: int) -> int:
    """Rank every (group, period) of the province that has agency scores without a rank.

    Periods whose ranks were published (imported) are left as they are; returns how many
    periods were ranked.
    """
    periods = (
        ServiceIndexScore.objects.filter(
            province_id=province_id,
            agency__isnull=False,
            rank__isnull=True,
            agency__is_ranked=True,
            group__isnull=False,
        )
        .values_list("group_id", "period_type", "period_start")
        .order_by()
        .distinct()
    )
    for group_id, period_type, period_start in list(periods):
        rank_period(group_id=group_id, period_type=period_type, period_start=period_start)
    return len(periods)
