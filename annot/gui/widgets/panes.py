"""The reading area: 1 to 4 reading panes side by side in a splitter.

Each pane sits in a :class:`PaneFrame` whose header chooses its document (any document in
any pane, the same one in two panes if wished) and closes it. The area knows which pane is
current (the one last focused) so that menu actions and the docks act on it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QMenu,
    QSplitter,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from annot.core.model import AnnotatorId, Changes, DocumentId
from annot.gui.session import Session

MAX_PANES = 4
PaneFactory = Callable[[Session, QWidget | None], Any]  # -> ReadingPane


def default_pane_factory(session: Session, parent: QWidget | None, linking: Any = None) -> Any:
    from annot.gui.widgets.pane import ReadingPane

    return ReadingPane(session, parent, linking=linking)


class PaneFrame(QFrame):
    """One pane under a slim header: a document chooser, the layers button (whose spans the
    pane shows: everyone's, or one or some annotators') and a close button (the pane itself
    shows the title, outlet and date above the text)."""

    closeRequested = Signal(object)  # self
    documentChosen = Signal(object)  # self

    def __init__(self, session: Session, factory: PaneFactory, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setObjectName("PaneFrame")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.chooser = QComboBox()
        self.chooser.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.chooser.setMinimumContentsLength(12)
        self.chooser.setToolTip("The document shown in this pane")
        self.chooser.activated.connect(self._chosen)
        self.layers: frozenset[AnnotatorId] | None = None  # None: everyone's spans
        self.layers_button = QToolButton()
        self.layers_button.setAutoRaise(True)
        self.layers_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.layers_menu = QMenu(self.layers_button)
        self.layers_menu.aboutToShow.connect(self._fill_layers)
        self.layers_button.setMenu(self.layers_menu)
        self.close_button = QToolButton()
        self.close_button.setText("✕")
        self.close_button.setAutoRaise(True)
        self.close_button.setToolTip("Close this pane (Ctrl+W)")
        self.close_button.clicked.connect(lambda: self.closeRequested.emit(self))
        header = QHBoxLayout()
        header.setContentsMargins(4, 2, 2, 2)
        header.addWidget(self.chooser, 1)
        header.addWidget(self.layers_button)
        header.addWidget(self.close_button)
        self.pane = factory(session, self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addLayout(header)
        layout.addWidget(self.pane, 1)
        self._fill()
        self._show_layers()
        session.changed.connect(self._on_changed)

    # -- layers ---------------------------------------------------------------------------

    def set_layers(self, ids: set[AnnotatorId] | frozenset[AnnotatorId] | None) -> None:
        """Show only these annotators' spans in this pane (None: everyone's)."""
        self.layers = frozenset(ids) if ids is not None else None
        self.pane.set_annotator_filter(set(self.layers) if self.layers is not None else None)
        self._show_layers()

    def _show_layers(self) -> None:
        names = {a.id: a.name for a in self.session.annotators()}
        if self.layers is None:
            text, tip = "Everyone", "Showing every annotator's spans; click to choose whose"
        else:
            chosen = sorted((names.get(i, "?") for i in self.layers), key=str.casefold)
            text = chosen[0] if len(chosen) == 1 else f"{len(chosen)} annotators" if chosen else "Nobody"
            tip = "Showing only the spans of: " + (", ".join(chosen) or "nobody")
        self.layers_button.setText(f"Showing: {text}")
        self.layers_button.setToolTip(tip)

    def _fill_layers(self) -> None:
        menu = self.layers_menu
        menu.clear()
        everyone = menu.addAction("Everyone")
        everyone.setCheckable(True)
        everyone.setChecked(self.layers is None)
        everyone.triggered.connect(lambda _c=False: self.set_layers(None))
        menu.addSeparator()
        for who in self.session.annotators():
            action = QAction(who.name, menu)
            action.setCheckable(True)
            action.setChecked(self.layers is not None and who.id in self.layers)
            action.triggered.connect(lambda checked, w=who.id: self._toggle_layer(w, checked))
            menu.addAction(action)

    def _toggle_layer(self, who: AnnotatorId, checked: bool) -> None:
        """From "Everyone", picking a name shows only that annotator; further names are
        added or removed; no name left (or every name) means everyone again."""
        if self.layers is None:
            self.set_layers({who})
            return
        current = set(self.layers)
        if checked:
            current.add(who)
        else:
            current.discard(who)
        everyone = {a.id for a in self.session.annotators()}
        self.set_layers(None if not current or current >= everyone else current)

    def _on_changed(self, changes: Changes) -> None:
        if changes.annotators:
            self._show_layers()
        if changes.documents:
            doc = self.document_id()
            if doc is not None and doc not in {d.id for d in self.session.documents()}:
                self.pane.show_document(None)
            self._fill()

    def _fill(self) -> None:
        current = self.document_id()
        self.chooser.blockSignals(True)
        self.chooser.clear()
        self.chooser.addItem("(choose a document)", None)
        for d in self.session.documents():
            self.chooser.addItem(d.title or d.filename, int(d.id))
        self.chooser.setCurrentIndex(max(self.chooser.findData(int(current)) if current is not None else 0, 0))
        self.chooser.blockSignals(False)

    def _chosen(self, index: int) -> None:
        data = self.chooser.itemData(index)
        self.show_document(DocumentId(int(data)) if data is not None else None)
        self.documentChosen.emit(self)

    def document_id(self) -> DocumentId | None:
        doc = self.pane.document_id()
        return DocumentId(int(doc)) if doc is not None else None

    def show_document(self, doc_id: DocumentId | None) -> None:
        self.pane.show_document(doc_id)
        self.chooser.blockSignals(True)
        self.chooser.setCurrentIndex(max(self.chooser.findData(int(doc_id)) if doc_id is not None else 0, 0))
        self.chooser.blockSignals(False)

    def set_current(self, current: bool) -> None:
        self.setProperty("current", current)
        self.setStyleSheet(
            "#PaneFrame { border: 1px solid palette(highlight); }" if current else "#PaneFrame { border: 1px solid palette(mid); }"
        )


class PaneArea(QWidget):
    currentChanged = Signal(object)  # PaneFrame
    panesChanged = Signal()
    annotationSelected = Signal(object, object)  # PaneFrame, annotation id or None

    def __init__(
        self, session: Session, factory: PaneFactory | None = None, parent: QWidget | None = None,
        *, linking: Any = None,
    ) -> None:  # fmt: skip
        """``linking``: the window's one linking mode, shared by the default panes."""
        super().__init__(parent)
        self.session = session
        self.factory = factory or (lambda s, p: default_pane_factory(s, p, linking))
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.splitter)
        self._frames: list[PaneFrame] = []
        self._current: PaneFrame | None = None
        self._zoom = 0
        self.configure: Callable[[Any], None] | None = None  # called with each new pane
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._focus_changed)

    # -- panes --------------------------------------------------------------------------

    def frames(self) -> list[PaneFrame]:
        return list(self._frames)

    def panes(self) -> list[Any]:
        return [f.pane for f in self._frames]

    def current(self) -> PaneFrame | None:
        return self._current

    def current_pane(self) -> Any:
        return self._current.pane if self._current else None

    def can_add(self) -> bool:
        return len(self._frames) < MAX_PANES

    def add_pane(self, doc_id: DocumentId | None = None) -> PaneFrame | None:
        if not self.can_add():
            return None
        frame = PaneFrame(self.session, self.factory, self)
        frame.closeRequested.connect(self.close_pane)
        frame.documentChosen.connect(self._document_chosen)
        frame.pane.annotationSelected.connect(lambda ann, f=frame: self.annotationSelected.emit(f, ann))
        if self.configure is not None:
            self.configure(frame.pane)
        if self._zoom:
            frame.pane.zoom(self._zoom)
        self._frames.append(frame)
        self.splitter.addWidget(frame)
        self.splitter.setSizes([1000] * len(self._frames))
        if doc_id is not None:
            frame.show_document(doc_id)
        self.set_current(frame)
        self.panesChanged.emit()
        return frame

    def close_pane(self, frame: PaneFrame | None = None) -> None:
        frame = frame or self._current
        if frame is None or frame not in self._frames:
            return
        i = self._frames.index(frame)
        self._frames.remove(frame)
        frame.hide()
        frame.setParent(None)
        frame.deleteLater()
        if self._current is frame:
            self._current = None
            if self._frames:
                self.set_current(self._frames[min(i, len(self._frames) - 1)])
            else:
                self.currentChanged.emit(None)
        self.panesChanged.emit()

    def _document_chosen(self, frame: PaneFrame) -> None:
        self.set_current(frame)
        self.panesChanged.emit()

    def set_current(self, frame: PaneFrame | None) -> None:
        if frame is self._current or (frame is not None and frame not in self._frames):
            return
        self._current = frame
        for f in self._frames:
            f.set_current(f is frame and len(self._frames) > 1)
        self.currentChanged.emit(frame)

    def _focus_changed(self, old: QWidget | None, new: QWidget | None) -> None:
        w = new
        while w is not None:
            if isinstance(w, PaneFrame) and w in self._frames:
                self.set_current(w)
                return
            w = w.parentWidget()

    # -- documents ----------------------------------------------------------------------

    def open_document(self, doc_id: DocumentId, *, new_pane: bool = False) -> PaneFrame | None:
        """Show ``doc_id`` in the current pane (or a new one, or the first when none)."""
        frame = self._current
        if new_pane or frame is None:
            frame = self.add_pane(doc_id) if self.can_add() else frame
            if frame is None:
                return None
        frame.show_document(doc_id)
        self.set_current(frame)
        self.panesChanged.emit()
        return frame

    def frame_showing(self, doc_id: DocumentId) -> PaneFrame | None:
        """The current pane if it shows ``doc_id``, else the first that does."""
        if self._current is not None and self._current.document_id() == doc_id:
            return self._current
        return next((f for f in self._frames if f.document_id() == doc_id), None)

    def documents(self) -> list[int | None]:
        return [int(d) if (d := f.document_id()) is not None else None for f in self._frames]

    # -- zoom ---------------------------------------------------------------------------

    def zoom(self, steps: int) -> None:
        self._zoom += steps
        for pane in self.panes():
            pane.zoom(steps)

    def zoom_level(self) -> int:
        return self._zoom
