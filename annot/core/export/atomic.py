"""Writing exports so that a reader never sees half a file or half a folder.

A file is written to a temporary file beside the target and moved over it with
:func:`os.replace` (atomic on POSIX and Windows). A folder is filled under a temporary name
beside the target and renamed into place; an existing target folder is replaced only when
``replaceable`` says it holds an earlier export (a folder of the user's is never clobbered).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from annot.core.errors import ExportProblem

Progress = Callable[[int, int], bool]  # (done, total) -> keep going?


class Cancelled(Exception):
    """Raised inside a writer when ``progress`` returned False; nothing is left behind."""


PROJECT_COMPANIONS = ("", "-wal", "-shm", "-journal")


def refuse_project_file(project: Path, target: Path) -> None:
    """Raise :class:`ExportProblem` when ``target`` is the open project file (or its SQLite
    companion files): writing an export there would replace the project and lose it."""
    if str(project) == ":memory:":
        return
    base = os.path.realpath(project)
    if os.path.realpath(target) in {base + suffix for suffix in PROJECT_COMPANIONS}:
        raise ExportProblem(
            "is the project file itself; exporting there would overwrite the project."
            " Choose another file name",
            target,
        )


def _parent_ok(target: Path) -> None:
    if not target.parent.is_dir():
        raise ExportProblem(f"cannot be written: the folder {target.parent} does not exist", target)


def file_mode(target: Path) -> int:
    """The mode the written file should have: the replaced file's, else what an ordinary new
    file gets under the umask (mkstemp alone would leave a private 0600 file)."""
    try:
        return target.stat().st_mode & 0o777
    except OSError:
        mask = os.umask(0o022)
        os.umask(mask)
        return 0o666 & ~mask


@contextmanager
def atomic_text_file(target: Path) -> Iterator[IO[str]]:
    """Open a temporary UTF-8 text file (no newline translation) that replaces ``target``
    when the block ends normally; on any exception it is removed and ``target`` untouched."""
    _parent_ok(target)
    if target.is_dir():
        raise ExportProblem("is a folder; give a file name", target)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except OSError as exc:
        raise ExportProblem(f"cannot be written ({exc.strerror})", target) from exc
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, file_mode(target))
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


@contextmanager
def atomic_folder(target: Path, replaceable: Callable[[Path], bool]) -> Iterator[Path]:
    """Yield a fresh temporary folder beside ``target``; when the block ends normally it
    becomes ``target``. An existing ``target`` must be empty or ``replaceable``."""
    if not target.parent.is_dir():
        raise ExportProblem(f"cannot be written: the folder {target.parent} does not exist", target)
    if target.exists() and not target.is_dir():
        raise ExportProblem("exists and is a file, not a folder", target)
    if target.is_dir() and any(target.iterdir()) and not replaceable(target):
        raise ExportProblem(
            "is a folder that is not empty and does not hold an earlier annot export;"
            " choose an empty or new folder",
            target,
        )
    tag = uuid.uuid4().hex[:8]
    tmp = target.with_name(f".{target.name}.{tag}.tmp")
    try:
        tmp.mkdir()
    except OSError as exc:
        raise ExportProblem(f"cannot be written ({exc.strerror})", target) from exc
    try:
        yield tmp
        old = target.with_name(f".{target.name}.{tag}.old")
        if target.exists():
            os.rename(target, old)
        try:
            os.rename(tmp, target)
        except OSError:
            if old.exists():
                os.rename(old, target)
            raise
        shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


@dataclass
class ExportSummary:
    """What an export wrote."""

    path: Path
    documents: int = 0
    annotations: int = 0
    links: int = 0
    skipped_links: int = 0  # links the format cannot express (brat: across documents)
    cancelled: bool = False
