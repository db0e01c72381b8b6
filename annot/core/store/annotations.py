"""The Store's annotation queries and bulk reads/writes (CSV, merge, review)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from annot.core.errors import NotFound
from annot.core.model import (
    Annotation,
    AnnotationId,
    Annotator,
    AnnotatorId,
    DocumentId,
    Role,
    Status,
    TagId,
)
from annot.core.store.base import StoreBase
from annot.core.store.rows import (
    _ANNOTATION_COLUMNS,
    _ANNOTATION_V1_COLUMNS,
    AnnotationRow,
    FullAnnotationRow,
    _annotation,
    full_annotation_row,
)


class AnnotationQueries(StoreBase):
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
        in document order (what agreement needs, without building objects). Reviewed
        copies (accepted into the reviewed set, ``source_id`` set) are left out: they are
        the reviewer's decisions on others' spans, not the reviewer's own annotating."""
        where = ["source_id = ''", f"annotator_id IN ({','.join('?' * len(annotator_ids))})"]
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
        order: what a reading pane needs to paint, without quotes and context (fast at 100k).
        A reviewer's record of a span she did not accept (a rejected copy) is not a span."""
        rows = self.conn.execute(
            "SELECT id, tag_id, annotator_id, span_start, span_end FROM annotations"
            " WHERE document_id = ? AND NOT (source_id != '' AND status = 'rejected')",
            (document_id,),
        )
        return rows.fetchall()

    def has_annotation(self, ann_id: AnnotationId) -> bool:
        return (
            self.conn.execute("SELECT 1 FROM annotations WHERE id = ?", (ann_id,)).fetchone()
            is not None
        )

    def known_annotation_ids(self, ids: Sequence[str]) -> set[str]:
        """Those of ``ids`` that are annotations of the project (one query per 500 ids)."""
        found: set[str] = set()
        for i in range(0, len(ids), 500):
            chunk = ids[i : i + 500]
            rows = self.conn.execute(
                f"SELECT id FROM annotations WHERE id IN ({', '.join('?' * len(chunk))})", chunk
            )
            found.update(r[0] for r in rows)
        return found

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

