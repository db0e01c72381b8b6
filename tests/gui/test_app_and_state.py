"""Start-up (first launch, last project, broken project), the annotator asked once, and the
window state (geometry, docks, panes and their documents) restored on reopening."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from annot.core.project import Project
from annot.core.settings import Settings, default_project_path
from annot.gui import app
from annot.gui.dialogs.files import FileDialogs
from annot.gui.dialogs.simple import OpenFailedDialog
from annot.gui.offsets import OffsetMap


def _first(qtbot, argv):  # type: ignore[no-untyped-def]
    window = app.first_window(argv, Settings.load())
    if window is not None:
        qtbot.addWidget(window)
    return window


def test_first_launch_creates_the_sample_and_asks_the_name_once(qtbot, annotator_asked) -> None:  # type: ignore[no-untyped-def]
    assert not default_project_path().exists()
    window = _first(qtbot, [])
    assert default_project_path().exists()
    assert window.documents_model.rowCount() == 5
    assert annotator_asked == [app.system_user()]
    assert Settings.load().annotator == "alice"
    assert "alice" in window.annotator_label.text()
    assert window.windowTitle().startswith("sample")
    window.close()
    again = _first(qtbot, [])
    assert again.project_path.resolve() == default_project_path().resolve()
    assert len(annotator_asked) == 1  # not asked a second time
    again.close()


def test_opens_the_last_project(qtbot, project_file) -> None:  # type: ignore[no-untyped-def]
    _first(qtbot, [str(project_file)]).close()
    assert Settings.load().last_project == str(project_file.resolve())
    window = _first(qtbot, [])
    assert window.project_path.resolve() == project_file.resolve()
    window.close()


def test_broken_project_offers_the_sample(qtbot, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    bad = tmp_path / "notes.annot"
    bad.write_text("not a database", "utf-8")
    before = bad.read_bytes()
    messages: list[str] = []

    def ask(cls, parent, message, offer_sample=True):  # type: ignore[no-untyped-def]
        messages.append(message)
        return OpenFailedDialog.SAMPLE

    monkeypatch.setattr(OpenFailedDialog, "ask", classmethod(ask))
    window = _first(qtbot, [str(bad)])
    assert "notes.annot" in messages[0] and "not an annot project" in messages[0]
    assert window.project_path.resolve() == default_project_path().resolve()
    assert bad.read_bytes() == before
    window.close()


def test_broken_project_then_another_or_quit(qtbot, tmp_path, monkeypatch, project_file) -> None:  # type: ignore[no-untyped-def]
    bad = tmp_path / "empty.annot"
    bad.write_bytes(b"")
    answers = [OpenFailedDialog.OPEN]
    monkeypatch.setattr(OpenFailedDialog, "ask", classmethod(lambda cls, p, m, offer_sample=True: answers.pop(0)))
    monkeypatch.setattr(FileDialogs, "open_project", classmethod(lambda cls, p, folder="": project_file))
    window = _first(qtbot, [str(bad)])
    assert window.project_path == project_file
    window.close()
    answers[:] = [OpenFailedDialog.QUIT]
    assert _first(qtbot, [str(bad)]) is None


def test_file_open_of_a_bad_file_keeps_the_window(window, tmp_path, errors_shown, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    bad = tmp_path / "other.annot"
    bad.write_bytes(b"SQLite format 3\x00" + b"\x00" * 20)
    monkeypatch.setattr(FileDialogs, "open_project", classmethod(lambda cls, p, folder="": bad))
    window.menus.open_project.trigger()
    assert errors_shown and "other.annot" in errors_shown[0]
    assert window.isVisible()


def test_panes_docks_and_geometry_come_back(open_window, project_file, window_ini, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = open_window(project_file)
    docs = [d.id for d in window.session.store.documents()]
    assert window.panes.documents() == docs[:2]  # first time: two documents side by side
    window.menus.add_pane.trigger()
    window.panes.current().show_document(docs[4])
    window.menus.add_pane.trigger()
    window.panes.current().show_document(docs[2])
    assert len(window.panes.frames()) == 4 and not window.menus.add_pane.isEnabled()
    window.panes.close_pane(window.panes.frames()[0])
    window.codebook_dock.hide()
    window.documents_dock.hide()  # (and the window can be narrower than the offscreen screen)
    qtbot.wait(10)
    window.resize(700, 577)
    qtbot.wait(10)
    size = (window.width(), window.height())  # Qt keeps it at least the layout's minimum
    assert size[1] == 577
    window.panes.set_current(window.panes.frames()[1])
    expected = window.panes.documents()
    assert expected == [docs[1], docs[4], docs[2]]
    window.close()
    assert window_ini.exists()

    again = open_window(project_file)
    assert again.panes.documents() == expected
    assert again.panes.frames().index(again.panes.current()) == 1
    assert again.codebook_dock.isHidden() and again.documents_dock.isHidden()
    assert again.annotations_dock.isVisible()
    assert (again.width(), again.height()) == size


def test_find_across_documents_jumps(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    window.menus.find_all.trigger()
    panel = window.find_panel
    qtbot.keyClicks(panel.text, "Merkacheva")
    panel.search()
    hits = panel.model.hits()
    assert hits, "the seeds name Eva Merkacheva"
    target = hits[-1]
    panel.view.activated.emit(panel.model.index(len(hits) - 1, 0))
    frame = window.panes.current()
    assert frame.document_id() == target.document_id
    assert frame.pane.editor().textCursor().selectedText() == "Merkacheva"


def test_project_path_shown_in_title(window, project_file) -> None:  # type: ignore[no-untyped-def]
    assert window.windowTitle() == f"{Path(project_file).stem} — annot"


def test_find_in_the_current_pane_only(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    frame = window.panes.frames()[1]
    window.panes.set_current(frame)
    window.menus.find.trigger()
    panel = window.find_panel
    qtbot.keyClicks(panel.text, "Council of Europe")
    qtbot.keyClick(panel.text, Qt.Key.Key_Return)
    hits = panel.model.hits()
    assert hits and {h.document_id for h in hits} == {frame.document_id()}
    assert frame.pane.editor().textCursor().selectedText().casefold() == "council of europe"
    assert len(hits) > 1
    qtbot.keyClick(panel.text, Qt.Key.Key_Return)  # Enter again: the next match
    text = window.session.store.document_text(frame.document_id())
    assert frame.pane.editor().textCursor().selectionStart() == OffsetMap(text).to_qt(hits[1].start)


def test_new_project_opens_in_a_new_window(window, tmp_path, monkeypatch, qtbot) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "fresh"  # the suffix is added
    monkeypatch.setattr(FileDialogs, "new_project", classmethod(lambda cls, p, folder="": target.with_suffix(".annot")))
    window.menus.new_project.trigger()
    new = next(w for w in app._windows if w is not window)
    qtbot.addWidget(new)
    assert not window.isVisible()
    assert new.project_path == target.with_suffix(".annot")
    assert new.documents_model.rowCount() == 0 and new.codebook_model.rowCount() == 3
    assert Settings.load().last_project == str(target.with_suffix(".annot").resolve())
    new.close()


def test_a_damaged_text_is_reported_after_the_window_shows(open_window, tmp_path, errors_shown, qtbot) -> None:  # type: ignore[no-untyped-def]
    """The texts' checksums are checked after the first paint, not before it: the window
    opens, then says which document is damaged."""
    import sqlite3

    path = tmp_path / "damaged.annot"
    Project.create(path, seeds=True).close()
    conn = sqlite3.connect(path)  # the stored text changed behind SQLite's back
    doc = conn.execute("SELECT id FROM documents ORDER BY id LIMIT 1 OFFSET 2").fetchone()[0]
    conn.execute("UPDATE documents SET text = replace(text, 'Russia', 'Rossia') WHERE id = ?", (doc,))
    conn.commit()
    conn.close()
    window = open_window(path)
    assert window.isVisible() and errors_shown == []
    qtbot.waitUntil(lambda: window.text_check.done and errors_shown != [], timeout=5000)
    assert len(errors_shown) == 1
    assert f"text of document {doc} no longer matches" in errors_shown[0] and str(path) in errors_shown[0]


def test_a_new_layout_shows_the_annotations_tab_and_prepares_no_suggestions(open_window, project_file, qtbot) -> None:  # type: ignore[no-untyped-def]
    """The claims docks are tabbed in after the Annotations dock: a first launch must still
    show the Annotations table, not an empty Suggestions tab (which, shown, loads the
    suggestion models in the background at every start)."""
    window = open_window(project_file)
    qtbot.wait(50)
    assert window.annotations_dock.isVisible() and not window.annotations_dock.visibleRegion().isEmpty()
    for dock in (window.claims.suggestions_dock, window.claims.board_dock, window.timeline_dock):
        assert dock.visibleRegion().isEmpty(), dock.windowTitle()
    model = window.claims.suggestions_model
    assert model._pending is None and model._suggester is None  # nothing prepared
