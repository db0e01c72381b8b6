"""compare(): hand-made cases, one per kind of difference, and document order."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annot.core.compare import DiffKind, compare, decision, differences
from annot.core.project import Project
from annot.core.review import RejectAnnotation
from tests.core.review_helpers import add_text, span, who


@pytest.fixture
def p() -> Project:
    project = Project.in_memory()
    yield project
    project.close()


def test_every_kind_in_document_order(p: Project) -> None:
    doc = add_text(p, "x" * 100)
    a_agree = span(p, doc, "alice", "claim", 0, 10)
    b_agree = span(p, doc, "bob", "claim", 0, 10)
    a_tag = span(p, doc, "alice", "claim", 20, 25)
    b_tag = span(p, doc, "bob", "actor", 20, 25)
    a_over = span(p, doc, "alice", "date", 30, 40)
    b_over = span(p, doc, "bob", "date", 35, 45)
    only_b = span(p, doc, "bob", "claim", 50, 55)
    only_a = span(p, doc, "alice", "actor", 60, 61)
    span(p, doc, "carol", "claim", 70, 80)  # a third annotator is not compared
    diffs = compare(p.store, doc, who(p, "alice"), who(p, "bob"))
    assert [(d.kind, d.a, d.b) for d in diffs] == [
        (DiffKind.AGREE, a_agree, b_agree),
        (DiffKind.OTHER_TAG, a_tag, b_tag),
        (DiffKind.OVERLAP, a_over, b_over),
        (DiffKind.ONLY_B, None, only_b),
        (DiffKind.ONLY_A, only_a, None),
    ]
    assert (diffs[2].start, diffs[2].end) == (30, 45)
    assert not diffs[0].is_disagreement and diffs[1].is_disagreement


def test_pairing_prefers_exact_then_same_tag_overlap(p: Project) -> None:
    doc = add_text(p, "y" * 50)
    # A: claim [0,10); B: actor [0,10) and claim [0,10) -> the claim pairs as agree,
    # the actor is left alone (only B)
    a1 = span(p, doc, "alice", "claim", 0, 10)
    b_actor = span(p, doc, "bob", "actor", 0, 10)
    b_claim = span(p, doc, "bob", "claim", 0, 10)
    # A: date [20,30); B: claim [18,28) and date [25,40) -> overlap prefers the same tag
    # although the claim shares more code points
    a2 = span(p, doc, "alice", "date", 20, 30)
    b_claim2 = span(p, doc, "bob", "claim", 18, 28)
    b_date = span(p, doc, "bob", "date", 25, 40)
    diffs = differences(
        p.store.annotations(annotator_id=who(p, "alice")),
        p.store.annotations(annotator_id=who(p, "bob")),
    )
    kinds = {(d.kind, d.a.id if d.a else None, d.b.id if d.b else None) for d in diffs}
    assert kinds == {
        (DiffKind.AGREE, a1.id, b_claim.id),
        (DiffKind.ONLY_B, None, b_actor.id),
        (DiffKind.OVERLAP, a2.id, b_date.id),
        (DiffKind.ONLY_B, None, b_claim2.id),
    }
    assert [d.start for d in diffs] == sorted(d.start for d in diffs)


def test_touching_spans_do_not_overlap(p: Project) -> None:
    doc = add_text(p, "z" * 20)
    span(p, doc, "alice", "claim", 0, 5)
    span(p, doc, "bob", "claim", 5, 9)  # [0,5) and [5,9) share no code point
    diffs = compare(p.store, doc, who(p, "alice"), who(p, "bob"))
    assert [d.kind for d in diffs] == [DiffKind.ONLY_A, DiffKind.ONLY_B]


def test_nothing_to_compare(p: Project) -> None:
    doc = add_text(p, "abc")
    assert compare(p.store, doc, who(p, "alice"), who(p, "bob")) == []


def test_decision_follows_rejection(p: Project) -> None:
    doc = add_text(p, "w" * 20)
    a = span(p, doc, "alice", "claim", 0, 5)
    diffs = compare(p.store, doc, who(p, "alice"), who(p, "bob"))
    assert decision(p.store, diffs[0]) == ""
    p.run(RejectAnnotation(a.id, reviewer_id=who(p, "rita")))
    diffs = compare(p.store, doc, who(p, "alice"), who(p, "bob"))
    assert [d.kind for d in diffs] == [DiffKind.ONLY_A]  # still listed, now settled
    assert decision(p.store, diffs[0]) == "A rejected"


def _ann(i: int, who: int, tag: int, start: int, end: int):  # type: ignore[no-untyped-def]
    from annot.core.model import Annotation, AnnotationId, AnnotatorId, DocumentId, Status, TagId

    return Annotation(
        AnnotationId(f"{who}-{i}"), DocumentId(1), TagId(tag), AnnotatorId(who), start, end,
        "", "", "", "", Status.UNREVIEWED, "", "",
    )  # fmt: skip


spans_strategy = st.lists(
    st.tuples(st.integers(0, 2), st.integers(0, 40), st.integers(1, 12)), max_size=12
)


@settings(max_examples=200, deadline=None)
@given(spans_strategy, spans_strategy)
def test_every_span_is_classified_once_and_rightly(a_raw: list, b_raw: list) -> None:  # type: ignore[type-arg]
    a = [_ann(i, 1, t, s, s + n) for i, (t, s, n) in enumerate(a_raw)]
    b = [_ann(i, 2, t, s, s + n) for i, (t, s, n) in enumerate(b_raw)]
    diffs = differences(a, b)
    assert sorted(x.a.id for x in diffs if x.a) == sorted(x.id for x in a)
    assert sorted(x.b.id for x in diffs if x.b) == sorted(x.id for x in b)
    for d in diffs:
        if d.a and d.b:
            same_bounds = (d.a.start, d.a.end) == (d.b.start, d.b.end)
            assert d.a.start < d.b.end and d.b.start < d.a.end
            assert d.kind is {
                (True, True): DiffKind.AGREE,
                (True, False): DiffKind.OTHER_TAG,
            }.get((same_bounds, d.a.tag_id == d.b.tag_id), DiffKind.OVERLAP)
    # nothing left alone could have been paired as an exact agreement
    lone_a = {(x.a.start, x.a.end, x.a.tag_id) for x in diffs if x.kind is DiffKind.ONLY_A}
    lone_b = {(x.b.start, x.b.end, x.b.tag_id) for x in diffs if x.kind is DiffKind.ONLY_B}
    assert not lone_a & lone_b
    # and no lone A span overlaps a lone B span (they would have been paired)
    for x in (d.a for d in diffs if d.kind is DiffKind.ONLY_A):
        for y in (d.b for d in diffs if d.kind is DiffKind.ONLY_B):
            assert not (x.start < y.end and y.start < x.end)
    assert [d.start for d in diffs] == sorted(d.start for d in diffs)


def test_decisions_of_a_list(p: Project) -> None:
    from annot.core.compare import decisions
    from annot.core.review import AcceptAnnotation, accept_both

    doc = add_text(p, "v" * 40)
    a1, b1 = span(p, doc, "alice", "claim", 0, 5), span(p, doc, "bob", "actor", 0, 5)
    a2, b2 = span(p, doc, "alice", "claim", 10, 15), span(p, doc, "bob", "claim", 12, 18)
    a3, b3 = span(p, doc, "alice", "date", 20, 25), span(p, doc, "bob", "date", 22, 30)
    rita = who(p, "rita")
    p.run(AcceptAnnotation(a1.id, rita))
    p.run(RejectAnnotation(b1.id, reviewer_id=rita))
    p.run(accept_both(a2.id, b2.id, rita))
    diffs = compare(p.store, doc, who(p, "alice"), who(p, "bob"))
    assert [(d.a.id, d.b.id) for d in diffs] == [(a1.id, b1.id), (a2.id, b2.id), (a3.id, b3.id)]  # type: ignore[union-attr]
    assert decisions(p.store, doc, diffs) == ["A accepted, B rejected", "both accepted", ""]
