"""The GUI's handle on an open project: owns the core Project (store + history) and
emits :attr:`Session.changed` with the core's change report after every action, undo
and redo, so that each view refreshes only what concerns it. Widgets never touch SQL."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from PySide6.QtCore import QObject, Signal

from annot.core.errors import HistoryConflict
from annot.core.history import Command
from annot.core.model import Changes
from annot.core.project import Project


class Session(QObject):
    changed = Signal(object)  # Changes
    historyChanged = Signal()  # undo/redo availability or labels changed

    def __init__(self, project: Project, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.project = project
        self.store = project.store  # read access for views; writes go through run()
        # the command just run, undone or redone (None after notify): lets a view refresh
        # only the annotations that command touched instead of reloading a whole document
        self.last_command: Command | None = None
        # set once the project is closed: a view's deferred refresh (a 0 ms timer still
        # queued when the window closes) then does nothing instead of reading a closed store
        self.is_closed = False

    def run(self, command: Command) -> Changes:
        changes = self.project.run(command)
        self.last_command = command
        self._emit(changes)
        return changes

    def undo(self) -> Changes:
        self.last_command = self.project.history.undo_command
        with self._conflicts():
            changes = self.project.undo()
        self._emit(changes)
        return changes

    def redo(self) -> Changes:
        self.last_command = self.project.history.redo_command
        with self._conflicts():
            changes = self.project.redo()
        self._emit(changes)
        return changes

    @contextmanager
    def _conflicts(self) -> Iterator[None]:
        """Undo/redo refused because another program changed the file: the history was
        cleared (the menus must say so) and the views reload what the file holds now."""
        try:
            yield
        except HistoryConflict:
            self.last_command = None
            store = self.store
            docs = frozenset(d.id for d in store.documents())
            self._emit(Changes(annotations=docs, documents=True, codebook=True, annotators=True))
            raise

    def notify(self, changes: Changes) -> None:
        """Tell the views about changes made outside :meth:`run` (imports without undo)."""
        self.last_command = None
        self._emit(changes)

    def _emit(self, changes: Changes) -> None:
        self.changed.emit(changes)
        self.historyChanged.emit()

    def close(self) -> None:
        self.is_closed = True
        self.project.close()
