"""The Store's actor registry (tables ``actors`` and ``actor_mentions``, by UUID)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from annot.core.store.base import StoreBase

# (id, name, kind, aliases "\n"-joined, note, merged_into, modified)
ActorRow = tuple[str, str, str, str, str, str, str]
MentionRow = tuple[str, str, str]  # (annotation id, actor id, modified)

_ACTOR_COLUMNS = "id, name, kind, aliases, note, merged_into, modified"


class ActorQueries(StoreBase):
    def actor_rows(self, *, with_merged: bool = False) -> list[ActorRow]:
        """Every actor (those merged into another only with ``with_merged``), by name."""
        if not self._has("actors"):
            return []
        where = "" if with_merged else " WHERE merged_into = ''"
        return self.conn.execute(
            f"SELECT {_ACTOR_COLUMNS} FROM actors{where} ORDER BY name COLLATE NOCASE, id"
        ).fetchall()

    def actor_row(self, actor_id: str) -> ActorRow | None:
        row = self.conn.execute(f"SELECT {_ACTOR_COLUMNS} FROM actors WHERE id = ?", (actor_id,)).fetchone()
        return tuple(row) if row else None

    def put_actor_rows(self, rows: Iterable[ActorRow]) -> None:
        self.conn.executemany(
            f"INSERT OR REPLACE INTO actors ({_ACTOR_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?)", rows
        )

    def delete_actor_ids(self, ids: Iterable[str]) -> None:
        self.conn.executemany("DELETE FROM actors WHERE id = ?", ((i,) for i in ids))

    def mention_rows(self) -> list[MentionRow]:
        """Every assignment of an existing annotation."""
        if not self._has("actor_mentions"):
            return []
        return self.conn.execute(
            "SELECT m.annotation_id, m.actor_id, m.modified FROM actor_mentions m"
            " JOIN annotations a ON a.id = m.annotation_id ORDER BY m.annotation_id"
        ).fetchall()

    def mentions_of_actor(self, actor_id: str) -> list[str]:
        """Ids of the existing annotations assigned to ``actor_id``."""
        return [
            r[0]
            for r in self.conn.execute(
                "SELECT m.annotation_id FROM actor_mentions m JOIN annotations a"
                " ON a.id = m.annotation_id WHERE m.actor_id = ?"
                " ORDER BY a.document_id, a.span_start",
                (actor_id,),
            )
        ]

    def actor_of(self, annotation_id: str) -> str | None:
        row = self.conn.execute(
            "SELECT actor_id FROM actor_mentions WHERE annotation_id = ?", (annotation_id,)
        ).fetchone()
        return str(row[0]) if row else None

    def actors_of(self, ids: Sequence[str]) -> dict[str, str]:
        """annotation id -> actor id, for those among ``ids`` that are assigned."""
        found: dict[str, str] = {}
        if not self._has("actor_mentions"):
            return found
        for i in range(0, len(ids), 500):
            chunk = ids[i : i + 500]
            found.update(
                self.conn.execute(
                    "SELECT annotation_id, actor_id FROM actor_mentions"
                    f" WHERE annotation_id IN ({','.join('?' * len(chunk))})",
                    chunk,
                ).fetchall()
            )
        return found

    def mention_rows_of(self, ids: Sequence[str]) -> dict[str, MentionRow]:
        """annotation id -> its stored assignment row, for those among ``ids`` assigned."""
        found: dict[str, MentionRow] = {}
        for i in range(0, len(ids), 500):
            chunk = ids[i : i + 500]
            for row in self.conn.execute(
                "SELECT annotation_id, actor_id, modified FROM actor_mentions"
                f" WHERE annotation_id IN ({','.join('?' * len(chunk))})",
                chunk,
            ):
                found[row[0]] = (row[0], row[1], row[2])
        return found

    def put_mentions(self, rows: Iterable[MentionRow]) -> None:
        self.conn.executemany(
            "INSERT OR REPLACE INTO actor_mentions (annotation_id, actor_id, modified) VALUES (?, ?, ?)",
            rows,
        )

    def delete_mentions(self, annotation_ids: Iterable[str]) -> None:
        self.conn.executemany(
            "DELETE FROM actor_mentions WHERE annotation_id = ?", ((i,) for i in annotation_ids)
        )

    def actor_counts(self) -> dict[tuple[str, int], int]:
        """(actor id, document id) -> number of mentions (of existing annotations)."""
        rows = self.conn.execute(
            "SELECT m.actor_id, a.document_id, count(*) FROM actor_mentions m"
            " JOIN annotations a ON a.id = m.annotation_id GROUP BY m.actor_id, a.document_id"
        )
        return {(str(r[0]), int(r[1])): int(r[2]) for r in rows}

    def _has(self, table: str) -> bool:
        row = self.conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (table,)
        ).fetchone()
        return row is not None
