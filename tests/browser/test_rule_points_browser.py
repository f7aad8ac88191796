"""A reporter sees the points computed from the agency's dossier figures beside the input,
pre-filled, and overrides them only with a reason."""

import datetime
import os
from decimal import Decimal

import pytest
from django.utils import timezone

from agencies.models import Membership
from indicators import workflow
from indicators.models import AnnualReport, Criterion
from tests.browser.conftest import login, save_artifact
from tests.factories import (
    AgencyFactory,
    AgencyGroupFactory,
    FrameworkFactory,
    MembershipFactory,
    ProcedureStatFactory,
    ProvinceFactory,
    UserFactory,
    make_tree,
)

pytestmark = pytest.mark.browser
SHOTS = "/tmp/shots-rules"


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
            "1": ("Công tác chỉ đạo, điều hành CCHC", [("1.1", 2)]),
            "2": ("Cải cách thủ tục hành chính", [("2.1", 5)]),
        },
    )
    Criterion.objects.filter(framework=framework, code="2.1").update(
        name="Tỷ lệ hồ sơ giải quyết đúng hạn",
        rule_type=Criterion.Rule.PCT_BANDS,
        rule_params={"bands": [[98, 5], [95, 2.5]]},
        source=Criterion.Source.DOSSIERS_ON_TIME,
        evidence_required=False,
    )
    ProcedureStatFactory(
        agency=agency,
        year=2025,
        carried_over=13,
        received_new=1520,
        resolved_early=900,
        resolved_on_time=590,
        in_progress_on_time=41,
    )
    workflow.open_year(
        framework=framework,
        self_assessment_deadline=timezone.now() + datetime.timedelta(days=10),
        explanation_deadline=None,
    )
    return AnnualReport.objects.get(agency=agency)


def test_reporter_sees_computed_points_and_overrides_them_with_a_reason(page, live_server, report):
    login(page, live_server, "sxd")
    page.goto(f"{live_server.url}/bao-cao/{report.pk}/tu-danh-gia/")
    row = page.locator("tr.score-row", has_text="Tỷ lệ hồ sơ giải quyết đúng hạn")
    box = row.locator(".computed-points")
    assert "Tính từ số liệu: 5,00 điểm" in box.inner_text()
    assert "99,87 % ≥ 98 % → 5,00 điểm" in box.inner_text()
    assert "1.531/1.533 = 99,87%" in box.inner_text()
    score_input = row.locator("input.score-input")
    assert score_input.input_value() == "5,00"
    assert not row.locator(".override-reason").is_visible()
    os.makedirs(SHOTS, exist_ok=True)
    page.screenshot(path=f"{SHOTS}/self-report-computed.png", full_page=True)

    score_input.fill("4")
    assert row.locator(".override-reason").is_visible()
    page.click("#save-draft")
    page.wait_for_load_state("networkidle")
    row = page.locator("tr.score-row", has_text="Tỷ lệ hồ sơ giải quyết đúng hạn")
    assert "khác điểm tính từ số liệu 5,00; cần ghi lý do" in row.inner_text()

    row.locator(".override-reason textarea").fill("Hồ sơ quý 4 chưa đồng bộ lên Cổng")
    page.click("#save-draft")
    page.wait_for_load_state("networkidle")
    assert "Đã lưu bản nháp." in page.locator(".messages").inner_text()
    save_artifact(page, "self-report-override.png")
    page.screenshot(path=f"{SHOTS}/self-report-override.png", full_page=True)
    saved = report.scores.get(criterion__code="2.1")
    assert saved.self_score == Decimal("4")
    assert saved.history.latest().override_reason == "Hồ sơ quý 4 chưa đồng bộ lên Cổng"
    assert page.console_errors == [] and page.foreign_requests == []
