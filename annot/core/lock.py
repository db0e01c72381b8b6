"""The writer's lock on a project: ``NAME.annot.lock`` beside the file, held with flock().

SQLite's own locks are POSIX (fcntl) locks: they belong to the process and vanish when
*any* descriptor of the file is closed, by anyone in the process (a file dialog sniffing
the file's type is enough). This lock is a second, independent one that nothing else can
drop: an ``flock()`` on a lock file of its own, held by the process that writes the
project (the window, or a CLI command that changes it) until it closes the project, and
released by the kernel if that process dies.

- A writer that finds the lock held by a window refuses after a second's grace
  (":class:`ProjectLocked`: PROJECT is open in annot (pid N): close it, or merge a copy");
  a command finding another command there waits for it (up to :data:`COMMAND_WAIT_S`),
  a window does not (it says which command has the file).
- Several stores of one process on the same file share the lock (a reference count).
- Readers never take it and never create the lock file: :func:`held_elsewhere` only looks.
- The lock file is removed when its holder releases it; a file left by a killed process
  is harmless (it is no longer locked) and is taken over by the next writer.

Where ``fcntl`` does not exist (Windows), or the file system has no flock (some network
file systems), the lock is not taken; SQLite's own locks remain.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import stat
import time
from dataclasses import dataclass
from pathlib import Path

from annot.core.errors import ProjectLocked, ProjectReadOnly

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

_NO_FLOCK = {errno.ENOLCK, errno.EOPNOTSUPP, errno.ENOTSUP, errno.EINVAL}
WINDOW = "annot window"  # the holder a CLI writer never waits for
POLL_S = 0.05
BRIEF_WAIT_S = 1.0  # a reader probing the lock, a writer just releasing it
COMMAND_WAIT_S = 30.0  # another CLI command changing the file


def lock_path(project: Path) -> Path:
    """``NAME.annot.lock`` beside ``NAME.annot``."""
    return project.with_name(project.name + ".lock")


def _key(project: Path) -> str:
    return str(Path(os.path.abspath(project)).resolve())


@dataclass
class _Held:
    fd: int
    path: Path
    users: int = 1


_held: dict[str, _Held] = {}


def in_use_here(project: Path) -> bool:
    """Whether a store of this process has ``project`` open for writing (then nothing in
    this process may open the file itself: closing that descriptor would drop SQLite's
    locks)."""
    return _key(project) in _held or any(_same_inode(held, project) for held in _held)


def alias_of_open_project(project: Path) -> bool:
    """Whether ``project`` is another name (a hard link) of a project this process has open:
    SQLite cannot open it beside the open one (its -wal is under the other name)."""
    return _key(project) not in _held and any(_same_inode(held, project) for held in _held)


def _same_inode(held: str, path: Path | str) -> bool:
    """Whether ``path`` is the file ``held`` under another name (a hard link): POSIX locks
    belong to the inode, so such a name must never be opened here either. Only stat()s."""
    try:
        return os.path.samefile(held, path)
    except (OSError, ValueError):
        return False


def part_of_open_project(path: Path) -> bool:
    """Whether ``path`` is a project this process has open for writing, or one of its
    -wal/-shm/-journal/.lock companions: such a file must never be opened here outside
    SQLite (to import it as a document, say)."""
    try:
        key = _key(path)
    except OSError:
        return False
    return any(
        key == held
        or key in {held + s for s in _COMPANIONS}
        or any(_same_inode(held + s, path) for s in ("", *_COMPANIONS))
        for held in _held
    )


_COMPANIONS = ("-wal", "-shm", "-journal", ".lock")


_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | os.O_CLOEXEC


def _open_lock(path: Path, flags: int) -> int:
    """Open the lock file without following a symbolic link or waiting on a FIFO; an
    OSError (ELOOP, or :class:`_NotALockFile`) when it is not a regular file of its own."""
    fd = os.open(path, flags | _NOFOLLOW, 0o644)
    try:
        info = os.fstat(fd)
    except OSError:
        os.close(fd)
        raise
    if not stat.S_ISREG(info.st_mode) or info.st_nlink > 1:  # a hard link: someone's file
        os.close(fd)
        raise _NotALockFile(errno.EINVAL, "not a regular file", str(path))
    return fd


class _NotALockFile(OSError):
    """The lock file's name holds something else (a FIFO, a folder, a hard link)."""


def _read_holder(fd: int) -> tuple[int | None, str]:
    with contextlib.suppress(OSError, ValueError, TypeError):
        os.lseek(fd, 0, os.SEEK_SET)
        info = json.loads(os.read(fd, 4096).decode("utf-8"))
        return int(info["pid"]), str(info.get("program", "annot"))
    return None, "annot"


def held_elsewhere(project: Path) -> tuple[int | None, str] | None:
    """``(pid, program)`` when another process holds the writer's lock on ``project``,
    else None. Creates nothing (a reader must leave no file behind)."""
    if fcntl is None or in_use_here(project):
        return None
    try:
        fd = _open_lock(lock_path(project), os.O_RDONLY)
    except OSError:
        return None  # no lock file (or no file of annot's there): nobody holds it
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except BlockingIOError:
            return _read_holder(fd)
        except OSError:  # no flock on this file system: nobody can hold it
            return None
        fcntl.flock(fd, fcntl.LOCK_UN)
        return None
    finally:
        os.close(fd)


def _try_lock(path: Path) -> int | None:
    """The descriptor of ``path`` locked exclusively, or None when someone holds it."""
    assert fcntl is not None
    try:
        fd = _open_lock(path, os.O_RDWR | os.O_CREAT)
    except OSError as exc:
        if isinstance(exc, _NotALockFile) or exc.errno == errno.ELOOP:
            raise ProjectLocked(
                f"cannot be locked for writing: {path.name} beside it is not annot's lock file"
                " (a symbolic link, FIFO or folder); move it away and try again",
                path.with_name(path.name[: -len(".lock")]),
            ) from exc
        raise
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(fd)
        return None
    except OSError:
        os.close(fd)
        raise
    try:
        same = os.fstat(fd).st_ino == os.stat(path).st_ino
    except FileNotFoundError:
        same = False
    if not same:  # its holder removed it while we waited: try again on the new file
        os.close(fd)
        return None
    return fd


def acquire(project: Path, program: str = "annot") -> None:
    """Take the writer's lock on ``project`` for this process (again, if it has it)."""
    if fcntl is None:  # pragma: no cover - Windows
        return
    key = _key(project)
    if key in _held:
        _held[key].users += 1
        return
    path = lock_path(project)
    started = time.monotonic()
    unknown_since: float | None = None  # when the holder's record became unreadable
    while True:
        try:
            fd = _try_lock(path)
        except PermissionError as exc:
            raise ProjectReadOnly(
                f"is in a read-only folder ({path.parent}); annot needs to write beside it", project
            ) from exc
        except OSError as exc:
            if exc.errno == errno.EROFS:
                raise ProjectReadOnly(f"is on a read-only file system ({path.parent})", project) from exc
            if exc.errno in _NO_FLOCK:  # a network file system without flock: SQLite's locks only
                _held[key] = _Held(-1, path)
                return
            raise ProjectLocked(f"cannot be locked for writing ({exc.strerror})", project) from exc
        if fd is not None:
            break
        pid, holder = _holder_of(path)
        now = time.monotonic()
        if pid is None:
            # No readable record: the holder is releasing (its file already unlinked) or
            # has just taken the lock and not yet written it. Only an unknown holder that
            # stays so is refused, not one seen for an instant after a long, known wait.
            unknown_since = now if unknown_since is None else unknown_since
            if now - unknown_since >= BRIEF_WAIT_S:
                raise _refusal(project, pid, holder)
        else:
            unknown_since = None
            limit = BRIEF_WAIT_S if WINDOW in (holder, program) else COMMAND_WAIT_S
            if now - started >= limit:
                raise _refusal(project, pid, holder)
        time.sleep(POLL_S)
    record = json.dumps({"pid": os.getpid(), "program": program}).encode("utf-8")
    os.ftruncate(fd, 0)
    os.pwrite(fd, record, 0)
    _held[key] = _Held(fd, path)


def _holder_of(path: Path) -> tuple[int | None, str]:
    try:
        fd = _open_lock(path, os.O_RDONLY)
    except OSError:
        return None, "annot"
    try:
        return _read_holder(fd)
    finally:
        os.close(fd)


def _refusal(project: Path, pid: int | None, holder: str) -> ProjectLocked:
    who = f"pid {pid}" if pid is not None else "another process"
    if holder == WINDOW:
        return ProjectLocked(f"is open in annot ({who}): close it, or merge a copy", project, joined=True)
    return ProjectLocked(
        f"is being changed by {holder} ({who}): try again when it has finished", project, joined=True
    )


def release(project: Path) -> None:
    """Give back one use of the lock; the last one removes the lock file and unlocks."""
    if fcntl is None:  # pragma: no cover - Windows
        return
    key = _key(project)
    held = _held.get(key)
    if held is None:
        return
    held.users -= 1
    if held.users > 0:
        return
    del _held[key]
    if held.fd < 0:  # never locked (see acquire)
        return
    with contextlib.suppress(OSError):
        os.unlink(held.path)  # while still locked: a waiter then retries on a new file
    os.close(held.fd)
