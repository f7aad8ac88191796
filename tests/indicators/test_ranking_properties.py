"""Property tests: ranks depend on scores alone, and a better score never ranks worse."""

import random
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from indicators.models import Framework
from indicators.ranking import rank_values
from indicators.scoring import PCT_PLACES, cents_text, pct_text, percent

scores = st.lists(
    st.decimals(min_value=0, max_value=100, places=4, allow_nan=False, allow_infinity=False),
    min_size=1,
    max_size=40,
)
policies = st.sampled_from(list(Framework.TiePolicy.values))
# No deadline: a loaded CI machine must not turn a slow example into a failure.
no_deadline = settings(deadline=None)
tolerances = st.sampled_from([Decimal("0"), Decimal("0.001"), Decimal("0.01"), Decimal("0.5")])


@no_deadline
@given(scores, policies, tolerances, st.randoms())
def test_shuffling_the_input_changes_no_rank(values, policy, tolerance, rng):
    items = list(enumerate(values))
    shuffled = items[:]
    rng.shuffle(shuffled)
    assert rank_values(items, policy=policy, tolerance=tolerance) == rank_values(
        shuffled, policy=policy, tolerance=tolerance
    )


@no_deadline
@given(scores, policies, tolerances)
def test_a_better_score_never_gets_a_worse_rank(values, policy, tolerance):
    ranks = rank_values(list(enumerate(values)), policy=policy, tolerance=tolerance)
    for i, a in enumerate(values):
        for j, b in enumerate(values):
            if a > b:
                assert ranks[i] <= ranks[j]


@no_deadline
@given(scores, policies, tolerances)
def test_ranks_start_at_one_and_stay_within_the_group(values, policy, tolerance):
    ranks = rank_values(list(enumerate(values)), policy=policy, tolerance=tolerance)
    assert min(ranks.values()) == 1
    assert max(ranks.values()) <= len(values)
    if policy == Framework.TiePolicy.ORDINAL:
        assert sorted(ranks.values()) == list(range(1, len(values) + 1))


@no_deadline
@given(scores, tolerances)
def test_competition_rank_is_one_plus_the_number_strictly_ahead_of_the_group(values, tolerance):
    ranks = rank_values(
        list(enumerate(values)), policy=Framework.TiePolicy.COMPETITION, tolerance=tolerance
    )
    for i in range(len(values)):
        assert ranks[i] == 1 + sum(1 for j in range(len(values)) if ranks[j] < ranks[i])


def test_equal_scores_share_a_rank_under_every_tie_policy_but_ordinal():
    items = [(k, Decimal("88.5")) for k in random.sample(range(100), 5)]
    for policy in (Framework.TiePolicy.COMPETITION, Framework.TiePolicy.DENSE):
        assert set(rank_values(items, policy=policy, tolerance=Decimal("0")).values()) == {1}


cents = st.integers(min_value=0, max_value=10_000_000)


@no_deadline
@given(cents, cents)
def test_integer_cents_percentages_equal_the_decimal_arithmetic(points, maximum):
    """The recompute divides sums in integer cents; it must store what Decimal division
    quantized half-even (scoring.percent, then 4 places) stores, ties included."""
    as_decimal = percent(Decimal(points) / 100, Decimal(maximum) / 100)
    expected = None if as_decimal is None else str(as_decimal.quantize(PCT_PLACES))
    assert pct_text(points, maximum) == expected


@given(st.integers(min_value=-(10**9), max_value=10**9))
def test_cents_text_is_the_two_place_decimal(value):
    assert cents_text(value) == str((Decimal(value) / 100).quantize(Decimal("0.01")))


def test_exact_half_ten_thousandths_round_to_even():
    # 100 × 1 ÷ 2.000.000 = 0,00005 % and 100 × 3 ÷ 2.000.000 = 0,00015 %: exact ties.
    assert pct_text(1, 2_000_000) == "0.0000"  # 0,00005 → even 0
    assert pct_text(3, 2_000_000) == "0.0002"  # 0,00015 → even 2
    assert pct_text(0, 0) is None


@given(cents, st.integers(min_value=-10_000_000, max_value=0))
def test_nothing_applies_when_the_applicable_maximum_is_not_positive(points, maximum):
    assert pct_text(points, maximum) is None
    assert percent(Decimal(points), Decimal(maximum)) is None
