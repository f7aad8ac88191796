"""WCAG 2.1 AA in a real browser: axe-core on the main pages of each demo persona, in
Vietnamese and, after the language switch, in English; the keyboard focus ring; the bell.

axe-core comes from tests/axe/ (`npm ci` there; see tests/browser/axe.py). Each page's
violations, whatever their impact, are written to test-artifacts/axe-<persona>.txt with a
screenshot per page and language, so a change shows what it moved.
"""

import io
import os

import pytest
from django.urls import reverse

from indicators.contrast import contrast_ratio
from tests.browser.axe import blocking, describe, run_axe
from tests.browser.conftest import ARTIFACTS, login

pytestmark = pytest.mark.browser


@pytest.fixture
def demo(transactional_db):
    from django.core.management import call_command

    call_command("load_demo", stdout=io.StringIO())


def _province_reports(**filters):
    from indicators.models import AnnualReport

    return AnnualReport.objects.filter(
        framework__group__province__name="Hà Tĩnh", framework__year=2026, **filters
    )


def main_pages(persona: str) -> dict[str, str]:
    """The main pages of a persona: what its menu opens, and the forms it fills in."""
    from django.contrib.auth import get_user_model

    from agencies.models import Agency
    from inspections.models import Visit

    agency = Agency.objects.get(name="Sở Xây dựng", province__name="Hà Tĩnh")
    reader = {
        "overview": reverse("indicators:overview"),
        "rankings": reverse("indicators:rankings"),
        "profile": reverse("indicators:agency_profile", args=[agency.pk]),
        "reports": reverse("indicators:report_list"),
        "procedures": reverse("indicators:procedure_list"),
        "766": reverse("indicators:service_index"),
        "inspections": reverse("inspections:plan_list"),
    }
    if persona == "noivu":
        report = _province_reports(status="under_appraisal").order_by("pk").first()
        user = get_user_model().objects.get(username=persona)
        visit = Visit.objects.editable_by(user).order_by("pk").first()
        return reader | {
            "appraisal board": reverse("indicators:appraisal_board"),
            "appraisal": reverse("indicators:report_appraise", args=[report.pk]),
            "survey": reverse("indicators:survey_entry", args=[report.framework_id]),
            "import": reverse("indicators:import_start"),
            "procedure entry": reverse("indicators:procedure_entry", args=[agency.pk]),
            "plan": reverse("inspections:plan_detail", args=[visit.plan_id]),
            "findings": reverse("inspections:visit_findings", args=[visit.pk]),
            "recommendations": reverse("inspections:recommendation_board"),
            "remediation": reverse("inspections:remediation_board"),
            "targets": reverse("indicators:target_list"),
            "new target": reverse("indicators:target_new"),
            "alerts": reverse("indicators:alert_list"),
            "alert rules": reverse("indicators:alert_rule_list"),
            "accounts": reverse("agencies:account_list"),
            "new account": reverse("agencies:account_create"),
            "notifications": reverse("agencies:notifications"),
        }
    if persona == "sxd":
        draft = _province_reports(agency=agency, status="draft").get()
        return reader | {
            "self-report": reverse("indicators:report_edit", args=[draft.pk]),
            "recommendations": reverse("inspections:recommendation_board"),
            "notifications": reverse("agencies:notifications"),
        }
    if persona == "skhcn":
        report = _province_reports(status="explanation").get()
        return {"explanation": reverse("indicators:explanation_answer", args=[report.pk])}
    if persona == "bonoivu":
        return reader | {
            "national ranking": reverse("national:ranking"),
            "province": reverse("national:province", args=[agency.province_id]),
        }
    assert persona == "giamsat"
    return reader | {"council brief": reverse("inspections:council_brief", args=[agency.pk])}


def audit(page, live_server, persona: str, pages: dict[str, str], lang: str, log) -> dict:
    """{page name: its serious and critical violations}; every violation goes to `log`."""
    found = {}
    for name, url in pages.items():
        response = page.goto(live_server.url + url)
        assert response.status == 200, f"{persona} {name}: {response.status}"
        page.wait_for_load_state("networkidle")
        assert page.get_attribute("html", "lang") == lang
        violations = run_axe(page)
        log.write(f"## {persona} · {lang} · {name} ({url}): {len(violations)} violations\n")
        log.write(describe(violations) + "\n" if violations else "")
        slug = name.replace(" ", "-")
        page.screenshot(path=os.path.join(ARTIFACTS, f"a11y-{persona}-{lang}-{slug}.png"))
        if blocking(violations):
            found[f"{lang} {name}"] = describe(blocking(violations))
    return found


@pytest.mark.parametrize("persona", ["noivu", "sxd", "skhcn", "giamsat", "bonoivu"])
def test_main_pages_have_no_serious_or_critical_violations_in_both_languages(
    page, live_server, demo, persona
):
    pages = main_pages(persona)
    os.makedirs(ARTIFACTS, exist_ok=True)
    login(page, live_server, persona)
    with open(os.path.join(ARTIFACTS, f"axe-{persona}.txt"), "w", encoding="utf-8") as log:
        found = audit(page, live_server, persona, pages, "vi", log)
        page.click(".lang-switch button[value=en]")
        page.wait_for_load_state("networkidle")
        found |= audit(page, live_server, persona, pages, "en", log)
    assert found == {}, "\n".join(f"{name}:\n{text}" for name, text in found.items())
    assert page.console_errors == []


def test_every_chart_keeps_its_numbers_in_a_table(page, live_server, demo):
    """A chart is a picture for the sighted: its section holds the same numbers as a table
    (the heatmap's are the field columns of the ranking table on the same page)."""
    login(page, live_server, "noivu")
    pages = main_pages("noivu")
    for name in ("overview", "profile"):
        page.goto(live_server.url + pages[name])
        page.wait_for_load_state("networkidle")
        charts = page.locator("[data-figure]")
        assert charts.count() >= 3, name
        without = page.evaluate(
            """() => [...document.querySelectorAll('[data-figure]')]
                .filter(el => !el.closest('section').querySelector('table'))
                .map(el => el.dataset.figure)"""
        )
        assert without in ([], ["fig-heatmap"]), f"{name}: {without}"
        if without:
            assert page.locator("#bang-xep-hang table th", has_text="LV 1").count() == 1


def test_the_sign_in_page_has_no_serious_or_critical_violations(page, live_server, demo):
    page.goto(f"{live_server.url}/dang-nhap/")
    assert describe(blocking(run_axe(page))) == ""


def _focus_style(page) -> dict:
    return page.evaluate(
        """() => {
            const el = document.activeElement, style = getComputedStyle(el);
            return {text: el.textContent.trim(), style: style.outlineStyle,
                    width: parseFloat(style.outlineWidth), color: style.outlineColor};
        }"""
    )


def _hex(rgb: str) -> str:
    r, g, b = (int(part) for part in rgb[rgb.index("(") + 1 : rgb.index(")")].split(",")[:3])
    return f"#{r:02x}{g:02x}{b:02x}"


def test_keyboard_focus_shows_a_solid_ring_on_the_bar_and_in_the_page(page, live_server, demo):
    """The focused element gets a solid outline of at least 2 px, at 3:1 against what is
    around it (success criterion 1.4.11): yellow on the dark red bar, blue on the page."""
    login(page, live_server, "noivu")
    page.goto(f"{live_server.url}{reverse('indicators:rankings')}")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.getAttribute('href')") == "#main"
    assert page.locator("body > .visually-hidden-focusable").is_visible()
    page.keyboard.press("Tab")  # the brand
    page.keyboard.press("Tab")  # the first menu entry
    ring = _focus_style(page)
    assert ring["text"] == "Tổng quan"
    assert ring["style"] == "solid" and ring["width"] >= 2
    assert contrast_ratio(_hex(ring["color"]), "#8b1a1a") >= 3
    page.locator("main select").first.focus()
    page.keyboard.press("Tab")
    ring = _focus_style(page)
    assert ring["style"] == "solid" and ring["width"] >= 2
    assert contrast_ratio(_hex(ring["color"]), "#ffffff") >= 3


def test_the_bell_is_a_drawn_icon_with_a_name(page, live_server, demo):
    login(page, live_server, "sxd")
    bell = page.locator(".nav-bell")
    assert bell.locator("svg[aria-hidden=true]").count() == 1
    assert "🔔" not in bell.inner_text()
    assert bell.evaluate("el => el.getBoundingClientRect().width") > 10
    name = page.get_by_role("link", name="Thông báo")
    assert name.count() == 1
