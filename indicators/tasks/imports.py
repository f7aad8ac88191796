"""Large imports in the background: preview or commit one uploaded file by its token.

`run_import` acknowledges its message when it starts (not acks_late): an import may run
for half an hour, and a message redelivered only after that long would hold back every
other task's redelivery (the broker has one visibility timeout). A worker that dies
mid-import leaves the job silent; `sweep_imports` fails it and the page says so.
"""

from celery import shared_task
from django.contrib.auth import get_user_model

from indicators.importing.jobs import ImportJob, Status, hand_over, purge_stale, sweep


@shared_task(
    name="indicators.tasks.run_import", acks_late=False, soft_time_limit=1700, time_limit=1800
)
def run_import(token: str, step: str, user_id: int | None = None) -> str:
    """`step` is "preview" or "commit"; progress is written to the job for the page to poll."""
    job = ImportJob.load(token)
    if job is None:
        return "missing"
    if step == "preview":
        if job.state["status"] not in (Status.UPLOADED, Status.PREVIEWING):
            return job.state["status"]  # a second delivery: the preview is done
        job.run_preview()
    else:
        user = get_user_model().objects.filter(pk=user_id).first() if user_id else None
        job.run_step("commit", user=user)
    return job.state["status"]


def queue_import(job: ImportJob, step: str, *, user=None) -> str:
    """Hand `step` of a large job to the worker: "queued", "inline" or "waiting"."""
    return hand_over(job, step, enqueue=run_import.delay, user=user)


@shared_task(name="indicators.tasks.sweep_imports", soft_time_limit=50, time_limit=60)
def sweep_imports() -> dict:
    """Every few minutes: queue the jobs that waited for the broker, and end the ones that
    lost their worker or their message."""
    return sweep(enqueue=run_import.delay)


@shared_task(name="indicators.tasks.purge_stale_imports", soft_time_limit=300, time_limit=360)
def purge_stale_imports() -> int:
    """Nightly: uploads left longer than `IMPORT_KEEP_DAYS` go (their data, if any, is imported)."""
    return purge_stale()
