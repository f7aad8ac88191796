"""An upload between preview and confirm: a private folder keyed by a random token.

`MEDIA_ROOT/imports/<token>/` holds the uploaded file and `state.json` (kind, options,
owner, status, preview, progress, outcome). MEDIA_ROOT is never served by URL, so the
file is reachable only through the token-checked views of its owner. Confirming takes a
lock file created with O_EXCL: of two confirmations (a double click, two tabs) only the
first commits; the second just shows the first one's progress or result.

A large job's steps run on the worker (`hand_over`). When the broker refuses the task, a
job small enough runs in the request instead, and a larger one waits (`Status.WAITING`,
"chờ hàng đợi") for `sweep`, which the beat runs every few minutes once the broker is
back: it queues waiting jobs again, queues again a job whose message was lost, and fails
a job whose worker died mid-step (its transaction rolled back), so no page polls forever.
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
from django.utils import timezone, translation
from django.utils.translation import gettext

from agencies.spreadsheets import declared_rows

from . import KINDS, ImportFailed, build_preview, commit
from .driver import Preview
from .reading import RowError

logger = logging.getLogger(__name__)

# Files estimated above this many rows are previewed and committed by a Celery task.
ASYNC_ROWS = getattr(settings, "IMPORT_ASYNC_ROWS", 5000)
# With the broker down, a job up to this many rows runs in the web request instead; the
# preview reads about a thousand rows a second, well within the web server's timeout.
INLINE_ROWS = settings.IMPORT_INLINE_ROWS
# A step silent for longer than the import task may run (its hard time limit, 30 minutes,
# plus a margin) lost its worker or its message: every step rewrites state.json as it goes.
ABANDONED_SECONDS = 1800 + 300


class Status:
    UPLOADED = "uploaded"
    PREVIEWING = "previewing"
    READY = "ready"
    COMMITTING = "committing"
    WAITING = "waiting"  # the broker refused the task: `sweep` queues it again
    DONE = "done"
    FAILED = "failed"

    IN_PROGRESS = (UPLOADED, PREVIEWING, COMMITTING, WAITING)


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
                # Messages of the preview and the result are written in the importer's
                # language, in the request or in the worker.
                "language": translation.get_language() or settings.LANGUAGE_CODE,
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
    def may_run_inline(self) -> bool:
        return self.state["progress"]["total"] <= INLINE_ROWS

    @property
    def preview(self) -> Preview | None:
        return Preview.from_dict(self.state["preview"]) if self.state.get("preview") else None

    def set_progress(self, done: int):
        self.state["progress"]["done"] = done
        self.save()

    def language(self):
        """The importer's language, for the messages a step writes (in the worker too)."""
        return translation.override(self.state.get("language") or settings.LANGUAGE_CODE)

    def run_preview(self):
        with self.language():
            self._run_preview()

    def _run_preview(self):
        self.state["status"] = Status.PREVIEWING
        self.save()
        try:
            importer = KINDS[self.state["kind"]](**self.state["options"])
            preview = build_preview(
                importer, self.path, filename=self.state["filename"], progress=self.set_progress
            )
        except Exception as error:  # never leave the page polling forever
            logger.exception("Import preview %s failed", self.token)
            self._fail(
                [
                    RowError(
                        None, "", gettext("lỗi hệ thống khi đọc tệp: {error}").format(error=error)
                    )
                ]
            )
            return
        self.state.update(status=Status.READY, preview=preview.to_dict())
        self.state["progress"]["done"] = preview.total_rows
        self.save()

    def claim_commit(self) -> bool:
        """True for the one confirmation that may commit; False for every later one."""
        if not _create_exclusively(self.folder / "commit.lock"):
            return False
        self.state.update(status=Status.COMMITTING)
        self.state["progress"]["done"] = 0
        self.save()
        return True

    def run_commit(self, *, user=None):
        with self.language():
            self._run_commit(user=user)

    def _run_commit(self, *, user=None):
        try:
            outcome = commit(self.preview, user=user, progress=self.set_progress)
        except ImportFailed as failed:
            self._fail(failed.errors)
        except Exception as error:  # the transaction rolled back; say so instead of hanging
            logger.exception("Import commit %s failed", self.token)
            self._fail(
                [RowError(None, "", gettext("lỗi hệ thống khi ghi: {error}").format(error=error))]
            )
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

    def start_commit(self) -> bool:
        """True for the one delivery of the commit task that may write; a second delivery
        of the same message (or a sweep's re-queue racing the first) finds the mark."""
        return _create_exclusively(self.folder / "commit.started")

    @property
    def commit_started(self) -> bool:
        return (self.folder / "commit.started").exists()

    def run_step(self, step: str, *, user=None):
        if step == "preview":
            self.run_preview()
        elif self.start_commit():
            self.run_commit(user=user)

    def wait_for_queue(self, step: str, *, user_id: int | None):
        """Park the job until `sweep` can queue `step` again."""
        self.state.update(
            status=Status.WAITING,
            waiting={"step": step, "user_id": user_id, "since": timezone.now().isoformat()},
        )
        self.save()
        (self.folder / "waiting").touch()

    def take_waiting(self) -> dict | None:
        """The parked step, for one sweep only: the marker file is renamed away, which
        succeeds for exactly one of two sweeps racing for it."""
        try:
            os.rename(self.folder / "waiting", self.folder / "waiting.taken")
        except FileNotFoundError:
            return None
        waiting = self.state.get("waiting") or {}
        self.state["status"] = (
            Status.COMMITTING if waiting.get("step") == "commit" else (Status.UPLOADED)
        )
        self.save()
        (self.folder / "waiting.taken").unlink(missing_ok=True)
        return waiting

    def idle_seconds(self) -> float:
        """Seconds since anything in the job's folder last changed."""
        entries = list(self.folder.iterdir())
        last = max((entry.stat().st_mtime for entry in entries), default=time.time())
        return time.time() - last

    def _fail(self, errors: list[RowError]):
        self.state.update(status=Status.FAILED, errors=[e.as_dict() for e in errors[:1000]])
        self.save()
        # a retry may be confirmed again
        (self.folder / "commit.lock").unlink(missing_ok=True)
        (self.folder / "commit.started").unlink(missing_ok=True)

    @property
    def errors(self) -> list[RowError]:
        return [RowError(**error) for error in self.state.get("errors", [])]

    def delete(self):
        shutil.rmtree(self.folder, ignore_errors=True)


def _create_exclusively(path: Path) -> bool:
    try:
        os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY))
    except FileExistsError:
        return False
    return True


def hand_over(job: ImportJob, step: str, *, enqueue, user=None) -> str:
    """Queue `step` ("preview" or "commit") of a large job with `enqueue(token, step,
    user_id)`; returns "queued", or, when the broker refuses it, "inline" (run here, small
    enough) or "waiting" (parked for `sweep`)."""
    user_id = user.pk if user is not None else None
    try:
        enqueue(job.token, step, user_id)
    except Exception:  # kombu's OperationalError, redis' ConnectionError, a timeout…
        logger.exception("Import %s: could not queue the %s step", job.token, step)
        if job.may_run_inline:
            job.run_step(step, user=user)
            return "inline"
        job.wait_for_queue(step, user_id=user_id)
        return "waiting"
    return "queued"


INTERRUPTED = (
    "việc xử lý bị gián đoạn (máy chủ xử lý nền dừng giữa chừng); chưa có dữ liệu nào được "
    "ghi, hãy tải tệp lên lại"
)


def sweep(*, enqueue) -> dict[str, int]:
    """Queue waiting jobs again; queue again a step whose message was lost; fail a step
    whose worker died. Returns how many of each."""
    counts = {"queued": 0, "requeued": 0, "failed": 0}
    for job in _jobs():
        status = job.state["status"]
        if status == Status.WAITING:
            waiting = job.take_waiting()
            if waiting is None:
                continue
            try:
                enqueue(job.token, waiting["step"], waiting.get("user_id"))
            except Exception:  # still down: park it again for the next sweep
                logger.warning("Import %s: the broker still refuses it", job.token)
                job.wait_for_queue(waiting["step"], user_id=waiting.get("user_id"))
            else:
                counts["queued"] += 1
        elif status in Status.IN_PROGRESS and job.is_large:
            if job.idle_seconds() < ABANDONED_SECONDS:
                continue
            if status == Status.PREVIEWING or job.commit_started:
                job._fail([RowError(None, "", INTERRUPTED)])
                counts["failed"] += 1
            else:  # never started: its message was lost (a broker restarted empty)
                job.save()  # counts as activity: one re-queue per period
                enqueue(job.token, "commit" if status == Status.COMMITTING else "preview", None)
                counts["requeued"] += 1
    return counts


def _jobs():
    if not root().is_dir():
        return
    for folder in root().iterdir():
        job = ImportJob.load(folder.name) if folder.is_dir() else None
        if job is not None:
            yield job


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
