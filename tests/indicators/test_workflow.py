"""The self-report cycle with a frozen clock: opening a year, the agency's steps, deadlines,
optimistic locking and races, surveys, completeness and reminders (appraisal: test_appraisal)."""

import datetime
from decimal import Decimal

import pytest
from django.core import mail
from django.db import connection

from agencies.models import Notification
from indicators import appraisal, completeness, self_assessment, surveys, workflow
from indicators.models import AnnualReport, CriterionScore, SurveyScore
from indicators.reminding import send_deadline_reminders
from tests.factories import SurveyComponentFactory
from tests.indicators.workflow_setup import *  # noqa: F403 (fixtures: clock, framework, report_a, report_b)
from tests.indicators.workflow_setup import (
    SELF_DEADLINE,
    fill,
    score,
    submitted,
)

Status = AnnualReport.Status


def test_open_year_creates_one_draft_per_agency_with_a_score_row_per_leaf(
    framework, agency_a, agency_b
):
    reports = AnnualReport.objects.filter(framework=framework)
    assert {r.agency_id for r in reports} == {agency_a.pk, agency_b.pk}
    assert all(r.status == Status.DRAFT for r in reports)
    report = reports.get(agency=agency_a)
    assert sorted(report.scores.values_list("criterion__code", flat=True)) == ["1.1", "1.2", "2.1"]
    # Opening again is idempotent.
    assert (
        workflow.open_year(
            framework=framework, self_assessment_deadline=SELF_DEADLINE, explanation_deadline=None
        )
        == 0
    )
    assert CriterionScore.objects.filter(report=report).count() == 3


def test_save_draft_writes_scores_and_bumps_the_version(report_a, reporter):
    report = fill(report_a, reporter, with_evidence=False)
    assert report.version == 2
    assert report.updated_by == reporter
    assert score(report, "2.1").self_score == Decimal("4")


def test_not_applicable_is_refused_where_the_criterion_does_not_allow_it(report_a, reporter):
    s = score(report_a, "1.1")
    with pytest.raises(workflow.WorkflowError, match="1.1 không được đánh dấu"):
        self_assessment.save_draft(
            report=report_a,
            user=reporter,
            version=report_a.version,
            rows={s.pk: {"self_score": None, "not_applicable": True}},
        )
    assert not score(report_a, "1.1").not_applicable


def test_not_applicable_clears_the_score_where_allowed(report_a, reporter):
    report = fill(report_a, reporter, {"1.1": "2", "1.2": None, "2.1": "5"})
    s = score(report, "1.2")
    assert s.not_applicable and s.self_score is None


def test_submit_refuses_unscored_criteria_and_missing_evidence(report_a, reporter):
    report = fill(report_a, reporter, {"1.1": "2", "1.2": "3"}, with_evidence=False)
    with pytest.raises(workflow.WorkflowError) as error:
        self_assessment.submit(report=report, user=reporter)
    assert "2.1: chưa chấm điểm" in str(error.value)
    assert "1.1: chưa có tài liệu kiểm chứng" in str(error.value)
    assert "1.2" not in str(error.value)
    report.refresh_from_db()
    assert report.status == Status.DRAFT


def test_missing_evidence_reason_stands_in_for_a_file(report_a, reporter):
    report = fill(report_a, reporter, with_evidence=False)
    s = score(report, "1.1")
    self_assessment.save_draft(
        report=report,
        user=reporter,
        version=report.version,
        rows={s.pk: {"missing_evidence_reason": "Văn bản đang chờ ký ban hành"}},
    )
    report.refresh_from_db()
    assert self_assessment.submit(report=report, user=reporter).status == Status.SUBMITTED


def test_submit_notifies_staff_in_app_and_by_email(
    report_a, reporter, noivu_staff, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        report = submitted(report_a, reporter)
    assert report.status == Status.SUBMITTED and report.submitted_by == reporter
    note = Notification.objects.get(user=noivu_staff)
    assert "Sở Xây dựng đã gửi báo cáo" in note.text and note.url == report.get_absolute_url()
    assert [m.to for m in mail.outbox] == [[noivu_staff.email]]


def test_double_submit_is_refused_and_creates_nothing(
    report_a, reporter, noivu_staff, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        report = submitted(report_a, reporter)
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(workflow.WorkflowError, match="đang ở trạng thái “Đã gửi”"),
    ):
        self_assessment.submit(report=report, user=reporter)
    assert Notification.objects.filter(user=noivu_staff).count() == 1
    assert (
        AnnualReport.objects.filter(agency=report.agency, framework=report.framework).count() == 1
    )


def test_withdraw_returns_a_submitted_report_to_draft(report_a, reporter):
    report = submitted(report_a, reporter)
    report = self_assessment.withdraw(report=report, user=reporter)
    assert report.status == Status.DRAFT and report.submitted_at is None


def test_withdraw_is_refused_once_appraisal_started(report_a, reporter, noivu_staff):
    report = submitted(report_a, reporter)
    appraisal.start_appraisal(report=report, user=noivu_staff)
    with pytest.raises(workflow.WorkflowError, match="rút lại"):
        self_assessment.withdraw(report=report, user=reporter)
    report.refresh_from_db()
    assert report.status == Status.UNDER_APPRAISAL


def test_draft_is_locked_after_the_deadline(report_a, reporter, clock):
    report = fill(report_a, reporter)
    clock.move_to(SELF_DEADLINE + datetime.timedelta(minutes=1))
    assert workflow.is_self_locked(report)
    with pytest.raises(workflow.WorkflowError, match="đã quá hạn tự đánh giá"):
        self_assessment.submit(report=report, user=reporter)
    s = score(report, "2.1")
    with pytest.raises(workflow.WorkflowError, match="đã quá hạn"):
        self_assessment.save_draft(
            report=report,
            user=reporter,
            version=report.version,
            rows={s.pk: {"self_score": Decimal("1")}},
        )
    assert score(report, "2.1").self_score == Decimal("4")


def test_submitting_at_the_deadline_minute_is_still_on_time(report_a, reporter, clock):
    report = fill(report_a, reporter)
    clock.move_to(SELF_DEADLINE)
    assert self_assessment.submit(report=report, user=reporter).status == Status.SUBMITTED


def test_an_extension_reopens_a_locked_report_for_that_agency_only(
    framework, report_a, report_b, reporter, other_reporter, clock
):
    report = fill(report_a, reporter)
    clock.move_to(SELF_DEADLINE + datetime.timedelta(days=1))
    workflow.extend_deadline(
        framework=framework,
        agency=report.agency,
        reason="Sáp nhập đơn vị",
        self_assessment_deadline=SELF_DEADLINE + datetime.timedelta(days=3),
        explanation_deadline=None,
    )
    assert self_assessment.submit(report=report, user=reporter).status == Status.SUBMITTED
    assert workflow.is_self_locked(report_b)


def test_optimistic_lock_refuses_the_second_save_and_names_the_first_editor(
    report_a, reporter, noivu_staff
):
    noivu_staff.first_name, noivu_staff.last_name = "Lan", "Nguyễn"
    noivu_staff.save()
    opened_version = report_a.version
    s = score(report_a, "2.1")
    self_assessment.save_draft(
        report=report_a,
        user=noivu_staff,
        version=opened_version,
        rows={s.pk: {"self_score": Decimal("5")}},
    )
    with pytest.raises(workflow.StaleReport) as error:
        self_assessment.save_draft(
            report=report_a,
            user=reporter,
            version=opened_version,
            rows={s.pk: {"self_score": Decimal("1")}},
        )
    message = str(error.value)
    assert "Lan Nguyễn" in message and "09:00 01/12/2023" in message
    assert score(report_a, "2.1").self_score == Decimal("5")  # nothing overwritten
    report_a.refresh_from_db()
    assert report_a.version == opened_version + 1 and report_a.updated_by == noivu_staff


def test_a_transition_bumps_the_version_so_an_older_form_cannot_save(report_a, reporter):
    report = fill(report_a, reporter)
    stale = report.version
    self_assessment.submit(report=report, user=reporter)
    self_assessment.withdraw(report=report, user=reporter)
    s = score(report, "2.1")
    with pytest.raises(workflow.StaleReport):
        self_assessment.save_draft(
            report=report, user=reporter, version=stale, rows={s.pk: {"self_score": Decimal("1")}}
        )


def test_survey_scores_for_a_whole_group_in_one_call(framework, report_a, report_b):
    component = SurveyComponentFactory(framework=framework, max_points=Decimal("30"))
    a, b = (report_a.pk, component.pk), (report_b.pk, component.pk)
    changed = surveys.save_survey_scores(
        framework=framework,
        values={a: Decimal("25.5"), b: Decimal("20")},
        loaded={a: None, b: None},
    )
    assert changed == 2
    assert SurveyScore.objects.get(report=report_a).points == Decimal("25.5")
    with pytest.raises(
        workflow.WorkflowError, match="Sở Giao thông vận tải – ĐTXHH về CCHC: điểm phải từ 0 đến 30"
    ):
        surveys.save_survey_scores(
            framework=framework, values={b: Decimal("31")}, loaded={b: Decimal("20")}
        )
    assert SurveyScore.objects.get(report=report_b).points == Decimal("20")
    assert (
        surveys.save_survey_scores(framework=framework, values={b: None}, loaded={b: Decimal("20")})
        == 1
    )
    assert not SurveyScore.objects.filter(report=report_b).exists()


def test_completeness_counts_on_time_late_and_missing(
    framework, report_a, report_b, reporter, other_reporter, clock, agency_a
):
    submitted(report_a, reporter)
    clock.move_to(SELF_DEADLINE + datetime.timedelta(hours=2))
    workflow.extend_deadline(
        framework=framework,
        agency=report_b.agency,
        reason="",
        explanation_deadline=None,
        self_assessment_deadline=SELF_DEADLINE + datetime.timedelta(days=2),
    )
    data = completeness.completeness(framework=framework)
    assert data["counts"] == {"on_time": 1, "late": 0, "missing": 1}
    submitted(report_b, other_reporter)
    data = completeness.completeness(framework=framework)
    assert data["counts"] == {"on_time": 1, "late": 1, "missing": 0}
    assert data["rate"] == 100 and data["on_time_rate"] == 50


def test_deadline_reminders_go_out_three_days_and_one_day_before_once_each(
    report_a, reporter, other_reporter, clock
):
    assert send_deadline_reminders() == 0  # 14 days before
    clock.move_to(SELF_DEADLINE - datetime.timedelta(days=2, hours=10))
    assert send_deadline_reminders() == 2  # one reporter in each agency
    assert send_deadline_reminders() == 0  # the same day again: nothing new
    clock.move_to(SELF_DEADLINE - datetime.timedelta(days=1, hours=10))
    assert send_deadline_reminders() == 0  # still the 3-day stage
    clock.move_to(SELF_DEADLINE - datetime.timedelta(hours=10))
    submitted(report_a, reporter)
    assert send_deadline_reminders() == 1  # only the agency still in draft
    texts = list(Notification.objects.filter(user=other_reporter).values_list("text", flat=True))
    assert (
        len(texts) == 2
        and any("còn 3 ngày" in t for t in texts)
        and any("còn 1 ngày" in t for t in texts)
    )
    assert not Notification.objects.filter(user=reporter, text__contains="còn 1 ngày").exists()


def _race(*calls):
    """Run the calls at the same moment in threads; return what each returned or raised."""
    import threading

    barrier, outcomes = threading.Barrier(len(calls)), [None] * len(calls)

    def run(i, call):
        try:
            barrier.wait()
            outcomes[i] = call()
        except Exception as error:  # collected and asserted by the caller
            outcomes[i] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


needs_row_locks = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="concurrent writers need PostgreSQL; SQLite serialises them anyway",
)


@needs_row_locks
@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_submits_make_one_submission(report_a, reporter, noivu_staff):
    report = fill(report_a, reporter)
    outcomes = _race(
        lambda: self_assessment.submit(report=report, user=reporter),
        lambda: self_assessment.submit(report=report, user=reporter),
    )
    assert sum(isinstance(o, AnnualReport) for o in outcomes) == 1
    assert sum(isinstance(o, workflow.WorkflowError) for o in outcomes) == 1
    assert AnnualReport.history.filter(id=report.pk, status=Status.SUBMITTED).count() == 1


@needs_row_locks
@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_saves_of_one_version_keep_exactly_one(report_a, reporter, noivu_staff):
    s = score(report_a, "2.1")
    version = report_a.version
    outcomes = _race(
        lambda: self_assessment.save_draft(
            report=report_a,
            user=reporter,
            version=version,
            rows={s.pk: {"self_score": Decimal("1")}},
        ),
        lambda: self_assessment.save_draft(
            report=report_a,
            user=noivu_staff,
            version=version,
            rows={s.pk: {"self_score": Decimal("2")}},
        ),
    )
    winners = [o for o in outcomes if isinstance(o, AnnualReport)]
    assert len(winners) == 1 and sum(isinstance(o, workflow.StaleReport) for o in outcomes) == 1
    report_a.refresh_from_db()
    assert report_a.version == version + 1
    assert score(report_a, "2.1").self_score == (
        Decimal("1") if winners[0].updated_by == reporter else Decimal("2")
    )
