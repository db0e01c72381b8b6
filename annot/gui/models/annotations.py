"""Every annotation of the project as a table (document, tag, quote, actor, date,
annotator, note, status), refreshed per document from the session's change reports."""

from __future__ import annotations

from dataclasses import dataclass
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

from annot.core.model import Annotation, AnnotatorId, Changes, DocumentId, LinkKind, TagId
from annot.gui.models import refilter
from annot.gui.session import Session

Index = QModelIndex | QPersistentModelIndex
ID_ROLE = Qt.ItemDataRole.UserRole + 1  # annotation id (str)
DOC_ROLE = Qt.ItemDataRole.UserRole + 2  # document id (int)
COLUMNS = ("Document", "Tag", "Quote", "Actor", "Date", "Annotator", "Note", "Status")
QUOTE_CHARS = 160
JOIN = "; "


@dataclass(frozen=True, slots=True)
class Row:
    annotation: Annotation
    actors: str
    dates: str


def _short(text: str, limit: int = QUOTE_CHARS) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


class AnnotationsModel(QAbstractTableModel):
    def __init__(self, session: Session, parent: Any = None, *, lazy: bool = False) -> None:
        """With ``lazy``, the rows are read once the event loop runs (after the window's
        first paint: a big project has many annotations)."""
        super().__init__(parent)
        self.session = session
        self._rows: list[Row] = []
        self._titles: dict[DocumentId, str] = {}
        self._tags: dict[TagId, tuple[str, str]] = {}
        self._annotators: dict[AnnotatorId, str] = {}
        self._loaded = False
        self._closed = False
        if lazy:
            QTimer.singleShot(0, self, self.flush)
        else:
            self._load()
        self._pending: set[DocumentId] = set()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self.flush)
        session.changed.connect(self._on_changed)

    def _load(self) -> None:
        self._names()
        self._rows = [r for d in sorted(self._titles) for r in self._rows_of(d)]
        self._loaded = True

    def _names(self) -> None:
        store = self.session.store
        self._titles = {d.id: d.title or d.filename for d in store.documents()}
        self._tags = {t.id: (t.name, t.colour) for t in store.tags()}
        self._annotators = {a.id: a.name for a in store.annotators()}

    def _rows_of(self, doc_id: DocumentId) -> list[Row]:
        store = self.session.store
        anns = store.annotations(document_id=doc_id)
        by_id = {a.id: a for a in anns}
        actors: dict[str, list[str]] = {}
        dates: dict[str, list[str]] = {}
        for link in store.links(doc_id):
            target = by_id.get(link.target_id)
            if target is None:
                continue
            if link.kind == LinkKind.SAID_BY:
                actors.setdefault(link.source_id, []).append(_short(target.quote, 60))
            elif link.kind == LinkKind.DATED:
                dates.setdefault(link.source_id, []).append(_short(target.quote, 60))
        return [Row(a, JOIN.join(actors.get(a.id, ())), JOIN.join(dates.get(a.id, ()))) for a in anns]

    def _on_changed(self, changes: Changes) -> None:
        if not self._loaded:
            return  # the first load reads everything anyway
        if changes.documents or changes.codebook or changes.annotators:
            self._pending.clear()
            self.beginResetModel()
            self._load()
            self.endResetModel()
            return
        if changes.annotations:
            # after the pane has repainted: a document with many spans takes a while to reload
            self._pending |= changes.annotations
            self._timer.start()

    def shutdown(self) -> None:
        """The project is closing: read nothing more."""
        self._timer.stop()
        self._pending = set()
        self._loaded = True
        self._closed = True

    def flush(self) -> None:
        """Apply the pending updates (or the first load) now."""
        if self._closed:
            return
        if not self._loaded:
            self.beginResetModel()
            self._load()
            self.endResetModel()
            self._pending = set()
            return
        self._timer.stop()
        pending, self._pending = sorted(self._pending), set()
        if pending:
            self._annotators = {a.id: a.name for a in self.session.store.annotators()}
        for doc_id in pending:
            self._replace_document(doc_id)

    def _replace_document(self, doc_id: DocumentId) -> None:
        """Swap the block of rows of one document (rows are grouped by document)."""
        first = next((i for i, r in enumerate(self._rows) if r.annotation.document_id == doc_id), -1)
        if first >= 0:
            last = first
            while last + 1 < len(self._rows) and self._rows[last + 1].annotation.document_id == doc_id:
                last += 1
            self.beginRemoveRows(QModelIndex(), first, last)
            del self._rows[first : last + 1]
            self.endRemoveRows()
        else:
            first = next(
                (i for i, r in enumerate(self._rows) if r.annotation.document_id > doc_id), len(self._rows)
            )
        if doc_id not in self._titles:
            return
        new = self._rows_of(doc_id)
        if new:
            self.beginInsertRows(QModelIndex(), first, first + len(new) - 1)
            self._rows[first:first] = new
            self.endInsertRows()

    # -- lookups ------------------------------------------------------------------------

    def row_at(self, row: int) -> Row:
        return self._rows[row]

    def row_of(self, ann_id: str) -> int:
        for i, r in enumerate(self._rows):
            if r.annotation.id == ann_id:
                return i
        return -1

    def document_title(self, doc_id: DocumentId) -> str:
        return self._titles.get(doc_id, "")

    # -- Qt model -----------------------------------------------------------------------

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
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        a = row.annotation
        col = index.column()
        if role == ID_ROLE:
            return a.id
        if role == DOC_ROLE:
            return int(a.document_id)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return self._text(row, col)
        if role == Qt.ItemDataRole.DecorationRole and col == 1:
            return QColor(self._tags.get(a.tag_id, ("", "#888888"))[1])
        if role == Qt.ItemDataRole.ToolTipRole and col in (2, 6):
            return a.quote if col == 2 else a.note
        return None

    def _text(self, row: Row, col: int) -> str:
        a = row.annotation
        if col == 0:
            return self._titles.get(a.document_id, "")
        if col == 1:
            return self._tags.get(a.tag_id, ("?", ""))[0]
        if col == 2:
            return _short(a.quote)
        if col == 3:
            return row.actors
        if col == 4:
            return row.dates
        if col == 5:
            return self._annotators.get(a.annotator_id, "")
        if col == 6:
            return _short(a.note)
        return a.status.value


class AnnotationsFilter(QSortFilterProxyModel):
    """Filter by tag, annotator, document (None = any) and words in quote, note or links."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.setSortRole(Qt.ItemDataRole.EditRole)
        self.setSortCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.tag_id: TagId | None = None
        self.annotator_id: AnnotatorId | None = None
        self.document_id: DocumentId | None = None
        self._words: list[str] = []

    def set_filter(
        self,
        *,
        tag_id: TagId | None = None,
        annotator_id: AnnotatorId | None = None,
        document_id: DocumentId | None = None,
        text: str = "",
    ) -> None:
        self.tag_id, self.annotator_id, self.document_id = tag_id, annotator_id, document_id
        self._words = text.casefold().split()
        refilter(self)

    def lessThan(self, left: Index, right: Index) -> bool:
        model = self.sourceModel()
        assert isinstance(model, AnnotationsModel)
        col = left.column()
        a, b = model.row_at(left.row()), model.row_at(right.row())
        if col == 2:  # quotes sort in reading order
            ka = (a.annotation.document_id, a.annotation.start, a.annotation.end)
            kb = (b.annotation.document_id, b.annotation.start, b.annotation.end)
            return ka < kb
        return model._text(a, col).casefold() < model._text(b, col).casefold()

    def filterAcceptsRow(self, source_row: int, parent: Index) -> bool:
        model = self.sourceModel()
        assert isinstance(model, AnnotationsModel)
        row = model.row_at(source_row)
        a = row.annotation
        if self.tag_id is not None and a.tag_id != self.tag_id:
            return False
        if self.annotator_id is not None and a.annotator_id != self.annotator_id:
            return False
        if self.document_id is not None and a.document_id != self.document_id:
            return False
        if self._words:
            hay = " ".join((a.quote, a.note, row.actors, row.dates)).casefold()
            return all(w in hay for w in self._words)
        return True
