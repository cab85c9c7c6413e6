"""Imports flow one way: documents → rules → lint/aggregate → reporters/site/plugin/CLI.

Every module of `sre_docs/` is parsed with `ast`; every import counts, at module level, inside
functions and under `TYPE_CHECKING`. Importing `a.b.c` also runs the packages `a.b` and `a`,
except the packages the importing module itself belongs to (they are already running)."""

from __future__ import annotations

import ast
from pathlib import Path

import sre_docs

PACKAGE = Path(sre_docs.__file__).parent

KNOWN_EXCEPTIONS: frozenset[tuple[str, str]] = frozenset(
    {
        # The parsed `mkdocs.yml` kept in the cache folder (`config._remember`) and the cache
        # reading the configuration: both sides belong to the cache rewrite, which removes
        # the stored configuration.
        ("sre_docs.config", "sre_docs.cache"),
    }
)
"""Edges left out of the graph, each with the reason it is still there."""


def _modules() -> dict[str, Path]:
    modules = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        modules[".".join(parts)] = path
    return modules


def _packages_of(name: str) -> set[str]:
    parts = name.split(".")
    return {".".join(parts[:end]) for end in range(1, len(parts))}


def import_graph() -> dict[str, set[str]]:
    """Module → the modules of the package its imports run."""
    modules = _modules()
    graph: dict[str, set[str]] = {name: set() for name in modules}
    for name, path in modules.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        own = {*_packages_of(name), name}
        if path.name == "__init__.py":
            own.add(name)
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            targets: list[str] = []
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                if node.level:
                    base = package.split(".")[: len(package.split(".")) - node.level + 1]
                    source = ".".join([*base, *([node.module] if node.module else [])])
                else:
                    source = node.module or ""
                targets = [source, *(f"{source}.{alias.name}" for alias in node.names)]
            for target in targets:
                for module in {target, *_packages_of(target)}:
                    if module in modules and module not in own:
                        if (name, module) not in KNOWN_EXCEPTIONS:
                            graph[name].add(module)
    return graph


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import circle as a path (first module repeated at the end), or None."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(module: str) -> list[str] | None:
        state[module] = 1
        path.append(module)
        for target in sorted(graph[module]):
            if state.get(target) == 1:
                return [*path[path.index(target) :], target]
            if target not in state:
                found = visit(target)
                if found:
                    return found
        path.pop()
        state[module] = 2
        return None

    for module in sorted(graph):
        if module not in state:
            found = visit(module)
            if found:
                return found
    return None


def test_the_package_has_no_import_circle() -> None:
    cycle = find_cycle(import_graph())
    assert cycle is None, " → ".join(cycle or ())


def test_known_exceptions_are_still_needed() -> None:
    """An exception that no longer exists in the code must be removed from the list."""
    graph = import_graph()
    for source, target in KNOWN_EXCEPTIONS:
        graph[source].add(target)
        assert find_cycle(graph) is not None, (source, target)
        graph[source].discard(target)


def test_the_graph_sees_function_level_imports() -> None:
    graph = import_graph()
    assert "sre_docs.rules" in graph["sre_docs.linter"]  # module level
    assert "sre_docs.linter" in graph["sre_docs.export"]  # inside a function
    # A circle made of a function-level import is found.
    graph["sre_docs.doctypes"].add("sre_docs.cli")
    assert find_cycle(graph) is not None


def test_the_type_registry_and_the_documents_import_nothing_above_them() -> None:
    graph = import_graph()
    low = {"sre_docs.doctypes", "sre_docs.model", "sre_docs.body", "sre_docs.loader"}
    above = {"sre_docs.rules", "sre_docs.linter", "sre_docs.aggregate", "sre_docs.cli"}
    for module in low:
        seen, stack = set(), [module]
        while stack:
            for target in graph[stack.pop()] - seen:
                seen.add(target)
                stack.append(target)
        assert not seen & above, (module, seen & above)
