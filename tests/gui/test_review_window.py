"""The Review work through the real main window: merge a colleague's file by the File menu,
Agreement and Compare from the Review menu, the Comments dock, and per-pane layers."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QKeySequence

from annot.core.agreement import agreement
from annot.core.model import Status
from annot.core.project import Project
from annot.core.review import AddComment
from annot.gui.dialogs.agreement import AgreementDialog
from annot.gui.dialogs.merge import MergeDialogs
from tests.gui.test_pane_paint import dominant_colour

# (tag, word it starts at, length in code points): alice and bob agree on the first two,
# bob tags the date as a claim, and only bob marks the last one
ALICE = [("actor", "Russia", 6), ("claim", "Russia", 40), ("date", "2025", 4)]
BOB = [("actor", "Russia", 6), ("claim", "Russia", 40), ("claim", "2025", 4), ("actor", "State Duma", 10)]


def annotate(project: Project, plan: list[tuple[str, str, int]]) -> None:
    store = project.store
    doc = store.documents()[0].id
    text = store.document_text(doc)
    for tag, word, length in plan:
        at = text.index(word)
        tag_obj = store.tag_by_name(tag)
        assert tag_obj is not None
        project.add_annotation(doc, tag_obj.id, at, at + length)


@pytest.fixture
def bobs_file(tmp_path: Path) -> Path:
    """bob's own copy of the seeds project, annotated by him."""
    path = tmp_path / "bob.annot"
    project = Project.create(path, seeds=True)
    project.set_annotator("bob")
    annotate(project, BOB)
    project.close()
    return path


@pytest.fixture
def summaries(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    shown: list[str] = []
    monkeypatch.setattr(MergeDialogs, "show_summary", classmethod(lambda cls, p, text, problem: shown.append(text)))
    return shown


def merge_by_menu(window, path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(MergeDialogs, "ask_files", classmethod(lambda cls, parent: [path]))
    window.menus.merge.trigger()


def rows_in_dock(window) -> list[str]:  # type: ignore[no-untyped-def]
    window.annotations_model.flush()
    proxy = window.annotations_panel.proxy
    return [proxy.index(r, 0).data(Qt.ItemDataRole.UserRole + 1) for r in range(proxy.rowCount())]


def test_merge_by_menu_shows_in_the_dock_and_undo_takes_it_back(  # type: ignore[no-untyped-def]
    window, bobs_file, summaries, monkeypatch
) -> None:
    store = window.session.store
    assert window.annotations_panel.proxy.rowCount() == 0
    merge_by_menu(window, bobs_file, monkeypatch)
    window.annotations_model.flush()
    assert window.annotations_panel.proxy.rowCount() == len(BOB)
    assert {store.annotator(a.annotator_id).name for a in store.annotations()} == {"bob"}
    assert len(summaries) == 1 and "4 added" in summaries[0]
    assert "Merged bob.annot: 4 annotation(s) added" in window.statusBar().currentMessage()
    assert window.menus.undo.isEnabled()

    window.menus.undo.trigger()
    window.annotations_model.flush()
    assert window.annotations_panel.proxy.rowCount() == 0
    assert store.annotations() == []

    merge_by_menu(window, bobs_file, monkeypatch)  # again after undo: all back
    merge_by_menu(window, bobs_file, monkeypatch)  # and a second time: nothing new
    assert len(store.annotations()) == len(BOB)
    assert "nothing new" in summaries[-1]


def test_agreement_dialog_from_the_review_menu_shows_kappa(  # type: ignore[no-untyped-def]
    window, bobs_file, summaries, monkeypatch
) -> None:
    annotate(window.session.project, ALICE)
    merge_by_menu(window, bobs_file, monkeypatch)
    window.menus.agreement.trigger()
    dialog = window.findChild(AgreementDialog)
    assert dialog is not None and dialog.isVisible()
    assert dialog.chosen() == ["alice", "bob"]
    model = dialog.model
    rows = [[model.index(r, c).data() for c in range(model.columnCount())] for r in range(model.rowCount())]
    overall = [r for r in rows if r[0] == "overall" and r[6] == "kappa"]
    assert len(overall) == 1 and overall[0][4:6] == ["alice", "bob"]
    expected = agreement(window.session.store, annotators=["alice", "bob"]).overall.tally.kappa(0, 1)
    assert expected.value is not None and 0 < expected.value < 1  # they partly agree
    assert overall[0][7] == f"{expected.value:.3f}"
    dialog.close()


def test_compare_from_the_menu_accept_then_undo(window, bobs_file, summaries, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    project = window.session.project
    store = project.store
    annotate(project, ALICE)
    merge_by_menu(window, bobs_file, monkeypatch)
    doc = store.documents()[0].id
    window.panes.open_document(doc)
    window.menus.compare.trigger()
    view = window.review.compare
    assert view is not None and window.review.compare_dock.isVisible()
    assert view.document_box.currentData() == doc
    assert [view.a_box.currentText(), view.b_box.currentText()] == ["alice", "bob"]
    kinds = [view.model.difference(r).kind.value for r in range(view.model.rowCount())]
    assert kinds == ["other_tag", "only_b"]  # the two agreements are hidden
    # the document side by side: alice's spans in one pane, bob's in the other
    showing = [(f.document_id(), f.layers) for f in window.panes.frames()]
    alice, bob = (store.annotator_by_name(n) for n in ("alice", "bob"))
    assert alice is not None and bob is not None
    assert (doc, frozenset({alice.id})) in showing and (doc, frozenset({bob.id})) in showing

    view.select(1)
    only_b = view.current()
    assert only_b is not None and only_b.b is not None and only_b.a is None
    assert window.panes.current_pane().selected_annotation() == only_b.b.id  # the pane follows
    assert window.review.comments.annotation_id == only_b.b.id
    before = len(store.annotations())
    view.accept_b()
    reviewed = [a for a in store.annotations() if a.status is Status.ACCEPTED]
    assert len(reviewed) == 1
    assert (reviewed[0].start, reviewed[0].end) == (only_b.b.start, only_b.b.end)
    assert store.annotator(reviewed[0].annotator_id).name == "alice"  # the reviewer
    assert window.menus.undo.isEnabled()

    window.menus.undo.trigger()
    assert [a for a in store.annotations() if a.status is Status.ACCEPTED] == []
    assert len(store.annotations()) == before


def test_comments_dock_follows_the_selected_annotation(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    project = window.session.project
    annotate(project, ALICE)
    actor, claim = sorted(project.store.annotations(), key=lambda a: (a.start, a.end))[:2]
    window.session.run(AddComment(claim.id, "rita", "Which ministry said this?"))
    window.menus.comments.trigger()
    assert window.review.comments_dock.isVisible()
    frame = window.panes.open_document(actor.document_id)
    frame.pane.select_annotation(claim.id)
    panel = window.review.comments
    assert panel.annotation_id == claim.id
    assert panel.list.count() == 1 and "Which ministry said this?" in panel.list.item(0).text()
    frame.pane.select_annotation(actor.id)
    assert panel.annotation_id == actor.id and panel.list.count() == 0


def test_layers_control_hides_another_annotators_spans(  # type: ignore[no-untyped-def]
    window, bobs_file, summaries, monkeypatch, qtbot
) -> None:
    project = window.session.project
    store = project.store
    annotate(project, ALICE[:1])
    merge_by_menu(window, bobs_file, monkeypatch)
    frame = window.panes.open_document(store.documents()[0].id)
    pane = frame.pane
    qtbot.wait(20)  # the highlighter paints a newly shown document once the event loop runs
    bobs = {a.id for a in store.annotations() if store.annotator(a.annotator_id).name == "bob"}
    duma = next(a for a in store.annotations() if a.id in bobs and a.end - a.start == 10)
    span = pane.index.get(duma.id)
    assert span is not None
    painted = dominant_colour(pane, span.qstart, span.qend)
    base = pane.editor().palette().base().color()
    assert painted != (base.red(), base.green(), base.blue())  # bob's actor span is tinted

    frame.layers_menu.aboutToShow.emit()
    alice = next(a for a in frame.layers_menu.actions() if a.text() == "alice")
    alice.trigger()  # from "Everyone": only alice
    assert frame.layers == frozenset({project.annotator_id})
    assert "alice" in frame.layers_button.text()
    assert all(a not in pane.index for a in bobs)
    assert len(pane.index) == 1
    pane.editor().viewport().repaint()
    assert dominant_colour(pane, span.qstart, span.qend) == (base.red(), base.green(), base.blue())

    frame.layers_menu.aboutToShow.emit()
    next(a for a in frame.layers_menu.actions() if a.text() == "Everyone").trigger()
    assert frame.layers is None and len(pane.index) == len(BOB) + 1
    assert QColor(*dominant_colour(pane, span.qstart, span.qend)) != base


def test_only_mine_sets_every_panes_layers(window) -> None:  # type: ignore[no-untyped-def]
    window.menus.add_pane.trigger()
    window.menus.only_mine.trigger()
    assert all(f.layers == frozenset({window.session.project.annotator_id}) for f in window.panes.frames())
    window.menus.only_mine.trigger()
    assert all(f.layers is None and "Everyone" in f.layers_button.text() for f in window.panes.frames())


def test_review_keys_are_on_the_shortcuts_sheet(window, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from annot.gui.dialogs.shortcuts import ShortcutsDialog

    shown: list[list[tuple[str, list[tuple[str, str]]]]] = []
    monkeypatch.setattr(ShortcutsDialog, "ask", classmethod(lambda cls, p, sections: shown.append(sections)))
    window.menus.shortcuts.trigger()
    sections = dict(shown[0])
    rows = {text: keys for keys, text in sections["Window"]}
    assert rows["Agreement"] == window.menus.agreement.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
    assert "Compare annotators" in rows and "Comments" in rows and "Import annotations" in rows
    assert any(keys.startswith("J") for keys, _ in sections["Compare view (Review ▸ Compare annotators)"])


def test_review_docks_come_back_where_they_were(open_window, project_file) -> None:  # type: ignore[no-untyped-def]
    first = open_window(project_file)
    assert not first.review.comments_dock.isVisible() and not first.review.compare_dock.isVisible()
    first.menus.comments.trigger()
    first.menus.compare.trigger()
    assert first.review.comments_dock.objectName() == "CommentsDock"
    assert first.review.compare_dock.objectName() == "CompareDock"
    first.close()
    again = open_window(project_file)
    assert again.review.comments_dock.isVisible()
    assert again.review.compare_dock.isVisible() and again.review.compare is not None  # built when shown


def test_a_corrupt_colleague_file_is_named_and_changes_nothing(  # type: ignore[no-untyped-def]
    window, tmp_path, summaries, monkeypatch
) -> None:
    bad = tmp_path / "colleague.annot"
    bad.write_bytes(b"this is not an annot project at all" * 20)
    merge_by_menu(window, bad, monkeypatch)
    assert len(summaries) == 1 and "colleague.annot" in summaries[0]
    assert window.session.store.annotations() == []
    assert not window.menus.undo.isEnabled()
