"""Sortable, paginated, exportable tables (django-tables2) of plans, visits and recommendations."""

import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from agencies.paging import PagedTable

from .models import InspectionPlan, Recommendation, Visit

DATE = "d/m/Y"


def _agency_names(agencies) -> str:
    return "; ".join(a.name for a in agencies)


class PlanTable(PagedTable):
    number = tables.Column(_("Số, ký hiệu"), linkify=True)
    date = tables.DateColumn(DATE, verbose_name=_("Ngày ban hành"))
    kind = tables.Column(_("Loại"))
    issuer = tables.Column(_("Cơ quan ban hành"))
    subject = tables.Column(_("Nội dung"))
    year = tables.Column(_("Năm"), attrs={"td": {"class": "num"}})
    visit_count = tables.Column(_("Số đợt"), attrs={"td": {"class": "num"}})
    agencies = tables.Column(_("Đơn vị được kiểm tra, giám sát"), empty_values=(), orderable=False)
    open_count = tables.Column(_("Kiến nghị đang theo dõi"), attrs={"td": {"class": "num"}})

    class Meta:
        model = InspectionPlan
        fields = [
            "number",
            "date",
            "kind",
            "issuer",
            "subject",
            "year",
            "visit_count",
            "agencies",
            "open_count",
        ]
        order_by = "-date"
        empty_text = _("Chưa có kế hoạch kiểm tra, giám sát nào khớp với bộ lọc.")
        attrs = {"class": "table table-sm table-hover align-middle"}

    def render_year(self, value):
        return str(value)  # a year, not a number: no thousands separator

    def render_agencies(self, record):
        return _agency_names(_plan_agencies(record))

    def value_agencies(self, record):
        return _agency_names(_plan_agencies(record))

    def value_year(self, value):
        return value


def _plan_agencies(plan):
    seen = {}
    for visit in plan.visits.all():  # prefetched with agencies
        for agency in visit.agencies.all():
            seen.setdefault(agency.pk, agency)
    return sorted(seen.values(), key=lambda a: a.name)


class VisitTable(PagedTable):
    date = tables.DateColumn(DATE, verbose_name=_("Ngày làm việc"), linkify=True)
    plan = tables.Column(
        _("Kế hoạch"),
        accessor="plan__number",
        linkify=lambda record: record.plan.get_absolute_url(),
    )
    kind = tables.Column(_("Loại"), accessor="plan__kind", order_by="plan__kind")
    agencies = tables.ManyToManyColumn(
        verbose_name=_("Đơn vị"), separator="; ", transform=lambda a: a.name
    )
    lead_name = tables.Column(_("Trưởng đoàn"))
    mode = tables.Column(_("Hình thức"))
    announced = tables.BooleanColumn(_("Báo trước"), yesno=(_("Có"), _("Không")))
    conclusion = tables.Column(_("Văn bản kết luận"), empty_values=(), orderable=False)
    finding_count = tables.Column(_("Nhận xét"), attrs={"td": {"class": "num"}})
    recommendation_count = tables.Column(_("Kiến nghị"), attrs={"td": {"class": "num"}})

    class Meta:
        model = Visit
        fields = [
            "date",
            "plan",
            "kind",
            "agencies",
            "lead_name",
            "mode",
            "announced",
            "conclusion",
        ]
        sequence = [*fields, "finding_count", "recommendation_count"]
        order_by = "-date"
        empty_text = _("Chưa có đợt làm việc nào khớp với bộ lọc.")
        attrs = {"class": "table table-sm table-hover align-middle"}

    def render_kind(self, record):
        return record.plan.get_kind_display()

    def value_kind(self, record):
        return record.plan.get_kind_display()

    def render_conclusion(self, record):
        if not record.conclusion_no:
            return "—"
        if record.conclusion_date:
            return gettext("{conclusion_no} ngày {conclusion_date:%d/%m/%Y}").format(
                conclusion_no=record.conclusion_no, conclusion_date=record.conclusion_date
            )
        return record.conclusion_no

    def value_conclusion(self, record):
        return self.render_conclusion(record)


class RecommendationTable(PagedTable):
    addressee = tables.Column(
        _("Đơn vị thực hiện"), accessor="addressee__name", order_by="addressee__name"
    )
    text = tables.Column(_("Nội dung kiến nghị"), linkify=lambda record: _detail_url(record))
    plan = tables.Column(
        _("Kế hoạch"), accessor="visit__plan__number", order_by="visit__plan__number"
    )
    issuer = tables.Column(
        _("Cơ quan kiến nghị"), accessor="visit__plan__issuer", order_by="visit__plan__issuer"
    )
    visit_date = tables.DateColumn(
        DATE, verbose_name=_("Ngày làm việc"), accessor="visit__date", order_by="visit__date"
    )
    deadline = tables.DateColumn(DATE, verbose_name=_("Thời hạn"))
    status = tables.Column(_("Trạng thái"), empty_values=())
    latest = tables.Column(_("Cập nhật gần nhất"), empty_values=(), orderable=False)
    completed_date = tables.DateColumn(DATE, verbose_name=_("Ngày hoàn thành"))

    class Meta:
        model = Recommendation
        fields = [
            "addressee",
            "text",
            "plan",
            "issuer",
            "visit_date",
            "deadline",
            "status",
            "latest",
            "completed_date",
        ]
        empty_text = _("Không có kiến nghị nào khớp với bộ lọc.")
        attrs = {"class": "table table-sm table-hover align-middle"}
        row_attrs = {
            "class": lambda record: "row-overdue table-danger" if record.is_overdue() else ""
        }

    def render_text(self, value):
        return value if len(value) <= 160 else value[:157] + "…"

    def value_text(self, value):
        return value

    def render_status(self, record):
        label = status_label(record)
        if record.is_overdue():
            return format_html('<span class="overdue">{}</span>', label)
        return label

    def value_status(self, record):
        return status_label(record)

    def render_latest(self, record):
        update = record.latest_update()
        if update is None:
            return "—"
        parts = [(update.document_no or gettext("(không số)"),)]
        if update.document_date:
            parts.append(
                (
                    gettext("ngày {document_date:%d/%m/%Y}").format(
                        document_date=update.document_date
                    ),
                )
            )
        return format_html_join(" ", "{}", parts)

    def value_latest(self, record):
        update = record.latest_update()
        if update is None:
            return ""
        date = (
            gettext(" ngày {document_date:%d/%m/%Y}").format(document_date=update.document_date)
            if update.document_date
            else ""
        )
        return f"{update.document_no}{date}: {update.text}"


def status_label(recommendation: Recommendation) -> str:
    """Status as users say it: overdue is computed, and a reported "done" awaits confirmation."""
    label = (
        gettext("Chờ xác nhận hoàn thành")
        if recommendation.awaiting_confirmation
        else recommendation.get_status_display()
    )
    return (
        gettext("Quá hạn ({lower})").format(lower=label.lower())
        if recommendation.is_overdue()
        else label
    )


def _detail_url(record):
    return reverse("inspections:recommendation_detail", args=[record.pk])


def action_status(action) -> str:
    """ "Đang thực hiện (quá hạn)": the status, and overdue when it is."""
    label = action.get_status_display()
    return gettext("{label} (quá hạn)").format(label=label) if action.is_overdue() else label


def _latest_action_update(action) -> str:
    latest = action.latest_update()  # prefetched
    return f"{latest.date:%d/%m/%Y}: {latest.text}" if latest else ""


class ActionTable(PagedTable):
    """Remediation actions across the agencies: one row per action, overdue first to see."""

    agency = tables.Column(
        _("Đơn vị"),
        accessor="plan__agency__name",
        order_by="plan__agency__name",
        linkify=lambda record: record.plan.agency.get_absolute_url(),
    )
    year = tables.Column(_("Năm"), accessor="plan__framework__year", attrs={"td": {"class": "num"}})
    plan = tables.Column(
        _("Kế hoạch"), accessor="plan__title", linkify=lambda record: record.plan.get_absolute_url()
    )
    subject = tables.Column(
        _("Tiêu chí / kiến nghị"), accessor="plan__subject", empty_values=(), orderable=False
    )
    text = tables.Column(_("Nội dung thực hiện"))
    responsible_unit = tables.Column(_("Đơn vị chủ trì"))
    start_date = tables.DateColumn(DATE, verbose_name=_("Ngày bắt đầu"))
    due_date = tables.DateColumn(DATE, verbose_name=_("Thời hạn"))
    status = tables.Column(_("Trạng thái"), empty_values=())
    completed_date = tables.DateColumn(DATE, verbose_name=_("Ngày hoàn thành"))
    latest = tables.Column(_("Cập nhật gần nhất"), empty_values=(), orderable=False)

    class Meta:
        empty_text = _("Chưa có hành động khắc phục nào khớp với bộ lọc.")
        attrs = {"class": "table table-sm table-hover align-middle"}
        row_attrs = {"class": lambda record: "row-overdue" if record.is_overdue() else ""}

    def render_year(self, value):
        return str(value)  # a year, not a number: no thousands separator

    def value_year(self, value):
        return value

    def render_subject(self, value):
        return value[:120]

    def render_text(self, value):
        return value[:200]

    def render_status(self, record):
        if record.is_overdue():
            return format_html(
                gettext('<span class="badge text-bg-danger overdue-badge">Quá hạn</span> {}'),
                record.get_status_display(),
            )
        return record.get_status_display()

    def value_status(self, record):
        return action_status(record)

    def render_latest(self, record):
        return _latest_action_update(record)[:160]

    def value_latest(self, record):
        return _latest_action_update(record)
