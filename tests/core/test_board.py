"""The claim board: rows per group, cells per document, relations and marks; its CSV in long
and wide form round-trips through pandas; the claims table carries the group."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pytest

from annot.core.board import ABSENT, CONTRADICTS, PARTLY, SAME, build_board
from annot.core.claim_groups import Align, SetGroupLabel
from annot.core.documents import SourceText, UpdateDocument, sha256_text
from annot.core.export.board import LONG_COLUMNS, export_board
from annot.core.export.tables import export_claims
from annot.core.model import AnnotationId, DocumentId, LinkKind
from annot.core.project import Project

TEXTS = [
    "=Moscow 👍 said on Monday\r\nit left the convention in 2025.",
    "Russia left the convention 😀, the Kremlin said on Tuesday.\r\n",
    "The Kremlin denied leaving the convention.",
]


@dataclass
class Corpus:
    project: Project
    docs: list[DocumentId]
    claims: list[AnnotationId]  # left, left, denied


def _span(text: str, part: str) -> tuple[int, int]:
    start = text.index(part)
    return start, start + len(part)


@pytest.fixture
def corpus(tmp_path: Path) -> Corpus:
    p = Project.create(tmp_path / "board.annot")
    p.set_annotator("alice")
    for n, text in enumerate(TEXTS):
        p.import_sources(
            [SourceText(text, f"Report {n}", f"2025-0{n + 1}-01", f"r{n}.txt", sha256_text(text))]
        )
    docs = [d.id for d in p.store.documents()]
    p.run(UpdateDocument(docs[0], outlet="TASS"))
    p.run(UpdateDocument(docs[1], outlet="=BBC"))
    tags = {t.name: t.id for t in p.store.tags()}

    def add(d: int, part: str, tag: str = "claim") -> AnnotationId:
        start, end = _span(TEXTS[d], part)
        return p.add_annotation(docs[d], tags[tag], start, end).id

    left0 = add(0, "👍 said on Monday\r\nit left the convention")
    left1 = add(1, "Russia left the convention 😀")
    denied = add(2, "denied leaving the convention")
    p.link(LinkKind.SAID_BY, left0, add(0, "=Moscow", "actor"))
    p.link(LinkKind.SAID_BY, left1, add(1, "the Kremlin", "actor"))
    p.link(LinkKind.DATED, left0, add(0, "Monday", "date"))
    p.run(Align(LinkKind.SAME_CLAIM, left0, left1))
    p.run(Align(LinkKind.CONTRADICTS, denied, left1))
    p.run(SetGroupLabel(left1, "Russia left", "+check"))
    return Corpus(p, docs, [left0, left1, denied])


def test_board_rows_cells_relations_and_marks(corpus: Corpus) -> None:
    p = corpus.project
    board = build_board(p.store)
    assert [d.id for d in board.documents] == corpus.docs
    first = board.rows[0]
    assert (first.label, first.note, first.sources, first.contradicted) == (
        "Russia left",
        "+check",
        2,
        True,
    )
    assert [c.relation for c in first.cells] == [SAME, SAME, CONTRADICTS]
    for cell in first.cells:
        for claim in cell.claims:
            assert claim.quote == p.store.document_text(claim.document_id)[claim.start : claim.end]
    assert first.cells[0].actors == ("=Moscow",) and first.cells[1].actors == ("the Kremlin",)
    assert first.cells[0].actors_differ and first.cells[1].actors_differ  # two sources disagree
    assert not first.cells[0].dates_differ  # only one source names a date
    # the denial is a group of one that the group contradicts: its own row
    denial = board.rows[1]
    assert [c.relation for c in denial.cells] == [ABSENT, CONTRADICTS, SAME]
    assert len(board.rows) == 2
    assert len(build_board(p.store, unaligned=True).rows) == 2  # every claim is aligned
    p.run(Align(LinkKind.PARTLY, corpus.claims[2], corpus.claims[0]))  # replaces nothing: new pair
    board = build_board(p.store)
    assert [c.relation for c in board.rows[0].cells] == [SAME, SAME, PARTLY]
    assert board.rows[0].sources == 3


def test_board_csv_long_round_trips_through_pandas(corpus: Corpus, tmp_path: Path) -> None:
    p = corpus.project
    out = tmp_path / "board.csv"
    n = export_board(p.store, out, escape_formulas=False)
    frame = pd.read_csv(out, dtype=str, keep_default_na=False)
    assert tuple(frame.columns) == LONG_COLUMNS and len(frame) == n == 6
    board = build_board(p.store)
    expected = []
    for row in board.rows:
        for info, cell in zip(board.documents, row.cells, strict=True):
            for claim in cell.claims or [None]:
                expected.append(
                    (row.group_id, row.label, info.title, info.outlet, info.published,
                     claim.id if claim else "",
                     p.store.document_text(info.id)[claim.start : claim.end] if claim else "",
                     "; ".join(cell.actors), "; ".join(cell.dates), cell.relation)
                )  # fmt: skip
    assert [tuple(r) for r in frame.itertuples(index=False)] == expected
    assert "\r\n" in frame.loc[0, "quote"] and "👍" in frame.loc[0, "quote"]
    # a pivot of the long form gives the relation of each group in each document
    pivot = frame.pivot_table(index="group", columns="document", values="relation", aggfunc="first")
    assert pivot.loc[board.rows[0].group_id, "Report 2"] == CONTRADICTS


def test_board_csv_wide_and_formula_cells(corpus: Corpus, tmp_path: Path) -> None:
    p = corpus.project
    out = tmp_path / "wide.csv"
    assert export_board(p.store, out, wide=True) == 2
    frame = pd.read_csv(out, dtype=str, keep_default_na=False)
    assert list(frame.columns[:4]) == ["group", "group_label", "group_note", "sources"]
    assert (
        "'=BBC (2025-02-01): quote" in frame.columns or "=BBC (2025-02-01): quote" in frame.columns
    )
    row = frame.iloc[0]
    assert row["sources"] == "2" and row["group_note"] == "'+check"  # neutralised
    assert row["TASS (2025-01-01): actor"] == "'=Moscow"
    assert row["Report 2 (2025-03-01): relation"] == CONTRADICTS


def test_claims_table_carries_group_id_and_label(corpus: Corpus, tmp_path: Path) -> None:
    p = corpus.project
    out = tmp_path / "claims.csv"
    export_claims(p.store, out)
    with out.open(encoding="utf-8", newline="") as fh:
        rows = {r["claim_id"]: r for r in csv.DictReader(fh)}
    left0, left1, denied = corpus.claims
    group = build_board(p.store).rows[0].group_id
    assert (rows[left0]["group_id"], rows[left0]["group_label"]) == (group, "Russia left")
    assert rows[left1]["group_id"] == group
    assert (rows[denied]["group_id"], rows[denied]["group_label"]) == ("", "")
