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
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def chosen(self) -> AnnotationId | None:
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
        """The chosen annotation id, or None when the user cancels."""
        dialog = cls(title, prompt, items, parent)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.chosen()
