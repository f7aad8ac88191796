"""The rankings table: one row per agency, one column per field (component %).

Rows are the QuerySet of dicts of `indicators.overview.ranking_rows`: sorting and paging
happen in SQL, so a page reads its 20 rows whatever the size of the group, and CSV/XLSX
export walks the same QuerySet (all filtered rows, same order). Exports carry numbers
(rounded as shown) rather than formatted text, so a spreadsheet can compute.

The screen renders the page's rows with `page_rows` (one call per row) rather than
django-tables2's generic per-cell path, which inspects each render method's signature and
rebuilds the cell attributes for every cell: that cost more than the page's SQL.
"""

import copy
import html
from decimal import Decimal

import django_tables2 as tables
from django.db.models import F
from django.urls import reverse
from django.utils import translation
from django.utils.html import conditional_escape, escape
from django.utils.http import urlencode
from django.utils.safestring import SafeData, mark_safe

from cchc.fragments import keep
from cchc.prepared import fetch
from indicators.overview import TIE_BREAK, component_value, field_sort_key, framework_rows
from indicators.templatetags.dashboard import (
    band_badge,
    pct,
    pct_formatter,
    points_change,
    rank_arrow,
    rank_change_badge,
)

# Header cells by what they are made of (`RankingTable.header_cells`); emptied when full.
_HEADERS: dict = {}
HEADER_MEMO_SIZE = 512

# Page rows by what they are made of (`RankingTable.page_rows`); emptied when full. About
# 30 KB an entry (the rows' repr and their HTML).
_ROWS: dict = {}
ROWS_MEMO_SIZE = 128

# Reversed once per table; each row's id goes in its place.
PLACEHOLDER_ID = 987654321


def rounded(value, digits=2):
    return None if value is None else float(round(Decimal(value), digits))


class RankingColumn(tables.Column):
    """A column sorted by SQL keys (`sort`), ties in the table's default order.

    The tie-break keeps what sorting Python rows did: a stable sort left equal rows in
    rank order, whichever the direction.
    """

    def __init__(self, *args, sort=(), **kwargs):
        self.sort = sort
        super().__init__(*args, **kwargs)

    def order(self, queryset, is_descending):
        keys = [F(key).desc() if is_descending else F(key).asc() for key in self.sort]
        return queryset.order_by(*keys, *TIE_BREAK), True

    def __deepcopy__(self, memo):
        """Every table deep-copies its declared columns so that it may change its own; these
        change only attributes set on themselves, so a shallow copy with its own `attrs`
        does (deep-copying 11 columns was a twentieth of the overview's Python time)."""
        column = copy.copy(self)
        column.attrs = copy.deepcopy(self.attrs, memo)
        return column


class PctColumn(RankingColumn):
    """A percentage shown "85,02" and exported as the number 85.02."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("attrs", {"td": {"class": "num"}, "th": {"class": "num"}})
        super().__init__(*args, **kwargs)

    def render(self, value):
        return pct(value)

    def value(self, value):
        return rounded(value)


class FieldColumn(PctColumn):
    """A field's component %, read from the row's components JSON."""

    def __init__(self, *args, code, **kwargs):
        self.code = code
        super().__init__(*args, accessor="components", sort=("field_sort",), **kwargs)

    def order(self, queryset, is_descending):
        # The key is added only when the table is sorted by this field: it reads the JSON
        # of every row of the group.
        return super().order(queryset.alias(field_sort=field_sort_key(self.code)), is_descending)

    def render(self, value):
        return pct(component_value(value, self.code))

    def value(self, value):
        return rounded(component_value(value, self.code))


class RankingTable(tables.Table):
    rank = RankingColumn(
        "Hạng",
        accessor="rank_label",
        sort=("rank_sort", "agency_name"),
        attrs={"td": {"class": "num text-nowrap"}},
    )
    agency = RankingColumn(
        "Đơn vị",
        accessor="agency_name",
        sort=("agency_name",),
        attrs={"td": {"class": "agency-cell"}},
    )
    index_pct = PctColumn("Chỉ số (%)", accessor="shown_index", sort=("index_sort", "agency_name"))
    band = RankingColumn(
        "Xếp loại",
        accessor="shown_band",
        sort=("shown_band",),
        empty_values=(),
        attrs={"td": {"class": "text-nowrap"}},
    )
    rank_change = RankingColumn(
        "Thay đổi hạng",
        sort=("rank_change_sort",),
        empty_values=(),
        attrs={"td": {"class": "text-nowrap"}},
    )
    # Only in exports: the screen shows it inside the rank change cell.
    index_change = RankingColumn("Thay đổi điểm", visible=False, sort=("index_change",))

    class Meta:
        orderable = True
        attrs = {"class": "table table-sm table-hover align-middle ranking-table mb-0"}
        empty_text = "Không có đơn vị nào khớp điều kiện lọc."
        row_attrs = {"data-agency": lambda record: record["agency_id"]}

    def __init__(self, data, *, fields=(), bands=(), framework_id=None, **kwargs):
        """`framework_id` says that `data` is the framework's unfiltered rows
        (`overview.framework_rows`): the page shown is then read by a prepared query."""
        self.bands = bands
        self.framework_id = framework_id
        self.field_codes = tuple(f["code"] for f in fields)
        self._fields_key = tuple((f["code"], f["name"]) for f in fields)
        self._page_records = None
        self._column_attrs = {}
        # Without an order the table would read its data's ORDER BY to guess one, and find
        # none: its keys (rank_sort, …) are no column's.
        kwargs.setdefault("order_by", ())
        extra = [
            (
                f"field_{i}",
                FieldColumn(
                    f"LV {f['code']}",
                    code=f["code"],
                    attrs={
                        "td": {"class": "num"},
                        "th": {"class": "num", "title": f"{f['name']} (%)"},
                    },
                ),
            )
            for i, f in enumerate(fields)
        ]
        super().__init__(data, extra_columns=extra, **kwargs)
        # Cells repeat: a handful of bands and rank changes, one URL pattern.
        self._badges = {}
        self._profile_url = reverse("indicators:agency_profile", args=[PLACEHOLDER_ID])

    def render_rank(self, record):
        return record["rank_label"]

    def value_rank(self, record):
        return record["rank_label"]

    def render_agency(self, record):
        url = self._profile_url.replace(str(PLACEHOLDER_ID), str(record["agency_id"]))
        label = f'<a href="{url}">{escape(record["agency_name"])}</a>'
        if not record["is_ranked"]:
            label += (
                ' <span class="badge text-bg-light" title="Được chấm điểm nhưng không xếp hạng cùng khối">'
                "không xếp hạng</span>"
            )
        if record["illustrative"]:
            label += ' <span class="badge text-bg-light illustrative-badge">minh họa</span>'
        return mark_safe(label)

    def value_agency(self, record):
        return record["agency_name"]

    def render_band(self, record):
        band = record["shown_band"]
        if band not in self._badges:
            self._badges[band] = band_badge(band, self.bands)
        return self._badges[band]

    def value_band(self, record):
        return record["shown_band"]

    def render_rank_change(self, record):
        key = ("rank", record["rank_change"])
        if key not in self._badges:
            self._badges[key] = rank_change_badge(record["rank_change"])
        change = points_change(record["index_change"])
        if not change:
            return self._badges[key]
        return mark_safe(
            f'{self._badges[key]} <span class="text-muted small">({escape(change)})</span>'
        )

    def value_rank_change(self, record):
        return rank_arrow(record["rank_change"])

    def value_index_change(self, record):
        return rounded(record["index_change"])

    def _attrs(self, column) -> dict:
        """A column's th/td attributes: django-tables2 computes all three sets on each
        `BoundColumn.attrs` access, and the header and the rows both ask."""
        if column.name not in self._column_attrs:
            self._column_attrs[column.name] = column.attrs
        return self._column_attrs[column.name]

    def header_cells(self) -> list[str]:
        """The header's <th> elements, as django-tables2's template writes them: each sort
        link is the page's query string with this column's next order.

        The same few headers come back request after request (a group's fields, an order, a
        query string), so they are kept by what they are made of: building one cost a
        thirtieth of a small overview."""
        query = (
            tuple((k, tuple(v)) for k, v in self.request.GET.lists())
            if self.request is not None
            else ()
        )
        key = (
            type(self),
            self._fields_key,
            self.orderable,
            self.prefix,
            tuple(self.order_by or ()),
            query,
            translation.get_language(),
        )
        return keep(_HEADERS, key, self._header_cells, size=HEADER_MEMO_SIZE)

    def _header_cells(self) -> list[str]:
        params = dict(self.request.GET) if self.request is not None else {}
        cells = []
        for column in self.columns:
            header = conditional_escape(column.header)
            if column.orderable:
                query = escape(
                    "?"
                    + urlencode(
                        {**params, self.prefixed_order_by_field: column.order_by_alias.next},
                        doseq=True,
                    )
                )
                header = f'<a href="{query}">{header}</a>'
            cells.append(
                mark_safe(f'<th {self._attrs(column)["th"].as_html()} scope="col">{header}</th>')
            )
        return cells

    def page_records(self) -> list[dict]:
        """The current page's rows, read once (the heatmap of a large group shows them too)."""
        if self._page_records is None:
            page_query = self.page.object_list.data.query if self.page is not None else None
            if self.framework_id is None or page_query is None:
                self._page_records = [row.record for row in self.paginated_rows]
            else:
                self._page_records = fetch(
                    _table_page,
                    tuple(self.order_by or ()),
                    self.field_codes,
                    page_query.low_mark,
                    page_query.high_mark,
                    framework_id=self.framework_id,
                )
        return self._page_records

    def page_rows(self) -> list[str]:
        """The current page's <tr> elements, as django-tables2 would render them.

        Kept by what they are made of, as the headers are: the records themselves (their
        repr: every value, exactly), the columns, bands, language and profile URL. The
        same page is asked for again and again between two recomputes, and formatting its
        cells cost a sixth of a small overview; changed numbers are a different key, so a
        row is never stale."""
        records = self.page_records()
        key = (
            type(self),
            self._fields_key,
            tuple(column.name for column in self.columns),
            repr(self.bands),
            translation.get_language(),
            self._profile_url,
            repr(records),
        )
        return keep(_ROWS, key, lambda: self._page_rows(records), size=ROWS_MEMO_SIZE)

    def _page_rows(self, records: list[dict]) -> list[str]:
        fmt = pct_formatter()
        cells = []
        for column in self.columns:  # the visible ones
            render = getattr(self, f"render_{column.name}", None)
            if isinstance(column.column, FieldColumn):
                code = column.column.code
                render = lambda record, c=code: fmt(component_value(record["components"], c))  # noqa: E731
            elif isinstance(column.column, PctColumn):
                render = lambda record, a=column.accessor: fmt(record[a])  # noqa: E731
            elif render is None:
                accessor, render_value = column.accessor, column.column.render
                render = lambda record, a=accessor, r=render_value: r(record[a])  # noqa: E731
            cells.append((f"<td {self._attrs(column)['td'].as_html()}>", render))
        rows = []
        for n, record in enumerate(records):
            parts = [
                f'<tr data-agency="{int(record["agency_id"])}" class="{"odd" if n % 2 else "even"}">'
            ]
            parts += [f"{opening}{_escape(render(record))}</td>" for opening, render in cells]
            parts.append("</tr>")
            rows.append(mark_safe("".join(parts)))
        return rows


def _escape(value) -> str:
    """conditional_escape for a cell (a str or safe HTML), without its lazy-text checks."""
    return value if isinstance(value, SafeData) else html.escape(str(value))


def _table_page(order: tuple, codes: tuple, start: int, stop: int | None, *, framework_id):
    """A page of the framework's table as `RequestConfig` orders and slices it."""
    table = RankingTable(
        framework_rows(framework_id), fields=[{"code": code, "name": ""} for code in codes]
    )
    if order:
        table.order_by = order
    return table.data.data[start:stop]
