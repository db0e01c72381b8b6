"""Writing a REFI-QDA project (``.qdpx``) or codebook (``.qdc``); see :mod:`annot.core.refi`.

The XML is streamed with lxml's incremental writer straight into the ZIP, so exporting a
hundred thousand annotations needs no more memory than one document's.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from annot import __version__
from annot.core.annotations import now
from annot.core.errors import ExportProblem
from annot.core.export.atomic import Cancelled, Progress, file_mode, refuse_project_file
from annot.core.model import DocumentInfo, Role, Tag
from annot.core.refi import CODEBOOK_NS, NS, ROLE_SET, coding_guid, derived_guid, xml_safe
from annot.core.store import Store

_EVERY = 2000  # annotations between progress calls


@dataclass
class QdpxSummary:
    """What an export wrote, and what REFI-QDA could not hold (counted, never silent)."""

    path: Path
    documents: int = 0
    annotations: int = 0
    codes: int = 0
    users: int = 0
    links: int = 0
    notes: int = 0  # comments written as Note elements
    not_expressible: dict[str, int] = field(default_factory=dict)  # what was left out -> count
    skipped_links: int = 0  # every link is written (as a Link element); kept for the window
    cancelled: bool = False

    def lines(self) -> list[str]:
        out = [
            f"wrote {self.annotations} annotation(s), {self.links} link(s), {self.codes} code(s),"
            f" {self.users} user(s) and {self.documents} document(s) to {self.path}"
        ]
        if self.links:
            out.append(
                f"links (said_by, dated, alignments) are REFI-QDA Link elements between selections:"
                f" {self.links}; annot reads them back, other programs may not show them"
            )
        for what, n in sorted(self.not_expressible.items()):
            out.append(f"not written (REFI-QDA cannot express it): {what}: {n}")
        return out


@contextmanager
def atomic_binary(target: Path) -> Iterator[IO[bytes]]:
    """A temporary file beside ``target`` that replaces it when the block ends normally."""
    if not target.parent.is_dir():
        raise ExportProblem(f"cannot be written: the folder {target.parent} does not exist", target)
    if target.is_dir():
        raise ExportProblem("is a folder; give a file name", target)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except OSError as exc:
        raise ExportProblem(f"cannot be written ({exc.strerror})", target) from exc
    try:
        with os.fdopen(fd, "wb") as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, file_mode(target))
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def _datetime(stamp: str) -> str:
    """An annot timestamp as xsd:dateTime (they already are ISO 8601; "" -> now)."""
    return stamp or now()


def _code_tree(tags: list[Tag]) -> dict[str, Any]:
    """Tags named ``a/b/c`` as nested nodes: name -> {"tag": Tag | None, "children": {...}}."""
    root: dict[str, Any] = {}
    for tag in tags:
        parts = _parts(tag)
        level = root
        for i, part in enumerate(parts):
            node = level.setdefault(part, {"tag": None, "children": {}, "path": "/".join(parts[: i + 1])})
            if i == len(parts) - 1:
                node["tag"] = tag
            level = node["children"]
    return root


def _leaf(xf: Any, tag: str, attrs: dict[str, str] | None = None, text: str | None = None) -> None:
    """One element written through ``xf`` (so that it inherits the default namespace)."""
    with xf.element(tag, attrs or {}):
        if text is not None:
            xf.write(xml_safe(text))


def _write_codes(xf: Any, tree: dict[str, Any], ns: str) -> int:
    written = 0
    for name, node in tree.items():
        tag: Tag | None = node["tag"]
        attrs = {"guid": derived_guid("code", node["path"]), "name": name,
                 "isCodable": "true" if tag else "false"}  # fmt: skip
        if tag:
            attrs["color"] = tag.colour
        with xf.element(f"{{{ns}}}Code", attrs):
            if tag and tag.description:
                _leaf(xf, f"{{{ns}}}Description", text=tag.description)
            written += (1 if tag else 0) + _write_codes(xf, node["children"], ns)
    return written


def _write_role_sets(xf: Any, tags: list[Tag], ns: str) -> None:
    by_role: dict[Role, list[Tag]] = {}
    for tag in tags:
        if tag.role != Role.OTHER:
            by_role.setdefault(tag.role, []).append(tag)
    if not by_role:
        return
    with xf.element(f"{{{ns}}}Sets"):
        for role, members in by_role.items():
            name = ROLE_SET + role.value
            with xf.element(f"{{{ns}}}Set", {"guid": derived_guid("set", name), "name": name}):
                key = "guid" if ns == CODEBOOK_NS else "targetGUID"
                for tag in members:
                    _leaf(xf, f"{{{ns}}}MemberCode", {key: derived_guid("code", _path(tag))})


def _parts(tag: Tag) -> list[str]:
    """``a/b/c`` -> [a, b, c]; a name that would not come back the same from its parts
    ("a//b", "/a", "before / after") stays whole."""
    parts = tag.name.split("/")
    if any(not p or p != " ".join(p.split()) for p in parts):
        return [tag.name]
    return parts


def _path(tag: Tag) -> str:
    return "/".join(_parts(tag))


def _describe(info: DocumentInfo) -> str:
    lines = [f"{label}: {value}" for label, value in
             (("Outlet", info.outlet), ("URL", info.url), ("Published", info.published),
              ("File", info.filename)) if value]  # fmt: skip
    return "\n".join(lines)


def export_qdpx(store: Store, path: str | Path, *, progress: Progress | None = None) -> QdpxSummary:
    """Write the whole project as a REFI-QDA ``.qdpx`` file, atomically."""
    from lxml import etree

    path = Path(path)
    refuse_project_file(store.path, path)
    summary = QdpxSummary(path)
    tags = store.tags()
    annotators = store.annotators()
    docs = store.documents()
    links = store.links()
    comments = store.comments()
    total = store.annotation_count()
    user_guid = {a.name: derived_guid("user", a.name) for a in annotators}
    comment_users = {c.author for c in comments} - set(user_guid)
    user_guid.update({name: derived_guid("user", name) for name in sorted(comment_users)})
    code_guid = {t.name: derived_guid("code", _path(t)) for t in tags}
    notes_of: dict[str, list[str]] = {}
    for c in comments:
        notes_of.setdefault(c.annotation_id, []).append(c.id)
    done = 0
    ns = NS
    E = f"{{{ns}}}"
    try:
        with atomic_binary(path) as fh, zipfile.ZipFile(fh, "w", zipfile.ZIP_DEFLATED) as zf:
            for info in docs:
                zf.writestr(f"sources/{derived_guid('source', info.sha256)}.txt",
                            store.document_text(info.id).encode("utf-8"))  # fmt: skip
            zf.compresslevel = 1  # the XML: fast deflate (level 6 costs a third of the export)
            with zf.open("project.qde", "w", force_zip64=True) as qde, etree.xmlfile(qde, encoding="utf-8") as xf:
                xf.write_declaration()
                project_attrs = {"name": store.path.stem or "annot project",
                                 "origin": f"annot {__version__}", "creationDateTime": now()}  # fmt: skip
                with xf.element(f"{E}Project", project_attrs, nsmap={None: ns}):
                    if user_guid:
                        with xf.element(f"{E}Users"):
                            for name, guid in user_guid.items():
                                _leaf(xf, f"{E}User", {"guid": guid, "name": name})
                    summary.users = len(user_guid)
                    if tags:
                        with xf.element(f"{E}CodeBook"), xf.element(f"{E}Codes"):
                            summary.codes = _write_codes(xf, _code_tree(tags), ns)
                    if docs:
                        with xf.element(f"{E}Sources"):
                            for info in docs:
                                done = _write_source(xf, store, info, code_guid, user_guid, notes_of, summary,
                                                     done, total, progress)  # fmt: skip
                                summary.documents += 1
                    if comments:
                        with xf.element(f"{E}Notes"):
                            for c in comments:
                                attrs = {"guid": c.id, "name": f"Comment by {c.author}",
                                         "creatingUser": user_guid[c.author],
                                         "creationDateTime": _datetime(c.created),
                                         "modifiedDateTime": _datetime(c.modified)}  # fmt: skip
                                with xf.element(f"{E}Note", attrs):
                                    _leaf(xf, f"{E}PlainTextContent", text=c.text)
                                summary.notes += 1
                    if links:
                        with xf.element(f"{E}Links"):
                            for link in links:
                                _leaf(xf, f"{E}Link", {"guid": link.id, "name": link.kind.value,
                                                       "direction": "OneWay", "originGUID": link.source_id,
                                                       "targetGUID": link.target_id})  # fmt: skip
                                summary.links += 1
                    _write_role_sets(xf, tags, ns)
    except Cancelled:
        summary.cancelled = True
        return summary
    statuses = _reviewed(store)
    if statuses:
        summary.not_expressible["review status (accepted/rejected) of annotations"] = statuses
    keys = sum(1 for t in tags if t.key)
    if keys:
        summary.not_expressible["shortcut keys of tags"] = keys
    labelled = sum(1 for g in store.group_labels().values() if g.label or g.note)
    if labelled:  # the groups themselves come back from their same_claim/partly Links
        summary.not_expressible["labels and notes of claim groups"] = labelled
    if progress is not None:
        progress(total, total)
    return summary


def _reviewed(store: Store) -> int:
    from annot.core.model import Status

    return len(store.annotations(status=Status.ACCEPTED)) + len(store.annotations(status=Status.REJECTED))


def _write_source(
    xf: Any, store: Store, info: DocumentInfo, code_guid: dict[str, str], user_guid: dict[str, str],
    notes_of: dict[str, list[str]], summary: QdpxSummary, done: int, total: int, progress: Progress | None,
) -> int:  # fmt: skip
    E = f"{{{NS}}}"
    guid = derived_guid("source", info.sha256)
    text = store.document_text(info.id)
    attrs = {"guid": guid, "name": xml_safe(info.title or info.filename or guid),
             "plainTextPath": f"internal://{guid}.txt", "creationDateTime": _datetime(info.imported_at)}  # fmt: skip
    with xf.element(f"{E}TextSource", attrs):
        described = _describe(info)
        if described:
            _leaf(xf, f"{E}Description", text=described)
        rows = store.iter_annotation_rows("a.document_id = ?", (info.id,))
        for (ann_id, _doc, start, end, _b, _a, note, _status, created, modified,
             tag_name, _role, annotator) in rows:  # fmt: skip
            user = user_guid[annotator]
            stamp = _datetime(created)
            attrs = {"guid": ann_id, "name": xml_safe(text[start:end]), "startPosition": str(start),
                     "endPosition": str(end), "creatingUser": user, "creationDateTime": stamp,
                     "modifyingUser": user, "modifiedDateTime": _datetime(modified or created)}  # fmt: skip
            with xf.element(f"{E}PlainTextSelection", attrs):
                if note:
                    _leaf(xf, f"{E}Description", text=note)
                coding = {"guid": coding_guid(ann_id), "creatingUser": user, "creationDateTime": stamp}
                with xf.element(f"{E}Coding", coding):
                    _leaf(xf, f"{E}CodeRef", {"targetGUID": code_guid[tag_name]})
                for note_id in notes_of.get(ann_id, ()):
                    _leaf(xf, f"{E}NoteRef", {"targetGUID": note_id})
            done += 1
            summary.annotations += 1
            if progress is not None and done % _EVERY == 0 and not progress(done, total):
                raise Cancelled("the export was cancelled; no file was written")
    return done


def export_qdc(store: Store, path: str | Path) -> int:
    """Write the codebook alone as a REFI-QDA ``.qdc`` file; returns the number of codes."""
    from lxml import etree

    path = Path(path)
    refuse_project_file(store.path, path)
    tags = store.tags()
    if not tags:
        raise ExportProblem("cannot be written: the codebook has no tags", path)
    E = f"{{{CODEBOOK_NS}}}"
    with atomic_binary(path) as fh, etree.xmlfile(fh, encoding="utf-8") as xf:
        xf.write_declaration()
        with xf.element(f"{E}CodeBook", {"origin": f"annot {__version__}"}, nsmap={None: CODEBOOK_NS}):
            with xf.element(f"{E}Codes"):
                n = _write_codes(xf, _code_tree(tags), CODEBOOK_NS)
            _write_role_sets(xf, tags, CODEBOOK_NS)
    return n
