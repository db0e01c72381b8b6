"""`annot check PROJECT`: SQLite's integrity check plus every row checked against annot's
rules, and exports of a damaged project give a message, not a traceback (issue 8, part 6)."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest

from annot.core.check import check_project
from annot.core.errors import CorruptProject
from annot.core.export.tables import export_annotations
from annot.core.model import LinkKind, Role
from annot.core.project import Project
from tests.conftest import ROOT


def cli(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "annot", *map(str, args)], capture_output=True, text=True, cwd=ROOT, timeout=120
    )


@pytest.fixture
def annotated(tmp_path: Path) -> Iterator[Path]:
    """A closed project with a claim, an actor and a said_by link in each of two documents."""
    path = tmp_path / "p.annot"
    with Project.create(path, seeds=True) as project:
        project.set_annotator("alice")
        tags = {t.role: t for t in project.store.tags()}
        for doc in project.store.documents()[:2]:
            text = project.store.document_text(doc.id)
            at = text.index("Russia")
            claim = project.add_annotation(doc.id, tags[Role.CLAIM].id, at, at + 30, note="a note")
            actor = project.add_annotation(doc.id, tags[Role.ACTOR].id, at, at + 6)
            project.link(LinkKind.SAID_BY, claim.id, actor.id)
    yield path


def tamper(path: Path, *statements: str) -> None:
    """Write rows annot itself would never write (through SQLite, checks off)."""
    with closing(sqlite3.connect(path)) as conn:
        conn.execute("PRAGMA ignore_check_constraints = ON")
        for sql in statements:
            conn.execute(sql)
        conn.commit()


def test_a_clean_project_passes(annotated: Path) -> None:
    assert check_project(annotated) == []
    done = cli("check", annotated)
    assert done.returncode == 0, done.stderr
    assert "no problems" in done.stdout


def test_invalid_utf8_in_a_note_is_found_and_exports_say_so(annotated: Path, tmp_path: Path) -> None:
    tamper(annotated, "UPDATE annotations SET note = CAST(x'41ff42' AS TEXT) WHERE note = 'a note'")
    problems = check_project(annotated)
    assert len(problems) == 2 and all("note" in p and "not valid UTF-8" in p for p in problems), problems
    for what in ("annotations", "claims"):
        done = cli("export", what, annotated, "-o", tmp_path / "out.csv")
        assert done.returncode == 1
        assert "Traceback" not in done.stderr, done.stderr
        assert str(annotated) in done.stderr and "UTF-8" in done.stderr and "annot check" in done.stderr
        assert done.stderr.strip().count("\n") == 0
    assert not (tmp_path / "out.csv").exists()
    done = cli("check", annotated)
    assert done.returncode == 1 and "not valid UTF-8" in done.stdout


def test_the_core_export_raises_a_project_error(annotated: Path, tmp_path: Path) -> None:
    tamper(annotated, "UPDATE annotations SET note = CAST(x'ff' AS TEXT)")
    with Project.open(annotated) as project, pytest.raises(CorruptProject) as info:
        export_annotations(project.store, tmp_path / "out.csv")
    assert str(annotated) in str(info.value) and "UTF-8" in str(info.value)


def test_a_document_whose_text_no_longer_matches_its_checksum(annotated: Path) -> None:
    tamper(annotated, "UPDATE documents SET text = 'X' || substr(text, 2) WHERE id = 1")
    problems = check_project(annotated)
    assert any("document 1" in p and "checksum" in p for p in problems), problems


def test_invalid_utf8_in_a_document_text(annotated: Path) -> None:
    tamper(annotated, "UPDATE documents SET text = CAST(x'c3' || CAST(text AS BLOB) AS TEXT) WHERE id = 3")
    problems = check_project(annotated)
    assert any("documents" in p and "text" in p and "not valid UTF-8" in p for p in problems), problems


def test_spans_quotes_statuses_and_links_are_checked(annotated: Path) -> None:
    with closing(sqlite3.connect(annotated)) as conn:
        ids = [r[0] for r in conn.execute("SELECT id FROM annotations ORDER BY document_id, span_end")]
        length = conn.execute("SELECT length FROM documents WHERE id = 1").fetchone()[0]
    tamper(
        annotated,
        f"UPDATE annotations SET span_end = {length + 50} WHERE id = '{ids[0]}'",
        f"UPDATE annotations SET quote = 'not the text' WHERE id = '{ids[1]}'",
        f"UPDATE annotations SET status = 'bogus' WHERE id = '{ids[2]}'",
        "UPDATE links SET kind = 'said_by', source_id = target_id, target_id = source_id"
        f" WHERE source_id = '{ids[3]}'",
    )
    problems = "\n".join(check_project(annotated))
    assert f"annotation {ids[0]}" in problems and "past the end" in problems
    assert f"annotation {ids[1]}" in problems and "quote" in problems
    assert f"annotation {ids[2]}" in problems and "'bogus'" in problems
    assert "said_by link must start at a claim" in problems


def test_a_link_across_documents_and_a_dangling_link(annotated: Path) -> None:
    with closing(sqlite3.connect(annotated)) as conn:
        claims = [r[0] for r in conn.execute(
            "SELECT a.id FROM annotations a JOIN tags t ON t.id = a.tag_id WHERE t.role = 'claim' ORDER BY document_id"
        )]  # fmt: skip
        actors = [r[0] for r in conn.execute(
            "SELECT a.id FROM annotations a JOIN tags t ON t.id = a.tag_id WHERE t.role = 'actor' ORDER BY document_id"
        )]  # fmt: skip
    tamper(
        annotated,
        "PRAGMA foreign_keys = OFF",
        f"INSERT INTO links VALUES ('l-cross', 'said_by', '{claims[0]}', '{actors[1]}', '2025-01-01T00:00:00Z')",
        f"INSERT INTO links VALUES ('l-gone', 'dated', '{claims[0]}', 'no-such-span', '2025-01-01T00:00:00Z')",
        f"INSERT INTO links VALUES ('l-kind', 'loves', '{claims[0]}', '{actors[0]}', '2025-01-01T00:00:00Z')",
    )
    problems = "\n".join(check_project(annotated))
    assert "link l-cross" in problems and "within one document" in problems
    assert "link l-gone" in problems and "no-such-span" in problems
    assert "link l-kind" in problems and "'loves'" in problems


def test_a_damaged_file_is_reported_not_raised(annotated: Path) -> None:
    data = bytearray(annotated.read_bytes())
    page = 4096
    for at in range(2 * page, len(data), page):  # scribble over every page but the first two
        data[at + 8 : at + 40] = b"\xff" * 32
    annotated.write_bytes(bytes(data))
    problems = check_project(annotated)
    assert problems
    done = cli("check", annotated)
    assert done.returncode == 1 and "Traceback" not in done.stderr, done.stderr


def test_not_a_project(tmp_path: Path) -> None:
    f = tmp_path / "notes.annot"
    f.write_text("hello", "utf-8")
    problems = check_project(f)
    assert len(problems) == 1 and "not an annot project" in problems[0]
    done = cli("check", f)
    assert done.returncode == 1


def test_a_project_whose_name_is_not_utf8(annotated: Path, tmp_path: Path) -> None:
    odd = tmp_path / os.fsdecode(b"caf\xe9.annot")
    annotated.rename(odd)
    assert check_project(odd) == []
    done = subprocess.run([sys.executable, "-m", "annot", "check", os.fsencode(odd)], capture_output=True, cwd=ROOT)
    assert done.returncode == 0 and "caf\ufffd.annot" in done.stdout.decode("utf-8")


@pytest.mark.parametrize(("what", "target"), [("jsonld", "out.jsonld"), ("brat", "out-brat"), ("claims", "-")])
def test_every_export_of_undecodable_rows_names_the_project(
    annotated: Path, tmp_path: Path, what: str, target: str
) -> None:
    tamper(annotated, "UPDATE annotations SET note = CAST(x'ff' AS TEXT)")
    done = cli("export", what, annotated, "-o", target if target == "-" else tmp_path / target)
    assert done.returncode == 1 and "Traceback" not in done.stderr, done.stderr
    assert str(annotated) in done.stderr and "UTF-8" in done.stderr


def test_checking_an_old_schema_file_writes_nothing(tmp_path: Path) -> None:
    import shutil

    copy = tmp_path / "old.annot"
    shutil.copyfile(ROOT / "tests" / "data" / "project-v1.annot", copy)
    before = copy.read_bytes()
    assert check_project(copy) == []
    assert copy.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["old.annot"]
