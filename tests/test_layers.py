"""The house's one-way layers, checked mechanically.

Each sub-package of ``debatekit`` is a layer; a module may import its own layer and the
layers below it, never one above (imports inside functions count too):

    errors < format < model < store < work < analysis < classroom < interchange
           < authoring < charts < widgets < cli

and there is no import circle between any two modules.  Analysis (and everything below the
drawing layers) never imports altair or ipywidgets, and ``import debatekit`` stays lazy.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "debatekit"
DRAWING = {"altair", "ipywidgets", "anywidget", "vl_convert", "IPython"}
LAYERS = [
    "errors",
    "format",
    "model",
    "store",
    "work",
    "analysis",
    "classroom",
    "interchange",
    "authoring",
    "charts",
    "widgets",
    "cli",
]
RANK = {layer: i for i, layer in enumerate(LAYERS)}
#: The package's own entry points: ``__init__`` re-exports lazily, ``__main__`` runs the CLI.
ENTRY = {"debatekit", "debatekit.__main__"}


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(path: Path) -> set[str]:
    """Every module a file imports, absolute or resolved from relative, at any depth."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    own = module_name(path)
    package = own if path.name == "__init__.py" else own.rpartition(".")[0]
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = ".".join(package.split(".")[: len(package.split(".")) - node.level + 1])
                mod = f"{base}.{node.module}" if node.module else base
                names.add(mod)
                if not node.module:  # from . import x: x may be a module
                    names |= {f"{base}.{a.name}" for a in node.names}
            else:
                names.add(node.module)
    return names


def layer_of(module: str) -> str | None:
    parts = module.split(".")
    if parts[0] != "debatekit" or module in ENTRY or len(parts) < 2:
        return None
    return parts[1]


def upward_imports(path: Path) -> list[str]:
    """The debatekit modules ``path`` imports from a layer above its own."""
    own = layer_of(module_name(path))
    if own is None:
        return []
    return sorted(
        m for m in imports_of(path) if (other := layer_of(m)) in RANK and RANK[other] > RANK[own]
    )


def all_modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def test_every_subpackage_is_a_known_layer():
    found = {p.name for p in PACKAGE.iterdir() if p.is_dir() and (p / "__init__.py").exists()}
    found |= {p.stem for p in PACKAGE.glob("*.py") if not p.stem.startswith("__")}
    assert found == set(LAYERS), "add a new layer to LAYERS (in its place) and to the README"


@pytest.mark.parametrize("path", all_modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_imports_only_go_down(path):
    up = upward_imports(path)
    assert not up, (
        f"{path.relative_to(PACKAGE)} (layer {layer_of(module_name(path))}) imports {up} from a "
        "layer above: move the code down, or pass what it needs in as an argument"
    )


def test_the_check_catches_an_upward_import(tmp_path, monkeypatch):
    """The rule above would fail on a real upward import (here: the model reaching the CLI)."""
    fake = tmp_path / "debatekit"
    (fake / "model").mkdir(parents=True)
    (fake / "model" / "bad.py").write_text("from ..cli import main\nfrom ..format import x\n")
    monkeypatch.setattr(sys.modules[__name__], "PACKAGE", fake)
    assert upward_imports(fake / "model" / "bad.py") == ["debatekit.cli"]


def test_no_import_circles():
    """No module reaches itself through its imports (lazy imports inside functions included)."""
    known = {module_name(p): p for p in all_modules()}
    graph = {
        m: {i for i in imports_of(p) if i in known and i != m and i not in ENTRY}
        for m, p in known.items()
    }
    # a package's __init__ that only re-exports its own modules is not a circle with them
    for m in graph:
        graph[m] = {i for i in graph[m] if not (m.startswith(i + ".") and i in graph)}
    cycles = []
    state: dict[str, int] = {}

    def visit(node: str, stack: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                cycles.append([*stack[stack.index(nxt) :], nxt])
            elif nxt not in state:
                visit(nxt, [*stack, nxt])
        state[node] = 2

    for m in sorted(graph):
        if m not in state:
            visit(m, [m])
    assert not cycles, "import circles: " + "; ".join(" → ".join(c) for c in cycles)


def test_nothing_below_the_cli_imports_it():
    users = [
        str(p.relative_to(PACKAGE))
        for p in all_modules()
        if layer_of(module_name(p)) not in (None, "cli")
        and any(layer_of(m) == "cli" for m in imports_of(p))
    ]
    assert not users


@pytest.mark.parametrize(
    "path",
    [p for p in all_modules() if layer_of(module_name(p)) not in ("charts", "widgets", "cli")],
    ids=lambda p: str(p.relative_to(PACKAGE)),
)
def test_computation_never_imports_drawing_or_widgets(path):
    found = {n for n in imports_of(path) if n.split(".")[0] in DRAWING}
    found |= {n for n in imports_of(path) if layer_of(n) in ("charts", "widgets")}
    assert not found, f"{path.name} imports {sorted(found)}: move that code to charts/ or widgets/"


@pytest.mark.parametrize("path", sorted((PACKAGE / "charts").glob("*.py")), ids=lambda p: p.name)
def test_charts_do_not_import_widgets(path):
    found = {n for n in imports_of(path) if n.split(".")[0] == "ipywidgets"}
    found |= {n for n in imports_of(path) if layer_of(n) == "widgets"}
    assert not found, f"charts/{path.name} imports {sorted(found)}"


def test_import_debatekit_is_light():
    """`import debatekit` loads neither pandas, altair nor ipywidgets (everything is lazy)."""
    code = (
        "import sys, debatekit; "
        "print(sorted(m for m in ('pandas', 'altair', 'ipywidgets') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_loading_a_debate_does_not_import_drawing():
    code = (
        "import sys, debatekit as dk; dk.load_debate('russian_mobilization'); "
        "print(sorted(m for m in ('altair', 'ipywidgets', 'anywidget') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
