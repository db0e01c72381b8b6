"""Small builders shared by the review tests (merge, agreement, compare, adjudication)."""

from __future__ import annotations

from annot.core.annotations import AddAnnotation
from annot.core.documents import AddDocuments, SourceText, sha256_text
from annot.core.model import Annotation, AnnotatorId, DocumentId
from annot.core.project import Project


def add_text(project: Project, text: str, title: str = "doc") -> DocumentId:
    """Import ``text`` as a document (no undo step) and return its id."""
    src = SourceText(text, title, "", f"{title}.txt", sha256_text(text))
    command = AddDocuments([src])
    with project.store.atomic():
        command.apply(project.store)
    return command.report.document_ids[0]


def who(project: Project, name: str) -> AnnotatorId:
    found = project.store.annotator_by_name(name)
    return found.id if found else project.set_annotator(name)


def span(project: Project, doc: DocumentId, name: str, tag: str, start: int, end: int) -> Annotation:
    """Add an annotation by ``name`` (created if new) through the history."""
    tag_obj = project.store.tag_by_name(tag)
    assert tag_obj is not None, tag
    command = AddAnnotation(doc, tag_obj.id, who(project, name), start, end)
    project.run(command)
    assert command.annotation is not None
    return command.annotation
