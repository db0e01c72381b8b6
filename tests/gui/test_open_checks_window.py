"""SQLite's quick_check runs after the window's first paint (not before it): a damaged file
opens, the damage is reported once the window shows, and from then on nothing is written."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QApplication

from annot.core.project import Project
from tests.core.core_helpers import damage_freelist, dump
from tests.gui import user


def test_damage_is_reported_after_the_first_paint_and_a_tag_key_writes_nothing(open_window, tmp_path, errors_shown, qtbot) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "damaged.annot"
    with Project.create(path, seeds=True) as project:
        project.set_annotator("alice")  # the window's annotator (tests/gui/conftest.py)
    damage_freelist(path)
    before = path.read_bytes()
    window = open_window(path)  # before: refused with a dialog, no window
    assert window.isVisible() and errors_shown == []
    qtbot.waitUntil(lambda: window.text_check.done, timeout=20000)
    assert len(errors_shown) == 1, errors_shown
    assert "damaged" in errors_shown[0] and "freelist" in errors_shown[0].lower()
    assert str(path) in errors_shown[0] and "stopped saving" in errors_shown[0]

    store = window.session.store
    doc = store.documents()[0]
    frame = window.panes.frames()[0]
    window.panes.open_document(doc.id)
    frame.pane.editor().setFocus()
    QApplication.processEvents()
    text = store.document_text(doc.id)
    rows = dump(path)
    user.drag_text(window, frame.pane, text, 0, 20)
    claim_key = next(t.key for t in store.tags() if t.name == "claim")
    user.key(window, claim_key)
    assert len(errors_shown) == 2, errors_shown
    assert "was not saved" in errors_shown[1] and str(path) in errors_shown[1]
    assert store.annotations(document_id=doc.id) == []
    assert dump(path) == rows
    window.close()
    assert path.read_bytes() == before
    assert not Path(f"{path}-wal").exists()


def test_a_tag_key_during_the_check_is_saved_at_once_and_the_check_runs_again(open_window, tmp_path, errors_shown, qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The check's read lock would hold a writer back for up to a second on a big file: a
    write stops it, and it runs again after."""
    import threading

    from annot.core.store import StructureCheck
    from annot.gui import textcheck

    runs: list[str] = []

    class HeldCheck(StructureCheck):  # the first run reads until it is interrupted
        def __init__(self, store) -> None:  # type: ignore[no-untyped-def]
            super().__init__(store)
            self.stop = threading.Event()

        def run(self) -> list[str]:
            if not runs:
                runs.append("held")
                assert self.stop.wait(20), "never interrupted"
                return []
            runs.append("again")
            return super().run()

        def interrupt(self) -> None:
            super().interrupt()
            self.stop.set()

    monkeypatch.setattr(textcheck, "StructureCheck", HeldCheck)
    path = tmp_path / "p.annot"
    with Project.create(path, seeds=True) as project:
        project.set_annotator("alice")
    window = open_window(path)
    qtbot.waitUntil(lambda: runs == ["held"], timeout=10000)
    store = window.session.store
    doc = store.documents()[0]
    frame = window.panes.frames()[0]
    window.panes.open_document(doc.id)
    frame.pane.editor().setFocus()
    QApplication.processEvents()
    user.drag_text(window, frame.pane, store.document_text(doc.id), 0, 20)
    user.key(window, next(t.key for t in store.tags() if t.name == "claim"))
    assert len(store.annotations(document_id=doc.id)) == 1
    qtbot.waitUntil(lambda: window.text_check.done, timeout=20000)
    assert runs == ["held", "again"] and window.text_check.structure == []
    assert errors_shown == []


def test_damage_the_window_meets_while_it_opens_is_named(tmp_path, errors_shown) -> None:  # type: ignore[no-untyped-def]
    """Without quick_check before opening, damage in a table the window reads at once is met
    while it is built: the same clear message, naming the file, and nothing written."""
    from annot.core.settings import Settings
    from annot.gui.app import open_project_window
    from tests.core.core_helpers import damage_table_root

    path = tmp_path / "lost-sector.annot"
    with Project.create(path, seeds=True) as project:
        alice = project.set_annotator("alice")
        doc = project.store.documents()[0].id
        tag = project.store.tags()[0].id
        for i in range(300):
            project.add_annotation(doc, tag, i, i + 5)
    assert alice
    damage_table_root(path, "annotations")
    before = path.read_bytes()
    assert open_project_window(path, Settings.load()) is None
    assert len(errors_shown) == 1, errors_shown
    assert "damaged" in errors_shown[0] and str(path) in errors_shown[0]
    assert path.read_bytes() == before
