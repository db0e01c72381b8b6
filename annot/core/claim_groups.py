"""Claim groups: claims of different documents aligned as reporting one proposition.

Two claims of different documents are *aligned* by one link of an alignment kind
(:data:`~annot.core.model.ALIGNMENT_KINDS`): ``same_claim``, ``partly`` (same proposition, a
detail differs) or ``contradicts``. A **claim group** is a connected component of the
claims under ``same_claim`` and ``partly`` links; ``contradicts`` links join no group, they
relate two groups. Groups are never stored: they are computed from the links (one query
for the links, one for the claims, then a union-find), so they can never disagree with
the links a merge, an import or an undo leaves behind.

**Storage of a group's label and note** (table ``claim_groups``, schema 3). A group has no
row of its own; its label row is keyed by one member claim, the group's **anchor**, whose
UUID is the group's id (the ``group_id`` column of the exports):

- the anchor is the earliest member (by ``created``, then id) that holds a label row, or,
  when none does, the earliest member. So the id of an unlabelled group is the id its label
  row will get: labelling a group never changes its id;
- two colleagues who label the same group write the same primary key, so a merge keeps one
  row per group (the newer ``modified`` wins), by UUID like every other row;
- when two labelled groups are joined, the earlier anchor's label shows and the other row is
  kept, unused: unlinking them again brings both labels back. Deleting the anchor claim
  deletes its row (``ON DELETE CASCADE``; undo restores it).

The alternative, a ``claim_groups`` table keyed by its own UUID with a member table, would
store membership twice (in the links and in the table) and need reconciling after every
merge or undo that changes the links; a row keyed by an anchor link would vanish whenever
that one link is unlinked.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from annot.core.annotations import link_problem, new_id, now
from annot.core.errors import NotFound, ValidationError
from annot.core.model import (
    ALIGNMENT_KINDS,
    GROUPING_KINDS,
    Annotation,
    AnnotationId,
    Changes,
    DocumentId,
    GroupLabel,
    Link,
    LinkId,
    LinkKind,
    Role,
)
from annot.core.store import Store


@dataclass(frozen=True, slots=True)
class ClaimGroup:
    """One group (or one claim aligned with nothing, a group of one)."""

    id: AnnotationId  # the anchor claim
    members: tuple[AnnotationId, ...]  # earliest first; the anchor is among them
    label: str = ""
    note: str = ""
    partly: frozenset[AnnotationId] = frozenset()  # members joined only by partly links (both
    # ends of a lone partly link are partly; a member with any same_claim link is the same)
    contradicted_by: frozenset[AnnotationId] = frozenset()  # claims outside contradicting a member


@dataclass
class Groups:
    """Every claim's group. ``claims`` holds the claims themselves, by id."""

    claims: dict[AnnotationId, Annotation]
    groups: dict[AnnotationId, ClaimGroup]  # by group id
    group_of: dict[AnnotationId, AnnotationId]  # claim id -> group id
    links: list[Link] = field(default_factory=list)  # the alignment links between claims

    def of(self, claim_id: AnnotationId) -> ClaimGroup:
        return self.groups[self.group_of[claim_id]]

    def aligned(self) -> list[ClaimGroup]:
        """Groups of two claims or more, or of one claim that some claim contradicts."""
        return [g for g in self.groups.values() if len(g.members) > 1 or g.contradicted_by]

    def partners(self, claim_id: AnnotationId) -> dict[AnnotationId, LinkKind]:
        """The claims ``claim_id`` is directly aligned with, and how."""
        out: dict[AnnotationId, LinkKind] = {}
        for link in self.links:
            if link.source_id == claim_id:
                out[link.target_id] = link.kind
            elif link.target_id == claim_id:
                out[link.source_id] = link.kind
        return out


def _key(a: Annotation) -> tuple[str, str]:
    return (a.created, a.id)


def group_index(store: Store) -> dict[AnnotationId, tuple[AnnotationId, str]]:
    """For every claim in a group of two or more: (group id, group label). Reads only the
    alignment links, their claims' creation times and the labels (for the claims table)."""
    links = [k for k in store.alignment_links() if k.kind in GROUPING_KINDS]
    ids = sorted({i for k in links for i in (k.source_id, k.target_id)})
    created = {AnnotationId(r[0]): str(r[11]) for r in store.rows_of_annotations(ids)}
    parent: dict[AnnotationId, AnnotationId] = {}

    def find(x: AnnotationId) -> AnnotationId:
        while (up := parent.get(x, x)) != x:
            parent[x] = parent.get(up, up)
            x = up
        return x

    for link in links:
        if link.source_id in created and link.target_id in created:
            a, b = find(link.source_id), find(link.target_id)
            if a != b:
                parent[b] = a
    members: dict[AnnotationId, list[AnnotationId]] = {}
    for i in created:
        members.setdefault(find(i), []).append(i)
    labels = store.group_labels()
    out: dict[AnnotationId, tuple[AnnotationId, str]] = {}
    for items in members.values():
        if len(items) < 2:
            continue
        items.sort(key=lambda i: (created[i], i))
        anchor = ([i for i in items if i in labels] or items)[0]
        label = labels[anchor].label if anchor in labels else ""
        for i in items:
            out[i] = (anchor, label)
    return out


def claim_groups(store: Store, *, aligned_only: bool = False) -> Groups:
    """Every claim with its group, computed from the alignment links (a query per claim
    tag, one for the links, one for the labels). With ``aligned_only``, only the claims
    that some alignment link touches are read (the board without unaligned claims)."""
    claim_tags = {t.id for t in store.tags() if t.role == Role.CLAIM}
    all_links = store.alignment_links()
    if aligned_only:
        touched = sorted({i for k in all_links for i in (k.source_id, k.target_id)})
        found = store.annotations_by_ids(touched)
        claims = {a.id: a for a in sorted(found, key=_key) if a.tag_id in claim_tags}
    else:
        claims = {a.id: a for t in claim_tags for a in store.annotations(tag_id=t)}
    links = [k for k in all_links if k.source_id in claims and k.target_id in claims]
    parent: dict[AnnotationId, AnnotationId] = {}

    def find(x: AnnotationId) -> AnnotationId:
        root = x
        while (up := parent.get(root, root)) != root:
            root = up
        while (up := parent.get(x, x)) != root:  # path compression
            parent[x], x = root, up
        return root

    for link in links:
        if link.kind in GROUPING_KINDS:
            a, b = find(link.source_id), find(link.target_id)
            if a != b:
                parent[b] = a
    members: dict[AnnotationId, list[Annotation]] = {}
    for claim in claims.values():
        members.setdefault(find(claim.id), []).append(claim)
    same_linked: set[AnnotationId] = set()
    partly_linked: set[AnnotationId] = set()
    contradicts: dict[AnnotationId, set[AnnotationId]] = {}
    for link in links:
        if link.kind == LinkKind.SAME_CLAIM:
            same_linked.update((link.source_id, link.target_id))
        elif link.kind == LinkKind.PARTLY:
            partly_linked.update((link.source_id, link.target_id))
        else:
            contradicts.setdefault(find(link.source_id), set()).add(link.target_id)
            contradicts.setdefault(find(link.target_id), set()).add(link.source_id)
    labels = store.group_labels()
    groups: dict[AnnotationId, ClaimGroup] = {}
    group_of: dict[AnnotationId, AnnotationId] = {}
    for root, items in members.items():
        items.sort(key=_key)
        labelled = [a for a in items if a.id in labels]
        anchor = (labelled or items)[0].id
        row = labels.get(anchor)
        ids = tuple(a.id for a in items)
        partly = frozenset(i for i in ids if i in partly_linked and i not in same_linked)
        groups[anchor] = ClaimGroup(
            anchor, ids, row.label if row else "", row.note if row else "", partly,
            frozenset(contradicts.get(root, ())),
        )  # fmt: skip
        for i in ids:
            group_of[i] = anchor
    return Groups(claims, groups, group_of, links)


# -- alignments for the window (markers, partners) ------------------------------------------

# a claim's strongest relation, for its marker: a contradiction shows over a partial match
RELATION_RANK = {LinkKind.SAME_CLAIM: 0, LinkKind.PARTLY: 1, LinkKind.CONTRADICTS: 2}


@dataclass
class Alignments:
    """Every alignment link with the documents of its ends (one query): which claims of a
    document are aligned and how, and the partners of a claim."""

    ends: list[tuple[LinkKind, AnnotationId, DocumentId, AnnotationId, DocumentId]]

    _adjacent: dict[AnnotationId, list[tuple[AnnotationId, DocumentId, LinkKind]]] | None = field(
        default=None, init=False
    )

    @classmethod
    def load(cls, store: Store) -> Alignments:
        kinds = {k.value: k for k in LinkKind}
        return cls([(kinds[k], s, sd, t, td) for k, s, sd, t, td in store.alignment_ends()])

    def in_document(self, doc_id: DocumentId) -> dict[AnnotationId, LinkKind]:
        """The aligned claims of a document, each with its strongest relation."""
        out: dict[AnnotationId, LinkKind] = {}
        for kind, s, sd, t, td in self.ends:
            for claim, doc in ((s, sd), (t, td)):
                if doc == doc_id and RELATION_RANK[kind] >= RELATION_RANK.get(
                    out.get(claim, kind), 0
                ):
                    out[claim] = kind
        return out

    def partners(self, claim_id: AnnotationId) -> dict[AnnotationId, tuple[DocumentId, LinkKind]]:
        """The other members of the claim's group (with the kind of the link that reached
        them: same or partly) and the claims that contradict a member, with their documents."""
        adjacent = self._adjacent
        if adjacent is None:
            adjacent = self._adjacent = {}
            for kind, s, sd, t, td in self.ends:
                adjacent.setdefault(s, []).append((t, td, kind))
                adjacent.setdefault(t, []).append((s, sd, kind))
        found: dict[AnnotationId, tuple[DocumentId, LinkKind]] = {}
        todo, seen = [claim_id], {claim_id}
        while todo:
            current = todo.pop()
            for other, doc, kind in adjacent.get(current, []):
                if kind == LinkKind.CONTRADICTS:
                    if other not in seen:
                        found.setdefault(other, (doc, kind))
                    continue
                if other not in seen:
                    seen.add(other)
                    found[other] = (doc, kind)
                    todo.append(other)
        return found


# -- commands -----------------------------------------------------------------------------

KIND_WORDS = {
    LinkKind.SAME_CLAIM: "same claim",
    LinkKind.PARTLY: "partly the same",
    LinkKind.CONTRADICTS: "contradicts",
}


def _docs(store: Store, ids: Iterable[AnnotationId]) -> frozenset[DocumentId]:
    return frozenset(store.annotation(i).document_id for i in ids)


@dataclass
class Align:
    """Align two claims of different documents as ``kind``; an alignment of another kind
    between them is replaced in the same undo step."""

    kind: LinkKind
    source_id: AnnotationId
    target_id: AnnotationId
    id: LinkId | None = None
    link: Link | None = field(default=None, init=False)

    @property
    def label(self) -> str:
        return f"Align claims ({KIND_WORDS.get(self.kind, self.kind)})"

    def apply(self, store: Store) -> Changes:
        try:
            kind = LinkKind(self.kind)
        except ValueError as exc:
            raise ValidationError(f"cannot align: {self.kind!r} is not a kind of link") from exc
        if kind not in ALIGNMENT_KINDS:
            raise ValidationError(f"cannot align: {kind.value} is not an alignment of claims")
        try:
            source, target = store.annotation(self.source_id), store.annotation(self.target_id)
        except NotFound as exc:
            raise ValidationError(f"cannot align: {exc.message}") from exc
        problem = link_problem(store, kind, source, target)
        if problem:
            raise ValidationError(f"cannot align: {problem}")
        old = store.alignment_between(source.id, target.id)
        if old is not None and old.kind == kind:
            raise ValidationError(f"these claims are already aligned ({KIND_WORDS[kind]})")
        self.link = Link(self.id or LinkId(new_id()), kind, source.id, target.id, now())
        if old is not None:
            store.delete_link(old.id)
        store.insert_link(self.link)
        return Changes(annotations=frozenset({source.document_id, target.document_id}))


@dataclass
class Unalign:
    """Remove the alignment between two claims."""

    source_id: AnnotationId
    target_id: AnnotationId

    @property
    def label(self) -> str:
        return "Unlink claims"

    def apply(self, store: Store) -> Changes:
        link = store.alignment_between(self.source_id, self.target_id)
        if link is None:
            raise ValidationError("these claims are not aligned")
        store.delete_link(link.id)
        return Changes(annotations=_docs(store, (link.source_id, link.target_id)))


@dataclass
class SetGroupLabel:
    """Give the group of ``claim_id`` a label and a note (both empty: clear them)."""

    claim_id: AnnotationId
    label_text: str
    note: str = ""

    @property
    def label(self) -> str:
        return "Label claim group"

    def apply(self, store: Store) -> Changes:
        groups = claim_groups(store)
        if self.claim_id not in groups.group_of:
            raise ValidationError(f"cannot label: {self.claim_id} is not a claim of this project")
        group = groups.of(self.claim_id)
        text, note = self.label_text.strip(), self.note.strip()
        if (text, note) == (group.label, group.note):
            raise ValidationError("nothing to change")
        # clearing writes an empty label (not a deletion): a newer row travels by merge
        store.put_group_labels([GroupLabel(group.id, text, note, now())])
        return Changes(annotations=frozenset(groups.claims[m].document_id for m in group.members))
