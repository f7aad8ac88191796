"""Screens: lists with filters and export, the board, visit and recommendation detail."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from inspections.models import Finding, Recommendation
from tests.exports import read_response
from tests.factories import FindingFactory, RecommendationFactory

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
    export = read_response(response)
    assert export.headers[0] == "Số, ký hiệu"
    (row,) = export.rows
    assert row[0] == "1296/KH-SNV"
    assert row[5] == "2022"
    assert row[7] == "Sở Giao thông vận tải; Sở Xây dựng"
    assert row[8] == "1"


def test_visit_list_exports_xlsx(staff_client, visit, hdnd_visit):
    response = staff_client.get(
        reverse("inspections:visit_list"), {"_export": "xlsx", "kind": "noivu_cchc"}
    )
    assert response.status_code == 200
    export = read_response(response)
    values = [export.headers, *export.rows]
    assert len(values) == 2
    assert values[1][1] == "1296/KH-SNV"
    assert values[1][3] == "Sở Giao thông vận tải; Sở Xây dựng"
    assert values[1][7] == "1450/TB-SNV"


def test_board_exports_only_overdue_when_asked(supervisor_client, rec_a, rec_b, hdnd_rec):
    with time_machine.travel(datetime.date(2023, 8, 1)):
        response = supervisor_client.get(
            reverse("inspections:recommendation_board"), {"state": "overdue", "_export": "csv"}
        )
    rows = read_response(response).rows
    assert [r[0] for r in rows] == ["Sở Giao thông vận tải"]
    assert rows[0][6].startswith("Quá hạn")


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
