"""Actors in the window: I on an actor span opens the picker (likely actors first), a new
actor or an existing one is assigned (one undo step); the Actors dock counts mentions per
source and shows them on activation; its model passes qtmodeltester."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from annot.core.actors import CreateActor, actor_of, actors
from annot.core.model import Role
from annot.gui.models.actors import ActorsModel
from annot.gui.session import Session
from tests.gui import user
from tests.gui.test_window_editing import _open


def _tag_actor(window, name_part: str, quote: str):  # type: ignore[no-untyped-def]
    pane, doc, text = _open(window, name_part)
    actor_tag = next(t for t in window.session.store.tags() if t.role == Role.ACTOR)
    start = text.index(quote)
    user.drag_text(window, pane, text, start, start + len(quote))
    user.key(window, actor_tag.key)
    (span,) = [a for a in window.session.store.annotations(document_id=doc) if a.start == start]
    assert pane.selected_span() is not None and pane.selected_span().id == span.id
    return pane, span


def test_pick_new_then_likely_actor_by_key_and_undo(window, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from annot.gui.dialogs.actor_picker import ActorPicker

    offered: list[list[str]] = []
    answers = iter([("new", "Vladimir Putin", "person"), None])

    def ask(cls, parent, quote, likely, others):  # type: ignore[no-untyped-def]
        dialog = cls(quote, likely, others, parent)  # the real dialog's list
        offered.append([dialog.list.item(i).text() for i in range(dialog.list.count())])
        answer = next(answers)
        if answer is None:  # take what the dialog offers first: the likely actor
            dialog.list.setCurrentRow(0)
            return dialog.choice()
        return answer

    monkeypatch.setattr(ActorPicker, "ask", classmethod(ask))
    store = window.session.store
    _pane, first = _tag_actor(window, "004_", "President Vladimir Putin")
    user.key(window, "i")
    (putin,) = actors(store)
    assert putin.name == "Vladimir Putin" and actor_of(store, first.id) == putin
    assert offered[0] == ["New actor…"]
    _pane, second = _tag_actor(window, "002_", "Putin")
    user.key(window, "i")
    assert offered[1][0].startswith("Vladimir Putin") and "% alike" in offered[1][0]
    assert actor_of(store, second.id).id == putin.id  # type: ignore[union-attr]
    # the dock counts the mentions per source
    window.actors_dock.show()
    window.actors_dock.raise_()
    QApplication.processEvents()
    model = window.actors_model
    assert model.rowCount() == 1
    assert model.index(0, 3).data() == 2
    assert len(model.index(0, 4).data().split(", ")) == 2
    user.key(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert actor_of(store, second.id) is None
    QApplication.processEvents()
    assert model.index(0, 3).data() == 1


def test_activating_an_actor_shows_its_mentions(window) -> None:  # type: ignore[no-untyped-def]
    _pane, span = _tag_actor(window, "004_", "Prime Minister Mikhail Mishustin")
    window.session.run(CreateActor(name="Mikhail Mishustin", assign=[span.id]))
    _open(window, "002_")  # another document in the pane: activation must bring 004 back
    window.actors_dock.show()
    window.actors_dock.raise_()
    QApplication.processEvents()
    view = window.actors_panel.view
    rect = view.visualRect(window.actors_model.index(0, 0))
    user.click(window, view.viewport(), rect.center())
    user.key(window, Qt.Key.Key_Return)
    frame = window.panes.current()
    assert frame is not None and frame.document_id() == span.document_id
    assert frame.pane.selected_span() is not None and frame.pane.selected_span().id == span.id


def test_actors_model(qtmodeltester, project) -> None:  # type: ignore[no-untyped-def]
    session = Session(project)
    project.set_annotator("alice")
    actor_tag = next(t.id for t in project.store.tags() if t.role == Role.ACTOR)
    spans = []
    for info in project.store.documents():
        text = project.store.document_text(info.id)
        at = text.index("Russia")
        spans.append(project.add_annotation(info.id, actor_tag, at, at + 6).id)
    session.run(CreateActor(name="Russia", kind="organisation", assign=spans[:3]))
    session.run(CreateActor(name="Council of Europe", kind="organisation"))
    model = ActorsModel(session)
    assert model.rowCount() == 2
    assert [model.index(r, 0).data() for r in range(2)] == ["Council of Europe", "Russia"]
    assert model.index(1, 3).data() == 3 and model.index(0, 3).data() == 0
    qtmodeltester.check(model)


def _button(panel, text: str):  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QToolButton

    return next(b for b in panel.findChildren(QToolButton) if b.text() == text)


def test_merge_and_split_from_the_dock_each_one_undo_step(window, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from annot.gui.dialogs.actor_split import ActorSplitDialog

    _pane, one = _tag_actor(window, "004_", "Prime Minister Mikhail Mishustin")
    _pane, two = _tag_actor(window, "002_", "Mishustin")
    a, b = CreateActor(name="Mikhail Mishustin", assign=[one.id]), CreateActor(name="Mishustin", assign=[two.id])
    window.session.run(a)
    window.session.run(b)
    window.actors_dock.show()
    window.actors_dock.raise_()
    QApplication.processEvents()
    panel, model = window.actors_panel, window.actors_model
    view = panel.view
    keep_row, gone_row = model.row_of(a.id), model.row_of(b.id)
    user.click(window, view.viewport(), view.visualRect(model.index(gone_row, 0)).center())
    user.click(window, view.viewport(), view.visualRect(model.index(keep_row, 0)).center(), Qt.KeyboardModifier.ControlModifier)
    assert panel.current_actor().id == a.id and len(panel.selected_actors()) == 2  # type: ignore[union-attr]
    user.click(window, _button(panel, "Merge"), _button(panel, "Merge").rect().center())
    QApplication.processEvents()
    assert [x.id for x in actors(window.session.store)] == [a.id]
    assert actor_of(window.session.store, two.id).id == a.id  # type: ignore[union-attr]

    offered: list[list[str]] = []

    def ask(cls, parent, name, mentions):  # type: ignore[no-untyped-def]
        offered.append([label for _, label in mentions])
        return [m for m, label in mentions if "“Mishustin”" in label], "Another Mishustin"

    monkeypatch.setattr(ActorSplitDialog, "ask", classmethod(ask))
    user.click(window, view.viewport(), view.visualRect(model.index(model.row_of(a.id), 0)).center())
    user.click(window, _button(panel, "Split…"), _button(panel, "Split…").rect().center())
    QApplication.processEvents()
    assert len(offered[0]) == 2
    assert actor_of(window.session.store, two.id).name == "Another Mishustin"  # type: ignore[union-attr]
    assert actor_of(window.session.store, one.id).id == a.id  # type: ignore[union-attr]
    user.key(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert actor_of(window.session.store, two.id).id == a.id  # type: ignore[union-attr]
    user.key(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert {x.name for x in actors(window.session.store)} == {"Mikhail Mishustin", "Mishustin"}
