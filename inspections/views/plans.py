"""Plan detail and the create/edit forms (Sở Nội vụ for inspections, HĐND for supervisions)."""

from django.contrib import messages
from django.db import IntegrityError, transaction
from django.db.models import Count, Prefetch, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from agencies.access import READERS, STAFF, SUPERVISORS, role_required
from agencies.models import Agency, Submission

from ..forms import PlanForm
from ..models import InspectionPlan, Recommendation, Visit

ALREADY_SENT = _("Biểu mẫu này đã được gửi; lần gửi lặp lại không ghi thêm gì.")


@role_required(READERS)
def plan_detail(request, pk):
    plan = get_object_or_404(InspectionPlan.objects.visible_to(request.user), pk=pk)
    visits = (
        Visit.objects.visible_to(request.user)
        .filter(plan=plan)
        .prefetch_related(Prefetch("agencies", queryset=Agency.objects.order_by("name")), "members")
        .annotate(
            finding_count=Count("findings", distinct=True),
            open_count=Count(
                "recommendations",
                filter=~Q(recommendations__status=Recommendation.Status.DONE),
                distinct=True,
            ),
        )
    )
    return render(
        request,
        "inspections/plan_detail.html",
        {
            "plan": plan,
            "visits": visits,
            "can_edit": InspectionPlan.objects.editable_by(request.user)
            .filter(pk=plan.pk)
            .exists(),
        },
    )


@role_required(STAFF, SUPERVISORS)
def plan_create(request):
    if request.method == "POST" and Submission.spent(request):
        messages.info(request, ALREADY_SENT)
        return redirect("inspections:plan_list")
    form = PlanForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                if not Submission.claim(request):
                    messages.info(request, ALREADY_SENT)
                    return redirect("inspections:plan_list")
                plan = form.save(commit=False)
                plan.created_by = request.user
                plan.save()
        except IntegrityError:  # the same number saved meanwhile by another request
            form.add_error(
                "number", gettext("Đã có kế hoạch mang số này trong năm; hãy kiểm tra lại.")
            )
        else:
            messages.success(request, gettext("Đã tạo {plan}.").format(plan=plan))
            return redirect(plan)
    return render(request, "inspections/plan_form.html", {"form": form})


@role_required(STAFF, SUPERVISORS)
def plan_edit(request, pk):
    plan = get_object_or_404(InspectionPlan.objects.editable_by(request.user), pk=pk)
    form = PlanForm(request.POST or None, instance=plan, user=request.user)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            form.save()
        messages.success(request, gettext("Đã lưu {plan}.").format(plan=plan))
        return redirect(plan)
    return render(request, "inspections/plan_form.html", {"form": form, "plan": plan})
