"""Hưng Yên with Thái Bình merged into it on 1/7/2025, and a PAR INDEX for each."""

import datetime
from decimal import Decimal

import pytest

from agencies.models import ProvinceLineage
from national.models import ParIndexResult
from tests.factories import ProvinceFactory


@pytest.fixture
def merged(db):
    hung_yen = ProvinceFactory(code="33", name="Hưng Yên")
    thai_binh = ProvinceFactory(code="34", name="Thái Bình", valid_to=datetime.date(2025, 6, 30))
    ProvinceLineage.objects.create(
        predecessor=thai_binh,
        successor=hung_yen,
        effective_date=datetime.date(2025, 7, 1),
        legal_basis="NQ 202/2025/QH15",
    )
    rows = [
        (hung_yen, 2023, "87.10", 20, 63),
        (hung_yen, 2024, "88.20", 18, 63),
        (hung_yen, 2025, "89.30", 12, 34),
        (thai_binh, 2023, "85.55", 40, 63),
        (thai_binh, 2024, "86.66", 38, 63),
    ]
    for province, year, index, rank, count in rows:
        ParIndexResult.objects.create(
            province=province,
            year=year,
            index_pct=Decimal(index),
            rank=rank,
            province_count=count,
            group="B",
        )
    return {"hung_yen": hung_yen, "thai_binh": thai_binh}
