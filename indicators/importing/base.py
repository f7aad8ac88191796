"""The import driver shared by every kind: parse all rows → preview → commit atomically.

A kind (results, agencies, criteria, …) is an `Importer` subclass that says which columns
it reads, how one row becomes clean data (`parse_row`), and how a batch of clean rows is
written (`write`). The driver does the rest, the same way for the web page, the Celery task
and the management commands:

- `build_preview` reads the whole file once, streaming, and keeps every error, the first
  `PREVIEW_ROWS` parsed rows for display, and nothing else, so memory stays flat;
- `commit` reads the file again inside ONE `transaction.atomic()` and writes in batches. Any
  error, including one the preview could not see (a row changed in between), raises
  `ImportFailed` and rolls everything back: an import writes all of its rows or none.

Writes are keyed on natural keys (framework + agency, agency + period, …) and update in
place, so importing the same file twice, or confirming twice, leaves the same rows.
"""

import datetime
import hashlib
import re
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

from django.db import transaction

from .numbers import NumberError, NumberSpec, parse_number
from .reading import Column, FileProblem, RowError, SheetRow, TableReader, cell_text, fold_header

DAY_MONTH_YEAR = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
TRUE_WORDS = {"co", "x", "1", "true", "yes", "dung", "c"}
FALSE_WORDS = {"khong", "0", "false", "no", "sai", "k"}

PREVIEW_ROWS = 2000
MAX_ERRORS = 1000
BATCH_SIZE = 1000


class ImportFailed(Exception):
    def __init__(self, errors: list[RowError]):
        super().__init__("\n".join(str(error) for error in errors[:20]))
        self.errors = errors


class ImportSetupError(ValueError):
    """The options are wrong (unknown group, year without framework …), not the file."""


@dataclass
class Preview:
    kind: str
    options: dict
    path: str
    filename: str
    sha256: str
    headers: list[str] = field(default_factory=list)
    rows: list[dict] = field(default_factory=list)  # {"row": n, "cells": [...], "note": "..."}
    total_rows: int = 0
    errors: list[RowError] = field(default_factory=list)
    error_count: int = 0
    warnings: list[RowError] = field(default_factory=list)
    new_agencies: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.error_count == 0 and self.total_rows > 0

    @property
    def rows_truncated(self) -> bool:
        return self.total_rows > len(self.rows)

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> "Preview":
        data = dict(data)
        data["errors"] = [RowError(**error) for error in data.get("errors", [])]
        data["warnings"] = [RowError(**warning) for warning in data.get("warnings", [])]
        return cls(**data)


@dataclass
class Outcome:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    agencies_created: int = 0
    notes: list[str] = field(default_factory=list)

    def summary(self) -> str:
        parts = [f"{self.created} dòng mới", f"{self.updated} dòng cập nhật"]
        if self.unchanged:
            parts.append(f"{self.unchanged} dòng không đổi")
        if self.agencies_created:
            parts.append(f"{self.agencies_created} đơn vị mới")
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
            self.add(key, "thiếu giá trị bắt buộc")
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
                self.add(key, "thiếu ngày")
            return None
        if found := DAY_MONTH_YEAR.match(text):  # the common case, without strptime
            try:
                return datetime.date(int(found[3]), int(found[2]), int(found[1]))
            except ValueError:
                self.add(key, "ngày không hợp lệ; hãy ghi dd/mm/yyyy (ví dụ 26/12/2023)")
                return None
        for pattern in ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y"):
            try:
                return datetime.datetime.strptime(text, pattern).date()
            except ValueError:
                continue
        self.add(key, "ngày không hợp lệ; hãy ghi dd/mm/yyyy (ví dụ 26/12/2023)")
        return None

    def boolean(self, key: str, default: bool) -> bool:
        text = fold_header(self.row.values.get(key))
        if not text:
            return default
        if text in TRUE_WORDS:
            return True
        if text in FALSE_WORDS:
            return False
        self.add(key, "hãy ghi “Có” hoặc “Không”")
        return default

    def choice(self, key: str, choices, *, default: str = "") -> str:
        """A TextChoices value given as its code or its Vietnamese label."""
        text = fold_header(self.row.values.get(key))
        if not text:
            return default
        for value, label in choices:
            if text in (fold_header(value), fold_header(label)):
                return value
        self.add(key, "không thuộc danh sách: " + "; ".join(str(label) for _, label in choices))
        return default

    def text(self, key: str, *, required: bool = False, max_length: int = 255) -> str:
        value = " ".join(cell_text(self.row.values.get(key)).split())
        if required and not value:
            self.add(key, "thiếu giá trị bắt buộc")
        if len(value) > max_length:
            self.add(key, f"dài quá {max_length} ký tự")
            value = value[:max_length]
        return value


class PeriodKeys:
    """Which (agency, period type, period start) rows were seen, and on which row.

    The one structure of a periodic import that grows with the file, so each key is packed
    into a single int (agency << 23 | type << 20 | day ordinal): about 100 bytes a row,
    10 MB for 100.000 rows, instead of a tuple of objects per row.
    """

    TYPES = {"month": 1, "quarter": 2, "year": 3, "custom": 4}

    def __init__(self):
        self.rows: dict[int, int] = {}
        self.new_names: dict[str, int] = {}

    def key(self, match, period_type: str, start: datetime.date) -> int:
        if match is None:
            agency = 0  # the province as a whole
        elif match.agency is not None:
            agency = match.agency.pk
        else:
            agency = -self.new_names.setdefault(match.new_name.lower(), len(self.new_names) + 1)
        return (agency << 23) | (self.TYPES.get(period_type, 0) << 20) | start.toordinal()

    def first_row(self, key: int, row: int) -> int | None:
        """The earlier row with `key`, or None (and `row` is remembered)."""
        earlier = self.rows.get(key)
        if earlier is None:
            self.rows[key] = row
        return earlier


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


def file_sha256(path: str | Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _parsed_rows(importer: Importer, reader: TableReader, on_error: Callable[[RowError], None]):
    try:
        for row in reader:
            errors = RowErrors(reader, row)
            data = importer.parse_row(row, errors)
            for error in errors.errors:
                on_error(error)
            if not errors.errors and data is not None:
                data["_row"] = row.number
                yield data
    except FileProblem as problem:
        for error in problem.errors:
            on_error(error)
    for error in reader.late_errors + importer.check_all():
        on_error(error)


def build_preview(
    importer: Importer,
    path: str | Path,
    *,
    filename: str = "",
    keep: int = PREVIEW_ROWS,
    progress: Callable[[int], None] | None = None,
) -> Preview:
    """Parse all of `path` with `importer`; nothing is written."""
    preview = Preview(
        kind=importer.kind,
        options=importer.options,
        path=str(path),
        filename=filename or Path(path).name,
        sha256=file_sha256(path),
        headers=list(importer.display_headers),
    )
    reader = TableReader(
        path,
        columns=importer.columns,
        filename=preview.filename,
        extra_column=importer.extra_column,
    )

    def on_error(error: RowError):
        preview.error_count += 1
        if len(preview.errors) < MAX_ERRORS:
            preview.errors.append(error)

    for data in _parsed_rows(importer, reader, on_error):
        preview.total_rows += 1
        if progress and preview.total_rows % BATCH_SIZE == 0:
            progress(preview.total_rows)
        if len(preview.rows) < keep:
            preview.rows.append(
                {
                    "row": data["_row"],
                    "cells": importer.display(data),
                    "note": data.get("_note", ""),
                }
            )
    if preview.total_rows == 0 and preview.error_count == 0:
        on_error(RowError(None, "", "tệp không có dòng dữ liệu nào dưới dòng tiêu đề"))
    preview.errors.sort(key=lambda error: error.row or 0)
    preview.warnings = reader.warnings[:200]
    preview.new_agencies = importer.new_agencies()
    return preview


def commit(
    preview: Preview, *, user=None, progress: Callable[[int], None] | None = None
) -> Outcome:
    """Write the previewed file in one transaction; raises ImportFailed and writes nothing on any error."""
    from . import KINDS

    if not preview.ok:
        raise ImportFailed(preview.errors or [RowError(None, "", "tệp không có dữ liệu hợp lệ")])
    if file_sha256(preview.path) != preview.sha256:
        raise ImportFailed(
            [RowError(None, "", "tệp đã thay đổi sau khi xem trước; hãy tải lên lại")]
        )
    importer = KINDS[preview.kind](**preview.options)
    reader = TableReader(
        preview.path,
        columns=importer.columns,
        filename=preview.filename,
        extra_column=importer.extra_column,
    )
    errors: list[RowError] = []
    outcome = Outcome()
    with transaction.atomic():
        importer.begin(outcome)
        batch, done = [], 0
        for data in _parsed_rows(importer, reader, errors.append):
            if errors:
                break
            batch.append(data)
            if len(batch) >= BATCH_SIZE:
                importer.write(batch, outcome)
                done += len(batch)
                batch = []
                if progress:
                    progress(done)
        if errors:
            raise ImportFailed(errors)
        if batch:
            importer.write(batch, outcome)
            done += len(batch)
        importer.finish(outcome, sha256=preview.sha256, user=user)
    if progress:
        progress(done)
    return outcome


def cell_str(value) -> str:
    return " ".join(cell_text(value).split())


class AgencyResolver:
    """Agency names of one import → agencies, with duplicate detection and optional creation.

    Built on `agencies.matching.AgencyMatcher`; `create` lets unknown names become new
    agencies of `group` (listed in the preview, created in the commit's transaction).
    """

    def __init__(
        self,
        *,
        province,
        group=None,
        year: int | None = None,
        create: bool = False,
        unique: bool = True,
    ):
        from agencies.matching import AgencyMatcher
        from agencies.models import Agency

        agencies = Agency.objects.filter(province=province)
        if year:
            agencies = agencies.active_in_year(year)
        self.matcher = AgencyMatcher(
            agencies, province_name=province.name, preferred_group_id=getattr(group, "pk", None)
        )
        self.province, self.group, self.create, self.unique = province, group, create, unique
        self.seen: dict[object, int] = {}
        self.created = []

    def resolve(self, errors: RowErrors, key: str = "agency", *, row_key=None):
        """(agency or None, new name or "", reason); records an error and returns None on failure."""
        from agencies.matching import AgencyMatchError

        name = errors.text(key, required=True, max_length=200)
        if not name:
            return None
        try:
            match = self.matcher.match_or_create(name) if self.create else self.matcher.match(name)
        except AgencyMatchError as error:
            errors.add(key, str(error))
            return None
        identity = match.agency.pk if match.agency else ("new", match.new_name.lower())
        identity = (identity, row_key) if row_key is not None else identity
        if self.unique:
            if identity in self.seen:
                errors.add(key, f"đơn vị trùng với dòng {self.seen[identity]}")
                return None
            self.seen[identity] = errors.row.number
        return match

    def new_names(self) -> list[str]:
        return sorted(self.matcher.pending.values())

    def agency_for(self, match, outcome: Outcome):
        """The agency of `match`, creating it (once) when it is new."""
        from agencies.matching import AgencyMatchError
        from agencies.models import Agency

        if match.agency is not None:
            return match.agency
        try:  # created by an earlier row of this commit
            found = self.matcher.match(match.new_name).agency
        except AgencyMatchError:
            found = None
        if found is not None:
            return found
        agency = Agency.objects.create(
            province=self.province,
            group=self.group,
            name=match.new_name,
            kind=_agency_kind(self.group),
        )
        self.matcher.register(agency)
        self.created.append(agency)
        outcome.agencies_created += 1
        return agency


def _agency_kind(group) -> str:
    from agencies.models import Agency, AgencyGroup

    kinds = {
        AgencyGroup.Kind.DEPARTMENT: Agency.Kind.DEPARTMENT,
        AgencyGroup.Kind.DISTRICT: Agency.Kind.DISTRICT,
        AgencyGroup.Kind.COMMUNE: Agency.Kind.COMMUNE,
        AgencyGroup.Kind.CENTRAL: Agency.Kind.CENTRAL,
        AgencyGroup.Kind.SERVICE_UNIT: Agency.Kind.SERVICE_UNIT,
    }
    return kinds.get(getattr(group, "kind", None), Agency.Kind.DEPARTMENT)
