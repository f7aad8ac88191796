from decimal import Decimal

import plotly.graph_objects as go

from indicators.caching import figure_json

calls = []


def bar(*, values, title):
    calls.append(values)
    return go.Figure(go.Bar(y=values), layout={"title": {"text": str(title)}})


def test_same_inputs_build_once_and_changed_inputs_rebuild(settings):
    calls.clear()
    first = figure_json(bar, values=[Decimal("85.02"), 90], title="A")
    again = figure_json(bar, values=[Decimal("85.02"), 90], title="A")
    changed = figure_json(bar, values=[Decimal("85.03"), 90], title="A")
    assert first == again and first != changed
    assert len(calls) == 2
    assert '"text":"A"' in first.replace(" ", "")


def test_non_plain_inputs_are_never_cached(db):
    from tests.factories import ProvinceFactory

    calls.clear()
    province = ProvinceFactory()
    figure_json(bar, values=[1], title=province)
    figure_json(bar, values=[1], title=province)
    assert len(calls) == 2
