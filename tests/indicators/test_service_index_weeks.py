"""The 766 index by week: technical deductions as their own field, ranks within each group
and each period apart, and the province's own weekly rank among the 34 provinces.

The national portal ranks the provinces every week and, within a province, each sở and
each commune (Bắc Ninh: 13 sở, 99 communes), with 2-point technical deductions.
"""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from agencies.models import AgencyGroup, AgencyGroupMembership
from indicators import dossiers, service_index
from indicators.importing import KINDS, build_preview, commit
from indicators.models import ServiceIndexScore
from tests.factories import AgencyFactory, AgencyGroupFactory

D = Decimal
WEEK_23 = datetime.date(2025, 6, 2)  # Monday of ISO week 23
WEEK_24 = datetime.date(2025, 6, 9)
HEADER = (
    "Tên đơn vị,Loại kỳ,Từ ngày,Đến ngày,transparency,progress,online_service,"
    "online_payment,satisfaction,digitisation,Điểm trừ kỹ thuật,Xếp hạng,Số đơn vị xếp hạng\n"
)


def _week_row(name, start, groups, deduction="", rank="", size=""):
    end = start + datetime.timedelta(days=6)
    cells = [name, "Tuần", f"{start:%d/%m/%Y}", f"{end:%d/%m/%Y}", *groups, deduction, rank, size]
    return ",".join(cells) + "\n"


@pytest.fixture
def bac_ninh(province, dept_group):
    """Three sở and three communes of the personas' province, in two groups."""
    communes = AgencyGroupFactory(
        province=province, code="xa", name="Khối xã", kind=AgencyGroup.Kind.COMMUNE, order=9
    )
    departments = [AgencyFactory(group=dept_group, name=f"Sở {i}") for i in "ABC"]
    villages = [AgencyFactory(group=communes, name=f"Xã {i}") for i in "ABC"]
    return departments, villages, communes


def _import(province, text, tmp_path):
    path = tmp_path / "766-tuan.csv"
    path.write_text(HEADER + text, encoding="utf-8")
    preview = build_preview(KINDS["service_index"](province_id=province.pk), path)
    assert preview.ok, [str(e) for e in preview.errors]
    commit(preview)


def test_a_technical_deduction_comes_off_the_total():
    groups = {
        "transparency": 18,
        "progress": 20,
        "online_service": 12,
        "online_payment": 10,
        "satisfaction": 18,
        "digitisation": 22,
    }
    assert service_index.total_of({**groups, "deduction": D("2")}) == D("98")
    assert service_index.total_of(groups) == D("100")


def test_a_week_is_labelled_by_its_iso_number():
    assert dossiers.period_label("week", WEEK_23, WEEK_23) == "Tuần 23/2025"


@pytest.mark.django_db
def test_weekly_ranks_are_per_group_and_per_week(province, dept_group, bac_ninh, tmp_path):
    departments, villages, communes = bac_ninh
    full = ["18", "20", "12", "10", "18"]
    rows = ""
    for week, shift in ((WEEK_23, 0), (WEEK_24, 1)):
        for i, agency in enumerate([*departments, *villages]):
            points = 20 - ((i + shift) % 3)  # both groups 20, 19, 18 in week 23; 19, 18, 20
            rows += _week_row(agency.name, week, [*full, str(points)], deduction="2" if i else "")
    rows += _week_row("", WEEK_23, [*full, "21"], rank="12", size="34")
    _import(province, rows, tmp_path)
    assert service_index.rank_missing(province_id=province.pk) == 4
    ranks = {
        (s.agency.name, s.period_start): (s.rank, s.group_size, s.total)
        for s in ServiceIndexScore.objects.filter(agency__isnull=False).select_related("agency")
    }
    # 78 points on the first five groups, the sixth as given, 2 deducted but from Sở A.
    assert ranks["Sở A", WEEK_23] == (1, 3, D("98"))
    assert ranks["Sở B", WEEK_23] == (2, 3, D("95"))
    assert ranks["Xã A", WEEK_23] == (1, 3, D("96"))
    assert ranks["Xã C", WEEK_23] == (3, 3, D("94"))
    assert ranks["Sở A", WEEK_24] == (1, 3, D("97"))
    assert ranks["Sở C", WEEK_24] == (2, 3, D("96"))
    assert ranks["Sở B", WEEK_24] == (3, 3, D("94"))
    own = ServiceIndexScore.objects.get(agency__isnull=True)
    assert (own.period_type, own.rank, own.group_size, own.total) == ("week", 12, 34, D("99"))


@pytest.mark.django_db
def test_an_imported_row_is_ranked_in_its_agencys_bloc_of_the_year(
    province, dept_group, bac_ninh, tmp_path
):
    _, villages, communes = bac_ninh
    wards = AgencyGroupFactory(province=province, code="phuong", name="Khối phường", order=8)
    AgencyGroupMembership.objects.create(agency=villages[0], group=communes, year_to=2024)
    AgencyGroupMembership.objects.create(agency=villages[0], group=wards, year_from=2025)
    _import(province, _week_row("Xã A", WEEK_23, ["18", "20", "12", "10", "18", "20"]), tmp_path)
    assert ServiceIndexScore.objects.get().group == wards


@pytest.mark.django_db
def test_the_766_table_keeps_each_groups_ranks_together(
    client, noivu_staff, province, dept_group, bac_ninh, tmp_path
):
    departments, villages, _ = bac_ninh
    rows = "".join(
        _week_row(a.name, WEEK_23, ["18", "20", "12", "10", "18", str(20 - i % 3)])
        for i, a in enumerate([*departments, *villages])
    )
    rows += _week_row("", WEEK_23, ["18", "20", "12", "10", "18", "21"], rank="12", size="34")
    _import(province, rows, tmp_path)
    service_index.rank_missing(province_id=province.pk)
    client.force_login(noivu_staff)
    page = client.get(reverse("indicators:service_index"), {"period_type": "week"})
    shown = [
        (row.record.group.name if row.record.group else "", row.record.rank)
        for row in page.context["table"].page.object_list
    ]
    assert shown == [
        ("", 12),
        (dept_group.name, 1),
        (dept_group.name, 2),
        (dept_group.name, 3),
        ("Khối xã", 1),
        ("Khối xã", 2),
        ("Khối xã", 3),
    ]
    assert "12/34" in page.content.decode()


@pytest.mark.django_db
def test_the_api_lists_one_groups_week(
    client, noivu_staff, province, dept_group, bac_ninh, tmp_path
):
    departments, villages, _ = bac_ninh
    rows = "".join(
        _week_row(a.name, start, ["18", "20", "12", "10", "18", "20"])
        for a in [*departments, *villages]
        for start in (WEEK_23, WEEK_24)
    )
    _import(province, rows, tmp_path)
    client.force_login(noivu_staff)
    answer = client.get("/api/service-index/", {"period_type": "week", "group": "so"}).json()
    rows = answer["results"] if isinstance(answer, dict) else answer
    assert len(rows) == 6
    assert {row["agency_name"][:2] for row in rows} == {"Sở"}
    assert client.get("/api/service-index/", {"period_type": "day"}).status_code == 400
