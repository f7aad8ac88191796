"""The provinces' map and Bộ Nội vụ's PAR INDEX table, for the national view.

The map is the real one (NQ 202/2025/QH15, `national.provinces.DEFAULT_FILE`): Thái Bình
merged into Hưng Yên and Hà Giang into Tuyên Quang on 1/7/2025, among 29 mergers. The
PAR INDEX figures are illustrative (`is_illustrative=True`), drawn so that each year's
groups have the published sizes where known (2022: 2 A, 56 B, 5 C; 2024: 13 A, 50 B),
except Hải Phòng's 2024 result, first with 96,17 % (QĐ 268/QĐ-BNV), kept as published.
Provinces are ranked among those that existed that year: 63 until 2024, 34 in 2025.
"""

import datetime
import random
from decimal import Decimal

from agencies.models import Province
from national.models import ParIndexResult
from national.provinces import import_provinces

from . import SEED
from .national import CODE as LOAD_TEST_CODE

# year: (count in group A, B, C), the rest in D; and the decision, where known.
YEARS = {
    2022: ((2, 56, 5), "289/QĐ-BNV"),
    2023: ((5, 55, 3), ""),
    2024: ((13, 50, 0), "268/QĐ-BNV"),
    2025: ((8, 26, 0), ""),
}
BANDS = {"A": (90, 96), "B": (80, 90), "C": (70, 80)}
# Published values, kept verbatim and not illustrative: (year, province name) → (index, rank).
PUBLISHED = {(2024, "Hải Phòng"): (Decimal("96.17"), 1)}
CENT = Decimal("0.01")


def _values(year: int, rng: random.Random) -> list[Decimal]:
    """The year's indices, best first, so many in each group as published."""
    sizes, _ = YEARS[year]
    values = [
        Decimal(str(rng.uniform(low, high - 0.01))).quantize(CENT)
        for (low, high), size in zip(BANDS.values(), sizes, strict=True)
        for _ in range(size)
    ]
    return sorted(values, reverse=True)


def group_of(index: Decimal) -> str:
    return next((group for group, (low, _) in BANDS.items() if index >= low), "D")


def build_par_index() -> int:
    """The map and the illustrative national table; returns how many results were made."""
    import_provinces()
    created = 0
    for year, (_, decision) in YEARS.items():
        if ParIndexResult.objects.filter(year=year).exists():
            continue
        day = datetime.date(year, 12, 31)
        provinces = list(
            Province.objects.active_on(day).exclude(code=LOAD_TEST_CODE).order_by("code")
        )
        rng = random.Random(f"{SEED}:par:{year}")
        rng.shuffle(provinces)
        values = _values(year, rng)
        fixed = {name: value for (y, name), value in PUBLISHED.items() if y == year}
        # Published results take their place; the illustrative ones fill the other ranks.
        ordered = [p for p in provinces if p.name not in fixed]
        rows = []
        for province in provinces:
            if province.name in fixed:
                index, rank = fixed[province.name]
                rows.append((province, index, rank, False))
        free = [r for r in range(1, len(provinces) + 1) if r not in {row[2] for row in rows}]
        for province, rank, index in zip(ordered, free, values[len(rows) :], strict=False):
            rows.append((province, index, rank, True))
        for province, index, rank, illustrative in rows:
            appraisal = (index * Decimal("0.615") + Decimal(rng.uniform(-1, 1))).quantize(CENT)
            ParIndexResult.objects.create(
                province=province,
                year=year,
                appraisal_points=appraisal,
                survey_points=index - appraisal,
                index_pct=index,
                rank=rank,
                province_count=len(provinces),
                group=group_of(index),
                decision_no=decision,
                is_illustrative=illustrative,
            )
            created += 1
    return created
