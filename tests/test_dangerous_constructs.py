"""The dangerous constructs of docs/contributing.md, checked from the source with `ast`.

- No reaching into private APIs: nothing imports `django.db.models.sql` or calls a query's
  `get_compiler`, and no third-party module is imported by a private (`_name`) path.
- `mark_safe` wraps only literal markup, or text built with every value escaped in an
  allow-listed function; templates never use `|safe` or `{% autoescape off %}`.
- Raw SQL (`connection.cursor()`, `.raw()`, `.extra()`, `RawSQL`) only where an
  allow-list entry says why, and no module-level container mutated from a function (a
  per-process cache): Django's cache framework, keyed by the data's version, does that.

Each allow-list names the exact exceptions of today with the reason; an entry that no
longer matches anything fails the test, so whoever removes the exception removes the
entry too.
"""

import ast
import re

from tests.project_source import PACKAGES, ROOT, trees

# Private APIs in use today. Delete an entry with the code that needs it.
ALLOWED_PRIVATE_USES = {
    # openpyxl's own worksheet parser, driven directly so that hidden rows, merged cells and
    # formulas can be seen (see the module's docstring); the import corpus tests pin it.
    ("indicators.importing.worksheets", "openpyxl.worksheet._reader"),
}

# Functions that may pass non-literal text to mark_safe: each escapes every value it puts in.
ALLOWED_MARK_SAFE = {
    "indicators.templatetags.dashboard._figure_script",  # JSON with <, > and & escaped
}


# Modules that run SQL by hand, and why. The documented exceptions are in docs/decisions.md.
ALLOWED_RAW_SQL = {
    "cchc.views": "the health check's SELECT 1",
    "demo.bulk": "demo volumes inserted with executemany (no history, like bulk_create)",
    "demo.management.commands.bench_rankings": "the bare aggregate a recompute is measured by",
    "indicators.bulk": "update_rows: one JSON-fed UPDATE for many rows (docs/decisions.md)",
    "indicators.triggers": "the totals triggers (docs/decisions.md)",
    # Today's SQL of the sums, the recompute's INSERT … SELECT and advisory lock, and the
    # profile's medians; the totals and ranking rewrite moves what it can to ORM aggregates.
    "indicators.ranking": "INSERT … SELECT of missing results; the recompute's advisory lock",
    "indicators.totals": "the report sums on PostgreSQL",
}

# Module-level containers that functions fill: per-process caches of today, which the
# request-path rewrite replaces by Django's cache. Delete each entry with its module.
ALLOWED_MODULE_CACHES: set[tuple[str, str]] = set()


def _private_uses() -> set[tuple[str, str]]:
    uses = set()
    for module, tree in trees():
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                names = [node.module]
            for name in names:
                private = name != "__future__" and any(
                    part.startswith("_") for part in name.split(".")
                )
                if name.startswith("django.db.models.sql") or (
                    private and name.partition(".")[0] not in PACKAGES
                ):
                    uses.add((module, name))
            if isinstance(node, ast.Attribute) and node.attr == "get_compiler":
                uses.add((module, "get_compiler"))
    return uses


def test_nothing_reaches_into_private_apis():
    uses = _private_uses()
    assert not uses - ALLOWED_PRIVATE_USES, sorted(uses - ALLOWED_PRIVATE_USES)
    gone = sorted(ALLOWED_PRIVATE_USES - uses)
    assert not gone, f"No longer used; delete from ALLOWED_PRIVATE_USES: {gone}"


def _mark_safe_callers() -> set[str]:
    """Where mark_safe is called with anything but a string literal, as dotted names."""
    callers = set()

    def visit(node, scope):
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                visit(child, f"{scope}.{child.name}")
                continue
            if isinstance(child, ast.Call):
                name = getattr(child.func, "id", None) or getattr(child.func, "attr", None)
                literal = child.args and isinstance(child.args[0], ast.Constant)
                if name == "mark_safe" and not literal:
                    callers.add(scope)
            visit(child, scope)

    for module, tree in trees():
        visit(tree, module)
    return callers


def test_mark_safe_wraps_only_literals_or_escaped_text():
    callers = _mark_safe_callers()
    assert not callers - ALLOWED_MARK_SAFE, (
        "mark_safe on built text: use format_html, or escape every value and allow-list the "
        f"function here: {sorted(callers - ALLOWED_MARK_SAFE)}"
    )
    gone = sorted(ALLOWED_MARK_SAFE - callers)
    assert not gone, f"No longer calls mark_safe; delete from ALLOWED_MARK_SAFE: {gone}"


def test_templates_never_switch_escaping_off():
    offenders = [
        str(path.relative_to(ROOT))
        for path in sorted((ROOT / "templates").rglob("*.html"))
        if re.search(r"\|\s*safe\b|autoescape\s+off", path.read_text(encoding="utf-8"))
    ]
    assert not offenders, offenders


RAW_SQL_CALLS = {"cursor", "raw", "extra", "RawSQL"}
MUTATORS = {"append", "add", "update", "setdefault", "clear", "pop", "popitem", "extend"}


def test_raw_sql_only_where_documented():
    users = {
        module
        for module, tree in trees()
        if module.partition(".")[0] != "tests"
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and (getattr(node.func, "attr", None) or getattr(node.func, "id", None)) in RAW_SQL_CALLS
    }
    assert users <= set(ALLOWED_RAW_SQL), (
        "SQL by hand is a second copy of a rule only one database's tests can catch; use the "
        f"ORM, or document why in docs/decisions.md: {sorted(users - set(ALLOWED_RAW_SQL))}"
    )
    gone = sorted(set(ALLOWED_RAW_SQL) - users)
    assert not gone, f"No SQL by hand any more; delete from ALLOWED_RAW_SQL: {gone}"


def _module_caches() -> set[tuple[str, str]]:
    found = set()
    for module, tree in trees():
        if module.partition(".")[0] == "tests":
            continue
        containers = set()
        for node in tree.body:
            if not isinstance(node, (ast.Assign, ast.AnnAssign)) or node.value is None:
                continue
            value = node.value
            constructor = getattr(getattr(value, "func", None), "id", None)
            if isinstance(value, (ast.Dict, ast.List, ast.Set)) or constructor in (
                "dict",
                "list",
                "set",
                "OrderedDict",
                "defaultdict",
            ):
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                containers |= {target.id for target in targets if isinstance(target, ast.Name)}
        for function in ast.walk(tree):
            if not isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)):
                continue
            for node in ast.walk(function):
                if isinstance(node, ast.Subscript) and isinstance(node.ctx, ast.Store):
                    name = getattr(node.value, "id", None)
                elif isinstance(node, ast.Call) and getattr(node.func, "attr", "") in MUTATORS:
                    name = getattr(node.func.value, "id", None)
                else:
                    continue
                if name in containers:
                    found.add((module, name))
    return found


def test_no_module_level_cache():
    """A dict filled by requests lives per process: unbounded, unseen by the other workers,
    stale after a write elsewhere."""
    caches = _module_caches()
    assert caches <= ALLOWED_MODULE_CACHES, sorted(caches - ALLOWED_MODULE_CACHES)
    gone = sorted(ALLOWED_MODULE_CACHES - caches)
    assert not gone, f"Gone; delete from ALLOWED_MODULE_CACHES: {gone}"
