"""The profile fragments: an agency's inspection panel and a criterion's findings, with
query counts that do not grow with the number of findings."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from inspections.models import Finding
from tests.factories import AgencyFactory, FindingFactory, RecommendationFactory, VisitFactory

pytestmark = pytest.mark.django_db


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
