"""The reading pane through its real widgets on a real project file."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QLabel

from annot.core.documents import AddDocuments, read_source
from annot.core.model import Annotation, DocumentId, LinkKind, Role, TagId
from annot.gui.session import Session
from annot.gui.widgets import pane_input as pane_module
from annot.gui.widgets.pane import ReadingPane

EMOJI_CRLF = (
    "Первая строка.\r\n"
    "The minister 😀 said: «we leave» on 29\u202fSeptember.\r\n"
    "Après la réunion, e\u0301lu 👨\u200d👩\u200d👧 family\r\n"
    "\u200fשלום\u200e end.\r\n"
)


@pytest.fixture
def session(project):  # type: ignore[no-untyped-def]
    s = Session(project)
    yield s


@pytest.fixture
def pane(qtbot, session):  # type: ignore[no-untyped-def]
    p = ReadingPane(session)
    qtbot.addWidget(p)
    p.resize(760, 560)
    p.show()
    qtbot.waitExposed(p)
    return p


@pytest.fixture
def errors(monkeypatch):  # type: ignore[no-untyped-def]
    seen: list[str] = []
    monkeypatch.setattr(pane_module, "show_error", lambda parent, exc: seen.append(exc.message))
    return seen


def tag_id(session: Session, role: Role) -> TagId:
    return next(t.id for t in session.store.tags() if t.role == role)


def first_doc(session: Session) -> DocumentId:
    return session.store.documents()[0].id


def import_text(session: Session, tmp_path: Path, text: str) -> DocumentId:
    """Import ``text`` from a file, as the user does (one undo step)."""
    path = tmp_path / "emoji_crlf.txt"
    path.write_bytes(text.encode("utf-8"))
    command = AddDocuments([read_source(path)])
    session.run(command)
    return command.result.added[0]


def point_of(pane: ReadingPane, qpos: int, *, inside: bool = True) -> QPoint:
    """A viewport point on the character at Qt position ``qpos`` (its left half)."""
    editor = pane.editor()
    cursor = QTextCursor(editor.document())
    cursor.setPosition(qpos)
    rect = editor.cursorRect(cursor)
    return QPoint(rect.x() + (2 if inside else 0), rect.center().y())


def drag_select(qtbot, pane: ReadingPane, qstart: int, qend: int) -> None:  # type: ignore[no-untyped-def]
    viewport = pane.editor().viewport()
    a, b = point_of(pane, qstart), point_of(pane, qend)
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=a)
    qtbot.mouseMove(viewport, pos=QPoint((a.x() + b.x()) // 2, b.y()))
    qtbot.mouseMove(viewport, pos=b)
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=b)


def claims(session: Session, doc: DocumentId) -> list[Annotation]:
    claim = tag_id(session, Role.CLAIM)
    return session.store.annotations(document_id=doc, tag_id=claim)


def keyboard_select(qtbot, pane: ReadingPane, qstart: int, count: int) -> None:  # type: ignore[no-untyped-def]
    editor = pane.editor()
    cursor = editor.textCursor()
    cursor.setPosition(qstart)
    editor.setTextCursor(cursor)
    for _ in range(count):
        qtbot.keyClick(editor, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)


# -- tagging -----------------------------------------------------------------------------------


def test_mouse_drag_then_1_stores_a_claim_quoting_the_source(qtbot, pane, session) -> None:  # type: ignore[no-untyped-def]
    doc = first_doc(session)
    pane.show_document(doc)
    text = session.store.document_text(doc)
    start = text.index("officially denounced")
    end = start + len("officially denounced")
    # drag from inside "officially" to inside "denounced": snapping widens to whole words
    drag_select(qtbot, pane, pane.offsets.to_qt(start + 2), pane.offsets.to_qt(end - 3))
    assert pane.editor().textCursor().hasSelection()
    qtbot.keyClick(pane.editor(), Qt.Key.Key_1)
    found = claims(session, doc)
    assert [(a.start, a.end) for a in found] == [(start, end)]
    assert found[0].quote == text[start:end] == "officially denounced"
    assert found[0].annotator_id == session.project.annotator_id
    assert pane.selected_annotation() == found[0].id


def test_keyboard_selection_then_1_then_undo_redo(qtbot, pane, session) -> None:  # type: ignore[no-untyped-def]
    doc = first_doc(session)
    pane.show_document(doc)
    text = session.store.document_text(doc)
    start = text.index("European Convention")
    keyboard_select(qtbot, pane, pane.offsets.to_qt(start), len("European Convention"))
    qtbot.keyClick(pane.editor(), Qt.Key.Key_1)
    found = claims(session, doc)
    assert [a.quote for a in found] == ["European Convention"]
    assert found[0].quote == text[found[0].start : found[0].end]
    session.undo()
    assert claims(session, doc) == []
    assert len(pane.index) == 0
    session.redo()
    assert [a.id for a in claims(session, doc)] == [found[0].id]
    assert found[0].id in pane.index


@pytest.mark.parametrize(
    ("needle", "snap"),
    [
        ("minister 😀 said", True),
        ("e\u0301lu 👨\u200d👩\u200d👧 family", True),
        ("end.\r\n", False),
        ("29\u202fSeptember", True),
    ],
)
def test_tagging_across_emoji_and_crlf_quotes_the_exact_slice(
    qtbot, pane, session, tmp_path, needle, snap
) -> None:  # type: ignore[no-untyped-def]
    doc = import_text(session, tmp_path, EMOJI_CRLF)
    pane.show_document(doc)
    pane.snap_to_words = snap
    text = session.store.document_text(doc)
    assert text == EMOJI_CRLF  # stored verbatim, CRLF included
    start = text.index(needle)
    end = start + len(needle)
    qs, qe = pane.offsets.span_to_qt(start, end)
    keyboard_select(qtbot, pane, qs, 0)
    cursor = pane.editor().textCursor()
    cursor.setPosition(qe, QTextCursor.MoveMode.KeepAnchor)
    pane.editor().setTextCursor(cursor)
    qtbot.keyClick(pane.editor(), Qt.Key.Key_1)
    found = claims(session, doc)
    assert len(found) == 1
    assert found[0].quote == text[found[0].start : found[0].end]
    assert found[0].quote == needle.rstrip("\r\n") if snap else found[0].quote == needle


def test_crlf_line_by_mouse_and_keyboard(qtbot, pane, session, tmp_path) -> None:  # type: ignore[no-untyped-def]
    doc = import_text(session, tmp_path, EMOJI_CRLF)
    pane.show_document(doc)
    text = session.store.document_text(doc)
    start = text.index("minister")
    end = text.index("family") + len("family")  # spans a CRLF and two emoji
    drag_select(qtbot, pane, pane.offsets.to_qt(start + 1), pane.offsets.to_qt(end - 2))
    qtbot.keyClick(pane.editor(), Qt.Key.Key_1)
    found = claims(session, doc)
    assert [(a.start, a.end) for a in found] == [(start, end)]
    assert found[0].quote == text[start:end] and "\r\n" in found[0].quote


# -- editing a selected annotation ---------------------------------------------------------


def _tagged(qtbot, pane, session, word: str, key=Qt.Key.Key_1):  # type: ignore[no-untyped-def]
    doc = pane.document_id()
    text = session.store.document_text(doc)
    start = text.index(word)
    keyboard_select(qtbot, pane, pane.offsets.to_qt(start), len(word))
    qtbot.keyClick(pane.editor(), key)
    ann = session.store.annotations(document_id=doc)
    return next(a for a in ann if a.start == start)


def test_change_tag_by_key_and_delete(qtbot, pane, session) -> None:  # type: ignore[no-untyped-def]
    pane.show_document(first_doc(session))
    a = _tagged(qtbot, pane, session, "State Duma")
    assert pane.selected_annotation() == a.id
    qtbot.keyClick(pane.editor(), Qt.Key.Key_2)
    assert session.store.annotation(a.id).tag_id == tag_id(session, Role.ACTOR)
    assert pane.index.get(a.id).tag_id == tag_id(session, Role.ACTOR)
    qtbot.keyClick(pane.editor(), Qt.Key.Key_Delete)
    assert not session.store.has_annotation(a.id)
    assert pane.selected_annotation() is None and a.id not in pane.index
    session.undo()
    assert session.store.has_annotation(a.id) and a.id in pane.index


def test_click_selects_and_cycles_overlapping_spans(qtbot, pane, session) -> None:  # type: ignore[no-untyped-def]
    pane.show_document(first_doc(session))
    outer = _tagged(qtbot, pane, session, "the State Duma on September 17")
    qtbot.keyClick(pane.editor(), Qt.Key.Key_Escape)
    inner = _tagged(qtbot, pane, session, "State Duma", Qt.Key.Key_2)
    qtbot.keyClick(pane.editor(), Qt.Key.Key_Escape)
    assert pane.selected_annotation() is None
    viewport = pane.editor().viewport()
    spot = point_of(pane, pane.offsets.to_qt(inner.start + 2))
    seen = []
    for _ in range(3):
        qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=spot)
        seen.append(pane.selected_annotation())
    assert seen == [inner.id, outer.id, inner.id]
    qtbot.keyClick(pane.editor(), Qt.Key.Key_Escape)
    assert pane.selected_annotation() is None


def test_boundaries_move_by_keys(qtbot, pane, session) -> None:  # type: ignore[no-untyped-def]
    pane.show_document(first_doc(session))
    a = _tagged(qtbot, pane, session, "State Duma")
    text = session.store.document_text(a.document_id)
    alt, shift = Qt.KeyboardModifier.AltModifier, Qt.KeyboardModifier.ShiftModifier
    qtbot.keyClick(pane.editor(), Qt.Key.Key_Left, alt)  # start one to the left
    qtbot.keyClick(pane.editor(), Qt.Key.Key_Right, alt | shift)  # end one to the right
    b = session.store.annotation(a.id)
    assert (b.start, b.end) == (a.start - 1, a.end + 1)
    assert b.quote == text[b.start : b.end]
    session.undo()
    assert (session.store.annotation(a.id).start, session.store.annotation(a.id).end) == (
        a.start - 1,
        a.end,
    )


def test_boundary_dragged_with_the_mouse(qtbot, pane, session) -> None:  # type: ignore[no-untyped-def]
    pane.show_document(first_doc(session))
    a = _tagged(qtbot, pane, session, "State Duma")
    text = session.store.document_text(a.document_id)
    viewport = pane.editor().viewport()
    new_end = text.index("Duma on") + len("Duma on")
    grab = point_of(pane, pane.offsets.to_qt(a.end), inside=False)
    drop = point_of(pane, pane.offsets.to_qt(new_end), inside=False)
    shift = Qt.KeyboardModifier.ShiftModifier  # a plain drag selects text instead
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, shift, pos=grab)
    qtbot.mouseMove(viewport, pos=drop)
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, shift, pos=drop)
    b = session.store.annotation(a.id)
    assert (b.start, b.end) == (a.start, new_end)
    assert b.quote == "State Duma on"


def test_note_by_n(qtbot, pane, session, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from annot.gui.dialogs.note import NoteDialog

    pane.show_document(first_doc(session))
    a = _tagged(qtbot, pane, session, "State Duma")
    monkeypatch.setattr(
        NoteDialog, "ask", classmethod(lambda cls, parent, text, about="": text + "lower house")
    )
    qtbot.keyClick(pane.editor(), Qt.Key.Key_N)
    assert session.store.annotation(a.id).note == "lower house"
    assert "lower house" in pane.tooltip_at(pane.offsets.to_qt(a.start))


def test_link_claim_to_actor_and_date_with_the_picker(qtbot, pane, session, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from annot.gui.dialogs.picker import SpanPicker

    pane.show_document(first_doc(session))
    far_actor = _tagged(qtbot, pane, session, "Federation Council", Qt.Key.Key_2)
    actor = _tagged(qtbot, pane, session, "Russia officially", Qt.Key.Key_2)
    date = _tagged(qtbot, pane, session, "September 29, 2025", Qt.Key.Key_3)
    claim = _tagged(qtbot, pane, session, "denounced the European Convention")
    offered: list[list] = []

    def pick(cls, parent, title, prompt, items):  # type: ignore[no-untyped-def]
        offered.append([i for _, i in items])
        return items[0][1]  # the nearest

    monkeypatch.setattr(SpanPicker, "ask", classmethod(pick))
    assert pane.selected_annotation() == claim.id
    qtbot.keyClick(pane.editor(), Qt.Key.Key_A)
    qtbot.keyClick(pane.editor(), Qt.Key.Key_D)
    assert offered[0] == [actor.id, far_actor.id]  # nearest first
    assert offered[1] == [date.id]
    kinds = {(link.kind, link.target_id) for link in session.store.links_of(claim.id)}
    assert kinds == {(LinkKind.SAID_BY, actor.id), (LinkKind.DATED, date.id)}
    tip = pane.tooltip_at(pane.offsets.to_qt(claim.start + 1))
    assert "said by" in tip and "Russia officially" in tip and "September 29, 2025" in tip
    session.undo()
    assert {link.kind for link in session.store.links_of(claim.id)} == {LinkKind.SAID_BY}


def test_a_link_can_be_removed_from_the_pane_and_undo_restores_it(qtbot, pane, session) -> None:  # type: ignore[no-untyped-def]
    pane.show_document(first_doc(session))
    actor = _tagged(qtbot, pane, session, "Russia officially", Qt.Key.Key_2)
    claim = _tagged(qtbot, pane, session, "denounced the European Convention")
    link = session.project.link(LinkKind.SAID_BY, claim.id, actor.id)
    offered = pane.link_removals(claim.id)
    assert offered == [("said by “Russia officially”", link)]
    assert pane.link_removals(actor.id) == [("said by “denounced the European Convention”", link)]
    pane.remove_link(link)
    assert session.store.links_of(claim.id) == []
    assert "Russia officially" not in pane.tooltip_at(pane.offsets.to_qt(claim.start + 1))
    session.undo()
    assert [x.id for x in session.store.links_of(claim.id)] == [link]


def test_a_on_an_actor_shows_an_error_not_a_traceback(qtbot, pane, session, errors) -> None:  # type: ignore[no-untyped-def]
    pane.show_document(first_doc(session))
    _tagged(qtbot, pane, session, "State Duma", Qt.Key.Key_2)
    qtbot.keyClick(pane.editor(), Qt.Key.Key_A)
    assert errors and "claim" in errors[0]


def test_core_errors_are_shown(qtbot, pane, session, errors) -> None:  # type: ignore[no-untyped-def]
    pane.show_document(first_doc(session))
    a = _tagged(qtbot, pane, session, "State Duma")
    with session.store.atomic():  # behind the pane's back (as another program would): no report
        session.store.conn.execute("DELETE FROM annotations WHERE id = ?", (a.id,))
    qtbot.keyClick(pane.editor(), Qt.Key.Key_2)
    assert errors and a.id in errors[0]


def test_annotator_filter_and_foreign_document_changes(qtbot, pane, session) -> None:  # type: ignore[no-untyped-def]
    doc = first_doc(session)
    pane.show_document(doc)
    a = _tagged(qtbot, pane, session, "State Duma")
    pane.set_annotator_filter(set())
    assert len(pane.index) == 0
    pane.set_annotator_filter(None)
    assert a.id in pane.index
    other = session.store.documents()[1].id
    session.project.add_annotation(other, tag_id(session, Role.CLAIM), 0, 5)
    assert len(pane.index) == 1


def test_snapping_can_be_turned_off(qtbot, pane, session) -> None:  # type: ignore[no-untyped-def]
    doc = first_doc(session)
    pane.show_document(doc)
    text = session.store.document_text(doc)
    start = text.index("officially") + 2
    pane.snap_to_words = False
    keyboard_select(qtbot, pane, pane.offsets.to_qt(start), 5)
    qtbot.keyClick(pane.editor(), Qt.Key.Key_1)
    assert [a.quote for a in claims(session, doc)] == [text[start : start + 5]] == ["ficia"]


def test_escape_clears_the_text_selection_and_keys_do_nothing_without_one(
    qtbot, pane, session
) -> None:  # type: ignore[no-untyped-def]
    doc = first_doc(session)
    pane.show_document(doc)
    keyboard_select(qtbot, pane, 10, 4)
    qtbot.keyClick(pane.editor(), Qt.Key.Key_Escape)
    assert not pane.editor().textCursor().hasSelection()
    qtbot.keyClick(pane.editor(), Qt.Key.Key_1)
    qtbot.keyClick(pane.editor(), Qt.Key.Key_Delete)
    assert session.store.annotations(document_id=doc) == []


def test_recolouring_a_tag_and_other_documents_leave_the_pane_consistent(
    qtbot, pane, session
) -> None:  # type: ignore[no-untyped-def]
    from annot.core.codebook import UpdateTag

    doc = first_doc(session)
    pane.show_document(doc)
    a = _tagged(qtbot, pane, session, "State Duma")
    tag = session.store.tag(a.tag_id)
    session.run(UpdateTag(replace(tag, colour="#123456")))
    assert pane.colour_of(a.tag_id) == "#123456"
    assert a.id in pane.index


def test_zoom_changes_the_text_size(qtbot, pane, session) -> None:  # type: ignore[no-untyped-def]
    pane.show_document(first_doc(session))
    before = pane.editor().font().pointSizeF()
    pane.zoom(2)
    assert pane.editor().font().pointSizeF() > before
    pane.zoom(-2)
    assert pane.editor().font().pointSizeF() == before


def test_header_shows_title_outlet_and_date(qtbot, pane, session) -> None:  # type: ignore[no-untyped-def]
    from annot.core.documents import UpdateDocument

    doc = first_doc(session)
    pane.show_document(doc)
    session.run(
        UpdateDocument(doc, title="Russia leaves the CPT", outlet="Meduza", published="2025-09-29")
    )
    texts = [label.text() for label in pane.findChildren(QLabel)]
    assert "Russia leaves the CPT" in texts
    assert any("Meduza" in t and "2025-09-29" in t for t in texts)


def test_hovering_a_span_shows_tag_annotator_and_note(qtbot, pane, session, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QEvent
    from PySide6.QtGui import QHelpEvent
    from PySide6.QtWidgets import QApplication, QToolTip

    from annot.core.annotations import EditNote

    pane.show_document(first_doc(session))
    a = _tagged(qtbot, pane, session, "State Duma")
    session.run(EditNote(a.id, note="lower house"))
    qtbot.keyClick(pane.editor(), Qt.Key.Key_Escape)
    shown: list[str] = []
    monkeypatch.setattr(QToolTip, "showText", lambda *args, **kw: shown.append(args[1]))
    viewport = pane.editor().viewport()
    spot = point_of(pane, pane.offsets.to_qt(a.start + 3))
    QApplication.sendEvent(
        viewport, QHelpEvent(QEvent.Type.ToolTip, spot, viewport.mapToGlobal(spot))
    )
    assert shown and "claim" in shown[0] and "alice" in shown[0] and "lower house" in shown[0]
    shown.clear()
    far = point_of(pane, pane.offsets.to_qt(a.end + 30))
    QApplication.sendEvent(
        viewport, QHelpEvent(QEvent.Type.ToolTip, far, viewport.mapToGlobal(far))
    )
    assert shown == []


def test_link_to_the_next_actor_picked_or_tagged_in_the_text(
    qtbot, pane, session, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    from annot.gui.dialogs.picker import IN_TEXT, SpanPicker

    pane.show_document(first_doc(session))
    claim = _tagged(qtbot, pane, session, "denounced the European Convention")
    # no actor yet: A waits for the user to tag one, and links it once tagged
    qtbot.keyClick(pane.editor(), Qt.Key.Key_A)
    assert pane.linking() == (LinkKind.SAID_BY, claim.id)
    actor = _tagged(qtbot, pane, session, "Russia officially", Qt.Key.Key_2)
    assert pane.linking() is None
    assert [(link.kind, link.target_id) for link in session.store.links_of(claim.id)] == [
        (LinkKind.SAID_BY, actor.id)
    ]
    # a date already tagged: "Pick in the text", then click it
    date = _tagged(qtbot, pane, session, "September 29, 2025", Qt.Key.Key_3)
    pane.select_annotation(claim.id, scroll=False, flash=False)
    monkeypatch.setattr(SpanPicker, "ask", classmethod(lambda cls, *args: IN_TEXT))
    qtbot.keyClick(pane.editor(), Qt.Key.Key_D)
    assert pane.linking() == (LinkKind.DATED, claim.id)
    qtbot.mouseClick(
        pane.editor().viewport(),
        Qt.MouseButton.LeftButton,
        pos=point_of(pane, pane.offsets.to_qt(date.start + 2)),
    )
    assert pane.linking() is None
    assert {link.kind for link in session.store.links_of(claim.id)} == {
        LinkKind.SAID_BY,
        LinkKind.DATED,
    }
    assert pane.selected_annotation() == claim.id
    # Escape leaves the mode without linking
    qtbot.keyClick(pane.editor(), Qt.Key.Key_D)
    qtbot.keyClick(pane.editor(), Qt.Key.Key_Escape)
    assert pane.linking() is None


def test_tab_walks_through_annotations_in_reading_order(qtbot, pane, session) -> None:  # type: ignore[no-untyped-def]
    doc = first_doc(session)
    pane.show_document(doc)
    text = session.store.document_text(doc)
    claim = tag_id(session, Role.CLAIM)
    words = ["Federation Council", "State Duma", "officially", "European Convention"]
    made = {
        w: session.project.add_annotation(doc, claim, text.index(w), text.index(w) + len(w))
        for w in words
    }
    pane.show_document(doc)  # added behind the pane's back: open again
    order = sorted(made.values(), key=lambda a: a.start)
    cursor = pane.editor().textCursor()
    cursor.setPosition(0)
    pane.editor().setTextCursor(cursor)
    seen = []
    for _ in order:
        qtbot.keyClick(pane.editor(), Qt.Key.Key_Tab)
        seen.append(pane.selected_annotation())
    assert seen == [a.id for a in order]
    qtbot.keyClick(pane.editor(), Qt.Key.Key_Tab)  # past the last: stays
    assert pane.selected_annotation() == order[-1].id
    qtbot.keyClick(pane.editor(), Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
    assert pane.selected_annotation() == order[-2].id
