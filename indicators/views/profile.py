"""An agency's profile: what HĐND supervisors open before a meeting."""

from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _

from agencies.access import READERS, role_required
from agencies.models import Agency, Membership
from indicators import profiles
from indicators.caching import figure_json, page_part
from indicators.charts import profile as charts
from indicators.selection import int_or_none


def profile_context(*, agency, year: int | None, locale: str) -> dict:
    """Everything the profile's body shows, with its figures."""
    ctx = profiles.agency_profile(agency=agency, year=year)
    figures = {}
    if any(s["points"] for s in ctx["series"]):
        figures["history"] = figure_json(
            charts.index_rank_history, series=ctx["series"], bands=ctx["bands"], locale=locale
        )
    if ctx["current"] and ctx["fields"]:
        values = [stat["agency"] for stat in ctx["field_stats"]]
        figures["fields"] = figure_json(
            charts.fields_vs_group, fields=ctx["field_stats"], values=values, locale=locale
        )
    moved = ctx["moved"]
    if moved["rows"]:
        unit = _("điểm") if moved["level"] == "criterion" else "%"
        figures["moved"] = figure_json(
            charts.criteria_movers, rows=moved["rows"], unit=unit, locale=locale
        )
    if moved["self_vs_appraised"]:
        figures["appraisal"] = figure_json(
            charts.self_vs_appraised, rows=moved["self_vs_appraised"], locale=locale
        )
    ctx["figures"] = figures
    return ctx


@role_required(READERS)
def agency_profile(request, agency_id):
    agency = get_object_or_404(
        Agency.objects.visible_to(request.user).select_related("group", "province"), pk=agency_id
    )
    year = int_or_none(request.GET.get("year"))
    body = page_part(
        "profile",
        # The printed profile carries the day it was printed.
        version=(agency.pk, agency.province.data_version, timezone.localdate().isoformat()),
        params=request.GET,
        template="indicators/dashboard/_profile_body.html",
        context=lambda: profile_context(agency=agency, year=year, locale=request.LANGUAGE_CODE),
    )
    # Per reader, so outside the cached body: whether the agency's own records (its
    # inspections and recommendations) are this reader's to open.
    membership = Membership.for_user(request.user)
    context = {
        "agency": agency,
        "body": body,
        "reads_records": membership is not None and membership.reads_records_of(agency.pk),
    }
    return render(request, "indicators/dashboard/profile.html", context)
