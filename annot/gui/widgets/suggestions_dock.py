"""The Suggestions dock: ranked partners for the claim being aligned (Claims ▸ Align);
Enter or a double-click opens one in a pane beside the claim's, ready for S/C/P."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Signal
from PySide6.QtWidgets import QLabel, QListView, QVBoxLayout, QWidget

from annot.gui.models.suggestions import CLAIM_ROLE, DOCUMENT_ROLE, SuggestionsModel


class SuggestionsPanel(QWidget):
    picked = Signal(str, int)  # claim id, document id

    def __init__(self, model: SuggestionsModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.status = QLabel("Select a claim and press Ctrl+L: its likely partners in the other documents appear here.")
        self.status.setWordWrap(True)
        model.statusChanged.connect(self.status.setText)
        self.view = QListView()
        self.view.setModel(model)
        self.view.setUniformItemSizes(True)
        self.view.activated.connect(self._picked)
        self.view.doubleClicked.connect(self._picked)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.addWidget(self.status)
        layout.addWidget(self.view)

    def _picked(self, index: QModelIndex) -> None:
        claim, doc = index.data(CLAIM_ROLE), index.data(DOCUMENT_ROLE)
        if claim:
            self.picked.emit(str(claim), int(doc))
