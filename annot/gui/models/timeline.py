"""The timeline's claims as a table (one row per dated claim: source, date, value, claim,
group, disagreement), read from the core; the timeline dock draws these rows."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from annot.core.timeline import TimelineClaim, timeline
from annot.gui.models.lazy import ShownOnly
from annot.gui.session import Session

Index = QModelIndex | QPersistentModelIndex
ID_ROLE = Qt.ItemDataRole.UserRole + 1
DOC_ROLE = Qt.ItemDataRole.UserRole + 2
COLUMNS = ("Source", "Date", "Value", "Claim", "Group", "Sources disagree")


class TimelineModel(ShownOnly, QAbstractTableModel):
    def __init__(self, session: Session, parent: Any = None, *, lazy: bool = False) -> None:
        super().__init__(parent)
        self._rows: list[TimelineClaim] = []
        self._init_shown_only(session, lazy=lazy)  # a hidden dock does not recompute on every change

    def load(self) -> None:
        self.beginResetModel()
        self._rows = timeline(self.session.store)
        self.endResetModel()

    def rows(self) -> list[TimelineClaim]:
        return list(self._rows)

    def row_at(self, row: int) -> TimelineClaim:
        return self._rows[row]

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
        r = self._rows[index.row()]
        if role == ID_ROLE:
            return str(r.claim_id)
        if role == DOC_ROLE:
            return int(r.document_id)
        if role == Qt.ItemDataRole.DisplayRole:
            return (r.lane, r.date_quote, r.value, r.quote, r.group, "yes" if r.disagrees else "")[index.column()]
        return None
