"""Claims across sources in the window: the Claim board dock, the Claims menu (align, label
a group, the board and its CSV export) and the :class:`~annot.gui.align.Aligner`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QWidget,
)

from annot.core.errors import AnnotError
from annot.core.model import AnnotationId, DocumentId
from annot.gui import errors
from annot.gui.align import Aligner
from annot.gui.models.board import BoardModel
from annot.gui.models.suggestions import SuggestionsModel
from annot.gui.widgets.board_dock import BoardPanel
from annot.gui.widgets.suggestions_dock import SuggestionsPanel

if TYPE_CHECKING:
    from annot.gui.window import MainWindow


class GroupLabelDialog(QDialog):
    def __init__(self, parent: QWidget | None, label: str, note: str) -> None:
        super().__init__(parent)
        self.setWindowTitle("Label claim group")
        self.label = QLineEdit(label)
        self.label.setPlaceholderText("e.g. Russia ratified the convention in 1998")
        self.note = QPlainTextEdit(note)
        form = QFormLayout(self)
        form.addRow("&Label", self.label)
        form.addRow("&Note", self.note)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    @classmethod
    def ask(cls, parent: QWidget | None, label: str, note: str) -> tuple[str, str] | None:
        dialog = cls(parent, label, note)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.label.text(), dialog.note.toPlainText()


class ClaimsUi:
    def __init__(self, window: MainWindow) -> None:
        self.w = window
        self.board_model = BoardModel(window.session, window, lazy=True)
        self.board_panel = BoardPanel(self.board_model)
        self.board_dock = window.add_dock(
            "Claim board", self.board_panel, Qt.DockWidgetArea.BottomDockWidgetArea
        )
        self.board_dock.setObjectName("ClaimBoardDock")
        window.tabifyDockWidget(window.annotations_dock, self.board_dock)
        self.board_dock.visibilityChanged.connect(self._board_shown)
        self.board_panel.claimActivated.connect(
            lambda claim, doc: window.show_annotation(AnnotationId(claim), DocumentId(doc))
        )
        self.aligner = Aligner(window)
        self.suggestions_model = SuggestionsModel(window.session, window)
        self.suggestions_panel = SuggestionsPanel(self.suggestions_model)
        self.suggestions_dock = window.add_dock(
            "Suggestions", self.suggestions_panel, Qt.DockWidgetArea.BottomDockWidgetArea
        )
        window.tabifyDockWidget(window.annotations_dock, self.suggestions_dock)
        self.suggestions_dock.visibilityChanged.connect(self._suggestions_shown)
        window.linking.started.connect(self._aligning)
        self.suggestions_panel.picked.connect(
            lambda claim, doc: self.aligner.pick(AnnotationId(claim), DocumentId(doc))
        )
        self.menu = self._build_menu()

    def _aligning(self, claim: str) -> None:
        if self.suggestions_dock.isVisible() and not self.suggestions_dock.visibleRegion().isEmpty():
            self.suggestions_model.request(AnnotationId(claim))

    def _suggestions_shown(self, shown: bool) -> None:
        """Suggestions are computed only while their dock is on screen."""
        linking = self.w.linking
        if shown and linking.source is not None and linking.kind is None:
            self.suggestions_model.request(linking.source)

    def _board_shown(self, shown: bool) -> None:
        self.board_model.set_active(shown)

    def _build_menu(self) -> QMenu:
        bar = self.w.menuBar()
        window_linking = self.w.linking
        menu = QMenu("&Claims", bar)
        before = next((a for a in bar.actions() if a.text() == "&Help"), None)
        if before is not None:
            bar.insertMenu(before, menu)
        else:  # pragma: no cover - the window always has a Help menu
            bar.addMenu(menu)

        def add(text: str, slot: object, key: str | None = None) -> QAction:
            action = QAction(text, self.w)
            if key:
                action.setShortcut(QKeySequence(key))
            action.triggered.connect(lambda _c=False: slot())  # type: ignore[operator]
            menu.addAction(action)
            return action

        self.align = add(
            "&Align selected claim…", lambda: window_linking.start(self.w.panes.current_pane()), "Ctrl+L"
        )
        self.label = add("&Label claim group…", self.label_group, "Ctrl+Shift+L")
        menu.addSeparator()
        board = self.board_dock.toggleViewAction()
        board.setText("Claim &board")
        menu.addAction(board)
        suggestions = self.suggestions_dock.toggleViewAction()
        suggestions.setText("&Suggestions while aligning")
        menu.addAction(suggestions)
        add("Export claim board CSV (&long)…", lambda: self.export_board(wide=False))
        add("Export claim board CSV (&wide)…", lambda: self.export_board(wide=True))
        return menu

    def label_group(self) -> None:
        frame = self.w.panes.current()
        claim = frame.pane.selected_annotation() if frame is not None else None
        if claim is None:
            self.w.statusBar().showMessage("Select a claim of the group first.", 5000)
            return
        from annot.core.claim_groups import SetGroupLabel, claim_groups

        store = self.w.session.store
        groups = claim_groups(store)
        if claim not in groups.group_of:
            self.w.statusBar().showMessage("Select a claim (not an actor or a date) first.", 5000)
            return
        group = groups.of(claim)
        answer = GroupLabelDialog.ask(self.w, group.label, group.note)
        if answer is None:
            return
        with errors.reporting(self.w, "Label claim group"):
            self.w.session.run(SetGroupLabel(claim, *answer))

    def export_board(self, *, wide: bool) -> None:
        from annot.core.export.board import export_board
        from annot.gui.dialogs.files import FileDialogs

        project_path = self.w.session.project.path
        form = "wide" if wide else "long"
        title = f"Export claim board CSV ({form})"
        target = FileDialogs.export_csv(
            self.w, title, str(project_path.with_name(f"{project_path.stem}-board-{form}.csv"))
        )
        if target is None:
            return
        settings = self.w.settings
        try:
            rows = export_board(
                self.w.session.store, target, wide=wide, unaligned=self.board_model.unaligned,
                excel_bom=settings.excel_bom, escape_formulas=settings.escape_formulas,
            )  # fmt: skip
        except AnnotError as exc:
            errors.show_error(self.w, exc, title)
            return
        self.w.statusBar().showMessage(
            f"Exported {rows} row{'s' if rows != 1 else ''} to {target}.", 8000
        )
