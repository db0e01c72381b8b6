"""The claims table and the all-annotations table, as CSV.

RFC 4180 (CRLF line ends, fields quoted when needed), UTF-8, optionally with a BOM for
Excel. Every quote and context is sliced from the stored text (``text[start:end]``), never
copied from a stored column, so an exported quote always matches its offsets. A text cell
that starts with ``= + - @``, TAB, CR, LF or NUL gets a leading ``'`` (OWASP formula
injection) unless ``escape_formulas=False``. The guard is reversible: a cell that already
starts with ``'`` followed (after any more ``'``) by one of those gets one more, and
:func:`unneutralise` (used by the CSV import) takes exactly one away.

Rows are streamed from the store, so a million annotations need little memory. A file is
written beside its target under a temporary name and renamed into place at the end: a
failed or cancelled export leaves no half-written file behind.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterator
from itertools import islice
from pathlib import Path
from typing import IO, Any, TextIO

from annot.core.errors import Cancelled
from annot.core.export.atomic import atomic_text_file
from annot.core.model import CONTEXT_CHARS, Role, Status
from annot.core.progress import Progress
from annot.core.store import Store
from annot.core.store.claims import LinkedSpan

CLAIM_COLUMNS = (
    "claim_id", "document", "outlet", "published", "start", "end", "quote",
    "context_before", "context_after", "actor", "actor_id", "actor_name", "date", "date_value",
    "annotator", "note", "status",
    "created", "modified",
)  # fmt: skip
ANNOTATION_COLUMNS = ("annotation_id", "tag", *CLAIM_COLUMNS[1:])
GROUP_COLUMNS = ("group_id", "group_label")  # claims table only: the claim's claim group

FORMULA_STARTS = frozenset("=+-@\t\r\n\x00")
_GUARDED = FORMULA_STARTS | {"'"}  # first characters that may need the guard
JOIN = "; "
PROGRESS_EVERY = 5000


def neutralise(cell: str) -> str:
    """``cell`` made safe to open in a spreadsheet (OWASP CSV injection), reversibly."""
    first = cell[:1]
    if first in FORMULA_STARTS or (first == "'" and cell.lstrip("'")[:1] in FORMULA_STARTS):
        return "'" + cell
    return cell


def unneutralise(cell: str) -> str:
    """The cell :func:`neutralise` was given: one leading ``'`` removed, only where the
    guard put it (before ``'``s and a formula character)."""
    if cell[:1] == "'" and cell.lstrip("'")[:1] in FORMULA_STARTS:
        return cell[1:]
    return cell


def export_claims(
    store: Store,
    out: Path | TextIO,
    *,
    excel_bom: bool = False,
    escape_formulas: bool = True,
    status: Status | None = None,
    progress: Progress | None = None,
) -> int:
    """Write the claims table (one row per annotation whose tag has the claim role).
    Returns the number of rows; raises :class:`Cancelled` if ``progress`` returns False."""
    return _export(store, out, Role.CLAIM, excel_bom, escape_formulas, status, progress)


def export_annotations(
    store: Store,
    out: Path | TextIO,
    *,
    excel_bom: bool = False,
    escape_formulas: bool = True,
    status: Status | None = None,
    progress: Progress | None = None,
) -> int:
    """Write every annotation of every tag (with a ``tag`` column). Returns the row count."""
    return _export(store, out, None, excel_bom, escape_formulas, status, progress)


def _export(
    store: Store,
    out: Path | TextIO,
    role: Role | None,
    excel_bom: bool,
    escape: bool,
    status: Status | None,
    progress: Progress | None,
) -> int:
    if not isinstance(out, (str, Path)):
        if excel_bom:
            out.write("\ufeff")
        with store.reading():
            return _write(store, out, role, escape, status, progress)
    encoding = "utf-8-sig" if excel_bom else "utf-8"
    with atomic_text_file(Path(out), project=store.path, encoding=encoding) as fh, store.reading():
        return _write(store, fh, role, escape, status, progress)


def _write(
    store: Store,
    fh: IO[str],
    role: Role | None,
    escape: bool,
    status: Status | None,
    progress: Progress | None,
) -> int:
    writer = csv.writer(fh, lineterminator="\r\n")
    writer.writerow((*CLAIM_COLUMNS, *GROUP_COLUMNS) if role is Role.CLAIM else ANNOTATION_COLUMNS)
    total = store.export_count(role=role, status=status) if progress is not None else 0
    if progress is not None and not progress(0, total):
        raise Cancelled("the export was cancelled; no file was written")
    rows = _rows(store, role, escape, status)
    done = 0
    while True:
        chunk = list(islice(rows, PROGRESS_EVERY))
        if not chunk:
            break
        writer.writerows(chunk)
        done += len(chunk)
        if progress is not None and not progress(done, total):
            raise Cancelled("the export was cancelled; no file was written")
    return done


def _rows(
    store: Store, role: Role | None, escape: bool, status: Status | None
) -> Iterator[list[Any]]:
    """The table's rows, in document order; text cells neutralised when ``escape``.

    One document at a time: its annotations (all tags, as the linked actors and dates are
    needed too) and the links of its claims. Memory grows with the largest document, not
    with the project."""
    esc: Callable[[str], str] = neutralise if escape else str
    all_tags = store.tags()
    tags: dict[int, str] = {t.id: esc(t.name) for t in all_tags}
    claim_tags: set[int] = {t.id for t in all_tags if t.role is Role.CLAIM}
    wanted_tags = claim_tags if role is Role.CLAIM else set(tags)
    people: dict[int, str] = {a.id: esc(a.name) for a in store.annotators()}
    registry = _registry(store, esc)
    with_tag = role is not Role.CLAIM
    wanted_status = Status(status).value if status is not None else None
    bad = _GUARDED
    groups: dict[str, tuple[str, str]] = {}
    if role is Role.CLAIM:
        from annot.core.claim_groups import group_index

        groups = {k: (esc(g), esc(label)) for k, (g, label) in group_index(store).items()}
    no_group = ("", "")
    for info in store.documents():
        doc_rows = store.document_rows(info.id)
        if not doc_rows:
            continue
        text = store.document_text(info.id)
        title, outlet, published = esc(info.title), esc(info.outlet), esc(info.published)
        ids = [r[0] for r in doc_rows]
        values = {i: esc(v) for i, (v, _) in store.date_values_of(ids).items()}
        who = {i: registry(a) for i, a in store.actors_of(ids).items()}
        links = _linked_quotes(store, doc_rows, claim_tags, text, esc, values, who)
        for aid, tag_id, by, start, end, note, state, created, modified in doc_rows:
            if tag_id not in wanted_tags or (wanted_status is not None and state != wanted_status):
                continue
            quote = text[start:end]
            before = text[max(0, start - CONTEXT_CHARS) : start]
            after = text[end : end + CONTEXT_CHARS]
            actor, date, value, actor_id, actor_name = links.get(aid, ("", "", "", "", ""))
            value = value or values.get(aid, "")
            if not actor_id and aid in who:
                actor_id, actor_name = who[aid]
            group = groups.get(aid, no_group)
            if escape:  # inline rather than calls: this loop runs a million times
                if aid[:1] in bad:
                    aid = neutralise(aid)
                if quote[:1] in bad:
                    quote = neutralise(quote)
                if before[:1] in bad:
                    before = neutralise(before)
                if after[:1] in bad:
                    after = neutralise(after)
                if note[:1] in bad:
                    note = neutralise(note)
                if state[:1] in bad:
                    state = neutralise(state)
                if created[:1] in bad:
                    created = neutralise(created)
                if modified[:1] in bad:
                    modified = neutralise(modified)
            if with_tag:
                yield [aid, tags[tag_id], title, outlet, published, start, end, quote, before,
                       after, actor, actor_id, actor_name, date, value, people[by], note, state,
                       created, modified]  # fmt: skip
            else:
                yield [aid, title, outlet, published, start, end, quote, before, after, actor,
                       actor_id, actor_name, date, value, people[by], note, state, created,
                       modified, *group]  # fmt: skip


def _registry(store: Store, esc: Callable[[str], str]) -> Callable[[str], tuple[str, str]]:
    """actor id -> (id, canonical name) of the actor it is (following merges)."""
    rows = {r[0]: r for r in store.actor_rows(with_merged=True)}

    def resolve(actor_id: str) -> tuple[str, str]:
        seen: set[str] = set()
        while actor_id in rows and rows[actor_id][5] and actor_id not in seen:
            seen.add(actor_id)
            actor_id = rows[actor_id][5]
        row = rows.get(actor_id)
        return (esc(actor_id), esc(row[1]) if row else "")

    return resolve


def _linked_quotes(
    store: Store,
    doc_rows: list[tuple[str, int, int, int, int, str, str, str, str]],
    claim_tags: set[int],
    text: str,
    esc: Callable[[str], str],
    values: dict[str, str],
    who: dict[str, tuple[str, str]],
) -> dict[str, tuple[str, str, str, str, str]]:
    """For each claim of the document that has said_by or dated links: the linked actors'
    and dates' quotes, and the dates' values, each "; "-joined in document order (and
    neutralised); from the store's one claims query."""
    claims = [r[0] for r in doc_rows if r[1] in claim_tags]
    if not claims:
        return {}
    found = store.claim_links(claims)
    if not found:
        return {}
    here = {r[0] for r in doc_rows}  # a target in another document (the link rules forbid it): skipped

    def joined(spans: list[LinkedSpan]) -> str:
        return esc(JOIN.join(text[s:e] for i, s, e, _ in spans if i in here))

    def joined_values(spans: list[LinkedSpan]) -> str:
        return JOIN.join(values.get(i, "") for i, *_ in spans if i in here)

    def joined_actors(spans: list[LinkedSpan], part: int) -> str:
        if not any(i in who for i, *_ in spans):
            return ""
        return JOIN.join(who[i][part] if i in who else "" for i, *_ in spans if i in here)

    return {
        source: (joined(actors), joined(dates), joined_values(dates), joined_actors(actors, 0), joined_actors(actors, 1))
        for source, (actors, dates) in found.items()
    }
