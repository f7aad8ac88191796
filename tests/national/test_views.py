"""The national ranking, the province switch and the national table's import page."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from agencies.middleware import SCOPE_SESSION_KEY
from national.models import ParIndexResult
from tests.conftest import client_for
from tests.factories import AgencyFactory, ProcedureStatFactory, ProvinceFactory


def test_the_ranking_shows_the_latest_year_by_rank_and_marks_a_merged_province(
    merged, national_reader
):
    response = client_for(national_reader).get(reverse("national:ranking"))
    assert response.status_code == 200
    rows = list(response.context["table"].rows)
    assert [row.record.year for row in rows] == [2025]
    response = client_for(national_reader).get(reverse("national:ranking") + "?year=2024")
    names = [row.record.province.name for row in response.context["table"].rows]
    assert names == ["Hưng Yên", "Thái Bình"]
    html = response.content.decode()
    assert "nay thuộc Hưng Yên (01/07/2025)" in html and "18/63" in html


def test_the_ranking_sorts_by_index_and_exports_numbers(merged, national_reader):
    client = client_for(national_reader)
    url = reverse("national:ranking") + "?year=2024&sort=index_pct"
    names = [row.record.province.name for row in client.get(url).context["table"].rows]
    assert names == ["Thái Bình", "Hưng Yên"]
    response = client.get(reverse("national:ranking") + "?year=2024&_export=xlsx")
    assert response.status_code == 200
    path = io.BytesIO(response.content)
    values = [row for row in load_workbook(path).active.iter_rows(values_only=True)]
    assert any(row[1] == "Hưng Yên" and row[4] == 88.2 for row in values)


def test_the_ranking_is_empty_with_a_sentence_when_nothing_is_imported(db, national_reader):
    response = client_for(national_reader).get(reverse("national:ranking"))
    assert "Chưa có kết quả PAR INDEX" in response.content.decode()


def test_a_provincial_noivu_cannot_open_the_national_view(merged, staff_client):
    assert staff_client.get(reverse("national:ranking")).status_code == 403
    assert staff_client.post(reverse("national:switch"), {"province": ""}).status_code == 403


def test_bonoivu_switches_to_one_province_and_back(national_reader, agency_a, merged):
    elsewhere = AgencyFactory(group__province=merged["thai_binh"], name="Sở Xây dựng")
    ProcedureStatFactory(agency=agency_a)
    ProcedureStatFactory(agency=elsewhere)
    client = client_for(national_reader)
    listed = client.get(reverse("indicators:procedure_list")).context["table"].rows
    assert {row.record.agency.province.name for row in listed} == {"Hà Tĩnh", "Thái Bình"}
    response = client.post(
        reverse("national:switch"),
        {"province": merged["thai_binh"].pk, "next": reverse("indicators:procedure_list")},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("indicators:procedure_list")
    assert client.session[SCOPE_SESSION_KEY] == merged["thai_binh"].pk
    listed = client.get(reverse("indicators:procedure_list")).context["table"].rows
    assert {row.record.agency.province.name for row in listed} == {"Thái Bình"}
    # Hà Tĩnh's profile is out of view until the reader switches back to every province.
    profile = reverse("indicators:agency_profile", args=[agency_a.pk])
    assert client.get(profile).status_code == 404
    client.post(reverse("national:switch"), {"province": ""})
    assert client.get(profile).status_code == 200


def test_a_switch_from_an_object_page_or_elsewhere_lands_on_the_overview(
    national_reader, merged, agency_a
):
    client = client_for(national_reader)
    for target in (
        reverse("indicators:agency_profile", args=[agency_a.pk]),
        "https://evil.example/",
    ):
        response = client.post(
            reverse("national:switch"), {"province": merged["hung_yen"].pk, "next": target}
        )
        assert response["Location"] == reverse("indicators:overview")


def test_a_province_tied_membership_ignores_a_scope_in_its_session(noivu_staff, agency_a, merged):
    client = client_for(noivu_staff)
    session = client.session
    session[SCOPE_SESSION_KEY] = merged["thai_binh"].pk
    session.save()
    profile = reverse("indicators:agency_profile", args=[agency_a.pk])
    assert client.get(profile).status_code == 200


def test_the_import_page_checks_then_writes_for_an_admin_only(
    merged, admin_client_persona, national_reader, tmp_path
):
    content = (
        '"Tỉnh, thành phố",Chỉ số PAR INDEX (%),Xếp hạng,Nhóm\n'
        'Hưng Yên,"90,50",1,A\nThái Bình,"80,00",2,B\n'
    ).encode()

    def upload(client, action):
        data = {"year": 2022, "decision_no": "289/QĐ-BNV", "action": action}
        data["file"] = SimpleUploadedFile("bang.csv", content, content_type="text/csv")
        return client.post(reverse("national:import"), data)

    assert upload(client_for(national_reader), "commit").status_code == 403
    checked = upload(admin_client_persona, "check")
    assert checked.status_code == 200 and "Tệp hợp lệ: 2 dòng" in checked.content.decode()
    assert not ParIndexResult.objects.filter(year=2022).exists()
    committed = upload(admin_client_persona, "commit")
    assert committed.status_code == 302
    assert ParIndexResult.objects.filter(year=2022, decision_no="289/QĐ-BNV").count() == 2


def test_the_import_page_lists_the_errors_and_writes_nothing(merged, admin_client_persona):
    content = '"Tỉnh, thành phố",Chỉ số PAR INDEX (%)\nHưng Yên,"90,50"\nNơi Khác,"80"\n'
    response = admin_client_persona.post(
        reverse("national:import"),
        {
            "year": 2022,
            "action": "commit",
            "file": SimpleUploadedFile("bang.csv", content.encode(), content_type="text/csv"),
        },
    )
    assert response.status_code == 400
    assert "Dòng 3, cột A (Tỉnh, thành phố)" in response.content.decode()
    assert not ParIndexResult.objects.filter(year=2022).exists()


def test_the_ranking_reads_as_many_queries_for_63_provinces_as_for_3(
    db, national_reader, django_assert_max_num_queries
):
    client = client_for(national_reader)
    url = reverse("national:ranking")

    def fill(start, stop):
        for n in range(start, stop):
            ParIndexResult.objects.create(
                province=ProvinceFactory(), year=2024, index_pct=80 + n / 10, rank=n + 1
            )

    fill(0, 3)
    client.get(url)  # the session and the user, once
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    fill(3, 63)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url)


def test_a_profile_of_a_merged_provinces_agency_says_where_the_province_went(
    merged, national_reader
):
    agency = AgencyFactory(group__province=merged["thai_binh"], name="Sở Xây dựng")
    response = client_for(national_reader).get(
        reverse("indicators:agency_profile", args=[agency.pk])
    )
    assert "Thái Bình (nay thuộc Hưng Yên từ 01/07/2025, NQ 202/2025/QH15)" in (
        response.content.decode()
    )


def test_the_template_lists_the_national_tables_columns_and_imports_back(
    merged, admin_client_persona, tmp_path
):
    response = admin_client_persona.get(reverse("national:import_template"))
    assert response.status_code == 200
    path = tmp_path / "mau.xlsx"
    path.write_bytes(response.content)
    header = next(load_workbook(path)["Dữ liệu"].iter_rows(values_only=True))
    assert header[:4] == (
        "Tỉnh, thành phố",
        "Điểm thẩm định",
        "Điểm điều tra xã hội học",
        "Chỉ số PAR INDEX (%)",
    )


def test_the_switch_posts_an_id_past_a_thousand_as_digits(national_reader, agency_a):
    """Ids are written unlocalized: "1.017" (Vietnamese grouping) would find no province."""
    big = ProvinceFactory(pk=12345, code="BIG", name="Tỉnh số lớn")
    AgencyFactory(group__province=big, name="Sở Nội vụ")
    client = client_for(national_reader)
    page = client.get(reverse("national:province", args=[big.pk])).content.decode()
    assert 'name="province" value="12345"' in page and 'option value="12345"' in page
    assert client.post(reverse("national:switch"), {"province": "12345"}).status_code == 302
    assert client.session[SCOPE_SESSION_KEY] == 12345
