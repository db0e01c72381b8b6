"""Whole-file copies of a project through SQLite's backup API, written atomically.

Used for ``annot copy`` / File ▸ Save a copy for a colleague…, for the backup kept before
an older project is upgraded, and to read an older project through a migrated copy in
memory. The source is always read through an SQLite connection (never opened as a plain
file: in a process that holds the project, closing such a descriptor drops SQLite's locks).

A copy is written under a temporary name in the target's folder, synced, and renamed over
the target in one step, so a process killed half-way leaves either no copy or a whole one
(plus, at worst, a stray ``.NAME.tmp-…`` file that nothing ever reads).
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import stat
import tempfile
from collections.abc import Callable
from pathlib import Path

from annot.core.errors import ProjectError

BACKUP_PAGES = 1024  # pages per step of the backup (the copy of a big file stays responsive)
BackupProgress = Callable[[int, int, int], object]  # sqlite3 backup steps (status, remaining, total)


def _no_progress(status: int, remaining: int, total: int) -> None:
    """Called after each step of a backup (tests replace it to kill a copy half-way)."""


_progress: BackupProgress = _no_progress


def _fsync_folder(folder: Path) -> None:
    with contextlib.suppress(OSError):  # not every file system lets a folder be synced
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def write_copy(source: sqlite3.Connection, target: Path) -> None:
    """Copy the database of ``source`` (committed state, -wal included) to ``target`` as one
    self-contained file in rollback-journal mode, replacing ``target`` atomically."""
    target = Path(target)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.tmp-", dir=target.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        dst = sqlite3.connect(tmp, isolation_level=None)
        try:
            source.backup(dst, pages=BACKUP_PAGES, progress=lambda *a: _progress(*a))
            dst.execute("PRAGMA journal_mode = DELETE")  # one self-contained file
            dst.execute("PRAGMA synchronous = FULL")
        finally:
            dst.close()
        fd = os.open(tmp, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except BaseException:
        for made in (tmp, Path(f"{tmp}-journal"), Path(f"{tmp}-wal"), Path(f"{tmp}-shm")):
            made.unlink(missing_ok=True)
        raise
    _fsync_folder(target.parent)


def is_sound_copy(path: Path, version: int, application_id: int) -> bool:
    """Whether ``path`` is a whole project file of schema ``version`` (a backup to trust)."""
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro&immutable=1", uri=True)
    except sqlite3.Error:
        return False
    try:
        ok = conn.execute("PRAGMA quick_check(1)").fetchone()[0] == "ok"
        return bool(
            ok
            and conn.execute("PRAGMA application_id").fetchone()[0] == application_id
            and conn.execute("PRAGMA user_version").fetchone()[0] == version
        )
    except sqlite3.Error:
        return False
    finally:
        conn.close()


def backup_target(path: Path, version: int, application_id: int) -> Path | None:
    """Where to keep the pre-upgrade backup of ``path``: ``NAME.vN.bak``, or None when a
    sound backup of that schema is already there. A damaged ``.bak`` (e.g. from a copy that
    was killed by an older annot), or anything there that is not a file of its own (a link,
    a hard link to the project itself, a FIFO, a folder) is never trusted nor replaced: the
    next free name (``NAME.vN.2.bak``, …) gets a fresh one."""
    n = 1
    while True:
        candidate = path.with_name(f"{path.name}.v{version}.bak" if n == 1 else f"{path.name}.v{version}.{n}.bak")
        if not os.path.lexists(candidate):
            return candidate
        if _own_file(candidate, path) and is_sound_copy(candidate, version, application_id):
            return None
        n += 1


def _own_file(candidate: Path, project: Path) -> bool:
    """Whether ``candidate`` is a regular file of its own: not a symbolic link, FIFO or
    folder (opening a FIFO would wait for ever), not the project under another name."""
    try:
        if not stat.S_ISREG(os.lstat(candidate).st_mode):
            return False
        return not os.path.samefile(candidate, project)
    except OSError:
        return False


def backup_before_upgrade(source: sqlite3.Connection, path: Path, version: int, application_id: int) -> None:
    target = backup_target(path, version, application_id)
    if target is None:
        return
    try:
        write_copy(source, target)
    except (sqlite3.Error, OSError) as exc:
        raise ProjectError(f"could not be backed up before upgrading ({exc})", path) from exc


def memory_copy(source: sqlite3.Connection) -> sqlite3.Connection:
    """An in-memory database holding what ``source`` holds (to migrate without writing)."""
    memory = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
    source.backup(memory)
    return memory
