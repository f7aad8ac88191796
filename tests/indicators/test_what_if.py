"""What-if on the profile: the same index, band and rank as a real recompute of the same
changed scores, nothing written, the criteria that would gain most first."""

from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from indicators.models import (
    AnnualReport,
    Criterion,
    CriterionScore,
    Framework,
    IndexResult,
    RateResult,
    SurveyComponent,
    SurveyScore,
)
from indicators.ranking import recompute
from indicators.scoring import points_for_rule
from indicators.what_if import Changes, what_if
from tests.factories import AgencyFactory, FrameworkFactory, make_standard_bands, make_tree

TREE = {
    "1": ("Chỉ đạo điều hành", [("1.1", 2), ("1.2", 3), ("1.3", 1.5)]),
    "2": ("Cải cách TTHC", [("2.1", 4), ("2.2", 2.5), ("2.3", 1)]),
}
# Points of each agency's leaves (None: no score row; "na": not applicable).
POINTS = {
    "a": [1, 2, None, 3, "na", 0.5],
    "b": [2, 2.5, 1, 3.5, 2, 1],
    "c": [1.5, 3, 1.5, 2, 1, 0],
    "d": [0.5, 1, 0.5, 1, 1, 1],
}


@dataclass
class World:
    framework: Framework
    agency: object
    leaves: list
    components: list


def _score(report, leaf, value):
    if value is None:
        return
    CriterionScore.objects.create(
        report=report,
        criterion=leaf,
        max_points=leaf.max_points,
        not_applicable=value == "na",
        appraised_score=None if value == "na" else Decimal(str(value)),
    )


@pytest.fixture
def world(dept_group, agency_a):
    framework = FrameworkFactory(group=dept_group, year=2024)
    make_standard_bands(framework)
    leaves = make_tree(framework, TREE)
    # 2.3 is scored from the agency's on-time dossier rate: the what-if moves it with the rate.
    leaves[5].rule_type, leaves[5].rule_params = "pct_bands", {"bands": [[98, 1], [95, 0.5]]}
    leaves[5].source = Criterion.Source.DOSSIERS_ON_TIME
    leaves[5].save()
    survey = SurveyComponent.objects.create(
        framework=framework,
        code="cchc_survey",
        name="ĐTXHH về CCHC",
        max_points=Decimal(30),
        order=1,
    )
    satisfaction = SurveyComponent.objects.create(
        framework=framework,
        code="satisfaction",
        name="Mức độ hài lòng",
        max_points=Decimal(8),
        order=2,
    )
    agencies = {
        "a": agency_a,
        "b": AgencyFactory(group=dept_group, name="Sở Tư pháp"),
        "c": AgencyFactory(group=dept_group, name="Sở Y tế"),
        "d": AgencyFactory(group=dept_group, name="Ban Quản lý KKT", is_ranked=False),
    }
    for key, agency in agencies.items():
        report = AnnualReport.objects.create(framework=framework, agency=agency)
        for leaf, value in zip(leaves, POINTS[key], strict=True):
            _score(report, leaf, value)
        SurveyScore.objects.create(report=report, component=survey, max_points=30, points=22)
        if key != "a":  # a has no satisfaction row: what-if points add its maximum too
            SurveyScore.objects.create(
                report=report, component=satisfaction, max_points=8, points=6
            )
    # Imported from a decision, without a report: ranked on what was published.
    IndexResult.objects.create(
        framework=framework,
        agency=AgencyFactory(group=dept_group, name="Sở Ngoại vụ"),
        published_index_pct=Decimal("70.5"),
    )
    recompute(framework=framework, full=True)
    return World(framework, agency_a, leaves, [survey, satisfaction])


def _apply(world, changes: Changes):
    """The same changes written for real, as an appraisal would write them."""
    report = AnnualReport.objects.get(framework=world.framework, agency=world.agency)
    for leaf_id, points in changes.points.items():
        leaf = Criterion.objects.get(pk=leaf_id)
        CriterionScore.objects.update_or_create(
            report=report,
            criterion=leaf,
            defaults={"final_score": points, "max_points": leaf.max_points},
        )
    rate = changes.rates.get(RateResult.Metric.ON_TIME)
    bound = world.leaves[5]
    if rate is not None and bound.pk not in changes.points:  # the rule scores the new rate
        points = points_for_rule(criterion=bound, rule_input={"rate": rate}).points
        CriterionScore.objects.filter(report=report, criterion=bound).update(final_score=points)
    for component_id, points in changes.surveys.items():
        component = SurveyComponent.objects.get(pk=component_id)
        SurveyScore.objects.update_or_create(
            report=report,
            component=component,
            defaults={"points": points, "max_points": component.max_points},
        )


def _changes(world):
    applicable = [leaf for leaf, v in zip(world.leaves, POINTS["a"], strict=True) if v != "na"]
    leaf_points = st.dictionaries(
        st.sampled_from(applicable),
        st.integers(min_value=0, max_value=1000),
        max_size=len(applicable),
    )
    survey_points = st.dictionaries(
        st.sampled_from(world.components), st.integers(min_value=0, max_value=3000), max_size=2
    )

    rates = st.one_of(st.none(), st.integers(min_value=9000, max_value=10000))

    def build(points, surveys, rate):
        return Changes(
            points={leaf.pk: min(Decimal(c) / 100, leaf.max_points) for leaf, c in points.items()},
            surveys={
                comp.pk: min(Decimal(c) / 100, comp.max_points) for comp, c in surveys.items()
            },
            rates={} if rate is None else {RateResult.Metric.ON_TIME: Decimal(rate) / 100},
        )

    return st.builds(build, leaf_points, survey_points, rates)


@pytest.mark.django_db
def test_what_if_gives_the_index_band_and_rank_of_a_real_recompute(world):
    policies = st.sampled_from(list(Framework.TiePolicy.values))

    @settings(
        max_examples=40,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(_changes(world), policies)
    def check(changes, policy):
        with transaction.atomic():
            framework = Framework.objects.get(pk=world.framework.pk)
            framework.tie_policy = policy
            framework.save(update_fields=["tie_policy"])
            recompute(framework=framework, full=True)
            predicted = what_if(framework=framework, agency=world.agency, changes=changes)
            _apply(world, changes)
            recompute(framework=framework, full=True)
            real = IndexResult.objects.get(framework=framework, agency=world.agency)
            after = predicted["after"]
            assert after["index_pct"] == real.index_pct
            assert after["rank"] == real.rank
            assert after["group_size"] == real.group_size
            assert after["band"] == real.band
            assert after["total_points"] == real.total_points
            transaction.set_rollback(True)

    check()


def test_no_change_gives_the_stored_result(world):
    result = what_if(framework=world.framework, agency=world.agency, changes=Changes())
    stored = IndexResult.objects.get(framework=world.framework, agency=world.agency)
    assert result["before"] == result["after"]
    assert (result["after"]["index_pct"], result["after"]["rank"]) == (
        stored.index_pct,
        stored.rank,
    )


def test_criteria_that_would_gain_most_come_first_and_say_their_rank(world):
    result = what_if(framework=world.framework, agency=world.agency, changes=Changes())
    codes = [row["code"] for row in result["gains"]]
    # Lost points: 1.1 → 1, 1.2 → 1, 1.3 → 1.5 (no row), 2.1 → 1, 2.3 → 0.5; 2.2 not applicable.
    assert codes == ["1.3", "1.1", "1.2", "2.1", "2.3"]
    first = result["gains"][0]
    assert first["gain_pct"] == Decimal("1.5") * 100 / result["before"]["applicable_max"]
    assert first["rank_if_full"] <= result["before"]["rank"]


def test_a_rate_bound_to_a_criterion_moves_it_through_its_rule(world):
    leaf = world.leaves[3]  # 2.1, max 4
    leaf.rule_type = Criterion.Rule.PCT_BANDS
    leaf.rule_params = {"bands": [[100, 4], [95, 2]]}
    leaf.source = Criterion.Source.DOSSIERS_ON_TIME
    leaf.save()
    result = what_if(
        framework=world.framework,
        agency=world.agency,
        changes=Changes(rates={RateResult.Metric.ON_TIME: Decimal("100")}),
    )
    # 2.1 (3 of 4 now) and the world's 2.3 (0,5 of 1) read the same rate.
    moved = [(m["code"], m["new"]) for m in result["moved"]]
    assert moved == [("2.1", Decimal("4.00")), ("2.3", Decimal("1.00"))]
    assert result["after"]["total_points"] == result["before"]["total_points"] + Decimal("1.5")


def _writes(queries):
    return [
        q["sql"]
        for q in queries
        if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))
        and "django_session" not in q["sql"]
    ]


def test_the_what_if_page_writes_nothing(world, reporter_client):
    leaf = world.leaves[0]
    url = reverse("indicators:what_if", args=[world.agency.pk])
    with CaptureQueriesContext(connection) as queries:
        response = reporter_client.get(
            url,
            {"whatif": "1", "year": 2024, f"c{leaf.pk}": "2", f"s{world.components[1].pk}": "8"},
        )
    assert response.status_code == 200
    assert not _writes(queries.captured_queries)
    result = response.context["result"]
    assert result["changed"] and result["after"]["index_pct"] > result["before"]["index_pct"]
    assert 'data-after="index"' in response.content.decode()


def test_a_point_above_the_maximum_is_refused_naming_the_criterion(world, staff_client):
    leaf = world.leaves[0]
    response = staff_client.get(
        reverse("indicators:what_if", args=[world.agency.pk]),
        {"whatif": "1", "year": 2024, f"c{leaf.pk}": "9"},
    )
    body = response.content.decode()
    assert "data-what-if-errors" in body and "Tiêu chí 1.1: không được vượt 2,00." in body
    assert not response.context["result"]["changed"]


def test_another_agencys_reporter_cannot_try_a_draft_year(world, other_reporter_client):
    response = other_reporter_client.get(
        reverse("indicators:what_if", args=[world.agency.pk]), {"year": 2024}
    )
    assert response.status_code == 200
    assert response.context["report"] is None
    assert "data-after" not in response.content.decode()


def test_the_profile_loads_the_what_if_panel(world, supervisor_client):
    body = supervisor_client.get(
        reverse("indicators:agency_profile", args=[world.agency.pk])
    ).content.decode()
    assert reverse("indicators:what_if", args=[world.agency.pk]) in body


def test_the_what_if_reads_as_many_queries_whatever_the_size_of_the_group(
    world, staff_client, dept_group
):
    url = reverse("indicators:what_if", args=[world.agency.pk])
    query = {"whatif": "1", "year": 2024, f"c{world.leaves[0].pk}": "2"}

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert staff_client.get(url, query).status_code == 200
        return len(captured)

    small = queries()
    for n in range(3):
        report = AnnualReport.objects.create(
            framework=world.framework, agency=AgencyFactory(group=dept_group, name=f"Sở {n}")
        )
        for leaf, value in zip(world.leaves, POINTS["b"], strict=True):
            _score(report, leaf, value)
    assert queries() == small


def test_sending_the_panel_back_untouched_changes_nothing(world, reporter_client):
    """A rate of four decimals shows two; sent back as shown, it is no change (else the
    leaf bound to it would take its rule's points instead of its appraised ones)."""
    import re

    leaf = world.leaves[3]
    leaf.rule_type, leaf.rule_params = Criterion.Rule.PROPORTIONAL, {"target": 50}
    leaf.source = Criterion.Source.DOSSIERS_ONLINE
    leaf.save()
    RateResult.objects.create(
        agency=world.agency,
        group=world.framework.group,
        year=2024,
        metric=RateResult.Metric.ONLINE,
        numerator=2,
        denominator=3,
        rate_pct=Decimal("66.6667"),
        formula="online_submission",
    )
    url = reverse("indicators:what_if", args=[world.agency.pk])
    panel = reporter_client.get(url, {"year": 2024}).content.decode()
    sent = dict(re.findall(r'name="((?:c|s)\d+|r_\w+)" value="([^"]*)"', panel))
    assert sent[f"r_{RateResult.Metric.ONLINE}"] == "66,67"
    response = reporter_client.get(url, {"whatif": "1", "year": 2024, **sent})
    assert response.context["form"].is_valid()
    assert response.context["result"]["moved"] == []
    assert response.context["result"]["after"] == response.context["result"]["before"]


def test_a_rate_not_ranked_yet_starts_at_the_figure_its_criterion_reads(world, reporter_client):
    from tests.factories import ProcedureStatFactory

    leaf = world.leaves[3]
    leaf.rule_type, leaf.rule_params = Criterion.Rule.PROPORTIONAL, {"target": 50}
    leaf.source = Criterion.Source.DOSSIERS_ONLINE
    leaf.save()
    ProcedureStatFactory(agency=world.agency, year=2024, received_new=3, received_online=2)
    response = reporter_client.get(
        reverse("indicators:what_if", args=[world.agency.pk]), {"year": 2024}
    )
    assert response.context["form"][f"r_{RateResult.Metric.ONLINE}"].initial == Decimal("66.67")
