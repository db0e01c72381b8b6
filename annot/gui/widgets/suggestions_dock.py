"""The Suggestions dock: ranked partners for the claim being aligned (Claims ▸ Align);
Enter or a double-click opens one in a pane beside the claim's, ready for S/C/P; Delete or
R rejects one (remembered in the project, never suggested again for that claim; one undo
step)."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLabel, QListView, QVBoxLayout, QWidget

from annot.core.claim_groups import RejectSuggestion
from annot.core.errors import AnnotError
from annot.core.model import AnnotationId
from annot.gui.models.suggestions import CLAIM_ROLE, DOCUMENT_ROLE, SuggestionsModel

REJECT_KEYS = (Qt.Key.Key_Delete, Qt.Key.Key_Backspace, Qt.Key.Key_R)


class _View(QListView):
    rejected = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in REJECT_KEYS and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            self.rejected.emit()
        else:
            super().keyPressEvent(event)


class SuggestionsPanel(QWidget):
    picked = Signal(str, int)  # claim id, document id

    def __init__(self, model: SuggestionsModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.status = QLabel("Select a claim and press Ctrl+L: its likely partners in the other documents appear here.")
        self.status.setWordWrap(True)
        model.statusChanged.connect(self.status.setText)
        self.view = _View()
        self.view.setModel(model)
        self.view.setUniformItemSizes(True)
        self.view.activated.connect(self._picked)
        self.view.doubleClicked.connect(self._picked)
        self.view.rejected.connect(self.reject_current)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.addWidget(self.status)
        layout.addWidget(self.view)

    def _picked(self, index: QModelIndex) -> None:
        claim, doc = index.data(CLAIM_ROLE), index.data(DOCUMENT_ROLE)
        if claim:
            self.picked.emit(str(claim), int(doc))

    def reject_current(self) -> None:
        """Reject the current suggestion: stored in the project (one undo step); the next
        one becomes current."""
        index = self.view.currentIndex()
        source, partner = self.model.claim, index.data(CLAIM_ROLE) if index.isValid() else None
        if source is None or not partner:
            return
        row = index.row()
        try:
            self.model.session.run(RejectSuggestion(source, AnnotationId(str(partner))))
        except AnnotError as exc:
            self.status.setText(f"Could not reject the suggestion: {exc}")
            return
        if self.model.rowCount():
            self.view.setCurrentIndex(self.model.index(min(row, self.model.rowCount() - 1), 0))
