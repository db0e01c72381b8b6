"""Column lists and row <-> value conversions of the project tables."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from typing import Any

from annot.core.model import (
    Annotation,
    AnnotationId,
    AnnotatorId,
    Comment,
    CommentId,
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


def text_sha256(text: str) -> str:
    """A document's identity across projects: the SHA-256 of its UTF-8 text."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
