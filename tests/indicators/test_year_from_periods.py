"""A year reported only by quarter is ranked on its dossier rates all the same: flows add
up over the quarters, the carried-over stock is the first quarter's, the in-progress stock
the last one's (`dossiers.year_stats`, through the one formula home)."""

import datetime

from django.urls import reverse

from indicators import dossiers
from indicators.models import RateResult
from indicators.ranking import rank_rates
from tests.factories import ProcedureStatFactory


def quarter(agency, q, **counts):
    start = datetime.date(2025, 3 * q - 2, 1)
    end = datetime.date(2025, 3 * q, 28)
    return ProcedureStatFactory(
        agency=agency,
        year=2025,
        period_type="quarter",
        period_start=start,
        period_end=end,
        **counts,
    )


def test_quarters_make_the_year_when_no_yearly_figure_exists(dept_group, agency_a, agency_b):
    quarter(
        agency_a, 1, carried_over=10, received_new=90, resolved_on_time=80, in_progress_on_time=20
    )
    quarter(
        agency_a, 2, carried_over=20, received_new=100, resolved_on_time=110, in_progress_on_time=10
    )
    ProcedureStatFactory(
        agency=agency_b, year=2025, carried_over=0, received_new=50, resolved_on_time=40
    )
    (figures_a,) = [
        f for a, f in dossiers.year_stats(list(agency_a.procedure_stats.all())) if a == agency_a.pk
    ]
    assert figures_a["carried_over"] == 10 and figures_a["received_new"] == 190
    assert figures_a["in_progress_on_time"] == 10 and figures_a["resolved_on_time"] == 190
    rank_rates(group=dept_group, year=2025)
    rate = RateResult.objects.get(agency=agency_a, metric=RateResult.Metric.ON_TIME)
    # 766: (resolved early + on time + in progress on time) ÷ (carried over + received new)
    assert (rate.numerator, rate.denominator) == (200, 200)
    assert RateResult.objects.filter(year=2025, metric=RateResult.Metric.ON_TIME).count() == 2


def test_the_overview_draws_the_on_time_ranking_of_a_year_reported_by_quarter(
    staff_client, dept_group, agency_a, agency_b
):
    from tests.indicators.dashboard_data import build_group

    build_group(group=dept_group, n=2, years=(2025,))
    quarter(agency_a, 1, carried_over=0, received_new=100, resolved_on_time=90)
    quarter(agency_b, 1, carried_over=0, received_new=100, resolved_on_time=95)
    rank_rates(group=dept_group, year=2025)
    body = staff_client.get(reverse("indicators:overview"), {"year": 2025}).content.decode()
    assert 'data-figure="fig-ontime"' in body
