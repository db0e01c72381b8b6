"""The docks of the main window on a real project: documents filter, annotations filter and
click-to-show, codebook editing with undo, Undo/Redo labels."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor

from annot.core.model import LinkKind
from annot.gui.models.annotations import ID_ROLE
from annot.gui.offsets import OffsetMap


def _tag(window, name):  # type: ignore[no-untyped-def]
    tag = window.session.store.tag_by_name(name)
    assert tag is not None
    return tag


def test_documents_filter(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    panel = window.documents_panel
    assert panel.proxy.rowCount() == 5
    qtbot.keyClicks(panel.filter, "2025-12")
    titles = [panel.proxy.index(r, 0).data() for r in range(panel.proxy.rowCount())]
    expected = [d.title or d.filename for d in window.session.store.documents() if d.published.startswith("2025-12")]
    assert titles == expected and len(expected) == 1
    panel.filter.clear()
    assert panel.proxy.rowCount() == 5


def test_documents_double_click_opens_in_current_pane(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    docs = window.session.store.documents()
    panel = window.documents_panel
    window.panes.set_current(window.panes.frames()[1])
    index = panel.proxy.index(4, 0)
    doc_id = panel.document_id_at(index)
    rect = panel.view.visualRect(index)
    qtbot.mouseClick(panel.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(panel.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.panes.frames()[1].document_id() == doc_id
    assert window.panes.frames()[0].document_id() == docs[0].id


def test_annotations_filter_and_click_shows_span(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    project = window.session.project
    store = project.store
    docs = store.documents()
    last = docs[4].id
    text = store.document_text(last)
    far = text.rindex("Russia")  # near the end: the pane must scroll to it
    claim = project.add_annotation(last, _tag(window, "claim").id, far, far + 30)
    actor = project.add_annotation(last, _tag(window, "actor").id, far, far + 6)
    other = project.add_annotation(docs[0].id, _tag(window, "claim").id, 0, 12)
    project.link(LinkKind.SAID_BY, claim.id, actor.id)
    window.annotations_model.flush()
    panel = window.annotations_panel
    assert panel.proxy.rowCount() == 3

    panel.set_filter(tag_id=int(_tag(window, "claim").id))
    assert panel.proxy.rowCount() == 2
    panel.set_filter(tag_id=int(_tag(window, "claim").id), document_id=int(last))
    assert [panel.proxy.index(r, 0).data(ID_ROLE) for r in range(panel.proxy.rowCount())] == [claim.id]
    row = panel.proxy.index(0, 3)
    assert row.data() == "Russia"  # the linked actor shows in its column
    panel.set_filter(text="nothing-like-this")
    assert panel.proxy.rowCount() == 0
    panel.set_filter(annotator_id=int(project.annotator_id))
    assert panel.proxy.rowCount() == 3
    panel.set_filter(text=other.quote.split()[0])
    assert other.id in {panel.proxy.index(r, 0).data(ID_ROLE) for r in range(panel.proxy.rowCount())}

    panel.set_filter(document_id=int(last), tag_id=int(_tag(window, "claim").id))
    index = panel.proxy.index(0, 2)
    qtbot.mouseClick(panel.view.viewport(), Qt.MouseButton.LeftButton, pos=panel.view.visualRect(index).center())
    frame = window.panes.current()
    assert frame.document_id() == last
    assert frame.pane.selected_annotation() == claim.id
    # scrolled: the span's start is inside the editor's viewport
    editor = frame.pane.editor()
    cursor = QTextCursor(editor.document())
    cursor.setPosition(OffsetMap(text).to_qt(far))
    rect = editor.cursorRect(cursor)
    assert rect.top() >= 0 and rect.bottom() <= editor.viewport().height()
    assert editor.verticalScrollBar().value() > 0


def test_annotations_sort_by_quote_in_reading_order(window) -> None:  # type: ignore[no-untyped-def]
    project = window.session.project
    docs = project.store.documents()
    claim = _tag(window, "claim").id
    for doc, start in ((docs[1].id, 50), (docs[0].id, 90), (docs[0].id, 10)):
        project.add_annotation(doc, claim, start, start + 5)
    window.annotations_model.flush()
    view = window.annotations_panel.view
    view.sortByColumn(2, Qt.SortOrder.AscendingOrder)
    proxy = window.annotations_panel.proxy
    keys = []
    for r in range(proxy.rowCount()):
        ann = project.store.annotation(proxy.index(r, 0).data(ID_ROLE))
        keys.append((ann.document_id, ann.start))
    assert keys == [(docs[0].id, 10), (docs[0].id, 90), (docs[1].id, 50)]
    view.sortByColumn(2, Qt.SortOrder.DescendingOrder)
    assert project.store.annotation(proxy.index(0, 0).data(ID_ROLE)).start == 50


def test_same_document_in_two_panes(window) -> None:  # type: ignore[no-untyped-def]
    doc = window.session.store.documents()[3].id
    left, right = window.panes.frames()
    window.panes.set_current(left)
    window.documents_panel.openRequested.emit(int(doc), False)
    window.panes.set_current(right)
    window.documents_panel.openRequested.emit(int(doc), False)
    assert window.panes.documents() == [doc, doc]
    window.documents_panel.openRequested.emit(int(window.session.store.documents()[0].id), True)
    assert len(window.panes.frames()) == 3 and window.panes.current() is window.panes.frames()[2]


def test_open_recent_switches_project(window, tmp_path, qtbot) -> None:  # type: ignore[no-untyped-def]
    from annot.core.project import Project

    other = tmp_path / "other.annot"
    Project.create(other).close()
    window.settings.recent_projects.append(str(other.resolve()))
    window.menus._fill_recent()
    entries = [a for a in window.menus.recent.actions() if a.text() == str(other.resolve())]
    assert entries
    entries[0].trigger()
    from annot.gui import app

    new = next(w for w in app._windows if w is not window and w.isVisible())
    qtbot.addWidget(new)
    assert not window.isVisible() and new.isVisible()
    assert new.documents_model.rowCount() == 0 and new.windowTitle() == "other — annot"
    new.close()


def test_text_filter_waits_for_a_pause_then_filters_in_a_worker(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    """Typing a word filters once, after the pause (not at every key), and the rows arrive
    from a worker thread while the window keeps running its event loop."""
    project = window.session.project
    docs = project.store.documents()
    text = project.store.document_text(docs[0].id)
    at = text.index("Russia")
    wanted = project.add_annotation(docs[0].id, _tag(window, "claim").id, at, at + 6)
    project.add_annotation(docs[0].id, _tag(window, "claim").id, 0, 2)
    model = window.annotations_model
    model.flush()
    assert model.rowCount() == 2
    requests = []
    builder = model._builder
    real = builder.request
    builder.request = lambda q: (requests.append(q), real(q))  # type: ignore[method-assign]
    window.annotations_panel.text.setFocus()
    qtbot.keyClicks(window.annotations_panel.text, "rUSSia")
    assert model.rowCount() == 2 and requests == []  # still typing
    qtbot.waitUntil(lambda: model.rowCount() == 1, timeout=5000)
    assert len(requests) == 1 and requests[0].words == ("rUSSia",)
    assert model.index(0, 0).data(ID_ROLE) == wanted.id
