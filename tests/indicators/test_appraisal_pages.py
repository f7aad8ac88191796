"""The appraisal board at group scale: one page of agencies at a time, queries independent
of the group, KPIs over the whole group."""

import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from indicators.management.commands.bench_rankings import _build_framework, _build_scores
from indicators.models import AnnualReport, Framework
from tests.factories import AgencyFactory, AgencyGroupFactory

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
DEADLINE = datetime.datetime(2024, 12, 15, 17, 0, tzinfo=TZ)


def _group(province, n: int, code: str) -> Framework:
    """A 2024 framework of `n` agencies "Xã 00"… with reports, scores and survey points (ĐTXHH, MĐHL)."""
    group = AgencyGroupFactory(province=province, code=code, name=f"Khối {code}")
    agencies = [AgencyFactory(group=group, province=province, name=f"Xã {i:02d}") for i in range(n)]
    framework = _build_framework(group, 2024, criteria=2)
    _build_scores(framework, agencies)
    Framework.objects.filter(pk=framework.pk).update(self_assessment_deadline=DEADLINE)
    framework.refresh_from_db()
    return framework


def _submit(framework, names, at):
    AnnualReport.objects.filter(framework=framework, agency__name__in=names).update(submitted_at=at)


def _names(rows):
    return [row["report"].agency.name for row in rows]


def _queries(client, *args, method="get"):
    with CaptureQueriesContext(connection) as queries:
        response = getattr(client, method)(*args)
    assert response.status_code in (200, 302)
    return len(queries)


@pytest.fixture
def small(province):
    return _group(province, 3, "nho")


@pytest.fixture
def large(province):
    """60 agencies: two pages of 50; Xã 00–04 on time, Xã 05–06 and Xã 55 late, the rest missing."""
    framework = _group(province, 60, "lon")
    _submit(framework, [f"Xã {i:02d}" for i in range(5)], DEADLINE - datetime.timedelta(days=1))
    _submit(framework, ["Xã 05", "Xã 06", "Xã 55"], DEADLINE + datetime.timedelta(days=1))
    return framework


def _board(client, framework, **params):
    return client.get(reverse("indicators:appraisal_board"), {"year": 2024, "framework": framework.pk, **params})


# --- appraisal board ---------------------------------------------------------------------


def test_board_queries_do_not_grow_with_the_group(small, large, staff_client):
    url = reverse("indicators:appraisal_board")
    staff_client.get(url)  # warm the session and membership caches
    counts = [_queries(staff_client, url, {"year": 2024, "framework": f.pk, **extra})
              for extra in ({}, {"state": "missing", "q": "Xã"}) for f in (small, large)]
    assert counts[0] == counts[1] and counts[2] == counts[3]


def test_board_shows_fifty_agencies_a_page_by_name(large, staff_client):
    first = _board(staff_client, large)
    assert _names(first.context["detail"]["rows"]) == [f"Xã {i:02d}" for i in range(50)]
    page = first.content.decode()
    assert "Trang 1/2" in page
    assert f"?year=2024&amp;framework={large.pk}&page=2" in page
    second = _board(staff_client, large, page=2)
    assert _names(second.context["detail"]["rows"]) == [f"Xã {i:02d}" for i in range(50, 60)]


def test_board_kpis_cover_the_whole_group_on_every_page_and_filter(large, staff_client):
    for params in ({}, {"page": 2}, {"state": "late"}, {"q": "Xã 1"}, {"q": "không có"}):
        detail = _board(staff_client, large, **params).context["detail"]
        assert detail["counts"] == {"on_time": 5, "late": 3, "missing": 52}
        assert detail["total"] == 60 and detail["rate"] == Decimal(800) / 60
    assert "13,3%" in _board(staff_client, large, page=2).content.decode()


def test_board_filters_by_submission_state(large, staff_client):
    assert _names(_board(staff_client, large, state="late").context["detail"]["rows"]) == ["Xã 05", "Xã 06", "Xã 55"]
    assert _names(_board(staff_client, large, state="on_time").context["detail"]["rows"]) == [f"Xã {i:02d}" for i in range(5)]
    missing = _board(staff_client, large, state="missing")
    assert missing.context["detail"]["page"].paginator.count == 52
    assert f"?year=2024&amp;framework={large.pk}&amp;state=missing&page=2" in missing.content.decode()
    # An unknown state is no filter at all.
    assert _board(staff_client, large, state="bogus").context["detail"]["page"].paginator.count == 60


def test_board_searches_agency_names_within_the_state(large, staff_client):
    assert _names(_board(staff_client, large, q="xã 5").context["detail"]["rows"]) == [f"Xã {i}" for i in range(50, 60)]
    assert _names(_board(staff_client, large, q="Xã 5", state="late").context["detail"]["rows"]) == ["Xã 55"]
    response = _board(staff_client, large, q="Xã 1", state="late")
    assert response.context["detail"]["rows"] == []
    assert "Không có đơn vị nào khớp điều kiện lọc." in response.content.decode()


def test_board_counts_a_submission_without_a_deadline_as_on_time(small, staff_client):
    Framework.objects.filter(pk=small.pk).update(self_assessment_deadline=None)
    _submit(small, ["Xã 01"], DEADLINE)
    detail = _board(staff_client, small).context["detail"]
    assert detail["counts"] == {"on_time": 1, "late": 0, "missing": 2}
    assert [row["state"] for row in detail["rows"]] == ["missing", "on_time", "missing"]
