"""A research-scale project in the real window: 75, 150 and 300 documents with 1,000
annotations each (three annotators, a third of them claims linked to actors and dates),
generated once into ``bench-out/`` (:mod:`benchmarks.scale_data`).

Per size, each figure beside a floor measured in the same run:
- open to first paint (a fresh process per run, median of 3); floor: a bare QMainWindow with
  a QPlainTextEdit showing the first document read from the same file;
- Annotations dock ready with every row countable (a new model: count + first rows); floor:
  the same ``SELECT count(*)`` on a plain sqlite3 connection;
- one tag key press until the window is idle (median of 5); goal ≤ 3× the same on the seeds;
- filter: one key that completes "minister", from the end of the typing pause until idle;
  floor: the same LIKE on quote and note in plain sqlite3;
- sort by the Tag column until idle; floor: the same ORDER BY ... LIMIT in plain sqlite3;
- the longest event-loop stall (one turn of the loop, or the action itself) during each;
- peak memory of the window's process (VmHWM); floor: the bare viewer's.

Run alone: ``QT_QPA_PLATFORM=offscreen python -m benchmarks --only scale``.
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks import Figure
from benchmarks.scale_data import cached_project

ROOT = Path(__file__).resolve().parents[1]
SIZES = (75, 150, 300)
PAINT_RUNS = 3
TAG_ROUNDS = 5

_EXIT_ON_PAINT = """
import os, sys
from PySide6.QtCore import QEvent, QObject
class ExitOnPaint(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint:
            os._exit(0)
        return False
"""

BARE = _EXIT_ON_PAINT + """
import sqlite3
from PySide6.QtWidgets import QApplication, QMainWindow, QPlainTextEdit
app = QApplication([])
conn = sqlite3.connect(sys.argv[1])
text = conn.execute("SELECT text FROM documents ORDER BY id LIMIT 1").fetchone()[0]
w = QMainWindow()
w.resize(1400, 850)
edit = QPlainTextEdit()
edit.setPlainText(text)
w.setCentralWidget(edit)
f = ExitOnPaint()
w.installEventFilter(f)
w.show()
app.exec()
"""

ANNOT = _EXIT_ON_PAINT + """
from annot.gui.app import ensure_app, first_window
from annot.core.settings import Settings
app = ensure_app()
w = first_window([sys.argv[1]], Settings.load())
f = ExitOnPaint()
w.installEventFilter(f)
w.show()
app.exec()
"""

BARE_MEMORY = """
import sqlite3, sys
from PySide6.QtWidgets import QApplication, QMainWindow, QPlainTextEdit
app = QApplication([])
conn = sqlite3.connect(sys.argv[1])
text = conn.execute("SELECT text FROM documents ORDER BY id LIMIT 1").fetchone()[0]
w = QMainWindow(); w.resize(1400, 850); e = QPlainTextEdit(); e.setPlainText(text)
w.setCentralWidget(e); w.show()
for _ in range(20):
    app.processEvents()
print(next(int(l.split()[1]) * 1024 for l in open("/proc/self/status") if l.startswith("VmHWM:")))
"""


def _env(tmp: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    env["ANNOT_CONFIG_DIR"] = str(tmp / "config")
    env["ANNOT_DATA_DIR"] = str(tmp / "data")
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(tmp / "pycache")
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH", "")]))
    return env


def _spawn(code: str, args: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", code, *args], cwd=ROOT, env=env, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    return time.perf_counter() - start


def _output(args: list[str], env: dict[str, str]) -> str:
    done = subprocess.run([sys.executable, *args], cwd=ROOT, env=env, check=True,
                          capture_output=True, text=True)  # fmt: skip
    return done.stdout.strip().splitlines()[-1]


def measure_size(documents: int, tmp: Path, env: dict[str, str]) -> dict[str, float]:
    """Every figure for one size (the window's own measurements in a child process)."""
    work = tmp / f"scale-{documents}.annot"
    shutil.copyfile(cached_project(documents), work)
    _spawn(ANNOT, [str(work)], env)  # warm the file cache (and write the settings)
    annot, bare = [], []
    for _ in range(PAINT_RUNS):
        bare.append(_spawn(BARE, [str(work)], env))
        annot.append(_spawn(ANNOT, [str(work)], env))
    r: dict[str, float] = json.loads(_output(["-m", "benchmarks.scale_window", str(work)], env))
    r["paint"], r["paint_floor"] = statistics.median(annot), statistics.median(bare)
    r["memory_floor"] = float(_output(["-c", BARE_MEMORY, str(work)], env))
    return r


def _seeds_tag(tmp: Path, env: dict[str, str]) -> float:
    seeds = tmp / "seeds.annot"
    setup = "import sys; from annot.core.project import Project\nProject.create(sys.argv[1], seeds=True).close()"
    subprocess.run([sys.executable, "-c", setup, str(seeds)], cwd=ROOT, env=env, check=True)
    return float(json.loads(_output(["-m", "benchmarks.scale_window", str(seeds), "--tag-only"], env))["tag"])


def run() -> list[Figure]:
    rows: list[Figure] = []
    with tempfile.TemporaryDirectory(prefix="annot-bench-scale-") as name:
        tmp = Path(name)
        env = _env(tmp)
        setup = "from annot.core.settings import Settings; Settings(annotator='bench').save()"
        subprocess.run([sys.executable, "-c", setup], cwd=ROOT, env=env, check=True)
        seeds_tag = _seeds_tag(tmp, env)
        for n in SIZES:
            r = measure_size(n, tmp, env)
            size = f"{n} docs / {n}k annotations"
            mb = 1024 * 1024
            rows += [
                Figure(f"{size}: open to first paint (floor: bare window + text from the same file)",
                       r["paint"], r["paint_floor"], max_ratio=3),
                Figure(f"{size}: longest stall from first paint to idle", r["open_stall"], None, max_value=0.1),
                Figure(f"{size}: Annotations dock ready, rows countable (floor: SQL count)",
                       r["dock"], r["dock_floor"]),
                Figure(f"{size}: tag key press until idle, median (floor: the same on the seeds)",
                       r["tag"], seeds_tag, max_ratio=3),
                Figure(f"{size}: longest stall during a tag key press", r["tag_stall"], None, max_value=0.1),
                Figure(f"{size}: filter, one key after the pause (floor: same LIKE in sqlite3)",
                       r["filter"], r["filter_floor"]),
                Figure(f"{size}: longest stall while filtering", r["filter_stall"], None, max_value=0.1),
                Figure(f"{size}: sort by Tag until idle (floor: the same ORDER BY in sqlite3)",
                       r["sort"], r["sort_floor"]),
                Figure(f"{size}: longest stall while sorting", r["sort_stall"], None, max_value=0.1),
                Figure(f"{size}: peak memory (floor: the bare viewer's)", r["memory"] / mb,
                       r["memory_floor"] / mb, max_value=300, unit="MB"),
            ]  # fmt: skip
    return rows


if __name__ == "__main__":
    for f in run():
        print(f"{f.name}: {f.value} | floor {f.floor}")
