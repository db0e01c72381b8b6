"""One import pipeline (issue 9, part 3): every reader (CSV, W3C, brat, REFI-QDA) makes an
ImportPlan that the one ApplyImport command writes, and every import and merge says what it
did in one report type."""

from __future__ import annotations

from pathlib import Path

import pytest

from annot.core.export.brat import export_brat
from annot.core.export.tables import export_annotations
from annot.core.export.wadm import export_wadm
from annot.core.imports.plan import ApplyImport
from annot.core.imports.report import ImportReport
from annot.core.interchange import READERS, import_annotations_any
from annot.core.merge import merge_projects
from annot.core.model import LinkKind
from annot.core.project import Project
from annot.core.refi.export import export_qdpx


def _annotated(path: Path) -> Project:
    p = Project.create(path, seeds=True)
    p.set_annotator("alice")
    doc = p.store.documents()[0]
    tags = {t.name: t.id for t in p.store.tags()}
    claim = p.add_annotation(doc.id, tags["claim"], 0, 12, note="n")
    actor = p.add_annotation(doc.id, tags["actor"], 14, 20)
    p.link(LinkKind.SAID_BY, claim.id, actor.id)
    return p


def _spans(p: Project) -> list[tuple[str, int, int, str]]:
    names = {t.id: t.name for t in p.store.tags()}
    docs = {d.id: d.sha256 for d in p.store.documents()}
    return sorted((docs[a.document_id], a.start, a.end, names[a.tag_id]) for a in p.store.annotations())


@pytest.mark.parametrize("fmt", ["csv", "jsonld", "brat", "qdpx"])
def test_every_format_is_applied_by_apply_import_and_reports_alike(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fmt: str
) -> None:
    source = _annotated(tmp_path / "source.annot")
    out = tmp_path / ("brat" if fmt == "brat" else f"out.{fmt}")
    {"csv": export_annotations, "jsonld": export_wadm, "brat": export_brat, "qdpx": export_qdpx}[fmt](
        source.store, out
    )
    assert (out.suffix.lower() if fmt != "brat" else "/") in READERS  # CSV is in the table too
    target = Project.create(tmp_path / "target.annot", seeds=True)
    target.set_annotator("bob")
    commands: list[object] = []
    real_run = target.run
    monkeypatch.setattr(target, "run", lambda command: commands.append(command) or real_run(command))
    report = import_annotations_any(target, out, annotator="alice")
    assert [type(c) for c in commands] == [ApplyImport]  # one command, one undo step
    assert isinstance(report, ImportReport)
    assert report.annotations.added == 2 and report.annotations.skipped == 0
    assert _spans(target) == _spans(source)
    assert report.summary().startswith("imported 2 annotation(s)")
    assert report.headline().startswith("imported 2 annotation(s)") and out.name in report.headline()
    again = import_annotations_any(target, out, annotator="alice")  # nothing new: no step
    assert (again.annotations.added, again.annotations.skipped) == (0, 2)
    assert _spans(target) == _spans(source) and target.history.depth == 1
    target.undo()
    assert target.store.annotations() == []
    source.close()
    target.close()


def test_a_csv_duplicate_is_counted_as_a_multiset(project: Project, tmp_path: Path) -> None:
    """The project has a span once, the file twice: the second copy is new (and the file
    imported again adds nothing)."""
    doc = project.store.documents()[0]
    claim = next(t for t in project.store.tags() if t.name == "claim")
    project.add_annotation(doc.id, claim.id, 3, 9)
    f = tmp_path / "two.csv"
    f.write_text(f"document,annotator,start,end,tag\n{doc.id},alice,3,9,Claim\n{doc.id},alice,3,9,claim\n", "utf-8")
    first = import_annotations_any(project, f)
    assert (first.annotations.added, first.annotations.skipped) == (1, 1)
    assert project.history.undo_label == "Import 1 annotation(s) from two.csv"  # what it added
    second = import_annotations_any(project, f)
    assert (second.annotations.added, second.annotations.skipped) == (0, 2)
    assert [(a.start, a.end) for a in project.store.annotations(document_id=doc.id)] == [(3, 9), (3, 9)]


def test_a_merge_reports_in_the_same_type(tmp_path: Path) -> None:
    theirs = _annotated(tmp_path / "theirs.annot")
    theirs.close()
    ours = Project.create(tmp_path / "ours.annot", seeds=True)
    ours.set_annotator("bob")
    report = merge_projects(ours, tmp_path / "theirs.annot")
    assert isinstance(report, ImportReport) and report.merge
    assert (report.annotations.added, report.links.added, report.annotators.added) == (2, 1, 1)
    assert report.new_annotators == ["alice"]
    lines = report.summary().splitlines()
    assert lines[0] == f"merged {tmp_path / 'theirs.annot'}"
    assert lines[1 : 1 + len(report.counts())] == [f"  {k:<12} {c}" for k, c in report.counts().items()]
    assert report.headline() == "merged theirs.annot: 2 annotation(s) added, 0 updated, 0 deleted; new annotators: alice"
    again = merge_projects(ours, tmp_path / "theirs.annot")
    assert "(nothing new)" in again.summary() and not again.changed
    ours.close()
