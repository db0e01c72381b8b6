"""The spans of one open document, indexed by block for the highlighter and the mouse.

Each span is kept in code points (as stored) and in Qt positions (as painted). The index
buckets spans by the blocks (paragraphs) they touch, so painting a block, finding the spans
under the mouse, and adding or removing one span touch only the blocks concerned: tagging
stays as fast at 100k spans as at ten.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from annot.core.model import Annotation, AnnotationId, AnnotatorId, TagId
from annot.gui.offsets import OffsetMap

SpanRow = tuple[AnnotationId, TagId, AnnotatorId, int, int]


@dataclass(slots=True)
class Span:
    id: AnnotationId
    tag_id: TagId
    annotator_id: AnnotatorId
    start: int  # code points, as stored
    end: int
    qstart: int  # Qt positions, as shown
    qend: int

    @property
    def qlength(self) -> int:
        return self.qend - self.qstart


class SpanIndex:
    def __init__(self, offsets: OffsetMap) -> None:
        self.offsets = offsets
        self.spans: dict[AnnotationId, Span] = {}
        self._buckets: dict[int, list[Span]] = {}

    def __len__(self) -> int:
        return len(self.spans)

    def __contains__(self, ann_id: object) -> bool:
        return ann_id in self.spans

    def get(self, ann_id: AnnotationId | None) -> Span | None:
        return self.spans.get(ann_id) if ann_id is not None else None

    def load(self, rows: Iterable[SpanRow]) -> None:
        """Replace every span (a whole-document refresh) from (id, tag, annotator, start,
        end) rows, as :meth:`annot.core.store.Store.annotation_spans` gives them."""
        self.spans.clear()
        self._buckets.clear()
        offsets = self.offsets
        items = list(rows)
        if not items:
            return
        qstarts = offsets.many_to_qt(r[3] for r in items)
        qends = offsets.many_to_qt(r[4] for r in items)
        firsts = offsets.blocks_of(qstarts)
        lasts = offsets.blocks_of([max(qs, qe - 1) for qs, qe in zip(qstarts, qends, strict=True)])
        buckets = self._buckets
        spans = self.spans
        for row, qs, qe, first, last in zip(items, qstarts, qends, firsts, lasts, strict=True):
            span = Span(row[0], row[1], row[2], row[3], row[4], qs, qe)
            spans[row[0]] = span
            if first == last:
                bucket = buckets.get(first)
                if bucket is None:
                    buckets[first] = [span]
                else:
                    bucket.append(span)
                continue
            for n in range(first, last + 1):
                buckets.setdefault(n, []).append(span)

    def add(self, a: Annotation) -> range:
        """Add (or replace) one span; returns the blocks to repaint."""
        old = self.remove(a.id)
        qs, qe = self.offsets.span_to_qt(a.start, a.end)
        span = Span(a.id, a.tag_id, a.annotator_id, a.start, a.end, qs, qe)
        self.spans[a.id] = span
        blocks = self.offsets.block_range(qs, qe)
        for n in blocks:
            self._buckets.setdefault(n, []).append(span)
        if old and (old.start < blocks.start or old.stop > blocks.stop):
            return range(min(old.start, blocks.start), max(old.stop, blocks.stop))
        return blocks

    def remove(self, ann_id: AnnotationId) -> range:
        """Remove one span if present; returns the blocks to repaint (empty if absent)."""
        span = self.spans.pop(ann_id, None)
        if span is None:
            return range(0)
        blocks = self.offsets.block_range(span.qstart, span.qend)
        for n in blocks:
            bucket = self._buckets.get(n)
            if bucket is not None:
                bucket[:] = [s for s in bucket if s.id != ann_id]
                if not bucket:
                    del self._buckets[n]
        return blocks

    def blocks(self) -> list[int]:
        """Numbers of the blocks holding at least one span."""
        return list(self._buckets)

    def in_block(self, block: int) -> list[Span]:
        return self._buckets.get(block, [])

    def at(self, qpos: int) -> list[Span]:
        """Spans covering the character at Qt position ``qpos``, shortest first (the one
        a click most likely means), then by start."""
        found = [s for s in self.in_block(self.offsets.block_of(qpos)) if s.qstart <= qpos < s.qend]
        found.sort(key=lambda s: (s.qlength, s.qstart, s.id))
        return found

    def sorted_spans(self) -> list[Span]:
        return sorted(self.spans.values(), key=lambda s: (s.start, s.end, s.id))


# -- word snapping ---------------------------------------------------------------------------


def _wordish(ch: str) -> bool:
    """Letters, digits, combining marks and joiners stay together inside a word."""
    if ch.isalnum() or ch in "_\u200d\u200c'’":
        return True
    return unicodedata.category(ch)[0] == "M"


def snap_to_words(text: str, start: int, end: int) -> tuple[int, int]:
    """Widen ``[start, end)`` to whole words and trim white space at both ends.

    A selection made only of spaces or punctuation is returned trimmed but not widened."""
    start, end = max(0, start), min(len(text), end)
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start >= end:
        return start, start
    while start > 0 and _wordish(text[start - 1]) and _wordish(text[start]):
        start -= 1
    while end < len(text) and _wordish(text[end]) and _wordish(text[end - 1]):
        end += 1
    return start, end
