"""F-5: no query string makes a list page or an API endpoint answer 500.

Hypothesis writes query strings out of every parameter name the pages read, with the
values that broke them (unicode digits "²" and "①" that `str.isdigit` accepts, a NUL
byte that PostgreSQL refuses, negative and huge page sizes) and anything else. Every page
must answer with itself (the bad value ignored or explained), a 400 or a 404.
"""

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.test_permission_matrix import ROUTES

PARAMS = [
    "year",
    "group",
    "province",
    "q",
    "page",
    "per_page",
    "sort",
    "state",
    "kind",
    "agency",
    "addressee",
    "issuer",
    "band",
    "period_type",
    "framework",
    "report",
    "_export",
    "format",
    "limit",
    "offset",
    "ordering",
    "search",
]
NASTY = [
    "²",
    "①",
    "٣",
    "١٢",
    "0",
    "-1",
    "-0",
    "00",
    "9" * 30,
    "1e9",
    "1.5",
    "NaN",
    "inf",
    "",
    " ",
    "\x00",
    "a\x00b",
    "%00",
    "'",
    '"',
    "<script>",
    "../../etc",
    "true",
    "null",
    "[]",
    "csv",
    "xlsx",
    "json",
    "yaml",
    "pdf",
    "2023",
    "2024",
    "-2024",
    "\ud7ff",
    "𝟚𝟘𝟚𝟛",
]
values = st.one_of(st.sampled_from(NASTY), st.text(max_size=12), st.integers().map(str))
queries = st.lists(
    st.tuples(st.one_of(st.sampled_from(PARAMS), st.text(max_size=6)), values), max_size=5
)
EXCLUDED = {"set_language", "healthz", "login"}  # not list pages: a form and a probe


def list_urls(world) -> list[str]:
    """Every GET page without an object in its path, plus the agency profile and panels,
    and the API's endpoints."""
    urls = []
    for route in ROUTES:
        if route.name in EXCLUDED or not route.name:
            continue
        if route.kwargs == []:
            urls.append(reverse(route.name))
        elif route.kwargs == ["agency_id"]:
            urls.append(reverse(route.name, args=[world["agency"]]))
        elif route.kwargs == ["framework_id"]:
            urls.append(reverse(route.name, args=[world["framework"]]))
        elif route.kwargs == ["province_code"]:
            urls.append(reverse(route.name, args=[world["province_code"]]))
    return sorted(set(urls))


@pytest.fixture
def world(hostile, province):
    province.open_data = True
    province.save()
    return {
        "agency": hostile.results.first().agency_id,
        "framework": hostile.pk,
        "province_code": province.code,
    }


def _get(client, url, query):
    response = client.get(url, query)
    assert response.status_code < 500, (url, query, response.status_code)
    assert response.status_code in (200, 302, 400, 403, 404, 405), (url, query)


def test_the_fuzzed_pages_are_the_list_pages_and_the_api(world):
    urls = list_urls(world)
    for expected in ("/", "/xep-hang/", "/thu-tuc/", "/kiem-tra/", "/api/results/"):
        assert expected in urls
    assert len(urls) > 20


@pytest.mark.parametrize(
    "query",
    [
        {"year": "²"},
        {"year": "①"},
        {"q": "\x00"},
        {"per_page": "-1"},
        {"per_page": "0"},
        {"per_page": "9" * 20},
        {"page": "-1"},
        {"page": "9" * 30},
        {"group": "\x00"},
        {"_export": "yaml"},
        {"sort": "\x00"},
    ],
    ids=repr,
)
def test_the_values_the_probe_found_answer_no_500_anywhere(staff_client, world, query):
    for url in list_urls(world):
        _get(staff_client, url, query)


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_no_query_string_gives_a_500(staff_client, world, data):
    url = data.draw(st.sampled_from(list_urls(world)))
    _get(staff_client, url, data.draw(queries))


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_no_query_string_gives_a_500_to_a_reporter(reporter_client, world, data):
    url = data.draw(st.sampled_from(list_urls(world)))
    _get(reporter_client, url, data.draw(queries))


def test_every_table_keeps_its_page_size_within_bounds():
    """A table that is not a PagedTable takes ?per_page=-1 to its paginator: a 500."""
    import importlib

    import django_tables2 as tables

    from agencies.paging import PagedTable

    for module in (
        "agencies.tables",
        "indicators.tables.rankings",
        "indicators.tables.procedures",
        "inspections.tables",
    ):
        importlib.import_module(module)

    def subclasses(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from subclasses(sub)

    ours = [
        t
        for t in subclasses(tables.Table)
        if t.__module__.split(".")[0] in {"agencies", "indicators", "inspections"}
    ]
    assert len(ours) >= 6
    assert [t.__name__ for t in ours if not issubclass(t, PagedTable) and t is not PagedTable] == []
