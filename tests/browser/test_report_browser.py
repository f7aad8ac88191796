"""A reporter fills the self-assessment in a real browser, saves a draft, attaches evidence,
submits."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from agencies.models import Membership
from indicators import self_assessment, workflow
from indicators.models import AnnualReport, Criterion, Evidence
from tests.browser.conftest import login, save_artifact
from tests.factories import (
    AgencyFactory,
    AgencyGroupFactory,
    FrameworkFactory,
    MembershipFactory,
    ProvinceFactory,
    UserFactory,
    make_tree,
)

pytestmark = pytest.mark.browser


@pytest.fixture
def report(transactional_db):
    province = ProvinceFactory(code="HT", name="Hà Tĩnh")
    group = AgencyGroupFactory(province=province, code="so", name="Khối sở, ban, ngành")
    agency = AgencyFactory(group=group, name="Sở Xây dựng")
    user = UserFactory(username="sxd", first_name="Cán bộ", last_name="Sở Xây dựng")
    MembershipFactory(user=user, role=Membership.Role.REPORTER, province=province, agency=agency)
    framework = FrameworkFactory(group=group, year=2025, name="Bộ chỉ số CCHC các sở năm 2025")
    make_tree(
        framework,
        {
            "1": ("Công tác chỉ đạo, điều hành CCHC", [("1.1", 2), ("1.2", 3)]),
            "2": ("Cải cách thủ tục hành chính", [("2.1", 5)]),
        },
    )
    Criterion.objects.filter(framework=framework, code="1.1").update(
        rule_type=Criterion.Rule.TIMELINESS,
        guidance="Ban hành đúng hạn: 2 điểm; muộn: 1 điểm; không ban hành: 0",
    )
    Criterion.objects.filter(framework=framework, code__in=["1.2", "2.1"]).update(
        evidence_required=False
    )
    Criterion.objects.filter(framework=framework, code="1.2").update(allow_not_applicable=True)
    workflow.open_year(
        framework=framework,
        self_assessment_deadline=timezone.now() + datetime.timedelta(days=10),
        explanation_deadline=None,
    )
    return AnnualReport.objects.get(agency=agency)


def test_reporter_fills_saves_uploads_and_submits(page, live_server, report, tmp_path):
    login(page, live_server, "sxd")
    page.goto(f"{live_server.url}/bao-cao/{report.pk}/tu-danh-gia/")
    assert page.locator("h1").inner_text().startswith("Sở Xây dựng")
    assert page.locator("#progress-filled").inner_text() == "0/3"

    inputs = page.locator("input.score-input")
    inputs.nth(0).fill("2")
    inputs.nth(1).fill("1,5")
    inputs.nth(2).fill("4")
    # The running total follows what is typed, before any save.
    assert page.locator("#progress-total").inner_text() == "7,50"
    assert page.locator("#progress-filled").inner_text() == "3/3"

    # Uploading now would reload the page and lose the typed scores: the page asks first.
    pdf = tmp_path / "ke-hoach-cchc-2025.pdf"
    pdf.write_bytes(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    score = report.scores.get(criterion__code="1.1")
    page.set_input_files(f"input[form='up-{score.pk}']", str(pdf))
    dialogs = []
    page.once("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.click(f"button[form='up-{score.pk}']")
    assert dialogs and "chưa được lưu" in dialogs[0]
    assert inputs.nth(1).input_value() == "1,5" and not Evidence.objects.exists()

    page.click("#save-draft")
    page.wait_for_load_state("networkidle")
    assert "Đã lưu bản nháp." in page.locator(".messages").inner_text()
    assert inputs.nth(1).input_value() == "1,50"
    save_artifact(page, "report-draft.png")

    page.set_input_files(f"input[form='up-{score.pk}']", str(pdf))
    page.click(f"button[form='up-{score.pk}']")
    page.wait_for_load_state("networkidle")
    assert "Đã tải lên tài liệu cho tiêu chí 1.1" in page.locator(".messages").inner_text()
    assert page.get_by_role("link", name="ke-hoach-cchc-2025.pdf").is_visible()

    page.click("#save-and-submit")
    page.wait_for_load_state("networkidle")
    assert "Xác nhận gửi báo cáo tự đánh giá" in page.content()
    page.click("#confirm-submit")
    page.wait_for_load_state("networkidle")
    assert page.locator(".status-badge").inner_text() == "Đã gửi"
    assert "Đã gửi báo cáo tự đánh giá năm 2025" in page.locator(".messages").inner_text()
    save_artifact(page, "report-submitted.png")

    report.refresh_from_db()
    assert report.status == AnnualReport.Status.SUBMITTED
    assert report.scores.get(criterion__code="1.2").self_score == Decimal("1.5")
    assert Evidence.objects.filter(score__report=report).count() == 1
    assert page.console_errors == [] and page.foreign_requests == []


def test_staff_sees_completeness_and_appraises_side_by_side(page, live_server, report):
    reporter = report.agency.memberships.get().user
    other = AgencyFactory(group=report.agency.group, name="Sở Tư pháp")
    workflow.open_year(
        framework=report.framework,
        self_assessment_deadline=report.framework.self_assessment_deadline,
        explanation_deadline=None,
    )
    rows = {
        s.pk: {"self_score": s.max_points, "not_applicable": False} for s in report.scores.all()
    }
    self_assessment.save_draft(report=report, user=reporter, version=report.version, rows=rows)
    s11 = report.scores.get(criterion__code="1.1")
    self_assessment.save_draft(
        report=report,
        user=reporter,
        version=report.version + 1,
        rows={s11.pk: {"missing_evidence_reason": "Chờ ký"}},
    )
    report.refresh_from_db()
    self_assessment.submit(report=report, user=reporter)
    staff = UserFactory(username="noivu", first_name="Cán bộ", last_name="Nội vụ")
    MembershipFactory(user=staff, role=Membership.Role.NOIVU, province=report.agency.province)

    login(page, live_server, "noivu")
    page.goto(f"{live_server.url}/tham-dinh/")
    table = page.locator(".completeness-table")
    assert "Đúng hạn" in table.locator("tr", has_text="Sở Xây dựng").inner_text()
    assert "Chưa gửi" in table.locator("tr", has_text=other.name).inner_text()
    table.locator("tr", has_text="Sở Xây dựng").get_by_role("link", name="Thẩm định").click()
    page.get_by_role("button", name="Bắt đầu thẩm định").click()
    page.wait_for_load_state("networkidle")
    score_inputs = page.locator("input.score-input")
    score_inputs.nth(2).fill("3,5")
    # Leaving the cell saves the row (htmx); the page's save waits for it, then posts.
    with page.expect_navigation():
        page.get_by_role("button", name="Lưu điểm thẩm định").click()
    assert "cần ghi ý kiến" in page.content()
    page.locator("textarea[name$='-comment']").nth(2).fill(
        "Tỷ lệ hồ sơ đúng hạn 96%, chưa đạt 100%"
    )
    with page.expect_navigation():
        page.get_by_role("button", name="Lưu điểm thẩm định").click()
    assert "Đã lưu điểm thẩm định." in page.locator(".messages").inner_text()
    save_artifact(page, "report-appraise.png")
    assert report.scores.get(criterion__code="2.1").appraised_score == Decimal("3.5")
    assert page.console_errors == [] and page.foreign_requests == []
