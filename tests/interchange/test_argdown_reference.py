"""The Argdown that debatekit writes, read by the Argdown project's own parser (@argdown/core,
installed from npm into ``.cache/npm`` by ``make test``): no parser or lexer errors, and the
statements, arguments and relations that debatekit meant to write.

Without node or the package the test is skipped, except in CI (``CI=true``), where it fails.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

import debatekit as dk
from debatekit.format.locate import datasets_dir
from debatekit.format.template import new_debate
from debatekit.interchange import export_argdown, import_argdown

REPO = Path(__file__).resolve().parents[2]
MODULES = REPO / ".cache" / "npm" / "node_modules"
BUNDLED = sorted(p.stem for p in datasets_dir().glob("*.yaml"))

# parse, then build Argdown's model of the map; print what it found as JSON
READ = """
const fs = require("fs");
const core = require("@argdown/core");
const app = new core.ArgdownApplication();
app.addPlugin(new core.ParserPlugin(), "parse-input");
app.addPlugin(new core.DataPlugin(), "build-model");
app.addPlugin(new core.ModelPlugin(), "build-model");
const response = app.run({
  process: ["parse-input", "build-model"],
  input: fs.readFileSync(process.argv[2], "utf8"),
  logLevel: "error",
});
console.log(JSON.stringify({
  parserErrors: (response.parserErrors || []).map((e) => e.message),
  lexerErrors: (response.lexerErrors || []).map((e) => e.message),
  statements: Object.keys(response.statements || {}).length,
  arguments: Object.keys(response.arguments || {}).length,
  relations: (response.relations || []).length,
}));
"""


@pytest.fixture(scope="module")
def argdown(tmp_path_factory):
    if shutil.which("node") is None or not (MODULES / "@argdown" / "core").is_dir():
        message = (
            "node and @argdown/core are needed (npm install --prefix .cache/npm @argdown/core@1)"
        )
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    script = tmp_path_factory.mktemp("argdown") / "read.js"
    script.write_text(READ, encoding="utf-8")

    def read(path: Path) -> dict:
        done = subprocess.run(
            ["node", str(script), str(path)],
            capture_output=True,
            text=True,
            timeout=120,
            env={**os.environ, "NODE_PATH": str(MODULES)},
            check=True,
        )
        return json.loads(done.stdout)

    return read


@pytest.mark.parametrize("debate", [*BUNDLED, "template"])
def test_the_argdown_parser_reads_the_export(debate, argdown, tmp_path):
    d = dk.load_debate(new_debate("template", tmp_path) if debate == "template" else debate)
    text, _ = export_argdown(d)
    path = tmp_path / f"{debate}.argdown"
    path.write_text(text, encoding="utf-8")
    found = argdown(path)
    assert found["parserErrors"] == [] and found["lexerErrors"] == []
    stance = dict(zip(d.sides["side"], d.sides["stance"], strict=True))
    answering = set(d.relations["argument"])
    hanging = sum(
        1
        for a, s in zip(d.arguments["argument"], d.arguments["side"], strict=True)
        if a not in answering and stance[s]
    )
    with_reasons = d.reasons["argument"].nunique()
    assert found == {
        "parserErrors": [],
        "lexerErrors": [],
        # the motion, each piece of evidence, each reason and each reconstruction's conclusion
        "statements": 1 + len(d.evidence) + len(d.reasons) + with_reasons,
        "arguments": len(d.arguments),
        # supports/attacks, arguments hanging from the motion, evidence supporting arguments
        "relations": len(d.relations) + hanging + len(d.evidence),
    }
    # and what Argdown reads is what debatekit reads back
    back, _ = import_argdown(path)
    assert len(back["arguments"]) == len(d.arguments)


@pytest.mark.parametrize(
    "name", ["uniforms.argdown", "argdown_constructs.argdown", "argdown_broken.argdown"]
)
def test_our_argdown_fixtures_are_argdown(name, argdown, tmp_path):
    """Our own Argdown test inputs are what the Argdown parser reads without an error (the
    broken one is broken for debatekit's reasons: an argument title is never closed, which
    Argdown reads as text).  ``@include`` is done by Argdown's command line before parsing,
    so it is done here the same way: the included file in its place."""
    folder = REPO / "tests" / "fixtures" / "interchange"
    text = re.sub(
        r"^@include\((.+)\)$",
        lambda m: (folder / m.group(1)).read_text(encoding="utf-8"),
        (folder / name).read_text(encoding="utf-8"),
        flags=re.M,
    )
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    found = argdown(path)
    assert found["parserErrors"] == [] and found["lexerErrors"] == []
    assert found["statements"] + found["arguments"] > 0
