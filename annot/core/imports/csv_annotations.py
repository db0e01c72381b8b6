"""Import annotations from a CSV file (columns document, annotator, start, end, tag, note).

The header names the columns (any order, any case; ``note`` is optional, other columns are
ignored, so an exported annotations table can be imported back). ``document`` may hold a
document's id, its SHA-256, its title, or its original file name with or without the
extension. Unknown tags and annotators are created. Cells are read back from the export's
formula guard (:func:`annot.core.export.tables.unneutralise`). When a ``quote`` column is
there, each row's quote is checked against the text: a row whose offsets hold other words
is placed by its quote (:mod:`annot.core.imports.quotes`) or refused by line.

Every row is checked before anything is written: a file with any bad row (also a quote
left open, read strictly so that it cannot swallow the rows after it) imports nothing and
:class:`ImportProblem` lists the bad rows by line number. A good file becomes an
:class:`~annot.core.imports.plan.ImportPlan`, written by :class:`~annot.core.imports.plan.ApplyImport`
like every other format (one transaction, one undo step); the check for rows already in
the project runs inside that transaction, so two imports of one file at once add it once.
"""

from __future__ import annotations

import codecs
import csv
import io
import os
import re
from pathlib import Path, PurePath

from annot.core.annotations import now
from annot.core.documents import read_file_bytes
from annot.core.errors import Cancelled, ImportProblem, ValidationError
from annot.core.export.tables import unneutralise
from annot.core.imports.plan import ApplyImport, ImportPlan, PlannedAnnotation, TagSpec
from annot.core.imports.quotes import place_quote
from annot.core.imports.report import ImportReport
from annot.core.model import AnnotationId, DocumentId, DocumentInfo, Status
from annot.core.progress import Progress
from annot.core.project import Project
from annot.core.store import Store

REQUIRED = ("document", "annotator", "start", "end", "tag")
OPTIONAL = ("note", "quote", "context_before", "context_after")
MAX_CSV_BYTES = 2 * 1024 * 1024 * 1024
MAX_CELL = 64 * 1024 * 1024
MAX_REPORTED = 20
PROGRESS_EVERY = 5000
_INTEGER = re.compile(r"-?[0-9]+")
_MAX_DIGITS = 18


def import_annotations_csv(
    project: Project,
    path: str | Path,
    *,
    progress: Progress | None = None,
    annotator: str | None = None,
) -> ImportReport:
    """Check ``path`` and import its annotations as one undo step; raises
    :class:`ImportProblem` (nothing imported) when the file or any row is bad. Rows with an
    empty annotator cell get ``annotator`` (default: the project's current annotator); rows
    already in the project are skipped and counted (``annotations.skipped``)."""
    path = Path(path)
    fallback = annotator if annotator is not None else _current(project)
    plan, report = read_annotations_csv(project.store, path, progress=progress, fallback=fallback)
    # the duplicate check runs in the write transaction; a file imported again changes
    # nothing and adds no undo step
    project.run(ApplyImport(plan, report, "{n} annotation(s) from " + path.name, same_spans=True))
    return report


def _current(project: Project) -> str:
    try:
        return project.store.annotator(project.annotator_id).name
    except ValidationError:  # no annotator chosen: an empty annotator cell is then a bad row
        return ""


# -- reading and checking -------------------------------------------------------------------


def _decode(path: Path) -> str:
    data = read_file_bytes(path, limit=MAX_CSV_BYTES)
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise ImportProblem("is UTF-16 text; save it as UTF-8 CSV and import it again", path)
    if data.count(b"\x00") * 100 > len(data):  # a stray NUL in a note is text, many are not
        raise ImportProblem("looks like a binary file, not CSV text (it contains NUL bytes)", path)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise ImportProblem(
            f"is not UTF-8 text (line {line} has the byte 0x{data[exc.start]:02x}); "
            "save it as UTF-8 CSV and import it again",
            path,
        ) from exc
    if not text.strip():
        raise ImportProblem("is empty: it needs a header line and at least one row", path)
    return text


class _Documents:
    """Finds a document by id, SHA-256, title, or file name with or without extension."""

    def __init__(self, infos: list[DocumentInfo], store: Store | None = None) -> None:
        self.store = store
        self.infos = {d.id: d for d in infos}
        self.by_key: dict[str, set[DocumentId]] = {}
        for d in infos:
            for key in (str(d.id), d.sha256.lower(), d.title, d.filename, PurePath(d.filename).stem):
                if key.strip():
                    self.by_key.setdefault(key.strip().casefold(), set()).add(d.id)
        self.cache: dict[str, DocumentId | str] = {}

    def find(self, value: str) -> DocumentId | str:
        """The document's id, or a message saying why ``value`` names none or several."""
        found = self.cache.get(value)
        if found is None:
            found = self.cache[value] = self._find(value)
        return found

    def _find(self, value: str) -> DocumentId | str:
        key = value.strip()
        if not key:
            return "the document cell is empty"
        ids = self.by_key.get(key.casefold(), set())
        if not ids:
            return f"no document in the project is called {key!r} (give its id, SHA-256, title or file name)"
        if len(ids) > 1:
            names = ", ".join(f"{i} ({self.infos[i].title!r})" for i in sorted(ids))
            return f"document {key!r} is ambiguous: it could be any of documents {names}; use the id or SHA-256"
        return next(iter(ids))


def read_annotations_csv(
    store: Store, path: Path, *, progress: Progress | None = None, fallback: str = ""
) -> tuple[ImportPlan, ImportReport]:
    """Parse and check every row of ``path`` into the plan of its import (and the report it
    starts: the rows placed by their quote); raise :class:`ImportProblem` listing the bad
    rows. ``fallback`` is the annotator of rows whose annotator cell is empty."""
    text = _decode(path)
    if csv.field_size_limit() < MAX_CELL:  # a long note is a note (the default is 128 KiB)
        csv.field_size_limit(MAX_CELL)
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = [h.strip().lower() for h in next(reader)]
    except csv.Error as exc:
        raise ImportProblem(f"line 1: is not readable as CSV ({exc})", path) from exc
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise ImportProblem(
            f"line 1: the header lacks the column(s) {', '.join(missing)}; the first line must "
            f"name the columns {', '.join(REQUIRED)} (and optionally note)",
            path,
        )
    col = {name: header.index(name) for name in (*REQUIRED, *OPTIONAL) if name in header}
    width = len(header)
    docs = _Documents(store.documents(), store)
    total = text.count("\n")  # an upper bound of the rows, for progress
    rows: list[PlannedAnnotation] = []
    report = ImportReport(str(path))
    check = _Checker(width, col, docs, fallback, now())
    problems: list[str] = []
    bad = 0
    count = 0
    line = reader.line_num + 1
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            problems.append(f"line {line}: {_quote_problem(exc, reader.line_num)}")
            bad += 1
            break
        problem, row = check(cells)
        if problem:
            bad += 1
            if len(problems) < MAX_REPORTED:
                problems.append(f"line {line}: {problem}")
        elif row is not None:
            rows.append(row)
            if check.moved:
                report.reanchored.append(f"line {line}")
        line = reader.line_num + 1
        count += 1
        if progress is not None and count % PROGRESS_EVERY == 0 and not progress(line, total):
            raise Cancelled("the import was cancelled; nothing was imported", path)
    if bad:
        more = f"\n… and {bad - len(problems)} more bad row(s)" if bad > len(problems) else ""
        raise ImportProblem(
            "\n".join(problems) + more + f"\nNothing was imported ({bad} bad row(s)).", path
        )
    if not rows:
        raise ImportProblem("has a header but no rows: there is nothing to import", path)
    plan = ImportPlan(annotations=rows, fresh_ids=True)
    for name in dict.fromkeys(r.tag for r in rows):
        plan.need_tag(TagSpec(name))
    return plan, report


def _quote_problem(exc: csv.Error, reached: int) -> str:
    """What a broken quote means for the person (a cell opened on this line by a quote)."""
    if "unexpected end of data" in str(exc) or "field larger than field limit" in str(exc):
        return (
            "a quoted cell opened on this line is never closed: it runs on to the end of the"
            f" file (line {reached}) and would swallow every row after it; close the quote"
        )
    return (
        f"a quoted cell opened on this line is not closed properly (at line {reached}: {exc});"
        " a quote inside a quoted cell must be doubled"
    )


def _offset(raw: str, name: str) -> int | str:
    """``raw`` as an offset, or a message saying why it is not one."""
    if not (raw.isascii() and raw.isdigit()) and not _INTEGER.fullmatch(raw):
        return f"{name} {raw[:20]!r}{'…' if len(raw) > 20 else ''} is not a whole number"
    if len(raw.lstrip("-")) > _MAX_DIGITS:
        return f"{name} has {len(raw.lstrip('-'))} digits: far past the end of any text"
    return int(raw)


class _Checker:
    """Checks one row's cells into a planned annotation (with a fresh id)."""

    def __init__(self, width: int, col: dict[str, int], docs: _Documents, fallback: str, stamp: str) -> None:
        self.width, self.col, self.docs, self.fallback, self.stamp = width, col, docs, fallback, stamp
        self.moved = False  # the last row was placed by its quote: its offsets held other text
        self._ids: list[str] = []
        self._sha = {d: info.sha256 for d, info in docs.infos.items()}

    def __call__(self, cells: list[str]) -> tuple[str, PlannedAnnotation | None]:
        """(problem, row): a message for a bad row, or the checked row ("" and None if blank)."""
        col, docs = self.col, self.docs
        self.moved = False
        if not "".join(cells).strip():
            return "", None
        if len(cells) != self.width:
            return f"has {len(cells)} field(s) but the header has {self.width}", None
        doc = docs.find(unneutralise(cells[col["document"]]))
        if isinstance(doc, str):
            return doc, None
        info = docs.infos[doc]
        offsets: list[int] = []
        for name in ("start", "end"):
            value = _offset(cells[col[name]].strip(), name)
            if isinstance(value, str):
                return value, None
            offsets.append(value)
        start, end = offsets
        quote = unneutralise(cells[col["quote"]]) if "quote" in col else ""
        if quote and docs.store is not None:  # the quote says which words are meant
            text = docs.store.document_text(doc)
            placed = place_quote(
                text, quote, start, end,
                *(unneutralise(cells[col[c]]) if c in col else "" for c in ("context_before", "context_after")),
            )  # fmt: skip
            if isinstance(placed, str):
                return f"{placed} (document {info.title!r})", None
            self.moved = placed != (start, end)
            start, end = placed
        if start < 0:
            return f"start {start} is negative", None
        if end > info.length:
            return f"end {end} is past the end of document {info.title!r} (length {info.length})", None
        if start >= end:
            return f"start {start} is not before end {end}", None
        tag = unneutralise(cells[col["tag"]].strip())
        if not tag:
            return "the tag cell is empty", None
        if not tag.isprintable():
            return f"tag name {tag!r} contains control characters", None
        annotator = unneutralise(cells[col["annotator"]].strip()) or self.fallback
        if not annotator:
            return "the annotator cell is empty", None
        note = unneutralise(cells[col["note"]]) if "note" in col else ""
        if not self._ids:
            self._ids = uuid4_strings(PROGRESS_EVERY)
        stamp = self.stamp
        return "", PlannedAnnotation(
            AnnotationId(self._ids.pop()), self._sha[doc], tag, annotator, start, end, note,
            Status.UNREVIEWED, stamp, stamp,
        )  # fmt: skip


def uuid4_strings(n: int) -> list[str]:
    """``n`` random (version 4) UUIDs as strings; ~4× faster than ``str(uuid.uuid4())``."""
    raw = os.urandom(16 * n).hex()
    out = []
    for i in range(0, 32 * n, 32):
        h = raw[i : i + 32]
        out.append(
            f"{h[:8]}-{h[8:12]}-4{h[13:16]}-{_VARIANT[h[16]]}{h[17:20]}-{h[20:]}"
        )
    return out


_VARIANT = {c: "89ab"[int(c, 16) & 3] for c in "0123456789abcdef"}
