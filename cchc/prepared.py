"""QuerySets compiled to SQL once per shape, then run with each request's ids.

Django compiles a QuerySet to SQL every time it is evaluated. The dashboard's pages run
the same dozen queries on every request with only an id or a year changed, and in a
small province compiling them cost more than running them (issue 9: ~0,5 ms of Python
per query against ~0,25 ms of SQL). `fetch` builds and compiles a query once with stand-in
values, remembers the SQL and where each stand-in sits among its parameters, and later
runs that SQL with the real values through Django's own result iteration (converters,
model instances, select_related, prefetch_related), so the rows are exactly what
`list(queryset)` gives.

What may be prepared: a module-level `build` (it is the cache key) whose SQL depends on its
keyword values only through query parameters — `filter(framework_id=framework_id)`,
`year=year` — and otherwise only on its positional `shape` arguments (a sort order, a
LIMIT: Django writes those into the SQL text). Values are ints, strings (a session key)
or aware datetimes (its expiry check); anything else (None, a bool) runs the query the
usual way, and so does a query in which a stand-in does not come back as a parameter —
itself, or a datetime as the database adapts it (SQLite: text) — (Django inlined it, or
left it out).
"""

from __future__ import annotations

import copy
import datetime
from dataclasses import dataclass

from django.core.exceptions import EmptyResultSet, FullResultSet
from django.db import connections

# Stand-in values, by type. Django drops a lookup whose value lies outside its field's
# range (a negative or huge id, a year past a small integer), so the integers fit every
# integer field; a query that also carries one of them for another reason is not
# prepared (see `_compile`).
STAND_IN = 32_101
STAND_INS = {
    int: lambda i: STAND_IN + i,
    str: lambda i: f"cchc-stand-in-{i}-7f3a9c",
    datetime.datetime: lambda i: datetime.datetime(
        2001, 2, 3, 4, 5, 6, 7_000 + i, tzinfo=datetime.UTC
    ),
}
# Switched off by the tests that compare prepared and plain queries.
ENABLED = True
# Shapes include sort orders and page limits that come from the query string: past this
# many, new shapes run unprepared rather than grow the cache without end.
MAX_SHAPES = 1000


@dataclass(frozen=True)
class Compiled:
    queryset: object
    compiler: object
    sql: str
    params: tuple
    slots: tuple  # (position in params, value name, whether the database's adaptation goes there)


_compiled: dict = {}


def _adapted(value, connection):
    """A value as Django hands it to the driver: datetimes go through the backend's adapter
    (SQLite stores text), anything else as it is."""
    if isinstance(value, datetime.datetime):
        return connection.ops.adapt_datetimefield_value(value)
    return value


def _compile(build, shape: tuple, kinds: tuple) -> Compiled | None:
    stand_ins = {name: STAND_INS[kind](i) for i, (name, kind) in enumerate(kinds)}
    try:
        # A stand-in its field cannot take (a string for an integer column) says only
        # that this shape is not prepared; the real value may well be fine.
        queryset = build(*shape, **stand_ins)
        compiler = queryset.query.get_compiler(using=queryset.db)
        sql, params = compiler.as_sql()
    except (EmptyResultSet, FullResultSet, TypeError, ValueError):
        return None
    connection = connections[queryset.db]
    # Where each stand-in comes back among the parameters: as itself, or adapted.
    forms = [(v, name, False) for name, v in stand_ins.items()]
    for name, v in stand_ins.items():
        adapted = _adapted(v, connection)
        if adapted != v:
            forms.append((adapted, name, True))
    slots = []
    for position, param in enumerate(params):
        match = next(
            (
                (name, adapt)
                for form, name, adapt in forms
                if type(param) is type(form) and param == form
            ),
            None,
        )
        if match is not None:
            slots.append((position, *match))
    # Every value must come back as a parameter (one may be used more than once) and
    # none may be written into the SQL text itself.
    if {name for _, name, _ in slots} != set(stand_ins) or any(
        str(form) in sql for form, _, _ in forms
    ):
        return None
    return Compiled(queryset, compiler, sql, tuple(params), tuple(slots))


def _preparable(value) -> bool:
    return type(value) in STAND_INS and (
        type(value) is not datetime.datetime or value.tzinfo is not None
    )


def _compiled_for(build, shape: tuple, values: dict) -> Compiled | None:
    if (
        not ENABLED
        or "<locals>" in build.__qualname__
        or not all(map(_preparable, values.values()))
    ):
        return None
    kinds = tuple(sorted((name, type(value)) for name, value in values.items()))
    key = (build, shape, kinds, connections["default"].vendor)
    if key not in _compiled:
        if len(_compiled) >= MAX_SHAPES:
            return None
        _compiled[key] = _compile(build, shape, kinds)
    return _compiled[key]


def _params(compiled: Compiled, values: dict) -> tuple:
    connection = connections[compiled.queryset.db]
    params = list(compiled.params)
    for position, name, adapt in compiled.slots:
        params[position] = _adapted(values[name], connection) if adapt else values[name]
    return tuple(params)


def sql_with_params(build, /, *shape, **values) -> tuple[str, tuple]:
    """`build(*shape, **values).query.sql_with_params()`, compiled once per shape."""
    compiled = _compiled_for(build, shape, values)
    if compiled is None:
        return build(*shape, **values).query.sql_with_params()
    return compiled.sql, _params(compiled, values)


def fetch(build, /, *shape, **values) -> list:
    """`list(build(*shape, **values))`, its SQL compiled once per (build, shape, database)."""
    compiled = _compiled_for(build, shape, values)
    if compiled is None:
        return list(build(*shape, **values))
    params = _params(compiled, values)
    # A copy of the compiled state for this run only: the SQL is the same, the
    # parameters and the connection (one per thread) are this request's.
    queryset = compiled.queryset._chain()
    compiler = copy.copy(compiled.compiler)
    compiler.connection = connections[queryset.db]
    compiler.as_sql = lambda *args, **kwargs: (compiled.sql, params)
    queryset.query.get_compiler = lambda *args, **kwargs: compiler
    return list(queryset)
