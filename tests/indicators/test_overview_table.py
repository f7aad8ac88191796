"""The ranking table's own header and rows (RankingTable.header_cells, page_rows) are what
django-tables2's bootstrap5 template renders for the same table."""

import re

import pytest
from django.template.loader import get_template
from django.test import RequestFactory
from django_tables2 import RequestConfig

from indicators import overview
from indicators.models import Framework
from indicators.tables.rankings import RankingTable
from tests.indicators.dashboard_data import build_group


def _part(html: str, tag: str) -> str:
    part = re.search(rf"<{tag}\b.*?</{tag}>", html, re.S).group(0)
    return re.sub(r">\s+", ">", re.sub(r"\s+<", "<", part))


def _table(params, framework):
    request = RequestFactory().get("/", params)
    fields = overview.field_columns(framework=framework)
    bands = overview.bands_of(framework=framework)
    table = RankingTable(overview.ranking_rows(framework=framework), fields=fields, bands=bands)
    RequestConfig(request, paginate={"per_page": 4}).configure(table)
    return table, request


@pytest.mark.parametrize(
    "params", [{}, {"sort": "-field_1"}, {"sort": "agency", "page": 2}, {"sort": "-rank_change"}]
)
def test_header_and_rows_match_django_tables2s_template(dept_group, params):
    build_group(group=dept_group, n=9)
    framework = Framework.objects.get(group=dept_group, year=2024)
    table, request = _table(params, framework)
    stock = get_template("django_tables2/bootstrap5.html").render(
        {"table": table, "request": request}
    )
    table, request = _table(params, framework)
    ours = get_template("indicators/dashboard/_table.html").render(
        {"table": table, "request": request}
    )
    assert _part(ours, "thead") == _part(stock, "thead")
    assert _part(ours, "tbody") == _part(stock, "tbody")
    assert '<a href="?' in _part(ours, "thead")


def test_prepared_page_is_the_page_django_tables2_reads(dept_group):
    build_group(group=dept_group, n=9)
    framework = Framework.objects.get(group=dept_group, year=2024)
    for params in ({}, {"sort": "-field_1", "page": 2}, {"sort": "index_pct", "page": 3}):
        table, _ = _table(params, framework)
        expected = [row.record for row in table.paginated_rows]
        table, _ = _table(params, framework)
        table.framework_id = framework.pk
        assert table.page_records() == expected


def test_kept_headers_follow_the_fields_the_order_and_the_query(rf):
    def header(fields, params):
        table = RankingTable([], fields=fields)
        RequestConfig(rf.get("/", params), paginate={"per_page": 4}).configure(table)
        return "".join(table.header_cells())

    one, renamed = (
        [{"code": "1", "name": "Cải cách thể chế"}],
        [{"code": "1", "name": "Xây dựng chính quyền số"}],
    )
    assert header(one, {}) == header(one, {})
    assert "Xây dựng chính quyền số" in header(renamed, {}) and "Cải cách thể chế" not in header(
        renamed, {}
    )
    assert header(one, {"sort": "-rank"}) != header(one, {})
    assert "group=7" in header(one, {"group": 7}) and "group=7" not in header(one, {"group": 8})


def test_kept_rows_follow_the_data_the_page_and_the_language(dept_group):
    """Rows are kept by what they are made of: a changed number, another page or another
    language is never answered with rows kept from before."""
    from django.utils import translation

    from indicators.models import IndexResult

    build_group(group=dept_group, n=9)
    framework = Framework.objects.get(group=dept_group, year=2024)

    def rows(params=None):
        table, _ = _table(params or {}, framework)
        table.framework_id = framework.pk
        return "".join(table.page_rows())

    first = rows()
    assert rows() == first
    leader = IndexResult.objects.filter(framework=framework, rank=1).get()
    IndexResult.objects.filter(pk=leader.pk).update(index_pct="99.1234")
    changed = rows()
    assert changed != first and "99,12" in changed and "99,12" not in first
    assert rows({"page": 2}) != changed
    with translation.override("en"):
        assert "99.12" in rows() and "99,12" not in rows()
