"""Fast inserts for demo volumes: one prepared INSERT run with `executemany`.

`bulk_create` prepares every value through its field (`get_db_prep_save`), which is most of
the time at tens of thousands of rows. Demo rows are built from plain numbers, strings,
Decimals and dicts, so they are prepared here once per value type instead. Rows inserted
this way get no simple-history record, like `bulk_create`.
"""

import datetime
import json

from django.db import connection


def prepare(value):
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, datetime.datetime):
        return connection.ops.adapt_datetimefield_value(value)
    return value


def insert_rows(model, columns: list[str], rows: list[tuple], batch: int = 20_000) -> None:
    """INSERT `rows` (tuples in `columns` order; field names, not column names) into `model`'s
    table."""
    table = connection.ops.quote_name(model._meta.db_table)
    names = ", ".join(connection.ops.quote_name(model._meta.get_field(c).column) for c in columns)
    sql = f"INSERT INTO {table} ({names}) VALUES ({', '.join(['%s'] * len(columns))})"
    with connection.cursor() as cursor:
        for start in range(0, len(rows), batch):
            cursor.executemany(
                sql, [tuple(prepare(v) for v in row) for row in rows[start : start + batch]]
            )
