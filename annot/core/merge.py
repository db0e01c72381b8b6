"""Merging a colleague's project file into ours (``annot merge``, File ▸ Merge).

A merge is a sync: merging files in any order, as often as one likes, brings every copy to
the same rows. Identity across projects:

- a **document** is the SHA-256 of its text (a text we lack is imported);
- a **tag** is its name, case-insensitively (a new one keeps its colour, role and
  description, and its shortcut key unless one of ours already uses it);
- an **annotator** is its name;
- **annotations**, **links** and **comments** keep their UUIDs. Deleting one leaves a
  *tombstone* (its id and the instant of the deletion), and tombstones travel like rows.
- **claim-group labels** are keyed by their anchor claim's UUID (see
  :mod:`annot.core.claim_groups`): the newer ``modified`` wins; clearing a label writes an
  empty one, so it travels too; a label goes with its claim.

For each UUID the newer version wins, row or tombstone, compared as instants (see
:mod:`annot.core.merge_rules`): a colleague's deletion removes our row unless we modified it
after that instant; their row whose UUID we deleted comes back only if they modified it after
our deletion. At the same instant a deletion wins, and two different rows are ordered by
their content, the same way on every computer. A ``modified`` later than now plus a day
(a wrong clock) ranks below every real instant, so it never wins for ever. Merging the same
file twice changes nothing.

A colleague's row with one of our UUIDs but another document, author or creation time is
another thing that happens to share the id: both are kept, theirs under a new UUID derived
from both (so merging again finds it), and the report lists it under conflicts. Links are
kept only when valid among the resulting annotations (one per kind, source and target).

The colleague's file is opened read-only after the same checks as opening a project (not a
project, damaged, written by a newer annot: a clear error and nothing changes), and every
row in it must pass the rules our own commands enforce (a known status, a span inside the
text whose quote is the text there, links between the right roles in one document, comments
on existing annotations, readable times): otherwise the file is refused by name with its
first problems, and nothing is merged. The whole merge is one transaction and one undo step.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from annot.core.errors import Cancelled, ValidationError
from annot.core.history import Command
from annot.core.imports.report import ImportReport
from annot.core.merge_plan import Plan, Snapshot, decide
from annot.core.merge_rules import (
    annotation_problem,
    comment_problem,
    link_row_problem,
    tag_problem,
    tombstone_problem,
)
from annot.core.merge_values import ActorMerge, ValueMerge
from annot.core.model import (
    AnnotationId,
    Annotator,
    AnnotatorId,
    Changes,
    DocumentId,
    DocumentInfo,
    Link,
    LinkId,
    LinkKind,
    Role,
    Tag,
    TagId,
)
from annot.core.progress import Progress
from annot.core.store import FullAnnotationRow, Store, open_readonly

if TYPE_CHECKING:
    from annot.core.project import Project

__all__ = ["MergeCancelled", "MergeProject", "Snapshot", "merge_projects"]



class MergeCancelled(Cancelled):
    """The person cancelled a merge; nothing was changed."""


def read_snapshot(path: str | Path) -> Snapshot:
    """Read a project file without changing it, and check every row of it (raises a
    ProjectError subclass if it cannot be read safely, a ValidationError naming the file
    and its first problems if rows break annot's rules)."""
    with open_readonly(path) as other, other.reading():
        try:
            tags = other.tags()
        except ValueError as exc:
            raise ValidationError(f"has a tag of an unknown role ({exc}); nothing was merged", path) from exc
        snapshot = Snapshot(
            Path(path),
            [(info, other.document_text(info.id)) for info in other.documents()],
            tags,
            other.annotators(),
            other.full_annotation_rows(),
            [],
            other.comments(),
            other.tombstones(),
            list(other.group_labels().values()),
        )
        snapshot.date_values = other.date_value_rows()
        snapshot.actors = other.actor_rows(with_merged=True)
        snapshot.mentions = other.mention_rows()
        snapshot.rejected = other.rejected_pairs()
        link_rows = other.link_rows()
    problems = check_snapshot(snapshot, link_rows)
    if problems:
        more = f" (and {len(problems) - 3} more)" if len(problems) > 3 else ""
        raise ValidationError(
            f"cannot be merged: {len(problems)} row(s) break annot's rules: "
            + "; ".join(problems[:3])
            + f"{more}; nothing was merged",
            path,
        )
    snapshot.links = [
        Link(LinkId(r[0]), LinkKind(r[1]), AnnotationId(r[2]), AnnotationId(r[3]), r[4]) for r in link_rows
    ]
    return snapshot


def check_snapshot(snap: Snapshot, link_rows: list[tuple[str, str, str, str, str]]) -> list[str]:
    """Every problem of the colleague's rows, in the words of our commands' messages."""
    texts = {int(info.id): text for info, text in snap.documents}
    tags, roles = {int(t.id) for t in snap.tags}, {int(t.id): t.role.value for t in snap.tags}
    annotators = {int(w.id) for w in snap.annotators}
    problems = [tag_problem(t) for t in snap.tags]
    problems += [annotation_problem(r, texts, tags, annotators) for r in snap.rows]
    ends: dict[str, tuple[object, str]] = {r[0]: (r[1], roles.get(r[2], "")) for r in snap.rows}
    problems += [link_row_problem(link, ends) for link in link_rows]
    problems += [
        comment_problem((c.id, c.annotation_id, c.author, c.text, c.created, c.modified), set(ends))
        for c in snap.comments
    ]
    live = set(ends) | {r[0] for r in link_rows} | {c.id for c in snap.comments}
    problems += [tombstone_problem(t, live) for t in snap.tombstones]
    return [p for p in problems if p]


@dataclass
class MergeProject:
    """The merge as one command. :meth:`plan` decides (reads only); the first
    :meth:`apply` adds what is new, maps the colleague's ids to ours and writes the rows.
    Undo and redo replay the rows History logged (tombstones included)."""

    snapshot: Snapshot
    progress: Progress | None = None
    report: ImportReport = field(init=False)
    _docs: list[tuple[DocumentInfo, str]] = field(default_factory=list, init=False)
    _tags: list[Tag] = field(default_factory=list, init=False)
    _annotators: list[Annotator] = field(default_factory=list, init=False)
    _plan: Plan = field(default_factory=Plan, init=False)
    _planned: bool = field(default=False, init=False)
    _values: ValueMerge = field(init=False)
    _registry: ActorMerge = field(init=False)
    _rejected: list[tuple[str, str, str]] | None = field(default=None, init=False)

    def __post_init__(self) -> None:
        self.report = ImportReport(str(self.snapshot.path), merge=True)
        self._values = ValueMerge(self.snapshot.date_values)
        self._registry = ActorMerge(self.snapshot.actors, self.snapshot.mentions)

    @property
    def label(self) -> str:
        return f"Merge {self.snapshot.path.name}"

    # -- deciding (reads only) ----------------------------------------------------------

    def plan(self, store: Store) -> ImportReport:
        """Decide what to add, update, delete and skip, without writing; fills :attr:`report`."""
        if self._planned:
            return self.report
        snap, report = self.snapshot, self.report
        self._tick(0, len(snap.rows) + 1)
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
                report.new_tags.append(tag.name)
            else:
                report.tags.skipped += 1
        for who in snap.annotators:
            if store.annotator_by_name(who.name) is None:
                self._annotators.append(who)
                report.annotators.added += 1
                report.new_annotators.append(who.name)
            else:
                report.annotators.skipped += 1
        self._plan = decide(store, snap, report, self._tick)
        incoming = {r[0] for r in self._plan.inserted}
        report.date_values.added, report.date_values.updated = self._values.plan(store, incoming)
        report.actors.added = sum(self._registry.plan(store, incoming))
        ours = {(a, b) for a, b, _ in store.rejected_pairs()}  # rejected suggestions: a union
        self._rejected = [r for r in self.snapshot.rejected if (r[0], r[1]) not in ours]
        report.rejected = len(self._rejected)
        self._planned = True
        return report

    def _tick(self, done: int, total: int) -> None:
        if self.progress is not None and not self.progress(done, total):
            raise MergeCancelled(f"merge of {self.snapshot.path} cancelled; nothing was changed")

    # -- applying -----------------------------------------------------------------------

    def apply(self, store: Store) -> Changes:
        self.plan(store)
        self._map(store)
        plan = self._plan
        mark = store.tombstone_mark()
        store.delete_comment_ids(c.id for c in plan.dropped_comments)
        store.delete_link_ids(link.id for link in plan.dropped_links)
        store.delete_annotation_ids(r[0] for r in plan.deleted)
        store.replace_annotation_rows(after for _, after in plan.updated)
        store.insert_full_annotation_rows(plan.inserted)
        store.insert_links(plan.new_links)
        store.replace_comments(after for _, after in plan.changed_comments)
        store.insert_comments(plan.new_comments)
        store.put_group_labels([*plan.new_labels, *(after for _, after in plan.changed_labels)])
        # Only the colleague's deletions are recorded: what the merge itself removes (a
        # link whose end is gone, a duplicate) follows from the rows, on every computer.
        store.forget_tombstones_since(mark)
        store.put_tombstones(plan.tombstones)
        dates = {t.id for t in store.tags() if t.role == Role.DATE}  # only date spans get a value
        self._values.apply(store, [r[0] for r in plan.inserted if r[2] in dates])
        self._registry.apply(store)
        store.put_rejections(self._rejected or [])
        return self._changes(store)

    def _map(self, store: Store) -> None:
        """Add the new documents, tags and annotators, and turn the colleague's ids in the
        planned rows into ours."""
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
        self._tags = [replace(t, id=store.add_tag(t)) for t in self._tags]
        tag_map: dict[int, TagId] = {}
        for tag in snap.tags:
            found_tag = store.tag_by_name(tag.name)
            assert found_tag is not None
            tag_map[tag.id] = found_tag.id
        self._annotators = [Annotator(store.add_annotator(w.name), w.name) for w in self._annotators]
        who_map: dict[int, AnnotatorId] = {}
        for who in snap.annotators:
            found_who = store.annotator_by_name(who.name)
            assert found_who is not None
            who_map[who.id] = found_who.id

        def mapped(row: FullAnnotationRow) -> FullAnnotationRow:
            return (row[0], doc_map[row[1]], tag_map[row[2]], who_map[row[3]], *row[4:])

        plan = self._plan
        plan.inserted = [mapped(r) for r in plan.inserted]
        plan.updated = [(before, mapped(after)) for before, after in plan.updated]

    def _changes(self, store: Store) -> Changes:
        plan = self._plan
        docs = {DocumentId(r[1]) for r in plan.inserted + plan.deleted}
        docs |= {DocumentId(r[1]) for pair in plan.updated for r in pair}
        extras = self._values.changed or self._registry.changed  # date values, actor registry
        if (
            extras or plan.new_links or plan.dropped_links or plan.new_comments or plan.changed_comments
            or plan.dropped_comments or plan.new_labels or plan.changed_labels
        ):  # fmt: skip
            docs |= {d.id for d in store.documents()}  # links and comments do not say their document cheaply
        return Changes(
            annotations=frozenset(docs),
            documents=bool(self._docs),
            codebook=bool(self._tags),
            annotators=bool(self._annotators),
        )


def merge_projects(
    project: Project, other_path: str | Path, *, progress: Progress | None = None
) -> ImportReport:
    """Merge the project file ``other_path`` into ``project`` as one undo step (none when
    nothing would change) and say what was added, updated, deleted and skipped, and which
    identity clashes were kept on both sides."""
    return merge_with(project.run, project.store, read_snapshot(other_path), progress)


def merge_with(
    run: Callable[[Command], Changes],
    store: Store,
    snapshot: Snapshot,
    progress: Progress | None = None,
) -> ImportReport:
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
