"""File ▸ Merge: merges through the session (views hear of it), one undo step, and says
what happened; a bad file is named and changes nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from annot.core.project import Project
from annot.core.settings import Settings
from annot.gui.context import OpContext
from annot.gui.dialogs.merge import MergeDialogs, merge_files
from annot.gui.session import Session
from tests.core.review_helpers import add_text, span

TEXT = "Shared report text with an emoji 👍 and\r\nCRLF."


def test_merge_files(qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    theirs_path = tmp_path / "bob.annot"
    with Project.create(theirs_path) as theirs:
        doc = add_text(theirs, TEXT)
        span(theirs, doc, "bob", "claim", 0, 6)
    bad = tmp_path / "broken.annot"
    bad.write_bytes(b"not a project")
    project = Project.create(tmp_path / "alice.annot")
    session = Session(project)
    heard: list[object] = []
    session.changed.connect(heard.append)
    shown: list[tuple[str, bool]] = []
    monkeypatch.setattr(MergeDialogs, "ask_files", classmethod(lambda cls, parent: [theirs_path, bad]))
    monkeypatch.setattr(
        MergeDialogs, "show_summary", classmethod(lambda cls, parent, text, problem: shown.append((text, problem)))
    )
    [report] = merge_files(OpContext(session, Settings(annotator="alice")))
    assert report.annotations.added == 1 and report.documents.added == 1
    assert project.store.annotation_count() == 1 and len(heard) == 1
    [(text, problem)] = shown
    assert problem and "annotations  1 added" in text and str(bad) in text
    session.undo()
    assert project.store.annotation_count() == 0 and project.store.documents() == []
    project.close()


def test_pressing_cancel_in_the_merge_progress_dialog_stops_the_merge(  # type: ignore[no-untyped-def]
    qtbot, open_window, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """File ▸ Merge through the window, with the real progress helper: the person presses the
    dialog's Cancel button while the merge runs (the helper processes events, so the press
    arrives). The file being merged is left out whole, the files after it are not tried, and
    the files merged before the press stay merged (each one undo step)."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QProgressDialog, QPushButton

    files = [tmp_path / f"colleague{k}.annot" for k in range(3)]
    for k, path in enumerate(files):
        with Project.create(path) as theirs:
            for n in range(20):
                doc = add_text(theirs, f"{TEXT} Report {k}.{n}.")
                span(theirs, doc, f"bob{k}", "claim", 0, 6)
    Project.create(tmp_path / "alice.annot").close()
    window = open_window(tmp_path / "alice.annot")
    store = window.session.store
    monkeypatch.setattr(MergeDialogs, "ask_files", classmethod(lambda cls, parent: files))
    shown: list[tuple[str, bool]] = []
    monkeypatch.setattr(
        MergeDialogs, "show_summary", classmethod(lambda cls, parent, text, problem: shown.append((text, problem)))
    )
    pressed: list[str] = []
    earlier = set(QApplication.topLevelWidgets())  # (a closed dialog may linger until deleted)

    def press_cancel() -> None:
        for w in QApplication.topLevelWidgets():
            if isinstance(w, QProgressDialog) and w not in earlier and not pressed:
                button = w.findChild(QPushButton)
                assert button is not None and button.text() == "Cancel"
                pressed.append(w.labelText())
                button.click()  # what a mouse press on it does
                timer.stop()

    timer = QTimer()
    timer.timeout.connect(press_cancel)
    timer.start(0)
    window.menus.merge.trigger()
    timer.stop()
    assert pressed == ["Merging…"]
    [(text, problem)] = shown
    assert problem and text.count("cancelled") == 1
    [stopped] = [k for k, f in enumerate(files) if f"merge of {f} cancelled" in text]
    # exactly the files before the press are in the project, each one undo step
    assert store.annotation_count() == len(store.documents()) == 20 * stopped
    assert window.session.project.history.depth == stopped
    assert sorted(a.name for a in store.annotators() if a.name.startswith("bob")) == [f"bob{k}" for k in range(stopped)]


def test_merge_runs_with_the_progress_helper_whose_cancel_works(qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    from annot.gui import progress

    theirs_path = tmp_path / "bob.annot"
    with Project.create(theirs_path) as theirs:
        doc = add_text(theirs, TEXT)
        span(theirs, doc, "bob", "claim", 0, 6)
    project = Project.create(tmp_path / "alice.annot")
    session = Session(project)
    shown: list[tuple[str, bool]] = []
    monkeypatch.setattr(
        MergeDialogs, "show_summary", classmethod(lambda cls, parent, text, problem: shown.append((text, problem)))
    )
    labels: list[str] = []
    real = progress.run_with_progress

    def cancelling(parent, label, work):  # type: ignore[no-untyped-def]
        labels.append(label)  # the person presses Cancel in the helper's dialog
        return real(parent, label, lambda p: work(lambda done, total: False))

    monkeypatch.setattr(progress, "run_with_progress", cancelling)
    assert merge_files(OpContext(session, Settings(annotator="alice")), paths=[theirs_path, theirs_path]) == []
    assert labels == ["Merging…"]
    assert project.store.annotation_count() == 0 and project.store.documents() == []
    assert not project.history.can_undo
    [(text, problem)] = shown
    assert problem and "cancelled" in text and text.count("cancelled") == 1  # the second file is not tried
    project.close()
