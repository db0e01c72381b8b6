"""The span index and word snapping, without widgets."""

from __future__ import annotations

import pytest

from annot.core.model import AnnotationId, AnnotatorId, TagId
from annot.gui.offsets import OffsetMap
from annot.gui.widgets.spans import SpanIndex, snap_to_words

TEXT = (
    "Первая строка 😀.\r\nThe State Duma approved it on 17\u202fSeptember.\r\nCafe\u0301 au lait.\n"
)


@pytest.mark.parametrize(
    ("piece", "expected"),
    [
        ("ate Du", "State Duma"),  # widened to whole words
        (" State ", "State"),  # spaces trimmed
        ("рвая стр", "Первая строка"),
        ("Caf", "Cafe\u0301"),  # the combining accent stays with its letter
        ("Duma approved", "Duma approved"),
        (" ", ""),  # only a space: nothing to tag
    ],
)
def test_snap_to_words(piece: str, expected: str) -> None:
    start = TEXT.index(piece)
    s, e = snap_to_words(TEXT, start, start + len(piece))
    assert TEXT[s:e] == expected


def _row(i: int, start: int, end: int) -> tuple[AnnotationId, TagId, AnnotatorId, int, int]:
    return AnnotationId(f"a{i}"), TagId(1), AnnotatorId(1), start, end


def test_index_buckets_by_block_and_finds_spans_at_a_position() -> None:
    offsets = OffsetMap(TEXT)
    index = SpanIndex(offsets)
    duma = TEXT.index("State Duma")
    across = TEXT.index("строка")  # crosses the CRLF into the next block
    index.load([_row(1, duma, duma + 10), _row(2, across, duma + 5)])
    assert {s.id for s in index.in_block(0)} == {"a2"}
    assert {s.id for s in index.in_block(1)} == {"a1", "a2"}
    q = offsets.to_qt(duma + 1)
    assert [s.id for s in index.at(q)] == ["a1", "a2"]  # shortest first
    assert index.remove(AnnotationId("a2")) == range(0, 2)
    assert index.in_block(0) == []
    assert [s.id for s in index.at(q)] == ["a1"]
    assert index.remove(AnnotationId("missing")) == range(0)


def test_index_add_replaces_and_reports_old_and_new_blocks() -> None:
    from annot.core.model import Annotation, DocumentId, Status

    offsets = OffsetMap(TEXT)
    index = SpanIndex(offsets)
    start = TEXT.index("Cafe")

    def ann(s: int, e: int) -> Annotation:
        return Annotation(AnnotationId("x"), DocumentId(1), TagId(1), AnnotatorId(1), s, e,
                          TEXT[s:e], "", "", "", Status.UNREVIEWED, "", "")  # fmt: skip

    assert index.add(ann(start, start + 4)) == range(2, 3)
    moved = index.add(ann(0, 3))  # the same annotation moved to the first block
    assert moved == range(0, 3)
    assert len(index) == 1 and index.in_block(2) == []
    assert index.get(AnnotationId("x")).qend == offsets.to_qt(3)
