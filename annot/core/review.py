"""Adjudication and comments: the commands of a reviewer.

The **reviewed set** is the layer of the reviewer's own annotations with status
``accepted``. Accepting an annotation copies it there: a new UUID, the reviewer as its
annotator, ``reviewer`` = the reviewer's name and ``source_id`` = the id of the annotation
it came from; the span or tag may be edited on the way (``start``/``end``/``tag_id``). Links
of the original whose other end is already in the reviewed set are copied between the
copies, so that the claims table of the reviewed set keeps its actors and dates.
The original stays as its author made it, so merging it back never overrides the author.

Rejecting marks the original itself: status ``rejected`` and the reviewer's name.
"Both" and "neither" are :class:`Adjudicate` commands holding two decisions (one undo step).

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
    DocumentId,
    Link,
    LinkId,
    Status,
    TagId,
)
from annot.core.store import Store


def reviewed_copy(store: Store, source_id: AnnotationId) -> Annotation | None:
    """The accepted copy of annotation ``source_id`` in the reviewed set, if any."""
    for copy in store.reviewed_from(source_id):
        if copy.status is Status.ACCEPTED:
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
    _links: list[Link] = field(default_factory=list, init=False)

    @property
    def label(self) -> str:
        return "Accept annotation"

    def apply(self, store: Store) -> Changes:
        if self.copy is None:
            original = store.annotation(self.annotation_id)
            if original.source_id:
                raise ValidationError("this annotation is itself a reviewed copy")
            if reviewed_copy(store, original.id) is not None:
                raise ValidationError("this annotation is already in the reviewed set")
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
            self._links = self._copied_links(store, original, self.copy)
        else:
            store.insert_annotation(self.copy)
        store.insert_links(self._links)
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

    def revert(self, store: Store) -> Changes:
        assert self.copy is not None
        store.delete_link_ids(link.id for link in self._links)
        store.delete_annotation(self.copy.id)
        return Changes(annotations=frozenset({self.copy.document_id}))


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

    def revert(self, store: Store) -> Changes:
        changes = Changes()
        for command in reversed(self.decisions):
            changes |= command.revert(store)
        return changes


def accept_both(a: AnnotationId, b: AnnotationId, reviewer: AnnotatorId) -> Adjudicate:
    return Adjudicate([AcceptAnnotation(a, reviewer), AcceptAnnotation(b, reviewer)], "Accept both")


def reject_both(a: AnnotationId, b: AnnotationId, reviewer: AnnotatorId) -> Adjudicate:
    return Adjudicate(
        [RejectAnnotation(a, reviewer_id=reviewer), RejectAnnotation(b, reviewer_id=reviewer)],
        "Accept neither",
    )


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
    _doc: frozenset[DocumentId] = field(default_factory=frozenset, init=False)

    @property
    def label(self) -> str:
        return "Add comment"

    def apply(self, store: Store) -> Changes:
        if self.comment is None:
            annotation = store.annotation(self.annotation_id)
            if not self.author.strip():
                raise ValidationError("a comment needs its author's name")
            stamp = now()
            self.comment = Comment(
                CommentId(new_id()),
                annotation.id,
                self.author.strip(),
                _clean(self.text),
                stamp,
                stamp,
            )
            self._doc = frozenset({annotation.document_id})
        store.insert_comments([self.comment])
        return Changes(annotations=self._doc)

    def revert(self, store: Store) -> Changes:
        assert self.comment is not None
        store.delete_comment_ids([self.comment.id])
        return Changes(annotations=self._doc)


@dataclass
class EditComment:
    comment_id: CommentId
    text: str
    _before: Comment | None = field(default=None, init=False)
    _after: Comment | None = field(default=None, init=False)
    _doc: frozenset[DocumentId] = field(default_factory=frozenset, init=False)

    @property
    def label(self) -> str:
        return "Edit comment"

    def apply(self, store: Store) -> Changes:
        if self._after is None:
            before = store.comment(self.comment_id)
            text = _clean(self.text)
            if text == before.text:
                raise ValidationError("nothing to change")
            self._before, self._after = before, replace(before, text=text, modified=now())
            self._doc = frozenset({store.annotation(before.annotation_id).document_id})
        store.replace_comments([self._after])
        return Changes(annotations=self._doc)

    def revert(self, store: Store) -> Changes:
        assert self._before is not None
        store.replace_comments([self._before])
        return Changes(annotations=self._doc)


@dataclass
class DeleteComment:
    comment_id: CommentId
    _comment: Comment | None = field(default=None, init=False)
    _doc: frozenset[DocumentId] = field(default_factory=frozenset, init=False)

    @property
    def label(self) -> str:
        return "Delete comment"

    def apply(self, store: Store) -> Changes:
        if self._comment is None:
            self._comment = store.comment(self.comment_id)
            self._doc = frozenset({store.annotation(self._comment.annotation_id).document_id})
        store.delete_comment_ids([self.comment_id])
        return Changes(annotations=self._doc)

    def revert(self, store: Store) -> Changes:
        assert self._comment is not None
        store.insert_comments([self._comment])
        return Changes(annotations=self._doc)
