"""Reading source texts from files, and the document commands.

A text is decoded once (UTF-8 with or without BOM, UTF-16/32 with BOM, a legacy encoding
detected by charset-normalizer) and then kept verbatim: CRLF stays CRLF, nothing is
normalised, so offsets into the stored text are offsets into what the source said.
"""

from __future__ import annotations

import codecs
import contextlib
import os
import re
import stat
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

from annot.core.date_values import Moved
from annot.core.errors import ImportProblem, ValidationError, display_path
from annot.core.extract import READERS, source_from_bytes
from annot.core.extract.fetch import fetch_source, is_url
from annot.core.imports.report import ImportReport
from annot.core.model import Changes, DocumentId, DocumentInfo
from annot.core.progress import IMPORT_CANCELLED, Progress, check
from annot.core.store import Store, text_sha256

SUPPORTED_SUFFIXES = (".txt", ".md", ".text", ".markdown")
MAX_BYTES = 64 * 1024 * 1024

_BOMS: list[tuple[bytes, str]] = [
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
]


def sha256_text(text: str) -> str:
    """The identity of a document across projects: SHA-256 of its UTF-8 text."""
    return text_sha256(text)


def decode(data: bytes, path: Path, notes: list[str] | None = None) -> str:
    """Decode the bytes of a text file or raise :class:`ImportProblem` naming ``path``.
    What was repaired on the way (a UTF-8 file cut inside its last character) is added to
    ``notes``, one message each."""
    if not data:
        raise ImportProblem("is empty: there is no text to import", path)
    text = _decode(data, path, notes if notes is not None else [])
    if _control_ratio(text) > 0.05:
        raise ImportProblem("looks like a binary file, not text (control characters)", path)
    return text


def _decode(data: bytes, path: Path, notes: list[str]) -> str:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            payload = data[len(bom) :]
            try:
                return payload.decode(encoding)
            except UnicodeDecodeError as exc:
                if encoding == "utf-8" and exc.end == len(payload) and exc.reason in _CUT_REASONS:
                    with contextlib.suppress(UnicodeDecodeError):
                        head = payload[: exc.start].decode(encoding)
                        notes.append(_cut_note(path, encoding))
                        return head + "\ufffd"
                raise ImportProblem(
                    f"starts with a {encoding} byte-order mark but is not valid {encoding} "
                    f"(byte {exc.start + len(bom)})",
                    path,
                ) from exc
    if b"\x00" in data:
        raise ImportProblem("looks like a binary file, not text (it contains NUL bytes)", path)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        cut = _truncated_utf8(data, exc)
    if cut is not None:
        notes.append(_cut_note(path, "utf-8"))
        return cut
    return _legacy(data, path)


_CUT_REASONS = ("unexpected end of data",)


def _cut_note(path: Path, encoding: str) -> str:
    return (
        f"{display_path(path)}: its last character is cut off (the file ends inside a"
        f" {encoding.upper()} character); it was read as {encoding.upper()} and the broken end"
        " shown as \ufffd"
    )


def _truncated_utf8(data: bytes, exc: UnicodeDecodeError) -> str | None:
    """The text of a UTF-8 file whose last character was cut off (the broken end becomes
    U+FFFD), or None when the bytes are not UTF-8. A single dangling lead byte after pure
    ASCII is more likely a legacy letter (Latin-1 ``café``) than a cut UTF-8 file."""
    if exc.reason != "unexpected end of data" or exc.end != len(data):
        return None
    head = data[: exc.start]
    try:
        text = head.decode("utf-8")
    except UnicodeDecodeError:
        return None
    if head.isascii() and len(data) - exc.start < 2:
        return None
    return text + "\ufffd"


def _legacy(data: bytes, path: Path) -> str:
    """The most plausible reading of bytes that are not UTF-8: charset-normalizer's first
    guess (not UTF-16/32 without a byte-order mark: such a file would hold NUL bytes), kept
    when its language is not one written in cp1252 and it reads cleanly; otherwise the
    least odd of it and the common Windows code pages."""
    from charset_normalizer import from_bytes  # lazy: ~30 ms to import

    guess = next((m for m in from_bytes(data) if not m.encoding.startswith("utf")), None)
    candidates: list[str] = []
    if guess is not None:
        candidates.append(str(guess))
        if guess.language not in _CP1252_LANGUAGES and _oddness(candidates[0]) < _SERIOUS:
            return candidates[0]
    for encoding in _FALLBACKS:
        try:
            candidates.append(data.decode(encoding))
        except UnicodeDecodeError:
            continue
    if not candidates:
        raise ImportProblem("is not text in any encoding annot recognises", path)
    return min(candidates, key=_oddness)  # a tie keeps the earlier: charset-normalizer's


_FALLBACKS = ("cp1252", "cp1250", "cp1251", "latin-1")
_SERIOUS = 10
_CP1252_LANGUAGES = {
    "Unknown", "English", "French", "German", "Dutch", "Italian", "Spanish", "Portuguese",
    "Danish", "Swedish", "Norwegian", "Finnish", "Catalan", "Icelandic",
}  # fmt: skip
_EAST_ASIAN = {"CJK", "HIRAGANA", "KATAKANA", "HANGUL", "HALFWIDTH", "FULLWIDTH"}
_SCRIPTS: dict[str, str] = {}


def _script(ch: str) -> str:
    found = _SCRIPTS.get(ch)
    if found is None:
        found = "LATIN" if ch.isascii() else unicodedata.name(ch, "UNKNOWN").split(" ", 1)[0]
        _SCRIPTS[ch] = found
    return found


def _oddness(text: str, limit: int = 50_000) -> int:
    """How implausible a decoding looks. Costs 20: a C1 control, private-use or unassigned
    character; 10: a symbol stuck inside a word (Polish cp1250 read as cp1252: "Za¿ó³æ"),
    an Arabic presentation form or box-drawing character (DOS or Urdu code pages: "cafﻠ"),
    a letter of another script glued to a word ("cafщ", "ﮄa"); 1: a Latin letter beyond
    Latin-1 (cp1252 read as a Baltic code page: "Ēa coūte"). Other scripts cost nothing."""
    score = 0
    text = text[:limit]
    last = len(text) - 1
    for i, ch in enumerate(text):
        code = ord(ch)
        if code < 0x80:
            continue
        if 0x80 <= code < 0xA0 or unicodedata.category(ch) in ("Co", "Cn"):
            score += 20
        elif 0xFB50 <= code <= 0xFDFF or 0xFE70 <= code <= 0xFEFF or 0x2500 <= code <= 0x259F:
            score += 10
        elif ch.isalpha():
            if code > 0xFF and _script(ch) == "LATIN":
                score += 1
            script = _script(ch)
            for j in (i - 1, i + 1):
                if 0 <= j <= last and text[j].isalpha():
                    other = _script(text[j])
                    if other != script and not {other, script} & _EAST_ASIAN:
                        score += 10
                        break
        elif 0 < i < last and text[i - 1].isalpha() and text[i + 1].isalpha() and ch not in "’‘‑·":
            score += 10
    return score


def _control_ratio(text: str) -> float:
    if not text:
        return 0.0
    bad = sum(1 for ch in text if ord(ch) < 32 and ch not in "\t\n\r\f")
    return bad / len(text)


# -- metadata found in the text -----------------------------------------------------------

_MONTHS = {
    m: i
    for i, names in enumerate(
        [
            ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"),
            ("may",), ("june", "jun"), ("july", "jul"), ("august", "aug"),
            ("september", "sep", "sept"), ("october", "oct"), ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for m in names
}  # fmt: skip
_ISO = re.compile(r"\b((?:19|20)\d\d)-(\d\d)-(\d\d)\b")
_DMY = re.compile(r"^\s*(\d{1,2})[./](\d{1,2})[./](\d{2}|\d{4})\s*$")
_MARKED = re.compile(r"^\s*(?:date|published|publication date|dated)\s*[:\-]?\s*(.+)$", re.I)
_LONG = re.compile(r"^\s*(?:[A-Za-z]+,\s*)?([A-Za-z]+)\.?\s+(\d{1,2}),?\s+(\d{4})\s*$")
_LONG_DMY = re.compile(r"^\s*(\d{1,2})\s+([A-Za-z]+)\.?,?\s+(\d{4})\s*$")


def _iso(y: int, m: int, d: int) -> str:
    try:
        return date(y, m, d).isoformat()
    except ValueError:
        return ""


def _parse_date(s: str) -> str:
    s = s.strip()
    if m := _ISO.match(s):
        return _iso(int(m[1]), int(m[2]), int(m[3]))
    if m := _DMY.match(s):
        year = int(m[3]) + (2000 if len(m[3]) == 2 else 0)
        return _iso(year, int(m[2]), int(m[1]))
    if (m := _LONG.match(s)) and m[1].lower() in _MONTHS:
        return _iso(int(m[3]), _MONTHS[m[1].lower()], int(m[2]))
    if (m := _LONG_DMY.match(s)) and m[2].lower() in _MONTHS:
        return _iso(int(m[3]), _MONTHS[m[2].lower()], int(m[1]))
    return ""


def find_published(text: str, lines_to_look: int = 8) -> str:
    """A publication date the text states near its top: a line that is only a date, or a
    date after a marker such as ``date``/``published`` (e.g. ``date 2025-08-26``).
    Dates inside running prose ("On 29 September 2025, ...") are events, not publication."""
    for line in text.splitlines()[:lines_to_look]:
        if m := _MARKED.match(line):
            rest = m[1]
            if iso := _ISO.match(rest.strip()):
                return _iso(int(iso[1]), int(iso[2]), int(iso[3]))
            if found := _parse_date(rest):
                return found
        if found := _parse_date(line):
            return found
    return ""


_MD_HEADING = re.compile(r"^#{1,6}\s+")


def find_title(text: str, fallback: str, lines_to_look: int = 6) -> str:
    """The first line among the top few that reads as a headline (3 to 25 words, no final
    full stop, not a date), else ``fallback`` (the file name)."""
    for line in text.splitlines()[:lines_to_look]:
        candidate = _MD_HEADING.sub("", line.strip())  # "# Headline" of a Markdown file
        if not candidate or _parse_date(candidate) or _MARKED.match(candidate):
            continue
        words = candidate.split()
        if 3 <= len(words) <= 25 and len(candidate) <= 200 and candidate[-1] not in ".,;":
            return candidate
    return fallback


# -- reading files ------------------------------------------------------------------------


@dataclass(frozen=True)
class SourceText:
    """A decoded file, ready to become a document."""

    text: str
    title: str
    published: str
    filename: str
    sha256: str
    outlet: str = ""
    notes: tuple[str, ...] = ()  # what was repaired while reading it, for the person
    url: str = ""
    extractor: str = ""  # name and version of what turned the file into text (HTML, DOCX, PDF)
    source_sha256: str = ""  # SHA-256 of the original file's bytes, when it was extracted

    def info(self) -> DocumentInfo:
        from annot.core.annotations import now

        return DocumentInfo(
            DocumentId(0), self.sha256, self.title, self.outlet, self.url, self.published,
            self.filename, len(self.text), now(),
        )  # fmt: skip


_KINDS = (
    (stat.S_ISFIFO, "is a named pipe (FIFO)"),
    (stat.S_ISCHR, "is a device"),
    (stat.S_ISBLK, "is a device"),
    (stat.S_ISSOCK, "is a socket"),
)
_CHUNK = 1 << 20


def _refuse_special(mode: int, path: Path) -> None:
    if stat.S_ISDIR(mode):
        raise ImportProblem("is a folder, not a file", path)
    if not stat.S_ISREG(mode):
        what = next((text for test, text in _KINDS if test(mode)), "is a special file")
        if path.is_symlink():
            what += f" (the link leads to {display_path(os.path.realpath(path))})"
        raise ImportProblem(f"{what}, not a regular file; annot reads only ordinary files", path)


def _too_large(size: int, limit: int, path: Path) -> ImportProblem:
    return ImportProblem(
        f"is too large ({size / 2**20:.0f} MiB; annot reads files up to {limit // 2**20} MiB)", path
    )


def read_file_bytes(path: str | Path, *, limit: int = MAX_BYTES) -> bytes:
    """The bytes of the regular file at ``path`` (a symlink is followed only to a regular
    file), or :class:`ImportProblem` naming it: missing, unreadable, a folder, a FIFO,
    device or socket (refused before it is opened, so nothing can block), or over ``limit``
    bytes (refused before it is read). Every reader of a user's file goes through here."""
    path = Path(path)
    try:
        before = os.stat(path)
        _refuse_special(before.st_mode, path)
        if before.st_size > limit:
            raise _too_large(before.st_size, limit, path)
        flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
        fd = os.open(path, flags | getattr(os, "O_CLOEXEC", 0))
        try:
            opened = os.fstat(fd)  # the file may have been swapped since the check
            _refuse_special(opened.st_mode, path)
            chunks: list[bytes] = []
            size = 0
            while chunk := os.read(fd, _CHUNK):
                size += len(chunk)
                if size > limit:  # it grew, or its size lied (/proc)
                    raise _too_large(size, limit, path)
                chunks.append(chunk)
        finally:
            os.close(fd)
    except FileNotFoundError as exc:
        raise ImportProblem("does not exist", path) from exc
    except OSError as exc:
        raise ImportProblem(f"cannot be read ({exc.strerror or exc})", path) from exc
    return b"".join(chunks)


def read_source(path: str | Path) -> SourceText:
    """Read and decode one ``.txt``/``.md`` file, or extract the text of an HTML, DOCX or
    PDF file (:mod:`annot.core.extract`), or fetch an ``http(s)://`` URL; raise
    :class:`ImportProblem` naming it."""
    if is_url(path):
        return fetch_source(str(path))
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES and suffix not in READERS:
        try:
            if os.path.isdir(path):  # swallows PermissionError: a plain suffix message then
                raise ImportProblem("is a folder, not a text file", path)
        except ValueError:  # e.g. a NUL in the name
            pass
        raise ImportProblem(
            f"has an unsupported type ({path.suffix or 'no extension'}); annot imports "
            + ", ".join((*SUPPORTED_SUFFIXES, *READERS)),
            path,
        )
    try:
        data = read_file_bytes(path)
    except ImportProblem as exc:
        if exc.message.startswith("is a folder"):
            raise ImportProblem("is a folder, not a text file", path) from exc
        raise
    if path.suffix.lower() in READERS:  # HTML, DOCX, PDF: extracted, not decoded
        return source_from_bytes(data, path)
    notes: list[str] = []
    text = decode(data, path, notes)
    if not text.strip():
        raise ImportProblem("holds only white space: there is no text to import", path)
    from annot.core.titles import describe  # title, outlet and date the text states

    meta = describe(text, display_path(path.stem))
    return SourceText(
        text, meta.title, meta.published, display_path(path.name), sha256_text(text), meta.outlet,
        tuple(notes),
    )  # fmt: skip




def is_known(store: Store, src: SourceText) -> bool:
    """Whether ``src`` is already in the project: the same text, or (for an extracted
    document) the same original file."""
    if store.document_by_sha(src.sha256) is not None:
        return True
    return bool(src.source_sha256) and store.document_by_source_sha(src.source_sha256) is not None


def read_sources(
    paths: Sequence[str | Path], progress: Progress | None = None
) -> tuple[list[SourceText], list[str]]:
    """Read many files; returns the readable ones and a message for each refused file.
    ``progress(done, total)`` returning False stops with :class:`Cancelled` (nothing is
    imported)."""
    sources: list[SourceText] = []
    problems: list[str] = []
    for i, p in enumerate(paths):
        check(progress, i, len(paths), IMPORT_CANCELLED)
        try:
            sources.append(read_source(p))
        except ImportProblem as exc:
            problems.append(str(exc))
        except (OSError, ValueError) as exc:  # anything the checks above did not foresee
            problems.append(str(ImportProblem(f"cannot be read ({exc})", Path(p))))
    return sources, problems


# -- commands -----------------------------------------------------------------------------


@dataclass
class AddDocuments:
    """Import decoded sources as documents (one undo step); a text already in the project
    (same SHA-256) is skipped and counted in :attr:`report` (the one
    :class:`~annot.core.imports.report.ImportReport`)."""

    sources: list[SourceText]
    report: ImportReport = field(default_factory=lambda: ImportReport(of_documents=True), init=False)

    @property
    def label(self) -> str:
        n = len(self.report.document_ids) or len(self.sources)
        return "Import document" if n == 1 else f"Import {n} documents"

    def apply(self, store: Store) -> Changes:
        seen: set[str] = set()
        report = self.report
        for src in self.sources:
            if src.sha256 in seen or is_known(store, src):
                report.duplicates.append(src.filename)
                continue
            seen.add(src.sha256)
            doc_id = store.add_document(src.info(), src.text)
            if src.extractor or src.source_sha256:
                store.set_document_origin(doc_id, src.extractor, src.source_sha256)
            report.document_ids.append(doc_id)
        report.documents.added, report.documents.skipped = len(report.document_ids), len(report.duplicates)
        return Changes(documents=True, annotations=frozenset(report.document_ids))


_EDITABLE = ("title", "outlet", "url", "published")


@dataclass
class UpdateDocument:
    """Edit a document's metadata (title, outlet, URL, publication date)."""

    document_id: DocumentId
    title: str | None = None
    outlet: str | None = None
    url: str | None = None
    published: str | None = None

    @property
    def label(self) -> str:
        return "Edit document details"

    def apply(self, store: Store) -> Changes:
        before = store.document_info(self.document_id)
        changes = {k: getattr(self, k).strip() for k in _EDITABLE if getattr(self, k) is not None}
        if changes.get("published") and not _ISO.fullmatch(changes["published"]):
            parsed = _parse_date(changes["published"])
            if not parsed:
                raise ValidationError(
                    f"publication date {changes['published']!r} is not a date (use YYYY-MM-DD)"
                )
            changes["published"] = parsed
        after = replace(before, **changes)
        store.update_document(after)
        if after.published != before.published:  # relative dates count from it
            Moved().apply(store, [self.document_id])  # suggested date values follow
            return Changes(documents=True, annotations=frozenset({self.document_id}))
        return Changes(documents=True)
