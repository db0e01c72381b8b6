"""Edit a document's metadata (title, outlet, URL, publication date)."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QWidget

from annot.core.model import DocumentInfo


class DocumentPropertiesDialog(QDialog):
    def __init__(self, info: DocumentInfo, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Document properties")
        self.setMinimumWidth(460)
        form = QFormLayout(self)
        self.title = QLineEdit(info.title)
        self.outlet = QLineEdit(info.outlet)
        self.url = QLineEdit(info.url)
        self.published = QLineEdit(info.published)
        self.published.setPlaceholderText("YYYY-MM-DD")
        form.addRow("Title", self.title)
        form.addRow("Outlet", self.outlet)
        form.addRow("URL", self.url)
        form.addRow("Published", self.published)
        form.addRow("File", QLabel(info.filename))
        form.addRow("Length", QLabel(f"{info.length:,} characters"))
        form.addRow("SHA-256", QLabel(f"<small>{info.sha256}</small>"))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def values(self) -> dict[str, str]:
        return {
            "title": self.title.text(),
            "outlet": self.outlet.text(),
            "url": self.url.text(),
            "published": self.published.text(),
        }

    @classmethod
    def ask(cls, parent: QWidget | None, info: DocumentInfo) -> dict[str, str] | None:
        """The edited fields, or None when cancelled."""
        dialog = cls(info, parent)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.values()
