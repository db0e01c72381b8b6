"""The window's shell: docks from the registry are built the first time they show (a hidden
dock costs nothing at start-up, a saved layout still finds every dock), a dock's model reads
only while shown, and an operation runs on a context of its own, without a window."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QApplication, QDockWidget

from annot.core.actors import CreateActor
from annot.core.project import Project
from annot.core.settings import Settings
from annot.gui import fileops
from annot.gui.context import OpContext
from annot.gui.docks import DOCKS
from annot.gui.session import Session

LAZY = ["actors", "timeline", "preannotate", "find", "comments", "compare", "board", "suggestions"]


def _built(window) -> list[str]:  # type: ignore[no-untyped-def]
    return [s.key for s in DOCKS if window.docks.built(s.key) is not None]


def test_only_the_docks_on_screen_are_built_at_start(window) -> None:  # type: ignore[no-untyped-def]
    assert _built(window) == ["documents", "codebook", "annotations"]
    # every dock exists (empty) under its stable name, for the saved layout and the menus
    names = {d.objectName() for d in window.findChildren(QDockWidget)}
    assert {s.name for s in DOCKS} <= names and len(DOCKS) == 11
    assert {"ClaimBoardDock", "Pre-annotationDock", "CommentsDock", "CompareDock"} <= names
    assert window.annotations_dock.isVisible() and window.annotations_panel.isVisible()
    # shown from the View menu: built, and its content on screen at once (not after a paint)
    window.preannotate_dock.toggleViewAction().trigger()
    panel = window.docks.built("preannotate")
    assert panel is not None and panel.isVisible() and window.preannotate_dock.widget() is panel
    assert window.pale_suggestions is not None and window.pale_suggestions.panel is panel
    assert _built(window) == ["documents", "codebook", "annotations", "preannotate"]


def test_a_hidden_docks_model_reads_only_when_shown_after_a_change(window) -> None:  # type: ignore[no-untyped-def]
    window.session.run(CreateActor(name="Vladimir Putin"))
    window.actors_dock.raise_()  # the user picks the Actors tab
    QApplication.processEvents()
    model = window.actors_model
    assert model.active and model.rowCount() == 1  # read when first shown
    loads: list[int] = []
    real = model.load
    model.load = lambda: (loads.append(1), real())  # type: ignore[method-assign]
    window.annotations_dock.raise_()
    QApplication.processEvents()
    assert not model.active
    window.session.run(CreateActor(name="Council of Europe", kind="organisation"))
    QApplication.processEvents()
    assert loads == [] and model.rowCount() == 1  # hidden: not read
    window.actors_dock.raise_()
    QApplication.processEvents()
    assert loads == [1] and model.rowCount() == 2  # shown again: read once
    window.annotations_dock.raise_()
    window.actors_dock.raise_()
    QApplication.processEvents()
    assert loads == [1]  # nothing changed meanwhile: not read again


def test_a_saved_layout_builds_the_docks_it_shows(open_window, project_file) -> None:  # type: ignore[no-untyped-def]
    first = open_window(project_file)
    first.timeline_dock.raise_()
    first.preannotate_dock.toggleViewAction().trigger()
    QApplication.processEvents()
    first.close()
    again = open_window(project_file)
    QApplication.processEvents()
    for key in ("timeline", "preannotate"):
        dock = again.docks.dock(key)
        assert dock.isVisible() and dock.widget() is not None and dock.widget().isVisible()
    assert again.timeline_model.active
    assert again.docks.built("actors") is None and again.docks.built("board") is None


def test_an_operation_runs_on_a_context_of_its_own(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    files = []
    for name, text in (("first.txt", "Russia left the Council of Europe."), ("second.txt", "It did not.")):
        (tmp_path / name).write_text(text, "utf-8")
        files.append(tmp_path / name)
    project = Project.create(tmp_path / "p.annot")
    session = Session(project)
    said: list[str] = []
    ctx = OpContext(session, Settings(annotator="alice"), status=lambda text, ms: said.append(text))
    added = fileops.import_paths(ctx, files)
    assert [d.id for d in project.store.documents()] == added and len(added) == 2
    assert [project.store.document_text(d) for d in added] == [f.read_text("utf-8") for f in files]
    assert said == ["Imported 2 documents."]
    session.close()
