"""Editing spans through the main window as a newcomer does it: drags and keys delivered to
the window (see tests/gui/user.py), never to an inner widget."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from annot.core.model import Role
from tests.gui import user

SHIFT = Qt.KeyboardModifier.ShiftModifier
ALT = Qt.KeyboardModifier.AltModifier


def _tags(window):  # type: ignore[no-untyped-def]
    return {t.role: t.id for t in window.session.store.tags()}


def _open(window, name_part: str):  # type: ignore[no-untyped-def]
    """The first pane showing the seed whose file name contains ``name_part``, focused."""
    store = window.session.store
    doc = next(d for d in store.documents() if name_part in d.filename)
    frame = window.panes.frames()[0]
    window.panes.open_document(doc.id)
    frame.pane.editor().setFocus()
    QApplication.processEvents()
    return frame.pane, doc.id, store.document_text(doc.id)


def test_a_drag_starting_on_a_just_tagged_claim_selects_text_and_the_key_tags_it(window) -> None:  # type: ignore[no-untyped-def]
    pane, doc, text = _open(window, "004_")
    store = window.session.store
    claim_text = "Prime Minister Mikhail Mishustin signed a decree on Saturday"
    start = text.index(claim_text)
    user.drag_text(window, pane, text, start, start + len(claim_text))
    user.key(window, "1")
    [claim] = store.annotations(document_id=doc)
    assert claim.quote == claim_text
    assert pane.selected_annotation() == claim.id  # just tagged, selected, ends grabbable
    # the actor's name starts on the claim's first character: this drag selects it
    actor_end = start + len("Prime Minister Mikhail Mishustin")
    user.drag_text(window, pane, text, start, actor_end - 3)  # snapped to the whole word
    assert pane.editor().textCursor().hasSelection()
    user.key(window, "2")
    found = {a.tag_id: a for a in store.annotations(document_id=doc)}
    tags = _tags(window)
    assert found[tags[Role.CLAIM]].quote == claim_text  # the claim is untouched
    assert (found[tags[Role.CLAIM]].start, found[tags[Role.CLAIM]].end) == (claim.start, claim.end)
    assert found[tags[Role.ACTOR]].quote == "Prime Minister Mikhail Mishustin"


def test_shift_drag_on_an_end_resizes_snapped_to_words(window) -> None:  # type: ignore[no-untyped-def]
    pane, doc, text = _open(window, "004_")
    store = window.session.store
    claim_text = "Prime Minister Mikhail Mishustin signed a decree"
    start = text.index(claim_text)
    user.drag_text(window, pane, text, start, start + len(claim_text))
    user.key(window, "1")
    [claim] = store.annotations(document_id=doc)
    # grab the start (exactly on its edge) with Shift and drop it inside "Mikhail"
    editor = pane.editor()
    grab = user.char_point(editor, pane.offsets.to_qt(claim.start), inside=False)
    mik = text.index("Mikhail", start) + 3  # Mik|hail
    drop = user.char_point(editor, pane.offsets.to_qt(mik), inside=False)
    user.drag(window, editor.viewport(), grab, drop, SHIFT)
    moved = store.annotation(claim.id)
    assert moved.quote == "Mikhail Mishustin signed a decree"
    # and the end, dropped inside "Saturday", takes the whole word
    end_grab = user.char_point(editor, pane.offsets.to_qt(moved.end), inside=False)
    sat = text.index("Saturday", start) + 4
    user.drag(window, editor.viewport(), end_grab, user.char_point(editor, pane.offsets.to_qt(sat), inside=False), SHIFT)
    assert store.annotation(claim.id).quote == "Mikhail Mishustin signed a decree on Saturday"
    assert not editor.textCursor().hasSelection()


@pytest.fixture
def bobs_claim(window):  # type: ignore[no-untyped-def]
    """A claim by bob in the first document, shown and selected in the first pane."""
    project = window.session.project
    pane, doc, text = _open(window, "000_")
    start = text.index("Russia officially denounced")
    alice = project.annotator_id
    store = window.session.store
    bob = project.set_annotator("bob")
    claim = project.add_annotation(doc, _tags(window)[Role.CLAIM], start, start + len("Russia officially denounced"))
    project.set_annotator(store.annotator(alice).name)
    pane.show_document(doc)
    pane.editor().setFocus()
    pane.select_annotation(claim.id, scroll=True, flash=False)
    assert claim.annotator_id == bob
    return pane, claim


def test_moving_or_retagging_a_colleagues_span_asks_first(window, bobs_claim, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from annot.gui.dialogs.others import OthersSpanDialog

    _pane, claim = bobs_claim
    store = window.session.store
    asked: list[tuple[str, str]] = []
    answer = [False]

    def ask(cls, parent, owner: str, what: str) -> bool:  # type: ignore[no-untyped-def]
        asked.append((owner, what))
        return answer[0]

    monkeypatch.setattr(OthersSpanDialog, "ask", classmethod(ask))
    user.key(window, Qt.Key.Key_Right, ALT)  # move its start: asked, declined
    user.key(window, "2")  # retag it as an actor: asked, declined
    assert [owner for owner, _ in asked] == ["bob", "bob"]
    assert store.annotation(claim.id) == claim  # nothing changed
    answer[0] = True
    user.key(window, Qt.Key.Key_Right, ALT)
    assert store.annotation(claim.id).start == claim.start + 1
    user.key(window, Qt.Key.Key_Right, ALT)  # the same span again: agreed already
    assert len(asked) == 3
    assert store.annotation(claim.id).start == claim.start + 2
    assert "bob" in asked[-1][0] and asked[-1][1]


def test_ones_own_span_is_changed_without_a_question(window, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from annot.gui.dialogs.others import OthersSpanDialog

    monkeypatch.setattr(OthersSpanDialog, "ask", classmethod(lambda cls, *a: pytest.fail("asked")))
    pane, doc, text = _open(window, "000_")
    start = text.index("Russia officially denounced")
    user.drag_text(window, pane, text, start, start + len("Russia officially denounced"))
    user.key(window, "1")
    [claim] = window.session.store.annotations(document_id=doc)
    user.key(window, Qt.Key.Key_Right, ALT | SHIFT)
    assert window.session.store.annotation(claim.id).end == claim.end + 1


def test_tab_and_shift_tab_step_through_annotations_in_the_window(window) -> None:  # type: ignore[no-untyped-def]
    pane, doc, text = _open(window, "000_")
    project = window.session.project
    claim = _tags(window)[Role.CLAIM]
    words = ["Federation Council", "State Duma", "officially", "European Convention"]
    made = {w: project.add_annotation(doc, claim, text.index(w), text.index(w) + len(w)) for w in words}
    pane.show_document(doc)
    order = sorted(made.values(), key=lambda a: a.start)
    editor = pane.editor()
    editor.setFocus()
    QApplication.processEvents()
    seen = []
    for _ in order:
        user.key(window, Qt.Key.Key_Tab)
        seen.append(pane.selected_annotation())
    assert seen == [a.id for a in order]
    assert QApplication.focusWidget() is editor  # focus stayed in the text
    user.key(window, Qt.Key.Key_Backtab, SHIFT)
    assert pane.selected_annotation() == order[-2].id
    assert QApplication.focusWidget() is editor


def test_a_drag_starting_on_a_claims_last_character_selects_text(window) -> None:  # type: ignore[no-untyped-def]
    pane, doc, text = _open(window, "004_")
    store = window.session.store
    claim_text = "Prime Minister Mikhail Mishustin signed a decree on Saturday"
    start = text.index(claim_text)
    end = start + len(claim_text)
    user.drag_text(window, pane, text, start, end)
    user.key(window, "1")
    [claim] = store.annotations(document_id=doc)
    editor = pane.editor()
    # from exactly the claim's end back into "Saturday": a selection, not a resize
    a = user.char_point(editor, pane.offsets.to_qt(end), inside=False)
    b = user.char_point(editor, pane.offsets.to_qt(end - len("Saturday") + 2), inside=False)
    user.drag(window, editor.viewport(), a, b)
    assert editor.textCursor().hasSelection()
    user.key(window, "3")
    dates = [x for x in store.annotations(document_id=doc) if x.tag_id == _tags(window)[Role.DATE]]
    assert [x.quote for x in dates] == ["Saturday"]
    assert store.annotation(claim.id) == claim
