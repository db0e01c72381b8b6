"""The list of differences between two annotators, as a Qt table model (compare view)."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from annot.core.compare import DESCRIPTIONS, Difference, DiffKind
from annot.core.model import Annotation, TagId

_Index = QModelIndex | QPersistentModelIndex

COLUMNS = ("Where", "Difference", "A", "B", "Decision")
KIND_COLOURS = {
    DiffKind.AGREE: "#59a14f",
    DiffKind.OTHER_TAG: "#edc948",
    DiffKind.OVERLAP: "#f28e2b",
    DiffKind.ONLY_A: "#4e79a7",
    DiffKind.ONLY_B: "#b07aa1",
}


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


class DifferenceModel(QAbstractTableModel):
    def __init__(self) -> None:
        super().__init__()
        self._rows: list[Difference] = []
        self._decisions: list[str] = []
        self._tags: dict[TagId, str] = {}

    def set_rows(self, rows: list[Difference], decisions: list[str], tags: dict[TagId, str]) -> None:
        self.beginResetModel()
        self._rows, self._decisions, self._tags = list(rows), list(decisions), dict(tags)
        self.endResetModel()

    def difference(self, row: int) -> Difference | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def decision(self, row: int) -> str:
        return self._decisions[row] if 0 <= row < len(self._decisions) else ""

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def _side(self, a: Annotation | None) -> str:
        return "—" if a is None else f"{self._tags.get(a.tag_id, '?')}: “{_short(a.quote)}”"

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return None
        d, column = self._rows[index.row()], index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            if column == 0:
                return f"{d.start}–{d.end}"
            if column == 1:
                return DESCRIPTIONS[d.kind]
            if column == 2:
                return self._side(d.a)
            if column == 3:
                return self._side(d.b)
            if column == 4:
                return self._decisions[index.row()]
        if role == Qt.ItemDataRole.DecorationRole and column == 1:
            return QColor(KIND_COLOURS[d.kind])
        if role == Qt.ItemDataRole.UserRole:
            return d.kind.value
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section] if 0 <= section < len(COLUMNS) else None
        return None
