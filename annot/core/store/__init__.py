"""The project file: the ONLY module that speaks SQL (beside the migrations).

A :class:`Store` is opened with :func:`open_store` (an existing project, checked and
migrated) or :func:`create_store` (a new file). Each user action runs inside one
:meth:`Store.atomic` block, i.e. one transaction. The file is checked read-only before
anything is written to it, so a foreign, damaged or newer file is never changed.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from urllib.parse import quote as urlquote

from annot.core import lock, migrations
from annot.core.errors import (
    CorruptProject,
    NotAProject,
    ProjectError,
    ProjectExists,
    ProjectNotFound,
    ProjectReadOnly,
    ProjectTooNew,
)
from annot.core.export.atomic import project_owning
from annot.core.store import copies
from annot.core.store.actors import ActorQueries
from annot.core.store.annotations import AnnotationQueries
from annot.core.store.claims import ClaimQueries
from annot.core.store.links import LinkQueries
from annot.core.store.origin import OriginQueries
from annot.core.store.rows import (
    BUSY_TIMEOUT_MS,
    SQLITE_MAGIC,
    AnnotationRow,
    FullAnnotationRow,
    annotation_row,
    full_annotation_row,
    text_sha256,
)
from annot.core.store.table import TableQueries
from annot.core.store.undolog import UndoLogQueries
from annot.core.store.values import DateValueQueries

__all__ = [
    "BUSY_TIMEOUT_MS",
    "SQLITE_MAGIC",
    "AnnotationRow",
    "FullAnnotationRow",
    "Store",
    "StructureCheck",
    "annotation_row",
    "create_store",
    "full_annotation_row",
    "inspect_file",
    "memory_store",
    "open_reader",
    "open_readonly",
    "open_store",
    "readonly_uri",
    "recovered_copy",
    "text_sha256",
    "write_copy",
]


class Store(
    ActorQueries, DateValueQueries, OriginQueries, ClaimQueries, TableQueries, LinkQueries,
    AnnotationQueries, UndoLogQueries,
):
    """One open project file. Every SQL statement of annot is in this package
    (``base``, ``annotations``, ``links``, ``table``, ``claims``, ``origin``, ``undolog``) and
    the migrations."""


# ---------------------------------------------------------------------------------------
# Opening and creating


def _connect(uri: str, *, uri_mode: bool) -> sqlite3.Connection:
    conn = sqlite3.connect(uri, uri=uri_mode, isolation_level=None, check_same_thread=False)
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    return conn


def _readonly_uri(path: Path, header: bytes | None) -> str:
    """How a reader opens ``path`` without writing anything.

    - Another process holds it for writing (see :mod:`annot.core.lock`), or this process
      has it open, or a -wal is pending: ``mode=ro``, a reader among writers (it uses
      their -wal/-shm and takes SQLite's shared locks).
    - A file at rest in rollback-journal mode (how annot leaves it on close): ``mode=ro``
      too; a reader of such a file makes no side file.
    - A file at rest in WAL mode (older annot): a read-only connection would leave -wal and
      -shm beside it, so it is read as immutable (no locks, no side files)."""
    uri = f"file:{urlquote(os.fsencode(path.resolve()))}?mode=ro"  # bytes: any file name
    if header is None or Path(f"{path}-wal").exists() or lock.held_elsewhere(path) is not None:
        return uri
    if len(header) > 18 and header[18] == 2:
        uri += "&immutable=1"
    return uri


def readonly_uri(path: Path) -> str:
    """The URI a reader (``annot check``) opens ``path`` with (see :func:`_readonly_uri`)."""
    return _readonly_uri(path, _read_header(path))


def _orphan_wal(path: Path) -> bool:
    """Whether ``path`` has a -wal that no live connection uses: its writer died (or a
    sync tool carried NAME.annot-wal without the -shm). Every live WAL connection keeps the
    -shm, so a -wal without one is nobody's."""
    return (
        not lock.in_use_here(path)  # this process has it open: never copied then
        and Path(f"{path}-wal").exists()
        and not Path(f"{path}-shm").exists()
        and lock.held_elsewhere(path) is None
    )


@contextmanager
def recovered_copy(path: Path) -> Iterator[Path | None]:
    """For a reader of a file with an orphaned -wal (see :func:`_orphan_wal`): a private
    copy of the file and its -wal to read instead, deleted afterwards (None when the file
    itself can be read). Read in place, SQLite would rebuild a -shm beside the file."""
    if not _orphan_wal(path):
        yield None
        return
    with tempfile.TemporaryDirectory(prefix="annot-read-") as folder:
        copy = Path(folder) / "project.annot"
        try:
            shutil.copyfile(path, copy)  # no connection of this process is on the file
            shutil.copyfile(f"{path}-wal", f"{copy}-wal")
        except OSError as exc:
            raise ProjectError(f"cannot be read ({exc.strerror})", path) from exc
        yield copy


@contextmanager
def _reader_uri(path: Path, header: bytes | None) -> Iterator[tuple[str, bool]]:
    """The URI a reader opens (the file itself, or its recovered copy), and whether it is
    the copy (then gone when this block ends: read it into memory within it)."""
    with recovered_copy(path) as copy:
        if copy is None:
            yield _readonly_uri(path, header), False
        else:
            yield f"file:{urlquote(os.fsencode(copy))}?mode=rw", True


def _read_header(path: Path) -> bytes | None:
    """The first 100 bytes of ``path``, or None when a store of this process has the file
    open: then it must not be opened outside SQLite (closing that descriptor would drop
    the store's SQLite locks), and it is known to be a project anyway."""
    if lock.in_use_here(path):
        return None
    try:
        with path.open("rb") as fh:  # no SQLite connection of this process is on this file
            return fh.read(100)
    except OSError as exc:
        raise ProjectError(f"cannot be read ({exc.strerror})", path) from exc


def inspect_file(path: Path, *, texts: bool = True, structure: bool = True) -> int:
    """Check, without writing anything, that ``path`` is an annot project this version can
    open. Returns its schema version; raises a :class:`ProjectError` subclass otherwise.

    ``texts``: also compare every document's text with its checksum (reads every text: the
    app's open skips it and checks in the background, :meth:`Store.text_damaged`).
    ``structure``: run SQLite's ``quick_check`` (reads every page: 0.4–1 s at 150 MB; the
    window runs it after its first paint, :class:`StructureCheck`). Skipped only when the
    file is at the latest schema: a file about to be migrated is always checked first, so
    that nothing is ever written into a damaged file."""
    if not path.exists():
        raise ProjectNotFound("does not exist: there is no project file there", path)
    if path.is_dir():
        raise NotAProject("is a folder, not an annot project file", path)
    try:
        regular = stat.S_ISREG(path.stat().st_mode)
    except OSError as exc:
        raise ProjectError(f"cannot be read ({exc.strerror})", path) from exc
    if not regular:  # reading a FIFO's header would wait for a writer for ever
        raise NotAProject("is not a regular file (a FIFO, device or socket), not an annot project", path)
    if lock.alias_of_open_project(path):
        raise ProjectExists("is the project open in annot, under another name (a hard link)", path)
    header = _read_header(path)
    if header is not None:
        if not header:
            raise NotAProject("is empty, not an annot project", path)
        if not header.startswith(SQLITE_MAGIC):
            raise NotAProject("is not an annot project (it is not an SQLite database)", path)
        if len(header) < 100:
            raise CorruptProject("is truncated: the database header is incomplete", path)
    with _reader_uri(path, header) as (uri, _copy):
        return _inspect(path, uri, texts=texts, structure=structure)


def _inspect(path: Path, uri: str, *, texts: bool, structure: bool) -> int:
    try:
        conn = _connect(uri, uri_mode=True)
    except sqlite3.Error as exc:
        raise ProjectError(f"cannot be opened ({exc})", path) from exc
    try:
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if app_id != migrations.APPLICATION_ID:
            raise NotAProject(
                "is an SQLite database of another program, not an annot project", path
            )
        if version > migrations.LATEST_VERSION:
            raise ProjectTooNew(
                f"was written by a newer version of annot (schema {version}; this version "
                f"knows up to {migrations.LATEST_VERSION}). Update annot to open it.",
                path,
            )
        problems = _quick_check(conn) if structure or version < migrations.LATEST_VERSION else []
        if problems:
            raise CorruptProject(
                "is damaged and cannot be opened safely: " + "; ".join(problems), path
            )
        if version >= 1 and texts:
            _check_texts(conn, path)
    except sqlite3.DatabaseError as exc:
        raise CorruptProject(f"is damaged or truncated ({exc})", path) from exc
    finally:
        conn.close()
    return int(version)


def _quick_check(conn: sqlite3.Connection) -> list[str]:
    """SQLite's structural check (pages, b-trees, freelist): its problems, [] when sound."""
    problems = [str(r[0]) for r in conn.execute("PRAGMA quick_check(5)").fetchall()]
    return [] if problems == ["ok"] else problems


def _check_texts(conn: sqlite3.Connection, path: Path) -> None:
    """Damage inside a document's text passes SQLite's structural checks but would shift
    every quote: compare each text with its stored SHA-256 (cheap: ~1 ms per 10 MB)."""
    for doc_id, sha, text in conn.execute("SELECT id, sha256, text FROM documents"):
        if not isinstance(text, str) or text_sha256(text) != sha:
            raise CorruptProject(
                f"is damaged: the text of document {doc_id} no longer matches its checksum",
                path,
            )


def _check_writable(path: Path) -> None:
    if not os.access(path, os.W_OK):
        raise ProjectReadOnly("is read-only; annot saves every action and needs to write it", path)
    if not os.access(path.parent, os.W_OK):
        raise ProjectReadOnly(
            f"is in a read-only folder ({path.parent}); annot needs to write beside it", path
        )


def open_store(path: str | Path, *, program: str = "annot", check_later: bool = False) -> Store:
    """Open an existing project to change it: check it read-only, take the writer's lock
    (:mod:`annot.core.lock`; ``program`` names the holder to other processes), then
    migrate it to the latest schema.

    ``check_later``: the caller runs SQLite's ``quick_check`` itself after opening
    (:class:`StructureCheck`, the window after its first paint) and calls
    :meth:`Store.stop_writing` if it finds damage; a file that needs a migration is still
    checked here first. :attr:`Store.structure_checked` says whether it was.

    Before an older project is migrated, a copy is kept beside it (``NAME.v1.bak``),
    written atomically."""
    path = Path(path)
    version = inspect_file(path, texts=False, structure=not check_later)  # only what must be
    checked = not check_later or version < migrations.LATEST_VERSION
    _check_writable(path)
    lock.acquire(path, program)
    try:
        store = Store(path, _connect(str(path), uri_mode=False))
    except sqlite3.Error as exc:
        lock.release(path)
        raise ProjectError(f"cannot be opened ({exc})", path) from exc
    store._locked = True
    store.structure_checked = checked
    try:
        version = store.schema_version  # read again under the lock
        if 0 < version < migrations.LATEST_VERSION:
            copies.backup_before_upgrade(store.conn, path, version, migrations.APPLICATION_ID)
        store._prepare()
        store._migrate(version)
    except sqlite3.DatabaseError as exc:
        store.close()
        reason = str(exc)
        if "readonly" in reason:  # e.g. a read-only mount that os.access() did not reveal
            raise ProjectReadOnly(f"cannot be written ({reason})", path) from exc
        if "locked" in reason or "busy" in reason:
            raise ProjectError(f"is in use by another program ({reason}); try again", path) from exc
        raise CorruptProject(f"could not be upgraded ({reason})", path) from exc
    except BaseException:
        store.close()
        raise
    return store


def create_store(path: str | Path, *, overwrite: bool = False, program: str = "annot") -> Store:
    """Create a new, empty project file (schema at the latest version, no codebook)."""
    path = Path(path)
    if path.exists() and not overwrite:
        raise ProjectExists("already exists; choose another name or open it", path)
    if not path.parent.exists():
        raise ProjectError(f"cannot be created: the folder {path.parent} does not exist", path)
    if path.is_dir():
        raise ProjectExists("is a folder; choose a file name for the project", path)
    if not os.access(path.parent, os.W_OK):
        raise ProjectReadOnly(f"cannot be created: the folder {path.parent} is read-only", path)
    lock.acquire(path, program)
    if overwrite:
        for old in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):  # the old file's logs too
            old.unlink(missing_ok=True)
    conn: sqlite3.Connection | None = None
    try:
        conn = _connect(str(path), uri_mode=False)
        store = Store(path, conn)
        store._locked = True
        store.conn.execute(f"PRAGMA application_id = {migrations.APPLICATION_ID}")
        store._prepare()
        store._migrate(0)
    except sqlite3.Error as exc:
        if conn is not None:
            conn.close()
        for made in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
            made.unlink(missing_ok=True)
        lock.release(path)
        raise ProjectError(f"cannot be created ({exc})", path) from exc
    return store


def open_readonly(path: str | Path) -> Store:
    """Open a project only to read it (``annot export``, ``info``, ``agreement``, a
    colleague's file to merge): checked like :func:`open_store`, never written, no side
    file left. An older schema is read through a copy migrated in memory; so is a file
    whose writer died with work still in its -wal (see :func:`_reader_uri`), and a file at
    rest in WAL mode (see :func:`_reader_connection`)."""
    path = Path(path)
    version = inspect_file(path)
    for attempt in range(3):
        conn = _reader_connection(path, version, last=attempt == 2)
        if conn is not None:
            break
    assert conn is not None
    if version < migrations.LATEST_VERSION:
        store = Store(path, conn)
        store.readonly = True  # the migrated copy lives in memory; the file is never written
        store.conn.execute("PRAGMA foreign_keys = ON")
        try:
            store._migrate(version)
        except sqlite3.DatabaseError as exc:
            store.conn.close()
            raise CorruptProject(f"could not be read as an upgraded copy ({exc})", path) from exc
    else:
        store = Store(path, conn)
    store.readonly = True
    return store


def _reader_connection(path: Path, version: int, *, last: bool) -> sqlite3.Connection | None:
    """The connection a reader uses. A file at rest in WAL mode is read as immutable (a
    normal read-only connection would leave -wal/-shm beside it), i.e. without locks: it
    is copied into memory at once, and if the file changed meanwhile (a window opened it
    and saved) None says to try again, when that window's -wal makes a normal reader of it."""
    header = _read_header(path)
    with _reader_uri(path, header) as (uri, orphan):
        before = _file_state(path)
        try:
            conn = _connect(uri, uri_mode=True)
        except (OSError, sqlite3.Error) as exc:
            raise ProjectError(f"cannot be opened ({exc})", path) from exc
        immutable = uri.endswith("&immutable=1")
        if not (orphan or immutable or version < migrations.LATEST_VERSION):
            return conn
        try:
            memory = copies.memory_copy(conn)
        except sqlite3.DatabaseError as exc:
            if immutable and not last and _file_state(path) != before:
                return None
            raise CorruptProject(f"is damaged and cannot be read ({exc})", path) from exc
        finally:
            conn.close()
    if immutable and not last and _file_state(path) != before:
        memory.close()
        return None
    return memory


def _file_state(path: Path) -> tuple[int, int, int, bool]:
    """What changes when a writer touches ``path`` (stat only: the file is not opened)."""
    try:
        st = os.stat(path)
    except OSError:
        return (0, 0, 0, False)
    return (st.st_ino, st.st_size, st.st_mtime_ns, Path(f"{path}-wal").exists())


def open_reader(store: Store) -> Store | None:
    """A second, read-only connection to ``store``'s file, for reads in another thread
    (it sees what ``store`` has committed); None for a project in memory."""
    if str(store.path) == ":memory:":
        return None
    conn = _connect(f"file:{urlquote(os.fsencode(store.path.resolve()))}?mode=ro", uri_mode=True)
    reader = Store(store.path, conn)
    reader.readonly = True
    reader._legacy = store._legacy
    return reader


def write_copy(store: Store, target: str | Path, *, replace: bool = False) -> None:
    """``annot copy`` / Save a copy for a colleague: the project as one self-contained file
    at ``target`` (through SQLite's backup API, written atomically). Refuses the project's
    own file and its companions, a project open in annot, and an existing file unless
    ``replace`` (the window's save dialog has asked)."""
    target = Path(target)
    source = Path(os.path.abspath(store.path))
    own = {source.resolve(), *(Path(f"{source}{s}").resolve() for s in ("-wal", "-shm", "-journal"))}
    own.add(lock.lock_path(source).resolve())
    if Path(os.path.abspath(target)).resolve() in own:
        raise ProjectExists("is the project itself: choose another name for the copy", target)
    if lock.in_use_here(target) or lock.held_elsewhere(target) is not None:
        raise ProjectExists("is a project open in annot: choose another name for the copy", target)
    owner = project_owning(target)
    if owner is not None:  # even when asked to replace: that project's last work or backup
        raise ProjectExists(
            f"belongs to the annot project {owner.name} beside it (its journal, lock or"
            " pre-upgrade backup): choose another name for the copy",
            target,
        )
    if target.is_dir():
        raise ProjectExists("is a folder; choose a file name for the copy", target)
    if not target.parent.is_dir():
        raise ProjectError(f"cannot be written: the folder {target.parent} does not exist", target)
    if target.exists() and not replace:
        raise ProjectExists("already exists; choose another name for the copy", target)
    try:
        copies.write_copy(store.conn, target)
    except (sqlite3.Error, OSError) as exc:
        raise ProjectError(f"could not be written ({exc})", target) from exc


def memory_store() -> Store:
    """A project that lives only in memory (tests, scratch work)."""
    store = Store(Path(":memory:"), _connect(":memory:", uri_mode=False))
    store.conn.execute(f"PRAGMA application_id = {migrations.APPLICATION_ID}")
    store._prepare()
    store._migrate(0)
    return store


class StructureCheck:
    """SQLite's ``quick_check`` of an open project on a second, read-only connection of its
    own, short-lived, for a worker thread: the window opens with ``check_later`` and runs
    this after its first paint. :meth:`interrupt` stops it from any thread."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._reader: Store | None = None
        self._stopped = False

    def run(self) -> list[str]:
        """What SQLite reports as damaged ([] when the file is sound, or when interrupted)."""
        if self._stopped:
            return []
        try:
            reader = open_reader(self.store)
        except sqlite3.Error as exc:
            return [f"it cannot be read ({exc})"]
        if reader is None:
            return []
        self._reader = reader
        try:
            return [] if self._stopped else _quick_check(reader.conn)
        except sqlite3.DatabaseError as exc:
            return [] if self._stopped else [str(exc)]
        finally:
            self._reader = None
            reader.close()

    def interrupt(self) -> None:
        self._stopped = True
        reader = self._reader
        if reader is not None:
            with suppress(Exception):  # it may have just finished and closed
                reader.conn.interrupt()
