"""Undo and redo report the annotation ids they changed (read from the undo log), so the
pane open on the document updates exactly those spans: its index equals a fresh load, and
commands the pane used to reload a whole document for (accept, decline, comments) do not
reload it, done, undone or redone."""

from __future__ import annotations

from annot.core import review
from annot.core.annotations import AddAnnotation


def _index(pane) -> dict[str, tuple[int, int, int]]:  # type: ignore[no-untyped-def]
    return {i: (s.start, s.end, s.tag_id) for i, s in pane.index.spans.items()}


def test_pane_follows_every_step_without_reloading(window, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    session = window.session
    store = session.store
    frame = window.panes.current()
    doc = store.documents()[2].id
    frame.show_document(doc)
    pane = frame.pane
    tags = {t.name: t.id for t in store.tags()}
    me = session.project.annotator_id
    original, other = AddAnnotation(doc, tags["claim"], me, 10, 40), AddAnnotation(doc, tags["actor"], me, 50, 60)
    session.run(original)
    session.run(other)
    assert original.annotation is not None and other.annotation is not None
    reloads: list[int] = []
    real = pane._reload_spans
    monkeypatch.setattr(pane, "_reload_spans", lambda: (reloads.append(1), real())[1])
    steps = [
        review.AcceptAnnotation(original.annotation.id, me),
        review.DeclineAnnotation(other.annotation.id, me),
        review.AddComment(original.annotation.id, "alice", "sure?"),
    ]
    for command in steps:
        session.run(command)
        assert _index(pane) == _fresh(pane, store, doc)
    for _ in steps:
        session.undo()
        assert _index(pane) == _fresh(pane, store, doc)
    for _ in steps:
        session.redo()
        assert _index(pane) == _fresh(pane, store, doc)
    assert reloads == []


def _fresh(pane, store, doc) -> dict[str, tuple[int, int, int]]:  # type: ignore[no-untyped-def]
    rows = pane._query()
    from annot.gui.widgets.spans import SpanIndex

    index = SpanIndex(pane.offsets)
    index.load(rows)
    return {i: (s.start, s.end, s.tag_id) for i, s in index.spans.items()}
