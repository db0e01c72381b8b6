"""The window's imports and merges (issue 9): the history's report names who asked (the
window), so a view can tell its own echo; a cancelled import says so and changes nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from annot.core.export.wadm import export_wadm
from annot.core.model import Changes
from annot.core.project import Project
from annot.gui import progress
from annot.gui.dialogs.files import FileDialogs
from annot.gui.dialogs.merge import MergeDialogs


def _colleague(path: Path) -> Path:
    """A project with the seeds, two spans on the first."""
    with Project.create(path, seeds=True) as p:
        p.set_annotator("bob")
        doc = p.store.documents()[0]
        tags = {t.name: t.id for t in p.store.tags()}
        p.add_annotation(doc.id, tags["claim"], 0, 12)
        p.add_annotation(doc.id, tags["actor"], 14, 20)
    return path


def _heard(window) -> list[Changes]:  # type: ignore[no-untyped-def]
    heard: list[Changes] = []
    window.session.changed.connect(heard.append)
    return heard


def test_import_annotations_merge_and_documents_name_the_window_as_initiator(  # type: ignore[no-untyped-def]
    window, tmp_path, monkeypatch, errors_shown
) -> None:
    monkeypatch.setattr("annot.gui.transfer.Summary.show", classmethod(lambda cls, *a, **k: None))
    colleague = _colleague(tmp_path / "bob.annot")
    with Project.open(colleague) as bob:
        export_wadm(bob.store, tmp_path / "bob.jsonld")
    heard = _heard(window)
    monkeypatch.setattr(FileDialogs, "import_annotations", classmethod(lambda cls, parent, folder="": tmp_path / "bob.jsonld"))
    window.menus.import_annotations.trigger()  # File ▸ Import annotations…
    assert window.session.store.annotation_count() == 2 and errors_shown == []
    assert [c.initiator for c in heard] == [window] and heard[0].annotations

    window.menus.undo.trigger()
    heard.clear()
    monkeypatch.setattr(MergeDialogs, "ask_files", classmethod(lambda cls, parent: [colleague]))
    monkeypatch.setattr(MergeDialogs, "show_summary", classmethod(lambda cls, parent, text, problem: None))
    window.menus.merge.trigger()  # File ▸ Merge colleague's project…
    assert window.session.store.annotation_count() == 2
    assert [c.initiator for c in heard] == [window]

    heard.clear()
    text = tmp_path / "new.txt"
    text.write_text("A text no project has yet.\n", "utf-8")
    monkeypatch.setattr(FileDialogs, "import_documents", classmethod(lambda cls, parent: [text]))
    window.menus.import_docs.trigger()  # File ▸ Import documents…
    assert any(d.filename == "new.txt" for d in window.session.store.documents())
    assert [c.initiator for c in heard] == [window] and heard[0].documents


@pytest.mark.parametrize("action", ["import_annotations", "import_docs"])
def test_a_cancelled_import_says_so_and_changes_nothing(  # type: ignore[no-untyped-def]
    window, tmp_path, monkeypatch, errors_shown, action
) -> None:
    from annot.core.imports import wadm

    colleague = _colleague(tmp_path / "bob.annot")
    with Project.open(colleague) as bob:
        export_wadm(bob.store, tmp_path / "bob.jsonld")
    monkeypatch.setattr(wadm, "_EVERY", 1)
    real = progress.run_with_progress
    monkeypatch.setattr(
        progress, "run_with_progress", lambda parent, label, work: real(parent, label, lambda p: work(lambda d, t: False))
    )  # the person presses Cancel at the first chance
    monkeypatch.setattr(FileDialogs, "import_annotations", classmethod(lambda cls, parent, folder="": tmp_path / "bob.jsonld"))
    text = tmp_path / "new.txt"
    text.write_text("A text no project has yet.\n", "utf-8")
    monkeypatch.setattr(FileDialogs, "import_documents", classmethod(lambda cls, parent: [text]))
    store = window.session.store
    before = (store.documents(), store.annotations(), store.tags(), store.annotators())
    heard = _heard(window)
    getattr(window.menus, action).trigger()
    assert window.statusBar().currentMessage() == "Import cancelled; nothing was imported."
    assert (store.documents(), store.annotations(), store.tags(), store.annotators()) == before
    assert heard == [] and errors_shown == [] and not window.menus.undo.isEnabled()
