"""Word lists for :mod:`annot.core.dates` and the tense of the words around an expression."""

from __future__ import annotations

import re

MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip

WEEKDAYS = {
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5,
    "sunday": 6, "mon": 0, "tue": 1, "tues": 1, "wed": 2, "thu": 3, "thur": 3, "thurs": 3,
    "fri": 4, "sat": 5, "sun": 6,
}  # fmt: skip

NUMBERS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
    "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
    "a hundred": 100, "a couple of": 2, "a few": 3,
}  # fmt: skip

ORDINALS = {
    "first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4,
    "final": -1, "last": -1,
}  # fmt: skip

SEASONS = {"spring": "SP", "summer": "SU", "autumn": "FA", "fall": "FA", "winter": "WI"}

PRESENT_REF = frozenset({
    "now", "right now", "just now", "currently", "current", "at present", "present",
    "presently", "nowadays", "these days", "the time being", "the moment", "this time",
    "the present", "at the moment", "today's world", "ongoing", "at this time",
    "the present time", "the current period", "modern times",
})  # fmt: skip
PAST_REF = frozenset({
    "recently", "recent", "the past", "past", "previously", "formerly", "once", "history",
    "in the past", "earlier", "before", "lately", "the recent past", "recent years",
    "recent months", "recent weeks", "recent days", "the old days", "years ago", "long ago",
    "some time ago", "a while ago", "the previous", "former times", "more recently",
    "in recent years", "in recent months", "recent history",
})  # fmt: skip
FUTURE_REF = frozenset({
    "the future", "future", "soon", "very soon", "shortly", "later", "the near future",
    "the long term", "the short term", "the near term", "the medium term", "long term",
    "short term", "near term", "medium term", "the coming years", "the coming months",
    "the coming weeks", "the coming days", "coming years", "coming months", "eventually",
    "in the future", "in due course", "upcoming", "the years ahead", "the months ahead",
    "later on", "down the road",
})  # fmt: skip

_FUTURE = frozenset({
    "will", "'ll", "ll", "shall", "would", "wo", "going", "expected", "expects", "expect",
    "plans", "plan", "planned", "planning", "scheduled", "due", "upcoming", "coming", "next",
    "intends", "intend", "aims", "hopes", "forecast", "forecasts", "predicted", "predicts",
    "tomorrow", "until", "later", "soon", "anticipated", "projected", "set", "slated", "may",
    "might", "should",
})  # fmt: skip
_PAST = frozenset({
    "was", "were", "had", "did", "said", "ago", "last", "yesterday", "earlier", "previously",
    "rose", "fell", "grew", "went", "came", "made", "took", "gave", "told", "saw", "began",
    "became", "won", "lost", "sold", "bought", "held", "met", "left", "paid", "kept", "led",
    "brought", "thought", "spoke", "wrote", "ran", "sank", "shrank", "slid", "struck",
    "fought", "got", "found", "felt", "sent", "spent", "built", "chose", "drove", "flew",
    "knew", "shook", "hit", "unveiled", "since", "tumbled", "plunged", "dropped", "rallied",
})  # fmt: skip
_NOT_PAST_ED = frozenset({
    "need", "needed", "based", "red", "bed", "indeed", "feed", "speed", "seed", "hundred",
    "united", "limited", "related", "proposed", "supposed", "unexpected", "unprecedented",
    "detailed", "advanced", "listed", "used", "interested", "concerned", "embed", "shed",
    "weed", "creed", "greed", "breed", "exceed", "proceed", "succeed",
})  # fmt: skip
_WORD = re.compile(r"[A-Za-z]+(?:'[a-z]+)?|'ll|[.;!?](?=\s|$)|\n")
_WINDOW = 12  # words on either side of the expression


def _word_tense(word: str) -> str | None:
    w = word.lower()
    if w.endswith("'ll") or w in _FUTURE:
        return "future"
    if w in _PAST or (len(w) > 4 and w.endswith("ed") and w not in _NOT_PAST_ED):
        return "past"
    return None


def tense_at(context: str, start: int, end: int) -> str | None:
    """"future", "past" or None: the nearest tense marker to ``context[start:end]``, first
    looking back within its sentence, then forward."""
    before = _WORD.findall(context[:start])[-_WINDOW:]
    for i in range(len(before) - 1, -1, -1):
        found = _tense_of(before, i)
        if found == "stop":
            break
        if found:
            return found
    after = _WORD.findall(context[end:])[:_WINDOW]
    for i in range(len(after)):
        found = _tense_of(after, i)
        if found == "stop":
            break
        if found:
            return found
    return None


def _tense_of(words: list[str], i: int) -> str | None:
    word = words[i].lower()
    if word in ".;!?\n":
        return "stop"
    previous = words[i - 1].lower() if i > 0 else ""
    if word == "be" and previous == "to":  # "an event to be held on October 12"
        return "future"
    found = _word_tense(word)
    if found == "past" and previous in ("be", "been", "being"):
        return None  # a participle: the tense is that of the auxiliary before it
    return found
