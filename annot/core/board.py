"""The claim board: one row per claim group, one column per document.

Each cell holds the document's claims in that group (or the claims that contradict it),
their actors and dates (said_by / dated links, via :func:`annot.core.queries.claims_with_links`)
and the relation: ``same``, ``partly``, ``contradicts`` or ``absent``. A cell whose actors or
dates differ from those of the other documents' cells in the row is marked. Built from a
few queries whatever the number of claims (:func:`annot.core.claim_groups.claim_groups`).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace

from annot.core.claim_groups import claim_groups
from annot.core.model import Annotation, AnnotationId, DocumentId, DocumentInfo
from annot.core.queries import claims_with_links
from annot.core.store import Store

SAME, PARTLY, CONTRADICTS, ABSENT = "same", "partly", "contradicts", "absent"
RELATIONS = (SAME, PARTLY, CONTRADICTS, ABSENT)


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


@dataclass(frozen=True, slots=True)
class BoardRow:
    group_id: AnnotationId
    label: str
    note: str
    cells: tuple[BoardCell, ...]  # one per document of the board, in its order

    @property
    def sources(self) -> int:
        """How many documents carry the claim (same or partly)."""
        return sum(1 for c in self.cells if c.relation in (SAME, PARTLY))

    @property
    def contradicted(self) -> bool:
        return any(c.relation == CONTRADICTS for c in self.cells)


@dataclass(frozen=True, slots=True)
class Board:
    documents: tuple[DocumentInfo, ...]
    rows: tuple[BoardRow, ...]

    def column_of(self, doc_id: DocumentId) -> int:
        return next(i for i, d in enumerate(self.documents) if d.id == doc_id)


def document_heading(info: DocumentInfo) -> str:
    """A column heading: outlet and date, or the title when there is no outlet."""
    name = info.outlet or info.title or info.filename or f"document {info.id}"
    return f"{name} ({info.published})" if info.published else name


def _norm(quotes: tuple[str, ...]) -> frozenset[str]:
    return frozenset(" ".join(q.casefold().split()) for q in quotes)


def _mark(cells: list[BoardCell]) -> tuple[BoardCell, ...]:
    """Mark the cells whose actors (dates) differ from the most common non-empty set (all
    of them when no set is more common than the others)."""
    out = list(cells)
    for field in ("actors", "dates"):
        sets = [_norm(getattr(c, field)) for c in cells if c.claims and getattr(c, field)]
        if len(set(sets)) < 2:
            continue
        ranked = Counter(sets).most_common(2)
        common = ranked[0][0] if ranked[0][1] > ranked[1][1] else None
        for i, c in enumerate(out):
            values = getattr(c, field)
            if c.claims and values and _norm(values) != common:
                out[i] = _replace(c, field)
    return tuple(out)


def _replace(cell: BoardCell, field: str) -> BoardCell:
    if field == "actors":
        return replace(cell, actors_differ=True)
    return replace(cell, dates_differ=True)


def build_board(store: Store, *, unaligned: bool = False) -> Board:
    """The board of every claim group (and, with ``unaligned``, of every claim aligned with
    nothing, as a row of one source). Rows: most sources first, then by label."""
    documents = tuple(store.documents())
    column = {d.id: i for i, d in enumerate(documents)}
    groups = claim_groups(store)
    views = {v.claim.id: v for v in claims_with_links(store)}
    rows: list[BoardRow] = []
    chosen = groups.groups.values() if unaligned else groups.aligned()
    for group in chosen:
        by_doc: dict[int, list[AnnotationId]] = {}
        for m in group.members:
            by_doc.setdefault(column[groups.claims[m].document_id], []).append(m)
        against: dict[int, list[AnnotationId]] = {}
        for c in group.contradicted_by:
            against.setdefault(column[groups.claims[c].document_id], []).append(c)
        cells: list[BoardCell] = []
        for i in range(len(documents)):
            ids = by_doc.get(i) or against.get(i) or []
            if not ids:
                cells.append(BoardCell(ABSENT))
                continue
            if i in by_doc:
                relation = PARTLY if all(m in group.partly for m in ids) else SAME
            else:
                relation = CONTRADICTS
            claims = tuple(sorted((groups.claims[m] for m in ids), key=lambda a: (a.start, a.end)))
            actors = tuple(a.quote for c in claims for a in views[c.id].actors)
            dates = tuple(d.quote for c in claims for d in views[c.id].dates)
            cells.append(BoardCell(relation, claims, actors, dates))
        rows.append(BoardRow(group.id, group.label, group.note, _mark(cells)))
    rows.sort(key=lambda r: (-r.sources, r.label.casefold() == "", r.label.casefold(), r.group_id))
    return Board(documents, tuple(rows))
