"""Find results: every occurrence of a text in one document or all, as a list model."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt

from annot.core.model import DocumentId
from annot.core.store import Store

Index = QModelIndex | QPersistentModelIndex
HIT_ROLE = Qt.ItemDataRole.UserRole + 1  # (document id, start, end) in code points
CONTEXT = 40
MAX_HITS = 5000


@dataclass(frozen=True, slots=True)
class Hit:
    document_id: DocumentId
    title: str
    start: int
    end: int
    context: str


def find_all(store: Store, needle: str, documents: list[DocumentId] | None = None) -> list[Hit]:
    """Case-insensitive occurrences of ``needle`` (offsets in code points of the stored text)."""
    needle = needle.casefold()
    if not needle:
        return []
    hits: list[Hit] = []
    for info in store.documents():
        if documents is not None and info.id not in documents:
            continue
        text = store.document_text(info.id)
        folded = text.casefold()
        same_length = len(folded) == len(text)  # casefold may grow "ß" -> "ss"
        hay = folded if same_length else text.lower()
        key = needle if same_length else needle.lower()
        pos = hay.find(key)
        while pos >= 0 and len(hits) < MAX_HITS:
            end = pos + len(key)
            before = " ".join(text[max(0, pos - CONTEXT) : pos].split())
            after = " ".join(text[end : end + CONTEXT].split())
            context = f"…{before} [{' '.join(text[pos:end].split())}] {after}…"
            hits.append(Hit(info.id, info.title or info.filename, pos, end, context))
            pos = hay.find(key, end)
    return hits


class FindResultsModel(QAbstractListModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._hits: list[Hit] = []

    def set_hits(self, hits: list[Hit]) -> None:
        self.beginResetModel()
        self._hits = hits
        self.endResetModel()

    def hits(self) -> list[Hit]:
        return list(self._hits)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._hits)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        hit = self._hits[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{hit.title}: {hit.context}"
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{hit.title}, characters {hit.start}–{hit.end}"
        if role == HIT_ROLE:
            return (int(hit.document_id), hit.start, hit.end)
        return None
