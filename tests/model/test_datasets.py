"""Bundled debates: found by id in a source checkout and in an installed wheel; names become paths."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import pandas as pd
import pytest

import debatekit as dk
from debatekit.errors import DebateFormatError
from debatekit.format.locate import datasets_dir, resolve

REPO = Path(__file__).resolve().parents[2]


def test_the_source_checkout_uses_the_top_level_datasets_folder():
    assert datasets_dir() == REPO / "datasets"
    assert (datasets_dir() / "russian_mobilization.yaml").is_file()


def test_list_debates_is_a_table_of_every_bundled_file():
    table = dk.list_debates()
    assert list(table.columns) == ["debate", "title", "motion", "arguments", "path"]
    assert sorted(table["debate"]) == sorted(p.stem for p in datasets_dir().glob("*.yaml"))
    row = table.set_index("debate").loc["russian_mobilization"]
    d = dk.load_debate("russian_mobilization")
    assert (row["title"], row["motion"], row["arguments"]) == (d.title, d.motion, len(d.arguments))
    assert Path(row["path"]) == datasets_dir() / "russian_mobilization.yaml"


def test_an_id_resolves_to_the_bundled_file():
    assert resolve("russian_mobilization") == datasets_dir() / "russian_mobilization.yaml"


def test_a_misspelt_id_suggests_the_right_one():
    with pytest.raises(DebateFormatError) as info:
        resolve("russian_mobilisation")
    [p] = info.value.problems
    assert p.code == "unknown_debate"
    assert p.fix == "did you mean 'russian_mobilization'?"
    assert "russian_mobilization" in p.allowed
    assert str(info.value).startswith("1 problem in debate name russian_mobilisation:")


def test_an_unknown_id_without_a_near_match_says_what_to_pass():
    with pytest.raises(DebateFormatError) as info:
        dk.load_debate("zzz")
    assert "give the path of a .yaml file" in info.value.problems[0].fix


def test_paths_pass_through(small_debate):
    assert resolve(small_debate) == small_debate
    assert resolve(str(small_debate)) == small_debate
    assert resolve("elsewhere/debate.yaml") == Path("elsewhere/debate.yaml")
    assert resolve("debate.yml") == Path("debate.yml")


def test_an_instructors_file_loads_by_path_like_a_bundled_one(small_debate):
    for source in (small_debate, str(small_debate)):
        d = dk.load_debate(source)
        assert d.id == "uniforms"
        assert d.path == small_debate
        assert list(d.arguments["argument"]) == ["equality", "cost_burden"]


def test_a_loaded_debate_or_a_dict_is_accepted(small_debate):
    import yaml

    d = dk.load_debate(small_debate)
    assert dk.load_debate(d) is d
    from_dict = dk.load_debate(yaml.safe_load(small_debate.read_text()))
    assert from_dict.path is None
    pd.testing.assert_frame_equal(from_dict.arguments, d.arguments)


def test_a_table_instead_of_a_name_gets_a_hint():
    with pytest.raises(DebateFormatError) as info:
        dk.load_debate(pd.DataFrame({"a": [1]}))
    [p] = info.value.problems
    assert p.code == "wrong_type"
    assert "found DataFrame" in p.message
    assert "not a table" in p.fix


def test_a_missing_path_is_a_problem_not_a_traceback(tmp_path):
    with pytest.raises(DebateFormatError) as info:
        dk.load_debate(tmp_path / "nope.yaml")
    assert info.value.problems[0].code == "missing_file"


# -- an installed wheel ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def installed_wheel(tmp_path_factory) -> tuple[Path, Path]:
    """Build the wheel from this checkout (no network: the build backend is already installed)
    and unpack it with pip into a folder of its own.  Returns (wheel, folder)."""
    # --no-isolation: the build backend must already be installed (no download during tests).
    pytest.importorskip("hatchling", reason="the build backend hatchling is not installed")
    pytest.importorskip("build", reason="the 'build' package is not installed")
    tmp = tmp_path_factory.mktemp("wheel")
    build = subprocess.run(
        [
            sys.executable,
            "-m",
            "build",
            "--wheel",
            "--no-isolation",
            "--outdir",
            str(tmp),
            str(REPO),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert build.returncode == 0, build.stderr[-3000:]
    [wheel] = tmp.glob("debatekit-*.whl")
    target = tmp / "site"
    install = subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "--no-index", "--quiet",
         "--disable-pip-version-check", "--target", str(target), str(wheel)],
        capture_output=True,
        text=True,
        timeout=300,
    )  # fmt: skip
    assert install.returncode == 0, install.stderr[-3000:]
    return wheel, target


@pytest.mark.slow
def test_the_wheel_carries_the_data_files(installed_wheel):
    wheel, _ = installed_wheel
    names = set(zipfile.ZipFile(wheel).namelist())
    bundled = {f"debatekit/datasets/{p.name}" for p in (REPO / "datasets").glob("*.yaml")}
    assert bundled <= names
    assert {"debatekit/debate.schema.json", "debatekit/format/vocabulary.yaml"} <= names
    assert not any(n.startswith(("tests/", "notebooks/", "benchmarks/")) for n in names)


@pytest.mark.slow
def test_bundled_debates_load_from_the_installed_wheel(installed_wheel, tmp_path):
    _, target = installed_wheel
    # The wheel's copy goes first on sys.path; pandas, yaml and jsonschema still come from this
    # environment's site-packages.  The working directory is an empty folder, so neither the
    # checkout nor its datasets/ folder can be picked up by accident.
    code = textwrap.dedent(
        f"""
        import sys
        sys.path.insert(0, {str(target)!r})
        from pathlib import Path
        import debatekit as dk
        from debatekit.format.locate import datasets_dir
        from debatekit.format.schema import SCHEMA_PATH
        print(Path(dk.__file__).resolve())
        print(datasets_dir().resolve())
        print(SCHEMA_PATH.resolve(), SCHEMA_PATH.is_file())
        print(",".join(dk.list_debates()["debate"]))
        d = dk.load_debate("russian_mobilization")
        print(len(d.arguments), dk.validate("russian_mobilization"))
        """
    )
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path, env=env,
        timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-3000:]
    package, folder, schema, listed, loaded = result.stdout.splitlines()
    target = target.resolve()
    assert Path(package).is_relative_to(target), package
    assert Path(folder) == target / "debatekit" / "datasets"
    assert schema == f"{target / 'debatekit' / 'debate.schema.json'} True"
    assert "russian_mobilization" in listed.split(",")
    assert loaded == f"{len(dk.load_debate('russian_mobilization').arguments)} []"
