"""A Word file (.docx): paragraphs and headings in document order, each table row as one
line (cells separated by a tab), then the footnotes and endnotes, numbered, by python-docx.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from annot.core.errors import ImportProblem
from annot.core.extract import Extracted, version_of

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_NOTES = (
    ("http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes", "footnote"),
    ("http://schemas.openxmlformats.org/officeDocument/2006/relationships/endnotes", "endnote"),
)


def read_docx(data: bytes, path: Path) -> Extracted:
    import docx

    try:
        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise ImportProblem(f"is not a Word .docx file that can be read ({exc})", path) from exc
    lines = [line for line in _body(document) if line.strip()]
    lines.extend(_notes(document))
    # (the file's creation date is not the publication date: left for the text to say)
    title = (document.core_properties.title or "").strip()
    return Extracted("\n".join(lines), version_of("python-docx"), title=title)


def _body(document: Any) -> Iterator[str]:
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    for child in document.element.body.iterchildren():
        if child.tag == f"{_W}p":
            yield _clean(Paragraph(child, document).text)
        elif child.tag == f"{_W}tbl":
            yield from _table(Table(child, document))


def _table(table: Any) -> Iterator[str]:
    for row in table.rows:
        cells: list[str] = []
        for cell in row.cells:
            text = " ".join(_clean(p.text) for p in cell.paragraphs if p.text.strip())
            if not cells or text != cells[-1]:  # a merged cell repeats in each column it spans
                cells.append(text)
        if any(cells):
            yield "\t".join(cells)
        for cell in row.cells:  # a table inside a cell
            for inner in cell.tables:
                yield from _table(inner)


def _notes(document: Any) -> Iterator[str]:
    from lxml import etree

    for reltype, kind in _NOTES:
        for rel in document.part.rels.values():
            if rel.reltype != reltype or rel.is_external:
                continue
            root = etree.fromstring(rel.target_part.blob)
            for note in root.iter(f"{_W}{kind}"):
                if note.get(f"{_W}type") in ("separator", "continuationSeparator", "continuationNotice"):
                    continue
                paragraphs = ("".join(t.text or "" for t in p.iter(f"{_W}t")) for p in note.iter(f"{_W}p"))
                text = _clean(" ".join(paragraphs))
                if text:
                    yield f"[{note.get(f'{_W}id')}] {text}"


def _clean(text: str) -> str:
    return " ".join(text.split())
