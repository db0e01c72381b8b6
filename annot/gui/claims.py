"""Claims across sources in the window: the Claim board and Suggestions docks (from the
window's dock registry, built when first shown), the Claims menu (align, label a group, the
board and its CSV export) and the :class:`~annot.gui.align.Aligner`. The menu's work
(:func:`label_group`, :func:`export_board`) takes the window's
:class:`~annot.gui.context.OpContext`."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

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
from annot.gui.context import OpContext

if TYPE_CHECKING:
    from annot.gui.models.board import BoardModel
    from annot.gui.models.suggestions import SuggestionsModel
    from annot.gui.widgets.board_dock import BoardPanel
    from annot.gui.widgets.suggestions_dock import SuggestionsPanel


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
    def __init__(self, window: Any) -> None:  # the main window
        self.w = window
        self.board_dock = window.docks.dock("board")
        self.aligner = Aligner(window.ctx, window.panes, window.linking)
        self.suggestions_dock = window.docks.dock("suggestions")
        window.linking.started.connect(self._aligning)
        self.menu = self._build_menu()

    # -- the docks (built the first time they show) ------------------------------------------

    @property
    def board_panel(self) -> BoardPanel:
        return cast("BoardPanel", self.board_dock.content())

    @property
    def board_model(self) -> BoardModel:
        return self.board_panel.model

    @property
    def suggestions_panel(self) -> SuggestionsPanel:
        return cast("SuggestionsPanel", self.suggestions_dock.content())

    @property
    def suggestions_model(self) -> SuggestionsModel:
        return self.suggestions_panel.model

    def build_board(self) -> BoardPanel:
        from annot.gui.models.board import BoardModel
        from annot.gui.widgets.board_dock import BoardPanel

        panel = BoardPanel(BoardModel(self.w.session, self.w, lazy=True))
        panel.claimActivated.connect(
            lambda claim, doc: self.w.show_annotation(AnnotationId(claim), DocumentId(doc))
        )
        self.board_dock.visibilityChanged.connect(self._board_shown)
        if self.board_dock.isVisible():
            panel.model.set_active(True)
        return panel

    def build_suggestions(self) -> SuggestionsPanel:
        from annot.gui.models.suggestions import SuggestionsModel
        from annot.gui.widgets.suggestions_dock import SuggestionsPanel

        panel = SuggestionsPanel(SuggestionsModel(self.w.session, self.w))
        panel.picked.connect(lambda claim, doc: self.aligner.pick(AnnotationId(claim), DocumentId(doc)))
        self.suggestions_dock.visibilityChanged.connect(self._suggestions_shown)
        linking = self.w.linking
        if self.suggestions_dock.isVisible() and linking.source is not None and linking.kind is None:
            panel.model.request(linking.source)
        return panel

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
        menu.addActions(self.w.docks.toggle_actions("Claims"))  # the board, the suggestions
        add("Export claim board CSV (&long)…", lambda: self.export_board(wide=False))
        add("Export claim board CSV (&wide)…", lambda: self.export_board(wide=True))
        return menu

    def label_group(self) -> None:
        frame = self.w.panes.current()
        label_group(self.w.ctx, frame.pane.selected_annotation() if frame is not None else None)

    def export_board(self, *, wide: bool) -> None:
        unaligned = self.board_model.unaligned if self.board_dock.built() is not None else False
        export_board(self.w.ctx, wide=wide, unaligned=unaligned)


def label_group(ctx: OpContext, claim: AnnotationId | None) -> None:
    """Claims ▸ Label claim group…: the label and note of ``claim``'s group (one undo step)."""
    if claim is None:
        ctx.say("Select a claim of the group first.", 5000)
        return
    from annot.core.claim_groups import SetGroupLabel, claim_groups

    groups = claim_groups(ctx.session.store)
    if claim not in groups.group_of:
        ctx.say("Select a claim (not an actor or a date) first.", 5000)
        return
    group = groups.of(claim)
    answer = GroupLabelDialog.ask(ctx.parent, group.label, group.note)
    if answer is None:
        return
    with errors.reporting(ctx.parent, "Label claim group"):
        ctx.session.run(SetGroupLabel(claim, *answer))


def export_board(ctx: OpContext, *, wide: bool, unaligned: bool = False) -> Path | None:
    """Claims ▸ Export claim board CSV: the long form (one row per claim) or the wide one."""
    from annot.core.export.board import export_board as export
    from annot.gui.dialogs.files import FileDialogs

    project_path = ctx.project_path
    form = "wide" if wide else "long"
    title = f"Export claim board CSV ({form})"
    target = FileDialogs.export_csv(
        ctx.parent, title, str(project_path.with_name(f"{project_path.stem}-board-{form}.csv"))
    )
    if target is None:
        return None
    settings = ctx.settings
    try:
        rows = export(
            ctx.session.store, target, wide=wide, unaligned=unaligned,
            excel_bom=settings.excel_bom, escape_formulas=settings.escape_formulas,
        )  # fmt: skip
    except AnnotError as exc:
        errors.show_error(ctx.parent, exc, title)
        return None
    ctx.say(f"Exported {rows} row{'s' if rows != 1 else ''} to {target}.", 8000)
    return target
