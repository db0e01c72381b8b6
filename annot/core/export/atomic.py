"""Writing exports so that a reader never sees half a file, and nothing of the user's is lost.

A file is written to a temporary file beside the target and moved over it with
:func:`os.replace` (atomic on POSIX and Windows): :func:`atomic_text_file` is the one writer
every file export uses. It never writes onto the project file or its companions (journal,
lock, pre-upgrade backup), nor onto any other annot project or its companions, and never replaces a symbolic link, a FIFO or anything else that
is not a regular file. Folders (brat) are written by :mod:`annot.core.export.folder`, which
replaces only the files an earlier export wrote and the user left unchanged.
"""

from __future__ import annotations

import contextlib
import os
import re
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from annot.core.errors import Cancelled as Cancelled  # raised inside a writer when told to stop
from annot.core.errors import ExportProblem
from annot.core.progress import Progress as Progress  # the one progress type

# What belongs to a project NAME.annot beside it: SQLite's journals, a lock file, and the
# copies kept before an upgrade (NAME.annot.v1.bak, NAME.annot.v1.2.bak). None of them is ever an export target.
_COMPANION = re.compile(r"(-wal|-shm|-journal|[.-]lock|\.v\d+(\.\d+)?\.bak|\.bak)")


def refuse_project_file(project: Path, target: Path) -> None:
    """Raise :class:`ExportProblem` when ``target`` is the open project file or one of its
    companions (SQLite journal, lock, pre-upgrade backup): an export there would replace or
    corrupt the project, or the copy kept to restore it."""
    if str(project) == ":memory:":
        return
    base = Path(os.path.realpath(project))
    where = Path(os.path.realpath(target))
    if where == base:
        raise ExportProblem(
            "is the project file itself; exporting there would overwrite the project."
            " Choose another file name",
            target,
        )
    if where.parent != base.parent:
        return
    name, stem = where.name, base.name
    if (name.startswith(stem) and _COMPANION.fullmatch(name[len(stem) :])) or name == f".{stem}.lock":
        raise ExportProblem(
            f"belongs to the project file itself, {base.name} (its journal, lock or pre-upgrade"
            " backup); exporting there could destroy the project or its backup."
            " Choose another file name",
            target,
        )


_BESIDE = re.compile(r"(?P<base>.+?)(?:-wal|-shm|-journal|\.lock|\.v\d+(?:\.\d+)?\.bak)")


def refuse_other_project(target: Path) -> None:
    """Raise :class:`ExportProblem` when ``target`` is an annot project (any, open or not,
    here or in another window) or a companion of one beside it (its -wal, -shm, journal,
    lock or pre-upgrade backup): an export must never replace someone's project."""
    from annot.core import lock

    if lock.part_of_open_project(target):  # open in this process: never read it here
        raise ExportProblem("is a project open in annot (or part of it); choose another file name", target)
    owner = project_owning(target)
    if owner is not None:
        raise ExportProblem(
            f"belongs to the annot project {owner.name} beside it (its journal, lock or"
            " pre-upgrade backup); exporting there could destroy it. Choose another file name",
            target,
        )
    if _is_project(target):
        raise ExportProblem(
            "is an annot project; exporting there would replace it and all its work."
            " Choose another file name",
            target,
        )


def project_owning(target: Path) -> Path | None:
    """The annot project beside ``target`` whose journal, lock or pre-upgrade backup
    ``target`` is (``NAME.annot-wal``, ``NAME.annot.v2.bak``, …), or None."""
    found = _BESIDE.fullmatch(target.name)
    if found is None:
        return None
    base = target.parent / found["base"]
    return base if base.is_file() and _is_project(base) else None


def _is_project(path: Path) -> bool:
    """Whether ``path`` is a regular file with an annot project's SQLite header (read only
    when no store of this process has it open: see :mod:`annot.core.lock`)."""
    from annot.core import lock
    from annot.core.migrations import APPLICATION_ID

    if lock.in_use_here(path):
        return True
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):
            return False
        with open(path, "rb") as fh:
            header = fh.read(100)
    except OSError:
        return False
    return (
        len(header) == 100
        and header.startswith(b"SQLite format 3\x00")
        and int.from_bytes(header[68:72], "big") == APPLICATION_ID
    )


def refuse_special(target: Path) -> None:
    """Raise :class:`ExportProblem` when ``target`` exists and is not a regular file: a
    symbolic link, a FIFO, a device, a socket or a folder is never replaced by an export."""
    try:
        mode = os.lstat(target).st_mode
    except FileNotFoundError:
        return
    except OSError as exc:
        raise ExportProblem(f"cannot be checked ({exc.strerror or exc})", target) from exc
    if stat.S_ISLNK(mode):
        raise ExportProblem(
            "is a symbolic link; annot does not write through links or replace them."
            " Give the real file name, or another name",
            target,
        )
    if stat.S_ISDIR(mode):
        raise ExportProblem("is a folder; give a file name for the export", target)
    if not stat.S_ISREG(mode):
        raise ExportProblem(
            "exists and is not a regular file (a FIFO, device or socket); annot will not"
            " write there. Choose another file name",
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
def atomic_text_file(
    target: Path, *, project: Path | None = None, encoding: str = "utf-8"
) -> Iterator[IO[str]]:
    """Open a temporary text file (no newline translation) that replaces ``target`` when the
    block ends normally; on any exception it is removed and ``target`` untouched.

    This is the one way annot writes an export file. Refused (:class:`ExportProblem`, before
    anything is written): the ``project`` file and its companions, a symbolic link, a FIFO
    or any other existing file that is not a regular file, a folder."""
    target = Path(target)
    if project is not None:
        refuse_project_file(project, target)
    refuse_other_project(target)
    _parent_ok(target)
    refuse_special(target)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except OSError as exc:
        raise ExportProblem(f"cannot be written ({exc.strerror})", target) from exc
    try:
        with os.fdopen(fd, "w", encoding=encoding, newline="") as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, file_mode(target))
        refuse_special(target)  # replaced by a link or FIFO while we wrote?
        os.replace(tmp, target)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if isinstance(exc, UnicodeEncodeError):
            raise ExportProblem(f"cannot be written as {encoding} ({exc.reason})", target) from exc
        if isinstance(exc, OSError):
            raise ExportProblem(f"cannot be written ({exc.strerror or exc})", target) from exc
        raise


@dataclass
class ExportSummary:
    """What an export wrote."""

    path: Path
    documents: int = 0
    annotations: int = 0
    links: int = 0
    skipped_links: int = 0  # links the format cannot express (brat: across documents)
    kept: list[str] = field(default_factory=list)  # files of an earlier export, edited: left as they are
    cancelled: bool = False
