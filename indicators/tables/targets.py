"""Tables of the targets page and the alerts page (rows read with their relations)."""

import django_tables2 as tables
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from agencies.paging import PagedTable
from indicators.models import Alert, AlertRule, Target
from indicators.templatetags.dashboard import pct


class TargetTable(PagedTable):
    year = tables.Column(_("Năm"), attrs={"td": {"class": "num"}})
    group = tables.Column(_("Khối"), order_by=("group__order", "group__name"))
    agency = tables.Column(
        _("Áp dụng cho"), order_by=("agency__name",), default=_("Cả khối"), empty_values=(None,)
    )
    metric = tables.Column(
        _("Chỉ tiêu"), accessor="metric_label", order_by=("metric", "field_code")
    )
    value = tables.Column(_("Mục tiêu (%)"), attrs={"td": {"class": "num"}, "th": {"class": "num"}})
    note = tables.Column(_("Căn cứ, ghi chú"), orderable=False)
    actions = tables.Column("", empty_values=(), orderable=False, exclude_from_export=True)

    class Meta:
        model = Target
        fields = ()
        sequence = ("year", "group", "agency", "metric", "value", "note", "actions")
        attrs = {"class": "table table-sm table-hover align-middle mb-0"}
        empty_text = _("Chưa có mục tiêu nào khớp bộ lọc.")

    def render_year(self, value):
        return str(value)  # a year, not a number: no thousands separator

    def render_value(self, value):
        return format_html("≥ {}", pct(value))

    def render_actions(self, record):
        return format_html(
            '<a class="btn btn-sm btn-outline-secondary" href="{}">{}</a> '
            '<a class="btn btn-sm btn-outline-danger" href="{}">{}</a>',
            reverse("indicators:target_edit", args=[record.pk]),
            _("Sửa"),
            reverse("indicators:target_delete", args=[record.pk]),
            _("Xóa"),
        )


class AlertTable(PagedTable):
    raised_at = tables.DateTimeColumn(format="d/m/Y H:i", verbose_name=_("Phát sinh"))
    agency = tables.Column(_("Đơn vị"), order_by=("agency__name",))
    rule = tables.Column(_("Quy tắc"), orderable=False)
    text = tables.Column(_("Nội dung"), orderable=False)
    status = tables.Column(
        _("Trạng thái"), accessor="acknowledged_at", empty_values=(), orderable=False
    )

    class Meta:
        model = Alert
        fields = ()
        sequence = ("raised_at", "agency", "rule", "text", "status")
        attrs = {"class": "table table-sm table-hover align-middle mb-0"}
        empty_text = _("Không có cảnh báo nào khớp bộ lọc.")

    def __init__(self, *args, can_acknowledge=False, csrf_token="", **kwargs):
        self.can_acknowledge, self.csrf_token = can_acknowledge, csrf_token
        super().__init__(*args, **kwargs)

    def render_agency(self, record):
        return format_html(
            '<a href="{}">{}</a>',
            reverse("indicators:agency_profile", args=[record.agency_id]),
            record.agency.name,
        )

    def render_rule(self, record):
        return record.rule.label

    def render_status(self, record):
        if record.acknowledged_at is not None:
            return format_html(
                '<span class="text-muted">{} {}</span>',
                _("Đã xử lý"),
                f"{timezone.localtime(record.acknowledged_at):%d/%m/%Y}",
            )
        if not self.can_acknowledge:
            return format_html('<span class="badge text-bg-warning">{}</span>', _("Chưa xử lý"))
        return format_html(
            '<form method="post" action="{}" class="d-inline">'
            '<input type="hidden" name="csrfmiddlewaretoken" value="{}">'
            '<button type="submit" class="btn btn-sm btn-outline-primary">{}</button></form>',
            reverse("indicators:alert_acknowledge", args=[record.pk]),
            self.csrf_token,
            _("Đánh dấu đã xử lý"),
        )


class AlertRuleTable(PagedTable):
    label = tables.Column(_("Quy tắc"), accessor="pk", orderable=False)
    group = tables.Column(_("Khối"), default=_("Mọi khối"), orderable=False)
    is_active = tables.BooleanColumn(_("Đang áp dụng"), yesno=(_("Có"), _("Không")))
    alerts = tables.Column(_("Cảnh báo chưa xử lý"), accessor="open_alerts", orderable=False)
    actions = tables.Column("", empty_values=(), orderable=False)

    class Meta:
        model = AlertRule
        fields = ()
        sequence = ("label", "group", "is_active", "alerts", "actions")
        attrs = {"class": "table table-sm table-hover align-middle mb-0"}
        empty_text = _("Tỉnh chưa đặt quy tắc cảnh báo nào.")

    def render_label(self, record):
        return record.label

    def render_actions(self, record):
        return format_html(
            '<a class="btn btn-sm btn-outline-secondary" href="{}">{}</a>',
            reverse("indicators:alert_rule_edit", args=[record.pk]),
            _("Sửa"),
        )
