"""The project file alone holds every committed action, within a moment of its commit.

In WAL mode a commit lands in ``NAME.annot-wal``; the file itself gets it at the next
checkpoint. People copy, mail and sync the ``.annot`` file while annot is open, so a writer
keeps a :class:`Checkpointer`: a thread with a connection of its own that runs a PASSIVE
checkpoint :data:`DELAY_S` after a commit (one per burst of actions). The action itself
never waits for it (a checkpoint syncs the disk, which costs milliseconds on a busy
machine); PASSIVE never blocks the writer nor a reader, and what a reader still pins is
tried again a moment later. ``make bench`` measures the cost beside the action alone.

A second connection of the same process on the same file is safe: SQLite shares one set of
locks per file within a process (closing it drops nothing of the writer's).
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import threading
import time
from pathlib import Path
from urllib.parse import quote as urlquote

DELAY_S = 0.2  # after a commit; a copy taken a second later holds it
RETRY_S = 0.5  # when a reader pinned part of the -wal


class Checkpointer:
    def __init__(self, path: Path, busy_timeout_ms: int) -> None:
        self.path = path
        self.done = 0  # checkpoints that copied everything (for tests and benchmarks)
        self._busy_timeout_ms = busy_timeout_ms
        self._due: float | None = None
        self._lock = threading.Lock()
        self._wake = threading.Event()
        self._idle = threading.Event()  # set when the file holds every commit
        self._closing = False
        self._thread = threading.Thread(target=self._run, name=f"annot checkpoint {path.name}", daemon=True)
        self._thread.start()

    def committed(self) -> None:
        """A transaction was committed: checkpoint in :data:`DELAY_S` (if not yet due)."""
        with self._lock:
            self._idle.clear()
            if self._due is not None:
                return  # already due: no need to wake the thread (each wake costs a GIL hand-off)
            self._due = time.monotonic() + DELAY_S
        self._wake.set()

    def wait(self, timeout: float) -> bool:
        """Wait until the project file alone holds every commit so far (True), at most
        ``timeout`` seconds."""
        return self._idle.wait(timeout)

    def close(self) -> None:
        """Stop the thread (its connection closed) before the writer closes its own."""
        self._closing = True
        self._wake.set()
        self._thread.join(timeout=10)

    def _next(self) -> bool:
        """Wait until a checkpoint is due; False when closing."""
        while not self._closing:
            with self._lock:
                due = self._due
            if due is None:
                self._wake.wait()
                self._wake.clear()
                continue
            wait = due - time.monotonic()
            if wait > 0:
                self._wake.wait(wait)
                self._wake.clear()
                continue
            with self._lock:
                self._due = None  # a commit from now on asks for another one
            return True
        return False

    def _run(self) -> None:
        try:
            uri = f"file:{urlquote(os.fsencode(self.path))}?mode=rw"  # never creates a file; bytes: any name
            conn = sqlite3.connect(uri, uri=True, isolation_level=None, check_same_thread=False)
        except sqlite3.Error:
            return
        try:
            conn.execute(f"PRAGMA busy_timeout = {self._busy_timeout_ms}")
            while self._next():
                with contextlib.suppress(sqlite3.Error):  # committed work is safe in the -wal anyway
                    _busy, log, copied = conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
                    if log == copied:
                        self.done += 1
                        with self._lock:
                            if self._due is None:
                                self._idle.set()
                    else:  # a reader still pins part of it: again in a moment
                        with self._lock:
                            if self._due is None:
                                self._due = time.monotonic() + RETRY_S
        finally:
            conn.close()
