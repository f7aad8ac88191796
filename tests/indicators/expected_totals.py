"""What a recompute must store, computed the long way: one report and one leaf at a time,
in Decimal, without `indicators.scoring`; and a framework whose data exercises it."""

import random
from decimal import ROUND_HALF_EVEN, Decimal

from indicators.models import IndexResult, SurveyComponent
from indicators.totals import SCORED
from tests.factories import (
    AgencyFactory,
    AnnualReportFactory,
    CriterionScoreFactory,
    FrameworkFactory,
    SurveyComponentFactory,
    SurveyScoreFactory,
    make_tree,
)

D = Decimal
STAGES = ["self_score", "appraised_score", "appraised_score_r2", "final_score"]
COLUMNS = [name for name in SCORED if name != "report"]


def varied_framework(seed=7, agencies=12):
    """Three fields (one entirely not applicable for some agencies), both survey kinds,
    some scores left empty, points on every stage of appraisal."""
    rng = random.Random(seed)
    framework = FrameworkFactory(year=2024)
    leaves = make_tree(
        framework,
        {
            "1": ("Chỉ đạo điều hành", [("1.1", "2.50"), ("1.2", "1.75"), ("1.3", "3")]),
            "2": ("Thủ tục hành chính", [("2.1", "0.50"), ("2.2", "4.25")]),
            "3": ("Chuyển đổi số", [("3.1", "1")]),
        },
    )
    survey = SurveyComponentFactory(
        framework=framework, code=SurveyComponent.Code.CCHC_SURVEY, max_points=D("30")
    )
    satisfaction = SurveyComponentFactory(
        framework=framework, code=SurveyComponent.Code.SATISFACTION, max_points=D("10")
    )
    for i in range(agencies):
        report = AnnualReportFactory(
            framework=framework, agency=AgencyFactory(group=framework.group, name=f"Đơn vị {i}")
        )
        for leaf in leaves:
            cents = int(leaf.max_points * 100)
            # Any combination of stages: the one that counts must be picked out of each.
            entered = [stage for stage in STAGES if rng.random() < 0.5]
            not_applicable = leaf.code == "3.1" and i % 3 == 0
            values = (
                {}
                if not_applicable
                else {stage: D(rng.randint(0, cents)) / 100 for stage in entered}
            )
            CriterionScoreFactory(
                report=report, criterion=leaf, not_applicable=not_applicable, **values
            )
        SurveyScoreFactory(report=report, component=survey, points=D(rng.randint(0, 3000)) / 100)
        if i % 4:  # some agencies have no satisfaction survey
            SurveyScoreFactory(
                report=report, component=satisfaction, points=D(rng.randint(0, 1000)) / 100
            )
    return framework


def stored(framework) -> dict:
    """The scored columns of `framework`'s results, by agency id, Decimals as text."""
    return {
        agency_id: {
            name: (str(v) if isinstance(v, Decimal) else v)
            for name, v in zip(COLUMNS, values, strict=True)
        }
        for agency_id, *values in IndexResult.objects.filter(framework=framework).values_list(
            "agency_id", *COLUMNS
        )
    }


def _counted(score) -> Decimal:
    """Final, else round 2, else round 1, else the self-score, else nothing: 0."""
    for value in (
        score.final_score,
        score.appraised_score_r2,
        score.appraised_score,
        score.self_score,
    ):
        if value is not None:
            return value
    return D(0)


def _pct(points: Decimal, maximum: Decimal) -> str | None:
    if maximum <= 0:
        return None
    return str((100 * points / maximum).quantize(D("0.0001"), rounding=ROUND_HALF_EVEN))


def _text(points: Decimal) -> str:
    return str(points.quantize(D("0.01")))


def expected(framework) -> dict:
    """The scored columns every report's result must hold, by agency id.

    Each leaf of the framework (a criterion without children) adds its maximum and the
    score that counts, unless not applicable; a leaf without a score row counts 0. Every
    survey row adds its points and maximum; the satisfaction one is also a percentage.
    """
    criteria = list(framework.criteria.all())
    parents = {c.parent_id for c in criteria}
    by_id = {c.pk: c for c in criteria}
    leaves = [c for c in criteria if c.pk not in parents]
    own_max = {m.agency_id: m.max_points for m in framework.agency_maxima.all()}
    result = {}
    for report in framework.reports.prefetch_related("scores", "survey_scores__component"):
        scores = {s.criterion_id: s for s in report.scores.all()}
        fields: dict[str, list[Decimal]] = {}
        adjustments: dict[str, dict[int, Decimal]] = {"bonus": {}, "penalty": {}}
        for leaf in leaves:
            field = by_id.get(leaf.field_id)
            score = scores.get(leaf.pk)
            counted = _counted(score) if score is not None else D(0)
            if field is not None and field.counts_as in adjustments:
                lines = adjustments[field.counts_as]
                lines[field.pk] = min(lines.get(field.pk, D(0)) + counted, field.max_points)
                continue
            bucket = fields.setdefault(field.code if field else "?", [D(0), D(0)])
            if score is not None and score.not_applicable:
                continue
            bucket[0] += counted
            bucket[1] += leaf.max_points
        has = {
            k: any(by_id[f].counts_as == k for f in by_id if by_id[f].is_field) for k in adjustments
        }
        bonus = sum(adjustments["bonus"].values(), D(0)) if has["bonus"] else None
        penalty = sum(adjustments["penalty"].values(), D(0)) if has["penalty"] else None
        evidence = sum((p for p, _ in fields.values()), D(0))
        evidence_max = sum((m for _, m in fields.values()), D(0))
        surveys = list(report.survey_scores.all())
        survey = sum((s.points for s in surveys), D(0))
        survey_max = sum((s.max_points for s in surveys), D(0))
        satisfaction = [s for s in surveys if s.component.code == "satisfaction"]
        maximum = own_max.get(report.agency_id, evidence_max + survey_max)
        total = evidence + survey + (bonus or 0) - (penalty or 0)
        if bonus is not None or penalty is not None or report.agency_id in own_max:
            total = max(D(0), min(total, maximum))
        result[report.agency_id] = {
            "evidence_points": _text(evidence),
            "survey_points": _text(survey),
            "bonus_points": None if bonus is None else _text(bonus),
            "penalty_points": None if penalty is None else _text(penalty),
            "total_points": _text(total),
            "applicable_max": _text(maximum),
            "index_pct": _pct(total, maximum),
            "components": {
                code: {"points": _text(p), "max": _text(m), "pct": _pct(p, m)}
                for code, (p, m) in fields.items()
            },
            "satisfaction_pct": _pct(
                sum((s.points for s in satisfaction), D(0)),
                sum((s.max_points for s in satisfaction), D(0)),
            ),
        }
    return result
