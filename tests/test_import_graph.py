"""The import graph: the core never imports Qt or ``ui``, ``ui`` never imports the CLI, the core has no cycle.

Read from the source (every ``import``, at module level or inside a function), so a lazy import
counts too: a cycle hidden in a function is still a cycle.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = _module_name(path) if path.name == "__init__.py" else _module_name(path).rpartition(".")[0]
    out: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(package.split(".")[: len(package.split(".")) - node.level + 1] + ([base] if base else []))
            out.add(base)
            out.update(f"{base}.{a.name}" for a in node.names)
    return out


def graph(package: str) -> dict[str, set[str]]:
    """Module → the modules (of any package) it imports."""
    return {_module_name(p): _imports(p) for p in sorted((ROOT / package).rglob("*.py"))}


def _internal(g: dict[str, set[str]]) -> dict[str, set[str]]:
    # ``from gkaudit.x import name`` names a module only when gkaudit/x/name.py exists.
    return {m: {i for i in deps if i in g and i != m} for m, deps in g.items()}


def find_cycle(g: dict[str, set[str]]) -> list[str] | None:
    """One cycle of the graph, as the modules along it, or None."""
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(m: str) -> list[str] | None:
        state[m] = 1
        stack.append(m)
        for dep in sorted(g.get(m, ())):
            # A package's __init__ is run by importing any of its modules: importing a.b imports a.
            if state.get(dep) == 1:
                return [*stack[stack.index(dep):], dep]
            if dep not in state and (found := visit(dep)) is not None:
                return found
        stack.pop()
        state[m] = 2
        return None

    for m in sorted(g):
        if m not in state and (found := visit(m)) is not None:
            return found
    return None


def _with_parents(g: dict[str, set[str]]) -> dict[str, set[str]]:
    """Importing ``a.b.c`` runs ``a/__init__`` and ``a/b/__init__`` first: those are edges too.

    Not for a module's own packages: they are already being imported when it runs.
    """
    out = {m: set(deps) for m, deps in g.items()}
    for m, deps in g.items():
        for dep in list(deps):
            parts = dep.split(".")
            parents = (".".join(parts[:i]) for i in range(1, len(parts)))
            out[m].update(p for p in parents if p in g and p != m and not m.startswith(p + "."))
    return out


def test_the_core_never_imports_qt_or_ui() -> None:
    bad = {m: sorted(i for i in deps if i.split(".")[0] in ("ui", "PySide6", "PyQt5", "PyQt6", "shiboken6"))
           for m, deps in graph("gkaudit").items()}
    assert {m: v for m, v in bad.items() if v} == {}


def test_ui_never_imports_the_command_line() -> None:
    bad = [m for m, deps in graph("ui").items() if any(i == "gkaudit.cli" or i.startswith("gkaudit.cli.") for i in deps)]
    assert bad == []


def test_the_core_has_no_import_cycle() -> None:
    assert find_cycle(_with_parents(_internal(graph("gkaudit")))) is None


def test_the_cycle_finder_finds_a_cycle() -> None:
    # The test above can fail: the finder sees a cycle through a package's __init__.
    g = {"p": {"p.a"}, "p.a": {"q"}, "q": {"p.b"}, "p.b": set()}
    assert find_cycle(_with_parents(g)) == ["p", "p.a", "q", "p"]
    assert find_cycle({"x": {"y"}, "y": set()}) is None
