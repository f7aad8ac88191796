"""The national ranking of provinces by PAR INDEX for one year, sortable and exportable."""

import django_tables2 as tables
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from agencies.paging import PagedTable

from .models import ParIndexResult

NUM = {"td": {"class": "num"}, "th": {"class": "num"}}


class PointsColumn(tables.Column):
    """Points with two decimals in the page's language (96,17); exported as numbers."""

    def __init__(self, **kwargs):
        super().__init__(attrs=NUM, **kwargs)

    def render(self, value):
        return number_format(value, 2)

    def value(self, value):
        return value


class ProvinceRankingTable(PagedTable):
    rank = tables.Column(verbose_name=_("Hạng"), attrs=NUM)
    province = tables.Column(
        verbose_name=_("Tỉnh, thành phố"), accessor="province__name", order_by="province__name"
    )
    appraisal_points = PointsColumn(verbose_name=_("Điểm thẩm định"))
    survey_points = PointsColumn(verbose_name=_("Điểm điều tra XHH"))
    index_pct = PointsColumn(verbose_name=_("PAR INDEX (%)"))
    group = tables.Column(verbose_name=_("Nhóm"))
    successor = tables.Column(
        verbose_name=_("Sắp xếp"),
        accessor="successor_name",
        orderable=False,
        default="",
    )

    class Meta:
        model = ParIndexResult
        fields = ["rank", "province", "appraisal_points", "survey_points", "index_pct", "group"]
        sequence = [*fields, "successor"]
        order_by = "rank"
        empty_text = _("Chưa có kết quả PAR INDEX nào khớp bộ lọc.")
        attrs = {"class": "table table-sm table-hover align-middle"}

    def render_province(self, record, value):
        badge = (
            format_html(' <span class="badge text-bg-light">{}</span>', _("minh họa"))
            if record.is_illustrative
            else ""
        )
        return format_html(
            '<a href="{}">{}</a>{}',
            reverse("national:province", args=[record.province_id]),
            value,
            badge,
        )

    def value_province(self, value):
        return value

    def render_rank(self, record, value):
        if record.province_count:
            return format_html("{}/{}", value, record.province_count)
        return value

    def value_rank(self, value):
        return value

    def render_group(self, record, value):
        # The letter, with the band's bounds on hover: the column stays narrow.
        return format_html('<span title="{}">{}</span>', value, record.group)

    def value_group(self, record):
        return record.group

    def render_successor(self, record, value):
        return format_html(
            "{} {} {}", _("nay thuộc"), value, record.successor_date.strftime("(%d/%m/%Y)")
        )

    def value_successor(self, value):
        return value
