"""The database itself refuses impossible numbers; model validation says why in Vietnamese."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from indicators.models import CriterionScore, IndexResult, ServiceIndexScore, SurveyScore
from tests.factories import (
    AgencyFactory,
    AnnualReportFactory,
    CriterionFactory,
    IndexResultFactory,
    ProcedureStatFactory,
    SurveyComponentFactory,
)


@pytest.fixture
def report(db):
    return AnnualReportFactory()


@pytest.fixture
def criterion(report):
    return CriterionFactory(framework=report.framework, max_points=Decimal("2"))


def test_score_above_maximum_is_refused_with_a_clear_message(report, criterion):
    score = CriterionScore(report=report, criterion=criterion, self_score=Decimal("2.5"))
    score.max_points = criterion.max_points
    with pytest.raises(ValidationError) as excinfo:
        score.full_clean()
    assert "từ 0 đến điểm tối đa" in str(excinfo.value)


def test_database_refuses_score_above_maximum_even_without_validation(report, criterion):
    with pytest.raises(IntegrityError), transaction.atomic():
        CriterionScore.objects.create(
            report=report, criterion=criterion, appraised_score=Decimal("2.01")
        )


def test_negative_score_is_refused(report, criterion):
    with pytest.raises(IntegrityError), transaction.atomic():
        CriterionScore.objects.create(
            report=report, criterion=criterion, final_score=Decimal("-0.5")
        )


def test_score_at_maximum_is_accepted_and_max_is_copied_from_criterion(report, criterion):
    score = CriterionScore.objects.create(
        report=report, criterion=criterion, self_score=Decimal("2.00")
    )
    assert score.max_points == Decimal("2")


def test_one_report_per_agency_and_framework(report):
    with pytest.raises(IntegrityError), transaction.atomic():
        AnnualReportFactory(agency=report.agency, framework=report.framework)


def test_survey_points_cannot_exceed_component_maximum(report):
    component = SurveyComponentFactory(framework=report.framework, max_points=Decimal("8"))
    with pytest.raises(IntegrityError), transaction.atomic():
        SurveyScore.objects.create(report=report, component=component, points=Decimal("8.01"))


def test_index_above_100_percent_is_refused(db):
    existing = IndexResultFactory()
    result = IndexResult(
        framework=existing.framework, agency=AgencyFactory(), index_pct=Decimal("100.01")
    )
    with pytest.raises(ValidationError) as excinfo:
        result.full_clean()
    assert "0–100%" in str(excinfo.value)


def test_dossier_counts_cannot_be_negative(db):
    stat = ProcedureStatFactory.build(agency=AgencyFactory(), received_new=-1)
    with pytest.raises(ValidationError) as excinfo:
        stat.full_clean()
    assert "received_new" in excinfo.value.message_dict


def test_766_group_score_above_its_maximum_is_refused(db):
    from tests.factories import ProvinceFactory

    province = ProvinceFactory()
    values = dict(
        transparency=18,
        progress=20,
        online_service=12,
        online_payment=10,
        satisfaction=18,
        digitisation=22.5,
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        ServiceIndexScore.objects.create(
            province=province,
            period_type="quarter",
            period_start="2024-04-01",
            period_end="2024-06-30",
            total=100,
            **values,
        )
