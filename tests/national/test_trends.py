"""A merged province's history stays its own, shown apart on the successor's trend."""

import datetime
from decimal import Decimal

from django.urls import reverse

from agencies.models import ProvinceLineage
from national import charts
from national.trends import province_trend
from tests.conftest import client_for
from tests.factories import ProvinceFactory


def test_the_successor_trend_keeps_the_predecessor_as_its_own_series(merged):
    series = province_trend(province=merged["hung_yen"])
    own, predecessor = series
    assert own["own"] and own["name"] == "Hưng Yên"
    assert [p["index"] for p in own["points"]] == [
        Decimal("87.10"),
        Decimal("88.20"),
        Decimal("89.30"),
    ]
    assert not predecessor["own"] and predecessor["name"] == "Thái Bình"
    assert predecessor["label"] == "Thái Bình (trước sắp xếp)"
    assert "hợp nhất vào Hưng Yên từ 01/07/2025 (NQ 202/2025/QH15)" in predecessor["note"]
    assert [p["index"] for p in predecessor["points"]] == [Decimal("85.55"), Decimal("86.66")]


def test_the_figure_draws_the_predecessor_dashed_and_never_joined(merged):
    figure = charts.province_trend(series=province_trend(province=merged["hung_yen"]))
    index_traces = [trace for trace in figure.data if trace.yaxis == "y"]
    assert [trace.name for trace in index_traces] == ["Hưng Yên", "Thái Bình (trước sắp xếp)"]
    assert index_traces[0].line.dash == "solid" and index_traces[1].line.dash == "dash"
    # No trace mixes the two provinces' years: Hưng Yên's 2024 is its own 88.2.
    assert list(index_traces[0].y) == [87.1, 88.2, 89.3]
    assert list(index_traces[1].x) == [2023, 2024]
    # The merger is marked between the last year apart and the first year together.
    assert {shape.x0 for shape in figure.layout.shapes} == {2024.5}
    assert figure.layout.annotations[0].text == "Sắp xếp 01/07/2025"


def test_lineage_is_followed_back_through_every_merger(db):
    a, b, c = (ProvinceFactory(name=name) for name in ("A", "B", "C"))
    day = datetime.date(2025, 7, 1)
    ProvinceLineage.objects.create(predecessor=b, successor=a, effective_date=day)
    ProvinceLineage.objects.create(
        predecessor=c, successor=b, effective_date=datetime.date(2008, 8, 1)
    )
    assert [edge.predecessor for edge in a.predecessors()] == [b, c]
    assert b.successor_edge().successor == a and a.successor_edge() is None


def test_the_province_page_shows_the_predecessor_apart_and_marked(merged, national_reader):
    response = client_for(national_reader).get(
        reverse("national:province", args=[merged["hung_yen"].pk])
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "tỉnh trước sắp xếp" in html and "Thái Bình (trước sắp xếp)" in html
    own, predecessor = response.context["series"]
    assert {p["year"] for p in own["points"]} == {2023, 2024, 2025}
    assert "fig-par-trend" in html


def test_the_predecessor_page_says_where_it_went(merged, national_reader):
    response = client_for(national_reader).get(
        reverse("national:province", args=[merged["thai_binh"].pk])
    )
    assert "Đã hợp nhất vào Hưng Yên từ 01/07/2025 (NQ 202/2025/QH15)" in response.content.decode()


def test_a_province_name_that_is_markup_stays_text_in_the_figure():
    link = '<a href="https://evil.example/">Hưng Yên</a>'
    series = [
        {
            "province_id": 1,
            "name": link,
            "label": link,
            "own": True,
            "note": "",
            "points": [
                {
                    "year": 2024,
                    "index": Decimal("88"),
                    "rank": 3,
                    "province_count": 63,
                    "group": "B",
                }
            ],
        }
    ]
    assert getattr(charts.province_trend, "plain_labels", False)
    text = charts.province_trend(series=series).to_json()
    assert "<a " not in text and "&lt;a href" in text
