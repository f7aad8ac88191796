"""Data behind an agency's profile page, as plain Python values.

History is kept per agency. A predecessor's scores (before a merger, rename or split) are
returned as separate series, labelled, and never joined into the successor's line: the
2025 mergers make a sở a different body, and the province did not score it as one.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from django.db import connection
from django.db.models import Count, F, Q, Window
from django.db.models.functions import Lag, Lead, RowNumber

from agencies.models import AgencyLineage
from cchc.prepared import fetch, sql_with_params
from indicators.models import CriterionScore, IndexResult, PublishedEdition
from indicators.overview import (
    SHOWN_RANK,
    TIE_BREAK,
    bands_of,
    component_pct,
    field_columns,
    field_values,
    framework_rows,
    to_decimal,
)

# How an edge reads from the successor's side and from the predecessor's side.
INCOMING = {
    AgencyLineage.Relation.MERGE_INTO: "Hợp nhất từ",
    AgencyLineage.Relation.SPLIT_FROM: "Tách ra từ",
    AgencyLineage.Relation.RENAME: "Đổi tên từ",
    AgencyLineage.Relation.TRANSFER_FUNCTION: "Tiếp nhận chức năng từ",
}
OUTGOING = {
    AgencyLineage.Relation.MERGE_INTO: "Đã hợp nhất vào",
    AgencyLineage.Relation.SPLIT_FROM: "Một phần tách thành",
    AgencyLineage.Relation.RENAME: "Đã đổi tên thành",
    AgencyLineage.Relation.TRANSFER_FUNCTION: "Đã chuyển giao chức năng cho",
    AgencyLineage.Relation.ABOLISH: "Giải thể / kết thúc hoạt động",
}
SERIES_SUFFIX = {
    AgencyLineage.Relation.MERGE_INTO: "trước hợp nhất",
    AgencyLineage.Relation.RENAME: "trước đổi tên",
    AgencyLineage.Relation.SPLIT_FROM: "trước khi tách",
    AgencyLineage.Relation.TRANSFER_FUNCTION: "trước chuyển giao",
}


def lineage_edges(*, agency) -> list:
    """The lineage edges into and out of `agency`, oldest first, with both agencies."""
    return fetch(_lineage_edges, agency_id=agency.pk)


def _lineage_edges(*, agency_id):
    edges = AgencyLineage.objects.filter(Q(successor_id=agency_id) | Q(predecessor_id=agency_id))
    return edges.select_related("predecessor", "successor").order_by("effective_date", "pk")


def lineage_lines(*, agency, edges=None) -> list[dict]:
    """ "Hợp nhất từ Sở GTVT ngày 01/03/2025" lines, both directions, oldest first."""
    lines = []
    for edge in lineage_edges(agency=agency) if edges is None else edges:
        if edge.successor_id == agency.pk:
            lines.append(
                {
                    "label": INCOMING.get(edge.relation, edge.get_relation_display()),
                    "other": edge.predecessor,
                    "date": edge.effective_date,
                    "legal_basis": edge.legal_basis,
                    "direction": "in",
                }
            )
        else:
            lines.append(
                {
                    "label": OUTGOING.get(edge.relation, edge.get_relation_display()),
                    "other": edge.successor,
                    "date": edge.effective_date,
                    "legal_basis": edge.legal_basis,
                    "direction": "out",
                }
            )
    return lines


def history_results(*, agency, edges) -> tuple[list, list]:
    """The agency's predecessors (transitively) and every result of it and of them, oldest
    first: the history chart, the year selector and last year's components all read it."""
    # Only an agency with an incoming edge has predecessors to walk.
    ancestors = agency.ancestry() if any(e.successor_id == agency.pk for e in edges) else []
    ids = {f"agency_{i}": a.pk for i, a in enumerate([agency, *ancestors])}
    return ancestors, fetch(_history_results, len(ids), **ids)


def _history_results(count, **ids):
    agency_ids = [ids[f"agency_{i}"] for i in range(count)]
    return (
        IndexResult.objects.filter(agency__in=agency_ids)
        .select_related("framework__group")
        .order_by("framework__year")
    )


def history_series(*, agency, edges=None, history=None) -> list[dict]:
    """Index and rank per year: the agency's own series first, then one per predecessor."""
    edges = lineage_edges(agency=agency) if edges is None else edges
    ancestors, results = history_results(agency=agency, edges=edges) if history is None else history
    relation_of = {
        edge.predecessor_id: edge.relation for edge in edges if edge.successor_id == agency.pk
    }
    points = defaultdict(list)
    for r in results:
        points[r.agency_id].append(
            {
                "year": r.framework.year,
                "index": r.shown_index_pct,
                "rank": r.shown_rank,
                "group_size": r.group_size,
                "band": r.shown_band,
            }
        )
    series = [
        {"agency_id": agency.pk, "label": agency.name, "own": True, "points": points[agency.pk]}
    ]
    for ancestor in ancestors:
        if not points[ancestor.pk]:
            continue
        suffix = SERIES_SUFFIX.get(relation_of.get(ancestor.pk), "trước hợp nhất")
        series.append(
            {
                "agency_id": ancestor.pk,
                "label": f"{ancestor.name} ({suffix})",
                "own": False,
                "points": points[ancestor.pk],
            }
        )
    return series


def _criterion_scores(*, agency, year: int) -> dict[int, dict[str, dict]]:
    """Scores of `year` and the year before, summed up to criterion level (tiêu chí), keyed
    by year and criterion code.

    Frameworks are re-issued every year, so criteria are matched across years by code.
    Rows are read as tuples: two years of a 90-criterion framework were 180 score, criterion
    and framework instances per profile, a fifth of the page's time at 20 agencies (issue 9).
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
    ) in fetch(_criterion_score_rows, agency_id=agency.pk, year=year, previous_year=year - 1):
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
) -> dict:
    """The criteria with the largest change in points against last year.

    Falls back to fields (component %) when criterion scores are missing for either year.
    """
    by_year = _criterion_scores(agency=agency, year=year)
    now, before = by_year.get(year, {}), by_year.get(year - 1, {})
    rows = []
    for code, entry in now.items():
        old = before.get(code)
        if old is None or entry["points"] is None or old["points"] is None:
            continue
        change = entry["points"] - old["points"]
        if change:
            rows.append(
                {
                    "code": code,
                    "label": f"TC {code}",
                    "name": entry["name"],
                    "before": old["points"],
                    "after": entry["points"],
                    "change": change,
                    "unit": "điểm",
                }
            )
    level = "criterion"
    if not rows and current and previous_components:
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
                    "label": f"LV {f['code']}",
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

    One statement whatever the size of the group. The component values are read once per
    result in a CTE (PostgreSQL materializes a CTE that several parts read, so the JSON is
    not parsed again for each field); then, per field, ROW_NUMBER over the non-null values
    keeps the one or two in the middle, at positions (n+1)/2 and n/2+1 in the integer
    division both SQLite and PostgreSQL use, beside the count and the sum for the mean.
    """
    stats = [{**f, "mean": None, "median": None} for f in fields]
    if framework is None or not fields:
        return stats
    names = [f"v{i}" for i in range(len(fields))]
    inner, params = sql_with_params(
        _component_values, tuple(f["code"] for f in fields), framework_id=framework.pk
    )
    parts = " UNION ALL ".join(
        f"SELECT {i} AS field, {name} AS value, ROW_NUMBER() OVER (ORDER BY {name}) AS position, "
        f"COUNT(*) OVER () AS n, SUM({name}) OVER () AS total FROM component WHERE {name} IS NOT NULL"
        for i, name in enumerate(names)
    )
    sql = (
        f"WITH component AS ({inner}) SELECT field, value, n, total FROM ({parts}) AS ranked "
        "WHERE position BETWEEN (n + 1) / 2 AND n / 2 + 1"
    )
    middles = defaultdict(list)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for i, value, n, total in cursor.fetchall():
            middles[i].append(to_decimal(value))
            # Inputs carry four decimals: rounding there undoes SQLite's floating-point sum.
            stats[i]["mean"] = to_decimal(total).quantize(Decimal("0.0001")) / n
    for i, middle in middles.items():
        stats[i]["median"] = sum(middle, Decimal(0)) / len(middle)
    return stats


def _component_values(codes, *, framework_id):
    names = [f"v{i}" for i in range(len(codes))]
    return (
        IndexResult.objects.filter(framework_id=framework_id, agency__is_ranked=True)
        .annotate(**{name: component_pct(code) for name, code in zip(names, codes, strict=True)})
        .values(*names)
        .order_by()
    )


def group_standing(*, framework, agency_id: int) -> dict:
    """The agency's row, its neighbours by rank and the number of ranked agencies, in one
    query whatever the size of the group.

    Window functions number the whole group in rank order and keep only the agency, the
    top three and the agencies just before and after it.
    """
    standing = {"current": None, "neighbours": [], "group_size": 0}
    if framework is None:
        return standing
    rows = fetch(_standing_rows, framework_id=framework.pk, agency_id=agency_id)
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


def _standing_rows(*, framework_id, agency_id):
    order = [F(key).asc() for key in TIE_BREAK]
    return (
        framework_rows(framework_id)
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
    for edition in fetch(_editions, framework_id=framework.pk):
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


def agency_profile(*, agency, year: int | None = None) -> dict:
    """Everything the profile page shows for `agency` in `year` (default: its latest year)."""
    edges = lineage_edges(agency=agency)
    history = history_results(agency=agency, edges=edges)
    own = [r for r in history[1] if r.agency_id == agency.pk]
    years = sorted({r.framework.year for r in own}, reverse=True)
    if year not in years:
        year = years[0] if years else None
    data = {
        "agency": agency,
        "years": years,
        "year": year,
        "lineage": lineage_lines(agency=agency, edges=edges),
        "series": history_series(agency=agency, edges=edges, history=history),
        "framework": None,
        "current": None,
        "fields": [],
        "bands": [],
        "field_stats": [],
        "neighbours": [],
        "moved": {"level": "criterion", "rows": [], "self_vs_appraised": []},
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
    fields = field_columns(framework=framework)
    standing = group_standing(framework=framework, agency_id=agency.pk)
    current = standing["current"]
    if current is not None:
        current |= field_values(current["components"], fields)
    stats = field_stats(framework=framework, fields=fields)
    for i, stat in enumerate(stats):
        stat["agency"] = current[f"field_{i}"] if current else None
    data.update(
        framework=framework,
        current=current,
        fields=fields,
        bands=bands_of(framework=framework),
        field_stats=stats,
        neighbours=standing["neighbours"],
        moved=what_moved(
            agency=agency, year=year, fields=fields, current=current, previous_components=previous
        ),
        group_size=standing["group_size"],
        editions=published_editions(agency=agency, framework=framework),
    )
    return data
