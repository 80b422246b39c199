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
