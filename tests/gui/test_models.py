"""Every item model of the window passes pytest-qt's qtmodeltester, filled with real rows."""

from __future__ import annotations

import importlib

import pytest
from PySide6.QtCore import Qt

from annot.core.model import LinkKind
from annot.gui.models.annotations import AnnotationsModel
from annot.gui.models.codebook import CodebookModel
from annot.gui.models.documents import DocumentsFilter, DocumentsModel
from annot.gui.models.find import FindResultsModel, find_all
from annot.gui.session import Session


def _annotate(session: Session) -> None:
    project = session.project
    doc = project.store.documents()[0].id
    tags = {t.name: t.id for t in project.store.tags()}
    text = project.store.document_text(doc)
    start = text.index("Russia")
    claim = project.add_annotation(doc, tags["claim"], start, start + 40)
    actor = project.add_annotation(doc, tags["actor"], start, start + 6)
    date = project.add_annotation(doc, tags["date"], 3, 18)
    project.link(LinkKind.SAID_BY, claim.id, actor.id)
    project.link(LinkKind.DATED, claim.id, date.id)


def test_documents_model(qtmodeltester, project) -> None:  # type: ignore[no-untyped-def]
    session = Session(project)
    _annotate(session)
    model = DocumentsModel(session)
    assert model.rowCount() == 5
    assert model.columnCount() == 3 + 3
    qtmodeltester.check(model)
    proxy = DocumentsFilter()
    proxy.setSourceModel(model)
    qtmodeltester.check(proxy)


def test_annotations_model(qtmodeltester, project) -> None:  # type: ignore[no-untyped-def]
    session = Session(project)
    _annotate(session)
    model = AnnotationsModel(session)
    assert model.rowCount() == 3
    claim_row = next(i for i in range(3) if model.index(i, 1).data() == "claim")
    assert model.index(claim_row, 3).data() == model.row_at(claim_row).actors != ""
    assert model.index(claim_row, 4).data() != ""
    qtmodeltester.check(model)
    model.sort(3, Qt.SortOrder.DescendingOrder)  # by actor: the claim (with one) first
    model.flush()  # sorted in a worker thread: wait for it
    assert model.index(0, 1).data() == "claim" and model.index(0, 3).data() != ""
    qtmodeltester.check(model)
    model.set_filter(text="russ")
    model.flush()
    assert model.rowCount() == 2
    qtmodeltester.check(model)


def test_annotations_model_follows_changes(qtmodeltester, qtbot, project) -> None:  # type: ignore[no-untyped-def]
    session = Session(project)
    model = AnnotationsModel(session)
    qtmodeltester.check(model)  # keeps checking while rows come and go
    doc = project.store.documents()[2].id
    claim = project.store.tag_by_name("claim")
    assert claim is not None
    session.run(_add(project, doc, claim.id, 0, 10))
    session.run(_add(project, doc, claim.id, 20, 30))
    assert model.rowCount() == 0  # updated once the event loop runs (after the pane repaints)
    model.flush()
    assert model.rowCount() == 2
    assert [model.row_at(i).annotation.start for i in range(2)] == [0, 20]
    session.undo()
    model.flush()
    assert model.rowCount() == 1
    session.redo()
    qtbot.waitUntil(lambda: model.rowCount() == 2)


def _add(project, doc, tag, start, end):  # type: ignore[no-untyped-def]
    from annot.core.annotations import AddAnnotation

    return AddAnnotation(doc, tag, project.annotator_id, start, end)


def test_codebook_model(qtmodeltester, project) -> None:  # type: ignore[no-untyped-def]
    model = CodebookModel(Session(project))
    assert [model.index(r, 0).data() for r in range(model.rowCount())] == ["claim", "actor", "date"]
    qtmodeltester.check(model)


def test_find_model(qtmodeltester, project) -> None:  # type: ignore[no-untyped-def]
    hits = find_all(project.store, "convention", project.store.documents())
    assert len(hits) > 5
    for hit in hits:
        assert project.store.document_text(hit.document_id)[hit.start : hit.end].casefold() == "convention"
    model = FindResultsModel()
    model.set_hits(hits)
    qtmodeltester.check(model)


@pytest.mark.parametrize("page", [200, 2], ids=["one page", "pages of 2"])
def test_annotations_model_incremental_updates_match_a_fresh_read(qtmodeltester, project, page, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """After every kind of change the updated rows equal those of a model built afresh
    (also when rows move between cached pages)."""
    from annot.core import annotations as ops
    module = importlib.import_module("annot.gui.models.annotations")
    monkeypatch.setattr(module, "PAGE", page)

    session = Session(project)
    model = AnnotationsModel(session)
    qtmodeltester.check(model)
    docs = [d.id for d in project.store.documents()]
    tags = {t.name: t.id for t in project.store.tags()}
    me = project.annotator_id

    def same_as_fresh() -> None:
        model.flush()  # (the pages read below stay cached: the next change updates them)
        fresh = AnnotationsModel(session)
        assert [model.row_at(i) for i in range(model.rowCount())] == [
            fresh.row_at(i) for i in range(fresh.rowCount())
        ]
        assert [model.row_at(i).annotation for i in range(model.rowCount())] == project.store.annotations()

    added = []
    for doc, tag, start in ((docs[3], "claim", 40), (docs[1], "actor", 5), (docs[3], "actor", 10), (docs[3], "date", 90)):
        command = ops.AddAnnotation(doc, tags[tag], me, start, start + 7)
        session.run(command)
        added.append(command.annotation)
        same_as_fresh()
    claim, _, actor, date = added
    session.run(ops.AddLink(LinkKind.SAID_BY, claim.id, actor.id))
    same_as_fresh()
    assert model.row_at(model.row_of(claim.id)).actors == actor.quote
    session.run(ops.AddLink(LinkKind.DATED, claim.id, date.id))
    session.run(ops.ChangeTag(date.id, tag_id=tags["claim"]))
    session.run(ops.EditNote(claim.id, note="checked"))
    same_as_fresh()
    session.run(ops.ChangeBounds(actor.id, start=60, end=70))  # moves after the claim
    same_as_fresh()
    session.run(ops.DeleteAnnotations([claim.id]))
    same_as_fresh()
    for _ in range(7):
        session.undo()
        same_as_fresh()
    for _ in range(7):
        session.redo()
    same_as_fresh()


def test_counts_follow_changes(qtbot, project) -> None:  # type: ignore[no-untyped-def]
    session = Session(project)
    documents, codebook = DocumentsModel(session), CodebookModel(session)
    doc = project.store.documents()[2].id
    actor = project.store.tag_by_name("actor")
    session.run(_add(project, doc, actor.id, 0, 5))
    session.run(_add(project, doc, actor.id, 8, 12))
    row = documents.row_of(doc)
    actor_column = 3 + [t.id for t in project.store.tags()].index(actor.id)
    qtbot.waitUntil(lambda: documents.index(row, actor_column).data() == "2")
    assert codebook.index(1, 3).data() == 2
    session.undo()
    qtbot.waitUntil(lambda: documents.index(row, actor_column).data() == "1")
    assert codebook.index(1, 3).data() == 1
    assert documents.index(documents.row_of(project.store.documents()[0].id), actor_column).data() == ""


def test_scrolling_the_annotations_reads_each_next_page_beside_the_last(project, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Reading order, scrolled down and then up page by page, holds every annotation as a
    plain Python sort has them, and only a jump reads a page from its offset (the others
    seek from a neighbour's key), also in descending order."""
    import random

    module = importlib.import_module("annot.gui.models.annotations")
    monkeypatch.setattr(module, "PAGE", 7)
    monkeypatch.setattr(module, "PAGES_KEPT", 3)
    store = project.store
    rng = random.Random(3)
    docs = [d.id for d in store.documents()]
    tags = [t.id for t in store.tags()]
    for _ in range(60):
        doc = rng.choice(docs[:3])
        start = rng.randrange(0, 40)  # many equal starts
        project.add_annotation(doc, rng.choice(tags), start, start + rng.randint(1, 3))
    reads: list[str] = []

    def counted(name: str):  # type: ignore[no-untyped-def]
        read = getattr(store, name)
        return lambda *args, **kwargs: reads.append(name) or read(*args, **kwargs)

    for name in ("table_page", "table_page_beside"):
        monkeypatch.setattr(store, name, counted(name))
    model = AnnotationsModel(Session(project))
    plain = sorted(store.annotations(), key=lambda a: (a.document_id, a.start, a.end, a.created, a.id))
    for order, expected in ((Qt.SortOrder.AscendingOrder, plain), (Qt.SortOrder.DescendingOrder, plain[::-1])):
        model.sort(2, order)  # the Quote column: reading order, served by an index
        reads.clear()
        down = [model.row_at(i).annotation for i in range(model.rowCount())]
        assert down == expected
        assert reads.count("table_page") == 1 and reads.count("table_page_beside") == -(-len(plain) // 7) - 1
        reads.clear()
        up = [model.row_at(i).annotation for i in reversed(range(model.rowCount()))]  # the first
        assert up[::-1] == expected  # pages down here were dropped (3 kept): read again upwards
        assert reads.count("table_page") == 0
        reads.clear()
        assert model.row_at(len(plain) // 2).annotation == expected[len(plain) // 2]  # a jump
        assert reads == ["table_page"]
