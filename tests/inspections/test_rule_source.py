"""The share of recommendations completed on time, a source a criterion may score from:
inspections provides it to `indicators.rule_sources` through its AppConfig."""

import datetime
from decimal import Decimal

from indicators import rule_sources
from indicators.models import Criterion
from inspections.models import Recommendation
from tests.factories import RecommendationFactory
from tests.indicators.workflow_setup import *  # noqa: F403 (fixtures: clock, framework, report_a)
from tests.indicators.workflow_setup import score

Done = Recommendation.Status.DONE


def test_recommendations_completed_by_their_deadline_score_the_bound_criterion(
    framework, report_a, agency_a, agency_b
):
    Criterion.objects.filter(framework=framework, code="2.1").update(
        rule_type=Criterion.Rule.PCT_BANDS,
        rule_params={"bands": [[100, 5], [50, 2]]},
        source=Criterion.Source.RECOMMENDATIONS_ON_TIME,
    )
    due = datetime.date(2023, 6, 30)
    RecommendationFactory(addressee=agency_a, deadline=due, status=Done, completed_date=due)
    RecommendationFactory(
        addressee=agency_a, deadline=due, status=Done, completed_date=datetime.date(2023, 7, 9)
    )
    RecommendationFactory(addressee=agency_a, deadline=due)  # open and overdue
    # Not counted: still ahead on 01/12/2023, another year, another agency.
    RecommendationFactory(addressee=agency_a, deadline=datetime.date(2023, 12, 20))
    RecommendationFactory(addressee=agency_a, deadline=datetime.date(2022, 12, 20))
    RecommendationFactory(addressee=agency_b, deadline=due, status=Done, completed_date=due)

    scores = report_a.scores.select_related("criterion")
    found = rule_sources.compute_points(report=report_a, scores=scores)
    computed = found[score(report_a, "2.1").criterion_id]
    assert computed.note == "Kiến nghị có hạn trong năm 2023: 1/3 hoàn thành đúng hạn"
    assert computed.result.explanation == "33,33 % < 50 % → 0,00 điểm"
    assert computed.points == Decimal("0.00")


def test_without_recommendations_due_the_source_has_no_figures(framework, report_a):
    Criterion.objects.filter(framework=framework, code="2.1").update(
        rule_type=Criterion.Rule.PROPORTIONAL, source=Criterion.Source.RECOMMENDATIONS_ON_TIME
    )
    scores = report_a.scores.select_related("criterion")
    computed = rule_sources.compute_points(report=report_a, scores=scores)
    assert computed[score(report_a, "2.1").criterion_id].points is None
