"""Figures of the province overview. Pure functions: plain data in, `go.Figure` out.

Every figure carries a Vietnamese title, axis titles and hover text; band thresholds are
drawn where an index is plotted; numbers follow the page language through
`layout.separators` (85,02 and 1.713 in Vietnamese).
"""

from __future__ import annotations

from decimal import Decimal

import plotly.graph_objects as go
from django.utils.translation import gettext as _

from indicators.charts.labels import plain_labels

# One palette for badges (static/css/app.css, whose white text needs these dark shades)
# and charts; tests/cchc/test_contrast.py keeps the two equal.
BAND_COLORS = {
    "Xuất sắc": "#1a7f37",
    "Tốt": "#0969da",
    "Khá": "#9a6700",
    "Trung bình": "#d1242f",
    "Yếu": "#59636e",
}
FALLBACK_COLOR = "#59636e"
PRIMARY = "#8b1a1a"
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', Arial, sans-serif"


def band_color(name: str, custom: str = "") -> str:
    """The app palette for the usual band names (as the CSS badges); `Band.color` otherwise."""
    return BAND_COLORS.get(name) or custom or FALLBACK_COLOR


def num(value) -> float | None:
    """Decimal → float for JSON; None stays None (a gap, never a zero)."""
    if value is None:
        return None
    return float(value) if isinstance(value, Decimal | int | float) else float(Decimal(str(value)))


def base_layout(*, title: str, locale: str = "vi", height: int = 360, **extra) -> dict:
    layout = {
        "title": {"text": title, "x": 0, "xanchor": "left", "font": {"size": 15}},
        "template": "none",
        "font": {"family": FONT, "size": 12, "color": "#24292f"},
        "separators": ",." if locale.startswith("vi") else ".,",
        "height": height,
        "margin": {"l": 56, "r": 16, "t": 48, "b": 48},
        "paper_bgcolor": "#fff",
        "plot_bgcolor": "#fff",
        "hoverlabel": {"font": {"family": FONT}},
        # Above the plot, right-aligned: never on top of the x-axis title.
        "legend": {"orientation": "h", "x": 1, "xanchor": "right", "y": 1.0, "yanchor": "bottom"},
    }
    layout.update(extra)
    return layout


def axis(title: str, **extra) -> dict:
    return {
        "title": {"text": title},
        "gridcolor": "#eaeef2",
        "zeroline": False,
        "automargin": True,
        **extra,
    }


def year_range(years) -> list[float] | None:
    """An x range of whole years, half a year either side: one year alone would otherwise
    be drawn on a three-year axis with fractional ticks."""
    years = [y for y in years if y is not None]
    return [min(years) - 0.5, max(years) + 0.5] if years else None


def index_floor(values, *, margin: float = 5) -> float:
    """The lower end of an index axis: a little under the lowest value, on a 5-point step."""
    values = [v for v in values if v is not None]
    if not values:
        return 50.0
    return max(0.0, (min(values) - margin) // 5 * 5)


def add_band_thresholds(
    fig: go.Figure,
    bands: list[dict],
    *,
    orientation: str = "h",
    locale: str = "vi",
    floor: float = 0,
) -> None:
    """Dotted lines at each band's lower bound, labelled with the band name (on the first axes).

    Thresholds under `floor` (off the visible axis) are left out so they do not stretch it.
    """
    # Shapes and annotations are written in one layout update: plotly's add_hline/add_vline
    # re-validate the whole layout on every call, which a figure with five bands repeats.
    shapes, notes = [], []
    for band in bands:
        lower = num(band["lower"])
        if not lower or lower < floor or (floor and lower == floor):
            continue
        color = band_color(band["name"], band.get("color", ""))
        label = f"{band['name']} ≥ {lower:g}"
        if locale.startswith("vi"):
            label = label.replace(".", ",")
        line = {"color": color, "dash": "dot", "width": 1}
        font = {"size": 10, "color": color}
        if orientation == "h":
            shapes.append(
                {
                    "type": "line",
                    "xref": "x domain",
                    "x0": 0,
                    "x1": 1,
                    "yref": "y",
                    "y0": lower,
                    "y1": lower,
                    "line": line,
                    "opacity": 0.9,
                }
            )
            notes.append(
                {
                    "text": label,
                    "xref": "x domain",
                    "x": 0,
                    "yref": "y",
                    "y": lower,
                    "xanchor": "left",
                    "yanchor": "bottom",
                    "showarrow": False,
                    "font": font,
                }
            )
        else:
            shapes.append(
                {
                    "type": "line",
                    "xref": "x",
                    "x0": lower,
                    "x1": lower,
                    "yref": "y domain",
                    "y0": 0,
                    "y1": 1,
                    "line": line,
                    "opacity": 0.9,
                }
            )
            notes.append(
                {
                    "text": label,
                    "xref": "x",
                    "x": lower,
                    "yref": "y domain",
                    "y": 1,
                    "xanchor": "center",
                    "yanchor": "bottom",
                    "showarrow": False,
                    "font": font,
                }
            )
    if shapes:
        fig.update_layout(
            shapes=[*fig.layout.shapes, *shapes], annotations=[*fig.layout.annotations, *notes]
        )


@plain_labels
def index_distribution(
    *, bins: list[dict], lowest, bands: list[dict], locale: str = "vi"
) -> go.Figure:
    """How many agencies fall in each 2.5-point bin of the index, stacked by band.

    `bins` are counted in SQL (`overview.group_summary`): {"band", "value" (a value inside
    the bin), "count"}; plotly sums the counts into the same bins a histogram of every
    agency's index would draw. `lowest` is the lowest index, for the axis.
    """
    fig = go.Figure()
    order = [b["name"] for b in bands] or sorted({b["band"] for b in bins if b["band"]})
    names = order + ([""] if any(not b["band"] for b in bins) else [])
    for name in names:
        mine = [b for b in bins if (b["band"] or "") == name]
        if not mine:
            continue
        custom = next((b.get("color", "") for b in bands if b["name"] == name), "")
        fig.add_trace(
            go.Histogram(
                x=[num(b["value"]) for b in mine],
                y=[b["count"] for b in mine],
                histfunc="sum",
                name=name or _("Chưa xếp loại"),
                marker={"color": band_color(name, custom)},
                # Bins start at 0 so their edges fall on the usual thresholds (70, 80, 90).
                xbins={"start": 0, "end": 100.001, "size": 2.5},
                hovertemplate=_("Chỉ số %{x}%<br>%{y} đơn vị<extra>")
                + (name or _("Chưa xếp loại"))
                + "</extra>",
            )
        )
    floor = index_floor([num(lowest)])
    add_band_thresholds(fig, bands, orientation="v", locale=locale, floor=floor)
    fig.update_layout(
        # No legend: the threshold labels name the bands in their colours.
        **base_layout(title=_("Phân bố chỉ số CCHC"), locale=locale, showlegend=False),
        barmode="stack",
        bargap=0.08,
        xaxis=axis(_("Chỉ số CCHC (%)"), ticksuffix="%", range=[floor, 100]),
        yaxis=axis(_("Số đơn vị"), dtick=1, rangemode="tozero"),
    )
    return fig


@plain_labels
def field_heatmap(*, rows: list[dict], fields: list[dict], locale: str = "vi") -> go.Figure:
    """Agencies × fields, each cell the component index (%), rank 1 on top."""
    agencies = [r["short_name"] for r in rows]
    z = [[num(r.get(f"field_{i}")) for i in range(len(fields))] for r in rows]
    names = [[f["name"] for f in fields] for _ in rows]
    values = [v for line in z for v in line if v is not None]
    fig = go.Figure(
        go.Heatmap(
            z=z,
            x=[_("LV {code}").format(code=f["code"]) for f in fields],
            y=agencies,
            customdata=names,
            zmin=min(values) if values else 0,
            zmax=100,
            colorscale=[[0, "#d1242f"], [0.5, "#f2cc60"], [1, "#1a7f37"]],
            colorbar={"title": {"text": "%"}, "ticksuffix": "%", "thickness": 12},
            texttemplate="%{z:.0f}" if len(rows) <= 40 else None,
            hovertemplate=(
                _("<b>%{y}</b><br>%{customdata}<br>Chỉ số thành phần: %{z:.2f}%<extra></extra>")
            ),
            xgap=1,
            ygap=1,
        )
    )
    _mark_below_target(fig, rows=rows, fields=fields)
    fig.update_layout(
        **base_layout(
            title=_("Chỉ số thành phần theo lĩnh vực (%)"),
            locale=locale,
            height=max(320, 24 * len(rows) + 120),
            margin={"l": 8, "r": 8, "t": 48, "b": 40},
        ),
        xaxis=axis(_("Lĩnh vực"), side="bottom", gridcolor="rgba(0,0,0,0)"),
        yaxis=axis("", autorange="reversed", gridcolor="rgba(0,0,0,0)"),
    )
    return fig


def _mark_below_target(fig: go.Figure, *, rows: list[dict], fields: list[dict]) -> None:
    """A ring on each cell below the agency's target for that field ("target_0", … in the
    rows), so the gap to target reads on the heatmap as it does in the table."""
    cells = [
        (f"LV {f['code']}", r["short_name"], num(r[f"target_{i}"]), num(r.get(f"field_{i}")))
        for r in rows
        for i, f in enumerate(fields)
        if r.get(f"target_{i}") is not None
        and r.get(f"field_{i}") is not None
        and r[f"field_{i}"] < r[f"target_{i}"]
    ]
    if not cells:
        return
    fig.add_trace(
        go.Scatter(
            x=[c[0] for c in cells],
            y=[c[1] for c in cells],
            customdata=[[c[2], c[3] - c[2]] for c in cells],
            mode="markers",
            name=_("Dưới mục tiêu"),
            marker={"symbol": "circle-open", "size": 20, "color": "#1f2328", "line": {"width": 2}},
            hovertemplate=(
                _(
                    "<b>%{y}</b> · %{x}<br>Mục tiêu: %{customdata[0]:.2f}%"
                    "<br>Khoảng cách: %{customdata[1]:+.2f} điểm<extra></extra>"
                )
            ),
            showlegend=True,
        )
    )
    fig.update_layout(legend={"orientation": "h", "y": -0.08})


@plain_labels
def group_trend(*, points: list[dict], bands: list[dict], locale: str = "vi") -> go.Figure:
    """The group's average index per year."""
    fig = go.Figure(
        go.Scatter(
            x=[p["year"] for p in points],
            y=[num(p["average"]) for p in points],
            customdata=[p["count"] for p in points],
            mode="lines+markers",
            name=_("Bình quân khối"),
            line={"color": PRIMARY, "width": 3},
            marker={"size": 9},
            hovertemplate=_(
                "Năm %{x}<br>Bình quân: %{y:.2f}%<br>%{customdata} đơn vị<extra></extra>"
            ),
        )
    )
    floor = index_floor([num(p["average"]) for p in points], margin=10)
    add_band_thresholds(fig, bands, locale=locale, floor=floor)
    fig.update_layout(
        **base_layout(
            title=_("Chỉ số bình quân của khối qua các năm"), locale=locale, showlegend=False
        ),
        xaxis=axis(_("Năm"), dtick=1, tickformat="d", range=year_range(p["year"] for p in points)),
        yaxis=axis(_("Chỉ số bình quân (%)"), ticksuffix="%", range=[floor, 100.5]),
    )
    return fig


@plain_labels
def on_time_ranking(*, rows: list[dict], total: int | None = None, locale: str = "vi") -> go.Figure:
    """Agencies by on-time dossier rate, rank 1 on top, with numerator/denominator on hover.

    `total`: how many agencies the ranking has, when `rows` shows only its two ends.
    """
    title = _("Xếp hạng tỷ lệ hồ sơ giải quyết đúng hạn")
    if total and total > len(rows):
        half = len(rows) // 2
        title += _(
            "<br><sub>{half} đơn vị cao nhất và {value} thấp nhất trong {total} đơn vị</sub>"
        ).format(half=half, value=len(rows) - half, total=total)
    fig = go.Figure(
        go.Bar(
            x=[num(r["rate"]) for r in rows],
            y=[r["agency"] for r in rows],
            orientation="h",
            marker={"color": PRIMARY},
            customdata=[
                [r["numerator"], r["denominator"], r["rank"] or "—", r["group_size"] or len(rows)]
                for r in rows
            ],
            texttemplate="%{x:.2f}%",
            textposition="outside",
            cliponaxis=False,
            hovertemplate=(
                _(
                    "<b>%{y}</b><br>Tỷ lệ đúng hạn: %{x:.2f}%<br>"
                    "Đúng hạn / tổng: %{customdata[0]:,} / %{customdata[1]:,} hồ sơ<br>"
                    "Hạng %{customdata[2]}/%{customdata[3]}<extra></extra>"
                )
            ),
        )
    )
    fig.update_layout(
        **base_layout(
            title=title,
            locale=locale,
            height=max(320, 26 * len(rows) + 110),
            showlegend=False,
            margin={"l": 8, "r": 48, "t": 48, "b": 48},
        ),
        xaxis=axis(
            _("Tỷ lệ đúng hạn (%)"),
            ticksuffix="%",
            # Bars start at zero: a bar's length must be its rate (93.75 is not half of 99.76).
            range=[0, 101],
        ),
        # Rank 1 on top: a ranking reads downwards.
        yaxis=axis("", autorange="reversed"),
    )
    return fig
