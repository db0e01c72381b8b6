"""Issue 8: the project file survives what a real desktop and a real team do to it.

- The writer's lock (NAME.annot.lock, flock): CLI writers refuse while a window holds the
  project, read-only commands keep working, nothing in the holder's process can drop it.
- Read-only commands leave the file byte-identical, with no side file.
- The file alone holds every committed action (a copy taken while it is open is whole);
  ``annot copy`` writes one self-contained file.
- The pre-upgrade backup is written atomically and a damaged one is never trusted.
"""

from __future__ import annotations

import csv
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from conftest import ROOT
from core_helpers import differences, dump, side_files

from annot.cli import main
from annot.core import migrations
from annot.core.errors import ProjectExists, ProjectLocked
from annot.core.lock import WINDOW, lock_path
from annot.core.project import Project

DATA = ROOT / "tests" / "data"


def annot(*args: str | Path) -> subprocess.CompletedProcess[str]:
    """Run the ``annot`` command in another process (as a person in a terminal would)."""
    return subprocess.run(
        [sys.executable, "-m", "annot", *map(str, args)],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )  # fmt: skip


def _annotations_csv(folder: Path, document: str) -> Path:
    f = folder / "two.csv"
    with f.open("w", encoding="utf-8", newline="") as fh:
        out = csv.writer(fh)
        out.writerow(["document", "annotator", "start", "end", "tag", "note"])
        out.writerow([document, "carol", 0, 5, "claim", "from the CLI"])
        out.writerow([document, "carol", 6, 12, "actor", "from the CLI"])
    return f


def _seeded(path: Path) -> Path:
    Project.create(path, seeds=True).close()
    return path


def _count(path: Path) -> int:
    with Project.open_readonly(path) as p:
        assert p.store.integrity_check() == ["ok"]
        return p.store.annotation_count()


# -- the writer's lock ------------------------------------------------------------------


def test_cli_writers_refuse_while_the_window_holds_the_project(tmp_path: Path) -> None:
    f = _seeded(tmp_path / "open.annot")
    colleague = _seeded(tmp_path / "colleague.annot")
    window = Project.open(f, program=WINDOW)
    try:
        window.set_annotator("alice")
        doc = window.store.documents()[0]
        tag = window.store.tags()[0].id
        window.add_annotation(doc.id, tag, 0, 4)
        text = tmp_path / "new.txt"
        text.write_text("A new report.\n", encoding="utf-8")
        refusal = f"annot: {f} is open in annot (pid {os.getpid()}): close it, or merge a copy\n"
        for args in (
            ("import-annotations", f, _annotations_csv(tmp_path, doc.title)),
            ("import", f, text),
            ("merge", f, colleague),
        ):
            run = annot(*args)
            assert (run.returncode, run.stderr) == (1, refusal), args
        # read-only commands keep working beside the window, and see its latest work
        info = annot("info", f)
        assert info.returncode == 0 and "annotations 1" in info.stdout, info.stderr
        out = tmp_path / "claims.csv"
        assert annot("export", "claims", f, "-o", out).returncode == 0
        assert len(out.read_text("utf-8").splitlines()) == 2
        window.add_annotation(doc.id, tag, 10, 14)
    finally:
        window.close()
    assert not lock_path(f).exists()
    assert _count(f) == 2  # nothing lost, nothing of the refused commands added
    run = annot("import-annotations", f, _annotations_csv(tmp_path, doc.title))
    assert run.returncode == 0, run.stderr  # once the window is closed, the CLI writes
    assert _count(f) == 4


def test_nothing_in_the_holders_process_can_drop_the_lock(tmp_path: Path) -> None:
    """POSIX locks vanish when any descriptor of the file is closed in the process; the
    writer's lock (flock on its own file) does not."""
    f = _seeded(tmp_path / "sniffed.annot")
    with Project.open(f, program=WINDOW):
        for name in (f, lock_path(f)):  # what a file dialog or a backup tool would do
            with open(name, "rb") as fh:
                fh.read(100)
        run = annot("import", f, ROOT / "seeds" / "000_c1b8821bd13a6c4b.txt")
        assert run.returncode == 1 and "is open in annot" in run.stderr


HOLDER = textwrap.dedent(
    """
    import sys, time
    from annot.core.lock import WINDOW
    from annot.core.project import Project

    p = Project.open(sys.argv[1], program=sys.argv[2] if len(sys.argv) > 2 else WINDOW)
    print("open", flush=True)
    time.sleep(120)
    """
)


def test_the_lock_dies_with_its_process(tmp_path: Path) -> None:
    f = _seeded(tmp_path / "crashed.annot")
    child = subprocess.Popen([sys.executable, "-c", HOLDER, str(f)], cwd=ROOT, stdout=subprocess.PIPE, text=True)
    try:
        assert child.stdout is not None and child.stdout.readline().strip() == "open"
        run = annot("import", f, ROOT / "seeds" / "000_c1b8821bd13a6c4b.txt")
        assert run.returncode == 1 and f"(pid {child.pid})" in run.stderr
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)
    assert lock_path(f).exists()  # left behind by the killed process, but no longer locked
    text = tmp_path / "after.txt"
    text.write_text("Written after the crash.\n", encoding="utf-8")
    run = annot("import", f, text)
    assert run.returncode == 0, run.stderr
    assert not lock_path(f).exists()


def test_the_project_is_never_read_as_a_plain_file_by_its_own_writer(tmp_path: Path) -> None:
    f = _seeded(tmp_path / "self.annot")
    rows = dump(f)
    assert main(["import", str(f), str(f)]) == 1
    assert main(["import-annotations", str(f), str(f)]) == 1
    assert not differences(rows, dump(f))
    with Project.open(f) as p:
        result = p.import_files([f, Path(f"{f}-wal"), lock_path(f)])
        assert not result.added and len(result.problems) == 3
        assert all("is an open annot project" in problem for problem in result.problems)


def test_a_window_does_not_wait_for_a_long_command(tmp_path: Path) -> None:
    f = _seeded(tmp_path / "importing.annot")
    child = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(f), "annot import"], cwd=ROOT, stdout=subprocess.PIPE, text=True
    )
    try:
        assert child.stdout is not None and child.stdout.readline().strip() == "open"
        with pytest.raises(ProjectLocked) as info:
            Project.open(f, program=WINDOW)
        assert str(info.value) == f"{f} is being changed by annot import (pid {child.pid}): try again when it has finished"
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)
    with Project.open(f, program=WINDOW) as p:  # once it is gone
        assert len(p.store.documents()) == 5


# -- read-only commands -----------------------------------------------------------------


def _current(tmp: Path) -> Path:
    f = tmp / "current.annot"
    with Project.create(f, seeds=True) as p:
        p.set_annotator("alice")
        docs = p.store.documents()
        tags = {t.name: t.id for t in p.store.tags()}
        for i in range(30):
            p.add_annotation(docs[i % 5].id, tags["claim"], 3 * i, 3 * i + 2)
    return f


def _wal_at_rest(tmp: Path) -> Path:
    """As an older annot left its files: WAL mode in the header, no -wal beside it."""
    f = _current(tmp)
    conn = sqlite3.connect(f)
    assert conn.execute("PRAGMA journal_mode = WAL").fetchone()[0] == "wal"
    conn.close()
    assert f.read_bytes()[18:20] == b"\x02\x02" and not Path(f"{f}-wal").exists()
    return f


def _old(tmp: Path, version: int) -> Path:
    f = tmp / f"old-v{version}.annot"
    shutil.copyfile(DATA / f"project-v{version}.annot", f)
    return f


READERS = [
    ("export", "claims", "{f}", "-o", "{out}/claims.csv"),
    ("export", "annotations", "{f}", "-o", "{out}/all.csv"),
    ("export", "jsonld", "{f}", "-o", "{out}/all.jsonld"),
    ("export", "brat", "{f}", "-o", "{out}/brat"),
    ("info", "{f}"),
    ("agreement", "{f}", "--json"),
    ("copy", "{f}", "{out}/copy.annot"),
]


@pytest.mark.parametrize(
    "make", [_current, _wal_at_rest, lambda t: _old(t, 1), lambda t: _old(t, 2)], ids=["current", "wal", "v1", "v2"]
)
@pytest.mark.parametrize("command", READERS, ids=[" ".join(c[:2]) for c in READERS])
def test_read_only_commands_never_write(tmp_path: Path, make, command: tuple[str, ...]) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "project"
    folder.mkdir()
    out = tmp_path / "out"
    out.mkdir()
    f = make(folder)
    before, names, tables = f.read_bytes(), side_files(f), _tables(f)
    assert main([c.format(f=f, out=out) for c in command]) == 0
    assert f.read_bytes() == before
    assert side_files(f) == names  # no -wal, -shm, .bak, .lock
    assert _tables(f) == tables  # no sqlite_stat1 added either


def _tables(f: Path) -> set[str]:
    conn = sqlite3.connect(f"file:{f}?mode=ro&immutable=1", uri=True)
    try:
        return {r[0] for r in conn.execute("SELECT name FROM sqlite_schema")}
    finally:
        conn.close()


def test_an_older_project_reads_as_upgraded_without_being_upgraded(tmp_path: Path) -> None:
    f = _old(tmp_path, 1)
    with Project.open_readonly(f) as p:
        assert p.store.schema_version == migrations.LATEST_VERSION
        read = sorted(a.id for a in p.store.annotations())
    rows = dump(f)
    assert rows["pragmas"][0][0] == 1
    assert read == sorted(r[0] for r in rows["annotations"]) and read


# -- the file alone holds every action ----------------------------------------------------


COPY_ALONE = "import shutil, sys; shutil.copyfile(sys.argv[1], sys.argv[2])"


def test_a_copy_of_the_file_alone_holds_every_action(tmp_path: Path) -> None:
    """People copy, mail and sync the .annot file while annot is open: the copy (taken by
    another process: copying it here would drop this process's SQLite locks) holds all."""
    f = _seeded(tmp_path / "busy.annot")
    copy = tmp_path / "elsewhere" / "copy.annot"
    copy.parent.mkdir()
    with Project.open(f, program=WINDOW) as p:
        p.set_annotator("alice")
        doc = p.store.documents()[0]
        tag = p.store.tags()[0].id
        made = [p.add_annotation(doc.id, tag, i, i + 3).id for i in range(100)]
        assert p.store.settled()  # the background checkpoint ran (its delay: make bench)
        subprocess.run([sys.executable, "-c", COPY_ALONE, str(f), str(copy)], check=True)
        assert Path(f"{f}-wal").exists()  # the window is still open, in WAL mode
    assert not Path(f"{copy}-wal").exists()
    with Project.open_readonly(copy) as c:
        assert c.store.integrity_check() == ["ok"]
        assert sorted(a.id for a in c.store.annotations()) == sorted(made)


def test_annot_copy_writes_one_self_contained_file_while_open(tmp_path: Path) -> None:
    f = _seeded(tmp_path / "mine.annot")
    out = tmp_path / "for-bob.annot"
    with Project.open(f, program=WINDOW) as p:
        p.set_annotator("alice")
        doc = p.store.documents()[0]
        for i in range(5):
            p.add_annotation(doc.id, p.store.tags()[0].id, i, i + 2)
        run = annot("copy", f, out)
        assert run.returncode == 0, run.stderr
        rows = dump(f)
        for target in (f, Path(os.path.relpath(f, ROOT)), tmp_path / "." / "mine.annot", Path(f"{f}-wal")):
            refused = annot("copy", f, target)
            assert refused.returncode == 1 and "is the project itself" in refused.stderr, target
        again = annot("copy", f, out)
        assert again.returncode == 1 and "already exists" in again.stderr
        assert not differences(rows, dump(f))
        p.add_annotation(doc.id, p.store.tags()[0].id, 20, 22)  # the window still works
    header = out.read_bytes()[:20]
    assert header[18:20] == b"\x01\x01"  # rollback-journal mode: one file, nothing beside it
    assert sorted(os.listdir(tmp_path)) == ["for-bob.annot", "mine.annot"]
    assert _count(out) == 5 and _count(f) == 6


# -- the pre-upgrade backup ----------------------------------------------------------------


KILLED_BACKUP = textwrap.dedent(
    """
    import os, signal, sys
    from annot.core.project import Project
    from annot.core.store import copies

    steps = []
    def die(*args):
        steps.append(args)
        if len(steps) == 3:
            os.kill(os.getpid(), signal.SIGKILL)
    copies.BACKUP_PAGES = 1
    copies._progress = die
    Project.open(sys.argv[1])
    """
)


def test_a_backup_killed_half_way_is_never_trusted(tmp_path: Path) -> None:
    f = _old(tmp_path, 1)
    rows = dump(f)
    child = subprocess.run([sys.executable, "-c", KILLED_BACKUP, str(f)], cwd=ROOT, capture_output=True, text=True)
    assert child.returncode == -signal.SIGKILL, child.stderr
    bak = tmp_path / "old-v1.annot.v1.bak"
    assert not bak.exists()  # no half-written backup under the name that is trusted
    assert not differences(rows, dump(f))  # the project was not touched
    with Project.open(f) as p:
        assert p.store.schema_version == migrations.LATEST_VERSION
    assert not differences(rows, dump(bak))


def test_a_damaged_backup_is_neither_trusted_nor_replaced(tmp_path: Path) -> None:
    f = _old(tmp_path, 1)
    rows = dump(f)
    bak = tmp_path / "old-v1.annot.v1.bak"
    damaged = DATA.joinpath("project-v1.annot").read_bytes()[:5000]  # a copy cut short
    bak.write_bytes(damaged)
    Project.open(f).close()
    assert bak.read_bytes() == damaged  # the user's file is left alone
    fresh = tmp_path / "old-v1.annot.v1.2.bak"
    assert not differences(rows, dump(fresh))
    kept = fresh.read_bytes()
    assert main(["export", "claims", str(f), "-o", str(fresh)]) == 1  # never an export target
    assert fresh.read_bytes() == kept


@pytest.mark.parametrize("companion", ["-wal", "-journal", ".v2.bak", ".v3.2.bak", ".lock"])
def test_a_copy_never_replaces_what_belongs_to_another_project(tmp_path: Path, companion: str) -> None:
    """Save a copy for a colleague… asks before replacing a file (``replace=True``), but the
    journal, lock or pre-upgrade backup of another (closed) project beside it is never a
    copy's target: replacing it would lose that project's last actions or its backup."""
    mine = _seeded(tmp_path / "mine.annot")
    other = _seeded(tmp_path / "other.annot")
    beside = Path(f"{other}{companion}")
    beside.write_bytes(b"their bytes")
    with (
        Project.open(mine, program=WINDOW) as p,
        pytest.raises(ProjectExists, match=r"belongs to the annot project other\.annot"),
    ):
        p.save_copy(beside, replace=True)
    assert beside.read_bytes() == b"their bytes"
    assert not [n for n in os.listdir(tmp_path) if ".tmp-" in n]


def test_a_copy_may_replace_an_earlier_copy_when_asked(tmp_path: Path) -> None:
    mine = _seeded(tmp_path / "mine.annot")
    earlier = _seeded(tmp_path / "for-bob.annot")
    with Project.open(mine, program=WINDOW) as p:
        p.set_annotator("alice")
        doc = p.store.documents()[0]
        p.add_annotation(doc.id, p.store.tags()[0].id, 0, 3)
        p.save_copy(earlier, replace=True)  # the dialog asked
    assert _count(earlier) == _count(mine) == 1
