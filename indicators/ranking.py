"""Rankings: index results of a group for a year, and dossier-rate rankings.

`recompute` is set-based: a fixed number of statements whatever the number of agencies
(one aggregate over the score rows grouped by report and field, one over survey rows,
one INSERT … SELECT for missing result rows and one UPDATE fed by a JSON document), all
inside one transaction so a reader never sees half-written ranks. Published values
(`published_*`) are never touched: the recomputed value sits beside them.
"""

import json
import logging
import time
from collections import defaultdict
from collections.abc import Hashable, Iterable
from decimal import Decimal

from django.db import connection, transaction
from django.db.models import BigIntegerField, Q, Sum, Value, prefetch_related_objects
from django.db.models.functions import Cast, Coalesce, Round
from django.utils import timezone

from agencies.models import AgencyLineage

from . import dossiers
from .models import (
    AnnualReport,
    Criterion,
    CriterionScore,
    Framework,
    IndexResult,
    ProcedureStat,
    RankingRun,
    RateResult,
    SurveyComponent,
    SurveyScore,
)
from .scoring import PCT_PLACES, ZERO, percent

logger = logging.getLogger(__name__)

DEFAULT_TOLERANCE = Decimal("0.001")
# Published and recomputed indices differing by more than this are flagged (issue 3).
DISCREPANCY = Decimal("0.01")
LOCK_NAMESPACE = 3  # first key of pg_advisory_xact_lock(namespace, framework id); issue 3
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


def _pct(value: Decimal | None) -> str | None:
    return None if value is None else str(value.quantize(PCT_PLACES))


# The scored columns are computed in integer cents: the sums arrive as exact cents from
# SQL, and formatting an int is ~20× cheaper than quantizing a Decimal, which mattered at
# 4.000 reports × 8 fields (issue 9). Results equal the Decimal arithmetic of scoring.py.


def _cents_text(cents: int) -> str:
    """1250 → "12.50", as a DecimalField(decimal_places=2) value."""
    sign, cents = ("-", -cents) if cents < 0 else ("", cents)
    return f"{sign}{cents // 100}.{cents % 100:02d}"


def _pct_e4(points: int, maximum: int) -> int | None:
    """100 × points ÷ maximum in units of 0,0001 %, rounded half-even like `_pct`."""
    if not maximum:
        return None
    quotient, remainder = divmod(points * 1_000_000, maximum)
    if 2 * remainder > maximum or (2 * remainder == maximum and quotient % 2):
        quotient += 1
    return quotient


def _e4_text(value: int | None) -> str | None:
    if value is None:
        return None
    sign, value = ("-", -value) if value < 0 else ("", value)
    return f"{sign}{value // 10_000}.{value % 10_000:04d}"


def _e4(value: Decimal) -> int:
    """A Decimal percentage in units of 0,0001 % (as stored, half-even)."""
    return int(value.quantize(PCT_PLACES) * 10_000)


# --- Reading the inputs (one query each) ---------------------------------------------------


def _leaf_maxima(framework) -> tuple[dict, dict]:
    """({field_id: Σ max of the field's leaves, in cents}, {criterion id: code}) for the framework.

    A leaf is a criterion without children; leaves without a field are keyed None.
    """
    rows = list(
        Criterion.objects.filter(framework=framework).values_list("id", "parent_id", "field_id", "code", "max_points")
    )
    parents = {parent_id for _, parent_id, _, _, _ in rows if parent_id}
    maxima: dict = defaultdict(int)
    for pk, _, field_id, _, maximum in rows:
        if pk not in parents:
            maxima[field_id] += int(maximum * 100)
    return dict(maxima), {pk: code for pk, _, _, code, _ in rows}


POINTS_EXPR = Coalesce("final_score", "appraised_score_r2", "appraised_score", "self_score", Value(ZERO))


def _in_cents(total) -> Cast:
    """ROUND(Σ × 100) as an integer: exact cents on both backends. PostgreSQL sums numerics
    exactly; SQLite sums floats, whose error on a sum of 2-decimal points is far below a
    cent. Integers also cross the driver much faster than Decimals."""
    return Cast(Round(total * Value(100)), BigIntegerField())


def _raw_rows(query) -> list[tuple]:
    """Rows of an ORM query without Django's per-value converters (they cost more than the sums)."""
    sql, params = query.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _score_sums(framework, fields: list, report_ids: list[int]) -> dict:
    """{report_id: {field_id: (points, not-applicable max)}} in cents: one pass over the score rows.

    On PostgreSQL, one row per report with a pair of filtered sums per field (a pivot):
    the planner misestimates a GROUP BY (report, field) by an order of magnitude, spills
    it to disk and runs it serially, while a per-report grouping is estimated well and
    runs in parallel. SQLite does the plain GROUP BY faster.

    The scan is bounded by the framework's range of report ids as well as by the join:
    a year's reports are created together, so the bound lets PostgreSQL read that slice
    of the (report, criterion) index instead of every year's score rows.
    """
    if not report_ids:
        return {}
    scores = CriterionScore.objects.filter(report__framework=framework, report__gte=min(report_ids), report__lte=max(report_ids))
    if connection.vendor == "postgresql":
        aggregates = {}
        for i, field_id in enumerate(fields):
            in_field = Q(criterion__field_id=field_id) if field_id else Q(criterion__field_id__isnull=True)
            aggregates[f"p{i}"] = _in_cents(Sum(POINTS_EXPR, filter=in_field & Q(not_applicable=False)))
            aggregates[f"n{i}"] = _in_cents(Sum("max_points", filter=in_field & Q(not_applicable=True)))
        rows = _raw_rows(scores.values("report_id").annotate(**aggregates).order_by())
        return {
            report_id: {f: (values[2 * i] or 0, values[2 * i + 1] or 0) for i, f in enumerate(fields)}
            for report_id, *values in rows
        }
    sums: dict = defaultdict(dict)
    query = scores.values("report_id", "criterion__field_id").annotate(
        p=_in_cents(Sum(POINTS_EXPR, filter=Q(not_applicable=False))),
        n=_in_cents(Sum("max_points", filter=Q(not_applicable=True))),
    )
    for report_id, field_id, points, na_max in _raw_rows(query.order_by()):
        sums[report_id][field_id] = (points or 0, na_max or 0)
    return sums


def _survey_sums(framework) -> dict:
    """{report_id: (points, max, satisfaction points, satisfaction max)} in cents: one GROUP BY."""
    satisfaction = Q(component__code=SurveyComponent.Code.SATISFACTION)
    query = (
        SurveyScore.objects.filter(report__framework=framework)
        .values("report_id")
        .annotate(p=_in_cents(Sum("points")), m=_in_cents(Sum("max_points")),
                  sp=_in_cents(Sum("points", filter=satisfaction)), sm=_in_cents(Sum("max_points", filter=satisfaction)))
        .order_by()
    )
    return {report_id: tuple(v or 0 for v in values) for report_id, *values in _raw_rows(query)}


def _previous_results(framework, agency_ids: set[int]) -> dict[int, tuple[int | None, Decimal | None]]:
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
        agency_id: (published_rank if published_rank is not None else rank, published_pct if published_pct is not None else pct)
        for agency_id, rank, published_rank, pct, published_pct in IndexResult.objects.filter(framework=previous).values_list(
            "agency_id", "rank", "published_rank", "index_pct", "published_index_pct"
        )
    }
    result = {agency_id: shown[agency_id] for agency_id in agency_ids if agency_id in shown}
    if not framework.continues_across_merger:
        return result
    edges = defaultdict(list)
    for successor_id, predecessor_id, relation in AgencyLineage.objects.filter(
        successor__province_id=framework.province_id
    ).values_list("successor_id", "predecessor_id", "relation"):
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
            f"INSERT INTO {model._meta.db_table} ({', '.join(columns)}) SELECT {', '.join(values)} {source_sql}",
            [*defaults, *params],
        )


def _insert_missing_results(framework) -> None:
    """One INSERT … SELECT: a result row for every report that has none yet."""
    table = IndexResult._meta.db_table
    insert_select(
        IndexResult,
        {"framework": "r.framework_id", "agency": "r.agency_id", "report": "r.id"},
        f"FROM {AnnualReport._meta.db_table} r WHERE r.framework_id = %s AND NOT EXISTS "
        f"(SELECT 1 FROM {table} x WHERE x.framework_id = r.framework_id AND x.agency_id = r.agency_id)",
        [framework.pk],
    )


# Columns the engine writes; "scored" ones are left alone on rows without a report.
SCORED = ["report", "evidence_points", "survey_points", "total_points", "applicable_max", "index_pct",
          "components", "satisfaction_pct"]
RANKED = ["band", "rank", "group_size", "previous_rank", "previous_index_pct", "rank_change", "has_discrepancy"]
PG_TYPES = {"report": "bigint", "components": "json", "band": "text", "has_discrepancy": "boolean",
            "rank": "bigint", "group_size": "bigint", "previous_rank": "bigint", "rank_change": "bigint"}


def _as_sent(values: tuple) -> tuple:
    """Stored values the way the engine sends them: Decimals as their text ("12.50")."""
    return tuple(str(v) if isinstance(v, Decimal) else v for v in values)


def _update_results(payload: list[dict], computed_at) -> None:
    """One UPDATE joined to the rows of a JSON document (PostgreSQL and SQLite alike)."""
    if not payload:
        return
    meta = IndexResult._meta
    quote = connection.ops.quote_name
    postgres = connection.vendor == "postgresql"
    sets = []
    for name in SCORED + RANKED:
        column = quote(meta.get_field(name).column)
        # json, not jsonb, for the document: parsing a few MB as jsonb costs twice as much.
        target = "v.components::jsonb" if name == "components" and postgres else f"v.{name}"
        if name in SCORED:  # rows without a report keep what the importer wrote
            target = f"CASE WHEN v.scored THEN {target} ELSE t.{column} END"
        sets.append(f"{column} = {target}")
    sets.append(f"{quote(meta.get_field('computed_at').column)} = %s")
    if postgres:
        types = ", ".join(f"{name} {PG_TYPES.get(name, 'numeric')}" for name in SCORED + RANKED)
        source = f"json_to_recordset(%s::json) AS v(id bigint, scored boolean, {types})"
    else:
        fields = ", ".join(f"json_extract(value, '$.{name}') AS {name}" for name in ["id", "scored"] + SCORED + RANKED)
        source = f"(SELECT {fields} FROM json_each(%s)) AS v"
    sql = f"UPDATE {meta.db_table} AS t SET {', '.join(sets)} FROM {source} WHERE t.id = v.id"
    with connection.cursor() as cursor:
        cursor.execute(sql, [computed_at, json.dumps(payload, separators=(",", ":"))])


def _band_lookup(framework):
    """`Framework.band_for`'s rule (highest lower bound ≤ value, inclusive) on values in 0,0001 %."""
    bands = sorted(((_e4(band.lower), band.name) for band in framework.bands.all()), reverse=True)

    def band_of(value: int | None) -> str:
        if value is not None:
            for lower, name in bands:
                if value >= lower:
                    return name
        return ""

    return band_of


def _scored(fields: dict, survey: tuple, leaf_max: dict, codes: dict) -> tuple[dict, int, int]:
    """The scored columns of one report's result, with its total and applicable max in cents."""
    survey_points, survey_max, satisfaction_points, satisfaction_max = survey
    components, evidence_points, evidence_max = {}, 0, 0
    for field_id, maximum in leaf_max.items():
        points, na_max = fields.get(field_id, (0, 0))
        applicable = maximum - na_max  # not-applicable leaves leave the denominator
        evidence_points += points
        evidence_max += applicable
        components[codes.get(field_id, "?")] = {
            "points": _cents_text(points), "max": _cents_text(applicable), "pct": _e4_text(_pct_e4(points, applicable))
        }
    total, applicable_max = evidence_points + survey_points, evidence_max + survey_max
    columns = {
        "evidence_points": _cents_text(evidence_points), "survey_points": _cents_text(survey_points),
        "total_points": _cents_text(total), "applicable_max": _cents_text(applicable_max),
        "index_pct": _e4_text(_pct_e4(total, applicable_max)), "components": components,
        "satisfaction_pct": _e4_text(_pct_e4(satisfaction_points, satisfaction_max)),
    }
    return columns, total, applicable_max


def _recompute_rows(framework) -> int:
    leaf_max, codes = _leaf_maxima(framework)
    reports = dict(AnnualReport.objects.filter(framework=framework).order_by().values_list("agency_id", "id"))
    score_sums = _score_sums(framework, list(leaf_max), list(reports.values()))
    survey_sums = _survey_sums(framework)
    _insert_missing_results(framework)
    stored = [name + "_id" if name == "report" else name for name in SCORED + RANKED]
    results = IndexResult.objects.filter(framework=framework).values_list(
        "id", "agency_id", "agency__is_ranked", "published_index_pct", "published_rank", *stored
    )
    band_of = _band_lookup(framework)
    no_survey = (0, 0, 0, 0)

    rows, current, ranked, shown_ranks = {}, {}, [], {}
    for pk, agency_id, is_ranked, published_pct, published_rank, *values in results:
        current[agency_id] = _as_sent(values)
        report_id = reports.get(agency_id)
        row = {"id": pk, "scored": report_id is not None, "report": report_id}
        if report_id is not None:
            columns, total, maximum = _scored(score_sums.get(report_id, {}), survey_sums.get(report_id, no_survey),
                                              leaf_max, codes)
            row.update(columns)
            # Ranks and discrepancies use the unrounded index; bands the stored 4-decimal one.
            value = recomputed = percent(Decimal(total), Decimal(maximum))
            band = band_of(_pct_e4(total, maximum))
        else:  # imported without a report: rank on what the importer stored
            index_pct = values[SCORED.index("index_pct")]
            value, recomputed = (index_pct if index_pct is not None else published_pct), index_pct
            band = band_of(None if value is None else _e4(value))
        row["band"] = band
        row["has_discrepancy"] = (
            recomputed is not None and published_pct is not None and abs(published_pct - recomputed) > DISCREPANCY
        )
        rows[agency_id] = row
        shown_ranks[agency_id] = published_rank
        if is_ranked and value is not None:
            ranked.append((agency_id, value))

    ranks = rank_values(ranked, policy=framework.tie_policy, tolerance=framework.tie_tolerance)
    previous = _previous_results(framework, set(rows))
    changed = []
    for agency_id, row in rows.items():
        rank = ranks.get(agency_id)
        previous_rank, previous_pct = previous.get(agency_id, (None, None))
        # The change the dashboard shows: against the published rank where there is one.
        shown_rank = shown_ranks[agency_id] or rank
        row.update(
            rank=rank, group_size=len(ranked) if rank else None, previous_rank=previous_rank,
            previous_index_pct=_pct(previous_pct),
            rank_change=previous_rank - shown_rank if previous_rank and shown_rank and rank else None,
        )
        # Only rows whose values changed are written (with their computed_at): after one
        # agency's correction most of the group keeps its numbers.
        names = SCORED + RANKED if row["scored"] else RANKED
        stored_values = current[agency_id] if row["scored"] else current[agency_id][len(SCORED):]
        if tuple(row[name] for name in names) != stored_values:
            changed.append(row)
    _update_results(changed, timezone.now())
    return len(rows)


def recompute(*, framework: Framework) -> RankingRun:
    """Recompute every result of `framework`'s group and year; record the run.

    Idempotent. The whole group is rewritten in one transaction; a failure leaves the
    previous results in place and a FAILED run with the error.
    """
    started = timezone.now()
    clock = time.perf_counter()
    run = RankingRun.objects.create(
        province_id=framework.province_id, group_id=framework.group_id, year=framework.year,
        status=RankingRun.Status.RUNNING, queued_at=started, started_at=started,
    )
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
                        "CASE WHEN %s THEN 'off' ELSE current_setting('synchronous_commit') END, true)",
                        [LOCK_NAMESPACE, framework.pk, async_commit],
                    )
            locked = Framework.objects.get(pk=framework.pk)  # fresh tie policy and bands
            prefetch_related_objects([locked], "bands")
            rows = _recompute_rows(locked)
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
    return run


# --- Dossier-rate rankings ------------------------------------------------------------------


def rank_rates(*, group, year: int) -> int:
    """Rank the group's agencies by on-time and online dossier rates for `year`.

    Replaces the group's RateResult rows of that year; returns how many were written.
    """
    stats = list(
        ProcedureStat.objects.yearly().for_year(year).filter(agency__group=group).select_related("agency")
    )
    tolerance, policy = DEFAULT_TOLERANCE, Policy.COMPETITION
    framework = Framework.objects.filter(group=group, year=year).first()
    if framework is not None:
        tolerance, policy = framework.tie_tolerance, framework.tie_policy
    # The formulas live in indicators.dossiers (one definition in the codebase); the
    # on-time rate uses each stat's own formula, 766 by default.
    metrics = {RateResult.Metric.ON_TIME: dossiers.on_time_rate, RateResult.Metric.ONLINE: dossiers.online_submission_rate}
    new_rows = []
    for metric, rate_of in metrics.items():
        rates = {}
        for stat in stats:
            rate = rate_of(stat)
            if rate is None or rate.numerator > rate.denominator:  # unreported or inconsistent counts
                continue
            rates[stat.agency_id] = (rate, stat.agency.is_ranked)
        ranked = [(agency_id, rate.pct) for agency_id, (rate, is_ranked) in rates.items() if is_ranked]
        ranks = rank_values(ranked, policy=policy, tolerance=tolerance)
        for agency_id, (rate, _) in rates.items():
            new_rows.append(RateResult(
                agency_id=agency_id, group=group, year=year, metric=metric, numerator=rate.numerator,
                denominator=rate.denominator, rate_pct=rate.pct, formula=rate.formula_name[:32],
                rank=ranks.get(agency_id), group_size=len(ranked) if agency_id in ranks else None,
            ))
    with transaction.atomic():
        # Unique per (agency, year, metric): also clear rows left under an agency's old group.
        RateResult.objects.filter(year=year).filter(Q(group=group) | Q(agency_id__in={s.agency_id for s in stats})).delete()
        RateResult.objects.bulk_create(new_rows)
    return len(new_rows)
