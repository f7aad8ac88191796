"""The appraisal of a submitted report: Sở Nội vụ's rounds and, between them, the
agency's explanation (giải trình).

Round 1 appraises every criterion. Sở Nội vụ may then ask once for an explanation; the
agency answers before its explanation deadline (or lets it pass), and round 2 revisits
what was explained. A round-1 score not revisited in round 2 stands, with its comment.
Closing the appraisal fixes each criterion's final score and queues the ranking recompute.
"""

from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from agencies.notifying import in_province_language, notify, reporters_of, staff_of

from .models import AnnualReport
from .recomputing import mark_changed, queue_recompute
from .workflow import (
    WorkflowError,
    can_answer_explanation,
    explanation_deadline,
    lock_report,
    moment_text,
    require_status,
    save_report,
)

Status = AnnualReport.Status


@transaction.atomic
def start_appraisal(*, report: AnnualReport, user, version: int | None = None) -> AnnualReport:
    """Begin round 1 of a submitted report, or round 2 when the explanation time is over."""
    report = lock_report(report)
    if report.status == Status.EXPLANATION_REQUESTED:
        if can_answer_explanation(report):
            raise WorkflowError(_("Chưa thể thẩm định vòng 2: đơn vị vẫn còn hạn giải trình."))
        mark_changed(report.framework)
        return save_report(
            report, user=user, version=version, status=Status.UNDER_APPRAISAL, appraisal_round=2
        )
    require_status(
        report, Status.SUBMITTED, action=_("bắt đầu thẩm định (đơn vị chưa gửi báo cáo)")
    )
    mark_changed(report.framework)
    return save_report(
        report, user=user, version=version, status=Status.UNDER_APPRAISAL, appraisal_round=1
    )


@transaction.atomic
def appraise(*, report: AnnualReport, user, version: int, rows: dict[int, dict]) -> AnnualReport:
    """Record appraised scores and comments of the current round.

    `rows` maps CriterionScore id → {"score": Decimal | None, "comment": str}. A score that
    differs from the self-score needs a comment: the agency must be told why.
    """
    report = lock_report(report)
    require_status(report, Status.UNDER_APPRAISAL, action=_("ghi điểm thẩm định"))
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
                _("Biểu mẫu chứa tiêu chí không thuộc báo cáo này; hãy tải lại trang.")
            )
        value, comment = values.get("score"), (values.get("comment") or "").strip()
        if value is not None and value > score.max_points:
            raise WorkflowError(
                _("Tiêu chí {code}: điểm thẩm định vượt điểm tối đa {localize}.").format(
                    code=score.criterion.code, localize=formats.localize(score.max_points)
                )
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
                _(
                    "Tiêu chí {code}: điểm thẩm định khác điểm tự chấm, cần ghi ý kiến thẩm định."
                ).format(code=score.criterion.code)
            )
        if getattr(score, score_field) != value or getattr(score, comment_field) != comment:
            setattr(score, score_field, value)
            setattr(score, comment_field, comment)
            score.save()
    save_report(report, user=user, version=version)
    queue_recompute(report.framework)
    return report


def _unappraised(report: AnnualReport) -> list[str]:
    field = "appraised_score" if report.appraisal_round == 1 else "appraised_score_r2"
    missing = report.scores.filter(not_applicable=False, **{f"{field}__isnull": True})
    if report.appraisal_round == 2:  # round 2 keeps a round-1 score that was not revisited
        missing = missing.filter(appraised_score__isnull=True)
    return list(missing.values_list("criterion__code", flat=True))


@transaction.atomic
def request_explanation(*, report: AnnualReport, user, version: int | None = None) -> AnnualReport:
    report = lock_report(report)
    require_status(report, Status.UNDER_APPRAISAL, action=_("yêu cầu giải trình"))
    if report.appraisal_round != 1:
        raise WorkflowError(_("Chỉ yêu cầu giải trình một lần, sau thẩm định vòng 1."))
    missing = _unappraised(report)
    if missing:
        raise WorkflowError(
            _("Chưa thể yêu cầu giải trình: còn tiêu chí chưa thẩm định: ")
            + ", ".join(missing)
            + "."
        )
    deadline = explanation_deadline(report)
    if deadline is not None and timezone.now() > deadline:
        raise WorkflowError(
            _("Hạn giải trình ({deadline}) đã qua; hãy gia hạn cho đơn vị trước.").format(
                deadline=moment_text(deadline)
            )
        )
    save_report(report, user=user, version=version, status=Status.EXPLANATION_REQUESTED)
    mark_changed(report.framework)

    @in_province_language
    def announce():
        until = _(" trước {deadline}").format(deadline=moment_text(deadline)) if deadline else ""
        notify(
            users=reporters_of(report.agency_id),
            text=_(
                "Sở Nội vụ yêu cầu {agency} giải trình kết quả tự đánh giá năm {year}{until}."
            ).format(agency=report.agency, year=report.framework.year, until=until),
            url=report.get_absolute_url(),
        )

    transaction.on_commit(announce)
    return report


@transaction.atomic
def answer_explanation(
    *, report: AnnualReport, user, version: int, answers: dict[int, str]
) -> AnnualReport:
    """The agency's giải trình, per criterion; sends the report back for round 2."""
    report = lock_report(report)
    require_status(report, Status.EXPLANATION_REQUESTED, action=_("gửi giải trình"))
    if not can_answer_explanation(report):
        raise WorkflowError(
            _("Đã quá hạn giải trình ({moment_text}).").format(
                moment_text=moment_text(explanation_deadline(report))
            )
        )
    scores = {s.pk: s for s in report.scores.filter(pk__in=answers)}
    if set(answers) - set(scores):
        raise WorkflowError(_("Biểu mẫu chứa tiêu chí không thuộc báo cáo này; hãy tải lại trang."))
    for score_id, text in answers.items():
        score = scores[score_id]
        if score.explanation != text.strip():
            score.explanation = text.strip()
            score.save()
    save_report(
        report, user=user, version=version, status=Status.UNDER_APPRAISAL, appraisal_round=2
    )
    mark_changed(report.framework)
    transaction.on_commit(
        in_province_language(
            lambda: notify(
                users=staff_of(report.agency.province_id),
                text=_("{agency} đã gửi giải trình năm {year}.").format(
                    agency=report.agency, year=report.framework.year
                ),
                url=report.get_absolute_url(),
            )
        )
    )
    return report


@transaction.atomic
def finish_appraisal(*, report: AnnualReport, user, version: int | None = None) -> AnnualReport:
    """Close the appraisal: the final score of each criterion is its latest appraised score."""
    report = lock_report(report)
    require_status(report, Status.UNDER_APPRAISAL, action=_("kết thúc thẩm định"))
    missing = _unappraised(report)
    if missing:
        raise WorkflowError(
            _("Chưa thể kết thúc thẩm định: còn tiêu chí chưa có điểm thẩm định: ")
            + ", ".join(missing)
            + "."
        )
    for score in report.scores.all():
        final = None if score.not_applicable else score.effective_appraised
        if score.final_score != final:
            score.final_score = final
            score.save()
    save_report(
        report, user=user, version=version, status=Status.APPRAISED, appraised_at=timezone.now()
    )
    queue_recompute(report.framework)
    return report
