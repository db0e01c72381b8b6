"""Comparing two annotators on one document: the differences the compare view steps through.

Spans of A and B are paired one to one, in this order of preference:

1. **agree**: same start, end and tag;
2. **other_tag**: same start and end, another tag;
3. **overlap**: sharing at least one code point, with other boundaries (same tag first,
   then the largest shared stretch);
4. what is left is **only_a** or **only_b**.

The result is in document order (start, then end). Every status is included; the
compare view shows which differences a reviewer has settled (see :func:`decision`).
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum

from annot.core.model import Annotation, AnnotatorId, DocumentId, Status
from annot.core.store import Store


class DiffKind(str, Enum):
    AGREE = "agree"
    OTHER_TAG = "other_tag"  # same span, another tag
    OVERLAP = "overlap"  # overlapping spans with other boundaries
    ONLY_A = "only_a"
    ONLY_B = "only_b"


DESCRIPTIONS = {
    DiffKind.AGREE: "both agree",
    DiffKind.OTHER_TAG: "same span, another tag",
    DiffKind.OVERLAP: "overlapping, other boundaries",
    DiffKind.ONLY_A: "only A",
    DiffKind.ONLY_B: "only B",
}


@dataclass(frozen=True, slots=True)
class Difference:
    kind: DiffKind
    a: Annotation | None
    b: Annotation | None

    @property
    def start(self) -> int:
        return min(x.start for x in (self.a, self.b) if x is not None)

    @property
    def end(self) -> int:
        return max(x.end for x in (self.a, self.b) if x is not None)

    @property
    def annotations(self) -> list[Annotation]:
        return [x for x in (self.a, self.b) if x is not None]

    @property
    def is_disagreement(self) -> bool:
        return self.kind is not DiffKind.AGREE


def _shared(a: Annotation, b: Annotation) -> int:
    return min(a.end, b.end) - max(a.start, b.start)


class _ByStart:
    """Spans sorted by start, to find those overlapping a span without a full scan."""

    def __init__(self, spans: list[Annotation]) -> None:
        self.spans = sorted(spans, key=lambda x: (x.start, x.end))
        self.starts = [x.start for x in self.spans]
        self.longest = max((x.end - x.start for x in self.spans), default=0)

    def overlapping(self, a: Annotation) -> list[int]:
        """Indices (in :attr:`spans`) of the spans sharing at least one code point with ``a``."""
        lo = bisect_left(self.starts, a.start - self.longest + 1)
        hi = bisect_left(self.starts, a.end)
        return [j for j in range(lo, hi) if self.spans[j].end > a.start]


def differences(a_spans: Sequence[Annotation], b_spans: Sequence[Annotation]) -> list[Difference]:
    """Pair the spans of A and B (one document) and classify every one of them."""
    left, right = list(a_spans), list(b_spans)
    out: list[Difference] = []

    def pair_by(key_kind: DiffKind, same: bool) -> None:
        index: dict[tuple[int, ...], list[Annotation]] = {}
        for r in right:
            index.setdefault((r.start, r.end, r.tag_id) if same else (r.start, r.end), []).append(r)
        rest: list[Annotation] = []
        for a in left:
            b: Annotation | None
            candidates = index.get((a.start, a.end, a.tag_id) if same else (a.start, a.end))
            if same or not candidates:
                b = candidates.pop(0) if candidates else None
            else:
                b = next((c for c in candidates if c.tag_id != a.tag_id), None)
                if b is not None:
                    candidates.remove(b)
            if b is None:
                rest.append(a)
            else:
                out.append(Difference(key_kind, a, b))
                right.remove(b)
        left[:] = rest

    pair_by(DiffKind.AGREE, same=True)
    pair_by(DiffKind.OTHER_TAG, same=False)
    index = _ByStart(right)
    right = index.spans
    # overlaps: best pairs first (same tag, then the longest shared stretch), greedily
    candidates = [
        (a.tag_id != right[j].tag_id, -_shared(a, right[j]), a.start, right[j].start, i, j)
        for i, a in enumerate(left)
        for j in index.overlapping(a)
    ]
    used_a: set[int] = set()
    used_b: set[int] = set()
    for *_, i, j in sorted(candidates):
        if i not in used_a and j not in used_b:
            used_a.add(i)
            used_b.add(j)
            out.append(Difference(DiffKind.OVERLAP, left[i], right[j]))
    out += [Difference(DiffKind.ONLY_A, a, None) for i, a in enumerate(left) if i not in used_a]
    out += [Difference(DiffKind.ONLY_B, None, b) for j, b in enumerate(right) if j not in used_b]
    order = list(DiffKind)
    out.sort(key=lambda d: (d.start, d.end, order.index(d.kind), d.a.id if d.a else "", d.b.id if d.b else ""))
    return out


def compare(
    store: Store, document_id: DocumentId, annotator_a: AnnotatorId, annotator_b: AnnotatorId
) -> list[Difference]:
    """The differences between two annotators' spans in one document, in document order.
    Reviewed copies are not the annotators' own spans and are left out (a reviewer may be
    one of the two)."""
    spans = [x for x in store.annotations(document_id=document_id) if not x.source_id]
    return differences(
        [x for x in spans if x.annotator_id == annotator_a],
        [x for x in spans if x.annotator_id == annotator_b],
    )


def decisions(store: Store, document_id: DocumentId, diffs: Sequence[Difference]) -> list[str]:
    """How a reviewer settled each difference so far (one query for the whole list):
    "" (not yet), "A accepted", "B not accepted", "both accepted", "neither accepted",
    "A accepted, B not accepted"…; "rejected" where an older project marked the original."""
    here = store.annotations(document_id=document_id)
    accepted = {x.source_id for x in here if x.source_id and x.status is Status.ACCEPTED}
    declined = {x.source_id for x in here if x.source_id and x.status is Status.REJECTED}
    rejected = {x.id for x in here if not x.source_id and x.status is Status.REJECTED}
    out: list[str] = []
    for d in diffs:
        parts: list[str] = []
        for side, x in (("A", d.a), ("B", d.b)):
            if x is not None and x.id in accepted:
                parts.append(f"{side} accepted")
            elif x is not None and x.id in declined:
                parts.append(f"{side} not accepted")
            elif x is not None and x.id in rejected:  # marked on the original (older projects)
                parts.append(f"{side} rejected")
        if len(parts) == 2 and parts[0][2:] == parts[1][2:]:
            out.append("neither accepted" if parts[0][2:] == "not accepted" else f"both {parts[0][2:]}")
        else:
            out.append(", ".join(parts))
    return out


def decision(store: Store, difference: Difference) -> str:
    """How a reviewer settled one difference so far (see :func:`decisions`)."""
    first = difference.a or difference.b
    assert first is not None
    return decisions(store, first.document_id, [difference])[0]
