"""Preferences (annotator name in the status bar and on new annotations), the shortcut
sheet, zoom, and pane add/close from the View menu."""

from __future__ import annotations

from dataclasses import replace

from annot.core.settings import Settings
from annot.gui.dialogs.preferences import PreferencesDialog
from annot.gui.dialogs.shortcuts import ShortcutsDialog


def test_preferences_change_the_annotator(window, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    assert window.annotator_label.text() == "Annotator: alice"
    monkeypatch.setattr(
        PreferencesDialog, "ask",
        classmethod(lambda cls, p, s: replace(s, annotator="bob", excel_bom=True, snap_to_words=False, font_size=17)),
    )
    window.menus.preferences.trigger()
    assert all(not pane.snap_to_words for pane in window.panes.panes())
    assert {pane.editor().font().pointSize() for pane in window.panes.panes()} == {17}
    assert window.annotator_label.text() == "Annotator: bob"
    saved = Settings.load()
    assert (saved.annotator, saved.excel_bom) == ("bob", True)
    project = window.session.project
    doc = project.store.documents()[0].id
    ann = project.add_annotation(doc, project.store.tags()[0].id, 0, 4)
    assert project.store.annotator(ann.annotator_id).name == "bob"


def test_shortcut_sheet_lists_window_and_pane_keys(window, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    shown = []
    monkeypatch.setattr(ShortcutsDialog, "ask", classmethod(lambda cls, p, sections: shown.append(sections)))
    window.menus.shortcuts.trigger()
    sections = dict(shown[0])
    keys = {k for k, _ in sections["Window"]}
    assert {"Ctrl+Z", "Ctrl+Shift+Z, Ctrl+Y", "Ctrl+F", "Ctrl+T", "Ctrl+W"} <= keys
    assert ("1", "Tag the selection as claim") in sections["Tags (in a reading pane)"]
    assert sections["Reading pane"]  # the pane's own keys


def test_view_menu_adds_and_closes_panes_and_zooms(window) -> None:  # type: ignore[no-untyped-def]
    menus = window.menus
    assert len(window.panes.frames()) == 2
    menus.add_pane.trigger()
    menus.add_pane.trigger()
    assert len(window.panes.frames()) == 4 and not menus.add_pane.isEnabled()
    menus.add_pane.trigger()
    assert len(window.panes.frames()) == 4
    for _ in range(3):
        menus.close_pane.trigger()
    assert len(window.panes.frames()) == 1 and menus.add_pane.isEnabled()
    editor = window.current_pane().editor()
    before = editor.font().pointSizeF()
    menus.zoom_in.trigger()
    menus.zoom_in.trigger()
    assert window.panes.zoom_level() == 2
    assert editor.font().pointSizeF() > before
    menus.zoom_reset.trigger()
    assert window.panes.zoom_level() == 0
    assert editor.font().pointSizeF() == before


def test_only_my_annotations_filters_every_pane(window) -> None:  # type: ignore[no-untyped-def]
    """A colleague's span disappears from both panes showing the document, and comes back."""
    from annot.core.annotations import AddAnnotation

    project = window.session.project
    doc = project.store.documents()[0].id
    for frame in window.panes.frames():
        frame.show_document(doc)
    claim = project.store.tags()[0].id
    colleague = project.store.add_annotator("bob")
    theirs = AddAnnotation(doc, claim, colleague, 20, 30)
    window.session.run(theirs)
    mine_command = AddAnnotation(doc, claim, project.annotator_id, 0, 10)
    window.session.run(mine_command)
    mine = mine_command.annotation
    assert all(theirs.annotation.id in pane.index and mine.id in pane.index for pane in window.panes.panes())
    window.menus.only_mine.trigger()
    assert all(theirs.annotation.id not in pane.index and mine.id in pane.index for pane in window.panes.panes())
    window.menus.add_pane.trigger()  # a new pane follows the setting
    new = window.panes.current()
    new.show_document(doc)
    assert theirs.annotation.id not in new.pane.index
    window.menus.only_mine.trigger()
    assert all(theirs.annotation.id in pane.index for pane in window.panes.panes())
