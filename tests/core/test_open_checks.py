"""What opening checks before the window's first paint, and what it leaves for later: the
window opens a current project without SQLite's ``quick_check`` (it runs it afterwards in a
worker, :class:`StructureCheck`); a file to be migrated is still checked first; damage found
later stops every write."""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from core_helpers import damage_freelist

import annot.core.store as store_module
from annot.core import migrations
from annot.core.annotations import AddAnnotation
from annot.core.errors import CorruptProject
from annot.core.project import Project
from annot.core.store import StructureCheck, open_store

DATA = Path(__file__).resolve().parents[1] / "data"


@pytest.fixture
def statements(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Every SQL statement run on a connection the store package opens."""
    seen: list[str] = []
    real = store_module._connect

    def traced(uri: str, *, uri_mode: bool) -> sqlite3.Connection:
        conn = real(uri, uri_mode=uri_mode)
        conn.set_trace_callback(seen.append)
        return conn

    monkeypatch.setattr(store_module, "_connect", traced)
    yield seen


def _quick_checks(statements: list[str]) -> list[str]:
    return [s for s in statements if "quick_check" in s.lower()]


def test_the_windows_open_runs_no_quick_check_on_a_current_project(tmp_path: Path, statements: list[str]) -> None:
    path = tmp_path / "p.annot"
    Project.create(path, seeds=True).close()
    statements.clear()
    with open_store(path, check_later=True) as store:
        assert _quick_checks(statements) == []
        assert not store.structure_checked
        assert len(store.documents()) == 5
    with open_store(path) as store:  # the CLI's writers: checked before opening
        assert len(_quick_checks(statements)) == 1 and store.structure_checked


def test_a_project_to_migrate_is_checked_before_it_is_migrated(tmp_path: Path, statements: list[str]) -> None:
    old = tmp_path / "old.annot"
    shutil.copyfile(DATA / "project-v3.annot", old)
    with open_store(old, check_later=True) as store:
        assert len(_quick_checks(statements)) == 1 and store.structure_checked
        assert store.schema_version == migrations.LATEST_VERSION
    damaged = tmp_path / "damaged-old.annot"
    shutil.copyfile(DATA / "project-v3.annot", damaged)
    damage_freelist(damaged)
    before = damaged.read_bytes()
    with pytest.raises(CorruptProject, match="damaged"):
        open_store(damaged, check_later=True)
    assert damaged.read_bytes() == before  # not migrated, no backup written
    assert not list(tmp_path.glob("damaged-old*.bak"))


def test_the_later_check_finds_the_damage_and_writes_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "p.annot"
    Project.create(path, seeds=True).close()
    with Project.open(path, check_later=True) as project:
        assert StructureCheck(project.store).run() == []
        alice = project.set_annotator("alice")
    damage_freelist(path)
    before = path.read_bytes()
    with pytest.raises(CorruptProject):  # what every writer of the CLI still does
        open_store(path)
    with Project.open(path, check_later=True) as project:  # the window's open
        problems = StructureCheck(project.store).run()
        assert problems and "freelist" in " ".join(problems).lower()
        project.store.stop_writing("; ".join(problems))
        doc = project.store.documents()[0]
        tag = project.store.tags()[0]
        with pytest.raises(CorruptProject, match="stopped saving") as refused:
            project.run(AddAnnotation(doc.id, tag.id, alice, 0, 5))
        assert str(path) in str(refused.value)
        assert project.store.annotations(document_id=doc.id) == []
        assert not project.history.can_undo
    assert path.read_bytes() == before
    assert not Path(f"{path}-wal").exists()

