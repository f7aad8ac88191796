"""The project's layout and habits, checked from the source with `ast`.

- No import cycle between the project's modules. Every `import` counts, at the top of a
  module or inside a function: an import moved into a function to dodge a cycle is still
  a cycle, to be fixed by putting the code where it belongs. Importing `a.b.c` from outside
  the package `a.b` runs `a/b/__init__.py` too, so it depends on that package as well.
- No module over `MAX_LINES` lines, application code and tests alike (migrations aside):
  a module past that splits by job, not by layer.
- Dependencies point one way: `agencies` ← `indicators` ← `inspections`; `demo` may use
  them all and nobody but the tests uses `demo`. `cchc` is the project's wiring: the apps
  do not import it, and it imports app code only where wiring needs it — the context
  processor reads `agencies.access` and `agencies.models`; settings and urls name the
  apps by dotted strings, which are not imports.
- No reaching into private APIs: nothing imports `django.db.models.sql` or calls a query's
  `get_compiler`, and no third-party module is imported by a private (`_name`) path.
- `mark_safe` wraps only literal markup, or text built with every value escaped in an
  allow-listed function; templates never use `|safe` or `{% autoescape off %}`.
- The Celery worker imports every task module (the tasks package imports none of them).

Each allow-list below names the exact exceptions of today with the reason; an entry that
no longer matches anything fails the test, so whoever removes the exception removes the
entry too.
"""

import ast
import pkgutil
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("agencies", "indicators", "inspections", "demo", "cchc", "tests")
MAX_LINES = 450

# Import edges left out of the cycle check.
ALLOWED_CYCLE_EDGES = {
    # framework.py imports RankingRun inside two functions to dodge this cycle; the rewrite
    # of framework.py and results.py removes it. Delete this entry with that change.
    ("indicators.models.framework", "indicators.models.results"),
}

# Modules allowed past MAX_LINES while they are being rewritten. Delete each entry once its
# module is under the limit (the test says when).
ALLOWED_LONG_MODULES = {
    "agencies/models.py",
    "indicators/overview.py",
    "indicators/profiles.py",
    "indicators/totals.py",
}

# Which top-level packages each package must not import.
FORBIDDEN = {
    "agencies": {"indicators", "inspections", "demo", "cchc", "tests"},
    "indicators": {"inspections", "demo", "cchc", "tests"},
    "inspections": {"demo", "cchc", "tests"},
    "demo": {"tests"},
    "cchc": {"agencies", "indicators", "inspections", "demo", "tests"},
}
# The modules of `cchc` that may import app code, and what they may import.
CCHC_MAY_IMPORT = {
    "cchc.context_processors": {"agencies.access", "agencies.models"},
}
# Layering exceptions of today: the apps still use cchc's compiled-query and fragment
# helpers, which the request-path rewrite deletes. Delete these entries with them.
ALLOWED_LAYER_EDGES = {
    ("agencies.auth", "cchc.prepared"),
    ("agencies.models", "cchc.prepared"),
    ("indicators.figure_cache", "cchc.fragments"),
    ("indicators.models.framework", "cchc.prepared"),
    ("indicators.overview", "cchc.prepared"),
    ("indicators.profiles", "cchc.prepared"),
    ("indicators.tables.rankings", "cchc.fragments"),
    ("indicators.tables.rankings", "cchc.prepared"),
    ("indicators.views.dashboard", "cchc.fragments"),
}


# Private APIs in use today. Delete an entry with the code that needs it.
ALLOWED_PRIVATE_USES = {
    # Compiles each query once per shape; the request-path rewrite deletes the module.
    ("cchc.prepared", "get_compiler"),
    # openpyxl's own worksheet parser, driven directly so that hidden rows, merged cells and
    # formulas can be seen (see the module's docstring); the import corpus tests pin it.
    ("indicators.importing.reading", "openpyxl.worksheet._reader"),
}

# Functions that may pass non-literal text to mark_safe: each escapes every value it puts in.
ALLOWED_MARK_SAFE = {
    "cchc.fragments.render_plain",  # a template's output; deleted by the request-path rewrite
    "indicators.templatetags.dashboard.figure_json",  # JSON with <, > and & escaped
    # The ranking table's hand-written cells; the rewrite makes it a plain django-tables2 table.
    "indicators.tables.rankings.RankingTable._header_cells",
    "indicators.tables.rankings.RankingTable._page_rows",
    "indicators.tables.rankings.RankingTable.render_agency",
    "indicators.tables.rankings.RankingTable.render_rank_change",
}


def _modules() -> dict[str, Path]:
    """Dotted name → file of every module of the project, migrations aside."""
    modules = {}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            parts = list(path.relative_to(ROOT).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            modules[".".join(parts)] = path
    return modules


MODULES = _modules()


def _imported_names(module: str, path: Path) -> set[str]:
    """Dotted names each import statement of `module` reaches, at any depth of the file."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = module.split(".")
                if path.name != "__init__.py":
                    base.pop()  # a module's relative imports start at its package
                base = base[: len(base) - (node.level - 1)]
                source = ".".join(base + ([node.module] if node.module else []))
            else:
                source = node.module
            names.add(source)
            names.update(f"{source}.{alias.name}" for alias in node.names)
    return names


def _project_module(name: str) -> str | None:
    """The project module `name` lives in (`indicators.models.Framework` → the package)."""
    while name and name not in MODULES:
        name = name.rpartition(".")[0]
    return name or None


def _graph(*, with_packages: bool) -> dict[str, set[str]]:
    graph = {module: set() for module in MODULES}
    for module, path in MODULES.items():
        for name in _imported_names(module, path):
            target = _project_module(name)
            if target is None or target == module:
                continue
            graph[module].add(target)
            if not with_packages:
                continue
            # Importing a.b.c from outside a.b runs a/b/__init__.py first.
            parts = target.split(".")
            for depth in range(1, len(parts)):
                package = ".".join(parts[:depth])
                if package in MODULES and not (module + ".").startswith(package + "."):
                    graph[module].add(package)
    return graph


GRAPH = _graph(with_packages=True)  # what runs when a module is imported
IMPORTS = _graph(with_packages=False)  # what a module names in its imports


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan's algorithm)."""
    index, low, stack, on_stack, found = {}, {}, [], set(), []

    def visit(module):
        index[module] = low[module] = len(index)
        stack.append(module)
        on_stack.add(module)
        for target in graph[module]:
            if target not in index:
                visit(target)
                low[module] = min(low[module], low[target])
            elif target in on_stack:
                low[module] = min(low[module], index[target])
        if low[module] == index[module]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == module:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for module in sorted(graph):
        if module not in index:
            visit(module)
    return found


def test_no_import_cycle_between_project_modules():
    graph = {
        module: {target for target in targets if (module, target) not in ALLOWED_CYCLE_EDGES}
        for module, targets in GRAPH.items()
    }
    described = [
        " ↔ ".join(cycle)
        + "\n    "
        + "\n    ".join(
            f"{module} → {', '.join(sorted(graph[module] & set(cycle)))}" for module in cycle
        )
        for cycle in _cycles(graph)
    ]
    assert not described, "Import cycles:\n" + "\n".join(described)


@pytest.mark.parametrize("edge", sorted(ALLOWED_CYCLE_EDGES))
def test_each_allowed_cycle_edge_still_closes_a_cycle(edge):
    module, target = edge
    assert target in GRAPH[module], f"{module} no longer imports {target}: delete the entry"
    assert any(module in cycle and target in cycle for cycle in _cycles(GRAPH)), (
        f"{module} → {target} is no longer part of a cycle: delete the entry"
    )


def test_no_module_is_longer_than_the_limit():
    too_long = {
        str(path.relative_to(ROOT)): len(path.read_text(encoding="utf-8").splitlines())
        for path in MODULES.values()
    }
    too_long = {name: lines for name, lines in too_long.items() if lines > MAX_LINES}
    unexpected = {name: n for name, n in too_long.items() if name not in ALLOWED_LONG_MODULES}
    assert not unexpected, f"Modules over {MAX_LINES} lines (split them by job): {unexpected}"
    shrunk = ALLOWED_LONG_MODULES - set(too_long)
    assert not shrunk, f"Under {MAX_LINES} lines now; delete from ALLOWED_LONG_MODULES: {shrunk}"


def _layer_violations() -> set[tuple[str, str]]:
    violations = set()
    for module, targets in IMPORTS.items():
        package = module.partition(".")[0]
        allowed_in_cchc = CCHC_MAY_IMPORT.get(module, set())
        for target in targets:
            if (
                target.partition(".")[0] in FORBIDDEN.get(package, ())
                and target not in allowed_in_cchc
            ):
                violations.add((module, target))
    return violations


def test_dependencies_point_one_way():
    violations = _layer_violations()
    unexpected = sorted(violations - ALLOWED_LAYER_EDGES)
    assert not unexpected, "Imports against the layering:\n" + "\n".join(
        f"  {module} → {target}" for module, target in unexpected
    )
    gone = sorted(ALLOWED_LAYER_EDGES - violations)
    assert not gone, f"No longer imported; delete from ALLOWED_LAYER_EDGES: {gone}"


def test_only_tests_import_demo():
    users = sorted(
        module
        for module, targets in IMPORTS.items()
        if module.partition(".")[0] not in ("demo", "tests")
        and any(target.partition(".")[0] == "demo" for target in targets)
    )
    assert not users, f"Only the tests may import demo: {users}"


def test_the_worker_imports_every_task_module_and_every_scheduled_task():
    """`indicators.tasks` imports none of its modules, so the Celery app must list them."""
    from django.conf import settings

    import indicators.tasks
    from cchc.celery import app

    modules = {
        f"indicators.tasks.{info.name}" for info in pkgutil.iter_modules(indicators.tasks.__path__)
    }
    assert modules <= set(app.conf.include)
    app.loader.import_default_modules()
    scheduled = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert scheduled <= set(app.tasks)


def _trees():
    for module, path in MODULES.items():
        yield module, ast.parse(path.read_text(encoding="utf-8"))


def _private_uses() -> set[tuple[str, str]]:
    uses = set()
    for module, tree in _trees():
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

    for module, tree in _trees():
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
