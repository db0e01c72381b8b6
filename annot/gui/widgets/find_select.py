"""Select a range given in code points of the stored text inside a pane's editor."""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QTextCursor


def select_code_points(pane: Any, text: str, start: int, end: int) -> None:
    from annot.gui.offsets import OffsetMap

    mapping = OffsetMap(text)
    editor = pane.editor()
    cursor = QTextCursor(editor.document())
    cursor.setPosition(mapping.to_qt(start))
    cursor.setPosition(mapping.to_qt(end), QTextCursor.MoveMode.KeepAnchor)
    editor.setTextCursor(cursor)
    editor.centerCursor()
    editor.setFocus()
