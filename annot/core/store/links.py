"""The Store's links and comments."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from annot.core.errors import NotFound
from annot.core.model import (
    AnnotationId,
    Comment,
    CommentId,
    DocumentId,
    Link,
    LinkId,
    LinkKind,
)
from annot.core.store.base import StoreBase
from annot.core.store.rows import (
    _COMMENT_COLUMNS,
    _LINK_COLUMNS,
    _comment,
    _link,
)


class LinkQueries(StoreBase):
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
            # CROSS JOIN fixes the plan (the document's annotations, then their links by
            # the source index) whether or not SQLite holds statistics for the tables.
            rows = self.conn.execute(
                "SELECT l.id, l.kind, l.source_id, l.target_id, l.created FROM annotations a"
                " CROSS JOIN links l ON l.source_id = a.id WHERE a.document_id = ?"
                " ORDER BY l.created, l.id",
                (document_id,),
            )
        return [_link(r) for r in rows]

    def link_rows(self) -> list[tuple[str, str, str, str, str]]:
        """Every link as a raw row (id, kind, source, target, created), unchecked."""
        return self.conn.execute(f"SELECT {_LINK_COLUMNS} FROM links ORDER BY created, id").fetchall()

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

    # -- tombstones (schema 3): written by triggers, see migrations._m3_tombstones ---------

    def tombstones(self) -> list[tuple[str, str, str]]:
        """(id, kind, deleted) of every tombstone ([] for a file older than schema 3)."""
        if self._legacy or not self._has_table("tombstones"):
            return []
        return self.conn.execute("SELECT id, kind, deleted FROM tombstones ORDER BY id").fetchall()

    def _has_table(self, name: str) -> bool:
        row = self.conn.execute(
            "SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?", (name,)
        ).fetchone()
        return row is not None

    def tombstone_mark(self) -> int:
        """A mark: :meth:`forget_tombstones_since` drops the tombstones written after it."""
        return int(self.conn.execute("SELECT coalesce(max(rowid), 0) FROM tombstones").fetchone()[0])

    def forget_tombstones_since(self, mark: int) -> None:
        self.conn.execute("DELETE FROM tombstones WHERE rowid > ?", (mark,))

    def put_tombstones(self, rows: Iterable[tuple[str, str, str]]) -> None:
        """Write (id, kind, deleted) tombstones over any with the same id."""
        self.conn.executemany(
            "INSERT OR REPLACE INTO tombstones (id, kind, deleted) VALUES (?, ?, ?)", rows
        )

    def delete_tombstone_ids(self, ids: Iterable[str]) -> None:
        self.conn.executemany("DELETE FROM tombstones WHERE id = ?", ((i,) for i in ids))
