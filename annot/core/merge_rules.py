"""The rules a merge decides by: instants, version order, identity, and the checks a
colleague's rows must pass before anything of their file is taken in.

- **Instants.** ``created``, ``modified`` and a tombstone's ``deleted`` are ISO 8601 texts
  with an offset (``Z``, ``+05:00``) and optional fractions of a second. They are compared as
  instants in UTC, never as strings; a text without an offset is read as UTC.
- **Suspect instants.** One later than the merge's own clock plus :data:`SKEW` (a clock set
  wrong, ``9999-…``) cannot be true. It ranks *below* every plausible instant, so it never
  wins over a real edit, and among suspect ones the usual order applies.
- **Version order** (the same on every computer, so any order of merges converges): the
  later instant wins; at the same instant a deletion wins over a row; at the same instant
  two different rows are ordered by a canonical text of their content (names of document,
  tag and annotator instead of a project's local numbers), the greater one winning.
"""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta, timezone
from typing import Any

from annot.core.model import LINK_RULES, LinkKind, Status, Tag

SKEW = timedelta(days=1)
_EPOCH = datetime(1, 1, 1, tzinfo=timezone.utc)
_CLASH = uuid.UUID("6b1f3c2e-9a47-4d0e-8f4a-0c7e5d2b9a11")  # namespace of re-identified rows
TOMBSTONE_KINDS = ("annotation", "link", "comment")

TimeKey = tuple[int, datetime]
Version = tuple[TimeKey, int, str]


def instant(text: object) -> datetime | None:
    """The UTC instant an ISO 8601 text names (None if it names none)."""
    if not isinstance(text, str) or not (text := text.strip()):
        return None
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=timezone.utc)
    try:
        return value.astimezone(timezone.utc)
    except OverflowError:  # 9999-12-31T23:59-14:00 is past the calendar's end in UTC
        return None


def time_key(text: str, now: datetime) -> TimeKey:
    """Sort key of a timestamp: plausible instants above suspect (future, unreadable) ones."""
    value = instant(text)
    if value is None:
        return (0, _EPOCH)
    return (1, value) if value <= now + SKEW else (0, value)


def row_version(stamp: str, canonical: str, now: datetime) -> Version:
    return (time_key(stamp, now), 0, canonical)


def tombstone_version(deleted: str, now: datetime) -> Version:
    return (time_key(deleted, now), 1, deleted)


def canonical(values: Sequence[Any]) -> str:
    return json.dumps(list(values), ensure_ascii=False, separators=(",", ":"))


def clash_id(old_id: str, identity: Sequence[Any]) -> str:
    """The id a colleague's row gets when its id is ours but it is another thing: the same
    on every computer, so that merging the file again finds it instead of adding it twice."""
    return str(uuid.uuid5(_CLASH, canonical([old_id, *identity])))


# -- checking a colleague's rows ------------------------------------------------------------

_STATUSES = {s.value for s in Status}
_KINDS = {k.value for k in LinkKind}
# kind -> (source role, target role, same document required), as plain values (the rows read
# from a colleague's file hold strings)
_LINK_ROLES = {k.value: (src.value, tgt.value, same) for k, (src, tgt, same) in LINK_RULES.items()}


_STRINGS = (str,) * 9  # the text columns, quote to source_id


def annotation_problem(
    row: Sequence[Any], texts: dict[int, str], tags: set[int], annotators: set[int]
) -> str:
    """Why an annotation row (every column, see store.rows) breaks annot's rules ("" if fine)."""
    ann_id, doc, tag, who, start, end, quote = row[:7]
    if not isinstance(ann_id, str) or not ann_id:
        return "an annotation without an id"
    what = f"annotation {ann_id}"
    if not all(map(isinstance, row[6:15], _STRINGS)):
        return f"{what} has a value of the wrong type"
    if doc not in texts:
        return f"{what} is on a document that is not in the file"
    if tag not in tags or who not in annotators:
        return f"{what} has a tag or an annotator that is not in the file"
    if row[10] not in _STATUSES:
        return f"{what} has an unknown status {row[10]!r}"
    text = texts[doc]
    whole = isinstance(start, int) and isinstance(end, int) and not isinstance(start, bool) and not isinstance(end, bool)
    if not (whole and 0 <= start < end <= len(text)):
        return f"{what} has the span [{start}, {end}) outside its text (0 ≤ start < end ≤ {len(text)})"
    if quote != text[start:end]:
        return f"{what} quotes {quote[:30]!r}, which is not the text at [{start}, {end})"
    if instant(row[11]) is None:
        return f"{what} has an unreadable created time {row[11]!r}"
    if instant(row[12]) is None:
        return f"{what} has an unreadable modified time {row[12]!r}"
    return ""


def link_row_problem(link: Sequence[Any], ends: Mapping[str, tuple[object, str]]) -> str:
    """Why a link row (id, kind, source, target, created) breaks annot's rules ("" if fine).
    ``ends`` maps an annotation id to (its document, its tag's role)."""
    link_id, kind, source, target, created = link
    what = f"link {link_id}"
    if not isinstance(link_id, str) or not link_id:
        return "a link without an id"
    if kind not in _KINDS:
        return f"{what} has an unknown kind {kind!r}"
    if source not in ends or target not in ends:
        return f"{what} joins an annotation that is not there"
    if source == target:
        return f"{what} links an annotation to itself"
    src_role, tgt_role, same_doc = _LINK_ROLES[kind]
    (src_doc, src_has), (tgt_doc, tgt_has) = ends[source], ends[target]
    if src_has != src_role or tgt_has != tgt_role:
        return f"{what}: a {kind} link must go from a {src_role} to a {tgt_role or 'tag without role'}"
    if same_doc and src_doc != tgt_doc:
        return f"{what}: a {kind} link must stay within one document"
    if instant(created) is None:
        return f"{what} has an unreadable created time {created!r}"
    return ""


def comment_problem(comment: Sequence[Any], annotations: set[str]) -> str:
    """Why a comment row (id, annotation, author, text, created, modified) breaks the rules."""
    comment_id, annotation_id, author, text, created, modified = comment
    what = f"comment {comment_id}"
    if not isinstance(comment_id, str) or not comment_id:
        return "a comment without an id"
    if annotation_id not in annotations:
        return f"{what} is on an annotation that is not there"
    if not isinstance(author, str) or not author.strip() or not isinstance(text, str) or not text.strip():
        return f"{what} has no author or no text"
    if instant(created) is None or instant(modified) is None:
        return f"{what} has an unreadable time"
    return ""


def tag_problem(tag: Tag) -> str:
    """Why a colleague's tag breaks the codebook's rules ("" if fine)."""
    name = tag.name.strip()
    if not name or name != tag.name or "\n" in name or "\t" in name:
        return f"tag {tag.name!r} has no name, surrounding spaces or control characters"
    if not re.fullmatch(r"#[0-9a-fA-F]{6}", tag.colour):
        return f"tag {tag.name!r} has the colour {tag.colour!r}, not of the form #rrggbb"
    if len(tag.key) > 1 or tag.key.isspace():
        return f"tag {tag.name!r} has the shortcut {tag.key!r}, not a single character"
    return ""


def tombstone_problem(tomb: Sequence[Any], live: set[str]) -> str:
    tomb_id, kind, deleted = tomb
    if not isinstance(tomb_id, str) or not tomb_id:
        return "a deletion record without an id"
    if kind not in TOMBSTONE_KINDS:
        return f"deletion record {tomb_id} has an unknown kind {kind!r}"
    if instant(deleted) is None:
        return f"deletion record {tomb_id} has an unreadable time {deleted!r}"
    if tomb_id in live:
        return f"{kind} {tomb_id} is both present and recorded as deleted"
    return ""
