"""Presentation helpers of the dashboard: band badges, rank arrows, signed changes, figures."""

import unicodedata

from django import template
from django.template.defaultfilters import floatformat
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from indicators.contrast import HEX_COLOR, text_color_on

register = template.Library()

KNOWN_BANDS = {"xuat-sac", "tot", "kha", "trung-binh", "yeu"}


@register.filter
def band_class(name) -> str:
    """ "Xuất sắc" → "band-xuat-sac"; an unknown band gets the neutral colour."""
    name = str(name or "")
    text = unicodedata.normalize("NFKD", name.replace("đ", "d").replace("Đ", "D"))
    slug = "-".join("".join(c for c in text if not unicodedata.combining(c)).lower().split())
    return f"band-{slug}" if slug in KNOWN_BANDS else "band-none"


@register.simple_tag
def band_badge(name, bands=None):
    """A coloured badge. Usual band names use the app palette; another name uses its
    `Band.color` when `bands` (plain dicts from `overview.bands_of`) carries one, with white
    or black text, whichever is readable on it."""
    if not name:
        return mark_safe('<span class="text-muted">—</span>')
    css = band_class(name)
    custom = (
        next((b.get("color") for b in bands or () if b["name"] == name), "")
        if css == "band-none"
        else ""
    )
    if custom and HEX_COLOR.fullmatch(custom):
        return format_html(
            '<span class="band-badge" style="background:{};color:{}">{}</span>',
            custom,
            text_color_on(custom),
            name,
        )
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
        return format_html(
            '<span class="rank-same" title="{}">—</span>', _("Chưa có hạng năm trước")
        )
    css = (
        "rank-up"
        if arrow.startswith("▲")
        else "rank-down"
        if arrow.startswith("▼")
        else "rank-same"
    )
    title = (
        _("Tăng hạng")
        if css == "rank-up"
        else _("Giảm hạng")
        if css == "rank-down"
        else _("Giữ nguyên hạng")
    )
    return format_html(
        _('<span class="{}" title="{} so với năm trước">{}</span>'), css, title, arrow
    )


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
    return _("{text} điểm").format(text=text) if text else ""


@register.filter
def pct(value, digits=2) -> str:
    """An index as "85,02" (no % sign: column headers say it), rounded half up in the
    active language's format; None → "—"."""
    if value is None or value == "":
        return "—"
    return floatformat(value, f"{int(digits)}g")


# What json_script escapes, so the JSON cannot close the <script> element.
SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def _figure_script(figure_json: str, element_id: str) -> str:
    """Figure JSON as a <script type="application/json"> block, escaped as `json_script`
    escapes so that nothing in it can end the element."""
    return format_html(
        '<script id="{}" type="application/json">{}</script>',
        element_id,
        mark_safe(figure_json.translate(SCRIPT_ESCAPES)),
    )


@register.simple_tag
def chart(figure, chart_id, label):
    """A chart's mount point and its figure JSON, for static/js/charts.js: the element it
    draws into (`data-figure` names the JSON block) and the block itself. A tag rather than
    an included template: a page draws four to six of them.

    The mount point is a named `figure`, not an `img`: Plotly puts its toolbar buttons inside
    it, and an image may not contain controls. The numbers are in the data table under
    each chart."""
    return format_html(
        '<div class="chart" data-figure="{}" role="figure" aria-label="{}"></div>\n{}',
        chart_id,
        label,
        _figure_script(figure, chart_id),
    )


# Characters a CSS string may hold as they are; any other is written as a CSS escape, so
# text from the data can neither end the string nor the <style> element around it.
CSS_PLAIN = frozenset(" .,-/()·:%")


@register.filter
def css_string(value) -> str:
    """Text for the inside of a double-quoted CSS string (`content: "{{ x|css_string }}"`):
    letters and digits (Vietnamese ones too) as they are, everything else escaped as
    `\\hex `. Nothing HTML-special is left for autoescaping to change."""
    return "".join(
        c if c.isalnum() or c in CSS_PLAIN else f"\\{ord(c):x} " for c in str(value or "")
    )
