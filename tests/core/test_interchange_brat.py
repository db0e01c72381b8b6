"""brat standoff export and import: check_brat.py conformance, brat's own tutorial data,
line-break fragments, type names, folder safety, undo and bad input."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from annot.core.documents import SourceText, sha256_text
from annot.core.errors import ExportProblem, ImportProblem, ValidationError
from annot.core.export.brat import (
    brat_type,
    escape_note,
    export_brat,
    fragments,
    tag_name,
    unescape_note,
)
from annot.core.imports.brat import import_brat
from annot.core.model import LinkKind
from annot.core.project import Project
from tests.conftest import REFERENCE

TUTORIAL = REFERENCE / "brat" / "tutorial-news"


def check_brat(folder: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(REFERENCE / "check_brat.py"), str(folder), "--strict"],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip


def t_lines(ann: Path) -> list[str]:
    """The type, offsets and text of every T line (ids may be numbered differently)."""
    return sorted(x.split("\t", 1)[1] for x in ann.read_bytes().decode("utf-8").split("\n") if x.startswith("T"))


HOSTILE = "Заголовок 👩‍👩‍👧 news\r\nThe minister said\u202f«no» to e\u0301te\u0301.\r\n\u200fשלום\u200e and 😀 end.\n"


def hostile_project(tmp_path: Path) -> Project:
    p = Project.create(tmp_path / "h.annot")
    p.set_annotator("alice")
    p.import_sources([SourceText(HOSTILE, "Hostile", "", "hostile report (v2).txt", sha256_text(HOSTILE))])
    return p


def test_export_passes_check_brat_with_crlf_emoji_and_multiline_spans(tmp_path: Path) -> None:
    p = hostile_project(tmp_path)
    doc = p.store.documents()[0].id
    tags = {t.name: t.id for t in p.store.tags()}
    s = HOSTILE.index("The minister")
    claim = p.add_annotation(doc, tags["claim"], HOSTILE.index("news"), HOSTILE.index("and 😀"), note="crosses\ttwo line breaks")
    actor = p.add_annotation(doc, tags["actor"], s + 4, s + 12)
    p.add_annotation(doc, tags["date"], HOSTILE.index("👩"), HOSTILE.index(" news"))
    p.link(LinkKind.SAID_BY, claim.id, actor.id)
    out = tmp_path / "brat"
    summary = export_brat(p.store, out)
    assert (summary.documents, summary.annotations, summary.links) == (1, 3, 1)
    result = check_brat(out)
    assert result.returncode == 0, result.stdout
    assert "RESULT: PASS" in result.stdout
    assert (out / "hostile_report_v2.txt").read_bytes() == HOSTILE.encode("utf-8")
    ann = (out / "hostile_report_v2.ann").read_text("utf-8")
    # the claim crosses two CRLFs: three fragments that leave the line breaks out
    frags = fragments(HOSTILE, claim.start, claim.end)
    assert len(frags) == 3
    assert "claim " + ";".join(f"{a} {b}" for a, b in frags) in ann
    assert re.search(r"^R1\tsaid_by Arg1:T\d+ Arg2:T\d+$", ann, re.M)
    assert "AnnotatorNotes" in ann and "crosses\\ttwo line breaks" in ann
    conf = (out / "annotation.conf").read_text("utf-8")
    assert "[entities]" in conf and "said_by Arg1:claim, Arg2:actor" in conf


def test_tutorial_news_imports_and_exports_the_same_spans(tmp_path: Path) -> None:
    p = Project.in_memory()
    report = import_brat(p, TUTORIAL, annotator="bob")
    n_t = sum(len(t_lines(a)) for a in TUTORIAL.glob("*.ann"))
    assert report.annotations.added == n_t == 54
    assert report.documents.added == 4
    assert report.not_imported["events (E lines)"] == 12
    assert report.not_imported["attributes (A lines)"] == 6
    assert report.not_imported["equivalences (* lines)"] == 1
    assert report.not_imported["relations of type Family (no annot link kind)"] == 2
    assert "events (E lines)" in report.summary()
    notes = [a.note for a in p.store.annotations() if a.note]
    assert notes == ["Should fictional places be annotated?"]
    out = tmp_path / "again"
    export_brat(p.store, out)
    assert check_brat(out).returncode == 0
    for ann in sorted(TUTORIAL.glob("*.ann")):
        assert t_lines(out / ann.name) == t_lines(ann), ann.name
        txt = ann.with_suffix(".txt")
        assert (out / txt.name).read_bytes() == txt.read_bytes()
    # importing the same folder again adds nothing
    again = import_brat(p, TUTORIAL, annotator="bob")
    assert again.annotations.added == 0 and again.annotations.skipped == 54 and again.documents.skipped == 4


def test_known_relations_become_links_and_undo_removes_everything(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    text = "Putin said on Monday that talks failed.\nAnother line."
    (folder / "a.txt").write_bytes(text.encode())
    (folder / "a.ann").write_text(
        "T1\tclaim 14 38\tMonday that talks failed\n"
        "T2\tactor 0 5\tPutin\n"
        "T3\tdate 14 20\tMonday\n"
        "T4\tKey_figure 26 31\ttalks\n"
        "R1\tSaid-By Arg1:T1 Arg2:T2\n"
        "R2\tdated Arg1:T1 Arg2:T3\n"
        "R3\tsaid_by Arg1:T4 Arg2:T2\n"
        "R4\tCause Arg1:T1 Arg2:T4\n",
        "utf-8",
    )
    (folder / "visual.conf").write_text("[drawing]\nKey_figure\tbgColor:#123456\n", "utf-8")
    p = Project.in_memory()
    with pytest.raises(ValidationError, match="annotator"):
        import_brat(p, folder)
    report = import_brat(p, folder, annotator="dana")
    assert report.annotations.added == 4 and report.links.added == 2
    assert report.new_tags == ["Key figure"]
    assert p.store.tag_by_name("Key figure").colour == "#123456"  # type: ignore[union-attr]
    assert len(report.skipped_links) == 1 and "must start at a claim" in report.skipped_links[0]
    assert report.not_imported["relations of type Cause (no annot link kind)"] == 1
    kinds = sorted(link.kind.value for link in p.store.links())
    assert kinds == ["dated", "said_by"]
    p.undo()
    assert p.store.documents() == [] and p.store.annotation_count() == 0
    assert p.store.tag_by_name("Key figure") is None and p.store.annotators() == []
    p.redo()
    assert p.store.annotation_count() == 4 and len(p.store.links()) == 2


def test_discontinuous_spans(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    text = "North and South America\nsplit over\r\nlines"
    (folder / "d.txt").write_bytes(text.encode())
    (folder / "d.ann").write_text(
        "T1\tLocation 0 5;16 23\tNorth America\n"  # words in the gap: not imported
        "T2\tLocation 24 29;30 34;36 41\tsplit over lines\n",  # only line breaks: one span
        "utf-8",
    )
    p = Project.in_memory()
    report = import_brat(p, folder, annotator="x")
    assert report.not_imported["discontinuous spans with words between their parts"] == 1
    [a] = p.store.annotations()
    assert text[a.start : a.end] == "split over\r\nlines"


@pytest.mark.parametrize(
    ("files", "where", "message"),
    [
        ({"a.txt": b"Hello world", "a.ann": b"T1\tX 6 99\tworld\n"}, "a.ann", "outside the text"),
        ({"a.txt": b"Hello world", "a.ann": b"T1\tX 0 5\tworld\n"}, "a.ann", "cover 'Hello' but the line says"),
        ({"a.txt": b"Hello world", "a.ann": b"T1\tX zero five\tworld\n"}, "a.ann", "line 1: malformed"),
        ({"b.ann": b"T1\tX 0 5\tHello\n", "a.txt": b"Hello"}, "b.ann", "no matching text file b.txt"),
        ({"a.txt": b"caf\xe9", "a.ann": b""}, "a.txt", "not UTF-8"),
        ({"notes.md": b"nothing here"}, "", "holds no brat"),
    ],
)
def test_bad_brat_input_names_the_file_and_changes_nothing(
    tmp_path: Path, files: dict[str, bytes], where: str, message: str
) -> None:
    p = hostile_project(tmp_path)
    doc = p.store.documents()[0].id
    p.add_annotation(doc, p.store.tags()[0].id, 0, 5)
    before = (p.store.documents(), p.store.annotations(), p.store.tags(), p.store.annotators())
    folder = tmp_path / "bad"
    folder.mkdir()
    for name, data in files.items():
        (folder / name).write_bytes(data)
    with pytest.raises(ImportProblem) as err:
        import_brat(p, folder, annotator="eve")
    assert str(folder / where) in str(err.value) and message in str(err.value)
    assert (p.store.documents(), p.store.annotations(), p.store.tags(), p.store.annotators()) == before
    assert not p.history.can_undo or p.history.undo_label != "Import brat annotations"


def test_export_refuses_a_foreign_folder_and_replaces_its_own(tmp_path: Path) -> None:
    p = hostile_project(tmp_path)
    foreign = tmp_path / "thesis"
    foreign.mkdir()
    (foreign / "chapter1.docx").write_bytes(b"precious")
    with pytest.raises(ExportProblem, match="not empty"):
        export_brat(p.store, foreign)
    assert [f.name for f in foreign.iterdir()] == ["chapter1.docx"]
    out = tmp_path / "brat"
    export_brat(p.store, out)
    doc = p.store.documents()[0].id
    p.add_annotation(doc, p.store.tags()[0].id, 0, 9)
    export_brat(p.store, out)  # an earlier annot export is replaced as a whole
    assert len(t_lines(out / "hostile_report_v2.ann")) == 1
    assert sorted(f.name for f in tmp_path.iterdir() if f.name.startswith(".")) == []
    cancelled = export_brat(p.store, tmp_path / "never", progress=lambda done, total: False)
    assert cancelled.cancelled and not (tmp_path / "never").exists()
    empty = tmp_path / "empty"
    empty.mkdir()
    export_brat(p.store, empty)
    assert (empty / "annotation.conf").is_file()
    shutil.rmtree(empty)


def test_file_names_are_safe_and_unique(tmp_path: Path) -> None:
    p = Project.in_memory()
    for i, name in enumerate(["../../etc/passwd.txt", "CON.txt", "a b.txt", "A B.txt", ""]):
        text = f"text number {i}"
        p.import_sources([SourceText(text, "", "", name, sha256_text(text))])
    out = tmp_path / "b"
    export_brat(p.store, out)
    names = sorted(f.name for f in out.iterdir() if f.suffix == ".txt")
    assert names == ["A_B-2.txt", "_CON.txt", "a_b.txt", "document-5.txt", "passwd.txt"]


@given(st.text(min_size=1, max_size=30).map(lambda s: " ".join(s.split())).filter(bool))
def test_type_names_are_identifiers_and_reversible(name: str) -> None:
    brat = brat_type(name)
    assert re.fullmatch(r"[A-Za-z0-9_\-]+", brat)
    assert tag_name(brat) == name


@given(st.text(max_size=40))
def test_notes_escape_reversibly_onto_one_line(note: str) -> None:
    escaped = escape_note(note)
    assert not any(c in escaped for c in "\t\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")
    assert unescape_note(escaped) == note


def test_brat_names_read_from_other_tools() -> None:
    assert tag_name("Merge-org") == "Merge-org" and brat_type("Merge-org") == "Merge-org"
    assert tag_name("Geographical_part") == "Geographical part"
    assert brat_type("key figure") == "key_figure"
    assert brat_type("Zeuge/Zeugin") == "Zeuge-x2F-Zeugin"
    assert tag_name(brat_type("a-x41-b")) == "a-x41-b"


def test_ann_with_bom_and_crlf_lines_from_windows_tools(tmp_path: Path) -> None:
    folder = tmp_path / "win"
    folder.mkdir()
    (folder / "w.txt").write_bytes("Ольга said hi.\r\n".encode())
    (folder / "w.ann").write_bytes("\ufeffT1\tactor 0 5\tОльга\r\n#1\tAnnotatorNotes T1\tнота\r\n".encode())
    p = Project.in_memory()
    report = import_brat(p, folder, annotator="x")
    assert report.annotations.added == 1 and not report.not_imported
    [a] = p.store.annotations()
    assert (a.quote, a.note) == ("Ольга", "нота")
