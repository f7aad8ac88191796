"""Chart builders are pure: plain data in, a Plotly figure out. Template tags for badges."""

from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation

from indicators.charts import profile as profile_charts
from indicators.charts import ranking as charts
from indicators.templatetags import dashboard as tags

BANDS = [
    {"name": "Xuất sắc", "lower": Decimal("90"), "color": ""},
    {"name": "Tốt", "lower": Decimal("80"), "color": ""},
    {"name": "Khá", "lower": Decimal("70"), "color": ""},
    {"name": "Yếu", "lower": Decimal("0"), "color": ""},
]


def row(name, index, band, *fields):
    data = {
        "agency": name,
        "short_name": name,
        "index_pct": Decimal(index) if index else None,
        "band": band,
    }
    data.update({f"field_{i}": Decimal(v) if v is not None else None for i, v in enumerate(fields)})
    return data


def test_distribution_draws_band_thresholds_and_vietnamese_labels():
    bins = [
        {"band": "Xuất sắc", "value": Decimal("92.5"), "count": 1},
        {"band": "Tốt", "value": Decimal("81"), "count": 1},
    ]
    fig = charts.index_distribution(bins=bins, lowest=Decimal("81"), bands=BANDS)
    lines = sorted(shape.x0 for shape in fig.layout.shapes)
    assert lines == [80, 90]  # 0 is no threshold; 70 is off the axis (data start at 81)
    assert tuple(fig.layout.xaxis.range) == (75, 100)
    assert fig.layout.title.text == "Phân bố chỉ số CCHC"
    assert fig.layout.xaxis.title.text == "Chỉ số CCHC (%)"
    assert [t.name for t in fig.data] == ["Xuất sắc", "Tốt"]
    assert fig.data[0].marker.color == charts.BAND_COLORS["Xuất sắc"]
    assert "đơn vị" in fig.data[0].hovertemplate


def test_number_separators_follow_the_language():
    assert (
        charts.index_distribution(bins=[], lowest=None, bands=BANDS, locale="vi").layout.separators
        == ",."
    )
    assert (
        charts.index_distribution(bins=[], lowest=None, bands=BANDS, locale="en").layout.separators
        == ".,"
    )


def test_distribution_sums_counted_bins_into_the_histogram_bins():
    """Counts from SQL stack into the same 2.5-point bins; an unbanded bin gets its own trace."""
    bins = [
        {"band": "Tốt", "value": Decimal("85.1"), "count": 7},
        {"band": "Tốt", "value": Decimal("87.5"), "count": 2},
        {"band": "", "value": Decimal("100"), "count": 1},
    ]
    fig = charts.index_distribution(bins=bins, lowest=Decimal("85.1"), bands=BANDS)
    assert [t.name for t in fig.data] == ["Tốt", "Chưa xếp loại"]
    tot = fig.data[0]
    assert tot.histfunc == "sum" and list(tot.y) == [7, 2] and list(tot.x) == [85.1, 87.5]
    assert tot.xbins.start == 0 and tot.xbins.size == 2.5
    assert list(fig.data[1].x) == [100.0]  # inside the last bin, which ends at 100.001


def test_on_time_ranking_puts_rank_one_on_top_and_shows_counts_on_hover():
    rows = [
        {
            "agency": "Sở A",
            "rate": Decimal("99.24"),
            "numerator": 1700,
            "denominator": 1713,
            "rank": 1,
            "group_size": 2,
        },
        {
            "agency": "Sở B",
            "rate": Decimal("95"),
            "numerator": 95,
            "denominator": 100,
            "rank": 2,
            "group_size": 2,
        },
    ]
    fig = charts.on_time_ranking(rows=rows)
    assert fig.layout.yaxis.autorange == "reversed"
    assert list(fig.data[0].y) == ["Sở A", "Sở B"]
    assert list(fig.data[0].customdata[0][:2]) == [1700, 1713]
    assert "%{customdata[0]:,} / %{customdata[1]:,}" in fig.data[0].hovertemplate


def test_on_time_ranking_of_a_large_group_says_which_ends_it_shows():
    rows = [
        {
            "agency": f"Xã {i}",
            "rate": Decimal(99 - i),
            "numerator": 99 - i,
            "denominator": 100,
            "rank": i + 1,
            "group_size": 3600,
        }
        for i in range(30)
    ]
    fig = charts.on_time_ranking(rows=rows, total=3600)
    assert "15 đơn vị cao nhất và 15 thấp nhất trong 3600 đơn vị" in fig.layout.title.text
    assert fig.layout.height == 26 * 30 + 110
    assert "thấp nhất" not in charts.on_time_ranking(rows=rows, total=30).layout.title.text


def test_heatmap_keeps_missing_components_as_gaps():
    fields = [{"code": "1", "name": "Chỉ đạo"}, {"code": "2", "name": "Thể chế"}]
    fig = charts.field_heatmap(rows=[row("A", "90", "Xuất sắc", "95.5", None)], fields=fields)
    assert [list(z) for z in fig.data[0].z] == [[95.5, None]]
    assert list(fig.data[0].x) == ["LV 1", "LV 2"]
    assert fig.layout.yaxis.autorange == "reversed"


def test_group_trend_plots_one_point_per_year():
    points = [
        {"year": 2023, "average": Decimal("85.1"), "count": 17},
        {"year": 2024, "average": Decimal("87"), "count": 17},
    ]
    fig = charts.group_trend(points=points, bands=BANDS)
    assert list(fig.data[0].x) == [2023, 2024]
    assert list(fig.data[0].y) == [85.1, 87.0]


def test_history_keeps_predecessor_as_a_separate_dashed_series_and_inverts_rank():
    series = [
        {
            "agency_id": 1,
            "label": "Sở Xây dựng",
            "own": True,
            "points": [
                {
                    "year": 2025,
                    "index": Decimal("91"),
                    "rank": 3,
                    "group_size": 14,
                    "band": "Xuất sắc",
                }
            ],
        },
        {
            "agency_id": 2,
            "label": "Sở GTVT (trước hợp nhất)",
            "own": False,
            "points": [
                {"year": 2023, "index": Decimal("88"), "rank": 5, "group_size": 17, "band": "Tốt"},
                {"year": 2024, "index": Decimal("89"), "rank": 4, "group_size": 17, "band": "Tốt"},
            ],
        },
    ]
    fig = profile_charts.index_rank_history(series=series, bands=BANDS)
    own = [t for t in fig.data if t.name == "Sở Xây dựng"]
    before = [t for t in fig.data if t.name == "Sở GTVT (trước hợp nhất)"]
    assert [list(t.x) for t in own] == [[2025], [2025]]  # never joined to the predecessor's years
    assert all(t.line.dash == "dash" for t in before) and all(t.line.dash == "solid" for t in own)
    assert tuple(fig.layout.yaxis2.range) == (17.5, 0.5)  # rank 1 on top, the whole group shown
    assert fig.layout.yaxis.title.text == "Chỉ số (%)"


def test_fields_vs_group_shows_mean_and_median():
    fields = [{"code": "1", "name": "Chỉ đạo", "mean": Decimal("80"), "median": Decimal("82")}]
    fig = profile_charts.fields_vs_group(fields=fields, values=[Decimal("90")])
    assert [t.name for t in fig.data] == ["Đơn vị", "Bình quân khối", "Trung vị khối"]
    assert [t.y[0] for t in fig.data] == [90, 80, 82]


def test_criteria_movers_colour_gains_and_losses():
    rows = [
        {"code": "1.1", "name": "Kế hoạch", "before": 4, "after": 1.5, "change": Decimal("-2.5")},
        {"code": "2.1", "name": "Thể chế", "before": 1, "after": 2, "change": Decimal("1")},
    ]
    fig = profile_charts.criteria_movers(rows=rows, unit="điểm")
    assert list(fig.data[0].marker.color) == ["#d1242f", "#1a7f37"]
    assert "điểm" in fig.data[0].hovertemplate


def test_self_vs_appraised_has_two_series():
    rows = [
        {
            "code": "1.1",
            "name": "Kế hoạch",
            "self": Decimal("4"),
            "appraised": Decimal("3"),
            "max": Decimal("4"),
        }
    ]
    fig = profile_charts.self_vs_appraised(rows=rows)
    assert [t.name for t in fig.data] == ["Tự chấm", "Thẩm định"]


@pytest.mark.parametrize(
    ("name", "css"),
    [
        ("Xuất sắc", "band-xuat-sac"),
        ("Tốt", "band-tot"),
        ("Khá", "band-kha"),
        ("Trung bình", "band-trung-binh"),
        ("Yếu", "band-yeu"),
        ("Nhóm I", "band-none"),
        ("", "band-none"),
    ],
)
def test_band_class(name, css):
    assert tags.band_class(name) == css


def test_rank_arrow():
    assert [tags.rank_arrow(v) for v in (2, -3, 0, None)] == ["▲2", "▼3", "=", ""]


def test_points_change_is_signed_and_localised():
    with translation.override("vi"):
        assert tags.points_change(Decimal("1.25")) == "+1,25 điểm"
        assert tags.points_change(Decimal("-0.5")) == "-0,50 điểm"
        assert tags.pct(Decimal("1713.456")) == "1.713,46"
    with translation.override("en"):
        assert tags.points_change(Decimal("1.25")) == "+1.25 points"


@pytest.mark.parametrize("language", ["vi", "en"])
def test_pct_prints_what_floatformat_prints(language):
    """The fast pct keeps floatformat's half-up rounding, separators and grouping."""
    from django.template.defaultfilters import floatformat

    values = [
        Decimal("85.025"),
        Decimal("-0.004"),
        Decimal("-0.005"),
        Decimal("2.675"),
        2.675,
        Decimal("99.995"),
        Decimal("1713.456"),
        Decimal("-1234567.125"),
        Decimal("1E+3"),
        Decimal("0E-4"),
        0,
        100,
        "85.02",
        1e-7,
    ]
    with translation.override(language):
        assert [tags.pct(v) for v in values] == [floatformat(v, "2g") for v in values]
        assert tags.pct(None) == "—" and tags.pct("") == "—"


@pytest.mark.parametrize("language", ["vi", "en"])
def test_signed_prints_what_floatformat_prints_with_a_sign(language):
    """signed goes through the fast pct; it must still print floatformat(value, 2), plus "+"."""
    from django.template.defaultfilters import floatformat

    values = [
        Decimal("1.25"),
        Decimal("-0.5"),
        Decimal("0"),
        Decimal("-0"),
        Decimal("0.004"),
        Decimal("-0.004"),
        Decimal("0.005"),
        Decimal("-0.005"),
        Decimal("2.675"),
        2.675,
        -2.675,
        Decimal("-1234.565"),
        Decimal("99.995"),
        Decimal("-99.995"),
        Decimal("1E+3"),
        0,
        -3,
        12345678,
        "1.5",
        "-0.125",
        1e-7,
    ]
    with translation.override(language):
        for v in values:
            text = floatformat(v, 2)
            expected = text if text.startswith("-") or text.strip("0,.") == "" else f"+{text}"
            assert tags.signed(v) == expected, v
            assert floatformat(v, "2g") == tags.pct(v), v
        assert tags.signed(None) == "" and tags.signed("") == ""
        assert tags.pct(None) == "—"
        assert tags.pct(Decimal("85.25"), 1) == floatformat(Decimal("85.25"), "1g")


def test_chart_tag_figure_cannot_close_its_script_element():
    html = Template('{% load dashboard %}{% chart figure "fig-x" "label" %}').render(
        Context({"figure": '{"layout": {"title": {"text": "</script><b>&"}}}'})
    )
    assert html.count("</script>") == 1
    assert "\\u003C/script\\u003E\\u003Cb\\u003E\\u0026" in html


def test_chart_tag_writes_the_mount_point_and_an_escaped_figure_block():
    html = Template('{% load dashboard %}{% chart figure "fig-proc" label %}').render(
        Context(
            {"figure": '{"layout": {"title": {"text": "</script>"}}}', "label": "Tỷ lệ <đúng hạn>"}
        )
    )
    assert html.startswith(
        '<div class="chart" data-figure="fig-proc" role="figure" aria-label="Tỷ lệ &lt;đúng '
        'hạn&gt;"></div>'
    )
    assert html.count("</script>") == 1 and '<script id="fig-proc" type="application/json">' in html


def test_usual_band_names_keep_the_app_palette_and_others_use_their_colour():
    assert charts.band_color("Tốt", "#123456") == charts.BAND_COLORS["Tốt"]
    assert charts.band_color("Nhóm I", "#123456") == "#123456"
    assert 'style="background:#123456;color:#ffffff"' in tags.band_badge(
        "Nhóm I", [{"name": "Nhóm I", "color": "#123456"}]
    )
    assert "band-tot" in tags.band_badge("Tốt", [{"name": "Tốt", "color": "#123456"}])
    assert "style" not in tags.band_badge("Nhóm I", [{"name": "Nhóm I", "color": "red;x"}])
