"""The Store's claims: the one query of a claim's actors and dates (:meth:`ClaimQueries.claim_links`,
used by the claims CSV, the Annotations table, the claim board and the timeline), the
alignment links between claims of different documents and the labels of claim groups
(schema 3)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence

from annot.core.model import (
    ALIGNMENT_KINDS,
    Annotation,
    AnnotationId,
    DocumentId,
    GroupLabel,
    Link,
    LinkKind,
)
from annot.core.store.base import StoreBase
from annot.core.store.rows import _LINK_COLUMNS, _annotation, _link

_KINDS = tuple(sorted(k.value for k in ALIGNMENT_KINDS))
_IN_KINDS = f"kind IN ({', '.join('?' * len(_KINDS))})"
_SAID_BY, _DATED = LinkKind.SAID_BY.value, LinkKind.DATED.value

LinkedSpan = tuple[str, int, int, str]  # a linked actor or date: (id, start, end, quote)
ClaimLinks = tuple[list[LinkedSpan], list[LinkedSpan]]  # (actors, dates), each in text order

# The join of a claim to its actors and dates, written once: its said_by and dated links
# ``l`` (``l.source_id`` is the claim) to their targets ``t``, listed in text order. Used by
# :func:`claim_links` and, as SQL, by the Annotations table's sort (:func:`linked_quotes_sql`)
# and word filter (:func:`linked_match_sql`).
LINKED_JOIN = "links l CROSS JOIN annotations t ON t.id = l.target_id"  # claims known: by source
LINKED_KINDS = f"l.kind IN ('{_SAID_BY}', '{_DATED}')"
TEXT_ORDER = "t.span_start, t.span_end, t.created, t.id"
_LINKED_SQL = (
    f"SELECT l.source_id, l.kind, t.id, t.span_start, t.span_end, t.quote FROM {LINKED_JOIN}"
    f" WHERE {{where}} ORDER BY {TEXT_ORDER}"
)


def linked_quotes_sql(kind: LinkKind, claim: str = "a.id") -> str:
    """An SQL expression: the quotes of the said_by (or dated) targets of the annotation
    whose id is ``claim``, joined with "; " in text order (as :func:`claim_links` lists
    them), NULL when it has none."""
    if kind not in (LinkKind.SAID_BY, LinkKind.DATED):
        raise ValueError(f"a claim's actors and dates are said_by or dated links, not {kind.value}")
    return (
        f"(SELECT group_concat(q, '; ') FROM (SELECT t.quote AS q FROM {LINKED_JOIN}"
        f" WHERE l.source_id = {claim} AND l.kind = '{kind.value}' ORDER BY {TEXT_ORDER}))"
    )


def linked_match_sql(test: str, claim: str = "a.id") -> str:
    """An SQL condition: one of the actors or dates of the annotation whose id is ``claim``
    passes ``test`` (a condition on the target ``t``, e.g. ``t.quote LIKE ?``).

    The same join read from the other end: one pass over the annotations for the targets
    that pass, then their links by the target index, for the whole query (a correlated
    EXISTS per row was 10× slower at 300,000 annotations, and :data:`LINKED_JOIN`'s order,
    a lookup per link, 2–4× slower)."""
    return (
        f"{claim} IN (SELECT l.source_id FROM links l WHERE {LINKED_KINDS}"
        f" AND l.target_id IN (SELECT t.id FROM annotations t WHERE {test}))"
    )


class ClaimQueries(StoreBase):
    # -- a claim's actors and dates ----------------------------------------------------

    def claim_links(self, claim_ids: Sequence[str] | None = None) -> dict[str, ClaimLinks]:
        """claim id -> (actors, dates): see :func:`claim_links`."""
        return claim_links(self.conn, claim_ids)

    def _has_group_table(self) -> bool:
        """False for a file of schema < 3 opened read-only (a colleague's, to merge)."""
        return (
            self.conn.execute(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'claim_groups'"
            ).fetchone()
            is not None
        )

    # -- rejected suggestions (schema 9) ------------------------------------------------

    def rejected_pairs(self) -> list[tuple[str, str, str]]:
        """(claim_a, claim_b, created) of every rejected suggestion (claim_a < claim_b);
        none in a file older than schema 9 (a colleague's, read as it is)."""
        if self.conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'rejected_alignments'"
        ).fetchone() is None:
            return []
        return self.conn.execute(
            "SELECT claim_a, claim_b, created FROM rejected_alignments ORDER BY claim_a, claim_b"
        ).fetchall()

    def put_rejections(self, rows: Iterable[tuple[str, str, str]]) -> int:
        """Store rejected pairs (a pair already stored is kept); returns how many were new."""
        before = self.conn.total_changes
        self.conn.executemany(
            "INSERT OR IGNORE INTO rejected_alignments (claim_a, claim_b, created) VALUES (?, ?, ?)",
            rows,
        )
        return self.conn.total_changes - before

    def delete_rejection(self, a: str, b: str) -> None:
        self.conn.execute(
            "DELETE FROM rejected_alignments WHERE claim_a = ? AND claim_b = ?", (min(a, b), max(a, b))
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


def claim_links(conn: sqlite3.Connection, claim_ids: Sequence[str] | None = None) -> dict[str, ClaimLinks]:
    """claim id -> (actors, dates): the targets of its said_by and dated links as
    (id, start, end, quote), each list in text order (said_by and dated stay in one
    document). Of ``claim_ids`` (one query per 500, by the links' source index), or of
    every claim (None: one query). A claim without such links is not a key."""
    found: dict[str, ClaimLinks] = {}
    if claim_ids is None:
        chunks: list[Sequence[str]] = [()]
    else:
        chunks = [claim_ids[i : i + 500] for i in range(0, len(claim_ids), 500)]
    for chunk in chunks:
        where = "l.kind IN (?, ?)" if claim_ids is None else (
            f"l.source_id IN ({', '.join('?' * len(chunk))}) AND +l.kind IN (?, ?)"
        )  # fmt: skip
        for r in conn.execute(_LINKED_SQL.format(where=where), (*chunk, _SAID_BY, _DATED)):
            links = found.get(r[0])
            if links is None:
                links = found[r[0]] = ([], [])
            links[r[1] != _SAID_BY].append(r[2:])
    return found
