"""The annual cycle walked in a browser on the demo loaded today: Sở Xây dựng finishes and
submits its draft, Sở Nội vụ appraises and asks for an explanation, Sở Xây dựng explains,
Sở Nội vụ appraises round 2, closes and publishes, and the HĐND supervisor sees the new rank.

A screenshot of every step goes to /tmp/cycle-shots/journey/ (look at them after a change
to these pages)."""

import io
import os

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone

from agencies.models import Agency
from indicators import appraisal, self_assessment
from indicators.models import AnnualReport, IndexResult
from tests.browser.conftest import login

pytestmark = pytest.mark.browser
User = get_user_model()
Status = AnnualReport.Status
SHOTS = os.environ.get("CYCLE_SHOTS", "/tmp/cycle-shots/journey")
DECISION = "245/QĐ-UBND"


class Camera:
    """Numbered screenshots of the journey's steps."""

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
    """Click something that loads a page, and wait for that page."""
    with page.expect_navigation():
        page.click(selector)


def messages(page) -> str:
    return page.locator(".messages").inner_text() if page.locator(".messages").count() else ""


def appraise_as_self_scored(page):
    """Accept every untouched self-score of the current round, with one click."""
    click(page, "#accept-all")
    assert "Đã đồng ý điểm tự chấm" in messages(page)


def appraise_one(page, *, code: str, score: str, comment: str):
    """Type a row's appraised score and comment; the row saves itself when left."""
    row = page.locator("tr", has=page.locator(f"td:text-is('{code}')")).last
    row.locator("input[name$='-score']").fill(score)
    row.locator("textarea[name$='-comment']").fill(comment)
    row.locator("textarea[name$='-comment']").blur()
    row.get_by_text("Đã lưu lúc").wait_for()
    row.scroll_into_view_if_needed()


def finish_the_other_appraisals(framework, user):
    """Meanwhile Sở Nội vụ has appraised every other department of the year (as the agencies
    scored themselves): publication waits for the whole group."""
    for report in framework.reports.exclude(agency__name="Sở Xây dựng"):
        if report.status == Status.DRAFT:
            rows = {
                s.pk: {
                    "self_score": s.max_points if s.self_score is None else s.self_score,
                    "not_applicable": False,
                    "self_note": s.self_note,
                    "missing_evidence_reason": "Bản giấy lưu tại đơn vị.",
                }
                for s in report.scores.filter(not_applicable=False)
            }
            self_assessment.save_draft(report=report, user=user, version=report.version, rows=rows)
            report = self_assessment.submit(report=report, user=user)
        if report.status == Status.EXPLANATION_REQUESTED:
            report = appraisal.answer_explanation(
                report=report, user=user, version=report.version, answers={}
            )
        if report.status == Status.SUBMITTED:
            report = appraisal.start_appraisal(report=report, user=user)
        if report.status == Status.UNDER_APPRAISAL:
            field = "appraised_score" if report.appraisal_round == 1 else "appraised_score_r2"
            rows = {
                s.pk: {"score": s.self_score, "comment": ""}
                for s in report.scores.filter(not_applicable=False, **{f"{field}__isnull": True})
            }
            if report.appraisal_round == 2:
                rows = {}  # round 1 stands where round 2 does not revisit
            appraisal.appraise(report=report, user=user, version=report.version, rows=rows)
            appraisal.finish_appraisal(report=report, user=user)


def test_a_year_from_the_draft_to_the_published_rank(page, live_server, transactional_db):
    call_command("load_demo", stdout=io.StringIO())
    xay_dung = Agency.objects.get(province__code="HT", name="Sở Xây dựng", valid_from=None)
    report = AnnualReport.objects.get(agency=xay_dung, framework__is_open=True)
    framework = report.framework
    camera = Camera(page)

    # 1. sxd finishes the draft: the criteria left, and a reason where no file is attached.
    sign_in(page, live_server, "sxd")
    page.goto(f"{live_server.url}/bao-cao/")
    camera.shoot("sxd-reports")
    page.goto(f"{live_server.url}/bao-cao/{report.pk}/tu-danh-gia/")
    # Rows not scored yet (and not marked not applicable): no value attribute was rendered.
    empty = page.locator(
        "tr.score-row:not(:has(input[type=checkbox]:checked))",
        has=page.locator("input.score-input:not([value])"),
    ).all()
    assert len(empty) >= 5
    empty[0].scroll_into_view_if_needed()
    camera.shoot("sxd-draft-left")
    for row in empty:
        row.locator("input.score-input").fill(row.get_attribute("data-max").replace(".", ","))
        if not row.locator("a[href*='/bao-cao/tai-lieu/']").count():
            row.locator("textarea[name$='-missing_evidence_reason']").fill(
                "Văn bản đang trình ký, sẽ bổ sung khi thẩm định."
            )
    click(page, "#save-and-submit")
    camera.shoot("sxd-submit-confirm")
    click(page, "#confirm-submit")
    assert "Đã gửi báo cáo tự đánh giá" in messages(page)
    camera.shoot("sxd-submitted")

    # 2. noivu appraises round 1, lowers one criterion with a comment, asks for an explanation.
    sign_in(page, live_server, "noivu")
    page.goto(f"{live_server.url}/tham-dinh/")
    camera.shoot("noivu-board")
    page.goto(f"{live_server.url}/tham-dinh/bao-cao/{report.pk}/")
    click(page, "button:has-text('Bắt đầu thẩm định')")
    appraise_as_self_scored(page)
    disputed = report.scores.filter(self_score__gt=0).order_by("criterion__order").first()
    code = disputed.criterion.code
    appraise_one(page, code=code, score="0", comment="Kế hoạch ban hành sau thời hạn quy định.")
    camera.shoot("noivu-round1-typed")
    click(page, "button:has-text('Yêu cầu giải trình')")
    assert "Đã yêu cầu đơn vị giải trình" in messages(page)
    camera.shoot("noivu-explanation-requested")

    # 3. sxd explains the lowered criterion and sends the explanation.
    sign_in(page, live_server, "sxd")
    page.goto(f"{live_server.url}/bao-cao/{report.pk}/")
    camera.shoot("sxd-report-asked")
    click(page, "a:has-text('Giải trình')")
    row = page.locator("tr", has=page.locator(f"td:text-is('{code}')"))
    row.locator("textarea").fill(
        "Kế hoạch ban hành đúng hạn theo ngày ký; đơn vị gửi kèm bản chụp sổ văn bản đi."
    )
    row.scroll_into_view_if_needed()
    camera.shoot("sxd-explanation")
    click(page, "button:has-text('Gửi giải trình')")
    camera.shoot("sxd-explanation-confirm")
    click(page, "#confirm-send")
    assert "Đã gửi giải trình" in messages(page)

    # 4. noivu accepts the explanation in round 2, closes the appraisal and publishes.
    sign_in(page, live_server, "noivu")
    page.goto(f"{live_server.url}/tham-dinh/bao-cao/{report.pk}/")
    self_text = page.locator("tr", has=page.locator(f"td:text-is('{code}')")).last
    self_score = self_text.locator("td").nth(3).inner_text().strip()
    appraise_one(page, code=code, score=self_score, comment="Chấp nhận giải trình của đơn vị.")
    camera.shoot("noivu-round2")
    click(page, "button:has-text('Kết thúc thẩm định')")
    assert "Đã kết thúc thẩm định" in messages(page)
    camera.shoot("noivu-appraised")
    finish_the_other_appraisals(framework, User.objects.get(username="noivu"))
    page.goto(f"{live_server.url}/tham-dinh/ky/{framework.pk}/cong-bo/")
    page.fill("#id_decision_no", DECISION)
    page.fill("#id_decision_date", timezone.localdate().isoformat())
    camera.shoot("noivu-publish")
    click(page, "button:has-text('Công bố')")
    camera.shoot("noivu-publish-confirm")
    click(page, "#confirm-publish-button")
    assert "Đã công bố kết quả" in messages(page)
    camera.shoot("noivu-published")

    # 5. giamsat opens Sở Xây dựng's profile: the year just published, with its rank.
    result = IndexResult.objects.get(agency=xay_dung, framework=framework)
    assert result.is_published and result.edition.decision_no == DECISION
    sign_in(page, live_server, "giamsat")
    page.goto(f"{live_server.url}/ho-so-don-vi/{xay_dung.pk}/")
    page.wait_for_load_state("networkidle")
    camera.shoot("giamsat-profile")
    assert page.locator("[data-kpi='rank']").first.inner_text().strip() == (
        f"{result.published_rank}/{result.group_size}"
    )
    assert page.console_errors == []
