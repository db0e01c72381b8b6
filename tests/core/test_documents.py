"""Importing source texts: encodings, verbatim text, duplicates, refusals, metadata."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest
from conftest import SEEDS
from core_helpers import dump

from annot.core.documents import find_published, find_title, read_source, sha256_text
from annot.core.errors import ImportProblem
from annot.core.project import Project

ENGLISH = "Russia withdraws from the convention\r\n\r\nThe decree – “approved” on 26 August – costs €0.\r\n"
FRENCH = (
    "Ça coûte 10 £ à Zürich, déjà vu : la façade naïve de l'hôtel.\nÎle, Noël, señor, Ørsted.\n"
)
RUSSIAN = (
    "Россия вышла из Европейской конвенции по предупреждению пыток. "
    "Закон подписал президент Владимир Путин в понедельник, сообщает правительственный портал. "
    "Ранее Государственная дума одобрила денонсацию конвенции, к которой страна присоединилась в 1996 году.\n"
)


def write(folder: Path, name: str, data: bytes) -> Path:
    f = folder / name
    f.write_bytes(data)
    return f


@pytest.mark.parametrize(
    ("encoded", "text"),
    [
        (ENGLISH.encode("utf-8"), ENGLISH),
        (codecs.BOM_UTF8 + ENGLISH.encode("utf-8"), ENGLISH),
        (codecs.BOM_UTF16_LE + ENGLISH.encode("utf-16-le"), ENGLISH),
        (codecs.BOM_UTF16_BE + ENGLISH.encode("utf-16-be"), ENGLISH),
        (ENGLISH.encode("cp1252"), ENGLISH),
        (FRENCH.encode("latin-1"), FRENCH),
        (RUSSIAN.encode("cp1251"), RUSSIAN),
        (RUSSIAN.encode("utf-16"), RUSSIAN),  # with the platform's BOM
    ],
    ids=["utf8", "utf8-bom", "utf16le", "utf16be", "cp1252", "latin1", "cp1251", "utf16-ru"],
)
def test_encodings_decode_to_the_verbatim_text(tmp_path: Path, encoded: bytes, text: str) -> None:
    f = write(tmp_path, "report.txt", encoded)
    src = read_source(f)
    assert src.text == text  # CRLF kept, no BOM, nothing normalised
    assert src.sha256 == sha256_text(text)
    with Project.create(tmp_path / "p.annot") as p:
        result = p.import_file(f)
        stored = p.store.document_text(result.document_ids[0])
        assert stored == text
        assert p.store.document_info(result.document_ids[0]).length == len(text)


def test_crlf_is_kept_and_offsets_count_both_characters(project: Project, tmp_path: Path) -> None:
    f = write(tmp_path, "crlf.md", b"first line\r\nsecond line\r\n")
    doc = project.import_file(f).document_ids[0]
    text = project.store.document_text(doc)
    assert text.count("\r\n") == 2 and len(text) == 25
    ann = project.add_annotation(doc, project.store.tags()[0].id, 10, 18)
    assert ann.quote == "\r\nsecond"


def test_reimporting_the_same_text_does_not_duplicate(project: Project, tmp_path: Path) -> None:
    first = write(tmp_path, "a.txt", ENGLISH.encode("utf-8"))
    same_text_other_bytes = write(
        tmp_path, "b.txt", codecs.BOM_UTF16_LE + ENGLISH.encode("utf-16-le")
    )
    assert project.import_file(first).document_ids
    before, label = dump(project.path), project.history.undo_label
    result = project.import_files(
        [first, same_text_other_bytes, SEEDS / "000_c1b8821bd13a6c4b.txt"]
    )
    assert result.document_ids == [] and result.problems == []
    assert result.duplicates == ["a.txt", "b.txt", "000_c1b8821bd13a6c4b.txt"]
    assert dump(project.path) == before
    assert project.history.undo_label == label  # no empty undo step
    twice = project.import_files([write(tmp_path, "c.txt", b"new text here"), tmp_path / "c.txt"])
    assert len(twice.document_ids) == 1 and twice.duplicates == ["c.txt"]


PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4


@pytest.mark.parametrize(
    ("name", "data", "words"),
    [
        ("image.txt", PNG, "binary"),
        ("empty.txt", b"", "is empty"),
        ("blank.md", b" \r\n\t\n   \n", "only white space"),
        ("bom-lies.txt", codecs.BOM_UTF8 + b"abc \xff\xfe\xfa def", "not valid utf-8"),
        ("utf16-lies.txt", codecs.BOM_UTF16_LE + b"a\x00b", "not valid utf-16-le"),
        ("controls.txt", bytes(range(1, 32)) * 20, "binary"),
        ("report.pdf", b"%PDF-1.7 ...", "not a PDF that can be read"),
        ("report.docx", b"PK\x03\x04", "not a Word .docx file"),
        ("report.odt", b"PK\x03\x04", "unsupported type (.odt)"),
        ("README", b"plain words", "unsupported type (no extension)"),
    ],
)
def test_bad_files_are_refused_naming_the_file(
    project: Project, tmp_path: Path, name: str, data: bytes, words: str
) -> None:
    f = write(tmp_path, name, data)
    before, label = dump(project.path), project.history.undo_label
    with pytest.raises(ImportProblem) as info:
        project.import_file(f)
    assert str(f) in str(info.value) and words in str(info.value), str(info.value)
    result = project.import_files([f])
    assert result.document_ids == [] and len(result.problems) == 1 and str(f) in result.problems[0]
    assert dump(project.path) == before
    assert project.history.undo_label == label


def test_missing_file_and_folder_are_refused(project: Project, tmp_path: Path) -> None:
    for target, words in ((tmp_path / "gone.txt", "does not exist"), (tmp_path, "is a folder")):
        with pytest.raises(ImportProblem) as info:
            project.import_file(target)
        assert str(target) in str(info.value) and words in str(info.value)


def test_a_batch_keeps_the_good_files_and_reports_the_bad(project: Project, tmp_path: Path) -> None:
    good = write(tmp_path, "good.txt", RUSSIAN.encode("cp1251"))
    bad = write(tmp_path, "bad.txt", b"")
    result = project.import_files([bad, good])
    assert len(result.document_ids) == 1 and len(result.problems) == 1 and "bad.txt" in result.problems[0]
    project.undo()  # the batch is one undo step
    assert len(project.store.documents()) == 5


def seed(prefix: str) -> Path:
    return next(SEEDS.glob(f"{prefix}_*.txt"))


def test_seed_titles_and_dates() -> None:
    expected = {
        "000": ("On September 29, 2025, Russia officially denounced the European Convention…", ""),
        "001": ("On Monday, September 29, 2025, Russian President Vladimir Putin signed a law…", ""),
        "002": ("Russia withdraws from anti-torture convention", ""),
        "003": (
            "Russia leaving European Convention for the Prevention of Torture: "
            "a withdrawal with profound consequences",
            "2025-12-07",
        ),
        "004": (
            "Russia will formally withdraw from Europe’s convention for the prevention of torture…",
            "2025-08-26",
        ),
    }
    for prefix, (title, published) in expected.items():
        src = read_source(seed(prefix))
        assert (src.title, src.published) == (title, published), prefix


@pytest.mark.parametrize(
    ("text", "published"),
    [
        ("date 2025-08-26 Russia will withdraw", "2025-08-26"),
        ("Published: 29 September 2025\nText", "2025-09-29"),
        ("Headline here\nSeptember 29, 2025\nBody", "2025-09-29"),
        ("Monday, Sept. 29, 2025\n", "2025-09-29"),
        ("07.12.25\n", "2025-12-07"),
        ("On 29 September 2025, Putin signed a law.", ""),  # an event, not the publication
        ("date 2025-02-30 broken", ""),
        ("no date at all", ""),
    ],
)
def test_publication_date(text: str, published: str) -> None:
    assert find_published(text) == published


@pytest.mark.parametrize(
    ("text", "title"),
    [
        (
            "Russia withdraws from anti-torture convention\n\nBody.",
            "Russia withdraws from anti-torture convention",
        ),
        ("A sentence that ends with a full stop.\nMore.", "file"),
        ("Blog\n07.12.25\nRussia leaves the convention\n", "Russia leaves the convention"),
        ("\ufeffx\n", "file"),
    ],
)
def test_title(text: str, title: str) -> None:
    assert find_title(text, "file") == title


@pytest.mark.parametrize(
    ("text", "encoding"),
    [
        ("Grüße aus München, schöne Straße, sagte der Sprecher.", "cp1252"),
        ("Zażółć gęślą jaźń. Pchnąć w tę łódź jeża lub ośm skrzyń fig.", "cp1250"),
        ("Příliš žluťoučký kůň úpěl ďábelské ódy. Český text o vládě a parlamentu.", "cp1250"),
        ("Ελληνικά κείμενα από την Αθήνα, σήμερα το πρωί.", "cp1253"),
        (
            "Bugün İstanbul'da hava çok güzel, ışıklı ve sıcak bir gün olacak. Şehirde ağaçlar yeşil.",
            "cp1254",
        ),
    ],
)
def test_other_legacy_encodings(tmp_path: Path, text: str, encoding: str) -> None:
    """cp1252 is preferred for Western texts only when it reads better: other code pages
    detected by charset-normalizer are kept."""
    assert read_source(write(tmp_path, "legacy.txt", text.encode(encoding))).text == text


def test_a_document_import_reports_in_the_one_import_report(project: Project, tmp_path: Path) -> None:
    """Documents, like annotations, come back as an ImportReport: the documents added, the
    files already there, each refused file named with its problem; its summary is what the
    CLI prints and the GUI shows."""
    from annot.core.imports.report import ImportReport

    good = write(tmp_path, "good.txt", ENGLISH.encode("utf-8"))
    empty = write(tmp_path, "empty.txt", b"")
    project.import_file(write(tmp_path, "there.txt", FRENCH.encode("utf-8")))
    report = project.import_files([good, empty, tmp_path / "there.txt"])
    assert isinstance(report, ImportReport)
    assert [project.store.document_info(d).filename for d in report.document_ids] == ["good.txt"]
    assert (report.documents.added, report.documents.skipped) == (1, 1)
    assert report.duplicates == ["there.txt"] and report.incomplete
    [problem] = report.problems
    assert str(empty) in problem and "is empty" in problem
    assert report.headline() == "imported 1 document(s); 1 already in the project; 1 file(s) not imported"
    assert report.summary().splitlines() == [
        "imported 1 document(s)",
        "skipped: there.txt is already in the project",
        f"skipped: {problem}",
    ]
