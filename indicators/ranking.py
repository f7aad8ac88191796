"""Rankings: index results of a group for a year, and dossier-rate rankings.

`recompute` is set-based: a fixed number of statements whatever the number of agencies,
all inside one transaction so a reader never sees half-written ranks. `indicators.totals`
writes the scored columns of the reports whose inputs changed (database triggers mark
them; on PostgreSQL one aggregate returns only the rows that changed); then one read of
light columns gives ranks, bands and previous ranks for the whole group, and one UPDATE
fed by a JSON document writes the rows whose ranks changed. Published values
(`published_*`) are never touched: the recomputed value sits beside them.
"""

import datetime
import logging
import time
from collections import defaultdict
from collections.abc import Hashable, Iterable
from decimal import Decimal

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Q, prefetch_related_objects
from django.utils import timezone

from agencies.models import Agency, AgencyLineage, Province

from . import dossiers
from .bulk import update_rows
from .models import (
    AnnualReport,
    Framework,
    IndexResult,
    ProcedureStat,
    RankingRun,
    RateResult,
)
from .scoring import PCT_PLACES, band_of, percent
from .tasks.alerts import queue_alert_check
from .totals import mark_pending, write_totals

logger = logging.getLogger(__name__)

DEFAULT_TOLERANCE = Decimal("0.001")
# Published and recomputed indices differing by more than this are flagged.
DISCREPANCY = Decimal("0.01")
LOCK_NAMESPACE = 3  # first key of pg_advisory_xact_lock(namespace, framework id)
LOST_RUN = (
    "Lượt tính bị dừng giữa chừng (tiến trình xử lý đã dừng); kết quả trước đó được giữ nguyên."
)
Policy = Framework.TiePolicy


def _key_order(key):
    return (0, key) if isinstance(key, int | float | Decimal) else (1, str(key))


def rank_values(
    items: Iterable[tuple[Hashable, Decimal]],
    *,
    policy: str = Policy.COMPETITION,
    tolerance: Decimal = DEFAULT_TOLERANCE,
) -> dict[Hashable, int]:
    """Ranks (1 = best) of `(key, value)` pairs, higher value first.

    - competition ("1224"): values within `tolerance` of the first value of their tie group
      share its rank, and the next rank is skipped;
    - dense ("1223"): the same groups, without skipping;
    - ordinal ("1234"): by unrounded value; exact ties broken by key, so the result never
      depends on the input order.
    Tie groups are anchored on their best value, so a chain of values each within the
    tolerance of the next does not merge into one long tie.
    """
    decimals = ((k, v if isinstance(v, Decimal) else Decimal(str(v))) for k, v in items)
    ordered = sorted(decimals, key=lambda kv: (-kv[1], _key_order(kv[0])))
    ranks: dict[Hashable, int] = {}
    leader: Decimal | None = None
    current = groups = 0
    for position, (key, value) in enumerate(ordered, start=1):
        if policy == Policy.ORDINAL:
            ranks[key] = position
            continue
        if leader is None or leader - value > tolerance:
            leader, groups = value, groups + 1
            current = position if policy == Policy.COMPETITION else groups
        ranks[key] = current
    return ranks


def ranking_value(*, from_report: bool, total, maximum, index_pct, published_pct) -> Decimal | None:
    """The value an agency is ranked on: from a report, the unrounded index of its summed
    points; imported without a report, what the importer stored (else the published %)."""
    if from_report:
        return percent(total, maximum)
    return index_pct if index_pct is not None else published_pct


def standings(
    values: Iterable[tuple[Hashable, bool, Decimal | None]], *, policy: str, tolerance: Decimal
) -> tuple[dict[Hashable, int], int]:
    """(ranks, number ranked) of `(key, is ranked, ranking value)` rows: agencies scored but
    not ranked, and those without a value, take no rank and leave the group's size."""
    ranked = [(key, value) for key, is_ranked, value in values if is_ranked and value is not None]
    return rank_values(ranked, policy=policy, tolerance=tolerance), len(ranked)


def _previous_results(
    framework, agency_ids: set[int]
) -> dict[int, tuple[int | None, Decimal | None]]:
    """{agency_id: (previous shown rank, previous shown index)} for this year's agencies.

    From the same agency's result in last year's framework of the group; when the framework
    says a merger continues the series, an agency without its own result takes its
    predecessor's, if exactly one predecessor has one (or one was a plain rename). Otherwise
    none: a new entity's scores are not pretended to be continuous (domain brief §7).
    """
    previous = Framework.objects.filter(
        province_id=framework.province_id, group_id=framework.group_id, year=framework.year - 1
    ).first()
    if previous is None:
        return {}
    shown = {
        agency_id: (
            published_rank if published_rank is not None else rank,
            published_pct if published_pct is not None else pct,
        )
        for agency_id, rank, published_rank, pct, published_pct in IndexResult.objects.filter(
            framework=previous
        )
        .order_by()
        .values_list("agency_id", "rank", "published_rank", "index_pct", "published_index_pct")
    }
    result = {agency_id: shown[agency_id] for agency_id in agency_ids if agency_id in shown}
    if not framework.continues_across_merger:
        return result
    edges = defaultdict(list)
    for successor_id, predecessor_id, relation in (
        AgencyLineage.objects.filter(successor__province_id=framework.province_id)
        .order_by()
        .values_list("successor_id", "predecessor_id", "relation")
    ):
        if predecessor_id in shown:
            edges[successor_id].append((predecessor_id, relation))
    for agency_id in agency_ids - result.keys():
        candidates = edges.get(agency_id, [])
        renames = [p for p, relation in candidates if relation == AgencyLineage.Relation.RENAME]
        if len(candidates) == 1:
            result[agency_id] = shown[candidates[0][0]]
        elif len(renames) == 1:
            result[agency_id] = shown[renames[0]]
    return result


# --- Writing (constant number of statements) -----------------------------------------------


def insert_select(model, expressions: dict[str, str], source_sql: str, params: list) -> None:
    """INSERT INTO model (every column) SELECT <expression, or the field's default> <source_sql>.

    One statement whatever the number of rows; columns not in `expressions` get their
    model defaults, so a new field never breaks the statement.
    """
    columns, values, defaults = [], [], []
    for model_field in model._meta.concrete_fields:
        if model_field.primary_key:
            continue
        columns.append(connection.ops.quote_name(model_field.column))
        if model_field.name in expressions:
            values.append(expressions[model_field.name])
        else:
            values.append("%s")
            defaults.append(model_field.get_db_prep_save(model_field.get_default(), connection))
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {model._meta.db_table} ({', '.join(columns)}) "
            f"SELECT {', '.join(values)} {source_sql}",
            [*defaults, *params],
        )


def _insert_missing_results(framework) -> None:
    """One INSERT … SELECT: a result row for every report that has none yet."""
    table = IndexResult._meta.db_table
    insert_select(
        IndexResult,
        {"framework": "r.framework_id", "agency": "r.agency_id", "report": "r.id"},
        f"FROM {AnnualReport._meta.db_table} r WHERE r.framework_id = %s AND NOT EXISTS "
        f"(SELECT 1 FROM {table} x WHERE x.framework_id = r.framework_id "
        "AND x.agency_id = r.agency_id)",
        [framework.pk],
    )


RANKED = [
    "band",
    "rank",
    "group_size",
    "previous_rank",
    "previous_index_pct",
    "rank_change",
    "has_discrepancy",
]


def _update_results(payload: list[dict], columns: list[str], computed_at) -> None:
    """One UPDATE of `columns` of the results in `payload`, stamped `computed_at`."""
    update_rows(IndexResult, payload, columns, computed_at=computed_at)


def _pct_text(value: Decimal | None) -> str | None:
    return None if value is None else str(value.quantize(PCT_PLACES))


def _recompute_rows(framework, *, full: bool) -> int:
    computed_at = timezone.now()
    reports = dict(
        AnnualReport.objects.filter(framework=framework).order_by().values_list("agency_id", "id")
    )
    if not full:  # a full recompute sums every report, marked or not
        mark_pending(framework)
    _insert_missing_results(framework)
    write_totals(
        framework,
        reports=reports,
        computed_at=computed_at,
        update_rows=_update_results,
        everything=full,
    )
    results = (
        IndexResult.objects.filter(framework=framework)
        .order_by()
        .values_list(
            "id",
            "agency_id",
            "agency__is_ranked",
            "total_points",
            "applicable_max",
            "index_pct",
            "published_index_pct",
            "published_rank",
            "components",
            *RANKED,
        )
    )
    bands = [band.rule for band in framework.bands.all()]
    rows, values = {}, []
    for (
        pk,
        agency_id,
        is_ranked,
        total,
        maximum,
        index_pct,
        published_pct,
        published_rank,
        components,
        *stored,
    ) in results:
        value = ranking_value(
            from_report=agency_id in reports,
            total=total,
            maximum=maximum,
            index_pct=index_pct,
            published_pct=published_pct,
        )
        # Discrepancies use the unrounded index; bands the stored 4-decimal one.
        recomputed = value if agency_id in reports else index_pct
        shown = index_pct if agency_id in reports else value
        discrepancy = (
            recomputed is not None
            and published_pct is not None
            and abs(published_pct - recomputed) > DISCREPANCY
        )
        rows[agency_id] = (
            pk,
            published_rank,
            band_of(shown, bands, components),
            discrepancy,
            tuple(stored),
        )
        values.append((agency_id, is_ranked, value))

    ranks, ranked_count = standings(
        values, policy=framework.tie_policy, tolerance=framework.tie_tolerance
    )
    previous = _previous_results(framework, set(rows))
    changed = []
    for agency_id, (pk, published_rank, band, discrepancy, stored) in rows.items():
        rank = ranks.get(agency_id)
        previous_rank, previous_pct = previous.get(agency_id, (None, None))
        # The change the dashboard shows: against the published rank where there is one.
        shown_rank = published_rank or rank
        new = (
            band,
            rank,
            ranked_count if rank else None,
            previous_rank,
            previous_pct,
            previous_rank - shown_rank if previous_rank and shown_rank and rank else None,
            discrepancy,
        )
        # Only rows whose values changed are written (with their computed_at): after one
        # agency's correction most of the group keeps its numbers. Values compare as the
        # database returns them (Decimal == Decimal); only written rows become text.
        if new != stored:
            changed.append(
                {
                    "id": pk,
                    **dict(zip(RANKED, new, strict=True)),
                    "previous_index_pct": _pct_text(previous_pct),
                }
            )
    _update_results(changed, RANKED, computed_at)
    return len(rows)


def recompute(*, framework: Framework, full: bool = False) -> RankingRun:
    """Recompute every result of `framework`'s group and year; record the run.

    Totals are summed again for the reports whose inputs changed (`indicators.totals`);
    `full` sums every report, as publication and the nightly run do. Ranks, bands and
    previous ranks are always recomputed for the whole group. Idempotent. Everything is
    written in one transaction; a failure leaves the previous results in place and a
    FAILED run with the error.
    """
    started = timezone.now()
    clock = time.perf_counter()
    run = RankingRun.objects.create(
        province_id=framework.province_id,
        group_id=framework.group_id,
        year=framework.year,
        status=RankingRun.Status.RUNNING,
        queued_at=started,
        started_at=started,
    )
    # A run still unfinished after the longest a task may live died with its worker (its
    # transaction rolled back); the history says so instead of "running" for ever.
    RankingRun.objects.filter(
        group_id=framework.group_id,
        year=framework.year,
        status__in=[RankingRun.Status.QUEUED, RankingRun.Status.RUNNING],
        queued_at__lt=started - datetime.timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT),
    ).update(status=RankingRun.Status.FAILED, finished_at=started, error=LOST_RUN)
    # Only a transaction of our own may skip the WAL flush (never a caller's, e.g. a publication).
    async_commit = connection.vendor == "postgresql" and not connection.in_atomic_block
    try:
        with transaction.atomic():
            if connection.vendor == "postgresql":
                # Recomputes of one group run one after the other: a transaction-scoped
                # advisory lock, not a row lock, so a request marking the framework stale
                # never waits for a running recompute. Results are derived and
                # recomputable, so our own transaction also skips waiting for its WAL
                # flush; the run record saved next commits synchronously, which flushes
                # this commit too, so a DONE run never outlives lost results.
                with connection.cursor() as cursor:
                    cursor.execute(
                        "SELECT pg_advisory_xact_lock(%s, %s), set_config('synchronous_commit', "
                        "CASE WHEN %s THEN 'off' ELSE current_setting('synchronous_commit') END, "
                        "true)",
                        [LOCK_NAMESPACE, framework.pk, async_commit],
                    )
            locked = Framework.objects.get(pk=framework.pk)  # fresh tie policy and bands
            prefetch_related_objects([locked], "bands")
            rows = _recompute_rows(locked, full=full)
            Province.objects.filter(pk=framework.province_id).bump_data_version()
    except Exception as exc:
        run.status, run.error = RankingRun.Status.FAILED, f"{type(exc).__name__}: {exc}"[:2000]
        run.finished_at = timezone.now()
        run.duration_ms = int((time.perf_counter() - clock) * 1000)
        run.save(update_fields=["status", "error", "finished_at", "duration_ms"])
        logger.exception("Recompute of framework %s failed", framework.pk)
        raise
    run.status, run.rows = RankingRun.Status.DONE, rows
    run.finished_at = timezone.now()
    run.duration_ms = int((time.perf_counter() - clock) * 1000)
    run.save(update_fields=["status", "rows", "finished_at", "duration_ms"])
    # New results may cross the province's alert thresholds: evaluated once they commit.
    queue_alert_check(province_id=framework.province_id, year=framework.year)
    return run


# --- Dossier-rate rankings ------------------------------------------------------------------


def rank_rates(*, group, year: int) -> int:
    """Rank the group's agencies by on-time and online dossier rates for `year`.

    Replaces the group's RateResult rows of that year; returns how many were written.
    """
    members = Agency.objects.in_group(group, year=year)
    stats = list(ProcedureStat.objects.for_year(year).filter(agency__in=members).order_by())
    ranked_agencies = set(
        Agency.objects.filter(pk__in={s.agency_id for s in stats}, is_ranked=True).values_list(
            "pk", flat=True
        )
    )
    # A yearly stat where the agency has one, else its quarters (or months) combined.
    figures = dossiers.year_stats(stats)
    tolerance, policy = DEFAULT_TOLERANCE, Policy.COMPETITION
    framework = Framework.objects.filter(group=group, year=year).first()
    if framework is not None:
        tolerance, policy = framework.tie_tolerance, framework.tie_policy
    # The formulas live in indicators.dossiers (one definition in the codebase); the
    # on-time rate uses each stat's own formula, 766 by default.
    metrics = {
        RateResult.Metric.ON_TIME: dossiers.on_time_rate,
        RateResult.Metric.ONLINE: dossiers.online_submission_rate,
    }
    new_rows = []
    for metric, rate_of in metrics.items():
        rates = {}
        for agency_id, figure in figures:
            rate = rate_of(figure)
            if (
                rate is None or rate.numerator > rate.denominator
            ):  # unreported or inconsistent counts
                continue
            rates[agency_id] = (rate, agency_id in ranked_agencies)
        ranked = [
            (agency_id, rate.pct) for agency_id, (rate, is_ranked) in rates.items() if is_ranked
        ]
        ranks = rank_values(ranked, policy=policy, tolerance=tolerance)
        for agency_id, (rate, _) in rates.items():
            new_rows.append(
                RateResult(
                    agency_id=agency_id,
                    group=group,
                    year=year,
                    metric=metric,
                    numerator=rate.numerator,
                    denominator=rate.denominator,
                    rate_pct=rate.pct,
                    formula=rate.formula_name[:32],
                    rank=ranks.get(agency_id),
                    group_size=len(ranked) if agency_id in ranks else None,
                )
            )
    with transaction.atomic():
        # Unique per (agency, year, metric): also clear rows left under an agency's old group.
        RateResult.objects.filter(year=year).filter(
            Q(group=group) | Q(agency_id__in={s.agency_id for s in stats})
        ).delete()
        RateResult.objects.bulk_create(new_rows)
        Province.objects.filter(pk=group.province_id).bump_data_version()
    return len(new_rows)
