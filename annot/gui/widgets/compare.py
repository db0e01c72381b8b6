"""The compare view: one document, two annotators, the differences to step through and settle.

Keys (while the view has focus): J or N next difference, K or P previous, 1 accept A,
2 accept B, 3 accept both, 0 accept neither, E edit (accept with other bounds or tag). Every decision is one command through the
session (one undo step); the list refreshes from the session's change report. The view
stands alone: the main window only needs to give it a session and the reviewer.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QItemSelectionModel, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from annot.core.compare import Difference, compare, decisions
from annot.core.errors import AnnotError
from annot.core.history import Command
from annot.core.model import Annotation, AnnotatorId, Changes, DocumentId, Tag, TagId
from annot.core.review import DECISION_HELP, AcceptAnnotation, Adjudicate, accept_neither
from annot.gui.models.differences import DifferenceModel
from annot.gui.session import Session

CONTEXT = 80  # code points shown around a difference


def excerpt(text: str, d: Difference, a: Annotation | None) -> str:
    """The text around difference ``d`` with annotation ``a`` marked ⟦like this⟧."""
    lo, hi = max(0, d.start - CONTEXT), min(len(text), d.end + CONTEXT)
    if a is None:
        return ("…" if lo else "") + text[lo:hi] + ("…" if hi < len(text) else "") + "\n\n(no span)"
    return (
        ("…" if lo else "") + text[lo : a.start] + "⟦" + text[a.start : a.end] + "⟧"
        + text[a.end : hi] + ("…" if hi < len(text) else "")
    )  # fmt: skip


class EditDecisionDialog(QDialog):
    """Accept a span with other boundaries or another tag."""

    def __init__(self, parent: QWidget | None, length: int, span: Annotation, tags: list[Tag]) -> None:
        super().__init__(parent)
        self.setWindowTitle("Accept with changes")
        self.start, self.end, self.tag = QSpinBox(), QSpinBox(), QComboBox()
        for box, value in ((self.start, span.start), (self.end, span.end)):
            box.setRange(0, length)
            box.setValue(value)
        for tag in tags:
            self.tag.addItem(tag.name, tag.id)
        self.tag.setCurrentIndex(self.tag.findData(span.tag_id))
        form = QFormLayout(self)
        form.addRow("Start (code point)", self.start)
        form.addRow("End", self.end)
        form.addRow("Tag", self.tag)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    @classmethod
    def ask(
        cls, parent: QWidget | None, length: int, span: Annotation, tags: list[Tag]
    ) -> tuple[int, int, TagId] | None:
        dialog = cls(parent, length, span, tags)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.start.value(), dialog.end.value(), TagId(dialog.tag.currentData())


class CompareView(QWidget):
    message = Signal(str)  # what the last action did, or why it failed
    pairChanged = Signal(object, object, object)  # document, annotator A, annotator B

    def __init__(self, session: Session, reviewer: AnnotatorId, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.reviewer = reviewer
        self.model = DifferenceModel()
        self._all: list[Difference] = []
        self._doc: DocumentId | None = None
        self._pair: tuple[object, object, object] | None = None

        self.document_box, self.a_box, self.b_box = QComboBox(), QComboBox(), QComboBox()
        for box, chars in ((self.document_box, 24), (self.a_box, 8), (self.b_box, 8)):
            box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            box.setMinimumContentsLength(chars)  # long titles must not widen the window
        self.only_disagreements = QCheckBox("Only disagreements")
        self.only_disagreements.setChecked(True)
        top = QHBoxLayout()
        for label, box in (("Document", self.document_box), ("A", self.a_box), ("B", self.b_box)):
            top.addWidget(QLabel(label))
            top.addWidget(box, 1 if box is self.document_box else 0)
        top.addWidget(self.only_disagreements)

        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        for column in (2, 3):  # the two annotators' spans share the room
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.pane_a, self.pane_b = QPlainTextEdit(), QPlainTextEdit()
        for pane in (self.pane_a, self.pane_b):
            pane.setReadOnly(True)
        for pane, side in ((self.pane_a, "A"), (self.pane_b, "B")):
            pane.setPlaceholderText(f"{side}'s span in its context")
        # the list beside the excerpts, so that a low dock still shows a dozen differences
        panes = QSplitter(Qt.Orientation.Vertical)
        panes.addWidget(self.pane_a)
        panes.addWidget(self.pane_b)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.table)
        split.addWidget(panes)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        split.setChildrenCollapsible(False)

        self.accept_a_button = QPushButton("Accept A (1)")
        self.accept_b_button = QPushButton("Accept B (2)")
        self.both_button = QPushButton("Both (3)")
        self.neither_button = QPushButton("Neither (0)")
        self.edit_button = QPushButton("Edit… (E)")
        for button, help_key in (
            (self.accept_a_button, "accept"), (self.accept_b_button, "accept"),
            (self.both_button, "both"), (self.neither_button, "neither"), (self.edit_button, "edit"),
        ):  # fmt: skip
            button.setToolTip(DECISION_HELP[help_key])
        self.status = QLabel()
        self.status.setWordWrap(True)  # a long message must not widen the window
        self.status.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        buttons = QHBoxLayout()
        for button in (
            self.accept_a_button, self.accept_b_button, self.both_button, self.neither_button,
            self.edit_button,
        ):  # fmt: skip
            buttons.addWidget(button)
        buttons.addWidget(self.status, 1)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(split, 1)
        layout.addLayout(buttons)

        self.accept_a_button.clicked.connect(self.accept_a)
        self.accept_b_button.clicked.connect(self.accept_b)
        self.both_button.clicked.connect(self.accept_both)
        self.neither_button.clicked.connect(self.accept_neither)
        self.edit_button.clicked.connect(self.edit)
        self.only_disagreements.toggled.connect(lambda _checked: self._filter())
        for box in (self.document_box, self.a_box, self.b_box):
            box.currentIndexChanged.connect(lambda _i: self.refresh())
        keys: list[tuple[str, Callable[[], None]]] = [
            ("J", self.next), ("N", self.next), ("K", self.previous), ("P", self.previous),
            ("1", self.accept_a), ("2", self.accept_b), ("3", self.accept_both), ("0", self.accept_neither), ("E", self.edit),
        ]  # fmt: skip
        for key, slot in keys:
            shortcut = QShortcut(QKeySequence(key), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)
        session.changed.connect(self._on_changed)
        self.message.connect(self.status.setText)
        self._fill_boxes()

    # -- choosing what to compare -------------------------------------------------------

    def _fill_boxes(self) -> None:
        """Fill the choosers, keeping what was chosen (an imported document or a merged
        colleague does not send the view back to the first document)."""
        boxes = (self.document_box, self.a_box, self.b_box)
        chosen = [box.currentData() for box in boxes]
        for box in boxes:
            box.blockSignals(True)
            box.clear()
        for info in self.session.documents():
            self.document_box.addItem(info.title or info.filename, info.id)
        for who in self.session.annotators():
            self.a_box.addItem(who.name, who.id)
            self.b_box.addItem(who.name, who.id)
        if self.b_box.count() > 1:
            self.b_box.setCurrentIndex(1)
        for box, value in zip(boxes, chosen, strict=True):
            if value is not None and (i := box.findData(value)) >= 0:
                box.setCurrentIndex(i)
            box.blockSignals(False)
        self.refresh()

    def set_pair(self, document: DocumentId, a: AnnotatorId, b: AnnotatorId) -> None:
        for box, value in ((self.document_box, document), (self.a_box, a), (self.b_box, b)):
            box.blockSignals(True)
            box.setCurrentIndex(box.findData(value))
            box.blockSignals(False)
        self.refresh()

    # -- the list -----------------------------------------------------------------------

    def refresh(self) -> None:
        """Recompute the differences, keeping the current row where it was."""
        doc, a, b = self.document_box.currentData(), self.a_box.currentData(), self.b_box.currentData()
        self._doc = doc
        if doc is None or a is None or b is None:
            self._all = []
        else:
            self._all = compare(self.session.store, doc, a, b)
        self._filter()
        if (doc, a, b) != self._pair:
            self._pair = (doc, a, b)
            if doc is not None and a is not None and b is not None:
                self.pairChanged.emit(doc, a, b)

    def _filter(self) -> None:
        row = self.current_row()
        store = self.session.store
        rows = [d for d in self._all if d.is_disagreement or not self.only_disagreements.isChecked()]
        tags = {t.id: t.name for t in self.session.tags()}
        settled = decisions(store, self._doc, rows) if self._doc is not None else []
        self.model.set_rows(rows, settled, tags)
        self.select(min(max(row, 0), self.model.rowCount() - 1))

    def current_row(self) -> int:
        rows = self.table.selectionModel().selectedRows()
        return rows[0].row() if rows else -1

    def current(self) -> Difference | None:
        return self.model.difference(self.current_row())

    def select(self, row: int) -> None:
        if 0 <= row < self.model.rowCount():
            index = self.model.index(row, 0)
            self.table.selectionModel().setCurrentIndex(
                index,
                QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
            )
            self.table.scrollTo(index)
        self._show()

    def next(self) -> None:
        self.select(min(self.current_row() + 1, self.model.rowCount() - 1))

    def previous(self) -> None:
        self.select(max(self.current_row() - 1, 0))

    def _show(self) -> None:
        d = self.current()
        if d is None or self._doc is None:
            self.pane_a.setPlainText("")
            self.pane_b.setPlainText("")
        else:
            text = self.session.store.document_text(self._doc)
            self.pane_a.setPlainText(excerpt(text, d, d.a))
            self.pane_b.setPlainText(excerpt(text, d, d.b))
        self.accept_a_button.setEnabled(d is not None and d.a is not None)
        self.accept_b_button.setEnabled(d is not None and d.b is not None)
        self.both_button.setEnabled(d is not None and d.a is not None and d.b is not None)
        self.neither_button.setEnabled(d is not None)
        self.edit_button.setEnabled(d is not None)

    def _on_changed(self, changes: Changes) -> None:
        if changes.documents or changes.annotators:
            self._fill_boxes()
        elif self._doc is not None and self._doc in changes.annotations:
            self.refresh()

    # -- decisions ----------------------------------------------------------------------

    def _decide(self, commands: list[Command], name: str) -> None:
        if not commands:
            return
        command = commands[0] if len(commands) == 1 else Adjudicate(commands, name)
        row = self.current_row()
        try:
            self.session.run(command)
        except AnnotError as exc:
            self.message.emit(f"{name}: {exc.message}")
            return
        effect = (
            "nothing entered the reviewed set, the originals are unchanged"
            if name == "Accept neither"
            else "copied into the reviewed set, the original is unchanged"
        )
        self.message.emit(f"{name}: {effect} (Undo takes it back)")
        self.select(min(row + 1, self.model.rowCount() - 1))

    def accept_a(self) -> None:
        d = self.current()
        if d is not None and d.a is not None:
            self._decide([AcceptAnnotation(d.a.id, self.reviewer)], "Accept A")

    def accept_b(self) -> None:
        d = self.current()
        if d is not None and d.b is not None:
            self._decide([AcceptAnnotation(d.b.id, self.reviewer)], "Accept B")

    def accept_both(self) -> None:
        d = self.current()
        if d is not None and d.a is not None and d.b is not None:
            self._decide(
                [AcceptAnnotation(d.a.id, self.reviewer), AcceptAnnotation(d.b.id, self.reviewer)],
                "Accept both",
            )

    def accept_neither(self) -> None:
        d = self.current()
        if d is not None:
            self._decide([accept_neither([x.id for x in d.annotations], self.reviewer)], "Accept neither")

    def edit(self) -> None:
        """Accept A's span (B's when A has none) with boundaries or tag changed."""
        d = self.current()
        if d is None or self._doc is None:
            return
        source = d.a if d.a is not None else d.b
        assert source is not None
        store = self.session.store
        answer = EditDecisionDialog.ask(self, len(store.document_text(self._doc)), source, self.session.tags())
        if answer is not None:
            start, end, tag = answer
            self._decide([AcceptAnnotation(source.id, self.reviewer, start, end, tag)], "Accept edited")
