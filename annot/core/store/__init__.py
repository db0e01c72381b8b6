"""The project file: the ONLY module that speaks SQL (beside the migrations).

A :class:`Store` is opened with :func:`open_store` (an existing project, checked and
migrated) or :func:`create_store` (a new file). Each user action runs inside one
:meth:`Store.atomic` block, i.e. one transaction. The file is checked read-only before
anything is written to it, so a foreign, damaged or newer file is never changed.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from urllib.parse import quote as urlquote

from annot.core import migrations
from annot.core.errors import (
    CorruptProject,
    NotAProject,
    ProjectError,
    ProjectExists,
    ProjectNotFound,
    ProjectReadOnly,
    ProjectTooNew,
)
from annot.core.store.annotations import AnnotationQueries
from annot.core.store.claims import ClaimQueries
from annot.core.store.links import LinkQueries
from annot.core.store.rows import (
    BUSY_TIMEOUT_MS,
    SQLITE_MAGIC,
    AnnotationRow,
    FullAnnotationRow,
    annotation_row,
    full_annotation_row,
    text_sha256,
)

__all__ = [
    "BUSY_TIMEOUT_MS",
    "SQLITE_MAGIC",
    "AnnotationRow",
    "FullAnnotationRow",
    "Store",
    "annotation_row",
    "create_store",
    "full_annotation_row",
    "inspect_file",
    "memory_store",
    "open_readonly",
    "open_store",
    "text_sha256",
]


class Store(ClaimQueries, LinkQueries, AnnotationQueries):
    """One open project file. Every SQL statement of annot is in this package
    (``base``, ``annotations``, ``links``, ``claims``) and the migrations."""


# ---------------------------------------------------------------------------------------
# Opening and creating


def _connect(uri: str, *, uri_mode: bool) -> sqlite3.Connection:
    conn = sqlite3.connect(uri, uri=uri_mode, isolation_level=None, check_same_thread=False)
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    return conn


def _readonly_uri(path: Path, header: bytes) -> str:
    uri = f"file:{urlquote(str(path.resolve()))}?mode=ro"
    if header[18] == 2 and not Path(f"{path}-wal").exists():
        # A WAL-mode file with nothing pending: even a read-only connection would leave
        # -wal and -shm files beside it, so read it as immutable (no locks, no side files).
        uri += "&immutable=1"
    return uri


def inspect_file(path: Path) -> int:
    """Check, without writing anything, that ``path`` is an annot project this version can
    open. Returns its schema version; raises a :class:`ProjectError` subclass otherwise."""
    if not path.exists():
        raise ProjectNotFound("does not exist: there is no project file there", path)
    if path.is_dir():
        raise NotAProject("is a folder, not an annot project file", path)
    try:
        with path.open("rb") as fh:
            header = fh.read(100)
    except OSError as exc:
        raise ProjectError(f"cannot be read ({exc.strerror})", path) from exc
    if not header:
        raise NotAProject("is empty, not an annot project", path)
    if not header.startswith(SQLITE_MAGIC):
        raise NotAProject("is not an annot project (it is not an SQLite database)", path)
    if len(header) < 100:
        raise CorruptProject("is truncated: the database header is incomplete", path)
    uri = _readonly_uri(path, header)
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
        problems = [r[0] for r in conn.execute("PRAGMA quick_check(5)").fetchall()]
        if problems != ["ok"]:
            raise CorruptProject(
                "is damaged and cannot be opened safely: " + "; ".join(problems), path
            )
        if version >= 1:
            _check_texts(conn, path)
    except sqlite3.DatabaseError as exc:
        raise CorruptProject(f"is damaged or truncated ({exc})", path) from exc
    finally:
        conn.close()
    return int(version)


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


def _backup(path: Path, target: Path) -> None:
    """Copy the project to ``target`` through SQLite, so that changes still in the -wal
    file (left by a crash) are in the copy too. An existing backup is kept, not replaced."""
    if target.exists():
        return
    src = _connect(f"file:{urlquote(str(path.resolve()))}?mode=ro", uri_mode=True)
    try:
        dst = sqlite3.connect(target)
        try:
            src.backup(dst)
            dst.execute("PRAGMA journal_mode = DELETE")  # one self-contained file
        finally:
            dst.close()
    except sqlite3.Error as exc:
        target.unlink(missing_ok=True)
        raise ProjectError(f"could not be backed up before upgrading ({exc})", path) from exc
    finally:
        src.close()


def open_store(path: str | Path) -> Store:
    """Open an existing project: check it read-only, then migrate it to the latest schema.

    Before an older project is migrated, a copy is kept beside it (``NAME.v1.bak``)."""
    path = Path(path)
    version = inspect_file(path)
    _check_writable(path)
    if 0 < version < migrations.LATEST_VERSION:
        _backup(path, path.with_name(f"{path.name}.v{version}.bak"))
    store = Store(path, _connect(str(path), uri_mode=False))
    try:
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
    return store


def create_store(path: str | Path, *, overwrite: bool = False) -> Store:
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
    if overwrite:
        for old in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):  # the old file's logs too
            old.unlink(missing_ok=True)
    conn: sqlite3.Connection | None = None
    try:
        conn = _connect(str(path), uri_mode=False)
        store = Store(path, conn)
        store.conn.execute(f"PRAGMA application_id = {migrations.APPLICATION_ID}")
        store._prepare()
        store._migrate(0)
    except sqlite3.Error as exc:
        if conn is not None:
            conn.close()
        for made in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
            made.unlink(missing_ok=True)
        raise ProjectError(f"cannot be created ({exc})", path) from exc
    return store


def open_readonly(path: str | Path) -> Store:
    """Open a project only to read it (a colleague's file to merge): checked like
    :func:`open_store`, never migrated nor written. A schema-1 file reads as if migrated
    (no reviewer, no source, no comments)."""
    path = Path(path)
    version = inspect_file(path)
    try:
        with path.open("rb") as fh:
            conn = _connect(_readonly_uri(path, fh.read(100)), uri_mode=True)
    except (OSError, sqlite3.Error) as exc:
        raise ProjectError(f"cannot be opened ({exc})", path) from exc
    store = Store(path, conn)
    store.readonly = True
    store._legacy = version < 2
    return store


def memory_store() -> Store:
    """A project that lives only in memory (tests, scratch work)."""
    store = Store(Path(":memory:"), _connect(":memory:", uri_mode=False))
    store.conn.execute(f"PRAGMA application_id = {migrations.APPLICATION_ID}")
    store._prepare()
    store._migrate(0)
    return store


