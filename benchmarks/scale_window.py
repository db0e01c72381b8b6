"""The window's side of :mod:`benchmarks.bench_scale`, run in its own process so that its
peak memory is its own: ``python -m benchmarks.scale_window PROJECT [--tag-only]`` prints
one JSON line of seconds (and bytes for memory)."""

from __future__ import annotations

import json
import os
import random
import resource
import sqlite3
import statistics
import sys
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from annot.core.model import Role
from annot.core.settings import Settings
from annot.gui.app import build_main_window, ensure_app
from annot.gui.models.annotations import AnnotationsModel
from annot.gui.window import MainWindow

TAG_ROUNDS = 5
QUIET_TURNS = 5  # this many turns of the event loop in a row with nothing to do: idle


class Painted(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.seen = False

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.seen = True
        return False


def peak_memory() -> float:
    """This process's peak resident memory in bytes (VmHWM: ru_maxrss would include the
    parent's peak, which a child inherits across fork and exec on Linux)."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return float(line.split()[1]) * 1024
    except OSError:
        pass
    return float(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024)


def until_idle(app: QApplication, limit: float = 120.0) -> tuple[float, float]:
    """Turn the event loop until it is idle: (seconds until the last busy turn ended, the
    longest turn)."""
    start = time.perf_counter()
    end, longest, quiet = start, 0.0, 0
    while quiet < QUIET_TURNS and time.perf_counter() - start < limit:
        t0 = time.perf_counter()
        app.processEvents()
        took = time.perf_counter() - t0
        longest = max(longest, took)
        if took < 0.0005:
            quiet += 1
        else:
            quiet, end = 0, t0 + took
    return end - start, longest


def timed(app: QApplication, action: object, busy: object = None) -> tuple[float, float]:
    """(seconds from the action until idle, the longest stall: the action or one turn).
    ``busy()``: whether work in another thread is still to arrive (then not idle yet)."""
    t0 = time.perf_counter()
    action()  # type: ignore[operator]
    longest = time.perf_counter() - t0
    while busy is not None and busy():  # type: ignore[operator]
        turn = time.perf_counter()
        app.processEvents()
        longest = max(longest, time.perf_counter() - turn)
        time.sleep(0.001)
    after_start = time.perf_counter()
    after, turn_max = until_idle(app)
    return after_start - t0 + after, max(longest, turn_max)


def tag_rounds(app: QApplication, window: MainWindow) -> tuple[float, float]:
    frame = window.panes.current()
    assert frame is not None and frame.document_id() is not None
    pane = frame.pane
    store = window.session.store
    text = store.document_text(frame.document_id())
    key = next(t.key for t in store.tags() if t.role == Role.CLAIM)
    editor = pane.editor()
    rng = random.Random(3)
    times, stalls = [], []
    for _ in range(TAG_ROUNDS):
        start = rng.randrange(0, min(len(text), 3000) - 40)
        qs, qe = pane.offsets.span_to_qt(start, start + 25)
        cursor = editor.textCursor()
        cursor.setPosition(qs)
        cursor.setPosition(qe, QTextCursor.MoveMode.KeepAnchor)
        editor.setTextCursor(cursor)
        editor.setFocus()
        until_idle(app)
        took, stall = timed(app, lambda: QTest.keyClick(editor, Qt.Key(ord(key))))
        times.append(took)
        stalls.append(stall)
        window.session.undo()  # keep the project as it was
        until_idle(app)
    return statistics.median(times), max(stalls)


def main(argv: list[str]) -> None:
    path = argv[0]
    app = ensure_app()
    window = build_main_window(path, Settings.load())
    painted = Painted()
    window.installEventFilter(painted)
    window.show()
    while not painted.seen:  # the first paint, then the work after it
        app.processEvents()
    _, open_stall = until_idle(app)
    deadline = time.perf_counter() + 120
    while not window.text_check.done and time.perf_counter() < deadline:  # the checksums
        app.processEvents()
    until_idle(app)
    tag, tag_stall = tag_rounds(app, window)
    if "--tag-only" in argv:
        print(json.dumps({"tag": tag, "tag_stall": tag_stall}))
        return
    plain = sqlite3.connect(path)

    def floor(sql: str) -> float:
        t0 = time.perf_counter()
        plain.execute(sql).fetchall()
        return time.perf_counter() - t0

    t0 = time.perf_counter()
    model = AnnotationsModel(window.session)
    assert model.rowCount() > 0 and model.index(0, 2).data()
    dock = time.perf_counter() - t0
    model.shutdown()
    dock_floor = floor("SELECT count(*) FROM annotations")

    panel = window.annotations_panel
    panel.text.setText("ministe")
    panel.set_filter(text="ministe")  # and wait
    until_idle(app)
    QTest.keyClick(panel.text, Qt.Key.Key_R)
    panel._typing.stop()  # as if the typing pause had ended now
    building = lambda: panel.model._builder.busy  # noqa: E731
    filtered, filter_stall = timed(app, panel._apply_filter, building)
    assert panel.model.rowCount() > 0
    filter_floor = floor(
        "SELECT count(*) FROM annotations WHERE quote LIKE '%minister%' OR note LIKE '%minister%'"
    )
    panel.set_filter(text="")
    until_idle(app)

    sort, sort_stall = timed(app, lambda: panel.view.sortByColumn(1, Qt.SortOrder.AscendingOrder), building)
    assert panel.model.query.sort == "tag"
    sort_floor = floor(
        "SELECT a.* FROM annotations a JOIN tags t ON t.id = a.tag_id ORDER BY t.name,"
        " a.document_id, a.span_start, a.span_end, a.created, a.id LIMIT 200"
    )
    print(json.dumps({
        "open_stall": open_stall, "dock": dock, "dock_floor": dock_floor, "tag": tag,
        "tag_stall": tag_stall, "filter": filtered, "filter_floor": filter_floor,
        "filter_stall": filter_stall, "sort": sort, "sort_floor": sort_floor,
        "sort_stall": sort_stall, "memory": peak_memory(),
    }))  # fmt: skip
    plain.close()
    window.close()


if __name__ == "__main__":
    main(sys.argv[1:])
