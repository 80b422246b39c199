"""Every bundled debate loads into the documented tidy tables; the seed debate is faithful to its source.

The first part runs for each bundled debate (``datasets/*.yaml``).  The second checks
``russian_mobilization`` against the article it is drawn from: quotes are verbatim, names are
real, nothing the article quotes is missing, and the added (balancing) arguments say so.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pandas as pd
import pytest
import yaml

import debatekit as dk
from debatekit.format.locate import datasets_dir
from debatekit.model.debate import TABLES, Debate

BUNDLED = sorted(p.stem for p in datasets_dir().glob("*.yaml"))

# The columns Debate's docstring promises, in order (and the docstring is checked against them).
COLUMNS = {
    "sources": [
        "source", "title", "kind", "outlet", "author", "date", "url", "first_paragraph", "notes",
    ],
    "sides": ["side", "label", "summary", "stance"],
    "actors": [
        "actor", "name", "kind", "country", "role", "side", "description", "source", "paragraph",
    ],
    "issues": ["issue", "question", "description", "no_means", "yes_means", "is_motion"],
    "arguments": [
        "argument", "side", "actor", "title", "claim", "reasons", "warrant", "origin",
        "added_note", "hidden", "source", "paragraph", "order",
    ],
    "argument_issues": ["argument", "issue"],
    "relations": ["argument", "target", "relation"],
    "reasons": ["argument", "n", "reason"],
    "evidence": [
        "evidence", "argument", "kind", "text", "speaker", "reported_by", "source", "paragraph",
        "note",
    ],
    "stances": ["actor", "issue", "stance", "evidence", "basis", "note"],
    "rubric": ["criterion", "label", "prompt", "weight", "order"],
    "rubric_levels": ["criterion", "level", "description"],
    "rhetoric": [
        "rhetoric", "quote", "device", "argument", "actor", "explanation", "source", "paragraph",
    ],
    "rhetoric_devices": ["rhetoric", "device", "primary", "why"],
    "key_scores": ["argument", "criterion", "score", "why"],
}  # fmt: skip

# Which column is the table's own id (unique), per table.
KEYS = {
    "sources": ["source"],
    "sides": ["side"],
    "actors": ["actor"],
    "issues": ["issue"],
    "arguments": ["argument"],
    "argument_issues": ["argument", "issue"],
    "relations": ["argument", "target", "relation"],
    "reasons": ["argument", "n"],
    "evidence": ["evidence"],
    "stances": ["actor", "issue"],
    "rubric": ["criterion"],
    "rubric_levels": ["criterion", "level"],
    "rhetoric": ["rhetoric"],
    "rhetoric_devices": ["rhetoric", "device"],
    "key_scores": ["argument", "criterion"],
}

# (table, column) -> (table, column) it must resolve to; missing values are allowed.
FOREIGN_KEYS = [
    (("actors", "side"), ("sides", "side")),
    (("actors", "source"), ("sources", "source")),
    (("arguments", "side"), ("sides", "side")),
    (("arguments", "actor"), ("actors", "actor")),
    (("arguments", "source"), ("sources", "source")),
    (("argument_issues", "argument"), ("arguments", "argument")),
    (("argument_issues", "issue"), ("issues", "issue")),
    (("relations", "argument"), ("arguments", "argument")),
    (("relations", "target"), ("arguments", "argument")),
    (("reasons", "argument"), ("arguments", "argument")),
    (("evidence", "argument"), ("arguments", "argument")),
    (("evidence", "speaker"), ("actors", "actor")),
    (("evidence", "source"), ("sources", "source")),
    (("stances", "actor"), ("actors", "actor")),
    (("stances", "issue"), ("issues", "issue")),
    (("stances", "evidence"), ("evidence", "evidence")),
    (("rubric_levels", "criterion"), ("rubric", "criterion")),
    (("rhetoric", "argument"), ("arguments", "argument")),
    (("rhetoric", "actor"), ("actors", "actor")),
    (("rhetoric", "source"), ("sources", "source")),
    (("rhetoric_devices", "rhetoric"), ("rhetoric", "rhetoric")),
    (("key_scores", "argument"), ("arguments", "argument")),
    (("key_scores", "criterion"), ("rubric", "criterion")),
]

STRING_COLUMNS = {
    ("sources", "source"), ("actors", "actor"), ("issues", "issue"), ("issues", "question"),
    ("arguments", "argument"), ("arguments", "claim"), ("arguments", "title"),
    ("argument_issues", "argument"), ("argument_issues", "issue"), ("relations", "argument"),
    ("relations", "target"), ("reasons", "reason"), ("evidence", "evidence"),
    ("evidence", "argument"), ("evidence", "text"), ("stances", "actor"),
    ("rhetoric", "rhetoric"), ("rhetoric", "quote"), ("rhetoric_devices", "rhetoric"),
    ("rhetoric_devices", "why"), ("key_scores", "argument"),
}  # fmt: skip
INT_COLUMNS = {
    ("sides", "stance"), ("actors", "paragraph"), ("arguments", "paragraph"),
    ("arguments", "order"), ("reasons", "n"), ("evidence", "paragraph"), ("stances", "stance"),
    ("rubric_levels", "level"), ("rhetoric", "paragraph"), ("key_scores", "score"),
}  # fmt: skip


@pytest.fixture(scope="module", params=BUNDLED)
def debate(request) -> Debate:
    return dk.load_debate(request.param)


def test_there_is_at_least_the_seed_debate():
    assert "russian_mobilization" in BUNDLED
    listed = dk.list_debates()
    assert list(listed["debate"]) == BUNDLED
    assert list(listed.columns) == ["debate", "title", "motion", "arguments", "path"]


def test_loads_and_validates(debate):
    assert dk.validate(debate.id) == []
    assert debate.path is not None and debate.path.stem == debate.id
    assert f"<Debate {debate.id!r}" in repr(debate)


def test_the_docstring_documents_every_column():
    doc = " ".join(Debate.__doc__.split())
    for table, columns in COLUMNS.items():
        for column in columns:
            assert f"``{column}``" in doc, (table, column)
    assert set(COLUMNS) == set(TABLES)


def test_tables_have_the_documented_columns(debate):
    for table, columns in COLUMNS.items():
        assert list(getattr(debate, table).columns) == columns, table
    assert set(debate.tables) == set(TABLES)


def test_column_dtypes(debate):
    for table, column in STRING_COLUMNS:
        assert getattr(debate, table)[column].dtype == "str", (table, column)
    for table, column in INT_COLUMNS:
        assert str(getattr(debate, table)[column].dtype) == "Int64", (table, column)
    side_ids = [s["id"] for s in debate.data["sides"]]
    for table in ("sides", "arguments", "actors"):
        side = getattr(debate, table)["side"]
        assert isinstance(side.dtype, pd.CategoricalDtype), table
        assert side.cat.ordered, table
        assert list(side.cat.categories) == side_ids, table
    assert debate.rubric["criterion"].cat.ordered
    assert debate.arguments["hidden"].dtype == bool
    assert debate.issues["is_motion"].dtype == bool


def test_ids_are_unique(debate):
    for table, key in KEYS.items():
        frame = getattr(debate, table)
        dupes = frame[frame.duplicated(key, keep=False)]
        assert dupes.empty, f"{table}: duplicated {key}:\n{dupes[key]}"


@pytest.mark.parametrize("fk", FOREIGN_KEYS, ids=lambda fk: f"{fk[0][0]}.{fk[0][1]}")
def test_every_reference_resolves(debate, fk):
    (table, column), (target, key) = fk
    left = getattr(debate, table)[[column]].dropna().astype("str")
    right = getattr(debate, target)[[key]].astype("str").rename(columns={key: column})
    merged = left.merge(right.drop_duplicates(), on=column, how="left", indicator=True)
    dangling = merged.loc[merged["_merge"] != "both", column].tolist()
    assert dangling == [], f"{table}.{column} points to no {target}.{key}: {dangling}"


def test_the_issues_table_starts_with_the_motion(debate):
    first = debate.issues.iloc[0]
    assert first["issue"] == "motion"
    assert first["question"] == debate.motion
    assert debate.issues["is_motion"].tolist() == [True] + [False] * (len(debate.issues) - 1)


def test_tables_follow_the_file(debate):
    data = debate.data
    assert len(debate.arguments) == len(data["arguments"])
    assert debate.arguments["order"].tolist() == list(range(len(data["arguments"])))
    assert len(debate.relations) == sum(
        len(a.get("supports") or []) + len(a.get("attacks") or []) for a in data["arguments"]
    )
    assert len(debate.reasons) == sum(len(a.get("reasons") or []) for a in data["arguments"])
    assert len(debate.evidence) == len(data.get("evidence") or [])
    assert len(debate.issues) == 1 + len(data.get("issues") or [])


def test_rhetoric_devices_hold_each_main_device_then_the_further_ones(debate):
    table = debate.rhetoric_devices
    assert table["primary"].dtype == bool
    assert isinstance(table["device"].dtype, pd.CategoricalDtype)
    primary = table[table["primary"]].reset_index(drop=True)
    assert primary["rhetoric"].tolist() == debate.rhetoric["rhetoric"].tolist()
    assert (
        primary["device"].astype("str").tolist() == debate.rhetoric["device"].astype("str").tolist()
    )
    assert primary["why"].tolist() == debate.rhetoric["explanation"].tolist()
    further = [
        (r["id"], o["device"], o["why"])
        for r in debate.data.get("rhetoric") or []
        for o in r.get("also") or []
    ]
    rest = table[~table["primary"]]
    rows = zip(rest["rhetoric"], rest["device"].astype("str"), rest["why"], strict=True)
    assert list(rows) == further


def test_a_phrase_with_several_defensible_devices_loads_as_one_row_each(small_debate):
    base_data = yaml.safe_load(small_debate.read_text(encoding="utf-8"))
    base_data["rhetoric"] = [
        {
            "id": "second_set",
            "quote": "a second set of clothes",
            "device": "appeal_to_emotion",
            "explanation": "Buying clothes twice makes the cost feel personal.",
            "also": [
                {"device": "loaded_language", "why": "'Second set' sounds wasteful."},
                {"device": "hasty_generalization", "why": "One family's cost is made everyone's."},
            ],
        },
        {
            "id": "hide",
            "quote": "hide income differences",
            "device": "loaded_language",
            "explanation": "'Hide' suggests the differences vanish.",
        },
    ]
    d = dk.load_debate(base_data)
    assert d.rhetoric_devices.astype({"device": "str"}).to_dict("records") == [
        {
            "rhetoric": "second_set",
            "device": "appeal_to_emotion",
            "primary": True,
            "why": "Buying clothes twice makes the cost feel personal.",
        },
        {
            "rhetoric": "second_set",
            "device": "loaded_language",
            "primary": False,
            "why": "'Second set' sounds wasteful.",
        },
        {
            "rhetoric": "second_set",
            "device": "hasty_generalization",
            "primary": False,
            "why": "One family's cost is made everyone's.",
        },
        {
            "rhetoric": "hide",
            "device": "loaded_language",
            "primary": True,
            "why": "'Hide' suggests the differences vanish.",
        },
    ]
    assert list(d.rhetoric["device"].astype("str")) == ["appeal_to_emotion", "loaded_language"]


def test_stances_are_on_the_scale(debate):
    lo, hi = debate.stance_scale["min"], debate.stance_scale["max"]
    assert lo < 0 < hi
    for table in ("stances", "sides"):
        stance = getattr(debate, table)["stance"].dropna()
        assert stance.between(lo, hi).all(), table


def test_the_argument_graph_has_no_cycle(debate):
    edges = debate.relations.groupby("argument")["target"].agg(list).to_dict()
    done: set[str] = set()
    for start in debate.arguments["argument"]:  # Kahn would do; a DFS with colours is enough
        stack, on_path = [(start, iter(edges.get(start, [])))], {start}
        while stack:
            node, targets = stack[-1]
            nxt = next(targets, None)
            if nxt is None:
                stack.pop()
                on_path.discard(node)
                done.add(node)
            elif nxt not in done:
                assert nxt not in on_path, f"cycle through {nxt}"
                on_path.add(nxt)
                stack.append((nxt, iter(edges.get(nxt, []))))


def test_every_side_has_arguments(debate):
    counts = debate.arguments.groupby("side", observed=False).size()
    assert (counts > 0).all(), counts[counts == 0]


def test_rubric_levels_cover_the_scale(debate):
    r = debate.rubric_spec
    assert r.min < r.max
    assert set(debate.rubric_levels["level"]) <= set(range(r.min, r.max + 1))
    for row in debate.key_scores.dropna(subset=["score"]).itertuples():
        r.check_score(row.criterion, row.score)


# -- russian_mobilization against its sources --------------------------------------------------

# The article is not redistributed with debatekit. The team's checkouts (and CI) have it in
# shared/source/ beside the repository; elsewhere point DEBATEKIT_SOURCE_DIR at its folder.
ARTICLE = (
    Path(
        os.environ.get("DEBATEKIT_SOURCE_DIR")
        or Path(__file__).resolve().parents[3] / "shared" / "source"
    )
    / "russians-fleeing-mobilization.txt"
)
# The other sources are web pages: the passages the debate quotes are kept in a fixture.
PASSAGES = Path(__file__).resolve().parents[1] / "fixtures" / "sources"
PASSAGES /= "russian_mobilization_passages.yaml"
OTHER_SOURCES = ["somin", "refuseniks", "michel_report", "kyiv_post_report"]


@pytest.fixture(scope="module")
def seed() -> Debate:
    return dk.load_debate("russian_mobilization")


@pytest.fixture(scope="module")
def paragraphs() -> list[str]:
    """The article's paragraphs: its lines after the title, blank lines dropped (1-based in the
    debate file, so paragraph n is ``paragraphs[n - 1]``)."""
    if not ARTICLE.is_file():
        pytest.skip(
            f"the source article is not at {ARTICLE}: put it in shared/source/ beside the "
            "repository or set DEBATEKIT_SOURCE_DIR to its folder"
        )
    lines = ARTICLE.read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines[1:] if line.strip()]


@pytest.fixture(scope="module")
def passages() -> dict:
    return yaml.safe_load(PASSAGES.read_text(encoding="utf-8"))


def _paragraph(source: str, n: int, paragraphs: list[str], passages: dict) -> str:
    """Paragraph ``n`` of a source: the article's own text, or the stored passage."""
    if source == "article":
        return paragraphs[n - 1]
    stored = passages[source]["paragraphs"]
    assert n in stored, f"paragraph {n} of {source} is not in {PASSAGES.name}"
    return stored[n]


def _all_passages(node) -> list[str]:
    if isinstance(node, dict):
        return [t for k, v in node.items() if k not in ("url", "title") for t in _all_passages(v)]
    if isinstance(node, list):
        return [t for v in node for t in _all_passages(v)]
    return [node] if isinstance(node, str) else []


def _plain(text: str) -> str:
    """Compare like a reader: straight quotes and apostrophes, single spaces, any case."""
    for curly, straight in (("’", "'"), ("‘", "'"), ("“", '"'), ("”", '"')):
        text = text.replace(curly, straight)
    return " ".join(text.split()).lower()


def test_the_article_has_eight_paragraphs(paragraphs):
    assert len(paragraphs) == 8
    assert paragraphs[0].startswith("Following Russia’s invasion of Ukraine")
    assert paragraphs[7].startswith("While it is understandable")


def test_the_sources_are_cited_as_their_stored_pages_show_them(seed, passages):
    sources = seed.sources.set_index("source")
    assert list(sources.index) == ["article", *OTHER_SOURCES]
    for source, row in sources.iterrows():
        stored = passages[source]
        assert row["url"] == stored["url"], source
        assert row["title"] == stored["title"], source
        if source != "article":
            first = stored["paragraphs"].get(1)
            if first is not None:
                assert first.startswith(row["first_paragraph"]), source
    article = sources.loc["article"]
    oregonir = passages["article"]["copies"]["oregonir"]
    assert article["author"] == oregonir["byline"] == "Pawel Styrna"
    assert article["date"] == "2022-09-30" and "September 30, 2022" in oregonir["dateline"]
    assert sources.loc["somin", "author"] == "Ilya Somin"
    assert "by Ilya Somin" in passages["somin"]["lines"]


def test_the_article_follows_the_fairus_wording_of_paragraph_2(paragraphs, passages):
    # The stored copies word paragraph 2 differently; the debate follows fairus.org's.
    assert paragraphs[1] == passages["article"]["paragraphs"][2]
    other = passages["article"]["copies"]["immigrationreform"]["opening"]
    assert other.startswith("Debate rages within the EU") and other not in paragraphs[1]
    assert paragraphs[0].startswith(passages["article"]["copies"]["oregonir"]["opening"])


def test_direct_quotes_are_verbatim_in_their_paragraph(seed, paragraphs, passages):
    quotes = seed.evidence[seed.evidence["kind"] == "direct_quote"]
    assert len(quotes) >= 8
    assert set(quotes["source"]) == {"article", *OTHER_SOURCES}
    for row in quotes.itertuples():
        text = _paragraph(row.source, row.paragraph, paragraphs, passages)
        assert row.text in text, row.evidence  # exactly, curly quotes too


def test_rhetoric_quotes_are_verbatim_in_their_paragraph(seed, paragraphs, passages):
    assert len(seed.rhetoric) > 0
    for row in seed.rhetoric.itertuples():
        text = _paragraph(row.source, row.paragraph, paragraphs, passages)
        assert row.quote in text, row.rhetoric


def test_every_quotation_in_the_article_is_direct_quote_evidence(seed, paragraphs):
    quotes = seed.evidence[
        (seed.evidence["kind"] == "direct_quote") & (seed.evidence["source"] == "article")
    ]
    found = 0
    for n, paragraph in enumerate(paragraphs, 1):
        for curly, straight in re.findall(r"“([^”]+)”|\"([^\"]+)\"", paragraph):
            quotation = curly or straight
            found += 1
            here = quotes[quotes["paragraph"] == n]
            assert any(quotation in text for text in here["text"]), (n, quotation)
    assert found == 8  # the article quotes eight passages


def _is_proper_name(name: str) -> bool:
    words = re.sub(r"^The ", "", name).split()
    return all(w[0].isupper() or w in ("of", "and", "the") for w in words)


def test_proper_names_of_actors_are_in_their_source(seed, paragraphs, passages):
    article = _plain(" ".join(paragraphs))
    proper = seed.actors[seed.actors["name"].map(_is_proper_name)]
    assert {"Vladimir Putin", "Pawel Jablonski", "Marcin Ociepa", "PBS News Hour"} <= set(
        proper["name"]
    )
    assert {"Ilya Somin", "Charles Michel", "Edgars Rinkevics"} <= set(proper["name"])
    for row in proper.itertuples():
        text = article if row.source == "article" else _plain(" ".join(_all_passages(passages)))
        assert _plain(re.sub(r"^The ", "", row.name)) in text, row.name


def test_every_quotation_in_the_debate_text_is_in_a_source(seed, paragraphs, passages):
    """Arguments, evidence, rhetoric and descriptions quote a source only verbatim (up to case
    and straight/curly quotes): the article, or a stored passage of another source.  The
    instructors' ``notes`` are exempt: they name points in quotes.
    """
    corpus = _plain(" ".join([*paragraphs, *_all_passages(passages)]))

    def strings(node, path):
        if isinstance(node, dict):
            for k, v in node.items():
                yield from strings(v, f"{path}.{k}")
        elif isinstance(node, list):
            for i, v in enumerate(node):
                yield from strings(v, f"{path}[{i}]")
        elif isinstance(node, str):
            yield path, node

    misquoted = []
    for key, value in seed.data.items():
        if key == "notes":
            continue
        for path, text in strings(value, key):
            for curly, straight in re.findall(r"“([^”]+)”|\"([^\"]+)\"", text):
                quotation = _plain(curly or straight).rstrip(".,")
                if quotation not in corpus:
                    misquoted.append((path, curly or straight))
    assert misquoted == [], "quote the sources word for word, or drop the quotation marks"


def test_arguments_from_a_source_cite_a_paragraph_and_added_ones_explain_themselves(seed):
    args = seed.arguments
    source = args[args["origin"] == "source"]
    added = args[args["origin"] == "added"]
    assert len(source) > 0 and len(added) > 0
    assert set(source["source"]) <= set(seed.sources["source"])
    assert source["paragraph"].notna().all()
    assert added["added_note"].str.len().gt(40).all()
    # Added arguments are reasoning only: no place in a source, no evidence of their own.
    assert added["source"].isna().all() and added["paragraph"].isna().all()
    assert not set(added["argument"]) & set(seed.evidence["argument"])


def test_added_arguments_mark_the_assumptions_they_rest_on(seed):
    # An added argument states no fact of its own: where a reason rests on something no source
    # says, it is offered as an assumption for students to test.
    added = set(seed.arguments.loc[seed.arguments["origin"] == "added", "argument"])
    reasons = seed.reasons[seed.reasons["argument"].isin(added)]
    marked = reasons[reasons["reason"].str.startswith("Assumption to test")]
    assert set(marked["argument"]) >= {
        "add_exiled_opposition", "add_protest_cost", "add_verification_limits",
    }  # fmt: skip
    notes = seed.arguments.set_index("argument").loc[sorted(set(marked["argument"])), "added_note"]
    assert notes.str.contains("assumption").all()


def test_everything_located_in_the_article_is_in_paragraphs_1_to_8(seed):
    for table in ("actors", "arguments", "evidence", "rhetoric"):
        frame = getattr(seed, table)
        para = frame.loc[frame["source"] == "article", "paragraph"].dropna()
        assert para.between(1, 8).all(), table


def test_every_source_argument_has_evidence(seed):
    source = set(seed.arguments.loc[seed.arguments["origin"] == "source", "argument"])
    assert source - set(seed.evidence["argument"]) == set()


def test_the_admit_side_has_at_least_three_real_voices_of_its_own(seed):
    # Actors from sources other than the article, on a side that admits them, with a stated
    # stance for the motion resting on their own quoted words.
    actors = seed.actors[seed.actors["source"].isin(OTHER_SOURCES)].astype({"side": "str"})
    admitting = actors[actors["side"].isin(["admit", "admit_with_vetting"])]
    motion = seed.stances[(seed.stances["issue"] == "motion") & (seed.stances["basis"] == "stated")]
    own = motion.merge(seed.evidence, on="evidence", suffixes=("", "_ev"))
    own = own[(own["kind"] == "direct_quote") & (own["speaker"] == own["actor"])]
    voices = set(admitting["actor"]) & set(own.loc[own["stance"] > 0, "actor"])
    assert voices >= {"somin", "wapo_opinion", "michel"}


def test_the_motion_asks_one_question(seed):
    # asylum in Europe for men fleeing the draft; U.S. work visas for STEM graduates are an issue
    assert "STEM" not in seed.motion and " and Russian" not in seed.motion
    issues = seed.issues.set_index("issue")
    assert "STEM" in issues.loc["stem_visas", "question"]


def test_rhetoric_notes_cover_both_sides(seed):
    side = seed.actors.set_index("actor")["side"].astype("str")
    sides = seed.rhetoric["actor"].map(side)
    assert (sides == "restrict").sum() >= 3
    assert sides.isin(["admit", "admit_with_vetting"]).sum() >= 3
    several = seed.rhetoric_devices.groupby("rhetoric").size()
    assert (several > 1).sum() >= 5  # phrases with more than one defensible device


def test_three_positions_each_with_arguments(seed):
    sides = seed.sides.set_index("side")["stance"]
    assert list(sides.index) == ["admit", "admit_with_vetting", "restrict"]
    assert sides["admit"] > sides["admit_with_vetting"] > 0 > sides["restrict"]
    counts = seed.arguments.groupby("side", observed=False).size()
    assert (counts > 0).all()


def test_actors_stance_on_the_motion_agrees_with_their_side(seed):
    # Every actor with a side has a stance on the motion, except the two who speak only to the
    # separate STEM-visa question; there, their stance agrees with their side instead.
    sided = seed.actors.dropna(subset=["side"])[["actor", "side"]].astype({"side": "str"})
    stances = seed.stances.astype({"issue": "str"})
    motion = stances[stances["issue"] == "motion"][["actor", "stance"]]
    stem = stances[stances["issue"] == "stem_visas"][["actor", "stance"]]
    merged = sided.merge(motion, on="actor", how="left")
    only_stem = merged["stance"].isna()
    assert set(merged.loc[only_stem, "actor"]) == {"biden", "biden_administration"}
    merged.loc[only_stem, "stance"] = merged.loc[only_stem, "actor"].map(
        stem.set_index("actor")["stance"]
    )
    side_stance = seed.sides.astype({"side": "str"}).set_index("side")["stance"]
    signs = merged["stance"].map(lambda s: (s > 0) - (s < 0))
    expected = merged["side"].map(side_stance).map(lambda s: (s > 0) - (s < 0))
    assert (signs == expected).all()


def test_supports_stay_within_a_side_and_attacks_cross_sides(seed):
    side = seed.arguments.set_index("argument")["side"].astype("str")
    rel = seed.relations.assign(
        own=seed.relations["argument"].map(side), other=seed.relations["target"].map(side)
    )
    supports = rel[rel["relation"] == "supports"]
    attacks = rel[rel["relation"] == "attacks"]
    assert (supports["own"] == supports["other"]).all()
    assert (attacks["own"] != attacks["other"]).all()


def test_every_issue_is_argued_and_has_stances_from_both_camps(seed):
    issues = set(seed.issues["issue"]) - {"motion"}
    assert issues <= set(seed.argument_issues["issue"])
    assert issues <= set(seed.stances["issue"].astype("str"))
    # The article's central disputes are no longer held by one side only.
    side = seed.actors.set_index("actor")["side"].astype("str")
    for issue in ("security_risk", "civic_duty", "duty_to_help"):
        here = seed.stances[seed.stances["issue"] == issue]
        assert here["stance"].min() < 0 < here["stance"].max(), issue
        assert {"admit", "restrict"} <= set(here["actor"].map(side)), issue


def test_the_motion_divides_the_actors(seed):
    motion = seed.stances[seed.stances["issue"] == "motion"]["stance"]
    assert motion.min() < 0 < motion.max()


def test_issue_names_are_how_students_meet_the_issues():
    d = dk.load_debate("russian_mobilization")
    names = d.issue_names()
    assert list(names) == d.issues["issue"].tolist()
    assert names["motion"] == "the motion"
    others = [names[i] for i in d.issues["issue"] if i != "motion"]
    assert others == [f"question {k}" for k in range(1, len(others) + 1)]
