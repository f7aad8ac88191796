"""Data behind an agency's profile page, as plain Python values: its standing in the
group, its fields against the group's, what moved it since last year, and the published
editions. Its lineage and results over the years are `indicators.agency_history`'s.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from decimal import Decimal

from django.db.models import Count, F, Q, Window
from django.db.models.functions import Lag, Lead, RowNumber
from django.utils.translation import gettext as _

from indicators.agency_history import history_results, history_series, lineage_edges, lineage_lines
from indicators.completeness import report_breakdown
from indicators.models import CriterionScore, IndexResult, PublishedEdition
from indicators.overview import (
    SHOWN_RANK,
    TIE_BREAK,
    bands_of,
    component_pct,
    field_columns,
    field_values,
    ranking_rows,
    to_decimal,
)


def _criterion_scores(*, agency, year: int) -> dict[int, dict[str, dict]]:
    """Scores of `year` and the year before, summed up to criterion level (tiêu chí), keyed
    by year and criterion code.

    Frameworks are re-issued every year, so criteria are matched across years by code.
    Rows are read as tuples: model instances of every score, criterion and framework of two
    years would cost a large share of the page's time.
    """
    by_year: dict[int, dict[str, dict]] = defaultdict(dict)
    for (
        score_year,
        level,
        code,
        name,
        parent_code,
        parent_name,
        max_points,
        points,
        appraised,
        self_score,
    ) in _criterion_score_rows(agency_id=agency.pk, year=year, previous_year=year - 1):
        if level > 2 and parent_code is not None:  # a sub-criterion counts towards its criterion
            code, name = parent_code, parent_name
        entry = by_year[score_year].setdefault(
            code,
            {
                "code": code,
                "name": name,
                "max": Decimal(0),
                "points": None,
                "self": None,
                "appraised": None,
            },
        )
        entry["max"] += max_points
        for key, value in (
            ("points", points),
            ("self", self_score),
            ("appraised", appraised),
        ):
            if value is not None:
                entry[key] = (entry[key] or Decimal(0)) + value
    return by_year


def _criterion_score_rows(*, agency_id, year, previous_year):
    return (
        CriterionScore.objects.with_points()
        .filter(
            report__agency_id=agency_id,
            report__framework__year__in=[year, previous_year],
            not_applicable=False,
        )
        .order_by("criterion__order")
        .values_list(
            "report__framework__year",
            "criterion__level",
            "criterion__code",
            "criterion__name",
            "criterion__parent__code",
            "criterion__parent__name",
            "max_points",
            "points",
            "effective_appraised",
            "self_score",
        )
    )


def what_moved(
    *,
    agency,
    year: int,
    fields: list[dict],
    current: dict | None,
    previous_components: dict | None,
    limit: int = 5,
    completeness: dict | None = None,
) -> dict:
    """The criteria with the largest change in points against last year.

    Falls back to fields (component %) when criterion scores are missing for either year.
    `completeness` ({criterion code: {"scored", "total", "complete"}}, for a year still
    being scored) leaves out the criteria not fully scored yet: their blanks are missing,
    not zero, so their points cannot be said to have moved. They are listed apart, under
    `incomplete`.
    """
    by_year = _criterion_scores(agency=agency, year=year)
    now, before = by_year.get(year, {}), by_year.get(year - 1, {})
    completeness = completeness or {}
    incomplete = [
        {"code": code, "name": now[code]["name"] if code in now else "", **counts}
        for code, counts in completeness.items()
        if not counts["complete"]
    ]
    rows = []
    for code, entry in now.items():
        old = before.get(code)
        if old is None or entry["points"] is None or old["points"] is None:
            continue
        if code in completeness and not completeness[code]["complete"]:
            continue
        change = entry["points"] - old["points"]
        if change:
            rows.append(
                {
                    "code": code,
                    "label": _("TC {code}").format(code=code),
                    "name": entry["name"],
                    "before": old["points"],
                    "after": entry["points"],
                    "change": change,
                    "unit": _("điểm"),
                }
            )
    level = "criterion"
    if not rows and current and previous_components and not completeness:
        level = "field"
        for i, f in enumerate(fields):
            after = current.get(f"field_{i}")
            old = (previous_components.get(f["code"]) or {}).get("pct")
            old = to_decimal(old)
            if after is None or old is None or after == old:
                continue
            rows.append(
                {
                    "code": f["code"],
                    "label": _("LV {code}").format(code=f["code"]),
                    "name": f["name"],
                    "before": old,
                    "after": after,
                    "change": after - old,
                    "unit": "%",
                }
            )
    rows.sort(key=lambda r: abs(r["change"]), reverse=True)
    return {
        "level": level,
        "rows": rows[:limit],
        "incomplete": incomplete,
        "has_previous": bool(before) or bool(previous_components),
        "self_vs_appraised": [
            e for e in now.values() if e["appraised"] is not None and e["self"] is not None
        ],
    }


def neighbours(*, rows: list[dict], agency_id: int) -> list[dict]:
    """The group's top three, plus the agencies just above and below this one, by rank.

    `rows` are in rank order; each may carry its `position` among the ranked agencies
    (when `rows` is already a selection of the group), else its place in `rows` counts.
    """
    ranked = [
        (r.get("position", i + 1), r)
        for i, r in enumerate(r for r in rows if r["shown_rank"] is not None)
    ]
    mine = next((place for place, r in ranked if r["agency_id"] == agency_id), None)
    picked = []
    previous = None
    for place, row in ranked:
        if place > 3 and (mine is None or abs(place - mine) > 1):
            continue
        picked.append(
            {
                **row,
                "is_self": row["agency_id"] == agency_id,
                "gap_before": previous is not None and place - previous > 1,
            }
        )
        previous = place
    return picked


def field_stats(*, framework, fields: list[dict]) -> list[dict]:
    """Mean and median of each field's component % across the group's ranked agencies.

    One query whatever the size of the group: the database reads each field's % out of
    the components JSON, Python takes the mean and median of those numbers.
    """
    stats = [{**f, "mean": None, "median": None} for f in fields]
    if framework is None or not fields:
        return stats
    names = [f"v{i}" for i in range(len(fields))]
    rows = (
        IndexResult.objects.filter(framework=framework, agency__is_ranked=True)
        .annotate(**{name: component_pct(f["code"]) for name, f in zip(names, fields, strict=True)})
        .values_list(*names)
        .order_by()
    )
    columns = list(zip(*rows, strict=True)) or [() for _ in fields]
    for stat, column in zip(stats, columns, strict=True):
        values = [value for value in column if value is not None]
        if values:
            stat["mean"] = sum(values, Decimal(0)) / len(values)
            stat["median"] = statistics.median(values)
    return stats


def group_standing(*, framework, agency_id: int) -> dict:
    """The agency's row, its neighbours by rank and the number of ranked agencies, in one
    query whatever the size of the group.

    Window functions number the whole group in rank order and keep only the agency, the
    top three and the agencies just before and after it.
    """
    standing = {"current": None, "neighbours": [], "group_size": 0}
    if framework is None:
        return standing
    rows = list(_standing_rows(framework=framework, agency_id=agency_id))
    if not rows:
        return standing
    current = next((r for r in rows if r["agency_id"] == agency_id), None)
    if current is not None and current["shown_rank"] is None:
        rows = [r for r in rows if r["position"] <= 3]  # an unranked agency has no rank neighbours
    standing.update(
        current=current,
        neighbours=neighbours(rows=rows, agency_id=agency_id),
        group_size=rows[0]["ranked_count"],
    )
    return standing


def _standing_rows(*, framework, agency_id):
    order = [F(key).asc() for key in TIE_BREAK]
    return (
        ranking_rows(framework=framework)
        .annotate(
            position=Window(RowNumber(), order_by=order),
            next_agency=Window(Lead("agency_id"), order_by=order),
            previous_agency=Window(Lag("agency_id"), order_by=order),
            ranked_count=Window(Count(SHOWN_RANK)),
        )
        .filter(
            Q(agency_id=agency_id)
            | Q(position__lte=3)
            | Q(next_agency=agency_id)
            | Q(previous_agency=agency_id)
        )
        .order_by("position")
    )


def published_editions(*, agency, framework) -> list[dict]:
    """Every edition that published this agency's result for the year, oldest first.

    A correction never changes a published number in place: it is a new edition, so the
    profile shows what the publication said and what the adjustment changed it to.
    """
    rows = []
    for edition in _editions(framework_id=framework.pk):
        mine = next(
            (r for r in edition.content.get("results", []) if r.get("agency_id") == agency.pk), None
        )
        if mine is None:
            continue
        rows.append(
            {
                "edition": edition,
                "index_pct": Decimal(mine["index_pct"]) if mine.get("index_pct") else None,
                "rank": mine.get("rank"),
                "group_size": mine.get("group_size"),
                "band": mine.get("band") or "",
            }
        )
    return rows


def _editions(*, framework_id):
    return PublishedEdition.objects.filter(framework_id=framework_id).order_by("created_at")


def default_year(results) -> int | None:
    """The year a profile opens on: the last year whose result was published, else the
    latest year with a result. A supervisor opening a profile before a meeting expects the
    official figures; the open year's provisional ones are one click away."""
    published = [r.framework.year for r in results if r.is_published]
    if published:
        return max(published)
    return max((r.framework.year for r in results), default=None)


def agency_profile(*, agency, year: int | None = None) -> dict:
    """Everything the profile page shows for `agency` in `year` (default: `default_year`).

    A year asked for that has no result of this agency falls back to the default year,
    and `asked_year` says which year was asked for, so the page can say so.
    """
    edges = lineage_edges(agency=agency)
    history = history_results(agency=agency, edges=edges)
    own = [r for r in history[1] if r.agency_id == agency.pk]
    years = sorted({r.framework.year for r in own}, reverse=True)
    published_years = {r.framework.year for r in own if r.is_published}
    asked_year = year if year is not None and year not in years else None
    if year not in years:
        year = default_year(own)
    data = {
        "agency": agency,
        "years": [{"year": y, "published": y in published_years} for y in years],
        "year": year,
        "asked_year": asked_year,
        "any_provisional": any(y not in published_years for y in years),
        "is_provisional": year is not None and year not in published_years,
        "completeness": None,
        "lineage": lineage_lines(agency=agency, edges=edges),
        "became": agency.became(edges),
        # A province merged away (NQ 202/2025/QH15) keeps its agencies and their history.
        "province_successor": agency.province.successor_edge(),
        "series": history_series(agency=agency, edges=edges, history=history),
        "framework": None,
        "current": None,
        "fields": [],
        "bands": [],
        "field_stats": [],
        "neighbours": [],
        "moved": {"level": "criterion", "rows": [], "incomplete": [], "self_vs_appraised": []},
        "group_size": 0,
        "editions": [],
    }
    if year is None:
        return data
    # The year's framework is the one of the agency's result that year (the first group
    # in the province's order, should it have been scored in two).
    framework = min(
        (r.framework for r in own if r.framework.year == year),
        key=lambda f: (f.group.order if f.group else 0, f.pk),
    )
    previous = next((r.components for r in own if r.framework.year == year - 1), None)
    result = next(r for r in own if r.framework_id == framework.pk)
    fields = field_columns(framework=framework)
    standing = group_standing(framework=framework, agency_id=agency.pk)
    current = standing["current"]
    if current is not None:
        current |= field_values(current["components"], fields)
    stats = field_stats(framework=framework, fields=fields)
    for i, stat in enumerate(stats):
        stat["agency"] = current[f"field_{i}"] if current else None
        # The field's points as published ("26,44/29"), where the result carries them.
        part = (current["components"] or {}).get(stat["code"]) if current else None
        part = part if isinstance(part, dict) else {}
        stat["points"], stat["max"] = to_decimal(part.get("points")), to_decimal(part.get("max"))
    # A year still being scored: how much of the report is scored, overall, per field and
    # per criterion (one query; a published year is complete by definition).
    criteria_done = None
    if data["is_provisional"] and result.report_id is not None:
        breakdown = report_breakdown(report_id=result.report_id)
        data["completeness"] = breakdown["report"]
        for stat in stats:
            stat["completeness"] = breakdown["fields"].get(stat["code"])
            if stat["completeness"] and not stat["completeness"]["scored"]:
                stat["agency"] = None  # nothing scored yet: missing, not 0 %
        criteria_done = breakdown["criteria"]
    data.update(
        framework=framework,
        current=current,
        fields=fields,
        bands=bands_of(framework=framework),
        field_stats=stats,
        neighbours=standing["neighbours"],
        moved=what_moved(
            agency=agency,
            year=year,
            fields=fields,
            current=current,
            previous_components=previous,
            completeness=criteria_done,
        ),
        group_size=standing["group_size"],
        editions=published_editions(agency=agency, framework=framework),
        report_status=result.report.get_status_display() if result.report_id else "",
    )
    return data
