"""Real published results: Hòa Bình, khối sở, ban, ngành (domain brief §8.1, §8.2).

The CSVs are copies of ../shared/data/ (QĐ 3349/QĐ-UBND 26/12/2022 and QĐ 3016/QĐ-UBND
26/12/2023 as published by baohoabinh.com.vn / hoabinh.gov.vn).

On the 2023 ties: Sở Tư pháp (6th) and Ban Dân tộc (7th) are both published as 90.59 %.
From the published components (each rounded to 0.01) their sums are 90.58 and 90.59, so
the component sums cannot tell them apart reliably: three components rounded to 0.01 each
carry up to ±0.015 of rounding. A tolerance of 0.01 (one display unit) is the smallest that
ties them, and anything below 0.37 (the gap to 8th place, 90.21) keeps the neighbours
apart. Under the ordinal policy the engine orders them by the values it has, so the
90.59 sum comes first: the published order (Tư pháp ahead) must rest on the council's
unrounded points, which the province did not publish.
"""

import csv
from decimal import Decimal
from pathlib import Path

import pytest

from indicators.models import Framework, IndexResult, SurveyComponent
from indicators.ranking import recompute
from tests.factories import (
    AgencyFactory,
    AgencyGroupFactory,
    AnnualReportFactory,
    CriterionScoreFactory,
    FrameworkFactory,
    IndexResultFactory,
    ProvinceFactory,
    SurveyComponentFactory,
    SurveyScoreFactory,
    make_tree,
)

DATA = Path(__file__).parent / "data"
D = Decimal


def read(name):
    with open(DATA / name, encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture
def hoabinh_group(db):
    province = ProvinceFactory(code="HB", name="Hòa Bình")
    return AgencyGroupFactory(province=province, code="so", name="Khối sở, ban, ngành")


def test_2022_published_ranks_are_reproduced(hoabinh_group):
    framework = FrameworkFactory(group=hoabinh_group, year=2022, legal_basis_no="3349/QĐ-UBND")
    rows = read("hoabinh_2022_so.csv")
    for row in rows:
        IndexResultFactory(
            framework=framework,
            agency=AgencyFactory(group=hoabinh_group, name=row["agency"]),
            index_pct=None,
            published_index_pct=D(row["par_pct"]),
            published_rank=int(row["rank"]),
            published_satisfaction_pct=D(row["sipas_pct"]),
            is_published=True,
        )
    recompute(framework=framework)
    results = IndexResult.objects.filter(framework=framework)
    assert len(rows) == 19 == results.count()
    assert {r.agency.name: r.rank for r in results} == {
        row["agency"]: int(row["rank"]) for row in rows
    }
    assert {r.group_size for r in results} == {19}
    assert not results.with_discrepancy().exists()
    assert results.get(agency__name="Sở Y tế").published_index_pct == D("89.95")  # untouched


def build_2023(group, **framework_kwargs):
    """Reports whose scores are the published components: 60 evidence + 32 + 8 survey."""
    framework = FrameworkFactory(
        group=group, year=2023, legal_basis_no="3016/QĐ-UBND", **framework_kwargs
    )
    (evidence,) = make_tree(
        framework, {"1": ("Điểm đánh giá qua tài liệu kiểm chứng", [("1.1", 60)])}
    )
    survey = SurveyComponentFactory(
        framework=framework, code=SurveyComponent.Code.CCHC_SURVEY, max_points=D("32")
    )
    satisfaction = SurveyComponentFactory(
        framework=framework, code=SurveyComponent.Code.SATISFACTION, name="MĐHL", max_points=D("8")
    )
    rows = read("hoabinh_2023_so_partial.csv")
    for row in rows:
        agency = AgencyFactory(group=group, name=row["agency"])
        report = AnnualReportFactory(framework=framework, agency=agency)
        CriterionScoreFactory(
            report=report, criterion=evidence, final_score=D(row["evidence_points"])
        )
        SurveyScoreFactory(report=report, component=survey, points=D(row["survey_cchc_points"]))
        SurveyScoreFactory(
            report=report, component=satisfaction, points=D(row["survey_satisfaction_points"])
        )
        IndexResultFactory(
            framework=framework,
            agency=agency,
            index_pct=None,
            published_index_pct=D(row["par_pct"]),
            published_rank=int(row["rank"]),
            published_satisfaction_pct=D(row["satisfaction_pct"]),
        )
    recompute(framework=framework)
    return rows, {
        r.agency.name: r
        for r in IndexResult.objects.filter(framework=framework).select_related("agency")
    }


def test_2023_index_is_evidence_plus_both_surveys_within_a_hundredth(hoabinh_group):
    rows, results = build_2023(hoabinh_group)
    assert len(rows) == 11
    for row in rows:
        result = results[row["agency"]]
        assert abs(result.index_pct - D(row["par_pct"])) <= D("0.01"), row["agency"]
        # MĐHL % = points ÷ 8 × 100; points rounded to 0.01 carry ±0.0625 of a percent.
        assert abs(result.satisfaction_pct - D(row["satisfaction_pct"])) <= D("0.0625"), row[
            "agency"
        ]
        assert result.applicable_max == D("100")
        assert not result.has_discrepancy


def test_2023_ranks_6_and_7_are_ordered_by_unrounded_value_under_ordinal(hoabinh_group):
    _, results = build_2023(
        hoabinh_group, tie_policy=Framework.TiePolicy.ORDINAL, tie_tolerance=D("0.01")
    )
    tu_phap, dan_toc = results["Sở Tư pháp"], results["Ban Dân tộc"]
    assert (tu_phap.index_pct, dan_toc.index_pct) == (D("90.58"), D("90.59"))
    assert (dan_toc.rank, tu_phap.rank) == (6, 7)
    assert [results[n].rank for n in ("Sở Xây dựng", "Sở Nông nghiệp và PTNT")] == [5, 8]


def test_2023_ranks_6_and_7_share_a_rank_under_competition_with_tolerance(hoabinh_group):
    _, results = build_2023(
        hoabinh_group, tie_policy=Framework.TiePolicy.COMPETITION, tie_tolerance=D("0.01")
    )
    assert results["Sở Tư pháp"].rank == results["Ban Dân tộc"].rank == 6
    assert results["Sở Nông nghiệp và PTNT"].rank == 8
    # Every other published rank is reproduced.
    for name, result in results.items():
        if name not in {"Sở Tư pháp", "Ban Dân tộc"}:
            assert result.rank == result.published_rank, name


def test_2023_default_tolerance_does_not_tie_them(hoabinh_group):
    _, results = build_2023(hoabinh_group)  # competition, 0.001
    assert (results["Ban Dân tộc"].rank, results["Sở Tư pháp"].rank) == (6, 7)
