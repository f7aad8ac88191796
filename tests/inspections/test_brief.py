"""The council brief: the profile's year with the agency's open recommendations, rendered
on the server; its page count is checked in a browser (tests/browser/test_brief_browser.py)."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from indicators.models import IndexResult
from inspections.models import Recommendation
from tests.factories import RecommendationFactory
from tests.indicators.dashboard_data import build_group

pytestmark = pytest.mark.django_db


def brief_url(agency):
    return reverse("inspections:council_brief", args=[agency.pk])


@pytest.fixture
def ranked(dept_group, agency_a):
    """agency_a among six ranked agencies; 2023 published, 2024 provisional."""
    agencies = build_group(group=dept_group, n=5)
    others = IndexResult.objects.filter(agency=agencies[4])
    for result in others:
        result.pk, result.agency = None, agency_a
        result.save()
    IndexResult.objects.filter(framework__year=2023).update(is_published=True)
    return agencies


def test_the_brief_lists_open_recommendations_overdue_first_and_leaves_done_ones_out(
    supervisor_client, ranked, agency_a, visit
):
    due = RecommendationFactory(
        visit=visit, addressee=agency_a, text="Đúng hạn", deadline=datetime.date(2024, 12, 31)
    )
    late = RecommendationFactory(
        visit=visit, addressee=agency_a, text="Quá hạn", deadline=datetime.date(2023, 3, 31)
    )
    RecommendationFactory(
        visit=visit,
        addressee=agency_a,
        text="Đã xong",
        status=Recommendation.Status.DONE,
        completed_date=datetime.date(2023, 1, 5),
    )
    with time_machine.travel(datetime.date(2024, 5, 1)):
        response = supervisor_client.get(brief_url(agency_a))
    assert response.status_code == 200
    recommendations = response.context["recommendations"]
    assert recommendations["rows"] == [late, due] and recommendations["overdue"] == 1
    body = response.content.decode()
    assert "Đã xong" not in body and "1 quá hạn" in body


def test_the_brief_defaults_to_the_published_year_with_its_running_header(
    supervisor_client, ranked, agency_a
):
    response = supervisor_client.get(brief_url(agency_a))
    assert response.context["year"] == 2023 and not response.context["is_provisional"]
    body = response.content.decode()
    assert '@top-left { content: "Sở Xây dựng · Chỉ số CCHC năm 2023"' in body
    assert [p["year"] for p in response.context["trend"]] == [2023]  # nothing after its year
    assert "LV 1. Công tác chỉ đạo, điều hành CCHC" in body  # fields spelled out


def test_a_provisional_brief_says_so_in_its_header_and_watermark(
    supervisor_client, ranked, agency_a
):
    body = supervisor_client.get(brief_url(agency_a), {"year": 2024}).content.decode()
    assert 'content: "TẠM TÍNH · chưa công bố"' in body
    assert 'class="print-watermark"' in body


def test_a_reporter_reads_another_agencys_brief_without_its_recommendations(
    reporter_client, ranked, agency_b, rec_b
):
    response = reporter_client.get(brief_url(agency_b))
    assert response.status_code == 200
    assert response.context["recommendations"] is None
    assert rec_b.text not in response.content.decode()
    assert "Bạn không có quyền xem mục này" in response.content.decode()


def test_names_in_the_running_header_cannot_leave_their_css_string(staff_client, ranked, agency_a):
    agency_a.name = 'Sở "X" </style><script>alert(1)</script>'
    agency_a.save()
    body = staff_client.get(brief_url(agency_a)).content.decode()
    assert "<script>alert" not in body
    header = body.split('@top-left { content: "', 1)[1].split('"', 1)[0]
    assert header.startswith("Sở \\22 X\\22  \\3c /style\\3e ")


def test_the_profile_links_its_brief_for_the_year_shown(supervisor_client, ranked, agency_a):
    url = reverse("indicators:agency_profile", args=[agency_a.pk])
    body = supervisor_client.get(url, {"year": 2024}).content.decode()
    assert f'href="{brief_url(agency_a)}?year=2024"' in body


def test_the_brief_lists_the_gaps_to_target(supervisor_client, ranked, agency_a, dept_group):
    from indicators.models import Target

    Target.objects.create(
        province=dept_group.province, group=dept_group, year=2023, metric="index", value=95
    )
    result = IndexResult.objects.get(agency=agency_a, framework__year=2023)
    response = supervisor_client.get(brief_url(agency_a), {"year": 2023})
    (gap,) = response.context["target_gaps"]["gaps"]
    assert gap.gap == result.shown_index_pct - 95 and gap.state == "below"
    body = response.content.decode()
    assert "Khoảng cách đến mục tiêu" in body and 'data-target-state="below"' in body
    assert "Đạt 0/1 chỉ tiêu" in body


def test_a_brief_without_targets_has_no_gap_section(supervisor_client, ranked, agency_a):
    body = supervisor_client.get(brief_url(agency_a)).content.decode()
    assert "Khoảng cách đến mục tiêu" not in body
