"""Builders for dashboard tests: a group with N agencies, two years of results, field
components, bands and on-time rates (what `load_demo` and the ranking engine produce)."""

import datetime
from decimal import Decimal

from agencies.models import Agency
from indicators.models import Criterion, Framework, IndexResult, RankingRun, RateResult
from indicators.scoring import band_of
from tests.factories import AgencyFactory, FrameworkFactory, make_standard_bands

FIELDS = [
    ("1", "Công tác chỉ đạo, điều hành CCHC"),
    ("2", "Cải cách thể chế"),
    ("3", "Cải cách TTHC"),
]


def make_framework(*, group, year, fields=FIELDS) -> Framework:
    framework = FrameworkFactory(
        group=group, province=group.province, year=year, name=f"Bộ chỉ số CCHC sở {year}"
    )
    make_standard_bands(framework)
    for order, (code, name) in enumerate(fields):
        Criterion.objects.create(
            framework=framework,
            level=Criterion.Level.FIELD,
            code=code,
            name=name,
            max_points=Decimal("10"),
            order=order,
        )
    return framework


def index_of(i: int, year: int, n: int = 5) -> Decimal:
    """Agency i's index: descending with i, a little higher in the later year."""
    step = Decimal("0.75") if n <= 60 else Decimal("0.25")
    return Decimal("95.25") - Decimal(i) * step + (Decimal("1.25") if year == 2024 else 0)


def build_group(
    *, group, n: int, years=(2023, 2024), rates=True, prefix="Sở Thử nghiệm"
) -> list[Agency]:
    """n agencies ranked 1..n in each year; in the last year agencies 1 and 2 swap ranks."""
    agencies = [
        AgencyFactory(group=group, province=group.province, name=f"{prefix} {i + 1:03d}")
        for i in range(n)
    ]
    previous = {}
    for year in years:
        framework = make_framework(group=group, year=year)
        order = list(range(n))
        if year == years[-1] and n >= 2:
            order[0], order[1] = 1, 0  # agency index 1 overtakes agency index 0
        results = []
        for rank, i in enumerate(order, start=1):
            agency = agencies[i]
            index = index_of(rank - 1, year, n)
            prev = previous.get(agency.pk)
            results.append(
                IndexResult(
                    framework=framework,
                    agency=agency,
                    index_pct=index,
                    total_points=index,
                    applicable_max=Decimal(100),
                    band=band_of(index, [b.rule for b in framework.bands.all()]),
                    rank=rank,
                    group_size=n,
                    previous_rank=prev[0] if prev else None,
                    previous_index_pct=prev[1] if prev else None,
                    rank_change=(prev[0] - rank) if prev else None,
                    components={
                        code: {"points": "8.00", "max": "10.00", "pct": str(index - Decimal(k * 5))}
                        for k, (code, _) in enumerate(FIELDS)
                    },
                )
            )
            previous[agency.pk] = (rank, index)
        IndexResult.objects.bulk_create(results)
        RankingRun.objects.create(
            province=group.province,
            group=group,
            year=year,
            status=RankingRun.Status.DONE,
            started_at=datetime.datetime(year + 1, 1, 5, 8, 0, tzinfo=datetime.UTC),
            finished_at=datetime.datetime(year + 1, 1, 5, 8, 1, tzinfo=datetime.UTC),
            rows=n,
        )
        if rates:
            RateResult.objects.bulk_create(
                RateResult(
                    agency=agency,
                    group=group,
                    year=year,
                    metric=RateResult.Metric.ON_TIME,
                    numerator=1700 - i,
                    denominator=1713,
                    rate_pct=Decimal(1700 - i) / Decimal(1713) * 100,
                    formula="766",
                    rank=i + 1,
                    group_size=n,
                )
                for i, agency in enumerate(agencies)
            )
    return agencies
