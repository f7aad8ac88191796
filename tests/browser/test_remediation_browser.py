"""The demo's Sở Xây dựng in a real browser: `sxd` tries the what-if and updates an action
of its remediation plan; `giamsat` sees the plan, its overdue action, on the profile."""

import io
import os

import pytest

from tests.browser.axe import blocking, describe, run_axe
from tests.browser.conftest import login

pytestmark = pytest.mark.browser
SHOTS = os.environ.get("SHOTS", "/tmp/shots-plans")


def shot(target, name):
    """A page (full length) or one element of it."""
    os.makedirs(SHOTS, exist_ok=True)
    path = os.path.join(SHOTS, name)
    if hasattr(target, "goto"):
        target.screenshot(path=path, full_page=True)
    else:
        target.screenshot(path=path)


@pytest.fixture
def demo(transactional_db):
    from django.core.management import call_command

    call_command("load_demo", stdout=io.StringIO())


def sxd_ha_tinh():
    from agencies.models import Agency

    return Agency.objects.get(name="Sở Xây dựng", province__name="Hà Tĩnh")


def test_sxd_tries_the_what_if_and_updates_an_action(page, live_server, demo, tmp_path):
    agency = sxd_ha_tinh()
    login(page, live_server, "sxd")
    page.goto(f"{live_server.url}/ho-so-don-vi/{agency.pk}/")
    panel = page.locator("#panel-what-if")
    panel.locator("table.what-if-gains").wait_for()
    before = panel.locator("[data-before=index]").inner_text()
    assert panel.locator("[data-after=index]").inner_text().startswith(before)
    first = panel.locator("table.what-if-gains tbody tr").first
    maximum = first.locator("td").nth(1).inner_text()
    first.locator("input").fill(maximum)
    first.locator("input").press("Tab")  # a change: htmx asks the server again
    moved = page.locator("#what-if-result .small", has_text="Tiêu chí đổi điểm")
    moved.wait_for()
    assert ";" not in moved.inner_text()  # only the criterion typed in, not a rate left as it was
    after = panel.locator("[data-after=index]").inner_text()
    assert after != before and "+" in after
    shot(panel, "what-if.png")

    plans = page.locator("#panel-remediation")
    plans.locator("[data-plan] a").first.click()
    page.wait_for_load_state("networkidle")
    action = page.locator("section[data-action]").filter(has_not=page.locator(".overdue-badge"))
    action = action.first
    action.locator("summary").click()
    action.locator("textarea").fill("Đã tổ chức lớp tập huấn thứ hai cho 31 cán bộ.")
    evidence = tmp_path / "bien-ban-tap-huan.pdf"
    evidence.write_bytes(b"%PDF-1.4\n%demo\n")
    action.locator("input[type=file]").set_input_files(str(evidence))
    action.locator("button[type=submit]").click()
    page.wait_for_load_state("networkidle")
    assert "Đã cập nhật hành động khắc phục" in page.content()
    assert page.locator("text=bien-ban-tap-huan.pdf").count() == 1
    assert page.locator(".overdue-badge").count() == 1
    shot(page, "plan-updated.png")
    assert page.console_errors == [] and page.foreign_requests == []


def test_giamsat_sees_the_plan_on_the_profile_read_only(page, live_server, demo):
    agency = sxd_ha_tinh()
    login(page, live_server, "giamsat")
    page.goto(f"{live_server.url}/ho-so-don-vi/{agency.pk}/")
    plans = page.locator("#panel-remediation")
    plans.locator("[data-plan]").first.wait_for()
    assert plans.locator("[data-overdue]").count() == 1
    assert "Lập kế hoạch khắc phục" not in plans.inner_text()
    shot(plans, "profile-plans-giamsat.png")
    plans.locator("[data-plan] a").first.click()
    page.wait_for_load_state("networkidle")
    assert page.locator("[data-action-update]").count() == 0
    assert "Chỉ xem" in page.content()
    shot(page, "plan-giamsat.png")
    assert page.console_errors == [] and page.foreign_requests == []


def test_the_remediation_pages_have_no_serious_or_critical_violations(page, live_server, demo):
    """axe-core on the plan page with its forms open, the form opening a plan, the board,
    and the what-if panel showing an error."""
    from django.urls import reverse

    from inspections.models import RemediationPlan

    agency = sxd_ha_tinh()
    plan = RemediationPlan.objects.get(agency=agency)
    login(page, live_server, "sxd")
    found = {}
    for name, url in (
        ("plan", plan.get_absolute_url()),
        ("open", reverse("inspections:remediation_open", args=[agency.pk])),
        ("board", reverse("inspections:remediation_board")),
    ):
        page.goto(live_server.url + url)
        page.wait_for_load_state("networkidle")
        for summary in page.locator("details summary").all():
            summary.click()
        found[name] = blocking(run_axe(page))
    page.goto(f"{live_server.url}/ho-so-don-vi/{agency.pk}/")
    panel = page.locator("#panel-what-if")
    panel.locator("table.what-if-gains").wait_for()
    panel.locator("table.what-if-gains input").first.fill("99")
    panel.locator("table.what-if-gains input").first.press("Tab")
    page.locator("[data-what-if-errors]").wait_for()
    found["what-if error"] = blocking(run_axe(page))
    shot(panel, "what-if-error.png")
    assert not any(found.values()), "\n".join(
        f"{name}: {describe(v)}" for name, v in found.items() if v
    )
