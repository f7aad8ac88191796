""" "Lịch sử thay đổi" of a report: who changed which score, comment or status, when, old → new.

Built from django-simple-history records of the report, its criterion scores and its survey
scores. Consecutive records of one object are diffed in memory (`diff_against`), so the page
costs three queries however long the history is.
"""

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import AnnualReport, CriterionScore, SurveyScore

# History reasons written as codes (a record outlives the language it was written in) and
# shown by their label: a report's status change carries the new status.
ACCEPTED_SELF_SCORE = "accept_self_score"
SEEDED = "seeded"  # a row as the demo or an import created it
REASONS = {
    ACCEPTED_SELF_SCORE: gettext_lazy("Đồng ý điểm tự chấm"),
    SEEDED: gettext_lazy("Dữ liệu ban đầu"),
    **{status.value: status.label for status in AnnualReport.Status},
}


def reason_text(reason: str | None) -> str:
    """The label of a history reason; a reason written as text (a decision) as it is."""
    return str(REASONS.get(reason or "", reason or ""))


# Bookkeeping columns: they change on every save and say nothing to a reader.
NOISE = {
    "version",
    "updated_at",
    "updated_by",
    "max_points",
    "id",
    "report",
    "criterion",
    "component",
    "agency",
    "framework",
}


@dataclass
class Change:
    when: datetime
    who: str
    subject: str
    field: str
    old: str
    new: str
    reason: str = ""


def _show(value, field) -> str:
    if value is None or value == "":
        return "—"
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return _("Có") if value else _("Không")
    if isinstance(value, Decimal):
        return formats.number_format(value, decimal_pos=2, use_l10n=True)
    if isinstance(value, datetime):
        return formats.date_format(value, "SHORT_DATETIME_FORMAT")
    return str(value)


def _changes_of(records, subject_of) -> list[Change]:
    """Diff each history record against the previous one of the same object."""
    changes: list[Change] = []
    previous: dict[int, object] = {}
    for record in records:
        before = previous.get(record.id)
        previous[record.id] = record
        user = record.history_user
        who = (user.get_full_name() or user.username) if user else _("Hệ thống")
        subject = subject_of(record)
        if before is None:
            if record.history_type == "+" and record.instance_type is AnnualReport:
                status = AnnualReport._meta.get_field("status")
                changes.append(
                    Change(
                        record.history_date,
                        who,
                        subject,
                        str(gettext_lazy("Tạo báo cáo")),
                        "—",
                        _show(record.status, status),
                        reason_text(record.history_change_reason),
                    )
                )
            continue
        if record.history_type == "-":
            changes.append(
                Change(
                    record.history_date,
                    who,
                    subject,
                    _("Xóa"),
                    "",
                    "",
                    reason_text(record.history_change_reason),
                )
            )
            continue
        delta = record.diff_against(before, excluded_fields=NOISE)
        for item in delta.changes:
            field = record.instance_type._meta.get_field(item.field)
            changes.append(
                Change(
                    record.history_date,
                    who,
                    subject,
                    str(field.verbose_name).capitalize(),
                    _show(item.old, field),
                    _show(item.new, field),
                    reason_text(record.history_change_reason),
                )
            )
    return changes


def change_log(report: AnnualReport) -> list[Change]:
    """Every recorded change of the report, newest first."""
    report_records = (
        AnnualReport.history.filter(id=report.pk)
        .select_related("history_user")
        .order_by("history_date", "history_id")
    )
    codes = dict(report.scores.values_list("pk", "criterion__code"))
    score_records = (
        CriterionScore.history.filter(report_id=report.pk)
        .select_related("history_user")
        .order_by("history_date", "history_id")
    )
    components = dict(report.survey_scores.values_list("component_id", "component__name"))
    survey_records = (
        SurveyScore.history.filter(report_id=report.pk)
        .select_related("history_user")
        .order_by("history_date", "history_id")
    )
    log = [
        *_changes_of(report_records, lambda r: _("Báo cáo")),
        *_changes_of(score_records, lambda r: _("Tiêu chí {get}").format(get=codes.get(r.id, "?"))),
        *_changes_of(
            survey_records,
            lambda r: _("Điều tra XHH: {get}").format(get=components.get(r.component_id, "")),
        ),
    ]
    # Chronological (stable for equal timestamps: each list is in history order), then newest first.
    log.sort(key=lambda c: c.when)
    log.reverse()
    return log
