"""The main window: documents, annotations, codebook and find docks around 1–4 reading
panes. Views listen to the session's change reports; the window only wires them together,
keeps the window state, and offers the menus (see :mod:`annot.gui.actions`)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QByteArray, Qt
from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QDockWidget, QLabel, QMainWindow, QWidget

from annot.core.errors import AnnotError
from annot.core.model import AnnotationId, Changes, DocumentId
from annot.core.settings import Settings
from annot.gui import actions, errors, state
from annot.gui.claims import ClaimsUi
from annot.gui.linking import Linking
from annot.gui.models.actors import ActorsModel
from annot.gui.models.annotations import AnnotationsModel
from annot.gui.models.codebook import CodebookModel
from annot.gui.models.documents import DocumentsModel
from annot.gui.models.timeline import TimelineModel
from annot.gui.preannotate_pane import PaleSuggestions
from annot.gui.review import ReviewDocks
from annot.gui.session import Session
from annot.gui.widgets.actors_dock import ActorsPanel
from annot.gui.widgets.annotations_dock import AnnotationsPanel
from annot.gui.widgets.codebook_dock import CodebookPanel
from annot.gui.widgets.documents_dock import DocumentsPanel
from annot.gui.widgets.find_panel import FindPanel
from annot.gui.widgets.panes import PaneArea, PaneFactory, PaneFrame
from annot.gui.widgets.preannotate_dock import PreannotatePanel
from annot.gui.widgets.timeline import TimelinePanel

STATE_VERSION = 1


class MainWindow(QMainWindow):
    def __init__(
        self, session: Session, settings: Settings, *, pane_factory: PaneFactory | None = None,
        parent: QWidget | None = None,
    ) -> None:  # fmt: skip
        super().__init__(parent)
        self.session = session
        self.settings = settings
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

        self.documents_model = DocumentsModel(session, self)
        self.annotations_model = AnnotationsModel(session, self)
        self.codebook_model = CodebookModel(session, self, documents=self.documents_model)
        self.documents_panel = DocumentsPanel(self.documents_model)
        self.annotations_panel = AnnotationsPanel(session, self.annotations_model)
        self.codebook_panel = CodebookPanel(session, self.codebook_model)
        self.find_panel = FindPanel(session)
        self.documents_dock = self.add_dock("Documents", self.documents_panel, Qt.DockWidgetArea.LeftDockWidgetArea)
        self.codebook_dock = self.add_dock("Codebook", self.codebook_panel, Qt.DockWidgetArea.LeftDockWidgetArea)
        self.annotations_dock = self.add_dock(
            "Annotations", self.annotations_panel, Qt.DockWidgetArea.BottomDockWidgetArea
        )
        self.find_dock = self.add_dock("Find", self.find_panel, Qt.DockWidgetArea.BottomDockWidgetArea)
        self.actors_model = ActorsModel(session, self, lazy=True)
        self.actors_panel = ActorsPanel(session, self.actors_model)
        self.actors_dock = self.add_dock("Actors", self.actors_panel, Qt.DockWidgetArea.BottomDockWidgetArea)
        self.tabifyDockWidget(self.annotations_dock, self.actors_dock)
        self.actors_dock.visibilityChanged.connect(self.actors_model.set_active)
        self.timeline_model = TimelineModel(session, self, lazy=True)
        self.timeline_panel = TimelinePanel(session, self.timeline_model)
        self.timeline_dock = self.add_dock("Timeline", self.timeline_panel, Qt.DockWidgetArea.BottomDockWidgetArea)
        self.tabifyDockWidget(self.annotations_dock, self.timeline_dock)
        self.timeline_dock.visibilityChanged.connect(self.timeline_model.set_active)
        self.preannotate_panel = PreannotatePanel(session, self._current_document)
        self.preannotate_dock = self.add_dock("Pre-annotation", self.preannotate_panel, Qt.DockWidgetArea.RightDockWidgetArea)
        self.preannotate_dock.hide()
        self.preannotate_panel.showRequested.connect(self.show_hit)
        self.tabifyDockWidget(self.annotations_dock, self.find_dock)
        self.review = ReviewDocks(self)
        self.annotations_dock.raise_()  # the first tab a new user sees, after the review docks
        self.resizeDocks([self.documents_dock], [340], Qt.Orientation.Horizontal)
        self.resizeDocks([self.annotations_dock], [220], Qt.Orientation.Vertical)
        self.resizeDocks([self.documents_dock, self.codebook_dock], [420, 260], Qt.Orientation.Vertical)

        self.annotator_label = QLabel()
        self.statusBar().addPermanentWidget(self.annotator_label)
        self.menus = actions.build(self)
        self.claims = ClaimsUi(self)  # claim board dock, Claims menu, aligning across panes
        self.annotations_dock.raise_()  # again: the claims docks were tabbed in after it
        self.pale_suggestions = PaleSuggestions(self)  # pre-annotation suggestions in the panes

        self.documents_panel.openRequested.connect(self._open_requested)
        self.documents_panel.propertiesRequested.connect(lambda d: self.edit_properties(DocumentId(d)))
        self.annotations_panel.annotationActivated.connect(
            lambda a, d: self.show_annotation(AnnotationId(a), DocumentId(d))
        )
        self.find_panel.hitActivated.connect(self.show_hit)
        self.actors_panel.annotationActivated.connect(
            lambda a, d: self.show_annotation(AnnotationId(a), DocumentId(d))
        )
        self.timeline_panel.claimActivated.connect(lambda a, d: self.show_annotation(AnnotationId(a), DocumentId(d)))
        self.panes.currentChanged.connect(self._current_pane_changed)
        self.panes.panesChanged.connect(self._panes_changed)
        self.panes.annotationSelected.connect(self._annotation_selected)
        session.changed.connect(self._on_changed)

        self.update_title()
        self.update_annotator()
        self.restore_state()
        from annot.gui.textcheck import TextCheck

        self.text_check = TextCheck(session, self)

    def _current_document(self) -> DocumentId | None:
        frame = self.panes.current()
        return frame.document_id() if frame is not None else None

    def add_dock(self, title: str, widget: QWidget, area: Qt.DockWidgetArea) -> QDockWidget:
        """A dock named ``{title}Dock`` (a stable name, so the window state restores it)."""
        dock = QDockWidget(title, self)
        dock.setObjectName(f"{title}Dock")
        dock.setWidget(widget)
        self.addDockWidget(area, dock)
        return dock

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

    def switch_project(self, path: Path) -> MainWindow | None:
        """Open another project in a new window that replaces this one."""
        from annot.gui.app import open_project_window

        window = open_project_window(Path(path), self.settings, parent_for_errors=self)
        if window is None:
            return None
        window.show()
        self.close()
        return window

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

    def _open_requested(self, doc_id: int, new_pane: bool) -> None:
        frame = self.panes.open_document(DocumentId(doc_id), new_pane=new_pane)
        if frame is not None:
            frame.pane.editor().setFocus()

    def _current_pane_changed(self, frame: PaneFrame | None) -> None:
        self.find_panel.current_document = frame.document_id() if frame else None
        self.menus.update_panes()

    def _panes_changed(self) -> None:
        frame = self.panes.current()
        self.find_panel.current_document = frame.document_id() if frame else None
        self.menus.update_panes()

    def _annotation_selected(self, frame: PaneFrame, ann_id: Any) -> None:
        if frame is self.panes.current():
            self.annotations_panel.show_annotation(str(ann_id) if ann_id else None)
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
        from annot.gui.app import forget

        self.save_state()
        self.annotations_model.shutdown()
        self.text_check.shutdown()  # its worker's connection closes before the project's
        forget(self)
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

                import_annotations(self, path)
            if len(exchange) < len(paths):
                import_paths(self, [p for p in paths if p not in exchange])
