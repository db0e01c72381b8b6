"""The compare view: the right differences, stepping with keys, accepting, undo."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt

from annot.core.compare import DiffKind
from annot.core.model import Status
from annot.core.project import Project
from annot.gui.models.differences import DifferenceModel
from annot.gui.session import Session
from annot.gui.widgets.compare import CompareView
from tests.core.review_helpers import add_text, span, who

TEXT = "Russia left the convention on 29 September 2025, the ministry said. 👍\r\nEnd."


@pytest.fixture
def setup(qtbot) -> Iterator[tuple[CompareView, Session, dict[str, object]]]:  # type: ignore[no-untyped-def]
    project = Project.in_memory()
    doc = add_text(project, TEXT, "report")
    spans = {
        "agree_a": span(project, doc, "alice", "actor", 0, 6),
        "agree_b": span(project, doc, "bob", "actor", 0, 6),
        "tag_a": span(project, doc, "alice", "date", 30, 47),
        "tag_b": span(project, doc, "bob", "claim", 30, 47),
        "only_b": span(project, doc, "bob", "actor", 49, 61),
        "over_a": span(project, doc, "alice", "claim", 7, 26),
        "over_b": span(project, doc, "bob", "claim", 7, 47),
    }
    rita = who(project, "rita")
    session = Session(project)
    view = CompareView(session, rita)
    qtbot.addWidget(view)
    view.set_pair(doc, who(project, "alice"), who(project, "bob"))
    view.show()
    qtbot.waitExposed(view)
    yield view, session, spans
    project.close()


def kinds(view: CompareView) -> list[str]:
    m = view.model
    return [m.data(m.index(r, 0), Qt.ItemDataRole.UserRole) for r in range(m.rowCount())]  # type: ignore[misc]


def test_lists_the_differences_in_document_order(setup) -> None:  # type: ignore[no-untyped-def]
    view, _, spans = setup
    assert kinds(view) == ["overlap", "other_tag", "only_b"]  # agreement hidden by default
    first = view.current()
    assert first is not None and first.a == spans["over_a"] and first.b == spans["over_b"]
    assert f"Russia ⟦{TEXT[7:26]}⟧ on 29" in view.pane_a.toPlainText()
    assert f"Russia ⟦{TEXT[7:47]}⟧, the" in view.pane_b.toPlainText()
    view.only_disagreements.setChecked(False)
    assert kinds(view) == ["agree", "overlap", "other_tag", "only_b"]
    text = view.model.data(view.model.index(3, 3))
    assert text == "actor: “the ministry”"


def test_step_with_keys(setup, qtbot) -> None:  # type: ignore[no-untyped-def]
    view, _, _ = setup
    view.table.setFocus()
    assert view.current_row() == 0
    qtbot.keyClick(view.table, Qt.Key.Key_J)
    assert view.current_row() == 1 and view.current().kind is DiffKind.OTHER_TAG
    qtbot.keyClick(view.table, Qt.Key.Key_J)
    qtbot.keyClick(view.table, Qt.Key.Key_J)  # stays on the last
    assert view.current_row() == 2
    assert not view.accept_a_button.isEnabled() and view.accept_b_button.isEnabled()
    qtbot.keyClick(view.table, Qt.Key.Key_K)
    assert view.current_row() == 1


def test_accept_writes_the_reviewed_annotation_and_undo_takes_it_back(setup, qtbot) -> None:  # type: ignore[no-untyped-def]
    view, session, spans = setup
    store = session.store
    view.table.setFocus()
    qtbot.keyClick(view.table, Qt.Key.Key_J)  # same span, other tag
    qtbot.keyClick(view.table, Qt.Key.Key_2)  # accept B's claim
    [copy] = store.annotations(status=Status.ACCEPTED)
    source = spans["tag_b"]
    assert (copy.source_id, copy.reviewer, copy.tag_id, copy.start, copy.end) == (
        source.id, "rita", source.tag_id, 30, 47,
    )
    assert copy.annotator_id == who(session.project, "rita")
    assert view.model.decision(1) == "B accepted"
    assert view.current_row() == 2  # moved on to the next difference
    session.undo()
    assert store.annotations(status=Status.ACCEPTED) == []
    assert view.model.decision(1) == ""


def test_neither_leaves_both_originals_alone_in_one_step(setup, qtbot) -> None:  # type: ignore[no-untyped-def]
    view, session, spans = setup
    view.table.setFocus()
    qtbot.keyClick(view.table, Qt.Key.Key_0)
    for key in ("over_a", "over_b"):
        assert session.store.annotation(spans[key].id) == spans[key]  # as the authors left it
    records = session.store.annotations(status=Status.REJECTED)
    assert sorted(r.source_id for r in records) == sorted(spans[k].id for k in ("over_a", "over_b"))
    assert {r.reviewer for r in records} == {"rita"}
    assert session.store.annotations(status=Status.ACCEPTED) == []
    assert view.model.decision(0) == "neither accepted"
    session.undo()
    assert session.store.annotations(status=Status.REJECTED) == []
    assert view.model.decision(0) == ""


def test_a_refused_decision_says_why(setup, qtbot) -> None:  # type: ignore[no-untyped-def]
    view, session, _ = setup
    view.accept_a()
    view.select(0)
    view.accept_a()  # already accepted
    assert "already in the reviewed set" in view.status.text()
    assert len(session.store.annotations(status=Status.ACCEPTED)) == 1


def test_model_passes_the_model_tester(setup, qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    view, _, _ = setup
    qtmodeltester.check(view.model)
    qtmodeltester.check(DifferenceModel())


def test_edit_accepts_with_other_bounds_and_tag(setup, qtbot, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    from annot.gui.widgets.compare import EditDecisionDialog

    view, session, spans = setup
    actor = session.store.tag_by_name("actor")
    asked: list[tuple[int, int]] = []

    def fake_ask(cls, parent, length, span, tags):  # type: ignore[no-untyped-def]
        asked.append((length, span.start))
        return 7, 11, actor.id

    monkeypatch.setattr(EditDecisionDialog, "ask", classmethod(fake_ask))
    view.table.setFocus()
    qtbot.keyClick(view.table, Qt.Key.Key_E)
    assert asked == [(len(TEXT), spans["over_a"].start)]
    [copy] = session.store.annotations(status=Status.ACCEPTED)
    assert (copy.start, copy.end, copy.quote, copy.tag_id) == (7, 11, TEXT[7:11], actor.id)
    assert copy.source_id == spans["over_a"].id
    session.undo()
    assert session.store.annotations(status=Status.ACCEPTED) == []
