"""Presentation helpers of the dashboard: band badges, rank arrows, signed changes, figures."""

import functools
import json
import re
import unicodedata
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django import template
from django.template.defaultfilters import floatformat
from django.utils import translation
from django.utils.formats import get_format
from django.utils.html import format_html, json_script
from django.utils.safestring import mark_safe

register = template.Library()

KNOWN_BANDS = {"xuat-sac", "tot", "kha", "trung-binh", "yeu"}
COLOR = re.compile(r"#[0-9a-fA-F]{3,8}")


@register.filter
def band_class(name) -> str:
    """ "Xuất sắc" → "band-xuat-sac"; an unknown band gets the neutral colour."""
    return _band_class(str(name or ""))


@functools.lru_cache(maxsize=256)
def _band_class(name: str) -> str:
    # A page draws a few band names many times over (cards, table, neighbours).
    text = unicodedata.normalize("NFKD", name.replace("đ", "d").replace("Đ", "D"))
    slug = "-".join("".join(c for c in text if not unicodedata.combining(c)).lower().split())
    return f"band-{slug}" if slug in KNOWN_BANDS else "band-none"


@register.simple_tag
def band_badge(name, bands=None):
    """A coloured badge. Usual band names use the app palette; another name uses its
    `Band.color` when `bands` (plain dicts from `overview.bands_of`) carries one."""
    if not name:
        return mark_safe('<span class="text-muted">—</span>')
    css = band_class(name)
    custom = (
        next((b.get("color") for b in bands or () if b["name"] == name), "")
        if css == "band-none"
        else ""
    )
    if custom and COLOR.fullmatch(custom):
        return format_html('<span class="band-badge" style="background:{}">{}</span>', custom, name)
    return format_html('<span class="band-badge {}">{}</span>', css, name)


@register.filter
def rank_arrow(change) -> str:
    """+2 → "▲2", -3 → "▼3", 0 → "=", None → "" (no rank last year)."""
    if change is None or change == "":
        return ""
    change = int(change)
    if change > 0:
        return f"▲{change}"
    if change < 0:
        return f"▼{-change}"
    return "="


@register.simple_tag
def rank_change_badge(change):
    arrow = rank_arrow(change)
    if not arrow:
        return format_html('<span class="rank-same" title="{}">—</span>', "Chưa có hạng năm trước")
    css = (
        "rank-up"
        if arrow.startswith("▲")
        else "rank-down"
        if arrow.startswith("▼")
        else "rank-same"
    )
    title = (
        "Tăng hạng"
        if css == "rank-up"
        else "Giảm hạng"
        if css == "rank-down"
        else "Giữ nguyên hạng"
    )
    return format_html('<span class="{}" title="{} so với năm trước">{}</span>', css, title, arrow)


@register.filter
def signed(value, digits=2) -> str:
    """1.25 → "+1,25" in Vietnamese (the page's number format); None → ""."""
    if value is None or value == "":
        return ""
    # pct prints what floatformat(value, digits) prints here: USE_THOUSAND_SEPARATOR
    # groups that too.
    text = pct(value, digits)
    return text if text.startswith("-") or text.strip("0,.") == "" else f"+{text}"


@register.filter
def points_change(value) -> str:
    """ "+1,25 điểm"."""
    text = signed(value)
    return f"{text} điểm" if text else ""


@register.filter
def pct(value, digits=2) -> str:
    """An index as "85,02" (no % sign: column headers say it); None → "—".

    What `floatformat(value, "2g")` prints (half up, the language's separators, groups of
    three), without its per-call parsing and format lookups: a ranking page prints a few
    hundred of these.
    """
    return pct_formatter(digits)(value)


def pct_formatter(digits=2):
    """`pct` for the active language, bound once: a table prints hundreds of cells and
    looking the language up again for each costs more than the formatting."""
    return _formatter(translation.get_language(), int(digits))


@functools.cache
def _formatter(language, digits: int):
    separators = _separators(language)
    exponent = Decimal(1).scaleb(-digits)

    def format_pct(value) -> str:
        if value is None or value == "":
            return "—"
        if separators is None:
            return floatformat(value, f"{digits}g")
        try:
            number = value if isinstance(value, Decimal) else Decimal(str(value))
            rounded = number.quantize(exponent, ROUND_HALF_UP)
        except (InvalidOperation, TypeError, ValueError):
            return floatformat(value, f"{digits}g")
        text = f"{abs(rounded) if not rounded else rounded:,.{digits}f}"  # never "-0,00"
        return text.replace(",", "\0").replace(".", separators[0]).replace("\0", separators[1])

    return format_pct


@functools.cache
def _separators(language) -> tuple[str, str] | None:
    """(decimal, thousands) of a language, None unless it groups by three (as Python's
    "," format does). Read once per language, as Django caches formats itself."""
    if get_format("NUMBER_GROUPING", language) != 3:
        return None
    return get_format("DECIMAL_SEPARATOR", language), get_format("THOUSAND_SEPARATOR", language)


# What json_script escapes, so the JSON cannot close the <script> element.
SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.filter
def figure_json(figure, element_id):
    """A plotly figure (or its JSON) as a <script type="application/json"> block for
    static/js/charts.js.

    JSON text (what `figure_cache.figure_json` returns) is embedded as it is, escaped as
    json_script escapes, so nothing in it can end the element, without parsing and dumping
    the figure again.
    """
    if not isinstance(figure, str):
        return json_script(json.loads(figure.to_json()), element_id)
    return format_html(
        '<script id="{}" type="application/json">{}</script>',
        element_id,
        mark_safe(figure.translate(SCRIPT_ESCAPES)),
    )


@register.simple_tag
def chart(figure, chart_id, label):
    """A chart's mount point and its figure JSON, for static/js/charts.js: the element it
    draws into (`data-figure` names the JSON block) and the block itself. A tag rather than
    an included template: a page draws four to six of them."""
    return format_html(
        '<div class="chart" data-figure="{}" role="img" aria-label="{}"></div>\n{}',
        chart_id,
        label,
        figure_json(figure, chart_id),
    )
