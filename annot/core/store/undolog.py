"""The undo log: every write to a logged table, recorded by TEMP triggers as it happens.

This is SQLite's "automatic undo/redo" technique: TEMP triggers (created on this
connection when a writable store starts its history; never stored in the file) append to a
TEMP table one entry per row written: the table, the row's key, its image before the write
(NULL: the row did not exist) and after it (NULL: it was deleted). Cascades and the rows
that the file's own triggers write (tombstones) are recorded like any other write.

An image is the row's values as SQL literals (``quote()``), so that putting it back is a
plain UPDATE or INSERT, and comparing it with the row as it is now is a string comparison.

Every table of the file is logged, so a new table that commands write needs nothing here
(one that must not be undone is one line in :data:`UNLOGGED_TABLES`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from annot.core.store.base import StoreBase

# Every table of the file is logged (a table another change adds needs nothing here), keyed
# by its one-column primary key, or by rowid. Tables whose rows are never to be undone:
UNLOGGED_TABLES: frozenset[str] = frozenset()

# Tables written by the file's own triggers (tombstones follow deletions and re-insertions):
# replaying a step makes those triggers write again, so these are put back to the step's
# net state after the replay instead of entry by entry.
DERIVED_TABLES = frozenset({"tombstones"})

# Tables annot only ever INSERTs into plainly, in bulk (an import of 100k annotations).
# Their inserts are logged by key only: building the image of each new row as it is written
# doubles the cost of a bulk insert (measured: 0.69 s → 1.30 s for 100k annotations; key
# only: 0.59 s). The image is read when the step is first undone, when the row still holds
# it (see History). Every other table may be written with INSERT OR REPLACE, whose removed
# row AFTER triggers never see, so a BEFORE INSERT trigger records it first.
LAZY_INSERT_TABLES = frozenset({"annotations", "links", "comments", "documents"})

# table -> the annotations an entry concerns (for the change report)
_ANNOTATIONS_OF: dict[str, tuple[str, str]] = {
    "annotations": ("r.id", "NULL"),
    "links": ("r.source_id", "r.target_id"),
    "comments": ("r.annotation_id", "NULL"),
    "date_values": ("r.annotation_id", "NULL"),  # the Annotations table shows the value
    "actor_mentions": ("r.annotation_id", "NULL"),  # an actor span's registry actor
}

# table -> SQL giving the documents an entry concerns (for the change report), from the
# trigger's row alias (``r`` stands for new or old).
_DOCUMENT_OF: dict[str, tuple[str, str]] = {
    "annotations": ("r.document_id", "NULL"),
    "documents": ("r.id", "NULL"),
    "links": (
        "(SELECT document_id FROM main.annotations WHERE id = r.source_id)",
        "(SELECT document_id FROM main.annotations WHERE id = r.target_id)",
    ),
    "comments": ("(SELECT document_id FROM main.annotations WHERE id = r.annotation_id)", "NULL"),
    "date_values": ("(SELECT document_id FROM main.annotations WHERE id = r.annotation_id)", "NULL"),
    "actor_mentions": ("(SELECT document_id FROM main.annotations WHERE id = r.annotation_id)", "NULL"),
}


@dataclass(frozen=True, slots=True)
class LogEntry:
    seq: int
    table: str
    key: object
    old: str | None  # the row's image before the write (None: absent)
    new: str | None  # ... and after it (None: deleted, or inserted into a lazy table)
    docs: tuple[int | None, int | None]
    annotations: tuple[str | None, str | None]
    capture: bool = False  # the row as it was before an INSERT OR REPLACE/IGNORE or upsert


Key = tuple[str, object]


class UndoLogQueries(StoreBase):
    _logging = False
    _columns_of: dict[str, list[str]]
    _key_of: dict[str, str]

    def start_undo_log(self) -> None:
        """Create the TEMP log table and triggers on this connection (idempotent)."""
        if self._logging or self.readonly:
            return
        c = self.conn
        c.execute(
            "CREATE TEMP TABLE IF NOT EXISTS undo_log (seq INTEGER PRIMARY KEY, tbl TEXT NOT NULL,"
            " k ANY, old TEXT, new TEXT, doc INTEGER, doc2 INTEGER, ann TEXT, ann2 TEXT,"
            " capture INTEGER NOT NULL DEFAULT 0)"
        )
        self._columns_of, self._key_of = {}, {}
        tables = [
            str(r[0])
            for r in c.execute(
                "SELECT name FROM main.sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        for table in tables:
            if table in UNLOGGED_TABLES:
                continue
            info = c.execute(f'PRAGMA main.table_info("{table}")').fetchall()
            columns = [str(r[1]) for r in info]
            pks = [str(r[1]) for r in info if r[5]]
            key = pks[0] if len(pks) == 1 else "rowid"
            self._columns_of[table], self._key_of[table] = columns, key
            if table not in LAZY_INSERT_TABLES:
                c.execute(
                    f'CREATE TEMP TRIGGER IF NOT EXISTS "undo_{table}_replace"'
                    f' BEFORE INSERT ON main."{table}" BEGIN'
                    " INSERT INTO undo_log (tbl, k, old, new, capture)"
                    f" SELECT '{table}', t.\"{key}\", {_image(columns, 't')}, NULL, 1"
                    f' FROM main."{table}" t WHERE t."{key}" = new."{key}"; END'
                )
            doc, doc2 = _DOCUMENT_OF.get(table, ("NULL", "NULL"))
            ann, ann2 = _ANNOTATIONS_OF.get(table, ("NULL", "NULL"))
            inserted = "NULL" if table in LAZY_INSERT_TABLES else _image(columns, "new")
            for event, row, old, new in (
                ("INSERT", "new", "NULL", inserted),
                ("UPDATE", "new", _image(columns, "old"), _image(columns, "new")),
                ("DELETE", "old", _image(columns, "old"), "NULL"),
            ):
                d1, d2, a1, a2 = (x.replace("r.", f"{row}.") for x in (doc, doc2, ann, ann2))
                c.execute(
                    f'CREATE TEMP TRIGGER IF NOT EXISTS "undo_{table}_{event.lower()}"'
                    f' AFTER {event} ON main."{table}" BEGIN'
                    " INSERT INTO undo_log (tbl, k, old, new, doc, doc2, ann, ann2)"
                    f" VALUES ('{table}', {row}.\"{key}\", {old}, {new}, {d1}, {d2}, {a1}, {a2}); END"
                )
        self._logging = True

    def undo_log_mark(self) -> int:
        """The last entry so far (entries after it are what is written next)."""
        if not self._logging:
            return 0
        return int(self.conn.execute("SELECT coalesce(max(seq), 0) FROM temp.undo_log").fetchone()[0])

    def undo_entries(self, first: int, last: int | None = None) -> list[LogEntry]:
        """The entries ``first`` to ``last`` (to the end when None), in order."""
        rows = self.conn.execute(
            "SELECT seq, tbl, k, old, new, doc, doc2, ann, ann2, capture FROM temp.undo_log WHERE seq >= ? AND seq <= ?"
            " ORDER BY seq",
            (first, last if last is not None else 2**62),
        )
        return [LogEntry(r[0], r[1], r[2], r[3], r[4], (r[5], r[6]), (r[7], r[8]), bool(r[9])) for r in rows]

    def changed_anything(self, first: int, last: int) -> bool:
        """Whether the entries ``first`` to ``last`` changed a row (not only rewrote it as it was)."""
        row = self.conn.execute(
            "SELECT 1 FROM temp.undo_log WHERE seq >= ? AND seq <= ?"
            " AND capture = 0 AND (old IS NULL OR new IS NULL OR old != new) LIMIT 1",
            (first, last),
        ).fetchone()
        return row is not None

    def undo_tables(self, first: int, last: int) -> frozenset[str]:
        """The tables the entries ``first`` to ``last`` wrote (a bulk step's report: one
        scan of its range of the log by its primary key)."""
        rows = self.conn.execute(
            "SELECT DISTINCT tbl FROM temp.undo_log WHERE seq >= ? AND seq <= ?", (first, last)
        )
        return frozenset(str(r[0]) for r in rows)

    def logged_tables(self) -> frozenset[str]:
        """Every table whose writes are logged."""
        return frozenset(getattr(self, "_columns_of", {}))

    def drop_undo_entries(self, first: int, last: int | None = None) -> None:
        if self._logging:
            self.conn.execute(
                "DELETE FROM temp.undo_log WHERE seq >= ? AND seq <= ?",
                (first, last if last is not None else 2**62),
            )

    def row_image(self, table: str, key: object) -> str | None:
        """The row's image as the triggers write it (None: there is no such row)."""
        columns = self._columns_of[table]
        row = self.conn.execute(
            f'SELECT {_image(columns, "t")} FROM main."{table}" t WHERE t."{self._key_of[table]}" = ?',
            (key,),
        ).fetchone()
        return None if row is None else str(row[0])

    def put_row(self, table: str, key: object, image: str | None) -> None:
        """Make the row ``key`` of ``table`` hold ``image`` (None: remove it). The image
        comes from the log, written by ``quote()``: valid SQL literals only."""
        key_column = f'"{self._key_of[table]}"'
        if table == "documents":
            self._texts.pop(int(str(key)), None)  # the cached text goes too
        if image is None:
            self.conn.execute(f'DELETE FROM main."{table}" WHERE {key_column} = ?', (key,))
            return
        columns = ", ".join(f'"{c}"' for c in self._columns_of[table])
        cur = self.conn.execute(
            f'UPDATE main."{table}" SET ({columns}) = ({image}) WHERE {key_column} = ?', (key,)
        )
        if cur.rowcount == 0:
            if key_column == '"rowid"':  # the row comes back under its rowid
                self.conn.execute(
                    f'INSERT INTO main."{table}" (rowid, {columns}) VALUES (?, {image})', (key,)
                )
            else:
                self.conn.execute(f'INSERT INTO main."{table}" ({columns}) VALUES ({image})')

    def fill_undo_images(self, images: list[tuple[int, str]]) -> None:
        """Record the after-images of lazily logged inserts: (seq, image)."""
        self.conn.executemany("UPDATE temp.undo_log SET new = ? WHERE seq = ?", ((i, s) for s, i in images))

    def fill_undo_images_now(self, table: str, first: int, last: int) -> None:
        """One statement: the inserts into ``table`` (a lazy one) among the entries ``first``
        to ``last`` still without an after-image get the row as it is now."""
        self.conn.execute(
            f'UPDATE temp.undo_log SET new = (SELECT {_image(self._columns_of[table], "t")}'
            f' FROM main."{table}" t WHERE t."{self._key_of[table]}" = +undo_log.k)'  # (+: the key's index)
            " WHERE seq >= ? AND seq <= ? AND tbl = ? AND old IS NULL AND new IS NULL",
            (first, last, table),
        )

    @property
    def in_transaction(self) -> bool:
        """Whether a transaction is open on this connection (a write now joins it)."""
        return bool(self.conn.in_transaction)

    def defer_foreign_keys(self) -> None:
        """Check foreign keys at COMMIT only (for this transaction): a replay puts rows back
        one by one, parents and children in the order they were written."""
        self.conn.execute("PRAGMA defer_foreign_keys = ON")

    def put_rows(self, rows: Iterable[tuple[str, object, str | None]]) -> None:
        for table, key, image in rows:
            self.put_row(table, key, image)


def _image(columns: list[str], alias: str) -> str:
    return "||','||".join(f'quote({alias}."{c}")' for c in columns)
