"""A process killed in the middle of many commits loses nothing it committed; a second
process on the same file waits for the first instead of failing."""

from __future__ import annotations

import signal
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest
from conftest import ROOT
from core_helpers import dump

from annot.core.errors import ProjectError
from annot.core.model import Status
from annot.core.project import Project
from annot.core.store import open_store

WRITER = textwrap.dedent(
    """
    import sys
    from annot.core.project import Project

    p = Project.open(sys.argv[1])
    p.set_annotator("crash-test")
    doc = p.store.documents()[0]
    tag = p.store.tags()[0].id
    i = 0
    while True:
        start = i % (doc.length - 5)
        a = p.add_annotation(doc.id, tag, start, start + 5, note=f"n{i}")
        print(a.id, flush=True)  # printed only once committed
        i += 1
    """
)


def test_sigkill_mid_commits_loses_nothing_committed(tmp_path: Path) -> None:
    f = tmp_path / "crash.annot"
    Project.create(f, seeds=True).close()
    child = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(f)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert child.stdout is not None
    committed = []
    for line in child.stdout:
        committed.append(line.strip())
        if len(committed) == 300:
            break
    child.send_signal(signal.SIGKILL)
    rest = child.stdout.read()  # not communicate(): it would skip lines already buffered
    err = child.stderr.read() if child.stderr else ""
    child.wait(timeout=30)
    committed += rest.split()  # printed before the kill, hence committed too
    assert child.returncode == -signal.SIGKILL, err
    assert len(committed) >= 300
    assert Path(f"{f}-wal").exists()  # it really died with the log open
    with Project.open(f) as p:
        assert p.store.integrity_check() == ["ok"]
        stored = {a.id for a in p.store.annotations()}
        assert set(committed) <= stored
        assert len(stored) - len(committed) <= 1  # at most the one committed but unprinted
        for ann_id in committed[:: len(committed) // 10]:
            a = p.store.annotation(ann_id)  # type: ignore[arg-type]
            assert a.quote == p.store.document_text(a.document_id)[a.start : a.end]


def test_second_store_waits_for_a_brief_write_transaction(tmp_path: Path) -> None:
    f = tmp_path / "shared.annot"
    first = Project.create(f, seeds=True)
    first.set_annotator("alice")
    doc = first.store.documents()[0]
    tag = first.store.tags()[0].id
    second = Project(open_store(f))
    second.set_annotator("bob")
    ann = first.add_annotation(doc.id, tag, 0, 10)

    holding = threading.Event()

    def hold_write_lock() -> None:
        with first.store.atomic():  # BEGIN IMMEDIATE: the write lock
            first.store.set_meta("busy", "yes")
            holding.set()
            time.sleep(0.5)

    t = threading.Thread(target=hold_write_lock)
    t.start()
    holding.wait(5)
    # bob's commands wait for the lock (busy timeout) and then succeed
    bobs = second.add_annotation(doc.id, tag, 20, 30)
    second.set_status(ann.id, Status.ACCEPTED)
    t.join()
    assert first.store.get_meta("busy") == "yes"
    assert first.store.annotation(bobs.id).annotator_id == second.annotator_id
    assert first.store.annotation(ann.id).status == Status.ACCEPTED
    first.close()
    second.close()


def test_a_second_command_waits_for_the_first_to_finish_then_writes(tmp_path: Path) -> None:
    """Two CLI writers on one file: the second waits for the first one's writer lock
    (annot.core.lock) instead of failing, then does its work."""
    f = tmp_path / "two.annot"
    Project.create(f, seeds=True).close()
    first = Project.open(f, program="annot import")
    first.set_annotator("alice")
    doc = first.store.documents()[0]
    tag = first.store.tags()[0].id
    first.add_annotation(doc.id, tag, 0, 10)
    code = (
        "import sys\nfrom annot.core.project import Project\n"
        "with Project.open(sys.argv[1]) as p:\n"
        "    p.set_annotator('bob')\n"
        "    d = p.store.documents()[0]\n"
        "    p.add_annotation(d.id, p.store.tags()[0].id, 5, 9)\n"
        "    print(p.store.annotation_count())\n"
    )
    child = subprocess.Popen([sys.executable, "-c", code, str(f)], cwd=ROOT, stdout=subprocess.PIPE, text=True)
    time.sleep(1.5)  # the child opens the file and waits for the writer's lock
    assert child.poll() is None
    first.close()
    out, _ = child.communicate(timeout=30)
    assert child.returncode == 0 and out.strip() == "2"
    with Project.open_readonly(f) as p:
        assert p.store.annotation_count() == 2


def test_a_lock_held_too_long_gives_a_clear_error_and_writes_nothing(tmp_path: Path) -> None:
    f = tmp_path / "busy.annot"
    with Project.create(f, seeds=True) as first, Project(open_store(f)) as second:
        second.set_annotator("bob")
        second.store.conn.execute("PRAGMA busy_timeout = 100")  # instead of waiting 5 s
        doc = second.store.documents()[0].id
        tag = second.store.tags()[0].id
        with first.store.atomic():
            first.store.set_meta("long", "work")
            with pytest.raises(ProjectError) as info:
                second.add_annotation(doc, tag, 0, 4)
        assert str(f) in str(info.value) and "in use by another program" in str(info.value)
        assert not second.history.can_undo and second.store.annotation_count() == 0
        assert not second.store.conn.in_transaction
        second.add_annotation(doc, tag, 0, 4)  # once free, it works
        assert first.store.annotation_count() == 1


def test_disk_full_rolls_back_and_the_project_stays_usable(tmp_path: Path) -> None:
    f = tmp_path / "full.annot"
    with Project.create(f, seeds=True) as p:
        p.set_annotator("alice")
        before = dump(f)
        pages = p.store.conn.execute("PRAGMA page_count").fetchone()[0]
        p.store.conn.execute(f"PRAGMA max_page_count = {pages + 2}")  # a nearly full disk
        big = tmp_path / "big.txt"
        big.write_text("A long report. " * 100_000, encoding="utf-8")
        with pytest.raises(ProjectError) as info:
            p.import_file(big)
        assert str(f) in str(info.value) and "disk is full" in str(info.value)
        assert dump(f) == before and not p.history.can_undo
        p.add_annotation(p.store.documents()[0].id, p.store.tags()[0].id, 0, 3)
        assert p.store.annotation_count() == 1
