"""Document properties: edited through the core's UpdateDocument (one undo step); the
documents dock and the pane header follow; a bad date gets a clear dialog."""

from __future__ import annotations

from annot.gui.dialogs.properties import DocumentPropertiesDialog


def test_edit_properties_and_undo(window, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    store = window.session.store
    doc = store.documents()[0]
    values = {"title": "Russia denounces the CPT", "outlet": "Example Daily", "url": "https://example.org/a",
              "published": "29 September 2025"}
    monkeypatch.setattr(DocumentPropertiesDialog, "ask", classmethod(lambda cls, p, info: values))
    window.edit_properties(doc.id)
    info = store.document_info(doc.id)
    assert (info.title, info.outlet, info.published) == ("Russia denounces the CPT", "Example Daily", "2025-09-29")
    model = window.documents_model
    row = model.row_of(doc.id)
    assert [model.index(row, c).data() for c in range(3)] == ["Russia denounces the CPT", "Example Daily", "2025-09-29"]
    frame = window.panes.frame_showing(doc.id)
    assert frame.chooser.currentText() == "Russia denounces the CPT"
    assert not window.documents_panel.view.isColumnHidden(1)  # an outlet is known now
    window.menus.undo.trigger()
    assert store.document_info(doc.id) == doc
    assert frame.chooser.currentText() == (doc.title or doc.filename)


def test_bad_date_is_refused(window, monkeypatch, errors_shown) -> None:  # type: ignore[no-untyped-def]
    doc = window.session.store.documents()[1]
    monkeypatch.setattr(
        DocumentPropertiesDialog, "ask", classmethod(lambda cls, p, info: {"published": "last Tuesday"})
    )
    window.edit_properties(doc.id)
    assert errors_shown and "last Tuesday" in errors_shown[0]
    assert window.session.store.document_info(doc.id) == doc
