"""brat standoff import: a folder of ``NAME.txt``/``NAME.ann`` pairs → documents, tags,
annotations and links (one undo step).

- Each ``.txt`` is read as UTF-8 with no newline translation (brat's offsets are code
  points of exactly that text). A text already in the project (same SHA-256) is re-used,
  otherwise it becomes a new document. A ``.txt`` without ``.ann`` is a document without
  annotations; an ``.ann`` without ``.txt`` is an error.
- ``T`` lines become annotations by the ``annotator`` given (brat does not record one); the
  type becomes the tag (:func:`annot.core.export.brat.tag_name`, created when missing, with
  the colour of ``visual.conf`` when there is one). Offsets are checked: out of range, or a
  line whose text is not what its offsets cover, stops the import with a message naming the
  file and line, and nothing is added.
- Discontinuous ``T`` spans (``0 5;6 10``) whose gaps hold only white space (line breaks, as
  annot and most tools write them) become one span from the first start to the last end;
  those with words in a gap ("North [and South] America") are not imported and counted.
  annot's own ``AnnotBounds`` note restores a span's exact bounds.
- ``R`` lines whose type is a link kind (``said_by``, ``dated``, ``same_claim``,
  ``contradicts``; case, ``-`` and spaces ignored) become links from Arg1 to Arg2 when the
  link rules allow it; relations of other types are counted by type and not imported.
- ``#`` notes on a ``T`` become the annotation's note; lines annot cannot represent — events
  (E), attributes (A/M), normalizations (N), equivalences (*), notes on those — are counted.
- A span that is already in the project (same document, bounds, tag and annotator) is not
  added again.
"""

from __future__ import annotations

import itertools
import re
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from annot.core.annotations import now
from annot.core.documents import (
    SourceText,
    find_published,
    find_title,
    read_file_bytes,
    sha256_text,
)
from annot.core.errors import ImportProblem, ValidationError
from annot.core.export.atomic import Progress
from annot.core.export.brat import tag_name, unescape_note
from annot.core.imports.plan import (
    ApplyImport,
    ImportPlan,
    PlannedAnnotation,
    PlannedLink,
    TagSpec,
)
from annot.core.imports.report import ImportReport
from annot.core.model import AnnotationId, DocumentId, LinkId, LinkKind

if TYPE_CHECKING:
    from annot.core.project import Project

_T_LINE = re.compile(r"^(T\d+)\t(\S+) (\d+ \d+(?:;\d+ \d+)*)\t(.*)$", re.ASCII)
_MAX_DIGITS = 18
_COLOUR = re.compile(r"bgColor:(#[0-9a-fA-F]{6})\b")
_KINDS = {k.value: k for k in LinkKind}
_UNSUPPORTED = {
    "E": "events (E lines)",
    "A": "attributes (A lines)",
    "M": "attributes (M lines)",
    "N": "normalizations (N lines)",
    "*": "equivalences (* lines)",
}


def link_kind(relation: str) -> LinkKind | None:
    return _KINDS.get(re.sub(r"[-\s]+", "_", relation.strip()).lower())


def read_colours(folder: Path) -> dict[str, str]:
    """brat type -> ``#rrggbb`` from ``visual.conf`` ([drawing] bgColor), if present."""
    colours: dict[str, str] = {}
    try:
        lines = (folder / "visual.conf").read_text("utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return colours
    for line in lines:
        m = _COLOUR.search(line)
        if m and line.split():
            colours[line.split()[0]] = m[1].lower()
    return colours


@dataclass
class _Span:
    type: str
    start: int
    end: int
    notes: list[str] = field(default_factory=list)


def _read_text(path: Path, encoding: str = "utf-8") -> str:
    try:
        return read_file_bytes(path).decode(encoding)
    except UnicodeDecodeError as exc:
        raise ImportProblem(f"is not UTF-8 text (byte {exc.start}); brat texts are UTF-8", path) from exc


def _parse_t(line: str, ln: int, text: str, path: Path) -> tuple[str, str, list[tuple[int, int]]]:
    m = _T_LINE.match(line)
    if not m:
        raise ImportProblem(f"line {ln}: malformed text-bound (T) line {line[:60]!r}", path)
    tid, btype, offsets, quoted = m.groups()
    longest = max(len(n) for n in re.split(r"[ ;]", offsets))
    if longest > _MAX_DIGITS:
        raise ImportProblem(
            f"line {ln}: {tid} has an offset of {longest} digits, far past the end of the text", path
        )
    frags = [(int(a), int(b)) for a, b in (p.split() for p in offsets.split(";"))]
    for s, e in frags:
        if s > e or e > len(text):
            raise ImportProblem(
                f"line {ln}: {tid} offsets {s}-{e} are outside the text"
                f" ({len(text)} characters in the .txt)",
                path,
            )
    covered = " ".join(text[s:e] for s, e in frags)
    if covered != quoted:
        raise ImportProblem(
            f"line {ln}: {tid} offsets {offsets} cover {covered[:40]!r} but the line says"
            f" {quoted[:40]!r} (brat offsets are code points of the UTF-8 .txt)",
            path,
        )
    return tid, btype, sorted(frags)


def _parse_ann(
    path: Path, text: str, report: ImportReport
) -> tuple[dict[str, _Span], list[tuple[str, str, str]]]:
    """T spans by id (whole spans only) and relations (type, arg1, arg2)."""
    raw = _read_text(path, "utf-8-sig")  # a BOM in the .ann is not part of any line
    spans: dict[str, _Span] = {}
    relations: list[tuple[str, str, str]] = []
    bounds: dict[str, tuple[int, int]] = {}
    notes: list[tuple[str, str, str]] = []  # (note type, target id, text)
    for ln, line in enumerate(raw.split("\n"), start=1):
        line = line.removesuffix("\r")
        if not line.strip():
            continue
        head = line.split("\t", 1)[0]
        kind = head[:1]
        if kind == "T":
            tid, btype, frags = _parse_t(line, ln, text, path)
            gaps = [text[e1:s2] for (_, e1), (s2, _) in itertools.pairwise(frags)]
            if any(g.strip() for g in gaps):
                report.not_imported["discontinuous spans with words between their parts"] += 1
                continue
            spans[tid] = _Span(btype, frags[0][0], frags[-1][1])
        elif kind == "R":
            fields = line.split("\t")
            parts = fields[1].split() if len(fields) > 1 else []
            args = [p.split(":", 1)[1] for p in parts[1:] if ":" in p]
            if len(parts) != 3 or len(args) != 2:
                report.not_imported["malformed relation (R) lines"] += 1
                continue
            relations.append((parts[0], args[0], args[1]))
        elif kind == "#":
            fields = line.split("\t")
            parts = fields[1].split() if len(fields) > 1 else []
            if len(parts) != 2:
                report.not_imported["malformed note (#) lines"] += 1
                continue
            notes.append((parts[0], parts[1], fields[2] if len(fields) > 2 else ""))
        elif kind in _UNSUPPORTED:
            report.not_imported[_UNSUPPORTED[kind]] += 1
        else:
            report.not_imported["lines of unknown type"] += 1
    for note_type, target, body in notes:
        if note_type == "AnnotBounds" and target in spans:
            try:
                s, e = (int(x) for x in body.split())
            except ValueError:
                raise ImportProblem(f"AnnotBounds note of {target} is not 'START END'", path) from None
            span = spans[target]
            if not (0 <= s <= span.start and span.end <= e <= len(text) and s < e):
                raise ImportProblem(f"AnnotBounds note of {target} ({s} {e}) does not fit its span", path)
            bounds[target] = (s, e)
        elif target in spans:
            spans[target].notes.append(unescape_note(body))
        else:
            report.not_imported["notes on events, relations or unimported spans (# lines)"] += 1
    for tid, (s, e) in bounds.items():
        spans[tid].start, spans[tid].end = s, e
    for tid in [t for t, sp in spans.items() if sp.start >= sp.end]:
        del spans[tid]
        report.not_imported["empty spans"] += 1
    return spans, relations


def import_brat(
    project: Project,
    folder: str | Path,
    *,
    annotator: str | None = None,
    progress: Progress | None = None,
) -> ImportReport:
    """Import a folder of brat ``.txt``/``.ann`` pairs (one undo step)."""
    folder = Path(folder)
    if not folder.is_dir():
        raise ImportProblem("is not a folder of brat .txt/.ann files", folder)
    name = (annotator or "").strip()
    if not name:
        try:
            name = project.store.annotator(project.annotator_id).name
        except ValidationError:
            raise ValidationError(
                "brat files do not say who annotated them: give the annotator's name"
            ) from None
    txts = {p.stem: p for p in sorted(folder.glob("*.txt")) if p.is_file()}
    anns = {p.stem: p for p in sorted(folder.glob("*.ann")) if p.is_file()}
    if not txts and not anns:
        raise ImportProblem("holds no brat .txt/.ann files", folder)
    for stem, orphan in anns.items():
        if stem not in txts:
            raise ImportProblem(f"has no matching text file {stem}.txt", orphan)
    store = project.store
    report = ImportReport(str(folder))
    colours = read_colours(folder)
    plan = ImportPlan(fresh_ids=True)  # its ids are made here
    stamp = now()
    planned_docs: set[str] = set()
    for i, (stem, txt) in enumerate(txts.items()):
        if progress is not None and not progress(i, len(txts)):
            report.cancelled = True
            return report
        text = _read_text(txt)
        ann = anns.get(stem)
        spans, relations = _parse_ann(ann, text, report) if ann else ({}, [])
        if not text:
            report.problems.append(f"{txt}: is empty; skipped")
            continue
        sha = sha256_text(text)
        existing = store.document_by_sha(sha)
        if existing is not None or sha in planned_docs:
            report.documents.skipped += 1
        else:
            plan.documents.append(
                SourceText(text, find_title(text, stem), find_published(text), txt.name, sha)
            )
            planned_docs.add(sha)
        already = _existing_spans(project, existing) if existing is not None else {}
        ids: dict[str, AnnotationId] = {}
        for tid, span in spans.items():
            tag = " ".join(tag_name(span.type).split()) or span.type
            key = (span.start, span.end, tag.casefold(), name)
            if key in already:
                report.annotations.skipped += 1
                ids[tid] = already[key]
                continue
            plan.need_tag(TagSpec(tag, colours.get(span.type, "")))
            ann_id = AnnotationId(str(uuid.uuid4()))
            ids[tid] = ann_id
            plan.annotations.append(
                PlannedAnnotation(
                    ann_id, sha, tag, name, span.start, span.end, "\n\n".join(span.notes),
                    created=stamp, modified=stamp,
                )
            )  # fmt: skip
        for rtype, arg1, arg2 in relations:
            kind = link_kind(rtype)
            if kind is None:
                report.not_imported[f"relations of type {rtype} (no annot link kind)"] += 1
            elif arg1 not in ids or arg2 not in ids:
                where = ann.name if ann else stem
                report.skipped_links.append(f"{where}: {rtype} {arg1} → {arg2}: a span was not imported")
            else:
                link_id = LinkId(str(uuid.uuid4()))
                plan.links.append(PlannedLink(link_id, kind, ids[arg1], ids[arg2], stamp))
    if plan.annotations or plan.links or plan.documents:
        project.run(ApplyImport(plan, report, what="brat annotations", same_spans=True))
    if progress is not None:
        progress(len(txts), len(txts))
    return report


def _existing_spans(project: Project, doc_id: DocumentId) -> dict[tuple[int, int, str, str], AnnotationId]:
    store = project.store
    tags = {t.id: t.name.casefold() for t in store.tags()}
    names = {a.id: a.name for a in store.annotators()}
    return {
        (a.start, a.end, tags[a.tag_id], names[a.annotator_id]): a.id
        for a in store.annotations(document_id=doc_id)
    }
