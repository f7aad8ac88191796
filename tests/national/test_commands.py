"""A fresh install: provinces, a province with its groups, its agencies and results, and the
national table, with commands only."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from agencies.models import Agency, AgencyGroup, Province, ProvinceLineage
from indicators.models import IndexResult
from national.models import ParIndexResult


def write(path, text: str):
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_a_fresh_install_creates_a_province_and_imports_agencies_and_results(db, tmp_path):
    assert not Province.objects.exists()
    get_user_model().objects.create_superuser("quantri", "qt@example.org", "mat-khau-dai-1")
    call_command("import_provinces", verbosity=0)
    call_command(
        "create_province", "42", "Hà Tĩnh", "--group", "so", "--group", "xa", "--admin", "quantri"
    )
    agencies = write(
        tmp_path / "don-vi.csv",
        'Tên đơn vị,Loại đơn vị,Khối\nSở Nội vụ,"Sở, ban, ngành",so\n'
        'Sở Xây dựng,"Sở, ban, ngành",so\n',
    )
    call_command("import_agencies", agencies, "--province", "42")
    results = write(
        tmp_path / "ket-qua.csv",
        'Xếp hạng,Tên đơn vị,Chỉ số CCHC (%),Xếp loại\n1,Sở Nội vụ,"92,10",Xuất sắc\n'
        '2,Sở Xây dựng,"88,40",Tốt\n',
    )
    call_command(
        "import_results",
        results,
        "--province",
        "42",
        "--year",
        "2024",
        "--group",
        "so",
        "--decision-no",
        "123/QĐ-UBND",
        "--decision-date",
        "2025-03-01",
    )
    par = write(
        tmp_path / "par.csv",
        '"Tỉnh, thành phố",Chỉ số PAR INDEX (%),Xếp hạng,Nhóm\nHà Tĩnh,"88,00",1,B\n',
    )
    call_command("import_par_index", par, "--year", "2024", "--decision-no", "268/QĐ-BNV")

    ha_tinh = Province.objects.get(code="42")
    assert ha_tinh.name == "Hà Tĩnh"  # completed, not duplicated, by import_provinces' row
    assert set(AgencyGroup.objects.filter(province=ha_tinh).values_list("code", flat=True)) == {
        "so",
        "xa",
    }
    assert Agency.objects.filter(province=ha_tinh).count() == 2
    shown = IndexResult.objects.get(agency__name="Sở Nội vụ", framework__year=2024)
    assert shown.published_index_pct == Decimal("92.10") and shown.published_rank == 1
    assert ParIndexResult.objects.get(province=ha_tinh, year=2024).index_pct == Decimal("88.00")
    # The administrator named on the command line sees them on the rankings page.
    client = Client()
    client.force_login(get_user_model().objects.get(username="quantri"))
    response = client.get(reverse("indicators:rankings") + "?year=2024")
    assert response.status_code == 200 and "92,10" in response.content.decode()


def test_import_provinces_makes_the_34_of_nq_202_from_63_and_runs_twice_alike(db):
    call_command("import_provinces", verbosity=0)
    assert Province.objects.count() == 63
    assert Province.objects.active_on(datetime.date(2025, 7, 1)).count() == 34
    assert Province.objects.active_on(datetime.date(2025, 6, 30)).count() == 63
    edge = ProvinceLineage.objects.get(predecessor__name="Thái Bình")
    assert edge.successor.name == "Hưng Yên" and edge.effective_date == datetime.date(2025, 7, 1)
    assert edge.legal_basis == "NQ 202/2025/QH15"
    assert ProvinceLineage.objects.get(predecessor__name="Hà Giang").successor.name == "Tuyên Quang"
    assert set(
        ProvinceLineage.objects.filter(successor__name="Phú Thọ").values_list(
            "predecessor__name", flat=True
        )
    ) == {"Vĩnh Phúc", "Hòa Bình"}
    call_command("import_provinces", verbosity=0)
    assert (Province.objects.count(), ProvinceLineage.objects.count()) == (63, 29)


def test_import_provinces_completes_a_province_named_differently(db):
    Province.objects.create(code="TB", name="Thái Bình")
    call_command("import_provinces", verbosity=0)
    thai_binh = Province.objects.get(name="Thái Bình")
    assert thai_binh.code == "TB" and thai_binh.valid_to == datetime.date(2025, 6, 30)


def test_import_provinces_refuses_a_bad_file_and_writes_nothing(db, tmp_path):
    path = write(
        tmp_path / "tinh.csv",
        "Mã,Tên tỉnh,Hiệu lực đến,Sáp nhập vào,Ngày hiệu lực sắp xếp\n"
        "01,Tỉnh Một,,,\n02,Tỉnh Hai,30/06/2025,Tỉnh Không Có,01/07/2025\n"
        "03,Tỉnh Ba,30/06/2025,Tỉnh Một,\n",
    )
    with pytest.raises(CommandError, match="2 lỗi"):
        call_command("import_provinces", path)
    assert not Province.objects.exists()


def test_create_province_refuses_an_unknown_group(db):
    with pytest.raises(CommandError, match="Không biết khối"):
        call_command("create_province", "42", "Hà Tĩnh", "--group", "khac")
    assert not Province.objects.exists()


def test_a_second_import_of_the_same_map_leaves_the_data_versions_alone(db):
    call_command("import_provinces", verbosity=0)
    versions = dict(Province.objects.values_list("pk", "data_version"))
    call_command("import_provinces", verbosity=0)
    assert dict(Province.objects.values_list("pk", "data_version")) == versions


def test_create_province_gives_no_second_role_to_an_account(db, noivu_staff):
    with pytest.raises(CommandError, match="đã có vai trò"):
        call_command("create_province", "40", "Nghệ An", "--admin", noivu_staff.username)
    assert not Province.objects.filter(code="40").exists()
