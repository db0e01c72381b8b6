"""W3C Web Annotation import (the JSON-LD that :mod:`annot.core.export.wadm` writes, and
annotations from other tools that use the same selectors).

Accepted input: an AnnotationCollection whose pages are embedded (``first``, then ``next``),
an AnnotationPage, a list of Annotations, or a single Annotation.

- A span annotation is placed in the document whose URL or ``urn:sha256:`` equals its
  target's ``source``: at its TextPositionSelector when the text there equals the
  TextQuoteSelector's ``exact`` (and the prefix/suffix agree), otherwise by the quote, its
  prefix and suffix (:mod:`annot.core.imports.anchoring`). What cannot be placed (unknown
  source, quote not found, no selector) is listed in the report by id, never guessed.
- The tag is the first ``tagging`` TextualBody (created in the codebook when missing, with
  ``annot:colour``/``annot:role`` when given); an annotation without one gets the tag
  ``untagged``. ``commenting`` bodies (and TextualBodies without a purpose, and
  ``bodyValue``) become the note. The annotator is the creator's name (or ``annotator``).
- ``urn:uuid:`` ids are kept, so an annotation already in the project is not added twice;
  other ids become a UUID derived from them.
- ``linking`` annotations with ``annot:linkKind``/``annot:from``/``annot:to`` become links
  (checked against the link rules); other linking annotations are counted as not imported.
- ``annot:groupLabel``/``annot:groupNote``/``annot:groupModified`` on a span annotation
  restore the label row of the claim group it anchors (for the claims this import adds).

Everything is added by one command: one undo step.
"""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from annot.core.annotations import now
from annot.core.documents import read_file_bytes
from annot.core.errors import ImportProblem, ValidationError
from annot.core.export.atomic import Progress
from annot.core.imports.anchoring import TextIndex, anchor
from annot.core.imports.plan import (
    ApplyImport,
    ImportPlan,
    PlannedAnnotation,
    PlannedLink,
    TagSpec,
)
from annot.core.imports.report import ImportReport
from annot.core.merge_rules import instant
from annot.core.model import AnnotationId, GroupLabel, LinkId, LinkKind, Role, Status

if TYPE_CHECKING:
    from annot.core.project import Project

UNTAGGED = "untagged"
_UUID_URN = re.compile(r"^urn:uuid:([0-9a-fA-F-]{36})$")
_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
_DATETIME = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$")
_EVERY = 2000
_SURROGATE = re.compile("[\ud800-\udfff]")
MAX_JSON_BYTES = 512 * 1024 * 1024
_ROLES = {r.value: r for r in Role}
_STATUSES = {st.value: st for st in Status}


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _types(obj: Any) -> list[Any]:
    return _as_list(obj.get("type")) if isinstance(obj, dict) else []


def read_items(path: Path) -> list[Any]:
    """The annotations in a W3C JSON(-LD) file, or :class:`ImportProblem` naming it."""
    raw = read_file_bytes(path, limit=MAX_JSON_BYTES)
    try:
        doc = json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise ImportProblem(f"is not UTF-8 text (byte {exc.start})", path) from exc
    except json.JSONDecodeError as exc:
        raise ImportProblem(
            f"is not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})", path
        ) from exc
    except ValueError as exc:  # an integer of more than 4,300 digits
        raise ImportProblem(
            f"holds a number with too many digits to be an offset ({exc}); nothing was imported", path
        ) from exc
    except RecursionError as exc:
        raise ImportProblem(
            "is nested too deeply to be W3C Web Annotations (arrays or objects inside each"
            " other thousands of levels deep); nothing was imported",
            path,
        ) from exc
    _refuse_surrogates(doc, path)
    if isinstance(doc, list):
        items = doc
    elif "AnnotationCollection" in _types(doc):
        items = []
        page = doc.get("first")
        if page is not None and not isinstance(page, dict):
            raise ImportProblem(
                "is an AnnotationCollection whose pages are not embedded (annot reads"
                " collections that contain their pages)",
                path,
            )
        while isinstance(page, dict):
            items.extend(_as_list(page.get("items")))
            page = page.get("next")
    elif "AnnotationPage" in _types(doc):
        items = _as_list(doc.get("items"))
    elif "Annotation" in _types(doc):
        items = [doc]
    else:
        raise ImportProblem(
            "is JSON but not W3C Web Annotations (no AnnotationCollection, AnnotationPage"
            " or Annotation)",
            path,
        )
    if any(not isinstance(a, dict) or "Annotation" not in _types(a) for a in items):
        bad = next(i for i, a in enumerate(items) if not isinstance(a, dict) or "Annotation" not in _types(a))
        raise ImportProblem(f"item {bad} is not an embedded Annotation object", path)
    return items


def _refuse_surrogates(doc: Any, path: Path) -> None:
    """Refuse a file whose strings hold a lone UTF-16 surrogate (``"\\ud800"``): JSON
    allows the escape, but it is not a character and cannot be stored as text."""
    stack = [doc]
    while stack:
        value = stack.pop()
        if isinstance(value, str):
            texts = [value]
        elif isinstance(value, dict):
            texts = [k for k in value if isinstance(k, str)]
            stack.extend(value.values())
        elif isinstance(value, list):
            stack.extend(value)
            continue
        else:
            continue
        for text in texts:
            bad = _SURROGATE.search(text)
            if bad:
                raise ImportProblem(
                    f"holds a lone UTF-16 surrogate (\\u{ord(bad[0]):04x}) in the string"
                    f" {text[:40].encode('utf-8', 'replace').decode('utf-8')!r}: it is not text and"
                    " cannot be stored; nothing was imported",
                    path,
                )


def _offset(selector: dict[str, Any], key: str, item: int, ann_id: str, path: Path) -> int | None:
    """A TextPositionSelector's ``start``/``end``: None when absent, else a whole number
    (``true`` is not 1, ``1.5`` is not 1): anything else refuses the file."""
    if key not in selector:
        return None
    value = selector[key]
    if type(value) is not int:
        raise ImportProblem(
            f"item {item} ({ann_id}): its TextPositionSelector {key} is {json.dumps(value)[:40]},"
            " not a whole number; nothing was imported",
            path,
        )
    return value


def _local_id(raw: Any) -> str:
    if isinstance(raw, str):
        m = _UUID_URN.match(raw)
        if m:
            return m[1].lower()
        return str(uuid.uuid5(uuid.NAMESPACE_URL, raw))
    return str(uuid.uuid4())


def _stamp(value: Any, default: str) -> str:
    """``value`` when it is a time that names an instant (merge compares instants, and a
    stored time that names none would make every colleague's merge refuse the project)."""
    if isinstance(value, str) and _DATETIME.match(value) and instant(value) is not None:
        return value
    return default


def _creator(value: Any) -> str:
    for c in _as_list(value):
        if isinstance(c, dict):
            for key in ("name", "nickname", "id"):
                if isinstance(c.get(key), str) and c[key].strip():
                    return str(c[key]).strip()
        elif isinstance(c, str) and c.strip():
            return c.strip()
    return ""


def _selectors(target: dict[str, Any]) -> tuple[dict[str, Any] | None, dict[str, Any] | None]:
    quote = position = None
    for s in _as_list(target.get("selector")):
        if not isinstance(s, dict):
            continue
        if "TextQuoteSelector" in _types(s) and quote is None:
            quote = s
        elif "TextPositionSelector" in _types(s) and position is None:
            position = s
    return quote, position


def _bodies(item: dict[str, Any]) -> Iterator[dict[str, Any]]:
    for b in _as_list(item.get("body")):
        if isinstance(b, dict):
            yield b
        elif isinstance(b, str):  # a bare string body is an IRI, not text
            continue


def import_wadm(
    project: Project,
    path: str | Path,
    *,
    annotator: str | None = None,
    progress: Progress | None = None,
) -> ImportReport:
    """Import the annotations and links of a W3C Web Annotation file (one undo step)."""
    path = Path(path)
    items = read_items(path)
    store = project.store
    report = ImportReport(str(path))
    fallback = annotator or _current_annotator(project) or "unknown"
    by_source: dict[str, str] = {}  # source IRI -> sha256
    for info in store.documents():
        by_source[f"urn:sha256:{info.sha256}"] = info.sha256
        if info.url.strip():
            by_source.setdefault(info.url.strip(), info.sha256)
    texts: dict[str, TextIndex] = {}  # sha256 -> the text, indexed once for all its quotes
    plan = ImportPlan()
    planned: set[str] = set()
    link_items: list[dict[str, Any]] = []
    missing_sources: dict[str, int] = {}
    stamp = now()
    for i, item in enumerate(items):
        if progress is not None and i % _EVERY == 0 and not progress(i, len(items)):
            report.cancelled = True
            return report
        if "linking" in _as_list(item.get("motivation")):
            link_items.append(item)
            continue
        ann_id = _local_id(item.get("id"))
        if ann_id in planned or store.has_annotation(AnnotationId(ann_id)):
            report.annotations.skipped += 1
            continue
        targets = [t for t in _as_list(item.get("target")) if isinstance(t, dict)]
        target = next((t for t in targets if t.get("selector") is not None), None)
        if target is None:
            report.unanchored.append(ann_id)
            report.not_imported["annotations without a text selector"] += 1
            continue
        raw_source = target.get("source", "")
        source = str(raw_source.get("id", "") if isinstance(raw_source, dict) else raw_source)
        sha = by_source.get(source)
        if sha is None:
            report.unanchored.append(ann_id)
            missing_sources[source] = missing_sources.get(source, 0) + 1
            continue
        if sha not in texts:
            doc_id = store.document_by_sha(sha)
            assert doc_id is not None
            texts[sha] = TextIndex(store.document_text(doc_id))
        quote, position = _selectors(target)
        q = quote or {}
        p = position or {}
        exact = q.get("exact") if isinstance(q.get("exact"), str) else None
        if exact is None and position is None:
            report.unanchored.append(ann_id)
            continue
        placed = anchor(
            texts[sha],
            exact=exact,
            prefix=q["prefix"] if isinstance(q.get("prefix"), str) else "",
            suffix=q["suffix"] if isinstance(q.get("suffix"), str) else "",
            start=_offset(p, "start", i, ann_id, path),
            end=_offset(p, "end", i, ann_id, path),
        )
        if placed is None:
            report.unanchored.append(ann_id)
            continue
        if placed.moved:
            report.reanchored.append(ann_id)
        tag, note = _tag_and_note(item, plan, report)
        status = item.get("annot:status")
        created = _stamp(item.get("created"), stamp)
        plan.annotations.append(
            PlannedAnnotation(
                AnnotationId(ann_id), sha, tag, _creator(item.get("creator")) or fallback,
                placed.start, placed.end, note,
                _STATUSES.get(status, Status.UNREVIEWED) if isinstance(status, str) else Status.UNREVIEWED,
                created, _stamp(item.get("modified"), created),
            )
        )  # fmt: skip
        planned.add(ann_id)
        label, group_note = item.get("annot:groupLabel", ""), item.get("annot:groupNote", "")
        if isinstance(label, str) and isinstance(group_note, str) and (label or group_note):
            modified = _stamp(item.get("annot:groupModified"), created)
            plan.group_labels.append(GroupLabel(AnnotationId(ann_id), label, group_note, modified))
    for source, n in missing_sources.items():
        report.problems.append(
            f"{n} annotation(s) target {source!r}, which matches no document of this project"
            " (by URL or SHA-256); import that document first"
        )
    _plan_links(project, link_items, planned, plan, report, stamp)
    if plan.annotations or plan.links:
        project.run(ApplyImport(plan, report, what="W3C annotations"))
    if progress is not None:
        progress(len(items), len(items))
    return report


def _current_annotator(project: Project) -> str:
    try:
        return project.store.annotator(project.annotator_id).name
    except ValidationError:  # no annotator chosen yet
        return ""


def _tag_and_note(item: dict[str, Any], plan: ImportPlan, report: ImportReport) -> tuple[str, str]:
    tag = ""
    notes: list[str] = []
    for body in _bodies(item):
        purposes = _as_list(body.get("purpose"))
        value = body.get("value")
        if not isinstance(value, str):
            continue
        if "tagging" in purposes or "classifying" in purposes:
            if tag:
                report.not_imported["extra tags on one annotation (annot keeps the first)"] += 1
                continue
            tag = " ".join(value.split()) or UNTAGGED
            colour = body.get("annot:colour")
            role = body.get("annot:role")
            plan.need_tag(
                TagSpec(
                    tag,
                    colour if isinstance(colour, str) and _COLOUR.match(colour) else "",
                    _ROLES.get(role, Role.OTHER) if isinstance(role, str) else Role.OTHER,
                )
            )
        elif not purposes or "commenting" in purposes or "describing" in purposes:
            notes.append(value)
    if isinstance(item.get("bodyValue"), str):
        notes.append(item["bodyValue"])
    if not tag:
        tag = UNTAGGED
        plan.need_tag(TagSpec(UNTAGGED))
    return tag, "\n\n".join(notes)


def _plan_links(
    project: Project,
    items: list[dict[str, Any]],
    planned: set[str],
    plan: ImportPlan,
    report: ImportReport,
    stamp: str,
) -> None:
    store = project.store
    kinds = {k.value for k in LinkKind}
    seen: set[str] = set()
    for item in items:
        kind, src, tgt = item.get("annot:linkKind"), item.get("annot:from"), item.get("annot:to")
        if kind not in kinds or not isinstance(src, str) or not isinstance(tgt, str):
            report.not_imported["linking annotations without annot's link kind"] += 1
            continue
        link_id = _local_id(item.get("id"))
        if link_id in seen or store.has_link(LinkId(link_id)):
            report.links.skipped += 1
            continue
        seen.add(link_id)
        ends = [_local_id(src), _local_id(tgt)]
        missing = [e for e in ends if e not in planned and not store.has_annotation(AnnotationId(e))]
        if missing:
            report.skipped_links.append(f"{link_id} ({kind}): its span {missing[0]} was not imported")
            continue
        plan.links.append(
            PlannedLink(
                LinkId(link_id), LinkKind(kind), AnnotationId(ends[0]), AnnotationId(ends[1]),
                _stamp(item.get("created"), stamp),
            )
        )  # fmt: skip
