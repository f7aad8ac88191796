"""load_demo: idempotent, deterministic, and building Hà Tĩnh's agencies, years and figures.

The demo is loaded once for the module (twice, to check idempotence; see conftest.py).
"""

import datetime
import io
import random
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from agencies.models import Agency, AgencyGroup, AgencyLineage
from demo import cycle
from demo.criteria_tree import EVIDENCE_MAX, TREE
from demo.loading import load_demo, row_counts
from demo.score_plans import leaf_specs, plan_report, spread_targets
from indicators.models import (
    AnnualReport,
    Criterion,
    Framework,
    IndexResult,
    ProcedureStat,
    PublishedEdition,
    ServiceIndexScore,
)
from indicators.models.procedures import SERVICE_GROUP_MAXIMA
from indicators.publishing import content_hash
from indicators.rule_sources import compute_points

Status = AnnualReport.Status


def ht(name: str, **filters) -> Agency:
    """A Hà Tĩnh agency by name."""
    return Agency.objects.get(province__code="HT", name=name, **filters)


# --- idempotence and determinism -------------------------------------------------------------


def test_second_run_changes_no_row_count_of_any_model(demo, db):
    assert demo["after_first"]["indicators.CriterionScore"] > 10_000
    assert demo["after_second"] == demo["after_first"]
    assert demo["second"]["created"] == {}


def test_running_again_inside_a_test_still_creates_nothing(demo, db):
    before = row_counts()
    load_demo()
    assert row_counts() == before


def test_the_same_seed_plans_the_same_points(demo, db):
    framework = Framework.objects.get(province__code="HT", year=2022, group__code="so")
    leaves = leaf_specs(framework)
    surveys = {"cchc_survey": Decimal("32"), "satisfaction": Decimal("8")}
    plans = [
        plan_report(rng=random.Random("x"), leaves=leaves, target=Decimal("87.55"), surveys=surveys)
        for _ in range(2)
    ]
    assert plans[0] == plans[1]
    other = plan_report(
        rng=random.Random("y"), leaves=leaves, target=Decimal("87.55"), surveys=surveys
    )
    assert other != plans[0]


def test_planned_points_reach_the_target_index_within_a_cent(demo, db):
    framework = Framework.objects.get(province__code="HT", year=2022, group__code="so")
    leaves = leaf_specs(framework)
    surveys = {"cchc_survey": Decimal("32"), "satisfaction": Decimal("8")}
    for seed in range(20):
        target = Decimal("78.00") + seed
        plan = plan_report(rng=random.Random(seed), leaves=leaves, target=target, surveys=surveys)
        na_max = sum(
            (leaf.max_points for leaf in leaves if leaf.id in plan.not_applicable), Decimal(0)
        )
        total = sum(plan.final.values(), Decimal(0)) + sum(plan.surveys.values(), Decimal(0))
        assert abs(total / (100 - na_max) * 100 - target) <= Decimal("0.01")
        maxima = {leaf.id: leaf.max_points for leaf in leaves}
        assert all(0 <= points <= maxima[leaf_id] for leaf_id, points in plan.final.items())


def test_spread_targets_are_distinct_and_keep_the_mean():
    values = spread_targets(rng=random.Random(1), count=17, mean=90.53, spread=9)
    assert values == sorted(values, reverse=True)
    assert all(a - b >= Decimal("0.15") for a, b in zip(values, values[1:], strict=False))
    assert abs(sum(values) / 17 - Decimal("90.53")) < Decimal("0.01")


# --- Hà Tĩnh structure and lineage ----------------------------------------------------------------


def test_ha_tinh_has_17_departments_and_13_districts_before_2025(demo, db):
    departments = AgencyGroup.objects.get(province__code="HT", code="so")
    districts = AgencyGroup.objects.get(province__code="HT", code="huyen")
    assert (
        Agency.objects.filter(group=departments).active_on(datetime.date(2024, 12, 31)).count()
        == 17
    )
    assert (
        Agency.objects.filter(group=districts).active_on(datetime.date(2024, 12, 31)).count() == 13
    )
    assert districts.valid_to == datetime.date(2025, 6, 30)
    assert (
        Agency.objects.filter(group=departments).active_on(datetime.date(2025, 3, 1)).count() == 12
    )


def test_so_xay_dung_absorbed_so_gtvt_on_1_march_2025(demo, db):
    xay_dung, gtvt = ht("Sở Xây dựng"), ht("Sở Giao thông vận tải")
    assert gtvt in xay_dung.predecessors()
    assert xay_dung in gtvt.successors()
    assert gtvt.valid_to == datetime.date(2025, 2, 28)
    assert xay_dung.valid_to is None
    edge = AgencyLineage.objects.get(predecessor=gtvt, successor=xay_dung)
    assert edge.relation == AgencyLineage.Relation.MERGE_INTO
    assert edge.effective_date == datetime.date(2025, 3, 1)
    assert edge.legal_basis == "NĐ 45/2025/NĐ-CP"


def test_nong_nghiep_moi_truong_is_new_and_has_both_predecessors(demo, db):
    nnmt = ht("Sở Nông nghiệp và Môi trường")
    assert nnmt.valid_from == datetime.date(2025, 3, 1)
    names = {a.name for a in nnmt.predecessors()}
    assert {"Sở Tài nguyên và Môi trường", "Sở Nông nghiệp và Phát triển nông thôn"} <= names


def test_labour_department_merges_into_noi_vu_and_transfers_functions(demo, db):
    labour = ht("Sở Lao động - Thương binh và Xã hội")
    edges = AgencyLineage.objects.filter(predecessor=labour)
    assert edges.get(relation=AgencyLineage.Relation.MERGE_INTO).successor.name == "Sở Nội vụ"
    transferred = {
        e.successor.name for e in edges.filter(relation=AgencyLineage.Relation.TRANSFER_FUNCTION)
    }
    assert transferred == {"Sở Y tế", "Sở Nông nghiệp và Môi trường", "Sở Giáo dục và Đào tạo"}


def test_every_district_is_abolished_on_1_july_2025(demo, db):
    districts = Agency.objects.filter(province__code="HT", kind=Agency.Kind.DISTRICT)
    assert districts.count() == 13
    for district in districts:
        edge = AgencyLineage.objects.get(predecessor=district)
        assert edge.relation == AgencyLineage.Relation.ABOLISH and edge.successor is None
        assert edge.effective_date == datetime.date(2025, 7, 1)
        assert district.valid_to == datetime.date(2025, 6, 30)


def test_communes_start_with_the_two_tier_government(demo, db):
    communes = Agency.objects.filter(
        province__code="HT", kind__in=[Agency.Kind.COMMUNE, Agency.Kind.WARD]
    )
    assert 15 <= communes.count() <= 25
    assert all(c.valid_from == datetime.date(2025, 7, 1) and c.is_illustrative for c in communes)


def test_ha_tinhs_2025_communes_rank_in_their_blocs(demo, db):
    """From 2025 the phường and the xã are two blocs, each ranked apart."""
    results = IndexResult.objects.filter(
        framework__province__code="HT", framework__year=2025, framework__group__code="phuong"
    ).select_related("agency")
    assert results.count() == 8
    assert {r.agency.kind for r in results} == {Agency.Kind.WARD}
    ward = results.first().agency
    assert Agency.objects.in_group(ward.group, year=2025).count() == 8
    assert not Agency.objects.in_group(ward.group, year=2024).exists()
    assert {r.group_size for r in results if r.rank} <= {8}


def test_ubnd_tinh_is_neither_grouped_nor_ranked(demo, db):
    ubnd = ht("UBND tỉnh Hà Tĩnh")
    assert ubnd.kind == Agency.Kind.PROVINCIAL_COMMITTEE
    assert ubnd.group is None and not ubnd.is_ranked


# --- frameworks and scores ------------------------------------------------------------------------


def test_framework_tree_has_8_fields_about_30_criteria_and_90_sub_criteria(demo, db):
    framework = Framework.objects.get(province__code="HT", year=2023, group__code="huyen")
    levels = {
        level: framework.criteria.filter(level=level).count() for level in Criterion.Level.values
    }
    assert levels[Criterion.Level.FIELD] == 8
    assert 28 <= levels[Criterion.Level.CRITERION] <= 40
    assert 80 <= levels[Criterion.Level.SUB_CRITERION] <= 95
    assert len(TREE) == 8
    survey_max = sum(c.max_points for c in framework.survey_components.all())
    assert EVIDENCE_MAX + survey_max == framework.total_max == 100
    for node in framework.criteria.exclude(level=Criterion.Level.SUB_CRITERION):
        assert node.max_points == sum(child.max_points for child in node.children.all()), node.code
    assert sorted(b.name for b in framework.bands.all()) == sorted(
        ["Xuất sắc", "Tốt", "Khá", "Trung bình", "Yếu"]
    )
    assert set(framework.criteria.values_list("rule_type", flat=True)) == set(Criterion.Rule.values)


def test_ha_tinh_has_a_framework_per_year_and_group(demo, db):
    open_year = demo["first"]["year"]
    assert open_year == cycle.open_year(datetime.date.today())
    frameworks = Framework.objects.filter(province__code="HT")
    assert set(frameworks.filter(group__code="so").values_list("year", flat=True)) == set(
        range(2019, open_year + 1)
    )
    assert set(frameworks.filter(group__code="huyen").values_list("year", flat=True)) == set(
        range(2019, 2025)
    )
    assert set(frameworks.filter(group__code="xa").values_list("year", flat=True)) == set(
        range(2025, open_year + 1)
    )
    assert all(f.is_illustrative and f.legal_basis_no for f in frameworks)


def test_so_xay_dung_ha_tinh_ranks_13_of_17_in_2022(demo, db):
    result = IndexResult.objects.get(agency=ht("Sở Xây dựng"), framework__year=2022)
    assert result.is_published
    assert result.published_rank == result.rank == 13
    assert result.group_size == 17
    assert result.rank_label == "13/17"


def test_reported_2022_to_2023_rank_moves_hold(demo, db):
    moves = {
        "Sở Thông tin và Truyền thông": (5, 2),
        "Sở Ngoại vụ": (11, 3),
        "Sở Kế hoạch và Đầu tư": (12, 4),
        "Sở Giáo dục và Đào tạo": (10, 5),
        "Sở Công Thương": (16, 10),
        "Sở Y tế": (17, 14),
    }
    for name, (before, after) in moves.items():
        result = IndexResult.objects.get(agency=ht(name), framework__year=2023)
        assert (result.previous_rank, result.published_rank) == (before, after), name
    first = IndexResult.objects.get(
        framework__province__code="HT", framework__year=2023, framework__group__code="so", rank=1
    )
    assert first.agency.name == "Sở Khoa học và Công nghệ"


def test_past_years_are_published_with_appraised_below_self(demo, db):
    reports = AnnualReport.objects.filter(framework__province__code="HT", framework__year__lt=2025)
    assert reports.count() == 6 * (17 + 13)
    assert set(reports.values_list("status", flat=True)) == {Status.PUBLISHED}
    report = reports.filter(agency__name="Sở Xây dựng", framework__year=2022).get()
    scores = list(report.scores.filter(not_applicable=False))
    assert all(s.self_score is not None and s.final_score is not None for s in scores)
    assert sum(s.self_score for s in scores) > sum(s.final_score for s in scores)
    assert report.survey_scores.count() == 2
    # Rule inputs are stored as JSON objects (key lookups work), not as JSON strings.
    assert report.scores.filter(rule_input__status="on_time").exists()


def test_each_past_framework_has_one_hashed_edition_shown_as_published(demo, db):
    for framework in Framework.objects.filter(province__code="HT", year__lt=demo["first"]["year"]):
        edition = PublishedEdition.objects.get(framework=framework)
        assert edition.content_hash == content_hash(edition.content)
        results = framework.results.all()
        assert results and all(r.is_published and r.edition == edition for r in results)
        assert all(
            r.published_index_pct == r.index_pct and r.published_band == r.band for r in results
        )
        assert not framework.is_open


def test_the_open_year_has_a_report_in_every_state_and_deadlines_ahead(demo, db):
    open_year = demo["first"]["year"]
    reports = AnnualReport.objects.filter(
        framework__province__code="HT", framework__year=open_year, framework__group__code="so"
    )
    statuses = list(reports.values_list("status", flat=True))
    assert set(statuses) == {
        Status.DRAFT,
        Status.SUBMITTED,
        Status.UNDER_APPRAISAL,
        Status.EXPLANATION_REQUESTED,
        Status.APPRAISED,
    }
    assert statuses.count(Status.EXPLANATION_REQUESTED) == 1
    assert not PublishedEdition.objects.filter(framework__year=open_year).exists()
    now = timezone.now()
    for framework in Framework.objects.filter(province__code="HT", year=open_year):
        assert framework.is_open
        assert now < framework.self_assessment_deadline < framework.explanation_deadline
    merged_away = reports.filter(agency__valid_to=datetime.date(2025, 2, 28))
    assert not merged_away.exists()
    done = reports.exclude(status=Status.DRAFT)
    assert all(r.submitted_at < now for r in done)
    assert all(r.submitted_at < r.appraised_at < now for r in done.filter(status="appraised"))


def test_the_year_before_the_open_one_is_published_in_the_post_merger_groups(demo, db):
    year = demo["first"]["year"] - 1
    departments = IndexResult.objects.filter(
        framework__province__code="HT", framework__year=year, framework__group__code="so"
    )
    assert departments.count() == (12 if year >= 2025 else 17)
    assert all(r.is_published for r in departments)
    communes = IndexResult.objects.filter(
        framework__province__code="HT",
        framework__year=year,
        framework__group__code__in=["xa", "phuong"],
    )
    assert communes.count() == (20 if year >= 2025 else 0)
    assert all(r.is_published and r.published_rank for r in communes)


# --- procedures and the 766 index ---------------------------------------------------------------


def test_illustrative_dossier_counts_satisfy_the_sanity_relations(demo, db):
    stats = ProcedureStat.objects.filter(agency__province__code="HT")
    assert stats.filter(period_type="year").count() >= 6 * 30
    assert stats.filter(period_type="quarter", year=2024).exists()
    for s in stats:
        to_process = s.carried_over + s.received_new
        resolved = s.resolved_early + s.resolved_on_time + s.resolved_late
        in_progress = s.in_progress_on_time + s.in_progress_overdue
        assert resolved + in_progress + s.returned_withdrawn + s.waiting_supplement <= to_process, s
        assert s.received_online + s.received_post + s.received_in_person == s.received_new
        assert s.online_services_with_dossiers <= s.online_services_total <= s.procedures_total
        assert (s.level3 or 0) + (s.level4 or 0) + (s.online_full or 0) + (
            s.online_partial or 0
        ) <= s.procedures_total


def test_yearly_carry_over_is_last_years_dossiers_in_progress(demo, db):
    stats = {
        s.year: s for s in ProcedureStat.objects.filter(agency=ht("Sở Tư pháp"), period_type="year")
    }
    for year in range(2020, 2025):
        previous = stats[year - 1]
        assert (
            stats[year].carried_over == previous.in_progress_on_time + previous.in_progress_overdue
        )


def test_service_index_scores_cover_2023_to_2025_within_group_maxima(demo, db):
    scores = ServiceIndexScore.objects.filter(province__code="HT", agency__isnull=False)
    open_year = demo["first"]["year"]
    assert (
        {2023, 2024, 2025} <= {s.period_start.year for s in scores} <= {2023, 2024, 2025, open_year}
    )
    assert (
        scores.filter(
            agency=ht("Sở Xây dựng"), period_type="quarter", period_start__year__lte=2025
        ).count()
        == 12
    )
    for score in scores:
        parts = [getattr(score, name) for name in SERVICE_GROUP_MAXIMA]
        assert all(0 <= getattr(score, n) <= m for n, m in SERVICE_GROUP_MAXIMA.items())
        assert score.total == sum(parts) - score.deduction
        assert score.band and 1 <= score.rank <= score.group_size


def test_a_week_of_the_766_index_ranks_each_bloc_apart_and_the_province_among_34(demo, db):
    week = ServiceIndexScore.objects.filter(province__code="HT", period_type="week")
    assert len({s.period_start for s in week}) == 1
    own = week.get(agency__isnull=True)
    assert (own.rank, own.group_size) == (9, 34)
    agencies = week.filter(agency__isnull=False)
    assert agencies.filter(deduction=2).exists()
    for group_id in set(agencies.values_list("group_id", flat=True)):
        members = agencies.filter(group_id=group_id)
        assert {s.group_size for s in members} == {members.count()}
        assert min(s.rank for s in members) == 1


# --- the synthetic national-scale province ---------------------------------------------------


def test_national_scale_is_ranked_by_the_engine_and_idempotent(demo, db):
    from demo.national import build_national

    assert build_national(agencies=60, years=2) == 8
    results = IndexResult.objects.filter(
        framework__province__code="QG", framework__year=2024, framework__group__code="xa"
    )
    assert results.count() == 54
    assert {r.group_size for r in results} == {54} and min(r.rank for r in results) == 1
    assert all(r.is_published and r.published_index_pct == r.index_pct for r in results)
    before = row_counts()
    assert build_national(agencies=60, years=2) == 0
    assert row_counts() == before


# --- the command ----------------------------------------------------------------------------------


def test_command_says_nothing_changed_on_a_loaded_database(demo, db):
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    text = out.getvalue()
    assert "không có gì thay đổi" in text
    assert f"{AnnualReport.objects.count()} báo cáo" in text
    assert "demo12345" in text


def test_command_refuses_agencies_without_years(demo, db):
    with pytest.raises(CommandError, match="--years"):
        call_command("load_demo", "--agencies", "10")


# --- criteria scored from the figures the demo holds -----------------------------------------


def test_open_year_criteria_bound_to_sources_compute_points_for_the_reporter(demo, db):
    """Whatever the date, the open year has dossier figures and 766 scores of its quarters
    so far, so `sxd`'s draft and Sở Nội vụ's appraisals show computed points."""
    open_year = demo["first"]["year"]
    framework = Framework.objects.get(province__code="HT", year=open_year, group__code="so")
    bound = dict(framework.criteria.exclude(source="").values_list("pk", "source"))
    assert len(set(bound.values())) >= 4
    for name in ("Sở Xây dựng", "Sở Tài chính"):
        report = AnnualReport.objects.get(framework=framework, agency__name=name)
        computed = compute_points(report=report, scores=report.scores.select_related("criterion"))
        sources = {bound[pk] for pk, c in computed.items() if pk in bound and c.result}
        assert {"dossiers_on_time", "dossiers_online", "service_index"} <= sources, name
    assert ProcedureStat.objects.filter(agency__province__code="HT", year=open_year).exists()
