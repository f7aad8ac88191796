"""Queries compiled once (cchc.prepared): same SQL, same rows, same pages as compiled each time."""

import re
from datetime import datetime, timedelta
from decimal import Decimal

import pytest
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from agencies.models import Agency, AgencyLineage
from cchc import prepared
from indicators.models import Framework
from tests.factories import AgencyFactory, AgencyGroupFactory, IndexResultFactory, LineageFactory
from tests.indicators.dashboard_data import build_group

BUILDS = []


def agencies_of_group(*, group_id):
    BUILDS.append(group_id)
    return Agency.objects.filter(group_id=group_id).select_related("province").order_by("name")


def names_of_group(*, group_id):
    return Agency.objects.filter(group_id=group_id).order_by("name").values("name")


def first_of_group(limit, *, group_id):
    return Agency.objects.filter(group_id=group_id).order_by("name")[:limit]


@pytest.fixture
def two_groups(province, dept_group):
    other = AgencyGroupFactory(province=province, code="huyen", name="Khối huyện")
    a = [AgencyFactory(group=dept_group, name=f"Sở {i}") for i in range(3)]
    b = [AgencyFactory(group=other, name=f"UBND huyện {i}") for i in range(2)]
    return (dept_group, a), (other, b)


def test_rows_follow_the_values_while_the_query_is_built_once(two_groups):
    (g1, a), (g2, b) = two_groups
    BUILDS.clear()
    first = prepared.fetch(agencies_of_group, group_id=g1.pk)
    second = prepared.fetch(agencies_of_group, group_id=g2.pk)
    assert first == a and second == b
    assert second[0].province.name == b[0].province.name  # select_related still filled
    assert BUILDS == [prepared.STAND_IN]  # built once, with the stand-in, never again


def test_values_queries_and_shapes(two_groups):
    (g1, a), (g2, b) = two_groups
    assert prepared.fetch(names_of_group, group_id=g2.pk) == [{"name": x.name} for x in b]
    assert prepared.fetch(first_of_group, 2, group_id=g1.pk) == a[:2]
    assert (
        prepared.fetch(first_of_group, 1, group_id=g1.pk) == a[:1]
    )  # another LIMIT, another shape


def test_what_cannot_be_prepared_runs_as_usual(two_groups):
    (g1, a), _ = two_groups
    assert prepared.fetch(names_of_group, group_id=None) == []  # IS NULL, not "= %s"
    # A string stand-in cannot go into an integer column: that shape runs as usual.
    assert prepared.fetch(names_of_group, group_id=str(g1.pk)) == [{"name": x.name} for x in a]
    assert prepared._compiled[(names_of_group, (), (("group_id", str),), connection.vendor)] is None

    def local_build(*, group_id):
        return Agency.objects.filter(group_id=group_id).order_by("name")

    assert prepared.fetch(local_build, group_id=g1.pk) == a
    assert not any(key[0] is local_build for key in prepared._compiled)


def test_a_value_written_into_the_sql_is_not_prepared(two_groups):
    (g1, a), _ = two_groups
    # The value only decides the LIMIT, which Django writes into the SQL text.
    assert prepared.fetch(limited, group_id=2) == a[:2]
    assert prepared._compiled[(limited, (), (("group_id", int),), connection.vendor)] is None


def limited(*, group_id):
    return Agency.objects.order_by("name")[:group_id]


def live_session(*, session_key, now):
    return Session.objects.filter(session_key=session_key, expire_date__gt=now)


@pytest.mark.django_db
def test_strings_and_aware_datetimes_are_prepared_as_the_database_takes_them():
    now = timezone.now()
    live = Session.objects.create(
        session_key="k" * 32, session_data="live", expire_date=now + timedelta(hours=1)
    )
    Session.objects.create(
        session_key="e" * 32, session_data="expired", expire_date=now - timedelta(seconds=1)
    )
    assert prepared.fetch(live_session, session_key=live.session_key, now=now) == [live]
    assert prepared.fetch(live_session, session_key="e" * 32, now=now) == []
    assert (
        prepared.fetch(live_session, session_key=live.session_key, now=now + timedelta(hours=2))
        == []
    )
    compiled = prepared._compiled[
        (live_session, (), (("now", datetime), ("session_key", str)), connection.vendor)
    ]
    assert compiled is not None  # SQLite takes the datetime as text: its adapted form is the slot
    naive = now.replace(tzinfo=None)
    assert not prepared._preparable(naive) and not prepared._preparable(True)


def test_sql_with_params_matches_the_query_compiled_again(two_groups):
    (g1, _), _ = two_groups
    assert prepared.sql_with_params(names_of_group, group_id=g1.pk) == (
        names_of_group(group_id=g1.pk).query.sql_with_params()
    )


CSRF = re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"')
NOW = re.compile(r"'\d{4}-\d\d-\d\d[ T][0-9:.+]+'")  # the session's expiry check


def _page(client, url, params=None):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, params or {})
    assert response.status_code == 200
    html = CSRF.sub("", response.content.decode())
    return html, [NOW.sub("now", q["sql"]) for q in ctx.captured_queries]


@pytest.fixture
def dashboard(province, dept_group):
    ranked = build_group(group=dept_group, n=8)
    old = AgencyFactory(group=dept_group, name="Sở Giao thông vận tải", valid_to="2025-02-28")
    framework = Framework.objects.get(group=dept_group, year=2023)
    IndexResultFactory(
        framework=framework, agency=old, index_pct=Decimal("88.10"), rank=9, group_size=9
    )
    LineageFactory(predecessor=old, successor=ranked[0], relation=AgencyLineage.Relation.MERGE_INTO)
    return ranked, old


@pytest.mark.parametrize(
    "page",
    [
        ("indicators:overview", None, {}),
        ("indicators:overview", None, {"year": 2023, "sort": "-field_1"}),
        ("indicators:overview", None, {"q": "00", "band": "Tốt"}),
        ("indicators:rankings", None, {"sort": "-rank_change", "page": 2}),
        ("indicators:agency_profile", 0, {}),
        ("indicators:agency_profile", 0, {"year": 2023}),
        ("indicators:agency_profile", 3, {}),
        ("indicators:agency_profile", "old", {}),
    ],
)
def test_pages_and_their_sql_are_the_same_prepared_or_not(
    staff_client, dashboard, page, monkeypatch
):
    name, which, params = page
    ranked, old = dashboard
    agency = old if which == "old" else ranked[which] if which is not None else None
    url = reverse(name, args=[agency.pk]) if agency else reverse(name)
    monkeypatch.setattr(prepared, "ENABLED", False)
    plain = _page(staff_client, url, params)
    monkeypatch.setattr(prepared, "ENABLED", True)
    _page(staff_client, url, params)  # compiles
    assert _page(staff_client, url, params) == plain


@pytest.mark.parametrize("name", ["indicators:overview", "indicators:agency_profile"])
def test_every_query_a_dashboard_page_prepares_is_prepared(staff_client, dashboard, name):
    """A builder that Django compiles differently from what `prepared` expects silently
    runs unprepared: the page stays right but loses the speed it was written for."""
    ranked, _ = dashboard
    prepared._compiled.clear()
    url = reverse(name, args=[ranked[0].pk]) if name.endswith("profile") else reverse(name)
    assert staff_client.get(url).status_code == 200
    builds = {
        f"{key[0].__module__}.{key[0].__qualname__}": compiled
        for key, compiled in prepared._compiled.items()
    }
    assert {
        "agencies.models._membership_of",
        "agencies.models._unread_counts",
        "agencies.auth._user",
        "cchc.sessions._live_session",
    } <= set(builds)
    if name == "indicators:overview":
        assert {
            "agencies.models._provinces_with_agencies",
            "indicators.models.framework._latest_and_last_done_runs",
        } <= set(builds)
    assert [build for build, compiled in builds.items() if compiled is None] == []
