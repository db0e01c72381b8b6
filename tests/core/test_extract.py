"""Importing saved web pages, Word files and PDFs: the text extracted, the metadata, the
extractor and original file recorded, duplicates and empty extractions refused."""

from __future__ import annotations

import hashlib
import zipfile
from pathlib import Path

import pytest
from formats_helpers import (
    FORMATS,
    PDF_EXPECTED,
    article_paragraphs,
    make_docx,
    make_pdf,
    squash,
)

from annot.core.documents import read_source
from annot.core.errors import Cancelled, ImportProblem
from annot.core.project import Project

NEWS = FORMATS / "news_page.html"
BOILERPLATE = [
    "cookies", "Accept all", "Subscribe", "Home", "Politics", "Related stories",
    "Ten things you need to know", "GreyFalcon77", "Nobody is surprised", "First!!!",
    "All rights reserved", "newsletter", "Comments (3)",
]  # fmt: skip


def test_news_page_gives_every_article_paragraph_and_none_of_the_boilerplate() -> None:
    src = read_source(NEWS)
    paragraphs = article_paragraphs(NEWS.read_text("utf-8"))  # the byline is <p class=...>
    assert len(paragraphs) == 5
    lines = src.text.split("\n")
    for p in paragraphs:
        assert p in lines, p  # each paragraph whole, on its own line
    for junk in BOILERPLATE:
        assert junk not in src.text, junk
    assert src.title == "Russia quits anti-torture convention, Council of Europe says"
    assert src.outlet == "The Daily Ledger"
    assert src.published == "2025-09-30"
    assert src.url == "https://ledger.example.org/world/2025/09/30/russia-quits-convention"
    assert src.extractor.startswith("trafilatura ")
    assert src.source_sha256 == hashlib.sha256(NEWS.read_bytes()).hexdigest()


def test_a_windows_1251_page_is_read_in_its_declared_charset(tmp_path: Path) -> None:
    body = [
        "Россия официально вышла из Европейской конвенции по предупреждению пыток, сообщил Совет Европы.",
        "Решение вступило в силу после того, как парламент одобрил законопроект президента.",
        "Правозащитники назвали этот шаг серьёзным ударом по независимому контролю.",
    ]
    html = (
        '<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1251">'
        "<title>Россия вышла из конвенции</title></head><body><nav><a href='/'>Главная</a></nav>"
        "<article><h1>Россия вышла из конвенции</h1>"
        + "".join(f"<p>{p}</p>" for p in body)
        + "</article><footer>Все права защищены</footer></body></html>"
    )
    f = tmp_path / "novosti.htm"
    f.write_bytes(html.encode("cp1251"))
    src = read_source(f)
    for p in body:
        assert p in src.text.split("\n")
    assert "Все права защищены" not in src.text
    assert src.title == "Россия вышла из конвенции"


def test_docx_keeps_paragraphs_headings_tables_and_footnotes_in_order(tmp_path: Path) -> None:
    f = tmp_path / "report.docx"
    make_docx(f)
    src = read_source(f)
    assert src.text.split("\n") == [
        "Russia leaves the torture convention",
        "Russia has formally withdrawn from the European Convention for the Prevention of Torture,"
        " the Council of Europe said on Tuesday.",
        "Reactions",
        "The withdrawal took effect after the Russian parliament approved a bill submitted by the president.",
        "Inspectors had visited Russian detention facilities more than thirty times since 1998, officials said.",
        "Human rights groups described the move as a serious blow to independent monitoring.",
        "Year\tEvent",
        "1998\tConvention ratified",
        "Closing line after the table.",
        "[1] Council of Europe press release, 30 September 2025.",
    ]
    assert src.title == "Russia leaves the torture convention"
    assert src.extractor.startswith("python-docx ")


def test_pdf_text_in_reading_order_with_hyphenation_joined(tmp_path: Path) -> None:
    f = tmp_path / "report.pdf"
    make_pdf(f, pages=1, running=False)
    src = read_source(f)
    assert [squash(p) for p in src.text.split("\n")] == PDF_EXPECTED
    assert "with-" not in src.text and "withdrawn" in src.text
    assert src.extractor.startswith("pypdfium2 ")


def test_pdf_running_headers_footers_and_page_numbers_are_dropped(tmp_path: Path) -> None:
    f = tmp_path / "long.pdf"
    expected = make_pdf(f, pages=4, running=True)
    src = read_source(f)
    assert [squash(p) for p in src.text.split("\n")] == expected
    assert "Daily Ledger" not in src.text and "Page " not in src.text


def test_an_extraction_without_text_is_refused_naming_the_file(tmp_path: Path) -> None:
    f = tmp_path / "only-navigation.html"
    f.write_text("<html><head><script>var x = 1;</script></head><body><nav></nav></body></html>", "utf-8")
    with pytest.raises(ImportProblem, match=r"only-navigation\.html.*no text"):
        read_source(f)
    empty = tmp_path / "empty.pdf"
    empty.write_bytes(b"")
    with pytest.raises(ImportProblem, match=r"empty\.pdf.*empty"):
        read_source(empty)
    not_word = tmp_path / "renamed.docx"  # a ZIP, but not a Word file
    with zipfile.ZipFile(not_word, "w") as z:
        z.writestr("content.xml", "<office/>")
    with pytest.raises(ImportProblem, match=r"renamed\.docx: is not a Word \.docx file"):
        read_source(not_word)
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.4 this is not really a PDF")
    with pytest.raises(ImportProblem, match=r"broken\.pdf"):
        read_source(broken)


def test_extracted_documents_record_extractor_and_original_sha(tmp_path: Path) -> None:
    pdf = tmp_path / "r.pdf"
    make_pdf(pdf, pages=1, running=False)
    with Project.create(tmp_path / "p.annot") as p:
        result = p.import_files([NEWS, pdf])
        assert len(result.document_ids) == 2
        news_id, pdf_id = result.document_ids
        info = p.store.document_info(news_id)
        assert (info.title, info.outlet, info.published) == (
            "Russia quits anti-torture convention, Council of Europe says", "The Daily Ledger", "2025-09-30",
        )
        assert info.url.startswith("https://ledger.example.org/")
        extractor, sha = p.store.document_origin(news_id)
        assert extractor.startswith("trafilatura ") and sha == hashlib.sha256(NEWS.read_bytes()).hexdigest()
        assert p.store.document_origin(pdf_id)[1] == hashlib.sha256(pdf.read_bytes()).hexdigest()
        p.undo()
        assert p.store.documents() == []
        p.redo()
        assert p.store.document_origin(news_id)[0] == extractor  # redo restores the record


def test_the_same_source_imported_twice_is_not_duplicated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    copy = tmp_path / "same page saved again.html"
    copy.write_bytes(NEWS.read_bytes())
    other_chrome = tmp_path / "same article, other adverts.html"
    other_chrome.write_text(
        NEWS.read_text("utf-8").replace("Subscribe for 1 euro a week", "Subscribe for 2 euros a week"), "utf-8"
    )
    with Project.create(tmp_path / "p.annot") as p:
        assert len(p.import_files([NEWS]).document_ids) == 1
        result = p.import_files([copy, other_chrome])  # same bytes; same text from other bytes
        assert result.document_ids == [] and sorted(result.duplicates) == sorted([copy.name, other_chrome.name])
        # a newer extractor reading the same file differently: still the same original file
        from annot.core import extract

        real = extract.READERS[".html"]

        def newer(data: bytes, path: Path) -> extract.Extracted:
            found = real(data, path)
            return extract.Extracted(found.text + "\nA line a newer extractor keeps.", "trafilatura 9.9")

        monkeypatch.setitem(extract.READERS, ".html", newer)
        again = p.import_files([copy])
        assert again.document_ids == [] and again.duplicates == [copy.name]
        assert len(p.store.documents()) == 1


def test_a_folder_of_many_pages_shows_progress_and_can_be_cancelled(tmp_path: Path) -> None:
    html = NEWS.read_text("utf-8")
    files = []
    for i in range(40):
        f = tmp_path / f"page{i:03}.html"
        f.write_text(html.replace("Russia has formally", f"In report {i}, Russia has formally"), "utf-8")
        files.append(f)
    calls: list[tuple[int, int]] = []

    def progress(done: int, total: int) -> bool:
        calls.append((done, total))
        return done < 7

    with Project.create(tmp_path / "p.annot") as p:
        with pytest.raises(Cancelled):  # one Cancelled for every import: nothing is imported
            p.import_files(files, progress=progress)
        assert calls[0] == (0, 40) and all(total == 40 for _, total in calls) and len(calls) == 8
        assert p.store.documents() == [] and not p.history.can_undo


def test_kept_v6_file_opens_with_the_document_origin(tmp_path: Path) -> None:
    import shutil

    from annot.core import migrations
    from tests.conftest import ROOT

    path = tmp_path / "v6.annot"
    shutil.copy(ROOT / "tests" / "data" / "project-v6.annot", path)
    with Project.open(path) as p:
        assert p.store.schema_version == migrations.LATEST_VERSION
        news, plain = p.store.documents()
        assert news.outlet == "The Daily Ledger"
        extractor, sha = p.store.document_origin(news.id)
        assert extractor.startswith("trafilatura ")
        assert sha == hashlib.sha256(NEWS.read_bytes()).hexdigest()
        assert p.store.document_origin(plain.id) == ("", "")
        assert p.import_files([NEWS]).duplicates == [NEWS.name]


@pytest.fixture
def web(tmp_path: Path):  # type: ignore[no-untyped-def]
    """A local web server on 127.0.0.1 serving the news page, a PDF, a 404 and a huge page."""
    import http.server
    import threading

    pdf = tmp_path / "served.pdf"
    make_pdf(pdf, pages=1, running=False)
    pages = {
        "/world/story": (200, "text/html; charset=utf-8", NEWS.read_bytes()),
        "/report": (200, "application/pdf", pdf.read_bytes()),
    }

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            status, kind, body = pages.get(self.path, (404, "text/plain", b"not here"))
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_a_url_is_fetched_and_imported_like_a_saved_page(tmp_path: Path, web: str, capsys: pytest.CaptureFixture[str]) -> None:
    from annot.cli import main

    project = tmp_path / "p.annot"
    Project.create(project).close()
    assert main(["import", str(project), f"{web}/world/story", f"{web}/report", f"{web}/missing"]) == 0
    captured = capsys.readouterr()
    assert "imported 2 document(s)" in captured.out
    assert f"skipped: {web}/missing: could not be fetched (HTTP 404" in captured.out
    with Project.open(project) as p:
        news, pdf = p.store.documents()
        text = p.store.document_text(news.id)
        for paragraph in article_paragraphs(NEWS.read_text("utf-8")):
            assert paragraph in text.split("\n")
        assert news.outlet == "The Daily Ledger"
        assert news.url == "https://ledger.example.org/world/2025/09/30/russia-quits-convention"  # canonical
        assert news.filename == f"{web}/world/story"
        assert p.store.document_origin(news.id) == (
            p.store.document_origin(news.id)[0], hashlib.sha256(NEWS.read_bytes()).hexdigest()
        )
        assert [squash(x) for x in p.store.document_text(pdf.id).split("\n")] == PDF_EXPECTED
        assert p.store.document_origin(pdf.id)[0].startswith("pypdfium2 ")
    assert main(["import", str(project), f"{web}/world/story"]) == 0  # the same page again
    assert "already in the project" in capsys.readouterr().out


def test_a_url_larger_than_the_cap_is_refused(web: str) -> None:
    from annot.core.extract.fetch import fetch_source

    with pytest.raises(ImportProblem, match="larger than"):
        fetch_source(f"{web}/world/story", max_bytes=1000)
    with pytest.raises(ImportProblem, match="could not be fetched"):
        fetch_source("http://127.0.0.1:9/nothing", timeout=2)


def test_a_folder_imports_the_documents_inside_it(tmp_path: Path) -> None:
    folder = tmp_path / "clippings"
    (folder / "more").mkdir(parents=True)
    (folder / ".hidden").mkdir()
    (folder / "a.html").write_bytes(NEWS.read_bytes())
    make_pdf(folder / "more" / "b.pdf", pages=1, running=False)
    (folder / "c.txt").write_text("Moscow joined in 1996, the report says.", "utf-8")
    (folder / "picture.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (folder / ".hidden" / "d.txt").write_text("A hidden note that is not a source.", "utf-8")
    empty = tmp_path / "empty"
    empty.mkdir()
    with Project.create(tmp_path / "p.annot") as p:
        result = p.import_files([folder, empty])
        names = [p.store.document_info(d).filename for d in result.document_ids]
        assert names == ["a.html", "c.txt", "b.pdf"]  # folder order: a.html, c.txt, more/b.pdf
        assert len(result.problems) == 1 and "empty: is a folder" in result.problems[0]
