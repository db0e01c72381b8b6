"""``annot check PROJECT``: is this project file sound, row by row?

SQLite's ``integrity_check`` and ``foreign_key_check``, then every row against annot's own
rules: every text column holds valid UTF-8 text, every document's text matches its SHA-256
and length, every span lies inside its text and its stored quote is the text's slice, every
status is known, every link has a known kind, two existing ends and obeys the link rules.

The file is only read (read-only, immutable when no other connection writes), and nothing
here raises on a bad row: each problem is one line naming the row, so a damaged project
can be diagnosed rather than crash. Opening a project no longer re-hashes every document:
this command is where that is checked.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

from annot.core import migrations
from annot.core.errors import ProjectError
from annot.core.model import LINK_RULES, LinkKind, Role, Status
from annot.core.store import audit, recovered_copy, text_sha256

MAX_PER_KIND = 50  # problems listed of each kind; the rest are counted
_STATUSES = {s.value for s in Status}
_KINDS = {k.value: k for k in LinkKind}


def _text(raw: bytes | None) -> str:
    return "" if raw is None else bytes(raw).decode("utf-8", "replace")


def _a(noun: str) -> str:
    return f"{'an' if noun[:1].lower() in 'aeiou' else 'a'} {noun}"


def check_project(path: str | Path) -> list[str]:
    """Every problem found in the project file at ``path`` (empty: the file is sound)."""
    path = Path(path)
    if not path.is_file():
        return ["does not exist" if not path.exists() else "is not a file"]
    with recovered_copy(path) as copy:  # a -wal its dead writer left: read a private copy
        try:
            conn = audit.connect(copy or path)
        except (sqlite3.Error, ProjectError) as exc:
            return [f"cannot be opened ({exc})"]
        try:
            return _check(conn)
        except sqlite3.DatabaseError as exc:  # damage that stops the reading itself
            return [f"is damaged and cannot be read to the end ({exc})"]
        finally:
            conn.close()


def broken_rules(path: Path) -> str | None:
    """When a command failed on ``path``: the account of the rows in it that break annot's
    rules (written behind annot's back), naming the file and pointing to ``annot check``;
    None when the file is sound (the failure is something else) or is no project file."""
    from annot.core.errors import display_path

    if not path.is_file():
        return None
    problems = check_project(path)
    if not problems:
        return None
    more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
    return (
        f"{display_path(path)}: holds rows that break annot's rules, so this command cannot"
        f" read it: {problems[0]}{more}; `annot check {display_path(path)}` lists them"
    )


def _check(conn: sqlite3.Connection) -> list[str]:
    try:
        app, version = audit.header(conn)
    except sqlite3.DatabaseError:
        return ["is not an annot project (it is not an SQLite database)"]
    if app != migrations.APPLICATION_ID or version == 0:
        return ["is not an annot project (an SQLite database of another program)"]
    if version > migrations.LATEST_VERSION:
        return [f"was written by a newer annot (schema {version}); update annot to check it"]
    problems = [f"SQLite integrity check: {p}" for p in audit.integrity(conn) if p != "ok"]
    for table, rowid, parent in audit.foreign_keys(conn):
        problems.append(f"{table} row {rowid} refers to a missing row of {parent}")
    for step in (_encodings, _documents, _annotations, _links):
        found = 0
        for problem in step(conn):
            found += 1
            if found <= MAX_PER_KIND:
                problems.append(problem)
        if found > MAX_PER_KIND:
            problems.append(f"… and {found - MAX_PER_KIND} more problems of this kind")
    return problems


def _encodings(conn: sqlite3.Connection) -> Iterator[str]:
    for table, column, has_id in audit.text_columns(conn):
        for key, kind, value in audit.column_values(conn, table, column, has_id):
            where = f"{table} row {_text(key)}"
            if kind == "blob":
                yield f"{where}: {column} holds binary data, not text"
                continue
            try:
                bytes(value).decode("utf-8")
            except UnicodeDecodeError as exc:
                yield f"{where}: {column} is not valid UTF-8 text (byte {exc.start} is 0x{value[exc.start]:02x})"


def _documents(conn: sqlite3.Connection) -> Iterator[str]:
    for doc_id, sha, raw, length in audit.documents(conn):
        text = _text(raw)
        if text_sha256(text) != _text(sha):
            yield f"document {doc_id}: its text no longer matches its checksum (SHA-256)"
        if length != len(text):
            yield f"document {doc_id}: its recorded length {length} is not its text's {len(text)}"


def _annotations(conn: sqlite3.Connection) -> Iterator[str]:
    doc: object = None
    text: str | None = None
    for raw_id, doc_id, start, end, quote, status in audit.annotation_rows(conn):
        where = f"annotation {_text(raw_id)}"
        if doc_id != doc:
            doc = doc_id
            raw = audit.document_text(conn, doc_id) if isinstance(doc_id, int) else None
            text = None if raw is None else _text(raw)
        if _text(status) not in _STATUSES:
            yield f"{where}: status {_text(status)!r} is not one annot knows ({', '.join(sorted(_STATUSES))})"
        if text is None:
            yield f"{where}: its document {doc_id!r} is not in the project"
            continue
        if type(start) is not int or type(end) is not int:
            yield f"{where}: its offsets {start!r}-{end!r} are not whole numbers"
            continue
        if not 0 <= start < end:
            yield f"{where}: its span {start}-{end} is empty or reversed"
        elif end > len(text):
            yield f"{where}: its span {start}-{end} runs past the end of document {doc_id} ({len(text)} characters)"
        elif _text(quote) != text[start:end]:
            yield f"{where}: its stored quote is not the text at {start}-{end} of document {doc_id}"


def _links(conn: sqlite3.Connection) -> Iterator[str]:
    for raw_id, kind, source, target, sdoc, tdoc, srole, trole, has_s, has_t in audit.link_rows(conn):
        where = f"link {_text(raw_id)}"
        link_kind = _KINDS.get(_text(kind))
        if link_kind is None:
            yield f"{where}: kind {_text(kind)!r} is not one annot knows ({', '.join(sorted(_KINDS))})"
            continue
        missing = [_text(end) for end, there in ((source, has_s), (target, has_t)) if not there]
        if missing:
            yield f"{where}: points to {', '.join(missing)}, which is not in the project"
            continue
        want_source, want_target, same_doc = LINK_RULES[link_kind]
        name = link_kind.value
        if source == target:
            yield f"{where}: links an annotation to itself"
        elif _text(srole) != want_source.value:
            yield f"{where}: a {name} link must start at {_a(want_source.value)} (this is {_role(srole)})"
        elif _text(trole) != want_target.value:
            yield f"{where}: a {name} link must point to {_a(want_target.value)} (this is {_role(trole)})"
        elif same_doc and sdoc != tdoc:
            yield f"{where}: a {name} link must stay within one document (it joins {sdoc} and {tdoc})"


def _role(raw: bytes | None) -> str:
    role = _text(raw)
    return _a(role) if role else f"a tag of role {Role.OTHER.name.lower()}"
