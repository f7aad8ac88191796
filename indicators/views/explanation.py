"""The agency's giải trình: type it per criterion, attach more evidence (several files at
once) without losing a word of what was typed, keep a draft, and send it after a
confirmation that says it cannot be taken back."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from agencies.access import REPORTERS, STAFF, role_required
from indicators import appraisal, self_assessment, workflow
from indicators.forms.evidence import EvidenceForm
from indicators.forms.reports import ExplanationRowForm, VersionForm
from indicators.models import AnnualReport
from indicators.selection import int_or_none
from indicators.views.reports import _scores

WRITERS = REPORTERS | STAFF


def _upload(request, report, score) -> tuple[list[str], list[str]]:
    """Store the files chosen for one criterion: (names stored, errors naming each file)."""
    stored, errors = [], []
    uploads = request.FILES.getlist(f"files-{score.pk}")
    if not uploads:
        return [], [_("Tiêu chí %(code)s: chưa chọn tệp.") % {"code": score.criterion.code}]
    for upload in uploads:
        form = EvidenceForm(files={"file": upload})
        if not form.is_valid():
            errors += form.errors["file"]
            continue
        try:
            self_assessment.add_evidence(score=score, upload=upload, user=request.user)
        except workflow.WorkflowError as error:
            errors.append(str(error))
        else:
            stored.append(upload.name)
    return stored, errors


def _page(request, report, rows, version, **extra):
    context = {
        "report": report,
        "rows": rows,
        "version": version,
        "explanation_deadline": workflow.explanation_deadline(report),
        **extra,
    }
    return render(request, "indicators/reports/explanation.html", context)


@role_required(WRITERS)
def explanation_answer(request, report_id):
    """GET: the form (with `?gui=1`, the confirmation of sending). POST `upload` = a score
    id: keep the texts as a draft, then store that criterion's files; `save_draft`: keep the
    texts; `send`: keep them and ask for confirmation; `confirm`: send what was kept."""
    report = get_object_or_404(
        AnnualReport.objects.editable_by(request.user).select_related("agency", "framework"),
        pk=report_id,
    )
    refusal = workflow.explanation_refusal(report)
    if refusal:
        messages.error(request, refusal)
        return redirect(report)
    url = reverse("indicators:explanation_answer", args=[report.pk])
    scores = _scores(report)
    data = request.POST if request.method == "POST" else None
    rows = [
        ExplanationRowForm(data, criterion_score=s, initial={"explanation": s.explanation})
        for s in scores
    ]
    version = VersionForm(data, initial={"version": report.version})
    if data is None:
        confirming = request.GET.get("gui") == "1"
        return _page(
            request,
            report,
            rows,
            version,
            confirming=confirming,
            explained=[s for s in scores if s.explanation],
            unexplained=[s for s in scores if s.appraisal_differs and not s.explanation],
        )
    if not (version.is_valid() and all(f.is_valid() for f in rows)):
        messages.error(request, _("Chưa lưu được: hãy tải lại trang."))
        return _page(request, report, rows, version)
    try:
        if "confirm" in data:
            appraisal.answer_explanation(
                report=report,
                user=request.user,
                version=version.cleaned_data["version"],
                answers={},
            )
            messages.success(request, _("Đã gửi giải trình tới Sở Nội vụ."))
            return redirect(report)
        appraisal.save_explanation_draft(
            report=report,
            user=request.user,
            version=version.cleaned_data["version"],
            answers={f.criterion_score.pk: f.cleaned_data["explanation"] for f in rows},
        )
    except workflow.WorkflowError as error:
        # What was typed stays on the page: the bound forms are shown back. An htmx request
        # takes only a row's files or the draft status: the reason goes there.
        if not request.htmx:
            messages.error(request, str(error))
        failed = {"score": int_or_none(data.get("upload")), "stored": [], "errors": [str(error)]}
        return _page(request, report, rows, version, upload_result=failed, draft_error=error)
    uploaded = next((s for s in scores if s.pk == int_or_none(data.get("upload"))), None)
    stored, errors = _upload(request, report, uploaded) if uploaded is not None else ([], [])
    if request.htmx:  # the page takes the criterion's files or the draft status, and the version
        report.refresh_from_db()
        return _page(
            request,
            report,
            [ExplanationRowForm(criterion_score=s) for s in _scores(report)],
            VersionForm(initial={"version": report.version}),
            upload_result={
                "score": uploaded.pk if uploaded else None,
                "stored": stored,
                "errors": errors,
            },
            draft_saved=timezone.localtime(),
        )
    if uploaded is not None:
        for error in errors:
            messages.error(request, error)
        if stored:
            messages.success(
                request,
                _("Đã tải lên %(files)s cho tiêu chí %(code)s; phần giải trình đã được lưu nháp.")
                % {"files": ", ".join(stored), "code": uploaded.criterion.code},
            )
        return redirect(f"{url}#row-{uploaded.pk}")
    if "send" in data:
        return redirect(f"{url}?gui=1")
    messages.success(request, _("Đã lưu nháp giải trình."))
    return redirect(url)
