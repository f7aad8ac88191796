"""Colour contrast of the stylesheets, computed without a browser (WCAG 2.1 AA: 4.5:1 for
text, 3:1 for the focus ring), so a colour change that drops below fails here first."""

import itertools
import re
from pathlib import Path

import pytest
from django.conf import settings

from indicators.charts.ranking import BAND_COLORS
from indicators.contrast import contrast_ratio, text_color_on
from indicators.templatetags.dashboard import band_class

CSS = Path(settings.BASE_DIR) / "static" / "css"
SCREEN_SHEETS = ["app.css", "dashboard.css", "brief.css"]
TEXT, NON_TEXT = 4.5, 3.0
COMMENT = re.compile(r"/\*.*?\*/", re.S)
# Innermost blocks only: a rule inside @media is matched without its @media prelude.
RULE = re.compile(r"([^{}]+)\{([^{}]*)\}")
VAR = re.compile(r"var\((--[\w-]+)\)")
# Bootstrap's tinted rows and alerts that links and muted text also sit on.
TINTS = {
    "table-light": "#f8f9fa",
    "table-danger": "#f8d7da",
    "table-warning": "#fff3cd",
    "table-success": "#d1e7dd",
    "table-secondary": "#e2e3e5",
    "table-primary": "#cfe2ff",
}


def rules(sheet: str) -> list[tuple[str, dict[str, str]]]:
    """(selector, {property: value}) of each rule of a stylesheet in static/css."""
    text = COMMENT.sub("", (CSS / sheet).read_text(encoding="utf-8"))
    found = []
    for selector, body in RULE.findall(text):
        declarations = {}
        for declaration in body.split(";"):
            name, colon, value = declaration.partition(":")
            if colon:
                declarations[name.strip()] = value.replace("!important", "").strip()
        found.append((selector.strip(), declarations))
    return found


def root_properties() -> dict[str, str]:
    """The custom properties of app.css's `:root`, each `var()` resolved."""
    declared = {}
    for selector, declarations in rules("app.css"):
        if selector == ":root":
            declared |= {k: v for k, v in declarations.items() if k.startswith("--")}

    def resolve(value: str) -> str:
        return VAR.sub(lambda m: resolve(declared[m.group(1)]), value)

    return {name: resolve(value) for name, value in declared.items()}


PROPS = root_properties()


def color(value: str) -> str:
    """A colour as #rrggbb: a #hex value or a `var()` of the root properties."""
    value = VAR.sub(lambda m: PROPS[m.group(1)], value).strip()
    assert re.fullmatch(r"#[0-9a-fA-F]{3}|#[0-9a-fA-F]{6}", value), value
    return value


SURFACES = {"page": color("var(--app-bg)"), "panel": color("var(--app-surface)")}


def test_the_arithmetic_matches_wcag_reference_values():
    assert contrast_ratio("#000", "#fff") == pytest.approx(21)
    assert contrast_ratio("#fff", "#fff") == pytest.approx(1)
    # The two values of the issue, measured before this palette.
    assert contrast_ratio("#ffffff", "#2f81f7") == pytest.approx(3.75, abs=0.01)
    assert contrast_ratio("#ffffff", "#bf8700") == pytest.approx(3.14, abs=0.01)
    assert contrast_ratio("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)


def test_a_custom_band_colour_gets_the_text_colour_readable_on_it():
    channel = ["00", "33", "66", "80", "99", "b3", "cc", "ff"]
    for r, g, b in itertools.product(channel, repeat=3):
        background = f"#{r}{g}{b}"
        assert contrast_ratio(text_color_on(background), background) >= TEXT, background
    assert text_color_on("#ffd33d") == "#000000"
    assert text_color_on("#8b1a1a") == "#ffffff"


def test_every_band_badge_reaches_4_5_to_1():
    bands = {name: value for name, value in PROPS.items() if re.fullmatch(r"--band-[a-z-]+", name)}
    text = color(bands.pop("--band-text"))
    assert len(bands) == 5
    for name, background in bands.items():
        assert contrast_ratio(text, color(background)) >= TEXT, name
    # Each band class paints one of these, never a colour of its own.
    for selector, declarations in rules("app.css"):
        if selector.startswith(".band-") and "background" in declarations:
            assert contrast_ratio(text, color(declarations["background"])) >= TEXT, selector


def test_charts_draw_the_bands_in_the_badges_colours():
    for name, chart_color in BAND_COLORS.items():
        css_name = "--" + band_class(name)
        assert PROPS[css_name].lower() == chart_color.lower(), name


def test_navigation_text_on_the_dark_red_bar_reaches_4_5_to_1():
    bar = color("var(--app-primary)")
    for name in ("--app-on-primary", "--app-on-primary-muted"):
        assert contrast_ratio(color(PROPS[name]), bar) >= TEXT, name


@pytest.mark.parametrize(
    "name",
    [
        "--app-link",
        "--app-link-hover",
        "--app-muted",
        "--app-danger",
        "--app-danger-text",
        "--app-success",
    ],
)
def test_text_colours_reach_4_5_to_1_on_the_page_panels_and_tinted_rows(name):
    for where, background in SURFACES.items() | TINTS.items():
        assert contrast_ratio(color(PROPS[name]), background) >= TEXT, f"{name} on {where}"


@pytest.mark.parametrize(
    "name",
    ["--app-link", "--app-link-hover", "--app-danger", "--app-success", "--app-success-hover"],
)
def test_white_text_on_filled_buttons_reaches_4_5_to_1(name):
    assert contrast_ratio("#ffffff", color(PROPS[name])) >= TEXT


def test_the_focus_ring_stands_out_3_to_1_where_it_is_drawn():
    for background in SURFACES.values():
        assert contrast_ratio(color("var(--focus-ring)"), background) >= NON_TEXT
    ring, bar = color("var(--focus-ring-on-primary)"), color("var(--app-primary)")
    assert contrast_ratio(ring, bar) >= NON_TEXT


def test_each_rgb_twin_is_its_hex_colour():
    """Bootstrap reads links and the primary/danger fills from `--…-rgb` triples."""
    for name, value in PROPS.items():
        if name.startswith("--app-") and name.endswith("-rgb"):
            hex_value = color(PROPS[name.removesuffix("-rgb")])
            triple = ", ".join(str(int(hex_value[i : i + 2], 16)) for i in (1, 3, 5))
            assert value == triple, name


@pytest.mark.parametrize("sheet", SCREEN_SHEETS)
def test_every_text_colour_of_the_screen_stylesheets_reaches_4_5_to_1(sheet):
    """Each `color` a rule sets, on the rule's own background if it sets one, else on the
    page and on a panel (the badge's text is checked on each band's colour above)."""
    checked = 0
    for selector, declarations in rules(sheet):
        value = declarations.get("color", "")
        if not value or value in ("inherit", "currentColor") or selector == ".band-badge":
            continue
        own = declarations.get("background") or declarations.get("background-color")
        backgrounds = {"own": color(own)} if own else SURFACES
        for where, background in backgrounds.items():
            ratio = contrast_ratio(color(value), background)
            assert ratio >= TEXT, f"{sheet} {selector}: {ratio:.2f} on {where}"
        checked += 1
    assert checked >= 3


def test_overdue_text_reaches_4_5_to_1_in_its_highlighted_row():
    declared = dict(rules("app.css"))
    text = color(declared[".overdue"]["color"])
    row = declared[".row-overdue"]["background"].split()[0]
    assert contrast_ratio(text, color(row)) >= TEXT
    assert contrast_ratio(text, TINTS["table-danger"]) >= TEXT
