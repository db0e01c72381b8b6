"""Merge by the File menu as a sync (issue 8, part 4): a colleague's deletion leaves the
Annotations dock, and a file with rows that break annot's rules is refused by name with the
dock unchanged (such rows used to reach the dock and crash it)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from annot.core.annotations import DeleteAnnotations
from annot.core.project import Project
from tests.gui.test_review_window import BOB, bobs_file, merge_by_menu, rows_in_dock, summaries  # noqa: F401


def test_a_colleagues_deletion_leaves_the_dock(  # type: ignore[no-untyped-def]
    window, bobs_file: Path, summaries: list[str], monkeypatch: pytest.MonkeyPatch  # noqa: F811
) -> None:
    merge_by_menu(window, bobs_file, monkeypatch)
    assert len(rows_in_dock(window)) == len(BOB)
    with Project.open(bobs_file) as bob:
        victim = bob.store.annotations()[0]
        bob.run(DeleteAnnotations([victim.id]))
    merge_by_menu(window, bobs_file, monkeypatch)
    assert len(rows_in_dock(window)) == len(BOB) - 1
    assert not window.session.store.has_annotation(victim.id)
    assert "1 deleted" in window.statusBar().currentMessage()
    window.menus.undo.trigger()  # the deletion came as one undo step
    assert len(rows_in_dock(window)) == len(BOB)


def test_a_file_with_a_forged_quote_is_refused_and_the_dock_is_unchanged(  # type: ignore[no-untyped-def]
    window, bobs_file: Path, summaries: list[str], monkeypatch: pytest.MonkeyPatch  # noqa: F811
) -> None:
    conn = sqlite3.connect(bobs_file)
    conn.execute("UPDATE annotations SET span_end = span_end + 100000")
    conn.commit()
    conn.close()
    merge_by_menu(window, bobs_file, monkeypatch)
    assert rows_in_dock(window) == []
    assert len(summaries) == 1 and str(bobs_file) in summaries[0] and "nothing was merged" in summaries[0]
    assert not window.menus.undo.isEnabled()
