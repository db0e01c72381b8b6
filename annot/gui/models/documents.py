"""The documents of the project as a table: title, outlet, date and a count per tag.

The counts are read after the first paint, a few documents per turn of the event loop, and
afterwards only for the documents a change names; each recount reports the difference per
tag (:attr:`DocumentsModel.tagCountsChanged`), so the codebook's totals follow without
counting the whole project again."""

from __future__ import annotations

import time
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QColor

from annot.core.model import Changes, DocumentId, DocumentInfo, Tag, TagId
from annot.gui.models import refilter
from annot.gui.session import Session

Index = QModelIndex | QPersistentModelIndex
ID_ROLE = Qt.ItemDataRole.UserRole + 1  # the document id of a row
FIXED = ("Title", "Outlet", "Date")
TURN_SECONDS = 0.012  # counting per turn of the event loop, at most about one frame


class DocumentsModel(QAbstractTableModel):
    tagCountsChanged = Signal(object)  # {TagId: difference} after a change was counted
    countsLoaded = Signal(object)  # {TagId: total} once every document is counted

    def __init__(self, session: Session, parent: Any = None) -> None:
        super().__init__(parent)
        self.session = session
        self._docs: list[DocumentInfo] = []
        self._tags: list[Tag] = []
        self._counts: dict[tuple[DocumentId, TagId], int] = {}
        self._counted: set[DocumentId] = set()
        self._pending: list[DocumentId] = []
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self._step)
        self._load()
        session.changed.connect(self._on_changed)

    def _load(self) -> None:
        self._docs = self.session.documents()
        self._tags = self.session.tags()
        self._counts, self._counted = {}, set()
        self._pending = [d.id for d in self._docs]  # counted once the window has painted
        self._timer.start()

    def _on_changed(self, changes: Changes) -> None:
        if changes.documents or changes.codebook:
            self.beginResetModel()
            self._load()
            self.endResetModel()
        elif changes.annotations and self._docs:
            known = set(self._pending)  # counted after the pane has repainted
            self._pending += [d for d in sorted(changes.annotations) if d not in known]
            self._timer.start()

    def _step(self) -> None:
        """Count documents for at most one frame's time, then let the window breathe."""
        started = time.perf_counter()
        while self._pending and time.perf_counter() - started < TURN_SECONDS:
            self._count(self._pending[:1])
            del self._pending[:1]
        if self._pending:
            self._timer.start()

    def flush(self) -> None:
        """Count now every document still to count."""
        self._timer.stop()
        pending, self._pending = self._pending, []
        self._count(pending)

    @property
    def loading(self) -> bool:
        """Whether some document's counts are still to be read."""
        return len(self._counted) < len(self._docs)

    def _count(self, docs: list[DocumentId]) -> None:
        if self.session.is_closed or not docs:
            return
        loading = self.loading
        wanted = set(docs)
        rows = [i for i, d in enumerate(self._docs) if d.id in wanted]
        delta: dict[TagId, int] = {}
        for i in rows:
            doc = self._docs[i].id
            counts = self.session.store.counts_by_tag(doc)
            for tag in self._tags:
                old, new = self._counts.get((doc, tag.id), 0), counts.get(tag.id, 0)
                self._counts[(doc, tag.id)] = new
                if doc in self._counted and new != old:
                    delta[tag.id] = delta.get(tag.id, 0) + new - old
            self._counted.add(doc)
        if rows and self._tags:
            self.dataChanged.emit(
                self.index(min(rows), len(FIXED)), self.index(max(rows), self.columnCount() - 1)
            )
        if delta:
            self.tagCountsChanged.emit(delta)
        if loading and not self.loading:
            totals: dict[TagId, int] = {}
            for (_, tag_id), n in self._counts.items():
                totals[tag_id] = totals.get(tag_id, 0) + n
            self.countsLoaded.emit(totals)

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
