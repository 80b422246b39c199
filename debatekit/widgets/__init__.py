"""The student's views: one call per notebook step, each a small view over a
:class:`~debatekit.work.student.StudentWork`.

>>> import debatekit as dk                                   # doctest: +SKIP
>>> work = dk.start("russian_mobilization")                   # doctest: +SKIP
>>> dk.widgets.identity(work); dk.widgets.meet(work)          # doctest: +SKIP
>>> dk.widgets.pre_vote(work)                                 # doctest: +SKIP
>>> dk.widgets.card(work)                                     # doctest: +SKIP
>>> dk.widgets.post_vote(work); dk.widgets.submit(work)       # doctest: +SKIP
>>> dk.widgets.diverge(work)                                  # doctest: +SKIP

Every view closes its previous copy over the same work, so re-running a cell is harmless.
"""

from .base import View, close_all, esc, live_views
from .card import CardView, card
from .identity import IdentityView, identity
from .meet import MeetView, meet
from .reflect import ReflectView, reflect
from .scoring import ScoreView, score
from .status import StatusView, status
from .submit import SubmitView, submit
from .vote import PostVoteView, PreVoteView, post_vote, pre_vote, shift_html
from .walkthrough import WalkView, argument_html, walk

__all__ = [
    "CardView",
    "DivergeView",
    "EditorView",
    "IdentityView",
    "LiveClassView",
    "MeetView",
    "PostVoteView",
    "PreVoteView",
    "ReflectView",
    "ScoreView",
    "StartView",
    "StaticDiverge",
    "StatusView",
    "StillImagesView",
    "SubmitView",
    "View",
    "WalkView",
    "argument_html",
    "card",
    "close_all",
    "debate_editor",
    "diverge",
    "esc",
    "identity",
    "live_class",
    "live_views",
    "meet",
    "post_vote",
    "pre_vote",
    "reflect",
    "score",
    "shift_html",
    "status",
    "still_images",
    "submit",
    "walk",
]

_LAZY = {"DivergeView", "StaticDiverge", "StillImagesView", "diverge", "still_images"}
_LAZY_LIVE = {"LiveClassView", "live_class"}
_EDITOR = {"EditorView", "StartView", "debate_editor"}


def __getattr__(name: str):
    # The dashboard draws with Altair (about a second to import): load it when first asked for,
    # so that the notebooks without charts start fast.
    if name in _LAZY:
        from . import dashboard

        return getattr(dashboard, name)
    if name in _LAZY_LIVE:
        from . import live_view

        return getattr(live_view, name)
    if name in _EDITOR:  # the instructor's editor page: loaded only where it is used
        from . import editor

        return getattr(editor, name)
    raise AttributeError(f"module 'debatekit.widgets' has no attribute '{name}'")
