"""Undo and redo, in the core.

One user action is one :class:`Command`: :meth:`History.run` applies it inside one
transaction and pushes it on the undo stack. A command records during its first
:meth:`Command.apply` whatever it needs to :meth:`Command.revert` (and to apply again
identically on redo: same UUIDs, same timestamps).

Tombstones (the record of deletions that merging needs) are written by triggers, not by the
commands, so History keeps them exact itself: it notes the state of every tombstone a step
touched before and after it, and undo and redo put exactly those states back. Undoing an add
thus leaves no tombstone, and redoing a delete keeps the deletion's first instant.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from annot.core.errors import NothingToUndo
from annot.core.model import Changes
from annot.core.store import Store


class Command(Protocol):
    @property
    def label(self) -> str:
        """What the Edit menu shows: "Undo <label>"."""
        ...

    def apply(self, store: Store) -> Changes: ...

    def revert(self, store: Store) -> Changes: ...


Listener = Callable[[Changes], None]
Tombstones = dict[str, tuple[str, str] | None]  # id -> (kind, deleted), None: no tombstone


@dataclass
class _Step:
    command: Command
    before: Tombstones  # the tombstones the command touched, as they were before it
    after: Tombstones  # ... and as it left them


class History:
    def __init__(self, store: Store, limit: int = 500) -> None:
        self.store = store
        self.limit = limit
        self._undo: list[_Step] = []
        self._redo: list[_Step] = []
        self._listeners: list[Listener] = []
        store.start_tombstone_journal()

    def subscribe(self, listener: Listener) -> None:
        """Call ``listener(changes)`` after every run, undo and redo."""
        self._listeners.append(listener)

    def _emit(self, changes: Changes) -> Changes:
        for listener in list(self._listeners):
            listener(changes)
        return changes

    def run(self, command: Command) -> Changes:
        """Apply ``command`` in one transaction; on any error nothing is written."""
        with self.store.atomic():
            self.store.reset_tombstone_journal()
            changes = command.apply(self.store)
            before = self.store.tombstone_journal()
            step = _Step(command, before, self.store.tombstone_states(before))
        self._undo.append(step)
        if len(self._undo) > self.limit:
            del self._undo[0]
        self._redo.clear()
        return self._emit(changes)

    def undo(self) -> Changes:
        if not self._undo:
            raise NothingToUndo("there is nothing to undo")
        step = self._undo[-1]
        with self.store.atomic():
            self.store.reset_tombstone_journal()
            changes = step.command.revert(self.store)
            self.store.restore_tombstones({**self.store.tombstone_journal(), **step.before})
        self._undo.pop()
        self._redo.append(step)
        return self._emit(changes)

    def redo(self) -> Changes:
        if not self._redo:
            raise NothingToUndo("there is nothing to redo")
        step = self._redo[-1]
        with self.store.atomic():
            self.store.reset_tombstone_journal()
            changes = step.command.apply(self.store)
            self.store.restore_tombstones({**self.store.tombstone_journal(), **step.after})
        self._redo.pop()
        self._undo.append(step)
        return self._emit(changes)

    def clear(self) -> None:
        self._undo.clear()
        self._redo.clear()

    @property
    def can_undo(self) -> bool:
        return bool(self._undo)

    @property
    def can_redo(self) -> bool:
        return bool(self._redo)

    @property
    def undo_command(self) -> Command | None:
        """The command :meth:`undo` would revert (None when there is none)."""
        return self._undo[-1].command if self._undo else None

    @property
    def redo_command(self) -> Command | None:
        """The command :meth:`redo` would apply again (None when there is none)."""
        return self._redo[-1].command if self._redo else None

    @property
    def undo_label(self) -> str:
        return self._undo[-1].command.label if self._undo else ""

    @property
    def redo_label(self) -> str:
        return self._redo[-1].command.label if self._redo else ""
