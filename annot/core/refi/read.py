"""Importing a REFI-QDA project (``.qdpx``) or codebook (``.qdc``); see :mod:`annot.core.refi`.

- A ``TextSource`` (or the plain-text ``Representation`` of a ``PDFSource``) becomes a
  document, matched to one already in the project by its text (SHA-256); its text is the
  ``internal://`` file in ``sources/`` (or ``PlainTextContent``), read as UTF-8.
- Positions are code points from 0, end exclusive (what real exporters write). Before they
  are applied the text loses its leading byte-order marks: QualCoder writes one before each
  text, and a file that went through QualCoder's own import and export again counts one
  more mark as a character, shifting every selection by one. When a selection's ``name``
  holds its text (QualCoder, annot), the position that reproduces it is taken among: as
  written, shifted by the extra marks, and counting CRLF as one character (ATLAS.ti);
  otherwise the quote is searched near the position. A selection that fits nowhere is
  reported by guid, never guessed.
- Each ``Coding`` of a selection is one annotation by the coding's user (else the
  selection's, else the importing annotator), with the code's flattened ``parent/child``
  name as its tag; the selection's ``Description`` and the ``Note``s it refers to become
  its note. A selection already in the project (same GUID) is not added twice.
- ``Link``s named like annot's link kinds between two imported selections become links;
  other links, and picture, audio, video and PDF-only sources, are counted as not imported.
"""

from __future__ import annotations

import bisect
import io
import re
import uuid
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from annot.core.annotations import now
from annot.core.documents import SourceText, read_file_bytes, sha256_text
from annot.core.errors import ImportProblem, ValidationError
from annot.core.export.atomic import Progress
from annot.core.imports.anchoring import anchor
from annot.core.imports.plan import (
    ApplyImport,
    ImportPlan,
    PlannedAnnotation,
    PlannedLink,
    TagSpec,
)
from annot.core.imports.report import ImportReport
from annot.core.model import AnnotationId, LinkId, LinkKind, Role
from annot.core.refi import ROLE_SET, plain_guid, same_quote

if TYPE_CHECKING:
    from annot.core.project import Project

MAX_FILE_BYTES = 1024 * 1024 * 1024  # a .qdpx with its texts
MAX_XML_BYTES = 512 * 1024 * 1024
_EVERY = 2000
_KINDS = {k.value: k for k in LinkKind}
_ROLES = {r.value: r for r in Role if r != Role.OTHER}
_OTHER_SOURCES = ("PictureSource", "AudioSource", "VideoSource")


def _local(tag: Any) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _children(el: Any, name: str) -> Iterator[Any]:
    for child in el:
        if _local(child.tag) == name:
            yield child


def _child_text(el: Any, name: str) -> str:
    for child in _children(el, name):
        return str(child.text or "")
    return ""


def _parse(data: bytes, path: Path, what: str) -> Any:
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True, remove_comments=True)
    try:
        return etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise ImportProblem(f"holds {what} that is not well-formed XML ({exc})", path) from exc


@dataclass
class Code:
    name: str  # flattened "parent/child"
    codable: bool
    colour: str
    description: str


def read_codes(root: Any) -> dict[str, Code]:
    """GUID -> code, for every ``Code`` under the root's ``Codes`` (recursively)."""
    codes: dict[str, Code] = {}

    def walk(el: Any, prefix: str) -> None:
        for code in _children(el, "Code"):
            name = " ".join(str(code.get("name") or "").split()) or "unnamed code"
            full = f"{prefix}/{name}" if prefix else name
            guid = plain_guid(code.get("guid"))
            colour = str(code.get("color") or "")
            if len(colour) == 4 and colour.startswith("#"):  # "#abc" -> "#aabbcc"
                colour = "#" + "".join(c * 2 for c in colour[1:])
            if guid:
                codes[guid] = Code(full, code.get("isCodable", "true") != "false", colour.lower(),
                                   _child_text(code, "Description"))  # fmt: skip
            walk(code, full)

    for book in [root, *_children(root, "CodeBook")]:
        for holder in _children(book, "Codes"):
            walk(holder, "")
    return codes


def read_roles(root: Any) -> dict[str, Role]:
    """Code GUID -> role, from the Sets named "annot role: …" that annot writes."""
    roles: dict[str, Role] = {}
    for sets in _children(root, "Sets"):
        for s in _children(sets, "Set"):
            name = str(s.get("name") or "")
            role = _ROLES.get(name[len(ROLE_SET):]) if name.startswith(ROLE_SET) else None
            if role is None:
                continue
            for member in _children(s, "MemberCode"):
                guid = plain_guid(member.get("targetGUID") or member.get("guid"))
                if guid:
                    roles[guid] = role
    return roles


def _tag_specs(codes: dict[str, Code], roles: dict[str, Role]) -> dict[str, TagSpec]:
    return {
        guid: TagSpec(c.name, c.colour if len(c.colour) == 7 else "", roles.get(guid, Role.OTHER), c.description)
        for guid, c in codes.items()
        if c.codable
    }


# -- positions ------------------------------------------------------------------------


@dataclass
class Shape:
    """How a source's positions relate to the text annot keeps: byte-order marks counted
    (QualCoder's round trip), CRLF in the file where the project has LF, or CRLF counted as
    one character (ATLAS.ti). The line-end tables are built once per source."""

    extra_boms: int = 0
    written: str | None = None  # the file's text when the project's copy has LF for its CRLF
    _written_crlf: list[int] | None = None
    _logical_crlf: list[int] | None = None

    def from_written(self, p: int) -> int:
        """A position in the CRLF text the file holds -> the same place in the LF text."""
        if self.written is None:
            return p
        if self._written_crlf is None:
            self._written_crlf = _crlf_starts(self.written)
        return p - bisect.bisect_left(self._written_crlf, p)

    def crlf_as_one(self, text: str, p: int) -> int:
        """A position counted with each CRLF as one character -> the index in ``text``."""
        if self._logical_crlf is None:  # where each CRLF starts, counted that way
            self._logical_crlf = [c - j for j, c in enumerate(_crlf_starts(text))]
        return p + bisect.bisect_left(self._logical_crlf, p)


def _crlf_starts(text: str) -> list[int]:
    found, at = [], text.find("\r\n")
    while at >= 0:
        found.append(at)
        at = text.find("\r\n", at + 2)
    return found


def place(text: str, start: int, end: int, name: str, shape: Shape | None = None) -> tuple[int, int, bool] | None:
    """Where a selection lies in ``text`` (its leading marks removed): (start, end, moved).

    The position as written comes first; when the selection's ``name`` (its text) does not
    match there, the other readings are tried (see :class:`Shape`), then the name is
    searched near the position."""
    shape = shape or Shape()
    s0 = shape.from_written(start - shape.extra_boms)
    e0 = shape.from_written(end - shape.extra_boms)

    def fits(s: int, e: int) -> bool:
        return 0 <= s < e <= len(text)

    if not name:
        return (s0, e0, False) if fits(s0, e0) else None

    def others() -> Iterator[tuple[int, int]]:
        yield s0, e0
        if shape.extra_boms:
            yield start, end
        if "\r\n" in text:
            yield shape.crlf_as_one(text, start), shape.crlf_as_one(text, end)

    for s, e in others():
        if fits(s, e) and same_quote(name, text[s:e]):
            return s, e, False
    found = anchor(text, exact=name, start=max(0, s0), end=max(0, e0))
    if found is not None:
        return found.start, found.end, True
    if not fits(s0, e0) or len(name) >= e0 - s0:
        return None  # the quoted text is nowhere: refuse rather than guess
    # a shortened name (some tools cut it): trust the position when it starts the same
    return (s0, e0, False) if text[s0:e0].startswith(name.rstrip(".… ")) else None


# -- the project file -------------------------------------------------------------------


def _open_qdpx(path: Path) -> tuple[bytes, zipfile.ZipFile]:
    data = read_file_bytes(path, limit=MAX_FILE_BYTES)
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as exc:
        raise ImportProblem("is not a REFI-QDA .qdpx file (not a ZIP archive)", path) from exc
    qde = [n for n in zf.namelist() if n.lower().endswith(".qde") and "/" not in n.strip("/")]
    if not qde:
        zf.close()
        raise ImportProblem("is a ZIP archive without a project.qde: not a REFI-QDA project", path)
    name = "project.qde" if "project.qde" in qde else qde[0]
    if zf.getinfo(name).file_size > MAX_XML_BYTES:
        zf.close()
        raise ImportProblem(f"holds a {name} too large to read", path)
    return zf.read(name), zf


def _source_text(zf: zipfile.ZipFile, el: Any, path: Path) -> str | None:
    inline = list(_children(el, "PlainTextContent"))
    if inline:
        return str(inline[0].text or "")
    where = str(el.get("plainTextPath") or "")
    if not where.startswith("internal://"):
        return None
    wanted = where[len("internal://"):].lstrip("/").casefold()
    names = {n.casefold(): n for n in zf.namelist()}
    for folder in ("sources/", ""):
        found = names.get(folder + wanted)
        if found is not None:
            data = zf.read(found)
            try:
                return data.decode("utf-8")
            except UnicodeDecodeError as exc:
                raise ImportProblem(f"holds a source {found} that is not UTF-8 text (byte {exc.start})", path) from exc
    return None


def _meta(description: str) -> dict[str, str]:
    found: dict[str, str] = {}
    for line in description.splitlines():
        key, sep, value = line.partition(": ")
        if sep and key in ("Outlet", "URL", "Published", "File"):
            found[key] = value.strip()
    return found


def import_qdpx(
    project: Project, path: str | Path, *, annotator: str | None = None, progress: Progress | None = None
) -> ImportReport:
    """Import a REFI-QDA project into ``project`` (one undo step)."""
    path = Path(path)
    data, zf = _open_qdpx(path)
    with zf:
        root = _parse(data, path, "a project.qde")
        if _local(root.tag) != "Project" or not str(root.tag).startswith("{urn:QDA-XML:project:"):
            raise ImportProblem("holds a project.qde that is not a REFI-QDA Project", path)
        return _import_root(project, root, zf, path, annotator, progress)


def _import_root(
    project: Project, root: Any, zf: zipfile.ZipFile, path: Path, annotator: str | None,
    progress: Progress | None,
) -> ImportReport:  # fmt: skip
    store = project.store
    report = ImportReport(str(path))
    fallback = annotator or _current_annotator(project) or "unknown"
    users = {plain_guid(u.get("guid")): str(u.get("name") or u.get("id") or "").strip()
             for holder in _children(root, "Users") for u in _children(holder, "User")}  # fmt: skip
    codes = read_codes(root)
    specs = _tag_specs(codes, read_roles(root))
    notes = {plain_guid(n.get("guid")): str(_child_text(n, "PlainTextContent")).strip()
             for holder in _children(root, "Notes") for n in _children(holder, "Note")}  # fmt: skip
    plan = ImportPlan()
    for spec in specs.values():  # the whole codebook, used or not
        plan.need_tag(spec)
    placed: set[str] = set()
    sources = [s for holder in _children(root, "Sources") for s in holder]
    selections_total = sum(1 for s in sources for _ in s.iter("{*}PlainTextSelection"))
    done = 0
    stamp = now()
    new_docs: dict[str, SourceText] = {}
    for el in sources:
        kind = _local(el.tag)
        if kind in _OTHER_SOURCES:
            report.not_imported[f"{kind} (annot imports text sources)"] += 1
            continue
        text_el = el if kind == "TextSource" else next(_children(el, "Representation"), None)
        if text_el is None:
            report.not_imported[f"{kind} without a plain-text representation"] += 1
            continue
        raw = _source_text(zf, text_el, path)
        name = str(el.get("name") or text_el.get("name") or "source")
        if raw is None:
            report.problems.append(f"source {name!r}: its text is not inside the file (only internal:// sources are read)")
            continue
        text = raw.lstrip("\ufeff")
        extra_boms = max(0, len(raw) - len(text) - 1)
        if not text.strip():
            report.problems.append(f"source {name!r} has no text")
            continue
        sha = sha256_text(text)
        written = None
        if "\r\n" in text and store.document_by_sha(sha) is None:
            as_lf = text.replace("\r\n", "\n")  # a tool that wrote Windows line ends
            if store.document_by_sha(sha256_text(as_lf)) is not None:
                written, text, sha = text, as_lf, sha256_text(as_lf)
        shape = Shape(extra_boms, written)
        if store.document_by_sha(sha) is not None:
            report.documents.skipped += 1
        elif sha not in new_docs:
            meta = _meta(_child_text(el, "Description"))
            new_docs[sha] = SourceText(text, name, meta.get("Published", ""), meta.get("File", name), sha,
                                       outlet=meta.get("Outlet", ""), url=meta.get("URL", ""))  # fmt: skip
            plan.documents.append(new_docs[sha])
        for sel in _children(text_el, "PlainTextSelection"):
            done += 1
            if progress is not None and done % _EVERY == 0 and not progress(done, selections_total):
                report.cancelled = True
                return report
            _plan_selection(sel, text, sha, shape, users, specs, notes, fallback,
                            stamp, plan, placed, report, project)  # fmt: skip
    _plan_links(root, placed, plan, report, project)
    known = {t.name.casefold() for t in store.tags()}
    if plan.annotations or plan.links or plan.documents or set(plan.tags) - known:
        project.run(ApplyImport(plan, report, what="REFI-QDA project"))
    if progress is not None:
        progress(selections_total, selections_total)
    return report


def _plan_selection(
    sel: Any, text: str, sha: str, shape: Shape, users: dict[str | None, str], specs: dict[str, TagSpec], notes: dict[str | None, str], fallback: str, stamp: str,
    plan: ImportPlan, placed: set[str], report: ImportReport, project: Project,
) -> None:  # fmt: skip
    guid = plain_guid(sel.get("guid")) or str(uuid.uuid4())
    try:
        start, end = int(str(sel.get("startPosition"))), int(str(sel.get("endPosition")))
    except ValueError:
        report.unanchored.append(guid)
        return
    where = place(text, start, end, str(sel.get("name") or ""), shape)
    if where is None:
        report.unanchored.append(guid)
        return
    s, e, moved = where
    if moved:
        report.reanchored.append(guid)
    note_parts = [_child_text(sel, "Description")]  # verbatim: annot's own notes come back as written
    note_parts += [notes.get(plain_guid(r.get("targetGUID")), "") for r in _children(sel, "NoteRef")]
    note = "\n\n".join(p for p in note_parts if p)
    created = _instant(sel.get("creationDateTime"), stamp)
    sel_user = users.get(plain_guid(sel.get("creatingUser"))) or fallback
    codings = list(_children(sel, "Coding"))
    if not codings:
        report.not_imported["selections without a code"] += 1
        return
    for i, coding in enumerate(codings):
        ref = next(_children(coding, "CodeRef"), None)
        code_guid = plain_guid(ref.get("targetGUID")) if ref is not None else None
        spec = specs.get(code_guid or "")
        if spec is None:
            report.not_imported["codings of a code missing from the codebook"] += 1
            continue
        ann_id = guid if i == 0 else str(uuid.uuid5(uuid.UUID(guid), code_guid or str(i)))
        if ann_id in placed or project.store.has_annotation(AnnotationId(ann_id)):
            report.annotations.skipped += 1
            continue
        placed.add(ann_id)
        plan.need_tag(spec)
        who = users.get(plain_guid(coding.get("creatingUser"))) or sel_user
        plan.annotations.append(
            PlannedAnnotation(AnnotationId(ann_id), sha, spec.name, who, s, e, note,
                              created=created, modified=_instant(sel.get("modifiedDateTime"), created))
        )  # fmt: skip


def _plan_links(root: Any, placed: set[str], plan: ImportPlan, report: ImportReport, project: Project) -> None:
    store = project.store
    for holder in _children(root, "Links"):
        for link in _children(holder, "Link"):
            kind = _KINDS.get(str(link.get("name") or ""))
            ends = [plain_guid(link.get("originGUID")), plain_guid(link.get("targetGUID"))]
            if kind is None or None in ends:
                report.not_imported["links other than annot's link kinds"] += 1
                continue
            source, target = (AnnotationId(str(e)) for e in ends)
            if not all(e in placed or store.has_annotation(e) for e in (source, target)):
                report.skipped_links.append(f"{link.get('guid')} ({kind.value}): a span it joins was not imported")
                continue
            link_id = plain_guid(link.get("guid")) or str(uuid.uuid4())
            if store.has_link(LinkId(link_id)):
                report.links.skipped += 1
                continue
            plan.links.append(PlannedLink(LinkId(link_id), kind, source, target, now()))


_DATETIME = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)?$")


def _instant(value: Any, default: str) -> str:
    """An xsd:dateTime as annot keeps instants (ISO 8601; one without a zone taken as UTC),
    else ``default``."""
    from annot.core.merge_rules import instant

    text = str(value or "").strip()
    if not _DATETIME.match(text):
        return default
    text = text if text.endswith("Z") or "+" in text[19:] or "-" in text[19:] else text + "Z"
    return text if instant(text) is not None else default  # 30 February names no instant


def _current_annotator(project: Project) -> str:
    try:
        return project.store.annotator(project.annotator_id).name
    except ValidationError:
        return ""


# -- the codebook alone -----------------------------------------------------------------


def import_qdc(project: Project, path: str | Path) -> ImportReport:
    """Add the codes of a ``.qdc`` codebook (or of a ``.qdpx`` project's codebook) that the
    project lacks, as tags (one undo step). Existing tags are left as they are."""
    path = Path(path)
    if path.suffix.lower() == ".qdpx":
        data, zf = _open_qdpx(path)
        zf.close()
    else:
        data = read_file_bytes(path, limit=MAX_XML_BYTES)
    root = _parse(data, path, "a codebook")
    if _local(root.tag) not in ("CodeBook", "Project"):
        raise ImportProblem("is not a REFI-QDA codebook (no CodeBook element)", path)
    report = ImportReport(str(path))
    plan = ImportPlan()
    known = {t.name.casefold() for t in project.store.tags()}
    for spec in _tag_specs(read_codes(root), read_roles(root)).values():
        if spec.name.casefold() in known:
            report.tags.skipped += 1
        else:
            plan.need_tag(spec)
    if plan.tags:
        project.run(ApplyImport(plan, report, what="codebook"))
    return report
