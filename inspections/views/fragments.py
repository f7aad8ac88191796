"""HTML fragments embedded (htmx hx-get) in the agency profile page of the indicators app.

Each fragment runs a fixed number of queries whatever the number of visits, findings or
recommendations: everything below the visit is prefetched.
"""

from django.db.models import Prefetch, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _

from agencies.access import READERS, role_required
from agencies.models import Agency, Membership
from indicators.selection import int_or_none

from ..models import Finding, Recommendation, RecommendationUpdate, Visit


def _agency_for(request, agency_id) -> Agency:
    """The agency, if the user may read its inspections (`Membership.reads_records_of`)."""
    agency = get_object_or_404(Agency.objects.visible_to(request.user), pk=agency_id)
    membership = Membership.for_user(request.user)
    if membership is None or not membership.reads_records_of(agency.pk):
        raise Http404(_("Không tìm thấy đơn vị."))
    return agency


@role_required(READERS)
def agency_panel(request, agency_id):
    """Timeline of inspections and supervisions of one agency, with its findings and
    recommendations."""
    agency = _agency_for(request, agency_id)
    ids = Visit.objects.filter(Q(agencies=agency) | Q(recommendations__addressee=agency)).values(
        "pk"
    )
    visits = (
        Visit.objects.filter(pk__in=ids)
        .select_related("plan")
        .prefetch_related(
            Prefetch("agencies", queryset=Agency.objects.order_by("name")),
            Prefetch(
                "findings",
                queryset=Finding.objects.filter(agency=agency).select_related("criterion"),
                to_attr="agency_findings",
            ),
            Prefetch(
                "recommendations",
                queryset=Recommendation.objects.filter(addressee=agency).prefetch_related(
                    Prefetch("updates", queryset=RecommendationUpdate.objects.order_by("posted_at"))
                ),
                to_attr="agency_recommendations",
            ),
        )
        .order_by("-date", "-pk")
    )
    today = timezone.localdate()
    recommendations = [r for v in visits for r in v.agency_recommendations]
    summary = {
        "open": sum(r.status != Recommendation.Status.DONE for r in recommendations),
        "overdue": sum(r.is_overdue(today) for r in recommendations),
        "done": sum(r.status == Recommendation.Status.DONE for r in recommendations),
    }
    return render(
        request,
        "inspections/_agency_panel.html",
        {"agency": agency, "visits": visits, "summary": summary, "today": today},
    )


@role_required(READERS)
def agency_criterion_findings(request, agency_id):
    """Findings about one agency grouped by the index criterion they concern; `?year=` narrows."""
    agency = _agency_for(request, agency_id)
    findings = (
        Finding.objects.filter(agency=agency)
        .filter(Q(criterion__isnull=False) | ~Q(procedure_indicator=""))
        .select_related("criterion__framework", "visit__plan")
        .order_by(
            "-criterion__framework__year", "criterion__order", "criterion__code", "-visit__date"
        )
    )
    year = int_or_none(request.GET.get("year"))
    if year is not None:
        findings = findings.filter(
            Q(criterion__framework__year=year) | Q(criterion__isnull=True, visit__plan__year=year)
        )
    groups: dict[str, dict] = {}
    for finding in findings:
        if finding.criterion_id:
            criterion = finding.criterion
            key, code, title, framework_year = (
                f"c{criterion.pk}",
                criterion.code,
                criterion.name,
                criterion.framework.year,
            )
        else:
            key, code, title = (
                f"p{finding.procedure_indicator}",
                _("TTHC"),
                finding.get_procedure_indicator_display(),
            )
            framework_year = None
        group = groups.setdefault(
            key,
            {
                "code": code,
                "title": title,
                "year": framework_year,
                "achievements": [],
                "shortcomings": [],
            },
        )
        group[
            "achievements" if finding.kind == Finding.Kind.ACHIEVEMENT else "shortcomings"
        ].append(finding)
    return render(
        request,
        "inspections/_criterion_findings.html",
        {
            "agency": agency,
            "groups": list(groups.values()),
            "year": year if year is not None else "",
        },
    )
