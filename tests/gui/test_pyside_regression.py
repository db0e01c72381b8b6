"""PySide6 6.12.0 on Python 3.11 crashes ("none_dealloc") after a few thousand calls of Qt
methods returning None. The pane calls such methods all the time (QTextCursor.setPosition,
QSyntaxHighlighter.setFormat), so a broken PySide must fail this test, not the user's session.
It runs in a subprocess so that a crash fails the test instead of killing pytest."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

SCRIPT = textwrap.dedent(
    """
    from PySide6.QtGui import QGuiApplication, QTextCursor, QTextDocument
    app = QGuiApplication([])
    doc = QTextDocument()
    doc.setPlainText("Russia withdrew from the convention. " * 50)
    cursor = QTextCursor(doc)
    n = doc.characterCount() - 1
    for i in range(20_000):
        result = cursor.setPosition(i % n)
        assert result is None
        cursor.setPosition((i * 7) % n, QTextCursor.MoveMode.KeepAnchor)
    print("ok", cursor.position())
    """
)


def test_many_calls_returning_none_do_not_crash() -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT], capture_output=True, text=True, timeout=120, env=env
    )
    assert done.returncode == 0, f"PySide crashed (exit {done.returncode}): {done.stderr[-2000:]}"
    assert done.stdout.startswith("ok ")
