"""Sanity rules and rate formulas for dossier statistics, on the seed agencies' real figures."""

import datetime
from decimal import Decimal

import pytest

from indicators import dossier_checks, dossiers
from indicators.dossier_checks import check_stat
from indicators.dossiers import Rate, on_time_rate
from indicators.models import ProcedureStat
from tests.factories import ProcedureStatFactory

Formula = ProcedureStat.OnTimeFormula


# --- formulas on the seed figures ------------------------------------------------------


def test_thai_binh_gtvt_on_time_is_99_87_percent():
    """Thái Bình Sở GTVT: 15,706 resolved on time of 15,726 to process → 99.87%."""
    rate = on_time_rate({"carried_over": 343, "received_new": 15383, "resolved_on_time": 15706})
    assert (rate.numerator, rate.denominator) == (15706, 15726)
    assert dossiers.pct_text(rate.pct) == "99,87"
    assert rate.formula_name == Formula.RULE_766


def test_thai_binh_gtvt_pending_within_deadline_lifts_the_766_rate_to_100():
    """The inspection report adds 20 dossiers still in progress within their deadline."""
    stat = {
        "carried_over": 343,
        "received_new": 15383,
        "resolved_on_time": 15706,
        "in_progress_on_time": 20,
    }
    assert on_time_rate(stat).pct == Decimal("100.0000")
    assert check_stat(stat) == ({}, [])


def test_766_rule_counts_in_progress_within_deadline_as_on_time():
    """Sở Xây dựng Thái Bình: 1,713 received, 1,668 on time, 45 in progress within deadline →
    100%."""
    stat = {"received_new": 1713, "resolved_on_time": 1668, "in_progress_on_time": 45}
    rate = on_time_rate(stat)
    assert rate == Rate(1713, 1713, Decimal("100.0000"), Formula.RULE_766)
    # The same figures divided by resolved dossiers only ignore the 45 pending ones.
    assert on_time_rate(stat, formula=Formula.RESOLVED).denominator == 1668


def test_vinh_phuc_september_2021_under_the_due_formula():
    """Vĩnh Phúc 09/2021: 4,157 early/on time of 4,169 due → 99.71%."""
    stat = ProcedureStat(
        carried_over=2171,
        received_new=4131,
        resolved_on_time=4157,
        resolved_late=12,
        returned_withdrawn=90,
        received_online=1598,
        level3=61,
        level4=1537,
        on_time_formula=Formula.DUE,
    )
    rate = on_time_rate(stat)
    assert (rate.numerator, rate.denominator, rate.formula_name) == (4157, 4169, Formula.DUE)
    assert dossiers.pct_text(rate.pct) == "99,71"
    assert "đến hạn" in rate.formula_label.lower()
    online = dossiers.online_submission_rate(stat)
    assert (online.numerator, online.denominator) == (1598, 4131)


def test_due_formula_counts_overdue_pending_dossiers_in_the_denominator():
    stat = {
        "resolved_on_time": 90,
        "resolved_late": 5,
        "in_progress_overdue": 5,
        "on_time_formula": "due",
    }
    assert on_time_rate(stat).denominator == 100
    assert on_time_rate(stat, formula=Formula.RESOLVED).denominator == 95


def test_huu_lung_online_services_with_dossiers_meets_the_80_percent_target():
    rate = dossiers.online_services_rate(
        {"online_services_total": 88, "online_services_with_dossiers": 82}
    )
    assert (rate.numerator, rate.denominator) == (82, 88)
    assert dossiers.pct_text(rate.pct) == "93,18"
    assert rate.meets_target is True
    low = dossiers.online_services_rate(
        {"online_services_total": 88, "online_services_with_dossiers": 70}
    )
    assert low.meets_target is False


def test_digitisation_rate_divides_by_new_dossiers():
    rate = dossiers.digitisation_rate({"received_new": 400, "digitised": 300})
    assert rate.pct == Decimal("75.0000")
    assert rate.formula_name == "digitisation"


def test_rates_are_none_when_the_denominator_is_missing_or_zero():
    assert on_time_rate({"resolved_on_time": 5}) is None
    assert dossiers.online_submission_rate({"received_new": 0, "received_online": 0}) is None
    assert dossiers.online_services_rate({}) is None


def test_unknown_formula_is_refused():
    with pytest.raises(ValueError):
        on_time_rate({"received_new": 1}, formula="gia_lai")


# --- rules: errors ---------------------------------------------------------------------


def test_resolved_plus_in_progress_above_to_process_is_an_error_naming_the_fields():
    errors, _ = check_stat(
        {
            "carried_over": 0,
            "received_new": 1713,
            "resolved_on_time": 1700,
            "in_progress_on_time": 45,
        }
    )
    message = errors["in_progress_on_time"]
    assert "giải quyết đúng hạn" in message and "tiếp nhận mới trong kỳ" in message
    assert "1.745" in message and "1.713" in message


def test_online_above_received_is_an_error_on_the_online_field():
    errors, _ = check_stat({"received_new": 100, "received_online": 120})
    assert set(errors) == {"received_online"}
    assert "tiếp nhận trực tuyến" in errors["received_online"]


def test_channels_above_received_is_an_error():
    errors, _ = check_stat({"received_new": 100, "received_online": 60, "received_in_person": 50})
    assert "received_post" in errors


def test_full_plus_partial_online_above_total_procedures_is_an_error():
    errors, _ = check_stat({"procedures_total": 1407, "online_full": 1072, "online_partial": 336})
    assert (
        "DVCTT toàn trình" in errors["online_partial"]
        and "tổng số TTHC" in errors["online_partial"]
    )
    ok, _ = check_stat({"procedures_total": 1407, "online_full": 1072, "online_partial": 335})
    assert ok == {}


def test_legacy_levels_above_total_procedures_is_an_error():
    errors, _ = check_stat({"procedures_total": 2643, "level3": 1856, "level4": 800})
    assert "level4" in errors and "mức độ 3" in errors["level4"]


def test_online_services_with_dossiers_above_offered_is_an_error():
    errors, _ = check_stat({"online_services_total": 88, "online_services_with_dossiers": 89})
    assert "DVCTT phát sinh hồ sơ" in errors["online_services_with_dossiers"]


def test_lien_thong_above_total_procedures_is_an_error():
    errors, _ = check_stat(
        {"procedures_total": 10, "lien_thong_same_level": 6, "lien_thong_cross_level": 5}
    )
    assert "liên thông" in errors["lien_thong_cross_level"]


def test_digitised_above_received_is_an_error():
    errors, _ = check_stat({"received_new": 10, "digitised": 11})
    assert "digitised" in errors


def test_simplified_above_reviewed_is_an_error():
    errors, _ = check_stat({"simplified": 38, "simplified_reviewed": 37})
    assert "simplified" in errors
    ok, warnings = check_stat(
        {
            "simplified": 19,
            "simplified_reviewed": 37,
            "simplified_days_before": 230,
            "simplified_days_after": 154,
        }
    )
    assert ok == {} and warnings == []


# --- rules: warnings -------------------------------------------------------------------


def test_lam_dong_district_level_gap_is_a_warning_not_an_error():
    """Lâm Đồng Q1/2020, cấp huyện: 329,596 resolved + 3,405 in progress of 340,060 received."""
    errors, warnings = check_stat(
        {
            "carried_over": 0,
            "received_new": 340060,
            "resolved_on_time": 323911,
            "resolved_late": 5685,
            "in_progress_on_time": 2436,
            "in_progress_overdue": 969,
        }
    )
    assert errors == {}
    assert any("7.059" in w for w in warnings)


def test_lam_dong_province_level_without_carry_over_is_a_warning():
    """Cấp tỉnh: 51,780 resolved + 2,800 in progress exceed the 54,575 received by 5.

    The carry-over was not published, so dossiers carried in may explain the excess.
    """
    stat = {
        "received_new": 54575,
        "resolved_on_time": 51072,
        "resolved_late": 708,
        "in_progress_on_time": 2672,
        "in_progress_overdue": 128,
    }
    errors, warnings = check_stat(stat)
    assert errors == {}
    assert len(warnings) == 1 and "kỳ trước chuyển sang" in warnings[0] and "(5 dư)" in warnings[0]
    # Once a carry-over is entered, the same parts are checked against the whole as an error.
    errors, _ = check_stat({**stat, "carried_over": 0})
    assert "in_progress_on_time" in errors


def test_channels_short_of_received_is_a_warning():
    errors, warnings = check_stat(
        {"received_new": 100, "received_online": 40, "received_in_person": 50}
    )
    assert errors == {}
    assert any("tiếp nhận qua bưu chính" in w and "10" in w for w in warnings)


def test_returned_and_waiting_beyond_the_balance_is_a_warning():
    errors, warnings = check_stat(
        {
            "carried_over": 0,
            "received_new": 100,
            "resolved_on_time": 90,
            "in_progress_on_time": 10,
            "returned_withdrawn": 5,
        }
    )
    assert errors == {}
    assert any("trả lại" in w for w in warnings)


def test_legacy_levels_after_august_2022_warn():
    _, warnings = check_stat(
        {
            "period_start": datetime.date(2023, 1, 1),
            "period_end": datetime.date(2023, 12, 31),
            "procedures_total": 100,
            "level3": 10,
        }
    )
    assert any("15/08/2022" in w for w in warnings)


@pytest.mark.django_db
def test_carry_over_different_from_previous_in_progress_is_a_warning(agency_a):
    previous = ProcedureStatFactory(
        agency=agency_a,
        period_type="month",
        year=2021,
        period_start=datetime.date(2021, 8, 1),
        period_end=datetime.date(2021, 8, 31),
        in_progress_on_time=2000,
        in_progress_overdue=171,
    )
    found = dossier_checks.previous_stat(
        agency_id=agency_a.pk, period_type="month", period_start=datetime.date(2021, 9, 1)
    )
    assert found == previous
    _, warnings = check_stat({"carried_over": 2191}, previous=found)
    assert any("2.191" in w and "2.171" in w for w in warnings)
    _, warnings = check_stat({"carried_over": 2171}, previous=found)
    assert warnings == []


def test_unreported_counts_raise_nothing():
    assert check_stat({}) == ({}, [])


# --- annotations mirror the Python formulas ----------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("formula", list(Formula.values))
def test_queryset_annotation_agrees_with_python_formula(agency_a, formula):
    stat = ProcedureStatFactory(
        agency=agency_a,
        on_time_formula=formula,
        carried_over=30,
        received_new=1713,
        received_online=900,
        resolved_early=100,
        resolved_on_time=1568,
        resolved_late=20,
        in_progress_on_time=45,
        in_progress_overdue=7,
    )
    row = dossiers.with_rates(ProcedureStat.objects.filter(pk=stat.pk)).get()
    rate = on_time_rate(stat)
    assert (row.on_time_num, row.on_time_den) == (rate.numerator, rate.denominator)
    assert abs(Decimal(str(row.on_time_pct)) - rate.pct) < Decimal("0.001")
    assert abs(Decimal(str(row.online_pct)) - dossiers.online_submission_rate(stat).pct) < Decimal(
        "0.001"
    )
