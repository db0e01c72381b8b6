"""Opening a file that is not a healthy, current, writable annot project: each case gets
its own error naming the file, and the file on disk is left byte-identical (no -wal/-shm)."""

from __future__ import annotations

import os
import random
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import SEEDS
from core_helpers import dump, read_only, side_files

from annot.core import migrations
from annot.core.documents import read_source
from annot.core.errors import (
    CorruptProject,
    NotAProject,
    ProjectError,
    ProjectExists,
    ProjectNotFound,
    ProjectReadOnly,
    ProjectTooNew,
)
from annot.core.model import LinkKind
from annot.core.project import Project
from annot.core.store import inspect_file, open_readonly, open_store


def make_project(path: Path, n_annotations: int = 60) -> Path:
    """A real project: the seeds, some annotations and links, closed cleanly."""
    p = Project.create(path, seeds=True)
    p.set_annotator("alice")
    docs = p.store.documents()
    tags = {t.name: t.id for t in p.store.tags()}
    for i in range(n_annotations):
        doc = docs[i % len(docs)]
        at = (10 * i) % (doc.length - 10)
        claim = p.add_annotation(doc.id, tags["claim"], at, at + 8, note=f"note {i}")
        if i % 3 == 0:
            actor = p.add_annotation(doc.id, tags["actor"], at + 1, at + 4)
            p.link(LinkKind.SAID_BY, claim.id, actor.id)
    p.close()
    return path


def _text(tmp: Path) -> Path:
    f = tmp / "notes.annot"
    f.write_text("These are my notes, not a project.\n", encoding="utf-8")
    return f


def _png(tmp: Path) -> Path:
    f = tmp / "picture.annot"
    f.write_bytes(b"\x89PNG\r\n\x1a\n" + random.Random(1).randbytes(3000))
    return f


def _empty(tmp: Path) -> Path:
    f = tmp / "empty.annot"
    f.write_bytes(b"")
    return f


def _foreign(tmp: Path, wal: bool = False) -> Path:
    f = tmp / ("foreign-wal.annot" if wal else "foreign.annot")
    conn = sqlite3.connect(f)
    if wal:
        conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("CREATE TABLE recipes (name TEXT, minutes INTEGER)")
    conn.executemany("INSERT INTO recipes VALUES (?, ?)", [("soup", 30), ("bread", 240)])
    conn.commit()
    conn.close()
    return f


def _foreign_wal(tmp: Path) -> Path:
    return _foreign(tmp, wal=True)


def _header_only(tmp: Path) -> Path:
    f = tmp / "stub.annot"
    f.write_bytes(b"SQLite format 3\x00" + b"\x10\x00\x02\x02")
    return f


def _truncated(tmp: Path) -> Path:
    f = make_project(tmp / "truncated.annot")
    data = f.read_bytes()
    f.write_bytes(data[: len(data) // 2])
    return f


def _page_of(f: Path, needle: str) -> int:
    """The byte offset of the middle of the page holding ``needle`` (unique text)."""
    data = f.read_bytes()
    at = data.find(needle.encode("utf-8"))
    assert at > 0, needle
    page_size = int.from_bytes(data[16:18], "big")
    return (at // page_size) * page_size + page_size // 2


def _corrupt_text_page(tmp: Path) -> Path:
    """Garbage in the middle of a page holding a document's text: SQLite's own checks
    pass (it is payload), but every quote of that document would silently shift."""
    f = make_project(tmp / "corrupt-text.annot")
    data = bytearray(f.read_bytes())
    mid = _page_of(f, "State Duma on September 17")
    data[mid : mid + 64] = b"#" * 64
    f.write_bytes(bytes(data))
    return f


def _corrupt_btree_page(tmp: Path) -> Path:
    """A lost sector: the annotations table's root page overwritten with zeros from its
    middle on (and the first bytes of the next page)."""
    f = make_project(tmp / "corrupt-btree.annot", n_annotations=400)
    conn = sqlite3.connect(f)
    root = conn.execute("SELECT rootpage FROM sqlite_schema WHERE name = 'annotations'").fetchone()[
        0
    ]
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    conn.close()
    data = bytearray(f.read_bytes())
    start = (root - 1) * page_size + page_size // 2
    data[start : start + page_size] = bytes(page_size)
    f.write_bytes(bytes(data))
    return f


def _too_new(tmp: Path) -> Path:
    f = make_project(tmp / "future.annot", n_annotations=5)
    conn = sqlite3.connect(f)
    conn.execute(f"PRAGMA user_version = {migrations.LATEST_VERSION + 1}")
    conn.commit()
    conn.close()
    return f


def _folder(tmp: Path) -> Path:
    f = tmp / "folder.annot"
    f.mkdir()
    return f


def _missing(tmp: Path) -> Path:
    return tmp / "nowhere.annot"


CASES: list[tuple[str, Callable[[Path], Path], type[ProjectError], str]] = [
    ("text file", _text, NotAProject, "not an SQLite database"),
    ("png", _png, NotAProject, "not an SQLite database"),
    ("empty", _empty, NotAProject, "is empty"),
    ("other program", _foreign, NotAProject, "another program"),
    ("other program, WAL", _foreign_wal, NotAProject, "another program"),
    ("header only", _header_only, CorruptProject, "truncated"),
    ("truncated", _truncated, CorruptProject, "damaged"),
    ("corrupt b-tree page", _corrupt_btree_page, CorruptProject, "damaged"),
    ("newer version", _too_new, ProjectTooNew, "newer version of annot"),
    ("folder", _folder, NotAProject, "is a folder"),
    ("missing", _missing, ProjectNotFound, "does not exist"),
]


def _snapshot(f: Path) -> bytes | None:
    return f.read_bytes() if f.is_file() else None


@pytest.mark.parametrize("opener", [open_store, Project.open], ids=["open_store", "Project.open"])
@pytest.mark.parametrize(
    ("make", "error", "words"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_bad_file_is_refused_and_left_untouched(
    tmp_path: Path,
    make: Callable[[Path], Path],
    error: type[ProjectError],
    words: str,
    opener: Callable[[Path], object],
) -> None:
    f = make(tmp_path)
    before, names = _snapshot(f), side_files(f)
    with pytest.raises(error) as info:
        opener(f)
    message = str(info.value)
    assert str(f) in message, message
    assert words in message, message
    assert info.value.path == f
    assert type(info.value) is error  # its own class, not a parent's
    assert _snapshot(f) == before
    assert side_files(f) == names


def test_damaged_text_is_found_after_opening_and_refused_for_a_merge(tmp_path: Path) -> None:
    """Checking every text's checksum reads every text: opening leaves it to a pass after
    the first paint (the window's TextCheck), a colleague's file to merge is still refused."""
    f = _corrupt_text_page(tmp_path)
    with pytest.raises(CorruptProject, match="no longer matches") as info:
        open_readonly(f)
    assert info.value.path == f
    with open_store(f) as store:
        damaged = [d.id for d in store.documents() if store.text_damaged(d.id)]
        assert len(damaged) == 1  # and the other four read as they were stored


def test_read_only_file_is_refused_and_untouched(tmp_path: Path) -> None:
    f = make_project(tmp_path / "locked.annot", n_annotations=3)
    before, names = f.read_bytes(), side_files(f)
    with read_only(f):
        with pytest.raises(ProjectReadOnly) as info:
            Project.open(f)
        assert str(f) in str(info.value) and "read-only" in str(info.value)
    assert f.read_bytes() == before
    assert side_files(f) == names


def test_read_only_folder_is_refused_and_untouched(tmp_path: Path) -> None:
    folder = tmp_path / "shelf"
    folder.mkdir()
    f = make_project(folder / "p.annot", n_annotations=3)
    before, names = f.read_bytes(), side_files(f)
    with read_only(folder):
        with pytest.raises(ProjectReadOnly) as info:
            Project.open(f)
        assert str(f) in str(info.value) and "read-only folder" in str(info.value)
        assert side_files(f) == names  # no -wal/-shm could have been made, none were tried
    assert f.read_bytes() == before


def test_healthy_project_opens_and_inspection_leaves_no_trace(tmp_path: Path) -> None:
    f = make_project(tmp_path / "fine.annot")
    before, names = f.read_bytes(), side_files(f)
    assert inspect_file(f) == migrations.LATEST_VERSION
    assert f.read_bytes() == before and side_files(f) == names
    rows = dump(f)
    with Project.open(f) as p:
        assert p.store.schema_version == migrations.LATEST_VERSION
        assert len(p.store.documents()) == 5
    assert dump(f) == rows
    assert side_files(f) == names  # the last close removes -wal and -shm


def test_unreadable_file(tmp_path: Path) -> None:
    if os.geteuid() == 0:
        pytest.skip("root reads every file whatever its permissions")
    f = make_project(tmp_path / "secret.annot", n_annotations=1)
    f.chmod(0)
    try:
        with pytest.raises(ProjectError) as info:
            Project.open(f)
        assert str(f) in str(info.value) and "cannot be read" in str(info.value)
    finally:
        f.chmod(0o644)


def test_create_refuses_to_overwrite_and_a_folder(tmp_path: Path) -> None:
    f = make_project(tmp_path / "mine.annot", n_annotations=2)
    before = f.read_bytes()
    with pytest.raises(ProjectExists) as info:
        Project.create(f)
    assert str(f) in str(info.value) and f.read_bytes() == before
    with pytest.raises(ProjectExists):
        Project.create(tmp_path)


def test_create_in_a_read_only_folder_leaves_nothing(tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    with read_only(folder):
        with pytest.raises(ProjectReadOnly) as info:
            Project.create(folder / "new.annot", seeds=True)
        assert "read-only" in str(info.value) and str(folder / "new.annot") in str(info.value)
    assert os.listdir(folder) == []


@pytest.mark.parametrize("name", ["my project #1 (50%)?.annot", "проект & co.annot"])
def test_awkward_file_names(tmp_path: Path, name: str) -> None:
    f = make_project(tmp_path / name, n_annotations=3)
    names = side_files(f)
    assert inspect_file(f) == migrations.LATEST_VERSION
    with Project.open(f) as p:
        assert p.store.annotation_count() == 4
    assert side_files(f) == names


def test_a_stored_checksum_always_matches_its_text(tmp_path: Path) -> None:
    """The open-time text check must never lock a person out of a healthy project: the
    store computes each document's SHA-256 itself, whatever the caller passed."""
    from dataclasses import replace

    from annot.core.documents import sha256_text

    f = tmp_path / "sums.annot"
    with Project.create(f) as p:
        src = read_source(SEEDS / "002_97098c4533dbd254.txt")
        with p.store.atomic():
            doc = p.store.add_document(replace(src.info(), sha256="not a checksum"), src.text)
        assert p.store.document_info(doc).sha256 == sha256_text(src.text)
    with Project.open(f) as p:
        assert p.store.document_by_sha(sha256_text(src.text)) == doc
