"""Undo and redo, in the core.

One user action is one :class:`Command`: :meth:`History.run` applies it inside one
transaction and pushes it on the undo stack. A command records during its first
:meth:`Command.apply` whatever it needs to :meth:`Command.revert` (and to apply again
identically on redo: same UUIDs, same timestamps).

Tombstones (the record of deletions that merging needs) are written by triggers, not by the
commands, so History keeps them exact itself: it notes the state of every tombstone a step
touched before and after it, and undo and redo put exactly those states back. Undoing an add
thus leaves no tombstone, and redoing a delete keeps the deletion's first instant.

Another writer may change the file between two steps (another program on the same file;
annot's own CLI is kept out by the writer's lock, :mod:`annot.core.lock`). The history
notices it (``PRAGMA data_version``) and then lets an undo or redo through only when it
writes exactly as many rows as the step did (cascades counted, tombstones not): an undo that
would also remove the other writer's rows (annotations in an imported document, links to an
annotation) or a redo that collides with them is refused with a :class:`HistoryConflict`,
nothing is changed, and the stacks are cleared so that history is never stuck.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from annot.core.errors import AnnotError, HistoryConflict, NothingToUndo
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
    rows: int  # rows its apply wrote (cascades included, tombstones not)


class _Mismatch(Exception):
    pass


class History:
    def __init__(self, store: Store, limit: int = 500) -> None:
        self.store = store
        self.limit = limit
        self._undo: list[_Step] = []
        self._redo: list[_Step] = []
        self._listeners: list[Listener] = []
        store.start_tombstone_journal()
        store.start_tombstone_count()
        self._seen = store.data_version()

    def subscribe(self, listener: Listener) -> None:
        """Call ``listener(changes)`` after every run, undo and redo."""
        self._listeners.append(listener)

    def _emit(self, changes: Changes) -> Changes:
        for listener in list(self._listeners):
            listener(changes)
        return changes

    def _counted(self, action: Callable[[Store], Changes]) -> tuple[Changes, int, Tombstones]:
        """Run ``action`` (inside the caller's transaction): what it reports, the rows it
        wrote besides tombstones, and the tombstones it touched as they were before.

        Each tombstone row written counts twice in ``total_changes`` (the row and its TEMP
        count), and each tombstone touched once more (its TEMP journal entry)."""
        self.store.reset_tombstone_journal()
        self.store.reset_tombstone_count()
        start = self.store.total_changes
        changes = action(self.store)
        journal = self.store.tombstone_journal()
        tombstone_rows = 2 * self.store.tombstone_count() + len(journal)
        return changes, self.store.total_changes - start - tombstone_rows, journal

    def run(self, command: Command) -> Changes:
        """Apply ``command`` in one transaction; on any error nothing is written."""
        with self.store.atomic():
            changes, rows, before = self._counted(command.apply)
            step = _Step(command, before, self.store.tombstone_states(before), rows)
        self._seen = self.store.data_version()
        self._undo.append(step)
        if len(self._undo) > self.limit:
            del self._undo[0]
        self._redo.clear()
        return self._emit(changes)

    def _step(self, step: _Step, undo: bool) -> Changes:
        """Revert or apply ``step`` again in one transaction; refuse it when another writer
        changed the file since and the step would write more or fewer rows than it did,
        or collides with that writer's rows."""
        what = "undo" if undo else "redo"
        foreign = self.store.data_version() != self._seen
        try:
            with self.store.atomic():
                action = step.command.revert if undo else step.command.apply
                changes, rows, journal = self._counted(action)
                if foreign and rows != step.rows:
                    raise _Mismatch
                self.store.restore_tombstones({**journal, **(step.before if undo else step.after)})
        except (_Mismatch, sqlite3.IntegrityError) as exc:
            self.clear()
            why = (
                "the project was changed by another program since, and this would change its work too"
                if foreign or isinstance(exc, _Mismatch)
                else f"it clashes with what the project holds now ({exc})"
            )
            raise HistoryConflict(
                f"cannot {what} “{step.command.label}”: {why}. Nothing was changed; the undo"
                " history was cleared."
            ) from exc
        except AnnotError as exc:
            if not foreign:
                raise
            self.clear()
            raise HistoryConflict(
                f"cannot {what} “{step.command.label}”: the project was changed by another"
                f" program since ({exc}). Nothing was changed; the undo history was cleared."
            ) from exc
        self._seen = self.store.data_version()
        return changes

    def undo(self) -> Changes:
        if not self._undo:
            raise NothingToUndo("there is nothing to undo")
        step = self._undo[-1]
        changes = self._step(step, undo=True)
        self._undo.pop()
        self._redo.append(step)
        return self._emit(changes)

    def redo(self) -> Changes:
        if not self._redo:
            raise NothingToUndo("there is nothing to redo")
        step = self._redo[-1]
        changes = self._step(step, undo=False)
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
