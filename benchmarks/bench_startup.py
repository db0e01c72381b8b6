"""Start-up to a shown, painted window on the seeds project, beside a bare QMainWindow.

Each run is a fresh Python process that exits at the first paint of its main window; the
parent times it from spawn to exit. Runs of the two alternate, and the medians are
compared (goal: annot ≤ 2.5× the bare window). Run alone with
``python -m benchmarks.bench_startup``."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks import Figure

ROOT = Path(__file__).resolve().parents[1]
RUNS = 7
GOAL = 2.5

_EXIT_ON_PAINT = """
import os
from PySide6.QtCore import QEvent, QObject
class ExitOnPaint(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint:
            os._exit(0)
        return False
"""

BARE = _EXIT_ON_PAINT + """
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication([])
w = QMainWindow()
w.resize(1400, 850)
f = ExitOnPaint()
w.installEventFilter(f)
w.show()
app.exec()
"""

ANNOT = _EXIT_ON_PAINT + """
import sys
from annot.gui.app import ensure_app, first_window
from annot.core.settings import Settings
app = ensure_app()
w = first_window([sys.argv[1]], Settings.load())
f = ExitOnPaint()
w.installEventFilter(f)
w.show()
app.exec()
"""


def _time(code: str, args: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", code, *args], cwd=ROOT, env=env, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def measure(runs: int = RUNS) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        env = dict(os.environ)
        env.setdefault("QT_QPA_PLATFORM", "offscreen")
        env["ANNOT_CONFIG_DIR"] = str(Path(tmp) / "config")
        env["ANNOT_DATA_DIR"] = str(Path(tmp) / "data")
        # as an installed app runs: byte-code cached (kept out of the source tree)
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(Path(tmp) / "pycache")
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH", "")]))
        project = Path(tmp) / "seeds.annot"
        setup = (
            "import sys; from annot.core.project import Project; from annot.core.settings import Settings\n"
            "Project.create(sys.argv[1], seeds=True).close()\n"
            "s = Settings(annotator='bench'); s.save()\n"
        )
        subprocess.run([sys.executable, "-c", setup, str(project)], cwd=ROOT, env=env, check=True)
        _time(ANNOT, [str(project)], env)  # warm the file cache and Qt's caches
        _time(BARE, [], env)
        annot, bare = [], []
        for _ in range(runs):
            bare.append(_time(BARE, [], env))
            annot.append(_time(ANNOT, [str(project)], env))
    a, b = statistics.median(annot), statistics.median(bare)
    return {"annot_s": a, "bare_s": b, "ratio": a / b}


def run() -> list[Figure]:
    """Measure; the runner prints the figure beside its floor."""
    r = measure()
    return [
        Figure(
            f"start-up to a painted window, seeds project (median of {RUNS} processes)",
            r["annot_s"], r["bare_s"], max_ratio=GOAL,
            note="floor: a bare QMainWindow process to its first paint",
        )
    ]


if __name__ == "__main__":
    for f in run():
        print(f"{f.name}: {f.value:.3f} s | floor {f.floor:.3f} s | ratio {f.ratio:.2f}× (goal ≤ {GOAL}×)")
