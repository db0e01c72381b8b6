"""Start-up: choose the project, ask the annotator's name once, show the window.

``annot`` with no argument opens the last project; the very first launch creates the
sample project (the five seeds) in the user data folder. A project that fails to open gets
a clear dialog offering another project or the sample, never a traceback. Heavy modules
(the store, the export code) are imported only when needed, to keep start-up quick."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QApplication, QWidget

from annot.core.errors import AnnotError
from annot.core.settings import Settings, default_project_path, system_user

if TYPE_CHECKING:
    from annot.gui.window import MainWindow

_windows: list[QWidget] = []  # the open main windows (kept alive until closed)


def keep(window: QWidget) -> None:
    if window not in _windows:
        _windows.append(window)


def forget(window: QWidget) -> None:
    """Called when a main window closes."""
    if window in _windows:
        _windows.remove(window)


def ensure_app(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance()
    if isinstance(app, QApplication):
        return app
    app = QApplication(argv if argv is not None else [sys.argv[0]])
    app.setApplicationName("annot")
    app.setOrganizationName("annot")
    app.setApplicationDisplayName("annot")
    return app


def ensure_annotator(settings: Settings, parent: QWidget | None = None) -> str:
    """The annotator's name, asked once (prefilled with the system user) and remembered."""
    if settings.annotator:
        return settings.annotator
    from annot.gui.dialogs.simple import AnnotatorDialog

    default = system_user()
    name = AnnotatorDialog.ask(parent, default) or default or "annotator"
    settings.annotator = name
    settings.save()
    return name


def sample_project() -> Path:
    """The sample project, created with the seeds when missing."""
    from annot.core.project import Project

    path = default_project_path()
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        Project.create(path, seeds=True).close()
    return path


def open_project_window(
    path: Path, settings: Settings, *, parent_for_errors: QWidget | None = None
) -> MainWindow | None:
    """A window on ``path``, or None (after a dialog) when the project cannot be opened."""
    from annot.gui import errors

    try:
        window = build_main_window(path, settings)
    except AnnotError as exc:
        errors.show_error(parent_for_errors, exc, "Cannot open the project")
        return None
    keep(window)
    return window


def build_main_window(project_path: str | Path, settings: Settings | None = None) -> MainWindow:
    """Open ``project_path`` and build its window (not shown). Raises a core error when the
    project cannot be opened."""
    from annot.core.lock import WINDOW
    from annot.core.project import Project
    from annot.gui.session import Session
    from annot.gui.window import MainWindow

    ensure_app()
    settings = settings or Settings.load()
    path = Path(project_path)
    # CLI writers refuse while it is open; SQLite's quick_check runs after the first paint
    project = Project.open(path, program=WINDOW, check_later=True)
    try:
        project.set_annotator(ensure_annotator(settings))
        settings.remember_project(path)
        settings.save()
        session = Session(project)
        window = MainWindow(session, settings)
        window.projectRequested.connect(lambda other: switch_project(window, Path(other)))
        window.closed.connect(lambda: forget(window))
    except BaseException as exc:
        project.close()
        if isinstance(exc, Exception) and not isinstance(exc, AnnotError):
            _drop_half_built(project)
            from annot.core.store import inspect_file

            inspect_file(path, texts=False)  # damage met before the check after the paint: named
        raise
    return window


def switch_project(window: MainWindow, path: Path) -> MainWindow | None:
    """Open another project in a new window that replaces ``window`` (File ▸ Open, New,
    Open recent); on failure a dialog says why and ``window`` stays."""
    other = open_project_window(path, window.settings, parent_for_errors=window)
    if other is None:
        return None
    other.show()
    window.close()
    return other


def _drop_half_built(project: object) -> None:
    """A window whose building failed half-way: delete it now, so that none of its views'
    deferred refreshes reads the closed project."""
    import shiboken6
    from PySide6.QtWidgets import QApplication

    for widget in QApplication.topLevelWidgets():
        session = getattr(widget, "session", None)
        if getattr(session, "project", None) is project:
            session.is_closed = True  # type: ignore[union-attr]
            shiboken6.delete(widget)


def first_window(argv: list[str], settings: Settings) -> MainWindow | None:
    """The window for the command line: the named project, the last one, or the sample.
    Offers another project or the sample when one fails to open."""
    if argv:
        candidate: Path | None = Path(argv[0])
    elif settings.last_project and Path(settings.last_project).exists():
        candidate = Path(settings.last_project)
    else:
        candidate = None
    tried: set[Path] = set()
    while True:
        try:
            if candidate is None:
                candidate = sample_project()
            tried.add(candidate.resolve())
            window = build_main_window(candidate, settings)
            keep(window)
            return window
        except AnnotError as exc:
            from annot.gui import errors
            from annot.gui.dialogs.files import FileDialogs
            from annot.gui.dialogs.simple import OpenFailedDialog

            sample = default_project_path()
            offer_sample = sample.resolve() not in tried
            choice = OpenFailedDialog.ask(None, errors.describe(exc), offer_sample=offer_sample)
            if choice == OpenFailedDialog.OPEN:
                candidate = FileDialogs.open_project(None)
                if candidate is None:
                    return None
            elif choice == OpenFailedDialog.SAMPLE and offer_sample:
                candidate = None  # created with the seeds when missing
            else:
                return None


NO_DISPLAY = (
    "annot: no display found (neither DISPLAY nor WAYLAND_DISPLAY is set), so the window cannot"
    " open; the command line works without one: `annot --help` lists its commands (import,"
    " export, merge, agreement, info)."
)


def display_problem(environ: dict[str, str] | None = None, platform: str | None = None) -> str:
    """Why the window cannot open here (one line), or "" when it can: on Linux and other
    X11/Wayland systems a display is needed unless a Qt platform is chosen explicitly
    (``QT_QPA_PLATFORM=offscreen`` for example)."""
    import os

    env = os.environ if environ is None else environ
    platform = sys.platform if platform is None else platform
    if platform.startswith(("win", "darwin", "cygwin")):
        return ""
    if env.get("QT_QPA_PLATFORM") or env.get("DISPLAY") or env.get("WAYLAND_DISPLAY"):
        return ""
    return NO_DISPLAY


def main(argv: list[str] | None = None) -> int:
    """``annot [PROJECT]``: run the window until it is closed; returns the exit status
    (2, with one line, when there is no display to open it on)."""
    argv = list(sys.argv[1:] if argv is None else argv)
    if not QApplication.instance() and (problem := display_problem()):
        print(problem, file=sys.stderr)
        return 2
    app = ensure_app([sys.argv[0]])
    from annot.gui import errors

    errors.install_excepthook()
    settings = Settings.load()
    window = first_window(argv, settings)
    if window is None:
        return 1
    window.show()
    return int(app.exec())
