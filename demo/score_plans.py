"""How a target index becomes points, before anything is written.

For every agency and year the demo picks a target index first (so that known facts hold:
Hà Tĩnh Sở Xây dựng ranks 13/17 in 2022), then splits it into survey points and evidence
points, and takes points off a full score criterion by criterion in steps each rule allows
(a yes/no item loses all its points, a %-band item drops one band, a proportional item any
amount). `demo.scores` writes the planned reports.
"""

import random
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from indicators.models import Criterion, Framework, SurveyComponent

CENT = Decimal("0.01")
ZERO = Decimal("0")
Rule = Criterion.Rule


def cents(value) -> Decimal:
    return Decimal(str(value)).quantize(CENT, rounding=ROUND_HALF_UP)


# --- targets ---------------------------------------------------------------------------------


def spread_targets(
    *, rng: random.Random, count: int, mean: float, spread: float, gap: float = 0.15
) -> list[Decimal]:
    """`count` distinct index values, best first, averaging `mean` (±0.01), at least `gap` apart."""
    values = sorted((rng.gauss(0, spread / 4) for _ in range(count)), reverse=True)
    for i in range(1, count):
        values[i] = min(values[i], values[i - 1] - gap - rng.uniform(0, 0.2))
    shift = mean - sum(values) / count
    values = [v + shift for v in values]
    if values[0] > 98.9:  # keep the best below 99 % without reordering
        values = [v - (values[0] - 98.9) * (1 - i / count) for i, v in enumerate(values)]
    return [cents(v) for v in values]


def order_keys(
    *, keys: list[str], rng: random.Random, strength: dict[str, float], fixed: dict[str, int]
) -> list[str]:
    """Keys best first: `fixed` ones at their 1-based positions, the rest by noisy strength."""
    free = sorted(
        (k for k in keys if k not in fixed), key=lambda k: -(strength[k] + rng.gauss(0, 0.9))
    )
    order: list[str | None] = [None] * len(keys)
    for key, rank in fixed.items():
        order[rank - 1] = key
    it = iter(free)
    return [slot if slot is not None else next(it) for slot in order]


# --- one report's points ---------------------------------------------------------------------


@dataclass
class LeafSpec:
    id: int
    code: str
    max_points: Decimal
    rule: str
    params: dict
    allow_na: bool

    def allowed(self) -> list[Decimal] | None:
        """Discrete point values the rule can give (None: any amount)."""
        if self.rule == Rule.BINARY:
            return [ZERO, self.max_points]
        if self.rule == Rule.TIMELINESS:
            return sorted(
                {ZERO, cents(self.params.get("late", self.max_points / 2)), self.max_points}
            )
        if self.rule == Rule.PCT_BANDS:
            return sorted(
                {ZERO, self.max_points, *(cents(p) for _, p in self.params.get("bands", []))}
            )
        return None


def leaf_specs(framework: Framework) -> list[LeafSpec]:
    rows = framework.criteria.filter(level=Criterion.Level.SUB_CRITERION).order_by("order")
    return [
        LeafSpec(
            c.id, c.code, c.max_points, c.rule_type, c.rule_params or {}, c.allow_not_applicable
        )
        for c in rows
    ]


def take_points(*, rng: random.Random, leaves: list[LeafSpec], loss: Decimal) -> dict[int, Decimal]:
    """Full marks on every leaf minus `loss` in total, in steps the leaves' rules allow."""
    values = {leaf.id: leaf.max_points for leaf in leaves}
    loss = cents(loss)
    free = [leaf for leaf in leaves if leaf.allowed() is None]
    capacity = sum((leaf.max_points for leaf in free), ZERO)
    discrete = [leaf for leaf in leaves if leaf.allowed() is not None]
    rng.shuffle(discrete)
    for forced in (False, True):
        for leaf in discrete:
            lower = [v for v in leaf.allowed() if v < values[leaf.id]]
            if not lower:
                continue
            step = values[leaf.id] - lower[-1]
            needed = loss > capacity * Decimal("0.6")
            if step <= loss and (needed or (not forced and rng.random() < 0.2)):
                values[leaf.id] -= step
                loss -= step
    while loss > 0:
        candidates = [leaf for leaf in free if values[leaf.id] > 0] or [
            leaf for leaf in leaves if values[leaf.id] > 0
        ]
        if not candidates:
            break
        leaf = rng.choice(candidates)
        take = min(loss, values[leaf.id], cents(rng.uniform(0.05, float(leaf.max_points) * 0.7)))
        values[leaf.id] -= take
        loss -= take
    return values


def rule_input_for(leaf: LeafSpec, points: Decimal, rng: random.Random) -> dict | None:
    """The agency's input that yields `points` under the leaf's rule (for the scoring screens)."""
    if leaf.rule == Rule.BINARY:
        return {"value": points == leaf.max_points}
    if leaf.rule == Rule.TIMELINESS:
        status = "on_time" if points == leaf.max_points else ("missing" if points == 0 else "late")
        return {"status": status}
    if leaf.rule == Rule.PCT_BANDS:
        bands = sorted(
            ((Decimal(str(t)), cents(p)) for t, p in leaf.params.get("bands", [])), reverse=True
        )
        for i, (threshold, band_points) in enumerate(bands):
            if band_points == points:
                ceiling = Decimal("100") if i == 0 else bands[i - 1][0] - CENT
                return {
                    "rate": float(
                        min(ceiling, threshold + cents(rng.uniform(0, float(ceiling - threshold))))
                    )
                }
        lowest = bands[-1][0] if bands else Decimal("50")
        return {"rate": float(max(ZERO, lowest - cents(rng.uniform(1, 12))))}
    if leaf.rule == Rule.PROPORTIONAL:
        target = Decimal(str(leaf.params.get("target", 100)))
        rate = (
            (points * target / leaf.max_points).quantize(Decimal("0.0001"))
            if leaf.max_points
            else ZERO
        )
        return {"rate": float(rate)}
    return None


@dataclass
class PlannedReport:
    """What one agency's report will hold: final points per leaf, N/A leaves, survey points."""

    final: dict[int, Decimal]
    not_applicable: set[int]
    surveys: dict[str, Decimal]


def plan_report(
    *, rng: random.Random, leaves: list[LeafSpec], target: Decimal, surveys: dict[str, Decimal]
) -> PlannedReport:
    """Points that give index `target` (to ±0.01): survey shares near the target, evidence the
    rest."""
    na = set()
    if rng.random() < 0.3:
        na.add(rng.choice([leaf for leaf in leaves if leaf.allow_na]).id)
    na_max = sum((leaf.max_points for leaf in leaves if leaf.id in na), ZERO)
    evidence_max = sum((leaf.max_points for leaf in leaves), ZERO) - na_max
    applicable = evidence_max + sum(surveys.values(), ZERO)
    ratio = float(target) / 100
    points = {}
    for code, maximum in surveys.items():
        noise = (
            rng.uniform(-0.05, 0.03)
            if code == SurveyComponent.Code.CCHC_SURVEY
            else rng.uniform(-0.14, 0.04)
        )
        points[code] = min(maximum, cents(float(maximum) * min(1.0, ratio + noise)))
    evidence = cents(target * applicable / 100) - sum(points.values(), ZERO)
    if evidence > evidence_max:  # move the excess onto the surveys, which still have room
        excess = evidence - evidence_max
        evidence = evidence_max
        for code, maximum in surveys.items():
            room = min(excess, maximum - points[code])
            points[code] += room
            excess -= room
    final = take_points(
        rng=rng, leaves=[leaf for leaf in leaves if leaf.id not in na], loss=evidence_max - evidence
    )
    return PlannedReport(final=final, not_applicable=na, surveys=points)
