"""Pre-annotation in the window: the Pre-annotation dock lists suggested spans for the current
pane's document; nothing is annotated until Enter accepts one (one undo step); Delete rejects."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from annot.core.model import Role
from annot.gui.widgets.preannotate_dock import PreannotateModel
from tests.gui import user
from tests.gui.test_window_editing import _open


def test_suggest_accept_reject_and_undo(window, qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    _pane, doc, text = _open(window, "004_")
    store = window.session.store
    before = store.annotation_count()
    window.preannotate_dock.show()
    panel = window.preannotate_panel
    panel.suggest()
    rows = panel.model.rows()
    assert any(s.text == "Saturday" and s.value == "2025-08-23" for s in rows)
    assert store.annotation_count() == before  # suggestions are not annotations
    qtmodeltester.check(panel.model)
    first = rows[0]
    QApplication.processEvents()
    assert QApplication.focusWidget() is panel.view
    user.key(window, Qt.Key.Key_Return)  # accept the first
    added = [a for a in store.annotations(document_id=doc) if (a.start, a.end) == (first.start, first.end)]
    assert len(added) == 1 and added[0].quote == text[first.start : first.end]
    assert store.tag(added[0].tag_id).role == first.role
    second = panel.model.rows()[0]
    QApplication.processEvents()
    assert QApplication.focusWidget() is panel.view  # the keys still go to the list
    user.key(window, Qt.Key.Key_Delete)  # reject the next: nothing is added, it leaves the list
    assert all((a.start, a.end) != (second.start, second.end) for a in store.annotations(document_id=doc))
    assert len(store.annotations(document_id=doc)) == 1  # the accepted one is still there
    assert second not in panel.model.rows()
    panel.suggest()  # a rejected one stays away, an accepted one is annotated now
    assert second not in panel.model.rows() and first not in panel.model.rows()
    user.key(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert store.annotation_count() == before


def test_suggestions_model_empty(qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    model = PreannotateModel()
    qtmodeltester.check(model)
    assert model.rowCount() == 0 and Role.DATE.value == "date"


def _background(pane, qstart: int, qend: int) -> tuple[int, int, int]:  # type: ignore[no-untyped-def]
    from tests.gui.test_pane_paint import dominant_colour

    return dominant_colour(pane, qstart, qend)


def test_suggestions_are_pale_in_the_pane_and_keys_there_accept_or_reject(window) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtGui import QColor, QPalette
    from PySide6.QtWidgets import QToolButton

    from annot.gui.widgets.highlighter import PALE
    from tests.gui.test_pane_paint import close

    pane, doc, text = _open(window, "004_")
    store = window.session.store
    before = store.annotation_count()
    window.preannotate_dock.show()
    panel = window.preannotate_panel
    button = panel.findChild(QToolButton)
    user.click(window, button, button.rect().center())  # "Suggest"
    rows = panel.model.rows()
    assert len(rows) >= 2
    editor = pane.editor()
    base = editor.palette().color(QPalette.ColorRole.Base)
    colours = {t.role: t.colour for t in reversed(store.tags()) if t.role}

    def pale(role: Role) -> tuple[int, int, int]:
        c = QColor(colours[role])
        return tuple(round(getattr(base, ch)() + (getattr(c, ch)() - getattr(base, ch)()) * PALE)  # type: ignore[return-value]
                     for ch in ("red", "green", "blue"))  # fmt: skip

    def show(s) -> tuple[int, int]:  # type: ignore[no-untyped-def]
        q = pane.offsets.to_qt(s.start), pane.offsets.to_qt(s.end)
        cursor = editor.textCursor()
        cursor.setPosition(q[0])
        editor.setTextCursor(cursor)
        editor.ensureCursorVisible()
        QApplication.processEvents()
        return q

    first = rows[0]
    q1 = show(first)
    assert close(_background(pane, *q1), pale(first.role))  # drawn pale, not an annotation
    assert store.annotation_count() == before
    # with the caret in it (a click in the pane, no annotation selected), Delete rejects it
    user.click(window, editor.viewport(), user.char_point(editor, q1[0] + 1))
    assert pane.selected_annotation() is None
    user.key(window, Qt.Key.Key_Delete)
    assert first not in panel.model.rows() and store.annotation_count() == before
    base_rgb = (base.red(), base.green(), base.blue())
    assert close(_background(pane, *show(first)), base_rgb)  # no longer drawn
    second = panel.model.rows()[0]
    q2 = show(second)
    assert close(_background(pane, *q2), pale(second.role))
    user.click(window, editor.viewport(), user.char_point(editor, q2[0] + 1))
    user.key(window, Qt.Key.Key_Return)  # Enter accepts it: an annotation now (one undo step)
    (added,) = [a for a in store.annotations(document_id=doc) if (a.start, a.end) == (second.start, second.end)]
    assert added.quote == text[second.start : second.end] and store.tag(added.tag_id).role == second.role
    assert second not in panel.model.rows()
    assert not close(_background(pane, *show(second)), pale(second.role))  # a real span's tint now
    user.key(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert store.annotation_count() == before
