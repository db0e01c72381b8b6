"""The check of the documents' texts against their checksums, moved out of opening: after
the window has painted, one document per turn of the event loop; damage is reported once,
naming the file and the document (nothing is changed)."""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QWidget

from annot.core.errors import CorruptProject
from annot.core.model import DocumentId
from annot.gui import errors
from annot.gui.session import Session

START_AFTER_MS = 500  # let the window paint and settle first


class TextCheck(QObject):
    def __init__(self, session: Session, window: QWidget) -> None:
        super().__init__(window)
        self.session = session
        self.window = window
        self.damaged: list[DocumentId] = []
        self._todo: list[DocumentId] = []
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._step)
        QTimer.singleShot(START_AFTER_MS, self, self._start)

    @property
    def done(self) -> bool:
        return not self._todo and not self._timer.isActive()

    def _start(self) -> None:
        if not self.session.is_closed:
            self._todo = [d.id for d in self.session.store.documents()]
            self._timer.start(0)

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
