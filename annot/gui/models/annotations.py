"""Every annotation of the project as a table (document, tag, quote, actor, date,
annotator, note, status, and a date span's normalised value with its status): a model over
the store, not a copy of it.

The row count comes from one SQL count; rows are read a page at a time when the view asks
for them (a few pages kept, least recently used dropped first; in reading order a page next
to a kept one is sought from its neighbour's key, not counted out from its offset); filtering and sorting run
in SQLite (:mod:`annot.core.store.table`). A change report that names its annotations
updates only those rows: a new annotation is inserted at its rank, an edited one repainted;
anything else re-reads the count and drops the cached pages, without reading any row."""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QColor

from annot.core.model import Annotation, AnnotationId, AnnotatorId, Changes, DocumentId, TagId
from annot.core.store.table import TableQuery, TableRow
from annot.gui.models.table_order import OrderBuilder
from annot.gui.session import Session

Index = QModelIndex | QPersistentModelIndex
ID_ROLE = Qt.ItemDataRole.UserRole + 1  # annotation id (str)
DOC_ROLE = Qt.ItemDataRole.UserRole + 2  # document id (int)
COLUMNS = ("Document", "Tag", "Quote", "Actor", "Date", "Annotator", "Note", "Status", "Value")
# (the Value column has no SQL sort key: clicking it shows document order)
SORT_KEYS = ("document", "tag", "quote", "actor", "date", "annotator", "note", "status")
VALUE_COLUMN = 8
QUOTE_CHARS = 160
JOIN = "; "
PAGE = 200  # rows read at a time
PAGES_KEPT = 16


@dataclass(frozen=True, slots=True)
class Row:
    annotation: Annotation
    actors: str
    dates: str
    value: tuple[str, str] | None = None  # a date span's (value, suggested/confirmed)


def _short(text: str, limit: int = QUOTE_CHARS) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _row(r: TableRow, values: dict[str, tuple[str, str]]) -> Row:
    return Row(
        r.annotation, JOIN.join(_short(q, 60) for q in r.actors), JOIN.join(_short(q, 60) for q in r.dates),
        values.get(r.annotation.id),
    )  # fmt: skip


def _value_text(value: tuple[str, str] | None) -> str:
    return "" if value is None else f"{value[0] or '—'} ({value[1]})"


class AnnotationsModel(QAbstractTableModel):
    """The annotations the current :class:`TableQuery` selects, in its order.

    Updates wait for the event loop (after the pane has repainted); :meth:`flush` applies
    them now. ``rows_read`` counts the rows ever read from the store (tests check that a
    big project is not read whole)."""

    updated = Signal()  # pending change reports were applied

    def __init__(self, session: Session, parent: Any = None) -> None:
        super().__init__(parent)
        self.session = session
        self.query = TableQuery()
        self.rows_read = 0
        self._pages: OrderedDict[int, list[Row]] = OrderedDict()
        self._ranks: dict[str, int] = {}  # rows found by SQL since the last change
        self._titles: dict[DocumentId, str] = {}
        self._tags: dict[TagId, tuple[str, str]] = {}
        self._annotators: dict[AnnotatorId, str] = {}
        self._pending: Changes | None = None
        self._closed = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self._apply)
        # the rowids in order, for a query no index serves (built off the GUI thread)
        self._order: list[int] | None = None
        self._builder = OrderBuilder(session.store, self)
        self._builder.built.connect(self._install)
        self._names()
        self._count = session.store.table_count(self.query)
        session.changed.connect(self._on_changed)

    def _names(self) -> None:
        self._titles = {d.id: d.title or d.filename for d in self.session.documents()}
        self._tags = {t.id: (t.name, t.colour) for t in self.session.tags()}
        self._annotators = {a.id: a.name for a in self.session.annotators()}

    # -- changes ----------------------------------------------------------------------------

    def _on_changed(self, changes: Changes) -> None:
        if self._closed or changes.empty:
            return
        self._pending = changes if self._pending is None else self._pending | changes
        self._timer.start()

    def flush(self) -> None:
        """Apply the pending change reports, and the order being built, now (waiting for
        it: the event loop applies them without waiting)."""
        self._apply()
        self._builder.wait()

    def _apply(self) -> None:
        self._timer.stop()
        changes, self._pending = self._pending, None
        if self._closed or self.session.is_closed or changes is None:
            return
        if self._order is not None:  # the order is built again; the rows named repaint now
            if changes.documents or changes.codebook or changes.annotators:
                self._names()
            self._repaint(changes.annotation_ids)
            self._builder.request(self.query)
        elif changes.documents or changes.codebook or changes.annotators:
            self._names()
            self._refresh()
        elif changes.annotations:
            ids = changes.annotation_ids
            if ids is None or not self._update(ids, changes.annotations_net):
                self._refresh()
        self.updated.emit()


    def _repaint(self, ids: frozenset[AnnotationId] | None) -> None:
        """Drop the cached pages holding ``ids`` (all when None) and repaint their rows."""
        if ids is None:
            self._pages.clear()
            if self._count:
                self.dataChanged.emit(self.index(0, 0), self.index(self._count - 1, len(COLUMNS) - 1))
            return
        cached = self._cached()
        for row in sorted(cached[i] for i in ids if i in cached):
            self._pages.pop(row - row % PAGE, None)
            self.dataChanged.emit(self.index(row, 0), self.index(row, len(COLUMNS) - 1))

    def _install(self, query: TableQuery, order: list[int]) -> None:
        """The order of ``query`` is ready: a layout change when the rows are the same
        ones (the selection follows its annotations), else a reset."""
        if self._closed:
            return
        if query.words == self.query.words and query.tag_id == self.query.tag_id and (
            query.annotator_id == self.query.annotator_id
            and query.document_id == self.query.document_id and len(order) == self._count
        ):  # fmt: skip
            self._relayout(query, order)
        else:
            self.beginResetModel()
            self.query, self._order = query, order
            self._pages.clear()
            self._ranks.clear()
            self._count = len(order)
            self.endResetModel()
        self.updated.emit()

    @property
    def pending(self) -> bool:
        """Whether change reports wait to be applied."""
        return self._pending is not None

    def shutdown(self) -> None:
        """The project is closing: read nothing more."""
        self._timer.stop()
        self._closed = True
        self._builder.shutdown()

    def _cached(self) -> dict[str, int]:
        """{annotation id: row} of the rows held in the page cache."""
        return {
            r.annotation.id: start + i for start, page in self._pages.items() for i, r in enumerate(page)
        }

    def _update(self, ids: frozenset[AnnotationId], net: int | None = None) -> bool:
        """Apply a change to ``ids`` row by row; False when it cannot be done exactly (the
        caller then refreshes). ``net``: annotations added less removed, when the report
        counted them (then a table of every annotation needs no count)."""
        self._ranks.clear()
        store = self.session.store
        q = self.query
        every = q.tag_id is None and q.annotator_id is None and q.document_id is None and not q.words
        count = self._count + net if every and net is not None else store.table_count(q)
        cached = self._cached()
        ranks = {i: store.table_rank(self.query, i) for i in ids}
        present = {i: r for i, r in ranks.items() if r is not None}
        if count == self._count + 1 and len(present) == 1:  # one row added (a tag key press)
            ((new, rank),) = present.items()
            if new not in cached:
                self.beginInsertRows(QModelIndex(), rank, rank)
                page = self._keep_pages_to(rank)
                if page is not None:  # the new row goes in; the last one moves to the next page
                    page.insert(rank % PAGE, self._read_one(rank))
                    del page[PAGE:]
                self._count = count
                self._ranks[new] = rank
                self.endInsertRows()
                return True
        if count == self._count - 1:  # one row removed, if we know where it was
            gone = [i for i in ids if i not in present and i in cached]
            if len(gone) == 1 and not present:
                row = cached[gone[0]]
                self.beginRemoveRows(QModelIndex(), row, row)
                page = self._keep_pages_to(row)
                if page is not None:  # the row goes; the next page's first one comes up
                    del page[row % PAGE]
                    last = row - row % PAGE + PAGE - 1
                    if len(page) == PAGE - 1 and last < count:
                        page.append(self._read_one(last))
                self._count = count
                self.endRemoveRows()
                return True
        if count == self._count and all(i in cached and cached[i] == r for i, r in present.items()):
            if any(i in cached for i in ids if i not in present):
                return False  # a shown row left the table while another came in
            rows = sorted(present.values())
            for start in {r - r % PAGE for r in rows}:
                self._pages.pop(start, None)  # re-read when the view asks again
            for r in rows:
                self.dataChanged.emit(self.index(r, 0), self.index(r, len(COLUMNS) - 1))
            return True
        return False

    def _keep_pages_to(self, row: int) -> list[Row] | None:
        """Drop the cached pages after the one holding ``row`` (they shift); that page."""
        start = row - row % PAGE
        for later in [p for p in self._pages if p > start]:
            del self._pages[later]
        return self._pages.get(start)

    def _read_one(self, row: int) -> Row:
        """The row at ``row`` as the store has it now (indexed queries only)."""
        self.rows_read += 1
        read = self.session.store.table_page(self.query, row, 1)[0]
        return _row(read, self.session.store.date_values_of([read.annotation.id]))

    def _refresh(self) -> None:
        """Re-count and drop every cached page: a layout change when the count is the same
        (the selection follows its annotations), else a reset."""
        count = self.session.store.table_count(self.query)
        self._ranks.clear()
        if count == self._count:
            self._relayout(self.query)
        else:
            self.beginResetModel()
            self._pages.clear()
            self._count = count
            self.endResetModel()

    def _relayout(self, query: TableQuery, order: list[int] | None = None) -> None:
        """Re-order under ``query`` (same rows; ``order`` when no index serves it):
        persistent indexes follow their annotation."""
        self.layoutAboutToBeChanged.emit()
        cached = {row: ann for ann, row in self._cached().items()}
        persistent = self.persistentIndexList()
        ids = [cached.get(p.row()) for p in persistent]
        self._pages.clear()
        self._ranks.clear()
        self.query, self._order = query, order
        ranks = {ann: self._rank(ann) for ann in set(ids) if ann is not None}
        moved = []
        for p, ann in zip(persistent, ids, strict=True):
            rank = ranks.get(ann) if ann is not None else None
            moved.append(self.index(rank, p.column()) if rank is not None else QModelIndex())
        self.changePersistentIndexList(persistent, moved)
        self.layoutChanged.emit()

    # -- filter and sort ------------------------------------------------------------------

    def set_filter(
        self,
        *,
        tag_id: TagId | None = None,
        annotator_id: AnnotatorId | None = None,
        document_id: DocumentId | None = None,
        text: str = "",
    ) -> None:
        """Show only the annotations of this tag, annotator and document (None = any) whose
        quote, note, actor or date holds every word of ``text``."""
        query = TableQuery(
            tag_id, annotator_id, document_id, tuple(text.split()), self.query.sort, self.query.descending
        )
        if (query == self.query and not self._builder.busy) or query == self._builder.building:
            return
        if not query.indexed:  # the rows stay until the new ones are ready
            self._builder.request(query)
            return
        self._builder.request_none()
        self.beginResetModel()
        self.query, self._order = query, None
        self._pages.clear()
        self._ranks.clear()
        self._count = self.session.store.table_count(query)
        self.endResetModel()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        key = SORT_KEYS[column] if 0 <= column < len(SORT_KEYS) else ""
        descending = order == Qt.SortOrder.DescendingOrder and bool(key)
        q = self.query
        query = TableQuery(q.tag_id, q.annotator_id, q.document_id, q.words, key, descending)
        if (query == self.query and not self._builder.busy) or query == self._builder.building:
            return
        if query.indexed:
            self._builder.request_none()
            self._relayout(query)
        else:
            self._builder.request(query)

    # -- lookups ------------------------------------------------------------------------

    def row_at(self, row: int) -> Row:
        start = row - row % PAGE
        page = self._pages.get(start)
        if page is None:
            store = self.session.store
            if self._order is not None:
                rows = store.table_rows(self._order[start : start + PAGE])
            else:
                rows = self._read_page(start)
            values = store.date_values_of([r.annotation.id for r in rows])  # one query a page
            page = [_row(r, values) for r in rows]
            self.rows_read += len(page)
            self._pages[start] = page
            while len(self._pages) > PAGES_KEPT:
                self._pages.popitem(last=False)
        else:
            self._pages.move_to_end(start)
        return page[row - start]

    def _read_page(self, start: int) -> list[TableRow]:
        """The page at ``start`` in reading order: beside a cached neighbour when there is
        one (a seek by its key: scrolling), else from its offset (a jump)."""
        store = self.session.store
        before, after = self._pages.get(start - PAGE), self._pages.get(start + PAGE)
        if before is not None and len(before) == PAGE:
            return store.table_page_beside(self.query, before[-1].annotation, PAGE)
        if after:
            return store.table_page_beside(self.query, after[0].annotation, PAGE, before=True)
        return store.table_page(self.query, start, PAGE)

    def row_of(self, ann_id: str) -> int:
        """The row of ``ann_id`` under the current filter and order (-1: not shown)."""
        cached = self._cached().get(ann_id, self._ranks.get(ann_id))
        if cached is not None:
            return cached
        rank = self._rank(ann_id)
        if rank is not None:
            self._ranks[ann_id] = rank
        return -1 if rank is None else rank

    def _rank(self, ann_id: str) -> int | None:
        """The row of ``ann_id`` under the current query (None: not shown)."""
        store = self.session.store
        if self._order is None:
            return store.table_rank(self.query, ann_id)
        rowid = store.annotation_rowid(ann_id)
        try:
            return self._order.index(rowid) if rowid is not None else None
        except ValueError:
            return None

    def document_title(self, doc_id: DocumentId) -> str:
        return self._titles.get(doc_id, "")

    # -- Qt model -----------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._count

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        horizontal = orientation == Qt.Orientation.Horizontal
        if horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(COLUMNS):
            return COLUMNS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < self._count:
            return None
        try:
            row = self.row_at(index.row())
        except IndexError:  # the project changed and this model has not caught up yet
            return None
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
        if role == Qt.ItemDataRole.ToolTipRole and col == VALUE_COLUMN and row.value is not None:
            return f"Normalised date value {row.value[0] or '(none)'}, {row.value[1]}; V in the pane edits it"
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
        if col == VALUE_COLUMN:
            return _value_text(row.value)
        return a.status.value
