"""Data behind the province overview and the rankings table, as plain Python values.

Every function runs a fixed number of queries whatever the number of agencies, and none
reads one row per agency of the group: a commune group has ~3.600 members. KPIs and the
index distribution come from one GROUP BY (`group_summary`); the table's rows are a lazy
QuerySet of dicts (`ranking_rows`) that django-tables2 sorts and pages in SQL, so only
the page shown is read. Values shown are the published ones where the province published
(`IndexResult.shown_*`).
"""

from __future__ import annotations

import json
from decimal import Decimal, InvalidOperation

from django.db.models import (
    Avg,
    BooleanField,
    Case,
    CharField,
    Count,
    DecimalField,
    ExpressionWrapper,
    F,
    Func,
    Min,
    Q,
    Sum,
    TextField,
    Value,
    When,
    Window,
)
from django.db.models.functions import Cast, Coalesce, Concat, Floor, NullIf, Round, RowNumber
from django.db.models.lookups import Regex

from agencies.models import now_named
from indicators.models import Band, Criterion, IndexResult, RankingRun, RateResult, TargetMetric

SHOWN_INDEX = Coalesce("published_index_pct", "index_pct")
SHOWN_RANK = Coalesce("published_rank", "rank")
SHOWN_BAND = Coalesce(NullIf("published_band", Value("")), "band")
# "13/17", the way provincial reports say it (`IndexResult.rank_label` in SQL).
RANK_LABEL = Case(
    When(published_rank__isnull=True, rank__isnull=True, then=Value("—")),
    When(Q(group_size__isnull=True) | Q(group_size=0), then=Cast(SHOWN_RANK, CharField())),
    default=Concat(Cast(SHOWN_RANK, CharField()), Value("/"), Cast("group_size", CharField())),
    output_field=CharField(),
)
# Sort keys that are never NULL, so unranked agencies and missing values sort as the
# lowest, as they did when the table sorted Python rows (None before any number).
UNRANKED = 10**9
MISSING = -(10**9)
# Ties keep the table's default order, whatever column and direction is sorted.
TIE_BREAK = ("rank_sort", "agency_name", "agency_id")
# Width of a bar of the index distribution, in index points (edges on 70, 80, 90).
BIN = Decimal("2.5")
# A component % as stored by the engine or an importer ("89.4737"); anything else is junk
# that PostgreSQL would refuse to cast.
NUMBER = r"^-?[0-9]{1,9}(\.[0-9]*)?$"


class ComponentText(Func):
    """`components[code]["pct"]` as text.

    Field codes are digits, and Django's JSON key transforms read a digit key as an array
    index on SQLite ("$[1]"): the path is written out for each backend instead.
    """

    output_field = TextField()

    def __init__(self, code: str):
        super().__init__(F("components"))
        self.code = str(code)

    def as_sqlite(self, compiler, connection, **extra):
        sql, params = compiler.compile(self.source_expressions[0])
        return f"JSON_EXTRACT({sql}, %s)", (*params, f"$.{json.dumps(self.code)}.pct")

    def as_postgresql(self, compiler, connection, **extra):
        sql, params = compiler.compile(self.source_expressions[0])
        return f"({sql} #>> %s)", (*params, [self.code, "pct"])


def component_pct(code: str):
    """A field's component % as a number; missing or junk is NULL (as `to_decimal`)."""
    text = ComponentText(code)
    return Case(
        When(Regex(text, NUMBER), then=Cast(text, DecimalField(max_digits=14, decimal_places=4))),
        default=None,
        output_field=DecimalField(max_digits=14, decimal_places=4),
    )


def to_decimal(value) -> Decimal | None:
    """A component value from JSON (string or number) as a Decimal; junk becomes None."""
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None


def _fields(*, framework_id):
    # Bonus and penalty fields have no component index: they are not columns.
    return Criterion.objects.filter(
        framework_id=framework_id,
        level=Criterion.Level.FIELD,
        counts_as=Criterion.CountsAs.CONTENT,
    ).order_by("order", "code")


def _bands(*, framework_id):
    return Band.objects.filter(framework_id=framework_id)


def field_columns(*, framework) -> list[dict]:
    """The framework's fields (lĩnh vực), in order: one table column and heatmap column each."""
    if framework is None:
        return []
    return [
        {"code": c.code, "name": c.name, "max": c.max_points}
        for c in _fields(framework_id=framework.pk)
    ]


def bands_of(*, framework) -> list[dict]:
    """Bands highest first, as plain data for badges and chart thresholds."""
    if framework is None:
        return []
    bands = sorted(_bands(framework_id=framework.pk), key=lambda b: b.lower, reverse=True)
    return [
        {"name": b.name, "lower": b.lower, "color": b.color, "field_minimum": b.field_minimum}
        for b in bands
    ]


def component_value(components, code: str) -> Decimal | None:
    """A field's component % from a result's JSON ({"1": {"pct": "89.4737"}, …})."""
    component = components.get(code) if isinstance(components, dict) else None
    return to_decimal(component.get("pct")) if isinstance(component, dict) else None


def field_values(components, fields: list[dict]) -> dict:
    """{"field_0": Decimal | None, …}: each field's component % from a result's JSON."""
    return {f"field_{i}": component_value(components, f["code"]) for i, f in enumerate(fields)}


def heatmap_rows(rows, fields: list[dict], targets=None) -> list[dict]:
    """What the field heatmap draws of `rows` (dicts with "components"): each agency's
    short name and field values, and with `targets` (an `indicators.targets.TargetBook`)
    each field's target as "target_0", … where the agency has one. Only these, as they are
    also the figure's cache key (`figure_cache`): hashing whole rows cost more than the
    chart's lookup."""
    drawn = []
    for r in rows:
        row = {"short_name": r["short_name"], **field_values(r["components"], fields)}
        for i, f in enumerate(fields):
            target = (
                targets.target_for(
                    TargetMetric.FIELD, agency_id=r["agency_id"], field_code=f["code"]
                )
                if targets
                else None
            )
            if target is not None:
                row[f"target_{i}"] = target
        drawn.append(row)
    return drawn


def field_sort_key(code: str):
    """The sort key of a field's column: its component %, missing or junk lowest."""
    return Coalesce(
        component_pct(code), MISSING, output_field=DecimalField(max_digits=14, decimal_places=4)
    )


def ranking_rows(*, framework):
    """The framework's results as table rows: a lazy QuerySet of dicts, rank first and
    unranked agencies last. Slice, page or filter it; never list it whole on a page.

    Keys: agency_id, report_id, agency_name, now_named (what a merged agency became, for
    "(nay là …)"), short_name, shown_rank, shown_index, shown_band,
    rank_label, group_size, rank_change, previous_rank, index_change, is_ranked,
    illustrative, components (the JSON; `field_values` reads the fields of the rows
    shown), bonus_points and penalty_points (None without such lines), and for the full
    table total_points, applicable_max, index_pct (recomputed), published_index_pct and
    has_discrepancy. Sort keys (`rank_sort`, `index_sort`, `rank_change_sort`,
    `field_sort_key`)
    are for `order_by` and never selected: PostgreSQL computes what a query selects for
    every row before it sorts and cuts the page.
    """
    shown = {
        "agency_name": F("agency__name"),
        "now_named": now_named("agency_id"),
        "short_name": Coalesce(NullIf("agency__short_name", Value("")), "agency__name"),
        "shown_rank": SHOWN_RANK,
        "shown_index": SHOWN_INDEX,
        "shown_band": SHOWN_BAND,
        "rank_label": RANK_LABEL,
        # Rounded to the stored precision: SQLite subtracts in floating point.
        "index_change": Round(SHOWN_INDEX - F("previous_index_pct"), 4),
        "is_ranked": F("agency__is_ranked"),
        "illustrative": ExpressionWrapper(
            Q(is_illustrative=True) | Q(agency__is_illustrative=True), BooleanField()
        ),
    }
    sort_keys = {
        "rank_sort": Coalesce(SHOWN_RANK, UNRANKED),
        "index_sort": Coalesce(
            SHOWN_INDEX, MISSING, output_field=DecimalField(max_digits=14, decimal_places=4)
        ),
        "rank_change_sort": Coalesce("rank_change", MISSING),
    }
    rows = (
        IndexResult.objects.filter(framework=framework)
        .annotate(**shown)
        .alias(**sort_keys)
        .values(
            "agency_id",
            "report_id",
            "group_size",
            "rank_change",
            "previous_rank",
            "components",
            "total_points",
            "bonus_points",
            "penalty_points",
            "applicable_max",
            "index_pct",
            "published_index_pct",
            "has_discrepancy",
            *shown,
        )
        .order_by(*TIE_BREAK)
    )
    return rows if framework is not None else rows.none()


def leading_rows(*, framework, limit: int) -> list[dict]:
    """The first `limit` rows of the framework's table in rank order, unfiltered."""
    if framework is None:
        return []
    return list(ranking_rows(framework=framework)[:limit])


def group_summary(*, framework, bands: list[dict]) -> dict:
    """Counts, average and index distribution of the framework's results, in one GROUP BY.

    Rows are grouped by band and 2.5-point bin, so the answer has at most a few dozen
    lines whatever the size of the group; the KPI cards and the distribution chart are
    both read from it.
    """
    summary = {
        "total": 0,
        "ranked": 0,
        "average": None,
        "lowest": None,
        "bins": [],
        "band_counts": [
            {
                "name": b["name"],
                "count": 0,
                "lower": b["lower"],
                "field_minimum": b.get("field_minimum"),
            }
            for b in bands
        ],
    }
    if framework is None:
        return summary
    groups = _summary_groups(framework_id=framework.pk)
    counts = {b["name"]: 0 for b in bands}
    indexed, index_sum = 0, Decimal(0)
    for g in groups:
        summary["total"] += g["n"]
        summary["ranked"] += g["ranked"]
        if g["shown_band"]:
            counts[g["shown_band"]] = counts.get(g["shown_band"], 0) + g["n"]
        if g["low"] is None:
            continue
        # Inputs carry four decimals: rounding there undoes SQLite's floating-point sum.
        index_sum += to_decimal(g["index_sum"]).quantize(Decimal("0.0001"))
        indexed += g["indexed"]
        low = to_decimal(g["low"])
        summary["lowest"] = low if summary["lowest"] is None else min(summary["lowest"], low)
        # The bin's lowest value stands for the bin: it lies inside it, even for 100.
        summary["bins"].append({"band": g["shown_band"], "value": low, "count": g["n"]})
    summary["average"] = index_sum / indexed if indexed else None
    by_name = {b["name"]: b for b in bands}
    summary["band_counts"] = [
        {
            "name": name,
            "count": n,
            "lower": by_name.get(name, {}).get("lower"),
            "field_minimum": by_name.get(name, {}).get("field_minimum"),
        }
        for name, n in counts.items()
    ]
    return summary


def _summary_groups(*, framework_id):
    return (
        IndexResult.objects.filter(framework_id=framework_id)
        .annotate(shown_band=SHOWN_BAND, bin=Floor(SHOWN_INDEX / Value(BIN)))
        .values("shown_band", "bin")
        .annotate(
            n=Count("id"),
            ranked=Count("id", filter=Q(published_rank__isnull=False) | Q(rank__isnull=False)),
            indexed=Count(SHOWN_INDEX),
            index_sum=Sum(SHOWN_INDEX),
            low=Min(SHOWN_INDEX),
        )
        .order_by("shown_band", "bin")
    )


def ranking_status(*, framework) -> dict:
    """Last finished recompute and a state for the badge: running, stale, failed or fresh."""
    if framework is None:
        return {"last_run": None, "state": "none"}
    status = framework.ranking_status()
    latest = status["latest"]
    if latest is not None and latest.status in (
        RankingRun.Status.QUEUED,
        RankingRun.Status.RUNNING,
    ):
        state = "running"
    elif status["is_stale"]:
        state = "stale"
    elif latest is not None and latest.status == RankingRun.Status.FAILED:
        state = "failed"
    else:
        state = "fresh"
    return {"last_run": status["last_run"], "state": state}


def overview_kpis(
    *, summary: dict, trend: list[dict], year: int | None, leader: dict | None
) -> dict:
    """KPI cards: ranked count, average, per-band counts, change of the average vs last year.

    Last year's average is read off the group's trend (same rows, same average).
    """
    average = summary["average"]
    previous = next(
        (p["average"] for p in trend if year is not None and p["year"] == year - 1), None
    )
    return {
        "ranked": summary["ranked"],
        "total": summary["total"],
        "average": average,
        "previous_average": previous,
        "average_change": average - previous
        if average is not None and previous is not None
        else None,
        "band_counts": summary["band_counts"],
        "best": leader if leader and leader["shown_rank"] is not None else None,
    }


def group_trend(*, group) -> list[dict]:
    """Average shown index of the group per year, oldest first (one query)."""
    if group is None:
        return []
    per_year = _trend(group_id=group.pk)
    return [
        {"year": r["framework__year"], "average": to_decimal(r["avg"]), "count": r["n"]}
        for r in per_year
    ]


def _trend(*, group_id):
    return (
        IndexResult.objects.filter(framework__group_id=group_id)
        .filter(Q(published_index_pct__isnull=False) | Q(index_pct__isnull=False))
        .values("framework__year")
        .annotate(avg=Avg(SHOWN_INDEX), n=Count("id"))
        .order_by("framework__year")
    )


# Past twice this many agencies the on-time chart shows the best and the worst (the ones to
# act on), not one bar per agency: a 3.600-commune group made a chart 94.000 px tall.
ON_TIME_ENDS = 15


def on_time_ends(*, group, year, each: int = ON_TIME_ENDS) -> tuple[list[dict], int]:
    """The group's on-time dossier rate ranking for `year`, best first: the first and the
    last `each` agencies (all of them when there are no more than 2 × `each`), and how many
    agencies have a rate.

    The ends are picked in SQL (ROW_NUMBER and COUNT over the ranking): reading a
    3.600-commune group's rates to keep 30 of them was three quarters of the overview's Python
    time there (page 65 → 38 ms against 29 ms of SQL).
    """
    if group is None or year is None:
        return [], 0
    rates = list(_on_time_ends(each, group_id=group.pk, year=year))
    rows = [
        {
            "agency_id": r["agency_id"],
            "agency": r["agency__short_name"] or r["agency__name"],
            "rate": r["rate_pct"],
            "numerator": r["numerator"],
            "denominator": r["denominator"],
            "rank": r["rank"],
            "group_size": r["group_size"],
        }
        for r in rates
    ]
    return rows, rates[0]["total"] if rates else 0


ON_TIME_ORDER = ("rank", "-rate_pct", "agency__name")


def _on_time_ends(each, *, group_id, year):
    return (
        RateResult.objects.filter(group_id=group_id, year=year, metric=RateResult.Metric.ON_TIME)
        .annotate(position=Window(RowNumber(), order_by=ON_TIME_ORDER), total=Window(Count("pk")))
        .filter(Q(position__lte=each) | Q(position__gt=F("total") - each))
        .order_by("position")
        .values(
            "agency_id",
            "agency__short_name",
            "agency__name",
            "rate_pct",
            "numerator",
            "denominator",
            "rank",
            "group_size",
            "total",
        )
    )
