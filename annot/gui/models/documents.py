"""The documents of the project as a table: title, outlet, date and a count per tag."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    QTimer,
)
from PySide6.QtGui import QColor

from annot.core.model import Changes, DocumentId, DocumentInfo, Tag, TagId
from annot.gui.models import refilter
from annot.gui.session import Session

Index = QModelIndex | QPersistentModelIndex
ID_ROLE = Qt.ItemDataRole.UserRole + 1  # the document id of a row
FIXED = ("Title", "Outlet", "Date")


class DocumentsModel(QAbstractTableModel):
    def __init__(self, session: Session, parent: Any = None) -> None:
        super().__init__(parent)
        self.session = session
        self._docs: list[DocumentInfo] = []
        self._tags: list[Tag] = []
        self._counts: dict[tuple[DocumentId, TagId], int] = {}
        self._load()
        self._pending: set[DocumentId] = set()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self.flush)
        session.changed.connect(self._on_changed)

    def _load(self) -> None:
        store = self.session.store
        self._docs = store.documents()
        self._tags = store.tags()
        self._counts = store.counts_by_document_and_tag()

    def _on_changed(self, changes: Changes) -> None:
        if changes.documents or changes.codebook:
            self._pending = set()
            self.beginResetModel()
            self._load()
            self.endResetModel()
        elif changes.annotations and self._docs:
            self._pending |= changes.annotations  # counted after the pane has repainted
            self._timer.start()

    def flush(self) -> None:
        """Recount the documents whose annotations changed."""
        self._timer.stop()
        pending, self._pending = self._pending, set()
        if self.session.is_closed:
            return
        rows = [i for i, d in enumerate(self._docs) if d.id in pending]
        for i in rows:
            doc = self._docs[i].id
            counts = self.session.store.counts_by_tag(doc)
            for tag in self._tags:
                self._counts[(doc, tag.id)] = counts.get(tag.id, 0)
        if rows and self._tags:
            self.dataChanged.emit(
                self.index(min(rows), len(FIXED)), self.index(max(rows), self.columnCount() - 1)
            )

    # -- lookups ------------------------------------------------------------------------

    def document_at(self, row: int) -> DocumentInfo:
        return self._docs[row]

    def row_of(self, doc_id: DocumentId) -> int:
        for i, d in enumerate(self._docs):
            if d.id == doc_id:
                return i
        return -1

    def documents(self) -> list[DocumentInfo]:
        return list(self._docs)

    # -- Qt model -----------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._docs)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(FIXED) + len(self._tags)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < self.columnCount():
            return None
        if section < len(FIXED):
            return FIXED[section] if role == Qt.ItemDataRole.DisplayRole else None
        tag = self._tags[section - len(FIXED)]
        if role == Qt.ItemDataRole.DisplayRole:
            return tag.name
        if role == Qt.ItemDataRole.DecorationRole:
            return QColor(tag.colour)
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"Number of {tag.name} annotations"
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        doc = self._docs[index.row()]
        col = index.column()
        if role == ID_ROLE:
            return int(doc.id)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            if col == 0:
                return doc.title or doc.filename
            if col == 1:
                return doc.outlet
            if col == 2:
                return doc.published
            tag = self._tags[col - len(FIXED)]
            n = self._counts.get((doc.id, tag.id), 0)
            return n if role == Qt.ItemDataRole.EditRole else (str(n) if n else "")
        if role == Qt.ItemDataRole.ToolTipRole and col == 0:
            parts = [doc.title, doc.outlet, doc.published, doc.filename, doc.url]
            return "\n".join(p for p in parts if p)
        if role == Qt.ItemDataRole.TextAlignmentRole and col >= len(FIXED):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


class DocumentsFilter(QSortFilterProxyModel):
    """Case-insensitive filter on title, outlet, date and file name; sorts numbers as numbers."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setSortRole(Qt.ItemDataRole.EditRole)
        self._text = ""

    def set_text(self, text: str) -> None:
        self._text = text.strip().casefold()
        refilter(self)

    def filterAcceptsRow(self, row: int, parent: Index) -> bool:
        if not self._text:
            return True
        model = self.sourceModel()
        assert isinstance(model, DocumentsModel)
        d = model.document_at(row)
        hay = " ".join((d.title, d.outlet, d.published, d.filename, d.url)).casefold()
        return all(word in hay for word in self._text.split())
