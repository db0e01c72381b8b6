"""Small things a newcomer meets in the window: which span a note is for, where the picker's
actor lies, how Find shows its hits, the Documents dock's title column, paragraph spacing."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from tests.gui import user
from tests.gui.test_window_editing import _open

CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier

CLAIM = "Prime Minister Mikhail Mishustin signed a decree on Saturday"
ACTOR = "Prime Minister Mikhail Mishustin"


def _claim_with_actor_inside(window):  # type: ignore[no-untyped-def]
    pane, doc, text = _open(window, "004_")
    start = text.index(CLAIM)
    user.drag_text(window, pane, text, start, start + len(ACTOR))
    user.key(window, "2")
    user.drag_text(window, pane, text, start, start + len(CLAIM))
    user.key(window, "1")
    return pane, doc, text


def test_the_note_box_names_its_span(window, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from annot.gui.dialogs.note import NoteDialog

    _claim_with_actor_inside(window)
    labels: list[str] = []

    def ask(cls, parent, text, about=""):  # type: ignore[no-untyped-def]
        labels.append(cls(text, parent, about).label.text())  # the real dialog's words
        return "from the decree"

    monkeypatch.setattr(NoteDialog, "ask", classmethod(ask))
    user.key(window, "n")
    assert labels and "claim" in labels[0] and "Prime Minister Mikhail Mishustin signed" in labels[0]
    notes = [a.note for a in window.session.store.annotations() if a.quote == CLAIM]
    assert notes == ["from the decree"]


def test_the_picker_says_inside_the_claim(window, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from annot.gui.dialogs.picker import SpanPicker

    _claim_with_actor_inside(window)
    offered: list[list[str]] = []

    def ask(cls, parent, title, prompt, items):  # type: ignore[no-untyped-def]
        offered.append([label for label, _ in items])
        return items[0][1]

    monkeypatch.setattr(SpanPicker, "ask", classmethod(ask))
    user.key(window, "a")
    assert len(offered) == 1 and len(offered[0]) == 1
    assert offered[0][0].endswith("(inside the claim)"), offered
    assert ACTOR[:20] in offered[0][0]
    assert len(window.session.store.links_of(next(a.id for a in window.session.store.annotations() if a.quote == CLAIM))) == 1


def test_find_results_keep_the_texts_punctuation(window) -> None:  # type: ignore[no-untyped-def]
    _open(window, "002_")
    user.key(window, Qt.Key.Key_F, CTRL_SHIFT)
    assert QApplication.focusWidget() is window.find_panel.text
    for ch in "Mishustin":
        user.key(window, ch)
    user.key(window, Qt.Key.Key_Return)
    shown = [window.find_panel.model.index(r, 0).data() for r in range(window.find_panel.model.rowCount())]
    hit = next(s for s in shown if "according" in s)
    assert "Mikhail [Mishustin], according to" in hit
    assert " ," not in hit and "[ " not in hit and " ]" not in hit


def test_the_title_column_keeps_its_width_when_a_document_has_an_outlet(window, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from annot.gui.dialogs.properties import DocumentPropertiesDialog

    view = window.documents_panel.view
    QApplication.processEvents()
    assert view.isColumnHidden(1)  # no outlet yet
    assert view.header().sectionPosition(2) == view.columnWidth(0)  # and no empty gap for it
    monkeypatch.setattr(
        DocumentPropertiesDialog, "ask",
        classmethod(lambda cls, parent, info: {"outlet": "The Moscow Times — English edition"}),
    )  # fmt: skip
    _open(window, "002_")
    user.key(window, Qt.Key.Key_P, CTRL_SHIFT)  # Document properties of the current pane's document
    QApplication.processEvents()
    assert not view.isColumnHidden(1)
    assert any(d.outlet for d in window.session.store.documents())
    avg = view.fontMetrics().averageCharWidth()
    header = view.header()
    assert view.columnWidth(0) >= min(14 * avg, view.viewport().width() // 2)
    assert header.sectionPosition(2) == view.columnWidth(0) + view.columnWidth(1)  # no gap
    window.documents_dock.resize(window.documents_dock.width() - 60, window.documents_dock.height())
    window.resizeDocks([window.documents_dock], [260], Qt.Orientation.Horizontal)  # narrower
    QApplication.processEvents()
    assert view.columnWidth(0) >= min(14 * avg, view.viewport().width() // 2)



def test_paragraphs_have_space_between_them_and_offsets_hold(window) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtGui import QTextCursor

    pane, doc, text = _open(window, "000_")
    editor = pane.editor()
    first_end = text.index("\n")  # 000 has one paragraph per line, no blank lines

    def top(qpos: int) -> int:
        cursor = QTextCursor(editor.document())
        cursor.setPosition(qpos)
        return editor.cursorRect(cursor).top()

    line = editor.fontMetrics().lineSpacing()
    last_line_of_first = top(pane.offsets.to_qt(first_end - 1))
    first_line_of_second = top(pane.offsets.to_qt(first_end + 1))
    assert first_line_of_second - last_line_of_first >= line * 1.4  # a visible gap
    assert editor.toPlainText().count("\n") == text.count("\n")  # no character added
    # a drag in the second paragraph still tags exactly the words under the mouse
    word = "The denunciation followed approvals"
    start = text.index(word)
    user.drag_text(window, pane, text, start, start + len(word))
    user.key(window, "1")
    [claim] = window.session.store.annotations(document_id=doc)
    assert claim.quote == word == text[claim.start : claim.end]


def test_no_seed_is_shown_by_its_file_name(window) -> None:  # type: ignore[no-untyped-def]
    import re

    file_like = re.compile(r"^\d{3}_[0-9a-f]{16}")
    model = window.documents_model
    titles = [model.index(r, 0).data() for r in range(model.rowCount())]
    assert len(titles) == 5 and not any(file_like.match(t) for t in titles), titles
    for frame in window.panes.frames():
        assert not file_like.match(frame.chooser.currentText())
        assert not file_like.match(frame.pane._title.text())
    assert any(t.startswith("On September 29, 2025, Russia officially denounced") for t in titles)
