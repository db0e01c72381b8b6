"""What an import will add, and the one command that adds it (one undo step).

Every reader (CSV :mod:`annot.core.imports.csv_annotations`, W3C
:mod:`annot.core.imports.wadm`, brat :mod:`annot.core.imports.brat`, REFI-QDA
:mod:`annot.core.refi.read`) parses and checks a file without touching the project and
produces an :class:`ImportPlan`: new documents, the tags and annotators it needs (by name),
the annotations and the links. :class:`ApplyImport` then writes the plan in one transaction
and fills the :class:`~annot.core.imports.report.ImportReport`; undo removes everything it
added, including the tags, annotators and documents it had to create.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import NamedTuple

from annot.core.annotations import link_problem
from annot.core.codebook import next_colour, validate_tag
from annot.core.date_values import Suggested
from annot.core.documents import SourceText
from annot.core.imports.report import ImportReport
from annot.core.model import (
    CONTEXT_CHARS,
    AnnotationId,
    AnnotatorId,
    Changes,
    DocumentId,
    DocumentInfo,
    GroupLabel,
    Link,
    LinkId,
    LinkKind,
    Role,
    Status,
    Tag,
    TagId,
)
from annot.core.store import AnnotationRow, Store


@dataclass(frozen=True)
class TagSpec:
    """A tag an import needs; created (with this colour and role) only when missing."""

    name: str
    colour: str = ""
    role: Role = Role.OTHER
    description: str = ""


class PlannedAnnotation(NamedTuple):  # a tuple: a CSV of 100k rows makes 100k of them
    id: AnnotationId
    sha256: str  # the document, by identity (existing or added by the same import)
    tag: str  # tag name (case-insensitive)
    annotator: str
    start: int
    end: int
    note: str = ""
    status: Status = Status.UNREVIEWED
    created: str = ""
    modified: str = ""


@dataclass(frozen=True)
class PlannedLink:
    id: LinkId
    kind: LinkKind
    source_id: AnnotationId
    target_id: AnnotationId
    created: str


@dataclass
class ImportPlan:
    documents: list[SourceText] = field(default_factory=list)  # to add
    tags: dict[str, TagSpec] = field(default_factory=dict)  # casefolded name -> spec
    annotations: list[PlannedAnnotation] = field(default_factory=list)
    links: list[PlannedLink] = field(default_factory=list)
    group_labels: list[GroupLabel] = field(default_factory=list)  # of planned claims (W3C)
    fresh_ids: bool = False  # the reader made the annotation ids: none can be in the project

    def need_tag(self, spec: TagSpec) -> None:
        self.tags.setdefault(spec.name.casefold(), spec)


@dataclass
class ApplyImport:
    """Write an :class:`ImportPlan` (one transaction, one undo step); fills ``report``.

    Every check against the project runs here, inside the write transaction, so two imports
    of one file at once add it once: an annotation whose id is already there is skipped,
    and with ``same_spans`` so is one whose span the project has (same document, bounds,
    tag ignoring case, annotator), counted as a multiset (a file holding two identical rows
    adds both to a project that has neither, and nothing when imported again)."""

    plan: ImportPlan
    report: ImportReport
    what: str = "annotations"
    same_spans: bool = False
    _docs: list[DocumentInfo] = field(default_factory=list, init=False)
    _new_tags: list[Tag] = field(default_factory=list, init=False)
    _new_annotators: list[AnnotatorId] = field(default_factory=list, init=False)
    _rows: list[AnnotationRow] = field(default_factory=list, init=False)
    _links: list[Link] = field(default_factory=list, init=False)
    _labels: list[GroupLabel] = field(default_factory=list, init=False)  # claim-group labels
    _suggested: Suggested = field(default_factory=Suggested, init=False)  # date values

    @property
    def label(self) -> str:
        """"Import …"; a ``{n}`` in :attr:`what` is the number of annotations it added."""
        return f"Import {self.what}".replace("{n}", str(len(self._rows)))

    def apply(self, store: Store) -> Changes:
        self._add_documents(store)
        tag_ids = self._add_tags(store)
        remap = self._add_annotations(store, tag_ids)
        self._add_links(store, remap)
        added = {r[0] for r in self._rows}  # labels only of the claims this import adds
        self._labels = [g for g in self.plan.group_labels if g.claim_id in added]
        store.put_group_labels(self._labels)
        self._suggested.apply(store, [r[0] for r in self._rows])  # date spans get their values
        return Changes(
            annotations=frozenset(DocumentId(r[1]) for r in self._rows),
            documents=bool(self._docs),
            codebook=bool(self._new_tags),
            annotators=bool(self._new_annotators),
        )

    def _add_documents(self, store: Store) -> None:
        for src in self.plan.documents:
            if store.document_by_sha(src.sha256) is not None:  # another import added it since
                self.report.documents.skipped += 1  # the plan was made (checked here)
                continue
            info = src.info()
            self._docs.append(replace(info, id=store.add_document(info, src.text)))
        self.report.documents.added = len(self._docs)

    def _add_tags(self, store: Store) -> dict[str, TagId]:
        tag_ids: dict[str, TagId] = {}
        existing = {t.name.casefold(): t for t in store.tags()}
        for key, spec in self.plan.tags.items():
            tag = existing.get(key)
            if tag is None:
                new = Tag(TagId(0), spec.name, spec.colour or next_colour(store), "", spec.description, spec.role)
                validate_tag(store, new)
                tag = replace(new, id=store.add_tag(new))
                self._new_tags.append(tag)
                self.report.new_tags.append(tag.name)
            tag_ids[key] = tag.id
        self.report.tags.added = len(self._new_tags)
        return tag_ids

    def _add_annotations(self, store: Store, tag_ids: dict[str, TagId]) -> dict[AnnotationId, AnnotationId]:
        """Insert the planned annotations the project lacks; returns planned id -> the id of
        the same span already there (for the links)."""
        plan, report = self.plan, self.report
        known = set() if plan.fresh_ids else store.known_annotation_ids([p.id for p in plan.annotations])
        docs: dict[str, DocumentId] = {}
        texts: dict[DocumentId, str] = {}
        spans: dict[DocumentId, dict[tuple[int, int, int, str], list[AnnotationId]]] = {}
        names = {a.id: a.name for a in store.annotators()} if self.same_spans else {}
        people: dict[str, AnnotatorId] = {}
        remap: dict[AnnotationId, AnnotationId] = {}
        rows = self._rows
        tag_of = {key: tag_ids[key] for key in tag_ids}
        for p in plan.annotations:
            if p.id in known:  # imported meanwhile (by another process, or this file twice)
                report.annotations.skipped += 1
                continue
            doc_id = docs.get(p.sha256)
            if doc_id is None:
                found_doc = store.document_by_sha(p.sha256)
                assert found_doc is not None, "the plan names a document that is not there"
                doc_id = docs[p.sha256] = found_doc
                texts[doc_id] = store.document_text(doc_id)
            tag_id = tag_of.get(p.tag)
            if tag_id is None:
                tag_id = tag_of[p.tag] = tag_ids[p.tag.casefold()]
            if self.same_spans:
                there = spans.get(doc_id)
                if there is None:
                    there = spans[doc_id] = {}
                    for ann, t, who, s, e in store.annotation_spans(doc_id):
                        there.setdefault((s, e, t, names.get(who, "")), []).append(ann)
                same = there.get((p.start, p.end, tag_id, p.annotator)) if there else None
                if same:  # one of the project's spans per planned one
                    remap[p.id] = same.pop()
                    report.annotations.skipped += 1
                    continue
            person = people.get(p.annotator)
            if person is None:
                found = store.annotator_by_name(p.annotator)
                if found is None:
                    person = store.add_annotator(p.annotator)
                    self._new_annotators.append(person)
                    report.new_annotators.append(p.annotator)
                else:
                    person = found.id
                people[p.annotator] = person
            text, s, e = texts[doc_id], p.start, p.end
            rows.append(
                (p.id, doc_id, tag_id, person, s, e, text[s:e], text[max(0, s - CONTEXT_CHARS) : s],
                 text[e : e + CONTEXT_CHARS], p.note, p.status.value, p.created, p.modified or p.created)
            )  # fmt: skip
        store.insert_annotation_rows(rows)
        report.annotations.added = len(rows)
        report.annotators.added = len(self._new_annotators)
        return remap

    def _add_links(self, store: Store, remap: dict[AnnotationId, AnnotationId]) -> None:
        for planned in self.plan.links:
            ends = remap.get(planned.source_id, planned.source_id), remap.get(planned.target_id, planned.target_id)
            link = Link(planned.id, planned.kind, *ends, planned.created)
            source, target = store.annotation(link.source_id), store.annotation(link.target_id)
            problem = link_problem(store, link.kind, source, target)
            if not problem and (
                store.has_link(link.id) or store.find_link(link.kind, source.id, target.id) is not None
            ):
                self.report.links.skipped += 1
                continue
            if problem:
                self.report.skipped_links.append(f"{link.id} ({link.kind.value}): {problem}")
                continue
            store.insert_link(link)
            self._links.append(link)
        self.report.links.added = len(self._links)
