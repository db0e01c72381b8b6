"""Claims and all-annotations CSV: content, RFC 4180, BOM, formula guard, status, cancel."""

from __future__ import annotations

import csv
import io
import os
from pathlib import Path

import pytest

from annot.core.documents import SourceText, sha256_text
from annot.core.errors import Cancelled, ExportProblem
from annot.core.export.tables import (
    ANNOTATION_COLUMNS,
    CLAIM_COLUMNS,
    GROUP_COLUMNS,
    export_annotations,
    export_claims,
)
from annot.core.model import LinkKind, Status
from annot.core.project import Project


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def tag_ids(project: Project) -> dict[str, int]:
    return {t.name: t.id for t in project.store.tags()}


def add_text(project: Project, text: str, title: str, filename: str = "") -> int:
    source = SourceText(text, title, "", filename or f"{title}.txt", sha256_text(text))
    result = project.import_sources([source])
    return result.document_ids[0]


@pytest.fixture
def linked(project: Project) -> tuple[Project, int, dict[str, str]]:
    """A document with a claim said by two actors and dated once (linked out of order)."""
    text = 'On 1 May, "Ivan" said: the minister =agreed, "fully".\r\nThe ministry — denied it.'
    doc = add_text(project, text, "Report one")
    tags = tag_ids(project)
    claim = project.add_annotation(doc, tags["claim"], text.index("the minister"), text.index(".\r\n"))
    ministry = project.add_annotation(doc, tags["actor"], text.index("The ministry"), text.index(" —"))
    ivan = project.add_annotation(doc, tags["actor"], text.index('"Ivan"'), text.index(" said"))
    day = project.add_annotation(doc, tags["date"], 3, 8)
    project.link(LinkKind.SAID_BY, claim.id, ministry.id)  # later in the text, linked first
    project.link(LinkKind.SAID_BY, claim.id, ivan.id)
    project.link(LinkKind.DATED, claim.id, day.id)
    return project, doc, {"claim": claim.id, "text": text}


def test_claims_row_has_sliced_quote_and_joined_actors_and_dates(linked, tmp_path: Path) -> None:
    project, _doc, info = linked
    out = tmp_path / "claims.csv"
    assert export_claims(project.store, out, escape_formulas=False) == 1
    header = out.read_bytes().decode("utf-8").split("\r\n")[0]
    assert tuple(header.split(",")) == (*CLAIM_COLUMNS, *GROUP_COLUMNS)
    (row,) = read_csv(out)
    text = info["text"]
    claim = project.store.annotation(info["claim"])
    assert row["claim_id"] == claim.id
    assert row["document"] == "Report one"
    assert (int(row["start"]), int(row["end"])) == (claim.start, claim.end)
    assert row["quote"] == text[claim.start : claim.end]
    assert row["context_before"] == text[max(0, claim.start - 40) : claim.start]
    assert row["context_after"] == text[claim.end : claim.end + 40]
    assert row["actor"] == '"Ivan"; The ministry'  # document order, not link order
    assert row["date"] == "1 May"
    assert row["annotator"] == "alice"
    assert row["status"] == "unreviewed"


def test_quote_comes_from_the_text_not_from_the_stored_column(linked, tmp_path: Path) -> None:
    project, _doc, info = linked
    project.store.conn.execute("UPDATE annotations SET quote = 'stale' WHERE id = ?", (info["claim"],))
    out = tmp_path / "claims.csv"
    export_claims(project.store, out)
    claim = project.store.annotation(info["claim"])
    assert read_csv(out)[0]["quote"] == info["text"][claim.start : claim.end]


def test_annotations_table_has_every_tag_in_document_order(linked, tmp_path: Path) -> None:
    project, _doc, info = linked
    out = tmp_path / "all.csv"
    n = export_annotations(project.store, out, escape_formulas=False)
    rows = [r for r in read_csv(out) if r["document"] == "Report one"]
    assert n == project.store.annotation_count() == 4
    assert tuple(read_csv(out)[0].keys()) == ANNOTATION_COLUMNS
    assert [r["tag"] for r in rows] == ["date", "actor", "claim", "actor"]
    starts = [int(r["start"]) for r in rows]
    assert starts == sorted(starts)
    for r in rows:
        assert r["quote"] == info["text"][int(r["start"]) : int(r["end"])]


def test_rfc4180_quotes_newlines_and_crlf_read_back(linked, tmp_path: Path) -> None:
    project, _doc, info = linked
    project.edit_note(info["claim"], 'line one\nline "two", with comma\r\nthree')
    out = tmp_path / "claims.csv"
    export_claims(project.store, out)
    data = out.read_bytes()
    assert data.endswith(b"\r\n")
    assert b'"line one\nline ""two"", with comma\r\nthree"' in data
    (row,) = read_csv(out)
    assert row["note"] == 'line one\nline "two", with comma\r\nthree'


def test_bom_only_when_asked(linked, tmp_path: Path) -> None:
    project, _doc, _info = linked
    plain, excel = tmp_path / "plain.csv", tmp_path / "excel.csv"
    export_claims(project.store, plain)
    export_claims(project.store, excel, excel_bom=True)
    assert plain.read_bytes().startswith(b"claim_id,")
    assert excel.read_bytes() == b"\xef\xbb\xbf" + plain.read_bytes()


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_formula_cells_are_neutralised_unless_turned_off(linked, tmp_path: Path, start: str) -> None:
    project, _doc, info = linked
    project.edit_note(info["claim"], start + "HYPERLINK(1)")
    safe, raw = tmp_path / "safe.csv", tmp_path / "raw.csv"
    export_claims(project.store, safe)
    export_claims(project.store, raw, escape_formulas=False)
    assert read_csv(safe)[0]["note"] == "'" + start + "HYPERLINK(1)"
    assert read_csv(raw)[0]["note"] == start + "HYPERLINK(1)"


def test_formula_guard_covers_quotes_titles_and_annotator_names(project: Project, tmp_path: Path) -> None:
    text = "=1+1 is what @someone wrote"
    doc = add_text(project, text, "+Title")
    project.set_annotator("-bob")
    tags = tag_ids(project)
    project.add_annotation(doc, tags["claim"], 0, 4)
    out = tmp_path / "claims.csv"
    export_claims(project.store, out)
    (row,) = read_csv(out)
    assert (row["quote"], row["document"], row["annotator"]) == ("'=1+1", "'+Title", "'-bob")
    assert row["context_after"] == " is what @someone wrote"  # starts with a space: untouched


def test_status_filter(linked, tmp_path: Path) -> None:
    project, doc, _info = linked
    tags = tag_ids(project)
    other = project.add_annotation(doc, tags["claim"], 0, 2)
    project.set_status(other.id, Status.ACCEPTED)
    out = tmp_path / "accepted.csv"
    assert export_claims(project.store, out, status=Status.ACCEPTED) == 1
    assert [r["claim_id"] for r in read_csv(out)] == [other.id]
    assert export_claims(project.store, out, status=Status.REJECTED) == 0
    assert read_csv(out) == []
    assert export_annotations(project.store, out, status=Status.UNREVIEWED) == 4


def test_cancel_leaves_no_file_and_keeps_an_old_one(linked, tmp_path: Path) -> None:
    project, _doc, _info = linked
    out = tmp_path / "claims.csv"
    with pytest.raises(Cancelled):
        export_claims(project.store, out, progress=lambda done, total: False)
    assert not out.exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".claims")]
    out.write_bytes(b"old contents")
    seen: list[tuple[int, int]] = []

    def stop_after_start(done: int, total: int) -> bool:
        seen.append((done, total))
        return done == 0

    with pytest.raises(Cancelled):
        export_annotations(project.store, out, progress=stop_after_start)
    assert out.read_bytes() == b"old contents"
    assert seen[0] == (0, 4)
    assert not [p for p in tmp_path.iterdir() if p.suffix == ".part"]


def test_progress_reaches_the_total(linked, tmp_path: Path) -> None:
    project, _doc, _info = linked
    seen: list[tuple[int, int]] = []
    export_annotations(project.store, tmp_path / "a.csv", progress=lambda d, t: seen.append((d, t)) or True)
    assert seen[0] == (0, 4) and seen[-1] == (4, 4)


def test_stream_output(linked) -> None:
    project, _doc, info = linked
    buf = io.StringIO(newline="")
    export_claims(project.store, buf, excel_bom=True)
    assert buf.getvalue().startswith("\ufeffclaim_id,")
    rows = list(csv.DictReader(io.StringIO(buf.getvalue().lstrip("\ufeff"), newline="")))
    assert rows[0]["claim_id"] == info["claim"]


def test_unwritable_target_is_a_clear_error(linked, tmp_path: Path) -> None:
    project, _doc, _info = linked
    with pytest.raises(ExportProblem, match="missing"):
        export_claims(project.store, tmp_path / "missing" / "claims.csv")
    with pytest.raises(ExportProblem, match="is a folder"):
        export_claims(project.store, tmp_path)


def test_export_file_gets_ordinary_permissions(linked, tmp_path: Path) -> None:
    project, _doc, _info = linked
    out = tmp_path / "claims.csv"
    export_claims(project.store, out)
    mask = os.umask(0o022)
    os.umask(mask)
    assert out.stat().st_mode & 0o777 == 0o666 & ~mask
