"""REFI-QDA (QDA-XML 1.0): the exchange standard of QualCoder, MAXQDA, ATLAS.ti, NVivo.

- :mod:`annot.core.refi.export` writes a ``.qdpx`` project (a ZIP of ``project.qde`` and
  ``sources/<guid>.txt``) and a ``.qdc`` codebook;
- :mod:`annot.core.refi.read` imports them into a project (one undo step).

What maps to what (both ways):

- document ↔ ``TextSource`` whose ``plainTextPath`` is ``internal://<guid>.txt``; its name
  is the title; outlet, URL and publication date are lines of its ``Description``;
- tag ↔ ``Code`` (colour, ``Description``); a tag named ``parent/child`` ↔ a ``Code``
  ``child`` inside ``parent`` (a parent that is not itself a tag is ``isCodable="false"``);
  a tag's role (claim/actor/date) ↔ membership of the ``Set`` "annot role: claim" …;
- annotator ↔ ``User``;
- annotation ↔ ``PlainTextSelection`` (its UUID as guid, ``startPosition``/``endPosition``
  in code points, end exclusive, ``name`` = the quoted text) with one ``Coding`` of its tag
  by its annotator; its note ↔ the selection's ``Description``; comments ↔ ``Note``
  elements the selection points to with ``NoteRef``;
- link ↔ ``Link`` (``name`` said_by/dated/same_claim/contradicts/partly, ``direction``
  OneWay, from the claim's selection to the other one); claim groups follow from their
  same_claim/partly links.

REFI-QDA has no place for an annotation's review status (accepted/rejected), its reviewer,
a tag's shortcut key or a claim group's label and note: the export counts what it leaves
out and says so.
"""

from __future__ import annotations

import hashlib
import re
import uuid

NS = "urn:QDA-XML:project:1.0"
CODEBOOK_NS = "urn:QDA-XML:codebook:1.0"
ROLE_SET = "annot role: "  # a Set named "annot role: claim" lists the codes of that role
_GUID = re.compile(r"^\{?([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})\}?$")
_ANNOT = uuid.UUID("6f1c3a52-9b1e-4d2a-8c55-0a7e2b3d4c11")  # namespace of annot's derived GUIDs


_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_SPACES = re.compile(r"\s+")


def xml_safe(text: str) -> str:
    """``text`` with the characters XML 1.0 cannot hold (form feed, other C0 controls)
    replaced by a space; the document's own text goes to sources/ unchanged."""
    return _NOT_XML.sub(" ", text)


def same_quote(name: str, quote: str) -> bool:
    """Whether a selection's ``name`` is the text ``quote``: exactly, or once white space is
    collapsed (an XML parser turns a raw line break in an attribute into a space, and the
    export replaces characters XML cannot hold)."""
    if name == quote:
        return True
    return _SPACES.sub(" ", xml_safe(name)).strip() == _SPACES.sub(" ", xml_safe(quote)).strip()


def derived_guid(kind: str, key: str) -> str:
    """A stable GUID for something that has no UUID of its own in annot (a tag, a user, a
    document): the same project exported twice gives the same GUIDs."""
    return str(uuid.uuid5(_ANNOT, f"{kind}:{key}"))


def coding_guid(annotation_id: str) -> str:
    """The GUID of an annotation's one ``Coding``: derived from its id (an MD5 laid out as a
    GUID: fast for a hundred thousand, stable from one export to the next)."""
    h = hashlib.md5(f"coding:{annotation_id}".encode(), usedforsecurity=False).hexdigest()
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:32]}"


def plain_guid(value: str | None) -> str | None:
    """``value`` as a lower-case UUID without braces, or None when it is not a GUID."""
    m = _GUID.match((value or "").strip())
    return m[1].lower() if m else None
