"""The agency's side of the cycle: list, read, fill, submit, withdraw, evidence, explanation."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from agencies.access import READERS, REPORTERS, STAFF, role_required
from agencies.models import AgencyGroup, Membership, named
from agencies.redirects import safe_next
from indicators import completeness, rule_sources, self_assessment, workflow
from indicators.audit import change_log
from indicators.exporting import content_disposition
from indicators.forms.evidence import EvidenceForm
from indicators.forms.reports import (
    ReportFilterForm,
    ReportMetaForm,
    SelfScoreFormSet,
    VersionForm,
    self_score_rows,
)
from indicators.models import AnnualReport, CriterionScore, Evidence

WRITERS = REPORTERS | STAFF
SORTS = {
    "agency": "agency__name",
    "-agency": "-agency__name",
    "status": "status",
    "submitted": "submitted_at",
    "-submitted": "-submitted_at",
}


def readable_evidence(user):
    """Evidence files `user` may download: a reporter only their own agency's (even once
    published)."""
    reports = AnnualReport.objects.visible_to(user)
    membership = Membership.for_user(user)
    if membership and membership.role == Membership.Role.REPORTER:
        reports = reports.filter(agency_id=membership.agency_id)
    return Evidence.objects.filter(score__report__in=reports)


def tree_rows(report, scores_by_criterion, forms_by_criterion=None):
    """The criteria tree in order: headings for fields/criteria, a score row for each leaf."""
    rows = []
    for criterion in report.framework.criteria.order_by("order"):
        score = scores_by_criterion.get(criterion.pk)
        form = (forms_by_criterion or {}).get(criterion.pk)
        rows.append(
            {"criterion": criterion, "score": score, "form": form, "is_leaf": score is not None}
        )
    return rows


def _scores(report):
    return list(
        report.scores.select_related("criterion")
        .prefetch_related(Prefetch("evidence", queryset=Evidence.objects.order_by("uploaded_at")))
        .order_by("criterion__order")
    )


@role_required(READERS)
@require_safe
def report_list(request):
    reports = AnnualReport.objects.visible_to(request.user).select_related(
        "agency", "framework__group", "updated_by"
    )
    membership = Membership.for_user(request.user)
    if membership and membership.role == Membership.Role.REPORTER:
        reports = reports.filter(agency_id=membership.agency_id)
    years = sorted(set(reports.values_list("framework__year", flat=True)), reverse=True)
    groups = AgencyGroup.objects.filter(pk__in=reports.values("framework__group")).order_by("order")
    form = ReportFilterForm(request.GET or None, years=years, groups=groups)
    if form.is_valid():
        data = form.cleaned_data
        reports = reports.filter(
            **{
                k: v
                for k, v in {
                    "framework__year": data["year"],
                    "framework__group_id": data["group"],
                    "status": data["status"],
                }.items()
                if v
            }
        )
        if data["q"]:
            reports = reports.filter(named(data["q"]))
    sort = request.GET.get("sort", "")
    reports = reports.order_by("-framework__year", SORTS.get(sort, "agency__name"), "pk")
    page = Paginator(reports, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "indicators/reports/list.html",
        {"page": page, "form": form, "sort": sort, "query": query.urlencode()},
    )


def blocked_step(report) -> dict | None:
    """The agency's step its report waits for but that would fail now (a passed deadline),
    to be shown disabled with the reason instead of a button that leads to a refusal."""
    if report.status == AnnualReport.Status.DRAFT and workflow.is_self_locked(report):
        return {"label": _("Tự đánh giá"), "refusal": workflow.self_edit_refusal(report)}
    if report.status == AnnualReport.Status.EXPLANATION_REQUESTED:
        refusal = workflow.explanation_refusal(report)
        if refusal:
            return {"label": _("Giải trình"), "refusal": refusal}
    return None


@role_required(READERS)
@require_safe
def report_detail(request, report_id):
    report = get_object_or_404(
        AnnualReport.objects.visible_to(request.user).select_related("agency", "framework__group"),
        pk=report_id,
    )
    scores = _scores(report)
    membership = Membership.for_user(request.user)
    role = membership.role if membership else None
    is_own = role == Membership.Role.REPORTER and membership.agency_id == report.agency_id
    staff = request.user.is_superuser or role in STAFF
    context = {
        "report": report,
        "rows": tree_rows(report, {s.criterion_id: s for s in scores}),
        "progress": completeness.progress(scores),
        "deadline": workflow.self_deadline(report),
        "explanation_deadline": workflow.explanation_deadline(report),
        "can_edit": (staff or is_own) and workflow.can_edit_self(report),
        "can_answer": (staff or is_own) and workflow.can_answer_explanation(report),
        "can_withdraw": (staff or is_own)
        and report.status == AnnualReport.Status.SUBMITTED
        and not workflow.is_self_locked(report),
        "is_staff": staff,
        "show_evidence": staff or is_own or role == Membership.Role.SUPERVISOR,
        "show_appraisal": staff
        or report.is_published
        or (
            is_own
            and (report.status in {"explanation", "appraised"} or report.appraisal_round == 2)
        ),
        "locked": workflow.is_self_locked(report),
        "blocked_step": blocked_step(report) if (staff or is_own) else None,
        "survey_scores": report.survey_scores.select_related("component"),
        "editions": report.framework.editions.order_by("created_at"),
    }
    return render(request, "indicators/reports/detail.html", context)


@role_required(WRITERS)
def report_edit(request, report_id):
    report = get_object_or_404(
        AnnualReport.objects.editable_by(request.user).select_related("agency", "framework__group"),
        pk=report_id,
    )
    refusal = workflow.self_edit_refusal(report)
    if refusal:
        messages.error(request, refusal)
        return redirect(report)
    queryset = report.scores.select_related("criterion").order_by("criterion__order")
    meta = ReportMetaForm(
        request.POST or None, initial={"version": report.version, "note": report.note}
    )
    computed = rule_sources.compute_points(report=report, scores=queryset)
    formset = SelfScoreFormSet(
        request.POST or None,
        queryset=queryset,
        prefix="scores",
        form_kwargs={"computed": computed},
    )
    if request.method == "POST" and meta.is_valid() and formset.is_valid():
        try:
            self_assessment.save_draft(
                report=report,
                user=request.user,
                version=meta.cleaned_data["version"],
                rows=self_score_rows(formset),
                note=meta.cleaned_data["note"],
            )
        except workflow.WorkflowError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Đã lưu bản nháp."))
            return redirect(
                "indicators:report_submit"
                if "submit" in request.POST
                else "indicators:report_edit",
                report.pk,
            )
    elif request.method == "POST":
        messages.error(request, _("Chưa lưu được: hãy sửa các ô được đánh dấu đỏ."))
    scores = _scores(report)
    forms = {f.instance.criterion_id: f for f in formset.forms}
    context = {
        "report": report,
        "meta": meta,
        "formset": formset,
        "rows": tree_rows(report, {s.criterion_id: s for s in scores}, forms),
        "progress": completeness.progress(scores),
        "deadline": workflow.self_deadline(report),
        "evidence_form": EvidenceForm(),
    }
    return render(request, "indicators/reports/edit.html", context)


@role_required(WRITERS)
def report_submit(request, report_id):
    report = get_object_or_404(
        AnnualReport.objects.editable_by(request.user).select_related("agency", "framework"),
        pk=report_id,
    )
    form = VersionForm(request.POST or None, initial={"version": report.version})
    if request.method == "POST" and form.is_valid():
        try:
            self_assessment.submit(
                report=report, user=request.user, version=form.cleaned_data["version"]
            )
        except workflow.WorkflowError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                _("Đã gửi báo cáo tự đánh giá năm {year} tới Sở Nội vụ.").format(
                    year=report.framework.year
                ),
            )
            return redirect(report)
    scores = _scores(report)
    context = {
        "report": report,
        "form": form,
        "progress": completeness.progress(scores),
        "problems": self_assessment.missing_items(report),
        "can_submit": workflow.can_edit_self(report),
        "refusal": workflow.self_edit_refusal(report),
        "deadline": workflow.self_deadline(report),
    }
    return render(request, "indicators/reports/submit.html", context)


@role_required(WRITERS)
@require_POST
def report_withdraw(request, report_id):
    report = get_object_or_404(AnnualReport.objects.editable_by(request.user), pk=report_id)
    try:
        self_assessment.withdraw(report=report, user=request.user)
    except workflow.WorkflowError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request, _("Đã rút lại báo cáo; báo cáo trở về trạng thái đang tự đánh giá.")
        )
    return redirect(report)


@role_required(WRITERS)
@require_POST
def evidence_upload(request, score_id):
    score = get_object_or_404(
        CriterionScore.objects.filter(
            report__in=AnnualReport.objects.editable_by(request.user)
        ).select_related("report", "criterion"),
        pk=score_id,
    )
    form = EvidenceForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            self_assessment.add_evidence(
                score=score, upload=form.cleaned_data["file"], user=request.user
            )
        except workflow.WorkflowError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                _("Đã tải lên tài liệu cho tiêu chí {code}.").format(code=score.criterion.code),
            )
    else:
        messages.error(request, " ".join(form.errors.get("file", [_("Chưa chọn tệp.")])))
    return redirect(safe_next(request, score.report.get_absolute_url()))


@role_required(READERS)
@require_safe
def evidence_download(request, evidence_id):
    evidence = get_object_or_404(readable_evidence(request.user), pk=evidence_id)
    try:
        handle = evidence.file.open("rb")
    except FileNotFoundError:
        raise Http404(_("Tệp không còn trên máy chủ.")) from None
    response = FileResponse(handle, as_attachment=True, filename=evidence.original_name)
    response["Content-Disposition"] = content_disposition(evidence.original_name)
    response["Cache-Control"] = "private, no-store"
    return response


@role_required(WRITERS)
@require_POST
def evidence_delete(request, evidence_id):
    evidence = get_object_or_404(
        Evidence.objects.filter(
            score__report__in=AnnualReport.objects.editable_by(request.user)
        ).select_related("score__report"),
        pk=evidence_id,
    )
    report = evidence.score.report
    try:
        self_assessment.delete_evidence(evidence=evidence, user=request.user)
    except workflow.WorkflowError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request, _("Đã xóa tệp “{original_name}”.").format(original_name=evidence.original_name)
        )
    return redirect(safe_next(request, report.get_absolute_url()))


@role_required(READERS)
@require_safe
def report_history(request, report_id):
    report = get_object_or_404(
        AnnualReport.objects.visible_to(request.user).select_related("agency", "framework"),
        pk=report_id,
    )
    page = Paginator(change_log(report), 100).get_page(request.GET.get("page"))
    return render(request, "indicators/reports/history.html", {"report": report, "page": page})
