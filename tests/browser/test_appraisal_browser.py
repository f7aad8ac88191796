"""Appraisal at the speed of the job, in a browser on the demo loaded today: Sở Nội vụ
accepts every untouched self-score with one click, lowers one criterion with a comment
(saved as it is typed, the live total and rank following), filters the rows that differ
and asks for an explanation; Sở Xây dựng types its explanation, uploads two files at once
without losing a word of it, and sends after the confirmation.

Screenshots go to /tmp/shots-appraise/ (look at them after a change to these pages)."""

import io
import os
import re

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from agencies.models import Agency
from indicators import self_assessment
from indicators.models import AnnualReport, Evidence
from tests.browser.conftest import login

pytestmark = pytest.mark.browser
Status = AnnualReport.Status
SHOTS = os.environ.get("APPRAISE_SHOTS", "/tmp/shots-appraise")
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
EXPLANATION = "Kế hoạch ban hành đúng hạn theo ngày ký; gửi kèm bản chụp sổ văn bản đi."


class Camera:
    def __init__(self, page):
        self.page, self.count = page, 0
        os.makedirs(SHOTS, exist_ok=True)

    def shoot(self, name: str, *, full_page: bool = False):
        self.count += 1
        self.page.screenshot(path=f"{SHOTS}/{self.count:02}-{name}.png", full_page=full_page)


def sign_in(page, live_server, username):
    page.context.clear_cookies()
    login(page, live_server, username)


def click(page, selector: str):
    with page.expect_navigation():
        page.click(selector)


def messages(page) -> str:
    return page.locator(".messages").inner_text() if page.locator(".messages").count() else ""


def submit_the_draft(report, user):
    """Sở Xây dựng finishes its draft (the browser part of that is test_annual_cycle's)."""
    rows = {
        s.pk: {
            "self_score": s.max_points if s.self_score is None else s.self_score,
            "not_applicable": False,
            "self_note": s.self_note,
            "missing_evidence_reason": s.missing_evidence_reason or "Bản giấy lưu tại đơn vị.",
        }
        for s in report.scores.filter(not_applicable=False)
    }
    self_assessment.save_draft(report=report, user=user, version=report.version, rows=rows)
    return self_assessment.submit(report=report, user=user)


def test_accept_change_one_ask_then_explain_with_files(
    page, live_server, transactional_db, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("load_demo", stdout=io.StringIO())
    xay_dung = Agency.objects.get(province__code="HT", name="Sở Xây dựng", valid_from=None)
    report = AnnualReport.objects.get(agency=xay_dung, framework__is_open=True)
    report = submit_the_draft(report, get_user_model().objects.get(username="sxd"))
    camera = Camera(page)
    url = f"{live_server.url}/tham-dinh/bao-cao/{report.pk}/"

    # 1. noivu starts round 1 and accepts every untouched self-score with one click.
    sign_in(page, live_server, "noivu")
    page.goto(url)
    click(page, "button:has-text('Bắt đầu thẩm định')")
    assert page.locator("#finish-appraisal").is_disabled()
    assert "còn" in page.locator("#refusal-finish").inner_text()
    camera.shoot("noivu-started")
    untouched = report.scores.filter(not_applicable=False).count()
    assert f"cho {untouched} tiêu chí" in page.locator("#accept-all").inner_text()
    click(page, "#accept-all")
    assert f"Đã đồng ý điểm tự chấm của {untouched} tiêu chí" in messages(page)
    assert page.locator("#accept-all").count() == 0
    assert page.locator("#finish-appraisal").is_enabled()
    camera.shoot("noivu-accepted-all")
    total_before = page.locator("[data-kpi='appraised-total']").inner_text()
    assert re.fullmatch(r"\d+/\d+", page.locator("[data-kpi='appraised-rank']").inner_text())

    # 2. One criterion lowered with a comment: saved by itself, the total follows.
    disputed = (
        report.scores.filter(self_score__gt=0, not_applicable=False)
        .select_related("criterion")
        .order_by("criterion__order")
        .first()
    )
    row = page.locator(f"#row-{disputed.pk}")
    row.locator("input.score-input").fill("0")
    row.locator("textarea").fill("Kế hoạch ban hành sau thời hạn quy định.")
    row.locator("textarea").blur()
    status = page.locator(f"#status-{disputed.pk}")
    status.get_by_text("Đã lưu lúc").wait_for()
    assert "Chưa lưu" not in status.inner_text()
    total_after = page.locator("[data-kpi='appraised-total']").inner_text()
    assert total_after != total_before
    row.scroll_into_view_if_needed()
    camera.shoot("noivu-row-saved")
    page.evaluate("window.scrollTo(0, 0)")
    camera.shoot("noivu-live-total")
    disputed.refresh_from_db()
    assert disputed.appraised_score == 0 and disputed.appraiser_comment

    # 3. Only the rows that differ: the one just lowered.
    click(page, "#only-differing")
    assert page.locator("tr.score-row").count() == 1
    assert page.locator(f"#row-{disputed.pk}").count() == 1
    camera.shoot("noivu-only-differing")

    # 4. The comment reworded and the explanation asked for at once: the request waits
    # for the row's save and goes with the token it handed back (no stale conflict).
    reworded = "Kế hoạch ban hành sau thời hạn quy định (ngày 20/01)."
    page.locator(f"#row-{disputed.pk} textarea").fill(reworded)
    click(page, "#request-explanation")
    assert "Đã yêu cầu đơn vị giải trình" in messages(page), messages(page)
    camera.shoot("noivu-explanation-requested")
    disputed.refresh_from_db()
    assert disputed.appraiser_comment == reworded

    # 5. sxd types, uploads two files at once for that row, and the text is still there.
    sign_in(page, live_server, "sxd")
    page.goto(f"{live_server.url}/bao-cao/{report.pk}/giai-trinh/")
    page.evaluate("window.notReloaded = true")
    explained = page.locator(f"#row-{disputed.pk}")
    explained.locator("textarea").fill(EXPLANATION)
    other = page.locator("tr[id^='row-']").nth(1).locator("textarea")
    other.fill("Đơn vị thống nhất với kết quả thẩm định.")
    pdf, png = tmp_path / "so-van-ban-di.pdf", tmp_path / "anh-chup-ky.png"
    pdf.write_bytes(PDF)
    png.write_bytes(PNG)
    explained.locator("input[type=file]").set_input_files([str(pdf), str(png)])
    explained.locator("button:has-text('Tải lên')").click()
    page.locator(f"#evidence-{disputed.pk}").get_by_text("Đã tải lên:").wait_for()
    assert page.evaluate("window.notReloaded === true")  # the page stayed, with what was typed
    assert explained.locator("textarea").input_value() == EXPLANATION
    assert other.input_value() == "Đơn vị thống nhất với kết quả thẩm định."
    names = {"so-van-ban-di.pdf", "anh-chup-ky.png"}
    assert Evidence.objects.filter(score=disputed, original_name__in=names).count() == 2
    explained.scroll_into_view_if_needed()
    camera.shoot("sxd-uploaded-text-kept")

    # 6. Sending asks for a confirmation first.
    click(page, "#send-explanation")
    assert re.search(r"\?gui=1$", page.url)
    assert EXPLANATION in page.locator("#confirm-explanation").inner_text()
    camera.shoot("sxd-confirm-send")
    click(page, "#confirm-send")
    assert "Đã gửi giải trình" in messages(page)
    camera.shoot("sxd-sent")
    report.refresh_from_db()
    disputed.refresh_from_db()
    assert (report.status, report.appraisal_round) == (Status.UNDER_APPRAISAL, 2)
    assert disputed.explanation == EXPLANATION

    # 7. The history has every first change, in words: acceptances, the comment, the states.
    page.goto(f"{live_server.url}/bao-cao/{report.pk}/lich-su/")
    history = page.locator("main").inner_text()
    assert "Đồng ý điểm tự chấm" in history and "Yêu cầu giải trình" in history
    assert reworded in history
    assert not re.search(r"\b(explanation|under_appraisal|submitted|accept_self_score)\b", history)
    camera.shoot("sxd-history")
    assert page.console_errors == []
