"""The national view: the provinces' PAR INDEX by year, a province's trend across its
lineage, the switch into one province's own pages, and the national table's import."""

import tempfile
from pathlib import Path

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import OuterRef, Subquery
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import Resolver404, resolve, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST, require_safe
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin

from agencies.access import ADMINS, NATIONAL, RoleRequiredMixin, role_required
from agencies.middleware import SCOPE_SESSION_KEY
from agencies.models import Membership, Province, ProvinceLineage
from indicators import exporting
from indicators.caching import figure_json
from indicators.importing import ImportFailed
from indicators.importing.templates import template_workbook
from indicators.sheets import SheetExportMixin

from . import charts, trends
from .filters import ParIndexFilter
from .forms import ParTableForm
from .importing import ParTable, import_par_table
from .models import ParIndexResult
from .tables import ProvinceRankingTable


def _successor(field: str):
    return Subquery(
        ProvinceLineage.objects.filter(predecessor=OuterRef("province"))
        .order_by("-effective_date")
        .values(field)[:1]
    )


class ProvinceRankingView(RoleRequiredMixin, SheetExportMixin, SingleTableMixin, FilterView):
    """Bộ Nội vụ's PAR INDEX of the provinces for one year."""

    allowed_roles = NATIONAL
    table_class = ProvinceRankingTable
    filterset_class = ParIndexFilter
    template_name = "national/ranking.html"
    table_pagination = {"per_page": 50}
    export_name = "par-index-tinh"
    export_title = gettext_lazy("Chỉ số cải cách hành chính (PAR INDEX) của các tỉnh, thành phố")

    def get_queryset(self):
        return ParIndexResult.objects.select_related("province").annotate(
            successor_name=_successor("successor__name"),
            successor_date=_successor("effective_date"),
        )


@role_required(NATIONAL)
def province_detail(request, province_id):
    """A province's PAR INDEX over the years, its predecessors' apart, and the way in."""
    province = get_object_or_404(Province, pk=province_id)
    series = trends.province_trend(province=province)
    figure = None
    if any(s["points"] for s in series):
        figure = figure_json(charts.province_trend, series=series, locale=request.LANGUAGE_CODE)
    membership = Membership.for_user(request.user)
    context = {
        "province": province,
        "series": series,
        "figure": figure,
        "successor": province.successor_edge(),
        "can_switch": membership is not None and membership.sees_every_province,
        "has_agencies": province.agencies.exists(),
    }
    return render(request, "national/province.html", context)


@role_required(NATIONAL)
@require_POST
def province_switch(request):
    """Look at one province's own pages (overview, profiles, procedures, 766, inspections),
    or at every province again with an empty choice. Only a reader who sees every province
    has a choice to make; the session keeps it."""
    membership = Membership.for_user(request.user)
    if membership is None or not membership.sees_every_province:
        raise PermissionDenied(_("Tài khoản của bạn chỉ xem được tỉnh của mình."))
    chosen = request.POST.get("province", "")
    if chosen:
        province = get_object_or_404(Province, pk=chosen if chosen.isdecimal() else None)
        request.session[SCOPE_SESSION_KEY] = province.pk
    else:
        request.session.pop(SCOPE_SESSION_KEY, None)
    return redirect(_list_page(request.POST.get("next", "")))


def _list_page(target: str) -> str:
    """Where to go after a switch: the page the reader was on, unless it shows one object
    (an agency, a plan), which belongs to the province they left; then the overview."""
    overview = reverse("indicators:overview")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts=None):
        return overview
    try:
        match = resolve(target)
    except Resolver404:
        return overview
    return overview if match.kwargs else target


@role_required(ADMINS)
def import_table(request):
    """Upload the national table of a year: "Kiểm tra" reads it, "Nhập" writes it, all rows
    or none."""
    form = ParTableForm(request.POST or None, request.FILES or None)
    context = {"form": form, "table": None, "errors": []}
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        check_only = request.POST.get("action") != "commit"
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / Path(upload.name).name
            with path.open("wb") as handle:
                for chunk in upload.chunks():
                    handle.write(chunk)
            try:
                outcome, table = import_par_table(
                    path,
                    year=form.cleaned_data["year"],
                    decision_no=form.cleaned_data["decision_no"],
                    filename=upload.name,
                    dry_run=check_only,
                )
            except ImportFailed as failed:
                context["errors"] = failed.errors
                return render(request, "national/import.html", context, status=400)
        if not check_only:
            summary = outcome.summary()
            messages.success(
                request, _("Đã nhập bảng PAR INDEX: {summary}.").format(summary=summary)
            )
            return redirect(reverse("national:ranking") + f"?year={form.cleaned_data['year']}")
        context["table"] = table
    return render(request, "national/import.html", context)


@role_required(ADMINS)
@require_safe
def import_template(request):
    return exporting.download(
        template_workbook(ParTable),
        filename="mau-nhap-par-index.xlsx",
        content_type=exporting.CONTENT_TYPES["xlsx"],
    )
