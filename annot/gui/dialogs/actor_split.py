"""Split an actor: choose which of its mentions go to a new actor, and name it."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)


class ActorSplitDialog(QDialog):
    def __init__(self, actor_name: str, mentions: list[tuple[str, str]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Split {actor_name}")
        self.resize(460, 380)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"Tick the mentions that are another actor than {actor_name}:"))
        self.list = QListWidget()
        for ann_id, label in mentions:
            item = QListWidgetItem(label)
            item.setData(Qt.ItemDataRole.UserRole, ann_id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.list.addItem(item)
        layout.addWidget(self.list)
        row = QHBoxLayout()
        row.addWidget(QLabel("New actor:"))
        self.name = QLineEdit()
        row.addWidget(self.name, 1)
        layout.addLayout(row)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def chosen(self) -> tuple[list[str], str]:
        ids = [
            str(self.list.item(i).data(Qt.ItemDataRole.UserRole))
            for i in range(self.list.count())
            if self.list.item(i).checkState() == Qt.CheckState.Checked
        ]
        return ids, self.name.text().strip()

    @classmethod
    def ask(cls, parent: QWidget | None, actor_name: str, mentions: list[tuple[str, str]]) -> tuple[list[str], str] | None:
        """(mentions to move, the new actor's name), or None when cancelled."""
        dialog = cls(actor_name, mentions, parent)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.chosen()
