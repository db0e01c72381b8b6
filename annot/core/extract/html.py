"""A saved news page: the article's main text and its metadata, by trafilatura.

The page is decoded here (byte-order mark, then the ``charset`` the page declares, then
UTF-8, then charset-normalizer's guess) so that a page in windows-1251 or latin-1 reads
right; trafilatura then keeps the article and drops navigation, cookie banners, related
links and comments. Paragraphs stay one per line, as trafilatura returns them.
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from annot.core.errors import ImportProblem
from annot.core.extract import Extracted, version_of

_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_XML_ENCODING = re.compile(rb"""^<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""")
_DATE = re.compile(r"^\d{4}-\d\d-\d\d$")


def decode_html(data: bytes, path: Path) -> str:
    """The text of an HTML file, in the encoding it declares (or the likeliest one)."""
    for bom, encoding in ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"),
                          (codecs.BOM_UTF16_BE, "utf-16-be")):  # fmt: skip
        if data.startswith(bom):
            return data[len(bom) :].decode(encoding, errors="replace")
    head = data[:4096]
    declared = _XML_ENCODING.search(head) or _CHARSET.search(head)
    if declared:
        name = declared[1].decode("ascii", "replace")
        try:
            return data.decode(codecs.lookup(name).name, errors="replace")
        except LookupError:
            pass  # an unknown charset name: guess below
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise ImportProblem("is not text in any encoding annot recognises", path)
    return str(best)


def read_html(data: bytes, path: Path) -> Extracted:
    import trafilatura

    html = decode_html(data, path)
    doc = trafilatura.bare_extraction(
        html, with_metadata=True, include_comments=False, include_tables=True, deduplicate=False
    )
    extractor = version_of("trafilatura")
    if doc is None:
        return Extracted("", extractor)
    meta = doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)
    text = _tidy(str(meta.get("text") or ""))
    date = str(meta.get("date") or "")
    return Extracted(
        text=text,
        extractor=extractor,
        title=str(meta.get("title") or "").strip(),
        outlet=str(meta.get("sitename") or "").strip(),
        url=str(meta.get("url") or "").strip(),
        published=date if _DATE.match(date) else "",
    )


def _tidy(text: str) -> str:
    """One paragraph per line, no trailing spaces, no empty lines."""
    lines = (" ".join(line.split()) for line in text.splitlines())
    return "\n".join(line for line in lines if line)
