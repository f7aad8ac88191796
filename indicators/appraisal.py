"""The appraisal of a submitted report: Sở Nội vụ's rounds and, between them, the
agency's explanation (giải trình).

Round 1 appraises every criterion. Sở Nội vụ may then ask once for an explanation; the
agency answers before its explanation deadline (or lets it pass), and round 2 revisits
what was explained. A round-1 score not revisited in round 2 stands, with its comment.
Closing the appraisal fixes each criterion's final score and queues the ranking recompute.
"""

from django.db import transaction
from django.db.models import QuerySet
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from agencies.notifying import in_province_language, notify, reporters_of, staff_of

from .audit import ACCEPTED_SELF_SCORE
from .models import AnnualReport
from .recomputing import mark_changed, queue_recompute
from .workflow import (
    WorkflowError,
    can_answer_explanation,
    explanation_deadline,
    explanation_refusal,
    lock_report,
    moment_text,
    refuse,
    require_status,
    save_report,
    status_refusal,
)

Status = AnnualReport.Status


def start_refusal(report: AnnualReport) -> str | None:
    """Why the appraisal (round 1, or round 2 after the explanation time) cannot start now."""
    if report.status == Status.EXPLANATION_REQUESTED:
        if not can_answer_explanation(report):
            return None
        deadline = explanation_deadline(report)
        if deadline is None:
            return _(
                "Chưa thể thẩm định vòng 2: đơn vị chưa gửi giải trình và kỳ này không đặt "
                "hạn giải trình."
            )
        return _("Chưa thể thẩm định vòng 2: đơn vị vẫn còn hạn giải trình đến %(deadline)s.") % {
            "deadline": moment_text(deadline)
        }
    if report.status != Status.SUBMITTED:
        return status_refusal(report, action=_("bắt đầu thẩm định (đơn vị chưa gửi báo cáo)"))
    return None


@transaction.atomic
def start_appraisal(*, report: AnnualReport, user, version: int | None = None) -> AnnualReport:
    """Begin round 1 of a submitted report, or round 2 when the explanation time is over."""
    report = lock_report(report)
    refuse(start_refusal(report))
    round_two = report.status == Status.EXPLANATION_REQUESTED
    mark_changed(report.framework)
    return save_report(
        report,
        user=user,
        version=version,
        status=Status.UNDER_APPRAISAL,
        appraisal_round=2 if round_two else 1,
    )


def round_fields(report: AnnualReport) -> tuple[str, str]:
    """The (score, comment) fields the current appraisal round writes."""
    if report.appraisal_round == 2:
        return "appraised_score_r2", "appraiser_comment_r2"
    return "appraised_score", "appraiser_comment"


@transaction.atomic
def appraise(*, report: AnnualReport, user, version: int, rows: dict[int, dict]) -> AnnualReport:
    """Record appraised scores and comments of the current round.

    `rows` maps CriterionScore id → {"score": Decimal | None, "comment": str}. A score that
    differs from the self-score needs a comment: the agency must be told why.
    """
    report = lock_report(report)
    require_status(report, Status.UNDER_APPRAISAL, action=_("ghi điểm thẩm định"))
    score_field, comment_field = round_fields(report)
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


def unappraised(report: AnnualReport) -> QuerySet:
    """The applicable rows without an appraised score in the current round; in round 2 a
    round-1 score not revisited stands, so only rows without any appraised score."""
    field, _comment = round_fields(report)
    missing = report.scores.filter(not_applicable=False, **{f"{field}__isnull": True})
    if report.appraisal_round == 2:
        missing = missing.filter(appraised_score__isnull=True)
    return missing


def _unappraised(report: AnnualReport) -> str:
    """The codes of the `unappraised` rows, "" for none; past ten, their number and the
    first ten (a refusal shown beside a button must stay readable)."""
    codes = list(unappraised(report).values_list("criterion__code", flat=True))
    if len(codes) <= 10:
        return ", ".join(codes)
    return _("%(count)d tiêu chí (%(codes)s, …)") % {
        "count": len(codes),
        "codes": ", ".join(codes[:10]),
    }


@transaction.atomic
def accept_self_scores(
    *, report: AnnualReport, user, version: int, score_ids: list[int] | None = None
) -> int:
    """ "Đồng ý điểm tự chấm": the current round's score of each row becomes its self-score.

    Without `score_ids`, every row still untouched (`unappraised`) that has a self-score;
    with them, those rows whatever they held (a comment stays as it was). One transaction
    and one version for all the rows; each row's history entry says it was an acceptance.
    Returns how many rows changed. Nothing left to accept writes nothing, not even a new
    version: a second click of the same button finds the work done and is no conflict.
    """
    report = lock_report(report)
    require_status(report, Status.UNDER_APPRAISAL, action=_("ghi điểm thẩm định"))
    rows = report.scores.filter(not_applicable=False, self_score__isnull=False)
    if score_ids is None:
        rows = rows.filter(pk__in=unappraised(report))
    else:
        asked = {
            s.pk: s for s in report.scores.select_related("criterion").filter(pk__in=score_ids)
        }
        if set(score_ids) - set(asked):
            raise WorkflowError(
                _("Biểu mẫu chứa tiêu chí không thuộc báo cáo này; hãy tải lại trang.")
            )
        for score in asked.values():
            if score.not_applicable or score.self_score is None:
                raise WorkflowError(
                    _("Tiêu chí %(code)s: %(why)s, không có điểm tự chấm để đồng ý.")
                    % {
                        "code": score.criterion.code,
                        "why": _("đơn vị đánh dấu không áp dụng")
                        if score.not_applicable
                        else _("đơn vị chưa chấm điểm"),
                    }
                )
        rows = rows.filter(pk__in=score_ids)
    field, _comment = round_fields(report)
    changed = [score for score in rows if getattr(score, field) != score.self_score]
    if not changed:
        return 0
    save_report(report, user=user, version=version)
    for score in changed:
        setattr(score, field, score.self_score)
        score._change_reason = ACCEPTED_SELF_SCORE
        score.save()
    queue_recompute(report.framework)
    return len(changed)


def request_explanation_refusal(report: AnnualReport) -> str | None:
    """Why Sở Nội vụ cannot ask for an explanation now, naming the condition."""
    if report.status != Status.UNDER_APPRAISAL:
        return status_refusal(report, action=_("yêu cầu giải trình"))
    if report.appraisal_round != 1:
        return _("Chỉ yêu cầu giải trình một lần, sau thẩm định vòng 1.")
    missing = _unappraised(report)
    if missing:
        return _("Chưa thể yêu cầu giải trình: còn tiêu chí chưa thẩm định: %(codes)s.") % {
            "codes": missing
        }
    deadline = explanation_deadline(report)
    if deadline is not None and timezone.now() > deadline:
        return _("Hạn giải trình (%(deadline)s) đã qua; hãy gia hạn cho đơn vị trước.") % {
            "deadline": moment_text(deadline)
        }
    return None


@transaction.atomic
def request_explanation(*, report: AnnualReport, user, version: int | None = None) -> AnnualReport:
    report = lock_report(report)
    refuse(request_explanation_refusal(report))
    deadline = explanation_deadline(report)
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


def _write_explanations(report: AnnualReport, answers: dict[int, str]) -> None:
    scores = {s.pk: s for s in report.scores.filter(pk__in=answers)}
    if set(answers) - set(scores):
        raise WorkflowError(_("Biểu mẫu chứa tiêu chí không thuộc báo cáo này; hãy tải lại trang."))
    for score_id, text in answers.items():
        score = scores[score_id]
        if score.explanation != text.strip():
            score.explanation = text.strip()
            score.save()


@transaction.atomic
def save_explanation_draft(
    *, report: AnnualReport, user, version: int, answers: dict[int, str]
) -> AnnualReport:
    """Keep the agency's giải trình typed so far without sending it (the report stays with
    the agency): before an evidence upload, and on "Lưu nháp"."""
    report = lock_report(report)
    refuse(explanation_refusal(report))
    _write_explanations(report, answers)
    return save_report(report, user=user, version=version)


@transaction.atomic
def answer_explanation(
    *, report: AnnualReport, user, version: int, answers: dict[int, str]
) -> AnnualReport:
    """The agency's giải trình, per criterion; sends the report back for round 2."""
    report = lock_report(report)
    refuse(explanation_refusal(report))
    _write_explanations(report, answers)
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


def finish_refusal(report: AnnualReport) -> str | None:
    """Why the appraisal cannot be closed now, naming the condition."""
    if report.status != Status.UNDER_APPRAISAL:
        return status_refusal(report, action=_("kết thúc thẩm định"))
    missing = _unappraised(report)
    if missing:
        return _("Chưa thể kết thúc thẩm định: còn tiêu chí chưa có điểm thẩm định: %(codes)s.") % {
            "codes": missing
        }
    return None


@transaction.atomic
def finish_appraisal(*, report: AnnualReport, user, version: int | None = None) -> AnnualReport:
    """Close the appraisal: the final score of each criterion is its latest appraised score."""
    report = lock_report(report)
    refuse(finish_refusal(report))
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
