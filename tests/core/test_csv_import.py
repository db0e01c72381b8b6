"""Importing annotations from CSV: document resolution, bad input, one undo step."""

from __future__ import annotations

from pathlib import Path

import pytest

from annot.core.errors import Cancelled, ImportProblem
from annot.core.imports.csv_annotations import import_annotations_csv
from annot.core.project import Project

HEADER = "document,annotator,start,end,tag,note\r\n"


def snapshot(project: Project) -> tuple[list[object], list[object], list[object]]:
    s = project.store
    return s.annotations(), s.tags(), s.annotators()


def write(tmp_path: Path, body: str, name: str = "ann.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(body.encode("utf-8"))
    return path


def test_every_way_of_naming_a_document(project: Project, tmp_path: Path) -> None:
    docs = project.store.documents()
    titled = next(d for d in docs if d.title != Path(d.filename).stem)
    other = docs[0]
    body = HEADER + "".join(
        f"{name},bob,{i},{i + 5},claim,\r\n"
        for i, name in enumerate(
            [
                str(other.id),
                other.sha256,
                other.sha256.upper(),
                f'"{titled.title}"',
                titled.filename,
                Path(titled.filename).stem,
            ]
        )
    )
    report = import_annotations_csv(project, write(tmp_path, body))
    assert report.annotations.added == 6
    got = [(a.document_id, a.start) for a in project.store.annotations()]
    assert sorted(got) == sorted(
        [(other.id, 0), (other.id, 1), (other.id, 2), (titled.id, 3), (titled.id, 4), (titled.id, 5)]
    )
    for a in project.store.annotations():
        text = project.store.document_text(a.document_id)
        assert a.quote == text[a.start : a.end]
        assert a.context_before == text[max(0, a.start - 40) : a.start]


def test_unknown_tags_and_annotators_are_created_and_undo_removes_everything(
    project: Project, tmp_path: Path
) -> None:
    before = snapshot(project)
    doc = project.store.documents()[1]
    body = (
        "\ufeffTag,Document,Start,End,Annotator,Extra\r\n"  # BOM, any order and case, extra column
        f"Claim,{doc.id},0,10,carol,x\r\n"
        f"stance,{doc.id},5,20,carol,y\r\n"
        f"STANCE,{doc.id},7,9,dave,z\r\n"
    )
    report = import_annotations_csv(project, write(tmp_path, body))
    assert (report.annotations.added, report.tags.added, report.annotators.added) == (3, 1, 2)
    assert report.new_tags == ["stance"] and sorted(report.new_annotators) == ["carol", "dave"]
    stance = project.store.tag_by_name("stance")
    assert stance is not None and project.store.tag_usage(stance.id) == 2
    project.undo()
    assert snapshot(project) == before
    project.redo()
    after = snapshot(project)
    assert len(after[0]) == 3 and project.store.tag_by_name("stance") == stance
    project.undo()
    assert snapshot(project) == before


def test_note_column_is_optional_and_kept(project: Project, tmp_path: Path) -> None:
    body = 'document,annotator,start,end,tag,note\r\n1,bob,0,3,actor,"a note, with ""quotes""\nand a line"\r\n'
    import_annotations_csv(project, write(tmp_path, body))
    (a,) = project.store.annotations()
    assert a.note == 'a note, with "quotes"\nand a line'
    import_annotations_csv(project, write(tmp_path, "document,annotator,start,end,tag\n1,bob,4,6,date\n", "b.csv"))
    assert [a.note for a in project.store.annotations()] == ["a note, with \"quotes\"\nand a line", ""]


def test_empty_annotator_cell_means_the_current_annotator(project: Project, tmp_path: Path) -> None:
    import_annotations_csv(project, write(tmp_path, HEADER + "1,,0,3,claim,\r\n"))
    (a,) = project.store.annotations()
    assert project.store.annotator(a.annotator_id).name == "alice"


@pytest.mark.parametrize(
    ("row", "line", "message"),
    [
        ("1,bob,0,900000,claim,", 3, "end 900000 is past the end of document"),
        ("1,bob,x,9,claim,", 3, "start 'x' is not a whole number"),
        ("1,bob,1.5,9,claim,", 3, "start '1.5' is not a whole number"),
        ("1,bob,-1,9,claim,", 3, "start -1 is negative"),
        ("1,bob,9,9,claim,", 3, "start 9 is not before end 9"),
        ("nowhere,bob,0,9,claim,", 3, "no document in the project is called 'nowhere'"),
        (",bob,0,9,claim,", 3, "the document cell is empty"),
        ("1,bob,0,9,,", 3, "the tag cell is empty"),
        ("1,bob,0,9", 3, "has 4 field(s) but the header has 6"),
    ],
)
def test_a_bad_row_imports_nothing(
    project: Project, tmp_path: Path, row: str, line: int, message: str
) -> None:
    before = snapshot(project)
    path = write(tmp_path, HEADER + "1,bob,0,5,claim,fine\r\n" + row + "\r\n" + "2,bob,0,5,newtag,\r\n")
    with pytest.raises(ImportProblem) as err:
        import_annotations_csv(project, path)
    assert str(err.value).startswith(f"{path}: line {line}: ")
    assert message in str(err.value)
    assert "Nothing was imported (1 bad row(s))" in str(err.value)
    assert snapshot(project) == before
    assert not project.history.can_undo


def test_length_named_in_the_message(project: Project, tmp_path: Path) -> None:
    doc = project.store.documents()[0]
    path = write(tmp_path, HEADER + "\r\n" * 5 + f"{doc.id},bob,0,{doc.length + 1},claim,\r\n")
    with pytest.raises(ImportProblem) as err:
        import_annotations_csv(project, path)
    assert str(err.value).startswith(
        f"{path}: line 7: end {doc.length + 1} is past the end of document {doc.title!r} "
        f"(length {doc.length})"
    )


def test_line_numbers_count_lines_inside_quoted_cells(project: Project, tmp_path: Path) -> None:
    path = write(tmp_path, HEADER + '1,bob,0,5,claim,"two\nlines"\r\n1,bob,0,x,claim,\r\n')
    with pytest.raises(ImportProblem, match=r"line 4: end 'x'"):
        import_annotations_csv(project, path)


def test_ambiguous_document(project: Project, tmp_path: Path) -> None:
    from annot.core.documents import SourceText, sha256_text

    for text in ("first text", "second text"):
        project.import_sources([SourceText(text, "Same title", "", "x.txt", sha256_text(text))])
    path = write(tmp_path, HEADER + "same title,bob,0,3,claim,\r\n")
    before = snapshot(project)
    with pytest.raises(ImportProblem, match=r"line 2: document 'same title' is ambiguous"):
        import_annotations_csv(project, path)
    assert snapshot(project) == before


def test_many_bad_rows_are_listed_up_to_a_limit(project: Project, tmp_path: Path) -> None:
    path = write(tmp_path, HEADER + "".join(f"1,bob,{i},x,claim,\r\n" for i in range(50)))
    with pytest.raises(ImportProblem) as err:
        import_annotations_csv(project, path)
    text = str(err.value)
    assert "line 2: end 'x'" in text and "line 21: end 'x'" in text and "line 22:" not in text
    assert "and 30 more bad row(s)" in text and "(50 bad row(s))" in text
    assert project.store.annotation_count() == 0


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "is empty"),
        (b"\xef\xbb\xbf \r\n", "is empty"),
        (b"PK\x03\x04\x00\x00binary\x00", "binary file"),
        ("document,annotator,start,end,tag\n1,Jos\xe9,0,3,claim\n".encode("latin-1"), "is not UTF-8 text (line 2"),
        ("document,annotator,start,end,tag\n".encode("utf-16"), "is UTF-16"),
        (b"document,start,end\n1,0,3\n", "the header lacks the column(s) annotator, tag"),
        (b"1,bob,0,3,claim\n", "the header lacks the column(s)"),
        (b"document,annotator,start,end,tag\r\n", "has a header but no rows"),
    ],
)
def test_bad_files_name_the_file(project: Project, tmp_path: Path, data: bytes, message: str) -> None:
    path = tmp_path / "bad.csv"
    path.write_bytes(data)
    before = snapshot(project)
    with pytest.raises(ImportProblem) as err:
        import_annotations_csv(project, path)
    assert str(err.value).startswith(f"{path}: ")
    assert message in str(err.value)
    assert snapshot(project) == before
    assert path.read_bytes() == data


def test_missing_file_and_folder(project: Project, tmp_path: Path) -> None:
    with pytest.raises(ImportProblem, match="does not exist"):
        import_annotations_csv(project, tmp_path / "nope.csv")
    with pytest.raises(ImportProblem, match="is a folder"):
        import_annotations_csv(project, tmp_path)


def test_cancel_imports_nothing(project: Project, tmp_path: Path) -> None:
    path = write(tmp_path, HEADER + "1,bob,0,5,claim,\r\n" * 12000)
    with pytest.raises(Cancelled):
        import_annotations_csv(project, path, progress=lambda done, total: False)
    assert project.store.annotation_count() == 0


def test_import_survives_reopening(project: Project, tmp_path: Path) -> None:
    import_annotations_csv(project, write(tmp_path, HEADER + "2,bob,3,8,actor,n\r\n"))
    rows = project.store.annotations()
    path = project.path
    project.close()
    with Project.open(path) as again:
        assert again.store.annotations() == rows


def test_generated_ids_are_distinct_version_4_uuids() -> None:
    import uuid

    from annot.core.imports.csv_annotations import uuid4_strings

    ids = uuid4_strings(2000)
    assert len(set(ids)) == 2000
    for s in ids:
        u = uuid.UUID(s)
        assert (u.version, u.variant, str(u)) == (4, uuid.RFC_4122, s)
