"""The Store's claim alignment: links between claims of different documents and the
labels of claim groups (schema 3)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from annot.core.model import ALIGNMENT_KINDS, Annotation, AnnotationId, DocumentId, GroupLabel, Link
from annot.core.store.base import StoreBase
from annot.core.store.rows import _LINK_COLUMNS, _annotation, _link

_KINDS = tuple(sorted(k.value for k in ALIGNMENT_KINDS))
_IN_KINDS = f"kind IN ({', '.join('?' * len(_KINDS))})"


class ClaimQueries(StoreBase):
    def _has_group_table(self) -> bool:
        """False for a file of schema < 3 opened read-only (a colleague's, to merge)."""
        return (
            self.conn.execute(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'claim_groups'"
            ).fetchone()
            is not None
        )

    # -- alignment links ----------------------------------------------------------------

    def alignment_links(self) -> list[Link]:
        """Every same_claim, partly and contradicts link, in one query."""
        rows = self.conn.execute(
            f"SELECT {_LINK_COLUMNS} FROM links WHERE {_IN_KINDS} ORDER BY created, id", _KINDS
        )
        return [_link(r) for r in rows]

    def alignment_between(self, a: AnnotationId, b: AnnotationId) -> Link | None:
        """The alignment link between two claims, whichever way it points (None if none)."""
        row = self.conn.execute(
            f"SELECT {_LINK_COLUMNS} FROM links WHERE {_IN_KINDS} AND"
            " ((source_id = ? AND target_id = ?) OR (source_id = ? AND target_id = ?))"
            " ORDER BY created, id LIMIT 1",
            (*_KINDS, a, b, b, a),
        ).fetchone()
        return _link(row) if row else None

    def alignment_ends(
        self,
    ) -> list[tuple[str, AnnotationId, DocumentId, AnnotationId, DocumentId]]:
        """(kind, source id, source document, target id, target document) of every
        alignment link, in one query."""
        return self.conn.execute(
            "SELECT l.kind, l.source_id, s.document_id, l.target_id, t.document_id FROM links l"
            " JOIN annotations s ON s.id = l.source_id JOIN annotations t ON t.id = l.target_id"
            f" WHERE l.{_IN_KINDS} ORDER BY l.created, l.id",
            _KINDS,
        ).fetchall()

    def annotations_by_ids(self, ids: Sequence[str]) -> list[Annotation]:
        """The annotations with these ids (those that exist), in chunked queries."""
        out: list[Annotation] = []
        for i in range(0, len(ids), 500):
            chunk = ids[i : i + 500]
            rows = self.conn.execute(
                f"SELECT {self._columns} FROM annotations WHERE id IN ({','.join('?' * len(chunk))})",
                chunk,
            )
            out += [_annotation(r) for r in rows]
        return out

    # -- group labels -------------------------------------------------------------------

    def group_labels(self) -> dict[AnnotationId, GroupLabel]:
        if not self._has_group_table():
            return {}
        rows = self.conn.execute("SELECT claim_id, label, note, modified FROM claim_groups")
        return {AnnotationId(r[0]): GroupLabel(AnnotationId(r[0]), r[1], r[2], r[3]) for r in rows}

    def group_labels_of(self, claim_ids: Sequence[AnnotationId]) -> list[GroupLabel]:
        ids = list(claim_ids)
        out: list[GroupLabel] = []
        for i in range(0, len(ids), 500):
            chunk = ids[i : i + 500]
            rows = self.conn.execute(
                "SELECT claim_id, label, note, modified FROM claim_groups"
                f" WHERE claim_id IN ({','.join('?' * len(chunk))})",
                chunk,
            )
            out += [GroupLabel(AnnotationId(r[0]), r[1], r[2], r[3]) for r in rows]
        return out

    def put_group_labels(self, labels: Iterable[GroupLabel]) -> None:
        """Insert or replace the label rows (keyed by their anchor claim)."""
        self.conn.executemany(
            "INSERT INTO claim_groups (claim_id, label, note, modified) VALUES (?, ?, ?, ?)"
            " ON CONFLICT(claim_id) DO UPDATE SET label = excluded.label,"
            " note = excluded.note, modified = excluded.modified",
            ((g.claim_id, g.label, g.note, g.modified) for g in labels),
        )

    def delete_group_labels(self, claim_ids: Iterable[AnnotationId]) -> None:
        self.conn.executemany(
            "DELETE FROM claim_groups WHERE claim_id = ?", ((i,) for i in claim_ids)
        )
