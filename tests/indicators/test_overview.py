"""Province overview and rankings table: selection, KPIs, table, export, empty states, queries."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from indicators import overview
from indicators.models import Framework, RankingRun, RateResult
from tests.exports import read_response
from tests.factories import AgencyFactory, AgencyGroupFactory, IndexResultFactory, ProvinceFactory
from tests.indicators.dashboard_data import build_group, make_framework

OVERVIEW = reverse("indicators:overview")
RANKINGS = reverse("indicators:rankings")


@pytest.fixture
def ranked(dept_group):
    return build_group(group=dept_group, n=5)


def test_overview_defaults_to_latest_year_and_first_group(staff_client, ranked, dept_group):
    response = staff_client.get(OVERVIEW)
    assert response.status_code == 200
    assert response.context["sel"].year == 2024
    assert response.context["sel"].group.pk == dept_group.pk
    body = response.content.decode()
    assert "Bảng xếp hạng · Khối sở, ban, ngành · năm 2024" in body
    assert 'data-kpi="ranked">5<' in body


def test_the_body_is_cached_until_the_province_data_version_moves(
    staff_client, ranked, dept_group, province
):
    """The body below the header is rendered once per data version and query string; the
    recompute badge in the header is read on every request."""
    from indicators.models import IndexResult

    assert "table" in staff_client.get(OVERVIEW).context
    leader = IndexResult.objects.get(framework__group=dept_group, framework__year=2024, rank=1)
    IndexResult.objects.filter(pk=leader.pk).update(index_pct="97.1234", published_index_pct=None)
    again = staff_client.get(OVERVIEW)
    assert "table" not in again.context  # served from the cache: the old numbers
    assert "97,12" not in again.content.decode()
    RankingRun.objects.create(
        province=province, group=dept_group, year=2024, status=RankingRun.Status.RUNNING
    )
    assert "Đang cập nhật xếp hạng" in staff_client.get(OVERVIEW).content.decode()
    type(province).objects.filter(pk=province.pk).bump_data_version()
    assert "97,12" in staff_client.get(OVERVIEW).content.decode()
    assert "97,12" in staff_client.get(RANKINGS).content.decode()


def test_the_cached_body_differs_by_query_string_and_language(staff_client, ranked, dept_group):
    first = staff_client.get(OVERVIEW, {"sort": "agency"}).content.decode()
    second = staff_client.get(OVERVIEW, {"sort": "-agency"}).content.decode()
    assert first != second
    staff_client.cookies["django_language"] = "en"
    english = staff_client.get(OVERVIEW, {"sort": "agency"}).content.decode()
    assert "95.25" in english or "." in english.split('data-kpi="average">')[-1][:8]
    assert english != first


def test_query_string_selects_the_year(staff_client, ranked, dept_group):
    response = staff_client.get(OVERVIEW, {"year": 2023, "group": dept_group.pk})
    assert response.context["sel"].year == 2023
    # 2023 leader is agency 001 at 95,25
    first = response.context["table"].rows[0].record
    assert first["agency_name"] == "Sở Thử nghiệm 001"
    assert "95,25" in response.content.decode()


def test_unknown_year_falls_back_to_latest(staff_client, ranked):
    response = staff_client.get(OVERVIEW, {"year": "1999", "group": "abc"})
    assert response.status_code == 200
    assert response.context["sel"].year == 2024


def test_kpis_count_bands_and_average_change(ranked, dept_group):
    framework = Framework.objects.get(group=dept_group, year=2024)
    bands = overview.bands_of(framework=framework)
    leader = overview.ranking_rows(framework=framework).first()
    summary = overview.group_summary(framework=framework, bands=bands)
    trend = overview.group_trend(group=dept_group)
    kpis = overview.overview_kpis(summary=summary, trend=trend, year=2024, leader=leader)
    assert kpis["ranked"] == 5
    # 2024: 96.50 95.75 95.00 94.25 93.50 → 95.00; 2023 is 1.25 lower on every rank
    assert kpis["average"] == pytest.approx(95)
    assert kpis["average_change"] == pytest.approx(1.25)
    assert {b["name"]: b["count"] for b in kpis["band_counts"]} == {
        "Xuất sắc": 5,
        "Tốt": 0,
        "Khá": 0,
        "Trung bình": 0,
        "Yếu": 0,
    }


def test_table_has_one_column_per_field_with_vietnamese_numbers(staff_client, ranked):
    response = staff_client.get(OVERVIEW)
    table = response.context["table"]
    headers = [c.header for c in table.columns]
    assert headers[-3:] == ["LV 1", "LV 2", "LV 3"]
    body = response.content.decode()
    assert "96,50" in body and "91,50" in body  # index and field 2 (index − 5) of the leader
    assert "1/5" in body


def test_rank_change_shows_arrow_and_points(staff_client, ranked):
    body = staff_client.get(OVERVIEW).content.decode()
    assert "▲1" in body and "▼1" in body
    assert "+2,00 điểm" in body  # the new leader gained 2 points
    assert "+1,25 điểm" in body


def test_table_sorts_by_index_ascending(staff_client, ranked):
    response = staff_client.get(RANKINGS, {"sort": "index_pct"})
    records = [row.record for row in response.context["table"].paginated_rows]
    assert [r["shown_index"] for r in records] == sorted(r["shown_index"] for r in records)
    assert records[0]["shown_rank"] == 5


def test_search_narrows_the_table_but_not_the_kpis(staff_client, ranked):
    response = staff_client.get(OVERVIEW, {"q": "003"})
    rows = [row.record["agency_name"] for row in response.context["table"].rows]
    assert rows == ["Sở Thử nghiệm 003"]
    assert response.context["kpis"]["ranked"] == 5


def test_band_filter(staff_client, dept_group):
    agencies = build_group(group=dept_group, n=30, years=(2024,), rates=False)
    assert agencies
    response = staff_client.get(RANKINGS, {"band": "Tốt"})
    bands = {row.record["shown_band"] for row in response.context["table"].rows}
    assert bands == {"Tốt"}


def test_table_paginates(staff_client, dept_group):
    build_group(group=dept_group, n=25, years=(2024,), rates=False)
    first = staff_client.get(OVERVIEW)
    second = staff_client.get(OVERVIEW, {"page": 2})
    assert len(first.context["table"].page.object_list) == 20
    assert len(second.context["table"].page.object_list) == 5
    assert "Sau" in first.content.decode()


def test_csv_export_has_the_shown_rows_columns_and_order(staff_client, ranked):
    response = staff_client.get(OVERVIEW, {"_export": "csv", "sort": "-index_pct", "q": "Sở"})
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    export = read_response(response)
    rows = [export.headers, *export.rows]
    assert export.lines[0].startswith("Xếp hạng chỉ số CCHC") and "TẠM TÍNH" in export.lines[1]
    assert rows[0] == [
        "Hạng",
        "Số đơn vị xếp hạng",
        "Đơn vị",
        "Chỉ số (%)",
        "Xếp loại",
        "Thay đổi hạng",
        "Thay đổi điểm",
        "LV 1",
        "LV 2",
        "LV 3",
    ]
    assert rows[1] == [
        "1",
        "5",
        "Sở Thử nghiệm 002",
        "96,50",
        "Xuất sắc",
        "1",
        "2,00",
        "96,50",
        "91,50",
        "86,50",
    ]
    assert len(rows) == 6


def test_csv_export_respects_the_search(staff_client, ranked):
    response = staff_client.get(RANKINGS, {"_export": "csv", "q": "004"})
    assert [r["Đơn vị"] for r in read_response(response).records()] == ["Sở Thử nghiệm 004"]


def test_xlsx_export_opens_as_a_workbook(staff_client, ranked):
    response = staff_client.get(
        reverse("indicators:rankings_export", args=["xlsx"]), {"sort": "rank"}
    )
    export = read_response(response)
    assert export.headers[0] == "Hạng"
    assert export.rows[0][:4] == [1, 5, "Sở Thử nghiệm 002", 96.5]


def test_unknown_export_format_is_404(staff_client, ranked):
    assert staff_client.get(reverse("indicators:rankings_export", args=["pdf"])).status_code == 404


def test_year_with_no_results_shows_an_empty_state(staff_client, ranked, province):
    other = AgencyGroupFactory(province=province, code="xa", name="Khối UBND cấp xã", order=5)
    make_framework(group=other, year=2024)
    response = staff_client.get(OVERVIEW, {"group": other.pk, "year": 2024})
    assert response.status_code == 200
    assert "Khối UBND cấp xã chưa có kết quả chỉ số CCHC năm 2024" in response.content.decode()


def test_province_without_anything_shows_an_empty_state(staff_client):
    response = staff_client.get(OVERVIEW)
    assert response.status_code == 200
    assert "empty-state" in response.content.decode()


def test_group_with_one_agency_says_so(staff_client, province):
    group = AgencyGroupFactory(province=province, code="mot", name="Khối một đơn vị")
    build_group(group=group, n=1, years=(2024,))
    body = staff_client.get(OVERVIEW, {"group": group.pk}).content.decode()
    assert "Khối chỉ có một đơn vị" in body
    assert "1/1" in body


def test_stale_results_show_a_badge(staff_client, ranked, dept_group):
    framework = Framework.objects.get(group=dept_group, year=2024)
    Framework.objects.filter(pk=framework.pk).update(
        inputs_changed_at=RankingRun.objects.latest("finished_at").finished_at.replace(year=2030)
    )
    assert "xếp hạng chưa được tính lại" in staff_client.get(OVERVIEW).content.decode()


def test_running_recompute_shows_a_badge(staff_client, ranked, dept_group, province):
    RankingRun.objects.create(
        province=province, group=dept_group, year=2024, status=RankingRun.Status.RUNNING
    )
    assert "Đang cập nhật xếp hạng" in staff_client.get(OVERVIEW).content.decode()


def test_another_province_is_not_offered(staff_client, ranked):
    foreign = AgencyGroupFactory(province=ProvinceFactory(code="XX", name="Tỉnh khác"))
    build_group(group=foreign, n=2, years=(2025,), prefix="Sở ngoài tỉnh")
    response = staff_client.get(
        OVERVIEW, {"group": foreign.pk, "province": foreign.province_id, "year": 2025}
    )
    assert response.context["sel"].province.name == "Hà Tĩnh"
    assert "Sở ngoài tỉnh" not in response.content.decode()


def test_unranked_agency_is_listed_last(staff_client, ranked, dept_group):
    framework = Framework.objects.get(group=dept_group, year=2024)
    special = AgencyFactory(group=dept_group, name="Ban Đặc thù", is_ranked=False)
    IndexResultFactory(framework=framework, agency=special, index_pct=99)
    records = [row.record for row in staff_client.get(RANKINGS).context["table"].rows]
    assert records[-1]["agency_name"] == "Ban Đặc thù"
    assert records[-1]["rank_label"] == "—"


def test_english_switch_formats_numbers_with_a_point(staff_client, ranked):
    staff_client.post(reverse("set_language"), {"language": "en", "next": OVERVIEW})
    body = staff_client.get(OVERVIEW).content.decode()
    assert "96.50" in body
    assert "96,50" not in body


def test_supervisor_and_reporter_can_read_the_overview(supervisor_client, reporter_client, ranked):
    assert supervisor_client.get(OVERVIEW).status_code == 200
    assert reporter_client.get(RANKINGS).status_code == 200


def test_anonymous_is_sent_to_login(anonymous):
    response = anonymous.get(OVERVIEW)
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def _count(client, url, params=None):
    """Queries of a request that finds nothing cached."""
    cache.clear()
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url, params or {}).status_code == 200
    return len(ctx.captured_queries)


# A page that finds nothing cached: the user with their membership, the selection
# (provinces, groups, frameworks of the province), bands, fields, the group summary (KPIs
# and distribution), the table's page and its count, then for the overview the leading
# rows (heatmap or leader), trend and on-time rates; the ranking status, the bell and the
# group's targets (the gap coloured in the table). The tests pin equality between a 20- and
# a 200-agency group plus a ceiling.
OVERVIEW_MAX_QUERIES = 17
RANKINGS_MAX_QUERIES = 14


@pytest.fixture
def small_and_large(province, dept_group):
    large = AgencyGroupFactory(province=province, code="lon", name="Khối lớn", order=9)
    build_group(group=dept_group, n=20)
    build_group(group=large, n=200, prefix="UBND xã")
    return dept_group, large


def test_overview_query_count_does_not_grow_with_agencies(
    staff_client, small_and_large, django_assert_num_queries
):
    small, large = small_and_large
    queries = _count(staff_client, OVERVIEW, {"group": small.pk})
    assert queries <= OVERVIEW_MAX_QUERIES
    cache.clear()
    with django_assert_num_queries(queries):
        response = staff_client.get(OVERVIEW, {"group": large.pk})
    assert response.context["kpis"]["ranked"] == 200


def test_rankings_query_count_does_not_grow_with_agencies(
    staff_client, small_and_large, django_assert_num_queries
):
    small, large = small_and_large
    queries = _count(staff_client, RANKINGS, {"group": small.pk, "sort": "-index_pct"})
    assert queries <= RANKINGS_MAX_QUERIES
    cache.clear()
    with django_assert_num_queries(queries):
        staff_client.get(RANKINGS, {"group": large.pk, "sort": "-index_pct"})


def test_overview_opens_on_the_last_published_year_and_labels_open_years_provisional(
    staff_client, ranked, dept_group
):
    """2024 has results but only 2023 was published: the default is 2023; 2024 says 'tạm tính'."""
    from indicators.models import IndexResult

    IndexResult.objects.filter(framework__group=dept_group, framework__year=2023).update(
        is_published=True
    )
    IndexResult.objects.filter(framework__group=dept_group, framework__year=2024).update(
        is_published=False
    )
    response = staff_client.get(OVERVIEW)
    assert response.context["sel"].year == 2023
    assert "data-provisional" not in response.content.decode()
    response = staff_client.get(OVERVIEW, {"year": 2024, "group": dept_group.pk})
    assert response.context["sel"].year == 2024
    assert "Kết quả tạm tính, chưa công bố" in response.content.decode()


def test_large_group_heatmap_shows_the_current_table_page(staff_client, small_and_large):
    """200 communes: the heatmap follows the table's page instead of drawing every row."""
    import json

    small, large = small_and_large
    response = staff_client.get(OVERVIEW, {"group": large.pk, "page": 2})
    heat = json.loads(response.context["figures"]["heatmap"])["data"][0]
    shown = [row.record["short_name"] for row in response.context["table"].paginated_rows]
    assert list(heat["y"]) == shown or list(heat["y"]) == shown[::-1]
    assert "data-heatmap-page" in response.content.decode()
    small_response = staff_client.get(OVERVIEW, {"group": small.pk})
    assert len(json.loads(small_response.context["figures"]["heatmap"])["data"][0]["y"]) == 20
    assert "data-heatmap-page" not in small_response.content.decode()


@pytest.mark.parametrize("n, each", [(35, 15), (30, 15), (7, 3), (6, 3), (1, 15)])
def test_on_time_ends_are_the_two_ends_of_the_whole_ranking(dept_group, n, each):
    build_group(group=dept_group, n=n, years=(2024,))
    whole = [
        r.agency_id
        for r in RateResult.objects.filter(
            group=dept_group, year=2024, metric=RateResult.Metric.ON_TIME
        ).order_by(*overview.ON_TIME_ORDER)
    ]
    rows, total = overview.on_time_ends(group=dept_group, year=2024, each=each)
    assert total == n
    expected = whole if n <= 2 * each else whole[:each] + whole[-each:]
    assert [r["agency_id"] for r in rows] == expected


def test_a_large_group_shows_the_two_ends_of_its_on_time_ranking(staff_client, dept_group):
    build_group(group=dept_group, n=35, years=(2024,))
    response = staff_client.get(OVERVIEW, {"group": dept_group.pk, "year": 2024})
    shown = response.context["on_time"]
    assert [r["rank"] for r in shown] == list(range(1, 16)) + list(range(21, 36))
    assert response.context["on_time_total"] == 35
    body = response.content.decode()
    assert "data-on-time-ends" in body and f"?group={dept_group.pk}&amp;year=2024" in body


def test_a_cached_overview_reads_little_whatever_the_group(
    staff_client, small_and_large, django_assert_max_num_queries
):
    """Once its body is cached, a page reads the user, the visible provinces, the
    recompute badge and the bell: nothing that grows with the group."""
    small, large = small_and_large
    staff_client.get(OVERVIEW, {"group": large.pk})
    with django_assert_max_num_queries(5):
        assert staff_client.get(OVERVIEW, {"group": large.pk}).status_code == 200
