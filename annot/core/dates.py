"""Normalise a date expression to a TIMEX3-style value, relative to the publication date.

    normalise("on Saturday", date(2025, 9, 29), "Talks ended on Saturday.")  -> "2025-09-27"

Values: ``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD``, ``YYYY-Www`` (ISO week), ``YYYY-Www-WE``,
``YYYY-Qn``, ``YYYY-Hn``, seasons ``YYYY-SP|SU|FA|WI``, decades ``YYY``, centuries ``YY``,
``PRESENT_REF`` / ``PAST_REF`` / ``FUTURE_REF`` for vague references, and ``""`` when none
applies (a duration such as "six years", or not a date at all).

General rules, in this order (the first that matches wins):

- explicit dates (``March 1, 2008``, ``7/8/07``, ``29.09.2025``, ``2008-03-01``) as written;
- a date that names no year (``June 18``, ``October``, ``last summer``, ``the fourth
  quarter``) takes the year that fits the tense of the words around it: future ("will",
  "next", "expected") → the first such date on or after publication; past ("said", "-ed",
  "was") → the last on or before it; no tense → the nearest of the two;
- a weekday is the publication day when it names the publication's weekday (news style:
  "on Monday" in a Monday report); otherwise the previous such day, or the next one when the
  tense is future; "last"/"next" force the direction;
- relative units ("last month", "next week", "two years ago", "the past decade") count from
  the publication date; "early/mid/late", "the start/end of" are dropped (TIMEX3 keeps them
  as a modifier, not in the value);
- anything else falls back to dateparser with the publication date as base.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from functools import lru_cache
from typing import Any

from annot.core.dates_rules import DAY, MONTH, NUM, RULES, WEEKDAY, clean, count_from, week
from annot.core.dates_words import NUMBERS as _NUMBERS
from annot.core.dates_words import tense_at

__all__ = ["normalise", "normalise_in_text"]

_SAME_DAY = re.compile(r"(?:the|that) (?:same )?day|(?:the )?(next|following|previous) day|the day (before|after)")
_SAME_PERIOD = re.compile(r"(?:that|the same) (year|month)")
_RELATIVE = re.compile(rf"{NUM} (day|week|month|year|decade)s? (later|afterwards|earlier|after|before)")
_GRANULARITY = {"day": 10, "week": 10, "month": 7, "year": 4, "decade": 4}
_CALENDAR = re.compile(r"\d{4}(?:-\d{2}(?:-\d{2})?)?")


def normalise(expression: str, published: date | None, context: str = "", *, at: int | None = None) -> str:
    """The TIMEX3-style value of ``expression`` (see the module doc), or ``""``.

    ``context`` is the text around the expression (its sentence, possibly with the text
    before it); it decides the tense ("will", "next" → future) and lets "the same day",
    "that year" or "two days later" refer back to the last date named before it. ``at`` is
    the expression's offset in ``context`` (default: its first occurrence)."""
    s = clean(expression)
    if not s:
        return ""
    if at is None:
        found = context.find(expression)
        at = found if found >= 0 else len(context)
    tense = tense_at(context, at, at + len(expression)) if context else None
    for rule in RULES:
        value = rule(s, published, tense)
        if value is not None:
            return value
    anaphoric = _anaphoric(s, published, context[:at])
    return anaphoric if anaphoric is not None else _fallback(s, published, tense)


def _anaphoric(s: str, published: date | None, before: str) -> str | None:
    """Expressions counted from the last date named before them, or None if ``s`` is not one."""
    m = _SAME_DAY.fullmatch(s)
    if m:
        anchor = _antecedent(before, published, 10)
        day = date.fromisoformat(anchor) if anchor else published  # "the day": the report's
        if day is None:
            return ""
        step = 1 if (m[1] in ("next", "following") or m[2] == "after") else -1 if (m[1] or m[2]) else 0
        return (day + timedelta(days=step)).isoformat()
    m = _SAME_PERIOD.fullmatch(s)
    if m:
        size = 4 if m[1] == "year" else 7
        anchor = _antecedent(before, published, size)
        return anchor[:size] if anchor else ""
    m = _RELATIVE.fullmatch(s)
    if m:  # "two days later": after the date named before, not after the report
        anchor = _antecedent(before, published, _GRANULARITY[m[2]])
        if m[3] in ("after", "before"):  # "two years after joining": counted from an event
            return ""
        if not anchor and m[3] == "earlier" and published:  # "a year earlier": than the report
            anchor = published.isoformat()
        if not anchor:
            return ""
        n = _NUMBERS[m[1]] if m[1] in _NUMBERS else int(m[1])
        start = date.fromisoformat({4: f"{anchor}-01-01", 7: f"{anchor}-01"}.get(len(anchor), anchor))
        return count_from(start, n if m[3] in ("later", "afterwards") else -n, m[2])
    return None


def _antecedent(before: str, published: date | None, size: int) -> str | None:
    """The last date named in ``before`` whose value has at least ``size`` characters
    (10: a day, 7: a month, 4: a year)."""
    pattern = (rf"\b(?:{WEEKDAY}|today|yesterday|tomorrow|{MONTH} {DAY}(?:,? \d{{4}})?"
               rf"|{DAY} {MONTH}(?: \d{{4}})?|{MONTH},? \d{{4}}|(?:1[89]|20)\d\d)\b")  # fmt: skip
    for m in reversed(list(re.finditer(pattern, before, flags=re.IGNORECASE))):
        value = normalise(m[0], published, before, at=m.start())
        if _CALENDAR.fullmatch(value) and len(value) >= size:
            return value
    return None


_SENTENCE_END = re.compile(r"[.!?](?:\s|$)|\n")
_SENTENCE_MAX = 2000  # characters: far longer than any sentence a date expression sits in


def normalise_in_text(text: str, start: int, end: int, published: date | None) -> str:
    """``normalise`` for the span ``text[start:end]``, with its sentence (and the sentences
    before it in the same paragraph) as context."""
    # the sentence's end, looked for within the next _SENTENCE_MAX characters only (without a
    # bound, a text with no full stop was scanned to its end for every span: 0.17 ms each)
    limit = min(len(text), end + _SENTENCE_MAX)
    sentence_end = _SENTENCE_END.search(text, end, limit)
    stop = sentence_end.start() + 1 if sentence_end else limit
    context_start = max(0, start - 600)
    context = text[context_start:stop]
    return normalise(text[start:end], published, context, at=start - context_start)


# -- fallback -----------------------------------------------------------------------------


def _fallback(s: str, published: date | None, tense: str | None) -> str:
    if published is None or len(s) > 60 or not re.search(r"[a-z]", s):
        return ""  # a long span is no date expression dateparser would read right
    parser = _dateparser(published, tense == "future")
    if parser is None:
        return ""
    data = parser.get_date_data(s)
    if data is None or data.date_obj is None:
        return ""
    dt, period = data.date_obj, data.period
    if period == "week":
        return week(dt.date())
    if period == "month":
        return f"{dt.year:04d}-{dt.month:02d}"
    if period == "year":
        return f"{dt.year:04d}"
    return str(dt.date().isoformat())


@lru_cache(maxsize=64)
def _dateparser(published: date, future: bool) -> Any:
    try:
        import warnings

        warnings.filterwarnings("ignore", module="dateparser")
        from dateparser.date import DateDataParser
    except ImportError:  # pragma: no cover - dateparser is a dependency
        return None
    from datetime import datetime

    base = datetime(published.year, published.month, published.day, 12)
    return DateDataParser(
        languages=["en"],
        settings={"RELATIVE_BASE": base, "PREFER_DATES_FROM": "future" if future else "past"},
    )
