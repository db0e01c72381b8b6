"""CSV round-trips and stays safe (issue 8, part 7): the formula guard covers LF and NUL,
import undoes it, and a ``quote`` column re-anchors rows or refuses them by line."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from annot.core.errors import ImportProblem
from annot.core.export.tables import FORMULA_STARTS, export_annotations, neutralise, unneutralise
from annot.core.imports.csv_annotations import import_annotations_csv
from annot.core.model import Role, Tag, TagId
from annot.core.project import Project

SAMPLES = [
    "", "plain", "=SUM(A1)", "+plus", "-minus", "@at", "\ttab", "\rcr", "\nlf", "\x00nul",
    "'", "'quoted", "'=x", "''=x", "'''+y", "it's", "=", "'\n", "a=b",
]  # fmt: skip


@pytest.mark.parametrize("cell", SAMPLES)
def test_the_guard_is_safe_and_reversible(cell: str) -> None:
    guarded = neutralise(cell)
    assert guarded[:1] not in FORMULA_STARTS
    assert unneutralise(guarded) == cell


def test_cells_starting_with_lf_or_nul_are_guarded(project: Project, tmp_path: Path) -> None:
    store = project.store
    doc = store.documents()[0]
    text = store.document_text(doc.id)
    at = text.index("\n")  # a span that starts on a line break
    claim = next(t for t in store.tags() if t.role is Role.CLAIM)
    project.add_annotation(doc.id, claim.id, at, at + 10, note="\nstarts with a line feed")
    project.add_annotation(doc.id, claim.id, 0, 5, note="\x00starts with NUL")
    out = tmp_path / "a.csv"
    export_annotations(store, out)
    rows = list(csv.reader(io.StringIO(out.read_text("utf-8"), newline="")))
    cells = [c for r in rows[1:] for c in r]
    assert "'\nstarts with a line feed" in cells and "'\x00starts with NUL" in cells
    assert "'" + text[at : at + 10] in cells
    assert not [c for c in cells if c[:1] and c[:1] in "=+-@\t\r\n\x00"]


def hostile_project(path: Path) -> Project:
    project = Project.create(path, seeds=True)
    project.set_annotator("=bob")
    store = project.store
    with store.atomic():
        plus = store.add_tag(Tag(TagId(0), "+plus", "#123456", "", "", Role.OTHER))
    docs = store.documents()
    for i, doc in enumerate(docs):
        text = store.document_text(doc.id)
        project.add_annotation(doc.id, plus, 10, 30, note=f"-note {i}")
        project.add_annotation(doc.id, plus, 40, 60, note="'=already quoted")
        at = text.index("\n")
        project.add_annotation(doc.id, plus, at, at + 8, note="@home")
    return project


def test_reimporting_our_own_export_adds_nothing(tmp_path: Path) -> None:
    with hostile_project(tmp_path / "p.annot") as project:
        out = tmp_path / "all.csv"
        n = export_annotations(project.store, out)
        before = project.store.annotations(), project.store.tags(), project.store.annotators()
        report = import_annotations_csv(project, out)
        assert report.annotations.added == 0 and report.annotations.skipped == n
        after = project.store.annotations(), project.store.tags(), project.store.annotators()
        assert after == before  # no tag "'+plus", no annotator "'=bob", no duplicate


def test_our_export_imports_into_a_fresh_project_unchanged(tmp_path: Path) -> None:
    with hostile_project(tmp_path / "p.annot") as project:
        out = tmp_path / "all.csv"
        export_annotations(project.store, out)
        want = sorted((a.start, a.end, a.note) for a in project.store.annotations())
    with Project.create(tmp_path / "q.annot", seeds=True) as fresh:
        report = import_annotations_csv(fresh, out)
        assert report.new_tags == ["+plus"] and report.new_annotators == ["=bob"]
        got = sorted((a.start, a.end, a.note) for a in fresh.store.annotations())
        assert got == want  # "-note", "'=already quoted", "@home" come back verbatim


# -- a quote column ---------------------------------------------------------------------------

HEADLINE = "Parliament votes on the new budget today\n\n"
BODY = "".join(
    f"Paragraph {i}: the minister said the budget of region {i} will grow, the opposition said it will not.\n"
    for i in range(30)
)
INSERTED = "Editor's note: this version adds a paragraph at the top, so every offset moves.\n"


def test_a_quote_column_reanchors_rows_when_the_same_titled_document_differs(tmp_path: Path) -> None:
    theirs_file = tmp_path / "theirs" / "report.txt"
    theirs_file.parent.mkdir()
    theirs_file.write_text(HEADLINE + INSERTED + BODY, "utf-8")
    ours_file = tmp_path / "ours" / "report.txt"
    ours_file.parent.mkdir()
    ours_file.write_text(HEADLINE + BODY, "utf-8")
    with Project.create(tmp_path / "theirs.annot") as theirs:
        theirs.set_annotator("carol")
        theirs.import_files([theirs_file])
        doc = theirs.store.documents()[0]
        text = theirs.store.document_text(doc.id)
        claim = next(t for t in theirs.store.tags() if t.role is Role.CLAIM)
        quotes = []
        start = text.index("Paragraph 0")
        for word in ["the minister", "the budget", "the opposition", "will grow", "will not"] * 12:
            at = text.index(word, start)
            theirs.add_annotation(doc.id, claim.id, at, at + len(word))
            quotes.append(word)
            start = at + len(word)
        out = tmp_path / "theirs.csv"
        export_annotations(theirs.store, out)
        assert len(quotes) == 60
    with Project.create(tmp_path / "ours.annot") as ours:
        ours.import_files([ours_file])
        assert ours.store.documents()[0].title == doc.title  # same title, different text
        report = import_annotations_csv(ours, out, annotator="dave")
        assert report.annotations.added == 60 and len(report.reanchored) == 60
        ours_text = ours.store.document_text(ours.store.documents()[0].id)
        placed = sorted((a.start, ours_text[a.start : a.end]) for a in ours.store.annotations())
        expected = sorted(
            (a.start - len(INSERTED), text[a.start : a.end]) for a in theirs_annotations(tmp_path)
        )
        assert placed == expected


def theirs_annotations(tmp_path: Path) -> list:  # type: ignore[type-arg]
    with Project.open(tmp_path / "theirs.annot") as theirs:
        return theirs.store.annotations()


def test_a_quote_that_is_not_in_the_text_refuses_the_row(project: Project, tmp_path: Path) -> None:
    doc = project.store.documents()[0]
    text = project.store.document_text(doc.id)
    f = tmp_path / "q.csv"
    f.write_text(
        "document,annotator,start,end,tag,quote\r\n"
        f"{doc.id},bob,0,5,claim,{text[0:5]}\r\n"
        f"{doc.id},bob,0,5,claim,nowhere in this text\r\n",
        "utf-8",
    )
    with pytest.raises(ImportProblem) as info:
        import_annotations_csv(project, f)
    message = str(info.value)
    assert "line 3" in message and "quote" in message and "line 2" not in message
    assert project.store.annotations() == []


def far_project(tmp_path: Path, times: int) -> Project:
    f = tmp_path / "far.txt"
    f.write_text("A headline for the far report\n\n" + "Filler words here. " * 100 + " the red fox. " * times, "utf-8")
    project = Project.create(tmp_path / "far.annot")
    project.import_files([f])
    return project


def test_a_quote_far_from_its_offsets_but_unique_is_reanchored(tmp_path: Path) -> None:
    with far_project(tmp_path, 1) as project:
        doc = project.store.documents()[0]
        f = tmp_path / "q.csv"
        f.write_text(f"document,annotator,start,end,tag,quote\r\n{doc.id},bob,0,11,claim,the red fox\r\n", "utf-8")
        report = import_annotations_csv(project, f)
        assert report.annotations.added == 1 and len(report.reanchored) == 1
        text = project.store.document_text(doc.id)
        (a,) = project.store.annotations()
        assert text[a.start : a.end] == "the red fox" and a.start > 1000


def test_an_ambiguous_quote_far_from_its_offsets_refuses_the_row(tmp_path: Path) -> None:
    with far_project(tmp_path, 2) as project:
        doc = project.store.documents()[0]
        f = tmp_path / "q.csv"
        f.write_text(f"document,annotator,start,end,tag,quote\r\n{doc.id},bob,0,11,claim,the red fox\r\n", "utf-8")
        with pytest.raises(ImportProblem) as info:
            import_annotations_csv(project, f)
        assert "line 2" in str(info.value) and "occurs 2 times" in str(info.value)
        assert project.store.annotations() == []
