"""The window's one linking mode, through the main window: it starts on a claim selected in
one pane and finishes on a click or a key in the same pane (said by, dated) or in another
(same claim, partly, contradicts); Esc cancels; each link is one undo step. Texts carry
emoji and CRLF line ends, so Qt positions and code points differ."""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QApplication, QLabel

from annot.core.documents import SourceText, sha256_text
from annot.core.model import AnnotationId, LinkKind
from annot.core.project import Project
from tests.gui import user

LEFT = "👍 Moscow said on Monday\r\nthat it left the convention 😀.\r\nOn 29 September 2025 🇷🇺 too."
RIGHT = "Intro line 🙂.\r\nThe Kremlin 🇷🇺 confirmed it left the convention.\r\nEnd."
PARTS = {
    "claim": (0, "it left the convention 😀"),
    "actor": (0, "Moscow"),
    "date": (0, "29 September 2025"),
    "other": (1, "confirmed it left the convention"),
}
Ctrl = Qt.KeyboardModifier.ControlModifier


def _key(editor, k: Qt.Key, mods: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:  # type: ignore[no-untyped-def]
    """A key typed on the keyboard: sent to the main window, it reaches the widget that has
    the focus, which must be this pane's editor (where the person's last click put it)."""
    assert editor.hasFocus(), "the key would not reach this pane"
    user.key(editor.window(), k, mods)


@pytest.fixture
def linked_file(tmp_path: Path) -> tuple[Path, dict[str, AnnotationId]]:
    path = tmp_path / "linking.annot"
    ids: dict[str, AnnotationId] = {}
    with Project.create(path) as p:
        p.set_annotator("alice")
        for n, text in enumerate((LEFT, RIGHT)):
            p.import_sources([SourceText(text, f"Report {n}", "", f"r{n}.txt", sha256_text(text))])
        docs = [d.id for d in p.store.documents()]
        tags = {t.name: t.id for t in p.store.tags()}
        for name, (n, part) in PARTS.items():
            text = (LEFT, RIGHT)[n]
            start = text.index(part)
            tag = tags["claim" if name == "other" else name]
            ids[name] = p.add_annotation(docs[n], tag, start, start + len(part)).id
    return path, ids


def _active(qtbot, window):  # type: ignore[no-untyped-def]
    window.raise_()
    window.activateWindow()
    if not window.isActiveWindow():  # the offscreen platform activates lazily
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            QApplication.setActiveWindow(window)
    qtbot.waitUntil(window.isActiveWindow)
    return window


def _click(qtbot, frame, ann: AnnotationId) -> None:  # type: ignore[no-untyped-def]
    editor = frame.pane.editor()
    span = frame.pane.index.get(ann)
    cursor = QTextCursor(editor.document())
    cursor.setPosition(span.qstart + 1)
    rect = editor.cursorRect(cursor)
    qtbot.mouseClick(
        editor.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(rect.x() + 2, rect.center().y())
    )


def _links(window, ann: AnnotationId) -> list[tuple[LinkKind, AnnotationId, AnnotationId]]:  # type: ignore[no-untyped-def]
    return sorted((k.kind, k.source_id, k.target_id) for k in window.session.store.links_of(ann))


def _quotes_are_slices(window, *ids: AnnotationId) -> None:  # type: ignore[no-untyped-def]
    store = window.session.store
    for ann_id in ids:
        a = store.annotation(ann_id)
        assert a.quote == store.document_text(a.document_id)[a.start : a.end]


def _open(open_window, qtbot, path: Path):  # type: ignore[no-untyped-def]
    window = _active(qtbot, open_window(path))
    left, right = window.panes.frames()
    window.panes.set_current(left)
    left.pane.editor().setFocus()
    return window, left, right


def test_start_in_one_pane_finish_in_another_then_undo(open_window, linked_file, qtbot) -> None:  # type: ignore[no-untyped-def]
    path, ids = linked_file
    window, left, right = _open(open_window, qtbot, path)
    _click(qtbot, left, ids["claim"])
    _key(left.pane.editor(), Qt.Key.Key_L, Ctrl)
    assert window.linking.state() == (None, ids["claim"])
    assert "press S same claim" in window.statusBar().currentMessage()
    _click(qtbot, right, ids["other"])  # the partner, in pane B
    assert right.pane.selected_annotation() == ids["other"]
    assert "press S same claim" in window.statusBar().currentMessage()
    assert window.session.store.alignment_links() == []  # nothing until S, C or P
    _key(right.pane.editor(), Qt.Key.Key_P)
    assert not window.linking.active
    assert _links(window, ids["claim"]) == [(LinkKind.PARTLY, ids["claim"], ids["other"])]
    _quotes_are_slices(window, ids["claim"], ids["other"])
    assert window.session.store.annotation(ids["claim"]).quote == PARTS["claim"][1]
    assert window.session.store.annotation(ids["other"]).quote == PARTS["other"][1]
    # 'p' tagged nothing and changed no span
    assert len(window.session.store.annotations(document_id=right.document_id())) == 1
    [link] = window.session.store.alignment_links()
    _key(right.pane.editor(), Qt.Key.Key_Z, Ctrl)
    assert window.session.store.alignment_links() == []
    _key(right.pane.editor(), Qt.Key.Key_Z, Ctrl | Qt.KeyboardModifier.ShiftModifier)
    assert window.session.store.alignment_links() == [link]


def test_start_and_finish_in_the_same_pane_said_by_then_undo(
    open_window, linked_file, qtbot
) -> None:  # type: ignore[no-untyped-def]
    path, ids = linked_file
    window, left, _right = _open(open_window, qtbot, path)
    _click(qtbot, left, ids["claim"])
    _key(left.pane.editor(), Qt.Key.Key_L, Ctrl)  # the same mode, whatever the end
    assert window.linking.active
    _click(qtbot, left, ids["actor"])  # an actor of its own document: said by, at once
    assert not window.linking.active
    assert _links(window, ids["claim"]) == [(LinkKind.SAID_BY, ids["claim"], ids["actor"])]
    assert "said by" in window.statusBar().currentMessage()
    assert left.pane.selected_annotation() == ids["claim"]  # back on the claim
    _quotes_are_slices(window, ids["claim"], ids["actor"])
    assert window.session.store.annotation(ids["actor"]).quote == "Moscow"
    _key(left.pane.editor(), Qt.Key.Key_Z, Ctrl)
    assert _links(window, ids["claim"]) == []
    assert (
        window.session.store.annotation(ids["actor"]).quote == "Moscow"
    )  # undo took the link only


def test_d_then_tab_and_enter_dates_the_claim_by_keyboard(
    open_window, linked_file, qtbot, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    from annot.gui.dialogs.picker import IN_TEXT, SpanPicker

    path, ids = linked_file
    window, left, _right = _open(open_window, qtbot, path)
    editor = left.pane.editor()
    left.pane.select_annotation(ids["claim"], scroll=True, flash=False)
    monkeypatch.setattr(SpanPicker, "ask", classmethod(lambda cls, *args: IN_TEXT))
    _key(editor, Qt.Key.Key_D)
    assert window.linking.state() == (LinkKind.DATED, ids["claim"])
    assert "Click the date" in window.statusBar().currentMessage()
    _key(editor, Qt.Key.Key_Tab)  # from the claim to the date after it
    assert left.pane.selected_annotation() == ids["date"]
    assert "Enter" in window.statusBar().currentMessage()
    assert _links(window, ids["claim"]) == []  # selecting is not linking
    _key(editor, Qt.Key.Key_Return)
    assert _links(window, ids["claim"]) == [(LinkKind.DATED, ids["claim"], ids["date"])]
    assert not window.linking.active
    _quotes_are_slices(window, ids["claim"], ids["date"])
    _key(editor, Qt.Key.Key_Z, Ctrl)
    assert _links(window, ids["claim"]) == []


def test_a_finishes_on_the_same_document_in_another_pane(
    open_window, linked_file, qtbot, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    from annot.gui.dialogs.picker import IN_TEXT, SpanPicker

    path, ids = linked_file
    window, left, right = _open(open_window, qtbot, path)
    right.show_document(left.document_id())  # the same document, twice
    _click(qtbot, left, ids["claim"])
    monkeypatch.setattr(SpanPicker, "ask", classmethod(lambda cls, *args: IN_TEXT))
    _key(left.pane.editor(), Qt.Key.Key_A)
    assert window.linking.state() == (LinkKind.SAID_BY, ids["claim"])
    _click(qtbot, right, ids["date"])  # not an actor: selects it, still linking
    assert window.linking.active and right.pane.selected_annotation() == ids["date"]
    _click(qtbot, right, ids["actor"])
    assert _links(window, ids["claim"]) == [(LinkKind.SAID_BY, ids["claim"], ids["actor"])]


def test_escape_cancels_and_a_claim_of_the_same_document_is_no_partner(
    open_window, linked_file, qtbot
) -> None:  # type: ignore[no-untyped-def]
    path, ids = linked_file
    window, left, right = _open(open_window, qtbot, path)
    _click(qtbot, left, ids["claim"])
    _key(left.pane.editor(), Qt.Key.Key_L, Ctrl)
    assert "Linking" in left.pane.findChild(QLabel, "paneLinking").text()
    _key(left.pane.editor(), Qt.Key.Key_S)  # no partner chosen yet
    assert window.linking.active and window.session.store.alignment_links() == []
    assert "another pane first" in window.statusBar().currentMessage()
    _click(qtbot, right, ids["other"])
    _key(right.pane.editor(), Qt.Key.Key_Escape)
    assert not window.linking.active
    assert "cancelled" in window.statusBar().currentMessage()
    assert left.pane.findChild(QLabel, "paneLinking").isHidden()
    _key(right.pane.editor(), Qt.Key.Key_S)  # no longer linking: S does nothing
    assert window.session.store.alignment_links() == []
    assert _links(window, ids["claim"]) == []


def test_linking_stops_when_the_claims_pane_shows_another_document(
    open_window, linked_file, qtbot
) -> None:  # type: ignore[no-untyped-def]
    path, ids = linked_file
    window, left, right = _open(open_window, qtbot, path)
    _click(qtbot, left, ids["claim"])
    _key(left.pane.editor(), Qt.Key.Key_L, Ctrl)
    left.show_document(right.document_id())
    assert not window.linking.active
    _click(qtbot, right, ids["other"])
    _key(right.pane.editor(), Qt.Key.Key_S)
    assert window.session.store.alignment_links() == []


def test_undoing_the_claims_creation_ends_linking(open_window, linked_file, qtbot) -> None:  # type: ignore[no-untyped-def]
    path, ids = linked_file
    window, left, _right = _open(open_window, qtbot, path)
    pane, editor = left.pane, left.pane.editor()
    text = window.session.store.document_text(left.document_id())
    start = text.index("Monday")
    cursor = editor.textCursor()
    cursor.setPosition(pane.offsets.to_qt(start))
    cursor.setPosition(pane.offsets.to_qt(start + len("Monday")), QTextCursor.MoveMode.KeepAnchor)
    editor.setTextCursor(cursor)
    _key(editor, Qt.Key.Key_1)  # a new claim, selected
    new = pane.selected_annotation()
    assert new is not None and window.session.store.annotation(new).quote == "Monday"
    _key(editor, Qt.Key.Key_L, Ctrl)
    assert window.linking.state() == (None, new)
    _key(editor, Qt.Key.Key_Z, Ctrl)  # the claim goes away
    assert not window.linking.active
    assert "gone" in window.statusBar().currentMessage()
    _click(qtbot, left, ids["actor"])  # a plain click again: selects, links nothing
    assert pane.selected_annotation() == ids["actor"] and _links(window, ids["actor"]) == []
