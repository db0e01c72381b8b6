"""A document's title, outlet and publication date, as far as its text states them.

* **Title**: a headline line near the top (see :func:`annot.core.documents.find_title`);
  when the text starts straight with the story, its first sentence, shortened to about
  80 characters at a word (or clause) boundary, rather than a file name such as
  ``000_c1b8821bd13a6c4b``. The file name is only the last resort (no words at all).
* **Outlet**: only where the text says it: a ``Source:``/``Outlet:``/``Publisher:`` line, a
  wire-service dateline (``MOSCOW (Reuters) -``), or a copyright line (``© 2025 The Moscow
  Times``). Outlets a story merely mentions ("reported by Reuters") are not its outlet.
* **Date**: :func:`annot.core.documents.find_published` (a dateline, ``date``/``Published``
  marker or a line that is only a date), never a date in running prose.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MAX_TITLE = 80  # characters, before "…"
MAX_CLAUSE = 90  # a clause ending at a comma may run this long
MIN_CLAUSE = 40
_LOOK_LINES = 8

# "date 2025-08-26 Russia will ..." / "Published: 3 May 2025 ..." at the start of a line
_MARKER_DATE = re.compile(
    r"^\s*(?:date|dated|published|publication date|updated)\s*[:\-]?\s*"
    r"(?:\d{4}-\d\d-\d\d|\d{1,2}[./]\d{1,2}[./]\d{2,4}"
    r"|(?:[A-Za-z]+,\s*)?[A-Za-z]+\.?\s+\d{1,2},?\s+\d{4}|\d{1,2}\s+[A-Za-z]+\.?,?\s+\d{4})"
    r"(?:[\sT]\d{1,2}:\d\d(?::\d\d)?\s*(?:[AaPp]\.?[Mm]\.?)?(?:\s*[A-Z]{2,4})?)?\s*[,:\-–—|]?\s*",
    re.I,
)
_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"”’)]?\s+(?=[\"“‘(]?[A-Z0-9])")
_ABBREVIATIONS = {
    "mr", "mrs", "ms", "dr", "st", "jr", "sr", "prof", "gen", "col", "lt", "gov", "sen", "rep",
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    "no", "vs", "etc", "inc", "corp", "ltd", "co", "u.s", "u.k", "u.n", "e.u",
}  # fmt: skip
_STOP = {
    "a", "an", "and", "as", "at", "but", "by", "for", "from", "in", "into", "of", "on", "or",
    "that", "the", "to", "with", "which", "who", "its", "their", "his", "her",
}  # fmt: skip
_OUTLET_LINE = re.compile(r"^\s*(?:source|outlet|publisher|published by|publication)\s*:\s*(.{2,80}?)\s*$", re.I)
_WIRE = re.compile(
    r"^\s*[A-Z][A-Za-z .'’-]{1,40}?(?:,\s*[A-Za-z0-9 .]{3,20})?\s*\(([A-Z][A-Za-z&.' ]{1,30})\)\s*[-–—]"
)
_COPYRIGHT = re.compile(r"^\s*(?:©|\(c\)|copyright)\s*(?:\d{4}\s*)?(?:[-–]\s*\d{4}\s*)?(.{2,60}?)\.?\s*$", re.I)


@dataclass(frozen=True)
class Described:
    title: str
    outlet: str
    published: str


def describe(text: str, fallback: str) -> Described:
    """Title, outlet and publication date of ``text`` (``fallback``: the file's stem)."""
    from annot.core.documents import find_published, find_title

    top = "\n".join(line for line in text.splitlines()[:_LOOK_LINES] if not _is_outlet_line(line))
    headline = find_title(top, "")
    return Described(
        title=headline or first_sentence_title(top) or fallback,
        outlet=find_outlet(text),
        published=find_published(text),
    )


def first_sentence_title(text: str) -> str:
    """The first sentence of the story (after any date marker), shortened for a title."""
    for line in text.splitlines()[:_LOOK_LINES]:
        body = _MARKER_DATE.sub("", line, count=1)
        if m := _WIRE.match(body):  # "MOSCOW (Reuters) - Russia said ..."
            body = body[m.end() :]
        body = body.strip()
        if len(body.split()) < 3:  # a date, a section name, a blank line
            continue
        return shorten(_first_sentence(body))
    return ""


def _first_sentence(paragraph: str) -> str:
    for m in _SENTENCE_END.finditer(paragraph):
        before = paragraph[: m.start()].rstrip("\"”’)")
        word = before.rsplit(None, 1)[-1].rstrip(".!?…").lower() if before.split() else ""
        if word in _ABBREVIATIONS or (len(word) == 1 and word.isalpha()):
            continue  # "Mr. Putin", "Sept. 29", "John F. Kennedy"
        return paragraph[: m.start()].strip()
    return paragraph.strip()


def shorten(sentence: str, limit: int = MAX_TITLE) -> str:
    """``sentence`` as a title: without its final full stop; past ``limit`` characters cut
    at a clause (a comma between 40 and 90 characters) or else at a word, never after a
    small word such as "for" or "the", and marked with "…"."""
    sentence = " ".join(sentence.split())
    if sentence.endswith(".") and not sentence.endswith(".."):
        sentence = sentence[:-1]
    if len(sentence) <= limit:
        return sentence
    comma = sentence.rfind(",", MIN_CLAUSE, MAX_CLAUSE + 1)
    if comma > 0:
        return sentence[:comma].rstrip() + "…"
    words = sentence[: limit + 1].split()
    if len(sentence) > limit and not sentence[limit].isspace():
        words = words[:-1]  # the last word was cut
    while len(words) > 3 and words[-1].lower().strip(",;:") in _STOP:
        words.pop()
    return " ".join(words).rstrip(",;:–—-") + "…"


def _is_outlet_line(line: str) -> bool:
    return bool(_OUTLET_LINE.match(line) or _COPYRIGHT.match(line))


def find_outlet(text: str) -> str:
    """The outlet the text names as its own near its top or bottom, or ""."""
    lines = text.splitlines()
    for line in lines[:_LOOK_LINES]:
        if m := _OUTLET_LINE.match(line):
            return m[1].strip()
        if m := _WIRE.match(line):
            return m[1].strip()
    for line in lines[:_LOOK_LINES] + lines[-_LOOK_LINES:]:
        if (m := _COPYRIGHT.match(line)) and not any(ch.isdigit() for ch in m[1]):
            name = re.sub(r"(?i)\s*all rights reserved\.?$", "", m[1]).strip(" .,")
            if name:
                return name
    return ""
