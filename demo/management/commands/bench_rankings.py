"""Benchmark of the ranking recompute:
`manage.py bench_rankings [--agencies N] [--years Y] [--criteria C]`.

Builds synthetic data in its own throwaway database (the configured database's test copy:
`<name>_bench` on PostgreSQL, in memory on SQLite; never the real one), then prints the
time of one year's recompute beside the time of one bare SQL aggregate over the same score
rows, their ratio, and the number of queries at two group sizes (they must be equal).
Recomputes are timed after one agency's score changed: the usual one sums that report
again (the triggers marked it), the full one (`--full`, nightly, publication) every report.
The default is near national scale: 4.000 agencies × 10 years × 90 sub-criteria =
3,6 million score rows. `run_bench` is importable for `make bench`.
"""

import datetime
import time
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import connection, reset_queries
from django.test.utils import CaptureQueriesContext

from agencies.models import Agency, AgencyGroup, Province
from demo.benchmarking import throwaway_database
from indicators.models import (
    AnnualReport,
    Band,
    Criterion,
    CriterionScore,
    Framework,
    SurveyComponent,
    SurveyScore,
)
from indicators.models.reports import SCORE_STAGES
from indicators.publishing import publish
from indicators.ranking import insert_select, recompute

FIELDS = 8


def _build_framework(group, year, criteria) -> Framework:
    framework = Framework.objects.create(
        province=group.province,
        group=group,
        year=year,
        name=f"Bộ chỉ số {group.code} {year}",
        is_open=True,
    )
    Band.objects.bulk_create(
        Band(framework=framework, name=name, lower=Decimal(lower), order=i)
        for i, (name, lower) in enumerate(
            [("Xuất sắc", 90), ("Tốt", 80), ("Khá", 70), ("Trung bình", 50), ("Yếu", 0)]
        )
    )
    fields = Criterion.objects.bulk_create(
        Criterion(
            framework=framework,
            level=Criterion.Level.FIELD,
            code=str(f + 1),
            name=f"Lĩnh vực {f + 1}",
            max_points=Decimal("0"),
            order=f * 1000,
        )
        for f in range(FIELDS)
    )
    for field in fields:
        field.field_id = field.pk
    Criterion.objects.bulk_update(fields, ["field"])
    # Leaf maxima 0,5–1,5 points, 60 in all for 90 leaves, like a provincial framework.
    Criterion.objects.bulk_create(
        Criterion(
            framework=framework,
            parent=fields[i % FIELDS],
            field=fields[i % FIELDS],
            level=Criterion.Level.SUB_CRITERION,
            code=f"{i % FIELDS + 1}.{i}",
            name=f"Tiêu chí {i}",
            max_points=Decimal(("0.50", "0.75", "1.00", "1.25", "1.50")[i % 5]),
            order=(i % FIELDS) * 1000 + i + 1,
        )
        for i in range(criteria)
    )
    SurveyComponent.objects.bulk_create(
        [
            SurveyComponent(
                framework=framework,
                code=SurveyComponent.Code.CCHC_SURVEY,
                name="ĐTXHH",
                max_points=Decimal("32"),
                order=1,
            ),
            SurveyComponent(
                framework=framework,
                code=SurveyComponent.Code.SATISFACTION,
                name="MĐHL",
                max_points=Decimal("8"),
                order=2,
            ),
        ]
    )
    return framework


def _build_scores(framework, agencies) -> None:
    AnnualReport.objects.bulk_create(
        (
            AnnualReport(framework=framework, agency=a, status=AnnualReport.Status.APPRAISED)
            for a in agencies
        ),
        batch_size=2000,
    )
    # Deterministic pseudo-random points in [0, max]; a third of the rows have no final
    # score yet (appraisal is used) and about 2 % are not applicable.
    frac = "(((r.id * 37 + c.id * 101) %% 97) / 96.0)"
    insert_select(
        CriterionScore,
        {
            "report": "r.id",
            "criterion": "c.id",
            "max_points": "c.max_points",
            "not_applicable": "((r.id + c.id) %% 50 = 0)",
            "self_score": "c.max_points",
            "appraised_score": f"ROUND(c.max_points * {frac}, 2)",
            "final_score": (
                f"CASE WHEN r.id %% 3 = 0 THEN NULL ELSE ROUND(c.max_points * {frac}, 2) END"
            ),
        },
        f"FROM {AnnualReport._meta.db_table} r CROSS JOIN {Criterion._meta.db_table} c "
        "WHERE r.framework_id = %s AND c.framework_id = %s AND c.level = %s",
        [framework.pk, framework.pk, Criterion.Level.SUB_CRITERION],
    )
    insert_select(
        SurveyScore,
        {
            "report": "r.id",
            "component": "k.id",
            "max_points": "k.max_points",
            "points": "ROUND(k.max_points * (0.6 + ((r.id * 13 + k.id * 7) %% 41) / 100.0), 2)",
        },
        f"FROM {AnnualReport._meta.db_table} r CROSS JOIN {SurveyComponent._meta.db_table} k "
        "WHERE r.framework_id = %s AND k.framework_id = %s",
        [framework.pk, framework.pk],
    )


def _bare_aggregate(framework, *, by_field=False) -> float:
    """One plain GROUP BY over the same score rows: the floor a recompute is compared with.

    `by_field`: the per-(report, field) sums the recompute needs for component indices,
    written the obvious way; otherwise the per-report total only.
    """
    field = ", c.field_id" if by_field else ""
    points = ", ".join(f"s.{stage}" for stage in SCORE_STAGES)  # the score that counts
    sql = (
        f"SELECT s.report_id{field}, SUM(COALESCE({points})) "
        f"FROM {CriterionScore._meta.db_table} s "
        f"JOIN {AnnualReport._meta.db_table} r ON r.id = s.report_id "
        + (f"JOIN {Criterion._meta.db_table} c ON c.id = s.criterion_id " if by_field else "")
        + f"WHERE r.framework_id = %s GROUP BY s.report_id{field}"
    )
    with connection.cursor() as cursor:
        start = time.perf_counter()
        cursor.execute(sql, [framework.pk])
        cursor.fetchall()
        return time.perf_counter() - start


def _best(fn, repeat=3) -> float:
    return min(fn() for _ in range(repeat))


def _touch(report_id: int) -> None:
    """Change one score of a report, as a reappraisal would."""
    score = (
        CriterionScore.objects.filter(report_id=report_id, not_applicable=False)
        .order_by("pk")
        .first()
    )
    new = Decimal("0") if (score.final_score or 0) > 0 else score.max_points
    CriterionScore.objects.filter(pk=score.pk).update(final_score=new)


def _timed_recompute(framework, *, touch: int | None = None, full: bool = False) -> float:
    """Time one recompute; with `touch`, first change one score of that report (untimed).
    `full`: sum every report again, not only the one the change marked."""
    if touch is not None:
        _touch(touch)
    start = time.perf_counter()
    recompute(framework=framework, full=full)
    return time.perf_counter() - start


def _populate(*, agencies, years, criteria, write) -> tuple[Framework, Framework]:
    province = Province.objects.create(code="BENCH", name="Tỉnh thử tải")
    big = AgencyGroup.objects.create(
        province=province, code="xa", name="Khối xã", kind=AgencyGroup.Kind.COMMUNE
    )
    small = AgencyGroup.objects.create(
        province=province, code="so", name="Khối sở", kind=AgencyGroup.Kind.DEPARTMENT
    )
    small_n = max(agencies // 10, 5)
    Agency.objects.bulk_create(
        [
            Agency(
                province=province,
                group=big,
                name=f"Xã {i}",
                kind=Agency.Kind.COMMUNE,
                is_ranked=i % 50 != 0,
            )
            for i in range(agencies)
        ]
        + [
            Agency(province=province, group=small, name=f"Sở {i}", kind=Agency.Kind.DEPARTMENT)
            for i in range(small_n)
        ],
        batch_size=2000,
    )
    members = {g.pk: list(Agency.objects.filter(group=g)) for g in (big, small)}
    last_year = 2016 + years - 1
    latest = {}
    for year in range(2016, last_year + 1):
        for group in (big, small):
            framework = _build_framework(group, year, criteria)
            _build_scores(framework, members[group.pk])
            latest[group.pk] = framework
        write(f"  năm {year}: {agencies + small_n} đơn vị × {criteria} tiêu chí")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    # Last year's results exist, so the timed recompute also reads previous ranks.
    for group in (big, small):
        previous = Framework.objects.filter(group=group, year=last_year - 1).first()
        if previous:
            recompute(framework=previous)
    return latest[big.pk], latest[small.pk]


def run_bench(*, agencies: int = 4000, years: int = 10, criteria: int = 90, write=print) -> dict:
    """Build the synthetic database, measure, destroy it; returns the numbers printed."""
    with throwaway_database():
        return _measure(agencies=agencies, years=years, criteria=criteria, write=write)


def _measure(*, agencies, years, criteria, write) -> dict:
    write(f"Cơ sở dữ liệu thử: {connection.vendor} ({connection.settings_dict['NAME']})")
    start = time.perf_counter()
    big, small = _populate(agencies=agencies, years=years, criteria=criteria, write=write)
    rows = CriterionScore.objects.count()
    built = f"{rows:,}".replace(",", ".")
    write(f"Dựng dữ liệu: {built} dòng điểm trong {time.perf_counter() - start:.1f} s")

    first = _timed_recompute(big)  # creates and writes every result row
    aggregate = _best(lambda: _bare_aggregate(big))
    by_field = _best(lambda: _bare_aggregate(big, by_field=True))
    report_ids = iter(big.reports.order_by("pk").values_list("pk", flat=True)[:6])
    steady = _best(lambda: _timed_recompute(big, touch=next(report_ids)))
    full = _best(lambda: _timed_recompute(big, touch=next(report_ids), full=True))
    queries = {}
    recompute(framework=small)
    for label, framework in (("lớn", big), ("nhỏ", small)):
        _touch(framework.reports.order_by("-pk").values_list("pk", flat=True).first())  # both write
        reset_queries()
        with CaptureQueriesContext(connection) as captured:
            recompute(framework=framework)
        queries[label] = (framework.reports.count(), len(captured))
    # A publication writes every report and result of the group: its statements must not
    # grow with the group either (after the results above, the small group first).
    user = get_user_model().objects.create_user("bench-publisher", password="bench-password-0")
    published = {}
    for label, framework in (("nhỏ", small), ("lớn", big)):
        start = time.perf_counter()
        with CaptureQueriesContext(connection) as captured:
            publish(
                framework=framework,
                decision_no=f"{framework.pk}/QĐ-UBND",
                decision_date=datetime.date(2025, 12, 26),
                user=user,
            )
        published[label] = (framework.reports.count(), len(captured), time.perf_counter() - start)
    result = {
        "vendor": connection.vendor,
        "score_rows": rows,
        "year_rows": CriterionScore.objects.filter(report__framework=big).count(),
        "aggregate_s": aggregate,
        "aggregate_by_field_s": by_field,
        "ratio_by_field": steady / by_field if by_field else None,
        "recompute_first_s": first,
        "recompute_s": steady,
        "ratio": steady / aggregate if aggregate else None,
        "recompute_full_s": full,
        "ratio_full": full / aggregate if aggregate else None,
        "queries": queries,
        "publish": published,
    }
    year_rows = f"{result['year_rows']:,}".replace(",", ".")
    write(f"Một năm, khối {queries['lớn'][0]} đơn vị, {year_rows} dòng điểm (tốt nhất / 3 lần):")
    write(f"  SQL thuần: tổng theo báo cáo            : {aggregate * 1000:8.1f} ms")
    write(f"  SQL thuần: tổng theo báo cáo × lĩnh vực : {by_field * 1000:8.1f} ms")
    write(
        f"  tính lại, lần đầu (ghi mọi dòng)        : {first * 1000:8.1f} ms  "
        f"(tỉ lệ {first / aggregate:.2f})"
    )
    write(
        f"  tính lại sau khi sửa điểm một đơn vị    : {steady * 1000:8.1f} ms  "
        "(chỉ cộng lại báo cáo đã sửa)"
    )
    write(f"  tỉ lệ / tổng theo báo cáo               : {result['ratio']:8.2f}  (mục tiêu ≤ 1.5)")
    write(f"  tỉ lệ / tổng theo báo cáo × lĩnh vực    : {result['ratio_by_field']:8.2f}")
    write(
        f"  tính lại toàn bộ (--full, hằng đêm)     : {full * 1000:8.1f} ms  "
        f"(tỉ lệ {result['ratio_full']:.2f})"
    )
    write(
        "  số truy vấn mỗi lần tính lại: "
        + "; ".join(f"{n} đơn vị → {q}" for n, q in queries.values())
    )
    write(
        "  công bố kết quả (trạng thái, bản công bố, lịch sử): "
        + "; ".join(f"{n} đơn vị → {q} truy vấn, {s:.1f} s" for n, q, s in published.values())
    )
    return result


class Command(BaseCommand):
    help = (
        "Đo thời gian tính lại xếp hạng trên dữ liệu tổng hợp "
        "(cơ sở dữ liệu tạm, tự xóa sau khi đo)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--agencies", type=int, default=4000)
        parser.add_argument("--years", type=int, default=10)
        parser.add_argument("--criteria", type=int, default=90)

    def handle(self, *args, agencies, years, criteria, **options):
        started = datetime.datetime.now()
        run_bench(
            agencies=agencies,
            years=max(years, 1),
            criteria=max(criteria, FIELDS),
            write=self.stdout.write,
        )
        self.stdout.write(f"Xong sau {(datetime.datetime.now() - started).total_seconds():.1f} s")
