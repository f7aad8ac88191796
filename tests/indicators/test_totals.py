"""Scored columns of results: the PostgreSQL UPDATE and the Python path write the same values."""

import random
from decimal import Decimal

import pytest
from django.db import connection

from indicators import totals
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

D = Decimal
COLUMNS = [
    "evidence_points",
    "survey_points",
    "total_points",
    "applicable_max",
    "index_pct",
    "components",
    "satisfaction_pct",
]


def _varied_framework(seed=7, agencies=12):
    """Three fields (one entirely not applicable for some agencies), both survey kinds,
    some scores left empty, points on every stage of appraisal."""
    rng = random.Random(seed)
    framework = FrameworkFactory(year=2024)
    leaves = make_tree(
        framework,
        {
            "1": ("Chỉ đạo điều hành", [("1.1", "2.50"), ("1.2", "1.75"), ("1.3", "3")]),
            "2": ("Thủ tục hành chính", [("2.1", "0.50"), ("2.2", "4.25")]),
            "3": ("Chuyển đổi số", [("3.1", "1")]),
        },
    )
    survey = SurveyComponentFactory(
        framework=framework, code=SurveyComponent.Code.CCHC_SURVEY, max_points=D("30")
    )
    satisfaction = SurveyComponentFactory(
        framework=framework, code=SurveyComponent.Code.SATISFACTION, max_points=D("10")
    )
    for i in range(agencies):
        report = AnnualReportFactory(
            framework=framework, agency=AgencyFactory(group=framework.group, name=f"Đơn vị {i}")
        )
        for leaf in leaves:
            cents = int(leaf.max_points * 100)
            stage = rng.choice(
                ["self_score", "appraised_score", "appraised_score_r2", "final_score", None]
            )
            not_applicable = leaf.code == "3.1" and i % 3 == 0
            values = {stage: D(rng.randint(0, cents)) / 100} if stage and not not_applicable else {}
            CriterionScoreFactory(
                report=report, criterion=leaf, not_applicable=not_applicable, **values
            )
        SurveyScoreFactory(report=report, component=survey, points=D(rng.randint(0, 3000)) / 100)
        if i % 4:  # some agencies have no satisfaction survey
            SurveyScoreFactory(
                report=report, component=satisfaction, points=D(rng.randint(0, 1000)) / 100
            )
    return framework


def _python_totals(framework) -> dict:
    """The scored columns as the Python path computes them, keyed by agency id."""
    leaf_max, codes = totals.leaf_maxima(framework)
    reports = dict(framework.reports.values_list("agency_id", "id"))
    scores, surveys = totals._score_sums(framework, None), totals._survey_sums(framework, None)
    return {
        agency_id: totals.scored_columns(
            scores.get(report_id, {}), surveys.get(report_id, (0, 0, 0, 0)), leaf_max, codes
        )
        for agency_id, report_id in reports.items()
    }


def _stored(framework) -> dict:
    return {
        agency_id: {
            name: (str(v) if isinstance(v, Decimal) else v)
            for name, v in zip(COLUMNS, values, strict=True)
        }
        for agency_id, *values in IndexResult.objects.filter(framework=framework).values_list(
            "agency_id", *COLUMNS
        )
    }


@pytest.mark.django_db
def test_stored_totals_equal_the_python_computation_on_this_database():
    """On PostgreSQL this compares the SQL UPDATE with the Python path, value for value."""
    framework = _varied_framework()
    recompute(framework=framework)
    assert _stored(framework) == _python_totals(framework)


@pytest.mark.django_db
def test_a_field_with_every_leaf_not_applicable_has_no_percentage():
    framework = _varied_framework()
    recompute(framework=framework)
    first = framework.reports.get(agency__name="Đơn vị 0").agency_id
    stored = _stored(framework)[first]["components"]["3"]
    assert stored == {"points": "0.00", "max": "0.00", "pct": None}


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
    (row,) = _stored(framework).values()
    # Evidence 1,50 + 0,25 of 3; survey 2 of 3; total 3,75 of 6 = 62,5 %; satisfaction 66,6667 %.
    assert row == {
        "evidence_points": "1.75",
        "survey_points": "2.00",
        "total_points": "3.75",
        "applicable_max": "6.00",
        "index_pct": "62.5000",
        "satisfaction_pct": "66.6667",
        "components": {"1": {"points": "1.75", "max": "3.00", "pct": "58.3333"}},
    }


@pytest.mark.django_db
def test_a_second_recompute_writes_nothing_and_a_change_rewrites_one_row():
    framework = _varied_framework(agencies=6)
    recompute(framework=framework)
    stamps = dict(
        IndexResult.objects.filter(framework=framework).values_list("agency_id", "computed_at")
    )
    recompute(framework=framework)
    assert (
        dict(
            IndexResult.objects.filter(framework=framework).values_list("agency_id", "computed_at")
        )
        == stamps
    )

    score = (
        framework.reports.get(agency__name="Đơn vị 5").scores.filter(not_applicable=False).first()
    )
    score.final_score = score.max_points if score.final_score != score.max_points else D("0")
    score.save()
    recompute(framework=framework)
    after = dict(
        IndexResult.objects.filter(framework=framework).values_list("agency_id", "computed_at")
    )
    moved = {agency_id for agency_id, stamp in after.items() if stamp != stamps[agency_id]}
    assert score.report.agency_id in moved


@pytest.mark.django_db
def test_imported_results_without_a_report_keep_their_values():
    framework = _varied_framework(agencies=3)
    imported = IndexResultFactory(
        framework=framework,
        agency=AgencyFactory(group=framework.group),
        index_pct=D("77.1234"),
        total_points=D("77.12"),
        components={"1": {"pct": "70"}},
    )
    recompute(framework=framework)
    imported.refresh_from_db()
    assert (imported.index_pct, imported.total_points, imported.components) == (
        D("77.1234"),
        D("77.12"),
        {"1": {"pct": "70"}},
    )
    assert imported.rank is not None


@pytest.mark.django_db
@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the SQL rounding runs on PostgreSQL only"
)
def test_sql_percentages_round_half_even_like_python():
    rng = random.Random(3)
    pairs = [
        (1, 2_000_000),
        (3, 2_000_000),
        (0, 0),
        (5, 0),
        (1, 3),
        (2, 3),
        (9_999_999, 10_000_000),
        (5, -3),
        (0, -1),
        (-7, 3),
    ]  # a field whose not-applicable rows outweigh its leaves
    pairs += [(rng.randint(0, 10**7), rng.randint(1, 10**7)) for _ in range(300)]
    values = ", ".join(f"({p}::bigint, {m}::bigint)" for p, m in pairs)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {totals._e4_sql('p', 'm')}::text, {totals._cents_sql('p')}::text FROM (VALUES {values}) AS x(p, m)"
        )
        got = cursor.fetchall()
    assert got == [(totals.e4_text(totals.pct_e4(p, m)), totals.cents_text(p)) for p, m in pairs]
