"""Tools ▸ Agreement from the main window (issue 8 part 9, issue 14): only the documents
someone annotated are counted and listed, the dialog says which, "all documents" takes the
rest in, and a Close button closes it."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from annot.core.agreement import agreement
from annot.gui.dialogs.agreement import AgreementDialog


def rows(dialog: AgreementDialog) -> list[list[str]]:
    m = dialog.model
    return [[m.index(r, c).data() for c in range(m.columnCount())] for r in range(m.rowCount())]


def test_agreement_counts_the_annotated_documents_and_closes(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    project = window.session.project
    store = project.store
    docs = store.documents()
    assert len(docs) == 5
    first = docs[0]
    claim = store.tag_by_name("claim")
    assert claim is not None
    for name, (s, e) in (("alice", (0, 40)), ("bob", (10, 60))):
        project.set_annotator(name)
        project.add_annotation(first.id, claim.id, s, e)
    window.menus.agreement.trigger()
    dialog = window.findChild(AgreementDialog)
    assert dialog is not None and dialog.isVisible()
    assert dialog.chosen() == ["alice", "bob"]
    table = rows(dialog)
    assert {r[2] for r in table if r[0] == "document"} == {str(first.id)}  # no rows for the other four
    assert "1 of 5 document(s)" in dialog.summary.text() and first.title in dialog.summary.text()
    expected = agreement(store, annotators=["alice", "bob"]).overall.tally.kappa(0, 1).value
    overall = next(r for r in table if r[0] == "overall" and r[6] == "kappa")
    assert expected is not None and overall[7] == f"{expected:.3f}"

    dialog.all_documents.click()  # take the four unannotated documents in
    table = rows(dialog)
    assert len({r[2] for r in table if r[0] == "document"}) == 5
    assert "5 document(s)" in dialog.summary.text()

    close = dialog.buttons.button(QDialogButtonBox.StandardButton.Close)
    assert close is not None and close.isVisible()
    qtbot.mouseClick(close, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
