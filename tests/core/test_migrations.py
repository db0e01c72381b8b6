"""Old project files keep opening: one kept from each schema version, and the upgrade
path (backup, atomic migration) tested with a made-up next version."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from conftest import ROOT
from core_helpers import differences, dump

from annot.core import migrations
from annot.core.errors import CorruptProject
from annot.core.model import AnnotationId, LinkKind, Status
from annot.core.project import Project
from annot.core.queries import claim_with_links
from annot.core.store import inspect_file

DATA = ROOT / "tests" / "data"


def test_one_project_file_is_kept_from_each_schema_version() -> None:
    for version in range(1, migrations.LATEST_VERSION + 1):
        kept = DATA / f"project-v{version}.annot"
        assert kept.is_file(), (
            f"schema {version} has no sample file: add tests/data/project-v{version}.annot "
            f"(and its make_v{version}.py) before shipping the migration"
        )
        assert inspect_file(kept) == version


def _copy(tmp_path: Path, version: int = 1) -> Path:
    f = tmp_path / f"old-v{version}.annot"
    shutil.copyfile(DATA / f"project-v{version}.annot", f)
    return f


def test_v1_project_opens_with_its_rows(tmp_path: Path) -> None:
    original = (DATA / "project-v1.annot").read_bytes()
    f = _copy(tmp_path)
    with Project.open(f) as p:
        s = p.store
        assert s.schema_version == migrations.LATEST_VERSION
        docs = s.documents()
        assert [d.filename[:3] for d in docs] == ["000", "001", "002", "003", "004"]
        assert docs[2].title == "Russia withdraws from anti-torture convention"
        assert (docs[3].published, docs[4].published) == ("2025-12-07", "2025-08-26")
        for d in docs:
            assert s.document_text(d.id) == (ROOT / "seeds" / d.filename).read_text("utf-8")
        assert [t.name for t in s.tags()] == ["claim", "actor", "date", "number"]
        assert [a.name for a in s.annotators()] == ["alice", "bob"]
        anns = s.annotations()
        assert len(anns) == 6
        for a in anns:
            assert a.quote == s.document_text(a.document_id)[a.start : a.end]
        claim = claim_with_links(s, AnnotationId("00000000-0000-4000-8000-000000000001"))
        assert claim.claim.status == Status.ACCEPTED and claim.claim.note == "joined 1996?"
        assert [a.quote for a in claim.actors] == ["Russia"]
        assert [a.quote for a in claim.dates] == ["September 29, 2025"]
        assert len(s.links()) == 4
        assert (
            s.annotation(AnnotationId("00000000-0000-4000-8000-000000000006")).note
            == "Ω — “quoted”\r\n"
        )
        # and it can be worked on
        p.set_annotator("carol")
        new = p.add_annotation(docs[0].id, s.tags()[0].id, 0, 6)
        p.link(LinkKind.SAID_BY, new.id, AnnotationId("00000000-0000-4000-8000-000000000002"))
        assert s.integrity_check() == ["ok"]
    assert (DATA / "project-v1.annot").read_bytes() == original


def _add_actors_table(conn: sqlite3.Connection) -> None:
    conn.execute("CREATE TABLE made_up_next (id INTEGER PRIMARY KEY, name TEXT NOT NULL)")
    conn.execute(
        "INSERT INTO made_up_next (name) SELECT DISTINCT quote FROM annotations WHERE tag_id = 2"
    )


def _broken(conn: sqlite3.Connection) -> None:
    conn.execute("CREATE TABLE half_done (x)")
    conn.execute("INSERT INTO no_such_table VALUES (1)")


@pytest.fixture
def next_version(monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    def install(migration):  # type: ignore[no-untyped-def]
        monkeypatch.setattr(migrations, "MIGRATIONS", [*migrations.MIGRATIONS, migration])
        monkeypatch.setattr(migrations, "LATEST_VERSION", len(migrations.MIGRATIONS))

    return install


def test_upgrade_keeps_a_backup_and_migrates(tmp_path: Path, next_version) -> None:  # type: ignore[no-untyped-def]
    old = migrations.LATEST_VERSION
    f = _copy(tmp_path, old)
    rows = dump(f)
    next_version(_add_actors_table)
    actors = {r[6] for r in rows["annotations"] if r[2] == 2}  # quote, tag "actor"
    assert actors
    with Project.open(f) as p:
        assert p.store.schema_version == old + 1
        assert len(p.store.annotations()) == len(rows["annotations"])
    upgraded = dump(f)
    assert sorted(name for _, name in upgraded["made_up_next"]) == sorted(actors)
    backup = tmp_path / f"old-v{old}.annot.v{old}.bak"
    assert not differences(rows, dump(backup))


def test_backup_holds_changes_still_in_the_wal(tmp_path: Path, next_version) -> None:  # type: ignore[no-untyped-def]
    """A crash leaves committed changes in the -wal file; the backup must include them."""
    old = migrations.LATEST_VERSION
    f = _copy(tmp_path, old)
    with Project.open(f) as p:
        p.set_annotator("dave")
        keep = p.add_annotation(p.store.documents()[0].id, p.store.tags()[0].id, 0, 6)
        crashed = tmp_path / "crashed.annot"
        for suffix in ("", "-wal", "-shm"):  # the files as a crash would leave them
            shutil.copyfile(f"{f}{suffix}", f"{crashed}{suffix}")
    rows = dump(crashed)
    assert any(r[0] == keep.id for r in rows["annotations"])
    next_version(_add_actors_table)
    Project.open(crashed).close()
    backup = dump(tmp_path / f"crashed.annot.v{old}.bak")
    assert not differences(rows, backup)


def test_a_failing_migration_changes_nothing(tmp_path: Path, next_version) -> None:  # type: ignore[no-untyped-def]
    f = _copy(tmp_path)
    Project.open(f).close()  # at the current version, in WAL mode
    rows = dump(f)
    next_version(_broken)
    with pytest.raises(CorruptProject) as info:
        Project.open(f)
    assert str(f) in str(info.value) and "could not be upgraded" in str(info.value)
    assert not differences(rows, dump(f))  # no half_done table, same version
