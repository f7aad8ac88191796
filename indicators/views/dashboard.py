"""Province overview and the rankings table, chosen by `?province=&group=&year=`.

Each view reads its data (`indicators.overview`), then renders the page's body from plain
values only (`page_values`, `cchc.fragments.render_plain`): the body is kept by those
values, so the same group, year, sort and page are rendered once between two changes.
"""

from django.core.paginator import Page, Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.template.defaulttags import querystring
from django.template.loader import get_template
from django_tables2 import RequestConfig
from django_tables2.export import TableExport

from agencies.access import READERS, role_required
from cchc.fragments import render_plain
from indicators import overview as data
from indicators.charts import ranking as charts
from indicators.figure_cache import figure_json
from indicators.filters.rankings import RankingFilter
from indicators.tables.rankings import RankingTable


class CountedPaginator(Paginator):
    """A paginator told how many rows there are, when the group summary has counted them."""

    def __init__(self, *args, count=None, **kwargs):
        super().__init__(*args, **kwargs)
        if count is not None:
            self.count = count  # replaces the cached property's COUNT(*) query

    def _get_page(self, *args, **kwargs):
        return CountedPage(*args, **kwargs)


class CountedPage(Page):
    """A page whose length comes from the count: the table template asks `{% if table.page %}`,
    and the rows themselves are read by `RankingTable.page_records`."""

    def __len__(self):
        return self.end_index() - self.start_index() + 1 if self.paginator.count else 0


def ranking_context(request, sel, *, per_page: int) -> dict:
    """The table (filtered, sorted and paginated in SQL) plus the group's summary for KPIs."""
    fields = data.field_columns(framework=sel.framework)
    bands = data.bands_of(framework=sel.framework)
    summary = data.group_summary(framework=sel.framework, bands=bands)
    rows = data.ranking_rows(framework=sel.framework)
    # The filter set is built only when asked for: the form is written out in the template.
    filtered = any(request.GET.get(k) for k in ("q", "band"))
    shown = RankingFilter(request.GET, queryset=rows, bands=bands).qs if filtered else rows
    table = RankingTable(
        shown,
        fields=fields,
        bands=bands,
        framework_id=None if filtered or sel.framework is None else sel.framework.pk,
    )
    paginate = {
        "per_page": per_page,
        "paginator_class": CountedPaginator,
        "count": None if filtered else summary["total"],
    }
    RequestConfig(request, paginate=paginate).configure(table)
    # The filter inputs show what was asked, as the form's bound values would (without
    # building the form only to read them back).
    search = {"q": request.GET.get("q"), "band": request.GET.get("band")}
    return {
        "sel": sel,
        "fields": fields,
        "bands": bands,
        "rows": rows,
        "summary": summary,
        "table": table,
        "search": search,
    }


def export_response(table, *, fmt: str, sel) -> HttpResponse:
    if not TableExport.is_valid_format(fmt) or fmt not in ("csv", "xlsx"):
        raise Http404("Định dạng xuất không hỗ trợ (chỉ CSV hoặc XLSX).")
    exporter = TableExport(fmt, table, dataset_kwargs={"title": "Xếp hạng"})
    content = exporter.export()
    if fmt == "csv":
        content = "\ufeff" + content  # BOM: Excel then reads the Vietnamese names as UTF-8
    group = sel.group.code if sel.group else "khoi"
    response = HttpResponse(content, content_type=exporter.content_type())
    response["Content-Disposition"] = (
        f'attachment; filename="xep-hang-{group}-{sel.year or ""}.{fmt}"'
    )
    return response


# A heatmap of thousands of communes is unreadable and weighs megabytes: past this many
# agencies it shows the rows on the table's current page, so the two stay aligned.
HEATMAP_LIMIT = 60


def leading_rows(ctx) -> list[dict]:
    """The group by rank, unfiltered: all of it when the heatmap shows it, else the leader."""
    total = ctx["summary"]["total"]
    return data.leading_rows(
        framework=ctx["sel"].framework, limit=HEATMAP_LIMIT if total <= HEATMAP_LIMIT else 1
    )


# --- Plain values of the page bodies (cchc.fragments.render_plain) ------------------------


def _named(obj) -> dict | None:
    return None if obj is None else {"pk": obj.pk, "name": obj.name}


def selection_values(sel) -> dict:
    """What the headings, the selector and the status line show of the selection."""
    framework = sel.framework
    return {
        "provinces": [_named(p) for p in sel.provinces],
        "province": _named(sel.province),
        "groups": [_named(g) for g in sel.groups],
        "group": _named(sel.group),
        "years": sel.years,
        "year": sel.year,
        "is_provisional": sel.is_provisional,
        "framework": None
        if framework is None
        else {"name": framework.name, "legal_basis": framework.legal_basis},
        "query": sel.query(),
    }


def status_values(status: dict) -> dict:
    run = status["last_run"]
    return {
        "state": status["state"],
        "last_run": None
        if run is None
        else {"finished_at": run.finished_at, "queued_at": run.queued_at},
    }


TABLE_TEMPLATE = "indicators/dashboard/_table.html"


def page_values(request, ctx) -> dict:
    """The values both dashboard bodies draw: selection, status, and the ranking panel
    (filter form, the table rendered with the request its links need, export links)."""
    return {
        "sel": selection_values(ctx["sel"]),
        "status": status_values(ctx["status"]),
        "total": ctx["summary"]["total"],
        "search": ctx["search"],
        "bands": ctx["bands"],
        "fields": ctx["fields"],
        # As {% render_table %} renders it, without running the context processors again.
        "table": get_template(TABLE_TEMPLATE).render({"table": ctx["table"], "request": request}),
        "exports": {
            fmt: querystring(None, request.GET, _export=fmt, page=None) for fmt in ("csv", "xlsx")
        },
    }


@role_required(READERS)
def overview(request):
    sel = data.select(user=request.user, params=request.GET)
    ctx = ranking_context(request, sel, per_page=20)
    if request.GET.get("_export"):
        return export_response(ctx["table"], fmt=request.GET["_export"], sel=sel)
    locale = request.LANGUAGE_CODE
    summary = ctx["summary"]
    trend = data.group_trend(group=sel.group)
    leaders = leading_rows(ctx)
    heat_is_page = summary["total"] > HEATMAP_LIMIT
    heat = data.heatmap_rows(
        ctx["table"].page_records() if heat_is_page else leaders, ctx["fields"]
    )
    on_time, on_time_total = data.on_time_ends(group=sel.group, year=sel.year)
    ctx.update(
        kpis=data.overview_kpis(
            summary=summary, trend=trend, year=sel.year, leader=leaders[0] if leaders else None
        ),
        status=data.ranking_status(framework=sel.framework),
        trend=trend,
        on_time=on_time,
        on_time_total=on_time_total,
        heatmap_is_page=heat_is_page,
        figures={
            "dist": figure_json(
                charts.index_distribution,
                bins=summary["bins"],
                lowest=summary["lowest"],
                bands=ctx["bands"],
                locale=locale,
            ),
            "heatmap": figure_json(
                charts.field_heatmap, rows=heat, fields=ctx["fields"], locale=locale
            ),
            "trend": figure_json(
                charts.group_trend, points=trend, bands=ctx["bands"], locale=locale
            ),
            "on_time": figure_json(
                charts.on_time_ranking, rows=on_time, total=on_time_total, locale=locale
            ),
        },
    )
    values = {
        **page_values(request, ctx),
        **{
            name: ctx[name]
            for name in ("kpis", "trend", "on_time", "on_time_total", "heatmap_is_page", "figures")
        },
    }
    ctx["body"] = render_plain("indicators/dashboard/_overview_body.html", values)
    return render(request, "indicators/dashboard/overview.html", ctx)


@role_required(READERS)
def rankings(request):
    sel = data.select(user=request.user, params=request.GET)
    ctx = ranking_context(request, sel, per_page=50)
    if request.GET.get("_export"):
        return export_response(ctx["table"], fmt=request.GET["_export"], sel=sel)
    ctx["status"] = data.ranking_status(framework=sel.framework)
    ctx["body"] = render_plain(
        "indicators/dashboard/_rankings_body.html", page_values(request, ctx)
    )
    return render(request, "indicators/dashboard/rankings.html", ctx)


@role_required(READERS)
def rankings_export(request, fmt):
    """/xep-hang/xuat/csv/?year=…&group=…: the same rows, filter and order as the page."""
    sel = data.select(user=request.user, params=request.GET)
    ctx = ranking_context(request, sel, per_page=50)
    return export_response(ctx["table"], fmt=fmt, sel=sel)
