"""Province tables of dossier statistics and of the 766 index, sortable and exportable.

Each rate is shown as "99,87%" with its numerator/denominator underneath; exports get
plain numeric columns instead: numerator, denominator and % side by side, plus the formula.
"""

import django_tables2 as tables
from django.db.models import F
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from agencies.paging import PagedTable
from indicators import dossiers, service_index
from indicators.models import ProcedureStat, ServiceIndexScore

RATES = [
    # (key, header, function, sort annotation)
    ("on_time", _("Đúng hạn"), dossiers.on_time_rate, "on_time_pct"),
    ("online", _("Hồ sơ trực tuyến"), dossiers.online_submission_rate, "online_pct"),
    (
        "online_services",
        _("DVCTT phát sinh hồ sơ"),
        dossiers.online_services_rate,
        "online_services_pct",
    ),
    ("digitisation", _("Số hóa"), dossiers.digitisation_rate, "digitisation_pct"),
]


def _rate_cell(rate):
    if rate is None:
        return mark_safe('<span class="text-muted">—</span>')
    flag = ""
    if rate.meets_target is False:
        flag = format_html(
            gettext(
                ' <span class="badge text-bg-warning" title="Dưới chỉ tiêu {}%">&lt; {}%</span>'
            ),
            rate.target,
            rate.target,
        )
    return format_html(
        '<span title="{}">{}%</span>{}<br><small class="text-muted">{}/{}</small>',
        rate.formula_label,
        dossiers.pct_text(rate.pct),
        flag,
        dossiers.count_text(rate.numerator),
        dossiers.count_text(rate.denominator),
    )


class RateColumn(tables.Column):
    """Rendered as "% + numerator/denominator"; excluded from export (the plain columns go)."""

    def __init__(self, function, **kwargs):
        self.function = function
        super().__init__(
            accessor="pk",
            exclude_from_export=True,
            attrs={"td": {"class": "num"}, "th": {"class": "num"}},
            **kwargs,
        )

    def render(self, record):
        return _rate_cell(self.function(record))


class ExportValueColumn(tables.Column):
    """An export-only number taken from a rate: numerator, denominator, pct or formula."""

    def __init__(self, function, part, **kwargs):
        self.function, self.part = function, part
        super().__init__(accessor="pk", visible=False, **kwargs)

    def value(self, record, value):
        rate = self.function(record)
        if rate is None:
            return ""
        return rate.formula_label if self.part == "formula" else getattr(rate, self.part)

    render = value


def _export_columns() -> list[tuple[str, tables.Column]]:
    """Numerator, denominator and % of each rate side by side, then the on-time formula."""
    columns = []
    for key, header, function, _formula in RATES:
        columns += [
            (
                f"{key}_numerator",
                ExportValueColumn(
                    function,
                    "numerator",
                    verbose_name=gettext("{header} – tử số").format(header=header),
                ),
            ),
            (
                f"{key}_denominator",
                ExportValueColumn(
                    function,
                    "denominator",
                    verbose_name=gettext("{header} – mẫu số").format(header=header),
                ),
            ),
            (f"{key}_pct", ExportValueColumn(function, "pct", verbose_name=f"{header} (%)")),
        ]
    columns.append(
        (
            "on_time_formula_text",
            ExportValueColumn(
                dossiers.on_time_rate, "formula", verbose_name=gettext("Công thức tỷ lệ đúng hạn")
            ),
        )
    )
    return columns


# Rows equal on the sorted column keep one order (by agency, then period), whatever the
# column: a database returns ties in any order, and a page could repeat or skip a row.
TIES = ("agency__name", "period_start", "pk")


class ProcedureStatTable(PagedTable):
    agency = tables.Column(
        _("Đơn vị"), accessor="agency__name", order_by=("agency__name", "period_start", "pk")
    )
    group = tables.Column(
        _("Khối"),
        accessor="agency__group__name",
        order_by=("agency__group__order", "agency__group__name", *TIES),
    )
    period = tables.Column(_("Kỳ"), accessor="period_start", order_by=("period_start", *TIES))
    received_new = tables.Column(
        _("Tiếp nhận mới"),
        order_by=("received_new", *TIES),
        attrs={"td": {"class": "num"}, "th": {"class": "num"}},
    )
    to_process = tables.Column(
        _("Cần giải quyết"),
        accessor="pk",
        orderable=False,
        attrs={"td": {"class": "num"}, "th": {"class": "num"}},
    )
    on_time = RateColumn(
        dossiers.on_time_rate, verbose_name=_("Đúng hạn"), order_by=("on_time_pct", *TIES)
    )
    online = RateColumn(
        dossiers.online_submission_rate,
        verbose_name=_("Hồ sơ trực tuyến"),
        order_by=("online_pct", *TIES),
    )
    online_services = RateColumn(
        dossiers.online_services_rate,
        verbose_name=_("DVCTT phát sinh hồ sơ"),
        order_by=("online_services_pct", *TIES),
    )
    digitisation = RateColumn(
        dossiers.digitisation_rate, verbose_name=_("Số hóa"), order_by=("digitisation_pct", *TIES)
    )
    warnings = tables.Column(_("Cảnh báo"), orderable=False, exclude_from_export=True)
    actions = tables.Column("", accessor="pk", orderable=False, exclude_from_export=True)

    class Meta:
        model = ProcedureStat
        fields = ()
        sequence = (
            "agency",
            "group",
            "period",
            "received_new",
            "to_process",
            "on_time",
            "online",
            "online_services",
            "digitisation",
            "...",
        )
        attrs = {"class": "table table-sm table-hover align-middle"}
        empty_text = _("Chưa có số liệu TTHC nào khớp bộ lọc.")
        order_by = ("-period", "agency")

    def __init__(self, *args, editable_agency_ids=frozenset(), **kwargs):
        self.editable_agency_ids = editable_agency_ids
        super().__init__(*args, extra_columns=_export_columns(), **kwargs)

    def render_agency(self, record, value):
        badge = (
            format_html(
                ' <span class="badge text-bg-light illustrative-badge">{}</span>',
                gettext("minh họa"),
            )
            if record.is_illustrative
            else ""
        )
        return format_html("{}{}", value, badge)

    def value_agency(self, value):
        return value

    def render_period(self, record):
        return dossiers.period_label(record.period_type, record.period_start, record.period_end)

    def value_period(self, record):
        return self.render_period(record)

    def render_received_new(self, value):
        return dossiers.count_text(value)

    def value_received_new(self, value):
        return value

    def render_to_process(self, record):
        return dossiers.count_text(dossiers.to_process_total(record))

    def value_to_process(self, record):
        return dossiers.to_process_total(record)

    def render_warnings(self, value):
        if not value:
            return ""
        return format_html(
            gettext('<span class="badge text-bg-warning" title="{}">{} cảnh báo</span>'),
            " • ".join(value),
            len(value),
        )

    def render_actions(self, record):
        if record.agency_id not in self.editable_agency_ids:
            return ""
        return format_html(
            gettext('<a class="btn btn-sm btn-outline-secondary" href="{}">Sửa</a>'),
            reverse("indicators:procedure_edit", args=[record.pk]),
        )


def _group_column(name, label, maximum):
    return tables.Column(
        f"{label} ({maximum})",
        accessor=name,
        attrs={"td": {"class": "num"}, "th": {"class": "num"}},
    )


class ServiceIndexTable(PagedTable):
    rank = tables.Column(_("Hạng"), attrs={"td": {"class": "num"}, "th": {"class": "num"}})
    agency = tables.Column(
        _("Đơn vị"), accessor="agency__name", default=_("Toàn tỉnh"), order_by=("agency__name",)
    )
    group = tables.Column(
        _("Khối"),
        accessor="group__name",
        default="—",
        order_by=("group__order", "group__name", "-period_start", "rank"),
    )
    period = tables.Column(
        _("Kỳ"), accessor="period_start", order_by=("period_start", "period_type", "group__order")
    )
    deduction = tables.Column(
        _("Điểm trừ kỹ thuật"), attrs={"td": {"class": "num"}, "th": {"class": "num"}}
    )
    total = tables.Column(
        _("Tổng điểm"), attrs={"td": {"class": "num fw-semibold"}, "th": {"class": "num"}}
    )
    band = tables.Column(_("Xếp loại"))

    class Meta:
        model = ServiceIndexScore
        fields = ()
        sequence = ("rank", "agency", "group", "period", "...", "deduction", "total", "band")
        attrs = {"class": "table table-sm table-hover align-middle"}
        empty_text = _("Chưa có điểm chỉ số 766 nào khớp bộ lọc.")
        order_by = ("rank",)

    def __init__(self, *args, **kwargs):
        groups = [
            (name, _group_column(name, gettext(label), maximum))
            for name, label, maximum in service_index.GROUPS
        ]
        super().__init__(*args, extra_columns=groups, **kwargs)

    def order_rank(self, queryset, is_descending):
        """Ranks are per period and per khối: sorted by rank, rows stay in their period and
        group (the province's own row, ranked among the provinces, first on both
        databases), never interleaving two groups' "1, 1, 2, 2"."""
        rank = F("rank").desc(nulls_last=True) if is_descending else F("rank").asc(nulls_last=True)
        keys = [
            F("period_start").desc(),
            "period_type",
            F("group__order").asc(nulls_first=True),
            "group__name",
            rank,
            "agency__name",
        ]
        return queryset.order_by(*keys), True

    def render_rank(self, record, value):
        return f"{value}/{record.group_size}" if record.group_size else value

    def value_rank(self, value):
        return value

    def render_period(self, record):
        return dossiers.period_label(record.period_type, record.period_start, record.period_end)

    def value_period(self, record):
        return self.render_period(record)

    def render_band(self, value):
        band = next((b for b in service_index.BANDS if b.name == value), None)
        css = band.css if band else "band-none"
        note = "" if band is None or band.verified else " *"
        return format_html('<span class="band-badge {}">{}</span>{}', css, value, note)

    def value_band(self, value):
        return value
