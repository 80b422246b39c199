"""What a view needs from the page around it, in one small invisible widget.

ipywidgets cannot scroll the page, tell the kernel that the browser tab came back into view,
or keep JupyterLab from taking the arrow keys.  :class:`PageHelper` (an ``anywidget``, shipped
with debatekit: no network) does these three things for the view it sits in:

* ``scroll_tick`` — each increment scrolls the element matching ``scroll_to`` (searched in the
  helper's own notebook, or the page in Voila) to the top of the view: a jump shows the card
  from its top.  With ``guide=True`` it does so once when first shown: after *Run All* the
  student lands on the first thing to do rather than at the bottom of the notebook.
* a ``{"event": "focus"}`` message whenever the tab or window regains focus, so the view can
  re-read work saved meanwhile by another tab.
* :meth:`PageHelper.download` — the browser downloads a file the kernel made (a Blob: no
  server route, works in JupyterLab and Voila alike).
* in the student app (Voila): the debate's title in the page header, and the student's name
  carried from one step to the next in this browser tab (``sessionStorage``), since a shared
  Voila server must not remember names itself.
* arrow keys on a radio button or a list inside a debatekit view stay with that control
  (JupyterLab's command mode would otherwise move between cells:
  jupyter-widgets/ipywidgets#3912).
"""

from __future__ import annotations

import base64

import anywidget
import traitlets as t

_ESM = r"""
function scope(el) {
  return el.closest('.jp-Notebook') || el.closest('.jp-OutputArea')?.parentElement?.closest('body') || document;
}
function render({ model, el }) {
  el.classList.add('debatekit-helper');
  el.setAttribute('aria-hidden', 'true');
  const scroll = () => {
    const sel = model.get('scroll_to');
    if (!sel) return;
    const target = scope(el).querySelector(sel);
    if (target) target.scrollIntoView({ block: 'start', inline: 'nearest' });
  };
  model.on('change:scroll_tick', () => requestAnimationFrame(scroll));
  if (model.get('guide')) {
    // JupyterLab scrolls to the last cell when Run All ends, which may come well after this
    // view is drawn: keep the target in view until then, unless the student scrolls, clicks
    // or types first (then the page is theirs).
    let active = true;
    const stop = () => { active = false; };
    for (const type of ['wheel', 'pointerdown', 'keydown', 'touchstart']) {
      window.addEventListener(type, stop, { once: true, capture: true });
    }
    const until = Date.now() + 12000;
    const tick = () => { if (active && Date.now() < until) { scroll(); setTimeout(tick, 500); } };
    setTimeout(tick, 300);
  }
  const ping = () => { if (!document.hidden) model.send({ event: 'focus' }); };
  window.addEventListener('focus', ping);
  document.addEventListener('visibilitychange', ping);
  model.on('msg:custom', (msg) => {
    if (!msg || msg.event !== 'download') return;
    const bytes = Uint8Array.from(atob(msg.data), (c) => c.charCodeAt(0));
    const url = URL.createObjectURL(new Blob([bytes], { type: msg.type }));
    const a = document.createElement('a');
    a.href = url;
    a.download = msg.filename;
    a.style.display = 'none';
    document.body.appendChild(a);
    a.click();
    setTimeout(() => { URL.revokeObjectURL(url); a.remove(); }, 2000);
  });
  // The student app (Voila): the debate's title in the page header, and the name carried
  // from step to step for this browser tab's session (sessionStorage; nothing on the server).
  const title = model.get('page_title');
  const header = document.getElementById('debatekit-app-title');
  if (title && header) { header.textContent = title; document.title = title; }
  const keepName = () => {
    const n = model.get('remember_name');
    try { if (n) sessionStorage.setItem('debatekit-name', n); } catch (e) { /* storage off */ }
  };
  model.on('change:remember_name', keepName);
  keepName();
  if (model.get('recall')) {
    let n = null;
    try { n = sessionStorage.getItem('debatekit-name'); } catch (e) { n = null; }
    if (n) model.send({ event: 'name', name: n });
  }
  const view = el.closest('.debatekit');
  const keep = (e) => {
    if (e.key && (e.key.startsWith('Arrow') || e.key === ' ') && e.target.matches('input[type=radio], select')) {
      e.stopPropagation();
    }
  };
  if (view) view.addEventListener('keydown', keep);
  return () => {
    window.removeEventListener('focus', ping);
    document.removeEventListener('visibilitychange', ping);
    if (view) view.removeEventListener('keydown', keep);
  };
}
export default { render };
"""


class PageHelper(anywidget.AnyWidget):
    """See the module docstring.  ``on_focus(callback)`` registers a no-argument callback."""

    _esm = _ESM
    _css = ".debatekit-helper{display:block;height:0;overflow:hidden}"
    scroll_to = t.Unicode("").tag(sync=True)
    scroll_tick = t.Int(0).tag(sync=True)
    guide = t.Bool(False).tag(sync=True)
    page_title = t.Unicode("").tag(sync=True)
    recall = t.Bool(False).tag(sync=True)
    remember_name = t.Unicode("").tag(sync=True)

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._focus_callbacks: list = []
        self._name_callbacks: list = []
        self.on_msg(self._message)

    def scroll(self, selector: str | None = None) -> None:
        """Scroll the element matching ``selector`` (default ``scroll_to``) into view."""
        if selector is not None:
            self.scroll_to = selector
        self.scroll_tick += 1

    def download(self, filename: str, data: bytes, mime: str = "application/octet-stream") -> None:
        """Make the browser download ``data`` as ``filename`` (as if a link were clicked)."""
        self.send(
            {
                "event": "download",
                "filename": filename,
                "type": mime,
                "data": base64.b64encode(data).decode("ascii"),
            }
        )

    def on_name(self, callback) -> None:
        """``callback(name)`` gets the name this browser tab saved in an earlier step."""
        self._name_callbacks.append(callback)

    def on_focus(self, callback) -> None:
        self._focus_callbacks.append(callback)

    def _message(self, _widget, content, _buffers) -> None:
        if not isinstance(content, dict):
            return
        if content.get("event") == "focus":
            for callback in self._focus_callbacks:
                callback()
        elif content.get("event") == "name" and isinstance(content.get("name"), str):
            for callback in self._name_callbacks:
                callback(content["name"])
