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
