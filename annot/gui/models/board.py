"""The claim board as a table: one row per claim group (and, on request, per claim aligned
with nothing), column 0 the group's label, column 1 how many sources carry it, then one
column per document headed by outlet and date (or title). A cell shows the document's quote
and its actors and dates; its background says the relation (same / partly / contradicts),
an absent cell is empty; ``≠`` marks a contradiction, ``⚠`` actors or dates that differ from
the other sources'. The board is built by :func:`annot.core.board.build_board`, on first
use, again (deferred) after a change that concerns it while it is shown, and when it is
shown again after going stale."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QColor

from annot.core.model import Changes, Role
from annot.core.relations import ABSENT, CONTRADICTS, PARTLY, SAME
from annot.gui.models import refilter
from annot.gui.models.lazy import ShownOnly
from annot.gui.session import Session

if TYPE_CHECKING:  # the board itself is imported when first built (start-up stays light)
    from annot.core.board import Board, BoardCell

Index = QModelIndex | QPersistentModelIndex
CLAIM_ROLE = Qt.ItemDataRole.UserRole + 1  # the first claim of a cell (or the group's id)
DOCUMENT_ROLE = Qt.ItemDataRole.UserRole + 2  # the document id of a cell's column
RELATION_ROLE = Qt.ItemDataRole.UserRole + 3  # same / partly / contradicts / absent
SORT_ROLE = Qt.ItemDataRole.UserRole + 4
FIXED = ("Claim group", "Sources")
HEADING_CHARS = 36  # a longer column heading is cut (the tooltip has it whole)
RELATION_COLOURS = {SAME: "#cfe8cf", PARTLY: "#f6e3b4", CONTRADICTS: "#f4c2c2"}
RELATION_WORDS = {
    SAME: "same claim",
    PARTLY: "partly the same",
    CONTRADICTS: "contradicts",
    ABSENT: "absent",
}


def cell_text(cell: BoardCell) -> str:
    if not cell.claims:
        return ""
    lines = [
        ("≠ " if cell.relation == CONTRADICTS else "≈ " if cell.relation == PARTLY else "")
        + cell.quote
    ]
    who = "; ".join(cell.actors) + (" ⚠" if cell.actors_differ else "")
    when = "; ".join(cell.dates) + (" ⚠" if cell.dates_differ else "")
    if cell.actors or cell.dates:
        lines.append(" · ".join(x for x in (who, when) if x.strip(" ⚠") or x))
    return "\n".join(lines)


class BoardModel(ShownOnly, QAbstractTableModel):
    """Reads only while its dock shows (:class:`~annot.gui.models.lazy.ShownOnly`): a hidden
    board is only marked stale by changes and rebuilt when it shows again (building it costs
    ~0.3 s at 10,000 claims); a report that does not concern it
    (:func:`annot.core.board.concerned`) is not read at all."""

    def __init__(self, session: Session, parent: Any = None, *, lazy: bool = False) -> None:
        super().__init__(parent)
        self.unaligned = False
        self._board: Board | None = None
        self._init_shown_only(session, lazy=lazy)

    @property
    def board(self) -> Board:
        if self._board is None:
            from annot.core.board import Board

            return Board((), ())
        return self._board

    def set_unaligned(self, on: bool) -> None:
        self.unaligned = on
        self.reload()

    def wants(self, changes: Changes) -> bool:
        if not (changes.annotations or changes.documents or changes.codebook):
            return False
        if self._stale or (self.active and self._timer.isActive()):
            return False  # built again anyway
        if self._board is not None:
            from annot.core.board import concerned

            claim_tags = {t.id for t in self.session.tags() if t.role == Role.CLAIM}
            # nothing the board shows: a note, a status, a span aligned with nothing
            return concerned(self._board, self.session.store, changes, unaligned=self.unaligned, claim_tags=claim_tags)
        return True

    def load(self) -> None:
        from annot.core.board import build_board

        self.beginResetModel()
        self._board = build_board(self.session.store, unaligned=self.unaligned)
        self.endResetModel()

    # -- lookups ------------------------------------------------------------------------

    def cell(self, row: int, column: int) -> BoardCell | None:
        if column < len(FIXED):
            return None
        return self.board.rows[row].cell(column - len(FIXED))

    def column_of_document(self, doc_id: int) -> int:
        return len(FIXED) + self.board.column_of(doc_id)  # type: ignore[arg-type]

    def row_text(self, row: int) -> str:
        r = self.board.rows[row]
        parts = [r.label, r.note]
        for c in r.present.values():
            parts += [c.quote, *c.actors, *c.dates]
        return " ".join(parts).casefold()

    # -- Qt model -----------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() or self._board is None else len(self._board.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        if parent.isValid() or self._board is None:
            return 0
        return len(FIXED) + len(self._board.documents)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < self.columnCount():
            return None
        if section < len(FIXED):
            return FIXED[section] if role == Qt.ItemDataRole.DisplayRole else None
        info = self.board.documents[section - len(FIXED)]
        if role == Qt.ItemDataRole.DisplayRole:
            from annot.core.board import document_heading

            heading = document_heading(info)
            return heading if len(heading) <= HEADING_CHARS else heading[: HEADING_CHARS - 1] + "…"
        if role == Qt.ItemDataRole.ToolTipRole:
            return "\n".join(p for p in (info.title, info.outlet, info.published, info.url) if p)
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.board.rows[index.row()]
        col = index.column()
        if col < len(FIXED):
            if role == Qt.ItemDataRole.DisplayRole:
                if col == 1:
                    return str(row.sources)
                first = next((c.quote for c in row.present.values() if c.relation == SAME), "")
                return row.label or f"“{first[:80]}”"
            if role == SORT_ROLE:
                return row.sources if col == 1 else (row.label or "").casefold()
            if role == CLAIM_ROLE:
                return str(row.group_id)
            if role == Qt.ItemDataRole.ToolTipRole and col == 0:
                return "\n".join(p for p in (row.label, row.note) if p) or None
            if role == Qt.ItemDataRole.TextAlignmentRole and col == 1:
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            return None
        cell = row.cell(col - len(FIXED))
        if role == Qt.ItemDataRole.DisplayRole:
            return cell_text(cell)
        if role == SORT_ROLE:
            return cell.quote.casefold()
        if role == RELATION_ROLE:
            return cell.relation
        if role == CLAIM_ROLE:
            return str(cell.claims[0].id) if cell.claims else None
        if role == DOCUMENT_ROLE:
            return int(self.board.documents[col - len(FIXED)].id)
        if role == Qt.ItemDataRole.BackgroundRole and cell.relation in RELATION_COLOURS:
            return QColor(RELATION_COLOURS[cell.relation])
        if role == Qt.ItemDataRole.ForegroundRole and cell.claims:
            return QColor("#202020")
        if role == Qt.ItemDataRole.ToolTipRole and cell.claims:
            lines = [RELATION_WORDS[cell.relation], cell.quote]
            if cell.actors:
                lines.append(
                    "said by: "
                    + "; ".join(cell.actors)
                    + (" (differs)" if cell.actors_differ else "")
                )
            if cell.dates:
                lines.append(
                    "dated: " + "; ".join(cell.dates) + (" (differs)" if cell.dates_differ else "")
                )
            return "\n".join(lines)
        return None


class BoardFilter(QSortFilterProxyModel):
    """Filter on every word of the label, note, quotes, actors and dates; sort by the
    number of sources as a number."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.setSortRole(SORT_ROLE)
        self._words: list[str] = []

    def set_text(self, text: str) -> None:
        self._words = text.casefold().split()
        refilter(self)

    def filterAcceptsRow(self, row: int, parent: Index) -> bool:
        if not self._words:
            return True
        model = self.sourceModel()
        assert isinstance(model, BoardModel)
        hay = model.row_text(row)
        return all(w in hay for w in self._words)
