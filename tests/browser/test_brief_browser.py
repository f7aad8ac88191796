"""Print in a real browser: the council brief of the demo's Sở Xây dựng (Hà Tĩnh) fits two
A4 pages, published and provisional; a profile panel whose request fails says so."""

import io
import re

import pytest

from tests.browser.conftest import login, save_artifact

pytestmark = pytest.mark.browser

# A page object of the PDF Chromium prints ("/Type /Page", not the "/Pages" tree): Chromium
# writes object dictionaries uncompressed, so counting them needs no PDF library.
PAGE_OBJECT = re.compile(rb"/Type\s*/Page(?![A-Za-z])")


def pdf_pages(data: bytes) -> int:
    return len(PAGE_OBJECT.findall(data))


@pytest.fixture
def demo(transactional_db):
    from django.core.management import call_command

    call_command("load_demo", stdout=io.StringIO())


def sxd_ha_tinh():
    from agencies.models import Agency

    return Agency.objects.get(name="Sở Xây dựng", province__name="Hà Tĩnh")


def test_the_council_brief_of_the_demo_fits_two_a4_pages(page, live_server, demo):
    agency = sxd_ha_tinh()
    login(page, live_server, "giamsat")
    for year, name in ((None, "brief"), (2025, "brief-provisional")):
        query = f"?year={year}" if year else ""
        page.goto(f"{live_server.url}/kiem-tra/don-vi/{agency.pk}/ban-tom-tat/{query}")
        assert page.locator("[data-recommendations] tbody tr").count() >= 1
        save_artifact(page, f"{name}.png")
        page.emulate_media(media="print")
        pdf = page.pdf(format="A4", prefer_css_page_size=True, print_background=True)
        page.emulate_media(media="screen")
        with open(save_artifact(page, f"{name}.png").replace(".png", ".pdf"), "wb") as out:
            out.write(pdf)
        assert 1 <= pdf_pages(pdf) <= 2, f"{name}: {pdf_pages(pdf)} pages"
    assert page.console_errors == []


def test_a_profile_panel_whose_request_fails_says_so(page, live_server, demo):
    agency = sxd_ha_tinh()
    login(page, live_server, "noivu")
    page.route(
        re.compile(r"/don-vi/\d+/thu-tuc/"), lambda route: route.fulfill(status=500, body="boom")
    )
    page.goto(f"{live_server.url}/ho-so-don-vi/{agency.pk}/")
    panel = page.locator("#panel-procedures")
    panel.locator("[role=alert]").wait_for()
    assert "Không tải được mục này (lỗi 500)" in panel.inner_text()
    assert "Đang tải" not in panel.inner_text()


def test_a_reporter_on_another_agencys_profile_sees_no_endless_loading(page, live_server, demo):
    from agencies.models import Agency

    other = Agency.objects.filter(province__name="Hà Tĩnh").exclude(name="Sở Xây dựng").first()
    login(page, live_server, "sxd")
    page.goto(f"{live_server.url}/ho-so-don-vi/{other.pk}/")
    page.wait_for_load_state("networkidle")
    assert page.locator("text=Đang tải…").count() == 0
    assert "Bạn không có quyền xem mục này" in page.locator("#panel-inspections").inner_text()
    assert page.console_errors == []


def test_the_navigation_fits_one_line_at_1440_px_for_the_busiest_menu(page, live_server, demo):
    login(page, live_server, "admin")  # the most menu entries
    page.goto(f"{live_server.url}/")
    assert page.evaluate("document.querySelector('nav.navbar').getBoundingClientRect().height") < 70
    assert page.evaluate("document.documentElement.scrollWidth") <= 1440
