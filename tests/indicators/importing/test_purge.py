"""Nightly clean-up of uploaded import files (importing.jobs.purge_stale)."""

import os
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from indicators.importing import jobs
from indicators.tasks.imports import purge_stale_imports

DAY = 86_400


def _job(user, *, idle_days: float):
    upload = SimpleUploadedFile("ket-qua.csv", "Đơn vị;Chỉ số\nSở Xây dựng;85,02\n".encode())
    job = jobs.ImportJob.create(upload=upload, kind="results", options={}, user=user)
    then = time.time() - idle_days * DAY
    for entry in [*job.folder.iterdir(), job.folder]:
        os.utime(entry, (then, then))
    return job


@pytest.mark.django_db
def test_uploads_idle_past_the_limit_go_and_recent_or_running_ones_stay(noivu_staff, settings):
    old, recent, running = (_job(noivu_staff, idle_days=d) for d in (8, 6, 30))
    running.set_progress(10)  # a progress update is activity, whatever the upload's age
    assert jobs.purge_stale(keep_days=7) == 1
    assert not old.folder.exists()
    assert recent.folder.exists() and running.folder.exists()
    assert jobs.ImportJob.load(recent.token) is not None


@pytest.mark.django_db
def test_the_nightly_task_uses_the_configured_limit(noivu_staff, settings):
    _job(noivu_staff, idle_days=3)
    settings.IMPORT_KEEP_DAYS = 2
    assert purge_stale_imports() == 1
    assert list(jobs.root().iterdir()) == []
    assert settings.CELERY_BEAT_SCHEDULE["purge-stale-imports"]["task"] == purge_stale_imports.name


def test_nothing_to_do_without_an_imports_folder(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "empty"
    assert jobs.purge_stale() == 0
