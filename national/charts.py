"""The national figures. Pure functions: plain data in, `go.Figure` out.

A predecessor province's results are their own dashed trace, named as the predecessor's;
they are never joined to the successor's line.
"""

import plotly.graph_objects as go
from django.utils.translation import gettext as _
from plotly.subplots import make_subplots

from indicators.charts.labels import plain_labels
from indicators.charts.profile import PREDECESSOR_COLORS
from indicators.charts.ranking import PRIMARY, axis, base_layout, index_floor, num, year_range


@plain_labels
def province_trend(*, series: list[dict], locale: str = "vi") -> go.Figure:
    """PAR INDEX (%) and national rank per year, one trace per province of the lineage."""
    fig = make_subplots(rows=2, cols=1, shared_xaxes=True, vertical_spacing=0.1)
    indices, years, bottom = [], [], 1
    for n, s in enumerate(series):
        own = s["own"]
        color = PRIMARY if own else PREDECESSOR_COLORS[n % len(PREDECESSOR_COLORS)]
        line = {"color": color, "width": 3 if own else 2, "dash": "solid" if own else "dash"}
        xs = [p["year"] for p in s["points"]]
        years += xs
        indices += [num(p["index"]) for p in s["points"]]
        bottom = max([bottom, *(p["province_count"] or p["rank"] or 1 for p in s["points"])])
        common = {"x": xs, "mode": "lines+markers", "line": line, "legendgroup": s["label"]}
        fig.add_trace(
            go.Scatter(
                y=[num(p["index"]) for p in s["points"]],
                name=s["label"],
                customdata=[p["group"] or "—" for p in s["points"]],
                hovertemplate="<b>"
                + s["label"]
                + _("</b><br>Năm %{x}: %{y:.2f}%<br>Nhóm %{customdata}<extra></extra>"),
                **common,
            ),
            row=1,
            col=1,
        )
        fig.add_trace(
            go.Scatter(
                y=[p["rank"] for p in s["points"]],
                name=s["label"],
                showlegend=False,
                customdata=[p["province_count"] or "—" for p in s["points"]],
                hovertemplate="<b>"
                + s["label"]
                + _("</b><br>Năm %{x}: hạng %{y}/%{customdata}<extra></extra>"),
                **common,
            ),
            row=2,
            col=1,
        )
    # Where a predecessor joined: a dotted line before the first year scored together.
    for day in sorted({s["merged_on"] for s in series if s.get("merged_on")}):
        fig.add_vline(x=day.year - 0.5, line={"color": "#57606a", "dash": "dot", "width": 1})
        fig.add_annotation(
            x=day.year - 0.5,
            # In the gap between the two panels, clear of the legend and the lines.
            y=0.5,
            xref="x",
            yref="paper",
            text=_("Sắp xếp {day:%d/%m/%Y}").format(day=day),
            showarrow=False,
            xanchor="left",
            yanchor="middle",
            font={"size": 10, "color": "#57606a"},
        )
    floor = index_floor([value for value in indices if value is not None])
    fig.update_layout(
        **base_layout(
            title=_("Chỉ số PAR INDEX và thứ hạng qua các năm"),
            locale=locale,
            height=520,
            margin={"l": 56, "r": 16, "t": 72, "b": 48},
        )
    )
    fig.update_xaxes(dtick=1, tickformat="d", gridcolor="#eaeef2", range=year_range(years))
    fig.update_xaxes(title_text=_("Năm"), row=2, col=1)
    fig.update_yaxes(axis("PAR INDEX (%)", ticksuffix="%", range=[floor, 100.5]), row=1, col=1)
    fig.update_yaxes(
        axis(_("Hạng toàn quốc"), range=[bottom + 0.5, 0.5], tick0=1, tickformat="d"),
        row=2,
        col=1,
    )
    return fig
