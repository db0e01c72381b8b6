"""Exports never destroy the user's files (issue 8, part 8): a brat export into an earlier
export folder keeps what the user put there and refuses to overwrite hand edits; a file
export never replaces the project's backup, journal or lock, a symbolic link or a FIFO."""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from pathlib import Path

import pytest

from annot.core.agreement import agreement
from annot.core.agreement_tables import write_csv, write_json
from annot.core.documents import SourceText, sha256_text
from annot.core.errors import ExportProblem
from annot.core.export.brat import export_brat
from annot.core.export.tables import export_annotations, export_claims
from annot.core.export.wadm import export_wadm
from annot.core.project import Project

TEXT = "The minister said on Monday that taxes would rise.\nThe opposition disagreed.\n"


def project(tmp_path: Path) -> Project:
    p = Project.create(tmp_path / "study.annot")
    p.set_annotator("alice")
    p.import_sources([SourceText(TEXT, "Taxes", "", "taxes.txt", sha256_text(TEXT))])
    p.import_sources([SourceText("Other text.\n", "Other", "", "other.txt", sha256_text("Other text.\n"))])
    doc = p.store.documents()[0].id
    p.add_annotation(doc, p.store.tags()[0].id, 4, 12)
    return p


def add_span(p: Project) -> None:
    p.add_annotation(p.store.documents()[0].id, p.store.tags()[0].id, 13, 17)


def snapshot(folder: Path) -> dict[str, bytes]:
    return {f.name: f.read_bytes() for f in folder.iterdir() if f.is_file() and not f.is_symlink()}


# -- brat folders ----------------------------------------------------------------------------


def test_a_new_export_keeps_the_users_notes_in_an_earlier_export_folder(tmp_path: Path) -> None:
    p = project(tmp_path)
    out = tmp_path / "brat"
    export_brat(p.store, out)
    (out / "my_notes.txt").write_text("read chapter 3 again", "utf-8")
    (out / "README").write_text("mine", "utf-8")
    add_span(p)
    summary = export_brat(p.store, out)
    assert summary.annotations == 2
    assert (out / "my_notes.txt").read_text("utf-8") == "read chapter 3 again"
    assert (out / "README").read_text("utf-8") == "mine"
    assert len([x for x in (out / "taxes.ann").read_text("utf-8").splitlines() if x.startswith("T")]) == 2
    assert not [f for f in out.iterdir() if f.name.endswith(".tmp")]
    p.close()


def test_a_hand_edited_ann_is_never_overwritten_without_asking(tmp_path: Path) -> None:
    p = project(tmp_path)
    out = tmp_path / "brat"
    export_brat(p.store, out)
    edited = (out / "taxes.ann").read_bytes() + b"#9\tAnnotatorNotes T1\tchecked by hand\n"
    (out / "taxes.ann").write_bytes(edited)
    (out / "my_notes.txt").write_text("keep", "utf-8")
    add_span(p)
    before = snapshot(out)
    with pytest.raises(ExportProblem, match=r"taxes\.ann") as caught:
        export_brat(p.store, out)
    assert "overwrite" in str(caught.value)
    assert snapshot(out) == before  # nothing at all was written
    summary = export_brat(p.store, out, overwrite=True)  # the person said so
    assert summary.annotations == 2
    assert (out / "taxes.ann").read_bytes() != edited
    assert (out / "my_notes.txt").read_text("utf-8") == "keep"
    p.close()


def test_an_unchanged_export_and_an_identical_file_are_no_conflict(tmp_path: Path) -> None:
    p = project(tmp_path)
    out = tmp_path / "brat"
    export_brat(p.store, out)
    before = snapshot(out)
    export_brat(p.store, out)
    assert snapshot(out) == before
    p.close()


def test_a_stale_file_is_removed_only_when_unchanged(tmp_path: Path) -> None:
    p = project(tmp_path)
    out = tmp_path / "brat"
    export_brat(p.store, out)
    (out / "other.ann").write_text("T1\tclaim 0 5\tOther\n", "utf-8")  # edited by hand
    p.close()
    q = Project.create(tmp_path / "second.annot")  # another project exported into the folder
    q.import_sources([SourceText("Third.\n", "Third", "", "third.txt", sha256_text("Third.\n"))])
    summary = export_brat(q.store, out)
    assert (out / "third.txt").read_text("utf-8") == "Third.\n"
    assert not (out / "taxes.ann").exists() and not (out / "other.txt").exists()  # ours, unchanged
    assert (out / "other.ann").read_text("utf-8") == "T1\tclaim 0 5\tOther\n"  # the edit stays
    assert summary.kept == ["other.ann"]
    q.close()


def test_a_manifest_never_makes_the_export_remove_other_files(tmp_path: Path) -> None:
    import hashlib
    import json

    p = project(tmp_path)
    out = tmp_path / "brat"
    export_brat(p.store, out)
    precious = out / "thesis.annot"
    precious.write_bytes(b"a project the user keeps here")
    manifest = out / ".annot-export.json"
    data = json.loads(manifest.read_text("utf-8"))
    digest = hashlib.sha256(precious.read_bytes()).hexdigest()
    data["files"]["thesis.annot"] = [digest]  # a tampered (or foreign) manifest
    data["files"]["../study.annot"] = ["0" * 64]
    manifest.write_text(json.dumps(data), "utf-8")
    export_brat(p.store, out)
    assert precious.read_bytes() == b"a project the user keeps here"
    assert (tmp_path / "study.annot").exists()
    p.close()


def test_a_foreign_file_with_a_name_the_export_writes_is_refused(tmp_path: Path) -> None:
    p = project(tmp_path)
    out = tmp_path / "brat"
    out.mkdir()
    (out / "annotation.conf").write_text("# annot brat export\n", "utf-8")  # looks like ours
    (out / "taxes.txt").write_text("my own draft", "utf-8")
    with pytest.raises(ExportProblem, match=r"taxes\.txt"):
        export_brat(p.store, out)
    assert (out / "taxes.txt").read_text("utf-8") == "my own draft"
    p.close()


@pytest.mark.parametrize("kind", ["symlink", "fifo"])
def test_a_link_or_fifo_inside_the_folder_is_never_replaced(tmp_path: Path, kind: str) -> None:
    p = project(tmp_path)
    out = tmp_path / "brat"
    export_brat(p.store, out)
    victim = out / "taxes.ann"
    victim.unlink()
    elsewhere = tmp_path / "elsewhere.txt"
    elsewhere.write_text("precious", "utf-8")
    if kind == "symlink":
        victim.symlink_to(elsewhere)
    else:
        os.mkfifo(victim)
    add_span(p)
    for overwrite in (False, True):
        with pytest.raises(ExportProblem, match=r"taxes\.ann"):
            export_brat(p.store, out, overwrite=overwrite)
    assert victim.is_symlink() if kind == "symlink" else stat.S_ISFIFO(victim.lstat().st_mode)
    assert elsewhere.read_text("utf-8") == "precious"
    p.close()


def test_a_symlinked_export_folder_is_refused(tmp_path: Path) -> None:
    p = project(tmp_path)
    real = tmp_path / "real"
    real.mkdir()
    link = tmp_path / "link"
    link.symlink_to(real)
    with pytest.raises(ExportProblem, match="symbolic link"):
        export_brat(p.store, link)
    assert link.is_symlink() and list(real.iterdir()) == []
    p.close()


def test_a_half_done_export_does_not_make_the_next_one_refuse(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    p = project(tmp_path)
    out = tmp_path / "brat"
    export_brat(p.store, out)
    add_span(p)
    real_replace = os.replace
    calls = {"n": 0}

    def dying_replace(src: str | Path, dst: str | Path) -> None:
        calls["n"] += 1
        if calls["n"] == 3:  # the power goes off after a couple of files
            raise OSError(5, "Input/output error")
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", dying_replace)
    with pytest.raises((ExportProblem, OSError)):
        export_brat(p.store, out)
    monkeypatch.setattr(os, "replace", real_replace)
    export_brat(p.store, out)  # what the crashed run wrote is still known as ours
    assert len([x for x in (out / "taxes.ann").read_text("utf-8").splitlines() if x.startswith("T")]) == 2
    p.close()


# -- single files -----------------------------------------------------------------------------


def _writers(p: Project) -> dict[str, Callable[[Path], object]]:
    report = agreement(p.store)
    return {
        "claims": lambda t: export_claims(p.store, t),
        "annotations": lambda t: export_annotations(p.store, t),
        "jsonld": lambda t: export_wadm(p.store, t),
        "agreement-csv": lambda t: write_csv(report, t, project=p.store.path),
        "agreement-json": lambda t: write_json(report, t, project=p.store.path),
    }


WRITERS = ["claims", "annotations", "jsonld", "agreement-csv", "agreement-json"]


@pytest.mark.parametrize("what", WRITERS)
@pytest.mark.parametrize("suffix", [".v1.bak", ".v7.bak", "-journal", ".lock"])
def test_a_project_backup_journal_or_lock_is_never_an_export_target(tmp_path: Path, what: str, suffix: str) -> None:
    p = project(tmp_path)
    target = tmp_path / f"study.annot{suffix}"
    target.write_bytes(b"SQLite format 3\x00 the backup")
    with pytest.raises(ExportProblem, match="project"):
        _writers(p)[what](target)
    assert target.read_bytes() == b"SQLite format 3\x00 the backup"
    missing = tmp_path / "study.annot.v2.bak"
    with pytest.raises(ExportProblem):
        _writers(p)[what](missing)
    assert not missing.exists()
    p.close()


@pytest.mark.parametrize("what", WRITERS)
@pytest.mark.parametrize("suffix", ["-wal", "-shm"])
def test_the_open_projects_wal_and_shm_are_never_export_targets(tmp_path: Path, what: str, suffix: str) -> None:
    p = project(tmp_path)
    target = tmp_path / f"study.annot{suffix}"
    before = os.stat(target)  # never open() it: that would drop SQLite's locks
    with pytest.raises(ExportProblem, match="project"):
        _writers(p)[what](target)
    after = os.stat(target)
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)
    add_span(p)
    p.close()
    reopened = Project.open(tmp_path / "study.annot")
    assert len(reopened.store.annotations()) == 2
    reopened.close()


@pytest.mark.parametrize("what", WRITERS)
def test_a_symlink_target_is_refused_and_kept(tmp_path: Path, what: str) -> None:
    p = project(tmp_path)
    real = tmp_path / "real.csv"
    real.write_text("precious", "utf-8")
    link = tmp_path / "out.csv"
    link.symlink_to(real)
    with pytest.raises(ExportProblem, match="symbolic link"):
        _writers(p)[what](link)
    assert link.is_symlink() and real.read_text("utf-8") == "precious"
    p.close()


@pytest.mark.parametrize("what", WRITERS)
def test_a_fifo_target_is_refused_and_kept(tmp_path: Path, what: str) -> None:
    p = project(tmp_path)
    fifo = tmp_path / "out.csv"
    os.mkfifo(fifo)
    with pytest.raises(ExportProblem, match="not a regular file"):
        _writers(p)[what](fifo)
    assert stat.S_ISFIFO(fifo.lstat().st_mode)
    p.close()


def test_an_ordinary_file_is_still_replaced(tmp_path: Path) -> None:
    p = project(tmp_path)
    target = tmp_path / "claims.csv"
    target.write_text("old", "utf-8")
    export_claims(p.store, target)
    assert target.read_text("utf-8").startswith("claim_id,")
    p.close()
