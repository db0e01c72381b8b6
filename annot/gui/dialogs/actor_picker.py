"""Pick the actor an actor span names: the likely ones first (alias and string similarity,
never chosen for you), then every other actor, and "New actor" named after the span."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
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

from annot.core.actors import Actor, ActorKind

NEW = ""  # the item data of "New actor"

# what the picker returns: ("assign", actor id) or ("new", name, kind)
Choice = tuple[str, str] | tuple[str, str, str]


class ActorPicker(QDialog):
    def __init__(
        self, quote: str, likely: list[tuple[Actor, float]], others: list[Actor], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Actor")
        self.resize(460, 380)
        layout = QVBoxLayout(self)
        label = QLabel(f"Which actor is “{quote}”? Likely ones first; nothing is assigned until you choose.")
        label.setWordWrap(True)
        layout.addWidget(label)
        self.list = QListWidget()
        for actor, score in likely:
            self._add(f"{actor.name}  ({actor.kind.value}, {score:.0f}% alike)", actor.id)
        shown = {a.id for a, _ in likely}
        for actor in others:
            if actor.id not in shown:
                self._add(f"{actor.name}  ({actor.kind.value})", actor.id)
        self._add("New actor…", NEW)
        self.list.setCurrentRow(0)
        self.list.itemDoubleClicked.connect(lambda _item: self.accept())
        layout.addWidget(self.list)
        row = QHBoxLayout()
        self.name = QLineEdit(" ".join(quote.split()))
        self.kind = QComboBox()
        self.kind.addItems([k.value for k in ActorKind])
        row.addWidget(QLabel("New actor:"))
        row.addWidget(self.name, 1)
        row.addWidget(self.kind)
        layout.addLayout(row)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.list.setFocus()

    def _add(self, text: str, actor_id: str) -> None:
        item = QListWidgetItem(text)
        item.setData(Qt.ItemDataRole.UserRole, actor_id)
        self.list.addItem(item)

    def choice(self) -> Choice | None:
        item = self.list.currentItem()
        if item is None:
            return None
        actor_id = str(item.data(Qt.ItemDataRole.UserRole))
        if actor_id == NEW:
            return ("new", self.name.text().strip(), self.kind.currentText())
        return ("assign", actor_id)

    @classmethod
    def ask(
        cls, parent: QWidget | None, quote: str, likely: list[tuple[Actor, float]], others: list[Actor]
    ) -> Choice | None:
        """The user's choice, or None when cancelled."""
        dialog = cls(quote, likely, others, parent)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.choice()
