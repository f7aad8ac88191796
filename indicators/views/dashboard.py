"""Province overview and the rankings table, chosen by `?province=&group=&year=`.

The header (selection and the recompute badge) is read on every request; the body below
it is rendered once per data version and query string (`indicators.caching.page_part`).
"""

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.template.defaulttags import querystring
from django.utils.translation import gettext as _
from django_tables2 import RequestConfig

from agencies.access import READERS, STAFF, has_role, role_required
from indicators import exporting, sheets, targets
from indicators import overview as data
from indicators.caching import figure_json, page_part
from indicators.charts import ranking as charts
from indicators.completeness import incomplete_reports, report_completeness
from indicators.filters.rankings import RankingFilter
from indicators.selection import select
from indicators.tables.rankings import RankingTable

# A heatmap of thousands of communes is unreadable and weighs megabytes: past this many
# agencies it shows the rows on the table's current page, so the two stay aligned.
HEATMAP_LIMIT = 60


def ranking_context(request, sel, *, per_page: int, full=False, staff=False) -> dict:
    """The table (filtered, sorted and paginated in SQL) plus the group's summary for KPIs.

    `full` is the rankings page's table: field names spelled out and the points behind
    the index; with `staff`, the recomputed index and its gap to the published one."""
    fields = data.field_columns(framework=sel.framework)
    bands = data.bands_of(framework=sel.framework)
    summary = data.group_summary(framework=sel.framework, bands=bands)
    ranking_filter = RankingFilter(
        request.GET, queryset=data.ranking_rows(framework=sel.framework), bands=bands
    )
    book = targets.book_for(group_id=getattr(sel.group, "pk", None), year=sel.year)
    table = RankingTable(
        ranking_filter.qs,
        fields=fields,
        bands=bands,
        provisional=sel.is_provisional,
        full=full,
        staff=staff,
        targets=book,
    )
    RequestConfig(request, paginate={"per_page": per_page}).configure(table)
    unscored = None
    if sel.is_provisional:
        # Only the page shown: one GROUP BY over its reports' criteria.
        table.completeness = report_completeness(
            report_ids=[row.record["report_id"] for row in table.paginated_rows]
        )
        unscored = incomplete_reports(framework=sel.framework)
    return {
        "sel": sel,
        "fields": fields,
        "bands": bands,
        "summary": summary,
        "total": summary["total"],
        "incomplete_reports": unscored,
        "filter": ranking_filter,
        "table": table,
        "targets": book,
        "table_html": table.as_html(request),
        "exports": {
            fmt: querystring(None, request.GET, _export=fmt, page=None) for fmt in ("csv", "xlsx")
        },
    }


def export_response(table, *, fmt: str, sel) -> HttpResponse:
    """The ranking table as shown (filter, order), as a file marked published or provisional."""
    if fmt not in exporting.FORMATS:
        raise Http404(_("Định dạng xuất không hỗ trợ (chỉ CSV hoặc XLSX)."))
    return exporting.file_response(sheets.ranking_sheet(table, sel=sel), fmt=fmt)


def overview_context(request, sel) -> dict:
    ctx = ranking_context(request, sel, per_page=20)
    summary, fields, locale = ctx["summary"], ctx["fields"], request.LANGUAGE_CODE
    trend = data.group_trend(group=sel.group)
    # The group by rank: all of it when the heatmap shows it, else only the leader.
    leaders = data.leading_rows(
        framework=sel.framework, limit=HEATMAP_LIMIT if summary["total"] <= HEATMAP_LIMIT else 1
    )
    heat_is_page = summary["total"] > HEATMAP_LIMIT
    page_records = [row.record for row in ctx["table"].paginated_rows]
    heat_records = page_records if heat_is_page else leaders
    heat = data.heatmap_rows(heat_records, fields, targets=ctx["targets"])
    on_time, on_time_total = data.on_time_ends(group=sel.group, year=sel.year)
    leader = leaders[0] if leaders else None
    ctx.update(
        kpis=data.overview_kpis(summary=summary, trend=trend, year=sel.year, leader=leader),
        trend=trend,
        on_time=on_time,
        on_time_total=on_time_total,
        heatmap_is_page=heat_is_page,
        # The heatmap labels its rows by short name: spell out the ones that are shortened.
        abbreviations=[
            (r["short_name"], r["agency_name"])
            for r in heat_records
            if r["short_name"] != r["agency_name"]
        ],
        figures={
            "dist": figure_json(
                charts.index_distribution,
                bins=summary["bins"],
                lowest=summary["lowest"],
                bands=ctx["bands"],
                locale=locale,
            ),
            "heatmap": figure_json(charts.field_heatmap, rows=heat, fields=fields, locale=locale),
            "trend": figure_json(
                charts.group_trend, points=trend, bands=ctx["bands"], locale=locale
            ),
            "on_time": figure_json(
                charts.on_time_ranking, rows=on_time, total=on_time_total, locale=locale
            ),
        },
    )
    return ctx


def _body(request, sel, name: str, build, *, audience: str = "") -> str:
    """The page's body, cached for the province's data version and the query string (and
    `audience`, for a page whose body differs by role: never by user)."""
    province = sel.province
    version = (
        name,
        province.pk if province else None,
        province.data_version if province else None,
        [p.pk for p in sel.provinces],
        audience,
    )
    return page_part(
        name,
        version=version,
        params=request.GET,
        template=f"indicators/dashboard/_{name}_body.html",
        context=lambda: build(request, sel),
    )


@role_required(READERS)
def overview(request):
    sel = select(user=request.user, params=request.GET)
    if request.GET.get("_export"):
        table = ranking_context(request, sel, per_page=20)["table"]
        return export_response(table, fmt=request.GET["_export"], sel=sel)
    body = _body(request, sel, "overview", overview_context)
    status = data.ranking_status(framework=sel.framework)
    return render(
        request, "indicators/dashboard/overview.html", {"sel": sel, "status": status, "body": body}
    )


def _rankings_context(request, sel) -> dict:
    return ranking_context(request, sel, per_page=50)


def _is_staff(request) -> bool:
    return has_role(request.user, STAFF)


@role_required(READERS)
def rankings(request):
    """The full table: what the overview's table shows, with every field's name, the
    points behind each index, each report's completeness in an open year and, for Sở Nội
    vụ, the recomputed index against the published one."""
    sel = select(user=request.user, params=request.GET)
    if request.GET.get("_export"):
        table = _rankings_context(request, sel)["table"]
        return export_response(table, fmt=request.GET["_export"], sel=sel)
    staff = _is_staff(request)

    def build(request, sel):
        return {**ranking_context(request, sel, per_page=50, full=True, staff=staff), "full": True}

    body = _body(request, sel, "rankings", build, audience="staff" if staff else "readers")
    status = data.ranking_status(framework=sel.framework)
    return render(
        request, "indicators/dashboard/rankings.html", {"sel": sel, "status": status, "body": body}
    )


@role_required(READERS)
def rankings_export(request, fmt):
    """/xep-hang/xuat/csv/?year=…&group=…: the same rows, filter and order as the page."""
    sel = select(user=request.user, params=request.GET)
    return export_response(_rankings_context(request, sel)["table"], fmt=fmt, sel=sel)
