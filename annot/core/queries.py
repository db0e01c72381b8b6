"""Read-only questions about a project, composed from :class:`Store` methods (no SQL).

"A document's annotations in order; by tag, annotator, status" is
:meth:`Store.annotations` with its filters; here is "a claim with its actors and dates".
"""

from __future__ import annotations

from dataclasses import dataclass

from annot.core.errors import ValidationError
from annot.core.model import Annotation, AnnotationId, DocumentId, LinkKind, Role, TagId
from annot.core.store import Store


@dataclass(frozen=True, slots=True)
class ClaimView:
    """A claim with the actors it is said by and the dates it is dated to, each list in
    text order."""

    claim: Annotation
    actors: list[Annotation]
    dates: list[Annotation]


def _order(a: Annotation) -> tuple[int, int, int, str]:
    return (a.document_id, a.start, a.end, a.id)


def claim_with_links(store: Store, ann_id: AnnotationId) -> ClaimView:
    """The claim ``ann_id`` with its linked actors and dates.

    Raises :class:`NotFound` for an unknown id and :class:`ValidationError` when the
    annotation is not a claim."""
    claim = store.annotation(ann_id)
    tag = store.tag(claim.tag_id)
    if tag.role != Role.CLAIM:
        raise ValidationError(f"annotation {ann_id} is tagged {tag.name!r}, not a claim")
    actors: list[Annotation] = []
    dates: list[Annotation] = []
    for link in store.links_of(ann_id):
        if link.source_id != ann_id:
            continue
        if link.kind == LinkKind.SAID_BY:
            actors.append(store.annotation(link.target_id))
        elif link.kind == LinkKind.DATED:
            dates.append(store.annotation(link.target_id))
    return ClaimView(claim, sorted(actors, key=_order), sorted(dates, key=_order))


def claims_with_links(store: Store, document_id: DocumentId | None = None) -> list[ClaimView]:
    """Every claim (of one document, or of all) with its actors and dates, in text order;
    a few queries in all, whatever the number of claims."""
    claim_tags: set[TagId] = {t.id for t in store.tags() if t.role == Role.CLAIM}
    annotations = store.annotations(document_id=document_id)
    by_id = {a.id: a for a in annotations}
    actors: dict[AnnotationId, list[Annotation]] = {}
    dates: dict[AnnotationId, list[Annotation]] = {}
    for link in store.links(document_id):
        target = by_id.get(link.target_id)
        if target is None:  # a cross-document link; said_by and dated stay in one document
            continue
        if link.kind == LinkKind.SAID_BY:
            actors.setdefault(link.source_id, []).append(target)
        elif link.kind == LinkKind.DATED:
            dates.setdefault(link.source_id, []).append(target)
    return [
        ClaimView(
            a,
            sorted(actors.get(a.id, []), key=_order),
            sorted(dates.get(a.id, []), key=_order),
        )
        for a in annotations
        if a.tag_id in claim_tags
    ]
