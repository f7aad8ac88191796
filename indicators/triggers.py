"""Database triggers that mark the reports whose totals must be summed again.

A result's scored columns (`indicators.totals`) follow from its report's score and survey
rows and from its framework's criteria and survey components. After one agency's
correction the recompute should sum that agency's rows, not the whole year's (issue 9:
360.000 score rows at province scale). Which reports changed is recorded by the database
itself, in `PendingTotals`, because scores are written by many hands: forms and
`QuerySet.update()`, bulk importers, the demo loader's raw INSERT … SELECT, an admin in
psql. Application code that forgot to mark a report would leave a wrong index on the
dashboard with nothing to show for it; a trigger cannot forget.

- score or survey row inserted, updated or deleted → its report is marked;
- criterion or survey component of a framework changed → every report of it is marked;
- report deleted → its mark goes (its scores' deletion has just made one), and a score
  row deleted after its report marks nothing: Django's flush on SQLite (between
  transactional tests) empties tables in alphabetical order, survey scores after the marks
  and the reports, and left marks of reports that no longer existed.

PostgreSQL runs statement-level triggers with transition tables: a bulk write of 360.000
rows marks its 4.000 reports in one INSERT. SQLite, the development database, has only
row-level triggers. Both are installed after every `migrate` (and pytest's
`--nomigrations` database, and the benchmarks' throwaway ones, which are built the same
way), idempotently: drop, then create.
"""

from .models import (
    AnnualReport,
    Criterion,
    CriterionScore,
    PendingTotals,
    SurveyComponent,
    SurveyScore,
)

PREFIX = "cchc_totals"


# Tables whose rows feed a result's totals, and the column that says whose: one report's,
# or every report of one framework's.
TRACKED = [
    (CriterionScore, "report"),
    (SurveyScore, "report"),
    (Criterion, "framework"),
    (SurveyComponent, "framework"),
]


def _tables(connection) -> dict:
    quote = connection.ops.quote_name
    return {
        "pending": quote(PendingTotals._meta.db_table),
        "reports": quote(AnnualReport._meta.db_table),
        "reports_name": AnnualReport._meta.db_table,
        # (quoted table, unquoted name for trigger names, key)
        "tracked": [
            (quote(model._meta.db_table), model._meta.db_table, key) for model, key in TRACKED
        ],
    }


def _postgresql(t: dict) -> list[str]:
    pending, reports = t["pending"], t["reports"]
    mark = f"INSERT INTO {pending} (report_id) SELECT DISTINCT {{select}} ON CONFLICT DO NOTHING;"
    # One function per kind of key; `changed` is the union of the rows before and after.
    # The reports to mark: a row's own, or every report of a row's framework. Deleted rows
    # may outlive their report (see the module docstring), so only reports that still exist
    # are marked then; inserted and updated rows have theirs (a foreign key), and their mark
    # stays a plain insert: the demo loader's executemany fires one per row.
    by_report = "report_id FROM changed"
    existing = f"c.report_id FROM changed c WHERE EXISTS (SELECT 1 FROM {reports} r WHERE r.id = c.report_id)"
    by_framework = (
        f"r.id FROM {reports} r WHERE r.framework_id IN (SELECT framework_id FROM changed)"
    )
    selects = {
        "report": (by_report, existing),
        "framework": (by_framework, by_framework),
    }  # (written, deleted)
    statements = []
    for key, (written, deleted) in selects.items():
        body, body_after_delete = mark.format(select=written), mark.format(select=deleted)
        statements.append(f"""
            CREATE OR REPLACE FUNCTION {PREFIX}_by_{key}() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF TG_OP = 'INSERT' THEN
                    WITH changed AS (SELECT {key}_id FROM new_rows) {body}
                ELSIF TG_OP = 'DELETE' THEN
                    WITH changed AS (SELECT {key}_id FROM old_rows) {body_after_delete}
                ELSE
                    WITH changed AS (SELECT {key}_id FROM new_rows UNION SELECT {key}_id FROM old_rows) {body}
                END IF;
                RETURN NULL;
            END $$""")
    for table, _, key in t["tracked"]:
        for event, transition in (
            ("INSERT", "NEW TABLE AS new_rows"),
            ("UPDATE", "OLD TABLE AS old_rows NEW TABLE AS new_rows"),
            ("DELETE", "OLD TABLE AS old_rows"),
        ):
            name = f"{PREFIX}_{event.lower()}"
            statements.append(f"DROP TRIGGER IF EXISTS {name} ON {table}")
            statements.append(
                f"CREATE TRIGGER {name} AFTER {event} ON {table} REFERENCING {transition} "
                f"FOR EACH STATEMENT EXECUTE FUNCTION {PREFIX}_by_{key}()"
            )
    statements += [
        f"""CREATE OR REPLACE FUNCTION {PREFIX}_report_gone() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                DELETE FROM {pending} WHERE report_id IN (SELECT id FROM old_rows);
                RETURN NULL;
            END $$""",
        f"DROP TRIGGER IF EXISTS {PREFIX}_delete ON {reports}",
        f"CREATE TRIGGER {PREFIX}_delete AFTER DELETE ON {reports} REFERENCING OLD TABLE AS old_rows "
        f"FOR EACH STATEMENT EXECUTE FUNCTION {PREFIX}_report_gone()",
    ]
    return statements


def _sqlite(t: dict) -> list[str]:
    pending, reports = t["pending"], t["reports"]
    mark = f"INSERT OR IGNORE INTO {pending} (report_id)"
    # A row as it was (OLD) may have outlived its report: only existing reports are marked.
    marks = {
        "report": lambda row: (
            f"{mark} VALUES ({row}.report_id);"
            if row == "NEW"
            else f"{mark} SELECT id FROM {reports} WHERE id = {row}.report_id;"
        ),
        "framework": lambda row: (
            f"{mark} SELECT id FROM {reports} WHERE framework_id = {row}.framework_id;"
        ),
    }
    statements = []
    for table, table_name, key in t["tracked"]:
        for event, rows in (("INSERT", ["NEW"]), ("UPDATE", ["OLD", "NEW"]), ("DELETE", ["OLD"])):
            # Trigger names are schema-wide in SQLite: the table goes into the name.
            name = f"{PREFIX}_{table_name}_{event.lower()}"
            statements.append(f"DROP TRIGGER IF EXISTS {name}")
            body = " ".join(marks[key](row) for row in rows)
            statements.append(f"CREATE TRIGGER {name} AFTER {event} ON {table} BEGIN {body} END")
    name = f"{PREFIX}_{t['reports_name']}_delete"
    statements += [
        f"DROP TRIGGER IF EXISTS {name}",
        f"CREATE TRIGGER {name} AFTER DELETE ON {reports} BEGIN DELETE FROM {pending} WHERE report_id = OLD.id; END",
    ]
    return statements


def install(connection) -> None:
    """Create (or replace) the triggers on `connection`'s database."""
    builders = {"postgresql": _postgresql, "sqlite": _sqlite}
    if connection.vendor not in builders:  # pragma: no cover - only the two supported databases
        raise NotImplementedError(f"No totals triggers for {connection.vendor}")
    with connection.cursor() as cursor:
        for statement in builders[connection.vendor](_tables(connection)):
            cursor.execute(statement)


def install_after_migrate(sender, using, **kwargs) -> None:
    """post_migrate receiver: the tables exist now, with or without migration files."""
    from django.db import connections

    install(connections[using])
