"""Streaming readers for XLSX and CSV, and header mapping.

Both readers yield one `SheetRow` at a time and never hold the file in memory, so memory
stays flat however long the file is. The XLSX reader drives openpyxl's own worksheet
parser (`openpyxl.worksheet._reader.WorkSheetParser`, the one `read_only=True` uses)
directly, because the read-only worksheet hides three things an importer must see: hidden
rows, merged cells and formulas. Cached formula values are used (`data_only`), and a
formula without a cached value is an error, not a silent blank.

Problems with the file as a whole (not an Excel file, wrong encoding, no header row) raise
`FileProblem`; problems of one row travel on the row (`SheetRow.problems`).
"""

import csv
import functools
import io
import itertools
import logging
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from django.utils.translation import gettext
from django.utils.translation import gettext as _
from openpyxl.utils import get_column_letter, range_boundaries

from agencies.spreadsheets import TooLarge, check_workbook, grouped, max_rows

from .csv_text import encoding_problem, guess_delimiter, unquoted
from .worksheets import BROKEN, DAMAGED, REPAIR, SheetParser, open_workbook, percent_style_ids

logger = logging.getLogger(__name__)

HEADER_SCAN_ROWS = 10
DATA_SHEET_NAME = "Dữ liệu"


@dataclass
class RowError:
    """One problem, located the way a user finds it in Excel: row, column, value seen."""

    row: int | None
    column: str
    message: str
    value: str = ""

    def __str__(self):
        where = f"Dòng {self.row}" if self.row else "Tệp"
        column = f", cột {self.column}" if self.column else ""
        seen = f" (giá trị: “{self.value}”)" if self.value not in ("", None) else ""
        return f"{where}{column}: {self.message}{seen}"

    def as_dict(self) -> dict:
        return {
            "row": self.row,
            "column": self.column,
            "message": self.message,
            "value": self.value,
        }


class FileProblem(Exception):
    def __init__(self, *errors: RowError):
        super().__init__("; ".join(str(error) for error in errors))
        self.errors = list(errors)


@dataclass(frozen=True)
class Column:
    """A column an import understands: its key, Vietnamese header and accepted aliases."""

    key: str
    label: str
    aliases: tuple[str, ...] = ()
    required: bool = False
    note: str = ""
    sample: object = ""

    def names(self) -> set[str]:
        return {fold_header(name) for name in (self.key, self.label, *self.aliases)}


@dataclass
class SheetRow:
    number: int
    values: dict[str, object]
    problems: list[RowError] = field(default_factory=list)


@functools.lru_cache(maxsize=4096)
def _fold(text: str) -> str:
    text = unicodedata.normalize("NFD", text).replace("đ", "d").replace("Đ", "D")
    text = "".join(char for char in text if unicodedata.category(char) != "Mn").lower()
    return " ".join(re.sub(r"[^a-z0-9%]+", " ", text).split())


def fold_header(value) -> str:
    """Headers compare without accents, case, punctuation: "Chỉ số CCHC (%)" = "chi so cchc %".

    Also used for short coded cells (Có/Không, Tháng/Quý): cached, as they repeat on every row.
    """
    return _fold(value) if isinstance(value, str) else _fold(cell_text(value))


def cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


class TableReader:
    """Iterate the data rows of an XLSX or CSV file as {column key: cell value}."""

    def __init__(
        self, path: str | Path, *, columns: list[Column], filename: str = "", extra_column=None
    ):
        # `extra_column(header) -> key | None` maps headers a kind accepts beyond its fixed
        # columns (the results' per-field component columns "Lĩnh vực 1 (%)", …).
        self.extra_column = extra_column
        self.path = Path(path)
        self.filename = filename or self.path.name
        self.columns = columns
        self.header_row: int | None = None
        self.headers: dict[str, str] = {}  # key → "C (Chỉ số CCHC)"
        self.ignored_headers: list[str] = []
        self.warnings: list[RowError] = []
        self.late_errors: list[RowError] = []  # known only at the end (merged cells)
        self._index: dict[int, str] = {}  # 0-based column index → key

    def __iter__(self) -> Iterator[SheetRow]:
        if self.path.stat().st_size == 0:
            raise FileProblem(RowError(None, "", _("tệp rỗng (0 byte)")))
        with self.path.open("rb") as handle:
            head = handle.read(8)
        is_excel_name = self.filename.lower().endswith((".xlsx", ".xlsm"))
        if head.startswith(b"PK\x03\x04"):
            return self._xlsx_rows()
        if head.startswith(b"\xd0\xcf\x11\xe0"):
            raise FileProblem(
                RowError(
                    None,
                    "",
                    _("định dạng Excel 97–2003 (.xls) không được hỗ trợ; hãy lưu lại thành .xlsx"),
                )
            )
        if is_excel_name:
            raise FileProblem(
                RowError(
                    None,
                    "",
                    _(
                        "tệp có đuôi .xlsx nhưng không phải tệp Excel (có thể là CSV bị đổi đuôi); "
                        "hãy mở bằng Excel và lưu lại thành .xlsx, hoặc đổi đuôi thành .csv"
                    ),
                )
            )
        return self._csv_rows()

    # --- header -------------------------------------------------------------------------

    def _map_header(self, number: int, cells: list) -> int:
        """How many known columns `cells` names; when it is the header, remember the map."""
        wanted = {column.key: column.names() for column in self.columns}
        index, seen, ignored = {}, {}, []
        for position, value in enumerate(cells):
            folded = fold_header(value)
            if not folded:
                continue
            key = next((key for key, names in wanted.items() if folded in names), None)
            if key is None and self.extra_column:
                key = self.extra_column(folded)
            if key is None:
                ignored.append(cell_text(value))
            elif key in seen:
                raise FileProblem(
                    RowError(
                        number,
                        get_column_letter(position + 1),
                        gettext(
                            "cột “{value}” trùng với cột {seen}; mỗi cột chỉ được có một lần"
                        ).format(value=cell_text(value), seen=seen[key]),
                    )
                )
            else:
                index[position] = key
                seen[key] = f"{get_column_letter(position + 1)} ({cell_text(value)})"
        if index and len(index) > len(self._index):
            self._index, self.headers, self.ignored_headers = index, seen, ignored
            self.header_row = number
        return len(index)

    def _check_header(self):
        expected = ", ".join(f"“{column.label}”" for column in self.columns if column.required)
        if self.header_row is None:
            raise FileProblem(
                RowError(
                    None,
                    "",
                    gettext(
                        "không tìm thấy dòng tiêu đề trong {HEADER_SCAN_ROWS} dòng đầu; cần các "
                        "cột: {expected}"
                    ).format(HEADER_SCAN_ROWS=HEADER_SCAN_ROWS, expected=expected),
                )
            )
        missing = [
            column for column in self.columns if column.required and column.key not in self.headers
        ]
        if missing:
            names = ", ".join(
                f"“{column.label}” (hoặc {', '.join(column.aliases[:2]) or column.key})"
                for column in missing
            )
            raise FileProblem(
                RowError(
                    self.header_row, "", gettext("thiếu cột bắt buộc: {names}").format(names=names)
                )
            )
        for name in self.ignored_headers:
            self.warnings.append(
                RowError(self.header_row, name, _("cột không thuộc mẫu nhập, được bỏ qua"))
            )

    def _find_header(self, rows: Iterator[tuple[int, list, list]]):
        """Consume rows until the header; returns rows read past it that are data."""
        scanned = []
        for number, cells, problems in rows:
            if not any(cell_text(value).strip() for value in cells):
                continue
            scanned.append((number, cells, problems))
            if self._map_header(number, cells) == len(self.columns):
                break
            if len(scanned) >= HEADER_SCAN_ROWS:
                break
        self._check_header()
        return [row for row in scanned if row[0] > self.header_row]

    def _to_sheet_row(self, number: int, cells: list, problems: list) -> SheetRow | None:
        values = {
            key: cells[position] if position < len(cells) else None
            for position, key in self._index.items()
        }
        if not any(cell_text(value).strip() for value in values.values()):
            return None
        return SheetRow(number, values, problems)

    def _rows(self, raw: Iterator[tuple[int, list, list]]) -> Iterator[SheetRow]:
        limit, count = max_rows(), 0
        for number, cells, problems in itertools.chain(self._find_header(raw), raw):
            if row := self._to_sheet_row(number, cells, problems):
                count += 1
                if count > limit:
                    raise FileProblem(
                        RowError(
                            number,
                            "",
                            gettext(
                                "tệp có hơn {limit} dòng dữ liệu, vượt giới hạn mỗi lần nhập; hãy "
                                "chia tệp thành nhiều phần"
                            ).format(limit=grouped(limit)),
                        )
                    )
                yield row

    def column_name(self, key: str) -> str:
        return self.headers.get(key, key)

    # --- XLSX ---------------------------------------------------------------------------

    def _xlsx_rows(self) -> Iterator[SheetRow]:
        try:
            check_workbook(self.path)  # before openpyxl inflates anything
        except TooLarge as error:
            raise FileProblem(RowError(None, "", str(error))) from None
        try:
            workbook = open_workbook(self.path)
            names = workbook.sheetnames
            sheet = workbook[DATA_SHEET_NAME] if DATA_SHEET_NAME in names else workbook[names[0]]
            percent_styles = percent_style_ids(workbook)
        except (*DAMAGED, OSError, TypeError, AttributeError) as error:
            logger.info("Unreadable workbook %s: %r", self.filename, error)
            raise FileProblem(
                RowError(
                    None,
                    "",
                    gettext("không mở được tệp Excel (tệp bị hỏng); {REPAIR}").format(
                        REPAIR=REPAIR
                    ),
                )
            ) from None
        try:
            with sheet._get_source() as source:
                parser = SheetParser(
                    source,
                    sheet._shared_strings,  # the read-only sheet holds them, not the book
                    data_only=True,
                    epoch=workbook.epoch,
                    date_formats=workbook._date_formats,
                    timedelta_formats=workbook._timedelta_formats,
                )
                yield from self._rows(self._xlsx_cells(parser, percent_styles))
                self._check_merged(parser)
        except DAMAGED as error:
            logger.info("Damaged worksheet in %s: %r", self.filename, error)
            raise FileProblem(
                RowError(
                    None,
                    "",
                    gettext("nội dung bảng tính bị hỏng, không đọc tiếp được; {REPAIR}").format(
                        REPAIR=REPAIR
                    ),
                )
            ) from None
        finally:
            workbook.close()

    def _xlsx_cells(self, parser, percent_styles) -> Iterator[tuple[int, list, list]]:
        for number, cells in parser.parse():
            values, problems = [], []
            for cell in cells:
                position = cell["column"] - 1
                values.extend([None] * (position - len(values)))
                value = cell["value"]
                if cell.get("formula") or cell["data_type"] == "e":
                    coordinate = f"{get_column_letter(cell['column'])}{number}"
                if cell.get("formula"):
                    if value is None:
                        problems.append(
                            RowError(
                                number,
                                coordinate,
                                _(
                                    "ô chứa công thức nhưng tệp chưa lưu giá trị tính; hãy "
                                    "mở bằng Excel, lưu lại hoặc dán giá trị (Paste Values)"
                                ),
                            )
                        )
                    elif len(self.warnings) < 50:
                        self.warnings.append(
                            RowError(
                                number,
                                coordinate,
                                _("ô chứa công thức; dùng giá trị đã tính trong tệp"),
                                cell_text(value),
                            )
                        )
                if cell["data_type"] == BROKEN:
                    problems.append(
                        RowError(
                            number,
                            f"{get_column_letter(cell['column'])}{number}",
                            gettext(
                                "ô bị hỏng trong tệp Excel (trỏ tới dữ liệu không có trong tệp); "
                                "{REPAIR}"
                            ).format(REPAIR=REPAIR),
                            cell_text(cell["value"]),
                        )
                    )
                    value = None
                elif cell["data_type"] == "e":
                    problems.append(
                        RowError(number, coordinate, _("ô chứa lỗi Excel"), cell_text(value))
                    )
                    value = None
                elif cell["style_id"] in percent_styles and isinstance(value, int | float):
                    value = Decimal(repr(value)) * 100  # a cell shown as 96,89 % holds 0.9689
                values.append(value)
            attrs = parser.row_dimensions.get(str(number), {})
            if attrs.get("hidden") in ("1", "true") and any(cell_text(v).strip() for v in values):
                problems.append(
                    RowError(
                        number,
                        "",
                        _("dòng đang bị ẩn trong Excel; hãy bỏ ẩn để kiểm tra, hoặc xóa dòng"),
                    )
                )
            yield number, values, problems

    def _check_merged(self, parser):
        if not parser.merged_cells or self.header_row is None:
            return
        for merged in parser.merged_cells.mergeCell:
            min_col, min_row, max_col, max_row = range_boundaries(merged.ref)
            if max_row < self.header_row:
                continue  # a title above the header may be merged
            where = "tiêu đề" if min_row <= self.header_row else "dữ liệu"
            self.late_errors.append(
                RowError(
                    min_row,
                    merged.ref,
                    gettext(
                        "ô {where} bị gộp ({ref}); hãy bỏ gộp ô (Unmerge) và điền giá trị vào "
                        "từng ô"
                    ).format(where=where, ref=merged.ref),
                )
            )

    # --- CSV ----------------------------------------------------------------------------

    def _csv_rows(self) -> Iterator[SheetRow]:
        with self.path.open("rb") as handle:
            sample = handle.read(64 * 1024)
        if problem := encoding_problem(sample):
            line, message = problem
            raise FileProblem(RowError(line, "", message))
        delimiter = guess_delimiter(sample)
        with self.path.open("rb") as binary:
            text = io.TextIOWrapper(binary, encoding="utf-8-sig", newline="")
            reader = csv.reader(text, delimiter=delimiter)
            try:
                yield from self._rows((reader.line_num, unquoted(row), []) for row in reader)
            except UnicodeDecodeError:
                raise FileProblem(
                    RowError(
                        reader.line_num + 1,
                        "",
                        _("tệp không phải mã UTF-8 từ dòng này; hãy lưu lại bằng “CSV UTF-8”"),
                    )
                ) from None
            except csv.Error as error:
                raise FileProblem(
                    RowError(
                        reader.line_num, "", gettext("tệp CSV hỏng: {error}").format(error=error)
                    )
                ) from None
