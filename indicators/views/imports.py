"""Import pages for Sở Nội vụ staff: upload → preview → confirm → result, and downloads.

Small files are previewed and committed inside the request; files estimated above
`jobs.ASYNC_ROWS` rows go to the `run_import` Celery task and the page polls its progress
with htmx. With the broker down, such a file runs here when it is not too large, or waits
for the broker ("chờ hàng đợi"), and the page says which. Every job page is looked up by
token *and* owner, so another user's token is a 404.
"""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST, require_safe
from django_htmx.http import HttpResponseClientRedirect

from agencies.access import READERS, STAFF, role_required
from agencies.models import Membership
from indicators import exporting, sheets
from indicators.forms.imports import ImportUploadForm
from indicators.importing import KINDS, ImportSetupError
from indicators.importing.jobs import ImportJob, Status
from indicators.importing.templates import build_template, template_filename
from indicators.models import PublishedEdition
from indicators.tasks.imports import queue_import
from indicators.workflow import frameworks_visible_to

# Rows and errors the preview lists before "xem tất cả".
PREVIEW_SHOWN = 50


def _job(request, token) -> ImportJob:
    job = ImportJob.load(token, user=request.user)
    if job is None:
        raise Http404(gettext("Không tìm thấy lượt nhập dữ liệu này."))
    return job


def _say_how(request, outcome: str):
    if outcome == "inline":
        messages.info(
            request,
            _("Hàng đợi xử lý nền đang không hoạt động nên tệp được xử lý ngay trên máy chủ web."),
        )
    elif outcome == "waiting":
        messages.warning(request, WAITING_TEXT)


WAITING_TEXT = _(
    "Hàng đợi xử lý nền đang không hoạt động: lượt nhập đang chờ hàng đợi và sẽ tự chạy "
    "khi hàng đợi hoạt động lại (hệ thống kiểm tra vài phút một lần). Bạn có thể đóng trang."
)


@role_required(STAFF)
def import_start(request):
    membership = Membership.for_user(request.user)
    if membership is None or membership.province is None:
        messages.error(
            request, gettext("Tài khoản chưa gắn với tỉnh nào nên không nhập dữ liệu được.")
        )
        return render(request, "indicators/imports/start.html", {"form": None, "kinds": KINDS})
    form = ImportUploadForm(
        request.POST or None, request.FILES or None, province=membership.province
    )
    if request.method == "POST" and form.is_valid():
        try:
            KINDS[form.cleaned_data["kind"]](**form.options())
        except ImportSetupError as error:
            form.add_error(None, str(error))
        else:
            job = ImportJob.create(
                upload=form.cleaned_data["file"],
                kind=form.cleaned_data["kind"],
                options=form.options(),
                user=request.user,
            )
            if job.is_large:
                _say_how(request, queue_import(job, "preview"))
            else:
                job.run_preview()
            return redirect("indicators:import_preview", job.token)
    return render(request, "indicators/imports/start.html", {"form": form, "kinds": KINDS})


@role_required(STAFF)
def import_preview(request, token):
    job = _job(request, token)
    if job.state["status"] in (Status.UPLOADED, Status.PREVIEWING, Status.WAITING):
        return _progress(request, job)
    if job.preview is None:  # the check itself failed: the result page says why
        return redirect("indicators:import_result", job.token)
    if request.method == "POST":
        if job.state["status"] != Status.READY or not job.preview.ok:
            return redirect("indicators:import_result", job.token)
        if job.claim_commit():  # a second confirmation skips straight to the result
            if job.is_large:
                _say_how(request, queue_import(job, "commit", user=request.user))
            else:
                job.run_commit(user=request.user)
        return redirect("indicators:import_result", job.token)
    preview = job.preview
    # The summary and the confirm button come first; a long file shows its first rows and
    # errors, the rest on request (`?xem=dong`, `?xem=loi`).
    show = request.GET.get("xem")
    context = {
        "job": job,
        "preview": preview,
        "importer": KINDS[job.state["kind"]],
        "rows": preview.rows if show == "dong" else preview.rows[:PREVIEW_SHOWN],
        "errors": preview.errors if show == "loi" else preview.errors[:PREVIEW_SHOWN],
    }
    return render(request, "indicators/imports/preview.html", context)


@role_required(STAFF)
@require_safe
def import_result(request, token):
    job = _job(request, token)
    if job.state["status"] in Status.IN_PROGRESS:
        return _progress(request, job)
    if job.state["status"] == Status.READY:
        return redirect("indicators:import_preview", job.token)
    return render(
        request,
        "indicators/imports/result.html",
        {"job": job, "importer": KINDS[job.state["kind"]]},
    )


def _progress(request, job):
    status = job.state["status"]
    if status == Status.WAITING:
        step = _("Chờ hàng đợi")
    elif status == Status.COMMITTING:
        step = _("Đang ghi dữ liệu")
    else:
        step = _("Đang kiểm tra tệp")
    context = {"job": job, "step": step, "waiting": status == Status.WAITING, "why": WAITING_TEXT}
    return render(request, "indicators/imports/progress.html", context)


@role_required(STAFF)
@require_safe
def import_progress(request, token):
    """htmx poll target: the progress fragment, or a client redirect once the step is over."""
    job = _job(request, token)
    status = job.state["status"]
    if status == Status.READY:
        return HttpResponseClientRedirect(reverse("indicators:import_preview", args=[job.token]))
    if status in (Status.DONE, Status.FAILED):
        return HttpResponseClientRedirect(reverse("indicators:import_result", args=[job.token]))
    context = {"job": job, "waiting": status == Status.WAITING, "why": WAITING_TEXT}
    return render(request, "indicators/imports/progress.html#bar", context)


@role_required(STAFF)
@require_POST
def import_discard(request, token):
    job = _job(request, token)
    if job.state["status"] != Status.COMMITTING:
        job.delete()
        messages.info(request, gettext("Đã hủy lượt nhập và xóa tệp đã tải lên."))
    return redirect("indicators:import_start")


@role_required(STAFF)
@require_safe
def import_template(request, kind):
    if kind not in KINDS:
        raise Http404(gettext("Không có mẫu nhập này."))
    return exporting.download(
        build_template(kind),
        filename=template_filename(kind),
        content_type=exporting.CONTENT_TYPES["xlsx"],
    )


@role_required(READERS)
@require_safe
def edition_export(request, edition_id, fmt):
    """A published edition as it was published (its frozen content), as XLSX or CSV."""
    if fmt not in exporting.FORMATS:
        raise Http404(gettext("Chỉ có định dạng xlsx hoặc csv."))
    edition = get_object_or_404(
        PublishedEdition.objects.filter(
            framework__in=frameworks_visible_to(request.user)
        ).select_related("framework__group", "framework__province"),
        pk=edition_id,
    )
    response = exporting.file_response(sheets.edition_sheet(edition), fmt=fmt)
    response["X-Content-SHA256"] = edition.content_hash
    return response
