"""Property-based fuzzing: whatever a debate file or a submission folder holds, the answer is
"valid" or located problems, never a traceback, and it comes in seconds.

Small on purpose (a few dozen examples each, derandomized) so that it runs in every test run;
raise ``max_examples`` locally to search harder.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import debatekit as dk
from debatekit.classroom.collect import STATUSES, collect
from debatekit.errors import DebateFormatError
from debatekit.format.validation import validate

BASE = (Path(__file__).resolve().parents[1] / "broken" / "_base.yaml").read_text()
LINES = BASE.splitlines(keepends=True)
#: far more than any example needs: a hang or a quadratic blow-up fails, a busy machine not
LIMIT_SECONDS = 30

FUZZ = settings(
    max_examples=40,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# pieces a careless or hostile author puts in a YAML file
YAML_PIECES = st.sampled_from(
    [
        "title: again\n", "rhetoric: []\n", "  - id: equality\n", "2022-02-30", "0000-01-01",
        "!!int 'abc'", "!!float x", "!!bool maybe", "!!python/object:os.system", "9" * 5000,
        "&a [1]", "*a", "[" * 200, "]" * 200, "{", "}", ": ", "- ", "\t", "\x07", "\x1b[2J",
        "\u202e", "'", '"', "#", "\n", "  ", "~", "null", "yes", "-.inf", "0x1F", "1e400",
        "2022-03-01 10:00:00 +99:00", "stance: 99\n", "side: nowhere\n", "id: Bad Id\n",
    ]
)  # fmt: skip


@st.composite
def debate_texts(draw) -> str:
    lines = list(LINES)
    for _ in range(draw(st.integers(1, 4))):
        i = draw(st.integers(0, len(lines)))
        piece = draw(st.one_of(YAML_PIECES, st.text(max_size=30)))
        if draw(st.booleans()) and i < len(lines):
            j = draw(st.integers(0, len(lines[i])))
            lines[i] = lines[i][:j] + piece + lines[i][j:]
        else:
            lines.insert(i, piece)
    return "".join(lines)


@FUZZ
@given(text=debate_texts())
def test_a_mangled_debate_file_is_valid_or_located(tmp_path, text):
    path = tmp_path / "fuzzed.yaml"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    start = time.monotonic()
    problems = validate(path)
    assert time.monotonic() - start < LIMIT_SECONDS
    for p in problems:
        assert p.file == str(path)
        assert p.line is not None or p.code in ("empty_file", "not_utf8"), p
        assert p.message
    if problems:
        text = str(DebateFormatError(problems))
        assert "\x1b" not in text and "\x07" not in text
        with pytest.raises(DebateFormatError):
            dk.load_debate(path)


# -- submissions ---------------------------------------------------------------------------

JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20)
    | st.sampled_from(["9999-12-31T23:59:59Z", "0001-01-01", "2099-01-01T00:00:00Z",
                       "/etc/passwd", "=HYPERLINK(\"x\")", "\x1b[2J", "Zoe\u0308"]),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4),
    max_leaves=12,
)  # fmt: skip

DATES = st.sampled_from(
    ["0001-01-01T00:00:00Z", "9999-12-31T23:59:59Z", "2099-01-01T00:00:00Z", "1677-09-21",
     "2262-04-12T00:00:00Z", "2024-02-30T10:00:00Z", "2024-03-01T10:00:00+99:00", ""]
)  # fmt: skip

FIELDS = ["format", "debate", "debate_version", "student", "exported_at", "rubric", "scores",
          "votes", "comments", "rhetoric_guesses"]  # fmt: skip
TABLES = ["scores", "votes", "comments", "rhetoric_guesses"]


def as_columns(doc: dict) -> dict:
    """The same submission in format version 2 (each table an object of columns)."""
    out = {**doc, "format": "debatekit-submission/2"}
    for table in TABLES:
        rows = doc[table]
        names = list(dict.fromkeys(k for r in rows for k in r))
        out[table] = {k: [r.get(k) for r in rows] for k in names}
    return out


@pytest.fixture(scope="module")
def valid_doc() -> dict:
    d = dk.load_debate("russian_mobilization")
    a = d.visible_arguments()["argument"].iloc[0]
    c = str(d.rubric_spec.criteria["criterion"].iloc[0])
    return {
        "format": "debatekit-submission/1", "debate": d.id, "debate_version": d.version,
        "student": "Ana", "exported_at": "2024-03-01T10:00:00Z",
        "rubric": {"id": "default", "min": d.rubric_spec.min, "max": d.rubric_spec.max},
        "scores": [{"argument": a, "criterion": c, "score": d.rubric_spec.min,
                    "not_assessable": False, "updated_at": "2024-03-01T09:00:00Z"}],
        "votes": [{"phase": "pre", "issue": "motion", "stance": 1}],
        "comments": [], "rhetoric_guesses": [],
    }  # fmt: skip


@st.composite
def submissions(draw, valid: dict) -> bytes:
    kind = draw(st.sampled_from(["mutated", "mutated", "entry", "date", "digits", "json", "bytes"]))
    if kind == "bytes":
        return draw(st.binary(max_size=200))
    if kind == "json":
        return json.dumps(draw(JSON)).encode()
    doc = json.loads(json.dumps(valid))
    columns = draw(st.booleans())  # format version 2, as the notebooks write it now
    if kind == "date":
        doc[draw(st.sampled_from(["exported_at", "student"]))] = draw(DATES)
        doc["scores"][0]["updated_at"] = draw(DATES)
    if kind == "digits":  # a number JSON can write but Python will not read back
        text = json.dumps(doc)
        return text.replace(
            '"score": ', '"score": ' + "9" * draw(st.integers(4000, 6000)), 1
        ).encode()
    if kind == "entry" and not columns:
        table = draw(st.sampled_from(TABLES))
        doc[table].append(draw(JSON))
    if columns:
        doc = as_columns(doc)
    if kind == "entry" and columns:  # a value in one column: a wrong type, or one too many
        table = draw(st.sampled_from(["scores", "votes"]))
        column = draw(st.sampled_from(sorted(doc[table])))
        if draw(st.booleans()):
            doc[table][column].append(draw(JSON))
        else:
            doc[table][column][0] = draw(JSON)
    for _ in range(draw(st.integers(1, 3))):
        doc[draw(st.sampled_from(FIELDS))] = draw(JSON)
    return json.dumps(doc, ensure_ascii=draw(st.booleans())).encode()


@FUZZ
@given(data=st.data())
def test_a_folder_of_mangled_submissions_is_collected_in_full(tmp_path_factory, valid_doc, data):
    folder = tmp_path_factory.mktemp("class")
    (folder / "ana.json").write_text(json.dumps(valid_doc))
    n = data.draw(st.integers(1, 4))
    for i in range(n):
        (folder / f"s{i}.json").write_bytes(data.draw(submissions(valid_doc)))
    start = time.monotonic()
    res = collect(folder, debate="russian_mobilization", progress=False)
    assert time.monotonic() - start < LIMIT_SECONDS
    assert sorted(res.report["file"]) == sorted(["ana.json", *(f"s{i}.json" for i in range(n))])
    assert set(res.report["status"].astype(str)) <= set(STATUSES)
    bad = res.report[~res.report["kept"]]
    assert (bad["reason"].str.len() > 0).all()
