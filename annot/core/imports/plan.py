"""What an interchange import will add, and the one command that adds it (one undo step).

The readers (:mod:`annot.core.imports.wadm`, :mod:`annot.core.imports.brat`) parse and check
a file without touching the project and produce an :class:`ImportPlan`: new documents, the
tags and annotators it needs (by name), the annotations and the links. :class:`ApplyImport`
then writes the plan in one transaction; undo removes everything it added, including the
tags, annotators and documents it had to create.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, replace

from annot.core.annotations import link_problem, slice_span
from annot.core.codebook import next_colour, validate_tag
from annot.core.date_values import Suggested
from annot.core.documents import SourceText
from annot.core.model import (
    Annotation,
    AnnotationId,
    AnnotatorId,
    Changes,
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
from annot.core.store import AnnotationRow, Store, annotation_row


@dataclass(frozen=True)
class TagSpec:
    """A tag an import needs; created (with this colour and role) only when missing."""

    name: str
    colour: str = ""
    role: Role = Role.OTHER
    description: str = ""


@dataclass(frozen=True)
class PlannedAnnotation:
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
class InterchangeReport:
    """What an interchange import did and what it could not do (nothing is dropped silently)."""

    path: str = ""
    annotations: int = 0  # annotations added
    links: int = 0  # links added
    documents_added: int = 0
    documents_reused: int = 0
    tags_created: list[str] = field(default_factory=list)
    annotators_created: list[str] = field(default_factory=list)
    reanchored: list[str] = field(default_factory=list)  # ids moved to where their quote now is
    unanchored: list[str] = field(default_factory=list)  # ids that could not be placed
    duplicates: int = 0  # already in the project, not added again
    skipped_links: list[str] = field(default_factory=list)  # one message per link not added
    not_imported: Counter[str] = field(default_factory=Counter)  # kind of item -> count
    problems: list[str] = field(default_factory=list)  # other messages for the user
    cancelled: bool = False

    @property
    def tags_created_count(self) -> int:
        return len(self.tags_created)

    def summary(self) -> str:
        """A few lines for the CLI or a message box."""
        if self.cancelled:
            return "cancelled: nothing was imported"
        lines = [f"imported {self.annotations} annotation(s) and {self.links} link(s)"]
        if self.documents_added or self.documents_reused:
            lines.append(
                f"documents: {self.documents_added} added, {self.documents_reused} already in the project"
            )
        if self.tags_created:
            lines.append("new tags: " + ", ".join(self.tags_created))
        if self.annotators_created:
            lines.append("new annotators: " + ", ".join(self.annotators_created))
        if self.reanchored:
            lines.append(f"re-anchored by their quote (the text had changed): {len(self.reanchored)}")
        if self.unanchored:
            shown = ", ".join(self.unanchored[:10]) + (" …" if len(self.unanchored) > 10 else "")
            lines.append(f"NOT imported, could not be anchored: {len(self.unanchored)} ({shown})")
        if self.duplicates:
            lines.append(f"already in the project, not added again: {self.duplicates}")
        for kind, n in sorted(self.not_imported.items()):
            lines.append(f"not imported ({kind}): {n}")
        for message in self.skipped_links[:10]:
            lines.append(f"link not imported: {message}")
        if len(self.skipped_links) > 10:
            lines.append(f"… and {len(self.skipped_links) - 10} more links not imported")
        lines.extend(self.problems)
        return "\n".join(lines)


@dataclass
class ImportPlan:
    documents: list[SourceText] = field(default_factory=list)  # to add
    tags: dict[str, TagSpec] = field(default_factory=dict)  # casefolded name -> spec
    annotations: list[PlannedAnnotation] = field(default_factory=list)
    links: list[PlannedLink] = field(default_factory=list)

    def need_tag(self, spec: TagSpec) -> None:
        self.tags.setdefault(spec.name.casefold(), spec)


@dataclass
class ApplyImport:
    """Write an :class:`ImportPlan` (one transaction, one undo step)."""

    plan: ImportPlan
    report: InterchangeReport
    what: str = "annotations"
    same_spans: bool = False  # also skip a span the project has (document, bounds, tag, annotator)
    _docs: list[DocumentInfo] = field(default_factory=list, init=False)
    _texts: list[str] = field(default_factory=list, init=False)
    _new_tags: list[Tag] = field(default_factory=list, init=False)
    _new_annotators: list[AnnotatorId] = field(default_factory=list, init=False)
    _rows: list[AnnotationRow] = field(default_factory=list, init=False)
    _links: list[Link] = field(default_factory=list, init=False)
    _suggested: Suggested = field(default_factory=Suggested, init=False)  # date values

    @property
    def label(self) -> str:
        return f"Import {self.what}"

    def _first_apply(self, store: Store) -> None:
        plan, report = self.plan, self.report
        for src in plan.documents:
            if store.document_by_sha(src.sha256) is not None:  # another import added it since
                report.documents_reused += 1  # the plan was made (checked in this transaction)
                continue
            info = src.info()
            self._docs.append(replace(info, id=store.add_document(info, src.text)))
            self._texts.append(src.text)
        report.documents_added = len(self._docs)
        tag_ids: dict[str, TagId] = {}
        existing = {t.name.casefold(): t for t in store.tags()}
        for key, spec in plan.tags.items():
            tag = existing.get(key)
            if tag is None:
                new = Tag(TagId(0), spec.name, spec.colour or next_colour(store), "", spec.description, spec.role)
                validate_tag(store, new)
                tag = replace(new, id=store.add_tag(new))
                self._new_tags.append(tag)
                report.tags_created.append(tag.name)
            tag_ids[key] = tag.id
        annotator_ids: dict[str, AnnotatorId] = {}
        docs: dict[str, DocumentId] = {}
        spans: dict[DocumentId, dict[tuple[int, int, int, str], AnnotationId]] = {}
        names = {a.id: a.name for a in store.annotators()} if self.same_spans else {}
        remap: dict[AnnotationId, AnnotationId] = {}  # planned id -> the same span already there
        for p in plan.annotations:
            if store.has_annotation(p.id):  # imported meanwhile by another process
                report.duplicates += 1
                continue
            doc_id = docs.get(p.sha256)
            if doc_id is None:
                found_doc = store.document_by_sha(p.sha256)
                assert found_doc is not None, "the plan names a document that is not there"
                doc_id = docs[p.sha256] = found_doc
            if self.same_spans:  # checked in this transaction: another import may have added it
                if doc_id not in spans:
                    spans[doc_id] = {
                        (s, e, t, names.get(who, "")): ann for ann, t, who, s, e in store.annotation_spans(doc_id)
                    }
                there = spans[doc_id].get((p.start, p.end, tag_ids[p.tag.casefold()], p.annotator))
                if there is not None:
                    remap[p.id] = there
                    report.duplicates += 1
                    continue
            if p.annotator not in annotator_ids:
                found = store.annotator_by_name(p.annotator)
                if found is None:
                    annotator_ids[p.annotator] = store.add_annotator(p.annotator)
                    self._new_annotators.append(annotator_ids[p.annotator])
                    report.annotators_created.append(p.annotator)
                else:
                    annotator_ids[p.annotator] = found.id
            quote, before, after = slice_span(store.document_text(doc_id), p.start, p.end)
            self._rows.append(
                annotation_row(
                    Annotation(
                        p.id, doc_id, tag_ids[p.tag.casefold()], annotator_ids[p.annotator],
                        p.start, p.end, quote, before, after, p.note, p.status,
                        p.created, p.modified or p.created,
                    )
                )
            )  # fmt: skip
        store.insert_annotation_rows(self._rows)
        report.annotations = len(self._rows)
        for planned in plan.links:
            ends = remap.get(planned.source_id, planned.source_id), remap.get(planned.target_id, planned.target_id)
            link = Link(planned.id, planned.kind, *ends, planned.created)
            source, target = store.annotation(link.source_id), store.annotation(link.target_id)
            problem = link_problem(store, link.kind, source, target)
            if not problem and (
                store.has_link(link.id) or store.find_link(link.kind, source.id, target.id) is not None
            ):
                problem = "already in the project"
            if problem:
                report.skipped_links.append(f"{link.id} ({link.kind.value}): {problem}")
                continue
            store.insert_link(link)
            self._links.append(link)
        report.links = len(self._links)

    def apply(self, store: Store) -> Changes:
        self._first_apply(store)
        self._suggested.apply(store, [r[0] for r in self._rows])  # date spans get their values
        return self._changes()

    def _changes(self) -> Changes:
        return Changes(
            annotations=frozenset(DocumentId(r[1]) for r in self._rows),
            documents=bool(self._docs),
            codebook=bool(self._new_tags),
            annotators=bool(self._new_annotators),
        )
