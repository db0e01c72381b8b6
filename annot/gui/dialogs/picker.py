"""Pick one annotation from a list (the actor or the date of a claim)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from annot.core.model import AnnotationId

IN_TEXT = AnnotationId("<pick in the text>")  # what ask() returns for "pick it in the text"


class SpanPicker(QDialog):
    """A short list of ``(label, annotation id)``, nearest first; Enter or a double click picks."""

    def __init__(
        self,
        title: str,
        prompt: str,
        items: Sequence[tuple[str, AnnotationId]],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.resize(460, 320)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(prompt))
        self.list = QListWidget()
        for label, ann_id in items:
            item = QListWidgetItem(label)
            item.setData(Qt.ItemDataRole.UserRole, ann_id)
            self.list.addItem(item)
        if items:
            self.list.setCurrentRow(0)
        self.list.itemDoubleClicked.connect(lambda _item: self.accept())
        layout.addWidget(self.list)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self._in_text = False
        pick = buttons.addButton("Pick in the text", QDialogButtonBox.ButtonRole.ActionRole)
        pick.setToolTip("Close this list, then click the span in the text (or tag a new one)")
        pick.clicked.connect(self._pick_in_text)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def _pick_in_text(self) -> None:
        self._in_text = True
        self.accept()

    def chosen(self) -> AnnotationId | None:
        if self._in_text:
            return IN_TEXT
        item = self.list.currentItem()
        if item is None:
            return None
        return AnnotationId(str(item.data(Qt.ItemDataRole.UserRole)))

    @classmethod
    def ask(
        cls,
        parent: QWidget | None,
        title: str,
        prompt: str,
        items: Sequence[tuple[str, AnnotationId]],
    ) -> AnnotationId | None:
        """The chosen annotation id, :data:`IN_TEXT` when the user will pick it in the text,
        or None when the user cancels."""
        dialog = cls(title, prompt, items, parent)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.chosen()
