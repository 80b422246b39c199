"""The offline chart bundle: built once per machine (keyed, cached, atomic), sent once per page."""

from __future__ import annotations

import altair as alt
import pytest

from debatekit.charts import offline
from debatekit.charts.common import enable_offline
from debatekit.format import cache as cache_mod
from debatekit.format.cache import write_cached


@pytest.fixture
def cache(tmp_path, monkeypatch):
    """An empty bundle cache of this test's own, and no bundle kept in the process."""
    monkeypatch.setenv(offline.CACHE_ENV, str(tmp_path / "cache"))
    offline._bundle_for.cache_clear()
    yield tmp_path / "cache"
    offline._bundle_for.cache_clear()


@pytest.fixture
def builds(cache, monkeypatch):
    """Count the builds; each returns a small stand-in bundle."""
    calls = []

    def fake_build() -> bytes:
        calls.append(1)
        return b"export default { render() {} };"

    monkeypatch.setattr(offline, "build_bundle", fake_build)
    return calls


def test_bundle_key_names_altair_and_vl_convert_versions(cache):
    from importlib.metadata import version

    key = offline.bundle_key()
    assert key == f"altair-{alt.__version__}_vl-convert-{version('vl-convert-python')}"
    assert offline.bundle_path() == cache / f"vega-bundle_{key}.js"


def test_cache_folder_follows_xdg_cache_home(tmp_path, monkeypatch):
    monkeypatch.delenv(offline.CACHE_ENV, raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert offline.cache_dir() == tmp_path / "xdg" / "debatekit"


def test_built_once_then_read_from_disk_by_every_process(builds, cache):
    first = offline.vega_bundle()
    assert builds == [1]
    assert offline.bundle_path().read_bytes() == first
    assert [p.name for p in cache.iterdir()] == [offline.bundle_path().name]  # no temp file
    offline._bundle_for.cache_clear()  # as a new kernel would start
    assert offline.vega_bundle() == first
    assert builds == [1]


def test_another_version_builds_its_own_bundle(builds, cache, monkeypatch):
    offline.vega_bundle()
    monkeypatch.setattr(offline, "bundle_key", lambda: "altair-99_vl-convert-99")
    offline.vega_bundle()
    assert builds == [1, 1]
    assert len(list(cache.glob("vega-bundle_*.js"))) == 2


def test_a_failed_write_leaves_no_partial_file(cache, monkeypatch):
    path = cache / "b.js"
    write_cached(path, b"old")

    def broken_replace(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(cache_mod.os, "replace", broken_replace)
    with pytest.raises(OSError):
        write_cached(path, b"new")
    assert path.read_bytes() == b"old"
    assert [p.name for p in cache.iterdir()] == ["b.js"]


@pytest.mark.slow
def test_real_build_is_altairs_chart_module(cache):
    data = offline.vega_bundle()  # vl-convert in a child process
    text = data.decode("utf-8")
    assert len(data) > 300_000  # vega, vega-lite and vega-embed are inside
    assert "esm.sh" not in text  # nothing is loaded from a CDN
    assert "export" in text and "render" in text
    assert offline.bundle_path().read_bytes() == data


def _sent(chart) -> list:
    sent = []
    chart.send = lambda content, buffers=None: sent.append((content, buffers))
    return sent


def test_chart_widget_carries_a_small_loader_and_answers_with_the_bundle(builds):
    chart = offline.OfflineChart(alt.Chart({"values": [{"a": 1}]}).mark_point().encode(x="a:Q"))
    assert len(chart._esm) < 5_000
    assert offline.bundle_key() in chart._esm
    sent = _sent(chart)
    chart._handle_custom_msg({"type": "something else"}, [])
    assert sent == []
    chart._handle_custom_msg({"type": "vega-bundle?"}, [])
    assert sent == [({"type": "vega-bundle"}, [offline.vega_bundle()])]
    assert builds == [1]
    # a second chart on the page that asks (after a lost answer) gets the kept copy
    other = offline.OfflineChart(None)
    sent = _sent(other)
    other._handle_custom_msg({"type": "vega-bundle?"}, [])
    assert len(sent) == 1 and builds == [1]


def test_a_failed_build_reaches_the_page_as_a_message(cache, monkeypatch):
    def fail() -> bytes:
        raise offline.BundleError("building the chart JavaScript with vl-convert failed")

    monkeypatch.setattr(offline, "build_bundle", fail)
    chart = offline.OfflineChart(None)
    sent = _sent(chart)
    chart._handle_custom_msg({"type": "vega-bundle?"}, [])
    assert sent[0][0]["type"] == "vega-bundle" and "vl-convert" in sent[0][0]["error"]


def test_displayed_charts_become_offline_charts(builds):
    before = alt.renderers.active
    try:
        enable_offline()
        chart = alt.Chart({"values": [{"a": 1}]}).mark_point().encode(x="a:Q")
        bundle = chart._repr_mimebundle_()
        data = bundle[0] if isinstance(bundle, tuple) else bundle
        assert "application/vnd.jupyter.widget-view+json" in data
        assert builds == []  # nothing is built until a page asks
    finally:
        alt.renderers.enable(before)
        alt.theme.enable("default")


def test_a_redraw_builds_valid_charts_without_checking_each_part():
    import altair.utils.schemapi as schemapi

    import debatekit as dk
    from debatekit import charts as cd
    from debatekit.charts.common import redrawing

    d = dk.load_debate("russian_mobilization")
    with redrawing():
        assert schemapi.DEBUG_MODE is False
        chart = cd.actor_stance_chart(d)
        summary = cd.actor_stance_summary(d)
    assert schemapi.DEBUG_MODE is True
    assert chart.to_dict() == cd.actor_stance_chart(d).to_dict()  # validated here, and equal
    assert summary == cd.actor_stance_summary(d)
