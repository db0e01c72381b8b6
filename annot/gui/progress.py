"""Long work with a cancellable progress dialog that keeps the window responsive.

Core functions take ``progress(done, total) -> bool``; :func:`run_with_progress` hands
them one that moves a :class:`QProgressDialog`, lets Qt process events, and returns False
once the person presses Cancel.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QProgressDialog, QWidget

from annot.core.progress import Progress

T = TypeVar("T")


def run_with_progress(parent: QWidget | None, label: str, work: Callable[[Progress], T]) -> T:
    dialog = QProgressDialog(label, "Cancel", 0, 0, parent)
    dialog.setWindowTitle("annot")
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(300)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)

    def progress(done: int, total: int) -> bool:
        if dialog.maximum() != total:
            dialog.setMaximum(max(total, 0))
        dialog.setValue(min(done, total) if total else 0)
        QApplication.processEvents()
        return not dialog.wasCanceled()

    try:
        return work(progress)
    finally:
        dialog.close()
        dialog.deleteLater()
