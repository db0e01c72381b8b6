"""The Store's normalised date values (table ``date_values``, kept by annotation UUID)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence

from annot.core.store.base import StoreBase

DateValueRow = tuple[str, str, str, str]  # (annotation id, value, status, modified)


class DateValueQueries(StoreBase):
    def has_table(self, name: str) -> bool:
        """Whether the file has table ``name`` (a colleague's older file read as it is)."""
        row = self.conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (name,)
        ).fetchone()
        return row is not None

    def date_value(self, ann_id: str) -> tuple[str, str] | None:
        """(value, status) of a date span, or None when it has none."""
        row = self.conn.execute(
            "SELECT value, status FROM date_values WHERE annotation_id = ?", (ann_id,)
        ).fetchone()
        return (str(row[0]), str(row[1])) if row else None

    def date_values_of(self, ids: Sequence[str]) -> dict[str, tuple[str, str]]:
        """id -> (value, status) of the annotations among ``ids`` that have a value."""
        found: dict[str, tuple[str, str]] = {}
        for i in range(0, len(ids), 500):
            chunk = ids[i : i + 500]
            for ann_id, value, status in self.conn.execute(
                "SELECT annotation_id, value, status FROM date_values"
                f" WHERE annotation_id IN ({','.join('?' * len(chunk))})",
                chunk,
            ):
                found[ann_id] = (value, status)
        return found

    def date_value_rows_of(self, ids: Sequence[str]) -> list[DateValueRow]:
        """The stored rows of these annotations' values (those that have one)."""
        found: list[DateValueRow] = []
        for i in range(0, len(ids), 500):
            chunk = ids[i : i + 500]
            found += self.conn.execute(
                "SELECT annotation_id, value, status, modified FROM date_values"
                f" WHERE annotation_id IN ({','.join('?' * len(chunk))})",
                chunk,
            ).fetchall()
        return found

    def date_value_rows(self) -> list[DateValueRow]:
        """Every stored value of an existing annotation (merging reads these)."""
        if not self.has_table("date_values"):
            return []
        return self.conn.execute(
            "SELECT v.annotation_id, v.value, v.status, v.modified FROM date_values v"
            " JOIN annotations a ON a.id = v.annotation_id ORDER BY v.annotation_id"
        ).fetchall()

    def put_date_values(self, rows: Iterable[DateValueRow], *, keep_existing: bool = False) -> None:
        """Write values (call inside :meth:`atomic`); ``keep_existing`` leaves a stored
        value as it is (a suggestion never overwrites)."""
        verb = "INSERT OR IGNORE" if keep_existing else "INSERT OR REPLACE"
        self.conn.executemany(
            f"{verb} INTO date_values (annotation_id, value, status, modified) VALUES (?, ?, ?, ?)",
            rows,
        )

    def delete_date_values(self, ids: Iterable[str]) -> None:
        self.conn.executemany("DELETE FROM date_values WHERE annotation_id = ?", ((i,) for i in ids))

    def date_spans_without_value(
        self, ids: Sequence[str] | None = None
    ) -> list[tuple[str, int, int, int]]:
        """(id, document id, start, end) of the date-role spans (among ``ids``, or all)
        that have no stored value, by document."""
        sql = (
            "SELECT a.id, a.document_id, a.span_start, a.span_end FROM annotations a"
            " JOIN tags t ON t.id = a.tag_id"
            " WHERE t.role = 'date' AND NOT EXISTS"
            " (SELECT 1 FROM date_values v WHERE v.annotation_id = a.id)"
        )
        if ids is None:
            return self.conn.execute(sql + " ORDER BY a.document_id").fetchall()
        # the ids as one JSON array, each looked up by its key (a merge passes 100k of them)
        return self.conn.execute(
            sql.replace("FROM annotations a", "FROM json_each(?) j CROSS JOIN annotations a ON a.id = j.value")
            + " ORDER BY a.document_id, j.key",
            (json.dumps(list(dict.fromkeys(ids))),),
        ).fetchall()

    def suggested_date_spans(self, document_ids: Sequence[int]) -> list[tuple[str, int, int, int]]:
        """(id, document id, start, end) of the date spans of these documents whose value
        is only suggested (to suggest again after the publication date changed)."""
        marks = ",".join("?" * len(document_ids))
        return self.conn.execute(
            "SELECT a.id, a.document_id, a.span_start, a.span_end FROM annotations a"
            " JOIN date_values v ON v.annotation_id = a.id JOIN tags t ON t.id = a.tag_id"
            f" WHERE t.role = 'date' AND v.status = 'suggested' AND a.document_id IN ({marks})",
            list(document_ids),
        ).fetchall()
