"""The views read the small shared tables from the session and update what the report
names (issue 9): a recoloured tag repaints the pane without reloading its spans, a deleted
tag removes just the spans the report names, Find searches the session's documents list,
the aligner works on a context and a pane area of its own (no window), and the claim board
reads only while shown, like the other docks' models."""

from __future__ import annotations

import re
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication

from annot.gui.dialogs import tag as tag_dialogs
from tests.gui.test_pane_paint import close, dominant_colour, tint

LIST_DOCUMENTS = re.compile(r"\bFROM documents\b(?!.*\bWHERE\b)", re.S | re.I)


def _reloads(pane: Any, monkeypatch: Any) -> list[int]:
    """Count the pane's whole-document span reloads (as test_pane_undo_reports does)."""
    reloads: list[int] = []
    real = pane._reload_spans
    monkeypatch.setattr(pane, "_reload_spans", lambda: (reloads.append(1), real())[1])
    return reloads


def _tag_first_word(qtbot, window) -> tuple[Any, int, int]:  # type: ignore[no-untyped-def]
    """Select the first long word of the current pane's text and press the claim key."""
    frame = window.panes.current()
    pane = frame.pane
    text = window.session.store.document_text(frame.document_id())
    match = re.search(r"\w{6,}", text)
    assert match is not None
    qs, qe = pane.offsets.to_qt(match.start()), pane.offsets.to_qt(match.end())
    editor = pane.editor()
    cursor = editor.textCursor()
    cursor.setPosition(qs)
    cursor.setPosition(qe, cursor.MoveMode.KeepAnchor)
    editor.setTextCursor(cursor)
    editor.setFocus()
    qtbot.keyClick(editor, Qt.Key.Key_1)
    qtbot.keyClick(editor, Qt.Key.Key_Escape)  # no outline, no selection over the span
    return pane, qs, qe


def test_a_recoloured_tag_repaints_the_pane_without_reloading_it(window, qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    pane, qs, qe = _tag_first_word(qtbot, window)
    base = pane.editor().palette().color(QPalette.ColorRole.Base)
    claim = window.session.store.tag_by_name("claim")
    qtbot.waitUntil(lambda: close(dominant_colour(pane, qs, qe), tint([claim.colour], base)), timeout=2000)
    reloads = _reloads(pane, monkeypatch)
    # Codebook dock: select the claim row, Colour… (the colour dialog answers)
    panel = window.codebook_panel
    panel.select_tag_row(next(i for i, t in enumerate(window.codebook_model.tags()) if t.id == claim.id))
    monkeypatch.setattr(tag_dialogs, "pick_colour", lambda parent, current, title="": "#1f5fd0")
    panel.recolour_selected()
    new = tint(["#1f5fd0"], base)
    assert not close(new, tint([claim.colour], base))  # the test can tell the two apart
    qtbot.waitUntil(lambda: close(dominant_colour(pane, qs, qe), new), timeout=2000)
    assert reloads == []  # repainted, not reloaded
    window.menus.undo.trigger()
    qtbot.waitUntil(lambda: close(dominant_colour(pane, qs, qe), tint([claim.colour], base)), timeout=2000)
    assert reloads == []


def test_a_deleted_tag_removes_only_the_spans_the_report_names(window, qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from annot.gui.dialogs.simple import Confirm

    pane, _qs, _qe = _tag_first_word(qtbot, window)
    assert len(pane.index) == 1
    reloads = _reloads(pane, monkeypatch)
    claim = window.session.store.tag_by_name("claim")
    panel = window.codebook_panel
    panel.select_tag_row(next(i for i, t in enumerate(window.codebook_model.tags()) if t.id == claim.id))
    monkeypatch.setattr(Confirm, "ask", classmethod(lambda cls, *a, **k: True))
    panel.delete_selected()
    assert len(pane.index) == 0 and reloads == []
    window.menus.undo.trigger()
    assert len(pane.index) == 1 and reloads == []
    assert pane.colour_of(claim.id) == claim.colour


def test_find_searches_the_sessions_documents_list(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    window.session.documents()  # the session holds the list (read when the project opened)
    window.menus.find_all.trigger()
    panel = window.find_panel
    with window.session.store.traced() as statements:
        qtbot.keyClicks(panel.text, "Merkacheva")
        qtbot.keyClick(panel.text, Qt.Key.Key_Return)
    assert panel.model.hits(), "the seeds name Eva Merkacheva"
    assert window.panes.current().pane.editor().textCursor().selectedText() == "Merkacheva"
    lists = [s for s in statements if s.lstrip().upper().startswith("SELECT") and LIST_DOCUMENTS.search(s)]
    assert lists == []


def test_the_aligner_runs_on_a_context_and_a_pane_area_of_its_own(qtbot, project) -> None:  # type: ignore[no-untyped-def]
    """No window: the aligner takes an OpContext, the pane area and the linking mode."""
    from annot.core.claim_groups import Align
    from annot.core.model import LinkKind
    from annot.core.settings import Settings
    from annot.gui.align import Aligner, AlignmentMarkers
    from annot.gui.context import OpContext
    from annot.gui.linking import Linking
    from annot.gui.session import Session
    from annot.gui.widgets.panes import PaneArea

    session = Session(project)
    linking = Linking(session)
    panes = PaneArea(session, linking=linking)
    qtbot.addWidget(panes)
    aligner = Aligner(OpContext(session, Settings(), panes), panes, linking)
    docs = [d.id for d in session.documents()]
    left, right = panes.add_pane(docs[0]), panes.add_pane(docs[1])
    assert left is not None and right is not None
    panes.show()
    qtbot.waitExposed(panes)
    me = project.annotator_id
    claim = project.store.tag_by_name("claim").id
    a = project.add_annotation(docs[0], claim, 10, 30)
    b = project.add_annotation(docs[1], claim, 10, 30)
    session.run(Align(LinkKind.SAME_CLAIM, a.id, b.id))
    qtbot.wait(20)  # the deferred refresh
    markers = left.pane.findChild(AlignmentMarkers)
    assert markers is not None and markers.claims == {a.id: LinkKind.SAME_CLAIM}
    assert me is not None and set(aligner.alignments.partners(a.id)) == {b.id}
    panes.set_current(left)
    left.pane.select_annotation(a.id)  # the partner is followed in the other pane
    assert right.pane.selected_annotation() == b.id


def test_the_claim_board_reads_only_while_shown(window, qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The board's model is the docks' ShownOnly model: built when first shown, not read
    while hidden, read once when shown again after a change that concerns it."""
    from annot.core import board as core_board
    from annot.core.claim_groups import Align
    from annot.core.model import LinkKind
    from annot.gui.models.lazy import ShownOnly

    session = window.session
    window.claims.board_dock.raise_()  # the user picks the Claim board tab
    QApplication.processEvents()
    model = window.claims.board_model
    assert isinstance(model, ShownOnly) and model.active and model.rowCount() == 0
    builds: list[int] = []
    real = core_board.build_board
    monkeypatch.setattr(core_board, "build_board", lambda *a, **k: (builds.append(1), real(*a, **k))[1])
    window.annotations_dock.raise_()  # the board's tab goes behind
    QApplication.processEvents()
    assert not model.active
    docs = [d.id for d in session.documents()]
    claim = session.store.tag_by_name("claim").id
    a = session.project.add_annotation(docs[0], claim, 10, 30)
    b = session.project.add_annotation(docs[1], claim, 10, 30)
    session.run(Align(LinkKind.SAME_CLAIM, a.id, b.id))
    QApplication.processEvents()
    assert builds == [] and model.rowCount() == 0  # hidden: not read
    window.claims.board_dock.raise_()
    QApplication.processEvents()
    assert builds == [1] and model.rowCount() == 1  # shown again: read once
    from annot.core.annotations import EditNote

    session.run(EditNote(a.id, note="a note the board does not show"))
    qtbot.wait(20)
    assert builds == [1]  # not concerned (annot.core.board.concerned): not read again
