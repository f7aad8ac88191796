"""The ranking engine: tie policies, bands, unranked agencies, previous ranks, query count."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.utils import timezone

from agencies.models import AgencyLineage
from indicators.models import Framework, IndexResult, RankingRun
from indicators.ranking import LOST_RUN, rank_values, recompute
from tests.factories import (
    AgencyFactory,
    AnnualReportFactory,
    BandFactory,
    CriterionScoreFactory,
    FrameworkFactory,
    IndexResultFactory,
    LineageFactory,
    SurveyComponentFactory,
    SurveyScoreFactory,
    make_standard_bands,
    make_tree,
)

D = Decimal
Policy = Framework.TiePolicy


def test_ties_share_a_rank_and_skip_the_next():
    ranks = rank_values(
        [("a", D("90")), ("b", D("85")), ("c", D("85")), ("d", D("80"))],
        policy=Policy.COMPETITION,
        tolerance=D("0"),
    )
    assert ranks == {"a": 1, "b": 2, "c": 2, "d": 4}


def test_dense_policy_does_not_skip():
    ranks = rank_values(
        [("a", D("90")), ("b", D("85")), ("c", D("85")), ("d", D("80"))],
        policy=Policy.DENSE,
        tolerance=D("0"),
    )
    assert ranks == {"a": 1, "b": 2, "c": 2, "d": 3}


def test_ordinal_policy_orders_by_unrounded_value():
    ranks = rank_values(
        [("a", D("90.5849")), ("b", D("90.5851")), ("c", D("80"))],
        policy=Policy.ORDINAL,
        tolerance=D("0.01"),
    )
    assert ranks == {"b": 1, "a": 2, "c": 3}


def test_ordinal_breaks_exact_ties_by_key_not_input_order():
    forward = rank_values([(2, D("85")), (1, D("85"))], policy=Policy.ORDINAL, tolerance=D("0"))
    backward = rank_values([(1, D("85")), (2, D("85"))], policy=Policy.ORDINAL, tolerance=D("0"))
    assert forward == backward == {1: 1, 2: 2}


def test_values_within_tolerance_tie_but_not_beyond():
    ranks = rank_values(
        [("a", D("90.0000")), ("b", D("89.9995")), ("c", D("89.9980"))],
        policy=Policy.COMPETITION,
        tolerance=D("0.001"),
    )
    assert ranks == {"a": 1, "b": 1, "c": 3}


def test_tie_groups_are_anchored_on_their_best_value():
    # b is within tolerance of a and c of b, but c is not within tolerance of a.
    ranks = rank_values(
        [("a", D("90.0000")), ("b", D("89.9990")), ("c", D("89.9980"))],
        policy=Policy.COMPETITION,
        tolerance=D("0.001"),
    )
    assert ranks == {"a": 1, "b": 1, "c": 3}


def _framework_with_reports(points_by_name, *, group=None, year=2023, **framework_kwargs):
    """A framework (one field, leaf max 100) and one report per agency with final scores."""
    framework = FrameworkFactory(
        year=year, **({"group": group} if group else {}), **framework_kwargs
    )
    (leaf,) = make_tree(framework, {"1": ("Chỉ đạo điều hành", [("1.1", 100)])})
    agencies = {}
    for name, points in points_by_name.items():
        agency = AgencyFactory(group=framework.group, name=name)
        report = AnnualReportFactory(framework=framework, agency=agency)
        CriterionScoreFactory(report=report, criterion=leaf, final_score=D(points))
        agencies[name] = agency
    return framework, agencies


def _results(framework):
    return {
        r.agency.name: r
        for r in IndexResult.objects.filter(framework=framework).select_related("agency")
    }


@pytest.mark.django_db
def test_recompute_ranks_competition_with_group_size():
    framework, _ = _framework_with_reports({"A": "90", "B": "85", "C": "85", "D": "70"})
    run = recompute(framework=framework)
    results = _results(framework)
    assert {n: r.rank for n, r in results.items()} == {"A": 1, "B": 2, "C": 2, "D": 4}
    assert {r.group_size for r in results.values()} == {4}
    assert results["B"].rank_label == "2/4"
    assert (
        run.status == RankingRun.Status.DONE
        and run.rows == 4
        and run.finished_at
        and run.duration_ms is not None
    )


@pytest.mark.django_db
def test_recompute_is_idempotent():
    framework, _ = _framework_with_reports({"A": "90", "B": "85"})
    recompute(framework=framework)
    first = {n: (r.pk, r.rank, r.index_pct) for n, r in _results(framework).items()}
    recompute(framework=framework)
    assert {n: (r.pk, r.rank, r.index_pct) for n, r in _results(framework).items()} == first
    assert IndexResult.objects.filter(framework=framework).count() == 2


@pytest.mark.django_db
def test_unranked_agencies_are_scored_but_not_ranked():
    framework, agencies = _framework_with_reports({"Special": "99", "A": "90", "B": "80"})
    agencies["Special"].is_ranked = False
    agencies["Special"].save()
    recompute(framework=framework)
    results = _results(framework)
    assert results["Special"].index_pct == D("99")
    assert results["Special"].rank is None
    assert (results["A"].rank, results["B"].rank, results["A"].group_size) == (1, 2, 2)


@pytest.mark.django_db
def test_band_lower_bound_is_inclusive():
    framework, _ = _framework_with_reports({"A": "90", "B": "89.99", "C": "80", "D": "10"})
    make_standard_bands(framework)
    recompute(framework=framework)
    bands = {n: r.band for n, r in _results(framework).items()}
    assert bands == {"A": "Xuất sắc", "B": "Tốt", "C": "Tốt", "D": "Yếu"}


@pytest.mark.django_db
def test_framework_without_bands_gives_no_band():
    framework, _ = _framework_with_reports({"A": "96.51"})
    recompute(framework=framework)
    assert _results(framework)["A"].band == ""


@pytest.mark.django_db
def test_bands_come_from_the_framework_own_thresholds():
    # Quảng Nam 2024 called 96,51% "Tốt": no threshold is hard-coded.
    framework, _ = _framework_with_reports({"A": "96.51"})
    BandFactory(framework=framework, name="Tốt", lower=D("95"))
    BandFactory(framework=framework, name="Xuất sắc", lower=D("98"))
    recompute(framework=framework)
    assert _results(framework)["A"].band == "Tốt"


@pytest.mark.django_db
def test_not_applicable_criteria_leave_the_denominator():
    framework = FrameworkFactory()
    a, b = make_tree(framework, {"1": ("Thể chế", [("1.1", 6), ("1.2", 4)])})
    report = AnnualReportFactory(framework=framework)
    CriterionScoreFactory(report=report, criterion=a, final_score=D("5"))
    CriterionScoreFactory(report=report, criterion=b, not_applicable=True, final_score=D("0"))
    recompute(framework=framework)
    result = IndexResult.objects.get(report=report)
    assert (result.total_points, result.applicable_max) == (D("5"), D("6"))
    assert result.index_pct == D("83.3333")
    assert result.components["1"] == {"points": "5.00", "max": "6.00", "pct": "83.3333"}


@pytest.mark.django_db
def test_missing_leaf_scores_count_zero_and_survey_adds_to_both():
    framework = FrameworkFactory()
    make_tree(framework, {"1": ("Thể chế", [("1.1", 30), ("1.2", 30)])})
    leaf = framework.criteria.get(code="1.1")
    component = SurveyComponentFactory(framework=framework, max_points=D("40"))
    report = AnnualReportFactory(framework=framework)
    CriterionScoreFactory(
        report=report,
        criterion=leaf,
        self_score=D("20"),
        appraised_score=D("18"),
        appraised_score_r2=D("25"),
    )
    SurveyScoreFactory(report=report, component=component, points=D("30"))
    recompute(framework=framework)
    result = IndexResult.objects.get(report=report)
    assert (
        result.evidence_points,
        result.survey_points,
        result.total_points,
        result.applicable_max,
    ) == (D("25"), D("30"), D("55"), D("100"))
    assert result.index_pct == D("55")


@pytest.mark.django_db
def test_recompute_never_touches_published_values_and_flags_discrepancy():
    framework, agencies = _framework_with_reports({"A": "90", "B": "80"})
    IndexResultFactory(
        framework=framework,
        agency=agencies["A"],
        index_pct=None,
        published_index_pct=D("90.00"),
        published_rank=1,
        published_band="Tốt",
    )
    IndexResultFactory(
        framework=framework,
        agency=agencies["B"],
        index_pct=None,
        published_index_pct=D("80.50"),
        published_rank=2,
    )
    recompute(framework=framework)
    results = _results(framework)
    assert (
        results["A"].published_index_pct,
        results["A"].published_rank,
        results["A"].published_band,
    ) == (D("90"), 1, "Tốt")
    assert results["A"].index_pct == D("90") and not results["A"].has_discrepancy
    assert results["B"].index_pct == D("80") and results["B"].has_discrepancy
    assert results["A"].report_id is not None


@pytest.mark.django_db
def test_imported_rows_without_reports_are_ranked_on_their_published_index():
    framework, agencies = _framework_with_reports({"A": "85"})
    IndexResultFactory(
        framework=framework, agency__name="Imported", index_pct=None, published_index_pct=D("91")
    )
    recompute(framework=framework)
    results = _results(framework)
    assert (results["Imported"].rank, results["A"].rank) == (1, 2)
    assert results["Imported"].index_pct is None


def _two_years(*, continues_across_merger):
    old, agencies = _framework_with_reports({"Old": "90", "Stay": "80"}, year=2024)
    recompute(framework=old)
    new, new_agencies = _framework_with_reports(
        {"Stay": "95", "New": "85"},
        group=old.group,
        year=2025,
        continues_across_merger=continues_across_merger,
    )
    # The same "Stay" agency continues: reuse it in 2025.
    new_report = new_agencies["Stay"].reports.get()
    new_report.agency = agencies["Stay"]
    new_report.save()
    LineageFactory(
        predecessor=agencies["Old"],
        successor=new_agencies["New"],
        relation=AgencyLineage.Relation.MERGE_INTO,
    )
    recompute(framework=new)
    return _results(new)


@pytest.mark.django_db
def test_previous_rank_of_the_same_agency_and_its_change():
    results = _two_years(continues_across_merger=False)
    stay = next(r for r in results.values() if r.agency.name == "Stay")
    assert (stay.previous_rank, stay.rank, stay.rank_change, stay.previous_index_pct) == (
        2,
        1,
        1,
        D("80"),
    )


@pytest.mark.django_db
def test_previous_rank_does_not_cross_a_merger_unless_configured():
    results = _two_years(continues_across_merger=False)
    assert results["New"].previous_rank is None and results["New"].rank_change is None


@pytest.mark.django_db
def test_previous_rank_crosses_a_merger_when_configured():
    results = _two_years(continues_across_merger=True)
    assert (results["New"].previous_rank, results["New"].rank, results["New"].rank_change) == (
        1,
        2,
        -1,
    )


@pytest.mark.django_db
def test_failed_recompute_records_the_error_and_keeps_old_results(monkeypatch):
    framework, _ = _framework_with_reports({"A": "90"})
    recompute(framework=framework)

    def boom(*args, **kwargs):
        raise RuntimeError("hỏng")

    monkeypatch.setattr("indicators.ranking._update_results", boom)
    with pytest.raises(RuntimeError):
        recompute(framework=framework)
    run = RankingRun.objects.order_by("-pk").first()
    assert run.status == RankingRun.Status.FAILED and "hỏng" in run.error
    assert _results(framework)["A"].rank == 1


@pytest.mark.django_db
def test_a_run_left_unfinished_longer_than_a_task_may_live_is_closed_as_lost(settings):
    framework, _ = _framework_with_reports({"A": "90"})
    now = timezone.now()
    limit = datetime.timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT)
    lost, live = (
        RankingRun.objects.create(
            province_id=framework.province_id,
            group_id=framework.group_id,
            year=framework.year,
            status=RankingRun.Status.RUNNING,
            queued_at=at,
            started_at=at,
        )
        for at in (now - limit - datetime.timedelta(minutes=1), now - datetime.timedelta(minutes=1))
    )
    recompute(framework=framework)
    lost.refresh_from_db()
    live.refresh_from_db()
    assert (lost.status, lost.error) == (RankingRun.Status.FAILED, LOST_RUN)
    assert live.status == RankingRun.Status.RUNNING  # may still be waiting for the lock


@pytest.mark.django_db
@pytest.mark.parametrize("size", [5, 50])
def test_recompute_query_count_does_not_grow_with_agencies(size, django_assert_num_queries):
    framework, _ = _framework_with_reports(
        {f"Đơn vị {i}": str(50 + i) for i in range(size)}, continues_across_merger=True
    )
    make_standard_bands(framework)
    previous, _ = _framework_with_reports(
        {f"Cũ {i}": str(40 + i) for i in range(size)}, group=framework.group, year=2022
    )
    recompute(framework=previous)
    expected = QUERIES_PER_RECOMPUTE[connection.vendor]
    with django_assert_num_queries(expected):
        recompute(framework=framework)
    assert IndexResult.objects.filter(framework=framework, rank__isnull=False).count() == size


# Create run, close lost runs, savepoint, framework, bands, reports, mark unlinked reports,
# insert missing, claim the marks, the leaves' maxima, score sums, survey sums, agencies'
# own maxima, stored totals, update of totals, results, previous framework, previous
# results, lineage, update of ranks, the province's data version, release, run;
# PostgreSQL adds the advisory lock.
QUERIES_PER_RECOMPUTE = {"postgresql": 24, "sqlite": 23}


@pytest.mark.django_db
def test_a_recompute_rewrites_only_the_rows_that_changed():
    framework, agencies = _framework_with_reports({"A": "90", "B": "80", "C": "70"})
    recompute(framework=framework)
    before = dict(
        IndexResult.objects.filter(framework=framework).values_list("agency__name", "computed_at")
    )
    score = agencies["C"].reports.get().scores.get()
    score.final_score = D("95")
    score.save()
    recompute(framework=framework)
    after = {
        r.agency.name: r
        for r in IndexResult.objects.filter(framework=framework).select_related("agency")
    }
    assert {n: r.rank for n, r in after.items()} == {"C": 1, "A": 2, "B": 3}
    assert all(after[n].computed_at > before[n] for n in ("A", "B", "C"))  # every rank moved
    recompute(framework=framework)
    again = dict(
        IndexResult.objects.filter(framework=framework).values_list("agency__name", "computed_at")
    )
    assert again == {n: r.computed_at for n, r in after.items()}  # nothing changed, nothing written


@pytest.mark.django_db
def test_a_merger_of_several_ranked_predecessors_continues_no_series():
    old, agencies = _framework_with_reports({"TN&MT": "90", "NN&PTNT": "80"}, year=2024)
    recompute(framework=old)
    new, new_agencies = _framework_with_reports(
        {"NN&MT": "85"}, group=old.group, year=2025, continues_across_merger=True
    )
    for name in ("TN&MT", "NN&PTNT"):
        LineageFactory(
            predecessor=agencies[name],
            successor=new_agencies["NN&MT"],
            relation=AgencyLineage.Relation.MERGE_INTO,
        )
    recompute(framework=new)
    assert _results(new)["NN&MT"].previous_rank is None  # whose rank would it be? none.


@pytest.mark.django_db
def test_a_rename_continues_the_series_when_configured():
    old, agencies = _framework_with_reports({"Ban Dân tộc": "90", "Sở Nội vụ": "95"}, year=2024)
    recompute(framework=old)
    new, new_agencies = _framework_with_reports(
        {"Sở Dân tộc và Tôn giáo": "97"}, group=old.group, year=2025, continues_across_merger=True
    )
    LineageFactory(
        predecessor=agencies["Ban Dân tộc"],
        successor=new_agencies["Sở Dân tộc và Tôn giáo"],
        relation=AgencyLineage.Relation.RENAME,
    )
    LineageFactory(
        predecessor=agencies["Sở Nội vụ"],
        successor=new_agencies["Sở Dân tộc và Tôn giáo"],
        relation=AgencyLineage.Relation.TRANSFER_FUNCTION,
    )
    recompute(framework=new)
    result = _results(new)["Sở Dân tộc và Tôn giáo"]
    assert (result.previous_rank, result.previous_index_pct, result.rank_change) == (2, D("90"), 1)
