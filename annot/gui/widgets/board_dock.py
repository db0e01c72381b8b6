"""The Claim board dock: the board table with a filter and "Show unaligned claims"; a click
on a cell opens that claim in a pane."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from annot.gui.models.board import CLAIM_ROLE, DOCUMENT_ROLE, BoardFilter, BoardModel


class BoardPanel(QWidget):
    claimActivated = Signal(str, int)  # claim id, document id

    def __init__(self, model: BoardModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.proxy = BoardFilter(self)
        self.proxy.setSourceModel(model)
        self.filter = QLineEdit()
        self.filter.setPlaceholderText("Filter claims, actors, dates…")
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(self.proxy.set_text)
        self.unaligned = QCheckBox("Show unaligned claims")
        self.unaligned.toggled.connect(model.set_unaligned)
        self.view = QTableView()
        self.view.setModel(self.proxy)
        self.view.setSortingEnabled(True)
        self.view.sortByColumn(1, Qt.SortOrder.DescendingOrder)  # most sources first
        self.view.setWordWrap(True)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.verticalHeader().setVisible(False)
        self.view.clicked.connect(self._activated)
        self.view.activated.connect(self._activated)
        model.modelReset.connect(self._fit)
        top = QHBoxLayout()
        top.addWidget(self.filter, 1)
        top.addWidget(self.unaligned)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.addLayout(top)
        layout.addWidget(self.view)

    def _fit(self) -> None:
        self.view.setColumnWidth(0, 200)
        self.view.setColumnWidth(1, 60)
        for col in range(2, self.model.columnCount()):
            self.view.setColumnWidth(col, 240)
        self.view.resizeRowsToContents()

    def _activated(self, index: QModelIndex) -> None:
        claim, doc = index.data(CLAIM_ROLE), index.data(DOCUMENT_ROLE)
        if claim and doc is not None:
            self.claimActivated.emit(str(claim), int(doc))
