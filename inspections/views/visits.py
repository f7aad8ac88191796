"""Visit detail, the visit form (agencies + team) and the findings/recommendations form."""

from django.contrib import messages
from django.db import transaction
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from agencies.access import READERS, STAFF, SUPERVISORS, role_required
from agencies.models import Agency, Submission

from ..forms import FindingFormSet, RecommendationFormSet, TeamMemberFormSet, VisitForm
from ..models import Finding, InspectionPlan, Recommendation, RecommendationUpdate, Visit
from .plans import ALREADY_SENT


@role_required(READERS)
def visit_detail(request, pk):
    visit = get_object_or_404(Visit.objects.visible_to(request.user).select_related("plan"), pk=pk)
    findings = (
        Finding.objects.visible_to(request.user)
        .filter(visit=visit)
        .select_related("agency", "criterion")
    )
    recommendations = (
        Recommendation.objects.visible_to(request.user)
        .filter(visit=visit)
        .select_related("addressee", "finding")
        .prefetch_related(
            Prefetch("updates", queryset=RecommendationUpdate.objects.select_related("posted_by"))
        )
    )
    findings = list(findings)
    return render(
        request,
        "inspections/visit_detail.html",
        {
            "visit": visit,
            "plan": visit.plan,
            "agencies": visit.agencies.order_by("name"),
            "members": visit.members.all(),
            "achievements": [f for f in findings if f.kind == Finding.Kind.ACHIEVEMENT],
            "shortcomings": [f for f in findings if f.kind == Finding.Kind.SHORTCOMING],
            "recommendations": recommendations,
            "can_edit": Visit.objects.editable_by(request.user).filter(pk=visit.pk).exists(),
            "several_agencies": visit.agencies.count() > 1,
        },
    )


def _save_visit(request, form, team, plan):
    with transaction.atomic():
        if form.instance.pk is None and not Submission.claim(request):
            messages.info(request, ALREADY_SENT)
            return redirect(plan)
        visit = form.save()
        team.instance = visit
        team.save()
    messages.success(
        request, _("Đã lưu đợt làm việc ngày {date:%d/%m/%Y}.").format(date=visit.date)
    )
    return redirect(visit)


@role_required(STAFF, SUPERVISORS)
def visit_create(request, plan_pk):
    plan = get_object_or_404(InspectionPlan.objects.editable_by(request.user), pk=plan_pk)
    if request.method == "POST" and Submission.spent(request):
        messages.info(request, ALREADY_SENT)
        return redirect(plan)
    form = VisitForm(request.POST or None, plan=plan)
    team = TeamMemberFormSet(request.POST or None, instance=Visit(plan=plan), prefix="team")
    if request.method == "POST" and form.is_valid() and team.is_valid():
        return _save_visit(request, form, team, plan)
    return render(
        request, "inspections/visit_form.html", {"form": form, "team": team, "plan": plan}
    )


@role_required(STAFF, SUPERVISORS)
def visit_edit(request, pk):
    visit = get_object_or_404(Visit.objects.editable_by(request.user).select_related("plan"), pk=pk)
    form = VisitForm(request.POST or None, instance=visit, plan=visit.plan)
    team = TeamMemberFormSet(request.POST or None, instance=visit, prefix="team")
    if request.method == "POST" and form.is_valid() and team.is_valid():
        return _save_visit(request, form, team, visit.plan)
    return render(
        request,
        "inspections/visit_form.html",
        {"form": form, "team": team, "plan": visit.plan, "visit": visit},
    )


@role_required(STAFF, SUPERVISORS)
def visit_findings(request, pk):
    """Findings and recommendations of one visit, edited together and saved atomically."""
    visit = get_object_or_404(Visit.objects.editable_by(request.user).select_related("plan"), pk=pk)
    data = request.POST or None
    findings = FindingFormSet(data, instance=visit, prefix="findings")
    recommendations = RecommendationFormSet(data, instance=visit, prefix="recs")
    if request.method == "POST" and findings.is_valid() and recommendations.is_valid():
        with transaction.atomic():
            findings.save()
            recommendations.save()
        messages.success(request, _("Đã lưu nhận xét và kiến nghị."))
        return redirect(visit)
    return render(
        request,
        "inspections/visit_findings.html",
        {
            "visit": visit,
            "plan": visit.plan,
            "findings": findings,
            "recommendations": recommendations,
            "agency_count": Agency.objects.filter(visits=visit).count(),
        },
    )
