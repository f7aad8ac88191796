"""The annual self-report cycle: its states, its deadlines, and how a step is written.

    draft ──submit──▶ submitted ──start_appraisal──▶ under_appraisal (round 1)
      ▲                  │                              │        │
      └────withdraw──────┘               request_explanation  finish_appraisal
                                                        ▼        ▼
             explanation (giải trình) ──answer_explanation──▶ under_appraisal (round 2)
                                                                 │ finish_appraisal
                                                                 ▼
                                              appraised ──publish──▶ published

The agency's steps live in `indicators.self_assessment`, Sở Nội vụ's in
`indicators.appraisal`, publishing a year in `indicators.publishing`. Each step takes
keyword arguments, re-reads the report under a row lock (`lock_report`) inside
`transaction.atomic()`, refuses an illegal move with a `WorkflowError` whose Vietnamese
message is shown to the user as is, and bumps `AnnualReport.version` so that a form opened
before the move cannot overwrite it (optimistic locking, see `claim_version`).
"""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from agencies.models import Agency, Membership, Province

from .models import AnnualReport, CriterionScore, DeadlineExtension, Framework

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
    """The explanation deadline that applies to this agency (its extension if any)."""
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


def self_edit_refusal(report: AnnualReport) -> str | None:
    """Why the agency cannot change its self-assessment now: the one condition that applies."""
    if report.status != Status.DRAFT:
        return _(
            "Báo cáo đang ở trạng thái “%(status)s”: chỉ sửa hoặc gửi được khi đang tự đánh giá."
        ) % {"status": report.get_status_display()}
    if is_self_locked(report):
        return _(
            "Đã quá hạn tự đánh giá (%(deadline)s): báo cáo đã khóa; liên hệ Sở Nội vụ nếu cần "
            "gia hạn."
        ) % {"deadline": moment_text(self_deadline(report))}
    return None


def explanation_refusal(report: AnnualReport) -> str | None:
    """Why the agency cannot send its explanation now: the one condition that applies."""
    if report.status != Status.EXPLANATION_REQUESTED:
        return _(
            "Báo cáo đang ở trạng thái “%(status)s”: Sở Nội vụ không yêu cầu giải trình lúc này."
        ) % {"status": report.get_status_display()}
    if not can_answer_explanation(report):
        return _("Đã quá hạn giải trình (%(deadline)s); liên hệ Sở Nội vụ nếu cần gia hạn.") % {
            "deadline": moment_text(explanation_deadline(report))
        }
    return None


def moment_text(moment: datetime.datetime) -> str:
    """A deadline as users read it: local time, "17:00 15/12/2023"."""
    return timezone.localtime(moment).strftime("%H:%M %d/%m/%Y")


# --- writing a step ---------------------------------------------------------------------


def lock_report(report: AnnualReport) -> AnnualReport:
    """Re-read the report under a row lock; the caller's copy may be stale."""
    return (
        AnnualReport.objects.select_for_update()
        .select_related("framework", "agency")
        .get(pk=report.pk)
    )


def claim_version(report: AnnualReport, *, version: int | None, user) -> None:
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
        who = (editor.get_full_name() or editor.username) if editor else _("người khác")
        raise StaleReport(
            _(
                "Báo cáo đã được {who} cập nhật lúc {updated_at} sau khi bạn mở trang. Dữ liệu "
                "của bạn chưa được lưu; hãy tải lại trang để xem bản mới nhất rồi nhập lại."
            ).format(who=who, updated_at=moment_text(current.updated_at))
        )
    report.version, report.updated_by, report.updated_at = expected + 1, user, now


def save_report(
    report: AnnualReport, *, user, version: int | None = None, **changes
) -> AnnualReport:
    """Claim the next version, then save `changes` through `save()` for the history row."""
    claim_version(report, version=version, user=user)
    for name, value in changes.items():
        setattr(report, name, value)
    report._change_reason = changes.get("status", "")
    report.save()  # a history row records the change and the user
    return report


def status_refusal(report: AnnualReport, *, action: str) -> str:
    """ "Không thể <action>: …" naming the report's current state."""
    return _("Không thể %(action)s: báo cáo của %(agency)s đang ở trạng thái “%(status)s”.") % {
        "action": action,
        "agency": report.agency,
        "status": report.get_status_display(),
    }


def refuse(refusal: str | None) -> None:
    """Raise the refusal a `…_refusal` function found, if any."""
    if refusal:
        raise WorkflowError(refusal)


def require_status(report: AnnualReport, *allowed: str, action: str) -> None:
    """Refuse `action` unless the report is in one of the `allowed` states."""
    if report.status not in allowed:
        raise WorkflowError(status_refusal(report, action=action))


# --- opening a year ---------------------------------------------------------------------


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
    Province.objects.filter(pk=framework.province_id).bump_data_version()
    agencies = Agency.objects.in_group(framework.group, year=framework.year).assessed_in_year(
        framework.year
    )
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
    """Give one agency later deadlines than its group's (one extension per agency and year)."""
    if agency.group_id_in(framework.year) != framework.group_id:
        raise WorkflowError(_("{agency} không thuộc khối của bộ chỉ số này.").format(agency=agency))
    extension, _created = DeadlineExtension.objects.update_or_create(
        framework=framework,
        agency=agency,
        defaults={
            "self_assessment_deadline": self_assessment_deadline,
            "explanation_deadline": explanation_deadline,
            "reason": reason,
        },
    )
    return extension


def frameworks_visible_to(user):
    """Frameworks of the user's province (every province for a system admin)."""
    membership = Membership.for_user(user)
    if membership is None:
        return Framework.objects.all() if user.is_superuser else Framework.objects.none()
    if membership.role == Membership.Role.ADMIN and membership.province_id is None:
        return Framework.objects.all()
    return Framework.objects.filter(province_id=membership.province_id)
