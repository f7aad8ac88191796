"""Procedure pages: province table and export, entry form with rules, 766 table, profile panel."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from indicators.forms.procedures import warnings_digest
from indicators.models import ProcedureStat, RateResult, ServiceIndexScore
from indicators.ranking import rank_rates
from tests.exports import read_response
from tests.factories import AgencyFactory, AgencyGroupFactory, ProcedureStatFactory, ProvinceFactory

pytestmark = pytest.mark.django_db

GTVT = {
    "carried_over": 343,
    "received_new": 15383,
    "resolved_on_time": 15706,
    "received_online": 9000,
}


def entry_data(**counts):
    data = {"period_type": "year", "year": "2022", "on_time_formula": "766"}
    data.update({k: str(v) for k, v in counts.items()})
    return data


# --- province table ---------------------------------------------------------------------


def test_procedure_list_shows_rates_with_numerator_and_denominator(staff_client, agency_b):
    ProcedureStatFactory(agency=agency_b, year=2022, **GTVT)
    response = staff_client.get(reverse("indicators:procedure_list"))
    assert response.status_code == 200
    assert "indicators/procedures/list.html" in [t.name for t in response.templates]
    html = response.content.decode()
    assert "99,87%" in html and "15.706/15.726" in html


@pytest.mark.parametrize("persona", ["reporter_client", "supervisor_client"])
def test_readers_can_open_the_procedure_list(request, persona):
    assert (
        request.getfixturevalue(persona).get(reverse("indicators:procedure_list")).status_code
        == 200
    )


def test_anonymous_is_sent_to_login(anonymous):
    response = anonymous.get(reverse("indicators:procedure_list"))
    assert response.status_code == 302 and "dang-nhap" in response.url


def test_procedure_list_filters_by_year_and_sorts_by_on_time_rate(staff_client, agency_a, agency_b):
    ProcedureStatFactory(agency=agency_a, year=2022, received_new=100, resolved_on_time=90)
    ProcedureStatFactory(agency=agency_b, year=2022, received_new=100, resolved_on_time=99)
    ProcedureStatFactory(agency=agency_b, year=2021, received_new=100, resolved_on_time=50)
    response = staff_client.get(
        reverse("indicators:procedure_list"), {"year": "2022", "sort": "-on_time"}
    )
    rows = list(response.context["table"].rows)
    assert [row.record.agency for row in rows] == [agency_b, agency_a]


def test_procedure_list_hides_other_provinces(staff_client, agency_a):
    outsider = AgencyFactory(
        group=AgencyGroupFactory(province=ProvinceFactory(code="LD", name="Lâm Đồng"))
    )
    ProcedureStatFactory(agency=outsider, received_new=10)
    ProcedureStatFactory(agency=agency_a, received_new=10)
    response = staff_client.get(reverse("indicators:procedure_list"))
    assert [row.record.agency for row in response.context["table"].rows] == [agency_a]


def test_procedure_list_query_count_does_not_grow_with_rows(staff_client, dept_group):
    def count_queries():
        with CaptureQueriesContext(connection) as ctx:
            assert staff_client.get(reverse("indicators:procedure_list")).status_code == 200
        return len(ctx)

    ProcedureStatFactory(agency=AgencyFactory(group=dept_group), received_new=10)
    few = count_queries()
    for _ in range(6):
        ProcedureStatFactory(
            agency=AgencyFactory(group=dept_group), received_new=10, received_online=4
        )
    assert count_queries() == few


def test_csv_export_has_numerator_and_denominator_beside_each_rate(staff_client, agency_b):
    ProcedureStatFactory(agency=agency_b, year=2022, **GTVT)
    response = staff_client.get(reverse("indicators:procedure_list"), {"_export": "csv"})
    assert response.status_code == 200
    export = read_response(response)
    header, row = export.headers, export.records()[0]
    position = header.index("Đúng hạn – tử số")
    assert header[position + 1] == "Đúng hạn – mẫu số" and header[position + 2] == "Đúng hạn (%)"
    assert (row["Đúng hạn – tử số"], row["Đúng hạn – mẫu số"]) == ("15706", "15726")
    assert row["Hồ sơ trực tuyến – mẫu số"] == "15383"
    assert "QĐ 766" in row["Công thức tỷ lệ đúng hạn"]
    assert "Sửa" not in header


def test_xlsx_export_opens_with_rate_columns(staff_client, agency_b):
    ProcedureStatFactory(agency=agency_b, year=2022, **GTVT)
    response = staff_client.get(reverse("indicators:procedure_list"), {"_export": "xlsx"})
    values = read_response(response).records()[0]
    assert values["Đúng hạn – tử số"] == 15706


# --- entry: permissions ------------------------------------------------------------------


def test_reporter_opens_own_agency_form_and_is_redirected_there(reporter_client, agency_a):
    response = reporter_client.get(reverse("indicators:procedure_entry"))
    assert response.status_code == 302 and response.url == reverse(
        "indicators:procedure_entry", args=[agency_a.pk]
    )
    assert reporter_client.get(response.url).status_code == 200


def test_reporter_of_b_cannot_enter_figures_for_a(other_reporter_client, agency_a):
    url = reverse("indicators:procedure_entry", args=[agency_a.pk])
    assert other_reporter_client.get(url).status_code == 404
    response = other_reporter_client.post(url, entry_data(received_new=10, resolved_on_time=10))
    assert response.status_code == 404
    assert not ProcedureStat.objects.exists()


def test_reporter_of_b_cannot_edit_figures_of_a(other_reporter_client, agency_a):
    stat = ProcedureStatFactory(agency=agency_a, received_new=10)
    url = reverse("indicators:procedure_edit", args=[stat.pk])
    response = other_reporter_client.post(url, entry_data(received_new=99))
    assert response.status_code == 404
    stat.refresh_from_db()
    assert stat.received_new == 10


def test_supervisor_cannot_write(supervisor_client, agency_a):
    url = reverse("indicators:procedure_entry", args=[agency_a.pk])
    assert supervisor_client.get(url).status_code == 403
    assert supervisor_client.post(url, entry_data(received_new=10)).status_code == 403
    assert not ProcedureStat.objects.exists()


def test_staff_picks_any_agency_and_saves(staff_client, agency_b):
    assert agency_b.name in staff_client.get(reverse("indicators:procedure_entry")).content.decode()
    response = staff_client.post(
        reverse("indicators:procedure_entry", args=[agency_b.pk]),
        entry_data(
            carried_over=343,
            received_new="15.383",
            resolved_on_time="15.706",
            in_progress_on_time=20,
        ),
    )
    assert response.status_code == 302
    stat = ProcedureStat.objects.get(agency=agency_b)
    assert (stat.received_new, stat.resolved_on_time, stat.year) == (15383, 15706, 2022)
    assert (stat.period_start, stat.period_end) == (
        datetime.date(2022, 1, 1),
        datetime.date(2022, 12, 31),
    )
    assert stat.warnings == []


# --- entry: parsing and rules ---------------------------------------------------------------


@pytest.mark.parametrize("text", ["1,5", "-3", "1.71", "12a", "1.7130"])
def test_counts_must_be_non_negative_integers(reporter_client, agency_a, text):
    response = reporter_client.post(
        reverse("indicators:procedure_entry", args=[agency_a.pk]), entry_data(received_new=text)
    )
    assert response.status_code == 200
    assert "received_new" in response.context["form"].errors
    assert not ProcedureStat.objects.exists()


def test_parts_exceeding_the_whole_are_field_errors_and_nothing_is_saved(reporter_client, agency_a):
    response = reporter_client.post(
        reverse("indicators:procedure_entry", args=[agency_a.pk]),
        entry_data(
            carried_over=0, received_new="1.713", resolved_on_time="1.700", in_progress_on_time=45
        ),
    )
    form = response.context["form"]
    assert "1.745" in form.errors["in_progress_on_time"][0]
    assert "tiếp nhận mới trong kỳ" in response.content.decode()
    assert not ProcedureStat.objects.exists()


def test_warnings_need_confirmation_then_save_with_the_warnings(reporter_client, agency_a):
    url = reverse("indicators:procedure_entry", args=[agency_a.pk])
    data = entry_data(
        carried_over=0,
        received_new="340.060",
        resolved_on_time="323.911",
        resolved_late="5.685",
        in_progress_on_time="2.436",
        in_progress_overdue=969,
    )
    first = reporter_client.post(url, data)
    assert first.status_code == 200 and not ProcedureStat.objects.exists()
    warnings = first.context["form"].warnings
    assert any("7.059" in w for w in warnings)
    assert "Xác nhận và lưu" in first.content.decode()
    second = reporter_client.post(url, {**data, "confirm_warnings": warnings_digest(warnings)})
    assert second.status_code == 302
    assert ProcedureStat.objects.get().warnings == warnings


def test_confirmation_of_other_warnings_does_not_save(reporter_client, agency_a):
    url = reverse("indicators:procedure_entry", args=[agency_a.pk])
    data = entry_data(received_new=100, received_online=40, received_in_person=50)
    response = reporter_client.post(url, {**data, "confirm_warnings": warnings_digest(["khác"])})
    assert response.status_code == 200 and not ProcedureStat.objects.exists()


def test_same_period_twice_is_refused(reporter_client, agency_a):
    ProcedureStatFactory(agency=agency_a, year=2022)
    response = reporter_client.post(
        reverse("indicators:procedure_entry", args=[agency_a.pk]), entry_data(received_new=10)
    )
    assert "đã có số liệu kỳ 2022" in response.content.decode()
    assert ProcedureStat.objects.count() == 1


def test_month_period_and_carry_over_check_against_previous_month(reporter_client, agency_a):
    ProcedureStatFactory(
        agency=agency_a,
        period_type="month",
        year=2021,
        period_start=datetime.date(2021, 8, 1),
        period_end=datetime.date(2021, 8, 31),
        in_progress_on_time=2171,
    )
    data = {
        **entry_data(carried_over="2.191", received_new="4.131"),
        "period_type": "month",
        "year": "2021",
        "period_no": "9",
    }
    response = reporter_client.post(reverse("indicators:procedure_entry", args=[agency_a.pk]), data)
    assert any("2.171" in w for w in response.context["form"].warnings)


def test_reporter_edits_own_figures(reporter_client, agency_a):
    stat = ProcedureStatFactory(agency=agency_a, year=2022, received_new=10, resolved_on_time=10)
    url = reverse("indicators:procedure_edit", args=[stat.pk])
    assert 'value="10"' in reporter_client.get(url).content.decode()
    response = reporter_client.post(
        url, entry_data(received_new="1.713", resolved_on_time="1.668", in_progress_on_time=45)
    )
    assert response.status_code == 302
    stat.refresh_from_db()
    assert stat.received_new == 1713 and ProcedureStat.objects.count() == 1


def test_live_check_returns_the_rules_fragment(reporter_client, agency_a):
    response = reporter_client.post(
        reverse("indicators:procedure_check", args=[agency_a.pk]),
        entry_data(received_new=100, received_online=120),
        HTTP_HX_REQUEST="true",
    )
    html = response.content.decode()
    assert response.status_code == 200 and 'id="procedure-checks"' in html and "<html" not in html
    assert "tiếp nhận trực tuyến" in html
    assert not ProcedureStat.objects.exists()


def test_live_check_refuses_other_agency(other_reporter_client, agency_a):
    url = reverse("indicators:procedure_check", args=[agency_a.pk])
    assert other_reporter_client.post(url, entry_data(received_new=1)).status_code == 404


# --- rate rankings through the same formulas ------------------------------------------------


def test_rate_rankings_share_a_rank_on_equal_rates(dept_group):
    agencies = [AgencyFactory(group=dept_group) for _ in range(3)]
    for agency, on_time in zip(agencies, [1713, 1713, 1600], strict=True):
        ProcedureStatFactory(agency=agency, year=2022, received_new=1713, resolved_on_time=on_time)
    rank_rates(group=dept_group, year=2022)
    results = RateResult.objects.filter(metric="on_time").order_by("agency_id")
    assert [r.rank for r in results] == [1, 1, 3]
    assert results[0].formula == "766" and (results[2].numerator, results[2].denominator) == (
        1600,
        1713,
    )


# --- 766 table -----------------------------------------------------------------------------


def make_score(agency, total, *, period_start=datetime.date(2024, 4, 1), **extra):
    groups = {
        "transparency": 18,
        "progress": 20,
        "online_service": 12,
        "online_payment": 10,
        "satisfaction": 18,
    }
    return ServiceIndexScore.objects.create(
        province=agency.province,
        agency=agency,
        group=agency.group,
        period_type="quarter",
        period_start=period_start,
        period_end=period_start + datetime.timedelta(days=90),
        digitisation=Decimal(total) - 78,
        total=Decimal(total),
        **groups,
        **extra,
    )


def test_service_index_table_is_titled_apart_from_the_cchc_index(
    reporter_client, agency_a, agency_b
):
    make_score(agency_a, "98.63", band="Xuất sắc", rank=1, group_size=2)
    make_score(agency_b, "83.61", band="Tốt", rank=2, group_size=2)
    response = reporter_client.get(reverse("indicators:service_index"))
    html = response.content.decode()
    assert "Chỉ số phục vụ người dân, doanh nghiệp (QĐ 766/QĐ-TTg)" in html
    assert "1/2" in html and "band-tot" in html
    assert [row.record.agency for row in response.context["table"].rows] == [agency_a, agency_b]


def test_service_index_csv_export(staff_client, agency_a):
    make_score(agency_a, "90.44", band="Xuất sắc", rank=1, group_size=1)
    response = staff_client.get(reverse("indicators:service_index"), {"_export": "csv"})
    export = read_response(response)
    assert "Số hóa hồ sơ (22)" in export.headers and export.records()[0]["Tổng điểm"] == "90,44"


# --- profile panel -------------------------------------------------------------------------


def test_panel_fragment_has_figures_and_a_data_table(supervisor_client, agency_b):
    ProcedureStatFactory(agency=agency_b, year=2022, **GTVT)
    make_score(agency_b, "80.1")
    response = supervisor_client.get(
        reverse("indicators:agency_procedures_panel", args=[agency_b.pk])
    )
    html = response.content.decode()
    assert response.status_code == 200 and "<html" not in html
    for chart in (
        "fig-proc-on-time",
        "fig-proc-online",
        "fig-proc-outcomes",
        "fig-proc-mix",
        "fig-proc-766",
    ):
        assert f'data-figure="{chart}"' in html and f'id="{chart}"' in html
    assert "15.706/15.726" in html


def test_panel_is_404_for_an_agency_of_another_province(staff_client):
    outsider = AgencyFactory(
        group=AgencyGroupFactory(province=ProvinceFactory(code="VP", name="Vĩnh Phúc"))
    )
    assert (
        staff_client.get(
            reverse("indicators:agency_procedures_panel", args=[outsider.pk])
        ).status_code
        == 404
    )


def test_panel_query_count_does_not_grow_with_periods(staff_client, agency_a):
    url = reverse("indicators:agency_procedures_panel", args=[agency_a.pk])

    def count_queries():
        with CaptureQueriesContext(connection) as ctx:
            assert staff_client.get(url).status_code == 200
        return len(ctx)

    ProcedureStatFactory(agency=agency_a, year=2020, received_new=10, resolved_on_time=10)
    make_score(agency_a, "85")
    few = count_queries()
    for year in range(2015, 2020):
        ProcedureStatFactory(agency=agency_a, year=year, received_new=10, resolved_on_time=9)
    assert count_queries() == few


def test_staff_ranks_missing_766_periods_and_keeps_published_ranks(
    staff_client, agency_a, agency_b
):
    first = make_score(agency_a, "90.96")
    second = make_score(agency_b, "98.63")
    published = make_score(
        agency_a, "85", period_start=datetime.date(2024, 1, 1), rank=7, group_size=9
    )
    response = staff_client.post(reverse("indicators:service_index_rank"))
    assert response.status_code == 302
    for score in (first, second, published):
        score.refresh_from_db()
    assert (second.rank, first.rank, first.group_size) == (1, 2, 2)
    assert (published.rank, published.group_size) == (7, 9)


@pytest.mark.parametrize("persona", ["reporter_client", "supervisor_client"])
def test_only_staff_may_rank_766_periods(request, persona, agency_a):
    score = make_score(agency_a, "90")
    assert (
        request.getfixturevalue(persona).post(reverse("indicators:service_index_rank")).status_code
        == 403
    )
    score.refresh_from_db()
    assert score.rank is None


def test_procedure_list_paginates_25_rows_a_page(staff_client, dept_group):
    for n in range(30):
        ProcedureStatFactory(
            agency=AgencyFactory(group=dept_group, name=f"UBND xã {n:02d}"), received_new=n
        )
    first = staff_client.get(reverse("indicators:procedure_list"))
    second = staff_client.get(reverse("indicators:procedure_list"), {"page": 2})
    assert len(first.context["table"].page.object_list) == 25
    assert len(second.context["table"].page.object_list) == 5
    assert "30 kỳ số liệu" in first.content.decode()


def test_ids_in_links_are_not_localized(staff_client, dept_group):
    agency = AgencyFactory(pk=1234, group=dept_group)
    stat = ProcedureStatFactory(pk=5678, agency=agency, received_new=10)
    edit = staff_client.get(reverse("indicators:procedure_edit", args=[stat.pk])).content.decode()
    panel = staff_client.get(
        reverse("indicators:agency_procedures_panel", args=[agency.pk])
    ).content.decode()
    assert "?agency=1234" in edit and 'value="5678"' in edit and "?agency=1234" in panel
