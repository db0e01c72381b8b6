"""Normalised values of date spans: suggested on creation, confirmed when edited.

Every span whose tag has the date role gets a TIMEX3-style value (``annot.core.dates``),
computed from its text and sentence relative to its document's publication date, with the
status ``suggested``. Editing it (:class:`SetDateValue`, one undo step) makes it
``confirmed``. Values are kept by the annotation's UUID, so they travel with it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from annot.core.errors import NotFound, ValidationError
from annot.core.model import AnnotationId, Changes, DocumentId, Role
from annot.core.store import Store
from annot.core.store.values import DateValueRow

SUGGESTED = "suggested"
CONFIRMED = "confirmed"

# What a value may look like (TIMEX3 DATE values, as annot.core.dates writes them).
VALUE = re.compile(
    r"\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?|-W(0[1-9]|[1-4]\d|5[0-3])(-WE)?"
    r"|-Q[1-4]|-H[12]|-(SP|SU|FA|WI))?|\d{2,3}|PRESENT_REF|PAST_REF|FUTURE_REF"
)


def _published(value: str) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def date_words() -> set[str]:
    """The words dates are made of (lower case; a few hold an apostrophe or a digit)."""
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

    words = set(MONTHS) | set(WEEKDAYS) | set(SEASONS) | set(ORDINALS)
    words |= {w for w in NUMBERS if " " not in w and w not in ("a", "an")}
    glue = {"the", "a", "an", "in", "at", "of", "to", "on", "and", "for", "down", "road", "being",
            "just", "right", "this", "world", "ahead", "due", "course", "old", "some", "while"}  # fmt: skip
    for phrase in PRESENT_REF | PAST_REF | FUTURE_REF:
        parts = phrase.split()
        words.update(parts if len(parts) == 1 else [w for w in parts if w not in glue])
    words |= {
        "today", "tonight", "tomorrow", "yesterday", "now", "ago", "day", "days", "week", "weeks",
        "weekend", "weekends", "month", "months", "year", "years", "decade", "decades", "century",
        "centuries", "quarter", "quarters", "half", "morning", "afternoon", "evening", "night",
        "noon", "midnight", "fortnight", "last", "next", "this", "previous", "coming", "same",
        "following", "earlier", "later", "early", "mid", "late", "end", "beginning", "start",
        "dawn", "eve", "era", "period", "time", "times", "date", "season", "seasons", "annual",
        "daily", "weekly", "monthly", "yearly", "hour", "hours", "minute", "minutes", "christmas",
        "easter", "new", "fiscal", "calendar", "spring", "autumn", "fall", "winter", "summer",
    }  # fmt: skip
    return {w.lower() for w in words if w}


def date_words_pattern(words: set[str]) -> re.Pattern[str]:
    """A digit, or one of ``words`` standing alone (no letter a-z either side), any case."""
    alternatives = "|".join(sorted((re.escape(w) for w in words), key=len, reverse=True))
    return re.compile(rf"\d|(?<![a-z])(?:{alternatives})(?![a-z])", re.IGNORECASE)


class _DateWords:
    """:func:`date_words_pattern` of the date words, found without trying every word at
    every position: a word of letters stands alone exactly when it is a whole run of
    letters a-z (in re's own case-insensitive sense, as the pattern's lookarounds), so each
    run is looked up in a set. A word with a digit stands alone only where a digit is, one
    like "today's" only where its first run does ("today") when that is a date word too;
    any other word is searched for by the pattern itself."""

    def __init__(self) -> None:
        words = date_words()
        self.words = frozenset(w for w in words if w.isalpha() and w.isascii())
        rest = {w for w in words - self.words if not any(c.isdigit() for c in w) and not _led_by(w, self.words)}
        self.rest = date_words_pattern(rest) if rest else None
        # a run with a letter outside ASCII that re counts as a-z ignoring case (the Kelvin
        # sign, ...) is matched by re itself
        self.whole = re.compile(rf"(?:{'|'.join(sorted(self.words))})", re.IGNORECASE)
        self.digit = re.compile(r"\d")
        self.runs = re.compile(r"[a-z]+", re.IGNORECASE)

    def search(self, quote: str) -> bool:
        if self.digit.search(quote) is not None:
            return True
        runs = self.runs.findall(quote)
        if "".join(runs).isascii():  # no letter folded to a-z (the Kelvin sign, ...)
            found = not self.words.isdisjoint(map(str.lower, runs))
        else:
            found = any(
                run.lower() in self.words if run.isascii() else self.whole.fullmatch(run) is not None
                for run in runs
            )
        return found or (self.rest is not None and self.rest.search(quote) is not None)


def _led_by(word: str, words: frozenset[str]) -> bool:
    """Whether ``word`` starts with a run of letters that is in ``words`` and is followed
    by a character that is not a letter a-z (so the run stands alone wherever it does)."""
    run = re.match(r"[a-z]+", word)
    return run is not None and run.group() in words and not re.match(r"[a-z]", word[run.end() :], re.IGNORECASE)


_DATE_WORDS: _DateWords | None = None


def could_be_date(quote: str) -> bool:
    """Whether ``quote`` holds a digit or a word dates are made of; a span without any (a
    name, a sentence) has no value, and is not handed to the slow parser fallback."""
    global _DATE_WORDS
    if _DATE_WORDS is None:
        _DATE_WORDS = _DateWords()
    return _DATE_WORDS.search(quote)


def suggest_values(
    store: Store, spans: Sequence[tuple[str, int, int, int]], *, replace: bool = False
) -> list[DateValueRow]:
    """Compute and store suggested values for ``spans`` ((id, document, start, end)).
    A stored value is kept unless ``replace``. Returns the rows computed."""
    from annot.core.annotations import now
    from annot.core.dates import normalise_in_text

    stamp = now()
    rows: list[tuple[str, str, str, str]] = []
    doc_id, text, published = -1, "", None
    for ann_id, document_id, start, end in spans:
        if document_id != doc_id:
            doc_id = document_id
            text = store.document_text(DocumentId(document_id))
            published = _published(store.document_info(DocumentId(document_id)).published)
        value = normalise_in_text(text, start, end, published) if could_be_date(text[start:end]) else ""
        rows.append((ann_id, value, SUGGESTED, stamp))
    store.put_date_values(rows, keep_existing=not replace)
    return rows


def suggest_missing(store: Store, ids: Sequence[str] | None = None) -> list[DateValueRow]:
    """Suggest a value for every date span (among ``ids``, or all) that has none; returns
    the rows written."""
    return suggest_values(store, store.date_spans_without_value(ids))


@dataclass
class Suggested:
    """The values a command that creates spans suggested for them (undo and redo replay
    the rows History logged)."""

    rows: list[DateValueRow] | None = None

    def apply(self, store: Store, ids: Sequence[str]) -> None:
        if self.rows is None:
            self.rows = suggest_missing(store, ids)
        else:
            store.put_date_values(self.rows)


@dataclass
class Moved:
    """The suggested values of documents whose publication date changed, before and after
    (undo and redo replay the rows History logged)."""

    before: list[DateValueRow] = field(default_factory=list)
    after: list[DateValueRow] | None = None

    def apply(self, store: Store, document_ids: Sequence[int]) -> None:
        if not document_ids:
            return
        if self.after is None:
            spans = store.suggested_date_spans(document_ids)
            self.before = store.date_value_rows_of([s[0] for s in spans])
            self.after = resuggest(store, document_ids)
        else:
            store.put_date_values(self.after)


def resuggest(store: Store, document_ids: Sequence[int]) -> list[DateValueRow]:
    """Suggest again the values still only suggested in these documents (after their
    publication date changed); confirmed values are kept."""
    return suggest_values(store, sorted(store.suggested_date_spans(document_ids), key=lambda r: r[1]), replace=True)


@dataclass
class SetDateValue:
    """Set (confirm) the value of a date span: one undo step."""

    id: AnnotationId
    value: str
    _before: tuple[str, str] | None = field(default=None, init=False)
    _rows: tuple[list[DateValueRow], DateValueRow] | None = field(default=None, init=False)
    _document: int = field(default=0, init=False)

    @property
    def label(self) -> str:
        return "Set date value"

    def apply(self, store: Store) -> Changes:
        value = self.value.strip()
        if not self._document:
            try:
                ann = store.annotation(self.id)
            except NotFound as exc:
                raise ValidationError(f"cannot set the date value: {exc.message}") from exc
            if store.tag(ann.tag_id).role != Role.DATE:
                raise ValidationError("only a date span has a date value")
            if value and not VALUE.fullmatch(value):
                raise ValidationError(
                    f"{value!r} is not a date value (YYYY, YYYY-MM, YYYY-MM-DD, YYYY-Www,"
                    " YYYY-Qn, YYYY-SU…, a decade such as 199, PAST_REF; empty for none)"
                )
            self._before = store.date_value(self.id)
            if self._before == (value, CONFIRMED):
                raise ValidationError("nothing to change")
            self._document = ann.document_id
            from annot.core.annotations import now

            self._rows = (store.date_value_rows_of([self.id]), (self.id, value, CONFIRMED, now()))
        assert self._rows is not None
        store.put_date_values([self._rows[1]])
        return Changes(annotations=frozenset({DocumentId(self._document)}))
