"""Comments on one annotation: read them (a reviewer's, after merging back), add, edit or
delete one. Each change is one command through the session (one undo step). The window
shows this panel for the selected annotation with :meth:`CommentsPanel.show_annotation`."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from annot.core.errors import AnnotError
from annot.core.history import Command
from annot.core.model import AnnotationId, Changes, Comment, CommentId
from annot.core.review import AddComment, DeleteComment, EditComment
from annot.gui.session import Session


class CommentsPanel(QWidget):
    def __init__(self, session: Session, author: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.author = author
        self.annotation_id: AnnotationId | None = None
        self.comments: list[Comment] = []
        self.title = QLabel("Comments")
        self.list = QListWidget()
        self.list.setWordWrap(True)
        self.editor = QPlainTextEdit()
        self.editor.setPlaceholderText("Write a comment…")
        self.editor.setMaximumHeight(80)
        self.add_button = QPushButton("Add")
        self.save_button = QPushButton("Save edit")
        self.delete_button = QPushButton("Delete")
        self.problem = QLabel()
        buttons = QHBoxLayout()
        for b in (self.add_button, self.save_button, self.delete_button):
            buttons.addWidget(b)
        buttons.addWidget(self.problem, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.editor)
        layout.addLayout(buttons)
        self.add_button.clicked.connect(self.add)
        self.save_button.clicked.connect(self.save_edit)
        self.delete_button.clicked.connect(self.delete)
        self.list.currentRowChanged.connect(self._picked)
        session.changed.connect(self._on_changed)
        self.show_annotation(None)

    def show_annotation(self, annotation_id: AnnotationId | None) -> None:
        self.annotation_id = annotation_id
        self.refresh()

    def refresh(self) -> None:
        store = self.session.store
        ok = self.annotation_id is not None and store.has_annotation(self.annotation_id)
        self.comments = store.comments([self.annotation_id]) if ok and self.annotation_id else []
        self.list.clear()
        for c in self.comments:
            stamp = c.modified[:16].replace("T", " ")
            item = QListWidgetItem(f"{c.author} · {stamp}\n{c.text}")
            item.setData(Qt.ItemDataRole.UserRole, c.id)
            self.list.addItem(item)
        self.title.setText(f"Comments ({len(self.comments)})" if ok else "Comments (no annotation selected)")
        for w in (self.editor, self.add_button):
            w.setEnabled(ok)
        self._picked(self.list.currentRow())

    def _picked(self, row: int) -> None:
        mine = 0 <= row < len(self.comments)
        self.save_button.setEnabled(mine)
        self.delete_button.setEnabled(mine)

    def _selected(self) -> CommentId | None:
        row = self.list.currentRow()
        return self.comments[row].id if 0 <= row < len(self.comments) else None

    def _run(self, command: Command) -> bool:
        try:
            self.session.run(command)
        except AnnotError as exc:
            self.problem.setText(exc.message)
            return False
        self.problem.setText("")
        return True

    def add(self) -> None:
        if self.annotation_id is not None and self._run(
            AddComment(self.annotation_id, self.author, self.editor.toPlainText())
        ):
            self.editor.clear()

    def save_edit(self) -> None:
        chosen = self._selected()
        if chosen is not None and self._run(EditComment(chosen, self.editor.toPlainText())):
            self.editor.clear()

    def delete(self) -> None:
        chosen = self._selected()
        if chosen is not None:
            self._run(DeleteComment(chosen))

    def _on_changed(self, changes: Changes) -> None:
        if self.annotation_id is not None:
            self.refresh()
