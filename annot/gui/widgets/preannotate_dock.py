"""The Pre-annotation dock: suggested spans on demand for the current pane's document.

"Suggest" lists the date spans (with values) and actor spans annot finds there
(:mod:`annot.core.preannotate`); nothing is annotated until accepted. Enter (or A) accepts the
current suggestion (one undo step), Delete (or R) rejects it (it leaves the list for this
session). Selecting one shows it in the pane, where every suggestion is drawn pale and the
same keys, with the caret in it, accept or reject it (:mod:`annot.gui.preannotate_pane`)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QToolButton, QTreeView, QVBoxLayout, QWidget

from annot.core.model import DocumentId, Role
from annot.core.preannotate import AcceptSuggestion, Suggestion, suggest_spans
from annot.gui import errors
from annot.gui.session import Session

Index = QModelIndex | QPersistentModelIndex
COLUMNS = ("Kind", "Text", "Value / actor", "Offset")


class PreannotateModel(QAbstractTableModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[Suggestion] = []

    def set_rows(self, rows: list[Suggestion]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def take(self, row: int) -> Suggestion:
        self.beginRemoveRows(QModelIndex(), row, row)
        s = self._rows.pop(row)
        self.endRemoveRows()
        return s

    def rows(self) -> list[Suggestion]:
        return list(self._rows)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        horizontal = orientation == Qt.Orientation.Horizontal
        if horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(COLUMNS):
            return COLUMNS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role != Qt.ItemDataRole.DisplayRole:
            return None
        s = self._rows[index.row()]
        extra = s.value if s.role == Role.DATE else (s.actor_name or "(seen in another document)")
        return (s.role.value, s.text, extra, s.start)[index.column()]


class _View(QTreeView):
    accepted = Signal()
    rejected = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_A):
            self.accepted.emit()
        elif key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace, Qt.Key.Key_R):
            self.rejected.emit()
        else:
            super().keyPressEvent(event)


class PreannotatePanel(QWidget):
    showRequested = Signal(int, int, int)  # document id, start, end

    def __init__(self, session: Session, current_document: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.current_document = current_document  # () -> DocumentId | None
        self.model = PreannotateModel(self)
        self.rejected: set[tuple[int, int, int, str]] = set()
        self.view = _View()
        self.view.setRootIsDecorated(False)
        self.view.setModel(self.model)
        self.view.accepted.connect(lambda: self.accept_current())
        self.view.rejected.connect(lambda: self.reject_current())
        self.view.selectionModel().currentChanged.connect(self._show)
        self.status = QLabel("Suggest spans for the document in the current pane.")
        button = QToolButton()
        button.setText("Suggest")
        button.setToolTip("Suggest date and actor spans in the current pane's document")
        button.clicked.connect(self.suggest)
        row = QHBoxLayout()
        row.addWidget(button)
        row.addWidget(self.status, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.addLayout(row)
        layout.addWidget(self.view)

    def suggest(self) -> None:
        doc = self.current_document()
        if doc is None:
            self.status.setText("Open a document in a pane first.")
            return
        with errors.reporting(self, "Pre-annotation"):
            rows = [s for s in suggest_spans(self.session.store, DocumentId(doc)) if self._key(s) not in self.rejected]
            self.model.set_rows(rows)
            self.status.setText(f"{len(rows)} suggestion(s); Enter accepts, Delete rejects.")
            if rows:
                self.view.setCurrentIndex(self.model.index(0, 0))
                self.view.setFocus()

    @staticmethod
    def _key(s: Suggestion) -> tuple[int, int, int, str]:
        return (int(s.document_id), s.start, s.end, s.role.value)

    def _show(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            s = self.model.rows()[current.row()]
            had_focus = self.view.hasFocus()
            self.showRequested.emit(int(s.document_id), s.start, s.end)
            if had_focus:  # the keys stay with the list: Enter accepts, Delete rejects
                self.view.setFocus()

    def accept_current(self, row: int | None = None, *, keep_focus: bool = True) -> None:
        """Accept the current suggestion (or the one at ``row``): one undo step."""
        row = self.view.currentIndex().row() if row is None else row
        if not 0 <= row < self.model.rowCount():
            return
        s = self.model.rows()[row]
        tag = next((t for t in self.session.tags() if t.role == s.role), None)
        if tag is None:
            errors.show_error(self, f"The codebook has no {s.role.value} tag.", "Pre-annotation")
            return
        with errors.reporting(self, "Pre-annotation"):
            self.session.run(AcceptSuggestion(s, tag.id, self.session.project.annotator_id))
            self.model.take(row)
        if keep_focus:
            self.view.setFocus()

    def reject_current(self, row: int | None = None, *, keep_focus: bool = True) -> None:
        """Reject the current suggestion (or the one at ``row``): it leaves the list."""
        row = self.view.currentIndex().row() if row is None else row
        if 0 <= row < self.model.rowCount():
            self.rejected.add(self._key(self.model.take(row)))
        if keep_focus:
            self.view.setFocus()
