"""The agency's steps of the annual cycle: fill the self-assessment, submit, withdraw, and
attach evidence (while self-assessing, and again to support an explanation)."""

import datetime

from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from agencies.notifying import in_province_language, notify, staff_of

from .models import AnnualReport, CriterionScore, Evidence
from .recomputing import queue_recompute
from .workflow import (
    WorkflowError,
    can_answer_explanation,
    can_edit_self,
    claim_version,
    explanation_refusal,
    is_self_locked,
    lock_report,
    moment_text,
    require_status,
    save_report,
    self_deadline,
    self_edit_refusal,
)

Status = AnnualReport.Status
DOUBLE_SUBMIT_WINDOW = datetime.timedelta(minutes=1)


def missing_items(report: AnnualReport) -> list[str]:
    """What still blocks submission, one Vietnamese line per criterion."""
    problems = []
    for score in report.scores.select_related("criterion").annotate(n_evidence=Count("evidence")):
        code = score.criterion.code
        if score.not_applicable:
            continue
        if score.self_score is None:
            problems.append(_("Tiêu chí {code}: chưa chấm điểm.").format(code=code))
        elif (
            score.criterion.evidence_required
            and not score.n_evidence
            and not score.missing_evidence_reason.strip()
        ):
            problems.append(
                _("Tiêu chí {code}: chưa có tài liệu kiểm chứng hoặc lý do chưa có.").format(
                    code=code
                )
            )
    return problems


def _check_self_editable(report: AnnualReport, *, action: str) -> None:
    require_status(report, Status.DRAFT, action=action)
    if is_self_locked(report):
        raise WorkflowError(
            _(
                "Không thể {action}: đã quá hạn tự đánh giá ({moment_text}). Báo cáo đã bị khóa; "
                "liên hệ Sở Nội vụ nếu cần gia hạn."
            ).format(action=action, moment_text=moment_text(self_deadline(report)))
        )


@transaction.atomic
def save_draft(
    *, report: AnnualReport, user, version: int, rows: dict[int, dict], note: str | None = None
) -> AnnualReport:
    """Save the whole self-assessment form at once.

    `rows` maps CriterionScore id → {"self_score", "not_applicable", "self_note",
    "missing_evidence_reason"}; values are already validated by the form.
    """
    report = lock_report(report)
    _check_self_editable(report, action=_("lưu bản nháp"))
    scores = {s.pk: s for s in report.scores.select_related("criterion").filter(pk__in=rows)}
    changes = {} if note is None else {"note": note}
    save_report(report, user=user, version=version, **changes)
    scores_changed = False
    for score_id, values in rows.items():
        score = scores.get(score_id)
        if score is None:
            raise WorkflowError(
                _("Biểu mẫu chứa tiêu chí không thuộc báo cáo này; hãy tải lại trang.")
            )
        if values.get("not_applicable") and not score.criterion.allow_not_applicable:
            raise WorkflowError(
                _("Tiêu chí {code} không được đánh dấu “không áp dụng”.").format(
                    code=score.criterion.code
                )
            )
        # Only changed rows are saved, so the audit history shows what this save changed.
        dirty = [name for name, value in values.items() if getattr(score, name) != value]
        if dirty:
            for name in dirty:
                setattr(score, name, values[name])
            if score.not_applicable:
                score.self_score = None
            score.save()
            scores_changed = True
    if scores_changed:  # the provisional ranking counts a draft's scores
        queue_recompute(report.framework)
    return report


@transaction.atomic
def submit(*, report: AnnualReport, user, version: int | None = None) -> AnnualReport:
    report = lock_report(report)
    _check_self_editable(report, action=_("gửi báo cáo"))
    problems = missing_items(report)
    if problems:
        raise WorkflowError(
            _("Chưa thể gửi báo cáo. ")
            + " ".join(problems[:5])
            + (" …" if len(problems) > 5 else "")
        )
    save_report(
        report,
        user=user,
        version=version,
        status=Status.SUBMITTED,
        submitted_at=timezone.now(),
        submitted_by=user,
    )
    queue_recompute(report.framework)
    transaction.on_commit(
        in_province_language(
            lambda: notify(
                users=staff_of(report.agency.province_id),
                text=_("{agency} đã gửi báo cáo tự đánh giá năm {year}.").format(
                    agency=report.agency, year=report.framework.year
                ),
                url=report.get_absolute_url(),
            )
        )
    )
    return report


@transaction.atomic
def withdraw(*, report: AnnualReport, user, version: int | None = None) -> AnnualReport:
    report = lock_report(report)
    if report.status != Status.SUBMITTED:
        why = (
            _("báo cáo chưa gửi")
            if report.status == Status.DRAFT
            else _("Sở Nội vụ đã bắt đầu thẩm định")
        )
        raise WorkflowError(
            _("Không thể rút lại báo cáo: %(why)s (trạng thái “%(status)s”).")
            % {"why": why, "status": report.get_status_display()}
        )
    # A draft past its deadline is locked, so a late withdrawal could never be sent again.
    if is_self_locked(report):
        raise WorkflowError(
            _(
                "Không thể rút lại báo cáo: đã quá hạn tự đánh giá, báo cáo rút lại sẽ không gửi "
                "lại được."
            )
        )
    save_report(
        report,
        user=user,
        version=version,
        status=Status.DRAFT,
        submitted_at=None,
        submitted_by=None,
    )
    queue_recompute(report.framework)
    return report


# --- evidence ---------------------------------------------------------------------------


def can_change_evidence(report: AnnualReport) -> bool:
    """Evidence is added while self-assessing, and again to support an explanation."""
    return can_edit_self(report) or can_answer_explanation(report)


def evidence_refusal(report: AnnualReport) -> str | None:
    """Why evidence cannot be added or removed now, naming the condition that applies."""
    if can_change_evidence(report):
        return None
    if report.status == Status.EXPLANATION_REQUESTED:
        return explanation_refusal(report)
    return self_edit_refusal(report)


@transaction.atomic
def add_evidence(*, score: CriterionScore, upload, user) -> Evidence:
    """Store an already validated upload (see `EvidenceForm`) for one criterion."""
    report = lock_report(score.report)
    refusal = evidence_refusal(report)
    if refusal:
        raise WorkflowError(_("Không thể tải tài liệu lên. %(why)s") % {"why": refusal})
    # A double click sends the file twice: the second copy, by the same user within a
    # minute, is the first one (the report lock above serialises the two requests).
    twin = score.evidence.filter(
        original_name=upload.name[:255],
        size=upload.size,
        uploaded_by=user,
        uploaded_at__gte=timezone.now() - DOUBLE_SUBMIT_WINDOW,
    ).first()
    if twin is not None:
        return twin
    evidence = Evidence(
        score=score, original_name=upload.name[:255], size=upload.size, uploaded_by=user
    )
    evidence.file.save(upload.name, upload, save=False)
    evidence.save()
    # A new file changes what the report shows: a form opened before it must not overwrite.
    claim_version(report, version=None, user=user)
    return evidence


@transaction.atomic
def delete_evidence(*, evidence: Evidence, user) -> None:
    report = lock_report(evidence.score.report)
    refusal = evidence_refusal(report)
    if refusal:
        raise WorkflowError(_("Không thể xóa tài liệu. %(why)s") % {"why": refusal})
    name = evidence.file.name
    storage = evidence.file.storage
    evidence.delete()
    claim_version(report, version=None, user=user)
    # The file goes only once the row's deletion is committed; a rollback keeps both.
    transaction.on_commit(lambda: storage.delete(name))
