"""Placing a CSV row by its ``quote`` column when its offsets do not hold that quote (the
same-titled document in this project differs from the one annotated).

The offsets are trusted when the text there is the quote. Otherwise the quote is looked
for everywhere: a single occurrence is taken; among several, the one whose surroundings
match the row's ``context_before``/``context_after`` best, or else the nearest one when it
is close to the given offsets and nearer than any other. Anything else is refused: a row
is never guessed onto the wrong words.
"""

from __future__ import annotations

NEAR = 1000  # characters: how far from its offsets a quote may have moved to be "near"
MAX_OCCURRENCES = 10_000


def _shown(quote: str) -> str:
    return repr(quote if len(quote) <= 40 else quote[:40] + "…")


def _context(text: str, at: int, end: int, before: str, after: str) -> int:
    """How many characters of the recorded context surround ``text[at:end]``."""
    n = 0
    left = text[max(0, at - len(before)) : at]
    for x, y in zip(reversed(left), reversed(before)):  # noqa: B905 - lengths may differ
        if x != y:
            break
        n += 1
    for x, y in zip(text[end : end + len(after)], after):  # noqa: B905
        if x != y:
            break
        n += 1
    return n


def place_quote(
    text: str, quote: str, start: int, end: int, before: str = "", after: str = ""
) -> tuple[int, int] | str:
    """Where ``quote`` is in ``text`` for a row that gave ``start``-``end``: the offsets,
    or a message saying why the row cannot be placed."""
    if 0 <= start < end <= len(text) and text[start:end] == quote:
        return start, end
    hits: list[int] = []
    at = text.find(quote)
    while at >= 0 and len(hits) < MAX_OCCURRENCES:
        hits.append(at)
        at = text.find(quote, at + 1)
    if not hits:
        return (
            f"the quote {_shown(quote)} is not in the document's text (this project's"
            " document differs from the one that was annotated)"
        )
    if len(hits) == 1:
        return hits[0], hits[0] + len(quote)
    top = hits
    if before or after:
        scores = {h: _context(text, h, h + len(quote), before, after) for h in hits}
        best = max(scores.values())
        top = [h for h in hits if scores[h] == best]
        if len(top) == 1 and best > 0:
            return top[0], top[0] + len(quote)
    top.sort(key=lambda h: abs(h - start))
    nearest = abs(top[0] - start)
    if nearest <= NEAR and (len(top) == 1 or abs(top[1] - start) > nearest):
        return top[0], top[0] + len(quote)
    return (
        f"the quote {_shown(quote)} is not at {start}-{end} and occurs {len(hits)} times in the"
        " document's text, none near those offsets: annot cannot tell which one is meant"
    )
