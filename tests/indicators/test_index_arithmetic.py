"""A report's index, components, satisfaction and band, as a recompute stores them.

index % = 100 × points ÷ applicable maximum; a not-applicable leaf leaves the maximum;
survey components add to both; a field's component is the same division over its leaves;
percentages are stored with 4 places, rounded half-even. Every test runs `recompute`, the
path production runs, on whichever database the suite runs on.
"""

from decimal import Decimal

import pytest

from indicators.models import IndexResult, SurveyComponent
from indicators.ranking import recompute
from indicators.scoring import band_of
from tests.factories import (
    AnnualReportFactory,
    BandFactory,
    CriterionScoreFactory,
    FrameworkFactory,
    SurveyComponentFactory,
    SurveyScoreFactory,
    make_tree,
)

D = Decimal


def _result(report) -> IndexResult:
    recompute(framework=report.framework)
    return IndexResult.objects.get(report=report)


@pytest.mark.django_db
def test_index_is_points_over_the_applicable_maximum_never_over_100():
    framework = FrameworkFactory(total_max=D("70"))
    a, b, c = make_tree(
        framework,
        {"1": ("Chỉ đạo", [("1.1", 10), ("1.2", 10)]), "2": ("Thể chế", [("2.1", 50)])},
    )
    report = AnnualReportFactory(framework=framework)
    CriterionScoreFactory(report=report, criterion=a, final_score=D("7"))
    CriterionScoreFactory(report=report, criterion=b, final_score=D("9"))
    CriterionScoreFactory(report=report, criterion=c, final_score=D("40"))
    result = _result(report)
    assert (result.total_points, result.applicable_max) == (D("56"), D("70"))
    assert result.index_pct == D("80")


@pytest.mark.django_db
def test_each_field_component_is_its_points_over_its_applicable_maximum():
    framework = FrameworkFactory()
    a, b, c, d = make_tree(
        framework,
        {
            "1": ("Chỉ đạo", [("1.1", 10), ("1.2", 10)]),
            "2": ("Thể chế", [("2.1", 25), ("2.2", 25)]),
        },
    )
    report = AnnualReportFactory(framework=framework)
    CriterionScoreFactory(report=report, criterion=a, final_score=D("7"))
    CriterionScoreFactory(report=report, criterion=b, appraised_score_r2=D("9"))
    CriterionScoreFactory(report=report, criterion=c, self_score=D("20"))
    CriterionScoreFactory(report=report, criterion=d, not_applicable=True, self_score=D("25"))
    result = _result(report)
    assert result.components == {
        "1": {"points": "16.00", "max": "20.00", "pct": "80.0000"},
        "2": {"points": "20.00", "max": "25.00", "pct": "80.0000"},
    }
    assert (result.total_points, result.applicable_max, result.index_pct) == (
        D("36"),
        D("45"),
        D("80"),
    )


def _evidence_and_surveys(evidence, survey=None, satisfaction=None) -> IndexResult:
    """A report scoring `evidence` of 60 on its one leaf, `survey` of 32 in the ĐTXHH and
    `satisfaction` of 8 in the satisfaction survey (None: no such survey row)."""
    framework = FrameworkFactory()
    (only,) = make_tree(framework, {"1": ("Tài liệu kiểm chứng", [("1.1", 60)])})
    report = AnnualReportFactory(framework=framework)
    CriterionScoreFactory(report=report, criterion=only, final_score=D(evidence))
    for code, maximum, points in (
        (SurveyComponent.Code.CCHC_SURVEY, "32", survey),
        (SurveyComponent.Code.SATISFACTION, "8", satisfaction),
    ):
        component = SurveyComponentFactory(framework=framework, code=code, max_points=D(maximum))
        if points is not None:
            SurveyScoreFactory(report=report, component=component, points=D(points))
    return _result(report)


@pytest.mark.django_db
def test_survey_components_add_to_points_and_maximum():
    result = _evidence_and_surveys("58.50", survey="30.41", satisfaction="7.98")
    assert (result.evidence_points, result.survey_points, result.total_points) == (
        D("58.50"),
        D("38.39"),
        D("96.89"),
    )
    assert (result.applicable_max, result.index_pct) == (D("100"), D("96.89"))


@pytest.mark.django_db
def test_satisfaction_is_its_survey_points_over_its_maximum():
    assert _evidence_and_surveys("30", survey="32", satisfaction="7.98").satisfaction_pct == D(
        "99.75"
    )


@pytest.mark.django_db
def test_a_survey_without_a_score_counts_in_neither_points_nor_maximum():
    result = _evidence_and_surveys("30", survey=None, satisfaction="6")
    assert (result.total_points, result.applicable_max, result.index_pct) == (
        D("36"),
        D("68"),
        D("52.9412"),
    )


@pytest.mark.django_db
def test_no_satisfaction_survey_means_no_satisfaction_percentage():
    assert _evidence_and_surveys("30", survey="32").satisfaction_pct is None


@pytest.mark.django_db
def test_a_report_without_scores_scores_zero_of_every_leaf():
    framework = FrameworkFactory()
    first, _ = make_tree(framework, {"1": ("Chỉ đạo", [("1.1", 4), ("1.2", 6)])})
    report = AnnualReportFactory(framework=framework)
    other = AnnualReportFactory(framework=framework)
    CriterionScoreFactory(report=other, criterion=first, final_score=D("4"))
    result = _result(report)
    assert (result.total_points, result.applicable_max, result.index_pct) == (
        D("0"),
        D("10"),
        D("0"),
    )


@pytest.mark.django_db
def test_every_leaf_not_applicable_leaves_no_index():
    framework = FrameworkFactory()
    (only,) = make_tree(framework, {"1": ("Thể chế", [("1.1", 5)])})
    report = AnnualReportFactory(framework=framework)
    CriterionScoreFactory(report=report, criterion=only, not_applicable=True)
    result = _result(report)
    assert (result.applicable_max, result.index_pct) == (D("0"), None)
    assert result.components["1"] == {"points": "0.00", "max": "0.00", "pct": None}


@pytest.mark.django_db
def test_a_not_applicable_leaf_leaves_the_maximum_its_criterion_has_now():
    """A criterion's maximum changed after the score rows copied it: the leaf still
    leaves the denominator whole, as the leaf maxima hold the new value."""
    framework = FrameworkFactory()
    a, b = make_tree(framework, {"1": ("Thể chế", [("1.1", 6), ("1.2", 4)])})
    report = AnnualReportFactory(framework=framework)
    CriterionScoreFactory(report=report, criterion=a, final_score=D("3"))
    CriterionScoreFactory(report=report, criterion=b, not_applicable=True)
    b.max_points = D("5")
    b.save()
    result = _result(report)
    assert (result.applicable_max, result.index_pct) == (D("6"), D("50"))


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("points", "pct"),
    [
        ("0.01", "0.0312"),  # 0,03125: a tie, to the even 2
        ("0.03", "0.0938"),  # 0,09375: a tie, to the even 8
        ("0.05", "0.1562"),  # 0,15625
        ("0.07", "0.2188"),  # 0,21875
        ("10.00", "31.2500"),
        ("0.32", "1.0000"),
    ],
)
def test_percentages_round_half_even_at_the_fourth_place(points, pct):
    framework = FrameworkFactory()
    (only,) = make_tree(framework, {"1": ("Thể chế", [("1.1", 32)])})
    report = AnnualReportFactory(framework=framework)
    CriterionScoreFactory(report=report, criterion=only, final_score=D(points))
    result = _result(report)
    assert (str(result.index_pct), result.components["1"]["pct"]) == (pct, pct)


@pytest.mark.django_db
def test_percentages_below_the_fourth_place_round_to_nearest():
    framework = FrameworkFactory()
    (only,) = make_tree(framework, {"1": ("Thể chế", [("1.1", 3)])})
    report = AnnualReportFactory(framework=framework)
    CriterionScoreFactory(report=report, criterion=only, final_score=D("2"))
    assert str(_result(report).index_pct) == "66.6667"


@pytest.mark.django_db
def test_sums_of_many_small_points_are_exact_to_the_cent():
    """90 leaves of 0,10-0,30 points: floating-point sums (SQLite) must not lose a cent."""
    framework = FrameworkFactory()
    leaves = make_tree(framework, {"1": ("Chỉ đạo", [(f"1.{i}", "0.30") for i in range(90)])})
    report = AnnualReportFactory(framework=framework)
    for i, criterion in enumerate(leaves):
        CriterionScoreFactory(
            report=report, criterion=criterion, final_score=D(("0.10", "0.20", "0.30")[i % 3])
        )
    result = _result(report)
    assert (str(result.total_points), str(result.applicable_max)) == ("18.00", "27.00")
    assert str(result.index_pct) == "66.6667"


# --- Bands ----------------------------------------------------------------------------------

BANDS = [(D("90"), "Xuất sắc"), (D("80"), "Tốt"), (D("50"), "Trung bình")]


@pytest.mark.parametrize(
    ("index", "band"),
    [
        ("90", "Xuất sắc"),
        ("89.9999", "Tốt"),
        ("80", "Tốt"),
        ("50.0000", "Trung bình"),
        ("49.9999", ""),
        ("100", "Xuất sắc"),
    ],
)
def test_a_band_is_the_highest_lower_bound_reached_bounds_inclusive(index, band):
    assert band_of(D(index), BANDS) == band
    assert band_of(D(index), list(reversed(BANDS))) == band  # whatever the bands' order


def test_no_index_has_no_band():
    assert band_of(None, BANDS) == ""


@pytest.mark.django_db
def test_a_result_gets_the_band_of_its_index_as_stored():
    """79,99996 % is stored, and shown, as 80,0000 %: in the band from 80."""
    framework = FrameworkFactory()
    (only,) = make_tree(framework, {"1": ("Thể chế", [("1.1", 25_000)])})
    BandFactory(framework=framework, name="Tốt", lower=D("80"))
    BandFactory(framework=framework, name="Khá", lower=D("70"))
    report = AnnualReportFactory(framework=framework)
    CriterionScoreFactory(report=report, criterion=only, final_score=D("19999.99"))
    result = _result(report)
    assert (str(result.index_pct), result.band) == ("80.0000", "Tốt")
