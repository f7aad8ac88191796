"""Figures of an agency's profile. Pure functions: plain data in, `go.Figure` out.

A predecessor's history (before a merger or rename) is its own dashed trace, labelled in
the legend; it is never appended to the successor's line.
"""

from __future__ import annotations

import math

import plotly.graph_objects as go
from django.utils.translation import gettext as _
from plotly.subplots import make_subplots

from indicators.charts.labels import plain_labels

from .ranking import (
    PRIMARY,
    add_band_thresholds,
    axis,
    base_layout,
    index_floor,
    num,
    year_range,
)

PREDECESSOR_COLORS = ["#57606a", "#8250df", "#0a7ea4", "#bf3989"]


@plain_labels
def index_rank_history(*, series: list[dict], bands: list[dict], locale: str = "vi") -> go.Figure:
    """Index (%) and rank per year; the rank axis is inverted so up means better."""
    fig = make_subplots(rows=2, cols=1, shared_xaxes=True, vertical_spacing=0.1)
    years, indices = set(), []
    for n, s in enumerate(series):
        own = s["own"]
        color = PRIMARY if own else PREDECESSOR_COLORS[n % len(PREDECESSOR_COLORS)]
        line = {"color": color, "width": 3 if own else 2, "dash": "solid" if own else "dash"}
        xs = [p["year"] for p in s["points"]]
        years.update(xs)
        # A year not published yet is drawn hollow: its figures are provisional.
        marker = {
            "size": 8,
            "color": color,
            "symbol": [
                "circle" if p.get("published", True) else "circle-open" for p in s["points"]
            ],
            "line": {"width": 2, "color": color},
        }
        indices += [num(p["index"]) for p in s["points"] if p["index"] is not None]
        fig.add_trace(
            go.Scatter(
                x=xs,
                y=[num(p["index"]) for p in s["points"]],
                mode="lines+markers",
                name=s["label"],
                legendgroup=str(s["agency_id"]),
                line=line,
                marker=marker,
                customdata=[p["band"] or "—" for p in s["points"]],
                hovertemplate="<b>"
                + s["label"]
                + _("</b><br>Năm %{x}: %{y:.2f}%<br>Xếp loại: %{customdata}<extra></extra>"),
            ),
            row=1,
            col=1,
        )
        fig.add_trace(
            go.Scatter(
                x=xs,
                y=[p["rank"] for p in s["points"]],
                mode="lines+markers",
                name=s["label"],
                legendgroup=str(s["agency_id"]),
                showlegend=False,
                line=line,
                marker=marker,
                customdata=[p["group_size"] or "—" for p in s["points"]],
                hovertemplate="<b>"
                + s["label"]
                + _("</b><br>Năm %{x}: hạng %{y}/%{customdata}<extra></extra>"),
            ),
            row=2,
            col=1,
        )
    floor = index_floor(indices)
    add_band_thresholds(fig, bands, locale=locale, floor=floor)
    fig.update_layout(
        **base_layout(
            title=_("Chỉ số và thứ hạng qua các năm"),
            locale=locale,
            height=520,
            margin={"l": 56, "r": 16, "t": 72, "b": 48},
        )
    )
    years = [p["year"] for s in series for p in s["points"]]
    fig.update_xaxes(dtick=1, tickformat="d", gridcolor="#eaeef2", range=year_range(years))
    fig.update_xaxes(title_text=_("Năm"), row=2, col=1)
    fig.update_yaxes(axis(_("Chỉ số (%)"), ticksuffix="%", range=[floor, 100.5]), row=1, col=1)
    # Rank 1 at the top, over the whole group (1..N), so a move reads against the group size.
    sizes = [p["group_size"] for s in series for p in s["points"] if p["group_size"]]
    ranks = [p["rank"] for s in series for p in s["points"] if p["rank"]]
    bottom = max(sizes + ranks or [1])
    fig.update_yaxes(
        axis(
            _("Hạng trong khối"),
            range=[bottom + 0.5, 0.5],
            tick0=1,
            dtick=max(1, math.ceil(bottom / 6)),
            tickformat="d",
        ),
        row=2,
        col=1,
    )
    return fig


@plain_labels
def fields_vs_group(*, fields: list[dict], values: list, locale: str = "vi") -> go.Figure:
    """The agency's component % per field beside the group's mean and median."""
    labels = [_("LV {code}").format(code=f["code"]) for f in fields]
    names = [f["name"] for f in fields]
    fig = go.Figure()
    fig.add_trace(
        go.Bar(
            x=labels,
            y=[num(v) for v in values],
            name=_("Đơn vị"),
            marker={"color": PRIMARY},
            customdata=names,
            hovertemplate=_("<b>%{customdata}</b><br>Đơn vị: %{y:.2f}%<extra></extra>"),
        )
    )
    fig.add_trace(
        go.Scatter(
            x=labels,
            y=[num(f["mean"]) for f in fields],
            name=_("Bình quân khối"),
            mode="markers",
            marker={
                "symbol": "line-ew-open",
                "size": 28,
                "color": "#24292f",
                "line": {"width": 3, "color": "#24292f"},
            },
            customdata=names,
            hovertemplate=_("<b>%{customdata}</b><br>Bình quân khối: %{y:.2f}%<extra></extra>"),
        )
    )
    fig.add_trace(
        go.Scatter(
            x=labels,
            y=[num(f["median"]) for f in fields],
            name=_("Trung vị khối"),
            mode="markers",
            marker={"symbol": "diamond", "size": 9, "color": "#bf8700"},
            customdata=names,
            hovertemplate=_("<b>%{customdata}</b><br>Trung vị khối: %{y:.2f}%<extra></extra>"),
        )
    )
    floor = index_floor(
        [num(v) for v in values]
        + [num(f["mean"]) for f in fields]
        + [num(f["median"]) for f in fields]
    )
    fig.update_layout(
        **base_layout(title=_("Chỉ số thành phần so với khối"), locale=locale),
        xaxis=axis(_("Lĩnh vực")),
        yaxis=axis(_("Chỉ số thành phần (%)"), ticksuffix="%", range=[floor, 100.5]),
    )
    return fig


@plain_labels
def criteria_movers(*, rows: list[dict], unit: str, locale: str = "vi") -> go.Figure:
    """What moved the rank: change against last year, gains green and losses red."""
    changes = [num(r["change"]) for r in rows]
    fig = go.Figure(
        go.Bar(
            x=changes,
            y=[r.get("label") or r["code"] for r in rows],
            orientation="h",
            marker={"color": ["#1a7f37" if c > 0 else "#d1242f" for c in changes]},
            customdata=[[r["name"], num(r["before"]), num(r["after"])] for r in rows],
            texttemplate="%{x:+.2f}",
            textposition="outside",
            cliponaxis=False,
            hovertemplate=(
                _(
                    "<b>%{y} · %{customdata[0]}</b><br>Năm trước: %{customdata[1]:.2f}<br>"
                    "Năm nay: %{customdata[2]:.2f}<br>Thay đổi: %{x:+.2f} "
                )
                + unit
                + "<extra></extra>"
            ),
        )
    )
    fig.update_layout(
        **base_layout(
            title=_("Yếu tố thay đổi nhiều nhất so với năm trước"),
            locale=locale,
            height=max(260, 40 * len(rows) + 110),
            showlegend=False,
            margin={"l": 8, "r": 48, "t": 48, "b": 48},
        ),
        # Room on both sides for the labels printed outside the bars.
        xaxis=axis(
            _("Thay đổi ({unit})").format(unit=unit),
            zeroline=True,
            zerolinecolor="#57606a",
            range=padded_range(changes),
        ),
        yaxis=axis("", autorange="reversed", type="category"),
    )
    return fig


def padded_range(values: list[float], share: float = 0.3) -> list[float]:
    low, high = min([*values, 0]), max([*values, 0])
    pad = (high - low) * share or 1
    return [low - (pad if low < 0 else 0), high + (pad if high > 0 else 0)]


@plain_labels
def self_vs_appraised(*, rows: list[dict], locale: str = "vi") -> go.Figure:
    """Self-assessed against appraised points per criterion, with the maximum on hover."""
    codes = [r["code"] for r in rows]
    custom = [[r["name"], num(r["max"])] for r in rows]
    fig = go.Figure()
    fig.add_trace(
        go.Bar(
            x=codes,
            y=[num(r["self"]) for r in rows],
            name=_("Tự chấm"),
            marker={"color": "#a8b3bd"},
            customdata=custom,
            hovertemplate=(
                _(
                    "<b>%{x}. %{customdata[0]}</b><br>Tự chấm: %{y:.2f}/%{customdata[1]:.2f} "
                    "điểm<extra></extra>"
                )
            ),
        )
    )
    fig.add_trace(
        go.Bar(
            x=codes,
            y=[num(r["appraised"]) for r in rows],
            name=_("Thẩm định"),
            marker={"color": PRIMARY},
            customdata=custom,
            hovertemplate=(
                _(
                    "<b>%{x}. %{customdata[0]}</b><br>Thẩm định: %{y:.2f}/%{customdata[1]:.2f} "
                    "điểm<extra></extra>"
                )
            ),
        )
    )
    fig.update_layout(
        **base_layout(title=_("Điểm tự chấm và điểm thẩm định theo tiêu chí"), locale=locale),
        barmode="group",
        xaxis=axis(_("Tiêu chí"), type="category"),
        yaxis=axis(_("Điểm"), rangemode="tozero"),
    )
    return fig
