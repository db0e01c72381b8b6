"""File ▸ Merge: merges through the session (views hear of it), one undo step, and says
what happened; a bad file is named and changes nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from annot.core.project import Project
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
    [report] = merge_files(session)
    assert report.annotations.added == 1 and report.documents.added == 1
    assert project.store.annotation_count() == 1 and len(heard) == 1
    [(text, problem)] = shown
    assert problem and "annotations  1 added" in text and str(bad) in text
    session.undo()
    assert project.store.annotation_count() == 0 and project.store.documents() == []
    project.close()


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
    assert merge_files(session, paths=[theirs_path, theirs_path]) == []
    assert labels == ["Merging…"]
    assert project.store.annotation_count() == 0 and project.store.documents() == []
    assert not project.history.can_undo
    [(text, problem)] = shown
    assert problem and "cancelled" in text and text.count("cancelled") == 1  # the second file is not tried
    project.close()
