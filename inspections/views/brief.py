"""The council brief of an agency: a printable page for an HĐND meeting."""

from django.shortcuts import get_object_or_404, render

from agencies.access import READERS, role_required
from agencies.models import Agency, Membership
from indicators.selection import int_or_none

from ..briefing import council_brief as brief_data


@role_required(READERS)
def council_brief(request, agency_id):
    agency = get_object_or_404(
        Agency.objects.visible_to(request.user).select_related("group", "province"), pk=agency_id
    )
    membership = Membership.for_user(request.user)
    data = brief_data(
        agency=agency,
        year=int_or_none(request.GET.get("year")),
        with_recommendations=membership is not None and membership.reads_records_of(agency.pk),
    )
    return render(request, "inspections/council_brief.html", data)
