"""Help ▸ Keyboard shortcuts: a sheet of every key the window and the panes know."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget


class ShortcutsDialog(QDialog):
    def __init__(self, sections: Sequence[tuple[str, Sequence[tuple[str, str]]]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Keyboard shortcuts")
        self.resize(520, 620)
        layout = QVBoxLayout(self)
        self.browser = QTextBrowser()
        html = []
        for title, rows in sections:
            html.append(f"<h3>{escape(title)}</h3><table cellpadding='3'>")
            for keys, what in rows:
                html.append(f"<tr><td><b>{escape(keys)}</b></td><td>{escape(what)}</td></tr>")
            html.append("</table>")
        self.browser.setHtml("".join(html))
        layout.addWidget(self.browser)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    @classmethod
    def ask(cls, parent: QWidget | None, sections: Sequence[tuple[str, Sequence[tuple[str, str]]]]) -> None:
        cls(sections, parent).exec()
