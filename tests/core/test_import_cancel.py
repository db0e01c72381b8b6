"""One Cancelled (issue 9, part 3): every reader (CSV, W3C, brat, REFI-QDA, documents) and the
merge stop with :class:`annot.core.errors.Cancelled` when their progress says stop, at any
point, and the project's rows are exactly as they were (no half import, no undo step)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from core_helpers import differences, dump

from annot.core.errors import Cancelled
from annot.core.export.brat import export_brat
from annot.core.export.tables import export_annotations
from annot.core.export.wadm import export_wadm
from annot.core.imports.report import ImportReport
from annot.core.interchange import import_annotations_any
from annot.core.merge import merge_projects
from annot.core.model import LinkKind
from annot.core.progress import Progress
from annot.core.project import Project
from annot.core.refi.export import export_qdpx


def _annotated(path: Path) -> Project:
    """Two spans and a link in each seed document (many progress calls once asked often)."""
    p = Project.create(path, seeds=True)
    p.set_annotator("alice")
    tags = {t.name: t.id for t in p.store.tags()}
    for doc in p.store.documents():
        claim = p.add_annotation(doc.id, tags["claim"], 0, 12, note="n")
        actor = p.add_annotation(doc.id, tags["actor"], 14, 20)
        p.link(LinkKind.SAID_BY, claim.id, actor.id)
    return p


def _often(monkeypatch: pytest.MonkeyPatch) -> None:
    """Ask the progress after every item, as for a large file."""
    from annot.core import merge_plan
    from annot.core.imports import csv_annotations, wadm
    from annot.core.refi import read

    monkeypatch.setattr(merge_plan, "_EVERY", 1)
    monkeypatch.setattr(wadm, "_EVERY", 1)
    monkeypatch.setattr(read, "_EVERY", 1)
    monkeypatch.setattr(csv_annotations, "PROGRESS_EVERY", 1)


FORMATS = ["csv", "jsonld", "brat", "qdpx", "merge", "documents"]


def _importer(fmt: str, source: Project, tmp_path: Path) -> Callable[[Project, Progress], object]:
    if fmt == "merge":
        source.close()
        return lambda p, progress: merge_projects(p, source.path, progress=progress)
    if fmt == "documents":
        files = []
        for i, info in enumerate(source.store.documents()):
            f = tmp_path / f"doc{i}.txt"
            f.write_text(source.store.document_text(info.id) + f"\nfile {i}\n", "utf-8")
            files.append(f)
        return lambda p, progress: p.import_files(files, progress=progress)
    out = tmp_path / ("brat" if fmt == "brat" else f"out.{fmt}")
    {"csv": export_annotations, "jsonld": export_wadm, "brat": export_brat, "qdpx": export_qdpx}[fmt](
        source.store, out
    )
    return lambda p, progress: import_annotations_any(p, out, annotator="alice", progress=progress)


def _stopping_at(call: int, seen: list[tuple[int, int]]) -> Progress:
    """A progress whose Cancel is pressed at its ``call``-th call (1 = the first)."""

    def progress(done: int, total: int) -> bool:
        seen.append((done, total))
        return len(seen) < call

    return progress


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_cancel_at_any_point_raises_cancelled_and_writes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fmt: str
) -> None:
    _often(monkeypatch)
    source = _annotated(tmp_path / "source.annot")
    run = _importer(fmt, source, tmp_path)
    target = Project.create(tmp_path / "target.annot", seeds=True)
    target.set_annotator("bob")
    if fmt == "merge":  # bob's own work is there too: a merge must leave it as it is
        doc = target.store.documents()[0]
        target.add_annotation(doc.id, target.store.tags()[0].id, 3, 9)
    target.history.clear()
    before = dump(target.path)

    calls: list[tuple[int, int]] = []

    def counting(done: int, total: int) -> bool:
        calls.append((done, total))
        return True

    trial = Project.create(tmp_path / "trial.annot", seeds=True)  # how many times it asks
    run(trial, counting)
    trial.close()
    asked = len(calls)
    assert asked >= 3, calls
    for stop_at in sorted({1, 2, asked // 2, asked - 1}):  # the last call comes after the write
        seen: list[tuple[int, int]] = []
        with pytest.raises(Cancelled):
            run(target, _stopping_at(stop_at, seen))
        assert len(seen) == stop_at  # it stopped at once
        assert differences(before, dump(target.path)) == "", f"{fmt}: cancelled at call {stop_at}"
        assert not target.history.can_undo
    report = run(target, counting)  # and then it imports as if never cancelled
    assert dump(target.path) != before
    if fmt != "documents":
        assert isinstance(report, ImportReport) and report.changed


def test_the_report_has_no_cancelled_state() -> None:
    """A cancelled import raises: there is no report of one (nor a text for it)."""
    assert not hasattr(ImportReport(), "cancelled")
