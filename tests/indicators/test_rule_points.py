"""A leaf's points from its rule, with the arithmetic shown to the person who checks them
(`indicators.scoring.points_for_rule`), in Vietnamese number format."""

from decimal import Decimal

import pytest
from django.utils import translation

from indicators.models import Criterion
from indicators.scoring import RuleResult, points_for_rule

D = Decimal
Rule = Criterion.Rule


@pytest.fixture(autouse=True)
def _vietnamese():
    with translation.override("vi"):
        yield


def result(rule, rule_input, maximum="2", **params):
    criterion = Criterion(rule_type=rule, max_points=D(maximum), rule_params=params)
    return points_for_rule(criterion=criterion, rule_input=rule_input)


def test_pct_bands_shows_the_threshold_reached():
    assert result(Rule.PCT_BANDS, {"rate": "99.8728"}, "1", bands=[[98, 1], [95, 0.5]]) == (
        RuleResult(D("1.00"), "99,87 % ≥ 98 % → 1,00 điểm")
    )


def test_pct_bands_exact_threshold_is_reached():
    found = result(Rule.PCT_BANDS, {"rate": 95}, bands=[[100, 2], [95, 1]])
    assert found == RuleResult(D("1.00"), "95 % ≥ 95 % → 1,00 điểm")


def test_pct_bands_below_every_threshold_names_the_lowest():
    found = result(Rule.PCT_BANDS, {"rate": "94.99"}, bands=[[100, 2], [95, 1]])
    assert found == RuleResult(D("0.00"), "94,99 % < 95 % → 0,00 điểm")


def test_proportional_shows_the_division():
    found = result(Rule.PROPORTIONAL, {"rate": 72}, target=80)
    assert found == RuleResult(D("1.80"), "72 % ÷ 80 % × 2,00 → 1,80 điểm")


def test_proportional_at_the_target_is_capped():
    assert result(Rule.PROPORTIONAL, {"rate": 80}, target=80) == RuleResult(
        D("2.00"), "80 % ≥ 80 % (mức trần) → 2,00 điểm"
    )
    assert result(Rule.PROPORTIONAL, {"rate": 130}, target=80).points == D("2.00")


def test_proportional_without_a_target_divides_by_100():
    assert result(Rule.PROPORTIONAL, {"rate": "33,3"}, "3").points == D("1.00")


def test_points_above_the_maximum_are_cut_and_say_so():
    found = result(Rule.PCT_BANDS, {"rate": 60}, "1", bands=[[50, 5]])
    assert found == RuleResult(D("1.00"), "60 % ≥ 50 % → 5,00 điểm, tính tối đa 1,00 điểm")


def test_binary_and_timeliness_name_the_answer():
    assert result(Rule.BINARY, {"value": True}, "0.5") == RuleResult(D("0.50"), "Có → 0,50 điểm")
    assert result(Rule.BINARY, {"value": "không"}) == RuleResult(D("0.00"), "Không → 0,00 điểm")
    late = result(Rule.TIMELINESS, {"status": "late"}, "1", late=0.25)
    assert late == RuleResult(D("0.25"), "Muộn → 0,25 điểm")
    assert result(Rule.TIMELINESS, {"status": "on_time"}, "1").explanation == "Đúng hạn → 1,00 điểm"
    assert result(Rule.TIMELINESS, {"status": "missing"}).points == D("0.00")


@pytest.mark.parametrize(
    ("rule", "rule_input"),
    [
        (Rule.PCT_BANDS, None),
        (Rule.PCT_BANDS, {}),
        (Rule.PCT_BANDS, {"rate": ""}),
        (Rule.PROPORTIONAL, {"rate": None}),
        (Rule.BINARY, {"value": "?"}),
        (Rule.TIMELINESS, {"status": "soon"}),
        (Rule.MANUAL, {"rate": 100}),
    ],
)
def test_a_missing_input_gives_no_points_not_zero(rule, rule_input):
    assert result(rule, rule_input, bands=[[0, 1]]) is None


def test_english_explanations_use_the_english_number_format():
    with translation.override("en"):
        found = result(Rule.PCT_BANDS, {"rate": "99.8728"}, "1", bands=[[98, 1]])
    assert found.explanation.startswith("99.87 % ≥ 98 %")


def test_unreadable_bands_give_no_points():
    assert result(Rule.PCT_BANDS, {"rate": 99}, bands=[["chín mươi", 2]]) is None
