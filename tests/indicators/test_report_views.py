"""The report pages through the client: status, content, permissions, query counts."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from agencies.models import Notification
from indicators import appraisal, publishing, workflow
from indicators.models import AnnualReport, DeadlineExtension, PublishedEdition, SurveyScore
from tests.factories import AgencyFactory, FrameworkFactory, SurveyComponentFactory, make_tree
from tests.indicators.workflow_setup import *  # noqa: F403 (fixtures: clock, framework, report_a, report_b)
from tests.indicators.workflow_setup import SELF_DEADLINE, appraised, fill, score, submitted

Status = AnnualReport.Status


def _edit_data(report, values, version=None, **extra):
    """The POST of the whole self-assessment formset: {code: "1,5"}."""
    rows = list(report.scores.select_related("criterion").order_by("criterion__order"))
    data = {
        "version": report.version if version is None else version,
        "note": "",
        "scores-TOTAL_FORMS": len(rows),
        "scores-INITIAL_FORMS": len(rows),
        **extra,
    }
    for i, row in enumerate(rows):
        data[f"scores-{i}-id"] = row.pk
        data[f"scores-{i}-self_score"] = values.get(row.criterion.code, "")
    return data


# --- list --------------------------------------------------------------------------------


def test_reporter_lists_only_their_own_agency_reports(report_a, report_b, reporter_client):
    page = reporter_client.get(reverse("indicators:report_list")).content.decode()
    assert "Sở Xây dựng" in page and "Sở Giao thông vận tải" not in page


def test_staff_filter_reports_by_status(report_a, report_b, reporter, staff_client):
    submitted(report_a, reporter)
    page = staff_client.get(
        reverse("indicators:report_list"), {"status": "submitted", "year": 2023}
    ).content.decode()
    assert "Sở Xây dựng" in page and "Sở Giao thông vận tải" not in page
    page = staff_client.get(reverse("indicators:report_list"), {"q": "giao thông"}).content.decode()
    assert "Sở Giao thông vận tải" in page and "Sở Xây dựng" not in page


def test_report_list_query_count_does_not_grow_with_agencies(
    framework, staff_client, dept_group, django_assert_num_queries
):
    url = reverse("indicators:report_list")
    staff_client.get(url)
    with django_assert_num_queries(6):
        staff_client.get(url)
    for i in range(5):
        AgencyFactory(group=dept_group, name=f"UBND huyện {i}")
    workflow.open_year(
        framework=framework, self_assessment_deadline=SELF_DEADLINE, explanation_deadline=None
    )
    with django_assert_num_queries(6):
        response = staff_client.get(url)
    assert response.context["page"].paginator.count == 7


# --- detail and edit ---------------------------------------------------------------------


def test_reporter_of_another_agency_gets_404_on_a_draft(report_a, other_reporter_client):
    for name in (
        "report_detail",
        "report_edit",
        "report_submit",
        "report_history",
        "explanation_answer",
    ):
        assert (
            other_reporter_client.get(reverse(f"indicators:{name}", args=[report_a.pk])).status_code
            == 404
        )


def test_edit_page_shows_the_tree_with_maximum_and_rule(report_a, reporter_client):
    page = reporter_client.get(
        reverse("indicators:report_edit", args=[report_a.pk])
    ).content.decode()
    assert "Chỉ đạo, điều hành" in page and "Tiêu chí 1.2" in page and "Chấm trực tiếp" in page
    assert "5,00" in page and "0/3" in page


def test_saving_the_draft_accepts_a_decimal_comma_and_shows_progress(report_a, reporter_client):
    url = reverse("indicators:report_edit", args=[report_a.pk])
    response = reporter_client.post(
        url, _edit_data(report_a, {"1.1": "1,5", "2.1": "4.25"}), follow=True
    )
    assert "Đã lưu bản nháp." in response.content.decode()
    assert score(report_a, "1.1").self_score == Decimal("1.5") and score(
        report_a, "2.1"
    ).self_score == Decimal("4.25")
    assert response.context["progress"]["filled"] == 2 and response.context["progress"][
        "self_total"
    ] == Decimal("5.75")


@pytest.mark.parametrize(
    "value,message",
    [
        ("2,5", "Tiêu chí 1.1: điểm tự chấm tối đa là 2"),
        ("-1", "Điểm không được âm."),
        ("1,234", "tối đa 2 chữ số thập phân"),
        ("abc", "Điểm phải là số"),
    ],
)
def test_invalid_scores_are_refused_with_a_message_naming_the_field(
    report_a, reporter_client, value, message
):
    url = reverse("indicators:report_edit", args=[report_a.pk])
    response = reporter_client.post(url, _edit_data(report_a, {"1.1": value, "2.1": "3"}))
    assert response.status_code == 200 and message in response.content.decode()
    assert score(report_a, "2.1").self_score is None  # nothing of the form was saved
    report_a.refresh_from_db()
    assert report_a.version == 1


def test_not_applicable_is_refused_where_not_allowed_through_the_form(report_a, reporter_client):
    url = reverse("indicators:report_edit", args=[report_a.pk])
    response = reporter_client.post(
        url, _edit_data(report_a, {}, **{"scores-0-not_applicable": "on"})
    )
    assert "Tiêu chí 1.1 không được đánh dấu “không áp dụng”." in response.content.decode()


def test_a_stale_form_is_refused_and_names_who_saved(
    report_a, reporter_client, staff_client, noivu_staff
):
    url = reverse("indicators:report_edit", args=[report_a.pk])
    opened = report_a.version
    assert (
        staff_client.post(url, _edit_data(report_a, {"2.1": "5"}, version=opened)).status_code
        == 302
    )
    response = reporter_client.post(url, _edit_data(report_a, {"2.1": "1"}, version=opened))
    assert "Báo cáo đã được noivu cập nhật lúc 09:00 01/12/2023" in response.content.decode()
    assert score(report_a, "2.1").self_score == Decimal("5")


def test_a_locked_report_cannot_be_opened_for_editing(report_a, reporter, reporter_client, clock):
    clock.move_to(SELF_DEADLINE + datetime.timedelta(seconds=1))
    reporter_client.force_login(reporter)  # the work-day session expired while the clock moved
    response = reporter_client.get(
        reverse("indicators:report_edit", args=[report_a.pk]), follow=True
    )
    page = response.content.decode()
    assert "Đã quá hạn tự đánh giá (17:00 15/12/2023): báo cáo đã khóa" in page
    assert "hoặc" not in page.split("Đã quá hạn tự đánh giá")[1].split("</div>")[0]
    # The report page offers the step disabled, with the same reason, not a failing link.
    assert 'aria-describedby="refusal-step">Tự đánh giá</button>' in page


def test_supervisor_reads_but_cannot_write(report_a, supervisor_client):
    assert (
        supervisor_client.get(reverse("indicators:report_detail", args=[report_a.pk])).status_code
        == 200
    )
    assert (
        supervisor_client.post(
            reverse("indicators:report_edit", args=[report_a.pk]),
            _edit_data(report_a, {"2.1": "1"}),
        ).status_code
        == 403
    )
    assert (
        supervisor_client.post(reverse("indicators:report_submit", args=[report_a.pk])).status_code
        == 403
    )


# --- submit and withdraw ------------------------------------------------------------------


def test_submit_page_lists_what_is_missing(report_a, reporter_client):
    page = reporter_client.get(
        reverse("indicators:report_submit", args=[report_a.pk])
    ).content.decode()
    assert "Tiêu chí 1.1: chưa chấm điểm." in page and "confirm-submit" not in page


def test_submit_with_confirmation_then_a_double_post_changes_nothing(
    report_a, reporter, reporter_client, noivu_staff, django_capture_on_commit_callbacks
):
    report = fill(report_a, reporter)
    url = reverse("indicators:report_submit", args=[report.pk])
    assert "confirm-submit" in reporter_client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = reporter_client.post(url, {"version": report.version}, follow=True)
        second = reporter_client.post(url, {"version": report.version}, follow=True)
    assert "Đã gửi" in response.content.decode()
    assert "Không thể gửi báo cáo" in second.content.decode()
    report.refresh_from_db()
    assert report.status == Status.SUBMITTED
    assert Notification.objects.filter(user=noivu_staff).count() == 1


def test_withdraw_through_the_view(report_a, reporter, reporter_client):
    report = submitted(report_a, reporter)
    response = reporter_client.post(
        reverse("indicators:report_withdraw", args=[report.pk]), follow=True
    )
    assert "Đã rút lại báo cáo" in response.content.decode()
    report.refresh_from_db()
    assert report.status == Status.DRAFT


def test_reporter_does_not_see_round_one_comments_before_the_explanation_request(
    report_a, reporter, reporter_client, noivu_staff
):
    report = submitted(report_a, reporter)
    appraisal.start_appraisal(report=report, user=noivu_staff)
    report.refresh_from_db()
    s = score(report, "2.1")
    appraisal.appraise(
        report=report,
        user=noivu_staff,
        version=report.version,
        rows={s.pk: {"score": Decimal("1"), "comment": "Bí mật nội bộ"}},
    )
    url = reverse("indicators:report_detail", args=[report.pk])
    assert "Bí mật nội bộ" not in reporter_client.get(url).content.decode()
    report.refresh_from_db()
    rows = {x.pk: {"score": x.self_score, "comment": ""} for x in report.scores.exclude(pk=s.pk)}
    appraisal.appraise(report=report, user=noivu_staff, version=report.version, rows=rows)
    appraisal.request_explanation(report=report, user=noivu_staff)
    assert "Bí mật nội bộ" in reporter_client.get(url).content.decode()
    page = reporter_client.get(
        reverse("indicators:explanation_answer", args=[report.pk])
    ).content.decode()
    assert "Bí mật nội bộ" in page
    report.refresh_from_db()
    url = reverse("indicators:explanation_answer", args=[report.pk])
    response = reporter_client.post(
        url, {"version": report.version, f"s{s.pk}-explanation": "Đã có văn bản", "send": "1"}
    )
    assert response["Location"] == f"{url}?gui=1"
    report.refresh_from_db()
    assert report.status == "explanation"  # kept as a draft until confirmed
    confirm = reporter_client.get(response["Location"]).content.decode()
    assert "Xác nhận gửi giải trình" in confirm and "Đã có văn bản" in confirm
    response = reporter_client.post(
        url, {"version": report.version, f"s{s.pk}-explanation": "", "confirm": "1"}, follow=True
    )
    assert "Đã gửi giải trình" in response.content.decode()
    assert score(report, "2.1").explanation == "Đã có văn bản"


# --- staff pages -----------------------------------------------------------------------------


def test_board_shows_submitted_on_time_late_and_not_yet(
    framework, report_a, report_b, reporter, staff_client, reporter_client
):
    submitted(report_a, reporter)
    response = staff_client.get(
        reverse("indicators:appraisal_board"), {"year": 2023, "framework": framework.pk}
    )
    page = response.content.decode()
    assert "Đúng hạn" in page and "Chưa gửi" in page and "50,0%" in page
    assert reverse("indicators:report_appraise", args=[report_b.pk]) in page
    assert reporter_client.get(reverse("indicators:appraisal_board")).status_code == 403


def test_board_query_count_does_not_grow_with_agencies(
    framework, staff_client, dept_group, django_assert_num_queries
):
    url = reverse("indicators:appraisal_board")
    staff_client.get(url)
    # The page's: years, summary, one aggregate (KPIs and the filtered count), its rows,
    # their extensions.
    with django_assert_num_queries(7):
        staff_client.get(url, {"year": 2023})
    for i in range(5):
        AgencyFactory(group=dept_group, name=f"UBND xã {i}")
    workflow.open_year(
        framework=framework, self_assessment_deadline=SELF_DEADLINE, explanation_deadline=None
    )
    with django_assert_num_queries(7):
        response = staff_client.get(url, {"year": 2023})
    assert len(response.context["detail"]["rows"]) == 7


def test_open_year_view_creates_reports_and_extension_view_extends(
    dept_group, agency_a, staff_client, clock
):
    framework = FrameworkFactory(group=dept_group, year=2024)
    make_tree(framework, {"1": ("Chỉ đạo", [("1.1", 2)])})
    response = staff_client.post(
        reverse("indicators:framework_open", args=[framework.pk]),
        {
            "self_assessment_deadline": "2024-12-15T17:00",
            "explanation_deadline": "2025-01-10T17:00",
        },
        follow=True,
    )
    assert "tạo 1 báo cáo mới" in response.content.decode()
    framework.refresh_from_db()
    assert framework.self_assessment_deadline.isoformat() == "2024-12-15T10:00:00+00:00"
    assert AnnualReport.objects.get(framework=framework).scores.count() == 1
    staff_client.post(
        reverse("indicators:extension_add", args=[framework.pk]),
        {
            "agency": agency_a.pk,
            "self_assessment_deadline": "2024-12-20T17:00",
            "reason": "Thay đổi nhân sự",
        },
    )
    assert DeadlineExtension.objects.get(framework=framework).reason == "Thay đổi nhân sự"


def test_appraise_view_requires_a_comment_for_a_differing_score(
    report_a, reporter, staff_client, noivu_staff
):
    report = submitted(report_a, reporter)
    staff_client.post(reverse("indicators:appraisal_start", args=[report.pk]))
    report.refresh_from_db()
    assert report.status == Status.UNDER_APPRAISAL
    url = reverse("indicators:report_appraise", args=[report.pk])
    s = score(report, "2.1")
    data = {"version": report.version, f"s{s.pk}-score": "3", f"s{s.pk}-comment": ""}
    assert (
        "2.1: điểm thẩm định khác điểm tự chấm, cần ghi ý kiến"
        in staff_client.post(url, data).content.decode()
    )
    data[f"s{s.pk}-comment"] = "Thiếu số liệu"
    assert staff_client.post(url, data).status_code == 302
    assert score(report, "2.1").appraised_score == Decimal("3")
    response = staff_client.post(
        reverse("indicators:appraisal_finish", args=[report.pk]), follow=True
    )
    assert (
        "Chưa thể kết thúc thẩm định: còn tiêu chí chưa có điểm thẩm định: 1.1, 1.2"
        in response.content.decode()
    )


def test_survey_table_saves_the_rows_of_the_page(framework, report_a, report_b, staff_client):
    component = SurveyComponentFactory(framework=framework, max_points=Decimal("10"))
    url = reverse("indicators:survey_entry", args=[framework.pk])
    data = {
        "row": [report_a.pk, report_b.pk],
        f"r{report_a.pk}_c{component.pk}": "8,5",
        f"r{report_b.pk}_c{component.pk}": "11",
        f"loaded_r{report_a.pk}_c{component.pk}": "",
        f"loaded_r{report_b.pk}_c{component.pk}": "",
    }
    response = staff_client.post(url, data)
    assert "Sở Giao thông vận tải – ĐTXHH về CCHC: tối đa 10" in response.content.decode()
    assert not SurveyScore.objects.exists()
    data[f"r{report_b.pk}_c{component.pk}"] = "9"
    assert staff_client.post(url, data).status_code == 302
    assert dict(SurveyScore.objects.values_list("report_id", "points")) == {
        report_a.pk: Decimal("8.5"),
        report_b.pk: Decimal("9"),
    }


def test_adjust_view_creates_a_new_edition(
    framework, report_a, report_b, reporter, other_reporter, noivu_staff, staff_client
):
    appraised(report_a, reporter, noivu_staff)
    appraised(report_b, other_reporter, noivu_staff)
    publishing.publish(
        framework=framework,
        decision_no="3349/QĐ-UBND",
        decision_date=datetime.date(2023, 12, 26),
        user=noivu_staff,
    )
    s = score(report_a, "2.1")
    url = reverse("indicators:framework_adjust", args=[framework.pk])
    assert "Sở Xây dựng" in staff_client.get(url, {"report": report_a.pk}).content.decode()
    data = {
        "report": report_a.pk,
        "decision_no": "12/QĐ-UBND",
        "decision_date": "2024-02-01",
        "reason": "Sai sót khi tổng hợp",
    }
    data.update(
        {
            f"s{x.pk}-final_score": str(x.final_score).replace(".", ",")
            for x in report_a.scores.all()
        }
    )
    data[f"s{s.pk}-final_score"] = "5"
    review = staff_client.post(url, data).content.decode()
    assert "Xác nhận ban hành bản điều chỉnh" in review and "Không thể hoàn tác" in review
    assert "<td>2.1</td>" in review and "Sai sót khi tổng hợp" in review
    assert not PublishedEdition.objects.filter(kind="adjustment").exists()
    response = staff_client.post(url, {**data, "confirm": "1"}, follow=True)
    assert (
        "Đã ban hành bản điều chỉnh theo QĐ 12/QĐ-UBND ngày 01/02/2024" in response.content.decode()
    )
    assert PublishedEdition.objects.get(kind="adjustment").reason == "Sai sót khi tổng hợp"


def test_round_two_keeps_round_one_scores_without_asking_for_the_comment_again(
    report_a, reporter, staff_client, noivu_staff
):
    report = submitted(report_a, reporter)
    appraisal.start_appraisal(report=report, user=noivu_staff)
    report.refresh_from_db()
    s = score(report, "2.1")
    rows = {x.pk: {"score": x.self_score, "comment": ""} for x in report.scores.all()}
    rows[s.pk] = {"score": Decimal("2"), "comment": "Thiếu số liệu quý IV"}
    appraisal.appraise(report=report, user=noivu_staff, version=report.version, rows=rows)
    report = appraisal.request_explanation(report=report, user=noivu_staff)
    report = appraisal.answer_explanation(
        report=report, user=reporter, version=report.version, answers={}
    )
    url = reverse("indicators:report_appraise", args=[report.pk])
    page = staff_client.get(url)
    data = {"version": report.version}
    for form in page.context["rows"]:
        if form["form"] is not None:
            data.update(
                {
                    f"{form['form'].prefix}-score": str(form["form"].initial["score"]).replace(
                        ".", ","
                    ),
                    f"{form['form'].prefix}-comment": "",
                }
            )
    assert staff_client.post(url, data).status_code == 302
    response = staff_client.post(
        reverse("indicators:appraisal_finish", args=[report.pk]), follow=True
    )
    assert "Đã kết thúc thẩm định." in response.content.decode()
    assert score(report, "2.1").final_score == Decimal("2")
