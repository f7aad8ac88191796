"""Screens: lists with filters and export, visit detail, forms, board, and the profile fragments."""

import csv
import datetime
import io

import openpyxl
import pytest
import time_machine
from django.urls import reverse

from inspections.models import Finding, InspectionPlan, Recommendation, Visit
from tests.factories import AgencyFactory, FindingFactory, RecommendationFactory, VisitFactory

pytestmark = pytest.mark.django_db


def test_plan_list_filters_by_kind_and_agency(staff_client, plan, visit, hdnd_visit, agency_b):
    response = staff_client.get(reverse("inspections:plan_list"))
    assert response.status_code == 200
    assert "1296/KH-SNV" in response.text and "45/KH-HĐND" in response.text

    response = staff_client.get(reverse("inspections:plan_list"), {"kind": "hdnd"})
    assert "45/KH-HĐND" in response.text and "1296/KH-SNV" not in response.text

    response = staff_client.get(reverse("inspections:plan_list"), {"agency": agency_b.pk})
    assert "1296/KH-SNV" in response.text and "45/KH-HĐND" not in response.text


def test_plan_list_search_and_year(staff_client, visit, hdnd_visit):
    response = staff_client.get(reverse("inspections:plan_list"), {"q": "Tú Anh"})
    assert "45/KH-HĐND" in response.text and "1296/KH-SNV" not in response.text
    response = staff_client.get(reverse("inspections:plan_list"), {"year": "2022"})
    assert "1296/KH-SNV" in response.text and "45/KH-HĐND" not in response.text


def test_plan_list_exports_csv_with_visited_agencies(staff_client, visit, rec_a):
    response = staff_client.get(reverse("inspections:plan_list"), {"_export": "csv"})
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][0] == "Số, ký hiệu"
    (row,) = rows[1:]
    assert row[0] == "1296/KH-SNV"
    assert row[5] == "2022"
    assert row[7] == "Sở Giao thông vận tải; Sở Xây dựng"
    assert row[8] == "1"


def test_visit_list_exports_xlsx(staff_client, visit, hdnd_visit):
    response = staff_client.get(
        reverse("inspections:visit_list"), {"_export": "xlsx", "kind": "noivu_cchc"}
    )
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert len(values) == 2
    assert values[1][1] == "1296/KH-SNV"
    assert values[1][3] == "Sở Giao thông vận tải; Sở Xây dựng"
    assert values[1][7] == "1450/TB-SNV"


def test_board_exports_only_overdue_when_asked(supervisor_client, rec_a, rec_b, hdnd_rec):
    with time_machine.travel(datetime.date(2023, 8, 1)):
        response = supervisor_client.get(
            reverse("inspections:recommendation_board"), {"state": "overdue", "_export": "csv"}
        )
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [r[0] for r in rows[1:]] == ["Sở Giao thông vận tải"]
    assert rows[1][6].startswith("Quá hạn")


def test_board_tabs_split_open_overdue_done(supervisor_client, rec_a, rec_b, hdnd_rec):
    rec_a.status, rec_a.completed_date = Recommendation.Status.DONE, datetime.date(2023, 9, 1)
    rec_a.save()
    with time_machine.travel(datetime.date(2023, 8, 1)):
        board = reverse("inspections:recommendation_board")
        open_page = supervisor_client.get(board)
        overdue_page = supervisor_client.get(board, {"state": "overdue"})
        done_page = supervisor_client.get(board, {"state": "done"})
    assert "Rà soát quy chế" in open_page.text and "Nâng điểm" in open_page.text
    assert rec_a.text not in open_page.text
    assert "row-overdue" in overdue_page.text and "Nâng điểm" not in overdue_page.text
    assert rec_a.text in done_page.text and "Rà soát quy chế" not in done_page.text
    assert [t[2] for t in open_page.context["tabs"]] == [2, 1, 1, 3]


def test_board_filters_by_addressee_and_issuer(supervisor_client, rec_a, rec_b, hdnd_rec, agency_a):
    board = reverse("inspections:recommendation_board")
    response = supervisor_client.get(
        board, {"addressee": agency_a.pk, "issuer": "Thường trực HĐND tỉnh"}
    )
    table = response.context["table"]
    assert [r.record for r in table.rows] == [hdnd_rec]


def _make_recommendations(visit, agency, n):
    for i in range(n):
        rec = RecommendationFactory(
            visit=visit, addressee=agency, text=f"Kiến nghị {i}", deadline=datetime.date(2023, 1, 1)
        )
        rec.updates.create(text="Đang làm", status_after="in_progress")


@pytest.mark.parametrize("n", [5, 30])
def test_board_query_count_does_not_grow(
    supervisor_client, visit, agency_a, django_assert_num_queries, n
):
    _make_recommendations(visit, agency_a, n)
    # user with membership, years, issuers, counts ×2, the bell, agencies, rows, updates
    with django_assert_num_queries(9):
        response = supervisor_client.get(
            reverse("inspections:recommendation_board"), {"state": "all"}
        )
    assert len(response.context["table"].page.object_list) == min(n, 25)


def test_visit_detail_groups_findings_and_shows_criterion_code(
    staff_client, visit, finding_a, rec_a
):
    FindingFactory(
        visit=visit,
        agency=visit.agencies.first(),
        kind=Finding.Kind.ACHIEVEMENT,
        text="Không có hồ sơ trễ hạn",
    )
    response = staff_client.get(reverse("inspections:visit_detail", args=[visit.pk]))
    assert response.status_code == 200
    assert [f.text for f in response.context["achievements"]] == ["Không có hồ sơ trễ hạn"]
    assert [f.text for f in response.context["shortcomings"]] == [finding_a.text]
    assert "TC 7.2" in response.text
    assert "Sở Giao thông vận tải" in response.text and "Sở Xây dựng" in response.text
    assert rec_a.text in response.text


def test_reporter_sees_only_own_findings_and_recommendations_of_a_shared_visit(
    reporter_client, visit, finding_a, rec_a, rec_b, agency_b
):
    FindingFactory(visit=visit, agency=agency_b, text="Hạn chế riêng của Sở GTVT")
    response = reporter_client.get(reverse("inspections:visit_detail", args=[visit.pk]))
    assert response.status_code == 200
    assert finding_a.text in response.text
    assert "Hạn chế riêng của Sở GTVT" not in response.text
    assert list(response.context["recommendations"]) == [rec_a]


def test_staff_creates_plan_then_visit_with_two_agencies_and_team(
    staff_client, province, agency_a, agency_b
):
    response = staff_client.post(
        reverse("inspections:plan_create"),
        {
            "kind": "noivu_cchc",
            "number": "1296/KH-SNV",
            "date": "2022-06-27",
            "issuer": "Sở Nội vụ",
            "year": "2022",
            "subject": "Kiểm tra công tác CCHC năm 2022",
        },
    )
    plan = InspectionPlan.objects.get()
    assert response.status_code == 302 and plan.province == province
    response = staff_client.post(
        reverse("inspections:visit_create", args=[plan.pk]),
        {
            "date": "25/10/2022",
            "agencies": [agency_a.pk, agency_b.pk],
            "lead_name": "Trần Thế Dũng",
            "lead_position": "Phó Giám đốc Sở Nội vụ",
            "mode": "direct",
            "announced": "on",
            "team-TOTAL_FORMS": "2",
            "team-INITIAL_FORMS": "0",
            "team-0-name": "Nguyễn Văn A",
            "team-0-position": "Chuyên viên",
            "team-0-order": "1",
            "team-1-name": "",
            "team-1-position": "",
            "team-1-order": "0",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    visit = Visit.objects.get()
    assert set(visit.agencies.all()) == {agency_a, agency_b}
    assert [m.name for m in visit.members.all()] == ["Nguyễn Văn A"]


def test_duplicate_plan_number_is_refused_with_a_clear_message(staff_client, plan):
    response = staff_client.post(
        reverse("inspections:plan_create"),
        {
            "kind": "noivu_cchc",
            "number": "1296/KH-SNV",
            "date": "2022-06-27",
            "issuer": "Sở Nội vụ",
            "year": "2022",
            "subject": "x",
        },
    )
    assert response.status_code == 200
    assert "Kế hoạch số 1296/KH-SNV năm 2022 đã có" in response.text


def test_supervisor_cannot_pick_an_inspection_kind(supervisor_client):
    response = supervisor_client.post(
        reverse("inspections:plan_create"),
        {
            "kind": "noivu_cchc",
            "number": "9/KH-HĐND",
            "date": "2023-06-27",
            "issuer": "HĐND",
            "year": "2023",
            "subject": "x",
        },
    )
    assert response.status_code == 200 and not InspectionPlan.objects.exists()
    assert response.context["form"].errors["kind"]


def _findings_post(visit, findings, recs, initial_findings=0, initial_recs=0):
    data = {
        "findings-TOTAL_FORMS": str(len(findings)),
        "findings-INITIAL_FORMS": str(initial_findings),
        "recs-TOTAL_FORMS": str(len(recs)),
        "recs-INITIAL_FORMS": str(initial_recs),
    }
    for i, row in enumerate(findings):
        data.update({f"findings-{i}-{k}": v for k, v in row.items()})
    for i, row in enumerate(recs):
        data.update({f"recs-{i}-{k}": v for k, v in row.items()})
    return data


def test_findings_and_recommendations_saved_together(
    staff_client, visit, agency_a, agency_b, criterion
):
    data = _findings_post(
        visit,
        [
            {
                "agency": agency_a.pk,
                "kind": "shortcoming",
                "text": "DVCTT còn thấp",
                "criterion": criterion.pk,
                "procedure_indicator": "",
            },
            {
                "agency": agency_b.pk,
                "kind": "achievement",
                "text": "Không có hồ sơ trễ hạn",
                "criterion": "",
                "procedure_indicator": "on_time",
            },
        ],
        [
            {
                "addressee": agency_a.pk,
                "text": "Nâng tỷ lệ hồ sơ trực tuyến",
                "deadline": "2023-12-31",
                "finding": "",
            }
        ],
    )
    response = staff_client.post(reverse("inspections:visit_findings", args=[visit.pk]), data)
    assert response.status_code == 302
    assert Finding.objects.get(agency=agency_a).criterion == criterion
    assert Recommendation.objects.get().addressee == agency_a


def test_invalid_recommendation_rolls_back_findings(staff_client, visit, agency_a):
    data = _findings_post(
        visit,
        [
            {
                "agency": agency_a.pk,
                "kind": "shortcoming",
                "text": "DVCTT còn thấp",
                "criterion": "",
                "procedure_indicator": "",
            },
        ],
        [{"addressee": agency_a.pk, "text": "Kiến nghị", "deadline": "2020-01-01", "finding": ""}],
    )
    response = staff_client.post(reverse("inspections:visit_findings", args=[visit.pk]), data)
    assert response.status_code == 200
    assert "thời hạn không thể trước ngày làm việc" in response.text
    assert not Finding.objects.exists() and not Recommendation.objects.exists()


def test_finding_for_an_agency_not_visited_is_refused(staff_client, visit, dept_group):
    outsider = AgencyFactory(group=dept_group, name="Sở Y tế")
    data = _findings_post(
        visit,
        [
            {
                "agency": outsider.pk,
                "kind": "shortcoming",
                "text": "x",
                "criterion": "",
                "procedure_indicator": "",
            },
        ],
        [],
    )
    response = staff_client.post(reverse("inspections:visit_findings", args=[visit.pk]), data)
    assert response.status_code == 200 and not Finding.objects.exists()


def test_criterion_of_another_group_is_refused(staff_client, visit, agency_a, framework, province):
    from tests.factories import AgencyGroupFactory, CriterionFactory, FrameworkFactory

    other = FrameworkFactory(
        province=province, group=AgencyGroupFactory(province=province, code="huyen"), year=2022
    )
    wrong = CriterionFactory(framework=other, code="3.1")
    data = _findings_post(
        visit,
        [
            {
                "agency": agency_a.pk,
                "kind": "shortcoming",
                "text": "x",
                "criterion": wrong.pk,
                "procedure_indicator": "",
            },
        ],
        [],
    )
    response = staff_client.post(reverse("inspections:visit_findings", args=[visit.pk]), data)
    assert response.status_code == 200
    assert "Tiêu chí 3.1 thuộc bộ chỉ số của khối khác" in response.text


def test_one_visit_covering_two_agencies_shows_on_both_panels(
    staff_client, visit, agency_a, agency_b, rec_a, rec_b
):
    for agency, own, other in [(agency_a, rec_a, rec_b), (agency_b, rec_b, rec_a)]:
        response = staff_client.get(reverse("inspections:agency_panel", args=[agency.pk]))
        assert response.status_code == 200
        assert list(response.context["visits"]) == [visit]
        assert own.text in response.text and other.text not in response.text


def test_panel_highlights_overdue_recommendations(staff_client, visit, agency_b, rec_b):
    with time_machine.travel(datetime.date(2023, 7, 1)):
        response = staff_client.get(reverse("inspections:agency_panel", args=[agency_b.pk]))
    assert 'class="row-overdue table-danger"' in response.text
    assert response.context["summary"] == {"open": 1, "overdue": 1, "done": 0}


def test_findings_linked_to_criteria_appear_in_the_criterion_fragment(
    staff_client, visit, agency_a, agency_b, finding_a
):
    FindingFactory(visit=visit, agency=agency_a, text="Không gắn tiêu chí nào")
    url = reverse("inspections:agency_criterion_findings", args=[agency_a.pk])
    response = staff_client.get(url)
    assert response.status_code == 200
    (group,) = response.context["groups"]
    assert group["code"] == "7.2" and group["shortcomings"] == [finding_a]
    assert 'data-criterion="7.2"' in response.text
    assert "Không gắn tiêu chí nào" not in response.text
    assert not staff_client.get(url, {"year": "2023"}).context["groups"]
    assert staff_client.get(url, {"year": "2022"}).context["groups"]
    assert not staff_client.get(
        reverse("inspections:agency_criterion_findings", args=[agency_b.pk])
    ).context["groups"]


def _many(visit, agency, criterion, n):
    for i in range(n):
        extra = VisitFactory(
            plan=visit.plan, date=datetime.date(2022, 11, 1) + datetime.timedelta(days=i)
        )
        extra.agencies.set([agency])
        FindingFactory(visit=extra, agency=agency, criterion=criterion, text=f"Nhận xét {i}")
        rec = RecommendationFactory(
            visit=extra, addressee=agency, deadline=datetime.date(2023, 1, 1)
        )
        rec.updates.create(text="Đang làm", status_after="in_progress")


@pytest.mark.parametrize("n", [5, 30])
def test_panel_query_count_is_constant(
    staff_client, visit, agency_a, criterion, django_assert_num_queries, n
):
    _many(visit, agency_a, criterion, n)
    with django_assert_num_queries(8):
        response = staff_client.get(reverse("inspections:agency_panel", args=[agency_a.pk]))
    assert len(response.context["visits"]) == n + 1


@pytest.mark.parametrize("n", [5, 30])
def test_criterion_fragment_query_count_is_constant(
    staff_client, visit, agency_a, criterion, django_assert_num_queries, n
):
    _many(visit, agency_a, criterion, n)
    with django_assert_num_queries(4):
        response = staff_client.get(
            reverse("inspections:agency_criterion_findings", args=[agency_a.pk])
        )
    assert len(response.context["groups"][0]["shortcomings"]) == n


def test_procedure_indicator_findings_group_under_tthc(staff_client, visit, agency_a):
    FindingFactory(
        visit=visit,
        agency=agency_a,
        kind=Finding.Kind.ACHIEVEMENT,
        text="Không có hồ sơ trễ hạn",
        procedure_indicator=Finding.ProcedureIndicator.ON_TIME,
    )
    response = staff_client.get(
        reverse("inspections:agency_criterion_findings", args=[agency_a.pk]), {"year": "2022"}
    )
    (group,) = response.context["groups"]
    assert group["code"] == "TTHC" and group["title"] == "Tỷ lệ hồ sơ đúng hạn"


def test_visit_refuses_an_agency_that_no_longer_existed(staff_client, plan, agency_a, dept_group):
    merged = AgencyFactory(
        group=dept_group, name="Sở Kế hoạch và Đầu tư", valid_to=datetime.date(2025, 2, 28)
    )
    plan.year = 2025
    plan.save()
    data = {
        "date": "2025-10-08",
        "agencies": [agency_a.pk, merged.pk],
        "lead_name": "A",
        "mode": "direct",
        "team-TOTAL_FORMS": "0",
        "team-INITIAL_FORMS": "0",
    }
    response = staff_client.post(reverse("inspections:visit_create", args=[plan.pk]), data)
    assert response.status_code == 200 and not Visit.objects.exists()
    assert "agencies" in response.context["form"].errors


def test_recommendation_with_updates_cannot_be_deleted(staff_client, visit, rec_a, reporter):
    rec_a.updates.create(text="Đang làm", status_after="in_progress", posted_by=reporter)
    data = _findings_post(
        visit,
        [],
        [
            {
                "id": rec_a.pk,
                "visit": visit.pk,
                "addressee": rec_a.addressee_id,
                "text": rec_a.text,
                "deadline": "2023-12-31",
                "finding": "",
                "DELETE": "on",
            }
        ],
        initial_recs=1,
    )
    response = staff_client.post(reverse("inspections:visit_findings", args=[visit.pk]), data)
    assert response.status_code == 200
    assert "đã có cập nhật của đơn vị thực hiện, không thể xoá" in response.text
    assert Recommendation.objects.filter(pk=rec_a.pk).exists()


def test_moving_a_deadline_rearms_the_overdue_notice(staff_client, visit, rec_a):
    from django.utils import timezone

    rec_a.overdue_notified_at = timezone.now()
    rec_a.save()
    data = _findings_post(
        visit,
        [],
        [
            {
                "id": rec_a.pk,
                "visit": visit.pk,
                "addressee": rec_a.addressee_id,
                "text": rec_a.text,
                "deadline": "2024-06-30",
                "finding": "",
            }
        ],
        initial_recs=1,
    )
    assert (
        staff_client.post(reverse("inspections:visit_findings", args=[visit.pk]), data).status_code
        == 302
    )
    rec_a.refresh_from_db()
    assert rec_a.deadline == datetime.date(2024, 6, 30) and rec_a.overdue_notified_at is None


def test_reporter_posts_done_with_attachment_and_it_awaits_confirmation(
    reporter_client, rec_a, noivu_staff
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = reporter_client.post(
        reverse("inspections:recommendation_post_update", args=[rec_a.pk]),
        {
            "text": "Đã hoàn thành",
            "document_no": "441/BC-SXD",
            "document_date": "2023-11-02",
            "status_after": "done",
            "attachment": SimpleUploadedFile("bao-cao.pdf", b"%PDF-1.4"),
        },
    )
    assert response.status_code == 302
    url = reverse("inspections:recommendation_detail", args=[rec_a.pk])
    with time_machine.travel(datetime.date(2023, 11, 3)):
        assert reporter_client.get(url).context["status_label"] == "Chờ xác nhận hoàn thành"
    with time_machine.travel(datetime.date(2024, 1, 3)):
        assert (
            reporter_client.get(url).context["status_label"] == "Quá hạn (chờ xác nhận hoàn thành)"
        )
    update = rec_a.updates.get()
    assert update.attachment.name.startswith(f"recommendations/{rec_a.pk}/")
    assert noivu_staff.notifications.filter(text__contains="đề nghị xác nhận").exists()


def test_fragment_ids_are_not_localized(staff_client, dept_group, plan):
    agency = AgencyFactory(pk=12345, group=dept_group, name="UBND xã Thạch Lạc")
    visit = VisitFactory(plan=plan, pk=23456)
    visit.agencies.set([agency])
    panel = staff_client.get(reverse("inspections:agency_panel", args=[agency.pk])).text
    assert 'id="inspections-panel-12345"' in panel and 'data-visit="23456"' in panel
    criteria = staff_client.get(
        reverse("inspections:agency_criterion_findings", args=[agency.pk])
    ).text
    assert 'id="criterion-findings-12345"' in criteria


def test_detail_shows_an_update_whose_author_account_was_removed(supervisor_client, rec_a):
    """Updates imported or kept after an account is deleted have no author: still readable."""
    from inspections.models import Recommendation, RecommendationUpdate

    RecommendationUpdate.objects.create(
        recommendation=rec_a,
        posted_by=None,
        text="Đã ban hành kế hoạch khắc phục",
        document_no="730/BC-SXD",
        status_after=Recommendation.Status.IN_PROGRESS,
    )
    response = supervisor_client.get(reverse("inspections:recommendation_detail", args=[rec_a.pk]))
    assert response.status_code == 200
    assert (
        "730/BC-SXD" in response.content.decode()
        and "không rõ người cập nhật" in response.content.decode()
    )
