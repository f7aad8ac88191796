"""The import pages: upload → preview → confirm → result, permissions, large files, downloads."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from indicators.importing import KINDS, build_preview, commit, jobs
from indicators.models import IndexResult, PublishedEdition
from tests.conftest import client_for
from tests.factories import AgencyGroupFactory, ProvinceFactory, UserFactory

from .conftest import row_counts

GOOD = (
    'STT,Tên đơn vị,Chỉ số CCHC (%),Xếp loại\n1,Sở Xây dựng,"91,14",Xuất sắc\n2,Sở GTVT,85.02,Tốt\n'
)
BAD = 'STT,Tên đơn vị,Chỉ số CCHC (%)\n1,Sở Xây dựng,"1.234,5.6"\n2,Sở Không Có,80\n'


def upload(client, dept_group, content: str, name="ketqua.csv", **extra):
    data = {
        "kind": "results",
        "year": 2023,
        "group": dept_group.pk,
        "file": SimpleUploadedFile(name, content.encode()),
        **extra,
    }
    return client.post(reverse("indicators:import_start"), data)


def test_staff_previews_every_row_then_confirms_one_atomic_write(
    staff_client, dept_group, agency_a, agency_b
):
    response = upload(staff_client, dept_group, GOOD)
    assert response.status_code == 302
    preview_url = response["Location"]
    page = staff_client.get(preview_url)
    assert page.status_code == 200
    assert page.context["preview"].total_rows == 2
    assert "trùng sau khi chuẩn hóa" in page.content.decode()  # "Sở GTVT" explained
    assert IndexResult.objects.count() == 0  # preview writes nothing
    result = staff_client.post(preview_url, follow=True)
    assert result.templates[0].name == "indicators/imports/result.html"
    assert IndexResult.objects.get(agency=agency_a).published_band == "Xuất sắc"
    staff_client.post(preview_url)  # a double click
    assert IndexResult.objects.count() == 2 and PublishedEdition.objects.count() == 1


def test_preview_lists_errors_by_row_and_column_and_confirm_writes_nothing(
    staff_client, dept_group, agency_a
):
    preview_url = upload(staff_client, dept_group, BAD)["Location"]
    page = staff_client.get(preview_url).content.decode()
    assert "không rõ ràng" in page and "không tìm thấy đơn vị" in page
    assert "Xác nhận ghi" not in page
    before = row_counts()
    staff_client.post(preview_url)
    assert row_counts() == before


def test_the_form_requires_year_and_group_for_results(staff_client):
    response = staff_client.post(
        reverse("indicators:import_start"),
        {"kind": "results", "file": SimpleUploadedFile("a.csv", b"x")},
    )
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"year", "group"}


@pytest.mark.parametrize(
    "persona", ["reporter_client", "supervisor_client", "other_reporter_client"]
)
def test_only_staff_may_import(persona, request):
    client = request.getfixturevalue(persona)
    assert client.get(reverse("indicators:import_start")).status_code == 403


def test_anonymous_is_sent_to_login(anonymous, db):
    response = anonymous.get(reverse("indicators:import_start"))
    assert response.status_code == 302 and "dang-nhap" in response["Location"]


def test_another_users_upload_token_is_not_found(staff_client, dept_group, agency_a, province):
    preview_url = upload(staff_client, dept_group, GOOD)["Location"]
    colleague = UserFactory(username="noivu2")
    from agencies.models import Membership

    Membership.objects.create(user=colleague, role=Membership.Role.NOIVU, province=province)
    assert client_for(colleague).get(preview_url).status_code == 404
    assert client_for(colleague).post(preview_url).status_code == 404
    assert IndexResult.objects.count() == 0


def test_large_files_run_as_a_task_and_report_progress(
    staff_client, dept_group, agency_a, agency_b, monkeypatch
):
    monkeypatch.setattr(jobs, "ASYNC_ROWS", 1)  # Celery runs eagerly in tests
    preview_url = upload(staff_client, dept_group, GOOD)["Location"]
    token = preview_url.rstrip("/").rsplit("/", 1)[1]
    progress = staff_client.get(
        reverse("indicators:import_progress", args=[token]), HTTP_HX_REQUEST="true"
    )
    assert progress["HX-Redirect"] == preview_url
    staff_client.post(preview_url)
    job = jobs.ImportJob.load(token)
    assert job.state["status"] == jobs.Status.DONE and job.state["progress"]["done"] == 2
    assert IndexResult.objects.count() == 2


def test_progress_page_polls_while_the_task_runs(staff_client, dept_group, agency_a, monkeypatch):
    monkeypatch.setattr(
        "indicators.tasks.imports.run_import.delay", lambda *args: None
    )  # a worker that has not started
    monkeypatch.setattr(jobs, "ASYNC_ROWS", 1)
    preview_url = upload(staff_client, dept_group, GOOD)["Location"]
    page = staff_client.get(preview_url)
    assert page.templates[0].name == "indicators/imports/progress.html"
    token = preview_url.rstrip("/").rsplit("/", 1)[1]
    fragment = staff_client.get(
        reverse("indicators:import_progress", args=[token]), HTTP_HX_REQUEST="true"
    )
    assert b"<progress" in fragment.content and b"hx-trigger" in fragment.content


def test_template_download_is_an_xlsx_with_vietnamese_headers(staff_client):
    response = staff_client.get(reverse("indicators:import_template", args=["results"]))
    workbook = load_workbook(io.BytesIO(response.content), read_only=True)
    headers = next(workbook["Dữ liệu"].iter_rows(values_only=True))
    assert "Chỉ số CCHC (%)" in headers and "Hướng dẫn" in workbook.sheetnames


def _edition(province, group, tmp_path):
    path = tmp_path / "f.csv"
    path.write_text(GOOD, encoding="utf-8")
    commit(
        build_preview(KINDS["results"](province_id=province.pk, group_id=group.pk, year=2023), path)
    )
    return PublishedEdition.objects.get(framework__province=province)


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_readers_download_an_edition_as_published(
    supervisor_client, province, dept_group, agency_a, agency_b, tmp_path, fmt
):
    edition = _edition(province, dept_group, tmp_path)
    response = supervisor_client.get(reverse("indicators:edition_export", args=[edition.pk, fmt]))
    assert response.status_code == 200 and response["X-Content-SHA256"] == edition.content_hash
    if fmt == "csv":
        lines = response.content.decode("utf-8-sig").splitlines()
        assert lines[0].startswith("Xếp hạng chỉ số CCHC") and "Quyết định số" in lines[1]
        assert lines[2].startswith("Xếp hạng;Tên đơn vị") and "Sở Xây dựng" in lines[3]
        assert "91,14" in lines[3]


def test_an_edition_of_another_province_is_not_found(staff_client, tmp_path, db):
    other = ProvinceFactory(code="XX")
    group = AgencyGroupFactory(province=other)
    from tests.factories import AgencyFactory

    AgencyFactory(group=group, name="Sở Xây dựng")
    AgencyFactory(group=group, name="Sở Giao thông vận tải")
    edition = _edition(other, group, tmp_path)
    assert (
        staff_client.get(
            reverse("indicators:edition_export", args=[edition.pk, "xlsx"])
        ).status_code
        == 404
    )


def test_a_long_preview_puts_its_decision_above_the_first_fifty_rows(staff_client, dept_group):
    lines = ["STT,Tên đơn vị,Chỉ số CCHC (%)"] + [
        f'{i},UBND xã Thử Nghiệm {i:03d},"8{i % 10},5"' for i in range(1, 121)
    ]
    preview_url = upload(staff_client, dept_group, "\n".join(lines) + "\n", create_agencies="on")[
        "Location"
    ]
    page = staff_client.get(preview_url).content.decode()
    assert page.index("data-confirm-import") < page.index('id="import-rows"')
    assert 'data-busy="Đang ghi 120 dòng…"' in page
    assert page.split('id="import-rows"')[1].count("<tr><td>") == 50
    assert "Hiện 50 dòng đầu trên 120 dòng" in page
    everything = staff_client.get(preview_url, {"xem": "dong"}).content.decode()
    assert "UBND xã Thử Nghiệm 120</td>" in everything
