"""A metadata sheet: title, outlet, URL and publication date of documents, by file name.

The sheet is a CSV with a ``file`` column (the document's file name) and any of
``title, outlet, url, published`` (``published`` as ``YYYY-MM-DD``). An empty cell leaves
that field as it is. Every line is checked before anything is written: one bad line and
nothing changes (the message names the sheet and the line).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path, PurePosixPath, PureWindowsPath

from annot.core.date_values import Moved
from annot.core.errors import ImportProblem, ValidationError
from annot.core.model import Changes, DocumentId, DocumentInfo
from annot.core.store import Store

FIELDS = ("title", "outlet", "url", "published")


@dataclass(frozen=True)
class SheetRow:
    line: int
    file: str  # the file name (a path in the sheet is reduced to its last part)
    values: dict[str, str]  # only the non-empty cells among FIELDS


def _file_name(value: str) -> str:
    name = PureWindowsPath(value).name if "\\" in value else PurePosixPath(value).name
    return name.strip()


def read_sheet(path: str | Path) -> list[SheetRow]:
    """Read and check a metadata sheet, or raise :class:`ImportProblem` naming the line."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError as exc:
        raise ImportProblem("does not exist", path) from exc
    except OSError as exc:
        raise ImportProblem(f"cannot be read ({exc.strerror})", path) from exc
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportProblem(f"is not UTF-8 text (byte {exc.start}); save the sheet as UTF-8 CSV", path) from exc
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [h.strip().lower() for h in next(reader)]
    except StopIteration:
        raise ImportProblem("is empty: a metadata sheet needs a header line", path) from None
    except csv.Error as exc:
        raise ImportProblem(f"line 1: {exc}", path) from exc
    if "file" not in header:
        raise ImportProblem("has no 'file' column (columns: file,title,outlet,url,published)", path)
    unknown = [h for h in header if h not in ("file", *FIELDS)]
    if unknown:
        raise ImportProblem(
            f"line 1: unknown column(s) {', '.join(map(repr, unknown))}"
            " (columns: file,title,outlet,url,published)",
            path,
        )
    rows: list[SheetRow] = []
    seen: dict[str, int] = {}
    try:
        for cells in reader:
            line = reader.line_num
            if not any(c.strip() for c in cells):
                continue
            if len(cells) != len(header):
                raise ImportProblem(f"line {line}: {len(cells)} cells, the header has {len(header)}", path)
            record = dict(zip(header, (c.strip() for c in cells), strict=True))
            name = _file_name(record.pop("file"))
            if not name:
                raise ImportProblem(f"line {line}: the 'file' cell is empty", path)
            if name in seen:
                raise ImportProblem(f"line {line}: {name!r} is already on line {seen[name]}", path)
            seen[name] = line
            published = record.get("published", "")
            if published:
                try:
                    ok = len(published) == 10 and date.fromisoformat(published).isoformat() == published
                except ValueError:
                    ok = False
                if not ok:
                    raise ImportProblem(
                        f"line {line}: published {published!r} is not a date (use YYYY-MM-DD)", path
                    )
            rows.append(SheetRow(line, name, {k: v for k, v in record.items() if v}))
    except csv.Error as exc:
        raise ImportProblem(f"line {reader.line_num}: {exc}", path) from exc
    return rows


@dataclass
class SheetMatch:
    updates: list[tuple[DocumentId, dict[str, str]]] = field(default_factory=list)
    unmatched: list[str] = field(default_factory=list)  # file names of no document


def match_sheet(
    infos: list[DocumentInfo], rows: list[SheetRow], only: set[DocumentId] | None = None
) -> SheetMatch:
    """The documents each row applies to (by file name; ``only`` limits the documents)."""
    by_name: dict[str, list[DocumentInfo]] = {}
    for info in infos:
        if only is None or info.id in only:
            by_name.setdefault(info.filename, []).append(info)
    match = SheetMatch()
    for row in rows:
        found = by_name.get(row.file, [])
        if not found:
            match.unmatched.append(row.file)
        for info in found:
            match.updates.append((info.id, row.values))
    return match


@dataclass
class SetMetadata:
    """Write metadata to several documents: one undo step."""

    updates: list[tuple[DocumentId, dict[str, str]]]
    _before: list[DocumentInfo] = field(default_factory=list, init=False)
    _after: list[DocumentInfo] = field(default_factory=list, init=False)
    _moved: Moved = field(default_factory=Moved, init=False)  # date values suggested again

    @property
    def label(self) -> str:
        return "Set document details from a sheet"

    @property
    def changed(self) -> int:
        return len(self._after)

    def apply(self, store: Store) -> Changes:
        if not self._before:
            for doc_id, values in self.updates:
                before = store.document_info(doc_id)
                after = replace(
                    before,
                    title=values.get("title", before.title),
                    outlet=values.get("outlet", before.outlet),
                    url=values.get("url", before.url),
                    published=values.get("published", before.published),
                )
                if after != before:
                    self._before.append(before)
                    self._after.append(after)
            if not self._after:
                raise ValidationError("the sheet changes nothing: every document already has these details")
        for info in self._after:
            store.update_document(info)
        moved = [a.id for a, b in zip(self._after, self._before, strict=True) if a.published != b.published]
        self._moved.apply(store, moved)  # suggested date values count from the publication date
        if moved:
            return Changes(documents=True, annotations=frozenset(moved))
        return Changes(documents=True)
