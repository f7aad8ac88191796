"""What every kind of import builds on: the `Importer` hooks, row parsing, the outcome.

A kind (results, agencies, criteria, …) is an `Importer` subclass that says which columns
it reads, how one row becomes clean data (`parse_row`, with `RowErrors` turning cells into
typed values and collecting what is wrong), and how a batch of clean rows is written
(`write`). `indicators.importing.driver` runs a kind over a file, the same way for the web
page, the Celery task and the management commands.

Writes are keyed on natural keys (framework + agency, agency + period, …) and update in
place, so importing the same file twice, or confirming twice, leaves the same rows.
"""

import datetime
import re
from dataclasses import dataclass, field

from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation import gettext as _

from .numbers import NumberError, NumberSpec, format_vi, parse_number
from .reading import Column, RowError, SheetRow, TableReader, cell_text, fold_header

DAY_MONTH_YEAR = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
TRUE_WORDS = {"co", "x", "1", "true", "yes", "dung", "c"}
FALSE_WORDS = {"khong", "0", "false", "no", "sai", "k"}


class ImportFailed(Exception):
    """The file cannot be imported as it is; `errors` says where. Nothing was written."""

    def __init__(self, errors: list[RowError]):
        super().__init__("\n".join(str(error) for error in errors[:20]))
        self.errors = errors


class ImportSetupError(ValueError):
    """The options are wrong (unknown group, year without framework …), not the file."""


@dataclass
class Outcome:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    agencies_created: int = 0
    notes: list[str] = field(default_factory=list)

    def summary(self) -> str:
        parts = [f"{format_vi(self.created)} dòng mới", f"{format_vi(self.updated)} dòng cập nhật"]
        if self.unchanged:
            parts.append(
                gettext("{unchanged} dòng không đổi").format(unchanged=format_vi(self.unchanged))
            )
        if self.agencies_created:
            parts.append(
                gettext("{agencies_created} đơn vị mới").format(
                    agencies_created=format_vi(self.agencies_created)
                )
            )
        return ", ".join(parts)


def assign_changes(instance, values: dict) -> bool:
    """Set `values` on `instance` only if one of them differs; True when something changed.

    Re-importing the same file must leave rows (and their audit history) untouched.
    """
    if not any(getattr(instance, key) != value for key, value in values.items()):
        return False
    for key, value in values.items():
        setattr(instance, key, value)
    return True


class RowErrors:
    """Collects the errors of one row, naming columns the way the file names them."""

    def __init__(self, reader: TableReader, row: SheetRow):
        self.reader, self.row, self.errors = reader, row, list(row.problems)

    def add(self, key: str, message: str, value=None):
        if value is None:
            value = self.row.values.get(key)
        self.errors.append(
            RowError(self.row.number, self.reader.column_name(key), message, cell_text(value))
        )

    def number(self, key: str, spec: NumberSpec, *, required: bool = False):
        value = self.row.values.get(key)
        try:
            number = parse_number(value, spec)
        except NumberError as error:
            self.add(key, str(error))
            return None
        if number is None and required:
            self.add(key, _("thiếu giá trị bắt buộc"))
        return number

    def date(self, key: str, *, required: bool = False):
        """A date from a date cell, "dd/mm/yyyy" or "yyyy-mm-dd"."""
        value = self.row.values.get(key)
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        text = cell_text(value).strip()
        if not text:
            if required:
                self.add(key, _("thiếu ngày"))
            return None
        if found := DAY_MONTH_YEAR.match(text):  # the common case, without strptime
            try:
                return datetime.date(int(found[3]), int(found[2]), int(found[1]))
            except ValueError:
                self.add(key, _("ngày không hợp lệ; hãy ghi dd/mm/yyyy (ví dụ 26/12/2023)"))
                return None
        for pattern in ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y"):
            try:
                return datetime.datetime.strptime(text, pattern).date()
            except ValueError:
                continue
        self.add(key, _("ngày không hợp lệ; hãy ghi dd/mm/yyyy (ví dụ 26/12/2023)"))
        return None

    def boolean(self, key: str, default: bool) -> bool:
        text = fold_header(self.row.values.get(key))
        if not text:
            return default
        if text in TRUE_WORDS:
            return True
        if text in FALSE_WORDS:
            return False
        self.add(key, _("hãy ghi “Có” hoặc “Không”"))
        return default

    def choice(self, key: str, choices, *, default: str = "") -> str:
        """A TextChoices value given as its code or its Vietnamese label (the labels are
        translated on screen; a file says them in Vietnamese whoever imports it)."""
        text = fold_header(self.row.values.get(key))
        if not text:
            return default
        with translation.override(None):  # the labels' msgids: the Vietnamese text
            labels = [(value, str(label)) for value, label in choices]
        for (value, label), (_value, shown) in zip(labels, choices, strict=True):
            if text in (fold_header(value), fold_header(label), fold_header(str(shown))):
                return value
        self.add(key, _("không thuộc danh sách: ") + "; ".join(label for _, label in labels))
        return default

    def text(self, key: str, *, required: bool = False, max_length: int = 255) -> str:
        value = " ".join(cell_text(self.row.values.get(key)).split())
        if required and not value:
            self.add(key, _("thiếu giá trị bắt buộc"))
        if len(value) > max_length:
            self.add(key, gettext("dài quá {max_length} ký tự").format(max_length=max_length))
            value = value[:max_length]
        return value


class Importer:
    """One kind of import. Subclasses set `kind`, `label`, `columns` and the three hooks."""

    kind = ""
    label = ""
    columns: list[Column] = []
    do_not_call_in_templates = True  # templates show `importer.label` of the class
    notes: list[str] = []

    def __init__(self, **options):
        self.options = options

    # Hooks -------------------------------------------------------------------------------
    def parse_row(self, row: SheetRow, errors: RowErrors) -> dict | None:
        raise NotImplementedError

    def display(self, data: dict) -> list[str]:
        """The preview cells of one parsed row, in `display_headers` order."""
        raise NotImplementedError

    display_headers: list[str] = []

    def extra_column(self, folded_header: str) -> str | None:
        """Key for a header outside `columns` (see TableReader); None ignores it."""
        return None

    def check_all(self) -> list[RowError]:
        """Cross-row checks once every row is read (e.g. ranks 1..n)."""
        return []

    def new_agencies(self) -> list[str]:
        return []

    def begin(self, outcome: Outcome):
        """Inside the transaction, before the first batch."""

    def write(self, batch: list[dict], outcome: Outcome):
        raise NotImplementedError

    def finish(self, outcome: Outcome, *, sha256: str, user=None):
        """Inside the transaction, after the last batch."""
