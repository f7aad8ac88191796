"""Blocs per year: an agency's khối is dated, and each year's blocs rank apart.

Hải Phòng published 2025 in three blocs (sở; phường; xã together with đặc khu), where
until 2024 every commune was ranked in one bloc. An agency without dated memberships
stays in its one group every year.
"""

from decimal import Decimal

import pytest

from agencies.models import Agency, AgencyGroupMembership
from indicators.importing import KINDS, build_preview, commit
from indicators.models import AnnualReport, IndexResult, RateResult
from indicators.ranking import rank_rates, recompute
from indicators.selection import select
from indicators.workflow import WorkflowError, extend_deadline, open_year
from tests.factories import (
    AgencyFactory,
    AgencyGroupFactory,
    FrameworkFactory,
    IndexResultFactory,
    MembershipFactory,
    ProcedureStatFactory,
    ProvinceFactory,
    make_tree,
)

D = Decimal


def _hai_phong():
    province = ProvinceFactory(name="Hải Phòng", code="HP")
    communes = AgencyGroupFactory(province=province, code="xa", name="Khối xã", kind="xa")
    wards = AgencyGroupFactory(province=province, code="phuong", name="Khối phường", kind="xa")
    rural = AgencyGroupFactory(
        province=province, code="xa-dac-khu", name="Khối xã và đặc khu", kind="xa"
    )
    kinds = {
        "Phường Hồng Bàng": (Agency.Kind.WARD, wards),
        "Phường Lê Chân": (Agency.Kind.WARD, wards),
        "Phường Ngô Quyền": (Agency.Kind.WARD, wards),
        "Xã An Lão": (Agency.Kind.COMMUNE, rural),
        "Xã Kiến Thụy": (Agency.Kind.COMMUNE, rural),
        "Đặc khu Cát Hải": (Agency.Kind.SPECIAL_ZONE, rural),
    }
    agencies = {}
    for name, (kind, bloc) in kinds.items():
        agency = AgencyFactory(province=province, name=name, kind=kind, group=bloc)
        AgencyGroupMembership.objects.create(agency=agency, group=communes, year_to=2024)
        AgencyGroupMembership.objects.create(agency=agency, group=bloc, year_from=2025)
        agencies[name] = agency
    return province, (communes, wards, rural), agencies


@pytest.mark.django_db
def test_an_agency_is_in_the_bloc_of_the_year():
    _, (communes, wards, rural), agencies = _hai_phong()
    assert set(Agency.objects.in_group(communes, year=2024)) == set(agencies.values())
    assert {a.name for a in Agency.objects.in_group(wards, year=2025)} == {
        "Phường Hồng Bàng",
        "Phường Lê Chân",
        "Phường Ngô Quyền",
    }
    assert {a.name for a in Agency.objects.in_group(rural, year=2025)} == {
        "Xã An Lão",
        "Xã Kiến Thụy",
        "Đặc khu Cát Hải",
    }
    assert not Agency.objects.in_group(communes, year=2025).exists()
    assert agencies["Đặc khu Cát Hải"].group_id_in(2024) == communes.pk
    assert agencies["Đặc khu Cát Hải"].group_id_in(2025) == rural.pk


@pytest.mark.django_db
def test_an_agency_without_dated_blocs_is_in_its_group_every_year():
    agency = AgencyFactory()
    assert list(Agency.objects.in_group(agency.group, year=2019)) == [agency]
    assert agency.group_id_in(2030) == agency.group_id


@pytest.mark.django_db
def test_each_bloc_of_2025_opens_and_ranks_apart():
    province, (communes, wards, rural), agencies = _hai_phong()
    scores = dict(zip(agencies, ["90", "80", "70", "95", "85", "75"], strict=True))
    ranks = {}
    for bloc in (wards, rural):
        framework = FrameworkFactory(province=province, group=bloc, year=2025)
        (leaf,) = make_tree(framework, {"1": ("Nội dung", [("1.1", 100)])})
        open_year(framework=framework, self_assessment_deadline=None, explanation_deadline=None)
        for report in AnnualReport.objects.filter(framework=framework).select_related("agency"):
            report.scores.filter(criterion=leaf).update(final_score=D(scores[report.agency.name]))
        recompute(framework=framework)
        for result in IndexResult.objects.filter(framework=framework).select_related("agency"):
            ranks[result.agency.name] = (bloc.code, result.rank, result.group_size)
    assert ranks == {
        "Phường Hồng Bàng": ("phuong", 1, 3),
        "Phường Lê Chân": ("phuong", 2, 3),
        "Phường Ngô Quyền": ("phuong", 3, 3),
        "Xã An Lão": ("xa-dac-khu", 1, 3),
        "Xã Kiến Thụy": ("xa-dac-khu", 2, 3),
        "Đặc khu Cát Hải": ("xa-dac-khu", 3, 3),
    }


@pytest.mark.django_db
def test_dossier_rates_rank_within_the_bloc_of_the_year():
    _, (communes, wards, _), agencies = _hai_phong()
    for i, agency in enumerate(agencies.values()):
        for year in (2024, 2025):
            ProcedureStatFactory(
                agency=agency,
                year=year,
                received_new=100,
                carried_over=0,
                resolved_on_time=90 - i,
                resolved_late=10 + i,
            )
    rank_rates(group=wards, year=2025)
    rank_rates(group=communes, year=2024)
    on_time = RateResult.objects.filter(metric=RateResult.Metric.ON_TIME)
    assert sorted(on_time.filter(year=2025).values_list("group_size", flat=True)) == [3, 3, 3]
    assert on_time.filter(year=2024, group=communes).count() == 6


@pytest.mark.django_db
def test_a_deadline_is_extended_only_for_an_agency_of_the_bloc_that_year():
    province, (communes, wards, _), agencies = _hai_phong()
    framework = FrameworkFactory(province=province, group=wards, year=2025)
    extend_deadline(
        framework=framework,
        agency=agencies["Phường Lê Chân"],
        self_assessment_deadline=None,
        explanation_deadline=None,
        reason="",
    )
    with pytest.raises(WorkflowError):
        extend_deadline(
            framework=framework,
            agency=agencies["Xã An Lão"],
            self_assessment_deadline=None,
            explanation_deadline=None,
            reason="",
        )


@pytest.mark.django_db
def test_the_group_picker_offers_the_blocs_of_the_chosen_year():
    province, (communes, wards, rural), agencies = _hai_phong()
    for bloc, year in ((communes, 2024), (wards, 2025), (rural, 2025)):
        framework = FrameworkFactory(province=province, group=bloc, year=year)
        IndexResultFactory(framework=framework, agency=agencies["Xã An Lão"])
    user = MembershipFactory(province=province).user
    chosen = select(user=user, params={"year": "2025", "group": str(wards.pk)})
    assert [g.code for g in chosen.groups] == ["phuong", "xa-dac-khu"]
    earlier = select(user=user, params={"year": "2024", "group": str(communes.pk)})
    assert [g.code for g in earlier.groups] == ["xa"]


@pytest.mark.django_db
def test_an_agency_list_dates_a_new_bloc_and_keeps_the_earlier_years(tmp_path):
    """Hải Phòng's 2025 list: the communes move from the one commune bloc to the phường
    bloc from 2025; 2024 stays in the commune bloc. Importing twice changes nothing."""
    province = ProvinceFactory(name="Hải Phòng", code="HP")
    communes = AgencyGroupFactory(province=province, code="xa", name="Khối xã", kind="xa")
    wards = AgencyGroupFactory(province=province, code="phuong", name="Khối phường", kind="xa")
    ward = AgencyFactory(province=province, name="Phường Lê Chân", group=communes)
    path = tmp_path / "don-vi.csv"
    path.write_text(
        "Tên đơn vị,Loại đơn vị,Khối,Khối từ năm\nPhường Lê Chân,UBND phường,phuong,2025\n",
        encoding="utf-8",
    )
    for _ in range(2):
        preview = build_preview(KINDS["agencies"](province_id=province.pk), path)
        assert preview.ok, [str(e) for e in preview.errors]
        commit(preview)
    ward.refresh_from_db()
    assert (ward.kind, ward.group) == (Agency.Kind.WARD, wards)
    assert (ward.group_id_in(2024), ward.group_id_in(2025)) == (communes.pk, wards.pk)
    assert AgencyGroupMembership.objects.filter(agency=ward).count() == 2
