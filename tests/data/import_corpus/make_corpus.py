"""Build the corpus of malformed import files (run: python make_corpus.py OUTPUT_DIR).

Binary files are generated rather than committed. Each case is (file name, kind, builder,
expected error) where the expected error is (row or None, text in the column, text in the
message). The tests build every file into a temporary directory and check that each one
gives that error and writes nothing. The fixture data the cases refer to (agencies "Sở Xây
dựng" and "Sở Giao thông vận tải", criteria 1.1 max 2 and 1.2 max 3, the alias "Sở chung"
given to both agencies) is set up in tests/indicators/importing/conftest.py.
"""

import sys
import unicodedata
from pathlib import Path

from openpyxl import Workbook

HEADER = "agency,index_pct,rank"
SERVICE_HEADER = (
    "Tên đơn vị,Loại kỳ,Từ ngày,Đến ngày,transparency,progress,online_service,online_payment,"
    "satisfaction,digitisation"
)


def text(content: str, encoding: str = "utf-8"):
    return lambda path: path.write_bytes(content.encode(encoding))


def cp1258(content: str) -> bytes:
    """Windows-1258 as Vietnamese Windows writes it: base letters plus combining tone marks."""
    out = b""
    for char in content:
        try:
            out += char.encode("cp1258")
        except UnicodeEncodeError:
            parts = unicodedata.normalize("NFD", char)
            out += unicodedata.normalize("NFC", parts[:-1]).encode("cp1258") + parts[-1].encode(
                "cp1258"
            )
    return out


def raw(content: bytes):
    return lambda path: path.write_bytes(content)


def xlsx(rows, *, merge=None, hidden=(), formulas=(), percent=()):
    def build(path: Path):
        workbook = Workbook()
        sheet = workbook.active
        for row in rows:
            sheet.append(row)
        for ref in merge or []:
            sheet.merge_cells(ref)
        for number in hidden:
            sheet.row_dimensions[number].hidden = True
        for coordinate, formula in formulas:
            sheet[coordinate] = formula
        for coordinate in percent:
            sheet[coordinate].number_format = "0.00%"
        workbook.save(path)

    return build


GOOD_ROWS = [
    ["Tên đơn vị", "Chỉ số CCHC (%)", "Xếp hạng"],
    ["Sở Xây dựng", 91.14, 1],
    ["Sở Giao thông vận tải", 89.5, 2],
]

CASES = [
    ("empty.csv", "results", raw(b""), (None, "", "tệp rỗng")),
    ("empty_sheet.xlsx", "results", xlsx([]), (None, "", "không tìm thấy dòng tiêu đề")),
    ("header_only.csv", "results", text(HEADER + "\n"), (None, "", "không có dòng dữ liệu")),
    (
        "wrong_headers.csv",
        "results",
        text("Name,Score\nSở Xây dựng,90\n"),
        (None, "", "không tìm thấy dòng tiêu đề"),
    ),
    (
        "missing_index_column.csv",
        "results",
        text("agency,rank\nSở Xây dựng,1\n"),
        (1, "", "thiếu cột bắt buộc"),
    ),
    (
        "duplicate_header.csv",
        "results",
        text("agency,index_pct,Chỉ số CCHC\nSở Xây dựng,90,90\n"),
        (1, "C", "trùng với cột"),
    ),
    (
        "merged_header.xlsx",
        "results",
        xlsx([["Tên đơn vị", "Chỉ số CCHC (%)", None], ["Sở Xây dựng", 90, None]], merge=["B1:C1"]),
        (1, "B1:C1", "bị gộp"),
    ),
    (
        "merged_data.xlsx",
        "results",
        xlsx(GOOD_ROWS, merge=["A2:A3"]),
        (2, "A2:A3", "ô dữ liệu bị gộp"),
    ),
    (
        "formula_without_value.xlsx",
        "results",
        xlsx(GOOD_ROWS, formulas=[("B2", "=90+1")]),
        (2, "B2", "công thức"),
    ),
    (
        "excel_error_cell.xlsx",
        "results",
        xlsx([*GOOD_ROWS[:1], ["Sở Xây dựng", "#DIV/0!", 1]]),
        (2, "B2", "lỗi Excel"),
    ),
    ("hidden_rows.xlsx", "results", xlsx(GOOD_ROWS, hidden=[3]), (3, "", "bị ẩn")),
    (
        "boolean_in_number.xlsx",
        "results",
        xlsx([*GOOD_ROWS[:1], ["Sở Xây dựng", True, 1]]),
        (2, "Chỉ số", "đúng/sai"),
    ),
    (
        "text_in_number.csv",
        "results",
        text(HEADER + "\nSở Xây dựng,chín mươi,1\n"),
        (2, "index_pct", "không phải là số"),
    ),
    (
        "index_above_100.csv",
        "results",
        text(HEADER + "\nSở Xây dựng,101.5,1\n"),
        (2, "index_pct", "vượt giá trị tối đa 100"),
    ),
    (
        "negative_index.csv",
        "results",
        text(HEADER + "\nSở Xây dựng,-3,1\n"),
        (2, "index_pct", "không được âm"),
    ),
    (
        "ambiguous_number.csv",
        "results",
        text(HEADER + '\nSở Xây dựng,"1.234,5.6",1\n'),
        (2, "index_pct", "không rõ ràng"),
    ),
    (
        "thousands_in_percent.csv",
        "results",
        text(HEADER + "\nSở Xây dựng,1.713,1\n"),
        (2, "index_pct", "không rõ ràng"),
    ),
    (
        "percent_sign_in_points.csv",
        "results",
        text("agency,index_pct,total_points\nSở Xây dựng,90,90%\n"),
        (2, "total_points", "dấu %"),
    ),
    (
        "total_above_max.csv",
        "results",
        text("agency,index_pct,total_points\nSở Xây dựng,90,120\n"),
        (2, "total_points", "vượt giá trị tối đa"),
    ),
    (
        "components_above_max.csv",
        "results",
        text("agency,index_pct,evidence_points,survey_cchc_points\nSở Xây dựng,90,70,40\n"),
        (2, "evidence_points", "tổng điểm thành phần"),
    ),
    (
        "duplicate_agency.csv",
        "results",
        text(HEADER + "\nSở Xây dựng,90,1\nSở Xây dựng,91,2\n"),
        (3, "agency", "trùng với dòng 2"),
    ),
    (
        "duplicate_agency_abbreviated.csv",
        "results",
        text(HEADER + "\nSở Giao thông vận tải,90,1\nSở GTVT,91,2\n"),
        (3, "agency", "trùng với dòng 2"),
    ),
    (
        "unknown_agency.csv",
        "results",
        text(HEADER + "\nSở Du hành vũ trụ,90,1\n"),
        (2, "agency", "không tìm thấy đơn vị"),
    ),
    (
        "ambiguous_agency.csv",
        "results",
        text(HEADER + "\nSở chung,90,1\n"),
        (2, "agency", "khớp nhiều đơn vị"),
    ),
    (
        "missing_agency_name.csv",
        "results",
        text(HEADER + "\n,90,1\n"),
        (2, "agency", "thiếu giá trị bắt buộc"),
    ),
    (
        "missing_index_value.csv",
        "results",
        text(HEADER + "\nSở Xây dựng,,1\n"),
        (2, "index_pct", "thiếu giá trị bắt buộc"),
    ),
    (
        "rank_zero.csv",
        "results",
        text(HEADER + "\nSở Xây dựng,90,0\n"),
        (2, "rank", "hạng phải từ 1"),
    ),
    (
        "rank_above_count.csv",
        "results",
        text(HEADER + "\nSở Xây dựng,90,5\n"),
        (2, "Xếp hạng", "lớn hơn số đơn vị"),
    ),
    (
        "fractional_rank.csv",
        "results",
        text(HEADER + "\nSở Xây dựng,90,1.5\n"),
        (2, "rank", "số nguyên"),
    ),
    (
        "csv_renamed.xlsx",
        "results",
        text(HEADER + "\nSở Xây dựng,90,1\n"),
        (None, "", "không phải tệp Excel"),
    ),
    (
        "old_excel_97.xlsx",
        "results",
        raw(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512),
        (None, "", "Excel 97–2003"),
    ),
    (
        "windows_1258.csv",
        "results",
        raw(cp1258(HEADER + "\nSở Xây dựng,90,1\n")),
        (2, "", "không phải mã UTF-8"),
    ),
    ("utf16.csv", "results", text(HEADER + "\nSở Xây dựng,90,1\n", "utf-16"), (None, "", "UTF-16")),
    (
        "broken_zip.xlsx",
        "results",
        raw(b"PK\x03\x04 not really a zip"),
        (None, "", "không mở được tệp Excel"),
    ),
    (
        "service_group_above_max.csv",
        "service_index",
        text(SERVICE_HEADER + "\nSở Xây dựng,Tháng,01/01/2024,31/01/2024,19,20,12,10,18,22\n"),
        (2, "transparency", "vượt giá trị tối đa 18"),
    ),
    (
        "service_bad_date.csv",
        "service_index",
        text(SERVICE_HEADER + "\nSở Xây dựng,Tháng,31/02/2024,31/01/2024,18,20,12,10,18,22\n"),
        (2, "Từ ngày", "ngày không hợp lệ"),
    ),
    (
        "service_duplicate_period.csv",
        "service_index",
        text(
            SERVICE_HEADER
            + (
                "\n"
                "Sở Xây dựng,Tháng,01/01/2024,31/01/2024,18,20,12,10,18,22\n"
                "Sở XÂY DỰNG,Tháng,01/01/2024,31/01/2024,17,20,12,10,18,22\n"
            )
        ),
        (3, "Tên đơn vị", "trùng đơn vị và kỳ với dòng 2"),
    ),
    (
        "procedures_duplicate_period.csv",
        "procedures",
        text("Tên đơn vị,Năm,received_new\nSở Xây dựng,2023,5\nSở Xây dựng,2023,6\n"),
        (3, "Tên đơn vị", "trùng đơn vị và kỳ với dòng 2"),
    ),
    (
        "procedures_negative_count.csv",
        "procedures",
        text("Tên đơn vị,Năm,received_new\nSở Xây dựng,2023,-5\n"),
        (2, "received_new", "không được âm"),
    ),
    (
        "procedures_part_above_whole.csv",
        "procedures",
        text(
            "Tên đơn vị,Năm,carried_over,received_new,resolved_on_time\nSở Xây dựng,2023,0,10,25\n"
        ),
        (2, "", "vượt"),
    ),
    (
        "scores_above_max.csv",
        "scores",
        text("Tên đơn vị,Mã tiêu chí,Điểm tự chấm\nSở Xây dựng,1.1,2.5\n"),
        (2, "Điểm tự chấm", "vượt giá trị tối đa 2"),
    ),
    (
        "scores_unknown_criterion.csv",
        "scores",
        text("Tên đơn vị,Mã tiêu chí,Điểm tự chấm\nSở Xây dựng,9.9,1\n"),
        (2, "Mã tiêu chí", "không có tiêu chí"),
    ),
    (
        "criteria_children_above_parent.csv",
        "criteria",
        text(
            "Mã,Nội dung,Điểm tối đa\n"
            "2,Thể chế,5\n"
            "2.1,Ban hành văn bản,3\n"
            "2.2,Theo dõi thi hành,3\n"
        ),
        (2, "Điểm tối đa", "vượt điểm của mục 2"),
    ),
    (
        "criteria_missing_parent.csv",
        "criteria",
        text("Mã,Nội dung,Điểm tối đa\n7.1,Mồ côi,1\n"),
        (2, "Mã", "chưa có mục cha"),
    ),
    (
        "agencies_unknown_predecessor.csv",
        "agencies",
        text("Tên đơn vị,Đơn vị tiền thân,Ngày hiệu lực kế thừa\nSở Mới,Sở Không Có,01/03/2025\n"),
        (2, "tiền thân", "không tìm thấy đơn vị"),
    ),
]


def build(directory: Path) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, _kind, builder, _expected in CASES:
        builder(directory / name)
        paths.append(directory / name)
    return paths


if __name__ == "__main__":
    for path in build(Path(sys.argv[1] if len(sys.argv) > 1 else "corpus")):
        print(path)
