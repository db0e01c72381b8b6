"""End to end: a temporary project with the seeds, annotate in two panes side by side,
export the claims CSV through the File menu, close the window, reopen, compare."""

from __future__ import annotations

import csv
from pathlib import Path

from PySide6.QtGui import QTextCursor

from annot.core.annotations import AddLink
from annot.core.model import LinkKind
from annot.gui.dialogs.files import FileDialogs
from annot.gui.offsets import OffsetMap


def _select(frame, text: str, quote: str, within: str = "") -> None:  # type: ignore[no-untyped-def]
    """Select ``quote`` in the pane's editor, as a mouse drag would."""
    context = within or quote
    start = text.index(context) + context.index(quote)
    mapping = OffsetMap(text)
    editor = frame.pane.editor()
    cursor = QTextCursor(editor.document())
    cursor.setPosition(mapping.to_qt(start))
    cursor.setPosition(mapping.to_qt(start + len(quote)), QTextCursor.MoveMode.KeepAnchor)
    editor.setTextCursor(cursor)
    editor.setFocus()


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_annotate_two_panes_export_reopen(open_window, project_file, tmp_path, monkeypatch, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = open_window(project_file)
    store = window.session.store
    tags = {t.name: t.id for t in store.tags()}
    left, right = window.panes.frames()
    docs = store.documents()
    assert (left.document_id(), right.document_id()) == (docs[0].id, docs[1].id)
    left_text, right_text = store.document_text(docs[0].id), store.document_text(docs[1].id)

    window.panes.set_current(left)
    _select(left, left_text, "Russia officially denounced the European Convention")
    window.current_pane().tag_selection(tags["claim"])
    _select(left, left_text, "September 29, 2025")
    left.pane.tag_selection(tags["date"])
    window.panes.set_current(right)
    _select(right, right_text, "Russian President Vladimir Putin signed a law")
    right.pane.tag_selection(tags["claim"])
    _select(right, right_text, "Russian President Vladimir Putin")
    qtbot.keyClick(right.pane.editor(), "2")  # the actor's key, as a person would

    by_doc = {d.id: store.annotations(document_id=d.id) for d in docs[:2]}
    assert sorted(a.quote for a in by_doc[docs[0].id]) == [
        "Russia officially denounced the European Convention", "September 29, 2025",
    ]
    assert all(a.annotator_id == window.session.project.annotator_id for a in store.annotations())
    left_claim = next(a for a in by_doc[docs[0].id] if a.tag_id == tags["claim"])
    left_date = next(a for a in by_doc[docs[0].id] if a.tag_id == tags["date"])
    right_claim = next(a for a in by_doc[docs[1].id] if a.tag_id == tags["claim"])
    right_actor = next(a for a in by_doc[docs[1].id] if a.tag_id == tags["actor"])
    window.session.run(AddLink(LinkKind.DATED, left_claim.id, left_date.id))
    window.session.run(AddLink(LinkKind.SAID_BY, right_claim.id, right_actor.id))
    window.annotations_model.flush()
    assert window.annotations_model.rowCount() == 4
    # the annotations dock shows the links
    row = window.annotations_model.row_of(right_claim.id)
    assert window.annotations_model.index(row, 3).data() == "Russian President Vladimir Putin"

    first_csv = tmp_path / "claims.csv"
    monkeypatch.setattr(FileDialogs, "export_csv", classmethod(lambda cls, p, title, suggested: first_csv))
    window.menus.export_claims.trigger()
    rows = _read(first_csv)
    assert [r["claim_id"] for r in rows] == [left_claim.id, right_claim.id]
    texts = {docs[0].title or docs[0].filename: left_text, docs[1].title or docs[1].filename: right_text}
    for r in rows:
        doc_text = next(t for title, t in texts.items() if r["document"] == title)
        assert r["quote"] == doc_text[int(r["start"]) : int(r["end"])]
    assert rows[0]["date"] == "September 29, 2025"
    assert rows[1]["actor"] == "Russian President Vladimir Putin"
    before = store.annotations()
    links_before = store.links()
    panes_before = window.panes.documents()
    window.close()

    again = open_window(project_file)
    assert again.session.store.annotations() == before
    assert again.session.store.links() == links_before
    assert again.panes.documents() == panes_before
    second_csv = tmp_path / "claims-again.csv"
    monkeypatch.setattr(FileDialogs, "export_csv", classmethod(lambda cls, p, title, suggested: second_csv))
    again.menus.export_claims.trigger()
    assert _read(second_csv) == rows
    assert second_csv.read_bytes() == first_csv.read_bytes()
    assert again.annotations_model.rowCount() == 4
    assert not again.menus.undo.isEnabled()
