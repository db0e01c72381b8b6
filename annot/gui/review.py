"""The Review menu's parts in the main window: the Agreement dialog, the Compare dock (two
annotators on the current pane's document, differences to settle) and the Comments dock (the
selected annotation's comments).

Both docks come from the window's dock registry (:mod:`annot.gui.docks`), hidden on a new
layout; their content is built the first time a dock is shown (computing differences at
start-up would slow every launch down). Everything here takes the window's
:class:`~annot.gui.context.OpContext` and its panes, never the window itself."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING, cast

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMainWindow, QWidget

from annot.core.errors import AnnotError
from annot.core.model import AnnotationId, AnnotatorId, DocumentId
from annot.gui.context import OpContext
from annot.gui.widgets.lazy_dock import LazyDock

if TYPE_CHECKING:
    from annot.gui.widgets.comments import CommentsPanel
    from annot.gui.widgets.compare import CompareView
    from annot.gui.widgets.panes import PaneArea, PaneFrame

# the compare view's keys (see annot.gui.widgets.compare), for Help ▸ Keyboard shortcuts
COMPARE_KEYS: list[tuple[str, str]] = [
    ("J / N, K / P", "Next / previous difference"),
    ("1, 2", "Accept A's span, accept B's span"),
    ("3, 0", "Accept both; accept neither (nothing enters the reviewed set, the originals stay unchanged)"),
    ("E", "Accept with other boundaries or another tag"),
]


class AgreementLauncher:
    """Opens the agreement dialog (a classmethod so tests can reach the dialog)."""

    @classmethod
    def open(cls, ctx: OpContext) -> QWidget:
        from annot.gui.dialogs.agreement import AgreementDialog

        dialog = AgreementDialog(ctx.session, ctx.parent)
        dialog.setObjectName("AgreementDialog")
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        return dialog


class ReviewDocks:
    def __init__(self, ctx: OpContext, panes: PaneArea, comments_dock: LazyDock, compare_dock: LazyDock) -> None:
        self.ctx = ctx
        self.panes = panes
        self.comments_dock = comments_dock
        self.compare_dock = compare_dock
        self._frames: list[PaneFrame | None] = []  # A's and B's panes while comparing
        self._comments_of: AnnotationId | None = None  # the selection, for a panel not built yet
        self._author = ctx.settings.annotator
        self._comments_stale = False
        self.comments_dock.visibilityChanged.connect(self._comments_visible)

    # -- comments -------------------------------------------------------------------------

    @property
    def comments(self) -> CommentsPanel:
        return cast("CommentsPanel", self.comments_dock.content())

    def build_comments(self) -> QWidget:
        from annot.gui.widgets.comments import CommentsPanel

        panel = CommentsPanel(self.ctx.session, self._author)
        panel.show_annotation(self._comments_of)
        return panel

    def show_comments_of(self, ann_id: AnnotationId | None) -> None:
        self._comments_of = ann_id
        panel = self.comments_dock.built()
        if panel is None:
            return
        if self.comments_dock.isVisible():
            self.comments.show_annotation(ann_id)
        else:  # a hidden dock reads the comments when it is shown, not at every selection
            self.comments.annotation_id = ann_id
            self._comments_stale = True

    def _comments_visible(self, visible: bool) -> None:
        if visible and self._comments_stale and self.comments_dock.built() is not None:
            self._comments_stale = False
            self.comments.refresh()

    def set_author(self, name: str) -> None:
        self._author = name
        if self.comments_dock.built() is not None:
            self.comments.author = name

    # -- compare --------------------------------------------------------------------------

    @property
    def compare(self) -> CompareView | None:
        """The compare view, or None until its dock was first shown."""
        return cast("CompareView | None", self.compare_dock.built())

    def build_compare(self) -> QWidget:
        from annot.gui.widgets.compare import CompareView

        reviewer = self._reviewer()
        view = CompareView(self.ctx.session, reviewer if reviewer is not None else AnnotatorId(0))
        view.message.connect(lambda text: self.ctx.say(text))
        view.table.selectionModel().currentRowChanged.connect(lambda _c, _p: self._follow(view))
        view.pairChanged.connect(self._pair_changed)
        return view

    def _follow(self, view: CompareView) -> None:
        """Bring the chosen difference into view: A's span in A's pane, B's in B's (or, when
        the panes were rearranged, in any pane showing the document)."""
        d = view.current()
        doc = view.document_box.currentData()
        if d is None or doc is None:
            return
        panes = self.panes
        live = [f for f in self._frames if f is not None and f in panes.frames() and f.document_id() == doc]
        fallback = panes.frame_showing(DocumentId(doc))
        a_frame = live[0] if live else fallback
        b_frame = live[1] if len(live) > 1 else a_frame
        if a_frame is not b_frame:  # a side without a span for this difference shows none
            for span, frame in ((d.a, a_frame), (d.b, b_frame)):
                if span is None and frame is not None:
                    frame.pane.select_annotation(None, scroll=False, flash=False)
        chosen = [(span, frame) for span, frame in ((d.b, b_frame), (d.a, a_frame))
                  if span is not None and frame is not None and span.id in frame.pane.index]  # fmt: skip
        for i, (span, frame) in enumerate(chosen):
            if i == len(chosen) - 1:  # the last one (A's when there is one) becomes current,
                panes.set_current(frame)  # so the docks follow its selection
            frame.pane.select_annotation(span.id, scroll=True, flash=False)

    def _pair_changed(self, doc: object, a: object, b: object) -> None:
        """The user chose another document or annotator in the compare view: the two panes
        follow (the same two panes, so that changing documents never adds panes)."""
        if self.compare_dock.isVisible():
            self._side_by_side(DocumentId(int(doc)), AnnotatorId(int(a)), AnnotatorId(int(b)))  # type: ignore[call-overload]
            if self.compare is not None:
                self._follow(self.compare)

    def _side_by_side(self, doc: DocumentId, a: AnnotatorId, b: AnnotatorId) -> None:
        """Show the document in two panes, A's spans on the left and B's on the right. The
        panes used last time are reused; otherwise panes already showing the document, then
        the current pane and its neighbour; a pane is added only when there is just one (the
        window must stay narrow enough for a laptop)."""
        panes = self.panes
        frames = panes.frames()
        chosen = [f for f in self._frames if f is not None and f in frames]
        if len(chosen) < 2:
            showing = [f for f in frames if f.document_id() == doc and f not in chosen]
            current = panes.current()
            rest = [f for f in ([current] if current is not None else []) + frames if f not in chosen]
            for f in showing + rest:
                if len(chosen) < 2 and f not in chosen:
                    chosen.append(f)
        if len(chosen) < 2 and len(frames) < 2:
            added = panes.add_pane(doc)
            if added is not None:
                chosen.append(added)
        if not chosen:
            return
        for frame in chosen:
            if frame.document_id() != doc:
                frame.show_document(doc)
        chosen[0].set_layers({a})
        if len(chosen) > 1:
            chosen[1].set_layers({b})
        self._frames = list(chosen[:2])

    def _reviewer(self) -> AnnotatorId | None:
        try:
            return self.ctx.session.project.annotator_id
        except AnnotError:
            return None

    def open_compare(self) -> CompareView:
        """Review ▸ Compare annotators…: the current pane's document, the two annotators
        with the most spans in it; the reviewer is the current annotator."""
        view = cast("CompareView", self.compare_dock.content())
        reviewer = self._reviewer()
        if reviewer is not None:
            view.reviewer = reviewer
        frame = self.panes.current()
        doc = frame.document_id() if frame is not None else None
        if doc is not None:
            a, b = self._pair(doc)
            if a is not None and b is not None:
                self._side_by_side(doc, a, b)
                view.set_pair(doc, a, b)
            else:
                view.set_pair(doc, view.a_box.currentData(), view.b_box.currentData())
                view.message.emit("This document has fewer than two annotators' spans to compare.")
        first_time = not self.compare_dock.isVisible()
        self.compare_dock.show()
        self.compare_dock.raise_()
        if first_time:  # room for a dozen differences (the dock shares the bottom area)
            main = self.compare_dock.parentWidget()
            if isinstance(main, QMainWindow):
                main.resizeDocks([self.compare_dock], [max(self.compare_dock.height(), 340)], Qt.Orientation.Vertical)
        view.table.setFocus()
        return view

    def _pair(self, doc: DocumentId) -> tuple[AnnotatorId | None, AnnotatorId | None]:
        counts = Counter(a.annotator_id for a in self.ctx.session.store.annotations(document_id=doc))
        ranked = [who for who, _n in counts.most_common(2)]
        if len(ranked) < 2:
            return None, None
        first, second = sorted(ranked, key=self._name)
        return first, second

    def _name(self, who: AnnotatorId) -> str:
        try:
            return self.ctx.session.store.annotator(who).name.casefold()
        except AnnotError:
            return ""

