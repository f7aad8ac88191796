"""The national PAR INDEX table: all rows or none, errors naming row and column."""

import datetime
from decimal import Decimal

import pytest
from openpyxl import Workbook

from agencies.models import ProvinceLineage
from indicators.importing import ImportFailed
from national.importing import import_par_table
from national.models import ParIndexResult
from tests.factories import ProvinceFactory

HEADER = (
    '"Tỉnh, thành phố",Điểm thẩm định,Điểm điều tra xã hội học,Chỉ số PAR INDEX (%),Xếp hạng,Nhóm'
)


@pytest.fixture
def provinces(db):
    hung_yen = ProvinceFactory(code="33", name="Hưng Yên")
    thai_binh = ProvinceFactory(code="34", name="Thái Bình", valid_to=datetime.date(2025, 6, 30))
    ProvinceLineage.objects.create(
        predecessor=thai_binh,
        successor=hung_yen,
        effective_date=datetime.date(2025, 7, 1),
        legal_basis="NQ 202/2025/QH15",
    )
    return {
        "hung_yen": hung_yen,
        "thai_binh": thai_binh,
        "hai_phong": ProvinceFactory(code="31", name="Hải Phòng"),
    }


def csv_file(tmp_path, *lines, name="bang.csv"):
    path = tmp_path / name
    path.write_text("\n".join([HEADER, *lines]) + "\n", encoding="utf-8")
    return path


def test_a_good_table_is_written_and_a_second_import_changes_nothing(provinces, tmp_path):
    path = csv_file(
        tmp_path,
        'TP. Hải Phòng,"59,12","37,05","96,17",1,A',
        'Thái Bình,"55,00","31,00","86,00",2,B',
        '33,"54,00","30,00","84,00",3,B',
    )
    outcome, _ = import_par_table(path, year=2024, decision_no="268/QĐ-BNV")
    assert outcome.created == 3
    hai_phong = ParIndexResult.objects.get(province=provinces["hai_phong"], year=2024)
    assert (hai_phong.index_pct, hai_phong.rank, hai_phong.group) == (Decimal("96.17"), 1, "A")
    assert hai_phong.province_count == 3 and hai_phong.decision_no == "268/QĐ-BNV"
    again, _ = import_par_table(path, year=2024, decision_no="268/QĐ-BNV")
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)


def test_one_bad_row_writes_nothing_and_every_error_names_row_and_column(provinces, tmp_path):
    ParIndexResult.objects.create(province=provinces["hai_phong"], year=2024, index_pct=90, rank=1)
    path = csv_file(
        tmp_path,
        'Hải Phòng,"59,12","37,05","96,17",1,A',
        'Tỉnh Không Có,"55,00","31,00","86,00",2,B',
        'Hưng Yên,"54,00","30,00","cao",3,E',
        'Hải Phòng,"54,00","30,00","84,00",9,B',
    )
    with pytest.raises(ImportFailed) as failed:
        import_par_table(path, year=2024)
    messages = [str(error) for error in failed.value.errors]
    assert any(m.startswith("Dòng 3, cột A (Tỉnh, thành phố)") for m in messages)
    assert any(m.startswith("Dòng 4, cột D (Chỉ số PAR INDEX (%))") for m in messages)
    assert any(m.startswith("Dòng 4, cột F (Nhóm)") for m in messages)
    assert any("Dòng 5, cột A" in m and "đã có ở dòng 2" in m for m in messages)
    # Nothing written: the earlier result is as it was, and no other row exists.
    assert list(ParIndexResult.objects.values_list("index_pct", flat=True)) == [Decimal("90")]


def test_a_province_merged_away_cannot_have_a_result_after_its_merger(provinces, tmp_path):
    path = csv_file(tmp_path, 'Thái Bình,"55,00","31,00","86,00",1,B')
    with pytest.raises(ImportFailed) as failed:
        import_par_table(path, year=2026)
    assert "Thái Bình không tồn tại trong năm 2026" in str(failed.value.errors[0])
    # 2025 is still its year until 30/6.
    import_par_table(path, year=2025)


def test_a_total_its_parts_do_not_reproduce_is_kept_as_published_with_a_warning(
    provinces, tmp_path
):
    path = csv_file(tmp_path, 'Hải Phòng,"57,04","30,00","86,89",1,B')
    _, table = import_par_table(path, year=2023)
    assert ParIndexResult.objects.get().index_pct == Decimal("86.89")
    assert "khác chỉ số đã công bố" in str(table.warnings[0])


def test_a_rank_beyond_the_number_of_provinces_is_refused(provinces, tmp_path):
    path = csv_file(tmp_path, 'Hải Phòng,,,"96,17",2,A')
    with pytest.raises(ImportFailed) as failed:
        import_par_table(path, year=2024)
    assert "Dòng 2, cột E (Xếp hạng): hạng lớn hơn số tỉnh" in str(failed.value.errors[0])


def test_an_xlsx_table_reads_like_a_csv(provinces, tmp_path):
    book = Workbook()
    sheet = book.active
    sheet.append(["Tỉnh, thành phố", "Điểm thẩm định", "Điểm điều tra XHH", "PAR INDEX", "Hạng"])
    sheet.append(["Hải Phòng", 59.12, 37.05, 96.17, 1])
    path = tmp_path / "bang.xlsx"
    book.save(path)
    import_par_table(path, year=2024)
    assert ParIndexResult.objects.get().survey_points == Decimal("37.05")


def test_a_dry_run_writes_nothing(provinces, tmp_path):
    path = csv_file(tmp_path, 'Hải Phòng,,,"96,17",1,A')
    _, table = import_par_table(path, year=2024, dry_run=True)
    assert len(table.rows) == 1 and not ParIndexResult.objects.exists()
