"""Small dialogs, each with a classmethod that tests patch: the annotator's name, a yes/no
confirmation, what an import did (:class:`Summary`), and what to do when a project fails to
open."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)


class AnnotatorDialog(QDialog):
    """Asks once for the name that every new annotation carries."""

    def __init__(self, default: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Your name")
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(
            "annot records who made each annotation, so that colleagues' work can be\n"
            "merged and compared. What name should your annotations carry?"
        ))
        self.edit = QLineEdit(default)
        self.edit.selectAll()
        layout.addWidget(self.edit)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.edit.textChanged.connect(lambda t: ok.setEnabled(bool(t.strip())))
        ok.setEnabled(bool(default.strip()))

    @classmethod
    def ask(cls, parent: QWidget | None, default: str) -> str | None:
        dialog = cls(default, parent)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.edit.text().strip() or None


class Confirm:
    @classmethod
    def ask(cls, parent: QWidget | None, title: str, text: str) -> bool:
        answer = QMessageBox.question(
            parent, title, text,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )  # fmt: skip
        return answer == QMessageBox.StandardButton.Yes


class Summary:
    """A box saying what an import or merge did (information) or could not do (warning)."""

    @classmethod
    def show(cls, parent: QWidget | None, title: str, text: str, *, problem: bool) -> None:
        box = QMessageBox.warning if problem else QMessageBox.information
        box(parent, title, text)


class OpenFailedDialog:
    """A project could not be opened: open another, fall back to the sample, or quit."""

    OPEN, SAMPLE, QUIT = "open", "sample", "quit"

    @classmethod
    def ask(cls, parent: QWidget | None, message: str, *, offer_sample: bool = True) -> str:
        box = QMessageBox(parent)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle("annot: cannot open the project")
        box.setText("The project cannot be opened.")
        box.setInformativeText(message)
        other = box.addButton("Open another…", QMessageBox.ButtonRole.AcceptRole)
        sample = box.addButton("Open the sample project", QMessageBox.ButtonRole.ActionRole) if offer_sample else None
        box.addButton("Quit", QMessageBox.ButtonRole.RejectRole)
        box.exec()
        clicked = box.clickedButton()
        if clicked is other:
            return cls.OPEN
        if sample is not None and clicked is sample:
            return cls.SAMPLE
        return cls.QUIT
