"""The SQL of ``annot check`` (:mod:`annot.core.check`): raw reads of a project file that
never fail on bad rows (every text comes back as bytes, to be judged by the caller), and
the translation of a database error met while reading into a message for a person."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from annot.core.errors import AnnotError, CorruptProject, ProjectError
from annot.core.store.rows import BUSY_TIMEOUT_MS

_UNDECODABLE = re.compile(r"Could not decode to UTF-8 column '([^']*)'")


def database_problem(exc: BaseException, path: Path) -> AnnotError | None:
    """A person's account of a database error met while reading ``path`` (None when
    ``exc`` is not one): text that is not UTF-8, damage, or a busy file."""
    if not isinstance(exc, sqlite3.DatabaseError):
        return None
    reason = str(exc)
    found = _UNDECODABLE.search(reason)
    if found:
        return CorruptProject(
            f"holds text that is not valid UTF-8 (in a {found[1]!r} column) and cannot be"
            f" read; run 'annot check {path}' to list the damaged rows",
            path,
        )
    if isinstance(exc, sqlite3.IntegrityError):  # not damage: a rule the write broke
        return ProjectError(f"could not be saved: {reason}; nothing was written", path)
    if "locked" in reason or "busy" in reason:
        return ProjectError(f"is in use by another program ({reason}); try again", path)
    return CorruptProject(
        f"is damaged and cannot be read ({reason}); run 'annot check {path}' for details", path
    )


def connect(path: Path) -> sqlite3.Connection:
    """A read-only connection that writes nothing beside the file: as every reader's
    (:func:`annot.core.store.readonly_uri`), it holds SQLite's shared lock while it reads,
    so that a window starting to save meanwhile waits instead of changing pages under it."""
    from annot.core.store import readonly_uri

    conn = sqlite3.connect(readonly_uri(path), uri=True, isolation_level=None)
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    return conn


def header(conn: sqlite3.Connection) -> tuple[int, int]:
    """(application_id, user_version)."""
    app = conn.execute("PRAGMA application_id").fetchone()[0]
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    return int(app), int(version)


def integrity(conn: sqlite3.Connection, limit: int = 100) -> list[str]:
    return [str(r[0]) for r in conn.execute(f"PRAGMA integrity_check({int(limit)})")]


def foreign_keys(conn: sqlite3.Connection) -> list[tuple[str, int, str]]:
    """(table, rowid, parent table) of every row whose reference points nowhere."""
    return [(str(r[0]), int(r[1] or 0), str(r[2])) for r in conn.execute("PRAGMA foreign_key_check")]


def text_columns(conn: sqlite3.Connection) -> list[tuple[str, str, bool]]:
    """(table, column, has an ``id`` column) for every column declared TEXT."""
    out: list[tuple[str, str, bool]] = []
    tables = [
        str(r[0])
        for r in conn.execute(
            "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            " AND sql NOT LIKE '%WITHOUT ROWID%' ORDER BY name"
        )
    ]
    for table in tables:
        columns = conn.execute(f'PRAGMA table_info("{table}")').fetchall()
        has_id = any(c[1] == "id" for c in columns)
        out.extend((table, str(c[1]), has_id) for c in columns if "TEXT" in str(c[2]).upper())
    return out


def column_values(
    conn: sqlite3.Connection, table: str, column: str, has_id: bool
) -> Iterator[tuple[bytes, str, bytes]]:
    """(row key, SQLite type, value as bytes) of every text or blob in ``table.column``;
    the key is the row's ``id`` (as bytes) or its rowid."""
    key = "CAST(id AS BLOB)" if has_id else "CAST(rowid AS BLOB)"
    yield from conn.execute(
        f'SELECT {key}, typeof("{column}"), CAST("{column}" AS BLOB) FROM "{table}"'
        f' WHERE typeof("{column}") IN (\'text\', \'blob\')'
    )


def documents(conn: sqlite3.Connection) -> Iterator[tuple[int, bytes, bytes, object]]:
    """(id, sha256, text, length) of every document, texts as bytes."""
    yield from conn.execute(
        "SELECT id, CAST(sha256 AS BLOB), CAST(text AS BLOB), length FROM documents ORDER BY id"
    )


def document_text(conn: sqlite3.Connection, doc_id: int) -> bytes | None:
    row = conn.execute("SELECT CAST(text AS BLOB) FROM documents WHERE id = ?", (doc_id,)).fetchone()
    return None if row is None else bytes(row[0])


def annotation_rows(conn: sqlite3.Connection) -> Iterator[tuple[bytes, object, object, object, bytes, bytes]]:
    """(id, document_id, span_start, span_end, quote, status) in document order."""
    yield from conn.execute(
        "SELECT CAST(id AS BLOB), document_id, span_start, span_end, CAST(quote AS BLOB),"
        " CAST(status AS BLOB) FROM annotations ORDER BY document_id, span_start"
    )


def link_rows(conn: sqlite3.Connection) -> Iterator[tuple[Any, ...]]:
    """(id, kind, source id, target id, source document, target document, source role,
    target role) of every link; the ends' columns are NULL when that end is missing."""
    yield from conn.execute(
        "SELECT CAST(l.id AS BLOB), CAST(l.kind AS BLOB), CAST(l.source_id AS BLOB),"
        " CAST(l.target_id AS BLOB), s.document_id, t.document_id, CAST(st.role AS BLOB),"
        " CAST(tt.role AS BLOB), s.id IS NOT NULL, t.id IS NOT NULL"
        " FROM links l LEFT JOIN annotations s ON s.id = l.source_id"
        " LEFT JOIN annotations t ON t.id = l.target_id"
        " LEFT JOIN tags st ON st.id = s.tag_id LEFT JOIN tags tt ON tt.id = t.tag_id"
        " ORDER BY l.id"
    )
