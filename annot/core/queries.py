"""Read-only questions about a project, composed from :class:`Store` methods (no SQL).

"A document's annotations in order; by tag, annotator, status" is
:meth:`Store.annotations` with its filters; here is "a claim with its actors and dates".
"""

from __future__ import annotations

from dataclasses import dataclass

from annot.core.errors import ValidationError
from annot.core.model import Annotation, AnnotationId, DocumentId, Role, TagId
from annot.core.store import Store
from annot.core.store.claims import ClaimLinks


@dataclass(frozen=True, slots=True)
class ClaimView:
    """A claim with the actors it is said by and the dates it is dated to, each list in
    text order (:meth:`Store.claim_links`)."""

    claim: Annotation
    actors: list[Annotation]
    dates: list[Annotation]


def claim_with_links(store: Store, ann_id: AnnotationId) -> ClaimView:
    """The claim ``ann_id`` with its linked actors and dates.

    Raises :class:`NotFound` for an unknown id and :class:`ValidationError` when the
    annotation is not a claim."""
    claim = store.annotation(ann_id)
    tag = store.tag(claim.tag_id)
    if tag.role != Role.CLAIM:
        raise ValidationError(f"annotation {ann_id} is tagged {tag.name!r}, not a claim")
    return _views(store, [claim])[0]


def claims_with_links(store: Store, document_id: DocumentId | None = None) -> list[ClaimView]:
    """Every claim (of one document, or of all) with its actors and dates, in text order;
    a few queries in all, whatever the number of claims."""
    claim_tags: set[TagId] = {t.id for t in store.tags() if t.role == Role.CLAIM}
    return _views(store, [a for a in store.annotations(document_id=document_id) if a.tag_id in claim_tags])


def _views(store: Store, claims: list[Annotation]) -> list[ClaimView]:
    """The claims with their actors and dates (the store's one claims query, then the
    linked annotations by id)."""
    linked = store.claim_links([c.id for c in claims])
    targets = {a.id: a for a in store.annotations_by_ids([s[0] for a, d in linked.values() for s in (*a, *d)])}
    none: ClaimLinks = ([], [])
    return [
        ClaimView(c, *([targets[AnnotationId(s[0])] for s in side] for side in linked.get(c.id, none)))
        for c in claims
    ]
