"""File ▸ Merge: the summary is a table whose columns line up (issue 14): one row per file
and kind of thing, one column per count, numbers right-aligned; a refused file is named
under it."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from annot.core.project import Project
from annot.gui.dialogs.merge import MergeDialogs, MergeSummaryDialog


def test_merge_summary_is_a_table(window, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    bobs = tmp_path / "bob.annot"
    with Project.create(bobs, seeds=True) as theirs:
        theirs.set_annotator("bob")
        doc = theirs.store.documents()[0].id
        tag = theirs.store.tags()[0].id
        for s in (0, 10, 20, 30):
            theirs.add_annotation(doc, tag, s, s + 5)
    broken = tmp_path / "broken.annot"
    broken.write_bytes(b"not a project")
    shown: list[MergeSummaryDialog] = []
    monkeypatch.setattr(MergeDialogs, "ask_files", classmethod(lambda cls, parent: [bobs, broken]))
    monkeypatch.setattr(MergeSummaryDialog, "exec", lambda self: shown.append(self) or 0)
    window.menus.merge.trigger()
    [dialog] = shown
    model = dialog.model
    qtmodeltester.check(model)
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert headers[:2] == ["File", "What"] and {"Added", "Updated", "Skipped"} <= set(headers)
    rows = {
        (model.index(r, 0).data(), model.index(r, 1).data()): r for r in range(model.rowCount())
    }
    r = rows[("bob.annot", "annotations")]
    assert model.index(r, headers.index("Added")).data() == "4"
    assert model.index(r, headers.index("Updated")).data() == "0"
    assert model.index(rows[("bob.annot", "documents")], headers.index("Skipped")).data() == "5"
    for c in range(2, model.columnCount()):  # every count in its own right-aligned column
        align = Qt.AlignmentFlag(model.index(r, c).data(Qt.ItemDataRole.TextAlignmentRole))
        assert align & Qt.AlignmentFlag.AlignRight
    assert dialog.table.model() is model
    assert str(broken) in dialog.problems.text()
    assert len(window.session.store.annotations()) == 4
