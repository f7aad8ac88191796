"""Scored columns of results: what the recompute stores, and which rows it writes."""

from decimal import Decimal

import pytest

from indicators.models import IndexResult, SurveyComponent
from indicators.ranking import recompute
from tests.factories import (
    AgencyFactory,
    AnnualReportFactory,
    CriterionScoreFactory,
    FrameworkFactory,
    IndexResultFactory,
    SurveyComponentFactory,
    SurveyScoreFactory,
    make_tree,
)
from tests.indicators.expected_totals import expected, stored, varied_framework

D = Decimal


@pytest.mark.django_db
@pytest.mark.parametrize("full", [False, True])
def test_stored_totals_equal_the_long_way_computation(full):
    framework = varied_framework()
    recompute(framework=framework, full=full)
    assert stored(framework) == expected(framework)


@pytest.mark.django_db
def test_a_field_with_every_leaf_not_applicable_has_no_percentage():
    framework = varied_framework()
    recompute(framework=framework)
    first = framework.reports.get(agency__name="Đơn vị 0").agency_id
    assert stored(framework)[first]["components"]["3"] == {
        "points": "0.00",
        "max": "0.00",
        "pct": None,
    }


@pytest.mark.django_db
def test_totals_by_hand():
    framework = FrameworkFactory(year=2024)
    a, b = make_tree(framework, {"1": ("Lĩnh vực", [("1.1", "2"), ("1.2", "1")])})
    satisfaction = SurveyComponentFactory(
        framework=framework, code=SurveyComponent.Code.SATISFACTION, max_points=D("3")
    )
    report = AnnualReportFactory(framework=framework)
    CriterionScoreFactory(report=report, criterion=a, self_score=D("2"), appraised_score=D("1.5"))
    CriterionScoreFactory(report=report, criterion=b, final_score=D("0.25"))
    SurveyScoreFactory(report=report, component=satisfaction, points=D("2"))
    recompute(framework=framework)
    (row,) = stored(framework).values()
    # Evidence 1,50 + 0,25 of 3; survey 2 of 3; total 3,75 of 6 = 62,5 %; satisfaction 66,6667 %.
    assert row == {
        "evidence_points": "1.75",
        "survey_points": "2.00",
        "bonus_points": None,
        "penalty_points": None,
        "total_points": "3.75",
        "applicable_max": "6.00",
        "index_pct": "62.5000",
        "satisfaction_pct": "66.6667",
        "components": {"1": {"points": "1.75", "max": "3.00", "pct": "58.3333"}},
    }


def _stamps(framework) -> dict:
    return dict(
        IndexResult.objects.filter(framework=framework).values_list("agency_id", "computed_at")
    )


@pytest.mark.django_db
@pytest.mark.parametrize("full", [False, True])
def test_a_second_recompute_writes_nothing_and_a_change_rewrites_its_row(full):
    framework = varied_framework(agencies=6)
    recompute(framework=framework)
    stamps = _stamps(framework)
    recompute(framework=framework, full=full)
    assert _stamps(framework) == stamps

    score = (
        framework.reports.get(agency__name="Đơn vị 5").scores.filter(not_applicable=False).first()
    )
    score.final_score = score.max_points if score.points != score.max_points else D("0")
    score.save()
    recompute(framework=framework, full=full)
    moved = {agency for agency, stamp in _stamps(framework).items() if stamp != stamps[agency]}
    assert score.report.agency_id in moved
    assert stored(framework) == expected(framework)


@pytest.mark.django_db
def test_imported_results_without_a_report_keep_their_values():
    framework = varied_framework(agencies=3)
    imported = IndexResultFactory(
        framework=framework,
        agency=AgencyFactory(group=framework.group),
        index_pct=D("77.1234"),
        total_points=D("77.12"),
        components={"1": {"pct": "70"}},
    )
    recompute(framework=framework, full=True)
    imported.refresh_from_db()
    assert (imported.index_pct, imported.total_points, imported.components) == (
        D("77.1234"),
        D("77.12"),
        {"1": {"pct": "70"}},
    )
    assert imported.rank is not None
