"""File ▸ Merge colleague's project…: choose .annot files, merge each as one undo step,
then show what was added, updated and skipped (or why a file was refused).

The main window calls :func:`merge_files` from its menu action; the dialogs are class
methods so that tests can patch them."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QMessageBox, QProgressDialog, QWidget

from annot.core.errors import AnnotError
from annot.core.merge import MergeReport, merge_with, read_snapshot
from annot.gui.dialogs.files import OPEN_MANY, choose
from annot.gui.session import Session


class MergeDialogs:
    @classmethod
    def ask_files(cls, parent: QWidget | None) -> list[Path]:
        # read through SQLite only, so the open project itself may be chosen (a no-op merge)
        return choose(parent, "Merge colleague's project", "annot projects (*.annot)", OPEN_MANY, plain_file=False)

    @classmethod
    def show_summary(cls, parent: QWidget | None, text: str, *, problem: bool) -> None:
        box = QMessageBox.warning if problem else QMessageBox.information
        box(parent, "Merge", text)


def merge_files(session: Session, parent: QWidget | None = None, paths: list[Path] | None = None) -> list[MergeReport]:
    """Merge the chosen files into the session's project; returns the reports of the files
    merged. A refused file is named with the reason and changes nothing."""
    if paths is None:
        paths = MergeDialogs.ask_files(parent)
    reports: list[MergeReport] = []
    problems: list[str] = []
    progress = QProgressDialog("Merging…", "Cancel", 0, 100, parent)
    progress.setMinimumDuration(500)

    def tick(done: int, total: int) -> bool:
        progress.setValue(int(100 * done / max(total, 1)))
        return not progress.wasCanceled()

    for path in paths:
        try:
            snapshot = read_snapshot(path)
            reports.append(merge_with(session.run, session.store, snapshot, tick))
        except AnnotError as exc:
            problems.append(str(exc))
    progress.close()
    if reports or problems:
        text = "\n\n".join([r.summary() for r in reports] + problems)
        MergeDialogs.show_summary(parent, text, problem=bool(problems))
    return reports
