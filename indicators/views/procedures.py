"""Procedures (TTHC), dossier statistics and the 766 index: tables, entry form, profile panel."""

from django.contrib import messages
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin

from agencies.access import READERS, REPORTERS, STAFF, RoleRequiredMixin, role_required
from agencies.models import Agency, Membership, Province, Submission
from indicators import dossiers, service_index
from indicators.caching import figure_json
from indicators.charts import dossiers as charts
from indicators.filters.procedures import ProcedureStatFilter, ServiceIndexFilter
from indicators.forms.procedures import ProcedureStatForm
from indicators.models import PeriodType, ProcedureStat, ServiceIndexScore
from indicators.sheets import SheetExportMixin
from indicators.tables.procedures import ProcedureStatTable, ServiceIndexTable


class ProcedureListView(RoleRequiredMixin, SheetExportMixin, SingleTableMixin, FilterView):
    """Province table of dossier statistics per period; CSV/XLSX keep numerator and denominator."""

    allowed_roles = READERS
    table_class = ProcedureStatTable
    filterset_class = ProcedureStatFilter
    template_name = "indicators/procedures/list.html"
    # The table paginates; FilterView's own paginate_by stays unset to avoid a second COUNT.
    table_pagination = {"per_page": 25}
    export_name = "so-lieu-tthc-ho-so"
    export_title = _("Số liệu TTHC và hồ sơ")

    def get_queryset(self):
        stats = ProcedureStat.objects.filter(
            agency__in=Agency.objects.visible_to(self.request.user)
        )
        return dossiers.with_rates(stats.select_related("agency", "agency__group"))

    def get_table_kwargs(self):
        editable = Agency.objects.editable_by(self.request.user).values_list("pk", flat=True)
        return {"editable_agency_ids": frozenset(editable)}


class ServiceIndexView(RoleRequiredMixin, SheetExportMixin, SingleTableMixin, FilterView):
    """The 766 index per period, kept apart from the annual CCHC index."""

    allowed_roles = READERS
    table_class = ServiceIndexTable
    filterset_class = ServiceIndexFilter
    template_name = "indicators/procedures/service_index.html"
    table_pagination = {"per_page": 50}
    export_name = "chi-so-766"
    export_title = service_index.TITLE
    extra_context = {"title": service_index.TITLE, "bands": service_index.BANDS}

    def get_queryset(self):
        visible = Agency.objects.visible_to(self.request.user)
        # Agency rows the user may see, and whole-province rows (agency empty) of those provinces.
        mine = Q(agency__in=visible) | Q(
            agency__isnull=True, province_id__in=visible.values("province_id")
        )
        return ServiceIndexScore.objects.filter(mine).select_related("agency", "group", "province")


@role_required(STAFF)
@require_POST
def service_index_rank(request):
    """Rank the 766 periods of the user's province that have scores without a rank."""
    membership = Membership.for_user(request.user)
    province_id = membership.province_id or request.POST.get("province")
    province = get_object_or_404(
        Province.objects.filter(agencies__in=Agency.objects.visible_to(request.user)).distinct(),
        pk=province_id,
    )
    periods = service_index.rank_missing(province_id=province.pk)
    messages.success(
        request,
        gettext("Đã xếp hạng {periods} kỳ chưa có thứ hạng.").format(periods=periods)
        if periods
        else gettext("Mọi kỳ đều đã có thứ hạng; không có gì để tính."),
    )
    return redirect("indicators:service_index")


@role_required(STAFF, REPORTERS)
def procedure_entry_start(request):
    """A reporter goes straight to their agency's form; staff pick an agency."""
    agencies = (
        Agency.objects.editable_by(request.user)
        .select_related("group")
        .order_by("group__order", "name")
    )
    membership = Membership.for_user(request.user)
    if membership.role == Membership.Role.REPORTER:
        return redirect("indicators:procedure_entry", agency_id=membership.agency_id)
    return render(request, "indicators/procedures/entry_start.html", {"agencies": agencies})


ALREADY_SENT = _("Số liệu này đã được gửi; lần gửi lặp lại không ghi thêm gì.")


def _entry(request, agency, stat=None):
    if request.method == "POST" and stat is None and Submission.spent(request):
        messages.info(request, ALREADY_SENT)
        return redirect(reverse("indicators:procedure_list") + f"?agency={agency.pk}")
    form = ProcedureStatForm(request.POST or None, instance=stat, agency=agency)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                if stat is None and not Submission.claim(request):
                    messages.info(request, ALREADY_SENT)
                    return redirect(reverse("indicators:procedure_list") + f"?agency={agency.pk}")
                stat = form.save()
        except IntegrityError:  # the same period saved meanwhile by another request
            form.add_error(
                None, gettext("Kỳ này của đơn vị vừa được lưu ở một lượt gửi khác; hãy mở lại.")
            )
            return _render_entry(request, form, agency, stat)
        label = dossiers.period_label(stat.period_type, stat.period_start, stat.period_end)
        messages.success(
            request,
            gettext("Đã lưu số liệu kỳ {label} của {name}").format(label=label, name=agency.name)
            + (
                gettext(" với {warnings} cảnh báo.").format(warnings=len(stat.warnings))
                if stat.warnings
                else "."
            ),
        )
        return redirect(reverse("indicators:procedure_list") + f"?agency={agency.pk}")
    return _render_entry(request, form, agency, stat)


def _render_entry(request, form, agency, stat):
    recent = agency.procedure_stats.order_by("-period_start")[:6]
    return render(
        request,
        "indicators/procedures/entry.html",
        {
            "form": form,
            "agency": agency,
            "stat": stat,
            "recent": recent,
            "period_types": PeriodType,
        },
    )


@role_required(STAFF, REPORTERS)
def procedure_entry(request, agency_id):
    agency = get_object_or_404(Agency.objects.editable_by(request.user), pk=agency_id)
    return _entry(request, agency)


@role_required(STAFF, REPORTERS)
def procedure_edit(request, pk):
    stat = get_object_or_404(
        ProcedureStat.objects.filter(
            agency__in=Agency.objects.editable_by(request.user)
        ).select_related("agency"),
        pk=pk,
    )
    return _entry(request, stat.agency, stat)


@role_required(STAFF, REPORTERS)
def procedure_check(request, agency_id):
    """htmx: the sanity rules and rates of the figures being typed, without saving."""
    agency = get_object_or_404(Agency.objects.editable_by(request.user), pk=agency_id)
    stat = ProcedureStat.objects.filter(
        agency=agency, pk=request.POST.get("stat_id") or None
    ).first()
    form = ProcedureStatForm(request.POST, instance=stat, agency=agency)
    form.is_valid()
    rates = dossiers.all_rates(form.cleaned_data)
    return render(
        request,
        "indicators/procedures/entry.html#checks",
        {"form": form, "rates": rates, "live": True},
    )


@role_required(READERS)
def agency_procedures_panel(request, agency_id):
    """HTML fragment for the agency profile: dossier trends, outcomes, service mix, 766 trend."""
    agency = get_object_or_404(Agency.objects.visible_to(request.user), pk=agency_id)
    period_type = request.GET.get("period_type")
    period_type = PeriodType(period_type) if period_type in PeriodType.values else PeriodType.YEAR
    rows = dossiers.trend_rows(agency.procedure_stats.filter(period_type=period_type))
    points = charts.service_points(agency.service_scores.all())
    figures = {}
    if rows:
        figures.update(
            on_time=figure_json(charts.on_time_trend, rows=rows),
            online=figure_json(charts.online_trend, rows=rows),
            outcomes=figure_json(charts.outcomes_bar, rows=rows),
            mix=figure_json(charts.service_mix_bar, rows=rows),
        )
    if points:
        figures["service_index"] = figure_json(charts.service_index_trend, points=points)
    return render(
        request,
        "indicators/procedures/panel.html",
        {
            "agency": agency,
            "rows": rows,
            "points": points,
            "period_type": period_type.value,
            "period_type_label": period_type.label,
            "period_types": PeriodType.choices,
            "groups": service_index.GROUPS,
            "figures": figures,
            "can_edit": Agency.objects.editable_by(request.user).filter(pk=agency.pk).exists(),
        },
    )
