"""The cross-source timeline: dated claims on a time axis, one lane per source.

A claim is placed at the value of its linked date (the first, in document order, whose value
is a calendar value: a day, week, month, quarter, half, season, year or decade), as an
interval of days. The claims of one claim group (``annot.core.claim_groups``: aligned as the
same claim, or partly) are drawn joined across lanes; a group whose claims' dates do not overlap is marked as a disagreement between
sources. Rows are plain values, for the timeline dock, its CSV export and the benchmark.
"""

from __future__ import annotations

import calendar
import csv
import re
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import IO, TextIO

from annot.core.model import AnnotationId, DocumentId, Role
from annot.core.store import Store

TIMELINE_COLUMNS = (
    "claim_id", "document", "outlet", "published", "quote", "date", "date_value",
    "start", "end", "group", "disagrees",
)  # fmt: skip

_SEASONS = {"SP": (3, 5), "SU": (6, 8), "FA": (9, 11), "WI": (12, 14)}  # months (14 = Feb next)


def interval(value: str) -> tuple[date, date] | None:
    """The first and last day a TIMEX3-style calendar value covers (None for ``PAST_REF``,
    an empty value and the like)."""
    try:
        if m := re.fullmatch(r"(\d{4})-(\d\d)-(\d\d)", value):
            day = date(int(m[1]), int(m[2]), int(m[3]))
            return day, day
        if m := re.fullmatch(r"(\d{4})-(\d\d)", value):
            y, mo = int(m[1]), int(m[2])
            return date(y, mo, 1), date(y, mo, calendar.monthrange(y, mo)[1])
        if m := re.fullmatch(r"(\d{4})-W(\d\d)(-WE)?", value):
            monday = date.fromisocalendar(int(m[1]), int(m[2]), 1)
            return (monday + timedelta(days=5), monday + timedelta(days=6)) if m[3] else (monday, monday + timedelta(days=6))
        if m := re.fullmatch(r"(\d{4})-Q([1-4])", value):
            y, q = int(m[1]), int(m[2])
            return _months(y, 3 * q - 2, 3 * q)
        if m := re.fullmatch(r"(\d{4})-H([12])", value):
            y, h = int(m[1]), int(m[2])
            return _months(y, 6 * h - 5, 6 * h)
        if m := re.fullmatch(r"(\d{4})-(SP|SU|FA|WI)", value):
            first, last = _SEASONS[m[2]]
            return _months(int(m[1]), first, last)
        if m := re.fullmatch(r"\d{4}", value):
            return date(int(value), 1, 1), date(int(value), 12, 31)
        if m := re.fullmatch(r"\d{3}", value):
            return date(int(value) * 10, 1, 1), date(int(value) * 10 + 9, 12, 31)
    except ValueError:
        return None
    return None


def _months(year: int, first: int, last: int) -> tuple[date, date]:
    end_year, end_month = year + (last - 1) // 12, (last - 1) % 12 + 1
    return date(year, first, 1), date(end_year, end_month, calendar.monthrange(end_year, end_month)[1])


@dataclass(frozen=True, slots=True)
class TimelineClaim:
    claim_id: AnnotationId
    document_id: DocumentId
    lane: str  # the source: outlet, else title, else file name
    quote: str
    date_quote: str
    value: str
    start: date
    end: date
    group: int  # claims joined by "same claim" links share it; a lone claim has its own
    disagrees: bool  # its group's dates do not all overlap


def timeline(store: Store) -> list[TimelineClaim]:
    """Every claim with a dated link whose value is on the calendar, by date then lane."""
    from annot.core.claim_groups import group_index  # on first use, as the claim board does

    claim_tags = {t.id for t in store.tags() if t.role == Role.CLAIM}
    docs = {d.id: d for d in store.documents()}
    dated = {c: dates for c, (_, dates) in store.claim_links().items() if dates}  # text order
    values = store.date_values_of([span[0] for spans in dated.values() for span in spans])
    placed: dict[AnnotationId, tuple[str, str, date, date]] = {}
    for claim_id, spans in dated.items():
        for date_id, _start, _end, quote in spans:
            value = values.get(date_id, ("", ""))[0]
            span = interval(value)
            if span is not None:
                placed[AnnotationId(claim_id)] = (quote, value, *span)
                break
    found = [a for a in store.annotations_by_ids(list(placed)) if a.tag_id in claim_tags]
    found.sort(key=lambda a: (a.document_id, a.start, a.end, a.created, a.id))  # groups numbered in reading order
    anns = {a.id: a for a in found}
    placed = {a.id: placed[a.id] for a in found}
    group = _groups(list(placed), group_index(store))
    members: dict[int, list[tuple[date, date]]] = {}
    for claim_id, (_, _, start, end) in placed.items():
        members.setdefault(group[claim_id], []).append((start, end))
    disagree = {g for g, spans in members.items() if max(s for s, _ in spans) > min(e for _, e in spans)}
    rows = []
    for claim_id, (date_quote, value, start, end) in placed.items():
        a = anns[claim_id]
        info = docs[a.document_id]
        lane = info.outlet or info.title or info.filename
        g = group[claim_id]
        rows.append(TimelineClaim(a.id, a.document_id, lane, a.quote, date_quote, value, start, end, g, g in disagree))
    rows.sort(key=lambda r: (r.start, r.lane, r.claim_id))
    return rows


def _groups(
    claims: list[AnnotationId], index: dict[AnnotationId, tuple[AnnotationId, str]]
) -> dict[str, int]:
    """The claim group of each claim (annot.core.claim_groups: claims aligned as the same
    claim, or partly), numbered from 1 in claim order; a claim in no group is its own."""
    numbers: dict[str, int] = {}
    return {c: numbers.setdefault(index[c][0] if c in index else c, len(numbers) + 1) for c in claims}


def lanes(rows: list[TimelineClaim]) -> list[str]:
    """The sources in the order of their first dated claim."""
    return list(dict.fromkeys(r.lane for r in rows))


def write_timeline_csv(store: Store, rows: list[TimelineClaim], out: Path | TextIO) -> int:
    """The timeline's data as CSV (RFC 4180, UTF-8; text cells neutralised like the other
    CSV exports). Returns the number of rows."""
    from annot.core.export.atomic import atomic_text_file
    from annot.core.export.tables import neutralise

    docs = {d.id: d for d in store.documents()}

    def write(fh: IO[str]) -> int:
        writer = csv.writer(fh, lineterminator="\r\n")
        writer.writerow(TIMELINE_COLUMNS)
        for r in rows:
            info = docs[r.document_id]
            writer.writerow([
                r.claim_id, neutralise(info.title), neutralise(info.outlet), info.published,
                neutralise(r.quote), neutralise(r.date_quote), r.value, r.start.isoformat(),
                r.end.isoformat(), r.group, "yes" if r.disagrees else "",
            ])  # fmt: skip
        return len(rows)

    if isinstance(out, Path):
        with atomic_text_file(out, project=store.path) as fh:
            return write(fh)
    return write(out)
