"""The Annotations dock: every annotation, filtered by tag, annotator, document and text,
sortable by any column (both done in SQLite by the model). Typing in the text filter applies
it once the typing pauses (200 ms), not at every key. Clicking a row (or moving to it by
keyboard) asks the window to show that annotation in a pane."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from annot.core.model import AnnotatorId, Changes, DocumentId, TagId
from annot.gui.models.annotations import DOC_ROLE, ID_ROLE, AnnotationsModel
from annot.gui.session import Session

FILTER_DELAY_MS = 200


class AnnotationsPanel(QWidget):
    annotationActivated = Signal(str, int)  # annotation id, document id

    def __init__(self, session: Session, model: AnnotationsModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.model = model
        self.proxy = model  # the view's model (it filters and sorts itself: no proxy)
        self._quiet = False
        self._selected: str | None = None  # re-selected after the model resets
        self._typing = QTimer(self)
        self._typing.setSingleShot(True)
        self._typing.setInterval(FILTER_DELAY_MS)
        self._typing.timeout.connect(self._apply_filter)

        self.tag_box = QComboBox()
        self.annotator_box = QComboBox()
        self.document_box = QComboBox()
        for box in (self.tag_box, self.annotator_box, self.document_box):
            box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
            box.currentIndexChanged.connect(self._apply_filter)
        self.document_box.setMaximumWidth(260)
        self.text = QLineEdit()
        self.text.setPlaceholderText("Filter by text in quote, note, actor or date…")
        self.text.setClearButtonEnabled(True)
        self.text.textChanged.connect(self._typing.start)
        self._fill_boxes()

        self.view = QTableView()
        self.view.setModel(model)
        # unsorted (reading order) from the start: enabling sorting would sort by column 0
        self.view.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.view.setSortingEnabled(True)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setAlternatingRowColors(True)
        self.view.setWordWrap(False)
        self.view.verticalHeader().setVisible(False)
        self.view.verticalHeader().setDefaultSectionSize(self.view.fontMetrics().height() + 6)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        for col, width in enumerate((150, 70, 300, 150, 110, 70, 100, 85)):
            self.view.setColumnWidth(col, width)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.view.clicked.connect(self._activate)
        self.view.activated.connect(self._activate)
        self.view.selectionModel().currentRowChanged.connect(self._current_changed)
        model.modelReset.connect(self._reselect)
        model.updated.connect(self._reselect)

        filters = QHBoxLayout()
        filters.addWidget(self.tag_box)
        filters.addWidget(self.annotator_box)
        filters.addWidget(self.document_box)
        filters.addWidget(self.text, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.addLayout(filters)
        layout.addWidget(self.view)
        session.changed.connect(self._on_changed)

    # -- filter boxes -------------------------------------------------------------------

    def _on_changed(self, changes: Changes) -> None:
        if changes.codebook or changes.documents or changes.annotators:  # not at each tag
            self._fill_boxes()

    def _fill_boxes(self) -> None:
        self._refill(self.tag_box, "All tags", [(t.name, int(t.id)) for t in self.session.tags()])
        self._refill(self.annotator_box, "All annotators", [(a.name, int(a.id)) for a in self.session.annotators()])
        self._refill(
            self.document_box, "All documents", [(d.title or d.filename, int(d.id)) for d in self.session.documents()]
        )

    def _refill(self, box: QComboBox, everything: str, items: list[tuple[str, int]]) -> None:
        current = box.currentData()
        if [(box.itemText(i), box.itemData(i)) for i in range(1, box.count())] == items:
            return
        box.blockSignals(True)
        box.clear()
        box.addItem(everything, None)
        for text, value in items:
            box.addItem(text, value)
        found = box.findData(current) if current is not None else 0
        box.setCurrentIndex(max(found, 0))
        box.blockSignals(False)
        if current is not None and found < 0:
            self._apply_filter()

    def set_filter(
        self,
        *,
        tag_id: int | None = None,
        annotator_id: int | None = None,
        document_id: int | None = None,
        text: str = "",
    ) -> None:
        """Set every filter at once (as the boxes would) and wait for the rows."""
        for box, value in ((self.tag_box, tag_id), (self.annotator_box, annotator_id), (self.document_box, document_id)):
            box.blockSignals(True)
            box.setCurrentIndex(max(box.findData(value), 0) if value is not None else 0)
            box.blockSignals(False)
        self.text.blockSignals(True)
        self.text.setText(text)
        self.text.blockSignals(False)
        self._apply_filter()
        self.model.flush()  # the rows of a filter no index serves: wait for them here

    def _apply_filter(self) -> None:
        self._typing.stop()

        def value(box: QComboBox) -> int | None:
            data = box.currentData()
            return int(data) if data is not None else None

        tag, who, doc = value(self.tag_box), value(self.annotator_box), value(self.document_box)
        self.model.set_filter(
            tag_id=TagId(tag) if tag is not None else None,
            annotator_id=AnnotatorId(who) if who is not None else None,
            document_id=DocumentId(doc) if doc is not None else None,
            text=self.text.text(),
        )

    # -- rows ---------------------------------------------------------------------------

    def _activate(self, index: QModelIndex) -> None:
        if index.isValid():
            self._selected = str(index.data(ID_ROLE))
        if index.isValid() and not self._quiet:
            self.annotationActivated.emit(str(index.data(ID_ROLE)), int(index.data(DOC_ROLE)))

    def _current_changed(self, current: QModelIndex, previous: QModelIndex) -> None:
        if current.isValid() and current.row() != previous.row() and self.view.hasFocus():
            self._activate(current)

    def show_annotation(self, ann_id: str | None) -> None:
        """Select the row of ``ann_id`` (if visible) without asking the window to jump."""
        self._selected = ann_id
        if self.model.pending:  # a span just made: select it once its row is in
            return
        self._quiet = True
        try:
            row = self.model.row_of(ann_id) if ann_id else -1
            index = self.model.index(row, 0) if row >= 0 else QModelIndex()
            if index.isValid():
                self.view.selectionModel().setCurrentIndex(
                    index,
                    QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
                )
                self.view.scrollTo(index)
            else:
                self.view.clearSelection()
        finally:
            self._quiet = False

    def _reselect(self) -> None:
        """After a filter, a refresh or an update: the annotation that was selected, if
        still shown."""
        current = self.view.currentIndex()
        if self._selected is not None and not (current.isValid() and current.data(ID_ROLE) == self._selected):
            self.show_annotation(self._selected)
