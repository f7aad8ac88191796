"""The annual self-report cycle: every state change of an `AnnualReport`, and who may make it.

    draft ──submit──▶ submitted ──start_appraisal──▶ under_appraisal (round 1)
      ▲                  │                              │        │
      └────withdraw──────┘               request_explanation  finish_appraisal
                                                        ▼        ▼
             explanation (giải trình) ──answer_explanation──▶ under_appraisal (round 2)
                                                                 │ finish_appraisal
                                                                 ▼
                                              appraised ──publish──▶ published

Each function takes keyword arguments, locks the report row (`select_for_update`) inside
`transaction.atomic()`, refuses an illegal move with a `WorkflowError` whose Vietnamese
message is shown to the user as is, and bumps `AnnualReport.version` so that a form opened
before the move cannot overwrite it (optimistic locking, see `_claim_version`).
Publishing a year lives in `indicators.publishing`.
"""

import datetime

from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from agencies.models import Agency, Membership
from agencies.notifying import notify, reporters_of, staff_of

from .models import (
    AnnualReport,
    CriterionScore,
    DeadlineExtension,
    Evidence,
    Framework,
)

Status = AnnualReport.Status


class WorkflowError(Exception):
    """An illegal or refused step; `str(error)` is a message for the user."""


class StaleReport(WorkflowError):
    """The report changed since the form was opened (optimistic lock conflict)."""


# --- deadlines --------------------------------------------------------------------------


def self_deadline(report: AnnualReport) -> datetime.datetime | None:
    """The self-assessment deadline that applies to this agency (its extension if any)."""
    return report.framework.self_deadline_for(report.agency_id)


def explanation_deadline(report: AnnualReport) -> datetime.datetime | None:
    extension = DeadlineExtension.objects.filter(
        framework_id=report.framework_id, agency_id=report.agency_id
    ).first()
    if extension and extension.explanation_deadline:
        return extension.explanation_deadline
    return report.framework.explanation_deadline


def is_self_locked(report: AnnualReport, *, now: datetime.datetime | None = None) -> bool:
    """After the (possibly extended) deadline the self-report can no longer change."""
    deadline = self_deadline(report)
    return deadline is not None and (now or timezone.now()) > deadline


def can_edit_self(report: AnnualReport) -> bool:
    return report.status == Status.DRAFT and not is_self_locked(report)


def can_answer_explanation(report: AnnualReport) -> bool:
    deadline = explanation_deadline(report)
    return report.status == Status.EXPLANATION_REQUESTED and (
        deadline is None or timezone.now() <= deadline
    )


def _fmt(moment: datetime.datetime) -> str:
    return timezone.localtime(moment).strftime("%H:%M %d/%m/%Y")


# --- helpers ----------------------------------------------------------------------------


def _lock(report: AnnualReport) -> AnnualReport:
    """Re-read the report under a row lock; the caller's copy may be stale."""
    return (
        AnnualReport.objects.select_for_update()
        .select_related("framework", "agency")
        .get(pk=report.pk)
    )


def _claim_version(report: AnnualReport, *, version: int | None, user) -> None:
    """Move the report to version+1 only if nobody saved since `version` was read.

    The conditional UPDATE is the lock: of two saves posted with the same version exactly
    one matches a row. The loser is told who saved last and when; nothing is overwritten.
    """
    expected = report.version if version is None else version
    now = timezone.now()
    claimed = AnnualReport.objects.filter(pk=report.pk, version=expected).update(
        version=expected + 1, updated_by=user, updated_at=now
    )
    if not claimed:
        current = AnnualReport.objects.select_related("updated_by").get(pk=report.pk)
        editor = current.updated_by
        who = (editor.get_full_name() or editor.username) if editor else "người khác"
        raise StaleReport(
            f"Báo cáo đã được {who} cập nhật lúc {_fmt(current.updated_at)} sau khi bạn mở trang. "
            "Dữ liệu của bạn chưa được lưu; hãy tải lại trang để xem bản mới nhất rồi nhập lại."
        )
    report.version, report.updated_by, report.updated_at = expected + 1, user, now


def _save(report: AnnualReport, *, user, version: int | None = None, **changes) -> AnnualReport:
    _claim_version(report, version=version, user=user)
    for name, value in changes.items():
        setattr(report, name, value)
    report._change_reason = changes.get("status", "")
    report.save()  # a history row records the change and the user
    return report


def _require(report: AnnualReport, *allowed: str, action: str) -> None:
    if report.status not in allowed:
        raise WorkflowError(
            f"Không thể {action}: báo cáo của {report.agency} đang ở trạng thái “{report.get_status_display()}”."
        )


def recompute_later(framework: Framework) -> None:
    """Mark the framework's results stale now; the ranking recompute runs after commit."""
    # Imported here: indicators.tasks imports the importers, which import publishing → here.
    from indicators.tasks import queue_recompute

    queue_recompute(framework)


def leaf_criteria(framework: Framework):
    """The criteria points are entered on: those without children."""
    return framework.criteria.filter(children__isnull=True).order_by("order")


def ensure_scores(*, report: AnnualReport) -> int:
    """Create the missing score rows of a report (one per leaf criterion). Returns how many."""
    existing = set(report.scores.values_list("criterion_id", flat=True))
    rows = [
        CriterionScore(report=report, criterion=c, max_points=c.max_points)
        for c in leaf_criteria(report.framework)
        if c.pk not in existing
    ]
    # With history rows, so the first entered score shows as "— → 2,00" in the audit log.
    bulk_create_with_history(rows, CriterionScore, ignore_conflicts=True)
    return len(rows)


def missing_items(report: AnnualReport) -> list[str]:
    """What still blocks submission, one Vietnamese line per criterion."""
    problems = []
    for score in report.scores.select_related("criterion").annotate(n_evidence=Count("evidence")):
        code = score.criterion.code
        if score.not_applicable:
            continue
        if score.self_score is None:
            problems.append(f"Tiêu chí {code}: chưa chấm điểm.")
        elif (
            score.criterion.evidence_required
            and not score.n_evidence
            and not score.missing_evidence_reason.strip()
        ):
            problems.append(f"Tiêu chí {code}: chưa có tài liệu kiểm chứng hoặc lý do chưa có.")
    return problems


# --- opening a year ---------------------------------------------------------------------


@transaction.atomic
def open_year(
    *,
    framework: Framework,
    self_assessment_deadline: datetime.datetime | None,
    explanation_deadline: datetime.datetime | None,
) -> int:
    """Set the deadlines and create a draft report for every agency of the group. Idempotent."""
    framework.self_assessment_deadline = self_assessment_deadline
    framework.explanation_deadline = explanation_deadline
    framework.save(update_fields=["self_assessment_deadline", "explanation_deadline"])
    agencies = Agency.objects.filter(group_id=framework.group_id).assessed_in_year(framework.year)
    created = 0
    for agency in agencies:
        report, is_new = AnnualReport.objects.get_or_create(framework=framework, agency=agency)
        created += is_new
        ensure_scores(report=report)
    return created


@transaction.atomic
def extend_deadline(
    *,
    framework: Framework,
    agency: Agency,
    self_assessment_deadline: datetime.datetime | None,
    explanation_deadline: datetime.datetime | None,
    reason: str,
) -> DeadlineExtension:
    if agency.group_id != framework.group_id:
        raise WorkflowError(f"{agency} không thuộc khối của bộ chỉ số này.")
    extension, _ = DeadlineExtension.objects.update_or_create(
        framework=framework,
        agency=agency,
        defaults={
            "self_assessment_deadline": self_assessment_deadline,
            "explanation_deadline": explanation_deadline,
            "reason": reason,
        },
    )
    return extension


# --- self-assessment ---------------------------------------------------------------------


def _check_self_editable(report: AnnualReport, *, action: str) -> None:
    _require(report, Status.DRAFT, action=action)
    if is_self_locked(report):
        raise WorkflowError(
            f"Không thể {action}: đã quá hạn tự đánh giá ({_fmt(self_deadline(report))}). "
            "Báo cáo đã bị khóa; liên hệ Sở Nội vụ nếu cần gia hạn."
        )


@transaction.atomic
def save_draft(
    *, report: AnnualReport, user, version: int, rows: dict[int, dict], note: str | None = None
) -> AnnualReport:
    """Save the whole self-assessment form at once.

    `rows` maps CriterionScore id → {"self_score", "not_applicable", "self_note",
    "missing_evidence_reason"}; values are already validated by the form.
    """
    report = _lock(report)
    _check_self_editable(report, action="lưu bản nháp")
    scores = {s.pk: s for s in report.scores.select_related("criterion").filter(pk__in=rows)}
    changes = {} if note is None else {"note": note}
    _save(report, user=user, version=version, **changes)
    for score_id, values in rows.items():
        score = scores.get(score_id)
        if score is None:
            raise WorkflowError(
                "Biểu mẫu chứa tiêu chí không thuộc báo cáo này; hãy tải lại trang."
            )
        if values.get("not_applicable") and not score.criterion.allow_not_applicable:
            raise WorkflowError(
                f"Tiêu chí {score.criterion.code} không được đánh dấu “không áp dụng”."
            )
        dirty = [name for name, value in values.items() if getattr(score, name) != value]
        if dirty:
            for name in dirty:
                setattr(score, name, values[name])
            if score.not_applicable:
                score.self_score = None
            score.save()
    return report


@transaction.atomic
def submit(*, report: AnnualReport, user, version: int | None = None) -> AnnualReport:
    report = _lock(report)
    _check_self_editable(report, action="gửi báo cáo")
    problems = missing_items(report)
    if problems:
        raise WorkflowError(
            "Chưa thể gửi báo cáo. " + " ".join(problems[:5]) + (" …" if len(problems) > 5 else "")
        )
    _save(
        report,
        user=user,
        version=version,
        status=Status.SUBMITTED,
        submitted_at=timezone.now(),
        submitted_by=user,
    )
    transaction.on_commit(
        lambda: notify(
            users=staff_of(report.agency.province_id),
            text=f"{report.agency} đã gửi báo cáo tự đánh giá năm {report.framework.year}.",
            url=report.get_absolute_url(),
        )
    )
    return report


@transaction.atomic
def withdraw(*, report: AnnualReport, user, version: int | None = None) -> AnnualReport:
    report = _lock(report)
    _require(
        report,
        Status.SUBMITTED,
        action="rút lại báo cáo (Sở Nội vụ đã bắt đầu thẩm định hoặc báo cáo chưa gửi)",
    )
    if is_self_locked(report):
        raise WorkflowError(
            "Không thể rút lại báo cáo: đã quá hạn tự đánh giá, báo cáo rút lại sẽ không gửi lại được."
        )
    return _save(
        report,
        user=user,
        version=version,
        status=Status.DRAFT,
        submitted_at=None,
        submitted_by=None,
    )


# --- evidence ---------------------------------------------------------------------------


def can_change_evidence(report: AnnualReport) -> bool:
    """Evidence is added while self-assessing, and again to support an explanation."""
    return can_edit_self(report) or can_answer_explanation(report)


@transaction.atomic
def add_evidence(*, score: CriterionScore, upload, user) -> Evidence:
    """Store an already validated upload (see `EvidenceForm`) for one criterion."""
    report = _lock(score.report)
    if not can_change_evidence(report):
        raise WorkflowError(
            f"Không thể tải tài liệu lên: báo cáo đang ở trạng thái “{report.get_status_display()}” hoặc đã quá hạn."
        )
    evidence = Evidence(
        score=score, original_name=upload.name[:255], size=upload.size, uploaded_by=user
    )
    evidence.file.save(upload.name, upload, save=False)
    evidence.save()
    _claim_version(report, version=None, user=user)
    return evidence


@transaction.atomic
def delete_evidence(*, evidence: Evidence, user) -> None:
    report = _lock(evidence.score.report)
    if not can_change_evidence(report):
        raise WorkflowError("Không thể xóa tài liệu: báo cáo đã gửi hoặc đã quá hạn.")
    name = evidence.file.name
    storage = evidence.file.storage
    evidence.delete()
    _claim_version(report, version=None, user=user)
    transaction.on_commit(lambda: storage.delete(name))


# --- appraisal --------------------------------------------------------------------------


@transaction.atomic
def start_appraisal(*, report: AnnualReport, user, version: int | None = None) -> AnnualReport:
    """Begin round 1 of a submitted report, or round 2 when the explanation time is over."""
    report = _lock(report)
    if report.status == Status.EXPLANATION_REQUESTED:
        if can_answer_explanation(report):
            raise WorkflowError("Chưa thể thẩm định vòng 2: đơn vị vẫn còn hạn giải trình.")
        return _save(
            report, user=user, version=version, status=Status.UNDER_APPRAISAL, appraisal_round=2
        )
    _require(report, Status.SUBMITTED, action="bắt đầu thẩm định (đơn vị chưa gửi báo cáo)")
    return _save(
        report, user=user, version=version, status=Status.UNDER_APPRAISAL, appraisal_round=1
    )


@transaction.atomic
def appraise(*, report: AnnualReport, user, version: int, rows: dict[int, dict]) -> AnnualReport:
    """Record appraised scores and comments of the current round.

    `rows` maps CriterionScore id → {"score": Decimal | None, "comment": str}. A score that
    differs from the self-score needs a comment: the agency must be told why.
    """
    report = _lock(report)
    _require(report, Status.UNDER_APPRAISAL, action="ghi điểm thẩm định")
    score_field, comment_field = (
        ("appraised_score", "appraiser_comment")
        if report.appraisal_round == 1
        else ("appraised_score_r2", "appraiser_comment_r2")
    )
    scores = {s.pk: s for s in report.scores.select_related("criterion").filter(pk__in=rows)}
    for score_id, values in rows.items():
        score = scores.get(score_id)
        if score is None:
            raise WorkflowError(
                "Biểu mẫu chứa tiêu chí không thuộc báo cáo này; hãy tải lại trang."
            )
        value, comment = values.get("score"), (values.get("comment") or "").strip()
        if value is not None and value > score.max_points:
            raise WorkflowError(
                f"Tiêu chí {score.criterion.code}: điểm thẩm định vượt điểm tối đa {score.max_points}."
            )
        # In round 2 a score kept from round 1 keeps its round-1 comment.
        explained = comment or (
            report.appraisal_round == 2
            and value == score.appraised_score
            and score.appraiser_comment
        )
        if (
            value is not None
            and score.self_score is not None
            and value != score.self_score
            and not explained
        ):
            raise WorkflowError(
                f"Tiêu chí {score.criterion.code}: điểm thẩm định khác điểm tự chấm, cần ghi ý kiến thẩm định."
            )
        if getattr(score, score_field) != value or getattr(score, comment_field) != comment:
            setattr(score, score_field, value)
            setattr(score, comment_field, comment)
            score.save()
    _save(report, user=user, version=version)
    recompute_later(report.framework)
    return report


def _unappraised(report: AnnualReport) -> list[str]:
    field = "appraised_score" if report.appraisal_round == 1 else "appraised_score_r2"
    missing = report.scores.filter(not_applicable=False, **{f"{field}__isnull": True})
    if report.appraisal_round == 2:  # round 2 keeps a round-1 score that was not revisited
        missing = missing.filter(appraised_score__isnull=True)
    return list(missing.values_list("criterion__code", flat=True))


@transaction.atomic
def request_explanation(*, report: AnnualReport, user, version: int | None = None) -> AnnualReport:
    report = _lock(report)
    _require(report, Status.UNDER_APPRAISAL, action="yêu cầu giải trình")
    if report.appraisal_round != 1:
        raise WorkflowError("Chỉ yêu cầu giải trình một lần, sau thẩm định vòng 1.")
    missing = _unappraised(report)
    if missing:
        raise WorkflowError(
            "Chưa thể yêu cầu giải trình: còn tiêu chí chưa thẩm định: " + ", ".join(missing) + "."
        )
    deadline = explanation_deadline(report)
    if deadline is not None and timezone.now() > deadline:
        raise WorkflowError(
            f"Hạn giải trình ({_fmt(deadline)}) đã qua; hãy gia hạn cho đơn vị trước."
        )
    _save(report, user=user, version=version, status=Status.EXPLANATION_REQUESTED)
    until = f" trước {_fmt(deadline)}" if deadline else ""
    transaction.on_commit(
        lambda: notify(
            users=reporters_of(report.agency_id),
            text=f"Sở Nội vụ yêu cầu {report.agency} giải trình kết quả tự đánh giá năm {report.framework.year}{until}.",
            url=report.get_absolute_url(),
        )
    )
    return report


@transaction.atomic
def answer_explanation(
    *, report: AnnualReport, user, version: int, answers: dict[int, str]
) -> AnnualReport:
    """The agency's giải trình, per criterion; sends the report back for round 2."""
    report = _lock(report)
    _require(report, Status.EXPLANATION_REQUESTED, action="gửi giải trình")
    if not can_answer_explanation(report):
        raise WorkflowError(f"Đã quá hạn giải trình ({_fmt(explanation_deadline(report))}).")
    scores = {s.pk: s for s in report.scores.filter(pk__in=answers)}
    if set(answers) - set(scores):
        raise WorkflowError("Biểu mẫu chứa tiêu chí không thuộc báo cáo này; hãy tải lại trang.")
    for score_id, text in answers.items():
        score = scores[score_id]
        if score.explanation != text.strip():
            score.explanation = text.strip()
            score.save()
    _save(report, user=user, version=version, status=Status.UNDER_APPRAISAL, appraisal_round=2)
    transaction.on_commit(
        lambda: notify(
            users=staff_of(report.agency.province_id),
            text=f"{report.agency} đã gửi giải trình năm {report.framework.year}.",
            url=report.get_absolute_url(),
        )
    )
    return report


@transaction.atomic
def finish_appraisal(*, report: AnnualReport, user, version: int | None = None) -> AnnualReport:
    """Close the appraisal: the final score of each criterion is its latest appraised score."""
    report = _lock(report)
    _require(report, Status.UNDER_APPRAISAL, action="kết thúc thẩm định")
    missing = _unappraised(report)
    if missing:
        raise WorkflowError(
            "Chưa thể kết thúc thẩm định: còn tiêu chí chưa có điểm thẩm định: "
            + ", ".join(missing)
            + "."
        )
    for score in report.scores.all():
        final = None if score.not_applicable else score.effective_appraised
        if score.final_score != final:
            score.final_score = final
            score.save()
    _save(report, user=user, version=version, status=Status.APPRAISED, appraised_at=timezone.now())
    recompute_later(report.framework)
    return report


def frameworks_visible_to(user):
    """Frameworks of the user's province (every province for a system admin)."""
    membership = Membership.for_user(user)
    if membership is None:
        return Framework.objects.all() if user.is_superuser else Framework.objects.none()
    if membership.role == Membership.Role.ADMIN and membership.province_id is None:
        return Framework.objects.all()
    return Framework.objects.filter(province_id=membership.province_id)
