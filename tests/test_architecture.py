"""The project's layout, checked from the source with `ast`.

- No import cycle between the project's modules. Every `import` counts, at the top of a
  module or inside a function: an import moved into a function to dodge a cycle is still
  a cycle, to be fixed by putting the code where it belongs. Importing `a.b.c` from outside
  the package `a.b` runs `a/b/__init__.py` too, so it depends on that package as well.
- No module over `MAX_LINES` lines, application code and tests alike (migrations aside):
  a module past that splits by job, not by layer.
- Dependencies point one way: `agencies` ← `indicators` ← `inspections` ← `national`;
  `demo` may use them all and nobody but the tests uses `demo`. `cchc` is the project's
  wiring: the apps do not import it, and it imports app code only where wiring needs it —
  the context processor reads `agencies.access` and `agencies.models`; settings and urls name the
  apps by dotted strings, which are not imports.
- The Celery worker imports every task module (the tasks package imports none of them).

Each allow-list names the exact exceptions of today with the reason; an entry that no
longer matches anything fails the test, so whoever removes the exception removes the
entry too. The dangerous constructs are checked in test_dangerous_constructs.py.
"""

import pkgutil

from tests.project_source import MODULES, ROOT, imported_names, project_module

MAX_LINES = 450


# Which top-level packages each package must not import.
FORBIDDEN = {
    "agencies": {"indicators", "inspections", "national", "demo", "cchc", "tests"},
    "indicators": {"inspections", "national", "demo", "cchc", "tests"},
    "inspections": {"national", "demo", "cchc", "tests"},
    "national": {"demo", "cchc", "tests"},
    "demo": {"tests"},
    "cchc": {"agencies", "indicators", "inspections", "national", "demo", "tests"},
}
# The modules of `cchc` that may import app code, and what they may import.
CCHC_MAY_IMPORT = {
    "cchc.context_processors": {"agencies.access", "agencies.models"},
}
# Layering exceptions. Delete each entry with the import it allows.
ALLOWED_LAYER_EDGES: set[tuple[str, str]] = set()


def _graph(*, with_packages: bool) -> dict[str, set[str]]:
    graph = {module: set() for module in MODULES}
    for module, path in MODULES.items():
        for name in imported_names(module, path):
            target = project_module(name)
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
    graph = GRAPH
    described = [
        " ↔ ".join(cycle)
        + "\n    "
        + "\n    ".join(
            f"{module} → {', '.join(sorted(graph[module] & set(cycle)))}" for module in cycle
        )
        for cycle in _cycles(graph)
    ]
    assert not described, "Import cycles:\n" + "\n".join(described)


def test_no_module_is_longer_than_the_limit():
    too_long = {
        str(path.relative_to(ROOT)): len(path.read_text(encoding="utf-8").splitlines())
        for path in MODULES.values()
    }
    too_long = {name: lines for name, lines in too_long.items() if lines > MAX_LINES}
    assert not too_long, f"Modules over {MAX_LINES} lines (split them by job): {too_long}"


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
