"""Find results: every occurrence of a text in one document or all, as a list model."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt

from annot.core.model import DocumentId, DocumentInfo
from annot.core.store import Store

Index = QModelIndex | QPersistentModelIndex
HIT_ROLE = Qt.ItemDataRole.UserRole + 1  # (document id, start, end) in code points
CONTEXT = 40
MAX_HITS = 5000
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class Hit:
    document_id: DocumentId
    title: str
    start: int
    end: int
    context: str


def find_all(
    store: Store, needle: str, infos: Iterable[DocumentInfo], documents: list[DocumentId] | None = None
) -> list[Hit]:
    """Case-insensitive occurrences of ``needle`` (offsets in code points of the stored text)
    in the documents ``infos`` (the session's list, :meth:`annot.gui.session.Session.documents`),
    or only those of them named in ``documents``."""
    needle = needle.casefold()
    if not needle:
        return []
    hits: list[Hit] = []
    for info in infos:
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
            context = hit_context(text, pos, end)
            hits.append(Hit(info.id, info.title or info.filename, pos, end, context))
            pos = hay.find(key, end)
    return hits


def hit_context(text: str, start: int, end: int, room: int = CONTEXT) -> str:
    """One line: about ``room`` characters each side of the match, cut at a word, with the
    match in [brackets] and the text's own spacing and punctuation around it kept
    ("Mikhail [Mishustin], according"); "…" only where the text goes on."""
    lo, hi = max(0, start - room), min(len(text), end + room)
    before, after = _one_line(text[lo:start]), _one_line(text[end:hi])
    if lo > 0 and " " in before.strip():  # drop the cut word at the outer edge
        before = before[before.index(" ", len(before) - len(before.lstrip())) :]
    if hi < len(text) and " " in after.strip():
        after = after[: after.rindex(" ", 0, len(after.rstrip()))]
    lead = "…" if lo > 0 else ""
    tail = "…" if hi < len(text) else ""
    return f"{lead}{before.lstrip()}[{_one_line(text[start:end])}]{after.rstrip()}{tail}"


def _one_line(s: str) -> str:
    return _SPACE.sub(" ", s)


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
