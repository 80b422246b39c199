"""What every debatekit chart shares: palette, theme, offline rendering and static export.

- **Palette**: Okabe & Ito's eight colours, distinguishable with the common colour-vision
  deficiencies.  Colour is never the only channel: sides also get a shape (and a dash in line
  charts), relations a dash pattern, the student a marker and a text label.
- **Offline**: :func:`enable_offline` makes charts render without a network (vega's JavaScript
  is bundled by vl-convert once per machine instead of loaded from a CDN, see
  :mod:`debatekit.charts.offline`) — call it once at the top of a notebook.
- **Static**: :func:`to_png` and :func:`to_svg` render through vl-convert: no browser, no
  network; for README images, grading snapshots and exports that cannot run widgets.
"""

from __future__ import annotations

import contextlib
import functools
import json
import textwrap
from collections.abc import Callable, Iterator
from os import PathLike
from pathlib import Path
from typing import TypeVar

import altair as alt
import pandas as pd

from ..errors import one_line
from .palette import GREY, OKABE_ITO, SIDE_COLORS

#: shapes for sides in the same order: the second channel besides colour
SIDE_SHAPES = ["circle", "square", "triangle-up", "diamond", "triangle-down", "cross"]
#: side dashes for line charts
SIDE_DASHES = [[1, 0], [6, 3], [2, 2], [8, 3, 2, 3], [4, 4], [1, 3]]
NO_SIDE = "No side"
RELATION_COLORS = {"supports": OKABE_ITO["bluish_green"], "attacks": OKABE_ITO["vermillion"]}
RELATION_DASHES = {"supports": [1, 0], "attacks": [6, 4]}
STUDENT_COLOR = OKABE_ITO["black"]
#: arguments scored before a summary sentence draws a conclusion (the dashboard's strength and
#: reference sections; under it they say what they rest on and hold back)
FIRM_AFTER = 5
FONT = "DejaVu Sans, Liberation Sans, Arial, sans-serif"
THEME = "debatekit"

F = TypeVar("F", bound=Callable)


@contextlib.contextmanager
def redrawing() -> Iterator[None]:
    """One redraw of live charts: what the builders compute is shared, not checked twice.

    - a chart and its one-sentence summary share their tables
      (:func:`debatekit.analysis.reuse.reusing`);
    - Altair's debug mode, which checks every encoding, axis and scale against the Vega-Lite
      JSON Schema as it is made (about 120 checks for notebook 04's charts, a tenth of its
      redraw), is off.  The builders' specs are checked instead by the chart tests, which
      call ``to_dict()`` with validation on for every builder; a chart a user builds outside
      this block is checked as before.
    """
    from altair.utils.schemapi import debug_mode

    from ..analysis.reuse import reusing

    with reusing(), debug_mode(False):
        yield


def checked_once(builder: F) -> F:
    """Mark a chart builder: it builds inside :func:`redrawing`, so its chart is checked
    against the Vega-Lite schema once, when it is displayed or saved (``to_dict()``), instead
    of part by part as it is made — and a chart and the sentence in its subtitle share their
    tables.  (The live dashboard's chart widgets skip even that check on a redraw; see
    ``widgets.dashboard``.)  The chart tests draw every builder's chart with validation on."""

    @functools.wraps(builder)
    def build(*args, **kwargs):
        with redrawing():
            return builder(*args, **kwargs)

    return build  # type: ignore[return-value]


def side_labels(d) -> list[str]:
    """The sides' labels in the debate's order (the domain of every side scale)."""
    return [str(s) for s in d.sides["label"]]


def side_encodings(
    d,
    *,
    field: str = "side_label",
    title: str = "Side",
    include_none: bool = False,
    legend: bool = True,
) -> dict:
    """Colour, shape and dash encodings for a side field, consistent across charts.

    Returns a dict with ``color``, ``fill``, ``shape`` and ``strokeDash`` channel objects;
    use what a chart needs.  ``include_none`` adds a grey "No side" entry (actors who speak for none).
    """
    labels = side_labels(d)
    colors = [SIDE_COLORS[i % len(SIDE_COLORS)] for i in range(len(labels))]
    shapes = [SIDE_SHAPES[i % len(SIDE_SHAPES)] for i in range(len(labels))]
    dashes = [SIDE_DASHES[i % len(SIDE_DASHES)] for i in range(len(labels))]
    if include_none:
        labels, colors = [*labels, NO_SIDE], [*colors, GREY]
        shapes, dashes = [*shapes, "stroke"], [*dashes, [1, 2]]
    lg = (
        alt.Legend(title=title, orient="bottom", direction="vertical", labelLimit=360)
        if legend
        else None
    )
    return {
        "color": alt.Color(
            f"{field}:N", title=title, legend=lg, scale=alt.Scale(domain=labels, range=colors)
        ),
        "fill": alt.Fill(
            f"{field}:N", title=title, legend=lg, scale=alt.Scale(domain=labels, range=colors)
        ),
        "shape": alt.Shape(
            f"{field}:N", title=title, legend=lg, scale=alt.Scale(domain=labels, range=shapes)
        ),
        "strokeDash": alt.StrokeDash(
            f"{field}:N", title=title, legend=lg, scale=alt.Scale(domain=labels, range=dashes)
        ),
    }


def color_and_shape(field: str, title: str, domain: list, colors: list, shapes: list) -> dict:
    """Colour *and* shape for a category (colour is never the only channel), one legend.

    Returns ``{"color": …, "shape": …}`` to unpack into ``encode(**…)``; the legend sits at the
    bottom.
    """
    return {
        "color": alt.Color(
            f"{field}:N",
            title=title,
            scale=alt.Scale(domain=domain, range=colors),
            legend=alt.Legend(orient="bottom"),
        ),
        "shape": alt.Shape(f"{field}:N", title=title, scale=alt.Scale(domain=domain, range=shapes)),
    }


def relation_encodings(field: str = "relation") -> dict:
    """Colour and dash for supports/attacks: green solid vs vermillion dashed.

    Returns a dict with ``color`` and ``strokeDash`` channels and the bare ``color_scale``.
    """
    domain = list(RELATION_COLORS)
    legend = alt.Legend(title="Relation", orient="bottom")
    color_scale = alt.Scale(domain=domain, range=[RELATION_COLORS[r] for r in domain])
    dash_scale = alt.Scale(domain=domain, range=[RELATION_DASHES[r] for r in domain])
    return {
        "color": alt.Color(f"{field}:N", title="Relation", legend=legend, scale=color_scale),
        "strokeDash": alt.StrokeDash(
            f"{field}:N", title="Relation", legend=legend, scale=dash_scale
        ),
        "color_scale": color_scale,
    }


def stance_axis(d, title: str) -> alt.Axis:
    """An axis for the stance scale that reads "−2" over "strongly no" … "+2" over "strongly yes"
    (the number above its meaning, so neighbouring labels do not run together)."""
    lo, hi = d.stance_scale["min"], d.stance_scale["max"]
    labels = d.stance_scale["labels"]
    expr = "''"
    for v in range(hi, lo - 1, -1):
        text = f"{v:+d}".replace("-", "−") if v else "0"
        if labels.get(v):
            text = [text, *wrapped_lines(labels[v], 14, 2)]
        expr = f"datum.value == {v} ? {json.dumps(text, ensure_ascii=False)} : {expr}"
    return alt.Axis(
        title=title,
        values=list(range(lo, hi + 1)),
        labelExpr=expr,
        labelAngle=0,
        grid=True,
        labelLimit=120,
    )


def stance_text(d, value, style: str = "comma") -> str:
    """A stance in words: ``"+2, strongly yes"`` (``style="comma"``) or ``"+2 (strongly yes)"``
    (``style="paren"``); ``"—"`` when missing.  Non-integer means are shown without a label.

    Examples
    --------
    >>> import debatekit as dk
    >>> d = dk.load_debate("russian_mobilization")
    >>> stance_text(d, -2), stance_text(d, 1, "paren"), stance_text(d, 0.25)
    ('−2, strongly no', '+1 (yes)', '+0.25')
    """
    if value is None or pd.isna(value):
        return "—"
    v = round(float(value), 2)
    label = d.stance_scale["labels"].get(int(v)) if float(v).is_integer() else None
    shown = (f"{v:+g}" if v else "0").replace("-", "−")
    if not label:
        return shown
    return f"{shown} ({label})" if style == "paren" else f"{shown}, {label}"


def subtitle(text: str, width: int = 100) -> list[str]:
    """A long sentence as subtitle lines (Vega-Lite draws one line per list item)."""
    return textwrap.wrap(text, width=width) or [""]


def wrap(text, width: int = 28, max_lines: int = 2) -> str:
    """Wrap a label into at most ``max_lines`` lines joined by newlines (… when cut)."""
    if text is None or (not isinstance(text, str) and pd.isna(text)):
        return ""
    lines = textwrap.wrap(str(text), width=width)
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = lines[-1][: max(0, width - 1)].rstrip() + "…"
    return "\n".join(lines)


#: pixels per line of an 11 px axis label (row heights for wrapped labels)
LABEL_LINE_PX = 13


def wrapped_lines(text, width: int = 34, max_lines: int = 3) -> list[str]:
    """A label as at most ``max_lines`` lines of about ``width`` characters: lines grow up to
    twice ``width`` before anything is cut (with …).

    Examples
    --------
    >>> wrapped_lines("Should Europe let in Russian men fleeing mobilization?", 30)
    ['Should Europe let in Russian', 'men fleeing mobilization?']
    """
    text = " ".join(str(text).split()) if isinstance(text, str) else text
    fits = width
    while fits < 2 * width and len(textwrap.wrap(str(text or ""), fits)) > max_lines:
        fits += 2
    return wrap(text, width=fits, max_lines=max_lines).split("\n")


def wrapped_axis(labels, *, width: int = 34, max_lines: int = 3, **axis) -> alt.Axis:
    """An axis that draws each of ``labels`` (the field's values) on up to ``max_lines`` lines.

    The data keep the whole text (tooltips and sort orders use it); a label expression looks up
    each value's lines, which Vega draws one under another.  ``labelLimit`` leaves room for the
    longest line, so nothing is cut with "…".
    """
    lines = {str(label): wrapped_lines(label, width, max_lines) for label in labels}
    longest = max((len(line) for ls in lines.values() for line in ls), default=0)
    table = json.dumps({k: v if len(v) > 1 else v[0] for k, v in lines.items()}, ensure_ascii=False)
    axis.setdefault("labelLimit", max(120, 8 * longest))
    lines_of = f"{table}[datum.value]"
    # the block of lines is centred on its row: move it up by half the extra lines' height
    up = f"isArray({lines_of}) ? {-LABEL_LINE_PX / 2} * (length({lines_of}) - 1) : 0"
    return alt.Axis(labelExpr=f"{lines_of} || datum.label", labelOffset={"expr": up}, **axis)


def wrapped_step(labels, *, width: int = 34, max_lines: int = 3, at_least: int = 20) -> int:
    """The row height (pixels) that gives every wrapped label of :func:`wrapped_axis` room."""
    most = max((len(wrapped_lines(label, width, max_lines)) for label in labels), default=1)
    return max(at_least, LABEL_LINE_PX * most + 8)


def shorten(text, width: int = 60) -> str:
    """One line, at most ``width`` characters (… when cut)."""
    if text is None or (not isinstance(text, str) and pd.isna(text)):
        return ""
    return one_line(text, width)


def fmt_share(value: float) -> str:
    """0.4166 → ``"0.42"``; NaN → ``"—"``."""
    return "—" if value is None or pd.isna(value) else f"{value:.2f}"


# -- theme -------------------------------------------------------------------------------------


def _theme() -> alt.theme.ThemeConfig:
    return alt.theme.ThemeConfig(
        config={
            "font": FONT,
            "title": {
                "fontSize": 15,
                "anchor": "start",
                "subtitleFontSize": 12,
                "subtitleColor": "#444444",
            },
            "axis": {
                "labelFontSize": 11,
                "titleFontSize": 12,
                "labelColor": "#222222",
                "titleColor": "#222222",
            },
            "legend": {"labelFontSize": 11, "titleFontSize": 12},
            "view": {"stroke": None},
            "range": {"category": SIDE_COLORS},
        }
    )


alt.theme.register(THEME, enable=False)(_theme)


def enable_theme() -> None:
    """Use the debatekit theme (fonts, sizes, palette) for charts displayed from now on."""
    alt.theme.enable(THEME)


# -- offline rendering -------------------------------------------------------------------------


def enable_offline() -> bool:
    """Render charts without a network, with vega's JavaScript sent to the page once.

    Every chart displayed from now on becomes a :class:`~debatekit.charts.offline.OfflineChart`
    (an ``alt.JupyterChart`` whose vega bundle is built once per machine, cached on disk, and
    sent to the page once however many charts it shows; see :mod:`debatekit.charts.offline`),
    and the debatekit theme is on.  Idempotent; safe outside a Jupyter kernel (nothing is
    displayed, nothing is built).

    Returns
    -------
    bool
        True when offline rendering is on.

    Examples
    --------
    >>> from debatekit.charts.common import enable_offline
    >>> enable_offline(), enable_offline()
    (True, True)
    """
    from . import offline

    offline.enable()
    enable_theme()
    return alt.renderers.active == offline.RENDERER


# -- static export -----------------------------------------------------------------------------


def _spec(chart) -> dict:
    with alt.theme.enable(THEME):
        return chart.to_dict()


def spec_size_kb(chart) -> float:
    """Size of the chart's Vega-Lite JSON (data included) in kilobytes (1 KB = 1,024 bytes)."""
    return len(json.dumps(chart.to_dict(), separators=(",", ":")).encode()) / 1024


def to_svg(chart, path: str | PathLike | None = None) -> str:
    """Render a chart to SVG with vl-convert (no browser, no network), in the debatekit theme.

    Parameters
    ----------
    chart : altair chart
    path : str or path, optional
        Where to write the file; parent folders are created.

    Returns
    -------
    str
        The SVG text.
    """
    import vl_convert as vlc

    svg = vlc.vegalite_to_svg(_spec(chart))
    if path is not None:
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        Path(path).write_text(svg, encoding="utf-8")
    return svg


def to_png(chart, path: str | PathLike | None = None, *, scale: float = 2.0) -> bytes:
    """Render a chart to PNG with vl-convert (no browser, no network), in the debatekit theme.

    Parameters
    ----------
    chart : altair chart
    path : str or path, optional
        Where to write the file; parent folders are created.
    scale : float
        Pixel density (2 = sharp on high-resolution screens).

    Returns
    -------
    bytes
        The PNG file's bytes.
    """
    import vl_convert as vlc

    png = vlc.vegalite_to_png(_spec(chart), scale=scale)
    if path is not None:
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        Path(path).write_bytes(png)
    return png


# vl-convert in a child process: it reads {"specs": [...], "scale": s} on stdin and writes each
# PNG as an 8-byte length and the bytes.
_PNG_CHILD = r"""
import json, struct, sys
import vl_convert
job = json.load(sys.stdin)
out = sys.stdout.buffer
for spec in job["specs"]:
    png = vl_convert.vegalite_to_png(spec, scale=job["scale"])
    out.write(struct.pack("<Q", len(png)))
    out.write(png)
"""


#: still images kept in the cache folder (the oldest go first); about 40 KB each
PNG_CACHE_FILES = 400


def _png_key(spec: dict, scale: float) -> str:
    import hashlib
    from importlib.metadata import version

    text = json.dumps([spec, scale, version("vl-convert-python")], sort_keys=True)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def to_pngs(charts, *, scale: float = 2.0) -> list[bytes]:
    """Render several charts to PNG (vl-convert; no browser, no network), drawing each image
    at most once.

    Images are kept in the cache folder (:func:`debatekit.format.cache.cache_dir`, ``png/``)
    under a hash of the chart's spec, the scale and the vl-convert version, so re-running a
    notebook whose data did not change draws nothing; the newest :data:`PNG_CACHE_FILES` are
    kept.  The images still to draw are drawn in one child process: vl-convert's JavaScript
    engine takes about 100 MB and a second to start, and in a child that memory goes back to
    the system when the images are done instead of staying in a student's kernel for as long
    as it runs (a classroom server runs 30 of them).

    Returns
    -------
    list of bytes
        One PNG per chart, in order.
    """
    from ..format.cache import cache_dir, write_cached

    specs = [_spec(chart) for chart in charts]
    keys = [_png_key(spec, scale) for spec in specs]
    folder = cache_dir() / "png"
    found: dict[str, bytes] = {}
    for key in keys:
        with contextlib.suppress(OSError):
            found[key] = (folder / f"{key}.png").read_bytes()
    todo = {key: spec for key, spec in zip(keys, specs, strict=True) if key not in found}
    if todo:  # each distinct chart drawn once
        for key, png in zip(todo, _draw_pngs(list(todo.values()), scale), strict=True):
            found[key] = png
            with contextlib.suppress(OSError):  # a read-only cache only costs redrawing
                write_cached(folder / f"{key}.png", png)
        with contextlib.suppress(OSError):
            kept = sorted(folder.glob("*.png"), key=lambda p: p.stat().st_mtime, reverse=True)
            for old in kept[PNG_CACHE_FILES:]:
                old.unlink(missing_ok=True)
    return [found[key] for key in keys]


def _draw_pngs(specs: list[dict], scale: float) -> list[bytes]:
    """Draw Vega-Lite specs to PNG with vl-convert in one child process."""
    import struct
    import subprocess
    import sys

    job = json.dumps({"specs": specs, "scale": scale}).encode("utf-8")
    done = subprocess.run(
        [sys.executable, "-c", _PNG_CHILD], input=job, capture_output=True, check=False
    )
    if done.returncode != 0:
        last = (done.stderr.decode("utf-8", "replace").strip().splitlines() or ["no output"])[-1]
        raise RuntimeError(
            f"drawing the still images with vl-convert failed ({last}). Check that "
            "vl-convert-python is installed: pip install vl-convert-python"
        )
    data, pngs, at = done.stdout, [], 0
    for _ in specs:
        (size,) = struct.unpack_from("<Q", data, at)
        pngs.append(data[at + 8 : at + 8 + size])
        at += 8 + size
    return pngs
