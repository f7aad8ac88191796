"""The rankings table: one row per agency, one column per field (component %).

Rows are the plain dicts of `indicators.overview.ranking_rows`, so sorting, paging and
CSV/XLSX export all work on exactly the rows and columns the page shows. Exports carry
numbers (rounded as shown) rather than formatted text, so a spreadsheet can compute.
"""

from decimal import Decimal

import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html

from indicators.templatetags.dashboard import (
    band_badge,
    pct,
    points_change,
    rank_arrow,
    rank_change_badge,
)


def rounded(value, digits=2):
    return None if value is None else float(round(Decimal(value), digits))


class PctColumn(tables.Column):
    """A percentage shown "85,02" and exported as the number 85.02."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("attrs", {"td": {"class": "num"}, "th": {"class": "num"}})
        super().__init__(*args, **kwargs)

    def render(self, value):
        return pct(value)

    def value(self, value):
        return rounded(value)


class RankingTable(tables.Table):
    rank = tables.Column("Hạng", order_by=("rank_sort", "agency"), attrs={"td": {"class": "num text-nowrap"}})
    agency = tables.Column("Đơn vị", attrs={"td": {"class": "agency-cell"}})
    index_pct = PctColumn("Chỉ số (%)", order_by=("index_sort", "agency"))
    band = tables.Column("Xếp loại", empty_values=(), attrs={"td": {"class": "text-nowrap"}})
    rank_change = tables.Column("Thay đổi hạng", empty_values=(), attrs={"td": {"class": "text-nowrap"}})
    # Only in exports: the screen shows it inside the rank change cell.
    index_change = tables.Column("Thay đổi điểm", visible=False)

    class Meta:
        orderable = True
        attrs = {"class": "table table-sm table-hover align-middle ranking-table mb-0"}
        empty_text = "Không có đơn vị nào khớp điều kiện lọc."
        row_attrs = {"data-agency": lambda record: record["agency_id"]}

    def __init__(self, data, *, fields=(), bands=(), **kwargs):
        self.bands = bands
        extra = [
            (
                f"field_{i}",
                PctColumn(
                    f"LV {f['code']}",
                    attrs={"td": {"class": "num"}, "th": {"class": "num", "title": f"{f['name']} (%)"}},
                ),
            )
            for i, f in enumerate(fields)
        ]
        super().__init__(data, extra_columns=extra, **kwargs)

    def render_rank(self, record):
        return record["rank_label"]

    def value_rank(self, record):
        return record["rank_label"]

    def render_agency(self, record):
        url = reverse("indicators:agency_profile", args=[record["agency_id"]])
        label = format_html('<a href="{}">{}</a>', url, record["agency"])
        if not record["is_ranked"]:
            label = format_html('{} <span class="badge text-bg-light" title="{}">không xếp hạng</span>', label,
                                "Được chấm điểm nhưng không xếp hạng cùng khối")
        if record["is_illustrative"]:
            label = format_html('{} <span class="badge text-bg-light illustrative-badge">minh họa</span>', label)
        return label

    def value_agency(self, record):
        return record["agency"]

    def render_band(self, record):
        return band_badge(record["band"], self.bands)

    def value_band(self, record):
        return record["band"]

    def render_rank_change(self, record):
        change = points_change(record["index_change"])
        if not change:
            return rank_change_badge(record["rank_change"])
        return format_html('{} <span class="text-muted small">({})</span>', rank_change_badge(record["rank_change"]), change)

    def value_rank_change(self, record):
        return rank_arrow(record["rank_change"])

    def value_index_change(self, record):
        return rounded(record["index_change"])

