"""Scores that add up to a chosen index, for published years and for the open year.

For every agency and year we pick a target index first (so that known facts hold: Hà Tĩnh
Sở Xây dựng ranks 13/17 in 2022), then split it into survey points and evidence points,
and take points off a full score criterion by criterion in steps each rule allows (a yes/no
item loses all its points, a %-band item drops one band, a proportional item any amount).
Self scores are a little higher than the appraised ones, as in real appraisals. Ranks,
bands and component indices are left to `indicators.ranking.recompute`.
"""

import random
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from indicators.models import (
    AnnualReport,
    Criterion,
    CriterionScore,
    Framework,
    IndexResult,
    PublishedEdition,
    SurveyComponent,
    SurveyScore,
)
from indicators.publishing import content_hash, freeze_content
from indicators.ranking import recompute

from . import moment
from .bulk import insert_rows

CENT = Decimal("0.01")
ZERO = Decimal("0")
Rule = Criterion.Rule
Status = AnnualReport.Status

APPRAISER_COMMENTS = [
    "Tài liệu kiểm chứng chưa thể hiện đầy đủ kết quả thực hiện.",
    "Văn bản ban hành chậm so với thời hạn quy định.",
    "Tỷ lệ đạt được thấp hơn số liệu đơn vị tự đánh giá (đối chiếu Hệ thống thông tin giải quyết TTHC).",
    "Chưa có báo cáo kết quả thực hiện kèm theo.",
    "Kế hoạch chưa xác định rõ sản phẩm, thời hạn hoàn thành.",
]
EXPLANATIONS = [
    "Đơn vị bổ sung Báo cáo kết quả thực hiện kèm theo, đề nghị Hội đồng xem xét lại.",
    "Văn bản được ban hành đúng hạn theo ngày ký; đơn vị gửi kèm bản chụp sổ theo dõi văn bản đi.",
    "Số liệu được trích xuất từ Hệ thống thông tin giải quyết TTHC của tỉnh ngày 31/12.",
]
SELF_NOTES = [
    "Đã thực hiện đầy đủ theo kế hoạch; tài liệu kiểm chứng kèm theo.",
    "Số liệu tổng hợp từ Hệ thống thông tin giải quyết TTHC của tỉnh.",
    "Đơn vị ban hành văn bản đúng thời hạn.",
]

SCORE_COLUMNS = [
    "report",
    "criterion",
    "max_points",
    "not_applicable",
    "rule_input",
    "self_score",
    "self_note",
    "missing_evidence_reason",
    "appraised_score",
    "appraiser_comment",
    "explanation",
    "appraised_score_r2",
    "appraiser_comment_r2",
    "final_score",
]
SCORE_COLUMNS_ATTRS = ["report_id", "criterion_id", *SCORE_COLUMNS[2:]]

# Publication decisions of past years (illustrative numbers; one decision for every group).
PUBLICATIONS = {
    2019: ("412/QĐ-UBND", (2020, 2, 14)),
    2020: ("538/QĐ-UBND", (2021, 2, 26)),
    2021: ("735/QĐ-UBND", (2022, 3, 30)),
    2022: ("611/QĐ-UBND", (2023, 3, 24)),
    2023: ("598/QĐ-UBND", (2024, 3, 15)),
    2024: ("702/QĐ-UBND", (2025, 3, 28)),
}


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
    """Points that give index `target` (to ±0.01): survey shares near the target, evidence the rest."""
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


# --- building reports --------------------------------------------------------------------------


def _score_rows(
    *, report, leaves, plan: PlannedReport, rng: random.Random, stage: str, explanation_round: bool
):
    """CriterionScore rows for a report at `stage`: draft, submitted, appraising, explaining, appraised."""
    rows = []
    self_share = rng.uniform(0.45, 0.9) if stage == "draft" else 1.0
    appraised_share = rng.uniform(0.3, 0.7) if stage == "appraising" else 1.0
    reopened = set()
    if explanation_round:
        candidates = [
            leaf.id for leaf in leaves if leaf.id not in plan.not_applicable and leaf.allowed()
        ]
        reopened = set(rng.sample(candidates, k=min(2, len(candidates))))
    for index, leaf in enumerate(leaves):
        position = index / len(leaves)
        row = CriterionScore(report=report, criterion_id=leaf.id, max_points=leaf.max_points)
        if leaf.id in plan.not_applicable:
            row.not_applicable = True
            row.self_note = "Đơn vị không được giao nhiệm vụ này trong năm."
            rows.append(row)
            continue
        final = plan.final[leaf.id]
        if position >= self_share:
            rows.append(row)
            continue
        claimed = leaf.max_points if final < leaf.max_points and rng.random() < 0.6 else final
        row.self_score = claimed
        row.rule_input = rule_input_for(leaf, claimed, rng)
        if rng.random() < 0.15:
            row.self_note = rng.choice(SELF_NOTES)
        if stage in ("draft", "submitted") or position >= appraised_share:
            rows.append(row)
            continue
        row.appraised_score = final
        if claimed != final:
            row.appraiser_comment = rng.choice(APPRAISER_COMMENTS)
        if leaf.id in reopened:
            lower = [v for v in leaf.allowed() if v < final]
            if lower:  # round 1 took one step more; the explanation won it back in round 2
                row.appraised_score = lower[-1]
                row.appraiser_comment = rng.choice(APPRAISER_COMMENTS)
                if stage != "explaining":
                    row.explanation = rng.choice(EXPLANATIONS)
                    row.appraised_score_r2 = final
                    row.appraiser_comment_r2 = "Chấp nhận giải trình của đơn vị."
        if stage == "appraised":
            row.final_score = final
        rows.append(row)
    return rows


def _survey_rows(*, report, components: dict[str, SurveyComponent], plan: PlannedReport):
    return [
        SurveyScore(
            report=report,
            component=components[code],
            max_points=components[code].max_points,
            points=points,
        )
        for code, points in plan.surveys.items()
    ]


def create_reports(
    *, framework: Framework, targets: dict, statuses: dict, rng: random.Random, year_done: bool
) -> list[AnnualReport]:
    """Reports, scores and survey rows for `targets` ({agency: index}); statuses by agency."""
    leaves = leaf_specs(framework)
    components = {c.code: c for c in framework.survey_components.all()}
    survey_max = {code: c.max_points for code, c in components.items()}
    year = framework.year
    reports, scores, surveys = [], [], []
    for agency in targets:
        status = statuses[agency]
        report = AnnualReport(
            agency=agency, framework=framework, status=status, is_illustrative=True
        )
        if status != Status.DRAFT:
            report.submitted_at = moment(year + 1, 1, rng.randint(3, 10), rng.randint(8, 16))
        if status in (Status.APPRAISED, Status.PUBLISHED):
            report.appraised_at = moment(year + 1, 2, rng.randint(10, 25), 15)
        if status == Status.PUBLISHED:
            _, (y, m, d) = PUBLICATIONS[year]
            report.published_at = moment(y, m, d, 10)
        reports.append(report)
    AnnualReport.objects.bulk_create(reports)

    stage_of = {
        Status.DRAFT: "draft",
        Status.SUBMITTED: "submitted",
        Status.UNDER_APPRAISAL: "appraising",
        Status.EXPLANATION_REQUESTED: "explaining",
        Status.APPRAISED: "appraised",
        Status.PUBLISHED: "appraised",
    }
    to_update = []
    for report in reports:
        plan = plan_report(
            rng=rng, leaves=leaves, target=targets[report.agency], surveys=survey_max
        )
        explanation_round = report.status == Status.EXPLANATION_REQUESTED or (
            year_done and rng.random() < 0.3
        )
        if explanation_round and report.status != Status.EXPLANATION_REQUESTED:
            report.appraisal_round = 2
            to_update.append(report)
        scores += _score_rows(
            report=report,
            leaves=leaves,
            plan=plan,
            rng=rng,
            stage=stage_of[report.status],
            explanation_round=explanation_round,
        )
        if report.status in (Status.UNDER_APPRAISAL, Status.APPRAISED, Status.PUBLISHED):
            surveys += _survey_rows(report=report, components=components, plan=plan)
    AnnualReport.objects.bulk_update(to_update, ["appraisal_round"])
    insert_rows(
        CriterionScore,
        SCORE_COLUMNS,
        [tuple(getattr(s, c) for c in SCORE_COLUMNS_ATTRS) for s in scores],
    )
    SurveyScore.objects.bulk_create(surveys, batch_size=2000)
    return reports


def publish_year(*, framework: Framework) -> PublishedEdition:
    """Freeze the computed results as the year's publication and show them as published."""
    decision_no, (y, m, d) = PUBLICATIONS[framework.year]
    decision_date = moment(y, m, d).date()
    content = freeze_content(
        framework=framework,
        decision_no=decision_no,
        decision_date=decision_date,
        kind=PublishedEdition.Kind.PUBLICATION,
    )
    edition = PublishedEdition.objects.create(
        framework=framework,
        kind=PublishedEdition.Kind.PUBLICATION,
        decision_no=decision_no,
        decision_date=decision_date,
        created_at=moment(y, m, d, 10),
        content=content,
        content_hash=content_hash(content),
    )
    results = list(IndexResult.objects.filter(framework=framework))
    for result in results:
        result.is_published = True
        result.edition = edition
        result.published_index_pct = result.index_pct
        result.published_total_points = result.total_points
        result.published_satisfaction_pct = result.satisfaction_pct
        result.published_rank = result.rank
        result.published_band = result.band
        result.published_raw = {
            "decision": f"QĐ {decision_no}",
            "rank_label": f"{result.rank}/{result.group_size}",
            "note": "Số liệu minh họa do load_demo tạo.",
        }
        result.has_discrepancy = False
        result.is_illustrative = True
    IndexResult.objects.bulk_update(
        results,
        [
            "is_published",
            "edition",
            "published_index_pct",
            "published_total_points",
            "published_satisfaction_pct",
            "published_rank",
            "published_band",
            "published_raw",
            "has_discrepancy",
            "is_illustrative",
        ],
    )
    return edition


def build_year(
    *, framework: Framework, targets: dict, statuses: dict, rng: random.Random, publish: bool
) -> None:
    """Reports and scores of one framework, results by the ranking engine, and publication."""
    create_reports(
        framework=framework, targets=targets, statuses=statuses, rng=rng, year_done=publish
    )
    recompute(framework=framework)
    if publish:
        publish_year(framework=framework)
    else:
        IndexResult.objects.filter(framework=framework).update(is_illustrative=True)
