"""F-3: a broker outage never loses an import, and never answers 500.

The task is queued with `run_import.delay`; here `delay` raises what kombu raises when
Redis is down, then works again, as after the broker's return.
"""

import os
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from kombu.exceptions import OperationalError

from indicators.importing import jobs
from indicators.models import IndexResult
from indicators.tasks.imports import run_import, sweep_imports

GOOD = "STT,Tên đơn vị,Chỉ số CCHC (%)\n1,Sở Xây dựng,91.14\n2,Sở Giao thông vận tải,85.02\n"


@pytest.fixture
def broker(monkeypatch):
    """`broker.down = True` makes publishing fail as kombu does without Redis."""

    class Broker:
        down = False
        published = []

    state = Broker()
    original = run_import.delay

    def delay(*args):
        if state.down:
            raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")
        state.published.append(args)
        return original(*args)  # eager in tests: runs here, as the worker would

    monkeypatch.setattr(run_import, "delay", delay)
    monkeypatch.setattr(jobs, "ASYNC_ROWS", 1)  # every upload counts as large
    return state


def upload(client, dept_group):
    return client.post(
        reverse("indicators:import_start"),
        {
            "kind": "results",
            "year": 2023,
            "group": dept_group.pk,
            "file": SimpleUploadedFile("ketqua.csv", GOOD.encode()),
        },
    )


def token_of(response) -> str:
    return response["Location"].rstrip("/").rsplit("/", 1)[1]


def test_with_the_broker_down_a_small_large_file_runs_in_the_request(
    staff_client, dept_group, agency_a, agency_b, broker
):
    broker.down = True
    response = upload(staff_client, dept_group)
    assert response.status_code == 302
    page = staff_client.get(response["Location"])
    assert page.status_code == 200 and "Sở Xây dựng" in page.text
    assert "xử lý ngay trên máy chủ web" in page.text
    staff_client.post(response["Location"])  # confirm: runs here too
    assert IndexResult.objects.count() == 2


def test_with_the_broker_down_a_big_file_waits_and_runs_when_it_returns(
    staff_client, dept_group, agency_a, agency_b, broker, monkeypatch
):
    monkeypatch.setattr(jobs, "INLINE_ROWS", 0)
    broker.down = True
    response = upload(staff_client, dept_group)
    assert response.status_code == 302
    token = token_of(response)
    page = staff_client.get(response["Location"])
    assert "chờ hàng đợi" in page.text and 'data-status="waiting"' in page.text
    assert jobs.ImportJob.load(token).state["status"] == jobs.Status.WAITING
    assert sweep_imports() == {"queued": 0, "requeued": 0, "failed": 0}  # still down
    assert jobs.ImportJob.load(token).state["status"] == jobs.Status.WAITING

    broker.down = False
    assert sweep_imports()["queued"] == 1
    assert jobs.ImportJob.load(token).state["status"] == jobs.Status.READY

    broker.down = True  # down again when the user confirms
    staff_client.post(reverse("indicators:import_preview", args=[token]))
    assert jobs.ImportJob.load(token).state["status"] == jobs.Status.WAITING
    broker.down = False
    sweep_imports()
    assert jobs.ImportJob.load(token).state["status"] == jobs.Status.DONE
    assert IndexResult.objects.count() == 2
    result = staff_client.get(reverse("indicators:import_result", args=[token]))
    assert result.status_code == 200


def test_a_commit_delivered_twice_writes_once(staff_client, dept_group, agency_a, agency_b, broker):
    token = token_of(upload(staff_client, dept_group))
    staff_client.post(reverse("indicators:import_preview", args=[token]))
    assert IndexResult.objects.count() == 2
    IndexResult.objects.all().delete()
    run_import(token, "commit", None)  # the same message again
    assert IndexResult.objects.count() == 0


def _age(job, seconds):
    past = time.time() - seconds
    for entry in job.folder.iterdir():
        os.utime(entry, (past, past))


def test_a_job_whose_worker_died_fails_with_a_message_instead_of_polling_forever(
    staff_client, dept_group, agency_a, broker, monkeypatch
):
    monkeypatch.setattr(run_import, "delay", lambda *args: None)  # queued, never run
    token = token_of(upload(staff_client, dept_group))
    job = jobs.ImportJob.load(token)
    job.state["status"] = jobs.Status.PREVIEWING  # a worker started, then was killed
    job.save()
    _age(job, jobs.ABANDONED_SECONDS + 1)
    assert sweep_imports()["failed"] == 1
    result = staff_client.get(reverse("indicators:import_result", args=[token]))
    assert "bị gián đoạn" in result.text


def test_a_job_whose_message_was_lost_is_queued_again(
    staff_client, dept_group, agency_a, agency_b, broker, monkeypatch
):
    lost = []
    monkeypatch.setattr(run_import, "delay", lambda *args: lost.append(args))
    token = token_of(upload(staff_client, dept_group))
    job = jobs.ImportJob.load(token)
    assert job.state["status"] == jobs.Status.UPLOADED and lost
    _age(job, 60)
    assert sweep_imports()["requeued"] == 0  # a queue may just be long
    _age(job, jobs.ABANDONED_SECONDS + 1)
    assert sweep_imports()["requeued"] == 1 and lost[-1] == (token, "preview", None)
