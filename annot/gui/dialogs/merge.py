"""File ▸ Merge colleague's project…: choose .annot files, merge each as one undo step,
then show what was added, updated and skipped as a table (one row per file and kind of
thing, one column per count), with the files that were refused and why under it.

File ▸ Merge (:func:`annot.gui.transfer.merge`) calls :func:`merge_files` with its context; the dialogs are class
methods so that tests can patch them."""

from __future__ import annotations

from dataclasses import fields
from pathlib import Path

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QMessageBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from annot.core.errors import AnnotError, Cancelled
from annot.core.imports.report import ImportReport
from annot.core.merge import merge_with, read_snapshot
from annot.core.progress import Progress
from annot.gui.context import OpContext
from annot.gui.dialogs.files import OPEN_MANY, choose

_Index = QModelIndex | QPersistentModelIndex


class MergeSummary(str):
    """The merge summary as text (as tests and logs read it), with the reports behind it
    so that the dialog can show them as a table."""

    reports: list[ImportReport]
    problems: list[str]

    def __new__(cls, reports: list[ImportReport], problems: list[str]) -> MergeSummary:
        self = super().__new__(cls, "\n\n".join([r.summary() for r in reports] + problems))
        self.reports, self.problems = reports, problems
        return self


class MergeSummaryModel(QAbstractTableModel):
    """One row per merged file and kind of thing; File, What, then one column per count."""

    def __init__(self, reports: list[ImportReport]) -> None:
        super().__init__()
        counts = [c for r in reports for c in r.counts().values()]
        self._fields = [f.name for f in fields(counts[0])] if counts else ["added", "updated", "skipped"]
        self._rows: list[list[str]] = [
            [r.name, kind, *(str(getattr(c, f)) for f in self._fields)]
            for r in reports
            for kind, c in r.counts().items()
        ]

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 2 + len(self._fields)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._rows[index.row()][index.column()]
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() >= 2:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        names = ["File", "What", *(f.capitalize() for f in self._fields)]
        return names[section] if 0 <= section < len(names) else None


class MergeSummaryDialog(QDialog):
    """What a merge did, as a table; refused files and conflicts named under it."""

    def __init__(self, summary: MergeSummary, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Merge")
        self.model = MergeSummaryModel(summary.reports)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
        notes: list[str] = []
        for report in summary.reports:
            extra = report.summary().splitlines()[1 + len(report.counts()) :]
            if extra:
                notes.append(f"{report.name}:\n" + "\n".join(extra))
        self.notes = QLabel("\n".join(notes))
        self.notes.setVisible(bool(notes))
        self.problems = QLabel("\n\n".join(summary.problems))
        self.problems.setWordWrap(True)
        self.problems.setVisible(bool(summary.problems))
        self.problems.setStyleSheet("color: #b00020")
        for label in (self.notes, self.problems):
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.notes)
        layout.addWidget(self.problems)
        layout.addWidget(buttons)
        height = self.table.horizontalHeader().height() + 4
        height += sum(self.table.rowHeight(r) for r in range(self.model.rowCount()))
        self.table.setMinimumHeight(min(height, 420))
        self.resize(560, self.sizeHint().height())


class MergeDialogs:
    @classmethod
    def ask_files(cls, parent: QWidget | None) -> list[Path]:
        # read through SQLite only, so the open project itself may be chosen (a no-op merge)
        return choose(parent, "Merge colleague's project", "annot projects (*.annot)", OPEN_MANY, plain_file=False)

    @classmethod
    def show_summary(cls, parent: QWidget | None, text: str, *, problem: bool) -> None:
        if isinstance(text, MergeSummary) and text.reports:
            MergeSummaryDialog(text, parent).exec()
            return
        box = QMessageBox.warning if problem else QMessageBox.information
        box(parent, "Merge", text)


def merge_files(ctx: OpContext, paths: list[Path] | None = None) -> list[ImportReport]:
    """Merge the chosen files into the session's project, each one undo step, under the
    context's one progress helper (the window repaints and its Cancel works); returns the
    reports of the files merged. A refused file is named with the reason and changes nothing;
    a cancelled one is left out whole and the files after it are not tried."""
    if paths is None:
        paths = MergeDialogs.ask_files(ctx.parent)
    session = ctx.session
    reports: list[ImportReport] = []
    problems: list[str] = []

    def merge_all(progress: Progress) -> None:
        for path in paths:
            try:
                snapshot = read_snapshot(path)
                reports.append(merge_with(session.run, session.store, snapshot, progress))
            except Cancelled as exc:  # this file is left out whole; the rest are not tried
                problems.append(str(exc))
                return
            except AnnotError as exc:
                problems.append(str(exc))

    ctx.run("Merging…", merge_all)
    if reports or problems:
        MergeDialogs.show_summary(ctx.parent, MergeSummary(reports, problems), problem=bool(problems))
    return reports
