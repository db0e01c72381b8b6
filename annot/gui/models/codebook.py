"""The codebook as a table: name (with a colour swatch), key, description, uses.

Name, key and description are editable in place; each edit is one core UpdateTag (one
undo step). Errors from the core (a duplicate name or key) come back as dialogs."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, QTimer
from PySide6.QtGui import QColor

from annot.core.codebook import UpdateTag
from annot.core.errors import AnnotError
from annot.core.model import Changes, Tag, TagId
from annot.gui import errors
from annot.gui.models.documents import DocumentsModel
from annot.gui.session import Session

Index = QModelIndex | QPersistentModelIndex
ID_ROLE = Qt.ItemDataRole.UserRole + 1
COLUMNS = ("Tag", "Key", "Description", "Uses")
_FIELDS = {0: "name", 1: "key", 2: "description"}


class CodebookModel(QAbstractTableModel):
    """With ``documents`` (the window's documents model), the uses follow that model's
    counts per document instead of counting the whole project after every change."""

    def __init__(self, session: Session, parent: Any = None, *, documents: DocumentsModel | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self._tags: list[Tag] = session.tags()
        # following the documents model: its totals arrive once it has counted (after the
        # first paint); alone: counted now
        self._counts: dict[TagId, int] = {} if documents is not None else session.store.counts_by_tag()
        self._follow = documents is not None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self.flush)
        session.changed.connect(self._on_changed)
        if documents is not None:
            documents.tagCountsChanged.connect(self._add)
            documents.countsLoaded.connect(self._set)

    def _on_changed(self, changes: Changes) -> None:
        if changes.codebook:
            self.beginResetModel()
            self._tags = self.session.tags()
            self._counts = self.session.store.counts_by_tag()
            self.endResetModel()
        elif changes.annotations and self._tags and not self._follow:
            self._timer.start()  # counted after the pane has repainted

    def _add(self, delta: dict[TagId, int]) -> None:
        for tag, n in delta.items():
            self._counts[tag] = self._counts.get(tag, 0) + n
        self._uses_changed()

    def _set(self, totals: dict[TagId, int]) -> None:
        self._counts = dict(totals)
        self._uses_changed()

    def _uses_changed(self) -> None:
        if self._tags:
            self.dataChanged.emit(self.index(0, 3), self.index(len(self._tags) - 1, 3))

    def flush(self) -> None:
        self._timer.stop()
        if self.session.is_closed:
            return
        self._counts = self.session.store.counts_by_tag()
        if self._tags:
            self.dataChanged.emit(self.index(0, 3), self.index(len(self._tags) - 1, 3))

    def tag_at(self, row: int) -> Tag:
        return self._tags[row]

    def tags(self) -> list[Tag]:
        return list(self._tags)

    def usage(self, tag_id: TagId) -> int:
        return self._counts.get(tag_id, 0)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._tags)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        horizontal = orientation == Qt.Orientation.Horizontal
        if horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(COLUMNS):
            return COLUMNS[section]
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        return base | Qt.ItemFlag.ItemIsEditable if index.column() in _FIELDS else base

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        tag = self._tags[index.row()]
        col = index.column()
        if role == ID_ROLE:
            return int(tag.id)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            if col in _FIELDS:
                return str(getattr(tag, _FIELDS[col]))
            return self._counts.get(tag.id, 0)
        if role == Qt.ItemDataRole.DecorationRole and col == 0:
            return QColor(tag.colour)
        if role == Qt.ItemDataRole.ToolTipRole:
            role_text = f" (role: {tag.role.value})" if tag.role.value else ""
            return f"{tag.name}{role_text}\n{tag.description}".strip()
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or role != Qt.ItemDataRole.EditRole or index.column() not in _FIELDS:
            return False
        tag = self._tags[index.row()]
        field = _FIELDS[index.column()]
        text = str(value).strip()
        if getattr(tag, field) == text:
            return False
        try:
            self.session.run(UpdateTag(replace(tag, **{field: text})))  # type: ignore[arg-type]
        except AnnotError as exc:
            errors.show_error(None, exc, "Codebook")
            return False
        return True
