"""The metadata sheet: `annot import --metadata` and `annot set-metadata`."""

from __future__ import annotations

from pathlib import Path

import pytest

from annot.cli import main
from annot.core.errors import ImportProblem
from annot.core.metadata import read_sheet
from annot.core.project import Project


def _texts(folder: Path) -> list[Path]:
    a = folder / "tass.txt"
    a.write_text("Russia leaves the torture convention\n\nMoscow said on Monday it would leave.", "utf-8")
    b = folder / "bbc.txt"
    b.write_text("Council of Europe reacts to the news\n\nThe council met last week.", "utf-8")
    return [a, b]


def _sheet(folder: Path, body: str) -> Path:
    sheet = folder / "sheet.csv"
    sheet.write_text("file,title,outlet,url,published\n" + body, "utf-8")
    return sheet


def test_import_with_metadata_sets_every_field(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "p.annot"
    main(["new", str(target)])
    files = _texts(tmp_path)
    sheet = _sheet(
        tmp_path,
        "tass.txt,Russia quits,TASS,https://tass.example/1,2025-09-29\n"
        "/some/where/bbc.txt,,BBC,,2025-09-30\n",
    )
    assert main(["import", str(target), *map(str, files), "--metadata", str(sheet)]) == 0
    assert "details set for 2 document(s)" in capsys.readouterr().out
    with Project.open(target) as project:
        docs = {d.filename: d for d in project.store.documents()}
    assert (docs["tass.txt"].title, docs["tass.txt"].outlet) == ("Russia quits", "TASS")
    assert (docs["tass.txt"].url, docs["tass.txt"].published) == ("https://tass.example/1", "2025-09-29")
    # an empty cell keeps what the import found (the headline as title)
    assert docs["bbc.txt"].title == "Council of Europe reacts to the news"
    assert (docs["bbc.txt"].outlet, docs["bbc.txt"].published) == ("BBC", "2025-09-30")


def test_bad_date_names_sheet_and_line_and_imports_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "p.annot"
    main(["new", str(target)])
    files = _texts(tmp_path)
    sheet = _sheet(tmp_path, "tass.txt,T,TASS,,2025-09-29\nbbc.txt,B,BBC,,29/09/2025\n")
    assert main(["import", str(target), *map(str, files), "--metadata", str(sheet)]) == 1
    err = capsys.readouterr().err
    assert str(sheet) in err and "line 3" in err and "'29/09/2025' is not a date" in err
    with Project.open(target) as project:
        assert project.store.documents() == []


@pytest.mark.parametrize(
    ("body", "problem"),
    [
        ("tass.txt,T,TASS,,2025-02-30\n", "line 2: published '2025-02-30' is not a date"),
        (",T,TASS,,2025-02-03\n", "line 2: the 'file' cell is empty"),
        ("tass.txt,T\n", "line 2: 2 cells, the header has 5"),
        ("tass.txt,T,,,\ntass.txt,U,,,\n", "line 3: 'tass.txt' is already on line 2"),
    ],
)
def test_sheet_problems_are_named(tmp_path: Path, body: str, problem: str) -> None:
    with pytest.raises(ImportProblem) as caught:
        read_sheet(_sheet(tmp_path, body))
    assert problem in str(caught.value) and str(tmp_path / "sheet.csv") in str(caught.value)


def test_sheet_without_file_column_or_with_a_typo(tmp_path: Path) -> None:
    sheet = tmp_path / "s.csv"
    sheet.write_text("name,title\na.txt,A\n", "utf-8")
    with pytest.raises(ImportProblem, match="no 'file' column"):
        read_sheet(sheet)
    sheet.write_text("file,publshed\na.txt,2025-01-01\n", "utf-8")
    with pytest.raises(ImportProblem, match=r"unknown column.*'publshed'"):
        read_sheet(sheet)


def test_set_metadata_updates_existing_documents_by_file_name(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "p.annot"
    main(["new", str(target)])
    main(["import", str(target), *map(str, _texts(tmp_path))])
    sheet = _sheet(tmp_path, "bbc.txt,,BBC News,https://bbc.example,2025-10-01\nmissing.txt,X,,,\n")
    assert main(["set-metadata", str(target), str(sheet)]) == 0
    captured = capsys.readouterr()
    assert "details set for 1 document(s)" in captured.out
    assert "missing.txt: no document has this file name" in captured.err
    with Project.open(target) as project:
        docs = {d.filename: d for d in project.store.documents()}
    assert (docs["bbc.txt"].outlet, docs["bbc.txt"].url, docs["bbc.txt"].published) == (
        "BBC News", "https://bbc.example", "2025-10-01",
    )
    assert docs["tass.txt"].outlet == ""


def test_set_metadata_in_a_project_is_one_undo_step(tmp_path: Path) -> None:
    project = Project.in_memory()
    project.import_files(_texts(tmp_path))
    before = project.store.documents()
    sheet = _sheet(tmp_path, "tass.txt,A,TASS,,2025-09-29\nbbc.txt,B,BBC,,2025-09-30\n")
    assert project.set_metadata(sheet) == (2, [])
    assert {d.outlet for d in project.store.documents()} == {"TASS", "BBC"}
    assert project.history.undo_label == "Set document details from a sheet"
    project.undo()
    assert project.store.documents() == before
    project.redo()
    assert {d.published for d in project.store.documents()} == {"2025-09-29", "2025-09-30"}
    # the same sheet again changes nothing and adds no undo step
    assert project.set_metadata(sheet) == (0, [])
    project.undo()
    assert project.store.documents() == before
