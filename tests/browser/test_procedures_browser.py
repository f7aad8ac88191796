"""Dossier statistics in a real browser: the profile panel's charts, the entry form's live rules."""

import datetime
from decimal import Decimal

import pytest

from agencies.models import Membership
from indicators.models import ProcedureStat, ServiceIndexScore
from tests.browser.conftest import login, save_artifact
from tests.factories import (
    AgencyFactory,
    AgencyGroupFactory,
    MembershipFactory,
    ProcedureStatFactory,
    ProvinceFactory,
    UserFactory,
)

pytestmark = pytest.mark.browser


@pytest.fixture
def thai_binh(transactional_db):
    province = ProvinceFactory(code="TB", name="Thái Bình")
    group = AgencyGroupFactory(province=province, code="so", name="Khối sở, ban, ngành")
    gtvt = AgencyFactory(group=group, name="Sở Giao thông vận tải")
    for year, on_time in [(2021, 15100), (2022, 15706), (2023, 15650)]:
        ProcedureStatFactory(
            agency=gtvt,
            year=year,
            carried_over=343,
            received_new=15383,
            resolved_on_time=on_time,
            in_progress_on_time=15726 - on_time,
            received_online=6000 + 1000 * (year - 2021),
            procedures_total=123,
            level3=26,
            level4=62,
        )
    ServiceIndexScore.objects.create(
        province=province,
        agency=gtvt,
        group=group,
        period_type="quarter",
        period_start=datetime.date(2024, 4, 1),
        period_end=datetime.date(2024, 6, 30),
        transparency=Decimal("13.2"),
        progress=Decimal("18.4"),
        online_service=Decimal("7.7"),
        online_payment=Decimal("7.6"),
        satisfaction=Decimal("17.6"),
        digitisation=Decimal("15.6"),
        total=Decimal("80.1"),
        band="Tốt",
        rank=1,
        group_size=1,
    )
    user = UserFactory(username="sgtvt")
    MembershipFactory(user=user, role=Membership.Role.REPORTER, province=province, agency=gtvt)
    return gtvt


def test_profile_panel_draws_dossier_and_766_charts(page, live_server, thai_binh):
    login(page, live_server, "sgtvt")
    page.goto(f"{live_server.url}/ho-so-don-vi/{thai_binh.pk}/")
    page.wait_for_selector("#panel-procedures [data-figure='fig-proc-766']")
    page.wait_for_function(
        "document.querySelectorAll('#panel-procedures [data-figure] svg.main-svg').length >= 5"
    )
    save_artifact(page, "procedures-panel.png")
    assert page.console_errors == [] and page.foreign_requests == []


def test_entry_form_shows_rules_live_and_saves_after_confirmation(page, live_server, thai_binh):
    login(page, live_server, "sgtvt")
    page.goto(f"{live_server.url}/thu-tuc/nhap/{thai_binh.pk}/")
    page.select_option("#id_period_type", "year")
    page.fill("#id_year", "2020")
    page.fill("#id_received_new", "100")
    page.fill("#id_received_online", "120")
    page.locator("#id_received_online").dispatch_event("change")
    page.wait_for_selector("#procedure-checks [data-field='received_online']")
    page.fill("#id_received_online", "40")
    page.fill("#id_received_in_person", "50")
    page.click("button:has-text('Lưu số liệu')")
    page.wait_for_selector("#procedure-checks [data-warning]")
    page.click("button:has-text('Xác nhận và lưu')")
    page.wait_for_load_state("networkidle")
    stat = ProcedureStat.objects.get(agency=thai_binh, year=2020)
    assert (stat.received_new, stat.received_online) == (100, 40) and len(stat.warnings) == 1
    assert page.console_errors == []
