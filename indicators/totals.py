"""The scored columns of index results, written for the reports whose inputs changed.

`indicators.scoring` computes a report's columns from its score and survey rows (evidence,
survey and total points, applicable maximum, index %, component indices per field,
satisfaction %); this module says which reports to compute and writes the columns that
changed. Ranks and bands, which depend on the whole group, are `indicators.ranking`'s job.

Which reports changed is in `PendingTotals`, written by database triggers
(`indicators.triggers`) whatever wrote the scores; `mark_pending` adds the reports whose
result is new or not yet linked to them. After one agency's correction the recompute sums
that agency's score rows, not the whole group's; a full recompute (nightly, publication)
sums every report.
"""

from decimal import Decimal

from django.db import connection

from .models import AnnualReport, IndexResult, PendingTotals
from .scoring import report_indices

# The columns written here; rows of agencies without a report (imported results) keep
# what the importer stored.
SCORED = [
    "report",
    "evidence_points",
    "survey_points",
    "bonus_points",
    "penalty_points",
    "total_points",
    "applicable_max",
    "index_pct",
    "components",
    "satisfaction_pct",
]


# --- Which reports to sum ------------------------------------------------------------------
# SQL, not the ORM, for the marks (docs/decisions.md): each is one statement whatever the
# number of reports, and the claim reads and deletes the marks atomically.


def mark_pending(framework) -> None:
    """Mark for summing the reports of `framework` whose result is missing or points
    elsewhere (a result imported before the report existed).

    Score changes need no call: the triggers mark those reports. A full recompute needs
    none either: it sums every report (`write_totals(everything=True)`).
    """
    quote = connection.ops.quote_name
    reports, results = quote(AnnualReport._meta.db_table), quote(IndexResult._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {quote(PendingTotals._meta.db_table)} (report_id) "
            f"SELECT r.id FROM {reports} r WHERE r.framework_id = %s AND NOT EXISTS "
            f"(SELECT 1 FROM {results} t WHERE t.framework_id = r.framework_id "
            "AND t.agency_id = r.agency_id AND t.report_id = r.id) ON CONFLICT DO NOTHING",
            [framework.pk],
        )


def _claim_pending(framework) -> set[int]:
    """Delete and return `framework`'s marks, inside the recompute's transaction: a score
    written meanwhile marks its report again (after this commit), and a failed recompute
    rolls the claim back."""
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            f"DELETE FROM {quote(PendingTotals._meta.db_table)} WHERE report_id IN "
            f"(SELECT id FROM {quote(AnnualReport._meta.db_table)} WHERE framework_id = %s) "
            "RETURNING report_id",
            [framework.pk],
        )
        return {report_id for (report_id,) in cursor.fetchall()}


# --- Writing -------------------------------------------------------------------------------


def as_sent(value):
    """A value read back from the database the way the engine writes it: Decimals as their
    text ("12.50"; the column's scale fixes the digits), so new and stored rows compare."""
    return str(value) if isinstance(value, Decimal) else value


def write_totals(
    framework, *, reports: dict[int, int], computed_at, update_rows, everything: bool = False
) -> None:
    """Write the scored columns of the results of `framework`'s marked reports, or with
    `everything` of all its reports (their marks are cleared all the same).

    `reports` maps agency id → report id; `update_rows(rows, columns, computed_at)` is the
    JSON-fed UPDATE the changed rows are written with. Result rows must exist. A constant
    number of queries: claim, the four of `scoring.report_indices`, stored values, update.
    """
    pending = _claim_pending(framework)
    todo = {
        agency_id: report_id
        for agency_id, report_id in reports.items()
        if everything or report_id in pending
    }
    if not todo:
        return
    every = len(todo) == len(reports)
    new = report_indices(
        framework_id=framework.pk, report_ids=None if every else list(todo.values())
    )
    results = IndexResult.objects.filter(framework=framework).order_by()
    if not every:
        results = results.filter(agency_id__in=todo)
    stored = [name + "_id" if name == "report" else name for name in SCORED]
    changed = []
    for pk, agency_id, report_id, *values in results.values_list("id", "agency_id", *stored):
        if agency_id not in todo:  # imported without a report
            continue
        columns = new[todo[agency_id]]
        if report_id != todo[agency_id] or any(
            columns[name] != as_sent(value) for name, value in zip(SCORED[1:], values, strict=True)
        ):
            changed.append({"id": pk, "report": todo[agency_id], **columns})
    update_rows(changed, SCORED, computed_at)
