"""A leaf's points: from its rule type, and which of its scores counts.

Which score counts is checked where the product reads it: the index a recompute stores,
the score row's `points`, and the database's `with_points()`.
"""

import itertools
from decimal import Decimal

import pytest

from indicators.models import Criterion, CriterionScore, IndexResult
from indicators.ranking import recompute
from indicators.scoring import points_for_rule
from tests.factories import (
    AnnualReportFactory,
    CriterionScoreFactory,
    FrameworkFactory,
    make_tree,
)

D = Decimal
Rule = Criterion.Rule


def rule_points(**kwargs):
    """`points_for_rule`'s points alone (its arithmetic is tested in test_rule_points)."""
    result = points_for_rule(**kwargs)
    return None if result is None else result.points


def leaf(rule, maximum="2", **params):
    return Criterion(rule_type=rule, max_points=D(maximum), rule_params=params)


# --- Rule types -----------------------------------------------------------------------------


def test_manual_rule_computes_nothing():
    assert rule_points(criterion=leaf(Rule.MANUAL), rule_input={"rate": 100}) is None


def test_binary_rule_gives_max_or_zero():
    assert rule_points(criterion=leaf(Rule.BINARY, "1"), rule_input={"value": True}) == D("1")
    assert rule_points(criterion=leaf(Rule.BINARY, "1"), rule_input={"met": "không"}) == D("0")
    assert rule_points(criterion=leaf(Rule.BINARY, "1"), rule_input={"value": "x"}) == D("1")
    assert rule_points(criterion=leaf(Rule.BINARY, "1"), rule_input={}) is None
    assert rule_points(criterion=leaf(Rule.BINARY, "1"), rule_input={"value": "?"}) is None


def test_timeliness_rule_on_time_late_missing():
    criterion = leaf(Rule.TIMELINESS, "1", late=0.5)
    assert rule_points(criterion=criterion, rule_input={"status": "on_time"}) == D("1")
    assert rule_points(criterion=criterion, rule_input={"status": "late"}) == D("0.5")
    assert rule_points(criterion=criterion, rule_input={"status": "missing"}) == D("0")
    assert rule_points(criterion=criterion, rule_input={"status": "soon"}) is None


def test_a_late_delivery_earns_half_the_maximum_unless_the_rule_says_otherwise():
    assert rule_points(criterion=leaf(Rule.TIMELINESS, "3"), rule_input={"status": "late"}) == D(
        "1.5"
    )


@pytest.mark.parametrize(
    ("rate", "points"), [(100, "2"), ("99.99", "1"), (95, "1"), ("94.9", "0"), (0, "0")]
)
def test_pct_bands_thresholds_are_inclusive_parameters(rate, points):
    criterion = leaf(Rule.PCT_BANDS, "2", bands=[[95, 1], [100, 2]])
    assert rule_points(criterion=criterion, rule_input={"rate": rate}) == D(points)


def test_pct_bands_below_every_threshold_give_the_else_points():
    criterion = leaf(Rule.PCT_BANDS, "2", bands=[[95, 1]], **{"else": "0.25"})
    assert rule_points(criterion=criterion, rule_input={"rate": 50}) == D("0.25")
    assert rule_points(criterion=criterion, rule_input={"rate": "n/a"}) is None


def test_proportional_rule_is_capped_at_its_target():
    criterion = leaf(Rule.PROPORTIONAL, "2", target=80)
    assert rule_points(criterion=criterion, rule_input={"rate": 40}) == D("1.00")
    assert rule_points(criterion=criterion, rule_input={"rate": 95}) == D("2.00")
    assert rule_points(criterion=criterion, rule_input={"rate": -5}) == D("0.00")
    assert rule_points(criterion=leaf(Rule.PROPORTIONAL, "3"), rule_input={"rate": "33,3"}) == D(
        "1.00"
    )


def test_rule_points_never_exceed_the_maximum():
    criterion = leaf(Rule.PCT_BANDS, "1", bands=[[50, 5]])
    assert rule_points(criterion=criterion, rule_input={"rate": 60}) == D("1")


def test_an_unknown_rule_computes_nothing():
    assert rule_points(criterion=leaf("lottery"), rule_input={"rate": 60}) is None


# --- Which score counts ---------------------------------------------------------------------


def _counted_by_recompute(**stages) -> Decimal:
    """The points one leaf (maximum 10) with these stages adds to its report's stored index."""
    framework = FrameworkFactory()
    (only,) = make_tree(framework, {"1": ("Chỉ đạo", [("1.1", 10)])})
    report = AnnualReportFactory(framework=framework)
    CriterionScoreFactory(
        report=report, criterion=only, **{k: D(v) for k, v in stages.items() if v is not None}
    )
    recompute(framework=framework)
    return IndexResult.objects.get(report=report).total_points


@pytest.mark.django_db
def test_final_score_counts_over_every_appraisal():
    assert _counted_by_recompute(
        self_score="10", appraised_score="8", appraised_score_r2="9", final_score="7"
    ) == D("7")


@pytest.mark.django_db
def test_round_two_counts_over_round_one():
    assert _counted_by_recompute(self_score="10", appraised_score="6", appraised_score_r2="9") == D(
        "9"
    )


@pytest.mark.django_db
def test_round_one_counts_over_the_self_score():
    assert _counted_by_recompute(self_score="10", appraised_score="6") == D("6")


@pytest.mark.django_db
def test_the_self_score_counts_until_an_appraisal():
    assert _counted_by_recompute(self_score="4.5") == D("4.5")


@pytest.mark.django_db
def test_a_score_row_without_any_score_counts_zero():
    assert _counted_by_recompute() == D("0")


@pytest.mark.django_db
def test_a_zero_counts_as_a_score_not_as_missing():
    assert _counted_by_recompute(self_score="10", appraised_score="0") == D("0")


@pytest.mark.django_db
def test_the_database_and_the_score_row_pick_the_same_points_for_every_combination():
    framework = FrameworkFactory()
    stages = ["self_score", "appraised_score", "appraised_score_r2", "final_score"]
    combinations = list(itertools.product([False, True], repeat=len(stages)))
    leaves = make_tree(
        framework, {"1": ("Chỉ đạo", [(f"1.{i}", 10) for i in range(len(combinations))])}
    )
    report = AnnualReportFactory(framework=framework)
    for criterion, entered in zip(leaves, combinations, strict=True):
        # Each stage its own value (self 1, round 1 2, round 2 3, final 4): which one
        # counted shows.
        values = {s: D(i + 1) for i, (s, on) in enumerate(zip(stages, entered, strict=True)) if on}
        CriterionScoreFactory(report=report, criterion=criterion, **values)
    rows = CriterionScore.objects.filter(report=report)
    in_python = {s.pk: (s.points, s.effective_appraised) for s in rows}
    in_sql = {
        pk: (points, appraised)
        for pk, points, appraised in rows.with_points().values_list(
            "pk", "points", "effective_appraised"
        )
    }
    assert in_sql == in_python
    latest = {4: "final", 3: "round 2", 2: "round 1", 1: "self", None: "none"}
    assert sorted(latest[points] for points, _ in in_python.values()) == sorted(
        ["final"] * 8 + ["round 2"] * 4 + ["round 1"] * 2 + ["self", "none"]
    )


@pytest.mark.django_db
def test_the_latest_appraisal_is_round_two_when_there_was_one():
    CriterionScoreFactory(
        criterion__max_points=D("10"), appraised_score=D("6"), appraised_score_r2=D("9")
    )
    score = CriterionScore.objects.with_points().get()
    assert (score.effective_appraised, score.points) == (D("9"), D("9"))
    score.appraised_score_r2 = None
    # The row's values, not the ones the database computed when it was read.
    assert (score.effective_appraised, score.points) == (D("6"), D("6"))
