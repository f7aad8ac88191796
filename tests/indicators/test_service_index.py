"""The 766 service index: totals from six groups, bands, ranks within a group per period."""

import datetime
from decimal import Decimal

import pytest

from indicators import service_index
from indicators.models import ServiceIndexScore
from tests.factories import AgencyFactory

QUANG_NAM = {
    "transparency": "13.2",
    "progress": "18.4",
    "online_service": "7.7",
    "online_payment": "7.6",
    "satisfaction": "17.6",
    "digitisation": "15.6",
}
JULY = datetime.date(2024, 7, 1)


def make_score(agency, total, *, period_start=JULY, **groups):
    """A score whose groups add up to `total` (the remainder goes to digitisation)."""
    total = Decimal(str(total))
    values = {
        "transparency": Decimal("18"),
        "progress": Decimal("20"),
        "online_service": Decimal("12"),
        "online_payment": Decimal("10"),
        "satisfaction": Decimal("18"),
    }
    values.update({k: Decimal(str(v)) for k, v in groups.items()})
    values["digitisation"] = total - sum(values.values())
    if values["digitisation"] < 0:
        values["satisfaction"] += values["digitisation"]
        values["digitisation"] = Decimal(0)
    return ServiceIndexScore.objects.create(
        province=agency.province,
        agency=agency,
        group=agency.group,
        period_type="quarter",
        period_start=period_start,
        period_end=period_start + datetime.timedelta(days=90),
        total=total,
        **values,
    )


def test_total_is_the_sum_of_the_six_groups_quang_nam():
    assert service_index.total_of(QUANG_NAM) == Decimal("80.1")
    assert service_index.band_for(Decimal("80.1")).name == "Tốt"


def test_total_is_none_when_a_group_is_missing():
    assert service_index.total_of({**QUANG_NAM, "digitisation": None}) is None


@pytest.mark.parametrize(
    ("total", "band", "verified"),
    [
        ("98.63", "Xuất sắc", True),
        ("90.00", "Xuất sắc", True),
        ("89.99", "Tốt", True),
        ("83.61", "Tốt", True),
        ("79.99", "Khá", False),
        ("50", "Trung bình", False),
        ("49.9", "Yếu", False),
    ],
)
def test_bands_with_the_lower_three_marked_unverified(total, band, verified):
    result = service_index.band_for(Decimal(total))
    assert (result.name, result.verified) == (band, verified)


def test_group_above_its_maximum_is_an_error_naming_the_group():
    errors, _ = service_index.check_scores({**QUANG_NAM, "digitisation": "22.5"})
    assert set(errors) == {"digitisation"} and "Số hóa hồ sơ" in errors["digitisation"]


def test_total_different_from_the_groups_is_a_warning():
    errors, warnings = service_index.check_scores({**QUANG_NAM, "total": "82.8"})
    assert errors == {} and len(warnings) == 1 and "80.1" in warnings[0]
    assert service_index.check_scores({**QUANG_NAM, "total": "80.1"}) == ({}, [])


@pytest.mark.django_db
def test_rank_period_uses_competition_ranking_with_portal_tolerance(dept_group):
    agencies = [AgencyFactory(group=dept_group, name=f"Sở {i}") for i in range(4)]
    scores = [
        make_score(a, t)
        for a, t in zip(agencies, ["98.63", "95.0004", "95.0000", "83.61"], strict=True)
    ]
    assert (
        service_index.rank_period(group_id=dept_group.pk, period_type="quarter", period_start=JULY)
        == 4
    )
    for score in scores:
        score.refresh_from_db()
    assert [s.rank for s in scores] == [1, 2, 2, 4]
    assert {s.group_size for s in scores} == {4}
    assert [s.band for s in scores] == ["Xuất sắc", "Xuất sắc", "Xuất sắc", "Tốt"]


@pytest.mark.django_db
def test_unranked_agency_gets_no_rank_and_other_periods_are_untouched(dept_group):
    ranked = make_score(AgencyFactory(group=dept_group), "90")
    special = make_score(AgencyFactory(group=dept_group, is_ranked=False), "99")
    other_period = make_score(ranked.agency, "91", period_start=datetime.date(2024, 4, 1))
    service_index.rank_period(group_id=dept_group.pk, period_type="quarter", period_start=JULY)
    for score in (ranked, special, other_period):
        score.refresh_from_db()
    assert (ranked.rank, ranked.group_size) == (1, 1)
    assert special.rank is None
    assert other_period.rank is None
