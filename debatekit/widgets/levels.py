"""The rubric as radio buttons: one group per criterion, every level's description visible.

ipywidgets' ``RadioButtons`` leaves a group without an accessible name and hides nothing but
also explains nothing; a ``Dropdown`` hides the descriptions until opened.  This small
``anywidget`` draws each criterion as a ``<fieldset>`` whose ``<legend>`` is the criterion's
label and question, with one labelled radio button per level ("3 good — The claim is clear,
with minor vagueness.") and "not assessable" where the rubric allows it.  Native radio buttons
give the keyboard behaviour students know: Tab to a criterion, arrow keys to choose.

The kernel stays the truth: a click sends ``{"criterion", "value", "argument"}`` to the kernel
(:meth:`LevelPicker.choose` is the same path for tests), and the kernel answers by setting
``values``; a refused choice is undone with :meth:`LevelPicker.resync`.
"""

from __future__ import annotations

import anywidget
import traitlets as t

NOT_ASSESSABLE = "na"

_ESM = r"""
function render({ model, el }) {
  el.classList.add('debatekit-levels');
  const group = 'dk-' + Math.random().toString(36).slice(2);
  let inputs = [];
  const sync = () => {
    const values = model.get('values') || {};
    const off = model.get('disabled');
    for (const [input, cid, value] of inputs) {
      const v = values[cid];
      input.checked = v !== undefined && v !== null && String(v) === String(value);
      input.disabled = off;
    }
  };
  const build = () => {
    el.replaceChildren();
    inputs = [];
    const grid = document.createElement('div');
    grid.className = 'debatekit-criteria';
    for (const c of model.get('criteria')) {
      const fs = document.createElement('fieldset');
      fs.className = 'debatekit-criterion';
      const legend = document.createElement('legend');
      const name = document.createElement('b');
      name.textContent = c.label;
      legend.append(name);
      if (c.prompt) legend.append(': ' + c.prompt);
      fs.append(legend);
      for (const level of c.levels) {
        const label = document.createElement('label');
        const input = document.createElement('input');
        input.type = 'radio';
        input.name = group + '-' + c.id;
        input.value = String(level.value);
        input.addEventListener('change', () => {
          if (input.checked) {
            model.send({ criterion: c.id, value: level.value, argument: model.get('argument') });
          }
        });
        const words = document.createElement('span');
        const head = document.createElement('b');
        head.textContent = level.label;
        words.append(head, level.text ? ' — ' + level.text : '');
        label.append(input, words);
        fs.append(label);
        inputs.push([input, c.id, level.value]);
      }
      grid.append(fs);
    }
    el.append(grid);
    sync();
  };
  model.on('change:criteria', build);
  model.on('change:values', sync);
  model.on('change:disabled', sync);
  model.on('msg:custom', (msg) => { if (msg && msg.event === 'sync') sync(); });
  // Arrow keys and Space choose within a group; JupyterLab's command mode would otherwise
  // take them (move between cells, scroll). Tab and Escape keep their usual meaning.
  el.addEventListener('keydown', (e) => {
    if (e.key && (e.key.startsWith('Arrow') || e.key === ' ' || e.key === 'Home' || e.key === 'End')) {
      e.stopPropagation();
    }
  });
  build();
}
export default { render };
"""

_CSS = """
.debatekit-levels fieldset { border: 0; border-top: 1px solid var(--jp-border-color2, #ccc);
  margin: 0; padding: 4px 0 6px; min-width: 0; }
.debatekit-levels legend { padding: 0; font-size: 15px; line-height: 1.45; max-width: 75ch; }
.debatekit-levels label { display: flex; align-items: flex-start; gap: 8px; padding: 2px 4px;
  border-radius: 4px; cursor: pointer; font-size: 15px; line-height: 1.45; max-width: 75ch; }
.debatekit-levels label:hover { background: var(--jp-layout-color2, #eee); }
.debatekit-levels input[type=radio] { flex: none; margin: 0.25em 0 0; width: 1.05em;
  height: 1.05em; accent-color: var(--jp-brand-color1, #1565c0); }
.debatekit-levels input[type=radio]:focus-visible { outline: 3px solid var(--jp-brand-color1, #1565c0);
  outline-offset: 2px; }
.debatekit-levels input[type=radio]:checked + span b { text-decoration: underline; }
.debatekit-levels label:has(input:disabled) { cursor: not-allowed; opacity: 0.75; }
.debatekit-levels .debatekit-criteria { display: grid; gap: 8px 24px; align-items: start;
  grid-template-columns: repeat(auto-fill, minmax(min(100%, 30em), 1fr)); }
"""


def rubric_criteria(rubric) -> list[dict]:
    """The rubric as the picker draws it: ``[{id, label, prompt, levels: [{value, label,
    text}]}]`` (``"na"`` is the value of "not assessable")."""
    out = []
    for c in rubric.criteria.itertuples():
        cid = str(c.criterion)
        levels = []
        for level in rubric.scale:
            name = rubric.labels.get(level)
            text = rubric.describe(cid, level)
            levels.append(
                {
                    "value": int(level),
                    "label": f"{level} {name}" if name else str(level),
                    "text": text if text and text != name else "",
                }
            )
        if rubric.allow_not_assessable:
            levels.append(
                {
                    "value": NOT_ASSESSABLE,
                    "label": "not assessable",
                    "text": "I cannot judge this from what is given",
                }
            )
        prompt = "" if c.prompt is None or c.prompt != c.prompt else str(c.prompt)
        out.append(
            {"id": cid, "label": str(c.label), "prompt": " ".join(prompt.split()), "levels": levels}
        )
    return out


class LevelPicker(anywidget.AnyWidget):
    """One radio group per criterion.  ``values``: criterion -> level (int) or ``"na"``;
    absent = not scored.  ``argument`` names the argument the values belong to, so that a
    click that crosses a change of argument is not applied to the wrong one."""

    _esm = _ESM
    _css = _CSS
    criteria = t.List().tag(sync=True)
    values = t.Dict().tag(sync=True)
    argument = t.Unicode("").tag(sync=True)
    disabled = t.Bool(False).tag(sync=True)

    def __init__(self, on_choose, **kwargs):
        super().__init__(**kwargs)
        self._on_choose = on_choose
        self.on_msg(self._message)

    def choose(self, criterion: str, value, argument: str | None = None) -> None:
        """What a click does: hand ``(criterion, value, argument)`` to the view."""
        self._on_choose(criterion, value, self.argument if argument is None else argument)

    def resync(self) -> None:
        """Make the page show ``values`` again (after a refused choice)."""
        self.send({"event": "sync"})

    def _message(self, _widget, content, _buffers) -> None:
        if isinstance(content, dict) and "criterion" in content:
            self.choose(content["criterion"], content.get("value"), content.get("argument"))
