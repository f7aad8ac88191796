"""The dashboard in a real browser: overview, selection, sorting, export, profile, print.

Data comes from factories (a 17-agency group over two years, a commune group, a merged
predecessor), so the test does not depend on the demo loader.
"""

import io
import re
from decimal import Decimal
from pathlib import Path

import pytest

from agencies.models import AgencyLineage, Membership
from indicators.models import Framework
from tests.browser.conftest import login, save_artifact
from tests.exports import read_export
from tests.factories import (
    AgencyFactory,
    AgencyGroupFactory,
    IndexResultFactory,
    LineageFactory,
    MembershipFactory,
    ProvinceFactory,
    UserFactory,
)
from tests.indicators.dashboard_data import build_group

pytestmark = pytest.mark.browser


@pytest.fixture
def dashboard_data(transactional_db):
    province = ProvinceFactory(code="HT", name="Hà Tĩnh")
    departments = AgencyGroupFactory(
        province=province, code="so", name="Khối sở, ban, ngành", order=1
    )
    communes = AgencyGroupFactory(province=province, code="xa", name="Khối UBND cấp xã", order=2)
    agencies = build_group(group=departments, n=17, prefix="Sở")
    build_group(group=communes, n=4, years=(2024,), prefix="UBND xã")
    old = AgencyFactory(group=departments, name="Sở Giao thông vận tải", short_name="Sở GTVT")
    IndexResultFactory(
        framework=Framework.objects.get(group=departments, year=2023),
        agency=old,
        index_pct=Decimal("84.4"),
        rank=17,
        group_size=17,
        band="Tốt",
    )
    LineageFactory(
        predecessor=old, successor=agencies[1], relation=AgencyLineage.Relation.MERGE_INTO
    )
    user = UserFactory(username="noivu", first_name="Cán bộ", last_name="Nội vụ")
    MembershipFactory(user=user, role=Membership.Role.NOIVU, province=province)
    return {"departments": departments, "communes": communes, "agencies": agencies}


def wait_for_charts(page):
    """Every chart container has drawn its SVG."""
    count = page.locator("[data-figure]").count()
    assert count > 0
    page.wait_for_function(
        "n => document.querySelectorAll('[data-figure] svg.main-svg').length >= n", arg=count
    )
    return count


def assert_clean(page):
    assert page.console_errors == []
    assert page.foreign_requests == []


def test_dashboard_end_to_end(page, live_server, dashboard_data):
    login(page, live_server, "noivu")
    page.goto(live_server.url + "/")
    assert wait_for_charts(page) == 4
    assert page.locator("[data-kpi=ranked]").inner_text() == "17"
    assert "96,50" in page.locator("#bang-xep-hang").inner_text()
    save_artifact(page, "overview.png")

    # Switch year, then group: the selectors submit on change and the URL keeps the choice.
    page.select_option("#sel-year", "2023")
    page.wait_for_url(re.compile(r"year=2023"))
    assert "năm 2023" in page.locator("#ranking-title").inner_text()
    # The group picker offers the blocs of the chosen year: communes start in 2024.
    communes = str(dashboard_data["communes"].pk)
    assert page.locator(f"#sel-group option[value='{communes}']").count() == 0
    page.select_option("#sel-year", "2024")
    page.wait_for_url(re.compile(r"year=2024"))
    page.select_option("#sel-group", communes)
    page.wait_for_url(re.compile(rf"group={communes}"))
    wait_for_charts(page)
    assert page.locator("table.ranking-table tbody tr").count() == 4

    # Sort the department table by index, ascending, and export what is shown.
    page.goto(f"{live_server.url}/?group={dashboard_data['departments'].pk}&year=2024")
    page.click("table.ranking-table th >> text=Chỉ số (%)")
    page.wait_for_url(re.compile(r"sort=index_pct"))
    first = page.locator("table.ranking-table tbody tr").first.inner_text()
    assert "17/17" in first
    with page.expect_download() as download:
        page.click("[data-export=csv]")
    export = read_export(Path(download.value.path()).read_bytes(), "csv")
    assert export.headers[:4] == ["Hạng", "Số đơn vị xếp hạng", "Đơn vị", "Chỉ số (%)"]
    assert export.rows[0][:2] == ["17", "17"] and len(export.rows) == 17
    assert download.value.suggested_filename.startswith("xep-hang-so-2024")
    with page.expect_download() as download:
        page.click("[data-export=xlsx]")
    assert download.value.suggested_filename.endswith(".xlsx")

    # Open the agency that absorbed Sở GTVT.
    page.goto(f"{live_server.url}/?group={dashboard_data['departments'].pk}&year=2024")
    page.click("table.ranking-table tbody tr >> nth=0 >> a")
    page.wait_for_url(re.compile(r"/ho-so-don-vi/\d+/"))
    assert page.locator("[data-kpi=rank]").inner_text() == "1/17"
    assert (
        "Hợp nhất từ Sở Giao thông vận tải ngày 01/03/2025" in page.locator(".lineage").inner_text()
    )
    charts = wait_for_charts(page)
    assert charts >= 3
    page.wait_for_load_state("networkidle")  # htmx panels
    save_artifact(page, "profile.png")

    # Print preview: an A4-wide page in print media; charts refit to the page width.
    page.set_viewport_size({"width": 794, "height": 1123})
    page.emulate_media(media="print")
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    assert page.locator("nav.navbar").is_hidden()
    assert page.locator("[data-action=print]").is_hidden()
    assert page.locator(".print-only").first.is_visible()
    sizes = page.evaluate(
        "Array.from(document.querySelectorAll('[data-figure] svg.main-svg')).map(s => "
        "s.getBoundingClientRect()).map(r => [r.width, r.height])"
    )
    assert sizes and all(0 < w <= 760 and h > 100 for w, h in sizes)
    save_artifact(page, "profile-print.png")
    page.pdf(path=save_artifact(page, "profile-print.png").replace(".png", ".pdf"), format="A4")
    page.evaluate("window.dispatchEvent(new Event('afterprint'))")
    page.emulate_media(media="screen")
    assert_clean(page)


def test_overview_on_a_phone_and_a_wide_screen(page, live_server, dashboard_data):
    login(page, live_server, "noivu")
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(live_server.url + "/")
    wait_for_charts(page)
    # Nothing but the table's own scroller may be wider than the phone.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    save_artifact(page, "overview-390.png")
    page.set_viewport_size({"width": 1920, "height": 1080})
    page.goto(live_server.url + f"/ho-so-don-vi/{dashboard_data['agencies'][1].pk}/")
    wait_for_charts(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= 1920
    save_artifact(page, "profile-1920.png")
    assert_clean(page)


def test_english_switch_changes_number_format(page, live_server, dashboard_data):
    login(page, live_server, "noivu")
    page.goto(live_server.url + "/")
    page.click(".lang-switch button")
    page.wait_for_load_state("networkidle")
    assert "96.50" in page.locator("#bang-xep-hang").inner_text()
    wait_for_charts(page)
    assert_clean(page)


def test_demo_overview_and_merged_agency_profile(page, live_server, transactional_db):
    """With the demo loaded: the real lineage, the htmx panels and their charts, no errors."""
    from django.core.management import call_command

    from agencies.models import Agency

    call_command("load_demo", stdout=io.StringIO())
    login(page, live_server, "noivu")
    page.goto(live_server.url + "/")
    wait_for_charts(page)
    merged = Agency.objects.filter(
        lineage_as_successor__relation=AgencyLineage.Relation.MERGE_INTO
    ).first()
    assert merged is not None
    page.goto(f"{live_server.url}/ho-so-don-vi/{merged.pk}/")
    page.wait_for_load_state("networkidle")
    wait_for_charts(page)
    assert "Hợp nhất từ" in page.locator(".profile-header").inner_text()
    assert page.locator("text=(trước hợp nhất)").count() >= 1
    save_artifact(page, "demo-profile.png")
    assert_clean(page)
