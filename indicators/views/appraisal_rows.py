"""The appraisal page at the speed of the job: one row saved as it is typed (htmx), one row
or every untouched row given its self-score, and the panel that follows them (the live
total and the rank it would give, the steps and why one cannot be taken yet)."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from agencies.access import STAFF, role_required
from indicators import appraisal, rule_sources, standing, workflow
from indicators.forms.reports import AppraisalRowForm, VersionForm
from indicators.models import AnnualReport, CriterionScore

Status = AnnualReport.Status
PAGE = "indicators/reports/appraise.html"


def actions_context(report: AnnualReport) -> dict:
    """What the steps panel shows: each step's refusal (None when it may be taken), the
    rows still untouched and where the report would stand."""
    untouched = (
        appraisal.unappraised(report).filter(self_score__isnull=False).count()
        if report.status == Status.UNDER_APPRAISAL
        else 0
    )
    return {
        "report": report,
        "editable": report.status == Status.UNDER_APPRAISAL,
        "round_two": report.appraisal_round == 2,
        "explanation_deadline": workflow.explanation_deadline(report),
        "start_refusal": appraisal.start_refusal(report),
        "request_refusal": appraisal.request_explanation_refusal(report),
        "finish_refusal": appraisal.finish_refusal(report),
        "untouched": untouched,
        # A published report stands where its publication put it (shown on its profile).
        "standing": None
        if report.status == Status.PUBLISHED
        else standing.appraisal_standing(
            report=report, unappraised=appraisal.unappraised(report).count()
        ),
    }


def _report(request, report_id):
    return get_object_or_404(
        AnnualReport.objects.editable_by(request.user).select_related("agency", "framework__group"),
        pk=report_id,
    )


def _row_initial(score: CriterionScore) -> dict:
    round_two = score.report.appraisal_round == 2
    initial = {
        "score": score.effective_appraised if round_two else score.appraised_score,
        "comment": score.appraiser_comment_r2 if round_two else score.appraiser_comment,
    }
    if round_two and score.appraised_score_r2 is None:
        initial["comment"] = ""  # round 1's score, not revised yet: no round-2 comment
    return initial


LOOK_UP = object()


def row_form(score: CriterionScore, data=None, computed=LOOK_UP) -> AppraisalRowForm:
    """The row's form; `computed` (the points its rule gives, `rule_sources.Computed`, None
    for a row no rule scores) is looked up for this row alone when not given."""
    if computed is LOOK_UP:
        computed = rule_sources.compute_points(report=score.report, scores=[score])
        computed = computed.get(score.criterion_id)
    return AppraisalRowForm(
        data, criterion_score=score, initial=_row_initial(score), computed=computed
    )


def _fragment(request, report, score, *, whole_row: bool, saved: bool, error: str = "", form=None):
    report.refresh_from_db()
    score = report.scores.select_related("criterion").get(pk=score.pk)
    context = {
        **actions_context(report),
        # Only after a write: a refused save keeps the page's version token, so that
        # nothing typed on a stale page overwrites what someone else saved.
        "oob": saved,
        "version_token": report.version,
        "row": {"criterion": score.criterion, "score": score, "form": form or row_form(score)},
        "saved_at": timezone.localtime() if saved else None,
        "row_error": error,
        "whole_row": whole_row,
    }
    response = render(request, "indicators/reports/_appraisal_saved.html", context)
    if not whole_row:  # a refused acceptance says why in the row's status, row left as is
        response["HX-Retarget"] = f"#status-{score.pk}"
        response["HX-Reswap"] = "innerHTML"
    return response


@role_required(STAFF)
@require_POST
def appraisal_row(request, report_id, score_id):
    """Save one row of the current round (htmx, on change), or with `accept` give it its
    self-score. Answers the row's status (or the whole row after an acceptance) and, out of
    band, the new version token and the steps panel. A refused save leaves what was typed in
    the page and says why; nothing of it is written."""
    report = _report(request, report_id)
    score = get_object_or_404(
        report.scores.select_related("criterion", "report"), pk=score_id, not_applicable=False
    )
    version = VersionForm(request.POST)
    if not version.is_valid():
        return _fragment(
            request,
            report,
            score,
            whole_row=False,
            saved=False,
            error=_("Biểu mẫu đã cũ; hãy tải lại trang."),
        )
    accept = "accept" in request.POST
    form = row_form(score, None if accept else request.POST)
    try:
        if accept:
            appraisal.accept_self_scores(
                report=report,
                user=request.user,
                version=version.cleaned_data["version"],
                score_ids=[score.pk],
            )
        elif form.is_valid():
            appraisal.appraise(
                report=report,
                user=request.user,
                version=version.cleaned_data["version"],
                rows={score.pk: form.cleaned_data},
            )
        else:
            errors = " ".join(e for field in form.errors.values() for e in field)
            return _fragment(request, report, score, whole_row=False, saved=False, error=errors)
    except workflow.WorkflowError as error:
        return _fragment(request, report, score, whole_row=False, saved=False, error=str(error))
    return _fragment(request, report, score, whole_row=accept, saved=True)


@role_required(STAFF)
@require_POST
def appraisal_accept_all(request, report_id):
    """Give every row still untouched its self-score, in one write."""
    report = _report(request, report_id)
    version = VersionForm(request.POST)
    try:
        if not version.is_valid():
            raise workflow.WorkflowError(_("Biểu mẫu đã cũ; hãy tải lại trang."))
        changed = appraisal.accept_self_scores(
            report=report, user=request.user, version=version.cleaned_data["version"]
        )
    except workflow.WorkflowError as error:
        messages.error(request, str(error))
    else:
        if changed:
            messages.success(
                request,
                ngettext(
                    "Đã đồng ý điểm tự chấm của %(count)d tiêu chí.",
                    "Đã đồng ý điểm tự chấm của %(count)d tiêu chí.",
                    changed,
                )
                % {"count": changed},
            )
        else:
            messages.info(request, _("Không còn tiêu chí nào chưa thẩm định; không ghi gì thêm."))
    return redirect("indicators:report_appraise", report.pk)
