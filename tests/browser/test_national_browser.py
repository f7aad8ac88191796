"""Bộ Nội vụ's view in a real browser, on the demo: the national ranking, a successor's
trend with its predecessor apart, and the drill-down into a merged-away province's pages."""

import io
import os
import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from agencies.models import Agency, Province
from tests.browser.conftest import login, save_artifact

pytestmark = pytest.mark.browser
SHOTS = os.environ.get("SHOTS", "/tmp/shots-national")


def shot(page, name):
    save_artifact(page, name)
    os.makedirs(SHOTS, exist_ok=True)
    page.screenshot(path=os.path.join(SHOTS, name), full_page=True)


def wait_for_charts(page):
    count = page.locator("[data-figure]").count()
    page.wait_for_function(
        "n => document.querySelectorAll('[data-figure] svg.main-svg').length >= n", arg=count
    )


def test_bonoivu_ranks_the_provinces_and_drills_into_one(page, live_server, transactional_db):
    call_command("load_demo", stdout=io.StringIO())
    login(page, live_server, "bonoivu")
    page.click("nav >> text=Toàn quốc")
    page.select_option("#id_year", "2024")
    page.click("main button[type=submit]")
    page.wait_for_url(re.compile(r"year=2024"))
    table = page.locator("main table")
    assert "Hải Phòng" in table.locator("tbody tr").first.inner_text()
    assert "nay thuộc Tuyên Quang" in table.inner_text()
    shot(page, "national-ranking.png")

    # Sorting by the index keeps the year; the first row is then the lowest index.
    page.click("th >> text=PAR INDEX (%)")
    page.wait_for_url(re.compile(r"sort=index_pct"))
    assert "year=2024" in page.url

    tuyen_quang = Province.objects.get(name="Tuyên Quang")
    page.goto(f"{live_server.url}/quoc-gia/tinh/{tuyen_quang.pk}/")
    wait_for_charts(page)
    assert "Hà Giang (trước sắp xếp)" in page.locator("main").inner_text()
    shot(page, "national-province-trend.png")

    # Hà Giang has its own pages: switch into it and open its Sở Xây dựng.
    ha_giang = Province.objects.get(code="HG")
    page.goto(f"{live_server.url}/quoc-gia/tinh/{ha_giang.pk}/")
    with page.expect_navigation():  # the switch posts, then redirects to the overview
        page.click("main form button[type=submit]")
    expect(page.locator("#scope-province")).to_have_value(str(ha_giang.pk))
    xay_dung = Agency.objects.get(province=ha_giang, name="Sở Xây dựng")
    page.goto(f"{live_server.url}/ho-so-don-vi/{xay_dung.pk}/")
    page.wait_for_load_state("networkidle")
    # The field's points sit in the chart's data table, one click away.
    page.locator("details.chart-data summary").nth(1).click()
    text = page.locator("main").inner_text()
    assert "85,02" in text and "26,44/29" in text
    shot(page, "national-drilldown-profile.png")
    assert page.console_errors == [] and page.foreign_requests == []
