"""Scoring rules frameworks publish beyond "points over the maximum": bands with per-field
minima (Hải Dương 2024), bonus and penalty lines with caps on a 100-point scale (Hà Nội
QĐ 5666/QĐ-UBND: 8 contents plus bonus/penalty), and an agency's own applicable maximum
(Thanh Hóa 2023: Ban Dân tộc 68,32 points of 84 = 81,33 %). Each through `recompute`, the
path production runs, on whichever database the suite runs on."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from indicators.importing import KINDS, build_preview, commit
from indicators.models import ApplicableMaximum, Band, Criterion, IndexResult
from indicators.publishing import freeze_content
from indicators.ranking import recompute
from indicators.scoring import band_of
from tests.factories import (
    AgencyFactory,
    AnnualReportFactory,
    CriterionScoreFactory,
    FrameworkFactory,
    MembershipFactory,
    make_tree,
)

D = Decimal
# Hải Dương 2024: Nhóm 1 ≥ 90 % and no field below 80 %; Nhóm 2 80–< 90 % and no field
# below 70 %; the rest Nhóm 3.
HAI_DUONG = [(D("90"), "Nhóm 1", D("80")), (D("80"), "Nhóm 2", D("70")), (D("0"), "Nhóm 3", None)]


def _components(*pcts):
    return {str(i): {"pct": None if p is None else f"{p}"} for i, p in enumerate(pcts, 1)}


def test_an_index_of_91_with_one_field_at_79_is_not_in_the_first_group():
    assert band_of(D("91"), HAI_DUONG, _components("95.0000", "79.0000")) == "Nhóm 2"


def test_the_field_minimum_is_inclusive_and_ignores_fields_where_nothing_applies():
    assert band_of(D("91"), HAI_DUONG, _components("80.0000", None)) == "Nhóm 1"


def test_a_field_below_every_minimum_falls_to_the_band_without_one():
    assert band_of(D("95"), HAI_DUONG, _components("99.0000", "69.9999")) == "Nhóm 3"


def test_bands_without_minima_read_as_before():
    assert band_of(D("91"), [(D("90"), "Tốt"), (D("80"), "Khá")]) == "Tốt"


@pytest.mark.django_db
def test_a_recompute_bands_by_the_field_minima():
    framework = FrameworkFactory(year=2024)
    for lower, name, minimum in HAI_DUONG:
        Band.objects.create(framework=framework, name=name, lower=lower, field_minimum=minimum)
    steering, reform = make_tree(
        framework, {"1": ("Chỉ đạo, điều hành", [("1.1", 20)]), "2": ("TTHC", [("2.1", 80)])}
    )
    weak_field = AnnualReportFactory(framework=framework)
    CriterionScoreFactory(report=weak_field, criterion=steering, final_score=D("15.80"))
    CriterionScoreFactory(report=weak_field, criterion=reform, final_score=D("75.20"))
    even = AnnualReportFactory(framework=framework)
    CriterionScoreFactory(report=even, criterion=steering, final_score=D("18"))
    CriterionScoreFactory(report=even, criterion=reform, final_score=D("73"))
    recompute(framework=framework)
    first = IndexResult.objects.get(report=weak_field)
    assert (first.index_pct, first.components["1"]["pct"]) == (D("91"), "79.0000")
    assert first.band == "Nhóm 2"
    assert IndexResult.objects.get(report=even).band == "Nhóm 1"


def _hanoi_framework():
    """Eight contents of 12,5 points (100 in all), bonus lines of 3 points capped at 5,
    penalty lines of 4 points capped at 5."""
    framework = FrameworkFactory(year=2025, legal_basis_no="5666/QĐ-UBND")
    spec = {str(i): (f"Nội dung {i}", [(f"{i}.1", "12.5")]) for i in range(1, 9)}
    spec["9"] = ("Điểm thưởng", [("9.1", 3), ("9.2", 3)])
    spec["10"] = ("Điểm trừ", [("10.1", 4), ("10.2", 4)])
    leaves = make_tree(framework, spec)
    Criterion.objects.filter(framework=framework, code="9").update(
        counts_as=Criterion.CountsAs.BONUS, max_points=D("5")
    )
    Criterion.objects.filter(framework=framework, code="10").update(
        counts_as=Criterion.CountsAs.PENALTY, max_points=D("5")
    )
    return framework, leaves[:8], leaves[8:10], leaves[10:]


def _report(framework, contents, points, bonus=(), penalty=()):
    report = AnnualReportFactory(framework=framework)
    for leaf in contents:
        CriterionScoreFactory(report=report, criterion=leaf, final_score=D(points))
    for leaf, value in [*bonus, *penalty]:
        CriterionScoreFactory(report=report, criterion=leaf, final_score=D(value))
    return report


@pytest.mark.django_db
def test_bonus_and_penalty_lines_count_within_their_caps_outside_the_maximum():
    framework, contents, (b1, b2), (p1, p2) = _hanoi_framework()
    report = _report(framework, contents, "11", bonus=[(b1, 3), (b2, 3)], penalty=[(p1, 2)])
    recompute(framework=framework)
    result = IndexResult.objects.get(report=report)
    # 8 × 11 = 88 of 100; bonus 3 + 3 capped at 5; penalty 2: 91.
    assert (result.evidence_points, result.bonus_points, result.penalty_points) == (
        D("88"),
        D("5"),
        D("2"),
    )
    assert (result.total_points, result.applicable_max, result.index_pct) == (
        D("91"),
        D("100"),
        D("91"),
    )
    assert sorted(result.components) == [str(i) for i in range(1, 9)]


@pytest.mark.django_db
def test_the_total_stays_on_the_100_point_scale():
    framework, contents, (b1, _), (p1, p2) = _hanoi_framework()
    top = _report(framework, contents, "12.5", bonus=[(b1, 3)])
    bottom = _report(framework, contents, "0", penalty=[(p1, 4), (p2, 4)])
    recompute(framework=framework)
    top, bottom = IndexResult.objects.get(report=top), IndexResult.objects.get(report=bottom)
    assert (top.total_points, top.index_pct) == (D("100"), D("100"))
    assert (bottom.penalty_points, bottom.total_points, bottom.index_pct) == (
        D("5"),
        D("0"),
        D("0"),
    )


@pytest.mark.django_db
def test_a_framework_without_bonus_lines_stores_no_bonus():
    framework = FrameworkFactory()
    (leaf,) = make_tree(framework, {"1": ("Chỉ đạo", [("1.1", 10)])})
    report = AnnualReportFactory(framework=framework)
    CriterionScoreFactory(report=report, criterion=leaf, final_score=D("7"))
    recompute(framework=framework)
    result = IndexResult.objects.get(report=report)
    assert (result.bonus_points, result.penalty_points, result.index_pct) == (None, None, D("70"))


def _thanh_hoa():
    framework = FrameworkFactory(year=2023, legal_basis_no="600/QĐ-UBND")
    (leaf,) = make_tree(framework, {"1": ("Nội dung", [("1.1", 100)])})
    ethnic = AgencyFactory(group=framework.group, name="Ban Dân tộc")
    report = AnnualReportFactory(framework=framework, agency=ethnic)
    CriterionScoreFactory(report=report, criterion=leaf, final_score=D("68.32"))
    other = AnnualReportFactory(framework=framework)
    CriterionScoreFactory(report=other, criterion=leaf, final_score=D("92.83"))
    return framework, ethnic, report, other


@pytest.mark.django_db
def test_an_agency_scored_of_its_own_maximum_has_its_index_over_it():
    framework, ethnic, report, other = _thanh_hoa()
    ApplicableMaximum.objects.create(framework=framework, agency=ethnic, max_points=D("84"))
    recompute(framework=framework)
    result = IndexResult.objects.get(report=report)
    assert (result.total_points, result.applicable_max) == (D("68.32"), D("84"))
    assert result.index_pct.quantize(D("0.01")) == D("81.33")
    assert IndexResult.objects.get(report=other).applicable_max == D("100")


@pytest.mark.django_db
def test_setting_an_agency_maximum_later_is_picked_up_by_the_next_recompute():
    """The maximum is a score input: the triggers mark the framework's reports."""
    framework, ethnic, report, _ = _thanh_hoa()
    recompute(framework=framework)
    assert IndexResult.objects.get(report=report).index_pct == D("68.32")
    ApplicableMaximum.objects.create(framework=framework, agency=ethnic, max_points=D("84"))
    recompute(framework=framework)
    assert IndexResult.objects.get(report=report).index_pct == D("81.3333")


@pytest.mark.django_db
def test_a_criteria_file_declares_bonus_and_penalty_fields_outside_the_total(tmp_path):
    """Hà Nội's 100 points of contents plus capped bonus and penalty lines import, though
    fields and caps together pass 100 and the bonus lines pass their cap."""
    framework = FrameworkFactory(year=2025)
    path = tmp_path / "tieu-chi.csv"
    path.write_text(
        "Mã,Nội dung,Điểm tối đa,Cách tính vào tổng\n"
        "1,Nội dung chấm điểm,100,\n"
        "1.1,Công tác chỉ đạo,100,\n"
        "9,Điểm thưởng,5,Điểm thưởng\n"
        "9.1,Sáng kiến,3,\n"
        "9.2,Giải thưởng,3,\n"
        "10,Điểm trừ,5,Điểm trừ\n"
        "10.1,Để xảy ra sai phạm,5,\n",
        encoding="utf-8",
    )
    options = {"province_id": framework.province_id, "group_id": framework.group_id, "year": 2025}
    preview = build_preview(KINDS["criteria"](**options), path)
    assert preview.ok, [str(e) for e in preview.errors]
    commit(preview)
    fields = dict(
        Criterion.objects.filter(framework=framework, level=1).values_list("code", "counts_as")
    )
    assert fields == {"1": "content", "9": "bonus", "10": "penalty"}


@pytest.mark.django_db
def test_a_criteria_file_still_refuses_contents_above_the_total(tmp_path):
    framework = FrameworkFactory(year=2025)
    path = tmp_path / "tieu-chi.csv"
    path.write_text(
        "Mã,Nội dung,Điểm tối đa,Cách tính vào tổng\n1,Nội dung,95,\n2,Nội dung khác,10,\n",
        encoding="utf-8",
    )
    options = {"province_id": framework.province_id, "group_id": framework.group_id, "year": 2025}
    assert not build_preview(KINDS["criteria"](**options), path).ok


@pytest.mark.django_db
def test_the_profile_shows_the_bonus_and_penalty_counted(client):
    framework, contents, (b1, b2), (p1, _) = _hanoi_framework()
    report = _report(framework, contents, "11", bonus=[(b1, 3), (b2, 3)], penalty=[(p1, 2)])
    recompute(framework=framework)
    client.force_login(MembershipFactory(province=framework.province).user)
    page = client.get(reverse("indicators:agency_profile", args=[report.agency_id]))
    assert page.context["current"]["bonus_points"] == D("5")
    text = " ".join(page.content.decode().split())
    assert "Điểm thưởng +5,00 · Điểm trừ −2,00" in text


@pytest.mark.django_db
def test_the_overview_states_the_field_minimum_and_has_no_bonus_column(client):
    framework, contents, (b1, _), _ = _hanoi_framework()
    for lower, name, minimum in HAI_DUONG:
        Band.objects.create(framework=framework, name=name, lower=lower, field_minimum=minimum)
    _report(framework, contents, "12", bonus=[(b1, 3)])
    recompute(framework=framework)
    client.force_login(MembershipFactory(province=framework.province).user)
    page = client.get(reverse("indicators:overview"), {"year": 2025})
    text = " ".join(page.content.decode().split())
    assert "mọi lĩnh vực ≥ 80,00" in text
    codes = [f["code"] for f in page.context["fields"]]
    assert codes == [str(i) for i in range(1, 9)]


@pytest.mark.django_db
def test_a_published_result_of_its_own_maximum_imports_with_it(tmp_path):
    """Thanh Hóa 2023: Ban Dân tộc 68,32 points = 81,33 %, of its 84."""
    framework = FrameworkFactory(year=2023)
    path = tmp_path / "thanh-hoa-2023.csv"
    path.write_text(
        "Hạng,Tên đơn vị,Tổng điểm,Điểm tối đa áp dụng,Chỉ số CCHC (%)\n"
        "1,Sở Công Thương,92.83,100,92.83\n"
        "2,Ban Dân tộc,68.32,84,81.33\n",
        encoding="utf-8",
    )
    options = {
        "province_id": framework.province_id,
        "group_id": framework.group_id,
        "year": 2023,
        "create_agencies": True,
        "decision_no": "600/QĐ-UBND",
    }
    preview = build_preview(KINDS["results"](**options), path)
    assert preview.ok, [str(e) for e in preview.errors]
    commit(preview)
    result = IndexResult.objects.get(framework=framework, agency__name="Ban Dân tộc")
    assert (result.published_total_points, result.applicable_max) == (D("68.32"), D("84"))
    assert result.published_index_pct == D("81.33")
    row = next(r for r in result.edition.content["results"] if r["agency"] == "Ban Dân tộc")
    assert row["applicable_max"] == "84"


@pytest.mark.django_db
def test_a_published_total_above_its_own_maximum_is_refused(tmp_path):
    framework = FrameworkFactory(year=2023)
    path = tmp_path / "sai.csv"
    path.write_text(
        "Tên đơn vị,Tổng điểm,Điểm tối đa áp dụng,Chỉ số CCHC (%)\nBan Dân tộc,86,84,81.33\n",
        encoding="utf-8",
    )
    options = {
        "province_id": framework.province_id,
        "group_id": framework.group_id,
        "year": 2023,
        "create_agencies": True,
    }
    preview = build_preview(KINDS["results"](**options), path)
    assert not preview.ok
    assert "vượt điểm tối đa áp dụng" in " ".join(str(e) for e in preview.errors)


@pytest.mark.django_db
def test_only_a_field_is_a_bonus_or_penalty_field():
    framework, *_ = _hanoi_framework()
    line = Criterion.objects.get(framework=framework, code="9.1")
    line.counts_as = Criterion.CountsAs.BONUS
    with pytest.raises(ValidationError):
        line.clean()


@pytest.mark.django_db
def test_an_edition_freezes_the_bonus_and_penalty_counted():
    framework, contents, (b1, _), (p1, _) = _hanoi_framework()
    report = _report(framework, contents, "11", bonus=[(b1, 3)], penalty=[(p1, 1)])
    recompute(framework=framework)
    content = freeze_content(
        framework=framework, decision_no="1/QĐ", decision_date=datetime.date(2026, 1, 9), kind="x"
    )
    (row,) = content["results"]
    assert row["agency_id"] == report.agency_id
    assert (row["bonus_points"], row["penalty_points"], row["total_points"]) == (
        "3.00",
        "1.00",
        "90.00",
    )
