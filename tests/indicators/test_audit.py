"""Every score, comment and status change leaves a history entry: who, when, old, new."""

from decimal import Decimal

from django.urls import reverse

from indicators import self_assessment, workflow
from indicators.audit import change_log
from indicators.models import AnnualReport, CriterionScore
from tests.indicators.workflow_setup import *  # noqa: F403 (fixtures: clock, framework, report_a, report_b)
from tests.indicators.workflow_setup import START, appraised, fill, score, submitted


def _entries(report, subject=None, field=None):
    return [
        c
        for c in change_log(report)
        if (subject is None or c.subject == subject) and (field is None or c.field == field)
    ]


def test_each_self_score_change_is_recorded_with_user_and_old_and_new_value(
    report_a, reporter, client
):
    client.force_login(reporter)
    fill(report_a, reporter)
    s = score(report_a, "2.1")
    report_a.refresh_from_db()
    self_assessment.save_draft(
        report=report_a,
        user=reporter,
        version=report_a.version,
        rows={s.pk: {"self_score": Decimal("4.5")}},
    )
    assert s.history.count() == 3  # created, 4, 4.5
    changes = _entries(report_a, "Tiêu chí 2.1", "Điểm tự chấm")
    assert [(c.old, c.new) for c in changes] == [("4,00", "4,50"), ("—", "4,00")]
    assert all(c.when == START for c in changes)


def test_history_names_the_request_user_when_saved_through_the_view(
    report_a, reporter, reporter_client
):
    reporter.first_name, reporter.last_name = "Hà", "Trần"
    reporter.save()
    s = score(report_a, "2.1")
    url = reverse("indicators:report_edit", args=[report_a.pk])
    data = {
        "version": report_a.version,
        "note": "",
        "scores-TOTAL_FORMS": 3,
        "scores-INITIAL_FORMS": 3,
    }
    for i, row in enumerate(report_a.scores.order_by("criterion__order")):
        data[f"scores-{i}-id"] = row.pk
        data[f"scores-{i}-self_score"] = "3,5" if row.pk == s.pk else ""
    response = reporter_client.post(url, data)
    assert response.status_code == 302
    record = CriterionScore.history.filter(id=s.pk).latest("history_date", "history_id")
    assert record.history_user == reporter and record.self_score == Decimal("3.5")
    change = _entries(report_a, "Tiêu chí 2.1", "Điểm tự chấm")[0]
    assert (change.who, change.old, change.new) == ("Hà Trần", "—", "3,50")


def test_status_changes_and_appraisal_comments_are_recorded(report_a, reporter, noivu_staff):
    report = appraised(report_a, reporter, noivu_staff, {"2.1": "3"})
    statuses = [(c.old, c.new) for c in _entries(report, "Báo cáo", "Trạng thái")]
    assert statuses[::-1] == [
        ("Đang tự đánh giá", "Đã gửi"),
        ("Đã gửi", "Đang thẩm định"),
        ("Đang thẩm định", "Đã thẩm định"),
    ]
    comment = _entries(report, "Tiêu chí 2.1", "Ý kiến thẩm định")[0]
    assert (comment.old, comment.new) == ("—", "Thiếu tài liệu")
    final = _entries(report, "Tiêu chí 2.1", "Điểm đạt")[0]
    assert (final.old, final.new) == ("—", "3,00")


def test_history_page_lists_changes_for_readers_but_not_for_another_agency(
    report_a, reporter, supervisor_client, other_reporter_client
):
    submitted(report_a, reporter)
    url = reverse("indicators:report_history", args=[report_a.pk])
    page = supervisor_client.get(url).content.decode()
    assert "Lịch sử thay đổi" in page and "Đã gửi" in page and "Điểm tự chấm" in page
    assert other_reporter_client.get(url).status_code == 404


def test_a_refused_save_writes_no_history(report_a, reporter):
    s = score(report_a, "2.1")
    before = CriterionScore.history.count(), AnnualReport.history.count()
    try:
        self_assessment.save_draft(
            report=report_a,
            user=reporter,
            version=report_a.version + 5,
            rows={s.pk: {"self_score": Decimal("1")}},
        )
    except workflow.StaleReport:
        pass
    assert (CriterionScore.history.count(), AnnualReport.history.count()) == before
