"""Sở Nội vụ's side of the cycle: open a year, appraise, survey points, publish, adjust."""

from urllib.parse import urlencode

from django.contrib import messages
from django.db.models import Count, F, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from agencies.access import READERS, STAFF, role_required
from indicators import appraisal, completeness, publishing, rule_sources, surveys, workflow
from indicators.forms.cycle import ExtensionForm, OpenYearForm, SurveyEntryForm
from indicators.forms.publishing import AdjustForm, CorrectionRowForm, PublishForm
from indicators.forms.reports import VersionForm
from indicators.models import AnnualReport, PublishedEdition
from indicators.selection import int_or_none
from indicators.views.appraisal_rows import actions_context, row_form
from indicators.views.reports import _scores, tree_rows

Status = AnnualReport.Status


def confirm_step(request) -> str | None:
    """Where a form that asks for confirmation is: None (a GET), "review" (posted, to be
    shown back with its consequences), "confirm" (confirmed) or "back" (to edit again)."""
    if request.method != "POST":
        return None
    return next((step for step in ("confirm", "back") if step in request.POST), "review")


def _framework(request, framework_id):
    return get_object_or_404(
        workflow.frameworks_visible_to(request.user).select_related("group", "province"),
        pk=framework_id,
    )


@role_required(STAFF)
@require_safe
def appraisal_board(request):
    """Submission completeness per group and year (DHIS2's reporting rate), with links."""
    frameworks = workflow.frameworks_visible_to(request.user).select_related("group")
    years = sorted(set(frameworks.values_list("year", flat=True)), reverse=True)
    year = int_or_none(request.GET.get("year")) or (years[0] if years else None)
    summary = list(
        frameworks.filter(year=year)
        .annotate(
            n_reports=Count("reports"),
            n_submitted=Count("reports", filter=Q(reports__submitted_at__isnull=False)),
            # As `completeness.with_state` says it: without a deadline every submission is on time.
            n_on_time=Count(
                "reports",
                filter=Q(reports__submitted_at__lte=F("self_assessment_deadline"))
                | Q(reports__submitted_at__isnull=False, self_assessment_deadline__isnull=True),
            ),
            n_appraised=Count(
                "reports", filter=Q(reports__status__in=[Status.APPRAISED, Status.PUBLISHED])
            ),
        )
        .order_by("group__order")
    )
    selected = next(
        (f for f in summary if str(f.pk) == request.GET.get("framework")),
        summary[0] if summary else None,
    )
    state = request.GET.get("state", "") if request.GET.get("state") in completeness.STATES else ""
    q = request.GET.get("q", "").strip()
    detail = (
        completeness.completeness(
            framework=selected, state=state, q=q, page=request.GET.get("page")
        )
        if selected
        else None
    )
    # Pagination and filter links keep the year and framework shown, even when they were defaults.
    kept = {"year": year, "framework": selected.pk if selected else None, "state": state, "q": q}
    context = {
        "years": years,
        "year": year,
        "summary": summary,
        "selected": selected,
        "detail": detail,
        "state": state,
        "q": q,
        "states": completeness.STATES,
        "query": urlencode({k: v for k, v in kept.items() if v}),
    }
    return render(request, "indicators/reports/board.html", context)


@role_required(STAFF)
def framework_open(request, framework_id):
    framework = _framework(request, framework_id)
    initial = {
        "self_assessment_deadline": framework.self_assessment_deadline,
        "explanation_deadline": framework.explanation_deadline,
    }
    form = OpenYearForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        created = workflow.open_year(framework=framework, **form.cleaned_data)
        messages.success(
            request,
            gettext("Đã mở kỳ đánh giá năm {year} – {group}: tạo {created} báo cáo mới.").format(
                year=framework.year, group=framework.group, created=created
            ),
        )
        return redirect(
            f"{reverse('indicators:appraisal_board')}?year={framework.year}&framework={framework.pk}"
        )
    extension_form = ExtensionForm(framework=framework)
    context = {
        "framework": framework,
        "form": form,
        "extension_form": extension_form,
        "extensions": framework.extensions.select_related("agency"),
    }
    return render(request, "indicators/reports/open_year.html", context)


@role_required(STAFF)
@require_POST
def extension_add(request, framework_id):
    framework = _framework(request, framework_id)
    form = ExtensionForm(request.POST, framework=framework)
    if form.is_valid():
        try:
            workflow.extend_deadline(framework=framework, **form.cleaned_data)
        except workflow.WorkflowError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                gettext("Đã gia hạn cho {cleaned_data}.").format(
                    cleaned_data=form.cleaned_data["agency"]
                ),
            )
    else:
        messages.error(
            request,
            gettext("Chưa gia hạn được: ")
            + " ".join(e for errors in form.errors.values() for e in errors),
        )
    return redirect("indicators:framework_open", framework.pk)


def _differs(row) -> bool:
    score = row["score"]
    return score is not None and score.appraisal_differs


def differing_rows(rows: list[dict]) -> list[dict]:
    """The leaves whose appraised score differs from the self-score, under the headings
    of their branches (a heading without such a leaf is left out)."""
    kept = [r for r in rows if r["is_leaf"] and _differs(r)]
    codes = [r["criterion"].code for r in kept]
    return [
        r
        for r in rows
        if (r["is_leaf"] and _differs(r))
        or (not r["is_leaf"] and any(code.startswith(r["criterion"].code + ".") for code in codes))
    ]


@role_required(STAFF)
def report_appraise(request, report_id):
    report = get_object_or_404(
        AnnualReport.objects.editable_by(request.user).select_related("agency", "framework__group"),
        pk=report_id,
    )
    scores = _scores(report)
    data = (
        request.POST
        if request.method == "POST" and report.status == Status.UNDER_APPRAISAL
        else None
    )
    computed = rule_sources.compute_points(report=report, scores=scores)
    forms = {s.criterion_id: row_form(s, computed=computed.get(s.criterion_id)) for s in scores}
    if data is not None:
        # Only the rows the page posted: a filtered page posts some, and the others keep
        # what they hold. "accept" is a row's "Đồng ý điểm tự chấm" without JavaScript.
        accepted = int_or_none(data.get("accept"))
        for s in scores:
            if s.pk == accepted:
                posted = data.copy()
                posted[f"s{s.pk}-score"] = str(s.self_score)
                forms[s.criterion_id] = row_form(s, posted, computed.get(s.criterion_id))
            elif f"s{s.pk}-score" in data:
                forms[s.criterion_id] = row_form(s, data, computed.get(s.criterion_id))
    posted_forms = [f for f in forms.values() if f.is_bound]
    version = VersionForm(data, initial={"version": report.version})
    if data is not None and version.is_valid() and all(f.is_valid() for f in posted_forms):
        rows = {
            f.criterion_score.pk: {
                "score": f.cleaned_data["score"],
                "comment": f.cleaned_data["comment"],
            }
            for f in posted_forms
            if not f.criterion_score.not_applicable
        }
        try:
            appraisal.appraise(
                report=report, user=request.user, version=version.cleaned_data["version"], rows=rows
            )
        except workflow.WorkflowError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Đã lưu điểm thẩm định."))
            return redirect(request.get_full_path())
    elif data is not None:
        messages.error(request, _("Chưa lưu được: hãy sửa các ô được đánh dấu đỏ."))
    rows = tree_rows(report, {s.criterion_id: s for s in scores}, forms)
    only_differing = request.GET.get("khac") == "1"
    context = {
        **actions_context(report),
        "rows": differing_rows(rows) if only_differing else rows,
        "only_differing": only_differing,
        # A refused post keeps the version it was opened with: saving again must not
        # overwrite what someone else saved meanwhile.
        "version_token": version.data.get("version") if version.is_bound else report.version,
        "progress": completeness.progress(scores),
    }
    return render(request, "indicators/reports/appraise.html", context)


TRANSITIONS = {
    "start": (appraisal.start_appraisal, gettext_lazy("Đã bắt đầu thẩm định.")),
    "request_explanation": (
        appraisal.request_explanation,
        gettext_lazy("Đã yêu cầu đơn vị giải trình."),
    ),
    "finish": (appraisal.finish_appraisal, gettext_lazy("Đã kết thúc thẩm định.")),
}


@role_required(STAFF)
@require_POST
def report_transition(request, report_id, action):
    report = get_object_or_404(AnnualReport.objects.editable_by(request.user), pk=report_id)
    if action not in TRANSITIONS:
        raise Http404(gettext("Không có thao tác này."))
    step, done = TRANSITIONS[action]
    version = VersionForm(request.POST)
    try:
        step(
            report=report,
            user=request.user,
            version=version.cleaned_data["version"] if version.is_valid() else None,
        )
    except workflow.WorkflowError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, done)
    return redirect("indicators:report_appraise", report.pk)


@role_required(STAFF)
def survey_entry(request, framework_id):
    """Survey points of a group, one page of agencies at a time; a POST saves that page's rows."""
    framework = _framework(request, framework_id)
    q = request.GET.get("q", "").strip()
    page = surveys.entry_page(framework=framework, q=q, page=request.GET.get("page"))
    posted = request.method == "POST"
    reports = (
        surveys.posted_reports(framework=framework, report_ids=request.POST.getlist("row"))
        if posted
        else list(page)
    )
    components = list(framework.survey_components.order_by("order"))
    form = SurveyEntryForm(
        request.POST if posted else None,
        reports=reports,
        components=components,
        existing=surveys.stored_points(reports=reports),
    )
    if posted and form.is_valid():
        try:
            changed = surveys.save_survey_scores(
                framework=framework, values=form.values(), loaded=form.loaded()
            )
        except workflow.WorkflowError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                gettext("Đã lưu {changed} ô điểm điều tra xã hội học.").format(changed=changed),
            )
            return redirect(request.get_full_path())  # the same page and search
    elif posted:
        messages.error(request, gettext("Chưa lưu được: hãy sửa các ô được đánh dấu đỏ."))
    context = {
        "framework": framework,
        "form": form,
        "components": components,
        "page": page,
        "q": q,
        "query": urlencode({"q": q} if q else {}),
    }
    return render(request, "indicators/reports/survey.html", context)


@role_required(STAFF)
def framework_publish(request, framework_id):
    framework = _framework(request, framework_id)
    form = PublishForm(request.POST or None)
    # A valid form is shown back for confirmation first: a publication cannot be undone.
    step = confirm_step(request)
    confirming = step == "review" and form.is_valid()
    if step == "confirm" and form.is_valid():
        try:
            edition = publishing.publish(
                framework=framework, user=request.user, **form.cleaned_data
            )
        except workflow.WorkflowError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                gettext("Đã công bố kết quả năm {year} – {group} theo {edition}.").format(
                    year=framework.year, group=framework.group, edition=edition
                ),
            )
            return redirect("indicators:edition_list", framework.pk)
    pending = framework.reports.exclude(
        status__in=[Status.APPRAISED, Status.PUBLISHED]
    ).select_related("agency")
    refusal = publishing.publish_refusal(framework)
    context = {
        "framework": framework,
        "form": form,
        "pending": pending,
        "edition": publishing.latest_edition(framework),
        "refusal": refusal,
        "confirming": confirming and not refusal,
        "n_reports": framework.reports.count(),
    }
    return render(request, "indicators/reports/publish.html", context)


@role_required(STAFF)
def framework_adjust(request, framework_id):
    framework = _framework(request, framework_id)
    reports = (
        framework.reports.filter(status=Status.PUBLISHED)
        .select_related("agency")
        .order_by("agency__name")
    )
    chosen = request.POST.get("report") or request.GET.get("report") or ""
    report = reports.filter(pk=int_or_none(chosen)).first() if int_or_none(chosen) else None
    data = request.POST if request.method == "POST" and report else None
    form = AdjustForm(data)
    rows = [CorrectionRowForm(data, criterion_score=s) for s in _scores(report)] if report else []
    valid = data is not None and form.is_valid() and all(r.is_valid() for r in rows)
    changed = [
        r for r in rows if valid and r.cleaned_data["final_score"] != r.criterion_score.final_score
    ]
    # Shown back for confirmation first (a new decision cannot be withdrawn); with nothing
    # changed, the adjustment's own refusal says so at once.
    step = confirm_step(request)
    confirming = valid and bool(changed) and step == "review"
    if valid and (step == "confirm" or (step == "review" and not changed)):
        corrections = {r.criterion_score.pk: r.cleaned_data["final_score"] for r in changed}
        try:
            edition = publishing.adjust(
                framework=framework, user=request.user, corrections=corrections, **form.cleaned_data
            )
        except workflow.WorkflowError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                gettext("Đã ban hành bản điều chỉnh theo {edition}.").format(edition=edition),
            )
            return redirect("indicators:edition_list", framework.pk)
    context = {
        "framework": framework,
        "reports": reports,
        "report": report,
        "form": form,
        "rows": rows,
        "changed": changed,
        "confirming": confirming,
        "edition": publishing.latest_edition(framework),
    }
    return render(request, "indicators/reports/adjust.html", context)


@role_required(READERS)
@require_safe
def edition_list(request, framework_id):
    framework = _framework(request, framework_id)
    editions = framework.editions.select_related("created_by", "supersedes").order_by("-created_at")
    return render(
        request, "indicators/reports/editions.html", {"framework": framework, "editions": editions}
    )


@role_required(READERS)
@require_safe
def edition_download(request, edition_id):
    """The frozen JSON of an edition, exactly as hashed; old editions stay downloadable."""
    edition = get_object_or_404(
        PublishedEdition.objects.filter(framework__in=workflow.frameworks_visible_to(request.user)),
        pk=edition_id,
    )
    response = HttpResponse(
        publishing.canonical_json(edition.content), content_type="application/json; charset=utf-8"
    )
    response["Content-Disposition"] = (
        f'attachment; filename="ket-qua-{edition.framework.year}-{edition.pk}.json"'
    )
    response["X-Content-SHA256"] = edition.content_hash
    return response
