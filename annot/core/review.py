"""Adjudication and comments: the commands of a reviewer.

The **reviewed set** is the layer of the reviewer's own annotations with status
``accepted``. Accepting an annotation copies it there: a new UUID, the reviewer as its
annotator, ``reviewer`` = the reviewer's name and ``source_id`` = the id of the annotation
it came from; the span or tag may be edited on the way (``start``/``end``/``tag_id``). Links
of the original whose other end is already in the reviewed set are copied between the
copies, so that the claims table of the reviewed set keeps its actors and dates.
The original stays as its author made it, so merging it back never overrides the author.

**Not accepting** (the compare view's "Accept neither") leaves the original alone too: it
records the decision as a copy in the reviewer's layer with status ``rejected`` (a *decline*,
:class:`DeclineAnnotation`), which is not in the reviewed set, is not painted in the text and
merges by its UUID like any annotation. So a reviewer's "no" never rewrites a colleague's span.
:class:`RejectAnnotation` (marking the original itself rejected) stays for explicit use and
for projects made before declines existed.
"Both" and "neither" are :class:`Adjudicate` commands holding two decisions (one undo step).

What each decision does, in the words the compare view shows (:data:`DECISION_HELP`).

Comments belong to an annotation, carry their author's name and merge by UUID.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from annot.core.annotations import _Replace, check_span, link_problem, new_id, now, slice_span
from annot.core.errors import ValidationError
from annot.core.history import Command
from annot.core.model import (
    Annotation,
    AnnotationId,
    AnnotatorId,
    Changes,
    Comment,
    CommentId,
    Link,
    LinkId,
    Status,
    TagId,
)
from annot.core.store import Store

DECISION_HELP = {
    "accept": "Copies this span into the reviewed set (status accepted, you as its reviewer,"
    " linked to its source). The original stays exactly as its author made it.",
    "both": "Copies both spans into the reviewed set. Both originals stay as their authors"
    " made them.",
    "neither": "Nothing enters the reviewed set for this difference. Both originals stay"
    " unchanged (their authors' status is not touched); your decision is recorded in your"
    " layer, so the difference shows as settled and merges with your project.",
    "edit": "Copies the span into the reviewed set with the boundaries or tag you give. The"
    " original stays as its author made it.",
}


def reviewed_copy(store: Store, source_id: AnnotationId) -> Annotation | None:
    """The accepted copy of annotation ``source_id`` in the reviewed set, if any."""
    for copy in store.reviewed_from(source_id):
        if copy.status is Status.ACCEPTED:
            return copy
    return None


def has_review(store: Store) -> bool:
    """Whether a reviewed set exists (some annotation is accepted): the claims CSV then
    exports it by default (:func:`default_claims_status`)."""
    return store.export_count(status=Status.ACCEPTED) > 0


def default_claims_status(store: Store) -> Status | None:
    """What the claims CSV exports unless told otherwise: the reviewed set once a review
    exists, every claim before."""
    return Status.ACCEPTED if has_review(store) else None


def declined(store: Store, source_id: AnnotationId) -> Annotation | None:
    """The reviewer's record that annotation ``source_id`` was not accepted, if any."""
    for copy in store.reviewed_from(source_id):
        if copy.status is Status.REJECTED:
            return copy
    return None


@dataclass
class AcceptAnnotation:
    """Copy an annotation into the reviewed set (optionally with other bounds or tag)."""

    annotation_id: AnnotationId
    reviewer_id: AnnotatorId
    start: int | None = None
    end: int | None = None
    tag_id: TagId | None = None
    copy: Annotation | None = field(default=None, init=False)

    @property
    def label(self) -> str:
        return "Accept annotation"

    def apply(self, store: Store) -> Changes:
        original = store.annotation(self.annotation_id)
        if original.source_id:
            raise ValidationError("this annotation is itself a reviewed copy")
        if reviewed_copy(store, original.id) is not None:
            raise ValidationError("this annotation is already in the reviewed set")
        if declined(store, original.id) is not None:
            raise ValidationError("this annotation was marked not accepted; undo that first")
        reviewer = store.annotator(self.reviewer_id)
        start = original.start if self.start is None else self.start
        end = original.end if self.end is None else self.end
        text = store.document_text(original.document_id)
        check_span(len(text), start, end)
        tag_id = original.tag_id if self.tag_id is None else store.tag(self.tag_id).id
        quote, before, after = slice_span(text, start, end)
        stamp = now()
        self.copy = replace(
            original,
            id=AnnotationId(new_id()),
            tag_id=tag_id,
            annotator_id=reviewer.id,
            start=start,
            end=end,
            quote=quote,
            context_before=before,
            context_after=after,
            status=Status.ACCEPTED,
            created=stamp,
            modified=stamp,
            reviewer=reviewer.name,
            source_id=original.id,
        )
        store.insert_annotation(self.copy)
        store.insert_links(self._copied_links(store, original, self.copy))
        return Changes(annotations=frozenset({self.copy.document_id}))

    @staticmethod
    def _copied_links(store: Store, original: Annotation, copy: Annotation) -> list[Link]:
        links: list[Link] = []
        for link in store.links_of(original.id):
            outgoing = link.source_id == original.id
            other = reviewed_copy(store, link.target_id if outgoing else link.source_id)
            if other is None:
                continue
            source, target = (copy, other) if outgoing else (other, copy)
            if link_problem(store, link.kind, source, target):
                continue  # e.g. the copy was given another tag
            if store.find_link(link.kind, source.id, target.id) is None:
                links.append(Link(LinkId(new_id()), link.kind, source.id, target.id, now()))
        return links



@dataclass
class DeclineAnnotation:
    """Record that the reviewer does not accept an annotation, leaving the original alone."""

    annotation_id: AnnotationId
    reviewer_id: AnnotatorId
    record: Annotation | None = field(default=None, init=False)

    @property
    def label(self) -> str:
        return "Do not accept annotation"

    def apply(self, store: Store) -> Changes:
        original = store.annotation(self.annotation_id)
        if original.source_id:
            raise ValidationError("this annotation is itself a reviewed copy")
        if reviewed_copy(store, original.id) is not None:
            raise ValidationError("this annotation is in the reviewed set; undo the accept first")
        if declined(store, original.id) is not None:
            raise ValidationError("this annotation is already marked not accepted")
        reviewer = store.annotator(self.reviewer_id)
        stamp = now()
        self.record = replace(
            original, id=AnnotationId(new_id()), annotator_id=reviewer.id,
            status=Status.REJECTED, created=stamp, modified=stamp, reviewer=reviewer.name,
            source_id=original.id, note="",
        )  # fmt: skip
        store.insert_annotation(self.record)
        return Changes(annotations=frozenset({self.record.document_id}))


@dataclass
class RejectAnnotation(_Replace):
    """Mark an annotation rejected, with the reviewer's name."""

    reviewer_id: AnnotatorId = AnnotatorId(0)

    @property
    def label(self) -> str:
        return "Reject annotation"

    def _changed(self, store: Store, old: Annotation) -> Annotation:
        if reviewed_copy(store, old.id) is not None:
            raise ValidationError("this annotation is in the reviewed set; undo the accept first")
        return replace(old, status=Status.REJECTED, reviewer=store.annotator(self.reviewer_id).name)


@dataclass
class Adjudicate:
    """Several decisions as one undo step (accept both, accept neither)."""

    decisions: Sequence[Command]
    name: str = "Adjudicate"

    @property
    def label(self) -> str:
        return self.name

    def apply(self, store: Store) -> Changes:
        changes = Changes()
        for command in self.decisions:
            changes |= command.apply(store)
        return changes


def accept_both(a: AnnotationId, b: AnnotationId, reviewer: AnnotatorId) -> Adjudicate:
    return Adjudicate([AcceptAnnotation(a, reviewer), AcceptAnnotation(b, reviewer)], "Accept both")


def reject_both(a: AnnotationId, b: AnnotationId, reviewer: AnnotatorId) -> Adjudicate:
    """Mark both originals rejected (changes the authors' spans; see :func:`accept_neither`)."""
    return Adjudicate(
        [RejectAnnotation(a, reviewer_id=reviewer), RejectAnnotation(b, reviewer_id=reviewer)],
        "Reject both",
    )


def accept_neither(ids: Sequence[AnnotationId], reviewer: AnnotatorId) -> Adjudicate:
    """The compare view's "Accept neither": a decline for each span, originals untouched."""
    return Adjudicate([DeclineAnnotation(x, reviewer) for x in ids], "Accept neither")


# -- comments -----------------------------------------------------------------------------


def _clean(text: str) -> str:
    text = text.strip()
    if not text:
        raise ValidationError("a comment needs some text")
    return text


@dataclass
class AddComment:
    annotation_id: AnnotationId
    author: str
    text: str
    comment: Comment | None = field(default=None, init=False)

    @property
    def label(self) -> str:
        return "Add comment"

    def apply(self, store: Store) -> Changes:
        annotation = store.annotation(self.annotation_id)
        if not self.author.strip():
            raise ValidationError("a comment needs its author's name")
        stamp = now()
        self.comment = Comment(
            CommentId(new_id()), annotation.id, self.author.strip(), _clean(self.text), stamp, stamp
        )
        store.insert_comments([self.comment])
        return Changes(annotations=frozenset({annotation.document_id}))


@dataclass
class EditComment:
    comment_id: CommentId
    text: str

    @property
    def label(self) -> str:
        return "Edit comment"

    def apply(self, store: Store) -> Changes:
        before = store.comment(self.comment_id)
        text = _clean(self.text)
        if text == before.text:
            raise ValidationError("nothing to change")
        store.replace_comments([replace(before, text=text, modified=now())])
        return Changes(annotations=frozenset({store.annotation(before.annotation_id).document_id}))


@dataclass
class DeleteComment:
    comment_id: CommentId

    @property
    def label(self) -> str:
        return "Delete comment"

    def apply(self, store: Store) -> Changes:
        comment = store.comment(self.comment_id)
        store.delete_comment_ids([self.comment_id])
        return Changes(annotations=frozenset({store.annotation(comment.annotation_id).document_id}))
