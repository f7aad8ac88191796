"""The one writer of every spreadsheet the product produces: pages, commands, editions.

An export is a `Sheet` (title lines, headers, rows of plain values) written by
`write_xlsx` or `write_csv`, and sent by `file_response`. Whatever a caller hands in,
the writer guarantees three things:

- **Data, not markup.** A value rendered as HTML for the screen (Django's SafeString, as
  django-tables2 falls back to a column's `render`) is turned back into its text; a plain
  string is written as it is, so a name that contains "<b>" stays those characters.
- **No formulas.** Text that starts with `=`, `+`, `-`, `@`, a tab or a carriage return
  (OWASP's CSV-injection rule, plus their full-width forms that East Asian Excel also
  reads as formulas) is neutralised: in XLSX the cell is typed text with Excel's own
  "leading apostrophe" (quotePrefix), so the text is kept exact and never evaluated; in
  CSV, which has no types, an apostrophe is put in front. Numbers stay numbers.
- **Numbers as the screen shows them.** `rounded` is the screen's rule (half up, as
  `floatformat`); XLSX cells are numeric, CSV numbers use the decimal comma.

CSV is for Vietnamese Excel opened by a double click: UTF-8 with a BOM, `;` between
fields and `,` as the decimal separator, which is what Excel expects under the Vietnamese
regional settings (a `,`-separated file opens there as one column, and "90.63" becomes
text or a date). Machines should read the XLSX or the API instead.
"""

import csv
import datetime
import html
import io
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from urllib.parse import quote

from django.http import HttpResponse
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.safestring import SafeData
from django.utils.translation import gettext
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from agencies.spreadsheets import is_formula_like

CSV_DELIMITER = ";"
CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}
FORMATS = tuple(CONTENT_TYPES)
DATE_FORMAT = "DD/MM/YYYY"
# Characters Excel refuses in a sheet title, and its length limit.
SHEET_TITLE_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
SHEET_TITLE_MAX = 31


@dataclass
class Sheet:
    """One table to export: `lines` are title rows above the header (what, where, status)."""

    title: str
    headers: list[str]
    rows: Iterable[list]
    lines: list[str] = field(default_factory=list)
    filename: str = "du-lieu"  # without extension; made ASCII by `file_response`

    def __post_init__(self):
        # Titles and headers may be lazy translations (verbose names, module-level labels):
        # the writers take plain text, in the language of the request that exports.
        self.title, self.filename = str(self.title), str(self.filename)
        self.headers = [str(header) for header in self.headers]
        self.lines = [str(line) for line in self.lines]


def rounded(value, digits: int = 2) -> Decimal | None:
    """`value` rounded half up to `digits` places: the rule `floatformat` applies on screen,
    so a file never says 90.62 where the page says 90,63."""
    if value is None or value == "":
        return None
    number = value if isinstance(value, Decimal) else Decimal(str(value))
    return number.quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)


def plain_text(value) -> str:
    """The text of a value: HTML rendered for the screen loses its tags and entities."""
    text = str(value)
    if isinstance(value, SafeData):
        text = html.unescape(strip_tags(text))
    return text


def neutralised(text: str) -> str:
    """OWASP's defence for CSV: a formula-like text cell gets a leading apostrophe."""
    return f"'{text}" if is_formula_like(text) else text


def cell_value(value):
    """A value as the writers take it: None, a number, a date(time) or text."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "Có" if value else "Không"
    if isinstance(value, int | Decimal):
        return value
    if isinstance(value, float):
        return Decimal(str(value))
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).replace(tzinfo=None) if value.tzinfo else value
    if isinstance(value, datetime.date):
        return value
    return plain_text(value)


# --- writers --------------------------------------------------------------------------


def sheet_title(text: str) -> str:
    """A title Excel accepts: no []:*?/\\, at most 31 characters
    ("3323/QĐ-UBND" → "3323-QĐ-UBND")."""
    title = SHEET_TITLE_FORBIDDEN.sub("-", text).strip("' ") or "Dữ liệu"
    return title[:SHEET_TITLE_MAX]


def write_xlsx(sheet: Sheet) -> bytes:
    workbook = Workbook(write_only=True)
    worksheet = workbook.create_sheet(sheet_title(sheet.title))
    for index, header in enumerate(sheet.headers):
        width = min(max(len(str(header)) + 2, 10), 50)
        worksheet.column_dimensions[_column_letter(index)].width = width
    bold = Font(bold=True)
    for line in sheet.lines:
        worksheet.append([_xlsx_cell(worksheet, line, font=bold)])
    worksheet.append([_xlsx_cell(worksheet, header, font=bold) for header in sheet.headers])
    for row in sheet.rows:
        worksheet.append([_xlsx_cell(worksheet, value) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _column_letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index + 1)


def _xlsx_cell(worksheet, value, *, font=None):
    value = cell_value(value)
    cell = WriteOnlyCell(worksheet, value)
    if isinstance(value, str):
        # openpyxl would store "=…" as a formula: force a text cell, marked as Excel marks
        # text typed with a leading apostrophe, so editing it keeps it text.
        cell.data_type = "s"
        if is_formula_like(value):
            cell.quotePrefix = True
    elif isinstance(value, datetime.date):
        cell.number_format = DATE_FORMAT if type(value) is datetime.date else "DD/MM/YYYY HH:MM"
    if font is not None:
        cell.font = font
    return cell


def write_csv(sheet: Sheet) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=CSV_DELIMITER, lineterminator="\r\n")
    for line in sheet.lines:
        writer.writerow([csv_text(line)])
    writer.writerow([csv_text(header) for header in sheet.headers])
    for row in sheet.rows:
        writer.writerow([csv_text(value) for value in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def csv_text(value) -> str:
    """A CSV field: numbers with the decimal comma and no grouping, dates dd/mm/yyyy,
    formula-like text neutralised."""
    value = cell_value(value)
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value, "f").replace(".", ",")
    if isinstance(value, int):
        return str(value)
    if isinstance(value, datetime.datetime):
        return value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    return neutralised(value)


WRITERS = {"xlsx": write_xlsx, "csv": write_csv}


def write(sheet: Sheet, fmt: str) -> bytes:
    return WRITERS[fmt](sheet)


# --- downloads ------------------------------------------------------------------------


def ascii_filename(text: str) -> str:
    """A file name every browser keeps: "xếp hạng sở 2025 3323/QĐ-UBND" →
    "xep-hang-so-2025-3323-QD-UBND" (letters, digits, dots and dashes only)."""
    text = text.replace("đ", "d").replace("Đ", "D")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    text = re.sub(r"[^A-Za-z0-9.]+", "-", text).strip("-.")
    return re.sub(r"-{2,}", "-", text)[:150] or "tai-ve"


def content_disposition(filename: str) -> str:
    """RFC 6266: an ASCII `filename` every browser uses, and `filename*` with the UTF-8 name
    for those that read it."""
    stem, _, extension = filename.rpartition(".")
    fallback = f"{ascii_filename(stem)}.{ascii_filename(extension)}" if stem else "tai-ve"
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename, safe='')}"


def download(content: bytes, *, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition(filename)
    response["Cache-Control"] = "private, no-store"
    return response


def file_response(sheet: Sheet, *, fmt: str) -> HttpResponse:
    """`sheet` as a download in `fmt` ("xlsx" or "csv"), named after `sheet.filename`."""
    return download(
        write(sheet, fmt),
        filename=f"{ascii_filename(sheet.filename)}.{fmt}",
        content_type=CONTENT_TYPES[fmt],
    )


def dated_lines(*lines: str) -> list[str]:
    """Title lines, then the export's date: a printed sheet says when it was taken."""
    today = timezone.localdate().strftime("%d/%m/%Y")
    return [*[line for line in lines if line], gettext("Xuất ngày {today}").format(today=today)]


def number_or_text(value):
    """A frozen edition keeps numbers as exact strings ("96.89"): those become numbers."""
    if isinstance(value, str):
        try:
            number = Decimal(value)
        except InvalidOperation:
            return value
        return number if number.is_finite() else value
    return value
