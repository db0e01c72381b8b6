"""The main window: the docks (from the registry in :mod:`annot.gui.docks`, each built when
first shown) around 1–4 reading panes. Views listen to the session's change reports; the
window only wires them together, keeps the window state, and offers the menus (see
:mod:`annot.gui.actions`). The menus' work (import, export, merge, review) takes the
window's :class:`~annot.gui.context.OpContext`, never the window."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

from PySide6.QtCore import QByteArray, Qt, Signal
from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QLabel, QMainWindow, QWidget

from annot.core.errors import AnnotError
from annot.core.model import AnnotationId, Changes, DocumentId
from annot.core.settings import Settings
from annot.gui import actions, errors, state
from annot.gui.claims import ClaimsUi
from annot.gui.context import OpContext
from annot.gui.docks import FIRST_TAB, DockAttributes, Docks
from annot.gui.linking import Linking
from annot.gui.review import ReviewDocks
from annot.gui.session import Session
from annot.gui.widgets.panes import PaneArea, PaneFactory, PaneFrame

STATE_VERSION = 1


class MainWindow(DockAttributes, QMainWindow):
    projectRequested = Signal(object)  # Path: open it in a new window that replaces this one
    closed = Signal()

    def __init__(
        self, session: Session, settings: Settings, *, pane_factory: PaneFactory | None = None,
        parent: QWidget | None = None,
    ) -> None:  # fmt: skip
        super().__init__(parent)
        self.session = session
        self.ctx = OpContext(session, settings, self, self._status)
        self.setAcceptDrops(True)
        self.setDockNestingEnabled(True)
        self.setCorner(Qt.Corner.BottomLeftCorner, Qt.DockWidgetArea.LeftDockWidgetArea)
        self.setCorner(Qt.Corner.TopLeftCorner, Qt.DockWidgetArea.LeftDockWidgetArea)
        self.setDocumentMode(True)

        self.linking = Linking(session, self)  # one linking mode across the panes
        self.panes = PaneArea(session, pane_factory, self, linking=self.linking)
        self.linking.current = self.panes.current_pane
        self.linking.message.connect(self.statusBar().showMessage)
        self.panes.configure = self.configure_pane
        self.setCentralWidget(self.panes)

        self.pale_suggestions: Any = None  # with the Pre-annotation dock, when it is built
        self.docks = Docks(self, self)  # every dock, empty until first shown
        self.review = ReviewDocks(self.ctx, self.panes, self.docks.dock("comments"), self.docks.dock("compare"))
        self.docks.build_eager()  # the docks a new layout shows at once
        self.docks.dock(FIRST_TAB).raise_()  # the first tab a new user sees
        self.resizeDocks([self.documents_dock], [340], Qt.Orientation.Horizontal)
        self.resizeDocks([self.annotations_dock], [220], Qt.Orientation.Vertical)
        self.resizeDocks([self.documents_dock, self.codebook_dock], [420, 260], Qt.Orientation.Vertical)

        self.annotator_label = QLabel()
        self.statusBar().addPermanentWidget(self.annotator_label)
        self.menus = actions.build(self)
        self.claims = ClaimsUi(self)  # Claims menu, aligning across panes

        self.panes.currentChanged.connect(self._current_pane_changed)
        self.panes.panesChanged.connect(self._panes_changed)
        self.panes.annotationSelected.connect(self._annotation_selected)
        session.changed.connect(self._on_changed)

        self.update_title()
        self.update_annotator()
        self.restore_state()
        from annot.gui.textcheck import TextCheck

        self.text_check = TextCheck(session, self)

    @property
    def settings(self) -> Settings:
        return self.ctx.settings

    @settings.setter
    def settings(self, settings: Settings) -> None:
        self.ctx = replace(self.ctx, settings=settings)

    def _status(self, text: str, ms: int) -> None:
        self.statusBar().showMessage(text, ms)

    def current_document(self) -> DocumentId | None:
        frame = self.panes.current()
        return frame.document_id() if frame is not None else None

    # -- project ------------------------------------------------------------------------

    @property
    def project_path(self) -> Path:
        return self.session.project.path

    def update_title(self) -> None:
        self.setWindowTitle(f"{self.project_path.stem} — annot")
        self.setWindowFilePath(str(self.project_path))

    def update_annotator(self) -> None:
        self.annotator_label.setText(f"Annotator: {self.settings.annotator}")
        self.annotator_label.setToolTip("Your name on new annotations (change it in Edit ▸ Preferences)")

    def switch_project(self, path: Path | None) -> None:
        """Open another project in a new window that replaces this one (the application
        listens: :func:`annot.gui.app.build_main_window`)."""
        if path is not None:
            self.projectRequested.emit(Path(path))

    def open_imported(self, added: list[DocumentId]) -> None:
        """After an import: the first new document in the current pane."""
        if added:
            self.panes.open_document(added[0])

    def configure_pane(self, pane: Any) -> None:
        """Apply the preferences (word snapping, font size) to a pane."""
        pane.snap_to_words = self.settings.snap_to_words
        menus = getattr(self, "menus", None)
        if menus is not None and menus.only_mine.isChecked():
            frame = pane.parentWidget()
            if isinstance(frame, PaneFrame):
                frame.set_layers({self.session.project.annotator_id})
            else:
                pane.set_annotator_filter({self.session.project.annotator_id})
        size = self.settings.font_size
        editor = pane.editor()
        font = editor.font()
        if size > 0 and font.pointSize() != size:
            font.setPointSize(size)
            editor.setFont(font)

    def apply_preferences(self) -> None:
        zoom = self.panes.zoom_level()
        self.panes.zoom(-zoom)
        for pane in self.panes.panes():
            self.configure_pane(pane)
        self.panes.zoom(zoom)

    def _on_changed(self, changes: Changes) -> None:
        if changes.documents:
            self.menus.update_documents()
        if changes.codebook:
            self.menus.update_tags()

    # -- panes and docks ----------------------------------------------------------------

    def current_pane(self) -> Any:
        return self.panes.current_pane()

    def open_requested(self, doc_id: int, new_pane: bool) -> None:
        frame = self.panes.open_document(DocumentId(doc_id), new_pane=new_pane)
        if frame is not None:
            frame.pane.editor().setFocus()

    def _current_pane_changed(self, frame: PaneFrame | None) -> None:
        self._panes_changed()

    def _panes_changed(self) -> None:
        if (find := self.docks.built("find")) is not None:  # else it asks when built
            find.current_document = self.current_document()  # type: ignore[attr-defined]
        self.menus.update_panes()

    def _annotation_selected(self, frame: PaneFrame, ann_id: Any) -> None:
        if frame is self.panes.current():
            if (annotations := self.docks.built("annotations")) is not None:
                annotations.show_annotation(str(ann_id) if ann_id else None)  # type: ignore[attr-defined]
            self.review.show_comments_of(AnnotationId(str(ann_id)) if ann_id else None)

    def show_annotation(self, ann_id: AnnotationId, doc_id: DocumentId) -> PaneFrame | None:
        """Bring ``ann_id`` into view: its document's pane (opened in the current pane when no
        pane shows it), scrolled to the span, which flashes."""
        frame = self.panes.frame_showing(doc_id) or self.panes.open_document(doc_id)
        if frame is None:
            return None
        self.panes.set_current(frame)
        self.review.show_comments_of(ann_id)
        with errors.reporting(self):
            frame.pane.select_annotation(ann_id, scroll=True, flash=True)
        return frame

    def show_hit(self, doc_id: int, start: int, end: int) -> None:
        frame = self.panes.frame_showing(DocumentId(doc_id)) or self.panes.open_document(DocumentId(doc_id))
        if frame is None:
            return
        self.panes.set_current(frame)
        from annot.gui.widgets.find_select import select_code_points

        select_code_points(frame.pane, self.session.store.document_text(DocumentId(doc_id)), start, end)

    def edit_properties(self, doc_id: DocumentId | None = None) -> None:
        from annot.core.documents import UpdateDocument
        from annot.gui.dialogs.properties import DocumentPropertiesDialog

        if doc_id is None:
            doc_id = self.documents_panel.current_document()
            if doc_id is None and (frame := self.panes.current()) is not None:
                doc_id = frame.document_id()
        if doc_id is None:
            return
        values = DocumentPropertiesDialog.ask(self, self.session.store.document_info(doc_id))
        if values is None:
            return
        with errors.reporting(self, "Document properties"):
            self.session.run(UpdateDocument(doc_id, **values))

    # -- window state -------------------------------------------------------------------

    def restore_state(self) -> None:
        s = state.window_settings()
        geometry = s.value("window/geometry")
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            self.restoreGeometry(geometry)
        else:
            self.resize(1400, 850)
        layout = s.value("window/state")
        if isinstance(layout, QByteArray) and not layout.isEmpty():
            self.restoreState(layout, STATE_VERSION)
        known = {int(d.id) for d in self.session.documents()}
        docs, current = state.load_panes(str(self.project_path))
        docs = [d if d in known else None for d in docs]
        if not docs:  # first time on this project: the first documents side by side
            docs = [*sorted(known)[:2]] or [None]
        for doc in docs:
            self.panes.add_pane(DocumentId(doc) if doc is not None else None)
        frames = self.panes.frames()
        if frames:
            self.panes.set_current(frames[min(max(current, 0), len(frames) - 1)])
        try:
            zoom = int(str(s.value("window/zoom", 0)))
        except (TypeError, ValueError):
            zoom = 0
        if zoom:
            self.panes.zoom(zoom)

    def save_state(self) -> None:
        s = state.window_settings()
        s.setValue("window/geometry", self.saveGeometry())
        s.setValue("window/state", self.saveState(STATE_VERSION))
        s.setValue("window/zoom", self.panes.zoom_level())
        s.sync()
        frames = self.panes.frames()
        current = frames.index(f) if (f := self.panes.current()) in frames else 0
        state.save_panes(str(self.project_path), self.panes.documents(), current)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_state()
        if self.docks.built("annotations") is not None:
            self.annotations_model.shutdown()
        self.text_check.shutdown()  # its worker's connection closes before the project's
        self.closed.emit()
        try:
            self.session.close()
        except AnnotError as exc:  # pragma: no cover - closing rarely fails
            errors.show_error(self, exc)
        super().closeEvent(event)

    # -- drag and drop ------------------------------------------------------------------

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls() and any(u.isLocalFile() for u in event.mimeData().urls()):
            event.acceptProposedAction()

    def dragMoveEvent(self, event: Any) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        from annot.gui.fileops import import_paths

        paths = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            exchange = [p for p in paths if p.suffix.lower() in (".qdpx", ".qdc")]  # REFI-QDA
            for path in exchange:
                from annot.gui.transfer import import_annotations

                import_annotations(self.ctx, path)
            if len(exchange) < len(paths):
                self.open_imported(import_paths(self.ctx, [p for p in paths if p not in exchange]))
