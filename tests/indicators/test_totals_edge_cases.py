"""Scored columns of unusual data: scores that are not the framework's, odd field codes."""

from decimal import Decimal

import pytest

from indicators.models import Criterion, CriterionScore
from indicators.ranking import recompute
from tests.factories import (
    AgencyFactory,
    AnnualReportFactory,
    CriterionScoreFactory,
    FrameworkFactory,
    make_tree,
)
from tests.indicators.expected_totals import expected, stored

D = Decimal


def _add_report(framework, leaves, name, points="0.75"):
    report = AnnualReportFactory(
        framework=framework, agency=AgencyFactory(group=framework.group, name=name)
    )
    for i, leaf in enumerate(leaves):
        CriterionScoreFactory(
            report=report,
            criterion=leaf,
            final_score=min(D(points), leaf.max_points),
            not_applicable=i == 1,
        )
    return report


def _leaf(framework, code, maximum="1"):
    """A leaf criterion of no field (field_id NULL), ordered after `make_tree`'s."""
    return Criterion.objects.create(
        framework=framework,
        level=Criterion.Level.CRITERION,
        code=code,
        name=f"Tiêu chí {code}",
        max_points=D(maximum),
        order=10_000,
    )


@pytest.mark.django_db
@pytest.mark.parametrize("full", [True, False])
def test_scores_on_another_frameworks_criteria_count_nowhere(full):
    """Nonsense data: a report's score on a criterion of last year's framework. A report
    scores its own framework's criteria only."""
    framework, other = FrameworkFactory(year=2024), FrameworkFactory(year=2023)
    (leaf,) = make_tree(framework, {"1": ("Lĩnh vực", [("1.1", "2")])})
    (stray,) = make_tree(other, {"1": ("Lĩnh vực", [("1.1", "5")])})
    report = AnnualReportFactory(framework=framework)
    CriterionScoreFactory(report=report, criterion=leaf, final_score=D("1.25"))
    recompute(framework=framework)
    CriterionScore.objects.create(
        report=report, criterion=stray, max_points=D("5"), final_score=D("5")
    )
    recompute(framework=framework, full=full)
    assert stored(framework)[report.agency_id]["components"] == {
        "1": {"points": "1.25", "max": "2.00", "pct": "62.5000"}
    }


@pytest.mark.django_db
def test_leaves_outside_any_field_form_their_own_component():
    framework = FrameworkFactory(year=2024)
    leaves = [*make_tree(framework, {"1": ("Lĩnh vực", [("1.1", "2")])}), _leaf(framework, "0.1")]
    report = _add_report(framework, leaves, "Đơn vị")
    recompute(framework=framework)
    assert stored(framework) == expected(framework)
    assert stored(framework)[report.agency_id]["components"]["?"] == {
        "points": "0.00",
        "max": "0.00",
        "pct": None,
    }


@pytest.mark.django_db
def test_component_keys_are_escaped_and_the_last_of_equal_keys_is_kept():
    framework = FrameworkFactory(year=2024)
    leaves = make_tree(
        framework,
        {
            'a"b\\c': ("Dấu nháy", [("1.1", "2")]),
            "Lĩnh vực ư": ("Chữ có dấu", [("2.1", "1.25")]),
            "?": ("Trùng với lá không thuộc lĩnh vực", [("3.1", "3")]),
        },
    )
    leaves.append(_leaf(framework, "0.1", "0.75"))  # keyed "?" as well: it comes last, it wins
    for i in range(3):
        _add_report(framework, leaves, f"Đơn vị {i}", points=("0.25", "0.50", "0.75")[i])
    recompute(framework=framework, full=True)
    components = stored(framework)[framework.reports.get(agency__name="Đơn vị 2").agency_id][
        "components"
    ]
    assert components == {
        'a"b\\c': {"points": "0.75", "max": "2.00", "pct": "37.5000"},
        "Lĩnh vực ư": {"points": "0.00", "max": "0.00", "pct": None},  # its leaf: not applicable
        "?": {"points": "0.75", "max": "0.75", "pct": "100.0000"},
    }
