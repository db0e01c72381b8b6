"""Edit (confirm) the normalised value of a date span."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)


class DateValueDialog(QDialog):
    def __init__(self, value: str, status: str, about: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Date value")
        layout = QVBoxLayout(self)
        label = QLabel(
            f"Value of {about} ({status}). YYYY-MM-DD, YYYY-MM, YYYY, YYYY-Www, YYYY-Qn,"
            " YYYY-SU…, a decade such as 199; empty for none. OK confirms it."
        )
        label.setWordWrap(True)
        layout.addWidget(label)
        self.edit = QLineEdit(value)
        self.edit.setPlaceholderText("2025-09-27")
        layout.addWidget(self.edit)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.edit.setFocus()
        self.edit.selectAll()

    @classmethod
    def ask(cls, parent: QWidget | None, value: str, status: str, about: str) -> str | None:
        """The value to confirm, or None when the user cancels."""
        dialog = cls(value, status, about, parent)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.edit.text().strip()
