"""Feedback on long work: a confirmed import shows it is busy at once and posts once."""

import re

import pytest

from tests.browser.conftest import login

pytestmark = pytest.mark.browser

CSV = 'STT,Tên đơn vị,Chỉ số CCHC (%)\n1,Sở Xây dựng,"91,14"\n2,Sở GTVT,85.02\n'


@pytest.mark.django_db(transaction=True)
def test_a_double_click_on_confirm_posts_once_and_shows_the_work_under_way(
    page, live_server, noivu_staff, dept_group, agency_a, agency_b, tmp_path
):
    path = tmp_path / "ketqua.csv"
    path.write_text(CSV, encoding="utf-8")
    login(page, live_server, "noivu")
    page.goto(f"{live_server.url}/nhap-du-lieu/")
    page.select_option("#id_kind", "results")
    page.set_input_files("#id_file", str(path))
    page.fill("#id_year", "2023")
    page.select_option("#id_group", str(dept_group.pk))
    page.click("main button[type=submit]")
    page.wait_for_selector("[data-confirm-import]")
    # The confirm button is on the first screen, above the rows.
    box = page.locator("[data-confirm-import]").bounding_box()
    assert box["y"] + box["height"] < 900
    posts = []

    def hold(route):
        # "204 No Content" keeps the browser on the page, as a slow server would.
        if route.request.method == "POST":
            posts.append(route.request.url)
            route.fulfill(status=204)
        else:
            route.continue_()

    page.route(re.compile(r"/nhap-du-lieu/[^/]+/$"), hold)
    page.dblclick("[data-confirm-import]")
    page.wait_for_timeout(300)
    button = page.locator("[data-confirm-import]")
    assert button.is_disabled()
    assert "Đang ghi 2 dòng…" in button.inner_text()
    assert page.locator("[data-busy-status]").is_visible()
    assert len(posts) == 1
