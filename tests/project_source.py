"""The project's Python modules as `ast` trees, for the tests that read the source."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("agencies", "indicators", "inspections", "national", "demo", "cchc", "tests")


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


def imported_names(module: str, path: Path) -> set[str]:
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


def project_module(name: str) -> str | None:
    """The project module `name` lives in (`indicators.models.Framework` → the package)."""
    while name and name not in MODULES:
        name = name.rpartition(".")[0]
    return name or None


def trees():
    """(dotted name, parsed module) of every module of the project."""
    for module, path in MODULES.items():
        yield module, ast.parse(path.read_text(encoding="utf-8"))
