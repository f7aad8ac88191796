"""The rankings table: one row per agency, one column per field (component %).

Rows are the QuerySet of dicts of `indicators.overview.ranking_rows`: django-tables2 sorts
and pages it in SQL, so a page reads its 20 rows whatever the size of the group, and the
CSV/XLSX export walks the same QuerySet (all filtered rows, same order). Exports carry
numbers (rounded as shown) rather than formatted text, so a spreadsheet can compute.
"""

import django_tables2 as tables
from django.db.models import F
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext, gettext_lazy
from django.utils.translation import gettext as _

from agencies.paging import PagedTable
from indicators.exporting import rounded
from indicators.models import TargetMetric
from indicators.overview import TIE_BREAK, component_value, field_sort_key
from indicators.targets import TargetBook
from indicators.templatetags.dashboard import (
    band_badge,
    pct,
    points_change,
    rank_change_badge,
    signed,
)


def now_named_note(name: str) -> str:
    """ "(nay là Sở Xây dựng)": beside a merged agency's name in its old results."""
    return _("(nay là %(name)s)") % {"name": name}


class RankingColumn(tables.Column):
    """A column sorted by SQL keys (`sort`), ties in the table's default order.

    The tie-break keeps equal rows in rank order whichever the direction, as a stable
    sort of the ranked list would.
    """

    def __init__(self, *args, sort=(), **kwargs):
        self.sort = sort
        super().__init__(*args, **kwargs)

    def order(self, queryset, is_descending):
        keys = [F(key).desc() if is_descending else F(key).asc() for key in self.sort]
        return queryset.order_by(*keys, *TIE_BREAK), True


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
        # The key reads the JSON of every row of the group: added only when sorting by it.
        return super().order(queryset.alias(field_sort=field_sort_key(self.code)), is_descending)

    def render(self, value, record, table):
        shown = component_value(value, self.code)
        return table.against_target(
            pct(shown), TargetMetric.FIELD, shown, record, field_code=self.code
        )

    def value(self, value):
        return rounded(component_value(value, self.code))


class RankingTable(PagedTable):
    rank = RankingColumn(
        gettext_lazy("Hạng"),
        accessor="rank_label",
        sort=("rank_sort", "agency_name"),
        attrs={"td": {"class": "num text-nowrap"}},
    )
    agency = RankingColumn(
        gettext_lazy("Đơn vị"),
        accessor="agency_name",
        sort=("agency_name",),
        attrs={"td": {"class": "agency-cell"}},
    )
    index_pct = PctColumn(
        gettext_lazy("Chỉ số (%)"), accessor="shown_index", sort=("index_sort", "agency_name")
    )
    band = RankingColumn(
        gettext_lazy("Xếp loại"),
        accessor="shown_band",
        # Bands follow the index: sorting by band is sorting by index, not by band name.
        sort=("index_sort", "agency_name"),
        empty_values=(),
        attrs={"td": {"class": "text-nowrap"}},
    )
    rank_change = RankingColumn(
        gettext_lazy("Thay đổi hạng"),
        sort=("rank_change_sort",),
        empty_values=(),
        attrs={"td": {"class": "text-nowrap"}},
    )
    # Only in exports: the screen shows them inside the rank and rank change cells.
    group_size = tables.Column(gettext_lazy("Số đơn vị xếp hạng"), visible=False, orderable=False)
    index_change = RankingColumn(
        gettext_lazy("Thay đổi điểm"), visible=False, sort=("index_change",)
    )
    # Only while the year is provisional: how much of each report is scored. Filled for the
    # page shown (`completeness`), so it is not exported.
    scored = tables.Column(
        gettext_lazy("Tiêu chí đã chấm"),
        accessor="report_id",
        orderable=False,
        visible=False,
        exclude_from_export=True,
        empty_values=(),
        attrs={"td": {"class": "num text-nowrap"}, "th": {"class": "num"}},
    )

    # Only in the full table (/xep-hang/): the points behind the index, and for Sở Nội vụ
    # the engine's own index beside the published one. Not exported.
    total_points = PctColumn(
        gettext_lazy("Tổng điểm"),
        sort=("total_points", "agency_name"),
        visible=False,
        exclude_from_export=True,
    )
    applicable_max = PctColumn(
        gettext_lazy("Điểm tối đa áp dụng"),
        sort=("applicable_max", "agency_name"),
        visible=False,
        exclude_from_export=True,
    )
    recomputed = PctColumn(
        gettext_lazy("Chỉ số tính lại (%)"),
        accessor="index_pct",
        sort=("index_pct", "agency_name"),
        visible=False,
        exclude_from_export=True,
    )
    discrepancy = RankingColumn(
        gettext_lazy("Lệch so với công bố"),
        accessor="published_index_pct",
        sort=("has_discrepancy", "agency_name"),
        empty_values=(),
        visible=False,
        exclude_from_export=True,
        attrs={"td": {"class": "num text-nowrap"}, "th": {"class": "num"}},
    )

    class Meta:
        sequence = ("rank", "group_size", "...")
        orderable = True
        attrs = {"class": "table table-sm table-hover align-middle ranking-table mb-0"}
        empty_text = gettext_lazy("Không có đơn vị nào khớp điều kiện lọc.")
        row_attrs = {"data-agency": lambda record: record["agency_id"]}
        template_name = "indicators/dashboard/_table.html"

    def __init__(
        self,
        data,
        *,
        fields=(),
        bands=(),
        provisional=False,
        full=False,
        staff=False,
        targets: TargetBook | None = None,
        **kwargs,
    ):
        self.bands = bands
        # The group's targets of the year, read once: a cell below its target is coloured.
        self.targets = targets or TargetBook()
        # {report id: {"scored", "total", "complete"}} of the rows shown, set by the view
        # once the page is cut (`indicators.completeness.report_completeness`).
        self.completeness = {}
        extra = [
            (
                f"field_{i}",
                FieldColumn(
                    gettext("LV {code}. {name}").format(code=f["code"], name=f["name"])
                    if full
                    else gettext("LV {code}").format(code=f["code"]),
                    code=f["code"],
                    attrs={
                        "td": {"class": "num"},
                        "th": {"class": "num", "title": f"{f['name']} (%)"},
                    },
                ),
            )
            for i, f in enumerate(fields)
        ]
        # Without an order the table would read its data's ORDER BY to guess one, and find
        # none: its keys (rank_sort, …) are no column's.
        kwargs.setdefault("order_by", ())
        super().__init__(data, extra_columns=extra, **kwargs)
        if provisional:
            self.columns.show("scored")
        if full:
            self.attrs = {**self.attrs, "class": f"{self.attrs['class']} ranking-table-full"}
            self.columns.show("total_points")
            self.columns.show("applicable_max")
        if full and staff:
            self.columns.show("recomputed")
            if not provisional:
                self.columns.show("discrepancy")

    def against_target(self, text, metric, value, record, *, field_code=""):
        """`text` (a shown value) marked with its gap to the agency's target, if any."""
        gap = self.targets.gap(metric, value, agency_id=record["agency_id"], field_code=field_code)
        if gap is None or gap.value is None:
            return text
        title = _("Mục tiêu %(target)s%%: %(gap)s điểm") % {
            "target": pct(gap.target),
            "gap": signed(gap.gap),
        }
        return format_html(
            '<span class="target-{}" data-target-gap="{}" title="{}">{}</span>',
            gap.state,
            gap.gap,
            title,
            text,
        )

    def render_index_pct(self, value, record):
        return self.against_target(pct(value), TargetMetric.INDEX, value, record)

    def value_index_pct(self, value):
        return rounded(value)

    def value_rank(self, record):
        return record["shown_rank"]

    def render_agency(self, value, record):
        badges = []
        if not record["is_ranked"]:
            badges.append(
                (
                    gettext("Được chấm điểm nhưng không xếp hạng cùng khối"),
                    gettext("không xếp hạng"),
                )
            )
        if record["illustrative"]:
            badges.append((gettext("Dữ liệu mẫu"), gettext("minh họa")))
        done = self.completeness.get(record["report_id"])
        incomplete = ""
        if done is not None and not done["complete"]:
            incomplete = format_html(
                gettext(' <span class="badge badge-incomplete" title="{}">chưa đầy đủ</span>'),
                gettext("Báo cáo còn tiêu chí chưa chấm: chỉ số tạm tính chưa phản ánh đủ kết quả"),
            )
        became = ""
        if record.get("now_named"):
            became = format_html(
                ' <span class="text-muted now-named">{}</span>', now_named_note(record["now_named"])
            )
        return format_html(
            '<a href="{}">{}</a>{}{}{}',
            reverse("indicators:agency_profile", args=[record["agency_id"]]),
            value,
            became,
            format_html_join("", ' <span class="badge text-bg-light" title="{}">{}</span>', badges),
            incomplete,
        )

    def value_agency(self, value, record):
        """The name as the decision prints it: "Sở GTVT (nay là Sở Xây dựng)"."""
        if record.get("now_named"):
            return f"{value} {now_named_note(record['now_named'])}"
        return value

    def render_discrepancy(self, record):
        published, recomputed = record["published_index_pct"], record["index_pct"]
        if published is None or recomputed is None:
            return "—"
        gap = signed(published - recomputed)
        if not record["has_discrepancy"]:
            return format_html('<span class="text-muted">{}</span>', gap)
        return format_html(
            '<span class="badge badge-incomplete" title="{}">{}</span>',
            gettext("Chỉ số công bố khác chỉ số tính lại từ điểm hơn 0,01"),
            gap,
        )

    def render_scored(self, record):
        done = self.completeness.get(record["report_id"])
        if done is None:
            return format_html(
                '<span class="text-muted" title="{}">—</span>', gettext("Chưa có báo cáo")
            )
        return format_html(
            '<span class="{}" data-scored="{}/{}">{}/{}</span>',
            "" if done["complete"] else "text-incomplete",
            done["scored"],
            done["total"],
            done["scored"],
            done["total"],
        )

    def render_band(self, value):
        return band_badge(value, self.bands)

    def value_band(self, value):
        return value

    def render_rank_change(self, record):
        badge = rank_change_badge(record["rank_change"])
        change = points_change(record["index_change"])
        if not change:
            return badge
        return format_html('{} <span class="text-muted small">({})</span>', badge, change)

    def value_rank_change(self, record):
        """A number: +2 moved up two places, -3 down three; empty without last year's rank."""
        return record["rank_change"]

    def value_index_change(self, value):
        return rounded(value)
