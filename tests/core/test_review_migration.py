"""Schema 2: a file written with schema 1 opens, keeps its rows and gains the review
columns; the kept schema-2 file opens with its review data."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

from annot.core import migrations
from annot.core.documents import sha256_text
from annot.core.model import Status
from annot.core.project import Project
from annot.core.review import AcceptAnnotation
from tests.conftest import ROOT


def make_v1_file(path: Path, text: str = "Schema one text, CRLF\r\nand 👍.") -> Path:
    """A project exactly as schema 1 wrote it: only migration 1 applied, by hand."""
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute(f"PRAGMA application_id = {migrations.APPLICATION_ID}")
    conn.execute("BEGIN")
    migrations.MIGRATIONS[0](conn)
    conn.execute("PRAGMA user_version = 1")
    conn.execute(
        "INSERT INTO documents (id, sha256, title, length, text, imported_at)"
        " VALUES (1, ?, 'old', ?, ?, '2025-01-01T00:00:00.000Z')",
        (sha256_text(text), len(text), text),
    )
    conn.execute("INSERT INTO tags (id, name, colour, key, role) VALUES (1, 'claim', '#f2a33a', '1', 'claim')")
    conn.execute("INSERT INTO tags (id, name, colour, key, role) VALUES (2, 'actor', '#4b9be0', '2', 'actor')")
    conn.execute("INSERT INTO annotators (id, name) VALUES (1, 'vera')")
    for ann_id, tag, start, end in (("v1-claim", 1, 7, 10), ("v1-actor", 2, 0, 6)):
        conn.execute(
            "INSERT INTO annotations (id, document_id, tag_id, annotator_id, span_start, span_end,"
            " quote, note, status, created, modified)"
            " VALUES (?, 1, ?, 1, ?, ?, ?, 'kept', 'unreviewed', '2025-01-02T00:00:00.000Z',"
            " '2025-01-02T00:00:00.000Z')",
            (ann_id, tag, start, end, text[start:end]),
        )
    conn.execute(
        "INSERT INTO links (id, kind, source_id, target_id, created)"
        " VALUES ('v1-link', 'said_by', 'v1-claim', 'v1-actor', '2025-01-03T00:00:00.000Z')"
    )
    conn.execute("COMMIT")
    conn.close()
    return path


def test_v1_file_migrates_with_rows_intact(tmp_path: Path) -> None:
    path = make_v1_file(tmp_path / "old.annot")
    with Project.open(path) as p:
        assert p.store.schema_version == migrations.LATEST_VERSION >= 2
        claim = p.store.annotation("v1-claim")  # type: ignore[arg-type]
        assert (claim.start, claim.end, claim.note, claim.status) == (7, 10, "kept", Status.UNREVIEWED)
        assert (claim.reviewer, claim.source_id) == ("", "")
        assert [link.id for link in p.store.links_of(claim.id)] == ["v1-link"]
        assert p.store.comments() == []
        # the new columns and table work on the migrated file
        p.run(AcceptAnnotation(claim.id, p.set_annotator("rita")))
        [copy] = p.store.reviewed_from(claim.id)
        assert copy.reviewer == "rita"
    assert (tmp_path / "old.annot.v1.bak").exists()
    with Project.open(path) as p:  # reopened: the copy is still there
        assert len(p.store.reviewed_from("v1-claim")) == 1  # type: ignore[arg-type]


def test_kept_v2_file_opens(tmp_path: Path) -> None:
    kept = ROOT / "tests" / "data" / "project-v2.annot"
    path = tmp_path / "v2.annot"
    shutil.copy(kept, path)
    with Project.open(path) as p:
        assert p.store.schema_version == migrations.LATEST_VERSION
        rita = p.store.annotator_by_name("rita")
        assert rita is not None
        [copy] = p.store.annotations(annotator_id=rita.id, status=Status.ACCEPTED)
        source = p.store.annotation(copy.source_id)  # type: ignore[arg-type]
        assert copy.quote == source.quote == "said on 29 September 2025 that it left the convention."
        assert [c.text for c in p.store.comments([source.id])] == ["Which outlet says 29 September?"]
        rejected = p.store.annotations(status=Status.REJECTED)
        assert [(r.quote, r.reviewer) for r in rejected] == [("Russia", "rita")]
        for a in p.store.annotations():
            assert p.store.document_text(a.document_id)[a.start : a.end] == a.quote
