"""debatekit's stylesheet: readable text in every view, in JupyterLab (light and dark) and Voila.

Every view's root widget carries the class ``debatekit`` and the rules below are scoped to it,
so nothing else on the page changes.  Why each group of rules is there:

* **Reading**: ipywidgets sets 13 px text with a 28 px line height (the height of one control)
  for HTML widgets, which makes paragraphs look double-spaced; prose here gets 15 px, a line
  height of 1.5 and lines of at most about 75 characters.
* **Nothing clipped**: ipywidgets gives buttons and labels a fixed width with an ellipsis
  ("Previous ar…"); here they are as wide as their text, wrap when they must, and rows of
  controls wrap instead of running off the edge.
* **Colour from the theme**: text and surfaces use JupyterLab's CSS variables (Voila's lab
  template defines them too), with light fallbacks; colours of their own (side stripes, badges)
  always come with words, never alone.
* **Focus**: a visible focus ring on every control, for keyboard users.
* **Coming back**: a reopened notebook has no live widgets; :data:`COMEBACK_HTML` (shown before
  each view) then says what to do.  While the views are live, this stylesheet hides it.
"""

from __future__ import annotations

STYLESHEET = """
.debatekit { font-size: 15px; line-height: 1.5; color: var(--jp-content-font-color1, #1f1f1f);
  max-width: 100%; box-sizing: border-box; }
.debatekit *, .debatekit *::before, .debatekit *::after { box-sizing: border-box; }
.debatekit .widget-html, .debatekit .widget-html-content, .debatekit .widget-label,
.debatekit .widget-inline-hbox .widget-label, .debatekit .widget-radio-box label {
  font-size: 15px; line-height: 1.5; height: auto; white-space: normal; overflow: visible;
  text-overflow: clip; }
.debatekit .widget-html-content { overflow-wrap: break-word; }
.debatekit p, .debatekit li, .debatekit dd, .debatekit caption, .debatekit figcaption {
  max-width: 75ch; }
.debatekit p { margin: 0.35em 0 0.6em; }
.debatekit ul, .debatekit ol { margin: 0.2em 0 0.6em; padding-left: 1.6em; }
.debatekit h2, .debatekit h3, .debatekit h4 { line-height: 1.3; margin: 0.8em 0 0.3em;
  color: var(--jp-content-font-color0, #111); }
.debatekit h2 { font-size: 1.45em; } .debatekit h3 { font-size: 1.25em; }
.debatekit h4 { font-size: 1.08em; }
.debatekit .widget-hbox { flex-wrap: wrap; gap: 6px 8px; align-items: center; }
.debatekit .widget-vbox { gap: 2px; }
.debatekit .widget-inline-hbox { flex-wrap: wrap; height: auto; }
.debatekit .jupyter-button, .debatekit button.widget-button {
  width: auto; max-width: 100%; height: auto; min-height: 34px; padding: 4px 14px;
  font-size: 15px; line-height: 1.35; white-space: normal; overflow: visible;
  text-overflow: clip; }
.debatekit select, .debatekit input[type="text"], .debatekit textarea {
  font-size: 15px; min-height: 34px; max-width: 100%; }
.debatekit .widget-dropdown, .debatekit .widget-text, .debatekit .widget-textarea,
.debatekit .widget-combobox { max-width: 100%; height: auto; }
.debatekit .widget-textarea textarea { min-height: 5em; line-height: 1.5; }
.debatekit .debatekit-comment { flex-direction: column; align-items: stretch; margin: 4px 0;
  max-width: 48em; }
.debatekit .debatekit-comment .widget-label { width: auto; text-align: left; font-weight: 600; }
.debatekit :focus-visible, .debatekit input[type="radio"]:focus {
  outline: 3px solid var(--jp-brand-color1, #1565c0); outline-offset: 2px; }
.debatekit table.debatekit-table { border-collapse: collapse; margin: 0.5em 0 1em; }
.debatekit table.debatekit-table th, .debatekit table.debatekit-table td {
  border-bottom: 1px solid var(--jp-border-color2, #ccc); padding: 4px 10px;
  vertical-align: top; text-align: left; }
.debatekit caption { text-align: left; font-weight: 600; padding-bottom: 4px; }
.debatekit .debatekit-muted { color: var(--jp-content-font-color2, #555); }
.debatekit .debatekit-reason { color: var(--jp-content-font-color2, #555); font-size: 14px; }
.debatekit .debatekit-status { min-height: 1.5em; }
/* status colours with at least 4.5:1 contrast on the theme's background, light and dark
   (JupyterLab's own warn/success colours are too pale for text) */
.debatekit .debatekit-ok { color: #1a5e20; }
.debatekit .debatekit-error { color: #a00000; font-weight: 600; }
.debatekit .debatekit-warn { color: #7a4a00; }
[data-jp-theme-light="false"] .debatekit .debatekit-ok { color: #8fd694; }
[data-jp-theme-light="false"] .debatekit .debatekit-error { color: #ff9e9e; }
[data-jp-theme-light="false"] .debatekit .debatekit-warn { color: #ffc266; }

/* the argument card */
.debatekit .debatekit-card { border: 1px solid var(--jp-border-color2, #ccc);
  border-left: 10px solid var(--debatekit-side, #0072B2); border-radius: 6px;
  padding: 6px 16px 10px; background: var(--jp-layout-color1, #fff); scroll-margin-top: 8px; }
.debatekit .debatekit-side-label { display: inline-block; font-weight: 700;
  border-bottom: 4px solid var(--debatekit-side, #0072B2); margin-right: 0.5em; }
.debatekit .debatekit-badge { display: inline-block; border: 1px solid currentColor;
  border-radius: 4px; padding: 0 6px; margin-right: 6px; font-size: 13px; font-weight: 600;
  line-height: 1.5; white-space: nowrap; }
.debatekit .debatekit-added { border-left: 4px solid var(--jp-warn-color1, #b26a00);
  padding-left: 0.6em; }
.debatekit .debatekit-claim { font-size: 1.1em; font-weight: 600; }
.debatekit .debatekit-evidence li { margin-bottom: 0.4em; }
.debatekit .debatekit-where { font-size: 14px; color: var(--jp-content-font-color2, #555); }
.debatekit .debatekit-columns { display: grid; gap: 12px 28px; align-items: start;
  grid-template-columns: repeat(auto-fit, minmax(min(100%, 27em), 1fr)); }
.debatekit .debatekit-columns > .widget-vbox { min-width: 0; }
.debatekit .debatekit-chips { gap: 6px; }
.debatekit .debatekit-chips .jupyter-button { min-height: 28px; padding: 1px 10px;
  border-radius: 14px; font-size: 14px; background: var(--jp-layout-color2, #eee);
  color: var(--jp-content-font-color1, #1f1f1f); }
.debatekit .debatekit-criteria { display: grid;
  grid-template-columns: repeat(auto-fill, minmax(min(100%, 26em), 1fr)); gap: 10px 22px;
  align-items: start; }
.debatekit .debatekit-criterion { border-top: 1px solid var(--jp-border-color2, #ccc);
  padding-top: 4px; }
.debatekit .widget-radio { width: 100%; height: auto; }
.debatekit .widget-radio-box { flex-direction: column; height: auto; gap: 2px; }
.debatekit .widget-radio-box label { display: flex; align-items: flex-start; gap: 8px;
  margin: 0; padding: 2px 4px; border-radius: 4px; cursor: pointer; }
.debatekit .widget-radio-box label:hover { background: var(--jp-layout-color2, #eee); }
.debatekit .widget-radio-box input[type="radio"] { margin-top: 0.3em; flex: none;
  width: 1.05em; height: 1.05em; }
.debatekit .debatekit-nav .jupyter-button.mod-primary { font-weight: 600; }
.debatekit .debatekit-progress { font-size: 14px; }
.debatekit .debatekit-answer { border-left: 4px solid var(--jp-brand-color1, #1565c0);
  padding-left: 0.6em; }
.debatekit a.debatekit-download { display: inline-block; padding: 6px 16px; border-radius: 4px;
  background: var(--jp-brand-color1, #1565c0); color: #fff; font-weight: 600;
  text-decoration: none; }
.debatekit a.debatekit-download:focus-visible { outline-offset: 3px; }
.debatekit .vega-embed { max-width: 100%; padding-right: 0 !important; }
.debatekit .vega-embed svg, .debatekit .vega-embed canvas { max-width: 100%; height: auto; }
.debatekit-comeback { display: none; }
"""

#: Shown before each view.  On a reopened notebook (no live widgets, so no stylesheet above)
#: it is the one line a student reads, and its own rule hides JupyterLab's "model not found"
#: placeholders of the views that are gone (an output of widget type with no elements in it).
COMEBACK_HTML = (
    '<div class="debatekit-comeback" role="note"><style>'
    ".jp-OutputArea-output.jupyter-widgets:not(:has(*)){display:none}</style>"
    "<p><b>Run all cells to continue; your work is saved.</b> "
    "(Menu <i>Run › Run All Cells</i>.)</p></div>"
)


def stylesheet_html() -> str:
    """The stylesheet as a ``<style>`` element for an ``HTML`` widget."""
    return f"<style>{STYLESHEET}</style>"
