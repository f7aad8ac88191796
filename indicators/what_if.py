"""What if: an agency's index, band and rank in its group had some of its inputs been
different. Nothing is saved and nothing is written.

The arithmetic is the recompute's own: the group's score sums are read by
`scoring.report_sums`, the agency's sums are changed in memory, every report's columns come
from `scoring.index_columns`, bands from `scoring.band_of`, and ranks from
`ranking.ranking_value` and `ranking.standings`. A what-if with given points therefore
says what a recompute would say once those points were entered.

Inputs that can change:
- the points that count for a leaf criterion (as if appraised so);
- a dossier rate (on time, online), for the leaves bound to it: a leaf whose rule reads a
  rate and whose source (`Criterion.source`) is that rate gets the points its rule gives;
- the points of a survey component (ĐTXHH).
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.module_loading import import_string

from . import rule_sources
from .models import (
    AnnualReport,
    Criterion,
    CriterionScore,
    IndexResult,
    RateResult,
    SurveyComponent,
    SurveyScore,
)
from .ranking import ranking_value, standings
from .scoring import NO_SURVEY, band_of, points_for_rule, quantize_points, report_sums

RATE_RULES = (Criterion.Rule.PCT_BANDS, Criterion.Rule.PROPORTIONAL)
# The criterion sources that are a dossier rate the what-if can move.
SOURCE_METRICS = {
    Criterion.Source.DOSSIERS_ON_TIME: RateResult.Metric.ON_TIME,
    Criterion.Source.DOSSIERS_ONLINE: RateResult.Metric.ONLINE,
}
# How many of the criteria that would gain most also say the rank they would bring.
RANKED_GAINS = 10


@dataclass(frozen=True)
class Changes:
    """What the reader changed: leaf criterion id → points that count, survey component
    id → points, rate metric (`RateResult.Metric`) → rate %."""

    points: dict[int, Decimal] = field(default_factory=dict)
    surveys: dict[int, Decimal] = field(default_factory=dict)
    rates: dict[str, Decimal] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return bool(self.points or self.surveys or self.rates)


def cents(value: Decimal) -> int:
    return int((Decimal(value) * 100).to_integral_value())


@dataclass
class Inputs:
    """The agency's side of the what-if, as read from the database."""

    report: AnnualReport
    leaves: list[dict]
    components: list[dict]
    rates: list[dict]


def agency_inputs(*, framework, agency) -> Inputs | None:
    """The agency's leaves (with the points that count now), survey components and bound
    rates for `framework`; None when the agency has no report there (a result imported
    from a decision has no scores to change)."""
    report = AnnualReport.objects.filter(framework=framework, agency=agency).first()
    if report is None:
        return None
    scores = {
        s["criterion_id"]: s
        for s in CriterionScore.objects.with_points()
        .filter(report=report)
        .values("criterion_id", "points", "not_applicable")
    }
    leaves = []
    for criterion in Criterion.objects.filter(framework=framework, children__isnull=True).order_by(
        "order", "code"
    ):
        score = scores.get(criterion.pk, {})
        leaves.append(
            {
                "criterion": criterion,
                "id": criterion.pk,
                "code": criterion.code,
                "name": criterion.name,
                "field_id": criterion.field_id,
                "max": criterion.max_points,
                "points": score.get("points") or Decimal(0),
                "not_applicable": bool(score.get("not_applicable")),
                "metric": bound_metric(criterion),
            }
        )
    surveyed = dict(SurveyScore.objects.filter(report=report).values_list("component_id", "points"))
    components = [
        {
            "id": c.pk,
            "code": c.code,
            "name": c.name,
            "max": c.max_points,
            "points": surveyed.get(c.pk),
            "is_satisfaction": c.code == SurveyComponent.Code.SATISFACTION,
        }
        for c in SurveyComponent.objects.filter(framework=framework).order_by("order", "pk")
    ]
    current = dict(
        RateResult.objects.filter(agency=agency, year=framework.year).values_list(
            "metric", "rate_pct"
        )
    )
    rates = []
    for metric, label in RateResult.Metric.choices:
        bound = [leaf for leaf in leaves if leaf["metric"] == metric]
        rate = current.get(metric)
        if rate is None and bound:  # not ranked yet: the figure the bound rule reads
            rate = _source_rate(bound[0]["criterion"], report)
        rates.append(
            {
                "metric": metric,
                "label": label,
                # As the input shows it (two decimals), so an untouched input is no change.
                "current": None if rate is None else quantize_points(Decimal(str(rate))),
                "leaves": bound,
            }
        )
    return Inputs(report=report, leaves=leaves, components=components, rates=rates)


def _source_rate(criterion: Criterion, report: AnnualReport):
    """The rate `criterion`'s source gives for `report` (`indicators.rule_sources`)."""
    path = rule_sources.readers().get(criterion.source)
    reading = import_string(path)(criterion=criterion, report=report) if path else None
    return None if reading is None else reading.rule_input.get("rate")


def bound_metric(criterion: Criterion) -> str:
    """The dossier rate a leaf's rule reads from its source (`Criterion.source`), "" for
    none."""
    if criterion.rule_type not in RATE_RULES:
        return ""
    return SOURCE_METRICS.get(criterion.source, "")


def new_points(inputs: Inputs, changes: Changes) -> dict[int, Decimal]:
    """{leaf id: points} of the applicable leaves whose points the changes move: typed
    points first, else the points the leaf's rule gives for a changed rate."""
    moved = {}
    for leaf in inputs.leaves:
        if leaf["not_applicable"]:
            continue
        if leaf["id"] in changes.points:
            moved[leaf["id"]] = changes.points[leaf["id"]]
        elif leaf["metric"] in changes.rates:
            result = points_for_rule(
                criterion=leaf["criterion"], rule_input={"rate": changes.rates[leaf["metric"]]}
            )
            if result is not None:
                moved[leaf["id"]] = result.points
    return {k: v for k, v in moved.items() if v != _leaf(inputs, k)["points"]}


def _leaf(inputs: Inputs, leaf_id: int) -> dict:
    return next(leaf for leaf in inputs.leaves if leaf["id"] == leaf_id)


def changed_sums(fields: dict, survey: tuple, inputs: Inputs, changes: Changes, moved: dict):
    """The agency's (field sums, survey sums) with the changes applied, in cents."""
    fields = dict(fields)
    for leaf_id, points in moved.items():
        leaf = _leaf(inputs, leaf_id)
        old_points, not_applicable = fields.get(leaf["field_id"], (0, 0))
        delta = cents(points) - cents(leaf["points"])
        fields[leaf["field_id"]] = (old_points + delta, not_applicable)
    points, maximum, sat_points, sat_max = survey
    for component in inputs.components:
        if component["id"] not in changes.surveys:
            continue
        new = cents(changes.surveys[component["id"]])
        # A component without a score row enters both the points and the maximum.
        old, added_max = (
            (cents(component["points"]), 0)
            if component["points"] is not None
            else (0, cents(component["max"]))
        )
        points, maximum = points + new - old, maximum + added_max
        if component["is_satisfaction"]:
            sat_points, sat_max = sat_points + new - old, sat_max + added_max
    return fields, (points, maximum, sat_points, sat_max)


def _standing(columns: dict, values: dict, others: list, framework, agency_id, bands) -> dict:
    total, maximum = Decimal(columns["total_points"]), Decimal(columns["applicable_max"])
    mine = ranking_value(
        from_report=True, total=total, maximum=maximum, index_pct=None, published_pct=None
    )
    rows = [*others, (agency_id, values[agency_id][0], mine)]
    ranks, ranked_count = standings(
        rows, policy=framework.tie_policy, tolerance=framework.tie_tolerance
    )
    index_pct = None if columns["index_pct"] is None else Decimal(columns["index_pct"])
    rank = ranks.get(agency_id)
    return {
        "index_pct": index_pct,
        "band": band_of(index_pct, bands, columns["components"]),
        "rank": rank,
        "group_size": ranked_count if rank else None,
        "total_points": total,
        "applicable_max": maximum,
    }


def what_if(*, framework, agency, changes: Changes, inputs: Inputs | None = None) -> dict | None:
    """Before and after the changes: index %, band, rank and group size, computed as a
    recompute would; and the applicable leaves by what full points would gain, most first
    (points lost × the index % one point is worth), the first `RANKED_GAINS` with the
    rank full points would bring. None when the agency has no report in `framework`."""
    inputs = inputs or agency_inputs(framework=framework, agency=agency)
    if inputs is None:
        return None
    sums = report_sums(framework_id=framework.pk)
    reports = AnnualReport.objects.filter(framework=framework).values_list(
        "agency_id", "id", "agency__is_ranked"
    )
    values = {}  # agency id → (is ranked, ranking value), the agency's own left out below
    for agency_id, report_id, is_ranked in reports.order_by():
        columns = sums.columns(report_id)
        values[agency_id] = (
            is_ranked,
            ranking_value(
                from_report=True,
                total=Decimal(columns["total_points"]),
                maximum=Decimal(columns["applicable_max"]),
                index_pct=None,
                published_pct=None,
            ),
        )
    imported = (
        IndexResult.objects.filter(framework=framework)
        .exclude(agency_id__in=values.keys())
        .values_list("agency_id", "agency__is_ranked", "index_pct", "published_index_pct")
    )
    for agency_id, is_ranked, index_pct, published_pct in imported.order_by():
        values[agency_id] = (
            is_ranked,
            ranking_value(
                from_report=False,
                total=None,
                maximum=None,
                index_pct=index_pct,
                published_pct=published_pct,
            ),
        )
    others = [(k, ranked, v) for k, (ranked, v) in values.items() if k != agency.pk]
    bands = [band.rule for band in framework.bands.all()]
    own_fields = sums.fields.get(inputs.report.pk, {})
    own_survey = sums.surveys.get(inputs.report.pk, NO_SURVEY)
    before_columns = sums.columns(inputs.report.pk)

    def standing_with(changed: Changes, moved: dict) -> dict:
        new_fields, new_survey = changed_sums(own_fields, own_survey, inputs, changed, moved)
        columns = sums.columns(inputs.report.pk, fields=new_fields, survey=new_survey)
        return _standing(columns, values, others, framework, agency.pk, bands)

    before = _standing(before_columns, values, others, framework, agency.pk, bands)
    moved = new_points(inputs, changes)
    after = standing_with(changes, moved)
    gains = _gains(inputs, before, standing_with)
    return {
        "before": before,
        "after": after,
        "changed": bool(changes),
        "index_change": (
            after["index_pct"] - before["index_pct"]
            if None not in (after["index_pct"], before["index_pct"])
            else None
        ),
        "moved": [{**_leaf(inputs, k), "new": v} for k, v in moved.items()],
        "gains": gains,
        "inputs": inputs,
    }


def _gains(inputs: Inputs, before: dict, standing_with) -> list[dict]:
    maximum = before["applicable_max"]
    rows = []
    for leaf in inputs.leaves:
        lost = leaf["max"] - leaf["points"]
        if leaf["not_applicable"] or lost <= 0 or not maximum:
            continue
        rows.append({**leaf, "lost": lost, "gain_pct": lost * 100 / maximum})
    rows.sort(key=lambda r: (-r["gain_pct"], r["code"]))
    for row in rows[:RANKED_GAINS]:
        full = standing_with(Changes(points={row["id"]: row["max"]}), {row["id"]: row["max"]})
        row["rank_if_full"] = full["rank"]
        row["index_if_full"] = full["index_pct"]
    return rows
