"""Remediation plans: the profile panel, opening a plan, its page, actions and updates,
evidence downloads (the board and its export are `lists.RemediationBoardView`). Sở Nội vụ
and the agency's reporters write; HĐND supervisors read."""

from django.contrib import messages
from django.db import transaction
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from agencies.access import READERS, REPORTERS, STAFF, role_required
from agencies.models import Agency, Submission
from indicators import exporting
from indicators.selection import int_or_none

from .. import remediation
from ..forms.remediation import ActionForm, ActionUpdateForm, PlanOpenForm, open_recommendations
from ..models import ActionUpdate, RemediationAction, RemediationPlan
from .fragments import _agency_for
from .plans import ALREADY_SENT

WRITERS = STAFF | REPORTERS


@role_required(READERS)
def agency_remediation_panel(request, agency_id):
    """The profile's panel: the agency's plans with their actions, overdue marked."""
    agency = _agency_for(request, agency_id)
    context = remediation.agency_plans(agency=agency)
    context.update(
        agency=agency,
        can_open=Agency.objects.editable_by(request.user).filter(pk=agency.pk).exists(),
    )
    return render(request, "inspections/remediation/_panel.html", context)


@role_required(WRITERS)
def remediation_open(request, agency_id):
    agency = get_object_or_404(Agency.objects.editable_by(request.user), pk=agency_id)
    frameworks = remediation.published_frameworks(agency=agency)
    year = int_or_none(request.GET.get("year"))
    framework = next(
        (f for f in frameworks if f.year == year), frameworks[0] if frameworks else None
    )
    if request.method == "POST" and Submission.spent(request):
        messages.info(request, ALREADY_SENT)
        return redirect("indicators:agency_profile", agency_id=agency.pk)
    weak = remediation.weak_criteria(agency=agency, framework=framework) if framework else []
    form = PlanOpenForm(
        request.POST or None, weak=weak, recommendations=open_recommendations(agency)
    )
    if request.method == "POST" and framework is not None and form.is_valid():
        try:
            with transaction.atomic():
                if not Submission.claim(request):
                    messages.info(request, ALREADY_SENT)
                    return redirect("indicators:agency_profile", agency_id=agency.pk)
                plan = remediation.open_plan(
                    agency=agency, framework=framework, user=request.user, **form.cleaned_data
                )
        except remediation.RemediationError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Đã lập kế hoạch khắc phục; hãy thêm các hành động."))
            return redirect(plan)
    context = {"agency": agency, "frameworks": frameworks, "framework": framework, "form": form}
    return render(
        request,
        "inspections/remediation/open.html",
        context,
        status=400 if form.errors else 200,
    )


def _detail(request, plan, *, action_form=None, update_forms=None, status=200):
    plan = remediation.with_actions(RemediationPlan.objects.filter(pk=plan.pk)).get()
    can_edit = RemediationPlan.objects.editable_by(request.user).filter(pk=plan.pk).exists()
    update_forms = update_forms or {}
    actions = [
        (action, update_forms.get(action.pk) or ActionUpdateForm(action=action))
        if can_edit
        else (action, None)
        for action in plan.actions.all()
    ]
    context = {
        "plan": plan,
        "actions": actions,
        "can_edit": can_edit,
        "action_form": (action_form or ActionForm()) if can_edit else None,
    }
    return render(request, "inspections/remediation/detail.html", context, status=status)


@role_required(READERS)
def remediation_detail(request, pk):
    return _detail(
        request, get_object_or_404(RemediationPlan.objects.visible_to(request.user), pk=pk)
    )


@role_required(WRITERS)
@require_POST
def remediation_add_action(request, pk):
    plan = get_object_or_404(RemediationPlan.objects.editable_by(request.user), pk=pk)
    if Submission.spent(request):
        messages.info(request, ALREADY_SENT)
        return redirect(plan)
    form = ActionForm(request.POST)
    if not form.is_valid():
        return _detail(request, plan, action_form=form, status=400)
    with transaction.atomic():
        if Submission.claim(request):
            remediation.add_action(plan=plan, **form.cleaned_data)
            messages.success(request, _("Đã thêm hành động khắc phục."))
    return redirect(plan)


@role_required(WRITERS)
@require_POST
def remediation_action_update(request, pk):
    action = get_object_or_404(
        RemediationAction.objects.filter(
            plan__in=RemediationPlan.objects.editable_by(request.user)
        ).select_related("plan"),
        pk=pk,
    )
    plan = action.plan
    if Submission.spent(request):
        messages.info(request, ALREADY_SENT)
        return redirect(plan)
    form = ActionUpdateForm(request.POST, request.FILES, action=action)
    if not form.is_valid():
        return _detail(request, plan, update_forms={action.pk: form}, status=400)
    try:
        with transaction.atomic():
            if not Submission.claim(request):
                messages.info(request, ALREADY_SENT)
                return redirect(plan)
            remediation.update_action(action=action, user=request.user, **form.cleaned_data)
    except remediation.RemediationError as error:
        form.add_error(None, str(error))
        return _detail(request, plan, update_forms={action.pk: form}, status=409)
    messages.success(request, _("Đã cập nhật hành động khắc phục."))
    return redirect(f"{plan.get_absolute_url()}#action-{action.pk}")


@role_required(READERS)
def remediation_evidence(request, pk):
    """Evidence is private: streamed only to those who may read the plan."""
    update = get_object_or_404(
        ActionUpdate.objects.filter(
            action__plan__in=RemediationPlan.objects.visible_to(request.user)
        ),
        pk=pk,
    )
    if not update.evidence:
        raise Http404(_("Cập nhật này không có tài liệu kiểm chứng."))
    name = update.original_name or update.evidence.name.rsplit("/", 1)[-1]
    response = FileResponse(update.evidence.open("rb"), as_attachment=True, filename=name)
    response["Content-Disposition"] = exporting.content_disposition(name)
    return response
