"""A synthetic large province for load tests and benchmarks (`load_demo --scale national`).

About 4,000 agencies in four groups (sở, cơ quan Trung ương, huyện, xã) scored over ten years
against a compact 16-leaf tree (8 fields × 1 criterion × 2 sub-criteria, same 60 + 32 + 8
split), results computed by `indicators.ranking.recompute` and shown as published. Score
rows go in through `demo.bulk.insert_rows` (see there why). Everything is illustrative
and deterministic; running again with the same size creates nothing.
"""

import random
from decimal import Decimal

from django.db.models import F

from agencies.models import Agency, AgencyGroup, Province
from indicators.models import AnnualReport, Criterion, CriterionScore, IndexResult, SurveyScore
from indicators.ranking import recompute

from . import SEED, moment
from .bulk import insert_rows, prepare
from .criteria_tree import TREE, Leaf
from .frameworks import get_framework

CODE = "QG"
LAST_YEAR = 2024
# group code, name, group kind, agency kind, share of the agencies
GROUPS = [
    ("so", "Khối sở, ban, ngành", AgencyGroup.Kind.DEPARTMENT, Agency.Kind.DEPARTMENT, 0.02),
    (
        "tw",
        "Khối cơ quan Trung ương đóng trên địa bàn",
        AgencyGroup.Kind.CENTRAL,
        Agency.Kind.CENTRAL,
        0.02,
    ),
    ("huyen", "Khối UBND cấp huyện", AgencyGroup.Kind.DISTRICT, Agency.Kind.DISTRICT, 0.06),
    ("xa", "Khối UBND cấp xã", AgencyGroup.Kind.COMMUNE, Agency.Kind.COMMUNE, 0.90),
]
PREFIX = {
    "so": "Sở tổng hợp",
    "tw": "Cơ quan TW tổng hợp",
    "huyen": "UBND huyện tổng hợp",
    "xa": "UBND xã tổng hợp",
}


def compact_tree() -> list:
    """Each field of the demo tree as one criterion with two leaves (proportional + manual)."""
    tree = []
    for name, criteria in TREE:
        field_max = sum((leaf.max_points for _, leaves in criteria for leaf in leaves), Decimal(0))
        criterion_name, leaves = criteria[0]
        first = (field_max / 2).quantize(Decimal("0.25"))
        names = [leaf.name for leaf in leaves[:2]] + [criterion_name]
        tree.append(
            (
                name,
                [
                    (
                        criterion_name,
                        [
                            Leaf(names[0], first, Criterion.Rule.PROPORTIONAL, {"target": 100}),
                            Leaf(names[1], field_max - first, Criterion.Rule.MANUAL),
                        ],
                    )
                ],
            )
        )
    return tree


def _agencies(province, groups, count: int) -> dict[str, list[Agency]]:
    existing = set(Agency.objects.filter(province=province).values_list("name", flat=True))
    new = []
    for code, _, _, kind, share in GROUPS:
        for i in range(max(1, round(count * share))):
            name = f"{PREFIX[code]} {i + 1:04d}"
            if name not in existing:
                new.append(
                    Agency(
                        province=province,
                        group=groups[code],
                        name=name,
                        kind=kind,
                        is_illustrative=True,
                    )
                )
    Agency.objects.bulk_create(new, batch_size=2000)
    return {
        code: list(Agency.objects.filter(group=groups[code]).order_by("name"))
        for code, *_ in GROUPS
    }


def _score_year(*, framework, agencies: list[Agency], rng: random.Random) -> None:
    """Reports, leaf scores and survey scores for one framework, in three statements' worth of
    rows."""
    prepared = {
        name: prepare(value)
        for name, value in {
            "submitted": moment(framework.year + 1, 1, 8),
            "appraised": moment(framework.year + 1, 2, 20),
            "published": moment(framework.year + 1, 3, 20),
            "updated": moment(framework.year + 1, 3, 20),
        }.items()
    }
    insert_rows(
        AnnualReport,
        [
            "agency",
            "framework",
            "status",
            "appraisal_round",
            "note",
            "submitted_at",
            "appraised_at",
            "published_at",
            "version",
            "updated_at",
            "is_illustrative",
        ],
        [
            (
                a.pk,
                framework.pk,
                AnnualReport.Status.PUBLISHED,
                1,
                "",
                prepared["submitted"],
                prepared["appraised"],
                prepared["published"],
                1,
                prepared["updated"],
                True,
            )
            for a in agencies
        ],
    )
    reports = list(AnnualReport.objects.filter(framework=framework).values_list("id", flat=True))
    leaves = list(framework.criteria.filter(children__isnull=True).values_list("id", "max_points"))
    components = list(framework.survey_components.values_list("id", "max_points"))
    cent = Decimal("0.01")
    score_rows, survey_rows = [], []
    for report_id in reports:
        quality = rng.uniform(0.62, 0.98)
        for leaf_id, maximum in leaves:
            final = (maximum * Decimal(min(1.0, max(0.0, quality + rng.gauss(0, 0.08))))).quantize(
                cent
            )
            claimed = maximum if final < maximum and rng.random() < 0.5 else final
            score_rows.append(
                (report_id, leaf_id, maximum, False, claimed, "", "", final, "", "", "", final)
            )
        for component_id, maximum in components:
            points = (maximum * Decimal(min(1.0, quality + rng.uniform(-0.05, 0.03)))).quantize(
                cent
            )
            survey_rows.append((report_id, component_id, maximum, points))
    insert_rows(
        CriterionScore,
        [
            "report",
            "criterion",
            "max_points",
            "not_applicable",
            "self_score",
            "self_note",
            "missing_evidence_reason",
            "appraised_score",
            "appraiser_comment",
            "explanation",
            "appraiser_comment_r2",
            "final_score",
        ],
        score_rows,
    )
    insert_rows(SurveyScore, ["report", "component", "max_points", "points"], survey_rows)


def build_national(*, agencies: int, years: int, recompute_results: bool = True) -> int:
    """The synthetic province; returns how many frameworks were built now."""
    province, _ = Province.objects.get_or_create(
        code=CODE, defaults={"name": "Tỉnh tổng hợp (kiểm thử tải)"}
    )
    groups = {
        code: AgencyGroup.objects.get_or_create(
            province=province, code=code, defaults={"name": name, "kind": kind, "order": order}
        )[0]
        for order, (code, name, kind, _, _) in enumerate(GROUPS, start=1)
    }
    members = _agencies(province, groups, agencies)
    tree = compact_tree()
    built = 0
    for year in range(LAST_YEAR - years + 1, LAST_YEAR + 1):
        for code, *_ in GROUPS:
            framework, created = get_framework(
                province=province, group=groups[code], year=year, tree=tree
            )
            if not created:
                continue
            _score_year(
                framework=framework,
                agencies=members[code],
                rng=random.Random(f"{SEED}:national:{code}:{year}"),
            )
            if recompute_results:
                recompute(framework=framework)
                IndexResult.objects.filter(framework=framework).update(
                    is_published=True,
                    is_illustrative=True,
                    published_index_pct=F("index_pct"),
                    published_rank=F("rank"),
                    published_band=F("band"),
                    published_total_points=F("total_points"),
                )
            built += 1
    return built


def national_size(province_code: str = CODE) -> tuple[int, int]:
    """(agencies, years) of the synthetic province, for the command's summary."""
    agencies = Agency.objects.filter(province__code=province_code).count()
    first = (
        AnnualReport.objects.filter(agency__province__code=province_code)
        .order_by("framework__year")
        .first()
    )
    return agencies, (LAST_YEAR - first.framework.year + 1) if first else 0
