"""Hostile cases found by the data-safety audit of issue 8 (each failed before its fix)."""

from __future__ import annotations

import os
import select
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from annot.core.errors import ProjectError, ValidationError
from annot.core.merge import merge_projects
from annot.core.project import Project
from tests.core.review_helpers import span
from tests.core.test_review_merge import SHARED_TEXT, doc_by_sha, make


def _sql(path: Path, sql: str) -> None:
    conn = sqlite3.connect(path)
    conn.execute(sql)
    conn.commit()
    conn.close()


def _rows(p: Project) -> list[tuple[object, ...]]:
    return sorted(p.store.conn.execute("SELECT id, span_start, span_end, note, modified FROM annotations"))


@pytest.mark.parametrize(
    ("column", "stamp"),
    [
        ("modified", "9999-12-31T23:59:59-14:00"),  # past datetime.max once in UTC
        ("created", "0001-01-01T00:00:00+14:00"),  # before datetime.min once in UTC
    ],
)
def test_a_time_outside_the_calendar_in_utc_is_refused_by_name(tmp_path: Path, column: str, stamp: str) -> None:
    ours, theirs = make(tmp_path / "alice.annot", "alice"), make(tmp_path / "bob.annot", "bob")
    doc = doc_by_sha(theirs, SHARED_TEXT)
    span(theirs, doc, "bob", "claim", 21, 63)
    theirs.close()
    _sql(tmp_path / "bob.annot", f"UPDATE annotations SET {column} = '{stamp}'")
    before = _rows(ours)
    with pytest.raises(ValidationError, match=r"bob\.annot.*unreadable"):
        merge_projects(ours, tmp_path / "bob.annot")
    assert _rows(ours) == before
    ours.close()


def test_a_deletion_time_outside_the_calendar_is_refused_by_name(tmp_path: Path) -> None:
    ours, theirs = make(tmp_path / "alice.annot", "alice"), make(tmp_path / "bob.annot", "bob")
    theirs.close()
    _sql(
        tmp_path / "bob.annot",
        "INSERT INTO tombstones VALUES ('5f0c2c4e-0000-4000-8000-000000000001', 'annotation',"
        " '9999-12-31T23:59:59-14:00')",
    )
    with pytest.raises(ValidationError, match=r"bob\.annot.*unreadable time"):
        merge_projects(ours, tmp_path / "bob.annot")
    ours.close()


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
@pytest.mark.parametrize("command", ["merge", "info"])
def test_a_fifo_named_annot_is_refused_at_once(tmp_path: Path, command: str) -> None:
    """A named pipe called colleague.annot: reading its header would wait for a writer for
    ever. It is refused as not a project file, and the project is untouched."""
    ours = make(tmp_path / "alice.annot", "alice")
    before = _rows(ours)
    ours.close()
    fifo = tmp_path / "colleague.annot"
    os.mkfifo(fifo)
    args = [str(tmp_path / "alice.annot"), str(fifo)] if command == "merge" else [str(fifo)]
    done = subprocess.run(
        [sys.executable, "-m", "annot", command, *args], capture_output=True, text=True, timeout=30
    )
    assert done.returncode == 1
    assert "colleague.annot" in done.stderr and "not" in done.stderr
    assert "Traceback" not in done.stderr
    with Project.open_readonly(tmp_path / "alice.annot") as again:
        assert _rows(again) == before


def test_open_readonly_refuses_a_fifo(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.annot"
    os.mkfifo(fifo)
    with pytest.raises(ProjectError, match=r"pipe\.annot"):
        Project.open_readonly(fifo)


def _wal_survives_another_connection(project: Path) -> bool:
    """Another process opens and closes the project with plain SQLite: while our
    connection's locks hold, it is not the last one and leaves the -wal alone."""
    code = (
        "import sqlite3, sys; c = sqlite3.connect(sys.argv[1]);"
        " c.execute('SELECT count(*) FROM annotations').fetchone(); c.close()"
    )
    subprocess.run([sys.executable, "-c", code, str(project)], check=True, timeout=60)
    return Path(f"{project}-wal").exists()


@pytest.mark.skipif(not hasattr(os, "link"), reason="no hard links here")
def test_a_hard_link_to_the_open_project_is_never_opened_outside_sqlite(tmp_path: Path) -> None:
    """Choosing a hard link of the open project (as a colleague's file to merge, or as a
    document to import) must not open it as a plain file: POSIX locks belong to the inode,
    and closing that descriptor would drop the window's SQLite locks (then another
    program's close deletes the -wal under the window)."""
    project = tmp_path / "p.annot"
    with Project.create(project, seeds=True) as p:
        p.set_annotator("me")
        doc, tag = p.store.documents()[0], p.store.tags()[0]
        p.add_annotation(doc.id, tag.id, 0, 5)
        assert _wal_survives_another_connection(project)
        colleague = tmp_path / "colleague.annot"
        os.link(project, colleague)
        with pytest.raises(ProjectError, match=r"colleague\.annot: is the project open in annot"):
            merge_projects(p, colleague)
        assert _wal_survives_another_connection(project)
        notes = tmp_path / "notes.txt"
        os.link(project, notes)
        result = p.import_files([notes])
        assert not result.document_ids and any("open annot project" in problem for problem in result.problems)
        assert _wal_survives_another_connection(project)
        p.add_annotation(doc.id, tag.id, 6, 9)
    with Project.open_readonly(project) as again:
        assert again.store.integrity_check() == ["ok"]
        assert again.store.conn.execute("SELECT count(*) FROM annotations").fetchone()[0] == 2


def _crashed_with_pending_wal(project: Path) -> int:
    """A project whose writer died with its last actions only in the -wal (no checkpoint),
    and whose -shm is gone (a sync tool or a mail carried NAME.annot and NAME.annot-wal)."""
    code = f"""
import os, sys
import annot.core.store.checkpointer as ck
ck.Checkpointer.committed = lambda self: None  # the background checkpoint never ran
from annot.core.project import Project
p = Project.create({str(project)!r}, seeds=True)
p.set_annotator('me')
doc, tag = p.store.documents()[0], p.store.tags()[0]
for i in range(4):
    p.add_annotation(doc.id, tag.id, 5 * i, 5 * i + 3)
os.kill(os.getpid(), 9)
"""
    subprocess.run([sys.executable, "-c", code], timeout=120)
    Path(f"{project}-shm").unlink()
    assert Path(f"{project}-wal").stat().st_size > 0
    return 4


def _beside(project: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in project.parent.iterdir() if p.name.startswith(project.name)}


@pytest.mark.parametrize("command", ["info", "check", "export annotations", "copy"])
def test_reading_a_project_with_a_pending_wal_adds_no_file_and_sees_its_work(tmp_path: Path, command: str) -> None:
    project = tmp_path / "p.annot"
    n = _crashed_with_pending_wal(project)
    before = _beside(project)
    out = tmp_path / ("out.annot" if command == "copy" else "out.csv")
    args = [*command.split(), str(project)] + ([str(out)] if command == "copy" else [])
    if command.startswith("export"):
        args += ["-o", str(out)]
    done = subprocess.run([sys.executable, "-m", "annot", *args], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert _beside(project) == before  # byte-identical, no -shm (or anything) added
    if command == "info":
        assert f"annotations {n}" in done.stdout
    if command == "copy":
        with Project.open_readonly(out) as copy:
            assert copy.store.conn.execute("SELECT count(*) FROM annotations").fetchone()[0] == n


def test_a_project_whose_name_is_not_utf8_can_be_read_copied_and_checkpointed(tmp_path: Path) -> None:
    """File names on Linux are bytes: a project called b'\\xff\\xfe.annot' (made on a
    Latin-1 system) is read, exported and copied without a traceback, and the background
    checkpoint still brings each action into the file itself."""
    folder = os.fsencode(tmp_path)
    project = folder + b"/\xff\xfe.annot"

    def annot(*args: bytes) -> subprocess.CompletedProcess[bytes]:
        return subprocess.run([sys.executable, "-m", "annot", *args], capture_output=True, timeout=120)

    assert annot(b"new", b"--seeds", project).returncode == 0
    for args in ([b"info", project], [b"export", b"annotations", project, b"-o", folder + b"/o.csv"],
                 [b"copy", project, folder + b"/copy.annot"]):  # fmt: skip
        done = annot(*args)
        assert done.returncode == 0 and b"Traceback" not in done.stderr, done.stderr[-400:]
    with Project.open(os.fsdecode(project)) as p:
        p.set_annotator("me")
        doc, tag = p.store.documents()[0], p.store.tags()[0]
        p.add_annotation(doc.id, tag.id, 0, 5)
        assert p.store.settled(10)  # the checkpoint ran: the file alone holds the action
        from annot.core.store import open_reader

        reader = open_reader(p.store)  # the window's second connection, for its threads
        assert reader is not None
        assert reader.conn.execute("SELECT count(*) FROM annotations").fetchone()[0] == 1
        reader.close()
        plain = tmp_path / "plain.annot"  # a plain copy by another program, window still open
        subprocess.run([b"cp", project, os.fsencode(plain)], check=True, timeout=60)
    with Project.open_readonly(plain) as copy:
        assert copy.store.conn.execute("SELECT count(*) FROM annotations").fetchone()[0] == 1


@pytest.mark.parametrize("stamp", ["9999-12-31T23:59:59-14:00", "2025-02-30T10:00:00Z", "2025-13-01T00:00:00Z"])
def test_a_w3c_time_that_is_no_instant_is_not_stored_so_the_project_stays_mergeable(
    tmp_path: Path, stamp: str
) -> None:
    """A W3C item whose created/modified looks like a time but names no instant (past the
    calendar once in UTC, 30 February) is read as a missing time, never stored: stored, it
    would make every colleague's merge of this project refuse it."""
    import json

    from annot.core.imports.wadm import import_wadm

    with Project.create(tmp_path / "p.annot", seeds=True) as p:
        doc = p.store.documents()[0]
        text = p.store.document_text(doc.id)
        item = {
            "id": "urn:uuid:5f0c2c4e-0000-4000-8000-0000000000aa",
            "type": "Annotation",
            "created": stamp,
            "modified": stamp,
            "body": [{"type": "TextualBody", "purpose": "tagging", "value": "claim"}],
            "target": {
                "source": f"urn:sha256:{doc.sha256}",
                "selector": [{"type": "TextPositionSelector", "start": 0, "end": 10},
                             {"type": "TextQuoteSelector", "exact": text[:10]}],
            },
        }  # fmt: skip
        source = tmp_path / "items.jsonld"
        source.write_text(json.dumps({"type": "AnnotationCollection", "first": {"items": [item]}}), "utf-8")
        import_wadm(p, source, annotator="me")
        stored = p.store.conn.execute("SELECT created, modified FROM annotations").fetchall()
        assert len(stored) == 1 and stamp not in stored[0]
    colleague = make(tmp_path / "alice.annot", "alice")
    merge_projects(colleague, tmp_path / "p.annot")  # not refused
    assert colleague.store.conn.execute(
        "SELECT count(*) FROM annotations WHERE id = '5f0c2c4e-0000-4000-8000-0000000000aa'"
    ).fetchone()[0] == 1
    colleague.close()


@pytest.mark.parametrize(
    ("damage", "command"),
    [
        ("UPDATE annotations SET status = 'bogus' WHERE rowid = 1", "export brat"),
        ("UPDATE annotations SET span_end = 99999 WHERE rowid = 1", "export brat"),
        ("UPDATE annotations SET span_end = 99999 WHERE rowid = 1", "agreement"),
        ("PRAGMA foreign_keys = OFF; UPDATE annotations SET tag_id = 99 WHERE rowid = 1", "export brat"),
    ],
)
def test_a_read_command_on_a_project_with_rows_breaking_the_rules_names_the_file(
    tmp_path: Path, damage: str, command: str
) -> None:
    """A project changed behind annot's back (another tool, a damaged copy) can hold rows
    annot would never write. A command reading it says which file and what is wrong, and
    points to `annot check`; it never ends in a traceback, and writes no partial output."""
    project = tmp_path / "damaged.annot"
    with Project.create(project, seeds=True) as p:
        p.set_annotator("me")
        doc, tag = p.store.documents()[0], p.store.tags()[0]
        p.add_annotation(doc.id, tag.id, 0, 5)
    conn = sqlite3.connect(project)
    conn.executescript(damage)
    conn.close()
    out = tmp_path / "out"
    args = [*command.split(), str(project)] + (["-o", str(out)] if command.startswith("export") else [])
    done = subprocess.run([sys.executable, "-m", "annot", *args], capture_output=True, text=True, timeout=120)
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert "damaged.annot" in done.stderr and "annot check" in done.stderr
    assert not out.exists()


def _other_project(tmp_path: Path) -> tuple[Path, Path]:
    ours = tmp_path / "ours.annot"
    Project.create(ours, seeds=True).close()
    theirs = tmp_path / "theirs.annot"
    with Project.create(theirs, seeds=True) as p:
        p.set_annotator("bob")
        doc, tag = p.store.documents()[0], p.store.tags()[0]
        p.add_annotation(doc.id, tag.id, 0, 5)
    return ours, theirs


@pytest.mark.parametrize("suffix", ["", "-wal", "-journal", ".lock", ".v1.bak"])
@pytest.mark.parametrize("what", ["annotations", "jsonld"])
def test_an_export_never_replaces_another_project_or_its_companions(tmp_path: Path, suffix: str, what: str) -> None:
    """`annot export … -o theirs.annot` (a slip of the tab key) replaced another project
    with a CSV, and did so even while a window had it open: all its work gone."""
    ours, theirs = _other_project(tmp_path)
    target = Path(f"{theirs}{suffix}")
    if suffix:
        target.write_bytes(b"kept")
    before = target.read_bytes()
    done = subprocess.run(
        [sys.executable, "-m", "annot", "export", what, str(ours), "-o", str(target)],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert target.name in done.stderr
    assert target.read_bytes() == before


def test_an_export_in_the_window_never_replaces_another_open_project(tmp_path: Path) -> None:
    from annot.core.errors import ExportProblem
    from annot.core.export.tables import export_annotations

    ours, theirs = _other_project(tmp_path)
    with Project.open(theirs, program="annot window") as window, Project.open_readonly(ours) as p:
        with pytest.raises(ExportProblem, match=r"theirs\.annot"):
            export_annotations(p.store, theirs)
        window.set_annotator("bob")
        doc, tag = window.store.documents()[0], window.store.tags()[0]
        window.add_annotation(doc.id, tag.id, 6, 9)
    with Project.open_readonly(theirs) as again:
        assert again.store.integrity_check() == ["ok"]
        assert again.store.conn.execute("SELECT count(*) FROM annotations").fetchone()[0] == 2


def test_annot_check_reads_a_project_at_rest_as_one_snapshot_while_a_window_starts_writing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`annot check` read a project at rest as immutable (no locks): a window that opened it
    meanwhile saved actions under the reader, which then reported "database disk image is
    malformed" for a sound file (6 of 6 tries by hand, on 60k annotations). A reader of a
    file at rest must hold SQLite's shared lock while it reads: the window's first save
    waits for that moment, and the check sees one consistent file."""
    from annot.core import check
    from annot.core.store import audit

    project = tmp_path / "p.annot"
    with Project.create(project, seeds=True) as p:
        p.set_annotator("me")
        doc, tag = p.store.documents()[0], p.store.tags()[0]
        with p.store.atomic():  # one transaction: quick
            for i in range(2000):
                p.add_annotation(doc.id, tag.id, i % 1500, i % 1500 + 1 + i % 7, note="n" * (i % 200))
    window_code = f"""
from annot.core.project import Project
p = Project.open({str(project)!r}, program="annot window")
p.set_annotator("win")
doc, tag = p.store.documents()[1], p.store.tags()[0]
p.add_annotation(doc.id, tag.id, 0, 2)
print("saved", flush=True)
assert p.store.settled(20)
p.close()
"""
    real = audit.column_values
    saved_while_reading: list[bool] = []

    def window_saves_meanwhile(
        conn: sqlite3.Connection, table: str, column: str, has_id: bool
    ) -> Iterator[tuple[bytes, str, bytes]]:
        for n, row in enumerate(real(conn, table, column, has_id)):
            if n == 1 and table == "annotations" and not saved_while_reading:  # mid-statement
                window = subprocess.Popen([sys.executable, "-c", window_code], stdout=subprocess.PIPE)
                ready, _, _ = select.select([window.stdout], [], [], 2.5)
                saved_while_reading.append(bool(ready))
                windows.append(window)
            yield row

    windows: list[subprocess.Popen[bytes]] = []
    monkeypatch.setattr(audit, "column_values", window_saves_meanwhile)
    problems = check.check_project(project)
    assert saved_while_reading == [False]  # the window's save waited for the reader
    assert problems == [], problems
    assert windows[0].wait(timeout=120) == 0  # and then went through
    monkeypatch.setattr(audit, "column_values", real)
    assert check.check_project(project) == []


def _sound_v1_backups(folder: Path) -> list[str]:
    found = []
    for path in sorted(folder.glob("*.bak")):
        if path.is_symlink() or not path.is_file():
            continue
        conn = sqlite3.connect(f"file:{path}?mode=ro&immutable=1", uri=True)
        try:
            if conn.execute("PRAGMA user_version").fetchone()[0] == 1 and conn.execute(
                "PRAGMA quick_check"
            ).fetchone()[0] == "ok":
                found.append(path.name)
        finally:
            conn.close()
    return found


@pytest.mark.parametrize("kind", ["symlink to the project", "hard link to the project", "fifo"])
def test_an_odd_file_named_like_the_backup_never_stands_in_for_it(tmp_path: Path, kind: str) -> None:
    """Before an upgrade annot keeps NAME.annot.v1.bak. A link there to the project itself
    was taken for a sound backup (so none was written, and the upgrade left no v1 copy);
    a FIFO there hung the opening for ever. Each gets a real backup under the next name."""
    project = tmp_path / "p.annot"
    project.write_bytes((Path(__file__).parent.parent / "data" / "project-v1.annot").read_bytes())
    odd = tmp_path / "p.annot.v1.bak"
    {"symlink to the project": lambda: odd.symlink_to(project),
     "hard link to the project": lambda: os.link(project, odd),
     "fifo": lambda: os.mkfifo(odd)}[kind]()  # fmt: skip
    code = f"from annot.core.project import Project\nProject.open({str(project)!r}).close()"
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)
    assert _sound_v1_backups(tmp_path)


@pytest.mark.parametrize("kind", ["symlink", "hard link", "fifo"])
def test_an_odd_file_named_like_the_lock_is_never_written_nor_waited_for(tmp_path: Path, kind: str) -> None:
    """NAME.annot.lock that is a symbolic link (say, to a file of the user's) was followed:
    the writer truncated the link's target and wrote its pid there. A FIFO there hung every
    command for ever. A writer refuses with a message naming it; a reader does not care."""
    project = tmp_path / "p.annot"
    Project.create(project, seeds=True).close()
    victim = tmp_path / "thesis.txt"
    victim.write_text("three years of work", "utf-8")
    odd = tmp_path / "p.annot.lock"
    if kind == "symlink":
        odd.symlink_to(victim)
    elif kind == "hard link":
        os.link(victim, odd)
    else:
        os.mkfifo(odd)
    document = tmp_path / "new.txt"
    document.write_text("A new document.", "utf-8")

    def annot(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "annot", *args], capture_output=True, text=True, timeout=30)

    done = annot("import", str(project), str(document))
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert "p.annot.lock" in done.stderr
    assert victim.read_text("utf-8") == "three years of work"
    info = annot("info", str(project))
    assert info.returncode == 0 and "documents 5" in info.stdout


@pytest.mark.parametrize("stamp", ["9999-12-31T23:59:59-14:00", "2025-02-30T10:00:00Z", "2025-13-01T00:00:00"])
def test_a_refi_time_that_is_no_instant_is_replaced(stamp: str) -> None:
    """As for W3C: a REFI-QDA creationDateTime that names no instant is not kept (kept, it
    would make every colleague's merge refuse the project)."""
    from annot.core.merge_rules import instant
    from annot.core.refi.read import _instant

    kept = _instant(stamp, "2026-01-01T00:00:00Z")
    assert instant(kept) is not None
    assert kept == "2026-01-01T00:00:00Z"


def test_a_reader_of_a_project_at_rest_in_wal_mode_keeps_its_snapshot_while_a_window_saves(
    tmp_path: Path,
) -> None:
    """A project left in WAL mode without its -wal (older annot; a sync tool that carried
    only NAME.annot) was read as immutable: a window that opened it and saved meanwhile
    changed the pages under the reader, and `annot export` said "is damaged" (2 of 3 tries
    by hand). The reader keeps the file as it was when it opened it."""
    project = tmp_path / "p.annot"
    with Project.create(project, seeds=True) as p:
        p.set_annotator("me")
        doc, tag = p.store.documents()[0], p.store.tags()[0]
        with p.store.atomic():
            for i in range(2000):
                p.add_annotation(doc.id, tag.id, i % 1500, i % 1500 + 1 + i % 7, note="n" * (i % 200))
    conn = sqlite3.connect(project)
    assert conn.execute("PRAGMA journal_mode = WAL").fetchone()[0] == "wal"
    conn.close()
    assert not Path(f"{project}-wal").exists()
    window_code = f"""
from annot.core.project import Project
p = Project.open({str(project)!r}, program="annot window")
p.set_annotator("win")
doc, tag = p.store.documents()[1], p.store.tags()[0]
with p.store.atomic():
    for i in range(1500):
        p.add_annotation(doc.id, tag.id, i % 1000, i % 1000 + 2, note="w" * (i % 150))
p.delete_annotations([a.id for a in p.store.annotations() if a.annotator_id != p.annotator_id][:1800])
assert p.store.settled(20)
print("saved", flush=True)
import sys; sys.stdin.read()  # stays open
p.close()
"""
    with Project.open_readonly(project) as reader:
        window = subprocess.Popen([sys.executable, "-c", window_code], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        try:
            assert window.stdout is not None and window.stdout.readline().strip() == b"saved"
            rows = reader.store.conn.execute("SELECT count(*), sum(length(note)) FROM annotations").fetchone()
            assert reader.store.integrity_check() == ["ok"]
        finally:
            window.communicate(b"", timeout=60)
    assert rows[0] == 2000
