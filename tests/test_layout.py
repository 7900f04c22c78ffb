"""The dependency graph between top-level packages, as the README's layout section draws it:
no cycle, and no edge the drawing does not show (lazy imports inside functions count too)."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("pipeline", "ocr", "storage", "app", "flows", "web", "sohoa")

#: what each package may import (README, "Layout")
ALLOWED = {
    "pipeline": set(),
    "ocr": {"pipeline"},
    "storage": {"pipeline"},
    "app": {"pipeline", "ocr", "storage"},
    "flows": {"app", "pipeline"},
    "web": {"app", "pipeline"},
    "sohoa": {"app", "flows", "web", "pipeline", "ocr", "storage"},
}


def imports_between_packages() -> dict[str, set[str]]:
    edges: dict[str, set[str]] = {p: set() for p in PACKAGES}
    for pkg in PACKAGES:
        for path in (ROOT / pkg).rglob("*.py"):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for node in ast.walk(tree):
                names = []
                if isinstance(node, ast.Import):
                    names = [a.name for a in node.names]
                elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                    names = [node.module]
                for name in names:
                    top = name.split(".")[0]
                    if top in PACKAGES and top != pkg:
                        edges[pkg].add(top)
    return edges


def test_packages_import_only_what_the_layout_allows():
    edges = imports_between_packages()
    extra = {p: sorted(edges[p] - ALLOWED[p]) for p in PACKAGES if edges[p] - ALLOWED[p]}
    assert extra == {}


def test_no_cycle_between_packages():
    edges = imports_between_packages()
    state: dict[str, int] = {}

    def visit(p: str, path: list[str]) -> None:
        state[p] = 1
        for q in edges[p]:
            assert state.get(q) != 1, f"cycle: {' -> '.join([*path, p, q])}"
            if q not in state:
                visit(q, [*path, p])
        state[p] = 2

    for p in PACKAGES:
        if p not in state:
            visit(p, [])
