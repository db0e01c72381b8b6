"""Annotation commands: add, delete, change tag, change boundaries, note, status, link.

Each command validates its input against the store (offsets inside the text, tag and
annotator exist, link rules) and raises :class:`ValidationError` with a plain message.
Run them through :class:`annot.core.history.History` so each is one undo step.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone

from annot.core.date_values import Suggested
from annot.core.errors import NotFound, ValidationError
from annot.core.model import (
    ALIGNMENT_KINDS,
    CONTEXT_CHARS,
    LINK_RULES,
    Annotation,
    AnnotationId,
    AnnotatorId,
    Changes,
    DocumentId,
    Link,
    LinkId,
    LinkKind,
    Role,
    Status,
    TagId,
)
from annot.core.store import Store


def now() -> str:
    """A UTC timestamp, ISO 8601 with milliseconds."""
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def new_id() -> str:
    return str(uuid.uuid4())


def slice_span(text: str, start: int, end: int) -> tuple[str, str, str]:
    """(quote, context before, context after) of ``text[start:end]``."""
    return (
        text[start:end],
        text[max(0, start - CONTEXT_CHARS) : start],
        text[end : end + CONTEXT_CHARS],
    )


def check_span(length: int, start: int, end: int) -> None:
    if not all(isinstance(x, int) and not isinstance(x, bool) for x in (start, end)):
        raise ValidationError("span offsets must be whole numbers")
    if start < 0 or end > length or start >= end:
        raise ValidationError(
            f"span [{start}, {end}) is not inside the document (0 ≤ start < end ≤ {length})"
        )


# -- link rules ---------------------------------------------------------------------------

# kind -> (source role, target role, same document required); the alignment kinds
# (ALIGNMENT_KINDS) require two different documents instead.


def _a(noun: str) -> str:
    return f"{'an' if noun[:1].lower() in 'aeiou' else 'a'} {noun}"


def link_problem(store: Store, kind: LinkKind, source: Annotation, target: Annotation) -> str:
    """Why a link of ``kind`` from ``source`` to ``target`` breaks the rules ("" if fine)."""
    src_role, tgt_role, same_doc = LINK_RULES[kind]
    if source.id == target.id:
        return "an annotation cannot be linked to itself"
    src_tag, tgt_tag = store.tag(source.tag_id), store.tag(target.tag_id)
    if src_tag.role != src_role:
        return f"a {kind.value} link must start at {_a(src_role.value)} (this is {_a(src_tag.name)})"
    if tgt_tag.role != tgt_role:
        return f"a {kind.value} link must point to {_a(tgt_role.value)} (this is {_a(tgt_tag.name)})"
    if same_doc and source.document_id != target.document_id:
        return f"a {kind.value} link must stay within one document"
    if kind in ALIGNMENT_KINDS and source.document_id == target.document_id:
        return f"a {kind.value} link joins claims of two different documents"
    return ""


# -- commands -----------------------------------------------------------------------------


@dataclass
class AddAnnotation:
    document_id: DocumentId
    tag_id: TagId
    annotator_id: AnnotatorId
    start: int
    end: int
    note: str = ""
    id: AnnotationId | None = None
    status: Status = Status.UNREVIEWED
    annotation: Annotation | None = field(default=None, init=False)
    _suggested: Suggested = field(default_factory=Suggested, init=False)  # a date's value

    @property
    def label(self) -> str:
        return "Add annotation"

    def apply(self, store: Store) -> Changes:
        try:
            text = store.document_text(self.document_id)
            check_span(len(text), self.start, self.end)
            tag = store.tag(self.tag_id)
            store.annotator(self.annotator_id)
        except NotFound as exc:
            raise ValidationError(f"cannot annotate: {exc.message}") from exc
        quote, before, after = slice_span(text, self.start, self.end)
        stamp = now()
        self.annotation = Annotation(
            self.id or AnnotationId(new_id()),
            self.document_id,
            self.tag_id,
            self.annotator_id,
            self.start,
            self.end,
            quote,
            before,
            after,
            self.note,
            self.status,
            stamp,
            stamp,
        )
        store.insert_annotation(self.annotation)
        if tag.role == Role.DATE:  # a date span gets its value
            self._suggested.apply(store, [self.annotation.id])
        return self._changes()

    def _changes(self) -> Changes:
        assert self.annotation is not None
        return Changes(
            annotations=frozenset({self.document_id}),
            annotation_ids=frozenset({self.annotation.id}),
        )


@dataclass
class DeleteAnnotations:
    ids: list[AnnotationId]

    @property
    def label(self) -> str:
        return "Delete annotation" if len(self.ids) == 1 else f"Delete {len(self.ids)} annotations"

    def apply(self, store: Store) -> Changes:
        if not self.ids:
            raise ValidationError("no annotation to delete")
        deleted = [store.annotation(i) for i in dict.fromkeys(self.ids)]  # each id once
        docs = {a.document_id for a in deleted}
        touched = {a.id for a in deleted}  # and those linked to them (actor, date columns)
        for a in deleted:
            for link in store.links_of(a.id):  # the other end may lie in another document
                docs |= {store.annotation(link.source_id).document_id, store.annotation(link.target_id).document_id}
                touched |= {link.source_id, link.target_id}
        for a in deleted:
            store.delete_annotation(a.id)  # links and comments cascade
        return Changes(annotations=frozenset(docs), annotation_ids=frozenset(touched))


@dataclass
class _Replace:
    """Base of the commands that rewrite one annotation (and may drop links it breaks)."""

    id: AnnotationId

    @property
    def label(self) -> str:
        return "Edit annotation"

    def _changed(self, store: Store, old: Annotation) -> Annotation:
        raise NotImplementedError

    def apply(self, store: Store) -> Changes:
        old = store.annotation(self.id)
        try:
            new = self._changed(store, old)
        except NotFound as exc:
            raise ValidationError(f"cannot change the annotation: {exc.message}") from exc
        if new == old:
            raise ValidationError("nothing to change")
        after = replace(new, modified=now())
        docs = {after.document_id}
        links = store.links_of(self.id)
        # the annotations linked to it show its quote in their actor or date column
        touched = {self.id, *(k.source_id for k in links), *(k.target_id for k in links)}
        for link in links:  # links the change breaks go with it
            source = after if link.source_id == self.id else store.annotation(link.source_id)
            target = after if link.target_id == self.id else store.annotation(link.target_id)
            if link_problem(store, link.kind, source, target):
                store.delete_link(link.id)
                docs |= {source.document_id, target.document_id}
        store.replace_annotation(after)
        return Changes(annotations=frozenset(docs), annotation_ids=frozenset(touched))


@dataclass
class ChangeTag(_Replace):
    tag_id: TagId = TagId(0)
    _suggested: Suggested = field(default_factory=Suggested, init=False)

    @property
    def label(self) -> str:
        return "Change tag"

    def _changed(self, store: Store, old: Annotation) -> Annotation:
        store.tag(self.tag_id)
        return replace(old, tag_id=self.tag_id)

    def apply(self, store: Store) -> Changes:
        changes = super().apply(store)
        self._suggested.apply(store, [self.id])  # a span that became a date span gets its value
        return changes


@dataclass
class ChangeBounds(_Replace):
    start: int = 0
    end: int = 0

    @property
    def label(self) -> str:
        return "Change span boundaries"

    def _changed(self, store: Store, old: Annotation) -> Annotation:
        text = store.document_text(old.document_id)
        check_span(len(text), self.start, self.end)
        quote, before, after = slice_span(text, self.start, self.end)
        return replace(
            old, start=self.start, end=self.end, quote=quote, context_before=before, context_after=after
        )


@dataclass
class EditNote(_Replace):
    note: str = ""

    @property
    def label(self) -> str:
        return "Edit note"

    def _changed(self, store: Store, old: Annotation) -> Annotation:
        return replace(old, note=self.note)


@dataclass
class SetStatus(_Replace):
    status: Status = Status.UNREVIEWED

    @property
    def label(self) -> str:
        return f"Mark {self.status.value}"

    def _changed(self, store: Store, old: Annotation) -> Annotation:
        try:
            status = Status(self.status)
        except ValueError as exc:
            choices = ", ".join(s.value for s in Status)
            raise ValidationError(f"status {self.status!r} is not one of {choices}") from exc
        return replace(old, status=status)


@dataclass
class AddLink:
    kind: LinkKind
    source_id: AnnotationId
    target_id: AnnotationId
    id: LinkId | None = None
    link: Link | None = field(default=None, init=False)

    @property
    def label(self) -> str:
        return {
            LinkKind.SAID_BY: "Attribute claim to actor",
            LinkKind.DATED: "Date claim",
        }.get(self.kind, "Align claims" if self.kind in ALIGNMENT_KINDS else "Link annotations")

    def apply(self, store: Store) -> Changes:
        try:
            kind = LinkKind(self.kind)
        except ValueError as exc:
            raise ValidationError(f"cannot link: {self.kind!r} is not a kind of link") from exc
        try:
            source, target = store.annotation(self.source_id), store.annotation(self.target_id)
        except NotFound as exc:
            raise ValidationError(f"cannot link: {exc.message}") from exc
        problem = link_problem(store, kind, source, target)
        if problem:
            raise ValidationError(f"cannot link: {problem}")
        if store.find_link(kind, source.id, target.id) is not None:
            raise ValidationError("these annotations are already linked that way")
        if kind in ALIGNMENT_KINDS and (old := store.alignment_between(source.id, target.id)):
            raise ValidationError(f"these claims are already aligned ({old.kind.value}); unlink them first")
        self.link = Link(self.id or LinkId(new_id()), kind, source.id, target.id, now())
        store.insert_link(self.link)
        return Changes(
            annotations=frozenset({source.document_id, target.document_id}),
            annotation_ids=frozenset({source.id, target.id}),
        )


@dataclass
class RemoveLink:
    link_id: LinkId

    @property
    def label(self) -> str:
        return "Remove link"

    def apply(self, store: Store) -> Changes:
        link = store.link(self.link_id)
        docs = {store.annotation(link.source_id).document_id, store.annotation(link.target_id).document_id}
        store.delete_link(self.link_id)
        return Changes(
            annotations=frozenset(docs), annotation_ids=frozenset({link.source_id, link.target_id})
        )
