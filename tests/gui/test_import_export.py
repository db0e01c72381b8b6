"""Import documents by the File menu and by dropping files; export with progress, cancel."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent

from annot.gui import fileops, progress
from annot.gui.dialogs.files import FileDialogs


def _files(tmp_path: Path) -> list[Path]:
    a = tmp_path / "first.txt"
    a.write_text("A headline about the first report\n\nIt said something on 3 May 2025.\n", "utf-8")
    b = tmp_path / "second.md"
    b.write_text("Second report with its own headline\r\nMore text.\r\n", "utf-8")
    bad = tmp_path / "picture.txt"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    return [a, b, bad]


def test_import_by_menu_reports_bad_files(window, tmp_path, monkeypatch, errors_shown) -> None:  # type: ignore[no-untyped-def]
    files = _files(tmp_path)
    monkeypatch.setattr(FileDialogs, "import_documents", classmethod(lambda cls, p, folder="": files))
    window.menus.import_docs.trigger()
    titles = [d.title for d in window.session.store.documents()]
    assert titles[-2:] == ["A headline about the first report", "Second report with its own headline"]
    assert window.documents_model.rowCount() == 7
    assert len(errors_shown) == 1 and "picture.txt" in errors_shown[0] and "binary" in errors_shown[0]
    assert window.menus.undo.text() == "&Undo Import 2 documents"
    text = window.session.store.document_text(window.session.store.documents()[-1].id)
    assert "\r\n" in text  # kept verbatim
    window.menus.undo.trigger()
    assert window.documents_model.rowCount() == 5


def test_import_by_dropping_files(window, tmp_path, errors_shown) -> None:  # type: ignore[no-untyped-def]
    files = _files(tmp_path)[:2]
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(f)) for f in files])
    event = QDropEvent(QPointF(50, 50), Qt.DropAction.CopyAction, mime, Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier)
    window.dropEvent(event)
    assert window.documents_model.rowCount() == 7
    assert errors_shown == []
    # the first new document opens in the current pane
    assert window.panes.current().document_id() == window.session.store.documents()[5].id


def test_export_can_be_cancelled(window, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    project = window.session.project
    doc = project.store.documents()[0].id
    claim = project.store.tag_by_name("claim")
    for i in range(3):
        project.add_annotation(doc, claim.id, i * 10, i * 10 + 5)
    target = tmp_path / "claims.csv"
    monkeypatch.setattr(FileDialogs, "export_csv", classmethod(lambda cls, p, title, suggested: target))
    real = progress.run_with_progress

    def cancelling(parent, label, work):  # type: ignore[no-untyped-def]
        return real(parent, label, lambda p: work(lambda done, total: False))

    # an operation takes the window's context: here one whose progress is cancelled at once
    assert fileops.export_table(replace(window.ctx, progress=cancelling), "claims") is None
    assert not target.exists()
    assert "cancelled" in window.statusBar().currentMessage()
    assert fileops.export_table(window.ctx, "annotations") == target
    lines = target.read_text("utf-8").splitlines()
    assert lines[0].startswith("annotation_id,tag,") and len(lines) == 4


def test_export_to_a_missing_folder_shows_the_error(window, tmp_path, monkeypatch, errors_shown) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "no-such-folder" / "claims.csv"
    monkeypatch.setattr(FileDialogs, "export_csv", classmethod(lambda cls, p, title, suggested: target))
    window.menus.export_claims.trigger()
    assert errors_shown and "claims.csv" in errors_shown[0]
