"""Data behind the province overview and the rankings table, as plain Python values.

Every function reads a fixed number of queries whatever the number of agencies: the
results of one framework are read once and everything else (KPIs, heatmap, distribution)
is derived from those rows in Python. Values shown are the published ones where the
province published (`IndexResult.shown_*`).
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.db.models import Avg, Count, Q
from django.db.models.functions import Coalesce

from agencies.models import Agency, AgencyGroup, Province
from indicators.models import Criterion, Framework, IndexResult, RankingRun, RateResult

SHOWN_INDEX = Coalesce("published_index_pct", "index_pct")


@dataclass
class Selection:
    """What the query string picked (year, group, province) and what it could pick."""

    provinces: list = field(default_factory=list)
    province: Province | None = None
    groups: list = field(default_factory=list)
    group: AgencyGroup | None = None
    years: list[int] = field(default_factory=list)
    year: int | None = None
    framework: Framework | None = None
    published_years: set[int] = field(default_factory=set)

    @property
    def is_provisional(self) -> bool:
        """The chosen year's results are not published yet (drafts, appraisal under way)."""
        return self.year is not None and self.year not in self.published_years

    def query(self, **overrides) -> dict:
        """Query-string values for links that keep the current selection."""
        values = {
            "province": self.province.pk if self.province and len(self.provinces) > 1 else None,
            "group": self.group.pk if self.group else None,
            "year": self.year,
        }
        values.update(overrides)
        return {k: v for k, v in values.items() if v is not None}


def int_or_none(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def to_decimal(value) -> Decimal | None:
    """A component value from JSON (string or number) as a Decimal; junk becomes None."""
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None


def select(*, user, params) -> Selection:
    """Resolve `?province=&group=&year=` against what `user` may see.

    Unknown or foreign ids fall back to the defaults (first province, first group, the
    latest year with results) rather than erroring: a shared link stays usable.
    """
    provinces = list(Province.objects.filter(pk__in=Agency.objects.visible_to(user).values("province_id")))
    sel = Selection(provinces=provinces)
    if not provinces:
        return sel
    wanted = int_or_none(params.get("province"))
    sel.province = next((p for p in provinces if p.pk == wanted), provinces[0])
    sel.groups = list(AgencyGroup.objects.filter(province=sel.province).order_by("order", "name"))
    wanted = int_or_none(params.get("group"))
    sel.group = next((g for g in sel.groups if g.pk == wanted), sel.groups[0] if sel.groups else None)
    sel.years = sorted(
        set(
            Framework.objects.filter(province=sel.province, results__isnull=False).values_list("year", flat=True)
        ),
        reverse=True,
    )
    if sel.group:
        sel.published_years = set(
            Framework.objects.filter(group=sel.group, results__is_published=True).values_list("year", flat=True)
        )
    # An official opening the dashboard expects the last *published* ranking; the open
    # year's provisional numbers are one click away in the year selector.
    default_year = max(sel.published_years) if sel.published_years else (sel.years[0] if sel.years else None)
    wanted = int_or_none(params.get("year"))
    sel.year = wanted if wanted in sel.years else default_year
    if sel.group and sel.year:
        sel.framework = (
            Framework.objects.filter(group=sel.group, year=sel.year).prefetch_related("bands").first()
        )
    return sel


def field_columns(*, framework) -> list[dict]:
    """The framework's fields (lĩnh vực), in order: one table column and heatmap column each."""
    if framework is None:
        return []
    return [
        {"code": c.code, "name": c.name, "max": c.max_points}
        for c in Criterion.objects.filter(framework=framework, level=Criterion.Level.FIELD).order_by("order", "code")
    ]


def bands_of(*, framework) -> list[dict]:
    """Bands highest first, as plain data for badges and chart thresholds."""
    if framework is None:
        return []
    bands = sorted(framework.bands.all(), key=lambda b: b.lower, reverse=True)
    return [{"name": b.name, "lower": b.lower, "color": b.color} for b in bands]


def ranking_rows(*, framework, fields: list[dict], results=None) -> list[dict]:
    """One dict per result of `framework`: rank first, unranked agencies last.

    `results` narrows the rows (the rankings filter); it must be results of `framework`.
    """
    if framework is None:
        return []
    if results is None:
        results = IndexResult.objects.filter(framework=framework)
    results = results.select_related("agency")
    rows = []
    for r in results:
        index = r.shown_index_pct
        change = None
        if index is not None and r.previous_index_pct is not None:
            change = index - r.previous_index_pct
        row = {
            "agency_id": r.agency_id,
            "agency": r.agency.name,
            "short_name": r.agency.short_name or r.agency.name,
            "rank": r.shown_rank,
            # Sort keys that are never None, so unranked agencies sort after ranked ones.
            "rank_sort": r.shown_rank if r.shown_rank is not None else 10**9,
            "index_sort": index if index is not None else Decimal(-1),
            "group_size": r.group_size,
            "rank_label": r.rank_label,
            "index_pct": index,
            "band": r.shown_band,
            "rank_change": r.rank_change,
            "previous_rank": r.previous_rank,
            "index_change": change,
            "is_ranked": r.agency.is_ranked,
            "is_illustrative": r.is_illustrative or r.agency.is_illustrative,
        }
        for i, f in enumerate(fields):
            component = (r.components or {}).get(f["code"]) or {}
            row[f"field_{i}"] = to_decimal(component.get("pct")) if isinstance(component, dict) else None
        rows.append(row)
    rows.sort(key=lambda row: (row["rank"] is None, row["rank"] or 0, row["agency"]))
    return rows


def _average(values) -> Decimal | None:
    values = [v for v in values if v is not None]
    if not values:
        return None
    return sum(values, Decimal(0)) / len(values)


def ranking_status(*, framework) -> dict:
    """Last finished recompute and a state for the badge: running, stale, failed or fresh."""
    if framework is None:
        return {"last_run": None, "state": "none"}
    status = framework.ranking_status()
    latest = status["latest"]
    if latest is not None and latest.status in (RankingRun.Status.QUEUED, RankingRun.Status.RUNNING):
        state = "running"
    elif status["is_stale"]:
        state = "stale"
    elif latest is not None and latest.status == RankingRun.Status.FAILED:
        state = "failed"
    else:
        state = "fresh"
    return {"last_run": status["last_run"], "state": state}


def overview_kpis(*, framework, rows: list[dict], bands: list[dict]) -> dict:
    """KPI cards: ranked count, average, per-band counts, change of the average vs last year."""
    average = _average(r["index_pct"] for r in rows)
    previous = None
    if framework is not None:
        previous = (
            IndexResult.objects.filter(framework__group_id=framework.group_id, framework__year=framework.year - 1)
            .aggregate(avg=Avg(SHOWN_INDEX))["avg"]
        )
    previous = to_decimal(previous)
    counts = {b["name"]: 0 for b in bands}
    for r in rows:
        if r["band"]:
            counts[r["band"]] = counts.get(r["band"], 0) + 1
    return {
        "ranked": sum(1 for r in rows if r["rank"] is not None),
        "total": len(rows),
        "average": average,
        "previous_average": previous,
        "average_change": average - previous if average is not None and previous is not None else None,
        "band_counts": [{"name": name, "count": n} for name, n in counts.items()],
        "best": rows[0] if rows and rows[0]["rank"] is not None else None,
    }


def group_trend(*, group) -> list[dict]:
    """Average shown index of the group per year, oldest first (one query)."""
    if group is None:
        return []
    per_year = (
        IndexResult.objects.filter(framework__group=group)
        .filter(Q(published_index_pct__isnull=False) | Q(index_pct__isnull=False))
        .values("framework__year")
        .annotate(avg=Avg(SHOWN_INDEX), n=Count("id"))
        .order_by("framework__year")
    )
    return [{"year": r["framework__year"], "average": to_decimal(r["avg"]), "count": r["n"]} for r in per_year]


def on_time_rows(*, group, year) -> list[dict]:
    """The on-time dossier rate ranking of the group for `year`, best first."""
    if group is None or year is None:
        return []
    rates = (
        RateResult.objects.filter(group=group, year=year, metric=RateResult.Metric.ON_TIME)
        .select_related("agency")
        .order_by("rank", "-rate_pct", "agency__name")
    )
    return [
        {
            "agency_id": r.agency_id,
            "agency": r.agency.short_name or r.agency.name,
            "rate": r.rate_pct,
            "numerator": r.numerator,
            "denominator": r.denominator,
            "rank": r.rank,
            "group_size": r.group_size,
        }
        for r in rates
    ]


def field_stats(*, rows: list[dict], fields: list[dict]) -> list[dict]:
    """Mean and median of each field's component % across the group's rows."""
    stats = []
    for i, f in enumerate(fields):
        values = [r[f"field_{i}"] for r in rows if r.get(f"field_{i}") is not None]
        stats.append(
            {
                **f,
                "mean": _average(values),
                "median": Decimal(statistics.median(values)) if values else None,
            }
        )
    return stats
