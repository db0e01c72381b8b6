"""The Store's queries for the Annotations table: a count, one page at a time, the rank
of one annotation, all filtered and ordered in SQLite.

A view of 300,000 annotations reads only what is on screen: :meth:`TableQueries.table_count`
answers at once, :meth:`TableQueries.table_page` reads ``limit`` rows from ``offset`` with
their said_by/dated columns joined for the whole page (the store's one claims query;
:meth:`TableQueries.table_page_beside` the page next to a row already read, by its key, in
reading order), and :meth:`TableQueries.table_rank`
finds where one annotation sits under the current order (to select it) without a scan in
Python. Every order ends with the annotation id, so it is total and a rank is exact.

Reading order over all annotations or one document is served by an index as it is. Any
other query (a text, tag or annotator filter, a sort by another column) is run once into a
temporary table of positions, kept until the project changes: scrolling, counting and
finding a row are then lookups, not a scan and a sort per page.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from annot.core.model import (
    Annotation,
    AnnotationId,
    AnnotatorId,
    DocumentId,
    LinkKind,
    TagId,
)
from annot.core.store.base import StoreBase
from annot.core.store.claims import ClaimLinks, claim_links, linked_match_sql, linked_quotes_sql
from annot.core.store.rows import _ANNOTATION_V1_COLUMNS, _annotation

SORTS = ("", "document", "tag", "quote", "actor", "date", "annotator", "note", "status")
_READING = ("a.document_id", "a.span_start", "a.span_end", "a.created", "a.id")
_RANK_TABLE = "temp.annot_table_rank"
_VIEW_TABLE = "temp.annot_table_view"


@dataclass(frozen=True, slots=True)
class TableQuery:
    """Which annotations the table shows and in which order.

    ``words``: each must occur (case-insensitively) in the quote, the note or the quote of
    a linked actor or date. ``sort``: one of :data:`SORTS` ("" = document order)."""

    tag_id: TagId | None = None
    annotator_id: AnnotatorId | None = None
    document_id: DocumentId | None = None
    words: tuple[str, ...] = ()
    sort: str = ""
    descending: bool = False

    @property
    def indexed(self) -> bool:
        """Whether an index serves it as it is (reading order, all or one document)."""
        return not self.words and self.sort in ("", "quote") and self.tag_id is None and self.annotator_id is None


@dataclass(frozen=True, slots=True)
class TableRow:
    """One row of the table: the annotation and the quotes of its actors and dates (in text
    order)."""

    annotation: Annotation
    actors: tuple[str, ...] = field(default=())
    dates: tuple[str, ...] = field(default=())


def _like(word: str) -> str:
    escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _with_links(conn: sqlite3.Connection, annotations: list[Annotation]) -> list[TableRow]:
    """The rows of ``annotations`` with the quotes of their actors and dates (the store's one
    claims query, :func:`annot.core.store.claims.claim_links`)."""
    linked = claim_links(conn, [a.id for a in annotations])
    none: ClaimLinks = ([], [])
    return [
        TableRow(a, *(tuple(span[3] for span in side) for side in linked.get(a.id, none)))
        for a in annotations
    ]


class TableQueries(StoreBase):
    _casefold_ready = False
    _rank_for: tuple[str, tuple[tuple[int, int], ...]] | None = None
    _view_for: tuple[TableQuery, int] | None = None

    # -- the pieces of one query ---------------------------------------------------------

    def _table_where(self, q: TableQuery) -> tuple[str, list[Any]]:
        where: list[str] = []
        params: list[Any] = []
        for column, value in (
            ("a.tag_id", q.tag_id),
            ("a.annotator_id", q.annotator_id),
            ("a.document_id", q.document_id),
        ):
            if value is not None:
                where.append(f"{column} = ?")
                params.append(value)
        for word in q.words:
            folded = word.casefold()
            if folded.isascii():  # LIKE folds ASCII letters itself, in C
                fold = "{}"
            else:  # other scripts: fold both sides with Python's casefold
                self._ensure_casefold()
                fold = "annot_casefold({})"
            test = f"{fold} LIKE ? ESCAPE '\\'"
            # or the quote of a linked actor or date (the store's one claims join)
            linked = linked_match_sql(test.format("t.quote"))
            where.append(f"({test.format('a.quote')} OR {test.format('a.note')} OR {linked})")
            params += [_like(folded)] * 3
        return (" WHERE " + " AND ".join(where)) if where else "", params

    def _ensure_casefold(self) -> None:
        if not self._casefold_ready:
            self.conn.create_function(
                "annot_casefold", 1, lambda s: s.casefold() if isinstance(s, str) else s,
                deterministic=True,
            )  # fmt: skip
            self._casefold_ready = True

    def _table_keys(self, q: TableQuery) -> tuple[str, list[str]]:
        """(joins, key expressions) of the order: the column's key, then reading order."""
        if q.sort not in SORTS:
            raise ValueError(f"cannot sort the table by {q.sort!r}")
        if q.sort in ("", "quote"):
            return "", list(_READING)
        if q.sort in ("document", "tag", "annotator"):
            column = {"document": "a.document_id", "tag": "a.tag_id", "annotator": "a.annotator_id"}
            self._fill_ranks(q.sort)
            return f" JOIN {_RANK_TABLE} r ON r.id = {column[q.sort]}", ["r.rank", *_READING]
        key = {
            "actor": linked_quotes_sql(LinkKind.SAID_BY),
            "date": linked_quotes_sql(LinkKind.DATED),
            "note": "a.note COLLATE NOCASE",
            "status": "a.status",
        }[q.sort]
        return "", [f"coalesce({key}, '')" if q.sort in ("actor", "date") else key, *_READING]

    def _fill_ranks(self, sort: str) -> None:
        """Rank the few documents, tags or annotators by their shown name (casefolded, as
        Python sorts), in a temporary table the order joins."""
        if sort == "document":
            names = [(int(d.id), (d.title or d.filename).casefold()) for d in self.documents()]
        elif sort == "tag":
            names = [(int(t.id), t.name.casefold()) for t in self.tags()]
        else:
            names = [(int(a.id), a.name.casefold()) for a in self.annotators()]
        ranks = tuple((i, rank) for rank, (i, _) in enumerate(sorted(names, key=lambda n: (n[1], n[0]))))
        if self._rank_for == (sort, ranks):
            return
        self.conn.execute(
            f"CREATE TABLE IF NOT EXISTS {_RANK_TABLE} (id INTEGER PRIMARY KEY, rank INTEGER NOT NULL)"
        )
        self.conn.execute(f"DELETE FROM {_RANK_TABLE}")
        self.conn.executemany(f"INSERT INTO {_RANK_TABLE} (id, rank) VALUES (?, ?)", ranks)
        self._rank_for = (sort, ranks)

    # -- the queries -----------------------------------------------------------------------

    @staticmethod
    def _direct(q: TableQuery) -> bool:
        return q.indexed

    def _view(self, q: TableQuery) -> None:
        """The ids ``q`` shows, in its order, in a temporary table (position → rowid): one
        scan and one sort for the query, then every page, count and rank is a lookup. Any
        write to the project (``total_changes`` moves) makes the next read build it again."""
        if self._view_for == (q, self.conn.total_changes):
            return
        where, params = self._table_where(q)
        joins, keys = self._table_keys(q)
        direction = " DESC" if q.descending else ""
        self.conn.execute(f"DROP TABLE IF EXISTS {_VIEW_TABLE}")
        self.conn.execute(f"CREATE TABLE {_VIEW_TABLE} (pos INTEGER PRIMARY KEY, ann INTEGER NOT NULL)")
        # a scan and a sort ("+": not an index walk with a table lookup per row)
        order = ", ".join(("+" if k == "a.document_id" else "") + k + direction for k in keys)
        self.conn.execute(
            f"INSERT INTO {_VIEW_TABLE} (ann) SELECT a.rowid FROM annotations a{joins}{where}"
            f" ORDER BY {order}",
            params,
        )
        self._view_for = (q, self.conn.total_changes)

    def table_order(self, q: TableQuery) -> list[int]:
        """The rowids of the annotations ``q`` selects, in its order: for a view that keeps
        the order itself and builds it off the GUI thread (on a :func:`open_reader`
        connection), then reads its pages with :meth:`table_rows`."""
        where, params = self._table_where(q)
        joins, keys = self._table_keys(q)
        direction = " DESC" if q.descending else ""
        order = ", ".join(("+" if k == "a.document_id" else "") + k + direction for k in keys)
        rows = self.conn.execute(
            f"SELECT a.rowid FROM annotations a{joins}{where} ORDER BY {order}", params
        )
        return [r[0] for r in rows]

    def table_rows(self, rowids: Sequence[int]) -> list[TableRow]:
        """The rows of these rowids, in this order (those deleted meanwhile left out)."""
        columns = ", ".join(f"a.{c.strip()}" for c in _ANNOTATION_V1_COLUMNS.split(","))
        columns += ", '', ''" if self._legacy else ", a.reviewer, a.source_id, a.rowid"
        if self._legacy:
            columns += ", a.rowid"
        found: dict[int, Annotation] = {}
        for i in range(0, len(rowids), 500):
            chunk = list(rowids[i : i + 500])
            for r in self.conn.execute(
                f"SELECT {columns} FROM annotations a WHERE a.rowid IN ({', '.join('?' * len(chunk))})",
                chunk,
            ):
                found[r[-1]] = _annotation(r)
        return _with_links(self.conn, [found[r] for r in rowids if r in found])

    def annotation_rowid(self, ann_id: AnnotationId | str) -> int | None:
        row = self.conn.execute("SELECT rowid FROM annotations WHERE id = ?", (ann_id,)).fetchone()
        return None if row is None else int(row[0])

    @property
    def writes(self) -> int:
        """How many rows this connection has written so far (moves with every change)."""
        return int(self.conn.total_changes)

    def table_count(self, q: TableQuery) -> int:
        if self._direct(q):
            where, params = self._table_where(q)
            sql = f"SELECT count(*) FROM annotations a{where}"
        else:
            self._view(q)
            sql, params = f"SELECT count(*) FROM {_VIEW_TABLE}", []
        return int(self.conn.execute(sql, params).fetchone()[0])

    def table_page(self, q: TableQuery, offset: int, limit: int) -> list[TableRow]:
        """``limit`` rows from ``offset`` under ``q``, with their actors and dates."""
        columns = ", ".join(f"a.{c.strip()}" for c in _ANNOTATION_V1_COLUMNS.split(","))
        columns += ", '', ''" if self._legacy else ", a.reviewer, a.source_id"
        if self._direct(q):
            where, params = self._table_where(q)
            direction = " DESC" if q.descending else ""
            rows = self.conn.execute(
                f"SELECT {columns} FROM annotations a{where}"
                f" ORDER BY {', '.join(k + direction for k in _READING)} LIMIT ? OFFSET ?",
                (*params, limit, offset),
            ).fetchall()
        else:
            self._view(q)
            rows = self.conn.execute(
                f"SELECT {columns} FROM {_VIEW_TABLE} v CROSS JOIN annotations a ON a.rowid = v.ann"
                " WHERE v.pos > ? AND v.pos <= ? ORDER BY v.pos",
                (offset, offset + limit),
            ).fetchall()
        return _with_links(self.conn, [_annotation(r) for r in rows])

    def table_page_beside(self, q: TableQuery, row: Annotation, limit: int, *, before: bool = False) -> list[TableRow]:
        """The ``limit`` rows that follow ``row`` under ``q`` (``before``: that precede it),
        in ``q``'s order: a seek by ``row``'s place in reading order, where an OFFSET in the
        middle of 300k rows walks half of them. For a query an index serves (``q.indexed``)."""
        if not self._direct(q):
            raise ValueError("a page beside a row is read only for reading order")
        columns = ", ".join(f"a.{c.strip()}" for c in _ANNOTATION_V1_COLUMNS.split(","))
        columns += ", '', ''" if self._legacy else ", a.reviewer, a.source_id"
        where, params = self._table_where(q)
        backwards = before != q.descending  # walk the index downwards
        direction = " DESC" if backwards else ""
        rows = self.conn.execute(
            f"SELECT {columns} FROM annotations a" + (where + " AND" if where else " WHERE")
            + f" ({', '.join(_READING)}) {'<' if backwards else '>'} (?, ?, ?, ?, ?)"
            f" ORDER BY {', '.join(k + direction for k in _READING)} LIMIT ?",
            (*params, row.document_id, row.start, row.end, row.created, row.id, limit),
        ).fetchall()
        return _with_links(self.conn, [_annotation(r) for r in (rows[::-1] if before else rows)])

    def table_rank(self, q: TableQuery, ann_id: AnnotationId | str) -> int | None:
        """The row of ``ann_id`` under ``q`` (0-based), or None when ``q`` leaves it out."""
        if not self._direct(q):
            self._view(q)
            row = self.conn.execute(
                f"SELECT pos - 1 FROM {_VIEW_TABLE} WHERE ann = (SELECT rowid FROM annotations WHERE id = ?)",
                (ann_id,),
            ).fetchone()
            return None if row is None else int(row[0])
        where, params = self._table_where(q)
        before = ">" if q.descending else "<"
        and_ = where + " AND" if where else " WHERE"
        keys = ", ".join(_READING)
        # one statement: whether q shows it, and how many rows come before it
        row = self.conn.execute(
            f"SELECT CASE WHEN EXISTS (SELECT 1 FROM annotations a{and_} a.id = ?)"
            f" THEN (SELECT count(*) FROM annotations a{and_} ({keys}) {before}"
            f" (SELECT {keys} FROM annotations a WHERE a.id = ?)) END",
            (*params, ann_id, *params, ann_id),
        ).fetchone()
        return None if row[0] is None else int(row[0])
