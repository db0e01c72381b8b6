"""Codebook dock: add, rename, recolour, change key, delete (asking first) — each one undo
step; the Edit menu names what Undo and Redo will do."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QKeySequence

from annot.core.model import Role, Tag, TagId
from annot.gui.dialogs import tag as tag_dialogs
from annot.gui.dialogs.simple import Confirm
from annot.gui.dialogs.tag import TagDialog


def _names(window) -> list[str]:  # type: ignore[no-untyped-def]
    return [t.name for t in window.session.store.tags()]


def test_add_rename_recolour_key_with_undo(window, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    panel = window.codebook_panel
    new = Tag(TagId(0), "source", "#123456", "4", "Where a claim comes from", Role.OTHER)
    monkeypatch.setattr(TagDialog, "ask", classmethod(lambda cls, parent, colour: new))
    panel.add_tag()
    assert _names(window) == ["claim", "actor", "date", "source"]
    assert window.codebook_model.rowCount() == 4
    assert window.menus.undo.text() == "&Undo Add tag source"

    row = window.codebook_model.rowCount() - 1
    panel.select_tag_row(row)
    assert window.codebook_model.setData(window.codebook_model.index(row, 0), "origin")
    assert window.session.store.tag_by_name("origin") is not None

    monkeypatch.setattr(tag_dialogs, "pick_colour", lambda parent, current, title="": "#abcdef")
    panel.recolour_selected()
    assert window.session.store.tag_by_name("origin").colour == "#abcdef"
    assert window.codebook_model.setData(window.codebook_model.index(row, 1), "9")
    assert window.session.store.tag_by_name("origin").key == "9"
    # the toolbar follows the codebook
    assert "origin" in [a.text() for a in window.menus.toolbar.actions()]

    for _ in range(3):
        window.menus.undo.trigger()
    assert window.session.store.tag_by_name("source").colour == "#123456"
    window.menus.undo.trigger()
    assert _names(window) == ["claim", "actor", "date"]
    window.menus.redo.trigger()
    assert _names(window) == ["claim", "actor", "date", "source"]


def test_duplicate_key_is_refused_with_a_dialog(window, errors_shown) -> None:  # type: ignore[no-untyped-def]
    model = window.codebook_model
    assert not model.setData(model.index(1, 1), "1")  # key 1 belongs to claim
    assert errors_shown and "already used" in errors_shown[0]
    assert window.session.store.tag_by_name("actor").key == "2"


@pytest.mark.parametrize("confirmed", [False, True])
def test_delete_asks_first_when_in_use(window, monkeypatch, confirmed) -> None:  # type: ignore[no-untyped-def]
    project = window.session.project
    doc = project.store.documents()[0].id
    date = project.store.tag_by_name("date")
    ann = project.add_annotation(doc, date.id, 0, 5)
    asked: list[str] = []
    monkeypatch.setattr(Confirm, "ask", classmethod(lambda cls, p, title, text: asked.append(text) or confirmed))
    window.codebook_panel.select_tag_row(2)
    window.codebook_panel.delete_selected()
    assert asked and "used by 1 annotation" in asked[0]
    assert (project.store.tag_by_name("date") is None) == confirmed
    assert project.store.has_annotation(ann.id) == (not confirmed)
    if confirmed:
        assert window.menus.undo.text() == "&Undo Delete tag date"
        window.menus.undo.trigger()
        assert project.store.annotation(ann.id) == ann


def test_unused_tag_is_deleted_without_asking(window, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(Confirm, "ask", classmethod(lambda *a: pytest.fail("should not ask")))
    window.codebook_panel.select_tag_row(1)
    window.codebook_panel.delete_selected()
    assert _names(window) == ["claim", "date"]


def test_undo_redo_labels_and_keys(window) -> None:  # type: ignore[no-untyped-def]
    menus = window.menus
    assert not menus.undo.isEnabled() and menus.undo.text() == "&Undo"
    assert [k.toString() for k in menus.undo.shortcuts()] == ["Ctrl+Z"]
    assert {k.toString() for k in menus.redo.shortcuts()} == {"Ctrl+Shift+Z", "Ctrl+Y"}
    project = window.session.project
    doc = project.store.documents()[1].id
    claim = project.store.tag_by_name("claim")
    from annot.core.annotations import AddAnnotation

    window.session.run(AddAnnotation(doc, claim.id, project.annotator_id, 0, 8))
    assert menus.undo.isEnabled() and menus.undo.text() == "&Undo Add annotation"
    assert not menus.redo.isEnabled()
    menus.undo.trigger()
    assert project.store.annotations(document_id=doc) == []
    assert menus.redo.text() == "&Redo Add annotation" and menus.undo.text() == "&Undo"
    menus.redo.trigger()
    assert len(project.store.annotations(document_id=doc)) == 1
    assert QKeySequence("Ctrl+F") == menus.find.shortcut()


def test_keyboard_undo_redo_in_a_pane(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    """Tag with the key 1 in a pane, Ctrl+Z undoes it, Ctrl+Shift+Z and Ctrl+Y redo."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QTextCursor

    window.activateWindow()
    qtbot.waitActive(window)
    frame = window.panes.frames()[0]
    editor = frame.pane.editor()
    editor.setFocus()
    cursor = QTextCursor(editor.document())
    cursor.setPosition(3)
    cursor.setPosition(20, QTextCursor.MoveMode.KeepAnchor)
    editor.setTextCursor(cursor)
    doc = frame.document_id()
    store = window.session.store
    qtbot.keyClick(editor, Qt.Key.Key_1)
    assert len(store.annotations(document_id=doc)) == 1
    qtbot.keyClick(editor, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert store.annotations(document_id=doc) == []
    qtbot.keyClick(editor, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert len(store.annotations(document_id=doc)) == 1
    qtbot.keyClick(editor, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(editor, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert len(store.annotations(document_id=doc)) == 1
