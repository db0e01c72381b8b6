"""Which claims the claims CSV holds once a review exists: the reviewed set (the default) or
every claim. Tests patch :meth:`ClaimsScopeDialog.ask`."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

REVIEWED, EVERYTHING = "reviewed", "all"


class ClaimsScopeDialog:
    @classmethod
    def ask(cls, parent: QWidget | None, reviewed: int, total: int) -> str | None:
        """REVIEWED, EVERYTHING, or None when cancelled."""
        box = QMessageBox(parent)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle("Export claims CSV")
        box.setText("This project has a reviewed set. Which claims should the CSV hold?")
        box.setInformativeText(
            f"The reviewed set: the {reviewed} claim(s) a reviewer accepted, with their"
            " actors and dates.\n"
            f"Everything: all {total} claims, each annotator's originals and the reviewed"
            " copies (the status and reviewer columns tell them apart)."
        )
        reviewed_button = box.addButton("Reviewed set", QMessageBox.ButtonRole.AcceptRole)
        everything = box.addButton("Everything", QMessageBox.ButtonRole.ActionRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(reviewed_button)
        box.exec()
        clicked = box.clickedButton()
        if clicked is reviewed_button:
            return REVIEWED
        if clicked is everything:
            return EVERYTHING
        return None
