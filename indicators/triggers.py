"""Database triggers that mark the reports whose totals must be summed again.

A result's scored columns (`indicators.totals`) follow from its report's score and survey
rows and from its framework's criteria and survey components. After one agency's
correction the recompute should sum that agency's rows, not the whole group's. Which
reports changed is recorded by the database itself, in `PendingTotals`, because scores are
written by many hands: forms and `QuerySet.update()`, bulk importers, the demo loader's
raw INSERT … SELECT, an admin in psql. Application code that forgot to mark a report would
leave a wrong index on the dashboard with nothing to show for it; a trigger cannot forget.

- score or survey row inserted, updated or deleted → its report is marked;
- criterion, survey component or agency's own maximum of a framework changed → every
  report of it is marked;
- report deleted → its mark goes (its scores' deletion has just made one), and a score
  row deleted after its report marks nothing: Django's flush on SQLite (between
  transactional tests) empties tables in alphabetical order, survey scores after the marks
  and the reports, and left marks of reports that no longer existed.

PostgreSQL runs statement-level triggers with transition tables: a bulk write of a whole
group's rows marks its reports in one INSERT. SQLite, the development database, has only
row-level triggers. Raw SQL, per database: the ORM has no triggers (docs/decisions.md).

Migration 0003 creates them; they are created again after every `migrate`, idempotently
(drop, then create), so that they follow `TRACKED` and exist in the databases built without
migration files (pytest's `--nomigrations`, the benchmarks' throwaway ones).
"""

from django.apps import apps as global_apps
from django.db.migrations.recorder import MigrationRecorder

PREFIX = "cchc_totals"
MIGRATION = ("indicators", "0003_totals_triggers")

# Models whose rows feed a result's totals, and the foreign key that says whose: one
# report's, or every report of one framework's.
TRACKED = {
    "indicators.CriterionScore": "report",
    "indicators.SurveyScore": "report",
    "indicators.Criterion": "framework",
    "indicators.SurveyComponent": "framework",
    "indicators.ApplicableMaximum": "framework",
}
# The other models with a foreign key to a report or a framework, and why their rows feed
# no total. A model in neither list fails a test: its rows might be an input nobody marks.
IRRELEVANT = {
    "indicators.AnnualReport": "its own columns feed no total; a new report is marked by "
    "totals.mark_pending (no result linked yet), a deleted one loses its mark here",
    "indicators.Band": "bands are assigned to the whole group by every recompute",
    "indicators.DeadlineExtension": "deadlines, not scores",
    "indicators.IndexResult": "the totals themselves",
    "indicators.PendingTotals": "the marks",
    "indicators.PublishedEdition": "a frozen copy of results",
    "indicators.HistoricalAnnualReport": "audit history",
    "indicators.HistoricalCriterionScore": "audit history",
    "indicators.HistoricalIndexResult": "audit history",
    "indicators.HistoricalSurveyScore": "audit history",
    "inspections.RemediationPlan": "a plan answers a published result; it scores nothing",
    "inspections.HistoricalRemediationPlan": "audit history",
}


def _tables(connection, apps) -> dict:
    """Quoted table names from `apps` (the models, or a migration's state); tracked models
    the state has no table for yet are left to a later `migrate`."""
    quote = connection.ops.quote_name

    def table(label):
        return apps.get_model(label)._meta.db_table

    tracked = []
    for label, key in TRACKED.items():
        try:
            name = table(label)
        except LookupError:
            continue
        tracked.append((quote(name), name, key))  # unquoted too: SQLite trigger names
    reports = table("indicators.AnnualReport")
    return {
        "pending": quote(table("indicators.PendingTotals")),
        "reports": quote(reports),
        "reports_name": reports,
        "tracked": tracked,
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
    existing = (
        f"c.report_id FROM changed c "
        f"WHERE EXISTS (SELECT 1 FROM {reports} r WHERE r.id = c.report_id)"
    )
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
                    WITH changed AS (
                        SELECT {key}_id FROM new_rows UNION SELECT {key}_id FROM old_rows
                    ) {body}
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
        f"""CREATE OR REPLACE FUNCTION {PREFIX}_report_gone() RETURNS trigger
            LANGUAGE plpgsql AS $$
            BEGIN
                DELETE FROM {pending} WHERE report_id IN (SELECT id FROM old_rows);
                RETURN NULL;
            END $$""",
        f"DROP TRIGGER IF EXISTS {PREFIX}_delete ON {reports}",
        f"CREATE TRIGGER {PREFIX}_delete AFTER DELETE ON {reports} "
        f"REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT "
        f"EXECUTE FUNCTION {PREFIX}_report_gone()",
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
        f"CREATE TRIGGER {name} AFTER DELETE ON {reports} "
        f"BEGIN DELETE FROM {pending} WHERE report_id = OLD.id; END",
    ]
    return statements


BUILDERS = {"postgresql": _postgresql, "sqlite": _sqlite}


def _builder(connection):
    if connection.vendor not in BUILDERS:  # pragma: no cover - only the two supported databases
        raise NotImplementedError(f"No totals triggers for {connection.vendor}")
    return BUILDERS[connection.vendor]


def install(connection, apps=global_apps) -> None:
    """Create (or replace) the triggers on `connection`'s database, for the models of
    `apps` (a migration passes its historical state)."""
    statements = _builder(connection)(_tables(connection, apps))
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def uninstall(connection, apps=global_apps) -> None:
    """Drop the triggers and their functions (migration 0003 reversed)."""
    statements = [
        statement
        for statement in _builder(connection)(_tables(connection, apps))
        if statement.startswith("DROP")
    ]
    if connection.vendor == "postgresql":
        statements += [
            f"DROP FUNCTION IF EXISTS {PREFIX}_{name}()"
            for name in ("by_report", "by_framework", "report_gone")
        ]
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def install_after_migrate(sender, using, **kwargs) -> None:
    """post_migrate receiver: the tables exist now. Skipped on a database migrated to a
    state before migration 0003 (which created the triggers, and dropped them reversed)."""
    from django.db import connections

    connection = connections[using]
    recorder = MigrationRecorder(connection)
    applied = recorder.applied_migrations() if recorder.has_table() else {}
    migrated = any(app == MIGRATION[0] for app, _ in applied)
    if not migrated or MIGRATION in applied:  # built from the models, or at 0003 or later
        install(connection)
