"""A new tag: name, shortcut key, colour, description, role."""

from __future__ import annotations

from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QColorDialog,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QPushButton,
    QWidget,
)

from annot.core.model import Role, Tag, TagId


def pick_colour(parent: QWidget | None, current: str, title: str = "Tag colour") -> str | None:
    """``#rrggbb`` chosen in a QColorDialog, or None when cancelled (tests patch this)."""
    colour = QColorDialog.getColor(QColor(current), parent, title)
    return colour.name() if colour.isValid() else None


class TagDialog(QDialog):
    def __init__(self, colour: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("New tag")
        form = QFormLayout(self)
        self.name = QLineEdit()
        self.key = QLineEdit()
        self.key.setMaxLength(1)
        self.key.setPlaceholderText("one character, e.g. 4")
        self.description = QLineEdit()
        self.role = QComboBox()
        for role in Role:
            self.role.addItem(role.value or "(none)", role)
        self.role.setCurrentIndex(list(Role).index(Role.OTHER))
        self.colour = colour
        self.colour_button = QPushButton()
        self.colour_button.clicked.connect(self._choose)
        self._paint()
        form.addRow("Name", self.name)
        form.addRow("Key", self.key)
        form.addRow("Colour", self.colour_button)
        form.addRow("Description", self.description)
        form.addRow("Role", self.role)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def _paint(self) -> None:
        self.colour_button.setText(self.colour)
        self.colour_button.setStyleSheet(f"background: {self.colour};")

    def _choose(self) -> None:
        if chosen := pick_colour(self, self.colour):
            self.colour = chosen
            self._paint()

    def tag(self) -> Tag:
        return Tag(
            TagId(0), self.name.text().strip(), self.colour, self.key.text().strip(),
            self.description.text().strip(), self.role.currentData(),
        )  # fmt: skip

    @classmethod
    def ask(cls, parent: QWidget | None, colour: str) -> Tag | None:
        dialog = cls(colour, parent)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.tag()
