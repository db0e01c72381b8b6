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
    def __init__(self, text: str, parent: QWidget | None = None, about: str = "") -> None:
        super().__init__(parent)
        self.setWindowTitle("Note")
        self.resize(420, 220)
        layout = QVBoxLayout(self)
        self.label = QLabel(
            f"Note for {about or 'this annotation'} (leave empty to remove it):"
        )
        self.label.setWordWrap(True)
        layout.addWidget(self.label)
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
    def ask(cls, parent: QWidget | None, text: str, about: str = "") -> str | None:
        """The edited note, or None when the user cancels; ``about`` names the span (its tag
        and quote) so that the user sees which one the note is for."""
        dialog = cls(text, parent, about)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.text()
