"""Inspection fixtures after the seeds: Sở Nội vụ's Kế hoạch 1296/KH-SNV inspected Sở Xây dựng
(agency A) and Sở GTVT (agency B) in one visit on 25/10/2022; HĐND supervised Sở Xây dựng."""

import datetime

import pytest

from inspections.models import Finding, InspectionKind
from tests.factories import (
    CriterionFactory,
    FindingFactory,
    FrameworkFactory,
    PlanFactory,
    RecommendationFactory,
    VisitFactory,
)


@pytest.fixture
def plan(province, noivu_staff):
    return PlanFactory(province=province, number="1296/KH-SNV", year=2022, created_by=noivu_staff)


@pytest.fixture
def visit(plan, agency_a, agency_b):
    visit = VisitFactory(plan=plan, date=datetime.date(2022, 10, 25), conclusion_no="1450/TB-SNV")
    visit.agencies.set([agency_a, agency_b])
    return visit


@pytest.fixture
def hdnd_plan(province):
    return PlanFactory(
        province=province,
        kind=InspectionKind.HDND_SUPERVISION,
        number="45/KH-HĐND",
        year=2023,
        issuer="Thường trực HĐND tỉnh",
        subject="Giám sát chuyên đề công tác CCHC giai đoạn 2020–2023",
    )


@pytest.fixture
def hdnd_visit(hdnd_plan, agency_a):
    visit = VisitFactory(plan=hdnd_plan, date=datetime.date(2023, 10, 18), lead_name="Trần Tú Anh")
    visit.agencies.set([agency_a])
    return visit


@pytest.fixture
def framework(province, dept_group):
    return FrameworkFactory(province=province, group=dept_group, year=2022)


@pytest.fixture
def criterion(framework):
    return CriterionFactory(
        framework=framework, code="7.2", name="Cung cấp dịch vụ công trực tuyến"
    )


@pytest.fixture
def rec_a(visit, agency_a):
    """Addressed to agency A, due 31/12/2023."""
    return RecommendationFactory(
        visit=visit, addressee=agency_a, deadline=datetime.date(2023, 12, 31)
    )


@pytest.fixture
def rec_b(visit, agency_b):
    return RecommendationFactory(
        visit=visit,
        addressee=agency_b,
        text="Rà soát quy chế làm việc",
        deadline=datetime.date(2023, 6, 30),
    )


@pytest.fixture
def hdnd_rec(hdnd_visit, agency_a):
    return RecommendationFactory(
        visit=hdnd_visit,
        addressee=agency_a,
        text="Nâng điểm các chỉ số tụt hạng",
        deadline=datetime.date(2024, 6, 30),
    )


@pytest.fixture
def finding_a(visit, agency_a, criterion):
    return FindingFactory(
        visit=visit,
        agency=agency_a,
        kind=Finding.Kind.SHORTCOMING,
        criterion=criterion,
        text="Tỷ lệ hồ sơ trực tuyến toàn trình còn thấp",
    )
