"""Aligning claims across panes through the main window (keyboard and mouse), undo/redo, the
markers between panes, following partners, and the Claim board dock."""

from __future__ import annotations

import csv
import warnings
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor, QTextCursor
from PySide6.QtWidgets import QApplication

from annot.core.claim_groups import Align
from annot.core.documents import SourceText, sha256_text
from annot.core.model import AnnotationId, LinkKind
from annot.core.project import Project
from annot.gui.align import MARKER_COLOURS, AlignmentMarkers
from annot.gui.dialogs.files import FileDialogs
from annot.gui.models.board import CLAIM_ROLE, RELATION_ROLE, BoardFilter, BoardModel

LEFT = "👍 Moscow said on Monday\r\nthat it left the convention 😀.\r\nMore text follows here."
RIGHT = "Intro line.\r\nThe Kremlin 🇷🇺 confirmed it left the convention.\r\nEnd."
LEFT_CLAIM = "it left the convention 😀"
RIGHT_CLAIM = "confirmed it left the convention"

Ctrl = Qt.KeyboardModifier.ControlModifier


@pytest.fixture
def aligned_file(tmp_path: Path) -> tuple[Path, AnnotationId, AnnotationId]:
    path = tmp_path / "align.annot"
    with Project.create(path) as p:
        p.set_annotator("alice")
        for n, text in enumerate((LEFT, RIGHT)):
            p.import_sources([SourceText(text, f"Report {n}", "", f"r{n}.txt", sha256_text(text))])
        docs = [d.id for d in p.store.documents()]
        claim = p.store.tag_by_name("claim")
        assert claim is not None
        ids = []
        for doc, text, part in ((docs[0], LEFT, LEFT_CLAIM), (docs[1], RIGHT, RIGHT_CLAIM)):
            start = text.index(part)
            ids.append(p.add_annotation(doc, claim.id, start, start + len(part)).id)
    return path, ids[0], ids[1]


def _active(qtbot, window):  # type: ignore[no-untyped-def]
    """Make the window the active one, so that its shortcuts reach it as a person's keys."""
    window.raise_()
    window.activateWindow()
    if not window.isActiveWindow():  # the offscreen platform activates lazily
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            QApplication.setActiveWindow(window)
    qtbot.waitUntil(window.isActiveWindow)
    return window


def _point(frame, qpos: int) -> QPoint:  # type: ignore[no-untyped-def]
    editor = frame.pane.editor()
    cursor = QTextCursor(editor.document())
    cursor.setPosition(qpos)
    rect = editor.cursorRect(cursor)
    return QPoint(rect.x() + 3, rect.center().y())


def _click_claim(qtbot, frame, claim: AnnotationId) -> None:  # type: ignore[no-untyped-def]
    span = frame.pane.index.get(claim)
    qtbot.mouseClick(
        frame.pane.editor().viewport(),
        Qt.MouseButton.LeftButton,
        pos=_point(frame, span.qstart + 2),
    )


def _check_link(window, kind: LinkKind, a: AnnotationId, b: AnnotationId) -> None:  # type: ignore[no-untyped-def]
    store = window.session.store
    [link] = store.alignment_links()
    assert (link.kind, {link.source_id, link.target_id}) == (kind, {a, b})
    for end in (a, b):
        ann = store.annotation(end)
        assert ann.quote == store.document_text(ann.document_id)[ann.start : ann.end]
    assert store.annotation(a).quote == LEFT_CLAIM and store.annotation(b).quote == RIGHT_CLAIM


def test_align_by_keyboard_then_undo_and_redo(open_window, aligned_file, qtbot) -> None:  # type: ignore[no-untyped-def]
    path, left_claim, right_claim = aligned_file
    window = _active(qtbot, open_window(path))
    left, right = window.panes.frames()
    window.panes.set_current(left)
    editor = left.pane.editor()
    editor.setFocus()
    qtbot.keyClick(editor, Qt.Key.Key_Tab)  # select the claim
    assert left.pane.selected_annotation() == left_claim
    qtbot.keyClick(editor, Qt.Key.Key_L, Ctrl)
    assert window.claims.aligner.active
    assert "press S same claim" in window.statusBar().currentMessage()
    qtbot.keyClick(editor, Qt.Key.Key_F6)  # to the other pane
    assert window.panes.current() is right
    qtbot.keyClick(right.pane.editor(), Qt.Key.Key_Tab)
    assert right.pane.selected_annotation() == right_claim
    assert window.session.store.alignment_links() == []  # nothing until S, C or P
    qtbot.keyClick(right.pane.editor(), Qt.Key.Key_S)
    _check_link(window, LinkKind.SAME_CLAIM, left_claim, right_claim)
    [link] = window.session.store.alignment_links()
    assert not window.claims.aligner.active
    assert (
        window.session.store.annotations(document_id=right.document_id())[0].id == right_claim
    )  # 's' tagged nothing
    qtbot.keyClick(right.pane.editor(), Qt.Key.Key_Z, Ctrl)
    assert window.session.store.alignment_links() == []
    qtbot.keyClick(right.pane.editor(), Qt.Key.Key_Z, Ctrl | Qt.KeyboardModifier.ShiftModifier)
    assert window.session.store.alignment_links() == [link]  # same UUID, same timestamp


def test_align_by_mouse_and_escape_cancels(open_window, aligned_file, qtbot) -> None:  # type: ignore[no-untyped-def]
    path, left_claim, right_claim = aligned_file
    window = _active(qtbot, open_window(path))
    left, right = window.panes.frames()
    window.panes.set_current(left)
    _click_claim(qtbot, left, left_claim)
    assert left.pane.selected_annotation() == left_claim
    qtbot.keyClick(left.pane.editor(), Qt.Key.Key_L, Ctrl)
    _click_claim(qtbot, right, right_claim)
    qtbot.keyClick(right.pane.editor(), Qt.Key.Key_Escape)
    assert not window.claims.aligner.active and window.session.store.alignment_links() == []
    assert "cancelled" in window.statusBar().currentMessage()
    window.panes.set_current(left)
    _click_claim(qtbot, left, left_claim)
    qtbot.keyClick(left.pane.editor(), Qt.Key.Key_L, Ctrl)
    _click_claim(qtbot, right, right_claim)
    qtbot.keyClick(right.pane.editor(), Qt.Key.Key_C)
    _check_link(window, LinkKind.CONTRADICTS, left_claim, right_claim)


def test_ctrl_l_without_a_claim_says_what_to_do(open_window, aligned_file, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = _active(qtbot, open_window(aligned_file[0]))
    left = window.panes.frames()[0]
    qtbot.keyClick(left.pane.editor(), Qt.Key.Key_L, Ctrl)
    assert not window.claims.aligner.active
    assert "Select a claim first" in window.statusBar().currentMessage()


@pytest.mark.parametrize("kind", [LinkKind.SAME_CLAIM, LinkKind.PARTLY, LinkKind.CONTRADICTS])
def test_markers_have_the_relation_colour_and_selection_follows_partners(
    open_window, aligned_file, qtbot, kind: LinkKind
) -> None:  # type: ignore[no-untyped-def]
    path, left_claim, right_claim = aligned_file
    window = _active(qtbot, open_window(path))
    left, right = window.panes.frames()
    window.session.run(Align(kind, left_claim, right_claim))
    for frame, claim in ((left, left_claim), (right, right_claim)):
        markers = frame.pane.findChild(AlignmentMarkers)
        qtbot.waitUntil(lambda m=markers: len(m.marker_rects()) == 1)  # refreshed after the panes
        [(rect, shown)] = markers.marker_rects()
        span = frame.pane.index.get(claim)
        assert shown == kind and rect.top() == min(
            r.top() for r in frame.pane.editor().span_rects(span.qstart, span.qend)
        )
        image = frame.pane.editor().viewport().grab().toImage()
        pixel = image.pixelColor(int(rect.center().x()), int(rect.center().y()))
        assert pixel.name() == QColor(MARKER_COLOURS[kind]).name()
        outside = image.pixelColor(int(rect.center().x()), int(rect.bottom()) + 30)
        assert outside.name() != QColor(MARKER_COLOURS[kind]).name()
    # a band joins the two claims across the gap between the panes, in the relation's colour
    [(band, band_kind)] = window.claims.aligner.connectors.bands()
    assert band_kind == kind
    area = window.panes.grab().toImage()
    centre = band.boundingRect().center()
    assert area.pixelColor(int(centre.x()), int(centre.y())).name() == QColor(MARKER_COLOURS[kind]).name()
    left_editor = left.pane.editor()
    assert band.boundingRect().left() >= left_editor.mapTo(window.panes, left_editor.rect().topRight()).x()
    window.panes.set_current(left)
    right.pane.select_annotation(None, scroll=False, flash=False)
    _click_claim(qtbot, left, left_claim)
    assert right.pane.selected_annotation() == right_claim  # the partner, scrolled to and selected
    window.session.undo()
    qtbot.waitUntil(lambda: left.pane.findChild(AlignmentMarkers).marker_rects() == [])
    # a pane opened on an aligned document afterwards shows its marker too
    window.session.redo()
    window.panes.close_pane(right)
    new = window.panes.add_pane(right.document_id())
    qtbot.waitUntil(lambda: len(new.pane.findChild(AlignmentMarkers).marker_rects()) == 1)


def test_board_dock_model_and_click_opens_the_claim(
    open_window, aligned_file, qtbot, qtmodeltester, tmp_path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    path, left_claim, right_claim = aligned_file
    window = _active(qtbot, open_window(path))
    left, right = window.panes.frames()
    window.session.run(Align(LinkKind.SAME_CLAIM, left_claim, right_claim))
    window.claims.board_dock.show()
    window.claims.board_dock.raise_()
    model: BoardModel = window.claims.board_model
    qtbot.waitUntil(lambda: model.rowCount() == 1)
    qtmodeltester.check(model)
    proxy: BoardFilter = window.claims.board_panel.proxy
    qtmodeltester.check(proxy)
    assert model.headerData(2, Qt.Orientation.Horizontal) == "Report 0"
    assert [model.index(0, c).data(RELATION_ROLE) for c in (2, 3)] == ["same", "same"]
    assert LEFT_CLAIM in model.index(0, 2).data()
    window.claims.board_panel.filter.setText("kremlin")
    assert proxy.rowCount() == 0  # actors and quotes only: "Kremlin" is not in either claim
    window.claims.board_panel.filter.setText("CONFIRMED")
    assert proxy.rowCount() == 1
    window.claims.board_panel.unaligned.setChecked(True)
    assert model.rowCount() == 1  # both claims are aligned
    # a click on the right-hand cell opens that claim in its pane
    window.panes.set_current(left)
    right.pane.select_annotation(None, scroll=False, flash=False)
    view = window.claims.board_panel.view
    index = proxy.index(0, 3)
    assert index.data(CLAIM_ROLE) == right_claim
    qtbot.mouseClick(
        view.viewport(), Qt.MouseButton.LeftButton, pos=view.visualRect(index).center()
    )
    assert window.panes.current() is right and right.pane.selected_annotation() == right_claim
    # export through the Claims menu
    out = tmp_path / "board.csv"
    monkeypatch.setattr(
        FileDialogs, "export_csv", classmethod(lambda cls, p, title, suggested: out)
    )
    [action] = [a for a in window.claims.menu.actions() if "(&long)" in a.text()]
    action.trigger()
    with out.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert [r["quote"] for r in rows] == [LEFT_CLAIM, RIGHT_CLAIM]


def test_label_group_from_the_menu_and_shortcuts_listed(
    open_window, aligned_file, qtbot, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    from annot.core.claim_groups import claim_groups
    from annot.gui.claims import GroupLabelDialog
    from annot.gui.dialogs.shortcuts import ShortcutsDialog

    path, left_claim, right_claim = aligned_file
    window = _active(qtbot, open_window(path))
    left, _right = window.panes.frames()
    window.session.run(Align(LinkKind.SAME_CLAIM, left_claim, right_claim))
    window.panes.set_current(left)
    _click_claim(qtbot, left, left_claim)
    asked: list[tuple[str, str]] = []

    def ask(cls, parent, label, note):  # type: ignore[no-untyped-def]
        asked.append((label, note))
        return "Russia left", "two sources"

    monkeypatch.setattr(GroupLabelDialog, "ask", classmethod(ask))
    qtbot.keyClick(left.pane.editor(), Qt.Key.Key_L, Ctrl | Qt.KeyboardModifier.ShiftModifier)
    assert asked == [("", "")]
    group = claim_groups(window.session.store).of(right_claim)
    assert (group.label, group.note) == ("Russia left", "two sources")
    window.claims.board_dock.show()
    window.claims.board_dock.raise_()
    qtbot.waitUntil(lambda: window.claims.board_model.rowCount() == 1)
    assert window.claims.board_model.index(0, 0).data() == "Russia left"
    window.session.undo()
    qtbot.waitUntil(lambda: window.claims.board_model.index(0, 0).data() != "Russia left")
    shown = []
    monkeypatch.setattr(
        ShortcutsDialog, "ask", classmethod(lambda cls, p, sections: shown.append(sections))
    )
    window.menus.shortcuts.trigger()
    rows = dict(shown[0])
    assert any(k == "Ctrl+L" for k, _ in rows["Window"])
    assert ("S / C / P", "Same claim / contradicts / partly the same") in rows[
        "Aligning claims across panes (Claims ▸ Align)"
    ]


def test_a_hidden_board_is_rebuilt_only_when_shown(open_window, aligned_file, qtbot) -> None:  # type: ignore[no-untyped-def]
    path, left_claim, right_claim = aligned_file
    window = _active(qtbot, open_window(path))
    dock, model = window.claims.board_dock, window.claims.board_model
    dock.show()
    dock.raise_()
    qtbot.waitUntil(lambda: model.active)
    assert model.rowCount() == 0
    window.annotations_dock.raise_()  # the board's tab goes behind: hidden
    qtbot.waitUntil(lambda: not model.active)
    window.session.run(Align(LinkKind.SAME_CLAIM, left_claim, right_claim))
    qtbot.wait(50)
    assert model.rowCount() == 0  # stale, not rebuilt while hidden
    dock.raise_()
    qtbot.waitUntil(lambda: model.rowCount() == 1)


def test_pick_the_partner_from_the_suggestions_then_align(open_window, aligned_file, qtbot, qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    from annot.gui.models.suggestions import CLAIM_ROLE as SUGGESTED

    path, left_claim, right_claim = aligned_file
    window = _active(qtbot, open_window(path))
    left, right = window.panes.frames()
    window.claims.suggestions_dock.show()
    window.claims.suggestions_dock.raise_()
    window.panes.set_current(left)
    _click_claim(qtbot, left, left_claim)
    right.pane.select_annotation(None, scroll=False, flash=False)
    qtbot.keyClick(left.pane.editor(), Qt.Key.Key_L, Ctrl)
    model = window.claims.suggestions_model
    qtbot.waitUntil(lambda: model.rowCount() == 1, timeout=180_000)  # the first time loads the models
    qtmodeltester.check(model)
    assert model.index(0, 0).data(SUGGESTED) == right_claim
    assert window.session.store.alignment_links() == []  # a suggestion links nothing by itself
    view = window.claims.suggestions_panel.view
    view.setFocus()
    view.setCurrentIndex(model.index(0, 0))
    qtbot.keyClick(view, Qt.Key.Key_Return)
    assert window.panes.current() is right and right.pane.selected_annotation() == right_claim
    qtbot.keyClick(view, Qt.Key.Key_P)
    _check_link(window, LinkKind.PARTLY, left_claim, right_claim)
