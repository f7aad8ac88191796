"""Figures of dossier statistics and the 766 index. Pure: plain rows in, `go.Figure` out.

Rows come from `indicators.dossiers.trend_rows` (rates as `Rate` objects, raw counts in
`counts`) and, for the 766 index, from plain dicts. Every rate point carries its
numerator and denominator in the hover, and the formula it uses.
"""

from __future__ import annotations

import plotly.graph_objects as go
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from indicators.charts.labels import plain_labels
from indicators.dossiers import FORMULA_LABELS, ONLINE_SERVICES_TARGET, period_label
from indicators.service_index import GROUPS

from .ranking import base_layout

PRIMARY = "#8b1a1a"

OUTCOMES = [
    ("resolved_early", _("Giải quyết trước hạn"), "#1a7f37"),
    ("resolved_on_time", _("Giải quyết đúng hạn"), "#4ac26b"),
    ("resolved_late", _("Giải quyết quá hạn"), "#d1242f"),
    ("in_progress_on_time", _("Đang giải quyết trong hạn"), "#2f81f7"),
    ("in_progress_overdue", _("Đang giải quyết quá hạn"), "#fa4549"),
    ("returned_withdrawn", _("Trả lại / rút hồ sơ"), "#8c959f"),
    ("waiting_supplement", _("Chờ bổ sung"), "#bf8700"),
]
SERVICE_LEVELS = [
    ("online_full", _("DVCTT toàn trình"), "#1a7f37"),
    ("online_partial", _("DVCTT một phần"), "#2f81f7"),
    ("level4", _("Mức độ 4 (trước 15/8/2022)"), "#0a7ea4"),
    ("level3", _("Mức độ 3 (trước 15/8/2022)"), "#8250df"),
]
GROUP_COLORS = ["#0a7ea4", "#1a7f37", "#2f81f7", "#8250df", "#bf8700", "#bf3989"]


def _layout(title: str, *, locale: str = "vi", height: int = 340, **extra) -> dict:
    """The dashboard's base layout, with the legend under the plot and periods as categories."""
    own = {
        "margin": {"l": 56, "r": 16, "t": 48, "b": 56},
        "legend": {"orientation": "h", "y": -0.2, "x": 0, "traceorder": "normal"},
        "xaxis": {"type": "category", "gridcolor": "#eaeef2", "automargin": True},
    }
    return base_layout(title=title, locale=locale, height=height, **{**own, **extra})


def _axis(title: str, **extra) -> dict:
    return {
        "title": {"text": title},
        "gridcolor": "#eaeef2",
        "zeroline": False,
        "automargin": True,
        **extra,
    }


def _num(value) -> float | None:
    return None if value is None else float(value)


def _rate_trace(
    rows: list[dict], key: str, name: str, color: str, *, dash: str = "solid"
) -> go.Scatter:
    rates = [row.get(key) for row in rows]
    return go.Scatter(
        x=[row["label"] for row in rows],
        y=[_num(r.pct) if r else None for r in rates],
        name=name,
        mode="lines+markers",
        connectgaps=False,
        line={"color": color, "width": 2.5, "dash": dash},
        marker={"size": 8, "color": color},
        customdata=[
            [r.numerator, r.denominator, str(FORMULA_LABELS.get(r.formula_name, r.formula_name))]
            if r
            else [None, None, ""]
            for r in rates
        ],
        hovertemplate=(
            gettext(
                "<b>{name}</b><br>Kỳ %{{x}}: %{{y:.2f}}%<br>%{{customdata[0]:,}} / "
                "%{{customdata[1]:,}} hồ sơ<br><i>%{{customdata[2]}}</i><extra></extra>"
            ).format(name=name)
        ),
    )


@plain_labels
def on_time_trend(*, rows: list[dict], locale: str = "vi") -> go.Figure:
    """On-time rate per period, under each period's own formula (named in the hover)."""
    trace = _rate_trace(rows, "on_time", gettext("Tỷ lệ hồ sơ đúng hạn"), PRIMARY)
    # On-time rates sit close to 100%: zoom on the data so 99.71 and 100 do not look alike.
    values = [y for y in trace.y if y is not None]
    low = max(0.0, (min(values) if values else 0.0) - 2)
    fig = go.Figure(trace)
    fig.update_layout(
        **_layout(gettext("Tỷ lệ hồ sơ giải quyết đúng hạn"), locale=locale),
        yaxis=_axis(gettext("Tỷ lệ (%)"), ticksuffix="%", range=[low, 100.5]),
    )
    return fig


@plain_labels
def online_trend(*, rows: list[dict], locale: str = "vi") -> go.Figure:
    """Online submission, online services with dossiers (against 80%) and digitisation rates."""
    traces = [
        _rate_trace(rows, "online", gettext("Tỷ lệ hồ sơ trực tuyến"), "#2f81f7"),
        _rate_trace(rows, "online_services", gettext("DVCTT phát sinh hồ sơ"), "#1a7f37"),
        _rate_trace(rows, "digitisation", gettext("Tỷ lệ số hóa hồ sơ"), "#8250df", dash="dot"),
    ]
    # A rate never reported in any period gets no legend entry; the first one always stays.
    fig = go.Figure([t for n, t in enumerate(traces) if n == 0 or any(y is not None for y in t.y)])
    fig.add_hline(
        y=float(ONLINE_SERVICES_TARGET),
        line={"color": "#1a7f37", "dash": "dot", "width": 1},
        annotation_text=gettext("Chỉ tiêu DVCTT phát sinh hồ sơ 80%"),
        annotation_position="top left",
        annotation_font={"size": 10, "color": "#1a7f37"},
    )
    fig.update_layout(
        **_layout(gettext("Tỷ lệ trực tuyến và số hóa"), locale=locale),
        yaxis=_axis(gettext("Tỷ lệ (%)"), ticksuffix="%", range=[0, 105]),
    )
    return fig


def _stacked(
    rows,
    parts,
    *,
    whole_key: str,
    whole_label: str,
    unit: str,
    title: str,
    locale: str,
    remainder_label: str | None = None,
) -> go.Figure:
    labels = [row["label"] for row in rows]
    wholes = [row["counts"].get(whole_key) for row in rows]
    fig = go.Figure()
    for name, label, color in parts:
        label = str(label)  # a lazy translation; Plotly takes plain text
        values = [row["counts"].get(name) for row in rows]
        if all(v is None for v in values):
            continue
        fig.add_trace(
            go.Bar(
                x=labels,
                y=values,
                name=label,
                marker={"color": color},
                customdata=[
                    [w, round(100 * (v or 0) / w, 2) if w else None]
                    for v, w in zip(values, wholes, strict=True)
                ],
                hovertemplate=gettext(
                    "<b>{label}</b><br>Kỳ %{{x}}: %{{y:,}} {unit}<br>= "
                    "%{{customdata[1]:.2f}}% của %{{customdata[0]:,}} {whole}<extra></extra>"
                ).format(label=label, unit=unit, whole=whole_label),
            )
        )
    if remainder_label:
        remainders = []
        for row, whole in zip(rows, wholes, strict=True):
            known = sum(row["counts"].get(name) or 0 for name, _, _ in parts)
            remainders.append(whole - known if whole is not None and whole > known else None)
        if any(remainders):
            fig.add_trace(
                go.Bar(
                    x=labels,
                    y=remainders,
                    name=remainder_label,
                    marker={"color": "#d0d7de", "pattern": {"shape": "/"}},
                    customdata=[[w] for w in wholes],
                    hovertemplate=gettext(
                        "<b>{label}</b><br>Kỳ %{{x}}: %{{y:,}} {unit}"
                        " của %{{customdata[0]:,}} {whole}<extra></extra>"
                    ).format(label=remainder_label, unit=unit, whole=whole_label),
                )
            )
    fig.update_layout(
        **_layout(title, locale=locale),
        barmode="stack",
        yaxis=_axis(gettext("Số {unit}").format(unit=unit), rangemode="tozero"),
    )
    return fig


@plain_labels
def outcomes_bar(*, rows: list[dict], locale: str = "vi") -> go.Figure:
    """Dossier outcomes per period, stacked; the part no category explains is shown hatched."""
    return _stacked(
        rows,
        OUTCOMES,
        whole_key="to_process",
        whole_label=gettext("hồ sơ cần giải quyết"),
        unit=gettext("hồ sơ"),
        title=gettext("Kết quả giải quyết hồ sơ theo kỳ"),
        locale=locale,
        remainder_label=gettext("Chưa phân loại"),
    )


@plain_labels
def service_mix_bar(*, rows: list[dict], locale: str = "vi") -> go.Figure:
    """Procedures by online service level per period (both taxonomies, each in its own years)."""
    return _stacked(
        rows,
        SERVICE_LEVELS,
        whole_key="procedures_total",
        whole_label=gettext("TTHC"),
        unit=gettext("TTHC"),
        title=gettext("Mức độ cung cấp dịch vụ công trực tuyến"),
        locale=locale,
        remainder_label=gettext("Chưa cung cấp trực tuyến"),
    )


def _score_text(value, locale: str) -> str:
    if value is None:
        return ""
    text = f"{value:.2f}"
    return text.replace(".", ",") if locale.startswith("vi") else text


@plain_labels
def service_index_trend(*, points: list[dict], locale: str = "vi") -> go.Figure:
    """The 766 index per period: six groups stacked (score/max in hover), total as a line.

    `points`: [{"label", "total", "band", "rank", "group_size", <group name>: score, ...}].
    """
    labels = [p["label"] for p in points]
    fig = go.Figure()
    for (name, label, maximum), color in zip(GROUPS, GROUP_COLORS, strict=True):
        label = gettext(label)  # kept Vietnamese in GROUPS: it is an import header too
        fig.add_trace(
            go.Bar(
                x=labels,
                y=[_num(p.get(name)) for p in points],
                name=f"{label} ({maximum})",
                marker={"color": color},
                hovertemplate=gettext(
                    "<b>{label}</b><br>Kỳ %{{x}}: %{{y:.2f}} / {maximum} điểm<extra></extra>"
                ).format(label=label, maximum=maximum),
            )
        )
    fig.add_trace(
        go.Scatter(
            x=labels,
            y=[_num(p.get("total")) for p in points],
            name=gettext("Tổng điểm"),
            mode="lines+markers+text",
            line={"color": "#24292f", "width": 2},
            marker={"size": 7},
            text=[_score_text(p.get("total"), locale) for p in points],
            textposition="top center",
            customdata=[
                [p.get("band") or "—", f"{p['rank']}/{p['group_size']}" if p.get("rank") else "—"]
                for p in points
            ],
            hovertemplate=gettext(
                "<b>Tổng điểm</b><br>Kỳ %{x}: %{y:.2f}/100<br>Xếp loại: %{customdata[0]}"
                "<br>Xếp hạng: %{customdata[1]}<extra></extra>"
            ),
        )
    )
    fig.update_layout(
        **_layout(
            gettext("Chỉ số phục vụ người dân, doanh nghiệp (QĐ 766)"), locale=locale, height=380
        ),
        barmode="stack",
        yaxis=_axis(gettext("Điểm"), range=[0, 105]),
    )
    return fig


def service_points(scores) -> list[dict]:
    """Plain points for `service_index_trend` from score objects (oldest first)."""
    return [
        {
            "label": period_label(s.period_type, s.period_start, s.period_end),
            "total": s.total,
            "band": s.band,
            "rank": s.rank,
            "group_size": s.group_size,
            **{name: getattr(s, name) for name, _, _ in GROUPS},
        }
        for s in sorted(scores, key=lambda s: s.period_start)
    ]


__all__ = [
    "on_time_trend",
    "online_trend",
    "outcomes_bar",
    "service_index_trend",
    "service_mix_bar",
    "service_points",
]
