"""A list of reporters in an XLSX file: the blank template to fill, and reading it back row
by row with each row's problems named by column, for a preview before anything is created.

Columns are found by their header (in any order, on the first row that names them), so a
list typed by hand or exported from a personnel file both work. The agency is either the
one chosen on the form (a list for one agency) or read from the "Đơn vị" column, matched
the tolerant way `agencies.matching` matches spreadsheet names.
"""

import io
import zipfile
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from .accounts import AccountError, NewReporter, check_new_reporters
from .matching import AgencyMatcher, AgencyMatchError
from .models import Agency, normalize_name
from .spreadsheets import TooLarge, check_workbook, is_formula_like

MAX_ROWS = 500
HEADER_SCAN_ROWS = 10
# field → (the header the template writes, other headers accepted)
COLUMNS = {
    "full_name": ("Họ và tên", ("họ tên", "họ và tên cán bộ", "tên cán bộ")),
    "username": ("Tên đăng nhập", ("tài khoản", "tên tài khoản", "username")),
    "agency": ("Đơn vị", ("tên đơn vị", "cơ quan, đơn vị", "cơ quan")),
    "email": ("Email", ("e-mail", "thư điện tử", "địa chỉ email")),
}
REQUIRED = ("full_name", "username")


@dataclass
class ListRow:
    """One row of the list as read: the spreadsheet row number, what it creates, problems."""

    number: int
    reporter: NewReporter
    agency_text: str = ""
    errors: dict[str, str] = field(default_factory=dict)

    def as_session(self) -> dict:
        """The row as plain data for the preview → confirm round trip (kept in the session)."""
        reporter = self.reporter
        return {
            "number": self.number,
            "username": reporter.username,
            "full_name": reporter.full_name,
            "agency_id": reporter.agency.pk if reporter.agency else None,
            "email": reporter.email,
        }


def _append_text(sheet, values) -> None:
    """A row of text cells: an agency's name is data, never a formula Excel would run."""
    sheet.append(values)
    for cell in sheet[sheet.max_row]:
        if isinstance(cell.value, str):
            cell.data_type = "s"
            cell.quotePrefix = is_formula_like(cell.value)


def template_workbook(*, agencies) -> bytes:
    """The blank list: a header row, one example row, and the agencies' names on a sheet."""
    book = Workbook()
    sheet = book.active
    sheet.title = _("Danh sách")
    sheet.append([header for header, _others in COLUMNS.values()])
    _append_text(sheet, ["Nguyễn Văn An", "an.nv", agencies[0].name if agencies else "", ""])
    for column, width in zip("ABCD", (28, 18, 45, 30), strict=True):
        sheet.column_dimensions[column].width = width
    names = book.create_sheet(_("Đơn vị"))
    names.append([_("Tên đơn vị (chép vào cột “Đơn vị”)")])
    names.column_dimensions["A"].width = 60
    for agency in agencies:
        _append_text(names, [agency.name])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _header_map(rows: list[tuple]) -> tuple[int, dict[str, int]]:
    """(header row index, {field: column index}) from the first rows of the sheet."""
    wanted = {
        field: {normalize_name(header), *(normalize_name(o) for o in others)}
        for field, (header, others) in COLUMNS.items()
    }
    for index, row in enumerate(rows[:HEADER_SCAN_ROWS]):
        found = {}
        for column, value in enumerate(row):
            text = normalize_name(str(value)) if value is not None else ""
            for name, headers in wanted.items():
                if text in headers and name not in found:
                    found[name] = column
        if all(name in found for name in REQUIRED):
            return index, found
    raise AccountError(
        _(
            "Không tìm thấy hàng tiêu đề có các cột “Họ và tên” và “Tên đăng nhập”; "
            "hãy dùng tệp mẫu."
        )
    )


def _cell(row: tuple, column: int | None) -> str:
    if column is None or column >= len(row) or row[column] is None:
        return ""
    return " ".join(str(row[column]).split())


def read_reporter_list(*, upload, agencies, agency: Agency | None = None) -> list[ListRow]:
    """The rows of an uploaded XLSX list, each with its problems (empty when it can be created).

    `agencies` are those the user may assign; `agency`, when given, is every row's agency.
    Problems of the file as a whole raise `AccountError`. The file is checked against the
    spreadsheet limits before openpyxl reads any part of it whole."""
    if not zipfile.is_zipfile(upload):
        raise AccountError(_("Tệp tải lên không phải tệp Excel (.xlsx)."))
    try:
        check_workbook(upload)
        upload.seek(0)
        book = load_workbook(upload, read_only=True, data_only=True)
    except TooLarge as error:
        raise AccountError(str(error)[:1].upper() + str(error)[1:] + ".") from None
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError):
        raise AccountError(_("Tệp tải lên không phải tệp Excel (.xlsx).")) from None
    rows = list(book.worksheets[0].iter_rows(values_only=True, max_row=MAX_ROWS + 20))
    book.close()
    header_index, columns = _header_map(rows)
    if agency is None and "agency" not in columns:
        raise AccountError(_("Tệp không có cột “Đơn vị”: hãy chọn đơn vị trên biểu mẫu."))
    matcher = AgencyMatcher(agencies) if agency is None else None
    read = []
    for offset, row in enumerate(rows[header_index + 1 :], start=header_index + 2):
        values = {name: _cell(row, columns.get(name)) for name in COLUMNS}
        if not any(values.values()):
            continue
        errors, chosen = {}, agency
        if matcher is not None:
            try:
                chosen = matcher.match(values["agency"]).agency
            except AgencyMatchError as error:
                message = str(error)
                errors["agency"] = message[:1].upper() + message[1:] + "."
        read.append(
            ListRow(
                number=offset,
                reporter=NewReporter(
                    username=values["username"],
                    full_name=values["full_name"],
                    agency=chosen,
                    email=values["email"],
                ),
                agency_text=values["agency"],
                errors=errors,
            )
        )
    if not read:
        raise AccountError(_("Tệp không có dòng nào sau hàng tiêu đề."))
    if len(read) > MAX_ROWS:
        raise AccountError(
            _("Tệp có hơn %(max)s dòng; hãy chia thành nhiều tệp.") % {"max": MAX_ROWS}
        )
    for index, problems in check_new_reporters([r.reporter for r in read]).items():
        for name, message in problems.items():
            read[index].errors.setdefault(name, message)
    return read


def rows_from_session(data: list[dict], *, agencies) -> list[NewReporter]:
    """The rows a preview kept, with their agencies re-read among those still assignable."""
    by_id = {a.pk: a for a in agencies.filter(pk__in=[row["agency_id"] for row in data])}
    return [
        NewReporter(
            username=row["username"],
            full_name=row["full_name"],
            agency=by_id.get(row["agency_id"]),
            email=row["email"],
        )
        for row in data
    ]
