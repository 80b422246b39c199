"""The set-up promises: one dependency list in two files, CI runs the README's test command."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]


def _name(requirement: str) -> str:
    return re.split(r"[<>=!\[ ;]", requirement.strip(), maxsplit=1)[0].lower().replace("_", "-")


def _pyproject():
    return tomllib.loads((REPO / "pyproject.toml").read_text())


def test_environment_yml_lists_the_same_dependencies_as_pyproject():
    project = _pyproject()["project"]
    wanted = {_name(r) for r in project["dependencies"]}
    for extra in ("lab", "excel", "postgres", "test"):
        wanted |= {_name(r) for r in project["optional-dependencies"][extra]}
    wanted.discard("debatekit")
    env = yaml.safe_load((REPO / "environment.yml").read_text())
    conda = {_name(d) for d in env["dependencies"] if isinstance(d, str)}
    pip = [d for d in env["dependencies"] if isinstance(d, dict) and "pip" in d]
    conda |= {_name(r) for p in pip for r in p["pip"] if not r.startswith("-")}
    conda_names = {"python-build": "build", "python-fastjsonschema": "fastjsonschema"}
    conda = {conda_names.get(n, n) for n in conda}
    assert wanted - conda == set(), "add these to environment.yml"
    assert conda - wanted - {"python", "pip"} == set(), "add these to pyproject.toml"
    assert "python>=3.11" in env["dependencies"]


def test_ci_runs_the_readme_test_command():
    readme = (REPO / "README.md").read_text()
    ci = (REPO / ".ci" / "run").read_text()
    assert "make test" in ci
    assert "make test" in readme and "make lab" in readme


def test_bundled_datasets_go_into_the_wheel():
    wheel = _pyproject()["tool"]["hatch"]["build"]["targets"]["wheel"]
    assert wheel["force-include"]["datasets"] == "debatekit/datasets"


def test_the_voila_settings_go_into_the_wheel():
    # the classroom server reads them (debatekit.classroom.server.voila_config_file)
    build = _pyproject()["tool"]["hatch"]["build"]["targets"]
    assert build["wheel"]["force-include"]["voila.json"] == "debatekit/voila.json"
    assert "voila.json" in build["sdist"]["include"]
