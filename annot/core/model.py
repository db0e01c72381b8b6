"""The project's values: frozen dataclasses with typed ids. No I/O here.

Offsets (``start``, ``end``) are code points into :attr:`Document.text`, half-open
``[start, end)``. Conversion to Qt's UTF-16 positions happens only at the display edge.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import NewType

DocumentId = NewType("DocumentId", int)
TagId = NewType("TagId", int)
AnnotatorId = NewType("AnnotatorId", int)
AnnotationId = NewType("AnnotationId", str)  # a UUID, unique across projects
LinkId = NewType("LinkId", str)  # a UUID
CommentId = NewType("CommentId", str)  # a UUID

CONTEXT_CHARS = 40  # code points of context kept before and after each span


class Status(str, Enum):
    UNREVIEWED = "unreviewed"
    ACCEPTED = "accepted"
    REJECTED = "rejected"


class Role(str, Enum):
    """What a tag means to annot's link rules and the claims export. Survives renames."""

    CLAIM = "claim"
    ACTOR = "actor"
    DATE = "date"
    OTHER = ""


class LinkKind(str, Enum):
    SAID_BY = "said_by"  # claim -> actor, same document
    DATED = "dated"  # claim -> date, same document
    SAME_CLAIM = "same_claim"  # claim -> claim, another document
    CONTRADICTS = "contradicts"  # claim -> claim, another document
    PARTLY = "partly"  # claim -> claim, another document: same proposition, a detail differs


# Links between claims of different documents ("alignment"); the order of their two ends
# carries no meaning. SAME_CLAIM and PARTLY join claims into one claim group.
ALIGNMENT_KINDS = frozenset({LinkKind.SAME_CLAIM, LinkKind.CONTRADICTS, LinkKind.PARTLY})
GROUPING_KINDS = frozenset({LinkKind.SAME_CLAIM, LinkKind.PARTLY})

# kind -> (source role, target role, same document required): the one statement of which
# annotations a link may join (commands, merge checks, `annot check`, the linking mode)
LINK_RULES: dict[LinkKind, tuple[Role, Role, bool]] = {
    LinkKind.SAID_BY: (Role.CLAIM, Role.ACTOR, True),
    LinkKind.DATED: (Role.CLAIM, Role.DATE, True),
    LinkKind.SAME_CLAIM: (Role.CLAIM, Role.CLAIM, False),
    LinkKind.CONTRADICTS: (Role.CLAIM, Role.CLAIM, False),
    LinkKind.PARTLY: (Role.CLAIM, Role.CLAIM, False),
}


@dataclass(frozen=True, slots=True)
class DocumentInfo:
    """A document without its text (cheap to list)."""

    id: DocumentId
    sha256: str
    title: str
    outlet: str
    url: str
    published: str  # ISO date "YYYY-MM-DD" or ""
    filename: str
    length: int  # code points
    imported_at: str


@dataclass(frozen=True, slots=True)
class Document:
    info: DocumentInfo
    text: str

    @property
    def id(self) -> DocumentId:
        return self.info.id


@dataclass(frozen=True, slots=True)
class Tag:
    id: TagId
    name: str
    colour: str  # "#rrggbb"
    key: str  # a single shortcut character, or ""
    description: str = ""
    role: Role = Role.OTHER


@dataclass(frozen=True, slots=True)
class Annotator:
    id: AnnotatorId
    name: str


@dataclass(frozen=True, slots=True)
class Annotation:
    id: AnnotationId
    document_id: DocumentId
    tag_id: TagId
    annotator_id: AnnotatorId
    start: int
    end: int
    quote: str
    context_before: str
    context_after: str
    note: str
    status: Status
    created: str
    modified: str
    reviewer: str = ""  # name of the person who accepted or rejected it (schema 2)
    source_id: str = ""  # for a reviewed copy: the id of the annotation it came from


@dataclass(frozen=True, slots=True)
class Comment:
    """A remark on an annotation, e.g. a reviewer's question to its author (schema 2)."""

    id: CommentId
    annotation_id: AnnotationId
    author: str
    text: str
    created: str
    modified: str


@dataclass(frozen=True, slots=True)
class Link:
    id: LinkId
    kind: LinkKind
    source_id: AnnotationId
    target_id: AnnotationId
    created: str


@dataclass(frozen=True, slots=True)
class GroupLabel:
    """The label and note a person gave a claim group (schema 5), kept on the group's
    anchor claim: see :mod:`annot.core.claim_groups`."""

    claim_id: AnnotationId
    label: str
    note: str
    modified: str


@dataclass(frozen=True, slots=True)
class Changes:
    """What one operation changed, so that each view refreshes only what concerns it.

    ``annotations`` names the documents whose annotations or links changed.
    ``annotation_ids`` names the annotations added, edited or removed, and those whose
    said_by/dated columns changed (a link added or removed, a linked actor or date edited);
    None when the operation does not say (a view then refreshes those documents whole).
    ``tables`` names every kind of row written (the project's table names: ``links``,
    ``comments``, ``claim_groups``, ``actors`` …), read from the undo log by the history,
    so a view can tell "no link changed" from "unknown" (Anki's OpChanges, but per table
    rather than a few booleans). ``initiator`` is whoever asked for the operation
    (``Session.run(command, initiator=view)``), so a view can skip its own echo.
    ``annotations_net`` is how many annotations the operation added less how many it
    removed (read from the undo log; None when not counted: a bulk step, a refused undo),
    so a view that counts every annotation need not count them again.
    """

    annotations: frozenset[DocumentId] = field(default_factory=frozenset)
    documents: bool = False  # documents added, removed or their metadata edited
    codebook: bool = False
    annotators: bool = False
    annotation_ids: frozenset[AnnotationId] | None = None
    tables: frozenset[str] = field(default_factory=frozenset)
    initiator: object | None = None
    annotations_net: int | None = None

    def __or__(self, other: Changes) -> Changes:
        ids: frozenset[AnnotationId] | None = None
        if not any(c.annotations and c.annotation_ids is None for c in (self, other)):
            ids = (self.annotation_ids or frozenset()) | (other.annotation_ids or frozenset())
        return Changes(
            annotations=self.annotations | other.annotations,
            documents=self.documents or other.documents,
            codebook=self.codebook or other.codebook,
            annotators=self.annotators or other.annotators,
            annotation_ids=ids,
            tables=self.tables | other.tables,
            initiator=self.initiator if self.initiator is other.initiator else None,
            annotations_net=(
                None if self.annotations_net is None or other.annotations_net is None
                else self.annotations_net + other.annotations_net
            ),
        )

    @property
    def empty(self) -> bool:
        """Nothing that the annotation, document, codebook or annotator views show (a
        report may still name other tables: the actor registry, rejected suggestions)."""
        return not (self.annotations or self.documents or self.codebook or self.annotators)

    def touched(self, *tables: str) -> bool:
        """Whether rows of any of ``tables`` were written."""
        return not self.tables.isdisjoint(tables)

    @property
    def links_changed(self) -> bool:
        """A link was added, removed or re-pointed (alignments, said_by, dated …)."""
        return "links" in self.tables

    @property
    def spans_changed(self) -> bool:
        """An annotation row was added, edited or removed."""
        return "annotations" in self.tables

    @property
    def comments_changed(self) -> bool:
        return "comments" in self.tables

    @property
    def group_labels_changed(self) -> bool:
        return "claim_groups" in self.tables

    @property
    def actors_changed(self) -> bool:
        """The actor registry (actors, their mentions) changed."""
        return self.touched("actors", "actor_mentions")
