"""Adjudication (accept / reject / both / neither / edit) and comments, with undo and redo."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from annot.core.annotations import DeleteAnnotations
from annot.core.errors import ValidationError
from annot.core.model import LinkKind, Status
from annot.core.project import Project
from annot.core.review import (
    AcceptAnnotation,
    AddComment,
    DeleteComment,
    EditComment,
    RejectAnnotation,
    accept_both,
    reject_both,
    reviewed_copy,
)
from tests.core.review_helpers import add_text, span, who

TEXT = "Moscow said on 29 September that it left the convention. 👍\r\nEnd."


@pytest.fixture
def p() -> Project:
    project = Project.in_memory()
    yield project
    project.close()


def test_accept_copies_into_the_reviewed_set_and_undo_removes_it(p: Project) -> None:
    doc = add_text(p, TEXT)
    original = span(p, doc, "alice", "claim", 0, 11)
    rita = who(p, "rita")
    command = AcceptAnnotation(original.id, rita)
    p.run(command)
    copy = command.copy
    assert copy is not None
    stored = p.store.annotation(copy.id)
    assert stored.id != original.id
    assert stored.status is Status.ACCEPTED
    assert stored.annotator_id == rita and stored.reviewer == "rita"
    assert stored.source_id == original.id
    assert (stored.start, stored.end, stored.tag_id, stored.quote) == (0, 11, original.tag_id, "Moscow said")
    assert p.store.annotation(original.id) == original  # the author's span is untouched
    assert [a.id for a in p.store.annotations(status=Status.ACCEPTED)] == [copy.id]
    with pytest.raises(ValidationError, match="already in the reviewed set"):
        p.run(AcceptAnnotation(original.id, rita))
    p.undo()
    assert not p.store.has_annotation(copy.id)
    assert reviewed_copy(p.store, original.id) is None
    p.redo()
    assert p.store.annotation(copy.id) == stored  # same UUID, same stamps


def test_accept_with_edit(p: Project) -> None:
    doc = add_text(p, TEXT)
    original = span(p, doc, "alice", "claim", 0, 11)
    actor = p.store.tag_by_name("actor")
    assert actor is not None
    end = len(TEXT)  # code points, emoji and CRLF included
    with pytest.raises(ValidationError, match="not inside the document"):
        p.run(AcceptAnnotation(original.id, who(p, "rita"), start=0, end=end + 1))
    tail = AcceptAnnotation(original.id, who(p, "rita"), start=57, end=end)
    p.run(tail)
    assert tail.copy is not None and p.store.annotation(tail.copy.id).quote == "👍\r\nEnd."
    p.undo()
    command = AcceptAnnotation(original.id, who(p, "rita"), start=0, end=6, tag_id=actor.id)
    p.run(command)
    assert command.copy is not None
    stored = p.store.annotation(command.copy.id)
    assert (stored.quote, stored.tag_id) == ("Moscow", actor.id)


def test_links_follow_into_the_reviewed_set(p: Project) -> None:
    doc = add_text(p, TEXT)
    claim = span(p, doc, "alice", "claim", 7, 56)
    actor = span(p, doc, "alice", "actor", 0, 6)
    p.set_annotator("alice")
    p.link(LinkKind.SAID_BY, claim.id, actor.id)
    rita = who(p, "rita")
    p.run(AcceptAnnotation(actor.id, rita))
    p.run(AcceptAnnotation(claim.id, rita))
    claim_copy, actor_copy = reviewed_copy(p.store, claim.id), reviewed_copy(p.store, actor.id)
    assert claim_copy is not None and actor_copy is not None
    found = p.store.find_link(LinkKind.SAID_BY, claim_copy.id, actor_copy.id)
    assert found is not None
    p.undo()  # the claim's accept: its copied link goes with it
    assert p.store.find_link(LinkKind.SAID_BY, claim_copy.id, actor_copy.id) is None
    assert p.store.has_annotation(actor_copy.id)


def test_reject_both_and_accept_both_are_one_undo_step(p: Project) -> None:
    doc = add_text(p, TEXT)
    a = span(p, doc, "alice", "claim", 0, 11)
    b = span(p, doc, "bob", "claim", 0, 12)
    rita = who(p, "rita")
    p.run(reject_both(a.id, b.id, rita))
    for x in (a, b):
        stored = p.store.annotation(x.id)
        assert (stored.status, stored.reviewer) == (Status.REJECTED, "rita")
    with pytest.raises(ValidationError):
        p.run(RejectAnnotation(a.id, reviewer_id=rita))  # nothing to change
    p.undo()
    assert [p.store.annotation(x.id).status for x in (a, b)] == [Status.UNREVIEWED] * 2
    p.run(accept_both(a.id, b.id, rita))
    assert len(p.store.annotations(status=Status.ACCEPTED)) == 2
    assert p.history.undo_label == "Accept both"
    p.undo()
    assert p.store.annotations(status=Status.ACCEPTED) == []


def test_a_failing_decision_changes_nothing(p: Project) -> None:
    doc = add_text(p, TEXT)
    a = span(p, doc, "alice", "claim", 0, 11)
    b = span(p, doc, "bob", "claim", 0, 12)
    rita = who(p, "rita")
    p.run(AcceptAnnotation(b.id, rita))
    before = p.store.annotation_count()
    with pytest.raises(ValidationError):
        p.run(accept_both(a.id, b.id, rita))  # b is already accepted: the whole step fails
    assert p.store.annotation_count() == before
    assert reviewed_copy(p.store, a.id) is None


def test_comments_add_edit_delete_undo(p: Project) -> None:
    doc = add_text(p, TEXT)
    a = span(p, doc, "alice", "claim", 0, 11)
    add = AddComment(a.id, "rita", "  Which source says so?  ")
    p.run(add)
    assert add.comment is not None
    [stored] = p.store.comments([a.id])
    assert (stored.text, stored.author) == ("Which source says so?", "rita")
    p.run(EditComment(stored.id, "Which source?"))
    assert p.store.comment(stored.id).text == "Which source?"
    assert p.store.comment(stored.id).modified >= stored.modified
    p.run(DeleteComment(stored.id))
    assert p.store.comments([a.id]) == []
    p.undo()
    assert p.store.comment(stored.id).text == "Which source?"
    p.undo()
    assert p.store.comment(stored.id) == stored
    with pytest.raises(ValidationError, match="needs some text"):
        p.run(AddComment(a.id, "rita", "   "))


def test_deleting_an_annotation_keeps_its_comments_for_undo(p: Project) -> None:
    doc = add_text(p, TEXT)
    a = span(p, doc, "alice", "claim", 0, 11)
    p.run(AddComment(a.id, "rita", "check"))
    p.run(DeleteAnnotations([a.id]))
    assert p.store.comments() == []  # cascaded
    p.undo()
    assert [c.text for c in p.store.comments([a.id])] == ["check"]


def test_export_claims_of_the_reviewed_set(tmp_path: Path) -> None:
    """`annot export claims --status accepted` writes only the reviewed claims."""
    from annot.cli import main

    path = tmp_path / "r.annot"
    with Project.create(path) as p:
        doc = add_text(p, TEXT)
        kept = span(p, doc, "alice", "claim", 0, 11)
        dropped = span(p, doc, "bob", "claim", 15, 27)
        p.run(AcceptAnnotation(kept.id, who(p, "rita")))
        p.run(RejectAnnotation(dropped.id, reviewer_id=who(p, "rita")))
    out = tmp_path / "claims.csv"
    assert main(["export", "claims", str(path), "-o", str(out), "--status", "accepted"]) == 0
    rows = list(csv.DictReader(out.open(encoding="utf-8-sig", newline="")))
    assert [(r["quote"], r["annotator"], r["status"]) for r in rows] == [("Moscow said", "rita", "accepted")]
