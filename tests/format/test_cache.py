"""What is built once per machine: the compiled schema check, kept in the cache folder.

A kernel's first ``load_debate`` reads the generated check (and its bytecode) instead of
generating and compiling it; a changed schema or fastjsonschema gets a file of its own; a
cache that is missing, unwritable, broken or writable by others is never a reason to fail.
"""

from __future__ import annotations

import gc
import os

import pytest

import debatekit as dk
from debatekit.format import cache, validation, yamlfile


@pytest.fixture
def fresh(tmp_path, monkeypatch):
    """An empty cache folder of this test's own, and no compiled check kept in the process."""
    monkeypatch.setenv(cache.CACHE_ENV, str(tmp_path / "cache"))
    validation._fast_validator.cache_clear()
    yield tmp_path / "cache"
    validation._fast_validator.cache_clear()


def checks_ok(check) -> None:
    d = dk.load_debate("russian_mobilization")
    check(validation._json_keys(d.data))  # a valid debate passes
    import fastjsonschema

    with pytest.raises(fastjsonschema.JsonSchemaException):
        check({**d.data, "format": "debatekit/0"})


def test_generated_once_then_read_by_every_process(fresh, monkeypatch):
    first = validation._fast_validator()
    checks_ok(first)
    kept = list((fresh / "validators").glob("debate_schema_*_fastjsonschema_*.py"))
    assert len(kept) == 1
    assert list((fresh / "validators" / "__pycache__").glob(kept[0].stem + ".*.pyc"))
    import fastjsonschema

    def no_generation(*args, **kwargs):
        raise AssertionError("generated again")

    monkeypatch.setattr(fastjsonschema, "compile_to_code", no_generation)
    monkeypatch.setattr(fastjsonschema, "compile", no_generation)
    validation._fast_validator.cache_clear()  # as a new kernel would start
    checks_ok(validation._fast_validator())


def test_a_file_others_can_change_is_not_run(fresh):
    validation._fast_validator()
    (kept,) = (fresh / "validators").glob("*.py")
    kept.write_text("raise SystemExit('not ours')\n", encoding="utf-8")
    os.chmod(kept, 0o666)
    validation._fast_validator.cache_clear()
    checks_ok(validation._fast_validator())  # not run: generated again, in its place
    assert "def validate(data" in kept.read_text(encoding="utf-8")
    assert not kept.stat().st_mode & 0o022


def test_nothing_is_run_from_a_folder_others_can_change(fresh):
    validation._fast_validator()
    folder = fresh / "validators"
    (kept,) = folder.glob("*.py")
    kept.write_text("raise SystemExit('not ours')\n", encoding="utf-8")
    os.chmod(folder, 0o777)
    try:
        validation._fast_validator.cache_clear()
        checks_ok(validation._fast_validator())  # compiled in memory
    finally:
        os.chmod(folder, 0o755)


def test_a_broken_file_is_generated_again(fresh):
    validation._fast_validator()
    (kept,) = (fresh / "validators").glob("*.py")
    kept.write_text("def validate(:\n", encoding="utf-8")
    validation._fast_validator.cache_clear()
    checks_ok(validation._fast_validator())
    assert "def validate(data" in kept.read_text(encoding="utf-8")


def test_an_unwritable_cache_folder_only_costs_compiling(tmp_path, monkeypatch):
    blocked = tmp_path / "a_file"
    blocked.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv(cache.CACHE_ENV, str(blocked))  # the folder cannot be made
    validation._fast_validator.cache_clear()
    try:
        checks_ok(validation._fast_validator())
        assert dk.validate("russian_mobilization") == []
    finally:
        validation._fast_validator.cache_clear()


def test_another_schema_gets_a_file_of_its_own(fresh):
    import fastjsonschema

    validation._compiled_check({"type": "object"}, fastjsonschema)
    validation._compiled_check({"type": "array"}, fastjsonschema)
    assert len(list((fresh / "validators").glob("*.py"))) == 2


def test_reading_pauses_the_garbage_collector_and_restores_it(tmp_path):
    assert gc.isenabled()
    with yamlfile.collector_paused():
        assert not gc.isenabled()
    assert gc.isenabled()
    bad = tmp_path / "bad.yaml"
    bad.write_text("format: debatekit/1\nid: [\n", encoding="utf-8")
    with pytest.raises(dk.DebateFormatError):
        dk.load_debate(bad)
    assert gc.isenabled()
    gc.disable()
    try:
        dk.load_debate("russian_mobilization")
        assert not gc.isenabled()  # a collector that was off stays off
    finally:
        gc.enable()
