"""The language switch in a real browser: English interface, charts in English, numbers in
the English format, and back to Vietnamese."""

import json
import re

import pytest

from tests.browser.conftest import login, save_artifact
from tests.factories import AgencyGroupFactory, MembershipFactory, ProvinceFactory, UserFactory
from tests.indicators.dashboard_data import build_group

pytestmark = pytest.mark.browser


@pytest.fixture
def ranked(transactional_db):
    from agencies.models import Membership

    province = ProvinceFactory(code="HT", name="Hà Tĩnh")
    group = AgencyGroupFactory(province=province, code="so", name="Khối sở, ban, ngành")
    build_group(group=group, n=6, prefix="Sở")
    user = UserFactory(username="noivu", first_name="Cán bộ", last_name="Nội vụ")
    MembershipFactory(user=user, role=Membership.Role.NOIVU, province=province)


def test_switching_to_english_and_back(page, live_server, ranked):
    login(page, live_server, "noivu")
    page.goto(live_server.url + "/")
    assert page.locator("html").get_attribute("lang") == "vi"
    page.click(".lang-switch button")
    page.wait_for_load_state("networkidle")
    assert page.locator("html").get_attribute("lang") == "en"
    nav = page.locator("#mainnav").inner_text()
    assert "Overview" in nav and "Rankings" in nav and "Tổng quan" not in nav
    assert page.locator("#sel-year option[selected]").inner_text().startswith("2024")
    figure = json.loads(page.locator("script[type='application/json']").first.inner_text())
    assert figure["layout"]["title"]["text"].startswith("Distribution of the PAR index")
    # Indices in the English format: 96.50, not 96,50.
    assert re.search(r"\b9\d\.\d\d\b", page.locator("main").inner_text())
    save_artifact(page, "language-overview-en.png")
    page.click(".lang-switch button")
    page.wait_for_load_state("networkidle")
    assert page.locator("html").get_attribute("lang") == "vi"
    assert "Tổng quan" in page.locator("#mainnav").inner_text()
    assert re.search(r"\b9\d,\d\d\b", page.locator("main").inner_text())
