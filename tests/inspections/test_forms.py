"""Forms: a plan and its visit with team, findings and recommendations saved together, and
what they refuse (duplicate numbers, agencies not visited or gone, another group's criteria,
deleting a recommendation that has updates; a moved deadline re-arms the overdue notice)."""

import datetime
import re

import pytest
from django.urls import reverse

from inspections.models import Finding, InspectionPlan, Recommendation, Visit
from tests.factories import AgencyFactory

pytestmark = pytest.mark.django_db


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


def test_each_formset_input_is_named_by_its_column_and_line(staff_client, visit):
    """The findings table shows its fields as column headers only: each input carries its
    own name ("Xoá, dòng 1"), so a screen reader says which cell it is in."""
    html = staff_client.get(reverse("inspections:visit_findings", args=[visit.pk])).content
    html = html.decode()
    assert 'aria-label="Xoá, dòng 1"' in html and 'aria-label="Xoá, dòng 2"' in html
    fields = re.findall(r'<(?:input|select|textarea)\b[^>]*name="findings-0-[^"]+"[^>]*>', html)
    visible = [tag for tag in fields if 'type="hidden"' not in tag]
    assert visible and all(re.search(r'aria-label="[^"]+, dòng 1"', tag) for tag in visible)
