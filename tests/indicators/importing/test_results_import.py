"""Published results: the real Hòa Bình files, idempotency, round trip, big files."""

import csv
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import Workbook

from agencies.models import Agency, AgencyGroup, Province
from indicators.exporting import write_csv, write_xlsx
from indicators.importing import KINDS, ImportFailed, build_preview, commit
from indicators.models import IndexResult, PublishedEdition
from indicators.sheets import edition_sheet
from tests.factories import AgencyFactory, AgencyGroupFactory, ProvinceFactory

from .conftest import row_counts

DATA = Path("/work/shared/data")
HOABINH_2022 = DATA / "hoabinh_2022_so.csv"
HOABINH_2023 = DATA / "hoabinh_2023_so_partial.csv"
# The names Hòa Bình's own agency list uses; the files abbreviate some of them.
OFFICIAL_NAMES = [
    "Sở Nội vụ",
    "Sở Thông tin và Truyền thông",
    "Sở Tư pháp",
    "Sở Nông nghiệp và Phát triển nông thôn",
    "Sở Tài chính",
    "Sở Khoa học và Công nghệ",
    "Ban Quản lý các khu công nghiệp tỉnh Hòa Bình",
    "Văn phòng Ủy ban nhân dân tỉnh",
    "Sở Xây dựng",
    "Thanh tra tỉnh",
    "Sở Giáo dục và Đào tạo",
    "Sở Kế hoạch và Đầu tư",
    "Ban Dân tộc",
    "Sở Giao thông vận tải",
    "Sở Văn hoá, Thể thao và Du lịch",
    "Sở Tài nguyên và Môi trường",
    "Sở Công Thương",
    "Sở Y tế",
    "Sở Lao động, Thương binh và Xã hội",
]


@pytest.fixture
def hoabinh(db):
    province = ProvinceFactory(code="HB", name="Hòa Bình")
    group = AgencyGroupFactory(province=province, code="so", kind=AgencyGroup.Kind.DEPARTMENT)
    return province, group


def options(province, group, year, **extra):
    return {"province_id": province.pk, "group_id": group.pk, "year": year, **extra}


def published(path: Path) -> dict[str, tuple[int, Decimal]]:
    with path.open(encoding="utf-8") as handle:
        return {
            row["agency"]: (int(row["rank"]), Decimal(row["par_pct"]))
            for row in csv.DictReader(handle)
        }


def run(path, **opts):
    preview = build_preview(KINDS["results"](**opts), path)
    assert preview.ok, [str(e) for e in preview.errors]
    return preview, commit(preview)


def test_hoabinh_2022_into_an_empty_province_creates_agencies_and_keeps_published_ranks(hoabinh):
    province, group = hoabinh
    preview, outcome = run(HOABINH_2022, **options(province, group, 2022, create_agencies=True))
    assert len(preview.new_agencies) == 19 and outcome.agencies_created == 19
    shown = {
        r.agency.name: (r.published_rank, r.published_index_pct)
        for r in IndexResult.objects.select_related("agency")
    }
    assert shown == published(HOABINH_2022)
    assert Agency.objects.filter(province=province, group=group).count() == 19


def test_hoabinh_files_match_official_names_through_abbreviations_and_hyphens(hoabinh):
    province, group = hoabinh
    for name in OFFICIAL_NAMES:
        AgencyFactory(group=group, name=name)
    preview, _ = run(HOABINH_2022, **options(province, group, 2022))
    reasons = {row["cells"][1]: row["note"] for row in preview.rows}
    assert "chuẩn hóa" in reasons["Sở Lao động, Thương binh và Xã hội"]
    assert "chuẩn hóa" in reasons["Ban Quản lý các khu công nghiệp tỉnh Hòa Bình"]
    run(HOABINH_2023, **options(province, group, 2023))
    results = IndexResult.objects.filter(framework__year=2023).select_related("agency")
    got = {r.agency.name: (r.published_rank, r.published_index_pct) for r in results}
    expected = published(HOABINH_2023)
    assert got["Ban Quản lý các khu công nghiệp tỉnh Hòa Bình"] == expected["Ban Quản lý các KCN"]
    assert got["Văn phòng Ủy ban nhân dân tỉnh"] == expected["Văn phòng UBND tỉnh"]
    sonv = results.get(agency__name="Sở Nội vụ")
    assert (sonv.evidence_points, sonv.published_satisfaction_pct) == (
        Decimal("58.50"),
        Decimal("99.75"),
    )
    assert sonv.published_raw["survey_cchc_points"] == "30.41"
    assert sonv.edition.kind == PublishedEdition.Kind.IMPORT


def test_reimporting_the_same_file_changes_nothing(hoabinh):
    province, group = hoabinh
    run(HOABINH_2022, **options(province, group, 2022, create_agencies=True))
    before = row_counts()
    preview, outcome = run(HOABINH_2022, **options(province, group, 2022, create_agencies=True))
    assert not preview.new_agencies
    assert (outcome.created, outcome.updated, outcome.unchanged) == (0, 0, 19)
    assert row_counts() == before


def test_confirming_the_same_preview_twice_does_not_duplicate(hoabinh):
    province, group = hoabinh
    preview = build_preview(
        KINDS["results"](**options(province, group, 2022, create_agencies=True)), HOABINH_2022
    )
    commit(preview)
    commit(preview)
    assert IndexResult.objects.count() == 19
    assert Agency.objects.count() == 19
    assert PublishedEdition.objects.count() == 1


def test_a_changed_file_under_the_same_decision_number_is_refused(hoabinh, tmp_path):
    province, group = hoabinh
    run(
        HOABINH_2022,
        **options(province, group, 2022, create_agencies=True, decision_no="3349/QĐ-UBND"),
    )
    changed = tmp_path / "changed.csv"
    changed.write_text(
        HOABINH_2022.read_text(encoding="utf-8").replace("96.85", "96.86"), encoding="utf-8"
    )
    preview = build_preview(
        KINDS["results"](**options(province, group, 2022, decision_no="3349/QĐ-UBND")), changed
    )
    with pytest.raises(ImportFailed, match="số liệu khác"):
        commit(preview)
    assert IndexResult.objects.get(agency__name="Sở Nội vụ").published_index_pct == Decimal("96.85")


@pytest.mark.parametrize("writer,suffix", [(write_xlsx, "xlsx"), (write_csv, "csv")])
def test_exporting_an_edition_and_importing_it_gives_the_same_data(
    hoabinh, tmp_path, writer, suffix
):
    province, group = hoabinh
    run(HOABINH_2023, **options(province, group, 2023, create_agencies=True))
    edition = PublishedEdition.objects.get()
    exported = tmp_path / f"edition.{suffix}"
    exported.write_bytes(writer(edition_sheet(edition)))
    other = ProvinceFactory(code="HB2", name="Hòa Bình (bản sao)")
    other_group = AgencyGroupFactory(province=other, code="so")
    run(exported, **options(other, other_group, 2023, create_agencies=True))
    fields = (
        "published_rank",
        "published_index_pct",
        "published_satisfaction_pct",
        "evidence_points",
        "survey_points",
    )

    def data(province):
        return {
            r.agency.name: tuple(getattr(r, f) for f in fields)
            for r in IndexResult.objects.filter(agency__province=province).select_related("agency")
        }

    assert data(other) == data(province) and len(data(other)) == 11


def test_vietnamese_spreadsheet_conventions_are_read(scope, agency_a, agency_b, tmp_path):
    """BOM, semicolons, decimal commas, a title row above the header, blank rows, % signs."""
    path = tmp_path / "vn.csv"
    path.write_bytes(
        "\ufeffKẾT QUẢ CHỈ SỐ CCHC NĂM 2023;;\n;;\nSTT;Tên đơn vị;Chỉ số CCHC (%)\n"
        "1;Sở Xây dựng;91,14%\n;;\n2;Sở GTVT;85,02\n".encode()
    )
    preview, outcome = run(path, **scope["results"])
    assert outcome.created == 2
    assert IndexResult.objects.get(agency=agency_a).published_index_pct == Decimal("91.14")
    assert IndexResult.objects.get(agency=agency_b).published_index_pct == Decimal("85.02")


def test_component_indices_per_field_are_kept_and_exported(scope, agency_a, tmp_path):
    path = tmp_path / "components.csv"
    path.write_text(
        'Tên đơn vị,Chỉ số CCHC (%),Lĩnh vực 1 (%),LV2\nSở Xây dựng,"91,14","89,47",100\n',
        encoding="utf-8",
    )
    run(path, **scope["results"])
    result = IndexResult.objects.get(agency=agency_a)
    assert result.published_raw["components"] == {"1": {"pct": "89.47"}, "2": {"pct": "100"}}
    sheet = edition_sheet(result.edition)
    assert sheet.headers[-2:] == ["Lĩnh vực 1 (%)", "Lĩnh vực 2 (%)"]
    assert sheet.rows[0][-2:] == [Decimal("89.47"), Decimal("100")]


def test_percent_formatted_xlsx_cells_are_read_as_shown(scope, agency_a, tmp_path):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Tên đơn vị", "Chỉ số CCHC (%)"])
    sheet.append(["Sở Xây dựng", 0.9114])
    sheet["B2"].number_format = "0.00%"
    workbook.save(tmp_path / "pct.xlsx")
    run(tmp_path / "pct.xlsx", **scope["results"])
    assert IndexResult.objects.get(agency=agency_a).published_index_pct == Decimal("91.14")


def test_an_error_in_the_last_row_of_a_large_file_writes_nothing(hoabinh, tmp_path):
    province, group = hoabinh
    path = tmp_path / "large.csv"
    with path.open("w", encoding="utf-8") as handle:
        handle.write("agency,index_pct\n")
        for n in range(5000):
            handle.write(f"Đơn vị thử {n},{n % 100}.5\n")
        handle.write("Đơn vị cuối,101\n")
    preview = build_preview(
        KINDS["results"](**options(province, group, 2023, create_agencies=True)), path, keep=50
    )
    assert preview.total_rows == 5000 and len(preview.rows) == 50
    assert [(e.row, e.message) for e in preview.errors] == [(5002, "vượt giá trị tối đa 100")]
    with pytest.raises(ImportFailed):
        commit(preview)
    assert Agency.objects.filter(province=province).count() == 0


def test_commit_rolls_back_when_the_file_changed_after_preview(hoabinh, tmp_path):
    province, group = hoabinh
    path = tmp_path / "f.csv"
    path.write_bytes(HOABINH_2022.read_bytes())
    preview = build_preview(
        KINDS["results"](**options(province, group, 2022, create_agencies=True)), path
    )
    path.write_text(
        HOABINH_2022.read_text(encoding="utf-8") + "20,Sở Mới,abc,1\n", encoding="utf-8"
    )
    with pytest.raises(ImportFailed, match="thay đổi"):
        commit(preview)
    assert Province.objects.get(pk=province.pk).agencies.count() == 0


def test_a_formula_with_a_cached_value_is_used_and_flagged(scope, agency_a, tmp_path):
    """Excel saves a formula's last result; the import uses it and says so in the preview."""
    import zipfile

    source, path = tmp_path / "plain.xlsx", tmp_path / "formula.xlsx"
    workbook = Workbook()
    workbook.active.append(["Tên đơn vị", "Chỉ số CCHC (%)"])
    workbook.active.append(["Sở Xây dựng", 91.14])
    workbook.save(source)
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(path, "w") as patched:
        for item in original.infolist():
            data = original.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(
                    b'<c r="B2" t="n"><v>91.14</v></c>', b'<c r="B2"><f>90+1.14</f><v>91.14</v></c>'
                )
                assert b"<f>" in data
            patched.writestr(item, data)
    preview, _ = run(path, **scope["results"])
    assert [(w.column, w.value) for w in preview.warnings] == [("B2", "91.14")]
    assert IndexResult.objects.get(agency=agency_a).published_index_pct == Decimal("91.14")
