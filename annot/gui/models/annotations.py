"""Every annotation of the project as a table (document, tag, quote, actor, date,
annotator, note, status), refreshed per document from the session's change reports."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence
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

from annot.core.model import (
    Annotation,
    AnnotationId,
    AnnotatorId,
    Changes,
    DocumentId,
    LinkKind,
    TagId,
)
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


def _same(a: Annotation | None, row: tuple[str, int, int, int, int, str, str, str, str]) -> bool:
    """Whether ``a`` still matches its stored row (id, tag, annotator, start, end, note,
    status, created, modified: :meth:`Store.document_rows`)."""
    return a is not None and (
        a.tag_id, a.annotator_id, a.start, a.end, a.note, a.status.value, a.created, a.modified
    ) == row[1:]


def _short(text: str, limit: int = QUOTE_CHARS) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


class AnnotationsModel(QAbstractTableModel):
    """Rows grouped by document (in id order), each block in document order.

    A change report names documents; for each, the model compares the document's keys (id,
    tag, offsets, note, status, modified) with its rows, reads only the annotations that
    changed, and inserts, removes or updates just those rows. Updates wait for the event
    loop (after the pane has repainted); with ``lazy`` the first load does too, one
    document per turn, so a big project never freezes the window."""

    def __init__(self, session: Session, parent: Any = None, *, lazy: bool = False) -> None:
        super().__init__(parent)
        self.session = session
        self._rows: list[Row] = []
        self._titles: dict[DocumentId, str] = {}
        self._tags: dict[TagId, tuple[str, str]] = {}
        self._annotators: dict[AnnotatorId, str] = {}
        self._pending: set[DocumentId] = set()
        self._closed = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self._tick)
        self._names()
        self._to_load: list[DocumentId] = sorted(self._titles)
        if lazy:
            self._timer.start()
        else:
            self.flush()
        session.changed.connect(self._on_changed)

    def _names(self) -> None:
        store = self.session.store
        self._titles = {d.id: d.title or d.filename for d in store.documents()}
        self._tags = {t.id: (t.name, t.colour) for t in store.tags()}
        self._annotators = {a.id: a.name for a in store.annotators()}

    def _on_changed(self, changes: Changes) -> None:
        if self._closed:
            return
        if changes.documents or changes.codebook or changes.annotators:
            self._names()
            if self._rows:
                self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, len(COLUMNS) - 1))
        if changes.annotations:
            self._pending |= changes.annotations
            self._timer.start()

    def _tick(self) -> None:
        if self._closed:
            return
        if self._to_load:
            self._refresh_document(self._to_load.pop(0))
            if self._to_load or self._pending:
                self._timer.start()
            return
        self.flush()

    def flush(self) -> None:
        """Apply the first load and every pending update now."""
        self._timer.stop()
        if self._closed:
            return
        docs, self._to_load, self._pending = sorted(set(self._to_load) | self._pending), [], set()
        for doc_id in docs:
            self._refresh_document(doc_id)

    def shutdown(self) -> None:
        """The project is closing: read nothing more."""
        self._timer.stop()
        self._closed = True

    # -- one document -----------------------------------------------------------------------

    def _block(self, doc_id: DocumentId) -> tuple[int, int]:
        key = lambda r: r.annotation.document_id  # noqa: E731
        return bisect_left(self._rows, doc_id, key=key), bisect_right(self._rows, doc_id, key=key)

    def _read(self, doc_id: DocumentId, old: list[Row]) -> list[Annotation]:
        """The document's annotations, reusing the unchanged ones of ``old``."""
        store = self.session.store
        if not old:
            return store.annotations(document_id=doc_id)
        keys = store.document_rows(doc_id)
        known: dict[str, Annotation] = {r.annotation.id: r.annotation for r in old}
        fresh = [k for k in keys if not _same(known.get(k[0]), k)]
        if len(fresh) > 200:
            return store.annotations(document_id=doc_id)
        read = {k[0]: store.annotation(AnnotationId(k[0])) for k in fresh}
        return [read[k[0]] if k[0] in read else known[k[0]] for k in keys]

    def _rows_for(self, doc_id: DocumentId, anns: list[Annotation], old: Sequence[Row] = ()) -> list[Row]:
        """Rows for ``anns``; a row of ``old`` that would come out equal is reused as is."""
        previous = {id(r.annotation): r for r in old}
        by_id = {a.id: a for a in anns}
        actors: dict[str, list[str]] = {}
        dates: dict[str, list[str]] = {}
        for link in self.session.store.links(doc_id):
            target = by_id.get(link.target_id)
            if target is None:
                continue
            if link.kind == LinkKind.SAID_BY:
                actors.setdefault(link.source_id, []).append(_short(target.quote, 60))
            elif link.kind == LinkKind.DATED:
                dates.setdefault(link.source_id, []).append(_short(target.quote, 60))
        rows = []
        for a in anns:
            who, when = JOIN.join(actors.get(a.id, ())), JOIN.join(dates.get(a.id, ()))
            row = previous.get(id(a))
            rows.append(row if row is not None and row.actors == who and row.dates == when else Row(a, who, when))
        return rows

    def _refresh_document(self, doc_id: DocumentId) -> None:
        first, end = self._block(doc_id)
        old = self._rows[first:end]
        new = self._rows_for(doc_id, self._read(doc_id, old), old) if doc_id in self._titles else []
        lo, ln = len(old), len(new)
        p = 0
        while p < min(lo, ln) and old[p].annotation.id == new[p].annotation.id:
            p += 1
        s = 0
        while s < min(lo, ln) - p and old[lo - 1 - s].annotation.id == new[ln - 1 - s].annotation.id:
            s += 1
        if lo - s > p:
            self.beginRemoveRows(QModelIndex(), first + p, first + lo - s - 1)
            del self._rows[first + p : first + lo - s]
            self.endRemoveRows()
        if ln - s > p:
            self.beginInsertRows(QModelIndex(), first + p, first + ln - s - 1)
            self._rows[first + p : first + p] = new[p : ln - s]
            self.endInsertRows()
        changed = [i for i in range(ln) if self._rows[first + i] is not new[i]]
        for i in changed:
            self._rows[first + i] = new[i]
        if changed:
            top, bottom = first + min(changed), first + max(changed)
            self.dataChanged.emit(self.index(top, 0), self.index(bottom, len(COLUMNS) - 1))

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
