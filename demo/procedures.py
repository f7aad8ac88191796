"""Illustrative dossier statistics and 766 service-index scores for Hà Tĩnh's agencies.

Counts obey the sanity relations of the domain brief §5.4: to process = carried over +
new; resolved = early + on time + late; resolved + in progress + returned + waiting ≤ to
process; online ≤ received; mức 3 + mức 4 (or toàn trình + một phần) ≤ TTHC total; and a
period carries over what the previous one left in progress. Service levels use mức 3/4
until 2021 and toàn trình / một phần from 2022 (NĐ 42/2022/NĐ-CP, from 15/8/2022).
"""

import datetime
import math
import random
from decimal import Decimal

from agencies.models import Agency
from indicators.models import PeriodType, ProcedureStat, ServiceIndexScore, ServicePeriodType
from indicators.models.procedures import SERVICE_GROUP_MAXIMA
from indicators.ranking import rank_rates, rank_values
from indicators.service_index import rank_missing

from . import SEED
from .agencies import DemoProvince
from .cycle import Cycle

YEARS = range(2019, 2025)
QUARTERLY_YEARS = (2024, 2025)
SERVICE_YEARS = (2023, 2024, 2025)
SOURCE = "Số liệu minh họa do load_demo tạo"
# Share of dossiers received online, by year (the national toàn trình share was 45.8 % in 2024).
ONLINE_SHARE = {2019: 0.04, 2020: 0.09, 2021: 0.2, 2022: 0.33, 2023: 0.45, 2024: 0.56, 2025: 0.63}
GROWTH = {2019: 0.86, 2020: 0.9, 2021: 0.88, 2022: 0.97, 2023: 1.0, 2024: 1.05, 2025: 1.08}
# Years after the fixed series (the open year of a demo loaded later): as the last one, a bit on.
LATER_GROWTH, LATER_ONLINE = 1.1, 0.68
SERVICE_BANDS = [("Xuất sắc", 90), ("Tốt", 80), ("Khá", 70), ("Trung bình", 50), ("Yếu", 0)]
# The portal's weekly table: 2-point technical deductions; the province among the 34
# provinces and cities since 1/7/2025 (an illustrative rank).
WEEKLY_DEDUCTION = Decimal(2)
PROVINCES = 34
PROVINCE_WEEKLY_RANK = 9


def quarters(year: int) -> list[tuple[datetime.date, datetime.date]]:
    starts = [datetime.date(year, m, 1) for m in (1, 4, 7, 10)]
    ends = [
        datetime.date(year, 3, 31),
        datetime.date(year, 6, 30),
        datetime.date(year, 9, 30),
        datetime.date(year, 12, 31),
    ]
    return list(zip(starts, ends, strict=True))


def _profile(agency: Agency) -> tuple[int, int]:
    """(TTHC count, dossiers in a 2023-size year) typical of the agency's level, stable per
    agency."""
    rng = random.Random(f"{SEED}:profile:{agency.name}")
    if agency.kind == Agency.Kind.DISTRICT:
        return rng.randint(285, 345), int(
            math.exp(rng.uniform(math.log(25_000), math.log(110_000)))
        )
    if agency.kind == Agency.Kind.COMMUNE:
        return rng.randint(300, 380), int(math.exp(rng.uniform(math.log(8_000), math.log(40_000))))
    return rng.randint(40, 190), int(math.exp(rng.uniform(math.log(700), math.log(30_000))))


def stat_row(
    *, agency, rng, year, start, end, period_type, share: float, carried_over: int
) -> ProcedureStat:
    """One period's counts; `share` is the fraction of a year the period covers."""
    procedures, yearly = _profile(agency)
    total = procedures + rng.randint(-4, 4)
    growth, online_share = GROWTH.get(year, LATER_GROWTH), ONLINE_SHARE.get(year, LATER_ONLINE)
    received = max(1, int(yearly * growth * share * rng.uniform(0.9, 1.1)))
    online = int(received * min(0.95, online_share * rng.uniform(0.8, 1.2)))
    post = int((received - online) * rng.uniform(0.02, 0.08))
    to_process = carried_over + received
    in_progress = int(to_process * rng.uniform(0.01, 0.03))
    overdue = int(in_progress * rng.uniform(0, 0.12) * (2024 - min(year, 2024) + 1) / 3)
    returned = int(to_process * rng.uniform(0.002, 0.01))
    waiting = int(to_process * rng.uniform(0.001, 0.006))
    gap = int(to_process * rng.uniform(0, 0.003))  # categories portals do not show
    resolved = to_process - in_progress - returned - waiting - gap
    late = int(resolved * rng.uniform(0, 0.03) * (2025 - min(year, 2024)) / 4)
    early = int((resolved - late) * rng.uniform(0.35, 0.8))
    reviewed = int(total * rng.uniform(0.1, 0.35))
    simplified = int(reviewed * rng.uniform(0.3, 0.6))
    days_before = simplified * rng.randint(8, 25)
    row = ProcedureStat(
        agency=agency,
        period_type=period_type,
        period_start=start,
        period_end=end,
        year=year,
        procedures_total=total,
        carried_over=carried_over,
        received_new=received,
        received_online=online,
        received_post=post,
        received_in_person=received - online - post,
        resolved_early=early,
        resolved_on_time=resolved - late - early,
        resolved_late=late,
        in_progress_on_time=in_progress - overdue,
        in_progress_overdue=overdue,
        returned_withdrawn=returned,
        waiting_supplement=waiting,
        on_time_formula=ProcedureStat.OnTimeFormula.RULE_766,
        source=SOURCE,
        is_illustrative=True,
    )
    if period_type == PeriodType.YEAR:
        row.published_new = rng.randint(0, 14)
        row.amended = rng.randint(0, 20)
        row.abolished = rng.randint(0, 8)
        row.simplified_reviewed, row.simplified = reviewed, simplified
        row.simplified_days_before = days_before
        row.simplified_days_after = days_before - int(days_before * rng.uniform(0.1, 0.35))
    if agency.kind == Agency.Kind.DEPARTMENT:
        row.lien_thong_same_level = int(total * rng.uniform(0.03, 0.12))
        row.lien_thong_cross_level = int(total * rng.uniform(0.05, 0.2))
    if year <= 2021:
        row.level3 = int(total * rng.uniform(0.25, 0.5))
        row.level4 = int(total * rng.uniform(0.05, 0.3) * (year - 2017) / 4)
        services = row.level3 + row.level4
    else:
        row.online_full = int(total * rng.uniform(0.35, 0.7))
        row.online_partial = int((total - row.online_full) * rng.uniform(0.3, 0.7))
        services = row.online_full + row.online_partial
        row.digitised = int(
            resolved * min(1.0, (0.25 + 0.2 * (year - 2022)) * rng.uniform(0.8, 1.3))
        )
        row.paid_online = int(online * rng.uniform(0.05, 0.3))
    row.online_services_total = services
    row.online_services_with_dossiers = int(services * rng.uniform(0.5, 0.92))
    return row


def build_procedure_stats(demo: DemoProvince) -> int:
    """Yearly rows 2019–2024 and quarterly rows 2024–2025 for every agency that existed then."""
    if ProcedureStat.objects.filter(agency__province=demo.province).exists():
        return 0
    rows = []
    agencies = [a for a in demo.agencies.values() if a.group_id]
    for agency in agencies:
        rng = random.Random(f"{SEED}:procedures:{agency.name}")
        carried, year_end = None, {}
        for year in YEARS:
            end = datetime.date(year, 12, 31)
            if not agency.is_active_on(end):
                continue
            row = stat_row(
                agency=agency,
                rng=rng,
                year=year,
                start=datetime.date(year, 1, 1),
                end=end,
                period_type=PeriodType.YEAR,
                share=1.0,
                carried_over=carried if carried is not None else 0,
            )
            if carried is None:  # the first year's carry-over is unknown: take 1.5 %
                row.carried_over = int(row.received_new * 0.015)
                row.in_progress_on_time += row.carried_over
            carried = year_end[year] = row.in_progress_on_time + row.in_progress_overdue
            rows.append(row)
        carried = year_end.get(QUARTERLY_YEARS[0] - 1)
        for year in QUARTERLY_YEARS:
            for start, end in quarters(year):
                if not agency.is_active_on(end):  # merged-away departments stop at 28/02/2025
                    continue
                row = stat_row(
                    agency=agency,
                    rng=rng,
                    year=year,
                    start=max(start, agency.valid_from or start),
                    end=end,
                    period_type=PeriodType.QUARTER,
                    share=0.25,
                    carried_over=carried or 0,
                )
                carried = row.in_progress_on_time + row.in_progress_overdue
                rows.append(row)
    ProcedureStat.objects.bulk_create(rows, batch_size=1000)
    for group in (demo.departments, demo.districts):
        for year in YEARS:
            rank_rates(group=group, year=year)
    return len(rows)


def _service_band(total: Decimal) -> str:
    return next(name for name, lower in SERVICE_BANDS if total >= lower)


def build_service_scores(demo: DemoProvince) -> int:
    """766 scores per agency per quarter of 2023–2025, ranked in the group, plus the province."""
    if ServiceIndexScore.objects.filter(province=demo.province).exists():
        return 0
    rows = []
    agencies = [a for a in demo.agencies.values() if a.group_id]
    for year in SERVICE_YEARS:
        for q, (start, end) in enumerate(quarters(year), start=1):
            rows += _service_quarter(demo, agencies, year=year, q=q, start=start, end=end)
    ServiceIndexScore.objects.bulk_create(rows, batch_size=1000)
    return len(rows)


def _service_quarter(demo, agencies, *, year, q, start, end) -> list[ServiceIndexScore]:
    """One quarter's 766 scores: each agency active at its end, ranked in its group, and
    the province's mean."""
    rows = []
    by_group: dict[int, list[ServiceIndexScore]] = {}
    for agency in agencies:
        if not agency.is_active_on(end):
            continue
        rng = random.Random(f"{SEED}:766:{agency.name}:{year}:{q}")
        quality = (
            0.78
            + 0.03 * (year - 2023)
            + 0.01 * q
            + random.Random(f"{SEED}:766q:{agency.name}").uniform(-0.08, 0.1)
        )
        parts = {
            name: min(
                Decimal(maximum),
                Decimal(str(round(maximum * min(1.0, max(0.3, quality + rng.gauss(0, 0.07))), 2))),
            )
            for name, maximum in SERVICE_GROUP_MAXIMA.items()
        }
        total = sum(parts.values(), Decimal(0))
        row = ServiceIndexScore(
            province=demo.province,
            agency=agency,
            group=agency.group,
            period_type=PeriodType.QUARTER,
            period_start=start,
            period_end=end,
            total=total,
            band=_service_band(total),
            source=SOURCE,
            is_illustrative=True,
            **parts,
        )
        by_group.setdefault(agency.group_id, []).append(row)
        rows.append(row)
    for members in by_group.values():
        ranks = rank_values([(i, r.total) for i, r in enumerate(members)])
        for i, row in enumerate(members):
            row.rank, row.group_size = ranks[i], len(members)
    quarter_rows = [r for members in by_group.values() for r in members]
    if quarter_rows:
        mean = {
            name: sum((getattr(r, name) for r in quarter_rows), Decimal(0)) / len(quarter_rows)
            for name in SERVICE_GROUP_MAXIMA
        }
        parts = {name: value.quantize(Decimal("0.01")) for name, value in mean.items()}
        rows.append(_province_row(demo, PeriodType.QUARTER, start, end, parts))
    return rows


def _province_row(demo, period_type, start, end, parts, **ranked) -> ServiceIndexScore:
    """The province's own 766 row of a period (no agency), its total and band from `parts`."""
    total = sum(parts.values(), Decimal(0))
    return ServiceIndexScore(
        province=demo.province,
        period_type=period_type,
        period_start=start,
        period_end=end,
        total=total,
        band=_service_band(total),
        source=SOURCE,
        is_illustrative=True,
        **ranked,
        **parts,
    )


def build_latest_week(demo: DemoProvince, cycle: Cycle) -> int:
    """The portal's latest weekly 766 ranking as of the day of loading (once: a later
    reload keeps the week it made), then every period still unranked is ranked, each bloc
    apart (`service_index.rank_missing`)."""
    rows = []
    if not ServiceIndexScore.objects.filter(
        province=demo.province, period_type=ServicePeriodType.WEEK
    ).exists():
        agencies = [a for a in demo.agencies.values() if a.group_id]
        rows = _service_week(demo, agencies, today=cycle.now.date())
        ServiceIndexScore.objects.bulk_create(rows, batch_size=1000)
    rank_missing(province_id=demo.province.pk)
    return len(rows)


def _service_week(demo: DemoProvince, agencies: list[Agency], *, today) -> list[ServiceIndexScore]:
    """One week of the portal's weekly 766 ranking (the last full week before `today`):
    every sở and commune active then, a 2-point technical deduction for some, and the
    province's own rank among the 34 provinces."""
    start = today - datetime.timedelta(days=today.weekday() + 7)  # Monday of the week before
    end = start + datetime.timedelta(days=6)
    rows = []
    for agency in agencies:
        if not agency.is_active_on(end):
            continue
        rng = random.Random(f"{SEED}:766w:{agency.name}")
        parts = {
            name: Decimal(str(round(maximum * rng.uniform(0.72, 1.0), 2)))
            for name, maximum in SERVICE_GROUP_MAXIMA.items()
        }
        deduction = WEEKLY_DEDUCTION if rng.random() < 0.15 else Decimal(0)
        total = sum(parts.values(), Decimal(0)) - deduction
        rows.append(
            ServiceIndexScore(
                province=demo.province,
                agency=agency,
                group_id=agency.group_id,
                period_type=ServicePeriodType.WEEK,
                period_start=start,
                period_end=end,
                deduction=deduction,
                total=total,
                band=_service_band(total),
                source=SOURCE,
                is_illustrative=True,
                **parts,
            )
        )
    parts = {
        name: Decimal(maximum) * Decimal("0.9") for name, maximum in SERVICE_GROUP_MAXIMA.items()
    }
    rows.append(
        _province_row(
            demo,
            ServicePeriodType.WEEK,
            start,
            end,
            parts,
            rank=PROVINCE_WEEKLY_RANK,
            group_size=PROVINCES,
        )
    )
    return rows


def build_open_year_figures(demo: DemoProvince, cycle: Cycle) -> int:
    """Dossier counts and 766 scores of the open year's quarters that ended by the day of
    loading, for a demo loaded after the fixed series: criteria bound to these figures
    (`demo.criteria_tree`) then compute points in the open year on any date. Once only."""
    year, today = cycle.year, cycle.now.date()
    ended = [(start, end) for start, end in quarters(year) if end < today]
    if year in QUARTERLY_YEARS or not ended:
        return 0
    if ProcedureStat.objects.filter(agency__province=demo.province, year=year).exists():
        return 0
    agencies = [a for a in demo.agencies.values() if a.group_id]
    stats = []
    for agency in agencies:
        rng = random.Random(f"{SEED}:procedures:{agency.name}:{year}")
        last = (
            ProcedureStat.objects.filter(agency=agency, period_end__lt=ended[0][0])
            .order_by("-period_end")
            .first()
        )
        carried = (last.in_progress_on_time + last.in_progress_overdue) if last else 0
        for start, end in ended:
            if not agency.is_active_on(end):
                continue
            row = stat_row(
                agency=agency, rng=rng, year=year, start=start, end=end,
                period_type=PeriodType.QUARTER, share=0.25, carried_over=carried,
            )  # fmt: skip
            carried = row.in_progress_on_time + row.in_progress_overdue
            stats.append(row)
    ProcedureStat.objects.bulk_create(stats, batch_size=1000)
    scores = []
    if year not in SERVICE_YEARS:
        for q, (start, end) in enumerate(ended, start=1):
            scores += _service_quarter(demo, agencies, year=year, q=q, start=start, end=end)
        ServiceIndexScore.objects.bulk_create(scores, batch_size=1000)
    return len(stats) + len(scores)
