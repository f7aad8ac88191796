"""The appraisal of a submitted report: rounds, comments, the explanation, closing it."""

import datetime
from decimal import Decimal

import pytest

from agencies.models import Notification
from indicators import appraisal, workflow
from indicators.models import AnnualReport
from tests.indicators.workflow_setup import *  # noqa: F403 (fixtures: clock, framework, report_a, report_b)
from tests.indicators.workflow_setup import (
    EXPLANATION_DEADLINE,
    appraised,
    score,
    submitted,
)

Status = AnnualReport.Status


def test_appraising_a_draft_is_refused(report_a, noivu_staff):
    with pytest.raises(workflow.WorkflowError, match="chưa gửi báo cáo"):
        appraisal.start_appraisal(report=report_a, user=noivu_staff)
    with pytest.raises(workflow.WorkflowError, match="ghi điểm thẩm định"):
        appraisal.appraise(report=report_a, user=noivu_staff, version=report_a.version, rows={})
    with pytest.raises(workflow.WorkflowError, match="kết thúc thẩm định"):
        appraisal.finish_appraisal(report=report_a, user=noivu_staff)


def test_a_differing_appraised_score_needs_a_comment(report_a, reporter, noivu_staff):
    report = submitted(report_a, reporter)
    appraisal.start_appraisal(report=report, user=noivu_staff)
    report.refresh_from_db()
    s = score(report, "2.1")
    with pytest.raises(workflow.WorkflowError, match="2.1: điểm thẩm định khác điểm tự chấm"):
        appraisal.appraise(
            report=report,
            user=noivu_staff,
            version=report.version,
            rows={s.pk: {"score": Decimal("3"), "comment": " "}},
        )
    appraisal.appraise(
        report=report,
        user=noivu_staff,
        version=report.version,
        rows={s.pk: {"score": Decimal("3"), "comment": "Tỷ lệ hồ sơ đúng hạn 96%"}},
    )
    assert score(report, "2.1").appraised_score == Decimal("3")


def test_finish_appraisal_refuses_unappraised_criteria(report_a, reporter, noivu_staff):
    report = submitted(report_a, reporter)
    appraisal.start_appraisal(report=report, user=noivu_staff)
    with pytest.raises(workflow.WorkflowError, match="1.1, 1.2, 2.1"):
        appraisal.finish_appraisal(report=report, user=noivu_staff)


def test_finish_appraisal_sets_final_scores(report_a, reporter, noivu_staff):
    report = appraised(report_a, reporter, noivu_staff, {"2.1": "3.5"})
    assert report.status == Status.APPRAISED and report.appraised_at is not None
    assert score(report, "2.1").final_score == Decimal("3.5")
    assert score(report, "1.1").final_score == Decimal("2")


def test_explanation_round_trip_to_round_two(
    report_a, reporter, noivu_staff, django_capture_on_commit_callbacks
):
    report = submitted(report_a, reporter)
    appraisal.start_appraisal(report=report, user=noivu_staff)
    report.refresh_from_db()
    rows = {s.pk: {"score": s.self_score, "comment": ""} for s in report.scores.all()}
    s21 = score(report, "2.1")
    rows[s21.pk] = {"score": Decimal("2"), "comment": "Chưa có số liệu quý IV"}
    appraisal.appraise(report=report, user=noivu_staff, version=report.version, rows=rows)
    with django_capture_on_commit_callbacks(execute=True):
        report = appraisal.request_explanation(report=report, user=noivu_staff)
    assert report.status == Status.EXPLANATION_REQUESTED
    assert Notification.objects.filter(user=reporter, text__contains="giải trình").exists()

    with pytest.raises(workflow.WorkflowError, match="vẫn còn hạn giải trình"):
        appraisal.start_appraisal(report=report, user=noivu_staff)
    report = appraisal.answer_explanation(
        report=report,
        user=reporter,
        version=report.version,
        answers={s21.pk: "Bổ sung báo cáo quý IV"},
    )
    assert report.status == Status.UNDER_APPRAISAL and report.appraisal_round == 2
    assert score(report, "2.1").explanation == "Bổ sung báo cáo quý IV"

    with pytest.raises(workflow.WorkflowError, match="một lần"):
        appraisal.request_explanation(report=report, user=noivu_staff)
    appraisal.appraise(
        report=report,
        user=noivu_staff,
        version=report.version,
        rows={s21.pk: {"score": Decimal("4"), "comment": "Chấp nhận giải trình"}},
    )
    report = appraisal.finish_appraisal(report=report, user=noivu_staff)
    s21 = score(report, "2.1")
    assert (s21.appraised_score, s21.appraised_score_r2, s21.final_score) == (
        Decimal("2"),
        Decimal("4"),
        Decimal("4"),
    )
    # Criteria not revisited in round 2 keep their round-1 score.
    assert score(report, "1.1").final_score == Decimal("2")


def _returned_for_explanation(report, reporter, staff):
    report = submitted(report, reporter)
    appraisal.start_appraisal(report=report, user=staff)
    report.refresh_from_db()
    rows = {s.pk: {"score": s.self_score, "comment": ""} for s in report.scores.all()}
    appraisal.appraise(report=report, user=staff, version=report.version, rows=rows)
    return appraisal.request_explanation(report=report, user=staff)


def test_explanation_after_its_deadline_is_refused(report_a, reporter, noivu_staff, clock):
    report = _returned_for_explanation(report_a, reporter, noivu_staff)
    clock.move_to(EXPLANATION_DEADLINE + datetime.timedelta(seconds=1))
    with pytest.raises(workflow.WorkflowError, match="quá hạn giải trình"):
        appraisal.answer_explanation(
            report=report, user=reporter, version=report.version, answers={}
        )
    # Without an answer, staff go on to round 2 once the time is over.
    report = appraisal.start_appraisal(report=report, user=noivu_staff)
    assert report.status == Status.UNDER_APPRAISAL and report.appraisal_round == 2
