"""Scoring: a leaf criterion's points from its rule, and one report's index.

The index is never assumed to be out of 100: index % = 100 × total ÷ applicable maximum,
where a not-applicable criterion leaves the maximum (it does not score 0). Survey
components (ĐTXHH) add to both the total and the maximum. The same division per field
gives the component indices. `indicators.ranking.recompute` does the same arithmetic
set-based for a whole group; this module is for one report (forms, previews, tests).
"""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from .models import Criterion

ZERO = Decimal("0")
HUNDRED = Decimal("100")
CENT = Decimal("0.01")
PCT_PLACES = Decimal("0.0001")


def quantize_points(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def percent(points: Decimal, maximum: Decimal) -> Decimal | None:
    """Unrounded 100 × points ÷ maximum; None when nothing applies (maximum 0, or below 0
    when not-applicable rows carry more maximum than their field's leaves)."""
    if not maximum or maximum < 0:
        return None
    return HUNDRED * points / maximum


def _decimal(value) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value).replace(",", "."))
    except InvalidOperation:
        return None


def _truthy(value) -> bool | None:
    if isinstance(value, bool):
        return value
    if value is None:
        return None
    text = str(value).strip().lower()
    if text in {"1", "true", "yes", "co", "có", "x", "dat", "đạt"}:
        return True
    if text in {"0", "false", "no", "khong", "không", "", "chua", "chưa"}:
        return False
    return None


def points_for_rule(*, criterion: Criterion, rule_input: dict | None) -> Decimal | None:
    """A leaf's points from its rule type and the agency's input; None for manual scoring.

    - binary: {"value": true} → max, false → 0.
    - timeliness: {"status": "on_time" | "late" | "missing"}; params {"late": points}
      (absolute points for a late delivery; half the maximum when not given).
    - pct_bands: {"rate": 97.5}; params {"bands": [[100, 2], [95, 1]]}: the points of the
      highest threshold the rate reaches (a threshold is inclusive), else params "else" or 0.
    - proportional: {"rate": 72}; params {"target": 80}: max × min(rate, target) ÷ target
      (the target defaults to 100 %).
    Returns None when the rule is manual or the input is missing or unreadable.
    """
    rule = criterion.rule_type
    params = criterion.rule_params or {}
    maximum = criterion.max_points
    data = rule_input or {}
    if rule == Criterion.Rule.MANUAL or not data:
        return None

    if rule == Criterion.Rule.BINARY:
        met = _truthy(data.get("value", data.get("met")))
        if met is None:
            return None
        points = maximum if met else ZERO
    elif rule == Criterion.Rule.TIMELINESS:
        status = str(data.get("status", "")).strip().lower()
        if status == "on_time":
            points = maximum
        elif status == "late":
            late = _decimal(params.get("late"))
            points = maximum / 2 if late is None else late
        elif status == "missing":
            points = ZERO
        else:
            return None
    elif rule == Criterion.Rule.PCT_BANDS:
        rate = _decimal(data.get("rate"))
        if rate is None:
            return None
        bands = sorted(
            ((Decimal(str(t)), Decimal(str(p))) for t, p in params.get("bands", [])), reverse=True
        )
        points = next(
            (p for threshold, p in bands if rate >= threshold), _decimal(params.get("else")) or ZERO
        )
    elif rule == Criterion.Rule.PROPORTIONAL:
        rate = _decimal(data.get("rate"))
        if rate is None:
            return None
        target = _decimal(params.get("target")) or HUNDRED
        points = maximum * min(max(rate, ZERO), target) / target
    else:
        return None
    # Parameters are typed by staff: never let a rule give more than the maximum or < 0.
    return quantize_points(min(max(points, ZERO), maximum))


@dataclass
class ReportScore:
    """One report's totals. `index_pct` and component pcts are unrounded (rank on them)."""

    total_points: Decimal = ZERO
    applicable_max: Decimal = ZERO
    index_pct: Decimal | None = None
    evidence_points: Decimal = ZERO
    survey_points: Decimal = ZERO
    evidence_max: Decimal = ZERO
    survey_max: Decimal = ZERO
    satisfaction_pct: Decimal | None = None
    # field code → (points, applicable max, pct or None)
    components: dict[str, tuple[Decimal, Decimal, Decimal | None]] = field(default_factory=dict)


def leaf_points(score) -> Decimal:
    """Points a leaf contributes: final, else latest appraisal (round 2, then 1), else self."""
    for value in (
        score.final_score,
        score.appraised_score_r2,
        score.appraised_score,
        score.self_score,
    ):
        if value is not None:
            return value
    return ZERO


def score_report(*, report) -> ReportScore:
    """Index of one report from its criterion and survey scores (3 queries).

    Leaves without a score row count 0 against their maximum; not-applicable leaves leave
    the denominator. A survey component counts once its score has been entered.
    """
    criteria = list(
        Criterion.objects.filter(framework_id=report.framework_id).values_list(
            "id", "parent_id", "field_id", "code", "max_points"
        )
    )
    parents = {parent_id for _, parent_id, *_ in criteria if parent_id}
    field_codes = {pk: code for pk, _, _, code, _ in criteria}
    scores = {s.criterion_id: s for s in report.scores.all()}

    result = ReportScore()
    per_field: dict[str, list[Decimal]] = {}
    for pk, _, field_id, _, maximum in criteria:
        if pk in parents:
            continue
        score = scores.get(pk)
        if score is not None and score.not_applicable:
            continue
        points = leaf_points(score) if score is not None else ZERO
        result.evidence_points += points
        result.evidence_max += maximum
        bucket = per_field.setdefault(field_codes.get(field_id or pk, ""), [ZERO, ZERO])
        bucket[0] += points
        bucket[1] += maximum

    for survey in report.survey_scores.select_related("component"):
        result.survey_points += survey.points
        result.survey_max += survey.max_points
        if survey.component.code == survey.component.Code.SATISFACTION:
            result.satisfaction_pct = percent(survey.points, survey.max_points)

    result.total_points = result.evidence_points + result.survey_points
    result.applicable_max = result.evidence_max + result.survey_max
    result.index_pct = percent(result.total_points, result.applicable_max)
    result.components = {code: (p, m, percent(p, m)) for code, (p, m) in per_field.items()}
    return result
