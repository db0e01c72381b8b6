"""What a merge will change, decided without writing (see :mod:`annot.core.merge`).

Each annotation, link and comment is one version per computer: a row, or a tombstone saying
when it was deleted. For every id the greater version wins (:mod:`annot.core.merge_rules`);
links and comments then keep only what is valid among the winning annotations (both ends
there, roles and documents as the link rules say; one link per kind, source and target, the
smallest id). The result depends only on what both files hold, not on who merges whom.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from annot.core.imports.report import ImportReport
from annot.core.merge_rules import (
    Version,
    canonical,
    clash_id,
    instant,
    link_row_problem,
    row_version,
    tombstone_version,
)
from annot.core.model import (
    AnnotationId,
    Annotator,
    Comment,
    CommentId,
    DocumentInfo,
    GroupLabel,
    Link,
    LinkId,
    Tag,
)
from annot.core.store import FullAnnotationRow, Store


@dataclass
class Snapshot:
    """Everything of a colleague's project that a merge needs, read once and checked."""

    path: Path
    documents: list[tuple[DocumentInfo, str]]
    tags: list[Tag]
    annotators: list[Annotator]
    rows: list[FullAnnotationRow]
    links: list[Link]
    comments: list[Comment]
    tombstones: list[tuple[str, str, str]] = field(default_factory=list)
    group_labels: list[GroupLabel] = field(default_factory=list)
    date_values: list[tuple[str, str, str, str]] = field(default_factory=list)
    actors: list[tuple[str, str, str, str, str, str, str]] = field(default_factory=list)
    mentions: list[tuple[str, str, str]] = field(default_factory=list)
    rejected: list[tuple[str, str, str]] = field(default_factory=list)  # rejected suggestions


@dataclass
class Plan:
    """The row changes of a merge. Rows from the colleague still carry their document, tag
    and annotator numbers (mapped to ours when applied); ``deleted`` and ``dropped_*`` are ours."""

    inserted: list[FullAnnotationRow] = field(default_factory=list)
    updated: list[tuple[FullAnnotationRow, FullAnnotationRow]] = field(default_factory=list)
    deleted: list[FullAnnotationRow] = field(default_factory=list)
    new_links: list[Link] = field(default_factory=list)
    dropped_links: list[Link] = field(default_factory=list)
    new_comments: list[Comment] = field(default_factory=list)
    changed_comments: list[tuple[Comment, Comment]] = field(default_factory=list)
    dropped_comments: list[Comment] = field(default_factory=list)
    tombstones: list[tuple[str, str, str]] = field(default_factory=list)
    new_labels: list[GroupLabel] = field(default_factory=list)
    changed_labels: list[tuple[GroupLabel, GroupLabel]] = field(default_factory=list)
    dropped_labels: list[GroupLabel] = field(default_factory=list)  # ours, on deleted claims


@dataclass
class _Names:
    """One side's local numbers turned into what is the same on every computer."""

    sha: dict[int, str]
    tag: dict[int, str]  # case-folded tag name
    who: dict[int, str]

    def identity(self, r: FullAnnotationRow) -> tuple[str, str, str]:
        """What never changes in an annotation's life: its document, author and creation
        (as an instant, so that ``…Z`` and ``…+00:00`` are the same)."""
        created = instant(r[11])
        return (self.sha[r[1]], self.who[r[3]], created.isoformat() if created else r[11])

    def canon(self, r: FullAnnotationRow) -> str:
        return canonical([self.sha[r[1]], self.tag[r[2]], self.who[r[3]], *r[4:]])


def _link_version(link: Link, now: datetime) -> Version:
    key = [link.kind.value, link.source_id, link.target_id, link.created]
    return row_version(link.created, canonical(key), now)


def _comment_version(c: Comment, now: datetime) -> Version:
    key = [c.annotation_id, c.author, c.text, c.created, c.modified]
    return row_version(c.modified, canonical(key), now)


def _clash(what: str, old: str, new: str, differs: Iterable[str]) -> str:
    return f"{what} {old}: the colleague's has another {' and '.join(differs)}; kept both, theirs as {new}"


def decide(store: Store, snap: Snapshot, report: ImportReport, tick: Callable[[int, int], None]) -> Plan:
    """The plan of merging ``snap`` into ``store``; fills the row counts of ``report``."""
    now = datetime.now(timezone.utc)
    plan = Plan()
    ours = _Names(
        {d.id: d.sha256 for d in store.documents()},
        {t.id: t.name.casefold() for t in store.tags()},
        {w.id: w.name for w in store.annotators()},
    )
    theirs = _Names(
        {info.id: info.sha256 for info, _ in snap.documents},
        {t.id: t.name.casefold() for t in snap.tags},
        {w.id: w.name for w in snap.annotators},
    )
    role = {t.name.casefold(): t.role.value for t in snap.tags}
    role.update({t.name.casefold(): t.role.value for t in store.tags()})  # ours win by name

    our_rows = {r[0]: r for r in store.full_annotation_rows()}
    our_links: dict[str, Link] = {link.id: link for link in store.links()}
    our_comments: dict[str, Comment] = {c.id: c for c in store.comments()}
    our_tombs = {t[0]: t for t in store.tombstones()}

    def mine(i: str) -> Version | None:
        if i in our_rows:
            return row_version(our_rows[i][12], ours.canon(our_rows[i]), now)
        if i in our_links:
            return _link_version(our_links[i], now)
        if i in our_comments:
            return _comment_version(our_comments[i], now)
        if i in our_tombs:
            return tombstone_version(our_tombs[i][2], now)
        return None

    # identity clashes: our id, but another document, author or creation -> keep both
    rename: dict[str, str] = {}
    for row in snap.rows:
        have = our_rows.get(row[0])
        if have is not None and ours.identity(have) != theirs.identity(row):
            rename[row[0]] = clash_id(row[0], theirs.identity(row))
            names = ("document", "annotator", "creation time")
            pairs = zip(names, ours.identity(have), theirs.identity(row), strict=True)
            differs = [n for n, a, b in pairs if a != b]
            report.conflicts.append(_clash("annotation", row[0], rename[row[0]], differs))

    def ren(i: str) -> str:
        return rename.get(i, i)

    # annotations: the greater version wins
    final = {i: (ours.sha[r[1]], role[ours.tag[r[2]]]) for i, r in our_rows.items()}
    for n, row in enumerate(snap.rows):
        if n % 20000 == 0:
            tick(n, len(snap.rows) + 1)
        r: FullAnnotationRow = (ren(row[0]), *row[1:14], ren(row[14])) if rename else row
        have_v = mine(r[0])
        if have_v is not None and row_version(r[12], theirs.canon(r), now) <= have_v:
            report.annotations.skipped += 1
            continue
        if r[0] in our_rows:
            plan.updated.append((our_rows[r[0]], r))
        else:
            plan.inserted.append(r)
        final[r[0]] = (theirs.sha[r[1]], role[theirs.tag[r[2]]])

    # their deletions newer than what we hold
    killed: set[str] = set()
    for tomb in snap.tombstones:
        have_v = mine(tomb[0])
        if have_v is not None and tombstone_version(tomb[2], now) <= have_v:
            continue
        plan.tombstones.append(tomb)
        killed.add(tomb[0])
        if tomb[0] in our_rows:
            plan.deleted.append(our_rows[tomb[0]])
            final.pop(tomb[0])
    report.tombstones = len(plan.tombstones)

    _links(plan, snap, report, our_links, killed, final, ren, mine, now)
    _comments(plan, snap, report, our_comments, killed, final, ren, mine, now)
    _labels(plan, snap, report, store, final, ren)
    report.annotations.added = len(plan.inserted)
    report.annotations.updated = len(plan.updated)
    report.annotations.deleted = len(plan.deleted)
    return plan


def _links(
    plan: Plan,
    snap: Snapshot,
    report: ImportReport,
    our_links: dict[str, Link],
    killed: set[str],
    final: dict[str, tuple[str, str]],
    ren: Callable[[str], str],
    mine: Callable[[str], Version | None],
    now: datetime,
) -> None:
    candidates = {i: link for i, link in our_links.items() if i not in killed}
    for link in snap.links:
        link = replace(link, source_id=AnnotationId(ren(link.source_id)), target_id=AnnotationId(ren(link.target_id)))
        have = our_links.get(link.id)
        if have is not None and have != link:
            new = LinkId(clash_id(link.id, [link.kind.value, link.source_id, link.target_id, link.created]))
            report.conflicts.append(_clash("link", link.id, new, ["kind or ends"]))
            link = replace(link, id=new)
            have = our_links.get(link.id)
        have_v = mine(link.id)
        if have is None and (have_v is None or _link_version(link, now) > have_v):
            candidates[link.id] = link
    kept: dict[tuple[Any, ...], Link] = {}
    for i in sorted(candidates):  # one link per kind, source and target: the smallest id
        link = candidates[i]
        key = (link.kind.value, link.source_id, link.target_id)
        if key not in kept and not link_row_problem((link.id, *key, link.created), final):
            kept[key] = link
    kept_ids = {link.id for link in kept.values()}
    plan.new_links = [link for link in kept.values() if link.id not in our_links]
    plan.dropped_links = [link for i, link in our_links.items() if i not in kept_ids]
    report.links.added, report.links.deleted = len(plan.new_links), len(plan.dropped_links)
    report.links.skipped = len(snap.links) - len(plan.new_links)


def _comments(
    plan: Plan,
    snap: Snapshot,
    report: ImportReport,
    our_comments: dict[str, Comment],
    killed: set[str],
    final: dict[str, tuple[str, str]],
    ren: Callable[[str], str],
    mine: Callable[[str], Version | None],
    now: datetime,
) -> None:
    for c in snap.comments:
        c = replace(c, annotation_id=AnnotationId(ren(c.annotation_id)))
        have = our_comments.get(c.id)
        if have is not None and (have.annotation_id, have.author, have.created) != (
            c.annotation_id,
            c.author,
            c.created,
        ):
            new = CommentId(clash_id(c.id, [c.annotation_id, c.author, c.created]))
            report.conflicts.append(_clash("comment", c.id, new, ["annotation, author or creation time"]))
            c = replace(c, id=new)
            have = our_comments.get(c.id)
        have_v = mine(c.id)
        if (have_v is not None and _comment_version(c, now) <= have_v) or c.annotation_id not in final:
            report.comments.skipped += 1
        elif have is not None:
            plan.changed_comments.append((have, c))
        else:
            plan.new_comments.append(c)
    plan.dropped_comments = [
        c for c in our_comments.values() if c.id in killed or c.annotation_id not in final
    ]
    report.comments.added = len(plan.new_comments)
    report.comments.updated = len(plan.changed_comments)
    report.comments.deleted = len(plan.dropped_comments)


def _labels(
    plan: Plan,
    snap: Snapshot,
    report: ImportReport,
    store: Store,
    final: dict[str, tuple[str, str]],
    ren: Callable[[str], str],
) -> None:
    """Claim-group labels, keyed by their anchor claim: the newer ``modified`` wins; a label
    whose claim does not survive the merge is left out (ours goes with our deleted claim)."""
    ours = store.group_labels()
    for g in snap.group_labels:
        g = replace(g, claim_id=AnnotationId(ren(g.claim_id)))
        have = ours.get(g.claim_id)
        if g.claim_id not in final or (have is not None and g.modified <= have.modified):
            report.groups.skipped += 1
        elif have is None:
            plan.new_labels.append(g)
        else:
            plan.changed_labels.append((have, g))
    deleted = {r[0] for r in plan.deleted}
    plan.dropped_labels = [g for g in ours.values() if g.claim_id in deleted]
    report.groups.added = len(plan.new_labels)
    report.groups.updated = len(plan.changed_labels)
    report.groups.deleted = len(plan.dropped_labels)
