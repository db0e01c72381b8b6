"""The checks moved out of opening, run after the window has painted:
- SQLite's ``quick_check`` of the whole file (0.4–1 s at 150 MB), in a worker thread on a
  short-lived read-only connection of its own (:class:`annot.core.store.StructureCheck`);
  damage stops every write (:meth:`Store.stop_writing`), so nothing more goes into it. A
  write never waits for it: its read lock would hold a file still in rollback-journal mode
  (as annot leaves it at rest) for up to a second, so the check stops and runs again after;
- the documents' texts against their checksums, one document per turn of the event loop.
Damage is reported once, naming the file (and the document); nothing is changed."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QWidget

from annot.core.errors import CorruptProject
from annot.core.model import DocumentId
from annot.core.store import StructureCheck
from annot.gui import errors
from annot.gui.session import Session

if TYPE_CHECKING:  # the worker's modules load with its first use (start-up stays light)
    from concurrent.futures import Future, ThreadPoolExecutor

START_AFTER_MS = 500  # let the window paint and settle first


class TextCheck(QObject):
    def __init__(self, session: Session, window: QWidget) -> None:
        super().__init__(window)
        self.session = session
        self.window = window
        self.damaged: list[DocumentId] = []
        self.structure: list[str] = []  # what SQLite's quick_check found
        self._started = False
        self._todo: list[DocumentId] = []
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._step)
        self._structure: StructureCheck | None = None  # the check running
        self._structure_due = False  # it has still to run (again)
        self._executor: ThreadPoolExecutor | None = None
        self._future: Future[list[str]] | None = None
        # the worker's result is polled here, never signalled from the worker: a signal
        # emitted on this object after the window deleted it would crash
        self._poll = QTimer(self)
        self._poll.setInterval(50)
        self._poll.timeout.connect(self._poll_structure)
        QTimer.singleShot(START_AFTER_MS, self, self._start)

    @property
    def done(self) -> bool:
        idle = self._structure is None and not self._structure_due
        return self._started and idle and not self._todo and not self._timer.isActive()

    def _start(self) -> None:
        self._started = True
        if self.session.is_closed:
            return
        store = self.session.store
        if not store.structure_checked:
            self._structure_due = True
            store.before_write = self._before_write
            self._check_structure()
        self._todo = [d.id for d in self.session.documents()]
        self._timer.start(0)

    def _check_structure(self) -> None:
        if self.session.is_closed or self._structure is not None or not self._structure_due:
            return
        self._structure_due = False
        self._structure = check = StructureCheck(self.session.store)
        if self._executor is None:
            from concurrent.futures import ThreadPoolExecutor

            self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="annot-check")
        self._future = self._executor.submit(check.run)
        self._poll.start()

    def _poll_structure(self) -> None:
        future = self._future
        if future is None or not future.done():
            return
        self._poll.stop()
        self._future = None
        self._structure_checked(future)

    def _before_write(self) -> None:
        """A write is about to begin: stop the check; it runs again after the write."""
        if self._structure is not None:
            self._structure.interrupt()
            self._structure_due = True

    def _structure_checked(self, future: Future[list[str]]) -> None:
        self._structure = None
        if self.session.is_closed or future.cancelled() or future.exception() is not None:
            return
        if self._structure_due:  # interrupted by a write: again, once the window is quiet
            QTimer.singleShot(START_AFTER_MS, self, self._check_structure)
            return
        self.session.store.before_write = None
        self.structure = future.result()
        if not self.structure:
            return
        self._todo = []
        self.session.store.stop_writing("; ".join(self.structure))
        errors.show_error(self.window, CorruptProject(
            "is damaged (SQLite reports: " + "; ".join(self.structure) + "). annot stopped saving "
            "changes to it, so nothing more is written into it; close it and restore a backup "
            "of the project (annot check lists the damage).",
            self.session.project.path,
        ), "Damaged project")  # fmt: skip

    def _step(self) -> None:
        if self.session.is_closed or not self._todo:
            self._todo = []
            return
        doc = self._todo.pop(0)
        if self.session.store.text_damaged(doc):
            self.damaged.append(doc)
            self._todo = []
            errors.show_error(self.window, CorruptProject(
                f"is damaged: the text of document {doc} no longer matches its checksum, so its "
                "quotes may be shifted. Nothing was changed; restore a backup of the project.",
                self.session.project.path,
            ), "Damaged project")  # fmt: skip
            return
        self._timer.start(0)

    def shutdown(self) -> None:
        """Stop the checks (the window closes): the worker's connection is closed first."""
        self._todo = []
        self._timer.stop()
        self._structure_due = False
        self._poll.stop()
        self._future = None
        if self._structure is not None:
            self._structure.interrupt()
        if self._executor is not None:
            self._executor.shutdown(wait=True)
            self._executor = None
        self._structure = None
