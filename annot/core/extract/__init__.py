"""Turning a saved web page, a Word file or a PDF into one plain text, frozen at import.

:data:`READERS` maps a file suffix to its reader. A reader takes the file's bytes and its
path (for messages) and returns an :class:`Extracted`: the text, the extractor's name and
version, and whatever metadata the file states (title, outlet, URL, publication date).
The heavy libraries (trafilatura, python-docx, pypdfium2) are imported inside the readers,
only when a file of that kind is imported.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from annot.core.errors import ImportProblem

if TYPE_CHECKING:
    from annot.core.documents import SourceText


@dataclass(frozen=True)
class Extracted:
    """What a reader found in a file."""

    text: str
    extractor: str  # name and version, e.g. "trafilatura 2.3.1"
    title: str = ""
    outlet: str = ""
    url: str = ""
    published: str = ""  # ISO date or ""


Reader = Callable[[bytes, Path], Extracted]


def _html(data: bytes, path: Path) -> Extracted:
    from annot.core.extract.html import read_html

    return read_html(data, path)


def _docx(data: bytes, path: Path) -> Extracted:
    from annot.core.extract.docx import read_docx

    return read_docx(data, path)


def _pdf(data: bytes, path: Path) -> Extracted:
    from annot.core.extract.pdf import read_pdf

    return read_pdf(data, path)


READERS: dict[str, Reader] = {
    ".html": _html,
    ".htm": _html,
    ".xhtml": _html,
    ".docx": _docx,
    ".pdf": _pdf,
}


def source_from_bytes(data: bytes, path: Path, *, reader: Reader | None = None, url: str = "") -> SourceText:
    """Extract one document from the bytes of ``path`` (or of the page fetched from ``url``).

    Raises :class:`ImportProblem` naming the file when it is empty, unreadable or yields
    no text."""
    from annot.core.documents import SourceText, sha256_text
    from annot.core.errors import display_path
    from annot.core.titles import describe

    if not data:
        raise ImportProblem("is empty: there is no text to import", path)
    read = reader or READERS[path.suffix.lower()]
    try:
        found = read(data, path)
    except ImportProblem:
        raise
    except (ValueError, KeyError, IndexError, TypeError, AttributeError, OSError, RecursionError) as exc:
        # a third-party parser meeting a damaged file: a message naming it, not a traceback
        raise ImportProblem(f"could not be read as {path.suffix.lower() or 'this type'} ({exc!r})", path) from exc
    text = found.text
    if not text.strip():
        raise ImportProblem(f"yields no text ({found.extractor} found none to import)", path)
    meta = describe(text, display_path(path.stem))  # what the text itself states, as for .txt
    return SourceText(
        text=text,
        title=found.title or meta.title,
        published=found.published or meta.published,
        filename=url or display_path(path.name),
        sha256=sha256_text(text),
        outlet=found.outlet or meta.outlet,
        url=found.url or url,
        extractor=found.extractor,
        source_sha256=hashlib.sha256(data).hexdigest(),
    )


@functools.cache
def version_of(package: str) -> str:
    """``"name version"`` of an installed package (read once: the metadata costs ~5 ms)."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return f"{package} {version(package)}"
    except PackageNotFoundError:  # pragma: no cover - installed with annot
        return package
