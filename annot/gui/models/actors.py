"""The actor registry as a table: name, kind, aliases, mentions, and counts per source.

The name is editable in place (a core EditActor: a rename, one undo step; the old name
stays an alias). Rows follow the session's change reports, refreshed after the panes."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from annot.core.actors import Actor, EditActor, actors
from annot.core.errors import AnnotError
from annot.core.model import Changes
from annot.gui import errors
from annot.gui.models.lazy import ShownOnly
from annot.gui.session import Session

Index = QModelIndex | QPersistentModelIndex
ID_ROLE = Qt.ItemDataRole.UserRole + 1
COLUMNS = ("Actor", "Kind", "Aliases", "Mentions", "Sources")


# the tables whose rows the registry view shows (actors, their spans and documents)
_SHOWN = ("actors", "actor_mentions", "annotations", "links", "documents", "tags")


class ActorsModel(ShownOnly, QAbstractTableModel):
    def __init__(self, session: Session, parent: Any = None, *, lazy: bool = False) -> None:
        super().__init__(parent)
        self._actors: list[Actor] = []
        self._counts: dict[str, dict[str, int]] = {}  # actor id -> source label -> mentions
        # a hidden dock reads nothing; a report touching its tables is read after the panes
        self._init_shown_only(session, lazy=lazy)

    def wants(self, changes: Changes) -> bool:
        return changes.touched(*_SHOWN)

    def load(self) -> None:
        store = self.session.store
        self.beginResetModel()
        self._actors = actors(store)
        alive = {a.id for a in self._actors}
        follow = {r[0]: r[5] for r in store.actor_rows(with_merged=True) if r[5]}
        labels: dict[int, str] = {d.id: d.outlet or d.title or d.filename for d in self.session.documents()}
        counts: dict[str, dict[str, int]] = {}
        for (actor_id, doc_id), n in store.actor_counts().items():
            seen: set[str] = set()
            while actor_id in follow and actor_id not in seen:  # a merged actor's spans
                seen.add(actor_id)
                actor_id = follow[actor_id]
            if actor_id in alive:
                per = counts.setdefault(actor_id, {})
                label = labels.get(doc_id, str(doc_id))
                per[label] = per.get(label, 0) + n
        self._counts = counts
        self.endResetModel()

    def actor_at(self, row: int) -> Actor:
        return self._actors[row]

    def row_of(self, actor_id: str) -> int:
        return next((i for i, a in enumerate(self._actors) if a.id == actor_id), -1)

    def mentions(self, actor_id: str) -> int:
        return sum(self._counts.get(actor_id, {}).values())

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._actors)

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
        return base | Qt.ItemFlag.ItemIsEditable if index.column() == 0 else base

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        actor = self._actors[index.row()]
        col = index.column()
        if role == ID_ROLE:
            return actor.id
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            per = self._counts.get(actor.id, {})
            return (
                actor.name,
                actor.kind.value,
                "; ".join(actor.aliases),
                sum(per.values()),
                ", ".join(f"{label}: {n}" for label, n in sorted(per.items())),
            )[col]
        if role == Qt.ItemDataRole.ToolTipRole:
            return "\n".join(x for x in (actor.name, "; ".join(actor.aliases), actor.note) if x)
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or role != Qt.ItemDataRole.EditRole or index.column() != 0:
            return False
        actor = self._actors[index.row()]
        name = " ".join(str(value).split())
        if not name or name == actor.name:
            return False
        try:
            self.session.run(EditActor(actor_id=actor.id, name=name))
        except AnnotError as exc:
            errors.show_error(None, exc, "Actors")
            return False
        return True
