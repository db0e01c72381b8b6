"""The GUI's handle on an open project: owns the core Project (store + history).

One route: every change to the project runs through the core's history
(:meth:`annot.core.history.History.run`, ``undo``, ``redo``; a core function that takes the
project, an import or a merge, runs its command there too). The session subscribes to the
history and emits :attr:`Session.changed` with the history's report, from that one
listener: which documents, annotation ids and tables changed, and who asked
(``run(command, initiator=view)``). Each view refreshes only what the report names.

The small shared tables (documents, tags, annotators) are read once here and read again
only when a report says they changed: views ask :meth:`documents`, :meth:`tags` and
:meth:`annotators` instead of the store. Widgets never touch SQL."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from annot.core.history import Command
from annot.core.model import Annotator, Changes, DocumentInfo, Tag
from annot.core.project import Project


class Session(QObject):
    changed = Signal(object)  # Changes
    historyChanged = Signal()  # undo/redo availability or labels changed

    def __init__(self, project: Project, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.project = project
        self.store = project.store  # read access for views; writes go through run()
        # set once the project is closed: a view's deferred refresh (a 0 ms timer still
        # queued when the window closes) then does nothing instead of reading a closed store
        self.is_closed = False
        self._documents: list[DocumentInfo] | None = None
        self._tags: list[Tag] | None = None
        self._annotators: list[Annotator] | None = None
        project.history.subscribe(self._on_history)

    # -- the one way in -------------------------------------------------------------------

    def run(self, command: Command, initiator: object | None = None) -> Changes:
        """Run ``command`` (one undo step); ``initiator`` comes back in the report."""
        return self.project.run(command, initiator)

    def undo(self, initiator: object | None = None) -> Changes:
        """Undo the last step. When another program changed the file since, the history
        refuses (:class:`HistoryConflict`), is cleared, and reports that everything may
        have changed: the views reload what the file holds now."""
        return self.project.undo(initiator)

    def redo(self, initiator: object | None = None) -> Changes:
        return self.project.redo(initiator)

    def _on_history(self, changes: Changes) -> None:
        """The history's report after every run, undo and redo (and refused undo)."""
        if changes.documents:
            self._documents = None
        if changes.codebook:
            self._tags = None
        if changes.annotators:
            self._annotators = None
        self.changed.emit(changes)
        self.historyChanged.emit()

    # -- the small shared tables, read once -----------------------------------------------

    def documents(self) -> list[DocumentInfo]:
        """Every document (its metadata, not its text), in id order."""
        if self._documents is None:
            self._documents = self.store.documents()
        return list(self._documents)

    def document_ids(self) -> set[int]:
        return {int(d.id) for d in self.documents()}

    def tags(self) -> list[Tag]:
        """The codebook, in its order."""
        if self._tags is None:
            self._tags = self.store.tags()
        return list(self._tags)

    def annotators(self) -> list[Annotator]:
        if self._annotators is None:
            self._annotators = self.store.annotators()
        return list(self._annotators)

    def close(self) -> None:
        self.is_closed = True
        self.project.close()
