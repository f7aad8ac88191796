"""XLSX and CSV writers shared by pages, commands and the edition downloads.

CSV is UTF-8 with a BOM so Excel opens Vietnamese text correctly; XLSX is written with
openpyxl's write-only mode, row by row. A published edition is exported from its frozen
`PublishedEdition.content` (never from the live tables), with the headers of the results
import template, so exporting an edition and importing the file gives back the same data.
"""

import csv
import io
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation

from openpyxl import Workbook

# Edition content key → column header (the results import's Vietnamese headers).
EDITION_COLUMNS = [
    ("rank", "Xếp hạng"),
    ("agency", "Tên đơn vị"),
    ("evidence_points", "Điểm đánh giá qua tài liệu kiểm chứng"),
    ("survey_points", "Điểm ĐTXHH"),
    ("survey_cchc_points", "Điểm ĐTXHH – CCHC"),
    ("survey_satisfaction_points", "Điểm ĐTXHH – MĐHL"),
    ("total_points", "Tổng điểm"),
    ("index_pct", "Chỉ số CCHC (%)"),
    ("satisfaction_pct", "Chỉ số hài lòng (%)"),
    ("band", "Xếp loại"),
]


def _cell(value):
    """Exact decimals stay numbers in XLSX ("96.89" → 96.89), other text stays text."""
    if isinstance(value, str):
        try:
            number = Decimal(value)
        except InvalidOperation:
            return value
        return number if number.is_finite() else value
    return value


def write_xlsx(headers: list[str], rows: Iterable[list], *, title: str = "Dữ liệu") -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title[:31])
    sheet.append(headers)
    for row in rows:
        sheet.append([_cell(value) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def write_csv(headers: list[str], rows: Iterable[list]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(headers)
    for row in rows:
        writer.writerow(["" if value is None else value for value in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def edition_table(edition) -> tuple[list[str], list[list]]:
    """Headers and rows of a frozen edition, in the order it was published.

    Only columns the edition has values for are written; when the survey points were
    published split (CCHC / MĐHL), the split is written instead of their sum.
    """
    content = edition.content or {}
    rows = content.get("results") or content.get("rows") or []
    columns = [
        (key, label)
        for key, label in EDITION_COLUMNS
        if any(row.get(key) not in (None, "") for row in rows)
    ]
    if any(key == "survey_cchc_points" for key, _ in columns):
        columns = [(key, label) for key, label in columns if key != "survey_points"]
    codes = sorted(
        {code for row in rows for code in (row.get("components") or {})}, key=_code_order
    )
    headers = [label for _, label in columns] + [f"Lĩnh vực {code} (%)" for code in codes]
    table = [
        [row.get(key) for key, _ in columns]
        + [((row.get("components") or {}).get(code) or {}).get("pct") for code in codes]
        for row in rows
    ]
    return headers, table


def _code_order(code: str):
    return [int(part) if part.isdigit() else part for part in str(code).split(".")]


def edition_filename(edition, extension: str) -> str:
    framework = edition.framework
    number = edition.decision_no.replace("/", "-")
    return f"ket-qua-{framework.year}-{framework.group.code}-{number}.{extension}"
