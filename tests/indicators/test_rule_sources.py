"""Points computed from the figures the product holds (`indicators.rule_sources`), shown on
the self-report and appraisal forms beside the input, and overridden only with a reason."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from indicators import rule_sources
from indicators.audit import change_log
from indicators.models import AnnualReport, Criterion, CriterionScore, ServiceIndexScore
from tests.factories import ProcedureStatFactory
from tests.indicators.workflow_setup import *  # noqa: F403 (fixtures: clock, framework, report_a, report_b)
from tests.indicators.workflow_setup import SELF_DEADLINE, TZ, score, submitted

D = Decimal
Rule, Source = Criterion.Rule, Criterion.Source


def bind(framework, code, *, rule, source, params=None, source_params=None):
    Criterion.objects.filter(framework=framework, code=code).update(
        rule_type=rule, rule_params=params or {}, source=source, source_params=source_params or {}
    )


def computed(report, code):
    scores = report.scores.select_related("criterion")
    found = rule_sources.compute_points(report=report, scores=scores)
    return found.get(score(report, code).criterion_id)


def dossier_year(agency, **counts):
    defaults = {
        "carried_over": 0,
        "received_new": 1000,
        "received_online": 300,
        "resolved_early": 500,
        "resolved_on_time": 480,
        "in_progress_on_time": 10,
    }
    return ProcedureStatFactory(agency=agency, year=2023, **{**defaults, **counts})


@pytest.fixture
def on_time_bound(framework):
    bind(framework, "2.1", rule=Rule.PCT_BANDS, source=Source.DOSSIERS_ON_TIME,
         params={"bands": [[98, 5], [95, 2.5]]})  # fmt: skip
    return framework


# --- the sources ----------------------------------------------------------------------------


def test_dossier_on_time_rate_scores_a_pct_band(on_time_bound, report_a, agency_a):
    dossier_year(agency_a)
    found = computed(report_a, "2.1")
    assert found.points == D("5.00")
    assert found.result.explanation == "99 % ≥ 98 % → 5,00 điểm"
    assert found.source == Source.DOSSIERS_ON_TIME.label
    assert found.note == "Năm 2023, đúng hạn theo QĐ 766: 990/1.000 = 99,00%"


def test_dossier_rate_of_a_year_reported_by_quarter_adds_its_quarters(
    on_time_bound, report_a, agency_a
):
    for month, early in ((1, 480), (4, 470)):
        ProcedureStatFactory(
            agency=agency_a, year=2023, period_type="quarter",
            period_start=datetime.date(2023, month, 1),
            period_end=datetime.date(2023, month + 2, 28),
            carried_over=0, received_new=500, resolved_early=early, resolved_on_time=0,
            in_progress_on_time=0, in_progress_overdue=0,
        )  # fmt: skip
    found = computed(report_a, "2.1")
    assert "950/1.000 = 95,00%" in found.note and "cộng các kỳ" in found.note
    assert found.points == D("2.50")


def test_a_source_without_figures_gives_no_points_not_zero(on_time_bound, report_a, agency_b):
    dossier_year(agency_b)  # another agency's figures
    found = computed(report_a, "2.1")
    assert found.result is None and found.points is None
    assert found.note == "Chưa có số liệu."


def test_online_rate_scores_proportionally(framework, report_a, agency_a):
    bind(framework, "1.1", rule=Rule.PROPORTIONAL, source=Source.DOSSIERS_ONLINE,
         params={"target": 50})  # fmt: skip
    dossier_year(agency_a)
    found = computed(report_a, "1.1")
    assert found.result.explanation == "30 % ÷ 50 % × 2,00 → 1,20 điểm"
    assert "300/1.000 = 30,00%" in found.note


def _service_score(agency, province, **parts):
    values = {"transparency": 17, "progress": 18, "online_service": 10, "online_payment": 8,
              "satisfaction": 16.2, "digitisation": 16, **parts}  # fmt: skip
    values = {k: D(str(v)) for k, v in values.items()}
    return ServiceIndexScore.objects.create(
        province=province, agency=agency, period_type="quarter",
        period_start=datetime.date(2023, 7, 1), period_end=datetime.date(2023, 9, 30),
        total=sum(values.values()), **values,
    )  # fmt: skip


def test_service_index_total_and_one_group(framework, report_a, agency_a, province):
    bind(framework, "2.1", rule=Rule.PCT_BANDS, source=Source.SERVICE_INDEX,
         params={"bands": [[90, 5], [80, 3]]})  # fmt: skip
    bind(framework, "1.2", rule=Rule.PCT_BANDS, source=Source.SERVICE_INDEX,
         params={"bands": [[90, 3]]}, source_params={"part": "satisfaction"})  # fmt: skip
    _service_score(agency_a, province)
    total = computed(report_a, "2.1")
    assert total.result.explanation == "85,2 % ≥ 80 % → 3,00 điểm"
    assert "Q3/2023" in total.note and "85,20/100" in total.note
    satisfaction = computed(report_a, "1.2")
    assert satisfaction.result.explanation == "90 % ≥ 90 % → 3,00 điểm"
    assert "Mức độ hài lòng: 16,20/18" in satisfaction.note


@pytest.fixture
def submission_bound(framework):
    bind(framework, "1.2", rule=Rule.TIMELINESS, source=Source.REPORT_SUBMISSION,
         params={"late": 1})  # fmt: skip
    return framework


def test_submission_is_unknown_before_the_deadline_then_on_time(
    submission_bound, report_a, reporter
):
    before = computed(report_a, "1.2")
    assert before.result is None and before.note == "Chưa gửi báo cáo, hạn 17:00 15/12/2023"
    report = submitted(report_a, reporter)
    found = computed(report, "1.2")
    assert found.result.explanation == "Đúng hạn → 3,00 điểm"
    assert "hạn 17:00 15/12/2023" in found.note


def test_submission_late_or_missing_after_the_deadline(submission_bound, report_a, report_b):
    AnnualReport.objects.filter(pk=report_b.pk).update(
        status="submitted", submitted_at=SELF_DEADLINE + datetime.timedelta(hours=2)
    )
    with time_machine.travel(datetime.datetime(2023, 12, 20, 9, tzinfo=TZ), tick=False):
        assert computed(report_a, "1.2").result.explanation == "Không thực hiện → 0,00 điểm"
        report_b.refresh_from_db()
        assert computed(report_b, "1.2").result.explanation == "Muộn → 1,00 điểm"


def test_an_unbound_rule_reads_the_input_stored_on_its_score(framework, report_a):
    Criterion.objects.filter(framework=framework, code="2.1").update(rule_type=Rule.BINARY)
    CriterionScore.objects.filter(pk=score(report_a, "2.1").pk).update(rule_input={"value": True})
    found = computed(report_a, "2.1")
    assert found.points == D("5.00") and found.source == "Số liệu đơn vị nhập"
    assert computed(report_a, "1.1") is None  # manual


def test_a_source_needs_a_rule_that_reads_it(framework):
    criterion = Criterion.objects.get(framework=framework, code="2.1")
    criterion.source = Source.DOSSIERS_ON_TIME
    with pytest.raises(ValidationError, match="cần cách chấm"):
        criterion.full_clean()
    criterion.rule_type = Rule.PROPORTIONAL
    criterion.full_clean()


# --- the forms ------------------------------------------------------------------------------


def _edit_data(report, values, reasons=None):
    rows = list(report.scores.select_related("criterion").order_by("criterion__order"))
    data = {
        "version": report.version,
        "note": "",
        "scores-TOTAL_FORMS": len(rows),
        "scores-INITIAL_FORMS": len(rows),
    }
    for i, row in enumerate(rows):
        data[f"scores-{i}-id"] = row.pk
        data[f"scores-{i}-self_score"] = values.get(row.criterion.code, "")
        data[f"scores-{i}-override_reason"] = (reasons or {}).get(row.criterion.code, "")
    return data


def test_self_report_shows_and_prefills_the_computed_points(
    on_time_bound, report_a, agency_a, reporter_client
):
    dossier_year(agency_a)
    response = reporter_client.get(reverse("indicators:report_edit", args=[report_a.pk]))
    page = response.content.decode()
    assert "99 % ≥ 98 % → 5,00 điểm" in page and "Tính từ số liệu: 5,00 điểm" in page
    assert str(Source.DOSSIERS_ON_TIME.label) in page
    form = next(f for f in response.context["formset"].forms if f.computed)
    assert form["self_score"].value() == D("5.00")


def test_a_differing_self_score_needs_a_reason_which_the_history_keeps(
    on_time_bound, report_a, agency_a, reporter_client
):
    dossier_year(agency_a)
    url = reverse("indicators:report_edit", args=[report_a.pk])
    refused = reporter_client.post(url, _edit_data(report_a, {"2.1": "4"}))
    assert "Tiêu chí 2.1: điểm tự chấm 4 khác điểm tính từ số liệu 5,00; cần ghi lý do." in (
        refused.content.decode()
    )
    assert score(report_a, "2.1").self_score is None
    reason = "Số liệu quý 4 chưa đồng bộ lên Cổng"
    saved = reporter_client.post(url, _edit_data(report_a, {"2.1": "4"}, {"2.1": reason}))
    assert saved.status_code == 302
    row = score(report_a, "2.1")
    assert row.self_score == D("4") and row.override_reason == reason
    assert row.history.latest().override_reason == reason
    report_a.refresh_from_db()
    logged = [c for c in change_log(report_a) if c.field == "Lý do khác điểm tính từ số liệu"]
    assert [c.new for c in logged] == [reason]
    detail = reporter_client.get(reverse("indicators:report_detail", args=[report_a.pk]))
    assert f"Lý do khác điểm tính từ số liệu: {reason}" in detail.content.decode()


def test_a_score_equal_to_the_computed_points_needs_no_reason_and_drops_an_old_one(
    on_time_bound, report_a, agency_a, reporter_client
):
    dossier_year(agency_a)
    CriterionScore.objects.filter(pk=score(report_a, "2.1").pk).update(
        self_score=D("4"), override_reason="cũ"
    )
    url = reverse("indicators:report_edit", args=[report_a.pk])
    assert reporter_client.post(url, _edit_data(report_a, {"2.1": "5"})).status_code == 302
    row = score(report_a, "2.1")
    assert row.self_score == D("5") and row.override_reason == ""


def test_appraisal_form_shows_the_arithmetic_and_asks_a_comment_for_other_points(
    on_time_bound, report_a, agency_a, reporter, staff_client
):
    dossier_year(agency_a)
    report = submitted(report_a, reporter)  # 2.1 self-scored 4
    staff_client.post(reverse("indicators:appraisal_start", args=[report.pk]))
    report.refresh_from_db()
    url = reverse("indicators:report_appraise", args=[report.pk])
    CriterionScore.objects.filter(pk=score(report, "2.1").pk).update(
        override_reason="Cổng chưa có hồ sơ quý 4"
    )
    response = staff_client.get(url)
    page = response.content.decode()
    assert "99 % ≥ 98 % → 5,00 điểm" in page
    assert "Lý do đơn vị chấm khác: Cổng chưa có hồ sơ quý 4" in page
    row = score(report, "2.1")
    # The agency claimed 4 against computed 5: the cell waits for the appraiser.
    assert response.context["rows"][-1]["form"]["score"].value() is None
    data = {"version": report.version, f"s{row.pk}-score": "4", f"s{row.pk}-comment": ""}
    page = staff_client.post(url, data).content.decode()
    assert "2.1: điểm thẩm định khác điểm tính từ số liệu (5,00), cần ghi ý kiến." in page
    data[f"s{row.pk}-comment"] = "Số liệu Cổng chưa đủ quý 4"
    assert staff_client.post(url, data).status_code == 302
    assert score(report, "2.1").appraised_score == D("4")
