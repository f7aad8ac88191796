"""Many rows changed in one UPDATE fed by a JSON document, on PostgreSQL and SQLite alike.

Django's `bulk_update` writes one CASE per column holding one WHEN per row, and resolves
every one of them as an expression: for the results of a commune group's publication it
spent far longer in Python than the database took to write them (docs/benchmarks.md). Here
the rows travel as one JSON parameter and the database joins them to the table: raw SQL,
per database, a documented exception (docs/decisions.md).
"""

import json

from django.db import connection


def update_rows(model, rows: list[dict], columns: list[str], **same) -> None:
    """Set `columns` of the rows of `model` whose ids are the rows' "id", each from its
    row, and every column named in `same` to that one value.

    Row values are what the database reads from JSON: numbers or their text, booleans,
    ids of foreign keys, nested JSON for JSON fields (Decimals are written as their text).
    """
    if not rows:
        return
    meta = model._meta
    quote = connection.ops.quote_name
    postgres = connection.vendor == "postgresql"
    sets, types = [], []
    for name in columns:
        field = meta.get_field(name)
        is_json = field.get_internal_type() == "JSONField"
        # json, not jsonb, in the document: parsing a few MB as jsonb costs twice as much.
        types.append(f"{quote(name)} {'json' if is_json else field.db_type(connection)}")
        sets.append(
            f"{quote(field.column)} = v.{quote(name)}{'::jsonb' if is_json and postgres else ''}"
        )
    params = []
    for name, value in same.items():
        field = meta.get_field(name)
        sets.append(f"{quote(field.column)} = %s")
        params.append(field.get_db_prep_save(value, connection))
    if postgres:
        source = f"json_to_recordset(%s::json) AS v(id bigint, {', '.join(types)})"
    else:
        extracted = ", ".join(
            f"json_extract(value, '$.{name}') AS {quote(name)}" for name in ["id", *columns]
        )
        source = f"(SELECT {extracted} FROM json_each(%s)) AS v"
    document = json.dumps(rows, separators=(",", ":"), default=str)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {quote(meta.db_table)} AS t SET {', '.join(sets)} "
            f"FROM {source} WHERE t.id = v.id",
            [*params, document],
        )
