"""Import annotations from a CSV file (columns document, annotator, start, end, tag, note).

The header names the columns (any order, any case; ``note`` is optional, other columns are
ignored, so an exported annotations table can be imported back). ``document`` may hold a
document's id, its SHA-256, its title, or its original file name with or without the
extension. Unknown tags and annotators are created.

Every row is checked before anything is written: a file with any bad row imports nothing
and :class:`ImportProblem` lists the bad rows by line number. A good file is imported as
one command, i.e. one transaction and one undo step.
"""

from __future__ import annotations

import codecs
import csv
import io
import os
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path, PurePath

from annot.core.annotations import now
from annot.core.codebook import next_colour
from annot.core.errors import Cancelled, ImportProblem, ValidationError
from annot.core.model import (
    CONTEXT_CHARS,
    Annotator,
    AnnotatorId,
    Changes,
    DocumentId,
    DocumentInfo,
    Role,
    Status,
    Tag,
    TagId,
)
from annot.core.project import Project
from annot.core.store import AnnotationRow, Store

Progress = Callable[[int, int], bool]  # (done, total) -> keep going?

REQUIRED = ("document", "annotator", "start", "end", "tag")
OPTIONAL = ("note",)
MAX_REPORTED = 20
PROGRESS_EVERY = 5000
_INTEGER = re.compile(r"-?[0-9]+")
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


@dataclass(frozen=True, slots=True)
class CsvAnnotation:
    """One checked row: its document resolved, its offsets inside the text."""

    line: int
    document_id: DocumentId
    annotator: str
    start: int
    end: int
    tag: str
    note: str


@dataclass
class ImportReport:
    rows: int = 0
    tags_created: int = 0
    annotators_created: int = 0
    new_tags: list[str] = field(default_factory=list)
    new_annotators: list[str] = field(default_factory=list)
    duplicates: int = 0  # rows already in the project (same document, span, tag, annotator)


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
    already in the project are skipped and counted in ``duplicates``."""
    path = Path(path)
    fallback = annotator if annotator is not None else _current(project)
    rows = read_annotations_csv(project.store, path, progress=progress, fallback=fallback)
    fresh = _without_duplicates(project.store, rows)
    if not fresh:  # importing the same file again changes nothing (and adds no undo step)
        return ImportReport(duplicates=len(rows))
    command = ImportAnnotations(fresh, path.name)
    project.run(command)
    command.report.duplicates = len(rows) - len(fresh)
    return command.report


def _without_duplicates(store: Store, rows: list[CsvAnnotation]) -> list[CsvAnnotation]:
    """The rows that are not already annotations of the project (same document, start, end,
    tag ignoring case, annotator), counted as a multiset: a file that holds two identical
    rows imports both into a project that has neither, and nothing when imported again."""
    tag_names = {t.id: t.name.casefold() for t in store.tags()}
    people = {a.id: a.name for a in store.annotators()}
    existing: Counter[tuple[int, int, int, str, str]] = Counter()
    for doc in {r.document_id for r in rows}:
        for _id, tag_id, who, start, end in store.annotation_spans(doc):
            existing[(doc, start, end, tag_names.get(tag_id, ""), people.get(who, ""))] += 1
    if not existing:  # documents without annotations yet: nothing can be a duplicate
        return rows
    fresh = []
    for r in rows:
        key = (r.document_id, r.start, r.end, r.tag.casefold(), r.annotator)
        if existing[key] > 0:
            existing[key] -= 1
        else:
            fresh.append(r)
    return fresh


def _current(project: Project) -> str:
    try:
        return project.store.annotator(project.annotator_id).name
    except ValidationError:  # no annotator chosen: an empty annotator cell is then a bad row
        return ""


# -- reading and checking -------------------------------------------------------------------


def _decode(path: Path) -> str:
    try:
        data = path.read_bytes()
    except FileNotFoundError as exc:
        raise ImportProblem("does not exist", path) from exc
    except IsADirectoryError as exc:
        raise ImportProblem("is a folder, not a CSV file", path) from exc
    except OSError as exc:
        raise ImportProblem(f"cannot be read ({exc.strerror})", path) from exc
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise ImportProblem("is UTF-16 text; save it as UTF-8 CSV and import it again", path)
    if b"\x00" in data:
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

    def __init__(self, infos: list[DocumentInfo]) -> None:
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
) -> list[CsvAnnotation]:
    """Parse and check every row of ``path``; raise :class:`ImportProblem` listing the bad
    rows. ``fallback`` is the annotator of rows whose annotator cell is empty."""
    text = _decode(path)
    reader = csv.reader(io.StringIO(text, newline=""))
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
    docs = _Documents(store.documents())
    total = text.count("\n")  # an upper bound of the rows, for progress
    rows: list[CsvAnnotation] = []
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
            problems.append(f"line {line}: is not readable as CSV ({exc})")
            bad += 1
            break
        problem, row = _check(cells, line, width, col, docs, fallback)
        if problem:
            bad += 1
            if len(problems) < MAX_REPORTED:
                problems.append(f"line {line}: {problem}")
        elif row is not None:
            rows.append(row)
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
    return rows


def _check(
    cells: list[str],
    line: int,
    width: int,
    col: dict[str, int],
    docs: _Documents,
    fallback: str,
) -> tuple[str, CsvAnnotation | None]:
    """(problem, row): a message for a bad row, or the checked row ("" and None if blank)."""
    if not "".join(cells).strip():
        return "", None
    if len(cells) != width:
        return f"has {len(cells)} field(s) but the header has {width}", None
    doc = docs.find(cells[col["document"]])
    if isinstance(doc, str):
        return doc, None
    info = docs.infos[doc]
    offsets: list[int] = []
    for name in ("start", "end"):
        raw = cells[col[name]].strip()
        if not (raw.isascii() and raw.isdigit()) and not _INTEGER.fullmatch(raw):
            return f"{name} {raw!r} is not a whole number", None
        offsets.append(int(raw))
    start, end = offsets
    if start < 0:
        return f"start {start} is negative", None
    if end > info.length:
        return f"end {end} is past the end of document {info.title!r} (length {info.length})", None
    if start >= end:
        return f"start {start} is not before end {end}", None
    tag = cells[col["tag"]].strip()
    if not tag:
        return "the tag cell is empty", None
    if not tag.isprintable():
        return f"tag name {tag!r} contains control characters", None
    annotator = cells[col["annotator"]].strip() or fallback
    if not annotator:
        return "the annotator cell is empty", None
    note = cells[col["note"]] if "note" in col else ""
    return "", CsvAnnotation(line, doc, annotator, start, end, tag, note)


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


# -- the command ------------------------------------------------------------------------------


@dataclass
class ImportAnnotations:
    """Add checked CSV rows, with the tags and annotators they need, as one undo step."""

    rows: list[CsvAnnotation]
    source: str = "CSV"
    report: ImportReport = field(default_factory=ImportReport, init=False)
    _tags: list[Tag] = field(default_factory=list, init=False)
    _annotators: list[Annotator] = field(default_factory=list, init=False)
    _records: list[AnnotationRow] = field(default_factory=list, init=False)

    @property
    def label(self) -> str:
        return f"Import {len(self.rows)} annotation(s) from {self.source}"

    def apply(self, store: Store) -> Changes:
        if not self._records:
            self._prepare(store)
        else:  # redo: the same tags, annotators and annotations, with the same ids
            for tag in self._tags:
                store.add_tag(tag, keep_id=True)
            for person in self._annotators:
                store.add_annotator_with_id(person)
        store.insert_annotation_rows(self._records)
        return self._changes()

    def revert(self, store: Store) -> Changes:
        store.delete_annotation_ids(r[0] for r in self._records)
        for tag in self._tags:
            store.delete_tag(tag.id)
        for person in self._annotators:
            store.delete_annotator(person.id)
        return self._changes()

    def _changes(self) -> Changes:
        return Changes(
            annotations=frozenset(r.document_id for r in self.rows),
            codebook=bool(self._tags),
            annotators=bool(self._annotators),
        )

    def _prepare(self, store: Store) -> None:
        tags: dict[str, TagId] = {}
        people: dict[str, AnnotatorId] = {}
        for row in self.rows:
            key = row.tag.translate(_ASCII_LOWER)  # tag names are unique up to ASCII case
            if key not in tags:
                found = store.tag_by_name(row.tag)
                if found is None:
                    new = Tag(TagId(0), row.tag, next_colour(store), "", "", Role.OTHER)
                    found = Tag(store.add_tag(new), new.name, new.colour, "", "", Role.OTHER)
                    self._tags.append(found)
                tags[key] = found.id
            if row.annotator not in people:
                person = store.annotator_by_name(row.annotator)
                if person is None:
                    person = Annotator(store.add_annotator(row.annotator), row.annotator)
                    self._annotators.append(person)
                people[row.annotator] = person.id
        stamp = now()
        unreviewed = Status.UNREVIEWED.value
        records: list[AnnotationRow] = []
        texts = {d: store.document_text(d) for d in {r.document_id for r in self.rows}}
        tag_ids = {row.tag: tags[row.tag.translate(_ASCII_LOWER)] for row in self.rows}
        for row, new_id in zip(self.rows, uuid4_strings(len(self.rows)), strict=True):
            text = texts[row.document_id]
            s, e = row.start, row.end
            records.append(
                (new_id, row.document_id, tag_ids[row.tag],
                 people[row.annotator], s, e, text[s:e], text[max(0, s - CONTEXT_CHARS) : s],
                 text[e : e + CONTEXT_CHARS], row.note, unreviewed, stamp, stamp)
            )  # fmt: skip
        self._records = records
        self.report = ImportReport(
            rows=len(records),
            tags_created=len(self._tags),
            annotators_created=len(self._annotators),
            new_tags=[t.name for t in self._tags],
            new_annotators=[a.name for a in self._annotators],
        )
