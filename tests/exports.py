"""Reading back what `indicators.exporting` writes, as a spreadsheet user sees it."""

import csv
import io
from dataclasses import dataclass

from openpyxl import load_workbook


@dataclass
class Export:
    lines: list[str]  # title rows above the header
    headers: list[str]
    rows: list[list]  # XLSX: typed values; CSV: the fields as text

    def records(self) -> list[dict]:
        return [dict(zip(self.headers, row, strict=False)) for row in self.rows]


def read_export(content: bytes, fmt: str) -> Export:
    """Title rows (one cell each), then the header, then the rows."""
    if fmt == "csv":
        assert content.startswith(b"\xef\xbb\xbf"), "CSV without a BOM"
        table = list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))
    else:
        sheet = load_workbook(io.BytesIO(content)).worksheets[0]
        table = [list(row) for row in sheet.iter_rows(values_only=True)]
    lines = []
    while table and sum(1 for value in table[0] if value not in (None, "")) <= 1:
        first = table.pop(0)
        lines.append(next((str(v) for v in first if v not in (None, "")), ""))
    headers = [str(value) for value in table[0]] if table else []
    return Export(lines, headers, table[1:])


def read_response(response) -> Export:
    fmt = "csv" if response["Content-Type"].startswith("text/csv") else "xlsx"
    return read_export(response.content, fmt)
