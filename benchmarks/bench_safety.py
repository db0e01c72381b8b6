"""Issue 8: what it costs that the project file alone holds every action.

After a commit a background thread of the store checkpoints the -wal into the project file
(``PRAGMA wal_checkpoint(PASSIVE)``, a moment later, once per burst), so a copy of the file
taken while annot is open is whole. Measured at 100k annotations:

- adding one annotation (command + commit) with the checkpointer running beside the same
  action with it turned off, interleaved so both see the same machine (≤ 1.5×: the action
  never waits for the disk sync);
- how long after a commit the file alone holds it (≤ 1 s, the promise), beside the time a
  checkpoint itself takes when run directly;
- annotations missing from a copy of the file alone, taken by another process then (0).
"""

from __future__ import annotations

import random
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks import Figure
from benchmarks.bench_core import ANNOTATION_INSERT, STAMP, _fake_id, _new_project, _texts

ANNOTATIONS = 100_000
ACTIONS = 300
SPACED = 20


def _fill(project, texts: list[str], rng: random.Random) -> None:  # type: ignore[no-untyped-def]
    """Bulk-insert ``ANNOTATIONS`` claims (set-up only)."""
    store = project.store
    docs = store.documents()
    tag = store.tag_by_name("claim") or store.tags()[0]
    annotator = project.annotator_id
    rows = []
    for i in range(ANNOTATIONS):
        d = docs[i % len(docs)]
        text = texts[i % len(texts)]
        s = rng.randrange(0, d.length - 60)
        rows.append((_fake_id(9, i), d.id, tag.id, annotator, s, s + 30, text[s : s + 30],
                     text[max(0, s - 40) : s], text[s + 30 : s + 70], "", "unreviewed", STAMP, STAMP))  # fmt: skip
    with store.atomic():
        store.conn.executemany(ANNOTATION_INSERT, rows)


COPY = "import shutil, sys; shutil.copyfile(sys.argv[1], sys.argv[2])"


def _missing_from_a_copy(path: Path, expected: int) -> int:
    """Annotations missing from a copy of the project file alone, taken by another process
    (as a person's file manager would) while the project is open."""
    copy = path.with_name("copy.annot")
    subprocess.run([sys.executable, "-c", COPY, str(path), str(copy)], check=True)
    conn = sqlite3.connect(f"file:{copy}?mode=ro&immutable=1", uri=True)
    try:
        return expected - int(conn.execute("SELECT count(*) FROM annotations").fetchone()[0])
    finally:
        conn.close()


class _Off:
    """Stands in for the store's checkpointer: nothing in the background."""

    def committed(self) -> None:
        pass

    def close(self) -> None:
        pass

    def wait(self, timeout: float) -> bool:
        return True


def run() -> list[Figure]:
    rng = random.Random(8)
    texts = _texts(rng)
    with tempfile.TemporaryDirectory(prefix="annot-bench-safety-") as name:
        path = Path(name) / "safety.annot"
        project = _new_project(path, texts)
        _fill(project, texts, rng)
        store = project.store
        docs = store.documents()
        tag = store.tags()[0].id
        assert store.settled()
        real = store._checkpointer
        on: list[float] = []
        off: list[float] = []
        for i in range(ACTIONS * 2):
            d = rng.choice(docs)
            s = rng.randrange(0, d.length - 60)
            checkpointing = i % 2 == 0
            store._checkpointer = real if checkpointing else _Off()  # type: ignore[assignment]
            started = time.perf_counter()
            project.add_annotation(d.id, tag, s, s + 30)
            (on if checkpointing else off).append(time.perf_counter() - started)
        store._checkpointer = real
        assert store.settled()
        reached: list[float] = []
        direct: list[float] = []
        for _ in range(SPACED):
            d = rng.choice(docs)
            s = rng.randrange(0, d.length - 60)
            project.add_annotation(d.id, tag, s, s + 30)
            started = time.perf_counter()
            store.settled()
            reached.append(time.perf_counter() - started)
            store._checkpointer = _Off()  # type: ignore[assignment]
            project.add_annotation(d.id, tag, s + 1, s + 31)
            started = time.perf_counter()
            store.checkpoint()
            direct.append(time.perf_counter() - started)
            store._checkpointer = real
        project.add_annotation(docs[0].id, tag, 0, 10)
        assert store.settled()
        missing = _missing_from_a_copy(path, store.annotation_count())
        project.close()

    def p95(xs: list[float]) -> float:
        return sorted(xs)[int(len(xs) * 0.95)]

    note = "floor: the same action with the checkpointer off"
    return [
        Figure("one action at 100k, checkpointer on, median", statistics.median(on), statistics.median(off),
               max_ratio=1.5, note=note),
        Figure("one action at 100k, checkpointer on, p95", p95(on), p95(off), note=note),
        Figure("the file alone holds an action after, median", statistics.median(reached), statistics.median(direct),
               max_value=1.0, note="floor: one checkpoint run directly; includes the 0.2 s delay"),
        Figure("the file alone holds an action after, max", max(reached), max(direct), max_value=1.0),
        Figure("annotations missing from a copy of the file alone", float(missing), None, max_value=0,
               unit="rows", note="copied by another process once the checkpoint ran"),
    ]  # fmt: skip
