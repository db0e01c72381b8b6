"""The window's menus and toolbar: File, Edit, View, Help, and a tag toolbar.

Each action calls a small function with the window's :class:`~annot.gui.context.OpContext`
(file operations in :mod:`annot.gui.fileops`, interchange in :mod:`annot.gui.transfer`, undo
and redo through the session); the docks' show/hide actions come from the dock registry
(:mod:`annot.gui.docks`); labels follow the session's history ("Undo Add annotation")."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QColor, QIcon, QKeySequence, QPixmap
from PySide6.QtWidgets import QMenu, QMessageBox, QToolBar

from annot import __version__
from annot.core.model import AnnotatorId
from annot.gui import errors
from annot.gui.review import COMPARE_KEYS, AgreementLauncher

if TYPE_CHECKING:
    from annot.gui.window import MainWindow

Key = QKeySequence.StandardKey


# the operations' modules are imported when an action first needs them (start-up stays light)
def _fileops() -> ModuleType:
    from annot.gui import fileops

    return fileops


def _transfer() -> ModuleType:
    from annot.gui import transfer

    return transfer


def _refi() -> ModuleType:
    from annot.gui import refi

    return refi


def swatch(colour: str, size: int = 12) -> QIcon:
    pixmap = QPixmap(size, size)
    pixmap.fill(QColor(colour))
    return QIcon(pixmap)


class Actions:
    def __init__(self, window: MainWindow) -> None:
        self.w = window
        w = window
        bar = w.menuBar()

        # File
        file = bar.addMenu("&File")
        self.new_project = self._add(file, "&New project…", lambda: w.switch_project(_fileops().new_project(w.ctx)), Key.New)
        self.open_project = self._add(
            file, "&Open project…", lambda: w.switch_project(_fileops().choose_project(w.ctx)), Key.Open
        )
        self.recent = file.addMenu("Open &recent")
        self.recent.aboutToShow.connect(self._fill_recent)
        file.addSeparator()
        self.import_docs = self._add(file, "&Import documents…", lambda: w.open_imported(_fileops().import_documents(w.ctx)), "Ctrl+I")
        self.properties = self._add(file, "Document &properties…", w.edit_properties, "Ctrl+Shift+P")
        file.addSeparator()
        self.export_claims = self._add(file, "Export &claims CSV…", lambda: _fileops().export_table(w.ctx, "claims"), "Ctrl+E")
        self.export_annotations = self._add(
            file, "Export &annotations CSV…", lambda: _fileops().export_table(w.ctx, "annotations"), "Ctrl+Shift+E"
        )
        self.export_jsonld = self._add(
            file, "Export &W3C Web Annotations (JSON-LD)…", lambda: _transfer().export_jsonld(w.ctx)
        )
        self.export_brat = self._add(file, "Export &brat standoff…", lambda: _transfer().export_brat(w.ctx))
        self.export_qdpx = self._add(file, "E&xport REFI-QDA project…", lambda: _refi().export_qdpx(w.ctx))
        file.addSeparator()
        self.import_annotations = self._add(
            file, "Import a&nnotations…", lambda: _transfer().import_annotations(w.ctx), "Ctrl+Shift+I"
        )
        self.import_brat = self._add(file, "Import brat &folder…", lambda: _transfer().import_brat(w.ctx))
        self.merge = self._add(file, "&Merge colleague's project…", lambda: _transfer().merge(w.ctx))
        self.save_copy = self._add(file, "Save a &copy for a colleague…", lambda: _fileops().save_copy(w.ctx))
        file.addSeparator()
        self.quit = self._add(file, "&Quit", w.close, Key.Quit)

        # Edit
        edit = bar.addMenu("&Edit")
        self.undo = self._add(edit, "&Undo", self._undo)
        self.undo.setShortcuts([QKeySequence("Ctrl+Z")])
        self.redo = self._add(edit, "&Redo", self._redo)
        self.redo.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        edit.addSeparator()
        self.find = self._add(edit, "&Find in this pane…", lambda: self._find(everywhere=False), "Ctrl+F")
        self.find_all = self._add(edit, "Find in &all documents…", lambda: self._find(everywhere=True), "Ctrl+Shift+F")
        edit.addSeparator()
        self.preferences = self._add(edit, "&Preferences…", self._preferences, "Ctrl+,")

        # View
        view = bar.addMenu("&View")
        self.add_pane = self._add(view, "&New pane", self._add_pane, "Ctrl+T")
        self.close_pane = self._add(view, "&Close pane", lambda: w.panes.close_pane(), "Ctrl+W")
        self.next_pane = self._add(view, "Ne&xt pane", self._next_pane, "F6")
        view.addSeparator()
        self.zoom_in = self._add(view, "Zoom &in", lambda: w.panes.zoom(1))
        self.zoom_in.setShortcuts([QKeySequence("Ctrl++"), QKeySequence("Ctrl+=")])
        self.zoom_out = self._add(view, "Zoom &out", lambda: w.panes.zoom(-1), "Ctrl+-")
        self.zoom_reset = self._add(view, "&Reset zoom", lambda: w.panes.zoom(-w.panes.zoom_level()), "Ctrl+0")
        view.addSeparator()
        self.only_mine = self._add(view, "Show only &my annotations", self._only_mine, "Ctrl+Shift+M")
        self.only_mine.setCheckable(True)
        view.addSeparator()
        view.addActions(w.docks.toggle_actions("View"))
        self.toolbar = QToolBar("Tags", w)
        self.toolbar.setObjectName("TagsToolbar")
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        w.addToolBar(self.toolbar)
        view.addAction(self.toolbar.toggleViewAction())

        # Review
        review = bar.addMenu("&Review")
        self.agreement = self._add(review, "&Agreement…", lambda: AgreementLauncher.open(w.ctx), "Ctrl+Shift+G")
        self.compare = self._add(review, "&Compare annotators…", w.review.open_compare, "Ctrl+Shift+C")
        review.addSeparator()
        [self.comments] = w.docks.toggle_actions("Review")  # the Comments dock
        review.addAction(self.comments)

        # Help
        helpmenu = bar.addMenu("&Help")
        self.shortcuts = self._add(helpmenu, "&Keyboard shortcuts", self._shortcuts, Key.HelpContents)
        self.about = self._add(helpmenu, "&About annot", self._about)

        w.session.historyChanged.connect(self.update_history)
        self.update_history()
        self.update_tags()
        self.update_panes()

    def _add(
        self, menu: QMenu, text: str, slot: Callable[[], object],
        shortcut: str | QKeySequence.StandardKey | None = None,
    ) -> QAction:  # fmt: skip
        action = QAction(text, self.w)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(lambda _checked=False: slot())
        menu.addAction(action)
        return action

    # -- state --------------------------------------------------------------------------

    def update_history(self) -> None:
        history = self.w.session.project.history
        self.undo.setEnabled(history.can_undo)
        self.redo.setEnabled(history.can_redo)
        self.undo.setText(f"&Undo {history.undo_label}" if history.can_undo else "&Undo")
        self.redo.setText(f"&Redo {history.redo_label}" if history.can_redo else "&Redo")

    def update_tags(self) -> None:
        """One toolbar button per tag: tags the current pane's selection."""
        self.toolbar.clear()
        self.toolbar.addAction(self.add_pane)
        self.toolbar.addSeparator()
        for tag in self.w.session.tags():
            action = self.toolbar.addAction(swatch(tag.colour), tag.name)
            action.setToolTip(f"Tag the selection as {tag.name}" + (f" (key {tag.key})" if tag.key else ""))
            action.triggered.connect(lambda _c=False, t=tag.id: self._tag(t))

    def update_documents(self) -> None:
        self.export_claims.setEnabled(True)

    def update_panes(self) -> None:
        panes = self.w.panes
        self.add_pane.setEnabled(panes.can_add())
        self.close_pane.setEnabled(len(panes.frames()) > 0)
        self.next_pane.setEnabled(len(panes.frames()) > 1)

    # -- slots --------------------------------------------------------------------------

    def _undo(self) -> None:
        if self.w.session.project.history.can_undo:
            with errors.reporting(self.w, "Undo"):
                self.w.session.undo()

    def _redo(self) -> None:
        if self.w.session.project.history.can_redo:
            with errors.reporting(self.w, "Redo"):
                self.w.session.redo()

    def _tag(self, tag_id: object) -> None:
        pane = self.w.current_pane()
        if pane is not None:
            with errors.reporting(self.w):
                pane.tag_selection(tag_id)

    def _add_pane(self) -> None:
        frame = self.w.panes.add_pane()
        if frame is not None:
            frame.chooser.setFocus()

    def _next_pane(self) -> None:
        frames = self.w.panes.frames()
        if frames:
            current = self.w.panes.current()
            i = frames.index(current) if current in frames else -1
            nxt = frames[(i + 1) % len(frames)]
            self.w.panes.set_current(nxt)
            nxt.pane.editor().setFocus()

    def _find(self, *, everywhere: bool) -> None:
        from annot.gui.widgets.find_panel import ALL, CURRENT

        panel = self.w.find_panel
        panel.set_scope(ALL if everywhere else CURRENT)
        pane = self.w.current_pane()
        if pane is not None:
            selected = pane.editor().textCursor().selectedText()
            if selected and "\u2029" not in selected:
                panel.text.setText(selected)
        self.w.find_dock.show()
        self.w.find_dock.raise_()
        panel.text.setFocus()
        panel.text.selectAll()
        if panel.text.text():
            panel.search()

    def _only_mine(self) -> None:
        ids: set[AnnotatorId] | None = None
        if self.only_mine.isChecked():
            ids = {self.w.session.project.annotator_id}
        for frame in self.w.panes.frames():
            frame.set_layers(ids)

    def _preferences(self) -> None:
        from annot.gui.dialogs.preferences import PreferencesDialog

        chosen = PreferencesDialog.ask(self.w, self.w.settings)
        if chosen is None:
            return
        with errors.reporting(self.w, "Preferences"):
            if chosen.annotator != self.w.settings.annotator:
                self.w.session.project.set_annotator(chosen.annotator)
            self.w.settings = chosen
            chosen.save()
            self.w.update_annotator()
            self.w.review.set_author(chosen.annotator)
            self.w.apply_preferences()
            self._only_mine()

    def _fill_recent(self) -> None:
        self.recent.clear()
        current = str(self.w.project_path.resolve())
        paths = [p for p in self.w.settings.recent_projects if p != current]
        for p in paths:
            action = self.recent.addAction(p)
            action.triggered.connect(lambda _c=False, p=p: self.w.switch_project(Path(p)))
        if not paths:
            self.recent.addAction("(no other project yet)").setEnabled(False)

    def _shortcuts(self) -> None:
        from annot.gui.dialogs.shortcuts import ShortcutsDialog

        ShortcutsDialog.ask(self.w, shortcut_sections(self))

    def _about(self) -> None:
        QMessageBox.about(
            self.w,
            "About annot",
            f"<h3>annot {__version__}</h3><p>Read several news reports side by side, tag claims, "
            "actors and dates, link them, export tidy tables and compare annotators.</p>"
            f"<p>Project: {self.w.project_path}</p><p>MIT licence.</p>",
        )


def shortcut_sections(actions: Actions) -> list[tuple[str, list[tuple[str, str]]]]:
    window_rows: list[tuple[str, str]] = []
    for action in actions.w.findChildren(QAction):
        keys = ", ".join(k.toString(QKeySequence.SequenceFormat.NativeText) for k in action.shortcuts())
        text = action.text().replace("&", "").rstrip("…")
        if keys and text:
            window_rows.append((keys, text))
    sections: list[tuple[str, list[tuple[str, str]]]] = [("Window", window_rows)]
    try:
        from annot.gui.widgets.pane_keys import SHORTCUTS

        sections.append(("Reading pane", [(str(k), str(d)) for k, d in SHORTCUTS]))
    except ImportError:  # pragma: no cover - the pane ships with the window
        pass
    sections.append(("Compare view (Review ▸ Compare annotators)", COMPARE_KEYS))
    from annot.gui.align import ALIGN_KEYS

    sections.append(("Aligning claims across panes (Claims ▸ Align)", ALIGN_KEYS))
    tags = [(t.key, f"Tag the selection as {t.name}") for t in actions.w.session.tags() if t.key]
    sections.append(("Tags (in a reading pane)", tags))
    return sections


def build(window: MainWindow) -> Actions:
    return Actions(window)
