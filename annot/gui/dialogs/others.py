"""Asked before changing a span that another annotator made: their work is never moved,
retagged or deleted without a word (tests patch :meth:`OthersSpanDialog.ask`)."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget


class OthersSpanDialog:
    @classmethod
    def ask(cls, parent: QWidget | None, owner: str, what: str) -> bool:
        """True when the user confirms ``what`` (e.g. "move its start") on ``owner``'s span."""
        box = QMessageBox(parent)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle("Change a colleague's annotation?")
        box.setText(f"This annotation was made by {owner}. Do you want to {what}?")
        box.setInformativeText(
            "The change is stored under their name and goes back to them when projects are"
            " merged. To keep their work as it is, add your own annotation instead (select the"
            " text and press a tag's key)."
        )
        change = box.addButton("Change it", QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.exec()
        return box.clickedButton() is change
