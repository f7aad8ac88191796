"""Scoring rules of a leaf criterion and one report's index."""

from decimal import Decimal

import pytest

from indicators.models import Criterion
from indicators.scoring import points_for_rule, score_report
from tests.factories import (
    AnnualReportFactory,
    CriterionScoreFactory,
    FrameworkFactory,
    SurveyComponentFactory,
    SurveyScoreFactory,
    make_tree,
)

D = Decimal
Rule = Criterion.Rule


def leaf(rule, maximum="2", **params):
    return Criterion(rule_type=rule, max_points=D(maximum), rule_params=params)


def test_manual_rule_computes_nothing():
    assert points_for_rule(criterion=leaf(Rule.MANUAL), rule_input={"rate": 100}) is None


def test_binary_rule_gives_max_or_zero():
    assert points_for_rule(criterion=leaf(Rule.BINARY, "1"), rule_input={"value": True}) == D("1")
    assert points_for_rule(criterion=leaf(Rule.BINARY, "1"), rule_input={"value": "không"}) == D(
        "0"
    )
    assert points_for_rule(criterion=leaf(Rule.BINARY, "1"), rule_input={}) is None


def test_timeliness_rule_on_time_late_missing():
    criterion = leaf(Rule.TIMELINESS, "1", late=0.5)
    assert points_for_rule(criterion=criterion, rule_input={"status": "on_time"}) == D("1")
    assert points_for_rule(criterion=criterion, rule_input={"status": "late"}) == D("0.5")
    assert points_for_rule(criterion=criterion, rule_input={"status": "missing"}) == D("0")
    assert points_for_rule(
        criterion=leaf(Rule.TIMELINESS, "3"), rule_input={"status": "late"}
    ) == D("1.5")


@pytest.mark.parametrize(
    ("rate", "points"), [(100, "2"), ("99.99", "1"), (95, "1"), ("94.9", "0"), (0, "0")]
)
def test_pct_bands_thresholds_are_inclusive_parameters(rate, points):
    criterion = leaf(Rule.PCT_BANDS, "2", bands=[[95, 1], [100, 2]])
    assert points_for_rule(criterion=criterion, rule_input={"rate": rate}) == D(points)


def test_proportional_rule_is_capped_at_its_target():
    criterion = leaf(Rule.PROPORTIONAL, "2", target=80)
    assert points_for_rule(criterion=criterion, rule_input={"rate": 40}) == D("1.00")
    assert points_for_rule(criterion=criterion, rule_input={"rate": 95}) == D("2.00")
    assert points_for_rule(
        criterion=leaf(Rule.PROPORTIONAL, "3"), rule_input={"rate": "33,3"}
    ) == D("1.00")


def test_rule_points_never_exceed_the_maximum():
    criterion = leaf(Rule.PCT_BANDS, "1", bands=[[50, 5]])
    assert points_for_rule(criterion=criterion, rule_input={"rate": 60}) == D("1")


@pytest.mark.django_db
def test_report_index_uses_final_then_latest_appraisal_then_self_score():
    framework = FrameworkFactory(total_max=D("70"))
    a, b, c, d = make_tree(
        framework,
        {
            "1": ("Chỉ đạo", [("1.1", 10), ("1.2", 10)]),
            "2": ("Thể chế", [("2.1", 25), ("2.2", 25)]),
        },
    )
    report = AnnualReportFactory(framework=framework)
    CriterionScoreFactory(
        report=report, criterion=a, self_score=D("10"), appraised_score=D("8"), final_score=D("7")
    )
    CriterionScoreFactory(
        report=report,
        criterion=b,
        self_score=D("10"),
        appraised_score=D("6"),
        appraised_score_r2=D("9"),
    )
    CriterionScoreFactory(report=report, criterion=c, self_score=D("20"))
    CriterionScoreFactory(report=report, criterion=d, not_applicable=True, self_score=D("25"))
    score = score_report(report=report)
    assert (score.total_points, score.applicable_max) == (D("36"), D("45"))
    assert score.index_pct == D("80")
    assert score.components["1"] == (D("16"), D("20"), D("80"))
    assert score.components["2"] == (D("20"), D("25"), D("80"))


@pytest.mark.django_db
def test_report_index_adds_survey_components_to_points_and_maximum():
    framework = FrameworkFactory()
    (only,) = make_tree(framework, {"1": ("Tài liệu kiểm chứng", [("1.1", 60)])})
    report = AnnualReportFactory(framework=framework)
    CriterionScoreFactory(report=report, criterion=only, final_score=D("58.50"))
    SurveyScoreFactory(
        report=report,
        component=SurveyComponentFactory(framework=framework, max_points=D("32")),
        points=D("30.41"),
    )
    satisfaction = SurveyComponentFactory(
        framework=framework, code="satisfaction", name="MĐHL", max_points=D("8")
    )
    SurveyScoreFactory(report=report, component=satisfaction, points=D("7.98"))
    score = score_report(report=report)
    assert (score.evidence_points, score.survey_points, score.total_points) == (
        D("58.50"),
        D("38.39"),
        D("96.89"),
    )
    assert score.index_pct == D("96.89")
    assert score.satisfaction_pct == D("99.75")


@pytest.mark.django_db
def test_report_with_every_criterion_not_applicable_has_no_index():
    framework = FrameworkFactory()
    (only,) = make_tree(framework, {"1": ("Thể chế", [("1.1", 5)])})
    report = AnnualReportFactory(framework=framework)
    CriterionScoreFactory(report=report, criterion=only, not_applicable=True)
    assert score_report(report=report).index_pct is None


@pytest.mark.django_db
def test_score_report_and_the_set_based_recompute_agree():
    from indicators.models import IndexResult
    from indicators.ranking import recompute

    framework = FrameworkFactory()
    a, b, c = make_tree(
        framework, {"1": ("Chỉ đạo", [("1.1", 3), ("1.2", 4.5)]), "2": ("Công vụ", [("2.1", 7)])}
    )
    survey = SurveyComponentFactory(framework=framework, max_points=D("12"))
    report = AnnualReportFactory(framework=framework)
    CriterionScoreFactory(report=report, criterion=a, self_score=D("3"), appraised_score=D("2.25"))
    CriterionScoreFactory(report=report, criterion=b, not_applicable=True)
    CriterionScoreFactory(report=report, criterion=c, final_score=D("6.5"))
    SurveyScoreFactory(report=report, component=survey, points=D("10.75"))
    score = score_report(report=report)
    recompute(framework=framework)
    result = IndexResult.objects.get(report=report)
    assert result.index_pct == score.index_pct.quantize(D("0.0001"))
    assert (result.total_points, result.applicable_max) == (
        score.total_points,
        score.applicable_max,
    )
    assert {code: D(v["pct"]) for code, v in result.components.items()} == {
        code: pct.quantize(D("0.0001")) for code, (_, _, pct) in score.components.items()
    }
