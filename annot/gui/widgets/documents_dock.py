"""The Documents dock: a filterable, sortable table of the project's documents.

Double-click (or Enter) opens a document in the current pane; the context menu opens it in
a new pane or edits its properties."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QModelIndex, QObject, QPoint, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLineEdit,
    QMenu,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from annot.core.model import DocumentId
from annot.gui.models.documents import ID_ROLE, DocumentsFilter, DocumentsModel


class DocumentsPanel(QWidget):
    openRequested = Signal(int, bool)  # document id, in a new pane?
    propertiesRequested = Signal(int)

    def __init__(self, model: DocumentsModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.proxy = DocumentsFilter(self)
        self.proxy.setSourceModel(model)
        self.filter = QLineEdit()
        self.filter.setPlaceholderText("Filter documents…")
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(self.proxy.set_text)
        self.view = QTreeView()
        self.view.setRootIsDecorated(False)
        self.view.setUniformRowHeights(True)
        self.view.setAlternatingRowColors(True)
        self.view.setSortingEnabled(True)
        self.view.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
        self.view.setModel(self.proxy)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.view.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setMinimumSectionSize(28)
        header.setResizeContentsPrecision(40)  # fit columns to 40 rows, not every document
        self.view.activated.connect(self._activated)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.customContextMenuRequested.connect(self._menu)
        self.view.viewport().installEventFilter(self)
        model.modelReset.connect(self._fit_columns)
        model.dataChanged.connect(self._fit_changed)
        self._fit_columns()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.addWidget(self.filter)
        layout.addWidget(self.view)

    def _fit_columns(self) -> None:
        """Title takes the room; outlet shows only when some document has one; date and
        the counts per tag stay narrow. The title keeps about twenty characters: the
        outlet gives way first; below fourteen, a scroll bar appears instead."""
        header = self.view.header()
        docs = self.model.documents()
        self.view.setColumnHidden(1, False)  # sized while shown, hidden after: otherwise Qt
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)  # keeps a gap
        for col in range(1, self.model.columnCount()):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Interactive)
            self.view.resizeColumnToContents(col)
            self.view.setColumnWidth(col, min(self.view.columnWidth(col), 110 if col < 3 else 48))
        self.view.setColumnHidden(1, not any(d.outlet for d in docs))
        self._fit_title()

    def _fit_title(self) -> None:
        room = self.view.viewport().width()
        avg = self.view.fontMetrics().averageCharWidth()
        least = min(avg * 20, room // 2)  # what the outlet gives way for
        floor = min(avg * 14, room // 2)  # below this, a scroll bar rather than a narrower title
        visible = [c for c in range(1, self.model.columnCount()) if not self.view.isColumnHidden(c)]
        others = sum(self.view.columnWidth(c) for c in visible)
        if room - others < least and not self.view.isColumnHidden(1):  # the outlet gives way
            outlet = max(self.view.columnWidth(1) - (least - (room - others)), 48)
            others -= self.view.columnWidth(1) - outlet
            self.view.setColumnWidth(1, outlet)
        self.view.setColumnWidth(0, max(room - others, floor))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.view.viewport() and event.type() == QEvent.Type.Resize:
            self._fit_title()
        return super().eventFilter(watched, event)

    def _fit_changed(self, top: QModelIndex, bottom: QModelIndex, *_: object) -> None:
        """Counts changed in some rows: widen a count column only when one of them needs
        it (fitting every column read every row of the project after each tag)."""
        metrics = self.view.fontMetrics()
        widened = False
        for col in range(max(top.column(), 3), bottom.column() + 1):
            texts = (str(self.model.index(r, col).data() or "") for r in range(top.row(), bottom.row() + 1))
            need = min(max(metrics.horizontalAdvance(t) for t in texts) + 16, 48)
            if self.view.columnWidth(col) < need:
                self.view.setColumnWidth(col, need)
                widened = True
        if widened:
            self._fit_title()

    def document_id_at(self, index: QModelIndex) -> DocumentId | None:
        if not index.isValid():
            return None
        return DocumentId(int(index.siblingAtColumn(0).data(ID_ROLE)))

    def current_document(self) -> DocumentId | None:
        return self.document_id_at(self.view.currentIndex())

    def _activated(self, index: QModelIndex) -> None:
        if (doc := self.document_id_at(index)) is not None:
            self.openRequested.emit(int(doc), False)

    def _menu(self, pos: QPoint) -> None:
        doc = self.document_id_at(self.view.indexAt(pos))
        if doc is None:
            return
        menu = QMenu(self)
        menu.addAction("Open in current pane", lambda: self.openRequested.emit(int(doc), False))
        menu.addAction("Open in new pane", lambda: self.openRequested.emit(int(doc), True))
        menu.addSeparator()
        menu.addAction("Properties…", lambda: self.propertiesRequested.emit(int(doc)))
        menu.exec(self.view.viewport().mapToGlobal(pos))
