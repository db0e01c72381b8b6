"""Fetching a web page (or a PDF or Word file) by its URL and importing it like a saved file.

Only ``http``/``https``; a timeout and a size cap; the reader is chosen by the answer's
content type (PDF, DOCX) or else HTML. annot fetches only when asked to import a URL.
"""

from __future__ import annotations

import re
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from annot import __version__
from annot.core.errors import ImportProblem
from annot.core.extract import READERS, Reader

if TYPE_CHECKING:
    from annot.core.documents import SourceText

TIMEOUT_S = 30.0
MAX_FETCH_BYTES = 32 * 1024 * 1024
_URL = re.compile(r"^https?://", re.I)
_TYPES = {
    "application/pdf": ".pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
}


def is_url(value: object) -> bool:
    return isinstance(value, str) and bool(_URL.match(value.strip()))


def fetch_source(url: str, *, timeout: float = TIMEOUT_S, max_bytes: int = MAX_FETCH_BYTES) -> SourceText:
    """Fetch ``url`` and extract its text; :class:`ImportProblem` names the URL on failure."""
    import urllib.error  # lazy: only an import of a URL needs them
    import urllib.request

    from annot.core.extract import source_from_bytes

    url = url.strip()
    request = urllib.request.Request(url, headers={"User-Agent": f"annot/{__version__}"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as answer:
            final = answer.geturl() or url
            kind = answer.headers.get_content_type()
            data = answer.read(max_bytes + 1)
    except urllib.error.HTTPError as exc:
        raise ImportProblem(f"{url}: could not be fetched (HTTP {exc.code} {exc.reason})") from exc
    except urllib.error.URLError as exc:
        raise ImportProblem(f"{url}: could not be fetched ({exc.reason})") from exc
    except (TimeoutError, OSError) as exc:
        raise ImportProblem(f"{url}: could not be fetched ({exc})") from exc
    if len(data) > max_bytes:
        raise ImportProblem(f"{url}: is larger than the {max_bytes:,} bytes annot fetches; not imported")
    suffix = _TYPES.get(kind) or PurePosixPath(urlsplit(final).path).suffix.lower()
    reader: Reader = READERS[suffix] if suffix in (".pdf", ".docx") else READERS[".html"]
    name = PurePosixPath(urlsplit(final).path).name or urlsplit(final).netloc
    try:
        return source_from_bytes(data, Path(name), reader=reader, url=final)
    except ImportProblem as exc:
        raise ImportProblem(f"{url}: {exc.message}") from exc
