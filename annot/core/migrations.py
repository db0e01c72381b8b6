"""Numbered schema migrations, applied in order when a project opens.

A shipped migration is never edited: a schema change is a new entry at the end of
:data:`MIGRATIONS`. ``PRAGMA user_version`` holds the number of the last one applied and
``PRAGMA application_id`` marks the file as an annot project.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

APPLICATION_ID = 0x616E6E74  # "annt"

Migration = Callable[[sqlite3.Connection], None]


def _script(conn: sqlite3.Connection, sql: str) -> None:
    """Run ``;``-separated statements inside the caller's transaction.

    (``executescript`` would commit first and break the migration's atomicity.)
    """
    for statement in sql.split(";"):
        if statement.strip():
            conn.execute(statement)


def _m1_initial(conn: sqlite3.Connection) -> None:
    _script(
        conn,
        """
        CREATE TABLE meta (
            key TEXT PRIMARY KEY,
            value TEXT NOT NULL
        );
        CREATE TABLE documents (
            id INTEGER PRIMARY KEY,
            sha256 TEXT NOT NULL UNIQUE,
            title TEXT NOT NULL DEFAULT '',
            outlet TEXT NOT NULL DEFAULT '',
            url TEXT NOT NULL DEFAULT '',
            published TEXT NOT NULL DEFAULT '',
            filename TEXT NOT NULL DEFAULT '',
            length INTEGER NOT NULL,
            text TEXT NOT NULL,
            imported_at TEXT NOT NULL
        );
        CREATE TABLE tags (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE COLLATE NOCASE,
            colour TEXT NOT NULL,
            key TEXT NOT NULL DEFAULT '',
            description TEXT NOT NULL DEFAULT '',
            role TEXT NOT NULL DEFAULT '',
            position INTEGER NOT NULL DEFAULT 0
        );
        CREATE TABLE annotators (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE
        );
        CREATE TABLE annotations (
            id TEXT PRIMARY KEY,
            document_id INTEGER NOT NULL REFERENCES documents(id),
            tag_id INTEGER NOT NULL REFERENCES tags(id),
            annotator_id INTEGER NOT NULL REFERENCES annotators(id),
            span_start INTEGER NOT NULL,
            span_end INTEGER NOT NULL,
            quote TEXT NOT NULL,
            context_before TEXT NOT NULL DEFAULT '',
            context_after TEXT NOT NULL DEFAULT '',
            note TEXT NOT NULL DEFAULT '',
            status TEXT NOT NULL DEFAULT 'unreviewed',
            created TEXT NOT NULL,
            modified TEXT NOT NULL,
            CHECK (0 <= span_start AND span_start < span_end)
        );
        CREATE INDEX annotations_by_document ON annotations(document_id, span_start);
        CREATE INDEX annotations_by_tag ON annotations(tag_id);
        CREATE TABLE links (
            id TEXT PRIMARY KEY,
            kind TEXT NOT NULL,
            source_id TEXT NOT NULL REFERENCES annotations(id) ON DELETE CASCADE,
            target_id TEXT NOT NULL REFERENCES annotations(id) ON DELETE CASCADE,
            created TEXT NOT NULL,
            UNIQUE (kind, source_id, target_id)
        );
        CREATE INDEX links_by_target ON links(target_id);
        """,
    )


def _m2_review(conn: sqlite3.Connection) -> None:
    """Review: who accepted or rejected an annotation, where a reviewed copy came from,
    and comments on annotations (kept by UUID so that they merge across projects)."""
    _script(
        conn,
        """
        ALTER TABLE annotations ADD COLUMN reviewer TEXT NOT NULL DEFAULT '';
        ALTER TABLE annotations ADD COLUMN source_id TEXT NOT NULL DEFAULT '';
        CREATE INDEX annotations_by_source ON annotations(source_id) WHERE source_id != '';
        CREATE TABLE comments (
            id TEXT PRIMARY KEY,
            annotation_id TEXT NOT NULL REFERENCES annotations(id) ON DELETE CASCADE,
            author TEXT NOT NULL,
            text TEXT NOT NULL,
            created TEXT NOT NULL,
            modified TEXT NOT NULL
        );
        CREATE INDEX comments_by_annotation ON comments(annotation_id, created);
        """,
    )


_NOW = "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')"  # the format of annotations.now()


def _m3_tombstones(conn: sqlite3.Connection) -> None:
    """Deletions that merge: a tombstone (id, kind, instant) for every deleted annotation,
    link and comment, written by triggers (so cascades are covered) and removed again when
    a row with that id comes back (undo of a delete, a newer edit merged in)."""
    conn.execute(
        "CREATE TABLE tombstones ("
        " id TEXT PRIMARY KEY, kind TEXT NOT NULL, deleted TEXT NOT NULL)"
    )
    for table, kind in (("annotations", "annotation"), ("links", "link"), ("comments", "comment")):
        # (statements one by one: trigger bodies hold ';', which _script would split)
        conn.execute(
            f"CREATE TRIGGER {table}_tombstone AFTER DELETE ON {table} BEGIN"
            f" INSERT OR REPLACE INTO tombstones (id, kind, deleted)"
            f" VALUES (old.id, '{kind}', {_NOW}); END"
        )
        conn.execute(
            f"CREATE TRIGGER {table}_revived AFTER INSERT ON {table} BEGIN"
            f" DELETE FROM tombstones WHERE id = new.id; END"
        )


def _m4_read_indexes(conn: sqlite3.Connection) -> None:
    """Indexes for reads that grew with the project.

    links(source_id): "the links of these annotations" (a document's, a page of the
    Annotations dock's) was a skip-scan of the (kind, source_id, target_id) index, 13×
    slower, and 100× slower when SQLite had no statistics for the table.
    documents(…every listed column): listing the documents read every text (imported_at is
    stored after the text), 40 ms at 300 documents, several times on opening."""
    _script(
        conn,
        """
        CREATE INDEX links_by_source ON links(source_id);
        CREATE INDEX documents_listed ON documents(id, sha256, title, outlet, url, published,
            filename, length, imported_at)
        """,
    )


def _m5_claim_groups(conn: sqlite3.Connection) -> None:
    """Claim groups: the label and note a person gives a group of aligned claims, kept on
    the group's anchor claim (its id is the group's id, see annot.core.claim_groups) so
    that two colleagues labelling one group write the same row and merge by that UUID."""
    _script(
        conn,
        """
        CREATE TABLE claim_groups (
            claim_id TEXT PRIMARY KEY REFERENCES annotations(id) ON DELETE CASCADE,
            label TEXT NOT NULL DEFAULT '',
            note TEXT NOT NULL DEFAULT '',
            modified TEXT NOT NULL
        );
        """,
    )


def _m6_document_origin(conn: sqlite3.Connection) -> None:
    """Where an extracted document (HTML, DOCX, PDF) came from: the extractor's name and
    version, and the SHA-256 of the original file's bytes (the same file is not imported
    twice)."""
    _script(
        conn,
        """
        ALTER TABLE documents ADD COLUMN extractor TEXT NOT NULL DEFAULT '';
        ALTER TABLE documents ADD COLUMN source_sha256 TEXT NOT NULL DEFAULT '';
        CREATE INDEX documents_by_source_sha ON documents(source_sha256) WHERE source_sha256 != '';
        """,
    )


def _m_date_values(conn: sqlite3.Connection) -> None:
    """Normalised values of date spans (TIMEX3 style), suggested or confirmed, kept by the
    annotation's UUID so that they merge across projects. No foreign key: a value outlives
    the deletion of its span, so that undoing the deletion brings it back unchanged."""
    _script(
        conn,
        """
        CREATE TABLE date_values (
            annotation_id TEXT PRIMARY KEY,
            value TEXT NOT NULL DEFAULT '',
            status TEXT NOT NULL DEFAULT 'suggested' CHECK (status IN ('suggested', 'confirmed')),
            modified TEXT NOT NULL
        )
        """,
    )


def _m_actors(conn: sqlite3.Connection) -> None:
    """The actor registry: actors by UUID (a merged one keeps a tombstone naming the actor
    it went into, so that a colleague's mentions of it follow), and each actor span's actor.
    No foreign keys, as for date values: an assignment outlives its span's deletion."""
    _script(
        conn,
        """
        CREATE TABLE actors (
            id TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            kind TEXT NOT NULL DEFAULT 'person' CHECK (kind IN ('person', 'organisation', 'other')),
            aliases TEXT NOT NULL DEFAULT '',
            note TEXT NOT NULL DEFAULT '',
            merged_into TEXT NOT NULL DEFAULT '',
            modified TEXT NOT NULL
        );
        CREATE TABLE actor_mentions (
            annotation_id TEXT PRIMARY KEY,
            actor_id TEXT NOT NULL,
            modified TEXT NOT NULL
        );
        CREATE INDEX actor_mentions_by_actor ON actor_mentions(actor_id)
        """,
    )


MIGRATIONS: list[Migration] = [
    _m1_initial, _m2_review, _m3_tombstones, _m4_read_indexes, _m5_claim_groups, _m6_document_origin,
    _m_date_values, _m_actors,
]

LATEST_VERSION = len(MIGRATIONS)


def pending(version: int) -> list[tuple[int, Migration]]:
    """The migrations still to apply to a file at ``version``, with their numbers."""
    return [(n, m) for n, m in enumerate(MIGRATIONS, start=1) if n > version]
