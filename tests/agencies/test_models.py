import datetime

import pytest
from django.db import IntegrityError, transaction

from agencies.models import Agency, AgencyLineage, normalize_name
from tests.factories import AgencyFactory, LineageFactory


def test_successors_and_predecessors_follow_lineage_edges(agency_a, agency_b, dept_group):
    """Sở GTVT merged into Sở Xây dựng: each side sees the other."""
    LineageFactory(predecessor=agency_b, successor=agency_a)
    assert list(agency_a.predecessors()) == [agency_b]
    assert list(agency_b.successors()) == [agency_a]
    assert list(agency_a.successors()) == []


def test_ancestry_is_transitive(dept_group):
    old = AgencyFactory(group=dept_group, name="Sở Bưu chính Viễn thông")
    middle = AgencyFactory(group=dept_group, name="Sở Thông tin và Truyền thông")
    new = AgencyFactory(group=dept_group, name="Sở Khoa học và Công nghệ")
    LineageFactory(predecessor=old, successor=middle, relation=AgencyLineage.Relation.RENAME)
    LineageFactory(predecessor=middle, successor=new)
    assert {a.name for a in new.ancestry()} == {old.name, middle.name}


def test_only_abolition_may_lack_a_successor(agency_a):
    with pytest.raises(IntegrityError), transaction.atomic():
        AgencyLineage.objects.create(
            predecessor=agency_a,
            relation=AgencyLineage.Relation.MERGE_INTO,
            effective_date=datetime.date(2025, 3, 1),
        )
    AgencyLineage.objects.create(
        predecessor=agency_a,
        relation=AgencyLineage.Relation.ABOLISH,
        effective_date=datetime.date(2025, 7, 1),
    )


def test_active_in_year_excludes_agencies_that_ended_before(dept_group):
    district = AgencyFactory(
        group=dept_group, name="UBND huyện Can Lộc", valid_to=datetime.date(2025, 6, 30)
    )
    commune = AgencyFactory(
        group=dept_group, name="UBND xã Mới", valid_from=datetime.date(2025, 7, 1)
    )
    assert district in Agency.objects.active_in_year(2025)
    assert district not in Agency.objects.active_in_year(2026)
    assert commune not in Agency.objects.active_in_year(2024)


def test_normalize_name_folds_case_space_and_unicode_form():
    decomposed = "So\u031b\u0309 Y te\u0302\u0301"  # NFD spelling of "Sở Y tế"
    assert normalize_name(f"  {decomposed.upper()}  ") == normalize_name("sở y   tế")


def test_agencies_merged_away_during_a_year_are_not_assessed_for_it(dept_group):
    merged = AgencyFactory(
        group=dept_group, name="Sở Kế hoạch và Đầu tư", valid_to=datetime.date(2025, 2, 28)
    )
    successor = AgencyFactory(group=dept_group, name="Sở Tài chính")
    assessed = Agency.objects.assessed_in_year(2025)
    assert successor in assessed and merged not in assessed
    assert merged in Agency.objects.assessed_in_year(2024)


def test_a_national_admin_sees_every_province_and_staff_only_their_own(agency_a, noivu_staff):
    from agencies.models import Membership
    from tests.factories import AgencyGroupFactory, MembershipFactory, ProvinceFactory, UserFactory

    elsewhere = AgencyFactory(
        group=AgencyGroupFactory(province=ProvinceFactory(code="TB", name="Thái Bình"))
    )
    national = UserFactory(username="national-admin")
    MembershipFactory(user=national, role=Membership.Role.ADMIN, province=None)
    assert {agency_a, elsewhere} <= set(Agency.objects.visible_to(national))
    assert agency_a in Agency.objects.visible_to(noivu_staff)
    assert elsewhere not in Agency.objects.visible_to(noivu_staff)
