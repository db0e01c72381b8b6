""""Accept neither" records the reviewer's no without touching the authors' spans."""

from __future__ import annotations

import pytest

from annot.core.compare import compare, decisions
from annot.core.errors import ValidationError
from annot.core.merge import merge_projects
from annot.core.model import Status
from annot.core.project import Project
from annot.core.review import AcceptAnnotation, DeclineAnnotation, accept_neither
from tests.core.review_helpers import add_text, span, who


@pytest.fixture
def p() -> Project:
    project = Project.in_memory()
    yield project
    project.close()


def test_neither_leaves_the_originals_and_records_the_decision(p: Project) -> None:
    doc = add_text(p, "x" * 40)
    a, b = span(p, doc, "alice", "claim", 0, 10), span(p, doc, "bob", "claim", 5, 20)
    rita = who(p, "rita")
    p.run(accept_neither([a.id, b.id], rita))
    assert p.store.annotation(a.id) == a and p.store.annotation(b.id) == b
    records = p.store.annotations(status=Status.REJECTED)
    assert sorted(r.source_id for r in records) == sorted([a.id, b.id])
    assert all(r.annotator_id == rita and r.reviewer == "rita" for r in records)
    assert p.store.annotations(status=Status.ACCEPTED) == []  # nothing in the reviewed set
    painted = {row[0] for row in p.store.annotation_spans(doc)}
    assert painted == {a.id, b.id}  # a decline is not a span in the text
    diffs = compare(p.store, doc, who(p, "alice"), who(p, "bob"))
    assert decisions(p.store, doc, diffs) == ["neither accepted"]
    with pytest.raises(ValidationError, match="not accepted"):
        p.run(AcceptAnnotation(a.id, rita))
    with pytest.raises(ValidationError, match="already marked not accepted"):
        p.run(DeclineAnnotation(a.id, rita))
    p.undo()
    assert p.store.annotations(status=Status.REJECTED) == []
    assert decisions(p.store, doc, diffs) == [""]


def test_merging_the_reviewers_project_back_keeps_the_authors_spans(tmp_path) -> None:  # type: ignore[no-untyped-def]
    alice_path, rita_path = tmp_path / "alice.annot", tmp_path / "rita.annot"
    with Project.create(alice_path) as alice:
        doc = add_text(alice, "y" * 30)
        original = span(alice, doc, "alice", "claim", 0, 10)
    with Project.create(rita_path) as rita:
        merge_projects(rita, alice_path)
        rita.run(accept_neither([original.id], who(rita, "rita")))
    with Project.open(alice_path) as alice:
        merge_projects(alice, rita_path)
        assert alice.store.annotation(original.id).status is Status.UNREVIEWED
        assert alice.store.annotation(original.id).reviewer == ""
