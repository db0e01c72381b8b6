"""The checks moved out of opening, run after the window has painted:
- SQLite's ``quick_check`` of the whole file (0.4–1 s at 150 MB), in a worker thread on a
  short-lived read-only connection of its own (:class:`annot.core.store.StructureCheck`);
  damage stops every write (:meth:`Store.stop_writing`), so nothing more goes into it;
- the documents' texts against their checksums, one document per turn of the event loop.
Damage is reported once, naming the file (and the document); nothing is changed."""

from __future__ import annotations

from concurrent.futures import Future, ThreadPoolExecutor

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QWidget

from annot.core.errors import CorruptProject
from annot.core.model import DocumentId
from annot.core.store import StructureCheck
from annot.gui import errors
from annot.gui.session import Session

START_AFTER_MS = 500  # let the window paint and settle first


class TextCheck(QObject):
    _checked = Signal(object)  # Future[list[str]] (emitted in the worker thread)

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
        self._structure: StructureCheck | None = None
        self._executor: ThreadPoolExecutor | None = None
        self._checked.connect(self._structure_checked)
        QTimer.singleShot(START_AFTER_MS, self, self._start)

    @property
    def done(self) -> bool:
        return self._started and self._structure is None and not self._todo and not self._timer.isActive()

    def _start(self) -> None:
        self._started = True
        if self.session.is_closed:
            return
        store = self.session.store
        if not store.structure_checked:
            self._structure = check = StructureCheck(store)
            self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="annot-check")
            self._executor.submit(check.run).add_done_callback(self._checked.emit)
        self._todo = [d.id for d in store.documents()]
        self._timer.start(0)

    def _structure_checked(self, future: Future[list[str]]) -> None:
        self._structure = None
        if self.session.is_closed or future.cancelled() or future.exception() is not None:
            return
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
        if self._structure is not None:
            self._structure.interrupt()
        if self._executor is not None:
            self._executor.shutdown(wait=True)
            self._executor = None
        self._structure = None
