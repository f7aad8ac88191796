"""The rankings table: a plain django-tables2 table, sorted and paged in SQL."""

from django.test import RequestFactory
from django.utils import translation
from django_tables2 import RequestConfig

from indicators import overview
from indicators.models import Framework, IndexResult
from indicators.tables.rankings import RankingTable
from tests.indicators.dashboard_data import build_group


def _table(framework, params, per_page=4):
    request = RequestFactory().get("/", params)
    fields = overview.field_columns(framework=framework)
    bands = overview.bands_of(framework=framework)
    table = RankingTable(overview.ranking_rows(framework=framework), fields=fields, bands=bands)
    RequestConfig(request, paginate={"per_page": per_page}).configure(table)
    return table, request


def test_sorting_by_a_field_orders_by_its_component_and_ties_by_rank(dept_group):
    build_group(group=dept_group, n=9)
    framework = Framework.objects.get(group=dept_group, year=2024)
    table, _ = _table(framework, {"sort": "-field_1"}, per_page=50)
    records = [row.record for row in table.paginated_rows]
    values = [overview.component_value(r["components"], "2") for r in records]
    assert values == sorted(values, reverse=True)
    for before, after in zip(records, records[1:], strict=False):
        if overview.component_value(before["components"], "2") == overview.component_value(
            after["components"], "2"
        ):
            assert (before["shown_rank"] or 10**9) <= (after["shown_rank"] or 10**9)


def test_a_page_reads_only_its_rows(dept_group, django_assert_max_num_queries):
    build_group(group=dept_group, n=9)
    framework = Framework.objects.get(group=dept_group, year=2024)
    table, request = _table(framework, {"page": 3})
    with django_assert_max_num_queries(2):  # the page's rows and the paginator's count
        html = table.as_html(request)
    assert len([row for row in table.paginated_rows]) == 1
    assert html.count('data-agency="') == 1


def test_header_links_keep_the_selection_and_switch_the_order(dept_group):
    build_group(group=dept_group, n=9)
    framework = Framework.objects.get(group=dept_group, year=2024)
    table, request = _table(framework, {"group": dept_group.pk, "year": 2024, "sort": "rank"})
    html = table.as_html(request)
    assert f"group={dept_group.pk}" in html and "sort=-rank" in html


def test_agency_names_are_escaped_and_link_to_the_profile(dept_group):
    build_group(group=dept_group, n=3)
    framework = Framework.objects.get(group=dept_group, year=2024)
    result = IndexResult.objects.filter(framework=framework).select_related("agency").first()
    result.agency.name = '<a href="//evil.example">Sở</a>'
    result.agency.save()
    table, request = _table(framework, {})
    html = table.as_html(request)
    assert '<a href="//evil.example">' not in html
    assert "&lt;a href=&quot;//evil.example&quot;&gt;Sở&lt;/a&gt;" in html
    assert f'href="/ho-so-don-vi/{result.agency_id}/"' in html


def test_numbers_follow_the_language(dept_group):
    build_group(group=dept_group, n=3)
    framework = Framework.objects.get(group=dept_group, year=2024)
    IndexResult.objects.filter(framework=framework, rank=1).update(
        index_pct="99.1234", published_index_pct=None
    )
    table, request = _table(framework, {})
    assert "99,12" in table.as_html(request)
    with translation.override("en"):
        table, request = _table(framework, {})
        assert "99.12" in table.as_html(request)
