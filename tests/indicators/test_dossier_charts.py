"""Dossier and 766 figures: pure functions, Vietnamese labels, numerator/denominator in hovers."""

import datetime
from decimal import Decimal

from indicators import dossiers
from indicators.charts import dossiers as charts
from indicators.models import ProcedureStat, ServiceIndexScore


def stat(year, **counts):
    return ProcedureStat(
        period_type="year",
        period_start=datetime.date(year, 1, 1),
        period_end=datetime.date(year, 12, 31),
        year=year,
        **counts,
    )


def rows():
    return dossiers.trend_rows(
        [
            stat(
                2023,
                carried_over=343,
                received_new=15383,
                resolved_on_time=15706,
                received_online=9000,
                procedures_total=123,
                online_full=50,
                online_partial=30,
            ),
            stat(
                2021,
                received_new=4131,
                carried_over=2171,
                resolved_on_time=4157,
                resolved_late=12,
                on_time_formula="due",
                procedures_total=123,
                level3=26,
                level4=62,
            ),
        ]
    )


def test_trend_rows_are_oldest_first_with_rates_and_counts():
    result = rows()
    assert [r["label"] for r in result] == ["2021", "2023"]
    assert result[1]["on_time"].numerator == 15706
    assert result[0]["on_time"].formula_name == "due"
    assert result[1]["counts"]["to_process"] == 15726


def test_period_labels():
    assert (
        dossiers.period_label("quarter", datetime.date(2021, 7, 1), datetime.date(2021, 9, 30))
        == "Q3/2021"
    )
    assert (
        dossiers.period_label("month", datetime.date(2021, 9, 1), datetime.date(2021, 9, 30))
        == "09/2021"
    )


def test_on_time_trend_hover_carries_numerator_denominator_and_formula():
    fig = charts.on_time_trend(rows=rows())
    trace = fig.data[0]
    assert list(trace.x) == ["2021", "2023"]
    assert trace.y[1] == float(Decimal("99.8728"))
    assert list(trace.customdata[1][:2]) == [15706, 15726]
    assert "customdata[0]" in trace.hovertemplate and "customdata[1]" in trace.hovertemplate
    assert "QĐ 766" in trace.customdata[1][2]
    assert fig.layout.separators == ",."
    assert "đúng hạn" in fig.layout.title.text


def test_online_trend_draws_the_80_percent_target_and_leaves_gaps_for_missing_rates():
    fig = charts.online_trend(rows=rows())
    online = fig.data[0]
    assert online.y[0] is None  # 2021 has no online count: a gap, not zero
    assert any("80%" in (a.text or "") for a in fig.layout.annotations)


def test_outcomes_bar_stacks_reported_outcomes_and_the_unexplained_rest():
    fig = charts.outcomes_bar(rows=rows())
    names = [t.name for t in fig.data]
    assert "Giải quyết đúng hạn" in names and "Giải quyết quá hạn" in names
    assert "Đang giải quyết quá hạn" not in names  # never reported
    rest = next(t for t in fig.data if t.name == "Chưa phân loại")
    assert list(rest.y) == [6302 - 4169, 15726 - 15706]
    assert fig.layout.barmode == "stack"


def test_service_mix_keeps_both_taxonomies():
    fig = charts.service_mix_bar(rows=rows())
    names = [t.name for t in fig.data]
    assert "DVCTT toàn trình" in names and "Mức độ 4 (trước 15/8/2022)" in names


def test_service_index_trend_has_six_groups_and_total():
    score = ServiceIndexScore(
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
        rank=3,
        group_size=16,
    )
    fig = charts.service_index_trend(points=charts.service_points([score]))
    assert len(fig.data) == 7
    assert fig.data[0].name == "Công khai, minh bạch (18)"
    assert fig.data[-1].text == ("80,10",)
    assert list(fig.data[-1].customdata[0]) == ["Tốt", "3/16"]


def test_online_trend_leaves_out_rates_never_reported():
    names = [t.name for t in charts.online_trend(rows=rows()).data]
    assert names == ["Tỷ lệ hồ sơ trực tuyến"]


def test_on_time_axis_zooms_on_the_data():
    low, high = charts.on_time_trend(rows=rows()).layout.yaxis.range
    assert 97 < low < 99.71 and high > 100
