"""Threshold alerts: evaluate a province's rules, raise each occurrence once, tell people.

Run after every recompute (`indicators.ranking.recompute` queues it once its transaction
commits) and every dossier import (`indicators.importing.procedures`), through the task
`indicators.tasks.alerts.evaluate_alerts`. The recommendation-overdue rule is evaluated
by `inspections.alerting`, since recommendations are that app's; it raises its alerts
through `raise_alert` here, so every rule is told the same way.

An occurrence is keyed (rule, agency, occurrence): a drop of 2024 is one occurrence
however often the rules run, so Sở Nội vụ and the agency hear of it once, in-app and by
e-mail. A further recompute that deepens the same year's drop is still that occurrence.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.db.models.functions import Round
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from agencies.models import Agency
from agencies.notifying import notify, reporters_of, staff_of
from indicators import dossiers
from indicators.models import (
    Alert,
    AlertRule,
    Band,
    IndexResult,
    ProcedureStat,
    TargetMetric,
)
from indicators.overview import SHOWN_BAND, SHOWN_INDEX

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Finding:
    """What a rule found for one agency: the occurrence's key and what to tell."""

    agency_id: int
    occurrence: str
    text: str
    year: int | None = None


def _points(value: Decimal) -> str:
    return f"{value.quantize(Decimal('0.01'))}".replace(".", ",")


def _latest_result_year(province_id: int) -> int | None:
    return IndexResult.objects.filter(
        framework__province_id=province_id, is_published=True
    ).aggregate(y=Max("framework__year"))["y"]


def _results(rule: AlertRule, year: int):
    """The year's published results in the rule's scope. A provisional index is left out:
    a report half scored is not a drop, and its publication (which recomputes) raises it."""
    results = IndexResult.objects.filter(
        framework__province_id=rule.province_id, framework__year=year, is_published=True
    )
    return results.filter(framework__group_id=rule.group_id) if rule.group_id else results


def index_drops(rule: AlertRule, *, year: int) -> list[Finding]:
    """Agencies whose shown index fell by `threshold` points or more against last year."""
    rows = (
        _results(rule, year)
        .annotate(change=Round(SHOWN_INDEX - F("previous_index_pct"), 4))
        .filter(change__lte=-rule.threshold)
        .values_list("agency_id", "agency__name", "change")
    )
    return [
        Finding(
            agency_id,
            str(year),
            _("%(agency)s: chỉ số CCHC năm %(year)s giảm %(points)s điểm so với năm trước.")
            % {"agency": name, "year": year, "points": _points(-Decimal(change))},
            year,
        )
        for agency_id, name, change in rows
    ]


def band_drops(rule: AlertRule, *, year: int) -> list[Finding]:
    """Agencies whose band is `threshold` or more bands below last year's.

    Bands are ordered by their lower bound in this year's framework; a band name of last
    year that this year's framework does not have is not compared."""
    now = list(
        _results(rule, year)
        .annotate(shown=SHOWN_BAND)
        .values_list("agency_id", "agency__name", "framework_id", "shown")
    )
    before = dict(
        IndexResult.objects.filter(agency_id__in=[r[0] for r in now], framework__year=year - 1)
        .annotate(shown=SHOWN_BAND)
        .values_list("agency_id", "shown")
    )
    orders: dict[int, dict[str, int]] = {}
    for band in Band.objects.filter(framework_id__in={r[2] for r in now}).order_by("-lower"):
        ranks = orders.setdefault(band.framework_id, {})
        ranks[band.name] = len(ranks)
    findings = []
    for agency_id, name, framework_id, shown in now:
        ranks = orders.get(framework_id, {})
        previous = before.get(agency_id)
        if shown not in ranks or previous not in ranks:
            continue
        slid = ranks[shown] - ranks[previous]
        if slid >= rule.threshold:
            findings.append(
                Finding(
                    agency_id,
                    str(year),
                    _(
                        "%(agency)s: xếp loại năm %(year)s là %(now)s, "
                        "tụt %(n)s bậc so với %(before)s."
                    )
                    % {"agency": name, "year": year, "now": shown, "n": slid, "before": previous},
                    year,
                )
            )
    return findings


def rates_below(rule: AlertRule, *, year: int) -> list[Finding]:
    """Agencies whose dossier rate of `year` (`rule.metric`) is below `threshold` %, computed
    as the dossier rankings do (`indicators.dossiers`)."""
    stats = ProcedureStat.objects.for_year(year).filter(agency__province_id=rule.province_id)
    if rule.group_id:
        stats = stats.filter(agency__group_id=rule.group_id)
    rate_of = (
        dossiers.on_time_rate
        if rule.metric == TargetMetric.ON_TIME
        else dossiers.online_submission_rate
    )
    figures = dossiers.year_stats(list(stats.order_by()))
    low = {}
    for agency_id, figure in figures:
        rate = rate_of(figure)
        if rate is not None and rate.pct < rule.threshold:
            low[agency_id] = rate
    names = dict(Agency.objects.filter(pk__in=low).values_list("pk", "name"))
    label = TargetMetric(rule.metric).label
    return [
        Finding(
            agency_id,
            f"{year}:{rule.metric}",
            _("%(agency)s: %(metric)s năm %(year)s là %(rate)s%%, dưới ngưỡng %(floor)s%%.")
            % {
                "agency": names[agency_id],
                "metric": str(label).lower(),
                "year": year,
                "rate": _points(rate.pct),
                "floor": _points(rule.threshold),
            },
            year,
        )
        for agency_id, rate in low.items()
    ]


CHECKS = {
    AlertRule.Kind.INDEX_DROP: index_drops,
    AlertRule.Kind.BAND_DROP: band_drops,
    AlertRule.Kind.RATE_BELOW: rates_below,
}


def raise_alert(*, rule: AlertRule, finding: Finding, email: bool = True) -> Alert | None:
    """Record the finding's occurrence and tell Sở Nội vụ and the agency's reporters, once:
    None when the occurrence was raised before (by this run or any other, concurrent or
    not: the unique key decides)."""
    # The bell leads to the agency's alerts, where Sở Nội vụ marks them handled.
    url = f"{reverse('indicators:alert_list')}?agency={finding.agency_id}"
    try:
        with transaction.atomic():
            alert, created = Alert.objects.get_or_create(
                rule=rule,
                agency_id=finding.agency_id,
                occurrence=finding.occurrence,
                defaults={"text": finding.text[:500], "url": url, "year": finding.year},
            )
            if not created:
                return None
            users = {u.pk: u for u in staff_of(rule.province_id)}
            users |= {u.pk: u for u in reporters_of(finding.agency_id)}
            notify(
                users=users.values(),
                text=_("Cảnh báo: %(text)s") % {"text": finding.text},
                url=url,
                subject=_("[CCHC] Cảnh báo: %(rule)s") % {"rule": rule.label},
                email=email,
            )
    except IntegrityError:  # raised meanwhile by a concurrent run
        return None
    return alert


def evaluate_rules(*, province_id: int, year: int | None = None, email: bool = True) -> int:
    """Evaluate the province's index, band and rate rules; returns the alerts raised.

    Only the latest year counts: the latest published year for the index and band rules,
    the latest year with dossier figures for the rate rules. A recompute or an import of
    an older year (a correction, a backfill) raises nothing: an alert is news about where
    an agency stands now. `year` is the year just recomputed or imported, if known."""
    rules = list(
        AlertRule.objects.active()
        .filter(province_id=province_id, kind__in=list(CHECKS))
        .select_related("province")
    )
    if not rules:
        return 0
    latest = {
        "results": _latest_result_year(province_id),
        "rates": ProcedureStat.objects.filter(agency__province_id=province_id).aggregate(
            y=Max("year")
        )["y"],
    }
    raised = 0
    for rule in rules:
        newest = latest["rates" if rule.kind == AlertRule.Kind.RATE_BELOW else "results"]
        if newest is None or (year is not None and year != newest):
            continue
        for finding in CHECKS[rule.kind](rule, year=newest):
            raised += raise_alert(rule=rule, finding=finding, email=email) is not None
    return raised


def acknowledge(*, alert: Alert, user) -> bool:
    """Sở Nội vụ marks an alert handled; a second click (or a second tab) changes nothing.
    Returns whether this call acknowledged it."""
    with transaction.atomic():
        locked = Alert.objects.select_for_update().get(pk=alert.pk)
        if locked.acknowledged_at is not None:
            return False
        locked.acknowledged_at = timezone.now()
        locked.acknowledged_by = user
        locked.save(update_fields=["acknowledged_at", "acknowledged_by"])
    return True
