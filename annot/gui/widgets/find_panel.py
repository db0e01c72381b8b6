"""Find (Ctrl+F): a text, a scope (the current pane's document or all documents), and a
result list; activating a result shows it in a pane with the match selected."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QVBoxLayout,
    QWidget,
)

from annot.core.model import DocumentId
from annot.gui.models.find import HIT_ROLE, FindResultsModel, find_all
from annot.gui.session import Session

CURRENT, ALL = "current", "all"


class FindPanel(QWidget):
    hitActivated = Signal(int, int, int)  # document id, start, end (code points)

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.current_document: DocumentId | None = None
        self.text = QLineEdit()
        self.text.setPlaceholderText("Find…")
        self.text.setClearButtonEnabled(True)
        self.text.returnPressed.connect(self._enter)
        self.scope = QComboBox()
        self.scope.addItem("In this pane", CURRENT)
        self.scope.addItem("In all documents", ALL)
        self.scope.currentIndexChanged.connect(self.search)
        self.status = QLabel()
        self.model = FindResultsModel(self)
        self.view = QListView()
        self.view.setModel(self.model)
        self.view.setUniformItemSizes(True)
        self.view.activated.connect(self._activate)
        self.view.clicked.connect(self._activate)
        row = QHBoxLayout()
        row.addWidget(self.text, 1)
        row.addWidget(self.scope)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.addLayout(row)
        layout.addWidget(self.status)
        layout.addWidget(self.view)
        self._last_query: tuple[str, object, DocumentId | None] | None = None
        self._next = 0

    def set_scope(self, scope: str) -> None:
        self.scope.setCurrentIndex(max(self.scope.findData(scope), 0))

    def search(self) -> None:
        scope = self.scope.currentData()
        docs = None
        if scope == CURRENT:
            docs = [self.current_document] if self.current_document is not None else []
        hits = find_all(self.session.store, self.text.text(), self.session.documents(), docs)
        self.model.set_hits(hits)
        self._last_query = (self.text.text(), scope, self.current_document)
        self._next = 0
        if not self.text.text():
            self.status.setText("")
        elif scope == CURRENT and self.current_document is None:
            self.status.setText("No document in the current pane.")
        else:
            where = "this document" if scope == CURRENT else "all documents"
            self.status.setText(f"{len(hits)} match{'es' if len(hits) != 1 else ''} in {where}")

    def _enter(self) -> None:
        """Enter searches; pressing it again jumps to the next match."""
        query = (self.text.text(), self.scope.currentData(), self.current_document)
        if query != self._last_query:
            self.search()
        if self.model.rowCount():
            index = self.model.index(self._next % self.model.rowCount(), 0)
            self.view.setCurrentIndex(index)
            self._activate(index)
            self._next += 1

    def _activate(self, index: QModelIndex) -> None:
        if index.isValid():
            doc, start, end = index.data(HIT_ROLE)
            self.hitActivated.emit(doc, start, end)
