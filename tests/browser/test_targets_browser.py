"""Targets and alerts in a real browser, on the demo: giamsat finds Sở Xây dựng's gaps to
target and its alerts on its profile (and in the council brief); noivu works the alerts
page (filter by agency, acknowledge)."""

import io
import os

import pytest

from tests.browser.conftest import login

pytestmark = pytest.mark.browser
SHOTS = os.environ.get("SHOTS", "/tmp/shots-targets")


def shot(page, name):
    os.makedirs(SHOTS, exist_ok=True)
    page.screenshot(path=os.path.join(SHOTS, name), full_page=True)


@pytest.fixture
def demo(transactional_db):
    from django.core.management import call_command

    call_command("load_demo", stdout=io.StringIO())


def sxd_ha_tinh():
    from agencies.models import Agency

    return Agency.objects.get(name="Sở Xây dựng", province__name="Hà Tĩnh")


def test_giamsat_sees_targets_and_alerts_on_so_xay_dung_profile(page, live_server, demo):
    agency = sxd_ha_tinh()
    login(page, live_server, "giamsat")
    page.goto(f"{live_server.url}/ho-so-don-vi/{agency.pk}/")
    panel = page.locator("#panel-targets")
    panel.locator("[data-targets]").wait_for()
    assert panel.locator("tr[data-target-state=below]").count() >= 1
    assert "Chỉ số CCHC" in panel.inner_text()
    assert panel.locator("[data-alerts] li").count() >= 1
    panel.scroll_into_view_if_needed()
    shot(page, "profile-sxd-giamsat.png")
    panel.screenshot(path=os.path.join(SHOTS, "profile-sxd-panel.png"))
    page.goto(f"{live_server.url}/kiem-tra/don-vi/{agency.pk}/ban-tom-tat/")
    gaps = page.locator("[data-target-gaps]")
    assert gaps.locator("tbody tr").count() >= 1
    shot(page, "brief-sxd-giamsat.png")
    gaps.locator("xpath=..").screenshot(path=os.path.join(SHOTS, "brief-sxd-gaps.png"))
    page.goto(f"{live_server.url}/")
    assert page.locator(".ranking-table .target-below").count() >= 1
    shot(page, "overview-giamsat.png")
    page.locator(".ranking-table").screenshot(path=os.path.join(SHOTS, "overview-table.png"))
    heatmap = page.locator('[data-figure="fig-heatmap"]')
    heatmap.locator(".scatterlayer .point").first.wait_for()  # the rings below target
    heatmap.screenshot(path=os.path.join(SHOTS, "overview-heatmap.png"))
    assert page.console_errors == []
    assert page.foreign_requests == []


def test_noivu_filters_and_acknowledges_an_alert(page, live_server, demo):
    from indicators.models import Alert

    agency = sxd_ha_tinh()
    login(page, live_server, "noivu")
    page.click("nav a[title='Thông báo']")  # the bell
    page.click("text=Cảnh báo theo ngưỡng")
    shot(page, "alerts-noivu.png")
    page.select_option("#id_agency", str(agency.pk))
    page.click("form.panel button[type=submit]")
    page.wait_for_load_state("networkidle")
    rows = page.locator("table tbody tr")
    before = rows.count()
    assert before >= 1 and "Sở Xây dựng" in rows.first.inner_text()
    rows.first.locator("button").click()
    page.wait_for_load_state("networkidle")
    assert "Đã đánh dấu cảnh báo là đã xử lý" in page.content()
    assert Alert.objects.filter(agency=agency, acknowledged_at__isnull=False).count() == 1
    page.click("text=Quy tắc cảnh báo")
    assert page.locator("table tbody tr").count() == 4  # the demo's four rules
    shot(page, "rules-noivu.png")
    page.go_back()
    page.click("text=Mục tiêu của tỉnh")
    assert page.locator("table tbody tr").count() >= 4
    shot(page, "targets-noivu.png")
    assert page.console_errors == []
