"""New document formats and REFI-QDA through the main window: File ▸ Import documents and
drag-and-drop of web pages, Word files and PDFs; File ▸ Export REFI-QDA project and back in
by File ▸ Import annotations; the Codebook dock's Import…/Export…."""

from __future__ import annotations

import io
import zipfile

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QToolButton

from annot.core.model import LinkKind
from annot.core.project import Project
from annot.gui import transfer
from annot.gui.dialogs import files
from annot.gui.dialogs.files import FileDialogs
from annot.gui.dialogs.refi import RefiDialogs
from tests.conftest import REFERENCE
from tests.core.formats_helpers import FORMATS, PDF_EXPECTED, make_docx, make_pdf, squash

NEWS = FORMATS / "news_page.html"


@pytest.fixture
def shown(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    texts: list[str] = []
    monkeypatch.setattr(transfer.Summary, "show", classmethod(lambda cls, p, title, text, problem: texts.append(text)))
    return texts


def test_import_documents_menu_takes_web_pages_word_and_pdf(window, tmp_path, monkeypatch, errors_shown) -> None:  # type: ignore[no-untyped-def]
    for pattern in ("*.html", "*.htm", "*.docx", "*.pdf", "*.txt"):
        assert pattern in files.TEXTS.split(";;")[0]  # the default filter shows them all
    docx, pdf = tmp_path / "r.docx", tmp_path / "r.pdf"
    make_docx(docx)
    make_pdf(pdf, pages=1, running=False)
    monkeypatch.setattr(FileDialogs, "import_documents", classmethod(lambda cls, parent, folder="": [NEWS, docx, pdf]))
    window.menus.import_docs.trigger()
    assert errors_shown == []
    store = window.session.store
    assert window.documents_model.rowCount() == 8
    news, word, paper = store.documents()[-3:]
    assert (news.outlet, news.published) == ("The Daily Ledger", "2025-09-30")
    assert word.title == "Russia leaves the torture convention"
    assert [squash(p) for p in store.document_text(paper.id).split("\n")] == PDF_EXPECTED
    assert window.menus.undo.text() == "&Undo Import 3 documents"


def test_dropping_a_pdf_imports_it_and_the_same_file_again_is_skipped(window, tmp_path, errors_shown) -> None:  # type: ignore[no-untyped-def]
    pdf = tmp_path / "dropped.pdf"
    make_pdf(pdf, pages=2)

    def drop() -> None:
        mime = QMimeData()
        mime.setUrls([QUrl.fromLocalFile(str(pdf))])
        window.dropEvent(QDropEvent(QPointF(50, 50), Qt.DropAction.CopyAction, mime,
                                    Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier))  # fmt: skip

    drop()
    assert window.documents_model.rowCount() == 6 and errors_shown == []
    assert window.statusBar().currentMessage() == "Imported 1 document(s)."
    assert window.panes.current().document_id() == window.session.store.documents()[-1].id
    drop()
    assert window.documents_model.rowCount() == 6
    # said as every import says it: the report's headline, its summary (the CLI's text) in a box
    assert window.statusBar().currentMessage() == "Imported 0 document(s); 1 already in the project."
    assert errors_shown == ["imported 0 document(s)\nskipped: dropped.pdf is already in the project"]


def test_export_refi_project_by_menu_validates_and_imports_back(  # type: ignore[no-untyped-def]
    window, open_window, tmp_path, monkeypatch, errors_shown, shown
) -> None:
    import xmlschema

    project = window.session.project
    tags = {t.name: t.id for t in project.store.tags()}
    doc = project.store.documents()[1]
    text = project.store.document_text(doc.id)
    at = text.index("Russia")
    claim = project.add_annotation(doc.id, tags["claim"], at, text.index(".", at) + 1, note="note «x»")
    actor = project.add_annotation(doc.id, tags["actor"], at, at + 6)
    project.link(LinkKind.SAID_BY, claim.id, actor.id)
    target = tmp_path / "out.qdpx"
    monkeypatch.setattr(RefiDialogs, "export_qdpx", classmethod(lambda cls, parent, suggested: target))
    window.menus.export_qdpx.trigger()
    assert errors_shown == [] and target.is_file()
    assert "Exported 2 annotation(s) and 1 link(s) of 5 document(s)" in window.statusBar().currentMessage()
    with zipfile.ZipFile(target) as z:
        xmlschema.XMLSchema(str(REFERENCE / "refi" / "Project-mrt2019.xsd")).validate(io.BytesIO(z.read("project.qde")))
    assert shown and "shortcut keys of tags: 3" in shown[-1]  # what REFI-QDA cannot hold is said

    fresh_path = tmp_path / "fresh.annot"
    Project.create(fresh_path).close()
    fresh = open_window(fresh_path)
    monkeypatch.setattr(FileDialogs, "import_annotations", classmethod(lambda cls, parent, folder="": target))
    fresh.menus.import_annotations.trigger()
    store = fresh.session.store
    assert fresh.documents_model.rowCount() == 5
    got = sorted((store.document_text(a.document_id)[a.start : a.end], a.note) for a in store.annotations())
    assert got == sorted([(text[claim.start : claim.end], "note «x»"), ("Russia", "")])
    assert len(store.links()) == 1
    assert "Imported 2 annotation(s) and 1 link(s) from out.qdpx" in fresh.statusBar().currentMessage()


def _button(window, text: str) -> QToolButton:  # type: ignore[no-untyped-def]
    [button] = [b for b in window.codebook_panel.findChildren(QToolButton) if b.text() == text]
    return button


def test_codebook_dock_exports_and_imports_a_qdc(window, open_window, tmp_path, monkeypatch, qtbot, shown) -> None:  # type: ignore[no-untyped-def]
    from annot.core.codebook import AddTag
    from annot.core.model import Tag, TagId

    window.session.run(AddTag(Tag(TagId(0), "places/city", "#123abc", "", "A city")))
    target = tmp_path / "book.qdc"
    monkeypatch.setattr(RefiDialogs, "export_qdc", classmethod(lambda cls, parent, suggested: target))
    assert _button(window, "⋯").menu().actions() == [window.codebook_panel.import_action,
                                                      window.codebook_panel.export_action]  # fmt: skip
    window.codebook_panel.export_action.trigger()
    assert target.is_file() and b"places" in target.read_bytes()

    fresh_path = tmp_path / "fresh.annot"
    Project.create(fresh_path).close()
    fresh = open_window(fresh_path)
    monkeypatch.setattr(RefiDialogs, "import_qdc", classmethod(lambda cls, parent, folder="": target))
    fresh.codebook_panel.import_action.trigger()
    city = fresh.session.store.tag_by_name("places/city")
    assert city is not None and (city.colour, city.description) == ("#123abc", "A city")
    assert fresh.codebook_model.rowCount() == 4
    assert "1 tag(s) added from book.qdc: places/city" in shown[-1]
    fresh.menus.undo.trigger()
    assert fresh.session.store.tag_by_name("places/city") is None


def test_dropping_a_qdpx_imports_the_refi_project(window, open_window, tmp_path, shown) -> None:  # type: ignore[no-untyped-def]
    from annot.core.refi.export import export_qdpx

    project = window.session.project
    doc = project.store.documents()[0]
    project.add_annotation(doc.id, project.store.tag_by_name("actor").id, 0, 2)
    target = tmp_path / "colleague.qdpx"
    export_qdpx(project.store, target)
    fresh_path = tmp_path / "fresh.annot"
    Project.create(fresh_path).close()
    fresh = open_window(fresh_path)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(target))])
    fresh.dropEvent(QDropEvent(QPointF(50, 50), Qt.DropAction.CopyAction, mime,
                               Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier))  # fmt: skip
    assert fresh.documents_model.rowCount() == 5
    [a] = fresh.session.store.annotations()
    assert (a.start, a.end) == (0, 2)
