"""Merging a colleague's project file into ours (``annot merge``, File ▸ Merge).

Identity across projects:

- a **document** is the SHA-256 of its text (a text we lack is imported);
- a **tag** is its name, case-insensitively (a new one keeps its colour, role and
  description, and its shortcut key unless one of ours already uses it);
- an **annotator** is its name;
- **annotations**, **links**, **comments** and **claim-group labels** (keyed by their anchor
  claim's UUID, see :mod:`annot.core.claim_groups`) keep their UUIDs. One we lack is added; one
  we have is updated when the colleague's ``modified`` is newer than ours, and skipped
  otherwise. So merging the same file twice changes nothing, and an annotation its author
  edited since the last merge is updated, not duplicated. Nothing is ever deleted.

The colleague's file is opened read-only after the same checks as opening a project (not a
project, damaged, written by a newer annot: a clear error and nothing changes). The whole
merge is one transaction and one undo step.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from annot.core.errors import Cancelled, ValidationError
from annot.core.history import Command
from annot.core.model import (
    Annotator,
    AnnotatorId,
    Changes,
    Comment,
    DocumentId,
    DocumentInfo,
    GroupLabel,
    Link,
    Tag,
    TagId,
)
from annot.core.store import FullAnnotationRow, Store, open_readonly

if TYPE_CHECKING:
    from annot.core.project import Project

Progress = Callable[[int, int], bool]  # (done, total) -> keep going?


class MergeCancelled(Cancelled):
    """The person cancelled a merge; nothing was changed."""


@dataclass
class Counts:
    added: int = 0
    updated: int = 0
    skipped: int = 0

    def __str__(self) -> str:
        return f"{self.added} added, {self.updated} updated, {self.skipped} skipped"


@dataclass
class MergeReport:
    """What one merge added, updated and skipped, per kind of thing."""

    source: Path
    documents: Counts = field(default_factory=Counts)
    tags: Counts = field(default_factory=Counts)
    annotators: Counts = field(default_factory=Counts)
    annotations: Counts = field(default_factory=Counts)
    links: Counts = field(default_factory=Counts)
    comments: Counts = field(default_factory=Counts)
    groups: Counts = field(default_factory=Counts)  # claim-group labels

    KINDS = ("documents", "tags", "annotators", "annotations", "links", "comments", "groups")

    def counts(self) -> dict[str, Counts]:
        return {kind: getattr(self, kind) for kind in self.KINDS}

    @property
    def changed(self) -> bool:
        return any(c.added or c.updated for c in self.counts().values())

    def summary(self) -> str:
        """Several lines: one heading, then one line per kind."""
        lines = [f"merged {self.source}" + ("" if self.changed else " (nothing new)")]
        lines += [f"  {kind:<12} {counts}" for kind, counts in self.counts().items()]
        return "\n".join(lines)


@dataclass
class Snapshot:
    """Everything of a colleague's project that a merge needs, read once."""

    path: Path
    documents: list[tuple[DocumentInfo, str]]
    tags: list[Tag]
    annotators: list[Annotator]
    rows: list[FullAnnotationRow]
    links: list[Link]
    comments: list[Comment]
    group_labels: list[GroupLabel] = field(default_factory=list)


def read_snapshot(path: str | Path) -> Snapshot:
    """Read a project file without changing it (raises a ProjectError subclass if it
    cannot be read safely)."""
    with open_readonly(path) as other, other.reading():
        return Snapshot(
            Path(path),
            [(info, other.document_text(info.id)) for info in other.documents()],
            other.tags(),
            other.annotators(),
            other.full_annotation_rows(),
            other.links(),
            other.comments(),
            list(other.group_labels().values()),
        )


# Row columns (see store._ANNOTATION_COLUMNS)
# 0 id, 1 document_id, 2 tag_id, 3 annotator_id, ..., 12 modified, 13 reviewer, 14 source_id


@dataclass
class MergeProject:
    """The merge as one command. :meth:`plan` decides (reads only); the first
    :meth:`apply` adds what is new and maps the colleague's ids to ours; redo writes exactly
    the same rows (same ids) again."""

    snapshot: Snapshot
    progress: Progress | None = None
    report: MergeReport = field(init=False)
    _docs: list[tuple[DocumentInfo, str]] = field(default_factory=list, init=False)
    _tags: list[Tag] = field(default_factory=list, init=False)
    _annotators: list[Annotator] = field(default_factory=list, init=False)
    _inserted: list[FullAnnotationRow] = field(default_factory=list, init=False)
    _updated: list[tuple[FullAnnotationRow, FullAnnotationRow]] = field(
        default_factory=list, init=False
    )
    _links: list[Link] = field(default_factory=list, init=False)
    _new_comments: list[Comment] = field(default_factory=list, init=False)
    _changed_comments: list[tuple[Comment, Comment]] = field(default_factory=list, init=False)
    _new_labels: list[GroupLabel] = field(default_factory=list, init=False)
    _changed_labels: list[tuple[GroupLabel, GroupLabel]] = field(default_factory=list, init=False)
    _planned: bool = field(default=False, init=False)
    _mapped: bool = field(default=False, init=False)
    _all_docs: frozenset[DocumentId] = field(default_factory=frozenset, init=False)

    def __post_init__(self) -> None:
        self.report = MergeReport(self.snapshot.path)

    @property
    def label(self) -> str:
        return f"Merge {self.snapshot.path.name}"

    # -- deciding (reads only) ----------------------------------------------------------

    def plan(self, store: Store) -> MergeReport:
        """Decide what to add, update and skip, without writing; fills :attr:`report`."""
        if self._planned:
            return self.report
        snap, report = self.snapshot, self.report
        total = len(snap.rows) + 1
        self._tick(0, total)
        for info, text in snap.documents:
            if store.document_by_sha(info.sha256) is None:
                self._docs.append((info, text))
                report.documents.added += 1
            else:
                report.documents.skipped += 1
        keys = {t.key for t in store.tags() if t.key}
        for tag in snap.tags:
            if store.tag_by_name(tag.name) is None:
                self._tags.append(replace(tag, key="" if tag.key in keys else tag.key))
                keys.add(tag.key)
                report.tags.added += 1
            else:
                report.tags.skipped += 1
        for who in snap.annotators:
            if store.annotator_by_name(who.name) is None:
                self._annotators.append(who)
                report.annotators.added += 1
            else:
                report.annotators.skipped += 1

        versions = store.annotation_versions()
        updates: list[FullAnnotationRow] = []
        for i, row in enumerate(snap.rows):
            if i % 20000 == 0:
                self._tick(i, total)
            mine = versions.get(row[0])
            if mine is None:
                self._inserted.append(row)
            elif row[12] > mine:
                updates.append(row)
            else:
                report.annotations.skipped += 1
        report.annotations.added = len(self._inserted)
        report.annotations.updated = len(updates)
        if updates:
            befores = {r[0]: r for r in store.rows_of_annotations([r[0] for r in updates])}
            self._updated = [(befores[r[0]], r) for r in updates]

        link_ids, link_keys = store.link_keys()
        for link in snap.links:
            key = (link.kind.value, link.source_id, link.target_id)
            if link.id in link_ids or key in link_keys:
                report.links.skipped += 1
            else:
                link_keys.add(key)
                self._links.append(link)
                report.links.added += 1

        ours = {c.id: c for c in store.comments()}
        for c in snap.comments:
            mine_c = ours.get(c.id)
            if mine_c is None:
                self._new_comments.append(c)
            elif c.modified > mine_c.modified:
                self._changed_comments.append((mine_c, c))
            else:
                report.comments.skipped += 1
        report.comments.added = len(self._new_comments)
        report.comments.updated = len(self._changed_comments)

        labels = store.group_labels()
        for g in snap.group_labels:
            mine_g = labels.get(g.claim_id)
            if mine_g is None:
                self._new_labels.append(g)
            elif g.modified > mine_g.modified:
                self._changed_labels.append((mine_g, g))
            else:
                report.groups.skipped += 1
        report.groups.added = len(self._new_labels)
        report.groups.updated = len(self._changed_labels)
        self._planned = True
        return report

    def _tick(self, done: int, total: int) -> None:
        if self.progress is not None and not self.progress(done, total):
            raise MergeCancelled(f"merge of {self.snapshot.path} cancelled; nothing was changed")

    # -- applying -----------------------------------------------------------------------

    def apply(self, store: Store) -> Changes:
        if not self._mapped:
            self.plan(store)
            self._map(store)
        else:
            for info, text in self._docs:
                store.add_document(info, text, keep_id=True)
            for tag in self._tags:
                store.add_tag(tag, keep_id=True)
            for who in self._annotators:
                store.add_annotator_with_id(who)
        store.insert_full_annotation_rows(self._inserted)
        store.replace_annotation_rows(after for _, after in self._updated)
        store.insert_links(self._links)
        store.insert_comments(self._new_comments)
        store.replace_comments(after for _, after in self._changed_comments)
        store.put_group_labels([*self._new_labels, *(after for _, after in self._changed_labels)])
        return self._changes()

    def _map(self, store: Store) -> None:
        """Add the new documents, tags and annotators, and turn the colleague's ids in the
        planned rows into ours (done once; redo re-uses the result)."""
        snap = self.snapshot
        doc_map: dict[int, DocumentId] = {}
        new_docs: list[tuple[DocumentInfo, str]] = []
        for info, text in self._docs:
            ours = store.add_document(info, text)
            new_docs.append((replace(info, id=ours), text))
        self._docs = new_docs
        for info, _text in snap.documents:
            found = store.document_by_sha(info.sha256)
            assert found is not None
            doc_map[info.id] = found
        self._all_docs = frozenset(doc_map.values())
        self._tags = [replace(t, id=store.add_tag(t)) for t in self._tags]
        tag_map: dict[int, TagId] = {}
        for tag in snap.tags:
            found_tag = store.tag_by_name(tag.name)
            assert found_tag is not None
            tag_map[tag.id] = found_tag.id
        self._annotators = [
            Annotator(store.add_annotator(w.name), w.name) for w in self._annotators
        ]
        who_map: dict[int, AnnotatorId] = {}
        for who in snap.annotators:
            found_who = store.annotator_by_name(who.name)
            assert found_who is not None
            who_map[who.id] = found_who.id

        def mapped(row: FullAnnotationRow) -> FullAnnotationRow:
            return (row[0], doc_map[row[1]], tag_map[row[2]], who_map[row[3]], *row[4:])

        self._inserted = [mapped(r) for r in self._inserted]
        self._updated = [(before, mapped(after)) for before, after in self._updated]
        self._mapped = True

    # -- undoing ------------------------------------------------------------------------

    def revert(self, store: Store) -> Changes:
        store.put_group_labels(before for before, _ in self._changed_labels)
        store.delete_group_labels(g.claim_id for g in self._new_labels)
        store.replace_comments(before for before, _ in self._changed_comments)
        store.delete_comment_ids(c.id for c in self._new_comments)
        store.delete_link_ids(link.id for link in self._links)
        store.replace_annotation_rows(before for before, _ in self._updated)
        store.delete_annotation_ids(r[0] for r in self._inserted)
        for who in self._annotators:
            store.delete_annotator(who.id)
        for tag in self._tags:
            store.delete_tag(tag.id)
        for info, _text in self._docs:
            store.delete_document(info.id)
        return self._changes()

    def _changes(self) -> Changes:
        docs = {DocumentId(r[1]) for r in self._inserted}
        docs |= {DocumentId(r[1]) for pair in self._updated for r in pair}
        if (
            self._links
            or self._new_comments
            or self._changed_comments
            or self._new_labels
            or self._changed_labels
        ):
            docs |= self._all_docs  # links and comments do not say their document cheaply
        return Changes(
            annotations=frozenset(docs),
            documents=bool(self._docs),
            codebook=bool(self._tags),
            annotators=bool(self._annotators),
        )


def merge_projects(
    project: Project, other_path: str | Path, *, progress: Progress | None = None
) -> MergeReport:
    """Merge the project file ``other_path`` into ``project`` as one undo step (none when
    nothing would change) and say what was added, updated and skipped."""
    return merge_with(project.run, project.store, read_snapshot(other_path), progress)


def merge_with(
    run: Callable[[Command], Changes],
    store: Store,
    snapshot: Snapshot,
    progress: Progress | None = None,
) -> MergeReport:
    """Merge a snapshot through ``run`` (a Project's or the GUI Session's, so that the
    views hear of it)."""
    if _same_file(store.path, snapshot.path):
        raise ValidationError(f"{snapshot.path}: is this project itself; choose a colleague's file")
    command = MergeProject(snapshot, progress)
    report = command.plan(store)
    if report.changed:
        run(command)
    return report


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.exists() and b.exists() and a.samefile(b)
    except OSError:
        return False
