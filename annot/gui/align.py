"""Aligning claims across panes, and showing the alignments.

**Aligning** (Claims ▸ Align selected claim, Ctrl+L) is the window's one linking mode,
:class:`annot.gui.linking.Linking`: with a claim selected in the current pane, Ctrl+L starts;
the status bar says what to do. The user selects the matching claim in any other pane — a
click, or by keyboard (F6 to that pane, Tab to the claim) — then presses S (same claim), C
(contradicts) or P (partly); Esc cancels. The alignment is one
:class:`annot.core.claim_groups.Align` command (one undo step).

**Showing**: each pane gets an :class:`AlignmentMarkers` overlay, a bar in the left margin
beside every aligned claim, coloured by its strongest relation (green same, amber partly, red
contradicts), and :class:`~annot.gui.widgets.connectors.Connectors` draws a band across the
gap between two adjacent panes for each alignment between their claims. Selecting an aligned claim scrolls the other panes to its partners, selects
and flashes them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, QRectF, Qt, QTimer
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import QWidget

from annot.core.errors import AnnotError
from annot.core.model import AnnotationId, Changes, DocumentId, LinkKind
from annot.gui import errors
from annot.gui.widgets.connectors import Connectors

if TYPE_CHECKING:  # the core's claim groups are imported on first use (start-up stays light)
    from annot.core.claim_groups import Alignments
    from annot.gui.context import OpContext
    from annot.gui.linking import Linking
    from annot.gui.widgets.panes import PaneArea, PaneFrame

MARKER_COLOURS = {
    LinkKind.SAME_CLAIM: "#2e9d48",
    LinkKind.PARTLY: "#e0a100",
    LinkKind.CONTRADICTS: "#d62f2f",
}
MARKER_WIDTH = 5
# for Help ▸ Keyboard shortcuts
ALIGN_KEYS = [
    ("Ctrl+L", "Link the selected claim: then select its partner in another pane"),
    ("Click, or F6 then Tab", "Select the partner claim in another pane"),
    ("S / C / P", "Same claim / contradicts / partly the same"),
    (
        "Click, or Tab then Enter (its own document)",
        "An actor or a date of the claim's document: said by / dated",
    ),
    ("Esc", "Cancel linking"),
    ("Delete / R (in the Suggestions dock)", "Reject the current suggestion: it is not suggested again (Ctrl+Z undoes)"),
]


class AlignmentMarkers(QWidget):
    """A transparent overlay on a pane's text: a bar beside each aligned claim."""

    def __init__(self, pane: Any) -> None:
        editor = pane.editor()
        super().__init__(editor.viewport())
        self.pane = pane
        self.claims: dict[AnnotationId, LinkKind] = {}
        self.setObjectName("alignmentMarkers")
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setAttribute(Qt.WidgetAttribute.WA_NoSystemBackground)
        editor.viewport().installEventFilter(self)
        editor.verticalScrollBar().valueChanged.connect(self.update)
        self.setGeometry(editor.viewport().rect())
        self.show()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        parent = self.parentWidget()
        if event.type() == QEvent.Type.Resize and parent is not None:
            self.setGeometry(parent.rect())
        return False

    def set_claims(self, claims: dict[AnnotationId, LinkKind]) -> None:
        self.claims = claims
        self.raise_()
        self.update()

    def marker_rects(self) -> list[tuple[QRectF, LinkKind]]:
        """Where each visible aligned claim's bar is painted (viewport coordinates)."""
        out: list[tuple[QRectF, LinkKind]] = []
        editor = self.pane.editor()
        for claim, kind in self.claims.items():
            span = self.pane.index.get(claim)
            if span is None:
                continue
            rects = editor.span_rects(span.qstart, span.qend)
            if rects:
                top = min(r.top() for r in rects)
                bottom = max(r.bottom() for r in rects)
                out.append((QRectF(0, top, MARKER_WIDTH, bottom - top), kind))
        return out

    def paintEvent(self, event: QPaintEvent) -> None:
        if not self.claims:
            return
        painter = QPainter(self)
        for rect, kind in self.marker_rects():
            painter.fillRect(rect, QColor(MARKER_COLOURS[kind]))
        painter.end()


class Aligner(QObject):
    """The markers on every pane, the bands between them, following partners, and opening a
    suggested partner while linking (the linking mode itself is the window's
    :class:`~annot.gui.linking.Linking`).

    It takes what it uses, not the window: the context (session, the dialogs' parent),
    the pane area and the window's linking mode."""

    def __init__(self, ctx: OpContext, panes: PaneArea, linking: Linking) -> None:
        super().__init__(panes)
        self.session = ctx.session
        self.parent_widget = ctx.parent
        self.panes = panes
        self.linking = linking
        self._alignments: Alignments | None = None
        self._following = False  # selecting partners: ignore the selections it causes
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self.refresh_markers)
        self.connectors = Connectors(panes, MARKER_COLOURS)
        panes.annotationSelected.connect(self._selected)
        panes.panesChanged.connect(self.refresh_markers)
        self.session.changed.connect(self._on_changed)
        self._timer.start()  # the first markers and bands once the window has painted

    @property
    def active(self) -> bool:
        """Whether the window is linking a claim (Ctrl+L, A or D)."""
        return self.linking.active

    @property
    def alignments(self) -> Alignments:
        if self._alignments is None:
            from annot.core.claim_groups import Alignments

            self._alignments = Alignments.load(self.session.store)
        return self._alignments

    def pick(self, claim: AnnotationId, doc: DocumentId) -> None:
        """Open a suggested partner in a pane beside the claim's (never the claim's own pane)
        and select it, so that S, C or P aligns it."""
        if self.linking.source is None:
            return
        panes = self.panes
        source_frame = next(
            (f for f in panes.frames() if f.pane is self.linking.source_view), None
        )
        frame = panes.frame_showing(doc)
        if frame is None or frame is source_frame:
            others = [f for f in panes.frames() if f is not source_frame]
            frame = others[0] if others else panes.add_pane()
            if frame is None:
                return
        panes.set_current(frame)
        if frame.document_id() != doc:
            panes.open_document(doc)
        frame.pane.select_annotation(claim, scroll=True, flash=True)

    def _selected(self, frame: PaneFrame, ann_id: Any) -> None:
        if self._following or self.linking.active:
            return
        if ann_id and frame is self.panes.current():
            self.follow(AnnotationId(str(ann_id)), frame)

    # -- showing ------------------------------------------------------------------------

    def follow(self, claim: AnnotationId, frame: PaneFrame) -> None:
        """Scroll the other panes to the partners of ``claim``, select and flash them."""
        partners = self.alignments.partners(claim)
        if not partners:
            return
        self._following = True
        try:
            for other in self.panes.frames():
                if other is frame:
                    continue
                doc = other.document_id()
                here = [p for p, (d, _k) in partners.items() if d == doc]
                if here:
                    other.pane.select_annotation(here[0], scroll=True, flash=True)
        finally:
            self._following = False

    def _on_changed(self, changes: Changes) -> None:
        if not (changes.annotations or changes.documents or changes.codebook):
            return
        if not changes.links_changed:  # no alignment came or went (a span moved, was added
            for frame in self.panes.frames():  # or edited): the markers only repaint
                markers = frame.pane.findChild(AlignmentMarkers)
                if markers is not None:
                    markers.update()
            self.connectors.update()
            return
        self._alignments = None  # links were written (or the report does not say which)
        self._timer.start()  # after the panes have reloaded their spans

    def _watch(self, editor: Any) -> None:
        if not editor.property("annotConnectorsWatched"):
            editor.setProperty("annotConnectorsWatched", True)
            editor.verticalScrollBar().valueChanged.connect(self.connectors.update)

    def refresh_markers(self) -> None:
        """The markers in every pane and the connector bands between them."""
        self._timer.stop()
        if self.session.is_closed:
            return
        self.connectors.set_ends(self.alignments.ends, self._watch)
        for frame in self.panes.frames():
            pane = frame.pane
            markers = pane.findChild(AlignmentMarkers)
            if markers is None:
                if not hasattr(pane, "index"):
                    continue
                markers = AlignmentMarkers(pane)
            doc: DocumentId | None = frame.document_id()
            try:
                markers.set_claims(self.alignments.in_document(doc) if doc is not None else {})
            except AnnotError as exc:  # pragma: no cover - a closed store
                errors.show_error(self.parent_widget, exc)
