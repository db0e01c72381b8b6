"""User preferences shared by the CLI and the window, declared once with their defaults.

Kept in ``settings.json`` in the user config folder (platformdirs), apart from window
geometry (which the GUI keeps in QSettings). ``ANNOT_CONFIG_DIR`` and ``ANNOT_DATA_DIR``
override the folders (tests, portable installs).
"""

from __future__ import annotations

import getpass
import json
import os
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any

APP = "annot"


def config_dir() -> Path:
    if env := os.environ.get("ANNOT_CONFIG_DIR"):
        return Path(env)
    from platformdirs import user_config_dir

    return Path(user_config_dir(APP, appauthor=False))


def data_dir() -> Path:
    if env := os.environ.get("ANNOT_DATA_DIR"):
        return Path(env)
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP, appauthor=False))


def default_project_path() -> Path:
    """Where the first launch creates the sample project."""
    return data_dir() / "sample.annot"


def system_user() -> str:
    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return ""


@dataclass
class Settings:
    annotator: str = ""  # asked once; "" means not chosen yet
    last_project: str = ""
    recent_projects: list[str] = field(default_factory=list)
    snap_to_words: bool = True
    excel_bom: bool = False
    escape_formulas: bool = True
    font_size: int = 0  # 0: the system default

    @classmethod
    def path(cls) -> Path:
        return config_dir() / "settings.json"

    @classmethod
    def load(cls) -> Settings:
        try:
            raw: Any = json.loads(cls.path().read_text("utf-8"))
        except (OSError, ValueError):
            return cls()
        if not isinstance(raw, dict):
            return cls()
        defaults = cls()
        values: dict[str, Any] = {}
        for f in fields(cls):
            value = raw.get(f.name, getattr(defaults, f.name))
            if isinstance(value, type(getattr(defaults, f.name))):
                values[f.name] = value
        return cls(**values)

    def save(self) -> None:
        path = self.path()
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(asdict(self), indent=2), "utf-8")
        os.replace(tmp, path)

    def remember_project(self, project: Path, keep: int = 10) -> None:
        p = str(Path(project).resolve())
        self.last_project = p
        others = [r for r in self.recent_projects if r != p]
        self.recent_projects = [p, *others[: keep - 1]]
