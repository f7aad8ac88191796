"""The what-if panel of the agency profile: an htmx fragment, read-only (GET, no write)."""

from django.shortcuts import get_object_or_404, render

from agencies.access import READERS, role_required
from agencies.models import Agency
from indicators import what_if
from indicators.forms.what_if import WhatIfForm
from indicators.models import AnnualReport, IndexResult
from indicators.profiles import default_year
from indicators.selection import int_or_none


def _report_for(user, agency, year: int | None) -> AnnualReport | None:
    """The agency's report of `year` (default: the year its profile opens on), if `user`
    may read its scores."""
    if year is None:
        year = default_year(IndexResult.objects.filter(agency=agency).select_related("framework"))
    return (
        AnnualReport.objects.visible_to(user)
        .filter(agency=agency, framework__year=year)
        .select_related("framework")
        .order_by("framework__group__order", "pk")
        .first()
    )


@role_required(READERS)
def what_if_panel(request, agency_id):
    agency = get_object_or_404(Agency.objects.visible_to(request.user), pk=agency_id)
    report = _report_for(request.user, agency, int_or_none(request.GET.get("year")))
    context = {"agency": agency, "report": report, "result": None}
    if report is not None:
        framework = report.framework
        inputs = what_if.agency_inputs(framework=framework, agency=agency)
        form = WhatIfForm(request.GET if "whatif" in request.GET else None, inputs=inputs)
        changes = form.changes() if form.is_bound and form.is_valid() else what_if.Changes()
        result = what_if.what_if(framework=framework, agency=agency, changes=changes, inputs=inputs)
        # The criteria that would gain most first, each with its input; then the others.
        shown = result["gains"][: what_if.RANKED_GAINS]
        listed = {row["id"] for row in shown}
        rest = [leaf for leaf in inputs.leaves if leaf["id"] not in listed]
        context.update(
            framework=framework,
            form=form,
            result=result,
            top=[(row, form.leaf_field(row["id"])) for row in shown],
            rest=[
                (leaf, form.leaf_field(leaf["id"])) for leaf in rest if not leaf["not_applicable"]
            ],
            surveys=[(c, form[f"s{c['id']}"]) for c in inputs.components],
            rates=[(r, form[f"r_{r['metric']}"]) for r in inputs.rates if r["leaves"]],
            unbound=[r for r in inputs.rates if not r["leaves"]],
        )
    return render(request, "indicators/what_if/_panel.html", context)
