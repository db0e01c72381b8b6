"""`annot` on a machine without a display: one line saying so and how to use the CLI, exit 2
(not a Qt abort with exit 134 blaming libxcb-cursor0)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from annot.gui.app import display_problem
from tests.conftest import ROOT


def test_annot_without_a_display_says_so_in_one_line(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    env.update(HOME=str(tmp_path), XDG_DATA_HOME=str(tmp_path / "data"), XDG_CONFIG_HOME=str(tmp_path / "config"))
    done = subprocess.run(
        [sys.executable, "-m", "annot"], capture_output=True, text=True, cwd=ROOT, env=env, timeout=120
    )
    assert done.returncode == 2, done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert "no display" in lines[0] and "annot --help" in lines[0]
    assert "xcb" not in done.stderr.lower()
    assert not (tmp_path / "data").exists() or not any((tmp_path / "data").rglob("*.annot"))


def test_a_display_or_an_explicit_platform_is_enough() -> None:
    assert display_problem({"DISPLAY": ":0"}, "linux") == ""
    assert display_problem({"WAYLAND_DISPLAY": "wayland-0"}, "linux") == ""
    assert display_problem({"QT_QPA_PLATFORM": "offscreen"}, "linux") == ""
    assert display_problem({}, "darwin") == "" and display_problem({}, "win32") == ""
    assert "no display" in display_problem({}, "linux")
