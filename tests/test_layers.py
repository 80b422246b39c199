"""The house's one-way layers, checked mechanically.

data (yamlfile, schema, validation) → model (debate, rubric, student, store, submission)
→ analysis (pandas/numpy only) → charts (altair) / widgets (ipywidgets) → notebooks.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "debatekit"
DRAWING = {"altair", "ipywidgets", "anywidget", "vl_convert", "IPython"}


def imports_of(path: Path) -> set[str]:
    """Top-level names of every module a file imports (absolute, or resolved from relative)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                parts = path.relative_to(PACKAGE.parent).with_suffix("").parts[: -node.level]
                base = ".".join(parts)
                mod = f"{base}.{node.module}" if node.module else base
                names.add(mod)
                if not node.module:
                    names |= {f"{base}.{a.name}" for a in node.names}
            else:
                names.add(node.module)
    return names


def modules(*, exclude_dirs=("charts", "widgets")):
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE)
        if rel.parts[0] in exclude_dirs:
            continue
        yield path


@pytest.mark.parametrize("path", list(modules()), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_computation_never_imports_drawing_or_widgets(path):
    found = {n for n in imports_of(path) if n.split(".")[0] in DRAWING}
    found |= {
        n for n in imports_of(path) if n.startswith(("debatekit.charts", "debatekit.widgets"))
    }
    assert not found, f"{path.name} imports {sorted(found)}: move that code to charts/ or widgets/"


@pytest.mark.parametrize("path", sorted((PACKAGE / "charts").glob("*.py")), ids=lambda p: p.name)
def test_charts_do_not_import_widgets(path):
    found = {n for n in imports_of(path) if n.split(".")[0] == "ipywidgets"}
    found |= {n for n in imports_of(path) if n.startswith("debatekit.widgets")}
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
