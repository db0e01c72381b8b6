"""The claim board as CSV (RFC 4180, UTF-8, optional BOM; formula cells neutralised like the
claims table).

- **long** (tidy) form, one row per group, document and claim — a document that does not
  carry the group's claim gets one row with relation ``absent`` and empty claim cells:
  ``group, group_label, document, outlet, published, claim_id, quote, actor, date, relation``
  (``group`` is the group id, the UUID of its anchor claim; several actors or dates are
  joined by ``"; "``; ``quote`` is ``text[start:end]`` of the stored text);
- **wide** form, one row per group: ``group, group_label, group_note, sources``, then for
  each document ``<heading>: quote``, ``: actor``, ``: date``, ``: relation``.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterator
from pathlib import Path

from annot.core.board import Board, build_board, document_heading
from annot.core.export.atomic import atomic_text_file
from annot.core.export.tables import JOIN, neutralise
from annot.core.store import Store

LONG_COLUMNS = (
    "group", "group_label", "document", "outlet", "published", "claim_id", "quote", "actor",
    "date", "relation",
)  # fmt: skip
WIDE_PARTS = ("quote", "actor", "date", "relation")


def export_board(
    store: Store,
    path: str | Path,
    *,
    wide: bool = False,
    unaligned: bool = False,
    excel_bom: bool = False,
    escape_formulas: bool = True,
) -> int:
    """Write the board to ``path`` atomically; returns the number of data rows."""
    board = build_board(store, unaligned=unaligned)
    esc: Callable[[str], str] = neutralise if escape_formulas else str
    rows = _wide(store, board, esc) if wide else _long(store, board, esc)
    encoding = "utf-8-sig" if excel_bom else "utf-8"
    n = 0
    with atomic_text_file(Path(path), project=store.path, encoding=encoding) as fh:
        writer = csv.writer(fh, lineterminator="\r\n")
        for i, row in enumerate(rows):
            writer.writerow(row)
            n = i
    return n


def _quote(store: Store, board: Board, col: int, claim_start: int, claim_end: int) -> str:
    return store.document_text(board.documents[col].id)[claim_start:claim_end]


def _long(store: Store, board: Board, esc: Callable[[str], str]) -> Iterator[list[str]]:
    yield list(LONG_COLUMNS)
    for row in board.rows:
        for col, (info, cell) in enumerate(zip(board.documents, row.cells, strict=True)):
            head = [
                esc(row.group_id),
                esc(row.label),
                esc(info.title),
                esc(info.outlet),
                esc(info.published),
            ]
            if not cell.claims:
                yield [*head, "", "", "", "", cell.relation]
                continue
            for claim in cell.claims:
                yield [
                    *head, esc(claim.id), esc(_quote(store, board, col, claim.start, claim.end)),
                    esc(JOIN.join(cell.actors)), esc(JOIN.join(cell.dates)), cell.relation,
                ]  # fmt: skip


def wide_headings(board: Board) -> list[str]:
    names = [document_heading(d) for d in board.documents]
    seen: dict[str, int] = {}
    for n in names:
        seen[n] = seen.get(n, 0) + 1
    return [
        f"{n} #{d.id}" if seen[n] > 1 else n for n, d in zip(names, board.documents, strict=True)
    ]


def _wide(store: Store, board: Board, esc: Callable[[str], str]) -> Iterator[list[str]]:
    headings = wide_headings(board)
    yield ["group", "group_label", "group_note", "sources"] + [
        f"{h}: {part}" for h in headings for part in WIDE_PARTS
    ]
    for row in board.rows:
        out = [esc(row.group_id), esc(row.label), esc(row.note), str(row.sources)]
        for col, cell in enumerate(row.cells):
            quote = " … ".join(_quote(store, board, col, c.start, c.end) for c in cell.claims)
            out += [
                esc(quote),
                esc(JOIN.join(cell.actors)),
                esc(JOIN.join(cell.dates)),
                cell.relation,
            ]
        yield out
