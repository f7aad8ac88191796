"""The rows every seed creates the same way: its province, a period's dossier counts, and a
framework shell to hang a published result on. All are created only when missing."""

from decimal import Decimal

from agencies.models import Province
from indicators.models import Band, Criterion, Framework, ProcedureStat

from ..frameworks import BANDS


def province_row(code: str, name: str, valid_to=None) -> Province:
    province, _ = Province.objects.get_or_create(
        code=code, defaults={"name": name, "valid_to": valid_to}
    )
    return province


def stat_row(agency, period_type, start, end, **values) -> ProcedureStat:
    stat, _ = ProcedureStat.objects.get_or_create(
        agency=agency,
        period_type=period_type,
        period_start=start,
        defaults={"period_end": end, "year": start.year, "is_illustrative": False, **values},
    )
    return stat


def framework_shell(*, province, group, year, name, fields=()) -> Framework:
    """A framework shell for a published result: bands, and only the fields the article names."""
    framework, created = Framework.objects.get_or_create(
        province=province,
        year=year,
        group=group,
        defaults={
            "name": name,
            "is_open": False,
            "is_illustrative": True,
            "self_assessment_deadline": None,
        },
    )
    if created:
        Band.objects.bulk_create(
            Band(framework=framework, name=n, lower=Decimal(lower), order=i, color=c)
            for i, (n, lower, c) in enumerate(BANDS)
        )
        for order, (code, field_name, maximum) in enumerate(fields):
            Criterion.objects.create(
                framework=framework,
                level=Criterion.Level.FIELD,
                code=code,
                name=field_name,
                max_points=Decimal(maximum),
                order=order * 100_000,
                evidence_required=False,
            )
    return framework
