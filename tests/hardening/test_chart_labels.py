"""F-11: a name that is markup is shown as text in every chart, never rendered.

Plotly renders `<a href>`, `<b>` and `<br>` in names, legends, tick labels and hover text.
The chart functions escape their inputs once (`indicators.charts.labels.plain_labels`);
a guard checks that every figure function of the package carries it.
"""

import importlib
import inspect
import pkgutil
from decimal import Decimal

import plotly.graph_objects as go
import pytest
from django.urls import reverse

import indicators.charts
from indicators.charts import dossiers as dossier_charts
from indicators.charts import profile as profile_charts
from indicators.charts import ranking as charts
from indicators.charts.labels import escaped

LINK = '<a href="https://evil.example/">Sở Xây dựng</a>'
BANDS = [{"name": "Xuất sắc", "lower": Decimal("90"), "color": ""}]


def shows_no_markup(figure: go.Figure):
    text = figure.to_json()
    assert "<a " not in text and "<a\\u0020" not in text
    assert "&lt;a href" in text  # the name is there, as text


def test_a_legend_name_that_is_a_link_stays_text():
    series = [
        {
            "agency_id": 1,
            "label": LINK,
            "own": True,
            "points": [
                {"year": 2025, "index": Decimal("91"), "rank": 3, "group_size": 14, "band": "Tốt"}
            ],
        }
    ]
    figure = profile_charts.index_rank_history(series=series, bands=BANDS)
    shows_no_markup(figure)
    assert {trace.name for trace in figure.data} == {escaped(LINK)}


@pytest.mark.parametrize(
    "build",
    [
        lambda: charts.on_time_ranking(
            rows=[
                {
                    "agency": LINK,
                    "rate": Decimal("99"),
                    "numerator": 99,
                    "denominator": 100,
                    "rank": 1,
                    "group_size": 1,
                }
            ]
        ),
        lambda: charts.field_heatmap(
            rows=[{"agency": LINK, "short_name": LINK, "field_0": Decimal("90")}],
            fields=[{"code": "1", "name": LINK}],
        ),
        lambda: profile_charts.criteria_movers(
            rows=[{"code": "1.1", "name": LINK, "before": 1, "after": 2, "change": Decimal(1)}],
            unit="điểm",
        ),
        lambda: profile_charts.self_vs_appraised(
            rows=[
                {
                    "code": "1.1",
                    "name": LINK,
                    "self": Decimal(1),
                    "appraised": Decimal(1),
                    "max": Decimal(2),
                }
            ]
        ),
        lambda: profile_charts.fields_vs_group(
            fields=[{"code": "1", "name": LINK, "mean": Decimal(1), "median": Decimal(1)}],
            values=[Decimal(1)],
        ),
    ],
    ids=["on_time_ranking", "field_heatmap", "criteria_movers", "self_vs_appraised", "fields"],
)
def test_names_and_hover_text_from_data_stay_text(build):
    shows_no_markup(build())


def figure_functions():
    """Every public function of indicators.charts that returns a Plotly figure."""
    for module_info in pkgutil.iter_modules(indicators.charts.__path__):
        module = importlib.import_module(f"indicators.charts.{module_info.name}")
        for name, function in inspect.getmembers(module, inspect.isfunction):
            if function.__module__ != module.__name__ or name.startswith("_"):
                continue
            target = inspect.unwrap(function)
            if inspect.signature(target).return_annotation in (go.Figure, "go.Figure"):
                yield f"{module.__name__}.{name}", function


def test_every_figure_function_escapes_its_inputs():
    found = dict(figure_functions())
    assert "indicators.charts.profile.index_rank_history" in found and len(found) >= 10
    unwrapped = [
        name for name, function in found.items() if not getattr(function, "plain_labels", 0)
    ]
    assert unwrapped == [], "figure functions without @plain_labels"


def test_the_profile_page_legend_shows_a_link_name_as_text(staff_client, hostile, agency_b):
    agency_b.name = LINK
    agency_b.save()
    response = staff_client.get(reverse("indicators:agency_profile", args=[agency_b.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "\\u003Ca href" not in html  # inside the figure JSON
    assert "\\u0026lt;a href" in html  # the escaped name, itself escaped for the script


def test_dossier_charts_are_covered_too():
    assert getattr(dossier_charts.service_index_trend, "plain_labels", False)
