"""One recommendation: its updates, posting progress (addressee), confirming completion (issuer)."""

from django.contrib import messages
from django.db import transaction
from django.db.models import Prefetch
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from agencies.access import READERS, REPORTERS, STAFF, SUPERVISORS, role_required
from agencies.models import Submission
from indicators.exporting import content_disposition

from .. import followup
from ..forms import ConfirmCompletionForm, RecommendationUpdateForm
from ..models import Recommendation, RecommendationUpdate
from ..tables import status_label
from .plans import ALREADY_SENT


def _page(request, rec, *, update_form=None, confirm_form=None, status=200):
    can_update = Recommendation.objects.updatable_by(request.user).filter(pk=rec.pk).exists()
    can_confirm = Recommendation.objects.confirmable_by(request.user).filter(pk=rec.pk).exists()
    is_open = rec.status != Recommendation.Status.DONE
    return render(
        request,
        "inspections/recommendation_detail.html",
        {
            "rec": rec,
            "status_label": status_label(rec),
            "update_form": (update_form or RecommendationUpdateForm())
            if can_update and is_open
            else None,
            "confirm_form": (confirm_form or ConfirmCompletionForm())
            if can_confirm and is_open
            else None,
        },
        status=status,
    )


def _visible(request, pk, queryset=None):
    queryset = queryset if queryset is not None else Recommendation.objects.visible_to(request.user)
    return get_object_or_404(
        queryset.select_related(
            "addressee", "visit__plan", "finding__criterion", "confirmed_by"
        ).prefetch_related(
            Prefetch("updates", queryset=RecommendationUpdate.objects.select_related("posted_by"))
        ),
        pk=pk,
    )


@role_required(READERS)
def recommendation_detail(request, pk):
    return _page(request, _visible(request, pk))


@role_required(REPORTERS)
@require_POST
def recommendation_post_update(request, pk):
    rec = _visible(request, pk, Recommendation.objects.updatable_by(request.user))
    if Submission.spent(request):
        messages.info(request, ALREADY_SENT)
        return redirect("inspections:recommendation_detail", pk=rec.pk)
    form = RecommendationUpdateForm(request.POST, request.FILES)
    if not form.is_valid():
        return _page(request, rec, update_form=form, status=400)
    try:
        with transaction.atomic():
            if not Submission.claim(request):
                messages.info(request, ALREADY_SENT)
                return redirect("inspections:recommendation_detail", pk=rec.pk)
            followup.post_update(recommendation=rec, user=request.user, **form.cleaned_data)
    except followup.FollowupError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Đã gửi cập nhật; cơ quan kiến nghị đã được thông báo."))
    return redirect("inspections:recommendation_detail", pk=rec.pk)


@role_required(STAFF, SUPERVISORS)
@require_POST
def recommendation_confirm(request, pk):
    rec = _visible(request, pk, Recommendation.objects.confirmable_by(request.user))
    form = ConfirmCompletionForm(request.POST)
    if not form.is_valid():
        return _page(request, rec, confirm_form=form, status=400)
    try:
        followup.confirm_completion(recommendation=rec, user=request.user, **form.cleaned_data)
    except followup.FollowupError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request, _("Đã xác nhận kiến nghị hoàn thành; đơn vị thực hiện đã được thông báo.")
        )
    return redirect("inspections:recommendation_detail", pk=rec.pk)


@role_required(READERS)
def update_attachment(request, pk):
    """Attachments are private files: streamed only to those who may read the recommendation."""
    update = get_object_or_404(
        RecommendationUpdate.objects.filter(
            recommendation__in=Recommendation.objects.visible_to(request.user)
        ),
        pk=pk,
    )
    if not update.attachment:
        raise Http404(_("Cập nhật này không có tệp đính kèm."))
    name = update.attachment.name.rsplit("/", 1)[-1]
    response = FileResponse(update.attachment.open("rb"), as_attachment=True, filename=name)
    response["Content-Disposition"] = content_disposition(name)
    return response
