"""Large imports in the background: preview or commit one uploaded file by its token."""

from celery import shared_task
from django.contrib.auth import get_user_model

from indicators.importing.jobs import ImportJob, purge_stale


@shared_task(
    name="indicators.tasks.run_import", acks_late=True, soft_time_limit=1700, time_limit=1800
)
def run_import(token: str, step: str, user_id: int | None = None) -> str:
    """`step` is "preview" or "commit"; progress is written to the job for the page to poll."""
    job = ImportJob.load(token)
    if job is None:
        return "missing"
    if step == "preview":
        job.run_preview()
    else:
        user = get_user_model().objects.filter(pk=user_id).first() if user_id else None
        job.run_commit(user=user)
    return job.state["status"]


@shared_task(name="indicators.tasks.purge_stale_imports", soft_time_limit=300, time_limit=360)
def purge_stale_imports() -> int:
    """Nightly: uploads left longer than `IMPORT_KEEP_DAYS` go (their data, if any, is imported)."""
    return purge_stale()
