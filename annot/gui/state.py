"""Window state (geometry, dock layout, open panes) in QSettings, kept apart from the
user's preferences (core :class:`annot.core.settings.Settings`).

The file lives beside the preferences (``window.ini`` in the config folder). Tests redirect
it through :func:`set_factory`.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QSettings

_factory: Callable[[], QSettings] | None = None


def window_settings() -> QSettings:
    if _factory is not None:
        return _factory()
    from annot.core.settings import config_dir

    return QSettings(str(config_dir() / "window.ini"), QSettings.Format.IniFormat)


def set_factory(factory: Callable[[], QSettings] | None) -> None:
    """Make :func:`window_settings` use ``factory`` (None: back to the default file)."""
    global _factory
    _factory = factory


def _project_key(project_path: str) -> str:
    """One key per project file, however its path was typed (``../x/p.annot``, a symlink)."""
    normal = str(Path(os.path.abspath(project_path)).resolve())
    return "project-" + hashlib.sha1(normal.encode("utf-8")).hexdigest()[:16]


def last_folder() -> str:
    """The folder of the last file chosen in a file dialog ("" before the first)."""
    return str(window_settings().value("dialogs/folder", "") or "")


def remember_folder(folder: str) -> None:
    s = window_settings()
    s.setValue("dialogs/folder", folder)
    s.sync()


def load_panes(project_path: str) -> tuple[list[int | None], int]:
    """The documents open in the panes of ``project_path`` last time, and the current pane."""
    raw = window_settings().value(f"panes/{_project_key(project_path)}", "")
    try:
        data = json.loads(str(raw)) if raw else {}
        docs = [d if isinstance(d, int) else None for d in data.get("documents", [])][:4]
        current = int(data.get("current", 0))
    except (ValueError, TypeError, AttributeError):
        return [], 0
    return docs, current


def save_panes(project_path: str, documents: list[int | None], current: int) -> None:
    s = window_settings()
    s.setValue(
        f"panes/{_project_key(project_path)}",
        json.dumps({"documents": documents, "current": current}),
    )
    s.sync()
