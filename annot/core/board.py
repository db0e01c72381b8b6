"""The claim board: one row per claim group, one column per document.

Each cell holds the document's claims in that group (or the claims that contradict it),
their actors and dates (said_by / dated links)
and the relation: ``same``, ``partly``, ``contradicts`` or ``absent``. A cell whose actors or
dates differ from those of the other documents' cells in the row is marked. Built from a
few queries whatever the number of claims (:func:`annot.core.claim_groups.claim_groups`,
then the said_by/dated links of the claims shown and their targets' quotes, as the claims
table does).
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass, replace

from annot.core.claim_groups import claim_groups
from annot.core.model import Annotation, AnnotationId, Changes, DocumentId, DocumentInfo, TagId
from annot.core.relations import ABSENT, CONTRADICTS, PARTLY, RELATIONS, SAME
from annot.core.store import Store
from annot.core.store.claims import ClaimLinks

__all__ = ["ABSENT", "CONTRADICTS", "PARTLY", "RELATIONS", "SAME", "Board", "BoardCell", "BoardRow", "build_board"]


@dataclass(frozen=True, slots=True)
class BoardCell:
    relation: str
    claims: tuple[Annotation, ...] = ()
    actors: tuple[str, ...] = ()  # the quotes of the linked actors, in text order
    dates: tuple[str, ...] = ()
    actors_differ: bool = False
    dates_differ: bool = False

    @property
    def quote(self) -> str:
        return " … ".join(c.quote for c in self.claims)


ABSENT_CELL = BoardCell(ABSENT)


@dataclass(frozen=True, slots=True)
class BoardRow:
    group_id: AnnotationId
    label: str
    note: str
    present: dict[int, BoardCell]  # column -> cell, for the documents that are not absent
    width: int  # the number of documents

    def cell(self, column: int) -> BoardCell:
        return self.present.get(column, ABSENT_CELL)

    @property
    def cells(self) -> tuple[BoardCell, ...]:
        """One cell per document of the board, in its order."""
        return tuple(self.cell(i) for i in range(self.width))

    @property
    def sources(self) -> int:
        """How many documents carry the claim (same or partly)."""
        return sum(1 for c in self.present.values() if c.relation in (SAME, PARTLY))

    @property
    def contradicted(self) -> bool:
        return any(c.relation == CONTRADICTS for c in self.present.values())


@dataclass(frozen=True, slots=True)
class Board:
    documents: tuple[DocumentInfo, ...]
    rows: tuple[BoardRow, ...]
    # every annotation the board shows -> what of it it shows: a claim (tag, bounds, quote),
    # a claim's actor or date (bounds, quote); see :func:`concerned`
    shown: dict[AnnotationId, tuple[object, ...]] = dataclasses.field(default_factory=dict)

    def column_of(self, doc_id: DocumentId) -> int:
        return next(i for i, d in enumerate(self.documents) if d.id == doc_id)


def document_heading(info: DocumentInfo) -> str:
    """A column heading: outlet and date, or the title when there is no outlet."""
    name = info.outlet or info.title or info.filename or f"document {info.id}"
    return f"{name} ({info.published})" if info.published else name


def _norm(quotes: tuple[str, ...]) -> frozenset[str]:
    return frozenset(" ".join(q.casefold().split()) for q in quotes)


def _mark(cells: dict[int, BoardCell]) -> dict[int, BoardCell]:
    """Mark the cells whose actors (dates) differ from the most common non-empty set (all
    of them when no set is more common than the others)."""
    out = dict(cells)
    for field in ("actors", "dates"):
        sets = [_norm(getattr(c, field)) for c in cells.values() if getattr(c, field)]
        if len(set(sets)) < 2:
            continue
        ranked = Counter(sets).most_common(2)
        common = ranked[0][0] if ranked[0][1] > ranked[1][1] else None
        for i, c in out.items():
            values = getattr(c, field)
            if values and _norm(values) != common:
                out[i] = _replace(c, field)
    return out


def _replace(cell: BoardCell, field: str) -> BoardCell:
    if field == "actors":
        return replace(cell, actors_differ=True)
    return replace(cell, dates_differ=True)


def build_board(store: Store, *, unaligned: bool = False) -> Board:
    """The board of every claim group (and, with ``unaligned``, of every claim aligned with
    nothing, as a row of one source). Rows: most sources first, then by label. Only the
    cells that are not absent are stored."""
    documents = tuple(store.documents())
    column = {d.id: i for i, d in enumerate(documents)}
    groups = claim_groups(store, aligned_only=not unaligned)
    chosen = list(groups.groups.values()) if unaligned else groups.aligned()
    shown = [m for g in chosen for m in (*g.members, *g.contradicted_by)]
    linked = store.claim_links(shown)  # the actors' and dates' spans, in text order
    claims = groups.claims
    seen: dict[AnnotationId, tuple[object, ...]] = {
        AnnotationId(span[0]): ("linked", *span[1:]) for spans in linked.values() for side in spans for span in side
    }
    seen.update((m, _shown_claim(claims[m])) for m in shown)
    none: ClaimLinks = ([], [])
    rows: list[BoardRow] = []
    for group in chosen:
        by_doc: dict[int, list[AnnotationId]] = {}
        for m in group.members:
            by_doc.setdefault(column[claims[m].document_id], []).append(m)
        against: dict[int, list[AnnotationId]] = {}
        for c in group.contradicted_by:
            col = column[claims[c].document_id]
            if col not in by_doc:
                against.setdefault(col, []).append(c)
        cells: dict[int, BoardCell] = {}
        for i, ids in (*by_doc.items(), *against.items()):
            if i in by_doc:
                relation = PARTLY if all(m in group.partly for m in ids) else SAME
            else:
                relation = CONTRADICTS
            found = sorted((claims[m] for m in ids), key=lambda a: (a.start, a.end))
            actors = tuple(span[3] for c in found for span in linked.get(c.id, none)[0])
            dates = tuple(span[3] for c in found for span in linked.get(c.id, none)[1])
            cells[i] = BoardCell(relation, tuple(found), actors, dates)
        rows.append(BoardRow(group.id, group.label, group.note, _mark(cells), len(documents)))
    rows.sort(key=lambda r: (-r.sources, r.label.casefold() == "", r.label.casefold(), r.group_id))
    return Board(documents, tuple(rows), seen)


def _shown_claim(a: Annotation) -> tuple[object, ...]:
    return ("claim", a.tag_id, a.start, a.end, a.quote)


def _shown(a: Annotation, kind: object) -> tuple[object, ...]:
    return _shown_claim(a) if kind == "claim" else ("linked", a.start, a.end, a.quote)


def concerned(
    board: Board, store: Store, changes: Changes, *, unaligned: bool, claim_tags: Collection[TagId]
) -> bool:
    """Whether ``changes`` may alter ``board`` (then it is built again), from the report
    and at most one read of the annotations it names:

    - documents (the columns), the codebook (which tags are claims), any link (groups,
      relations, actors and dates) or a group label changed: yes;
    - the report names no annotation ids (a bulk step): yes, when it names documents;
    - an annotation the board shows (a claim, a claim's actor or date) was removed, or what
      the board shows of it (tag, bounds, quote) changed: yes; its note or status: no;
    - any other annotation: only with ``unaligned`` on, and only when it is now a claim (a
      new claim is a row of its own). Without it a claim joins the board only through an
      alignment link (:func:`annot.core.annotations.link_problem` keeps those on claims,
      and a change of tag removes the links it breaks), which the first rule sees.
    """
    if changes.documents or changes.codebook or changes.links_changed or changes.group_labels_changed:
        return True
    ids = changes.annotation_ids
    if ids is None or (changes.annotations and not changes.tables):
        return bool(changes.annotations)  # not said which: build it again
    if not changes.spans_changed or not ids:
        return False  # no annotation row was written (comments, date values, actors)
    on_board = [i for i in ids if i in board.shown]
    others = [i for i in ids if i not in board.shown] if unaligned else []
    if not on_board and not others:
        return False
    fresh = {a.id: a for a in store.annotations_by_ids(sorted(on_board + others))}
    for i in on_board:
        a = fresh.get(i)
        if a is None or _shown(a, board.shown[i][0]) != board.shown[i]:
            return True
    return any(i in fresh and fresh[i].tag_id in claim_tags for i in others)
