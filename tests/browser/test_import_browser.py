"""The import flow in Chromium: upload, htmx progress while a worker checks the file, preview,
confirm."""

import pytest

from indicators.importing import jobs
from indicators.models import IndexResult
from tests.browser.conftest import login, save_artifact

pytestmark = pytest.mark.browser

CSV = 'STT,Tên đơn vị,Chỉ số CCHC (%)\n1,Sở Xây dựng,"91,14"\n2,Sở GTVT,85.02\n'


@pytest.mark.django_db(transaction=True)
def test_staff_imports_a_file_watching_the_progress_bar(
    page, live_server, noivu_staff, dept_group, agency_a, agency_b, tmp_path, monkeypatch
):
    queued = []
    monkeypatch.setattr(jobs, "ASYNC_ROWS", 1)
    monkeypatch.setattr(
        "indicators.tasks.imports.run_import.delay", lambda *args: queued.append(args)
    )
    path = tmp_path / "ketqua.csv"
    path.write_text(CSV, encoding="utf-8")
    login(page, live_server, "noivu")
    page.goto(f"{live_server.url}/nhap-du-lieu/")
    page.select_option("#id_kind", "results")
    page.set_input_files("#id_file", str(path))
    page.fill("#id_year", "2023")
    page.select_option("#id_group", str(dept_group.pk))
    page.click("main button[type=submit]")
    page.wait_for_selector("#import-progress progress")
    jobs.ImportJob.load(queued[0][0]).run_preview()  # the worker finishes; htmx polls and moves on
    page.wait_for_selector("#import-rows", timeout=10000)
    assert "Sở Giao thông vận tải" in page.inner_text("#import-rows")
    save_artifact(page, "import-preview.png")
    page.click("text=Xác nhận ghi 2 dòng")
    page.wait_for_selector("#import-progress progress")
    jobs.ImportJob.load(queued[1][0]).run_commit()
    page.wait_for_selector("#import-outcome", timeout=10000)
    assert "2 dòng mới" in page.inner_text("#import-outcome")
    assert IndexResult.objects.count() == 2
    assert page.console_errors == [] and page.foreign_requests == []
