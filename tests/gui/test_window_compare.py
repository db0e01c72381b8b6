"""The compare view as a newcomer uses it in the main window: choosing another document moves
the A/B panes, importing a document keeps the choice, the window stays laptop-wide, the
list of differences shows a useful number of rows, and each decision says what it does."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from annot.core.model import Status
from annot.core.project import Project
from annot.gui.dialogs.files import FileDialogs
from tests.gui import user
from tests.gui.test_review_window import merge_by_menu, summaries  # noqa: F401 - fixture

CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
WORDS = ["Russia", "State Duma", "Federation Council", "September", "convention", "CPT", "1996", "1998"]


def annotate(project: Project, doc_index: int, words: list[str], tag: str) -> None:
    store = project.store
    doc = store.documents()[doc_index].id
    text = store.document_text(doc)
    tag_obj = store.tag_by_name(tag)
    assert tag_obj is not None
    for word in words:
        at = text.find(word)
        if at >= 0:
            project.add_annotation(doc, tag_obj.id, at, at + len(word))


@pytest.fixture
def compared(window, tmp_path: Path, summaries, monkeypatch):  # type: ignore[no-untyped-def]  # noqa: F811
    """alice (in the window) and bob (merged) tagged the first two documents differently;
    the user opened a third pane, then Review ▸ Compare by its key."""
    bob_path = tmp_path / "bob.annot"
    bob = Project.create(bob_path, seeds=True)
    bob.set_annotator("bob")
    for i in (0, 1):
        annotate(bob, i, WORDS, "actor")
    bob.close()
    for i in (0, 1):
        annotate(window.session.project, i, WORDS[::2], "claim")
    merge_by_menu(window, bob_path, monkeypatch)
    window.panes.add_pane(window.session.store.documents()[2].id)  # three panes open
    window.panes.set_current(window.panes.frames()[0])
    window.panes.frames()[0].pane.editor().setFocus()
    user.key(window, Qt.Key.Key_C, CTRL_SHIFT)
    view = window.review.compare
    assert view is not None and window.review.compare_dock.isVisible()
    QApplication.processEvents()
    return view


def _panes(window):  # type: ignore[no-untyped-def]
    names = {a.id: a.name for a in window.session.store.annotators()}
    return [
        (f.document_id(), sorted(names[x] for x in f.layers) if f.layers is not None else None)
        for f in window.panes.frames()
    ]


def test_choosing_another_document_moves_the_a_b_panes(window, compared) -> None:  # type: ignore[no-untyped-def]
    store = window.session.store
    docs = [d.id for d in store.documents()]
    assert compared.document_box.currentData() == docs[0]
    assert (docs[0], ["alice"]) in _panes(window) and (docs[0], ["bob"]) in _panes(window)
    panes_before = len(window.panes.frames())
    compared.document_box.setFocus()
    user.key(window, Qt.Key.Key_Down)  # the next document in the chooser
    assert compared.document_box.currentData() == docs[1]
    shown = _panes(window)
    assert (docs[1], ["alice"]) in shown and (docs[1], ["bob"]) in shown
    assert len(window.panes.frames()) == panes_before  # the same panes, none added
    # the first difference of the new document is selected in its pane
    first = compared.current()
    assert first is not None
    span = first.a or first.b
    assert any(f.pane.selected_annotation() == span.id for f in window.panes.frames())


def test_importing_a_document_keeps_the_compared_document(window, compared, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    docs = [d.id for d in window.session.store.documents()]
    compared.document_box.setFocus()
    user.key(window, Qt.Key.Key_Down)
    assert compared.document_box.currentData() == docs[1]
    new = tmp_path / "later.txt"
    new.write_text("A later report\n\nRussia left the convention.\n", encoding="utf-8")
    monkeypatch.setattr(FileDialogs, "import_documents", classmethod(lambda cls, *a, **k: [new]))
    window.menus.import_docs.trigger()
    assert len(window.session.store.documents()) == len(docs) + 1
    assert compared.document_box.currentData() == docs[1]
    assert compared.model.rowCount() > 0


def test_the_window_stays_laptop_wide_and_the_list_shows_rows(window, compared) -> None:  # type: ignore[no-untyped-def]
    assert len(window.panes.frames()) == 3  # no fourth pane
    assert window.minimumSizeHint().width() <= 1280
    table = compared.table
    assert compared.model.rowCount() >= 8
    visible = table.viewport().height() // table.rowHeight(0)
    assert visible >= 6, f"the list shows {visible} rows"


def test_each_decision_says_what_it_does(window, compared) -> None:  # type: ignore[no-untyped-def]
    for button in (compared.accept_a_button, compared.accept_b_button, compared.both_button,
                   compared.neither_button, compared.edit_button):  # fmt: skip
        assert len(button.toolTip()) > 40
    assert "unchanged" in compared.neither_button.toolTip() or "untouched" in compared.neither_button.toolTip()


def test_accept_neither_leaves_the_colleagues_original_alone(window, compared) -> None:  # type: ignore[no-untyped-def]
    store = window.session.store
    compared.table.setFocus()
    row = next(r for r in range(compared.model.rowCount()) if len(compared.model.difference(r).annotations) == 2)
    for _ in range(row):
        user.key(window, "j")
    d = compared.current()
    assert d is not None and d.a is not None and d.b is not None
    user.key(window, "0")  # neither
    for original in (d.a, d.b):
        stored = store.annotation(original.id)
        assert stored == original  # status, reviewer, modified: as their authors left them
    assert store.annotations(status=Status.ACCEPTED) == []
    assert compared.model.decision(row) == "neither accepted"
    shown = [f.pane.index for f in window.panes.frames()]
    assert not any(x.source_id for x in store.annotations() if any(x.id in i for i in shown))
    assert "neither" in window.statusBar().currentMessage().lower()
    window.menus.undo.trigger()
    assert compared.model.decision(row) == ""
    assert len(store.annotations()) == len({a.id for a in store.annotations() if not a.source_id})


def test_the_claims_csv_offers_the_reviewed_set_first(window, compared, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from annot.gui.dialogs.claims_scope import EVERYTHING, REVIEWED, ClaimsScopeDialog

    store = window.session.store
    claim_tag = store.tag_by_name("claim")
    assert claim_tag is not None
    compared.table.setFocus()
    row = next(r for r in range(compared.model.rowCount()) if compared.model.difference(r).a is not None)
    for _ in range(row):
        user.key(window, "j")
    user.key(window, "1")  # accept alice's claim into the reviewed set
    accepted_claims = [a.id for a in store.annotations(status=Status.ACCEPTED) if a.tag_id == claim_tag.id]
    assert len(accepted_claims) == 1
    answers = [REVIEWED]
    asked: list[tuple[int, int]] = []

    def ask(cls, parent, reviewed, total):  # type: ignore[no-untyped-def]
        asked.append((reviewed, total))
        return answers[0]

    monkeypatch.setattr(ClaimsScopeDialog, "ask", classmethod(ask))
    out = tmp_path / "claims.csv"
    monkeypatch.setattr(FileDialogs, "export_csv", classmethod(lambda cls, p, title, suggested: out))
    window.panes.frames()[0].pane.editor().setFocus()
    user.key(window, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    import csv

    with out.open(encoding="utf-8", newline="") as fh:
        ids = [r["claim_id"] for r in csv.DictReader(fh)]
    assert ids == accepted_claims
    assert asked == [(len(accepted_claims), len(store.annotations(tag_id=claim_tag.id)))]
    answers[0] = EVERYTHING
    user.key(window, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    with out.open(encoding="utf-8", newline="") as fh:
        assert len(list(csv.DictReader(fh))) == len(store.annotations(tag_id=claim_tag.id))
