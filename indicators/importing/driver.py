"""The import driver: parse all rows → preview → commit atomically, for every kind.

- `build_preview` reads the whole file once, streaming, and keeps every error, the first
  `PREVIEW_ROWS` parsed rows for display, and nothing else, so memory stays flat;
- `commit` reads the file again inside ONE `transaction.atomic()` and writes in batches. Any
  error, including one the preview could not see (a row changed in between), raises
  `ImportFailed` and rolls everything back: an import writes all of its rows or none.

`KINDS` maps a kind's name to its importer: the preview is stored as plain data between
the two steps (in the job's state file), and the commit builds a fresh importer from it.
"""

import hashlib
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext as _

from agencies.models import Province

from .agencies import AgencyImporter
from .base import Importer, ImportFailed, Outcome, RowErrors
from .criteria import CriteriaImporter
from .procedures import ProcedureImporter
from .reading import FileProblem, RowError, TableReader
from .results import ResultImporter
from .scores import ScoreImporter
from .service_index import ServiceIndexImporter
from .targets import TargetImporter

KINDS = {
    importer.kind: importer
    for importer in (
        ResultImporter,
        AgencyImporter,
        CriteriaImporter,
        ScoreImporter,
        ProcedureImporter,
        ServiceIndexImporter,
        TargetImporter,
    )
}
# Which options each kind needs (the web form and the commands ask for these).
NEEDS_YEAR = {"results", "criteria", "scores"}
NEEDS_GROUP = {"results", "criteria", "scores"}

PREVIEW_ROWS = 2000
MAX_ERRORS = 1000
BATCH_SIZE = 1000


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
        on_error(RowError(None, "", _("tệp không có dòng dữ liệu nào dưới dòng tiêu đề")))
    preview.errors.sort(key=lambda error: error.row or 0)
    preview.warnings = reader.warnings[:200]
    preview.new_agencies = importer.new_agencies()
    return preview


def commit(
    preview: Preview, *, user=None, progress: Callable[[int], None] | None = None
) -> Outcome:
    """Write the previewed file in one transaction; raises ImportFailed and writes nothing on any
    error."""
    if not preview.ok:
        raise ImportFailed(preview.errors or [RowError(None, "", _("tệp không có dữ liệu hợp lệ"))])
    if file_sha256(preview.path) != preview.sha256:
        raise ImportFailed(
            [RowError(None, "", _("tệp đã thay đổi sau khi xem trước; hãy tải lên lại"))]
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
        # Whatever the kind, the file changed what the province's dashboards show.
        Province.objects.filter(pk=preview.options.get("province_id")).bump_data_version()
    if progress:
        progress(done)
    return outcome
