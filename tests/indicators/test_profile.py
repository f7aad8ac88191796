"""Agency profile: header, lineage kept apart, what moved, neighbours, empty states, access."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse

from agencies.models import AgencyLineage
from indicators import agency_history, profiles
from indicators.models import AnnualReport, Criterion, CriterionScore, Framework
from tests.factories import (
    AgencyFactory,
    AgencyGroupFactory,
    IndexResultFactory,
    LineageFactory,
    ProvinceFactory,
)
from tests.indicators.dashboard_data import build_group, make_framework


def profile_url(agency):
    return reverse("indicators:agency_profile", args=[agency.pk])


@pytest.fixture
def ranked(dept_group):
    return build_group(group=dept_group, n=6)


def test_agency_absolute_url_is_the_profile(ranked):
    assert ranked[0].get_absolute_url() == profile_url(ranked[0])


def test_profile_header_shows_rank_index_band_and_change(supervisor_client, ranked):
    response = supervisor_client.get(profile_url(ranked[1]))
    assert response.status_code == 200
    body = response.content.decode()
    assert 'data-kpi="rank">1/6<' in body
    assert 'data-kpi="index">96,50%<' in body
    assert "band-xuat-sac" in body
    assert "▲1" in body and "+2,00 điểm" in body
    assert 'data-action="print"' in body
    assert "css/print.css" in body


def test_year_is_chosen_in_the_query_string(staff_client, ranked):
    response = staff_client.get(profile_url(ranked[1]), {"year": 2023})
    assert response.context["year"] == 2023
    assert response.context["current"]["rank_label"] == "2/6"


def test_lineage_line_links_the_predecessor_and_keeps_its_history_apart(
    staff_client, dept_group, ranked
):
    old = AgencyFactory(
        group=dept_group, name="Sở Giao thông vận tải", short_name="Sở GTVT", valid_to="2025-02-28"
    )
    framework = Framework.objects.get(group=dept_group, year=2023)
    IndexResultFactory(
        framework=framework, agency=old, index_pct=Decimal("88.10"), rank=6, group_size=6
    )
    successor = ranked[0]
    LineageFactory(predecessor=old, successor=successor, relation=AgencyLineage.Relation.MERGE_INTO)

    body = staff_client.get(profile_url(successor)).content.decode()
    assert "Hợp nhất từ" in body and "Sở Giao thông vận tải</a> ngày 01/03/2025" in body
    assert profile_url(old) in body

    series = agency_history.history_series(agency=successor)
    own, before = series
    assert own["own"] and [p["year"] for p in own["points"]] == [2023, 2024]
    assert before["label"] == "Sở Giao thông vận tải (trước hợp nhất)"
    assert [(p["year"], p["index"]) for p in before["points"]] == [(2023, Decimal("88.10"))]

    old_body = staff_client.get(profile_url(old)).content.decode()
    assert "Đã hợp nhất vào" in old_body


def test_rename_is_labelled_as_such():
    old_label = agency_history.SERIES_SUFFIX[AgencyLineage.Relation.RENAME]
    assert old_label == "trước đổi tên"


def _report(agency, framework, scores):
    report = AnnualReport.objects.create(
        agency=agency, framework=framework, status=AnnualReport.Status.APPRAISED
    )
    for code, (self_score, appraised) in scores.items():
        criterion = Criterion.objects.get(framework=framework, code=code)
        CriterionScore.objects.create(
            report=report,
            criterion=criterion,
            max_points=criterion.max_points,
            self_score=Decimal(self_score),
            appraised_score=Decimal(appraised),
            final_score=Decimal(appraised),
        )


def _criteria(framework):
    fields = {
        c.code: c
        for c in Criterion.objects.filter(framework=framework, level=Criterion.Level.FIELD)
    }
    for code, parent in (("1.1", "1"), ("1.2", "1"), ("2.1", "2")):
        Criterion.objects.create(
            framework=framework,
            parent=fields[parent],
            level=Criterion.Level.CRITERION,
            code=code,
            name=f"Tiêu chí {code}",
            max_points=Decimal("4"),
        )


def test_what_moved_lists_criteria_with_the_largest_change(staff_client, dept_group, ranked):
    agency = ranked[0]
    for year, scores in (
        (2023, {"1.1": ("4", "4"), "1.2": ("3", "3"), "2.1": ("2", "2")}),
        (2024, {"1.1": ("4", "1.5"), "1.2": ("4", "3.5"), "2.1": ("2", "2")}),
    ):
        framework = Framework.objects.get(group=dept_group, year=year)
        _criteria(framework)
        _report(agency, framework, scores)

    moved = staff_client.get(profile_url(agency)).context["moved"]
    assert moved["level"] == "criterion"
    assert [(r["code"], r["change"]) for r in moved["rows"]] == [
        ("1.1", Decimal("-2.5")),
        ("1.2", Decimal("0.5")),
    ]
    appraisal = {r["code"]: (r["self"], r["appraised"]) for r in moved["self_vs_appraised"]}
    assert appraisal["1.1"] == (Decimal("4"), Decimal("1.5"))


def test_what_moved_falls_back_to_fields_without_criterion_scores(staff_client, ranked):
    moved = staff_client.get(profile_url(ranked[1])).context["moved"]
    assert moved["level"] == "field"
    assert moved["rows"] and all(r["change"] == Decimal("2.00") for r in moved["rows"])


def test_neighbours_are_top_three_and_the_ones_around():
    rows = [{"agency_id": i, "shown_rank": i, "agency_name": f"A{i}"} for i in range(1, 11)]
    picked = profiles.neighbours(rows=rows, agency_id=7)
    assert [r["shown_rank"] for r in picked] == [1, 2, 3, 6, 7, 8]
    assert [r["gap_before"] for r in picked] == [False, False, False, True, False, False]
    assert [r["is_self"] for r in picked].index(True) == 4


def test_neighbours_of_the_last_agency_have_nobody_below():
    rows = [{"agency_id": i, "shown_rank": i, "agency_name": f"A{i}"} for i in range(1, 6)]
    assert [r["shown_rank"] for r in profiles.neighbours(rows=rows, agency_id=5)] == [1, 2, 3, 4, 5]


def test_agency_without_history_shows_empty_state(staff_client, agency_a):
    response = staff_client.get(profile_url(agency_a))
    assert response.status_code == 200
    assert "Đơn vị chưa có kết quả chỉ số CCHC nào" in response.content.decode()
    assert response.context["figures"] == {}


def test_single_year_agency_has_no_comparison(staff_client, dept_group):
    build_group(group=dept_group, n=1, years=(2024,))
    agency = dept_group.agencies.get()
    body = staff_client.get(profile_url(agency)).content.decode()
    assert "Chưa có số liệu năm 2023 để so sánh" in body
    assert "Khối chỉ có một đơn vị được xếp hạng" in body


def test_agency_of_another_province_is_404(staff_client):
    foreign = AgencyFactory(group=AgencyGroupFactory(province=ProvinceFactory(code="XX")))
    assert staff_client.get(profile_url(foreign)).status_code == 404


def test_reporter_can_open_another_agency_of_the_province(reporter_client, ranked):
    assert reporter_client.get(profile_url(ranked[3])).status_code == 200


def test_panels_are_loaded_only_when_their_url_exists(staff_client, ranked):
    body = staff_client.get(profile_url(ranked[0])).content.decode()
    for name, marker in (
        ("indicators:agency_procedures_panel", 'id="panel-procedures"'),
        ("inspections:agency_panel", 'id="panel-inspections"'),
        ("inspections:agency_criterion_findings", 'id="panel-findings"'),
    ):
        try:
            url = reverse(name, args=[ranked[0].pk])
        except NoReverseMatch:
            assert marker not in body
        else:
            assert marker in body and f'hx-get="{url}"' in body


def test_empty_year_of_a_group_has_no_current_result(staff_client, dept_group, ranked):
    make_framework(group=AgencyGroupFactory(province=dept_group.province, code="x"), year=2025)
    response = staff_client.get(profile_url(ranked[0]), {"year": 2025})
    assert response.context["year"] == 2024  # not a year of this agency: its latest instead


# My share: agency, lineage edges, history results (which give the years, the framework
# and last year's components), bands, fields, the standing (row, neighbours, group size),
# field statistics, criterion scores and editions; base.html adds its own few.
PROFILE_MAX_QUERIES = 13


def test_profile_query_count_does_not_grow_with_agencies(
    staff_client, province, dept_group, django_assert_num_queries
):
    small = build_group(group=dept_group, n=20)
    large = build_group(
        group=AgencyGroupFactory(province=province, code="lon"), n=200, prefix="UBND xã"
    )
    with CaptureQueriesContext(connection) as ctx:
        staff_client.get(profile_url(small[10]))
    assert len(ctx.captured_queries) <= PROFILE_MAX_QUERIES
    with django_assert_num_queries(len(ctx.captured_queries)):
        response = staff_client.get(profile_url(large[100]))
    assert response.context["current"]["rank_label"] == "101/200"
