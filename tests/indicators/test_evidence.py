"""Evidence files: type and size checks, private storage, access by each persona."""

import io
import os
import zipfile

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import Resolver404, resolve, reverse

from indicators import appraisal, self_assessment
from indicators.models import Evidence
from tests.indicators.workflow_setup import *  # noqa: F403 (fixtures: clock, framework, report_a, report_b)
from tests.indicators.workflow_setup import PDF, PNG, fill, score, submitted


def _office(part: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(part, "<x/>")
    return buffer.getvalue()


def _upload(client, s, name, content):
    return client.post(
        reverse("indicators:evidence_upload", args=[s.pk]),
        {"file": SimpleUploadedFile(name, content)},
        follow=True,
    )


@pytest.mark.parametrize(
    "name,content",
    [
        ("ke-hoach.pdf", PDF),
        ("anh.png", PNG),
        ("anh.JPG", b"\xff\xd8\xff\xe0" + b"\x00" * 20),
        ("bao-cao.docx", _office("word/document.xml")),
        ("so-lieu.xlsx", _office("xl/workbook.xml")),
    ],
)
def test_reporter_uploads_each_allowed_type(report_a, reporter_client, name, content):
    s = score(report_a, "1.1")
    response = _upload(reporter_client, s, name, content)
    assert "Đã tải lên tài liệu cho tiêu chí 1.1" in response.content.decode()
    evidence = Evidence.objects.get(score=s)
    assert evidence.original_name == name and evidence.size == len(content)


@pytest.mark.parametrize(
    "name,content,message",
    [
        ("virus.exe", b"MZ\x90\x00", "chỉ nhận các định dạng"),
        ("gia-mao.pdf", PNG, "không phải là tệp .pdf hợp lệ"),
        ("gia-mao.docx", _office("xl/workbook.xml"), "không phải là tệp .docx hợp lệ"),
        ("hong.xlsx", b"PK\x03\x04broken", "không phải là tệp .xlsx hợp lệ"),
        ("khong-duoi", PDF, "chỉ nhận các định dạng"),
    ],
)
def test_upload_is_refused_by_extension_or_content(
    report_a, reporter_client, name, content, message
):
    response = _upload(reporter_client, score(report_a, "1.1"), name, content)
    assert message in response.content.decode()
    assert not Evidence.objects.exists()


def test_upload_over_the_size_limit_is_refused(report_a, reporter_client, settings):
    settings.EVIDENCE_MAX_BYTES = 100
    response = _upload(reporter_client, score(report_a, "1.1"), "lon.pdf", PDF + b"0" * 200)
    assert "vượt dung lượng tối đa" in response.content.decode()
    assert not Evidence.objects.exists()


def test_files_are_stored_under_the_private_media_root_and_no_url_serves_them(
    report_a, reporter_client
):
    _upload(reporter_client, score(report_a, "1.1"), "ke-hoach.pdf", PDF)
    evidence = Evidence.objects.get()
    path = evidence.file.path
    assert path.startswith(str(settings.MEDIA_ROOT)) and not path.startswith(
        str(settings.STATIC_ROOT)
    )
    with pytest.raises(Resolver404):
        resolve(f"{settings.MEDIA_URL}{evidence.file.name}")


@pytest.fixture
def evidence_a(report_a, reporter):
    fill(report_a, reporter)
    return Evidence.objects.get(score__report=report_a)


@pytest.mark.parametrize(
    "persona,status",
    [
        ("reporter_client", 200),
        ("staff_client", 200),
        ("supervisor_client", 200),
        ("admin_client_persona", 200),
        ("other_reporter_client", 404),
    ],
)
def test_evidence_download_by_persona(request, evidence_a, persona, status):
    client = request.getfixturevalue(persona)
    response = client.get(reverse("indicators:evidence_download", args=[evidence_a.pk]))
    assert response.status_code == status
    if status == 200:
        assert b"".join(response.streaming_content) == PDF
        assert (
            "attachment" in response["Content-Disposition"]
            and response["Cache-Control"] == "private, no-store"
        )


def test_anonymous_is_sent_to_login_for_evidence(evidence_a, anonymous):
    response = anonymous.get(reverse("indicators:evidence_download", args=[evidence_a.pk]))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_other_reporter_cannot_read_evidence_even_after_publication(
    evidence_a, other_reporter_client, report_a
):
    report_a.status = "published"
    report_a.save()
    assert (
        other_reporter_client.get(
            reverse("indicators:report_detail", args=[report_a.pk])
        ).status_code
        == 200
    )
    assert (
        other_reporter_client.get(
            reverse("indicators:evidence_download", args=[evidence_a.pk])
        ).status_code
        == 404
    )


def test_other_reporter_cannot_upload_to_or_delete_from_another_agency(
    evidence_a, other_reporter_client, report_a
):
    s = score(report_a, "1.1")
    assert _upload(other_reporter_client, s, "x.pdf", PDF).status_code == 404
    assert (
        other_reporter_client.post(
            reverse("indicators:evidence_delete", args=[evidence_a.pk])
        ).status_code
        == 404
    )
    assert Evidence.objects.count() == 1


def test_supervisor_cannot_upload_or_delete(evidence_a, supervisor_client, report_a):
    assert _upload(supervisor_client, score(report_a, "1.1"), "x.pdf", PDF).status_code == 403
    assert (
        supervisor_client.post(
            reverse("indicators:evidence_delete", args=[evidence_a.pk])
        ).status_code
        == 403
    )
    assert Evidence.objects.count() == 1


def test_reporter_deletes_evidence_while_drafting_but_not_after_submitting(
    report_a, reporter, reporter_client, django_capture_on_commit_callbacks
):
    report = submitted(report_a, reporter)
    evidence = Evidence.objects.get(score__report=report)
    response = reporter_client.post(
        reverse("indicators:evidence_delete", args=[evidence.pk]), follow=True
    )
    assert "Không thể xóa tài liệu" in response.content.decode()
    response = _upload(reporter_client, score(report, "1.1"), "them.pdf", PDF)
    assert "Không thể tải tài liệu lên" in response.content.decode()
    assert Evidence.objects.filter(score__report=report).count() == 1

    self_assessment.withdraw(report=report, user=reporter)
    path = evidence.file.path
    with django_capture_on_commit_callbacks(execute=True):
        reporter_client.post(reverse("indicators:evidence_delete", args=[evidence.pk]))
    assert not Evidence.objects.filter(pk=evidence.pk).exists()
    assert not os.path.exists(path)


def test_evidence_can_be_added_to_support_an_explanation(
    report_a, reporter, reporter_client, noivu_staff
):
    report = submitted(report_a, reporter)
    appraisal.start_appraisal(report=report, user=noivu_staff)
    report.refresh_from_db()
    rows = {s.pk: {"score": s.self_score, "comment": ""} for s in report.scores.all()}
    appraisal.appraise(report=report, user=noivu_staff, version=report.version, rows=rows)
    appraisal.request_explanation(report=report, user=noivu_staff)
    s = score(report, "2.1")
    page = reporter_client.get(
        reverse("indicators:explanation_answer", args=[report.pk])
    ).content.decode()
    assert f'name="files-{s.pk}" multiple' in page
    report.refresh_from_db()
    response = reporter_client.post(
        reverse("indicators:explanation_answer", args=[report.pk]),
        {
            "version": report.version,
            "upload": s.pk,
            f"files-{s.pk}": SimpleUploadedFile("bo-sung.pdf", PDF),
        },
        follow=True,
    )
    assert "Đã tải lên bo-sung.pdf cho tiêu chí 2.1" in response.content.decode()
    assert Evidence.objects.filter(score=s).count() == 1
