"""Downloadable XLSX templates: a "Dữ liệu" sheet with Vietnamese headers and a sample row,
and a "Hướng dẫn" sheet listing every column, whether it is required, its accepted English
or older names, and the kind's rules. The reader picks the "Dữ liệu" sheet by name, so the
notes sheet never gets imported."""

import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill

from . import KINDS
from .reading import DATA_SHEET_NAME

NUMBER_NOTES = [
    "Số viết kiểu Việt Nam hoặc kiểu Anh đều được: 85,02 = 85.02; 1.713 = 1,713 (hàng "
    "nghìn); 96,89%.",
    "Dấu chấm/phẩy theo sau đúng 3 chữ số là dấu hàng nghìn; ở cột điểm, tỷ lệ hãy ghi "
    "1,7130 nếu là số thập phân.",
    "Không gộp ô, không ẩn dòng, không để công thức chưa tính; lưu tệp .xlsx hoặc CSV UTF-8.",
]


def build_template(kind: str) -> bytes:
    return template_workbook(KINDS[kind])


def template_workbook(importer) -> bytes:
    """The template of anything that says its `label`, `columns` and `notes` (an importer,
    or another app's table such as the national PAR INDEX)."""
    workbook = Workbook()
    data = workbook.active
    data.title = DATA_SHEET_NAME
    data.append([column.label for column in importer.columns])
    data.append([column.sample for column in importer.columns])
    for cell in data[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        data.column_dimensions[cell.column_letter].width = max(
            14, min(40, len(str(cell.value)) + 4)
        )
    data.freeze_panes = "A2"

    notes = workbook.create_sheet("Hướng dẫn")
    notes.append([f"Mẫu nhập: {importer.label}"])
    notes["A1"].font = Font(bold=True, size=13)
    for line in [
        *importer.notes,
        *NUMBER_NOTES,
        "Dòng 2 của sheet Dữ liệu là dòng mẫu: hãy xóa hoặc thay bằng số liệu thật.",
    ]:
        notes.append([line])
    notes.append([])
    notes.append(["Cột", "Bắt buộc", "Tên khác được chấp nhận", "Ghi chú"])
    for cell in notes[notes.max_row]:
        cell.font = Font(bold=True)
    for column in importer.columns:
        notes.append(
            [column.label, "Có" if column.required else "", ", ".join(column.aliases), column.note]
        )
    for letter, width in zip("ABCD", (36, 10, 48, 70), strict=True):
        notes.column_dimensions[letter].width = width
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def template_filename(kind: str) -> str:
    return f"mau-nhap-{kind.replace('_', '-')}.xlsx"
