"""F-2, F-9 and the NUL byte: imports bounded before parsing, damage reported in Vietnamese.

The zip bomb's memory is measured in docs/benchmarks-harden.md; here the bounds are shown
to refuse it before openpyxl inflates a byte of it, whatever the upload's size.
"""

import io
import tracemalloc
import zipfile
from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from agencies import spreadsheets as bounds
from indicators.importing import KINDS, build_preview
from indicators.importing.jobs import ImportJob, estimate_rows
from indicators.models import IndexResult

from .bombs import dangling_string, shared_strings_workbook, zip_bomb


@pytest.fixture
def results(province, dept_group, agency_a):
    return KINDS["results"](province_id=province.pk, group_id=dept_group.pk, year=2023)


def errors_of(importer, path) -> list[str]:
    return [str(error) for error in build_preview(importer, path).errors]


def test_a_workbook_with_shared_strings_imports(results, tmp_path):
    """Excel writes text as shared strings; the reader looked them up in the wrong list."""
    preview = build_preview(results, shared_strings_workbook(tmp_path / "excel.xlsx"))
    assert preview.ok, preview.errors
    assert "Sở Xây dựng" in preview.rows[0]["cells"]


def test_a_zip_bomb_is_refused_before_anything_is_inflated(results, tmp_path):
    bomb = zip_bomb(tmp_path / "bomb.xlsx", megabytes=40)
    assert bomb.stat().st_size < 200_000
    tracemalloc.start()
    try:
        rows = estimate_rows(bomb)
        errors = errors_of(results, bomb)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert rows == 2
    assert len(errors) == 1 and "nén" in errors[0] and "độc hại" in errors[0]
    assert peak < 8 * 1024 * 1024, f"{peak / 1e6:.0f} MB allocated for a refused file"
    assert not IndexResult.objects.exists()


def test_a_part_read_whole_is_capped_even_when_it_compresses_plausibly(
    results, tmp_path, monkeypatch
):
    monkeypatch.setattr(bounds, "WHOLE_PART_BYTES", 2000)
    path = shared_strings_workbook(tmp_path / "strings.xlsx", agency="Sở Xây dựng " * 300)
    errors = errors_of(results, path)
    assert "sharedStrings.xml" in errors[0] and "giới hạn" in errors[0]


def test_a_cell_longer_than_excel_allows_is_refused(results, tmp_path):
    path = shared_strings_workbook(tmp_path / "long.xlsx", value="1" * 200_000)
    assert "32.767 ký tự" in errors_of(results, path)[0]


def test_rows_beyond_the_cap_are_refused_in_csv_and_xlsx(results, tmp_path, settings):
    settings.IMPORT_MAX_ROWS = 1
    csv = tmp_path / "many.csv"
    csv.write_text("Tên đơn vị,Chỉ số CCHC (%)\nSở Xây dựng,90\nSở Xây dựng,91\n")
    assert "vượt giới hạn" in errors_of(results, csv)[0]
    xlsx = shared_strings_workbook(tmp_path / "declared.xlsx", dimension="A1:B900000")
    assert "khai báo 900.000 dòng" in errors_of(results, xlsx)[0]


def test_a_dangling_shared_string_is_a_row_error_on_the_web(
    staff_client, dept_group, agency_a, tmp_path
):
    """F-9: "lỗi hệ thống … list index out of range" before."""
    path = dangling_string(tmp_path / "dangling.xlsx")
    response = staff_client.post(
        reverse("indicators:import_start"),
        {
            "kind": "results",
            "year": 2023,
            "group": dept_group.pk,
            "file": SimpleUploadedFile("dangling.xlsx", path.read_bytes()),
        },
        follow=True,
    )
    text = response.content.decode()
    assert "ô bị hỏng trong tệp Excel" in text and ">A2<" in text
    assert "lỗi hệ thống" not in text and "index out of range" not in text


def test_a_dangling_shared_string_is_a_message_on_the_command_line(dept_group, agency_a, tmp_path):
    path = dangling_string(tmp_path / "dangling.xlsx")
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("import_results", str(path), "--year", "2023", "--group", "so", stderr=err)
    assert "ô bị hỏng trong tệp Excel" in err.getvalue()


@pytest.mark.parametrize(
    "content",
    [b"PK\x03\x04garbage", b"PK\x03\x04" + b"\x00" * 64],
    ids=["truncated", "zeros"],
)
def test_a_damaged_zip_is_refused_in_vietnamese(results, tmp_path, content):
    path = tmp_path / "damaged.xlsx"
    path.write_bytes(content)
    assert errors_of(results, path)[0].startswith("Tệp: không mở được tệp Excel")


def test_garbage_xml_inside_a_valid_zip_is_refused_in_vietnamese(results, tmp_path):
    source = shared_strings_workbook(tmp_path / "ok.xlsx").read_bytes()
    path = tmp_path / "garbage.xlsx"
    with (
        zipfile.ZipFile(io.BytesIO(source)) as original,
        zipfile.ZipFile(path, "w") as target,
    ):
        for item in original.infolist():
            data = original.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = data[: len(data) // 2]  # cut mid-element
            target.writestr(item, data)
    errors = errors_of(results, path)
    assert errors and "hỏng" in errors[0]


def test_a_csv_with_a_nul_byte_is_not_called_utf16(results, tmp_path):
    path = tmp_path / "nul.csv"
    path.write_bytes("Tên đơn vị,Chỉ số CCHC (%)\nSở Xây dựng,9\x000\n".encode())
    (error,) = errors_of(results, path)
    assert "NUL" in error and "UTF-16" not in error and error.startswith("Dòng 2")
    utf16 = tmp_path / "utf16.csv"
    utf16.write_bytes("Tên đơn vị,Chỉ số CCHC (%)\nSở Xây dựng,90\n".encode("utf-16-le"))
    assert "UTF-16" in errors_of(results, utf16)[0]


def test_an_exported_formula_like_name_imports_back_unchanged(tmp_path):
    from indicators.importing.csv_text import unquoted

    assert unquoted(["'=A1", "'bình thường", "-"]) == ["=A1", "'bình thường", "-"]


def test_the_job_page_estimate_reads_only_the_sheet_head(tmp_path, noivu_staff):
    bomb = zip_bomb(tmp_path / "bomb.xlsx", megabytes=40)
    upload = SimpleUploadedFile("bomb.xlsx", bomb.read_bytes())
    tracemalloc.start()
    try:
        job = ImportJob.create(upload=upload, kind="results", options={}, user=noivu_staff)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert job.state["progress"]["total"] == 2 and peak < 8 * 1024 * 1024


def test_shared_strings_are_kept_compact(tmp_path):
    """Thirty thousand distinct strings: openpyxl's list of str would hold about 2 MB."""
    from indicators.importing.worksheets import CompactStrings

    head = b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    items = b"".join(f"<si><t>Xã {i:06d}</t></si>".encode() for i in range(30_000))
    rich = "<si><r><t>Sở </t></r><r><t>Xây dựng_x005F_</t></r></si>".encode()
    source = io.BytesIO(head + items + rich + b"</sst>")
    tracemalloc.start()
    try:
        strings = CompactStrings(source)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert len(strings) == 30_001 and strings[0] == "Xã 000000" and strings[29_999] == "Xã 029999"
    assert strings[30_000] == "Sở Xây dựng_"
    assert peak < 1024 * 1024, f"{peak / 1e6:.1f} MB"
    with pytest.raises(IndexError):
        strings[-1]
