"""brat standoff export: per document ``NAME.txt`` + ``NAME.ann``, plus ``annotation.conf``
and ``visual.conf``.

- ``NAME.txt`` is the stored text as UTF-8 bytes, byte for byte (no newline translation, no
  BOM added), so brat's code-point offsets are annot's offsets.
- ``NAME.ann``: one ``T`` line per span, ``Tn<TAB>TYPE START END<TAB>TEXT``. brat keeps one
  annotation per line, so a span that crosses a line break (or holds a TAB or another
  line separator, see :data:`SEPARATORS`) is written as discontinuous fragments
  ``START END;START END`` that leave those characters out; TEXT is the fragments joined by
  single spaces, as brat requires. When the span begins or ends with such characters (or
  holds nothing else), an extra note ``#n<TAB>AnnotBounds Tn<TAB>START END`` records its exact
  bounds so that annot reads it back unchanged. Notes are ``#n<TAB>AnnotatorNotes Tn<TAB>NOTE``
  with backslash, TAB and line breaks escaped (``\\\\``, ``\\t``, ``\\n``, ``\\r``,
  ``\\uXXXX``). Links within a document are ``Rn<TAB>KIND Arg1:Tx Arg2:Ty``; links between
  documents cannot be expressed in brat and are counted in the summary as skipped.
  An actor span assigned to a registry actor gets a normalisation line
  ``Nn<TAB>Reference Tn annot_actor:UUID<TAB>CANONICAL NAME``.
- Type names: brat needs identifiers, so a tag name is mapped reversibly by
  :func:`brat_type`: ASCII letters, digits and ``-`` stay, a space becomes ``_``, any other
  character becomes ``-xHEX-`` (e.g. ``key figure`` → ``key_figure``, ``Zeuge/Zeugin`` →
  ``Zeuge-x2F-Zeugin``); :func:`tag_name` maps back (and reads brat's own ``Merge-org`` or
  ``Geographical_part`` as ``Merge-org`` and ``Geographical part``).
- ``annotation.conf`` declares every tag as an entity type and the link kinds as relation
  types (between the tags of the right roles); ``visual.conf`` gives each type its tag name as
  label and its colour. A hidden manifest ``.annot-export.json`` records what the export
  wrote: a later export replaces only those files, and only when nobody edited them; the
  user's own files in the folder are never touched (:mod:`annot.core.export.folder`).
"""

from __future__ import annotations

import re
from pathlib import Path

from annot.core.actors import resolver
from annot.core.export.atomic import Cancelled, ExportSummary, Progress, refuse_project_file
from annot.core.export.folder import owned_folder
from annot.core.model import AnnotationId, Link, LinkKind, Role, Tag
from annot.core.store import Store

SEPARATORS = frozenset("\t\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")
MARKER = "# annot brat export"
ACTOR_DB = "annot_actor"  # N lines: "Nn<TAB>Reference Tn annot_actor:UUID<TAB>canonical name"
OWNED = (".txt", ".ann", ".conf")  # the only files a brat export writes
_ESCAPE = re.compile(r"-x([0-9A-F]{1,6})-|_")
_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(1, 10)), *(f"lpt{i}" for i in range(1, 10))}
LINK_ROLES = {
    LinkKind.SAID_BY: (Role.CLAIM, Role.ACTOR),
    LinkKind.DATED: (Role.CLAIM, Role.DATE),
    LinkKind.SAME_CLAIM: (Role.CLAIM, Role.CLAIM),
    LinkKind.CONTRADICTS: (Role.CLAIM, Role.CLAIM),
    LinkKind.PARTLY: (Role.CLAIM, Role.CLAIM),
}


# -- names --------------------------------------------------------------------------------


def _encode(name: str, escape_dash: bool) -> str:
    out = []
    for ch in name:
        if ch == " ":
            out.append("_")
        elif (ch.isascii() and ch.isalnum()) or (ch == "-" and not escape_dash):
            out.append(ch)
        else:
            out.append(f"-x{ord(ch):X}-")
    return "".join(out)


def tag_name(brat: str) -> str:
    """The tag name a brat type stands for (inverse of :func:`brat_type`)."""

    def one(m: re.Match[str]) -> str:
        if m[1] is None:
            return " "
        code = int(m[1], 16)
        return chr(code) if code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF else m[0]

    return _ESCAPE.sub(one, brat)


def brat_type(name: str) -> str:
    """A brat type name for a tag name: an identifier that :func:`tag_name` maps back."""
    plain = _encode(name, escape_dash=False)
    return plain if tag_name(plain) == name else _encode(name, escape_dash=True)


def escape_note(note: str) -> str:
    out = []
    for ch in note:
        if ch == "\\":
            out.append("\\\\")
        elif ch in "\t\n\r":
            out.append({"\t": "\\t", "\n": "\\n", "\r": "\\r"}[ch])
        elif ch in SEPARATORS:
            out.append(f"\\u{ord(ch):04X}")
        else:
            out.append(ch)
    return "".join(out)


_UNESCAPE = re.compile(r"\\(\\|t|n|r|u[0-9A-F]{4})")


def unescape_note(text: str) -> str:
    def one(m: re.Match[str]) -> str:
        code = m[1]
        if code.startswith("u"):
            return chr(int(code[1:], 16))
        return {"\\": "\\", "t": "\t", "n": "\n", "r": "\r"}[code]

    return _UNESCAPE.sub(one, text)


def fragments(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The runs of ``text[start:end]`` that hold no separator (line break, TAB)."""
    out: list[tuple[int, int]] = []
    run = -1
    for i in range(start, end):
        if text[i] in SEPARATORS:
            if run >= 0:
                out.append((run, i))
                run = -1
        elif run < 0:
            run = i
    if run >= 0:
        out.append((run, end))
    return out


def safe_stem(filename: str, fallback: str, used: set[str]) -> str:
    """A file name stem derived from ``filename``: safe on every system, unique in ``used``
    (compared case-insensitively), at most 80 characters."""
    stem = Path(filename).stem if filename else ""
    stem = re.sub(r"[^\w.\-]+", "_", stem).strip("._-")[:80] or fallback
    if stem.casefold() in _RESERVED:
        stem = f"_{stem}"
    candidate, n = stem, 1
    while candidate.casefold() in used:
        n += 1
        candidate = f"{stem}-{n}"
    used.add(candidate.casefold())
    return candidate


def is_previous_export(folder: Path) -> bool:
    """True when ``folder`` looks like an annot brat export written before export folders
    had a manifest (its annotation.conf starts with :data:`MARKER`)."""
    conf = folder / "annotation.conf"
    try:
        with conf.open(encoding="utf-8") as fh:
            if not fh.readline().startswith(MARKER):
                return False
    except (OSError, UnicodeDecodeError):
        return False
    return True


# -- configuration --------------------------------------------------------------------------


def annotation_conf(tags: list[Tag]) -> str:
    lines = [f"{MARKER} (a new export replaces the files it wrote, unless edited)", "", "[entities]", ""]
    lines += [brat_type(t.name) for t in tags]
    lines += ["", "[relations]", ""]
    for kind, (src_role, tgt_role) in LINK_ROLES.items():
        src = "|".join(brat_type(t.name) for t in tags if t.role == src_role)
        tgt = "|".join(brat_type(t.name) for t in tags if t.role == tgt_role)
        if src and tgt:
            lines.append(f"{kind.value} Arg1:{src}, Arg2:{tgt}")
    lines += ["", "[events]", "", "[attributes]", ""]
    return "\n".join(lines)


def visual_conf(tags: list[Tag]) -> str:
    lines = ["[labels]", ""]
    lines += [f"{brat_type(t.name)} | {t.name}" for t in tags if "|" not in t.name]
    lines += ["", "[drawing]", ""]
    lines += [f"{brat_type(t.name)}\tbgColor:{t.colour}" for t in tags]
    return "\n".join(lines) + "\n"


# -- export -------------------------------------------------------------------------------


def export_brat(
    store: Store, folder: str | Path, *, progress: Progress | None = None, overwrite: bool = False
) -> ExportSummary:
    """Write the project as a brat collection into ``folder``: a new or empty folder, or an
    earlier annot brat export, where only the files that export wrote (and nobody edited
    since) are replaced; see :mod:`annot.core.export.folder`. ``overwrite`` replaces edited
    files and files of the user's that have a name the export needs."""
    folder = Path(folder)
    refuse_project_file(store.path, folder)
    summary = ExportSummary(folder)
    tags = store.tags()
    types = {t.id: brat_type(t.name) for t in tags}
    docs = store.documents()
    resolve = resolver(store)
    by_source: dict[AnnotationId, list[Link]] = {}  # grouped once, not scanned per document
    for link in store.links():
        by_source.setdefault(link.source_id, []).append(link)
    used: set[str] = set()
    try:
        with owned_folder(folder, suffixes=OWNED, legacy=is_previous_export, overwrite=overwrite) as (tmp, kept):
            (tmp / "annotation.conf").write_bytes(annotation_conf(tags).encode("utf-8"))
            (tmp / "visual.conf").write_bytes(visual_conf(tags).encode("utf-8"))
            t_ids: dict[AnnotationId, tuple[int, str]] = {}  # annotation -> (document, Tn)
            for i, info in enumerate(docs):
                if progress is not None and not progress(i, len(docs)):
                    raise Cancelled("the export was cancelled; no file was written")
                text = store.document_text(info.id)
                stem = safe_stem(info.filename or info.title, f"document-{info.id}", used)
                lines: list[str] = []
                n_note = n_norm = 0
                annotations = store.annotations(document_id=info.id)
                assigned = store.actors_of([a.id for a in annotations])
                for n, a in enumerate(annotations, start=1):
                    tid = f"T{n}"
                    t_ids[a.id] = (info.id, tid)
                    frags = fragments(text, a.start, a.end) or [(a.start, a.start)]
                    offsets = ";".join(f"{s} {e}" for s, e in frags)
                    quoted = " ".join(text[s:e] for s, e in frags)
                    lines.append(f"{tid}\t{types[a.tag_id]} {offsets}\t{quoted}")
                    if frags[0][0] != a.start or frags[-1][1] != a.end:
                        n_note += 1
                        lines.append(f"#{n_note}\tAnnotBounds {tid}\t{a.start} {a.end}")
                    if a.note:
                        n_note += 1
                        lines.append(f"#{n_note}\tAnnotatorNotes {tid}\t{escape_note(a.note)}")
                    actor = resolve(assigned[a.id]) if a.id in assigned else None
                    if actor is not None:  # the registry actor: a normalisation line
                        n_norm += 1
                        name = " ".join(actor.name.split())
                        lines.append(f"N{n_norm}\tReference {tid} {ACTOR_DB}:{actor.id}\t{name}")
                    summary.annotations += 1
                n_rel = 0
                links = [k for a in annotations for k in by_source.get(a.id, ())]
                links.sort(key=lambda k: (k.created, k.id))  # as store.links() orders them
                for link in links:
                    src, tgt = t_ids.get(link.source_id), t_ids.get(link.target_id)
                    if src is None or src[0] != info.id:
                        continue
                    if tgt is None or tgt[0] != info.id:
                        summary.skipped_links += 1  # across documents: brat cannot say it
                        continue
                    n_rel += 1
                    lines.append(f"R{n_rel}\t{link.kind.value} Arg1:{src[1]} Arg2:{tgt[1]}")
                    summary.links += 1
                (tmp / f"{stem}.txt").write_bytes(text.encode("utf-8"))
                (tmp / f"{stem}.ann").write_bytes("".join(f"{x}\n" for x in lines).encode("utf-8"))
                summary.documents += 1
        summary.kept = kept
    except Cancelled:
        summary.cancelled = True
        return summary
    if progress is not None:
        progress(len(docs), len(docs))
    return summary
