"""An upload between preview and confirm: a private folder keyed by a random token.

`MEDIA_ROOT/imports/<token>/` holds the uploaded file and `state.json` (kind, options,
owner, status, preview, progress, outcome). MEDIA_ROOT is never served by URL, so the
file is reachable only through the token-checked views of its owner. Confirming takes a
lock file created with O_EXCL: of two confirmations (a double click, two tabs) only the
first commits; the second just shows the first one's progress or result.
"""

import json
import logging
import os
import secrets
import shutil
import time
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from . import KINDS, ImportFailed, build_preview, commit
from .bounds import declared_rows
from .driver import Preview
from .reading import RowError

logger = logging.getLogger(__name__)

# Files estimated above this many rows are previewed and committed by a Celery task.
ASYNC_ROWS = getattr(settings, "IMPORT_ASYNC_ROWS", 5000)


class Status:
    UPLOADED = "uploaded"
    PREVIEWING = "previewing"
    READY = "ready"
    COMMITTING = "committing"
    DONE = "done"
    FAILED = "failed"


def root() -> Path:
    return Path(settings.MEDIA_ROOT) / "imports"


@dataclass
class ImportJob:
    token: str
    state: dict

    @property
    def folder(self) -> Path:
        return root() / self.token

    @property
    def path(self) -> Path:
        return self.folder / self.state["stored_name"]

    @classmethod
    def create(cls, *, upload, kind: str, options: dict, user) -> "ImportJob":
        token = secrets.token_urlsafe(24)
        suffix = Path(upload.name).suffix.lower()
        job = cls(
            token,
            {
                "kind": kind,
                "options": options,
                "user_id": user.pk,
                "filename": upload.name,
                "stored_name": f"upload{suffix}",
                "status": Status.UPLOADED,
                "created_at": timezone.now().isoformat(),
                "progress": {"done": 0, "total": 0},
                "preview": None,
                "outcome": None,
                "errors": [],
            },
        )
        job.folder.mkdir(parents=True, exist_ok=True)
        with job.path.open("wb") as handle:
            for chunk in upload.chunks():
                handle.write(chunk)
        job.state["progress"]["total"] = estimate_rows(job.path)
        job.save()
        return job

    @classmethod
    def load(cls, token: str, *, user=None) -> "ImportJob | None":
        """The job, or None when it does not exist or (with `user`) belongs to someone else."""
        if not token or "/" in token or token.startswith("."):
            return None
        try:
            state = json.loads((root() / token / "state.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if user is not None and state.get("user_id") != user.pk:
            return None
        return cls(token, state)

    def save(self):
        temporary = self.folder / "state.json.tmp"
        temporary.write_text(
            json.dumps(self.state, ensure_ascii=False, default=str), encoding="utf-8"
        )
        os.replace(temporary, self.folder / "state.json")  # readers never see half a file

    @property
    def is_large(self) -> bool:
        return self.state["progress"]["total"] > ASYNC_ROWS

    @property
    def preview(self) -> Preview | None:
        return Preview.from_dict(self.state["preview"]) if self.state.get("preview") else None

    def set_progress(self, done: int):
        self.state["progress"]["done"] = done
        self.save()

    def run_preview(self):
        self.state["status"] = Status.PREVIEWING
        self.save()
        try:
            importer = KINDS[self.state["kind"]](**self.state["options"])
            preview = build_preview(
                importer, self.path, filename=self.state["filename"], progress=self.set_progress
            )
        except Exception as error:  # never leave the page polling forever
            logger.exception("Import preview %s failed", self.token)
            self._fail([RowError(None, "", f"lỗi hệ thống khi đọc tệp: {error}")])
            return
        self.state.update(status=Status.READY, preview=preview.to_dict())
        self.state["progress"]["done"] = preview.total_rows
        self.save()

    def claim_commit(self) -> bool:
        """True for the one confirmation that may commit; False for every later one."""
        try:
            os.close(os.open(self.folder / "commit.lock", os.O_CREAT | os.O_EXCL | os.O_WRONLY))
        except FileExistsError:
            return False
        self.state.update(status=Status.COMMITTING)
        self.state["progress"]["done"] = 0
        self.save()
        return True

    def run_commit(self, *, user=None):
        try:
            outcome = commit(self.preview, user=user, progress=self.set_progress)
        except ImportFailed as failed:
            self._fail(failed.errors)
        except Exception as error:  # the transaction rolled back; say so instead of hanging
            logger.exception("Import commit %s failed", self.token)
            self._fail([RowError(None, "", f"lỗi hệ thống khi ghi: {error}")])
        else:
            self.state.update(
                status=Status.DONE,
                outcome={
                    "summary": outcome.summary(),
                    "notes": outcome.notes,
                    "created": outcome.created,
                    "updated": outcome.updated,
                },
            )
            self.save()
            self.path.unlink(missing_ok=True)  # imported: the upload is no longer needed

    def _fail(self, errors: list[RowError]):
        self.state.update(status=Status.FAILED, errors=[e.as_dict() for e in errors[:1000]])
        self.save()
        (self.folder / "commit.lock").unlink(missing_ok=True)  # a retry may be confirmed again

    @property
    def errors(self) -> list[RowError]:
        return [RowError(**error) for error in self.state.get("errors", [])]

    def delete(self):
        shutil.rmtree(self.folder, ignore_errors=True)


def purge_stale(*, keep_days: int | None = None) -> int:
    """Delete the upload folders whose last activity is older than `keep_days` (default
    `settings.IMPORT_KEEP_DAYS`): never confirmed, failed, or done and kept for their result
    page. Returns how many. Activity is the newest modification inside the folder: every
    step and every progress update rewrites `state.json`, so a running job is never stale."""
    keep_days = settings.IMPORT_KEEP_DAYS if keep_days is None else keep_days
    if not root().is_dir():
        return 0
    cutoff = time.time() - keep_days * 86_400
    purged = 0
    for folder in root().iterdir():
        if not folder.is_dir():
            continue
        last = max(
            (entry.stat().st_mtime for entry in folder.iterdir()), default=folder.stat().st_mtime
        )
        if last < cutoff:
            shutil.rmtree(folder, ignore_errors=True)
            purged += 1
    if purged:
        logger.info(
            "Import clean-up: %d upload folder(s) older than %d days deleted", purged, keep_days
        )
    return purged


def estimate_rows(path: Path) -> int:
    """Roughly how many rows: lines of a CSV, the declared dimension of an XLSX sheet.

    Runs in the web request, so it inflates nothing but the first kilobytes of each
    worksheet (`bounds.declared_rows`): a zip bomb is found by the preview, not here."""
    with path.open("rb") as handle:
        head = handle.read(4)
        if head != b"PK\x03\x04":
            handle.seek(0)
            return sum(chunk.count(b"\n") for chunk in iter(lambda: handle.read(1 << 20), b""))
    try:
        with zipfile.ZipFile(path) as archive:
            return declared_rows(archive)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, zlib.error):
        return 0  # a broken file: the preview will say what is wrong
