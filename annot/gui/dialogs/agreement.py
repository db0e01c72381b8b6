"""Tools ▸ Agreement: choose annotators and a tag, see κ, α and span F1 as a table (overall,
per tag, per document), export it as CSV or JSON. The numbers come from
:mod:`annot.core.agreement`; a measure that is not defined shows "n/a" with its reason.

By default only the documents where a chosen annotator has a span are counted (and listed
under the table); "Include documents nobody annotated" takes every document in."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from annot.core.agreement import AgreementReport, agreement
from annot.core.agreement_tables import CSV_COLUMNS, csv_rows, documents_line, write_csv, write_json
from annot.core.errors import AnnotError
from annot.gui.session import Session

_Index = QModelIndex | QPersistentModelIndex
HEADERS = ("Scope", "Tag", "Document", "Title", "A", "B", "Measure", "Value", "Why n/a")


class AgreementModel(QAbstractTableModel):
    """One row per figure, as in the CSV export."""

    def __init__(self) -> None:
        super().__init__()
        self._rows: list[list[str]] = []

    def set_report(self, report: AgreementReport | None) -> None:
        self.beginResetModel()
        self._rows = [] if report is None else list(csv_rows(report))
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(CSV_COLUMNS)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return None
        row = self._rows[index.row()]
        value = row[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            if index.column() == 7:
                return "n/a" if value == "" else f"{float(value):.3f}"
            return value
        if role == Qt.ItemDataRole.ToolTipRole:
            return row[8] or value
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == 7:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section] if 0 <= section < len(HEADERS) else None
        return None


class AgreementDialog(QDialog):
    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Agreement")
        self.resize(900, 560)
        self.session = session
        self.report: AgreementReport | None = None
        self.annotators = QListWidget()
        self.annotators.setMaximumHeight(110)
        self.tag_box = QComboBox()
        self.compute_button = QPushButton("Compute")
        self.csv_button = QPushButton("Export CSV…")
        self.json_button = QPushButton("Export JSON…")
        self.all_documents = QCheckBox("Include documents nobody annotated")
        self.all_documents.setToolTip(
            "By default only documents where a chosen annotator has a span are counted:"
            " unannotated text would add agreeing \"none\" units and inflate κ and α."
        )
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.rejected.connect(self.reject)
        self.model = AgreementModel()
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Interactive)  # titles can be long
        header.resizeSection(3, 240)
        header.setStretchLastSection(True)
        for visual, logical in enumerate((0, 1, 4, 5, 6, 7, 2, 3, 8)):  # the figures first
            header.moveSection(header.visualIndex(logical), visual)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 6)

        controls = QHBoxLayout()
        controls.addWidget(QLabel("Annotators"))
        controls.addWidget(self.annotators, 1)
        controls.addWidget(QLabel("Tag"))
        controls.addWidget(self.tag_box)
        controls.addWidget(self.all_documents)
        controls.addWidget(self.compute_button)
        exports = QHBoxLayout()
        exports.addWidget(self.summary, 1)
        exports.addWidget(self.csv_button)
        exports.addWidget(self.json_button)
        layout = QVBoxLayout(self)
        layout.addLayout(controls)
        layout.addWidget(self.table, 1)
        layout.addLayout(exports)
        layout.addWidget(self.buttons)

        self.compute_button.clicked.connect(self.compute)
        self.all_documents.toggled.connect(self.compute)
        self.csv_button.clicked.connect(self.export_csv)
        self.json_button.clicked.connect(self.export_json)
        self._fill()
        self.compute()

    @classmethod
    def ask_path(cls, parent: QWidget | None, caption: str, filter_: str) -> Path | None:
        """Where to save (patched in tests)."""
        from annot.gui.dialogs.files import SAVE, choose

        chosen = choose(parent, caption, filter_, SAVE)
        return chosen[0] if chosen else None

    def _fill(self) -> None:
        store = self.session.store
        used = {a.annotator_id for a in store.annotations() if not a.source_id}  # not reviewed copies
        for who in self.session.annotators():
            item = QListWidgetItem(who.name)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if who.id in used else Qt.CheckState.Unchecked)
            self.annotators.addItem(item)
        self.tag_box.addItem("all tags", None)
        for tag in self.session.tags():
            self.tag_box.addItem(tag.name, tag.name)

    def chosen(self) -> list[str]:
        return [
            self.annotators.item(i).text()
            for i in range(self.annotators.count())
            if self.annotators.item(i).checkState() == Qt.CheckState.Checked
        ]

    def compute(self) -> None:
        try:
            self.report = agreement(
                self.session.store,
                annotators=self.chosen(),
                tag=self.tag_box.currentData(),
                all_documents=self.all_documents.isChecked(),
            )
        except AnnotError as exc:
            self.report = None
            self.summary.setText(str(exc))
        else:
            overall = self.report.overall.tally
            used = ", ".join(d.title for d in self.report.documents[:12])
            more = len(self.report.documents) - 12
            self.summary.setText(
                f"{documents_line(self.report)}; {overall.units:,} code points;"
                f" Krippendorff's α {overall.alpha()}"
                + (f" — {overall.alpha().reason}" if overall.alpha().reason else "")
                + (f"\nDocuments: {used}" + (f" and {more} more" if more > 0 else "") if used else "")
            )
        self.model.set_report(self.report)
        has = self.report is not None
        self.csv_button.setEnabled(has)
        self.json_button.setEnabled(has)

    def export_csv(self) -> None:
        path = self.ask_path(self, "Export agreement as CSV", "CSV (*.csv)")
        if path is not None and self.report is not None:
            try:
                n = write_csv(self.report, path, project=self.session.store.path)
            except AnnotError as exc:
                self.summary.setText(str(exc))
            else:
                self.summary.setText(f"wrote {n} rows to {path}")

    def export_json(self) -> None:
        path = self.ask_path(self, "Export agreement as JSON", "JSON (*.json)")
        if path is not None and self.report is not None:
            try:
                write_json(self.report, path, project=self.session.store.path)
            except AnnotError as exc:
                self.summary.setText(str(exc))
            else:
                self.summary.setText(f"wrote {path}")
