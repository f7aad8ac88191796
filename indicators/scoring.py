"""The scoring rules: a leaf's points from its rule, and a report's index from its scores.

Which score of a leaf counts (final, else the latest appraisal round, else the agency's
own) is `CriterionScore.points`, computed in the database by
`CriterionScoreQuerySet.with_points()`. The rest is here:

- index % = 100 × points ÷ applicable maximum, never assumed to be out of 100;
- a not-applicable leaf leaves the maximum (it does not score 0); a leaf without a score
  row counts 0 against its maximum;
- survey components (ĐTXHH) add to both the points and the maximum;
- a field's component index is the same division over the field's leaves;
- satisfaction % = the satisfaction survey's points ÷ its maximum;
- bonus and penalty fields add to or take off the total, each up to its cap, outside the
  maximum; an agency's own applicable maximum (set by the decision) replaces the sum of
  maxima; with either, the total stays within 0 and the maximum;
- the band is the one with the highest lower bound not above the index (bounds
  inclusive) whose field minimum, if any, no field's component index is below.

The sums are ORM aggregates in integer cents, the same queries on SQLite and PostgreSQL;
the division is integer arithmetic here, rounded half-even to the 4 places a percentage is
stored with. SQLite has no exact decimal type: a division in SQL would not give the two
databases the same last digit, and the tests run on SQLite.
"""

import functools
from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.db.models import F, Q, Sum

from .models import ApplicableMaximum, Criterion, CriterionScore, SurveyComponent, SurveyScore
from .models.reports import in_cents

ZERO = Decimal("0")
HUNDRED = Decimal("100")
CENT = Decimal("0.01")
PCT_PLACES = Decimal("0.0001")
# The component key of leaves outside any field.
NO_FIELD = "?"
# The sums of a field without score rows (no points, nothing not applicable), and of a
# report without survey rows.
NOTHING = (0, 0)
NO_SURVEY = (0, 0, 0, 0)


# --- A leaf's points from its rule ----------------------------------------------------------


def quantize_points(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


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


# --- Percentages and bands ------------------------------------------------------------------


def percent(points: Decimal, maximum: Decimal) -> Decimal | None:
    """Unrounded 100 × points ÷ maximum (ranks use it); None when nothing applies (maximum 0,
    or below 0 when not-applicable rows carry more maximum than their field's leaves)."""
    if not maximum or maximum < 0:
        return None
    return HUNDRED * points / maximum


def pct_e4(points: int, maximum: int) -> int | None:
    """`percent` in units of 0,0001 %, rounded half-even, as stored; from any two sums in the
    same unit (cents), exactly."""
    if maximum <= 0:
        return None
    quotient, remainder = divmod(points * 1_000_000, maximum)
    if 2 * remainder > maximum or (2 * remainder == maximum and quotient % 2):
        quotient += 1
    return quotient


# Remembered: a group's sums repeat (a field's maximum, its usual points), and every report
# formats two dozen of them.
@functools.lru_cache(maxsize=16_384)
def cents_text(cents: int) -> str:
    """1250 → "12.50", a DecimalField(decimal_places=2) value as the database returns it."""
    return f"{cents / 100:.2f}"  # exact: a float holds any sum of points to far below a cent


@functools.lru_cache(maxsize=16_384)
def pct_text(points: int, maximum: int) -> str | None:
    """`pct_e4` as stored: "62.5000", or None when nothing applies."""
    e4 = pct_e4(points, maximum)
    return None if e4 is None else f"{e4 / 10_000:.4f}"


def _meets_field_minimum(minimum, components: Mapping | None) -> bool:
    """Whether no field's component index is below `minimum` (%): true without a minimum,
    and of a result without components (nothing is below it). A field where nothing
    applies (no percentage) is not below anything."""
    if minimum is None or not components:
        return True
    for component in components.values():
        pct = _decimal(component.get("pct")) if isinstance(component, Mapping) else None
        if pct is not None and pct < minimum:
            return False
    return True


def band_of(
    index_pct: Decimal | None, bands: Iterable[tuple], components: Mapping | None = None
) -> str:
    """The name of the band with the highest lower bound not above `index_pct` whose
    field minimum, if it has one, every field's component index reaches (both bounds
    inclusive: 90,0000 % is in the band from 90); "" for no index or no such band.

    `bands`: (lower bound, name) or (lower bound, name, field minimum or None) tuples
    (`Band.rule`); `components`: the result's component indices by field code, as
    `IndexResult.components` holds them. A band whose field minimum is missed gives way
    to the next one down: 91 % overall with one field at 79 % is not in "Nhóm 1" (≥ 90 %,
    no field below 80 %) but in "Nhóm 2" (≥ 80 %, no field below 70 %)."""
    best, found = None, ""
    if index_pct is not None:
        for lower, name, *rest in bands:
            minimum = rest[0] if rest else None
            if (
                index_pct >= lower
                and (best is None or lower > best)
                and _meets_field_minimum(minimum, components)
            ):
                best, found = lower, name
    return found


# --- A report's index -----------------------------------------------------------------------


def leaf_maxima(*, framework_id: int) -> dict[int | None, tuple[str, int, str, int]]:
    """{field id: (field code, Σ max of the field's leaves in cents, what the field counts
    as, the field's own maximum in cents)} of a framework; the leaves outside any field
    are keyed None (code `NO_FIELD`, content). A leaf is a criterion without children:
    points are entered on leaves only. In the fields' order, those leaves last: of two
    equal codes (a field coded "?") the later one's component is kept. A bonus or
    penalty field's own maximum is its cap."""
    rows = (
        Criterion.objects.filter(framework_id=framework_id, children__isnull=True)
        .values_list("field_id", "field__code", "field__counts_as", "field__max_points")
        .annotate(maximum=in_cents(Sum("max_points")))
        .order_by(F("field__order").asc(nulls_last=True), "field_id")
    )
    return {
        field_id: (
            code or NO_FIELD,
            maximum,
            counts_as or Criterion.CountsAs.CONTENT,
            int((cap or ZERO) * 100),
        )
        for field_id, code, counts_as, cap, maximum in rows
    }


def _survey_sums(surveys) -> dict[int, tuple[int, int, int, int]]:
    """{report id: (points, max, satisfaction points, satisfaction max)} in cents."""
    satisfaction = Q(component__code=SurveyComponent.Code.SATISFACTION)
    rows = (
        surveys.values_list("report_id")
        .annotate(
            points_cents=in_cents(Sum("points")),
            max_cents=in_cents(Sum("max_points")),
            satisfaction_cents=in_cents(Sum("points", filter=satisfaction)),
            satisfaction_max_cents=in_cents(Sum("max_points", filter=satisfaction)),
        )
        .order_by()
    )
    return {report_id: tuple(v or 0 for v in sums) for report_id, *sums in rows}


def _index_columns(
    fields: dict,
    survey: tuple[int, int, int, int],
    leaf_max: dict[int | None, tuple[str, int, str, int]],
    own_max: int | None = None,
) -> dict:
    """One report's scored result columns from its sums in cents: `fields` {field id:
    (points, maximum not applicable)}, `survey` (points, max, satisfaction points,
    satisfaction max), `leaf_max` from `leaf_maxima`, `own_max` the agency's own
    applicable maximum where the decision sets one (`ApplicableMaximum`).

    Bonus and penalty fields count their points up to the field's cap, added to or taken
    off the total, and never enter the applicable maximum nor the components; the total
    then stays within 0 and the applicable maximum (a 100-point scale stays one)."""
    survey_points, survey_max, satisfaction_points, satisfaction_max = survey
    components, evidence_points, evidence_max = {}, 0, 0
    adjustments = {Criterion.CountsAs.BONUS: None, Criterion.CountsAs.PENALTY: None}
    for field_id, (code, maximum, counts_as, cap) in leaf_max.items():
        points, not_applicable = fields.get(field_id, NOTHING)
        if counts_as in adjustments:
            adjustments[counts_as] = (adjustments[counts_as] or 0) + min(points, cap)
            continue
        applicable = maximum - not_applicable  # a not-applicable leaf leaves the denominator
        evidence_points += points
        evidence_max += applicable
        components[code] = {
            "points": cents_text(points),
            "max": cents_text(applicable),
            "pct": pct_text(points, applicable),
        }
    bonus = adjustments[Criterion.CountsAs.BONUS]
    penalty = adjustments[Criterion.CountsAs.PENALTY]
    total = evidence_points + survey_points + (bonus or 0) - (penalty or 0)
    applicable_max = evidence_max + survey_max if own_max is None else own_max
    if bonus is not None or penalty is not None or own_max is not None:
        total = max(0, min(total, applicable_max))
    return {
        "evidence_points": cents_text(evidence_points),
        "survey_points": cents_text(survey_points),
        "bonus_points": None if bonus is None else cents_text(bonus),
        "penalty_points": None if penalty is None else cents_text(penalty),
        "total_points": cents_text(total),
        "applicable_max": cents_text(applicable_max),
        "index_pct": pct_text(total, applicable_max),
        "components": components,
        "satisfaction_pct": pct_text(satisfaction_points, satisfaction_max),
    }


def _own_maxima(*, framework_id: int, report_ids) -> dict[int, int]:
    """{report id: the agency's own applicable maximum in cents} where one is set."""
    rows = ApplicableMaximum.objects.filter(
        framework_id=framework_id, agency__reports__framework_id=framework_id
    )
    if report_ids is not None:
        rows = rows.filter(agency__reports__id__in=report_ids)
    return {
        report_id: int(maximum * 100)
        for report_id, maximum in rows.values_list("agency__reports__id", "max_points")
    }


def report_indices(
    *, framework_id: int, report_ids: Collection[int] | None = None
) -> Mapping[int, dict]:
    """{report id: scored result columns} of a framework's reports, `report_ids` or (None)
    every one, in four queries whatever their number: the leaves' maxima, the score sums
    per report and field, the survey sums per report, the agencies' own maxima. Columns
    as the database returns them (Decimal columns as text). A report without any row gets
    the columns of no points: 0 of every leaf's maximum.

    A report's rows are its scores on the framework's criteria and its survey scores of
    the framework's components; read through them, a year's score rows are one range of
    the index on a score's criterion, without a join to the reports.
    """
    leaf_max = leaf_maxima(framework_id=framework_id)
    scores = CriterionScore.objects.filter(criterion__framework_id=framework_id)
    surveys = SurveyScore.objects.filter(component__framework_id=framework_id)
    if report_ids is not None:
        scores = scores.filter(report_id__in=report_ids)
        surveys = surveys.filter(report_id__in=report_ids)
    fields: dict[int, dict] = defaultdict(dict)
    for report_id, field_id, points, not_applicable in scores.sums_by_report_and_field():
        fields[report_id][field_id] = (points or 0, not_applicable or 0)
    survey_sums = _survey_sums(surveys)
    own = _own_maxima(framework_id=framework_id, report_ids=report_ids)
    columns = defaultdict(lambda: _index_columns({}, NO_SURVEY, leaf_max))
    for report_id in fields.keys() | survey_sums.keys() | own.keys():
        columns[report_id] = _index_columns(
            fields.get(report_id, {}),
            survey_sums.get(report_id, NO_SURVEY),
            leaf_max,
            own.get(report_id),
        )
    return columns
