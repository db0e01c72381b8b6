"""The Store's connection, transactions, metadata, documents, codebook and annotators."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Self

from annot.core import lock, migrations
from annot.core.errors import (
    CorruptProject,
    NotFound,
    ProjectError,
    ProjectReadOnly,
)
from annot.core.model import (
    Annotator,
    AnnotatorId,
    Document,
    DocumentId,
    DocumentInfo,
    Tag,
    TagId,
)
from annot.core.store.checkpointer import Checkpointer
from annot.core.store.rows import (
    _ANNOTATION_COLUMNS,
    _ANNOTATION_LEGACY_COLUMNS,
    _DOCINFO_COLUMNS,
    _TAG_COLUMNS,
    BUSY_TIMEOUT_MS,
    _docinfo,
    _tag,
    text_sha256,
)

if TYPE_CHECKING:  # imported lazily: sqlite_utils (with numpy) costs ~100 ms at start-up
    import sqlite_utils


class StoreBase:
    """One open project file: connection, transactions and the small tables."""

    def __init__(self, path: Path, conn: sqlite3.Connection) -> None:
        self.path = path
        self.conn = conn
        self._db: sqlite_utils.Database | None = None
        self._texts: dict[int, str] = {}
        self.readonly = False
        self._locked = False  # holds the writer's lock (annot.core.lock) until closed
        self._writing = False  # has written (then in WAL mode until closed)
        self._checkpointer: Checkpointer | None = None
        self._abspath = Path(os.path.abspath(path))  # the same file, whatever the cwd later
        self._legacy = False  # a schema-1 file opened read-only: no review columns
        self.structure_checked = False  # SQLite's quick_check ran when it was opened
        self.damage: str | None = None  # see stop_writing
        self.before_write: Callable[[], None] | None = None  # called as a transaction begins

    @property
    def _columns(self) -> str:
        return _ANNOTATION_LEGACY_COLUMNS if self._legacy else _ANNOTATION_COLUMNS

    @property
    def db(self) -> sqlite_utils.Database:
        """The sqlite-utils view of the connection, created on first use."""
        if self._db is None:
            import sqlite_utils

            self._db = sqlite_utils.Database(self.conn, execute_plugins=False)
        return self._db

    # -- lifecycle ----------------------------------------------------------------------

    def _prepare(self) -> None:
        c = self.conn
        c.execute("PRAGMA synchronous = NORMAL")
        c.execute("PRAGMA foreign_keys = ON")

    def _begin_writing(self) -> None:
        """Before the first write: WAL mode (readers never block the writer). Only then, so
        that a project opened and closed without a change is left byte-identical."""
        if self._writing or self.readonly or str(self.path) == ":memory:":
            return
        self._writing = True
        mode = self.conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        if mode.lower() != "wal":  # e.g. a file system without shared memory
            self.conn.execute("PRAGMA journal_mode = DELETE")

    def _migrate(self, version: int) -> None:
        for number, migration in migrations.pending(version):
            self._begin_writing()
            self.conn.execute("BEGIN IMMEDIATE")
            try:
                migration(self.conn)
                self.conn.execute(f"PRAGMA user_version = {number}")
            except BaseException:
                self.conn.execute("ROLLBACK")
                raise
            self.conn.execute("COMMIT")

    @property
    def schema_version(self) -> int:
        return int(self.conn.execute("PRAGMA user_version").fetchone()[0])

    def close(self) -> None:
        """Close the connection. A writer leaves the file in rollback-journal mode when it is
        the last one on it: one self-contained file at rest, which readers then open
        without leaving -wal/-shm beside it. A store that wrote nothing leaves it as it was."""
        if self._checkpointer is not None:
            self._checkpointer.close()
            self._checkpointer = None
        try:
            if self._writing and not self.conn.in_transaction and not self.readonly and self.damage is None:
                self.conn.execute("PRAGMA optimize")
                self.conn.execute("PRAGMA busy_timeout = 0")  # another connection: stay in WAL
                self.conn.execute("PRAGMA journal_mode = DELETE")
        except sqlite3.Error:
            pass
        finally:
            self.conn.close()
            if self._locked:
                self._locked = False
                lock.release(self.path)

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def stop_writing(self, damage: str) -> None:
        """Damage was found after opening (``damage``: what SQLite reports): every write
        from now on is refused, so that nothing more is written into a damaged file."""
        self.damage = damage

    @contextmanager
    def atomic(self) -> Iterator[Self]:
        """One transaction (a savepoint when nested). Rolls back on any exception."""
        if self.damage is not None:
            raise CorruptProject(
                f"is damaged ({self.damage}), so annot stopped saving changes to it: this "
                "change was not saved. Close it and restore a backup of the project.",
                self.path,
            )
        if self.conn.in_transaction:
            with self.db.atomic():
                yield self
            return
        if self.before_write is not None:
            self.before_write()
        try:
            self._begin_writing()
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            raise self._cannot_save(exc) from exc
        try:
            yield self
            self.conn.execute("COMMIT")
        except BaseException as exc:
            if self.conn.in_transaction:  # also when COMMIT itself failed (disk full, I/O)
                self.conn.execute("ROLLBACK")
            if isinstance(exc, sqlite3.OperationalError):
                raise self._cannot_save(exc) from exc
            raise
        if self._locked and self._writing:
            if self._checkpointer is None:
                self._checkpointer = Checkpointer(self._abspath, BUSY_TIMEOUT_MS)
            self._checkpointer.committed()  # the file alone holds it a moment later

    def settled(self, timeout: float = 10.0) -> bool:
        """Wait until the project file alone holds every commit so far (the background
        checkpoint has run); True when it does."""
        if self._checkpointer is None:
            return True
        return self._checkpointer.wait(timeout)

    def checkpoint(self) -> bool:
        """Copy everything committed from the -wal into the project file now; True when
        all of it is there (the background :class:`Checkpointer` does this after commits)."""
        try:
            _busy, log, copied = self.conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
        except sqlite3.Error:
            return False
        return bool(log == copied)

    def data_version(self) -> int:
        """Changes whenever another connection commits to the file (not for our own)."""
        return int(self.conn.execute("PRAGMA data_version").fetchone()[0])

    @property
    def total_changes(self) -> int:
        """Rows written by this connection since it was opened (cascades included)."""
        return int(self.conn.total_changes)

    def _cannot_save(self, exc: sqlite3.OperationalError) -> ProjectError:
        """A person's account of why a transaction could not be written (its work is
        rolled back, nothing is half-saved)."""
        reason = str(exc)
        if "locked" in reason or "busy" in reason:
            return ProjectError(
                f"is in use by another program and stayed busy ({reason}); try again", self.path
            )
        if "readonly" in reason:
            return ProjectReadOnly(f"cannot be written any more ({reason})", self.path)
        if "full" in reason:
            return ProjectError(f"could not be saved: the disk is full ({reason})", self.path)
        return ProjectError(f"could not be saved ({reason})", self.path)

    @contextmanager
    def reading(self) -> Iterator[Self]:
        """Reads (an export, a colleague's file to merge): damage met on the way, such as
        text that is not UTF-8, is an error naming the file, not a raw database error."""
        try:
            yield self
        except sqlite3.DatabaseError as exc:
            from annot.core.store.audit import database_problem

            raise (database_problem(exc, self.path) or CorruptProject(str(exc), self.path)) from exc

    @contextmanager
    def traced(self) -> Iterator[list[str]]:
        """Every SQL statement run on the connection meanwhile (tests count them)."""
        statements: list[str] = []
        self.conn.set_trace_callback(statements.append)
        try:
            yield statements
        finally:
            self.conn.set_trace_callback(None)

    def integrity_check(self) -> list[str]:
        return [r[0] for r in self.conn.execute("PRAGMA integrity_check").fetchall()]

    # -- meta ---------------------------------------------------------------------------

    def get_meta(self, key: str, default: str = "") -> str:
        row = self.conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return str(row[0]) if row else default

    def set_meta(self, key: str, value: str) -> None:
        self.conn.execute(
            "INSERT INTO meta (key, value) VALUES (?, ?)"
            " ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            (key, value),
        )

    # -- documents ----------------------------------------------------------------------

    def add_document(self, info: DocumentInfo, text: str, *, keep_id: bool = False) -> DocumentId:
        """Store a document; its SHA-256 is always computed here from ``text`` (the file's
        integrity check on open relies on it)."""
        cur = self.conn.execute(
            "INSERT INTO documents (id, sha256, title, outlet, url, published, filename,"
            " length, text, imported_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                info.id if keep_id else None,
                text_sha256(text),
                info.title,
                info.outlet,
                info.url,
                info.published,
                info.filename,
                len(text),
                text,
                info.imported_at,
            ),
        )
        assert cur.lastrowid is not None
        return DocumentId(cur.lastrowid)

    def delete_document(self, doc_id: DocumentId) -> None:
        """Delete a document with its annotations and their links."""
        self.conn.execute(
            "DELETE FROM annotations WHERE document_id = ?", (doc_id,)
        )  # links cascade
        self.conn.execute("DELETE FROM documents WHERE id = ?", (doc_id,))
        self._texts.pop(doc_id, None)

    def documents(self) -> list[DocumentInfo]:
        rows = self.conn.execute(f"SELECT {_DOCINFO_COLUMNS} FROM documents ORDER BY id")
        return [_docinfo(r) for r in rows]

    def document_info(self, doc_id: DocumentId) -> DocumentInfo:
        row = self.conn.execute(
            f"SELECT {_DOCINFO_COLUMNS} FROM documents WHERE id = ?", (doc_id,)
        ).fetchone()
        if row is None:
            raise NotFound(f"there is no document {doc_id} in this project")
        return _docinfo(row)

    def document_text(self, doc_id: DocumentId) -> str:
        """The stored text (cached: a document's text never changes)."""
        text = self._texts.get(doc_id)
        if text is None:
            row = self.conn.execute("SELECT text FROM documents WHERE id = ?", (doc_id,)).fetchone()
            if row is None:
                raise NotFound(f"there is no document {doc_id} in this project")
            text = self._texts[doc_id] = str(row[0])
        return text

    def document(self, doc_id: DocumentId) -> Document:
        return Document(self.document_info(doc_id), self.document_text(doc_id))

    def text_damaged(self, doc_id: DocumentId) -> bool:
        """Whether the document's stored text no longer matches its checksum (damage inside
        a text passes SQLite's checks but would shift every quote)."""
        row = self.conn.execute("SELECT sha256, text FROM documents WHERE id = ?", (doc_id,)).fetchone()
        return row is not None and (not isinstance(row[1], str) or text_sha256(row[1]) != row[0])

    def document_by_sha(self, sha256: str) -> DocumentId | None:
        row = self.conn.execute("SELECT id FROM documents WHERE sha256 = ?", (sha256,)).fetchone()
        return DocumentId(row[0]) if row else None

    def update_document(self, info: DocumentInfo) -> None:
        """Write the editable metadata (title, outlet, url, published) of ``info``."""
        self.conn.execute(
            "UPDATE documents SET title = ?, outlet = ?, url = ?, published = ? WHERE id = ?",
            (info.title, info.outlet, info.url, info.published, info.id),
        )

    # -- codebook -----------------------------------------------------------------------

    def tags(self) -> list[Tag]:
        rows = self.conn.execute(f"SELECT {_TAG_COLUMNS} FROM tags ORDER BY position, id")
        return [_tag(r) for r in rows]

    def tag(self, tag_id: TagId) -> Tag:
        row = self.conn.execute(f"SELECT {_TAG_COLUMNS} FROM tags WHERE id = ?", (tag_id,)).fetchone()
        if row is None:
            raise NotFound(f"there is no tag {tag_id} in this project")
        return _tag(row)

    def tag_by_name(self, name: str) -> Tag | None:
        """The tag named ``name``, ignoring case in any script (SQLite's NOCASE folds ASCII
        only, so "Дата" and "дата" are compared here with casefold)."""
        wanted = name.casefold()
        for tag in self.tags():
            if tag.name.casefold() == wanted:
                return tag
        return None

    def add_tag(self, tag: Tag, *, keep_id: bool = False, position: int | None = None) -> TagId:
        """Add ``tag`` at the end of the codebook, or at ``position`` (undoing a delete)."""
        if position is None:
            position = self.conn.execute("SELECT coalesce(max(position), 0) + 1 FROM tags").fetchone()[0]
        cur = self.conn.execute(
            "INSERT INTO tags (id, name, colour, key, description, role, position)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                tag.id if keep_id else None,
                tag.name,
                tag.colour,
                tag.key,
                tag.description,
                tag.role.value,
                position,
            ),
        )
        assert cur.lastrowid is not None
        return TagId(cur.lastrowid)

    def update_tag(self, tag: Tag) -> None:
        self.conn.execute(
            "UPDATE tags SET name = ?, colour = ?, key = ?, description = ?, role = ? WHERE id = ?",
            (tag.name, tag.colour, tag.key, tag.description, tag.role.value, tag.id),
        )

    def tag_position(self, tag_id: TagId) -> int:
        row = self.conn.execute("SELECT position FROM tags WHERE id = ?", (tag_id,)).fetchone()
        if row is None:
            raise NotFound(f"there is no tag {tag_id} in this project")
        return int(row[0])

    def delete_tag(self, tag_id: TagId) -> None:
        self.conn.execute("DELETE FROM tags WHERE id = ?", (tag_id,))

    def tag_usage(self, tag_id: TagId) -> int:
        return int(
            self.conn.execute("SELECT count(*) FROM annotations WHERE tag_id = ?", (tag_id,)).fetchone()[0]
        )

    # -- annotators ---------------------------------------------------------------------

    def annotators(self) -> list[Annotator]:
        rows = self.conn.execute("SELECT id, name FROM annotators ORDER BY name")
        return [Annotator(AnnotatorId(r[0]), r[1]) for r in rows]

    def annotator(self, annotator_id: AnnotatorId) -> Annotator:
        row = self.conn.execute(
            "SELECT id, name FROM annotators WHERE id = ?", (annotator_id,)
        ).fetchone()
        if row is None:
            raise NotFound(f"there is no annotator {annotator_id} in this project")
        return Annotator(AnnotatorId(row[0]), row[1])

    def annotator_by_name(self, name: str) -> Annotator | None:
        row = self.conn.execute("SELECT id, name FROM annotators WHERE name = ?", (name,)).fetchone()
        return Annotator(AnnotatorId(row[0]), row[1]) if row else None

    def add_annotator(self, name: str, annotator_id: AnnotatorId | None = None) -> AnnotatorId:
        """Add an annotator (with ``annotator_id`` when given: redo of an undone import)."""
        cur = self.conn.execute(
            "INSERT INTO annotators (id, name) VALUES (?, ?)", (annotator_id, name)
        )
        assert cur.lastrowid is not None
        return AnnotatorId(cur.lastrowid)

    def delete_annotator(self, annotator_id: AnnotatorId) -> None:
        """Remove an annotator (only one without annotations: undo of an import)."""
        self.conn.execute("DELETE FROM annotators WHERE id = ?", (annotator_id,))

