"""import_annotations_any chooses the importer by the path; tags are matched across case."""

from __future__ import annotations

import json
import sys
import types
from pathlib import Path
from typing import Any

import pytest

from annot.core.codebook import AddTag
from annot.core.documents import SourceText, sha256_text
from annot.core.errors import ImportProblem
from annot.core.export.brat import export_brat
from annot.core.export.wadm import export_wadm
from annot.core.imports.report import ImportReport
from annot.core.interchange import import_annotations_any
from annot.core.model import Role, Tag, TagId
from annot.core.project import Project

TEXT = "Анна сказала: «нет». Then 😀 happened.\r\n"


def small_project() -> Project:
    p = Project.in_memory()
    p.set_annotator("alice")
    p.import_sources([SourceText(TEXT, "t", "", "t.txt", sha256_text(TEXT))])
    p.run(AddTag(Tag(TagId(0), "Дата ✓", "#102030", "", "", Role.OTHER)))
    doc = p.store.documents()[0].id
    tag = p.store.tags()[-1].id
    p.add_annotation(doc, tag, 0, 4, note="имя")
    return p


def fresh_with_lowercase_tag() -> Project:
    q = Project.in_memory()
    q.import_sources([SourceText(TEXT, "t", "", "t.txt", sha256_text(TEXT))])
    q.run(AddTag(Tag(TagId(0), "дата ✓", "#405060", "", "", Role.OTHER)))
    return q


def test_jsonld_file_and_brat_folder_are_recognised(tmp_path: Path) -> None:
    p = small_project()
    export_wadm(p.store, tmp_path / "a.jsonld")
    (tmp_path / "a.json").write_bytes((tmp_path / "a.jsonld").read_bytes())
    export_brat(p.store, tmp_path / "brat")
    for target, annotator in ((tmp_path / "a.jsonld", None), (tmp_path / "a.json", None),
                              (tmp_path / "brat", "bob")):  # fmt: skip
        q = fresh_with_lowercase_tag()
        report = import_annotations_any(q, target, annotator=annotator)
        assert isinstance(report, ImportReport) and report.annotations.added == 1
        # the tag already exists in another case (Cyrillic): re-used, not duplicated
        assert report.new_tags == [] and len(q.store.tags()) == 4
        [a] = q.store.annotations()
        assert (a.quote, a.note, q.store.tag(a.tag_id).name) == ("Анна", "имя", "дата ✓")


def test_csv_goes_to_the_csv_importer(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[tuple[Any, ...]] = []
    fake = types.ModuleType("annot.core.imports.csv_annotations")

    def import_annotations_csv(
        project: Project, path: Path, *, progress: Any = None, annotator: Any = None, initiator: Any = None
    ) -> str:
        calls.append((project, path, progress, annotator))
        return "csv report"

    fake.import_annotations_csv = import_annotations_csv  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "annot.core.imports.csv_annotations", fake)
    f = tmp_path / "rows.CSV"
    f.write_text("document,annotator,start,end,tag\n", "utf-8")
    p = Project.in_memory()
    assert import_annotations_any(p, f, annotator="zoe") == "csv report"
    assert calls == [(p, f, None, "zoe")]  # the annotator of rows that name none


@pytest.mark.parametrize(
    ("name", "message"),
    [("missing.jsonld", "does not exist"), ("doc.ann", "give the folder"), ("table.xlsx", "not a format")],
)
def test_other_paths_are_refused_by_name(tmp_path: Path, name: str, message: str) -> None:
    path = tmp_path / name
    if name != "missing.jsonld":
        path.write_bytes(b"x")
    with pytest.raises(ImportProblem, match=message) as err:
        import_annotations_any(Project.in_memory(), path)
    assert str(path) in str(err.value)


def test_reimporting_an_edited_file_does_not_duplicate(tmp_path: Path) -> None:
    p = small_project()
    out = tmp_path / "a.jsonld"
    export_wadm(p.store, out)
    data = json.loads(out.read_text("utf-8"))
    assert import_annotations_any(p, out).annotations.skipped == 1
    assert p.store.annotation_count() == 1 and data["total"] == 1


def test_a_new_format_is_one_entry_in_the_readers_table(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from annot.core import interchange
    from annot.core.errors import ImportProblem
    from annot.core.project import Project

    seen = []
    monkeypatch.setitem(interchange.READERS, ".xyz", lambda p, path, who, progress, by: seen.append((path, who)) or "report")
    f = tmp_path / "notes.XYZ"
    f.write_text("anything", encoding="utf-8")
    with Project.create(tmp_path / "p.annot") as p:
        assert interchange.import_annotations_any(p, f, annotator="zoë") == "report"
        assert seen == [(f, "zoë")]
        monkeypatch.delitem(interchange.READERS, ".xyz")
        try:
            interchange.import_annotations_any(p, f)
        except ImportProblem as exc:
            assert "notes.XYZ" in str(exc) and "not a format" in str(exc)
        else:
            raise AssertionError("an unknown suffix was accepted")
