"""The comments panel: shows an annotation's comments, adds, edits, deletes; undo."""

from __future__ import annotations

from annot.core.project import Project
from annot.gui.session import Session
from annot.gui.widgets.comments import CommentsPanel
from tests.core.review_helpers import add_text, span


def test_comments_panel(qtbot) -> None:  # type: ignore[no-untyped-def]
    project = Project.in_memory()
    doc = add_text(project, "Moscow said so 👍.\r\nEnd.")
    a = span(project, doc, "alice", "claim", 0, 14)
    other = span(project, doc, "alice", "actor", 0, 6)
    session = Session(project)
    panel = CommentsPanel(session, "rita")
    qtbot.addWidget(panel)
    assert not panel.add_button.isEnabled()
    panel.show_annotation(a.id)
    panel.editor.setPlainText("Which source?")
    panel.add_button.click()
    assert [c.text for c in project.store.comments([a.id])] == ["Which source?"]
    assert panel.list.count() == 1 and "rita" in panel.list.item(0).text()
    assert panel.editor.toPlainText() == ""
    panel.add_button.click()  # empty: refused with a reason, nothing stored
    assert "needs some text" in panel.problem.text() and panel.list.count() == 1
    panel.list.setCurrentRow(0)
    panel.editor.setPlainText("Which outlet?")
    panel.save_button.click()
    assert project.store.comments([a.id])[0].text == "Which outlet?"
    panel.show_annotation(other.id)
    assert panel.list.count() == 0
    panel.show_annotation(a.id)
    panel.list.setCurrentRow(0)
    panel.delete_button.click()
    assert panel.list.count() == 0 and project.store.comments() == []
    session.undo()
    assert panel.list.count() == 1 and "Which outlet?" in panel.list.item(0).text()
    project.close()
