"""File ▸ Import documents with a FIFO and a UTF-8 file cut inside its last character: the
window neither hangs nor shows mojibake, and says what it did (issue 8, part 6)."""

from __future__ import annotations

import os

from annot.gui.dialogs.files import FileDialogs


def test_import_by_menu_refuses_a_fifo_and_notes_a_cut_utf8_file(window, tmp_path, monkeypatch, errors_shown) -> None:  # type: ignore[no-untyped-def]
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    cut = tmp_path / "cut.txt"
    text = "A headline about the café report\n\nDéjà vu à Zürich "
    cut.write_bytes((text + "é").encode("utf-8")[:-1])
    monkeypatch.setattr(FileDialogs, "import_documents", classmethod(lambda cls, p, folder="": [fifo, cut]))
    window.menus.import_docs.trigger()
    store = window.session.store
    assert window.documents_model.rowCount() == 6
    assert store.document_text(store.documents()[-1].id) == text + "\ufffd"
    assert len(errors_shown) == 1
    shown = errors_shown[0]
    assert "pipe.txt" in shown and "named pipe" in shown
    assert "cut.txt" in shown and "cut off" in shown


def test_exporting_a_project_with_undecodable_rows_by_menu_names_the_file(window, tmp_path, monkeypatch, errors_shown) -> None:  # type: ignore[no-untyped-def]
    import sqlite3
    from contextlib import closing

    project = window.session.project
    doc = project.store.documents()[0]
    claim = project.store.tag_by_name("claim")
    project.add_annotation(doc.id, claim.id, 0, 5, note="fine")
    with closing(sqlite3.connect(project.path)) as conn:  # damage written by another program
        conn.execute("UPDATE annotations SET note = CAST(x'ff' AS TEXT)")
        conn.commit()
    target = tmp_path / "out.jsonld"
    monkeypatch.setattr(FileDialogs, "export_jsonld", classmethod(lambda cls, p, suggested: target))
    window.menus.export_jsonld.trigger()
    assert len(errors_shown) == 1, errors_shown
    assert project.path.name in errors_shown[0] and "UTF-8" in errors_shown[0]
    assert not target.exists()
