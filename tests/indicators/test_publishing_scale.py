"""A publication writes every report and result of its group in batches: its queries do
not grow with the group, and every row still gets its history entry."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext

from demo.management.commands.bench_rankings import _build_framework, _build_scores
from indicators import publishing
from indicators.models import AnnualReport, IndexResult
from indicators.ranking import recompute
from tests.factories import AgencyFactory, AgencyGroupFactory


def _appraised_group(province, n: int, code: str):
    group = AgencyGroupFactory(province=province, code=code, name=f"Khối {code}")
    agencies = [AgencyFactory(group=group, province=province) for _ in range(n)]
    framework = _build_framework(group, 2024, criteria=12)
    _build_scores(framework, agencies)
    recompute(framework=framework)
    return framework


def _publish(framework, user):
    return publishing.publish(
        framework=framework,
        decision_no=f"{framework.pk}/QĐ-UBND",
        decision_date=datetime.date(2024, 12, 26),
        user=user,
    )


def test_queries_do_not_grow_with_the_group(province, noivu_staff):
    # 20 rows: within one batch on both backends (SQLite caps a statement at 999 parameters,
    # which splits history inserts of ~40 columns past 24 rows).
    small, large = _appraised_group(province, 3, "nho"), _appraised_group(province, 20, "lon")
    counts = []
    for framework in (small, large):
        with CaptureQueriesContext(connection) as queries:
            _publish(framework, noivu_staff)
        counts.append(len(queries))
    assert counts[0] == counts[1]
    assert (
        AnnualReport.objects.filter(framework=large, status=AnnualReport.Status.PUBLISHED).count()
        == 20
    )
    assert (
        IndexResult.objects.filter(
            framework=large, is_published=True, published_index_pct__isnull=False
        ).count()
        == 20
    )


def test_every_report_and_result_gets_its_history_entry(province, noivu_staff):
    framework = _appraised_group(province, 5, "ls")
    edition = _publish(framework, noivu_staff)
    for report in AnnualReport.objects.filter(framework=framework):
        entry = report.history.latest("history_date", "history_id")
        assert (entry.status, entry.version, entry.history_user) == (
            AnnualReport.Status.PUBLISHED,
            2,
            noivu_staff,
        )
        assert entry.history_change_reason == f"Công bố theo QĐ {edition.decision_no}"
    for result in IndexResult.objects.filter(framework=framework):
        entry = result.history.latest("history_date", "history_id")
        assert entry.is_published and entry.published_index_pct == result.index_pct
        assert (
            entry.history_change_reason == f"Công bố theo {edition}"
            and entry.history_user == noivu_staff
        )
    criteria = {row["agency_id"]: row["criteria"] for row in edition.content["results"]}
    assert all(len(codes) == 12 for codes in criteria.values()) and len(criteria) == 5
