"""The project file: the ONLY module that speaks SQL (beside the migrations).

A :class:`Store` is opened with :func:`open_store` (an existing project, checked and
migrated) or :func:`create_store` (a new file). Each user action runs inside one
:meth:`Store.atomic` block, i.e. one transaction. The file is checked read-only before
anything is written to it, so a foreign, damaged or newer file is never changed.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote as urlquote

from annot.core import migrations
from annot.core.errors import (
    CorruptProject,
    NotAProject,
    NotFound,
    ProjectError,
    ProjectExists,
    ProjectNotFound,
    ProjectReadOnly,
    ProjectTooNew,
)
from annot.core.model import (
    Annotation,
    AnnotationId,
    Annotator,
    AnnotatorId,
    Comment,
    CommentId,
    Document,
    DocumentId,
    DocumentInfo,
    Link,
    LinkId,
    LinkKind,
    Role,
    Status,
    Tag,
    TagId,
)

if TYPE_CHECKING:  # imported lazily: sqlite_utils (with numpy) costs ~100 ms at start-up
    import sqlite_utils

SQLITE_MAGIC = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 5000

_ANNOTATION_V1_COLUMNS = (
    "id, document_id, tag_id, annotator_id, span_start, span_end, quote, context_before,"
    " context_after, note, status, created, modified"
)
_ANNOTATION_COLUMNS = _ANNOTATION_V1_COLUMNS + ", reviewer, source_id"  # schema 2
# What a schema-1 file (read-only, not migrated) gives for the same columns.
_ANNOTATION_LEGACY_COLUMNS = _ANNOTATION_V1_COLUMNS + ", '' AS reviewer, '' AS source_id"
_COMMENT_COLUMNS = "id, annotation_id, author, text, created, modified"
_DOCINFO_COLUMNS = "id, sha256, title, outlet, url, published, filename, length, imported_at"
_TAG_COLUMNS = "id, name, colour, key, description, role"
_LINK_COLUMNS = "id, kind, source_id, target_id, created"

AnnotationRow = tuple[str, int, int, int, int, int, str, str, str, str, str, str, str]
# Every column: AnnotationRow + (reviewer, source_id)
FullAnnotationRow = tuple[str, int, int, int, int, int, str, str, str, str, str, str, str, str, str]


def _annotation(row: Sequence[Any]) -> Annotation:
    return Annotation(
        AnnotationId(row[0]),
        DocumentId(row[1]),
        TagId(row[2]),
        AnnotatorId(row[3]),
        row[4],
        row[5],
        row[6],
        row[7],
        row[8],
        row[9],
        Status(row[10]),
        row[11],
        row[12],
        row[13],
        row[14],
    )


def annotation_row(a: Annotation) -> AnnotationRow:
    """The schema-1 columns (what :meth:`Store.insert_annotation_rows` takes)."""
    return (
        a.id,
        a.document_id,
        a.tag_id,
        a.annotator_id,
        a.start,
        a.end,
        a.quote,
        a.context_before,
        a.context_after,
        a.note,
        a.status.value,
        a.created,
        a.modified,
    )


def full_annotation_row(a: Annotation) -> FullAnnotationRow:
    """Every column of ``a``, in the order of :data:`_ANNOTATION_COLUMNS`."""
    return (*annotation_row(a), a.reviewer, a.source_id)


def _comment(row: Sequence[Any]) -> Comment:
    return Comment(CommentId(row[0]), AnnotationId(row[1]), row[2], row[3], row[4], row[5])


def _docinfo(row: Sequence[Any]) -> DocumentInfo:
    return DocumentInfo(DocumentId(row[0]), *row[1:])


def _tag(row: Sequence[Any]) -> Tag:
    return Tag(TagId(row[0]), row[1], row[2], row[3], row[4], Role(row[5]))


def _link(row: Sequence[Any]) -> Link:
    return Link(LinkId(row[0]), LinkKind(row[1]), AnnotationId(row[2]), AnnotationId(row[3]), row[4])


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


def text_sha256(text: str) -> str:
    """A document's identity across projects: the SHA-256 of its UTF-8 text."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


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


# ---------------------------------------------------------------------------------------


class Store:
    """One open project file. Every SQL statement of annot is in this class."""

    def __init__(self, path: Path, conn: sqlite3.Connection) -> None:
        self.path = path
        self.conn = conn
        self._db: sqlite_utils.Database | None = None
        self._texts: dict[int, str] = {}
        self.readonly = False
        self._legacy = False  # a schema-1 file opened read-only: no review columns

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
        if str(self.path) != ":memory:":
            mode = c.execute("PRAGMA journal_mode = WAL").fetchone()[0]
            if mode.lower() != "wal":  # e.g. a file system without shared memory
                c.execute("PRAGMA journal_mode = DELETE")
        c.execute("PRAGMA synchronous = NORMAL")
        c.execute("PRAGMA foreign_keys = ON")

    def _migrate(self, version: int) -> None:
        for number, migration in migrations.pending(version):
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
        try:
            if str(self.path) != ":memory:" and not self.conn.in_transaction and not self.readonly:
                self.conn.execute("PRAGMA optimize")
        except sqlite3.Error:
            pass
        self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def atomic(self) -> Iterator[Store]:
        """One transaction (a savepoint when nested). Rolls back on any exception."""
        if self.conn.in_transaction:
            with self.db.atomic():
                yield self
            return
        try:
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
    def reading(self) -> Iterator[Store]:
        """Reads of a file opened with :func:`open_readonly`: damage met on the way is a
        :class:`CorruptProject` naming the file, not a raw database error."""
        try:
            yield self
        except sqlite3.DatabaseError as exc:
            raise CorruptProject(f"is damaged and cannot be read ({exc})", self.path) from exc

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
        row = self.conn.execute(
            f"SELECT {_TAG_COLUMNS} FROM tags WHERE name = ? COLLATE NOCASE", (name,)
        ).fetchone()
        return _tag(row) if row else None

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

    # -- annotations --------------------------------------------------------------------

    def insert_annotation(self, a: Annotation) -> None:
        self.insert_full_annotation_rows([full_annotation_row(a)])

    def insert_annotation_rows(self, rows: Iterable[AnnotationRow]) -> None:
        """Bulk insert of schema-1 rows (call inside :meth:`atomic`)."""
        self.conn.executemany(
            f"INSERT INTO annotations ({_ANNOTATION_V1_COLUMNS})"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )

    def insert_full_annotation_rows(self, rows: Iterable[FullAnnotationRow]) -> None:
        """Bulk insert of rows with every column (call inside :meth:`atomic`)."""
        self.conn.executemany(
            f"INSERT INTO annotations ({_ANNOTATION_COLUMNS})"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )

    def replace_annotation(self, a: Annotation) -> None:
        """Write every field of ``a`` over the stored annotation with the same id."""
        self.replace_annotation_rows([full_annotation_row(a)])

    def replace_annotation_rows(self, rows: Iterable[FullAnnotationRow]) -> None:
        """Write each row over the stored annotation with the same id (first column)."""
        self.conn.executemany(
            "UPDATE annotations SET document_id = ?, tag_id = ?, annotator_id = ?,"
            " span_start = ?, span_end = ?, quote = ?, context_before = ?, context_after = ?,"
            " note = ?, status = ?, created = ?, modified = ?, reviewer = ?, source_id = ?"
            " WHERE id = ?",
            ((*r[1:], r[0]) for r in rows),
        )

    def full_annotation_rows(self) -> list[FullAnnotationRow]:
        """Every annotation as a raw row (merging reads a colleague's project with this)."""
        return self.conn.execute(f"SELECT {self._columns} FROM annotations").fetchall()

    def rows_of_annotations(self, ids: Sequence[str]) -> list[FullAnnotationRow]:
        """Raw rows of the annotations with these ids (those that exist)."""
        rows: list[FullAnnotationRow] = []
        for i in range(0, len(ids), 500):
            chunk = ids[i : i + 500]
            rows += self.conn.execute(
                f"SELECT {self._columns} FROM annotations"
                f" WHERE id IN ({','.join('?' * len(chunk))})",
                chunk,
            ).fetchall()
        return rows

    def annotation_versions(self) -> dict[str, str]:
        """id -> modified of every annotation."""
        return dict(self.conn.execute("SELECT id, modified FROM annotations").fetchall())

    def span_rows(
        self,
        *,
        annotator_ids: Sequence[AnnotatorId],
        document_ids: Sequence[DocumentId] | None = None,
        tag_ids: Sequence[TagId] | None = None,
    ) -> list[tuple[int, int, int, int, int]]:
        """(document_id, annotator_id, tag_id, start, end) of the matching annotations,
        in document order (what agreement needs, without building objects)."""
        where = [f"annotator_id IN ({','.join('?' * len(annotator_ids))})"]
        params: list[Any] = list(annotator_ids)
        for column, values in (("document_id", document_ids), ("tag_id", tag_ids)):
            if values is not None:
                where.append(f"{column} IN ({','.join('?' * len(values))})")
                params.extend(values)
        return self.conn.execute(
            "SELECT document_id, annotator_id, tag_id, span_start, span_end FROM annotations"
            f" WHERE {' AND '.join(where)} ORDER BY document_id, span_start, span_end",
            params,
        ).fetchall()

    def reviewed_from(self, source_id: AnnotationId) -> list[Annotation]:
        """The reviewed copies made of annotation ``source_id``."""
        rows = self.conn.execute(
            f"SELECT {self._columns} FROM annotations WHERE source_id = ? AND source_id != ''"
            " ORDER BY created, id",
            (source_id,),
        )
        return [_annotation(r) for r in rows]

    def delete_annotation(self, ann_id: AnnotationId) -> None:
        self.conn.execute("DELETE FROM annotations WHERE id = ?", (ann_id,))

    def annotation(self, ann_id: AnnotationId) -> Annotation:
        row = self.conn.execute(
            f"SELECT {self._columns} FROM annotations WHERE id = ?", (ann_id,)
        ).fetchone()
        if row is None:
            raise NotFound(f"there is no annotation {ann_id} in this project")
        return _annotation(row)

    def annotation_spans(
        self, document_id: DocumentId
    ) -> list[tuple[AnnotationId, TagId, AnnotatorId, int, int]]:
        """(id, tag, annotator, start, end) of a document's annotations, in no particular
        order: what a reading pane needs to paint, without quotes and context (fast at 100k)."""
        rows = self.conn.execute(
            "SELECT id, tag_id, annotator_id, span_start, span_end FROM annotations"
            " WHERE document_id = ?",
            (document_id,),
        )
        return rows.fetchall()

    def has_annotation(self, ann_id: AnnotationId) -> bool:
        return (
            self.conn.execute("SELECT 1 FROM annotations WHERE id = ?", (ann_id,)).fetchone()
            is not None
        )

    def annotations(
        self,
        *,
        document_id: DocumentId | None = None,
        tag_id: TagId | None = None,
        annotator_id: AnnotatorId | None = None,
        status: Status | None = None,
    ) -> list[Annotation]:
        """Annotations matching every filter given, in document order (start, end)."""
        where: list[str] = []
        params: list[Any] = []
        for column, value in (
            ("document_id", document_id),
            ("tag_id", tag_id),
            ("annotator_id", annotator_id),
            ("status", status.value if status is not None else None),
        ):
            if value is not None:
                where.append(f"{column} = ?")
                params.append(value)
        sql = f"SELECT {self._columns} FROM annotations"
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY document_id, span_start, span_end, created, id"
        return [_annotation(r) for r in self.conn.execute(sql, params)]

    def iter_annotation_rows(self, sql_filter: str = "", params: Sequence[Any] = ()) -> Iterator[tuple[Any, ...]]:
        """Raw rows for exports that stream a million annotations: every annotation column
        plus the tag name, tag role and annotator name, in document order."""
        sql = (
            "SELECT a.id, a.document_id, a.span_start, a.span_end, a.context_before,"
            " a.context_after, a.note, a.status, a.created, a.modified, t.name, t.role, n.name"
            " FROM annotations a JOIN tags t ON t.id = a.tag_id"
            " JOIN annotators n ON n.id = a.annotator_id"
        )
        if sql_filter:
            sql += " WHERE " + sql_filter
        sql += " ORDER BY a.document_id, a.span_start, a.span_end, a.created, a.id"
        yield from self.conn.execute(sql, params)

    # -- bulk reads and writes for CSV export and import ---------------------------------

    def document_rows(
        self, document_id: DocumentId
    ) -> list[tuple[str, int, int, int, int, str, str, str, str]]:
        """(id, tag_id, annotator_id, start, end, note, status, created, modified) of every
        annotation of one document, in document order (for exports)."""
        return self.conn.execute(
            "SELECT id, tag_id, annotator_id, span_start, span_end, note, status, created,"
            " modified FROM annotations WHERE document_id = ?"
            " ORDER BY span_start, span_end, created, id",
            (document_id,),
        ).fetchall()

    def export_count(self, *, role: Role | None = None, status: Status | None = None) -> int:
        sql, params = self._export_filter(role, status)
        return int(self.conn.execute("SELECT count(*) FROM annotations" + sql, params).fetchone()[0])

    @staticmethod
    def _export_filter(role: Role | None, status: Status | None) -> tuple[str, list[str]]:
        where: list[str] = []
        params: list[str] = []
        if role is not None:
            where.append("tag_id IN (SELECT id FROM tags WHERE role = ?)")
            params.append(Role(role).value)
        if status is not None:
            where.append("status = ?")
            params.append(Status(status).value)
        return (" WHERE " + " AND ".join(where) if where else ""), params

    def link_targets(
        self, source_ids: Sequence[str], kinds: Sequence[LinkKind]
    ) -> list[tuple[str, str, str]]:
        """(source id, kind, target id) of the links of ``kinds`` from ``source_ids``."""
        found: list[tuple[str, str, str]] = []
        kind_values = [LinkKind(k).value for k in kinds]
        kind_marks = ", ".join("?" for _ in kind_values)
        for i in range(0, len(source_ids), 500):
            chunk = source_ids[i : i + 500]
            found += self.conn.execute(
                f"SELECT source_id, kind, target_id FROM links WHERE kind IN ({kind_marks})"
                f" AND source_id IN ({', '.join('?' for _ in chunk)})",
                (*kind_values, *chunk),
            ).fetchall()
        return found

    def delete_annotation_ids(self, ids: Iterable[str]) -> None:
        """Bulk delete (call inside :meth:`atomic`); their links cascade."""
        self.conn.executemany("DELETE FROM annotations WHERE id = ?", ((i,) for i in ids))

    def add_annotator_with_id(self, annotator: Annotator) -> None:
        """Put back an annotator with its former id (redo of an import)."""
        self.conn.execute(
            "INSERT INTO annotators (id, name) VALUES (?, ?)", (annotator.id, annotator.name)
        )

    def annotation_count(self) -> int:
        return int(self.conn.execute("SELECT count(*) FROM annotations").fetchone()[0])

    def counts_by_tag(self, document_id: DocumentId | None = None) -> dict[TagId, int]:
        sql = "SELECT tag_id, count(*) FROM annotations"
        params: tuple[Any, ...] = ()
        if document_id is not None:
            sql += " WHERE document_id = ?"
            params = (document_id,)
        return {TagId(r[0]): int(r[1]) for r in self.conn.execute(sql + " GROUP BY tag_id", params)}

    def counts_by_document_and_tag(self) -> dict[tuple[DocumentId, TagId], int]:
        rows = self.conn.execute(
            "SELECT document_id, tag_id, count(*) FROM annotations GROUP BY document_id, tag_id"
        )
        return {(DocumentId(r[0]), TagId(r[1])): int(r[2]) for r in rows}

    # -- links --------------------------------------------------------------------------

    def insert_link(self, link: Link) -> None:
        self.conn.execute(
            f"INSERT INTO links ({_LINK_COLUMNS}) VALUES (?, ?, ?, ?, ?)",
            (link.id, link.kind.value, link.source_id, link.target_id, link.created),
        )

    def delete_link(self, link_id: LinkId) -> None:
        self.conn.execute("DELETE FROM links WHERE id = ?", (link_id,))

    def link(self, link_id: LinkId) -> Link:
        row = self.conn.execute(f"SELECT {_LINK_COLUMNS} FROM links WHERE id = ?", (link_id,)).fetchone()
        if row is None:
            raise NotFound(f"there is no link {link_id} in this project")
        return _link(row)

    def has_link(self, link_id: LinkId) -> bool:
        return self.conn.execute("SELECT 1 FROM links WHERE id = ?", (link_id,)).fetchone() is not None

    def find_link(self, kind: LinkKind, source: AnnotationId, target: AnnotationId) -> Link | None:
        row = self.conn.execute(
            f"SELECT {_LINK_COLUMNS} FROM links WHERE kind = ? AND source_id = ? AND target_id = ?",
            (kind.value, source, target),
        ).fetchone()
        return _link(row) if row else None

    def links_of(self, ann_id: AnnotationId) -> list[Link]:
        """Links in which the annotation is the source or the target."""
        rows = self.conn.execute(
            f"SELECT {_LINK_COLUMNS} FROM links WHERE source_id = ? UNION"
            f" SELECT {_LINK_COLUMNS} FROM links WHERE target_id = ? ORDER BY created, id",
            (ann_id, ann_id),
        )
        return [_link(r) for r in rows]

    def links(self, document_id: DocumentId | None = None) -> list[Link]:
        """All links, or those whose source lies in ``document_id``."""
        if document_id is None:
            rows = self.conn.execute(f"SELECT {_LINK_COLUMNS} FROM links ORDER BY created, id")
        else:
            rows = self.conn.execute(
                "SELECT l.id, l.kind, l.source_id, l.target_id, l.created FROM links l"
                " JOIN annotations a ON a.id = l.source_id WHERE a.document_id = ?"
                " ORDER BY l.created, l.id",
                (document_id,),
            )
        return [_link(r) for r in rows]

    def link_keys(self) -> tuple[set[str], set[tuple[str, str, str]]]:
        """The ids of every link, and every (kind, source_id, target_id)."""
        rows = self.conn.execute("SELECT id, kind, source_id, target_id FROM links").fetchall()
        return {r[0] for r in rows}, {(r[1], r[2], r[3]) for r in rows}

    def insert_links(self, links: Iterable[Link]) -> None:
        self.conn.executemany(
            f"INSERT INTO links ({_LINK_COLUMNS}) VALUES (?, ?, ?, ?, ?)",
            ((k.id, k.kind.value, k.source_id, k.target_id, k.created) for k in links),
        )

    def delete_link_ids(self, ids: Iterable[str]) -> None:
        self.conn.executemany("DELETE FROM links WHERE id = ?", ((i,) for i in ids))

    # -- comments (schema 2) --------------------------------------------------------------

    def insert_comments(self, comments: Iterable[Comment]) -> None:
        self.conn.executemany(
            f"INSERT INTO comments ({_COMMENT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?)",
            ((c.id, c.annotation_id, c.author, c.text, c.created, c.modified) for c in comments),
        )

    def replace_comments(self, comments: Iterable[Comment]) -> None:
        self.conn.executemany(
            "UPDATE comments SET annotation_id = ?, author = ?, text = ?, created = ?,"
            " modified = ? WHERE id = ?",
            ((c.annotation_id, c.author, c.text, c.created, c.modified, c.id) for c in comments),
        )

    def delete_comment_ids(self, ids: Iterable[str]) -> None:
        self.conn.executemany("DELETE FROM comments WHERE id = ?", ((i,) for i in ids))

    def comment(self, comment_id: CommentId) -> Comment:
        row = self.conn.execute(
            f"SELECT {_COMMENT_COLUMNS} FROM comments WHERE id = ?", (comment_id,)
        ).fetchone()
        if row is None:
            raise NotFound(f"there is no comment {comment_id} in this project")
        return _comment(row)

    def comments(self, annotation_ids: Sequence[AnnotationId] | None = None) -> list[Comment]:
        """Comments on the given annotations (all when None), oldest first."""
        if self._legacy:
            return []
        if annotation_ids is None:
            rows = self.conn.execute(
                f"SELECT {_COMMENT_COLUMNS} FROM comments ORDER BY created, id"
            ).fetchall()
        else:
            rows = []
            ids = list(annotation_ids)
            for i in range(0, len(ids), 500):
                chunk = ids[i : i + 500]
                rows += self.conn.execute(
                    f"SELECT {_COMMENT_COLUMNS} FROM comments"
                    f" WHERE annotation_id IN ({','.join('?' * len(chunk))})",
                    chunk,
                ).fetchall()
            rows.sort(key=lambda r: (r[4], r[0]))
        return [_comment(r) for r in rows]
