"""The agency's explanation page: an evidence upload (several files at once) never loses
the text typed in any row, the text is kept as a draft, and sending asks for a confirmation
that says it cannot be taken back. Each refusal names the condition that applies."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from indicators import appraisal
from indicators.models import AnnualReport, Evidence
from tests.indicators.workflow_setup import *  # noqa: F403 (fixtures: clock, framework, report_a, report_b)
from tests.indicators.workflow_setup import EXPLANATION_DEADLINE, PDF, PNG, score, submitted

Status = AnnualReport.Status


@pytest.fixture
def asked(report_a, reporter, noivu_staff):
    """Report A back with the agency for its explanation; 2.1 was lowered from 4 to 2."""
    report = submitted(report_a, reporter)
    appraisal.start_appraisal(report=report, user=noivu_staff)
    report.refresh_from_db()
    rows = {s.pk: {"score": s.self_score, "comment": ""} for s in report.scores.all()}
    s21 = score(report, "2.1")
    rows[s21.pk] = {"score": 2, "comment": "Chưa có số liệu quý IV"}
    appraisal.appraise(report=report, user=noivu_staff, version=report.version, rows=rows)
    report = appraisal.request_explanation(report=report, user=noivu_staff)
    report.refresh_from_db()
    return report


def _url(report):
    return reverse("indicators:explanation_answer", args=[report.pk])


def _typed(report):
    """The texts a reporter has typed in two rows, as the page posts them."""
    s11, s21 = score(report, "1.1"), score(report, "2.1")
    return {
        "version": report.version,
        f"s{s11.pk}-explanation": "",
        f"s{s21.pk}-explanation": "Số liệu quý IV có tại công văn 15/SXD",
    }


def test_uploading_files_keeps_the_text_typed_in_every_row(asked, reporter_client):
    """Before, the upload was a form of its own: the page reloaded and the text was gone."""
    report = asked
    s12 = score(report, "1.2")
    data = {
        **_typed(report),
        "upload": s12.pk,
        f"files-{s12.pk}": [
            SimpleUploadedFile("cong-van.pdf", PDF),
            SimpleUploadedFile("anh-chup.png", PNG),
        ],
    }
    response = reporter_client.post(_url(report), data, follow=True)
    page = response.content.decode()
    assert "Số liệu quý IV có tại công văn 15/SXD" in page  # back in its textarea
    assert sorted(Evidence.objects.filter(score=s12).values_list("original_name", flat=True)) == [
        "anh-chup.png",
        "cong-van.pdf",
    ]
    report.refresh_from_db()
    assert report.status == Status.EXPLANATION_REQUESTED  # a draft, not sent
    assert score(report, "2.1").explanation == "Số liệu quý IV có tại công văn 15/SXD"


def test_an_htmx_upload_answers_the_rows_files_and_the_new_version(asked, reporter_client):
    report = asked
    s11 = score(report, "1.1")
    data = {**_typed(report), "upload": s11.pk, f"files-{s11.pk}": SimpleUploadedFile("a.pdf", PDF)}
    response = reporter_client.post(_url(report), data, HTTP_HX_REQUEST="true")
    page = response.content.decode()
    assert response.status_code == 200
    report.refresh_from_db()
    assert f'id="explanation-version" value="{report.version}"' in page
    assert "Đã tải lên: a.pdf" in page


def test_a_refused_file_is_named_and_the_text_is_still_kept(asked, reporter_client):
    report = asked
    s12 = score(report, "1.2")
    data = {
        **_typed(report),
        "upload": s12.pk,
        f"files-{s12.pk}": [
            SimpleUploadedFile("virus.exe", b"MZ"),
            SimpleUploadedFile("ok.pdf", PDF),
        ],
    }
    page = reporter_client.post(_url(report), data, follow=True).content.decode()
    assert "virus.exe" in page and "chỉ nhận các định dạng" in page
    assert "Số liệu quý IV có tại công văn 15/SXD" in page
    assert list(Evidence.objects.filter(score=s12).values_list("original_name", flat=True)) == [
        "ok.pdf"
    ]


def test_a_stale_page_is_refused_and_shows_what_was_typed(asked, reporter_client, reporter):
    report = asked
    stale = _typed(report)
    appraisal.save_explanation_draft(  # a colleague saved meanwhile
        report=report, user=reporter, version=report.version, answers={}
    )
    page = reporter_client.post(_url(report), {**stale, "save_draft": "1"}).content.decode()
    assert "sau khi bạn mở trang" in page
    assert "Số liệu quý IV có tại công văn 15/SXD" in page
    assert score(report, "2.1").explanation == ""


def test_sending_asks_for_confirmation_first(asked, reporter_client):
    report = asked
    response = reporter_client.post(_url(report), {**_typed(report), "send": "1"})
    assert response.status_code == 302 and response["Location"].endswith("?gui=1")
    report.refresh_from_db()
    assert report.status == Status.EXPLANATION_REQUESTED
    confirm = reporter_client.get(response["Location"]).content.decode()
    assert "Xác nhận gửi giải trình" in confirm and "không sửa được giải trình nữa" in confirm
    assert "Số liệu quý IV có tại công văn 15/SXD" in confirm
    response = reporter_client.post(
        _url(report), {"version": report.version, "confirm": "1"}, follow=True
    )
    assert "Đã gửi giải trình tới Sở Nội vụ" in response.content.decode()
    report.refresh_from_db()
    assert (report.status, report.appraisal_round) == (Status.UNDER_APPRAISAL, 2)
    assert score(report, "2.1").explanation == "Số liệu quý IV có tại công văn 15/SXD"


def test_after_its_deadline_the_page_says_so_and_the_step_is_shown_disabled(
    asked, reporter_client, reporter, clock
):
    report = asked
    clock.move_to(EXPLANATION_DEADLINE + datetime.timedelta(minutes=1))
    reporter_client.force_login(reporter)
    page = reporter_client.get(_url(report), follow=True).content.decode()
    assert "Đã quá hạn giải trình (17:00 10/01/2024); liên hệ Sở Nội vụ nếu cần gia hạn." in page
    assert 'aria-describedby="refusal-step">Giải trình</button>' in page


def test_the_typed_text_is_kept_as_a_draft_as_soon_as_a_row_is_left(asked, reporter_client):
    """htmx posts the form when a textarea changes: the draft is saved, the page takes the
    new version token and the draft status, nothing is sent."""
    report = asked
    response = reporter_client.post(
        _url(report), {**_typed(report), "save_draft": "1"}, HTTP_HX_REQUEST="true"
    )
    page = response.content.decode()
    report.refresh_from_db()
    assert f'id="explanation-version" value="{report.version}"' in page
    assert "Đã lưu nháp lúc" in page
    assert report.status == Status.EXPLANATION_REQUESTED
    assert score(report, "2.1").explanation == "Số liệu quý IV có tại công văn 15/SXD"


def test_an_htmx_upload_from_a_stale_page_says_why_in_the_row_and_stores_nothing(
    asked, reporter_client, reporter
):
    report = asked
    s12 = score(report, "1.2")
    stale = {
        **_typed(report),
        "upload": s12.pk,
        f"files-{s12.pk}": SimpleUploadedFile("a.pdf", PDF),
    }
    appraisal.save_explanation_draft(
        report=report, user=reporter, version=report.version, answers={}
    )
    page = reporter_client.post(_url(report), stale, HTTP_HX_REQUEST="true").content.decode()
    row = page.split(f'id="evidence-{s12.pk}"')[1].split("</td>")[0]
    assert "sau khi bạn mở trang" in row
    assert f'id="explanation-version" value="{report.version}"' in page  # the page's own token
    assert not Evidence.objects.filter(score=s12).exists()


def test_the_confirmation_names_the_lowered_criteria_left_unexplained(asked, reporter_client):
    page = reporter_client.get(_url(asked) + "?gui=1").content.decode()
    assert "Chưa có giải trình cho tiêu chí nào" in page
    assert "Thẩm định khác điểm tự chấm nhưng chưa có giải trình: 2.1." in page
