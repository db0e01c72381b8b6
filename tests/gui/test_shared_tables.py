"""The small shared tables (documents, tags, annotators) are read once by the session when
a project opens in the main window, and read again only when a report says they changed
(issue 9: the documents list was read 10 times at open)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import annot.core.store as store_module
from annot.core.documents import AddDocuments, SourceText, sha256_text

LIST = {
    "documents": re.compile(r"\bFROM documents\b(?!.*\bWHERE\b)", re.S | re.I),
    "tags": re.compile(r"\bFROM tags\b(?!.*\bWHERE\b)", re.S | re.I),
    "annotators": re.compile(r"\bFROM annotators\b(?!.*\bWHERE\b)", re.S | re.I),
}


@pytest.fixture
def statements(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every SQL statement of every connection the store opens from now on."""
    seen: list[str] = []
    real = store_module._connect

    def connect(*args, **kwargs):  # type: ignore[no-untyped-def]
        conn = real(*args, **kwargs)
        conn.set_trace_callback(seen.append)
        return conn

    monkeypatch.setattr(store_module, "_connect", connect)
    return seen


def _lists(statements: list[str], table: str) -> list[str]:
    return [s for s in statements if s.lstrip().upper().startswith("SELECT") and LIST[table].search(s)]


def _settle(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: not window.documents_model.loading and window.text_check.done, timeout=5000)
    qtbot.wait(50)


def test_opening_a_project_reads_the_documents_list_once(open_window, project_file: Path, statements, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = open_window(project_file)
    _settle(window, qtbot)
    assert window.documents_model.rowCount() == 5 and window.panes.current().document_id() is not None
    assert len(_lists(statements, "documents")) == 1, "\n".join(_lists(statements, "documents"))
    # the session's codebook, which every pane reads from the session
    assert len(window.panes.frames()) > 1
    assert len(_lists(statements, "tags")) == 1, "\n".join(_lists(statements, "tags"))
    assert len(_lists(statements, "annotators")) == 1, "\n".join(_lists(statements, "annotators"))


def test_the_session_reads_the_documents_again_only_when_they_changed(window, statements, qtbot) -> None:  # type: ignore[no-untyped-def]
    session = window.session
    _settle(window, qtbot)
    with session.store.traced() as seen:
        first = session.documents()
        doc, tag = first[0].id, session.tags()[0].id
        from annot.core.annotations import AddAnnotation

        session.run(AddAnnotation(doc, tag, session.project.annotator_id, 0, 5))
        assert session.documents() == first
    assert not _lists(seen, "documents")
    text = "A new report. The minister said on Tuesday that it would wait."
    session.run(AddDocuments([SourceText(text, "New", "", "new.txt", sha256_text(text))]))
    assert [d.title for d in session.documents()][-1] == "New" and len(session.documents()) == 6
    session.undo()
    assert len(session.documents()) == 5
