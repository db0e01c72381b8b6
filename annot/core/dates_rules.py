"""The rules of :mod:`annot.core.dates`: each takes the cleaned expression, the publication
date and the tense around it, and returns a value, ``""`` (recognised, but no value can be
given), or None (not this rule's kind of expression)."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

from annot.core.dates_words import (
    FUTURE_REF,
    MONTHS,
    NUMBERS,
    ORDINALS,
    PAST_REF,
    PRESENT_REF,
    SEASONS,
    WEEKDAYS,
)

MONTH = "(" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
WEEKDAY = "(" + "|".join(sorted(WEEKDAYS, key=len, reverse=True)) + r")\.?"
NUM = r"(\d+|" + "|".join(sorted(NUMBERS, key=len, reverse=True)) + ")"
DAY = r"(\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(\d{4}|'\d\d)"
_PARTS_OF_DAY = r"(?:\s+(?:morning|afternoon|evening|night|noon|midday|morning trading|trading))?"

_LEADING = re.compile(
    r"^(?:(?:on|in|at|by|since|until|till|from|during|before|after|around|about|of|for|"
    r"as of|as early as|as late as|as recently as|through|throughout|to|over|within)\s+)+"
)
_MODIFIERS = re.compile(
    r"^(?:(?:the\s+)?(?:very\s+)?(?:early|earlier|mid|middle|late|later|end|start|beginning|"
    r"close|turn|middle part|latter part|first part)(?:\s+(?:part\s+)?of)?\s+)"
)


_CLOCK = re.compile(r"(?:,? at|,)? \d{1,2}(?::\d\d)?(?: ?[ap]\.?m\.?)?(?: (?:gmt|utc|[a-z]st))?$")


def clean(expression: str) -> str:
    s = expression.strip().lower().replace("\u2019", "'").replace("\u2013", "-")
    s = re.sub(r"[\s\u00a0\u202f]+", " ", s)
    s = s.strip(" .,;:!?()\"“”")
    s = re.sub(r"'s$", "", s)  # Tuesday's vote, last year's
    s = re.sub(r"\bthis past\b", "past", s)  # this past weekend
    clock = _CLOCK.search(s)
    if clock and re.search(r"[:ap]", clock[0]) and clock.start() > 0:  # "Monday at 10 a.m."
        s = s[: clock.start()]
    s = re.sub(r"(?<=[a-z])-(?=[a-z0-9])", " ", s)  # third-quarter, mid-2011, year-end
    s = re.sub(r"^mid(?=\d)", "mid ", s)
    for _ in range(3):
        before = s
        s = _LEADING.sub("", s)
        s = _MODIFIERS.sub("", s)
        if s == before:
            break
    return s.strip()


def _num(token: str) -> int:
    return int(token) if token.isdigit() else NUMBERS[token]


def _year(token: str, published: date | None) -> int:
    if token.startswith("'") or len(token) == 2:
        yy = int(token.strip("'"))
        base = published.year if published else date.today().year
        century = base - base % 100
        year = century + yy
        return year - 100 if year > base + 10 else year
    return int(token)


def _shift_month(y: int, m: int, delta: int) -> tuple[int, int]:
    total = y * 12 + (m - 1) + delta
    return total // 12, total % 12 + 1


def week(d: date) -> str:
    y, w, _ = d.isocalendar()
    return f"{y:04d}-W{w:02d}"


def _pick(candidates: list[tuple[Any, str]], now: Any, tense: str | None) -> str:
    """The candidate value whose key fits the tense: future → first ≥ now, past → last ≤ now,
    otherwise the nearest, where a later one counts twice as far: news reports mostly look
    back. Keys are comparable with ``now``."""
    candidates.sort()
    if tense == "future":
        for key, value in candidates:
            if key >= now:
                return value
    if tense == "past":
        for earlier, label in reversed(candidates):
            if earlier <= now:
                return str(label)
    best: tuple[Any, str] = min(candidates, key=lambda kv: (abs(_distance(kv[0], now)) * (2 if kv[0] > now else 1)))
    return best[1]


def _distance(a: Any, b: Any) -> float:
    if isinstance(a, date):
        return float((a - b).days)
    if isinstance(a, tuple):
        return float((a[0] - b[0]) * 12 + (a[1] - b[1]))
    return float(a - b)


# -- rules --------------------------------------------------------------------------------


def _explicit(s: str, pub: date | None, tense: str | None) -> str | None:
    m = re.fullmatch(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})", s)
    if m:
        return _ymd(int(m[1]), int(m[2]), int(m[3]))
    m = re.fullmatch(r"(\d{1,2})([/.])(\d{1,2})\2(\d{2}|\d{4})", s)
    if m:
        a, b, y = int(m[1]), int(m[3]), _year(m[4], pub)
        month, day = (a, b) if m[2] == "/" else (b, a)  # US m/d/y; European d.m.y
        if month > 12 >= day:
            month, day = day, month
        return _ymd(y, month, day)
    m = re.fullmatch(r"(\d{4})-(\d{2})", s)
    if m and 1 <= int(m[2]) <= 12:
        return f"{m[1]}-{m[2]}"
    return None


def _ymd(y: int, m: int, d: int) -> str | None:
    try:
        return date(y, m, d).isoformat()
    except ValueError:
        return None


_MONTH_FORMS = [
    re.compile(rf"(?:{WEEKDAY},? )?(?:the )?{DAY} (?:of )?{MONTH},?(?: {_YEAR})?"),
    re.compile(rf"(?:{WEEKDAY},? )?{MONTH} (?:the )?{DAY},?(?: {_YEAR})?{_PARTS_OF_DAY}"),
    re.compile(rf"(this|last|next|past|previous|coming|following)? ?{MONTH}(?:,? (?:of )?{_YEAR})?"),
    re.compile(rf"{MONTH} (?:of )?(this|last|next) year"),
]


def _month(s: str, pub: date | None, tense: str | None) -> str | None:
    m = _MONTH_FORMS[0].fullmatch(s)
    if m:
        return _month_day(MONTHS[m[3]], int(m[2]), m[4], pub, tense)
    m = _MONTH_FORMS[1].fullmatch(s)
    if m:
        return _month_day(MONTHS[m[2]], int(m[3]), m[4], pub, tense)
    m = _MONTH_FORMS[3].fullmatch(s)
    if m and pub:
        y = pub.year + {"this": 0, "last": -1, "next": 1}[m[2]]
        return f"{y:04d}-{MONTHS[m[1]]:02d}"
    m = _MONTH_FORMS[2].fullmatch(s)
    if not m:
        return None
    month = MONTHS[m[2]]
    if m[3]:
        return f"{_year(m[3], pub):04d}-{month:02d}"
    if pub is None:
        return ""
    if m[1] in ("last", "past", "previous"):
        tense = "past_strict"
    elif m[1] in ("next", "coming", "following"):
        tense = "future_strict"
    elif m[1] == "this":
        return f"{pub.year:04d}-{month:02d}"
    now = (pub.year, pub.month)
    cands = [((y, month), f"{y:04d}-{month:02d}") for y in (pub.year - 1, pub.year, pub.year + 1)]
    if tense == "past_strict":
        return max(v for k, v in cands if k < now)
    if tense == "future_strict":
        return min(v for k, v in cands if k > now)
    return _pick(cands, now, tense)


def _month_day(month: int, day: int, year: str | None, pub: date | None, tense: str | None) -> str | None:
    if year:
        return _ymd(_year(year, pub), month, day)
    if pub is None:
        return ""
    cands = []
    for y in (pub.year - 1, pub.year, pub.year + 1):
        value = _ymd(y, month, day)
        if value:
            cands.append((date.fromisoformat(value), value))
    return _pick(cands, pub, tense) if cands else None


def _day_of_month(s: str, pub: date | None, tense: str | None) -> str | None:
    """"the 29th": that day of the publication month, the month before or after (tense)."""
    m = re.fullmatch(r"the (\d{1,2})(?:st|nd|rd|th)", s)
    if not m:
        return None
    if pub is None:
        return ""
    cands = []
    for step in (-1, 0, 1):
        value = _ymd(*_shift_month(pub.year, pub.month, step), int(m[1]))
        if value:
            cands.append((date.fromisoformat(value), value))
    return _pick(cands, pub, tense) if cands else None


_WEEKDAY_FORM = re.compile(rf"(last|next|this|coming|past|previous|following)? ?{WEEKDAY}{_PARTS_OF_DAY}")


def _weekday(s: str, pub: date | None, tense: str | None) -> str | None:
    m = _WEEKDAY_FORM.fullmatch(s)
    if not m:
        return None
    if pub is None:
        return ""
    target = WEEKDAYS[m[2]]
    back = (pub.weekday() - target) % 7  # days back to the latest such day (0 = today)
    word = m[1]
    if word in ("last", "past", "previous"):
        delta = -(back or 7)
    elif word in ("next", "coming", "following"):
        delta = (7 - back) % 7 or 7
    elif back == 0:
        delta = 0  # "on Monday" in a Monday report: that day
    elif tense == "future":
        delta = 7 - back
    else:
        delta = -back
    return (pub + timedelta(days=delta)).isoformat()


_DEICTIC_DAYS = {
    "today": 0, "tonight": 0, "this morning": 0, "this afternoon": 0, "this evening": 0,
    "yesterday": -1, "last night": -1, "yesterday morning": -1, "yesterday afternoon": -1,
    "yesterday evening": -1, "tomorrow": 1, "tomorrow morning": 1, "tomorrow evening": 1,
    "the day before yesterday": -2, "the day after tomorrow": 2, "today's": 0,
    "yesterday's": -1, "tomorrow's": 1,
}  # fmt: skip

_UNIT_WORDS = {
    "last": -1, "past": -1, "previous": -1, "prior": -1, "preceding": -1, "latest": -1,
    "most recent": -1,
    "this": 0, "current": 0, "present": 0, "same": 0,
    "next": 1, "coming": 1, "following": 1, "upcoming": 1,
}  # fmt: skip
_UNIT_FORM = re.compile(
    r"(?:the )?(last|past|previous|prior|preceding|latest|most recent|this|current|present|next|coming|following|upcoming)"
    r" (week|weekend|month|year|quarter|decade|century|fiscal year|financial year|half)"
    r"|(?:the )?(week|weekend|month|year|decade) (?:before|previous|earlier|after|later)"
)


def _unit(s: str, pub: date | None, tense: str | None) -> str | None:
    if s in _DEICTIC_DAYS:
        return (pub + timedelta(days=_DEICTIC_DAYS[s])).isoformat() if pub else ""
    m = _UNIT_FORM.fullmatch(s)
    if s in ("the weekend", "weekend"):  # on a weekday, with past words: the one before
        past = tense == "past" and pub is not None and pub.weekday() < 5
        m, step, unit = None, -1 if past else 0, "weekend"
    elif s in ("the week", "week", "the month", "the year", "the decade", "the century"):
        m, step, unit = None, 0, s.removeprefix("the ")
    elif m and m[1]:
        step, unit = _UNIT_WORDS[m[1]], m[2]
    elif m:
        step = -1 if re.search(r"before|previous|earlier", s) else 1
        unit = m[3]
    else:
        return None
    if pub is None:
        return ""
    return shift(unit, step, pub)


def shift(unit: str, step: int, pub: date) -> str:
    if unit == "week":
        return week(pub + timedelta(weeks=step))
    if unit == "weekend":
        return week(pub + timedelta(weeks=step)) + "-WE"
    if unit == "month":
        y, m = _shift_month(pub.year, pub.month, step)
        return f"{y:04d}-{m:02d}"
    if unit == "quarter":
        q = pub.year * 4 + (pub.month - 1) // 3 + step
        return f"{q // 4:04d}-Q{q % 4 + 1}"
    if unit == "half":
        h = pub.year * 2 + (pub.month - 1) // 6 + step
        return f"{h // 2:04d}-H{h % 2 + 1}"
    if unit == "decade":
        return f"{pub.year // 10 + step:03d}"
    if unit == "century":
        return f"{pub.year // 100 + step:02d}"
    return f"{pub.year + step:04d}"  # year, fiscal/financial year (calendar year as best guess)


_AGO = re.compile(rf"{NUM} (day|week|month|year|decade|century|centurie)s? (ago|back|from now|hence)")


def _ago(s: str, pub: date | None, tense: str | None) -> str | None:
    m = _AGO.fullmatch(s)
    if not m:
        return None
    if pub is None:
        return ""
    return count_from(pub, _num(m[1]) * (1 if m[3] in ("from now", "hence") else -1), m[2])


def count_from(pub: date, n: int, unit: str) -> str:
    """``n`` units (day, week, month, year, decade) after ``pub`` (before it when negative),
    at the unit's granularity (weeks count in days)."""
    if unit == "day":
        return (pub + timedelta(days=n)).isoformat()
    if unit == "week":
        return (pub + timedelta(weeks=n)).isoformat()
    if unit == "month":
        y, mo = _shift_month(pub.year, pub.month, n)
        return f"{y:04d}-{mo:02d}"
    if unit == "decade":
        return f"{(pub.year + 10 * n) // 10:03d}"
    if unit.startswith("centur"):
        return f"{(pub.year + 100 * n) // 100:02d}"
    return f"{pub.year + n:04d}"


_QUARTER = re.compile(
    r"(?:the )?(?:(first|second|third|fourth|final|last|1st|2nd|3rd|4th)(?: fiscal| financial| calendar)?"
    r" (quarter|half)|q([1-4])|h([12]))"
    rf"(?:,? (?:of )?(?:{_YEAR}|(this|last|next|the previous|the current|the same) year))?(?: results| earnings)?"
)


def _quarter(s: str, pub: date | None, tense: str | None) -> str | None:
    m = _QUARTER.fullmatch(s)
    if not m:
        return None
    if m[1]:
        kind = "Q" if m[2] == "quarter" else "H"
        n = ORDINALS[m[1]]
    else:
        kind, n = ("Q", int(m[3])) if m[3] else ("H", int(m[4]))
    per_year = 4 if kind == "Q" else 2
    if m[5]:
        return f"{_year(m[5], pub):04d}-{kind}{n if n > 0 else per_year}"
    if pub is None:
        return ""
    if m[6]:
        y = pub.year + {"last": -1, "the previous": -1, "next": 1}.get(m[6], 0)
        return f"{y:04d}-{kind}{n if n > 0 else per_year}"
    if n < 0:  # "the last quarter": the one before the current
        return shift("quarter" if kind == "Q" else "half", -1, pub)
    now = (pub.year, (pub.month - 1) * per_year // 12 + 1)
    cands = [((y, n), f"{y:04d}-{kind}{n}") for y in (pub.year - 1, pub.year, pub.year + 1)]
    return _pick(cands, now, tense)


_SEASON = re.compile(
    rf"(?:the )?(this|last|next|past|coming|previous|following)? ?(spring|summer|autumn|fall|winter)(?:,? (?:of )?{_YEAR})?"
)


def _season(s: str, pub: date | None, tense: str | None) -> str | None:
    """Seasons are meteorological: spring from March, summer from June, autumn from
    September, winter from December (December Y – February Y+1 is ``Y-WI``)."""
    m = _SEASON.fullmatch(s)
    if not m:
        return None
    code = SEASONS[m[2]]
    if m[3]:
        return f"{_year(m[3], pub):04d}-{code}"
    if pub is None:
        return ""
    first = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}[code]
    now = (pub.year, pub.month)
    spans = [((y, first), _shift_month(y, first, 2), f"{y:04d}-{code}") for y in range(pub.year - 2, pub.year + 2)]
    word = m[1]
    if word in ("last", "past", "previous"):
        return max(v for start, end, v in spans if end < now)
    if word in ("next", "coming", "following"):
        return min(v for start, end, v in spans if start > now)
    for start, end, v in spans:
        if start <= now <= end:
            return v
    if word == "this":
        return f"{pub.year:04d}-{code}"
    return _pick([(_shift_month(*start, 1), v) for start, _end, v in spans], now, tense)


_DECADE = re.compile(r"(?:the )?(?:(\d{3})0|'?(\d)0)'?s|(?:the )?(\d{2})(?:st|nd|rd|th) century")
_DECADE_WORDS = {"twenties": 2, "thirties": 3, "forties": 4, "fifties": 5, "sixties": 6,
                 "seventies": 7, "eighties": 8, "nineties": 9}  # fmt: skip


def _decade(s: str, pub: date | None, tense: str | None) -> str | None:
    m = _DECADE.fullmatch(s)
    w = re.fullmatch(r"(?:the )?(" + "|".join(_DECADE_WORDS) + ")", s)
    if not m and not w:
        return None
    if m and m[1]:
        digits = m[1]
        if digits.endswith("0") and int(digits) < 200:  # the 1800s, the 1900s: a century
            return digits[:2]
        return digits
    if m and m[3]:
        return f"{int(m[3]) - 1:02d}"
    d = int(m[2]) if m else _DECADE_WORDS[w[1] if w else ""]
    base = pub.year if pub else 2000
    decade = (base // 100) * 10 + d
    return f"{decade - 10 if decade * 10 > base else decade:03d}"


def _year_only(s: str, pub: date | None, tense: str | None) -> str | None:
    m = re.fullmatch(r"(?:the )?(?:(calendar|fiscal|financial|model|school) )?(?:year )?(\d{4}|'\d\d)", s)
    if not m:
        return None
    y = _year(m[2], pub)
    if not 1000 <= y <= 2999:
        return None
    return f"FY{y:04d}" if m[1] in ("fiscal", "financial") else f"{y:04d}"  # TIMEX3: FY1989


def _week_of(s: str, pub: date | None, tense: str | None) -> str | None:
    m = re.fullmatch(rf"(?:the )?week (\d{{1,2}})(?:,? (?:of )?{_YEAR})?", s)
    if m and 1 <= int(m[1]) <= 53:
        y = _year(m[2], pub) if m[2] else pub.year if pub else None
        return f"{y:04d}-W{int(m[1]):02d}" if y else ""
    m = re.fullmatch(rf"(?:the )?(first|second|third|fourth|last|final) week (?:of|in) {MONTH}(?: {_YEAR})?", s)
    if not m:
        return None
    month = MONTHS[m[2]]
    if m[3]:
        y = _year(m[3], pub)
    elif pub is None:
        return ""
    else:
        y = int(_pick([((yy, month), str(yy)) for yy in (pub.year - 1, pub.year, pub.year + 1)],
                      (pub.year, pub.month), tense))
    n = ORDINALS[m[1]]
    if n < 0:
        last_day = date(*_shift_month(y, month, 1), 1) - timedelta(days=1)
        return week(last_day - timedelta(days=3))
    return week(date(y, month, 1) + timedelta(days=3 + 7 * (n - 1)))


_DURATION = re.compile(
    rf"(?:(?:over|more than|less than|nearly|almost|about|some|at least|up to|the past|the last|the next|the first|the previous)\s+)?"
    rf"(?:{NUM}|a few|several|many|a couple of|a|an)\s+(?:straight |consecutive |full |more )?"
    r"(?:second|minute|hour|day|week|month|quarter|year|decade|century|centuries|session|trading day)s?"
    r"(?: long| running| in a row)?"
)


def _vague(s: str, pub: date | None, tense: str | None) -> str | None:
    if s in PRESENT_REF:
        return "PRESENT_REF"
    if s in PAST_REF:
        return "PAST_REF"
    if s in FUTURE_REF:
        return "FUTURE_REF"
    if _DURATION.fullmatch(s):
        return ""
    return None


RULES = (_explicit, _month, _day_of_month, _weekday, _unit, _ago, _quarter, _season, _decade, _year_only,
          _week_of, _vague)  # fmt: skip

