"""Edit the note of an annotation."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)


class NoteDialog(QDialog):
    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Note")
        self.resize(420, 220)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Note for this annotation (leave empty to remove it):"))
        self.edit = QPlainTextEdit(text)
        self.edit.setTabChangesFocus(True)
        layout.addWidget(self.edit)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.edit.setFocus()

    def text(self) -> str:
        return self.edit.toPlainText().strip()

    @classmethod
    def ask(cls, parent: QWidget | None, text: str) -> str | None:
        """The edited note, or None when the user cancels."""
        dialog = cls(text, parent)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.text()
