"""Charts that draw without a network, with vega's JavaScript built once per machine and sent to
the page once.

Altair's own offline mode (``alt.JupyterChart.enable_offline()``) asks vl-convert to bundle
vega, vega-lite and vega-embed with the chart widget's JavaScript in every kernel (about 1.7 s
and 100 MB per kernel on a 2-core machine), and puts the 0.9 MB result in every chart widget's
``_esm`` trait: the page receives it once per chart and a saved notebook keeps one copy per
chart.  Here instead:

- **Built once per machine.**  :func:`vega_bundle` keeps the bundle in the user's cache folder
  (``$XDG_CACHE_HOME/debatekit`` or its platform equivalent, through ``platformdirs``), in a
  file whose name carries the Altair and vl-convert versions, so an upgrade of either builds a
  new one.  The build runs vl-convert in a child process (the kernel never loads vl-convert)
  and the file is written atomically, so kernels starting together never read half a bundle.
- **Sent to the page once.**  :class:`OfflineChart` is an ``alt.JupyterChart`` whose ``_esm``
  is a small loader (about 2 KB).  The first chart drawn on a page asks its kernel for the
  bundle with a custom widget message; the kernel answers with the bundle as a binary buffer;
  the page imports it once and every chart on the page draws with it.  Custom messages are not
  widget state, so a saved notebook keeps no copy of the bundle.  The bundle is exactly the
  module Altair's offline mode would build (Altair's chart JavaScript with its imports
  resolved by vl-convert), so charts behave as Altair's own.

A page that shows a saved notebook without a kernel (nbconvert's HTML, GitHub) cannot ask for
the bundle; such exports need the static PNG twins (:func:`debatekit.charts.common.to_png`),
as they did before.
"""

from __future__ import annotations

import contextlib
import functools
import subprocess
import sys
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import altair as alt

from ..format.cache import CACHE_ENV, cache_dir, write_cached  # noqa: F401 - CACHE_ENV, cache_dir: used here and by the tests

#: name of the renderer :func:`enable` registers with ``alt.renderers``
RENDERER = "debatekit"

# The child process that builds the bundle: Altair's chart JavaScript without its CDN import
# lines, bundled by vl-convert with the Vega-Lite version Altair expects.  It prints the bundle.
_BUILD = r"""
import sys
import vl_convert
from altair.jupyter.jupyter_chart import load_js_src
from altair.utils._importers import vl_version_for_vl_convert

lines = load_js_src().splitlines()
while lines and (not lines[0].strip() or lines[0].startswith(("import", "//"))):
    lines.pop(0)
bundle = vl_convert.javascript_bundle("\n".join(lines), vl_version=vl_version_for_vl_convert())
sys.stdout.buffer.write(bundle.encode("utf-8"))
"""


def _version(dist: str) -> str:
    try:
        return version(dist)
    except PackageNotFoundError:
        return "none"


def bundle_key() -> str:
    """What the bundle depends on: ``altair-<version>_vl-convert-<version>``.

    Examples
    --------
    >>> bundle_key().startswith("altair-")
    True
    """
    return f"altair-{alt.__version__}_vl-convert-{_version('vl-convert-python')}"


def bundle_path() -> Path:
    """Where the bundle for the installed Altair and vl-convert is (or will be) cached."""
    return cache_dir() / f"vega-bundle_{bundle_key()}.js"


class BundleError(RuntimeError):
    """The chart JavaScript could not be built (vl-convert missing or failing)."""


def build_bundle() -> bytes:
    """Build the bundle with vl-convert in a child process and return it (UTF-8 bytes)."""
    try:
        done = subprocess.run(
            [sys.executable, "-c", _BUILD], capture_output=True, timeout=300, check=False
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise BundleError(f"building the chart JavaScript failed: {exc}") from None
    if done.returncode != 0 or not done.stdout:
        last = (done.stderr.decode("utf-8", "replace").strip().splitlines() or ["no output"])[-1]
        raise BundleError(
            "building the chart JavaScript with vl-convert failed "
            f"({last}). Check that vl-convert-python is installed: pip install vl-convert-python"
        )
    return done.stdout


@functools.cache
def _bundle_for(path: Path) -> bytes:
    try:
        data = path.read_bytes()
        if data:
            return data
    except OSError:
        pass
    data = build_bundle()
    # a read-only cache folder costs a rebuild per kernel, nothing worse
    with contextlib.suppress(OSError):
        write_cached(path, data)
    return data


def vega_bundle() -> bytes:
    """The chart JavaScript (vega, vega-lite, vega-embed and Altair's chart widget), as bytes.

    Read from :func:`bundle_path`; built (once per machine) when the file is missing, and then
    kept in the process.
    """
    return _bundle_for(bundle_path())


# The page side: import the bundle once per page (per bundle key), asking the kernel for it
# through the first chart that is drawn.  Every chart listens for the answer, so a chart whose
# request was lost (its cell re-run before the answer came) does not stop the others.
_LOADER = """\
const KEY = %(key)s;
const store = (globalThis.__debatekitVega ??= {});

function request(model) {
  let entry = store[KEY];
  if (!entry) {
    entry = store[KEY] = {};
    entry.promise = new Promise((resolve, reject) => {
      entry.resolve = resolve;
      entry.reject = reject;
    });
  }
  if (!entry.listening?.has(model)) {
    (entry.listening ??= new WeakSet()).add(model);
    model.on("msg:custom", (msg, buffers) => {
      if (!msg || msg.type !== "vega-bundle" || entry.settled) return;
      entry.settled = true;
      if (msg.error) {
        delete store[KEY];
        entry.reject(new Error(msg.error));
        return;
      }
      const url = URL.createObjectURL(new Blob([buffers[0]], { type: "text/javascript" }));
      import(url).then(entry.resolve, (error) => {
        delete store[KEY];
        entry.reject(error);
      });
    });
  }
  if (!entry.asked) {
    entry.asked = true;
    model.send({ type: "vega-bundle?" });
    // no answer after a while (the asking chart went away): let the next chart ask again
    setTimeout(() => { if (!entry.settled) entry.asked = false; }, 8000);
  }
  return entry.promise;
}

async function render({ model, el }) {
  let bundle;
  try {
    bundle = await request(model);
  } catch (error) {
    const p = document.createElement("p");
    p.className = "debatekit-chart-error";
    p.textContent = "This chart could not be drawn: " + error.message;
    el.replaceChildren(p);
    return;
  }
  return bundle.default.render({ model, el });
}

export default { render };
"""


def loader_esm() -> str:
    """The small ``_esm`` of every :class:`OfflineChart` (the bundle key baked in)."""
    import json

    return _LOADER % {"key": json.dumps(bundle_key())}


def _answer(widget, content, buffers) -> None:
    """Answer a page's request for the bundle (a custom widget message)."""
    if not isinstance(content, dict) or content.get("type") != "vega-bundle?":
        return
    try:
        data = vega_bundle()
    except BundleError as exc:
        widget.send({"type": "vega-bundle", "error": str(exc)})
        return
    widget.send({"type": "vega-bundle"}, buffers=[data])


class OfflineChart(alt.JupyterChart):
    """``alt.JupyterChart`` that draws without a network and without a bundle per chart.

    Use it like ``alt.JupyterChart`` (``chart``, ``params``, ``selections``, ``embed_options``).
    """

    _esm = loader_esm()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.on_msg(_answer)


def _render(spec: dict, **metadata) -> dict:
    """``alt.renderers`` entry: a displayed chart becomes an :class:`OfflineChart`.

    The spec was validated by ``to_dict()`` on its way here, so it is set as it is instead of
    being parsed back into a chart (which would validate it twice more).
    """
    chart = OfflineChart(chart=None, embed_options=metadata.get("embed_options"))
    chart.spec = spec
    return chart._repr_mimebundle_()


def enable() -> None:
    """Display every chart from now on as an :class:`OfflineChart` (idempotent)."""
    if RENDERER not in alt.renderers.names():
        alt.renderers.register(RENDERER, _render)
    if alt.renderers.active != RENDERER:
        alt.renderers.enable(RENDERER)
