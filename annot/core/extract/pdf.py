"""A PDF: its text in reading order, by pypdfium2 (PDFium; Apache-2.0/BSD).

PDFium gives each page's text runs in content order with their boxes. Runs on one baseline
make a line; a line starts a new paragraph after a vertical gap clearly wider than the
page's usual line spacing, or after a short line that ends a sentence. A word hyphenated
at a line's end is joined ("with-" + "drawn" -> "withdrawn"); a line that repeats at the
top or bottom of most pages (a running header or footer, page numbers included) is dropped.
Paragraphs come out one per line.
"""

from __future__ import annotations

import itertools
import re
import statistics
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from annot.core.errors import ImportProblem
from annot.core.extract import Extracted, version_of

_EDGE = 2  # lines at the top and at the bottom of a page that may be a header or footer
_SOFT_HYPHENS = "\xad\x02\ufffe"
_HYPHEN_END = re.compile(r"[^\W\d_][-\xad\x02\ufffe]$")
_SENTENCE_END = re.compile(r"[.!?:;\"”’»)]$")


@dataclass
class Line:
    left: float
    bottom: float
    right: float
    top: float
    text: str


def read_pdf(data: bytes, path: Path) -> Extracted:
    import pypdfium2 as pdfium

    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        raise ImportProblem(f"is not a PDF that can be read ({exc})", path) from exc
    try:
        pages = [_lines(document[i]) for i in range(len(document))]
        title = str((document.get_metadata_dict() or {}).get("Title", "")).strip()
    finally:
        document.close()
    pages = drop_running_lines(pages)
    paragraphs = _paragraphs(pages)
    return Extracted("\n".join(paragraphs), version_of("pypdfium2"), title=title)


def _lines(page: Any) -> list[Line]:
    textpage = page.get_textpage()
    try:
        lines: list[Line] = []
        for i in range(textpage.count_rects()):
            left, bottom, right, top = textpage.get_rect(i)
            text = textpage.get_text_bounded(left, bottom, right, top).replace("\r", " ").replace("\n", " ")
            if not text.strip():
                continue
            last = lines[-1] if lines else None
            height = top - bottom
            if last is not None and abs(last.bottom - bottom) < height / 2 and left >= last.right - 1:
                last.text = f"{last.text.rstrip()} {text.strip()}"
                last.right, last.top = right, max(last.top, top)
            else:
                lines.append(Line(left, bottom, right, top, text.strip()))
        return lines
    finally:
        textpage.close()
        page.close()


def _key(text: str) -> str:
    return re.sub(r"\d+", "#", " ".join(text.split()).casefold())


def drop_running_lines(pages: list[list[Line]]) -> list[list[Line]]:
    """Drop lines that repeat (digits aside) among the top or bottom lines of most pages."""
    if len(pages) < 2:
        return pages
    seen: Counter[str] = Counter()
    for lines in pages:
        edge = lines[:_EDGE] + lines[-_EDGE:]
        seen.update({_key(line.text) for line in edge})
    need = max(2, (len(pages) + 1) // 2)
    running = {k for k, n in seen.items() if n >= need}
    kept = []
    for lines in pages:
        ends = set(range(min(_EDGE, len(lines)))) | set(range(max(0, len(lines) - _EDGE), len(lines)))
        kept.append([line for i, line in enumerate(lines) if not (i in ends and _key(line.text) in running)])
    return kept


def _paragraphs(pages: list[list[Line]]) -> list[str]:
    paragraphs: list[list[str]] = []
    for lines in pages:
        if not lines:
            continue
        gaps = [a.bottom - b.top for a, b in itertools.pairwise(lines) if a.bottom - b.top > 0]
        usual_gap = statistics.median(gaps) if gaps else 0.0
        height = statistics.median(line.top - line.bottom for line in lines)
        widest = max(line.right for line in lines)
        width = widest - min(line.left for line in lines)
        for i, line in enumerate(lines):
            prev = lines[i - 1] if i else None
            if prev is None:
                starts = not paragraphs or not _continues(paragraphs[-1][-1], line.text)
            else:
                gap = prev.bottom - line.top
                starts = (
                    gap > usual_gap + height / 2
                    or line.top > prev.top + height  # back up the page: a new column or block
                    or (prev.right < widest - 0.15 * width and bool(_SENTENCE_END.search(prev.text)))
                )
            if starts:
                paragraphs.append([line.text])
            else:
                paragraphs[-1].append(line.text)
    return [_join(p) for p in paragraphs]


def _continues(previous: str, text: str) -> bool:
    """Whether a page's first line carries on the paragraph the last page ended."""
    return not _SENTENCE_END.search(previous) and text[:1].islower()


def _join(lines: list[str]) -> str:
    out = ""
    for line in lines:
        line = " ".join(line.split())
        if not out:
            out = line
        elif _HYPHEN_END.search(out) and line[:1].islower():
            out = out[:-1] + line
        else:
            out = (out[:-1] if out[-1] in _SOFT_HYPHENS else out) + " " + line
    return "".join(ch for ch in out if ch not in "\x02\ufffe")
