"""Scores that add up to a planned index, for published years and for the open year.

`demo.score_plans` decides each report's points; this module writes them as reports in
the state of their year (draft … appraised), with self scores a little higher than the
appraised ones, as in real appraisals. Ranks, bands and component indices are left to
`indicators.ranking.recompute`; past years are then published.
"""

import datetime
import random

from indicators.models import (
    AnnualReport,
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
from .cycle import Cycle, publication_decision
from .score_plans import PlannedReport, leaf_specs, plan_report, rule_input_for

Status = AnnualReport.Status

APPRAISER_COMMENTS = [
    "Tài liệu kiểm chứng chưa thể hiện đầy đủ kết quả thực hiện.",
    "Văn bản ban hành chậm so với thời hạn quy định.",
    "Tỷ lệ đạt được thấp hơn số liệu đơn vị tự đánh giá (đối chiếu Hệ thống thông tin "
    "giải quyết TTHC).",
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

# --- building reports --------------------------------------------------------------------------


def _score_rows(
    *,
    report,
    leaves,
    plan: PlannedReport,
    rng: random.Random,
    stage: str,
    explanation_round: bool,
    filled: float | None = None,
):
    """CriterionScore rows for a report at `stage`: draft (the first `filled` share of the
    criteria scored, a random share if None), submitted, appraising (round 1 part done),
    round1 (round 1 done), explaining, appraised."""
    rows = []
    self_share = (filled or rng.uniform(0.45, 0.9)) if stage == "draft" else 1.0
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


def _stamp(report: AnnualReport, *, rng: random.Random, cycle: Cycle | None) -> None:
    """When the report was submitted, appraised and published: in the months after its year
    for a published year, between the criteria decision and now for the open year."""
    status, year = report.status, report.framework.year
    if status != Status.DRAFT:
        report.submitted_at = (
            cycle.moment_between(rng, 0.2, 0.5)
            if cycle
            else moment(year + 1, 1, rng.randint(3, 10), rng.randint(8, 16))
        )
    if status == Status.APPRAISED:
        report.appraised_at = cycle.moment_between(rng, 0.8, 1.0)
    if status == Status.PUBLISHED:  # appraised a few weeks before the publication decision
        day = publication_decision(year)[1]
        report.published_at = moment(day.year, day.month, day.day, 10)
        report.appraised_at = report.published_at - datetime.timedelta(
            days=rng.randint(7, 20), hours=-5
        )
    # The last change a reader sees in the lists (a draft was last saved lately).
    report.updated_at = report.published_at or report.appraised_at or report.submitted_at
    if report.updated_at is None and cycle:
        report.updated_at = cycle.moment_between(rng, 0.9, 1.0)


def create_reports(
    *,
    framework: Framework,
    targets: dict,
    statuses: dict,
    rng: random.Random,
    year_done: bool,
    cycle: Cycle | None = None,
    stages: dict | None = None,
    filled: dict | None = None,
) -> list[AnnualReport]:
    """Reports, scores and survey rows for `targets` ({agency: index}); statuses by agency.

    For the open year, `cycle` dates what already happened, `stages` overrides the stage a
    status implies (an appraisal whose round 1 is done) and `filled` sets the share of the
    criteria a draft has scored."""
    stages, filled = stages or {}, filled or {}
    leaves = leaf_specs(framework)
    components = {c.code: c for c in framework.survey_components.all()}
    survey_max = {code: c.max_points for code, c in components.items()}
    reports, scores, surveys = [], [], []
    for agency in targets:
        status = statuses[agency]
        report = AnnualReport(
            agency=agency, framework=framework, status=status, is_illustrative=True
        )
        _stamp(report, rng=rng, cycle=cycle)
        reports.append(report)
    stamps = [report.updated_at for report in reports]
    AnnualReport.objects.bulk_create(reports)  # sets `updated_at` (auto_now) to now
    for report, updated_at in zip(reports, stamps, strict=True):
        report.updated_at = updated_at or report.updated_at
    AnnualReport.objects.bulk_update(reports, ["updated_at"])  # an UPDATE keeps the value

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
            stage=stages.get(report.agency, stage_of[report.status]),
            explanation_round=explanation_round,
            filled=filled.get(report.agency),
        )
        # Sở Nội vụ's surveys run in Q4 whatever the agency's report is at.
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
    decision_no, decision_date = publication_decision(framework.year)
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
        created_at=moment(decision_date.year, decision_date.month, decision_date.day, 10),
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
    *,
    framework: Framework,
    targets: dict,
    statuses: dict,
    rng: random.Random,
    publish: bool,
    **open_year,
) -> list[AnnualReport]:
    """Reports and scores of one framework, results by the ranking engine, and publication.
    `open_year` holds `create_reports`' arguments for the open year (cycle, stages, filled)."""
    reports = create_reports(
        framework=framework,
        targets=targets,
        statuses=statuses,
        rng=rng,
        year_done=publish,
        **open_year,
    )
    recompute(framework=framework)
    if publish:
        publish_year(framework=framework)
    else:
        IndexResult.objects.filter(framework=framework).update(is_illustrative=True)
    return reports
