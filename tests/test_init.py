"""The top-level API: every exported name resolves, and stays a function after its module loads."""

from __future__ import annotations

import importlib

import debatekit as dk


def test_every_export_resolves():
    for name in dk.__all__:
        assert getattr(dk, name) is not None, name


def test_exports_are_not_shadowed_by_submodules():
    """Importing a submodule sets an attribute on the package; no export may share its name."""
    for name, module in dk._EXPORTS.items():
        importlib.import_module(f"debatekit.{module}")
        value = getattr(dk, name)
        assert not isinstance(value, type(dk)), f"dk.{name} is the module, not the function"


def test_jsonschema_format_checkers_load_on_first_use_and_still_check():
    import subprocess
    import sys

    code = """
import sys, importlib.util
installed = [n for n in ("rfc3987_syntax", "rfc3986_validator") if importlib.util.find_spec(n)]
import debatekit, jsonschema
assert all(type(sys.modules[n]).__name__ == "_OnFirstUse" for n in installed), installed
check = jsonschema.FormatChecker()
results = {
    "uri": (check.conforms("https://example.org/a", "uri"), check.conforms("no uri", "uri")),
    "iri": (check.conforms("https://example.org/ä", "iri"), check.conforms("no iri", "iri")),
    "date-time": (check.conforms("2022-09-21T10:00:00Z", "date-time"),
                  check.conforms("yesterday", "date-time")),
    "color": (jsonschema.Draft3Validator.FORMAT_CHECKER.conforms("red", "color"),
              jsonschema.Draft3Validator.FORMAT_CHECKER.conforms("no colour", "color")),
}
print(installed)
for fmt, (good, bad) in results.items():
    assert good and not bad, (fmt, good, bad)
"""
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
