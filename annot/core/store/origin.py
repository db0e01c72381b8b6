"""The Store's record of where an extracted document came from (schema: documents.extractor
and documents.source_sha256): the extractor's name and version and the original file's
SHA-256, so that the same web page, Word file or PDF is not imported twice."""

from __future__ import annotations

from annot.core.model import DocumentId
from annot.core.store.base import StoreBase


class OriginQueries(StoreBase):
    def set_document_origin(self, doc_id: DocumentId, extractor: str, source_sha256: str) -> None:
        self.conn.execute(
            "UPDATE documents SET extractor = ?, source_sha256 = ? WHERE id = ?",
            (extractor, source_sha256, doc_id),
        )

    def document_origin(self, doc_id: DocumentId) -> tuple[str, str]:
        """``(extractor, source_sha256)`` of a document; ``("", "")`` for a plain text file."""
        row = self.conn.execute(
            "SELECT extractor, source_sha256 FROM documents WHERE id = ?", (doc_id,)
        ).fetchone()
        return (str(row[0]), str(row[1])) if row else ("", "")

    def document_by_source_sha(self, source_sha256: str) -> DocumentId | None:
        row = self.conn.execute(
            "SELECT id FROM documents WHERE source_sha256 = ? LIMIT 1", (source_sha256,)
        ).fetchone()
        return DocumentId(row[0]) if row else None
