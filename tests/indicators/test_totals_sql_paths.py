"""The PostgreSQL totals' less common paths give what the Python path gives.

`indicators.totals._changed_in_sql` maps criteria to fields with an array (or a join when
the framework's criterion ids are spread out), bounds a full scan by the range of report
ids (filtering by the framework's reports only when other reports are interleaved), and
writes the components as JSON text. On SQLite these tests check the Python path against
itself, which costs little.
"""

from decimal import Decimal

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from indicators import totals
from indicators.models import Criterion
from indicators.ranking import recompute
from tests.factories import (
    AgencyFactory,
    AnnualReportFactory,
    CriterionScoreFactory,
    FrameworkFactory,
    make_tree,
)
from tests.indicators.test_totals import _python_totals, _stored, _varied_framework

D = Decimal
POSTGRES = connection.vendor == "postgresql"


def _add_report(framework, leaves, name, points="0.75"):
    report = AnnualReportFactory(
        framework=framework, agency=AgencyFactory(group=framework.group, name=name)
    )
    for i, leaf in enumerate(leaves):
        CriterionScoreFactory(
            report=report,
            criterion=leaf,
            final_score=min(D(points), leaf.max_points),
            not_applicable=i == 1,
        )
    return report


def _leaf(framework, code, maximum="1"):
    """A leaf criterion of no field (field_id NULL), ordered after `make_tree`'s."""
    return Criterion.objects.create(
        framework=framework,
        level=Criterion.Level.CRITERION,
        code=code,
        name=f"Tiêu chí {code}",
        max_points=D(maximum),
        order=10_000,
    )


@pytest.mark.django_db
@pytest.mark.parametrize("full", [True, False])
def test_criteria_mapped_by_a_join_when_their_ids_are_spread(monkeypatch, full):
    monkeypatch.setattr(totals, "FIELD_ARRAY_SPAN", 0)
    framework = _varied_framework()
    recompute(framework=framework, full=full)
    assert _stored(framework) == _python_totals(framework)


@pytest.mark.django_db
def test_interleaved_report_ids_are_filtered_by_framework():
    first = _varied_framework(seed=1, agencies=3)
    second = _varied_framework(seed=2, agencies=3)
    # A report of the first framework after the second's: the first's range of ids holds the second's reports.
    _add_report(
        first,
        list(Criterion.objects.filter(framework=first, level=Criterion.Level.CRITERION)),
        "Muộn",
    )
    for framework, interleaved in ((first, True), (second, False)):
        with CaptureQueriesContext(connection) as captured:
            recompute(framework=framework, full=True)
        assert _stored(framework) == _python_totals(framework)
        if POSTGRES:
            (select,) = [q["sql"] for q in captured.captured_queries if "WITH sums AS" in q["sql"]]
            assert ("IN (SELECT id FROM" in select) is interleaved


@pytest.mark.django_db
@pytest.mark.parametrize("full", [True, False])
def test_scores_of_another_frameworks_criteria_count_as_in_python(full):
    """Nonsense data (a score on a criterion of another framework), summed as the Python path
    sums it: by the field its criterion names, here none, like this framework's fieldless leaf."""
    framework, other = FrameworkFactory(year=2024), FrameworkFactory(year=2023)
    (leaf,) = make_tree(framework, {"1": ("Lĩnh vực", [("1.1", "2")])})
    inside = _leaf(other, "9.1", "3")  # an id inside this framework's span of criterion ids
    fieldless = _leaf(framework, "0.1", "1.5")
    outside = _leaf(other, "9.2", "4")  # beyond it
    other_field = make_tree(other, {"2": ("Khác", [("2.1", "5")])})[0]
    report = AnnualReportFactory(framework=framework)
    CriterionScoreFactory(report=report, criterion=leaf, final_score=D("1.25"))
    CriterionScoreFactory(report=report, criterion=fieldless, final_score=D("0.50"))
    CriterionScoreFactory(report=report, criterion=inside, final_score=D("0.25"))
    CriterionScoreFactory(report=report, criterion=outside, max_points=D("1"), not_applicable=True)
    CriterionScoreFactory(
        report=report, criterion=other_field, final_score=D("5")
    )  # a field not this framework's
    recompute(framework=framework, full=full)
    stored = _stored(framework)
    assert stored == _python_totals(framework)
    # 0,50 + 0,25 in the fieldless bucket, whose maximum 1,50 loses the 1 not applicable.
    assert stored[report.agency_id]["components"]["?"] == {
        "points": "0.75",
        "max": "0.50",
        "pct": "150.0000",
    }


@pytest.mark.django_db
def test_component_keys_are_escaped_and_the_last_of_equal_keys_is_kept():
    framework = FrameworkFactory(year=2024)
    leaves = make_tree(
        framework,
        {
            'a"b\\c': ("Dấu nháy", [("1.1", "2")]),
            "Lĩnh vực ư": ("Chữ có dấu", [("2.1", "1.25")]),
            "?": ("Trùng với lá không thuộc lĩnh vực", [("3.1", "3")]),
        },
    )
    leaves.append(
        _leaf(framework, "0.1", "0.75")
    )  # keyed "?" as well: the last one wins, as in the dict
    for i in range(3):
        _add_report(framework, leaves, f"Đơn vị {i}", points=("0.25", "0.50", "0.75")[i])
    recompute(framework=framework, full=True)
    stored = _stored(framework)
    assert stored == _python_totals(framework)
    assert set(next(iter(stored.values()))["components"]) == {'a"b\\c', "Lĩnh vực ư", "?"}


def _work_mem_seen_by_the_totals(monkeypatch) -> list[int]:
    seen = []
    real = totals._changed_in_sql

    def spy(*args, **kwargs):
        seen.append(_work_mem())
        return real(*args, **kwargs)

    monkeypatch.setattr(totals, "_changed_in_sql", spy)
    return seen


def _work_mem() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_size_bytes(current_setting('work_mem'))")
        return cursor.fetchone()[0]


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(not POSTGRES, reason="work_mem is a PostgreSQL setting")
def test_a_recompute_in_its_own_transaction_raises_work_mem_for_it(monkeypatch):
    framework = _varied_framework(agencies=3)
    seen = _work_mem_seen_by_the_totals(monkeypatch)
    default = _work_mem()
    recompute(framework=framework, full=True)
    assert seen == [max(default, totals.WORK_MEM)]
    assert _work_mem() == default


@pytest.mark.django_db
@pytest.mark.skipif(not POSTGRES, reason="work_mem is a PostgreSQL setting")
def test_a_recompute_in_a_callers_transaction_leaves_work_mem_alone(monkeypatch):
    framework = _varied_framework(agencies=3)
    seen = _work_mem_seen_by_the_totals(monkeypatch)
    default = _work_mem()
    with transaction.atomic():
        recompute(framework=framework, full=True)
        assert _work_mem() == default
    assert seen == [default]
