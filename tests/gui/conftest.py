"""GUI fixtures: window state in a temporary QSettings file, the annotator dialog patched,
and a main window on a real project file holding the five seeds."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from annot.core.project import Project
from annot.core.settings import Settings
from annot.gui import state


@pytest.fixture(autouse=True)
def window_ini(tmp_path: Path) -> Iterator[Path]:
    ini = tmp_path / "window-state.ini"
    state.set_factory(lambda: QSettings(str(ini), QSettings.Format.IniFormat))
    yield ini
    state.set_factory(None)


@pytest.fixture(autouse=True)
def annotator_asked(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every time the annotator dialog would open; it answers "alice"."""
    from annot.gui.dialogs.simple import AnnotatorDialog

    calls: list[str] = []

    def ask(cls: type, parent: object, default: str) -> str:
        calls.append(default)
        return "alice"

    monkeypatch.setattr(AnnotatorDialog, "ask", classmethod(ask))
    return calls


@pytest.fixture
def errors_shown(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Messages that would have been shown in error dialogs."""
    from annot.gui import errors

    shown: list[str] = []
    monkeypatch.setattr(errors, "show_error", lambda parent, error, title="annot": shown.append(errors.describe(error)))
    return shown


@pytest.fixture
def project_file(tmp_path: Path) -> Path:
    path = tmp_path / "seeds.annot"
    Project.create(path, seeds=True).close()
    return path


@pytest.fixture
def open_window(qtbot):  # type: ignore[no-untyped-def]
    """A function that opens (and shows) a main window on a project file."""
    from annot.gui.app import build_main_window

    windows = []

    def opener(path: Path):  # type: ignore[no-untyped-def]
        window = build_main_window(path, Settings.load())
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        windows.append(window)
        return window

    yield opener
    for w in windows:
        if w.isVisible():
            w.close()


@pytest.fixture
def window(open_window, project_file):  # type: ignore[no-untyped-def]
    return open_window(project_file)

