"""Input as a user gives it: keys and mouse events delivered to the main window's native
window (``QWindow``), so Qt routes them itself (to the focused widget, to the widget under the
pointer), focus navigation and shortcuts included. Nothing is sent to an inner widget."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QTextCursor, QWindow
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMainWindow, QWidget

from annot.gui.offsets import OffsetMap

NoMod = Qt.KeyboardModifier.NoModifier


def handle(window: QMainWindow) -> QWindow:
    window.activateWindow()
    window.raise_()
    native = window.windowHandle()
    assert native is not None, "the window is not shown"
    return native


def key(window: QMainWindow, k: Qt.Key | str, mods: Qt.KeyboardModifier = NoMod) -> None:
    """Press and release one key, as typed on the keyboard (goes to the focused widget)."""
    native = handle(window)
    if isinstance(k, str):
        QTest.keyClick(native, Qt.Key(ord(k.upper())) if k.isalpha() else Qt.Key(ord(k)), mods)
    else:
        QTest.keyClick(native, k, mods)
    QApplication.processEvents()


def in_window(window: QMainWindow, widget: QWidget, point: QPoint) -> QPoint:
    return widget.mapTo(window, point)


def char_point(editor: QWidget, qpos: int, *, inside: bool = True) -> QPoint:
    """A point (viewport coordinates) on the character at Qt position ``qpos``: its left
    half (``inside``) or exactly on the gap before it."""
    cursor = QTextCursor(editor.document())  # type: ignore[attr-defined]
    cursor.setPosition(qpos)
    rect = editor.cursorRect(cursor)  # type: ignore[attr-defined]
    return QPoint(rect.x() + (2 if inside else 0), rect.center().y())


def drag(
    window: QMainWindow, widget: QWidget, a: QPoint, b: QPoint, mods: Qt.KeyboardModifier = NoMod
) -> None:
    """Press at ``a``, move through the middle to ``b`` and release (``widget`` coordinates)."""
    native = handle(window)
    left = Qt.MouseButton.LeftButton
    pa, pb = in_window(window, widget, a), in_window(window, widget, b)
    QTest.mouseMove(native, pa)
    QTest.mousePress(native, left, mods, pa)
    QTest.mouseMove(native, QPoint((pa.x() + pb.x()) // 2, (pa.y() + pb.y()) // 2))
    QTest.mouseMove(native, pb)
    QTest.mouseRelease(native, left, mods, pb)
    QApplication.processEvents()


def click(window: QMainWindow, widget: QWidget, at: QPoint, mods: Qt.KeyboardModifier = NoMod) -> None:
    native = handle(window)
    p = in_window(window, widget, at)
    QTest.mouseMove(native, p)
    QTest.mouseClick(native, Qt.MouseButton.LeftButton, mods, p)
    QApplication.processEvents()


def drag_text(window: QMainWindow, pane: object, text: str, start: int, end: int, mods: Qt.KeyboardModifier = NoMod) -> None:
    """Drag from the character at code point ``start`` to the gap at ``end`` in a pane."""
    editor = pane.editor()  # type: ignore[attr-defined]
    m = OffsetMap(text)
    a = char_point(editor, m.to_qt(start))
    b = char_point(editor, m.to_qt(end), inside=False)
    drag(window, editor.viewport(), a, b, mods)
